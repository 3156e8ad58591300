"""``mentalmap map`` on a real SQLite store: the file, stdout/stderr, exit codes, no key leak."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_render_frames import XSS_TITLE, make_field

from mentalmap.cli import main
from mentalmap.store import Store

KEY = "s2-secret-KEY-map-0123456789abcdef"


def _data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="mm-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store holding the hand-built field, P0 as the seed."""
    papers, edges, _, _ = make_field(40)
    path = tmp_path / "field.sqlite"
    with Store.open(path) as store, store.transaction():
        for row in papers.reset_index().to_dict("records"):
            record = {k: (None if v is pd.NA else v) for k, v in row.items()}
            for key in ("depth", "isSeed", "referencesCrawled", "citationsCrawled"):
                record.pop(key)
            store.put_paper(record, depth=int(row["depth"]))
        store.conn.execute("INSERT INTO seeds VALUES ('P0', 'P0', 0)")
        store.put_edges(edges[["citing", "cited", "isInfluential", "intents", "contexts"]].values)
    return path


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["map", *args], env=env, catch_exceptions=False)


def test_map_without_analysis_writes_one_offline_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps" / "field.html"
    result = run("--db", str(db), "--out", str(out), "--top", "15", "--no-analysis")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "a map of 40 papers; 15 shown at first." in result.stderr
    data = _data(out)
    assert data["top"] == 15 and len(data["papers"]) == 40
    assert data["title"] == "mentalmap: field"
    by_id = {p["i"]: p for p in data["papers"]}
    assert by_id["P0"]["s"] == 1
    assert by_id["P1"]["t"] == XSS_TITLE
    assert XSS_TITLE not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("analysis", [False, True])
def test_a_capped_map_says_how_many_of_the_papers_it_embeds(
    db: Path, tmp_path: Path, analysis: bool
) -> None:
    out = tmp_path / "capped.html"
    args = ["--db", str(db), "--out", str(out), "--top", "5", "--max-papers", "12"]
    args += ["--reading", "0"]
    result = run(*args, *([] if analysis else ["--no-analysis"]))
    assert result.exit_code == 0, result.output
    data = _data(out)
    embedded = len(data["papers"])  # 12, plus the seed P0 if it fell outside the 12
    assert 12 <= embedded <= 13 and data["total"] == 40
    beyond = " and 1 seed, reading-list or logged paper beyond them" if embedded == 13 else ""
    note = (
        f"{embedded} of 40 papers, the most important{beyond} (--max-papers 40 embeds every "
        "paper; `mentalmap export --select topic:<band label>` writes one sub-topic's papers in "
        "full)"
    )
    assert data["note"] == note
    assert f"a map of {note}; 5 shown at first." in result.stderr
    assert "mm-embedded" in out.read_text(encoding="utf-8")
    # and the ways it names work: --max-papers 40 embeds all, a band label selects its papers
    whole = tmp_path / "whole.html"
    again = run(*args[:2], "--out", str(whole), "--max-papers", "40", "--reading", "0",
                *([] if analysis else ["--no-analysis"]))  # fmt: skip
    assert again.exit_code == 0 and len(_data(whole)["papers"]) == 40 and _data(whole)["note"] == ""
    if analysis:
        label = _data(out)["bands"][0]["label"]
        topic = ["--format", "csv", "--out", str(tmp_path / "topic"), "--select", f"topic:{label}"]
        chosen = CliRunner().invoke(main, ["export", "--db", str(db), *topic])
        assert chosen.exit_code == 0, chosen.output
        kept = len(pd.read_csv(tmp_path / "topic" / "papers.csv"))
        in_band = sum(1 for p in _data(whole)["papers"] if p["k"] == 0)
        assert kept == in_band > 0


def test_an_uncapped_map_has_no_selection_note(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "whole.html"
    assert run("--db", str(db), "--out", str(out), "--no-analysis").exit_code == 0
    assert _data(out)["note"] == ""


def test_map_with_analysis_has_roles_bands_and_a_reading_list(db: Path, tmp_path: Path) -> None:
    import mentalmap.analysis as analysis

    if not hasattr(analysis, "analyze") or not hasattr(analysis, "reading_list"):
        pytest.skip("mentalmap.analysis has no analyze / reading_list yet")
    out = tmp_path / "map.html"
    result = run("--db", str(db), "--out", str(out), "--reading", "5", "--title", "Field")
    assert result.exit_code == 0, result.output
    data = _data(out)
    assert data["title"] == "Field"
    assert 1 <= len(data["reading"]) <= 5
    assert len(data["bands"]) >= 1
    assert {p["r"] for p in data["papers"]} <= set(range(len(data["roles"])))


def test_the_api_key_never_reaches_the_map(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = run("--db", str(db), "--out", str(out), "--no-analysis", env={"S2_API_KEY": KEY})
    assert result.exit_code == 0, result.output
    assert KEY not in out.read_text(encoding="utf-8")


def test_a_missing_store_is_one_error_line(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "nope.sqlite"), "--out", str(tmp_path / "m.html"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "m.html").exists()


def test_top_must_be_positive(db: Path, tmp_path: Path) -> None:
    result = run("--db", str(db), "--out", str(tmp_path / "m.html"), "--top", "0")
    assert result.exit_code == 2


def test_the_map_carries_the_stores_reading_log(db: Path, tmp_path: Path) -> None:
    import mentalmap.analysis as analysis

    if not hasattr(analysis, "analyze") or not hasattr(analysis, "reading_list"):
        pytest.skip("mentalmap.analysis has no analyze / reading_list yet")
    from mentalmap.reading_log import log_reading

    with Store.open(db) as store:
        log_reading(store, "P7", "1")
        log_reading(store, "P7", "2", "</script><b>bold claim</b>")
    out = tmp_path / "map.html"
    result = run("--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    data = _data(out)
    ids = [p["i"] for p in data["papers"]]
    (entry,) = data["log"]
    assert ids[entry["id"]] == "P7" and entry["deepest"] == "2"
    assert [e["pass"] for e in entry["entries"]] == ["1", "2"]
    assert entry["entries"][1]["note"] == "</script><b>bold claim</b>"
    assert "<b>bold claim" not in out.read_text(encoding="utf-8")
