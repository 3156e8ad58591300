"""Issue 15 item 8: a paper dated in the future is named, on the map page and by the command."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.dates import future_note, future_papers

TODAY = dt.date(2026, 6, 15)


def frame(rows: list[tuple[str, object, object]]) -> pd.DataFrame:
    papers = pd.DataFrame(rows, columns=["paperId", "year", "publicationDate"])
    papers["title"] = "Paper " + papers["paperId"]
    papers["year"] = papers["year"].astype("Int64")
    return papers.set_index("paperId")


def test_the_date_decides_and_the_year_only_without_one() -> None:
    papers = frame(
        [
            ("past", 2020, "2020-03-01"),
            ("later-this-year", 2026, "2026-11-02"),  # the year is not ahead, the date is
            ("next-year", 2027, None),
            ("typo", 2030, None),
            ("undated", None, None),
            ("today", 2026, "2026-06-15"),
        ]
    )
    ahead = future_papers(papers, TODAY)
    assert list(ahead.index) == ["typo", "next-year", "later-this-year"]
    note = future_note(papers, TODAY)
    assert note.startswith("3 papers are dated in the future (2030: 'Paper typo' typo)")
    assert future_note(frame([("past", 2020, "2020-03-01")]), TODAY) == ""


def test_the_map_names_a_paper_dated_in_2999(hostile_db, tmp_path: Path) -> None:
    db, seed = hostile_db
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE papers SET year = 2999, publicationDate = '2999-01-01', title = 'Ahead' "
            "WHERE paperId = ?",
            (seed,),
        )
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["map", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Note: 1 paper is dated in the future (2999: 'Ahead' {seed})" in result.stderr
    html = out.read_text("utf-8")
    data = json.loads(
        re.search(r'<script type="application/json" id="mm-data">(.*?)</script>', html, re.S)[1]
    )
    assert data["dates"].startswith("1 paper is dated in the future (2999")
    plain = CliRunner().invoke(main, ["map", "--db", str(db), "--out", str(out), "--no-analysis"])
    assert "dated in the future" in plain.stderr
