"""No CSV mentalmap writes opens with a live formula in a spreadsheet (OWASP CSV injection).

A spreadsheet runs a cell whose first character is ``= + - @`` TAB or CR; the check here is the
one a spreadsheet makes: parse the CSV as Excel does and look at each cell's first character.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hostile import HOSTILE

from mentalmap.cli import main
from mentalmap.safe_text import FORMULA_STARTS, spreadsheet_cell, spreadsheet_csv


def live_formulas(text: str) -> list[str]:
    """The cells a spreadsheet would run as formulas."""
    rows = csv.reader(io.StringIO(text, newline=""), dialect="excel")
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_formula_start_gets_a_quote_and_the_rest_is_kept(start: str) -> None:
    assert spreadsheet_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert spreadsheet_cell(-3) == -3
    assert spreadsheet_cell(-0.5) == -0.5
    assert spreadsheet_cell("Attention - again") == "Attention - again"
    assert spreadsheet_cell(None) is None


def test_spreadsheet_csv_neutralises_every_text_column() -> None:
    frame = pd.DataFrame(
        {"title": list(HOSTILE), "n": range(len(HOSTILE))},
    ).astype({"title": "string"})
    text = spreadsheet_csv(frame)
    assert live_formulas(text) == []
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["n"] for row in back] == [str(i) for i in range(len(HOSTILE))]  # numbers stay
    assert [row["title"][1:] for row in back[:7]] == list(HOSTILE[:7])  # only a quote added


def test_export_csv_has_no_live_formula(hostile_db, tmp_path: Path) -> None:
    db, _ = hostile_db
    out = tmp_path / "out"
    run("export", "--db", str(db), "--format", "csv", "--out", str(out), "--with-analysis")
    papers = (out / "papers.csv").read_text(encoding="utf-8")
    assert live_formulas(papers) == []
    assert live_formulas((out / "edges.csv").read_text(encoding="utf-8")) == []
    # the text is kept: only the quote is added
    titles = pd.read_csv(out / "papers.csv")["title"]
    assert titles.str.startswith("'=HYPERLINK(").any()


def test_json_export_stays_exact(hostile_db, tmp_path: Path) -> None:
    db, _ = hostile_db
    run("export", "--db", str(db), "--format", "json", "--out", str(tmp_path))
    titles = [p["title"] for p in json.loads((tmp_path / "papers.json").read_text("utf-8"))]
    assert any(t.startswith('=HYPERLINK("') for t in titles)
    assert not any(t.startswith("'") for t in titles)


@pytest.mark.parametrize(
    "command",
    [
        ["rank", "--limit", "0"],
        ["authors", "--limit", "50"],
        ["reading-list", "--tier", "depth"],
    ],
    ids=lambda c: c[0],
)
def test_format_csv_on_stdout_has_no_live_formula(hostile_db, command: list[str]) -> None:
    db, _ = hostile_db
    text = run(*command, "--db", str(db), "--format", "csv")
    assert len(text.splitlines()) > 2
    assert live_formulas(text) == []


def test_similar_csv_has_no_live_formula(hostile_db) -> None:
    db, seed = hostile_db
    text = run("similar", seed, "--db", str(db), "--format", "csv")
    assert len(text.splitlines()) > 2
    assert live_formulas(text) == []


def test_notes_csv_has_no_live_formula(hostile_db, tmp_path: Path) -> None:
    db, seed = hostile_db
    run("read", seed, "--pass", "2", "--note", "=1+1 and @me", "--db", str(db))
    out = tmp_path / "notes.csv"
    run("notes", "--db", str(db), "--format", "csv", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "'=1+1 and @me" in text
    assert live_formulas(text) == []
