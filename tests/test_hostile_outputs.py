"""Issue 15 item 7: the hostile field (tests/hostile.py) through every output and the terminal.

Every text field of every paper, and the reading-log notes, carry an attack. Each output is
checked the way its consumer reads it: the terminal gets no control character (the CLI run
with ``color=True``, so click strips nothing a real terminal would receive), Markdown rendered
by a CommonMark renderer has no HTML, image, link or heading of the paper's making, and every
export format parses in its own reader with every paper in it.
"""

from __future__ import annotations

import html as html_module
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
import rispy
from click.testing import CliRunner
from hostile import HOSTILE, TERMINAL_CONTROLS, hostile_notes
from markdown_it import MarkdownIt
from test_csv_injection import live_formulas

from mentalmap.cli import main
from mentalmap.safe_text import markdown_text, terminal_text


@pytest.fixture
def field(hostile_db) -> tuple[Path, str, str, int]:
    """The hostile store with hostile notes, its seed, another paper and a mid year."""
    db, seed = hostile_db
    hostile_notes(db, seed)
    with sqlite3.connect(db) as conn:
        other = conn.execute("SELECT paperId FROM papers WHERE paperId != ? LIMIT 1", (seed,))
        years = sorted(r[0] for r in conn.execute("SELECT year FROM papers WHERE year > 0"))
        return db, seed, other.fetchone()[0], years[len(years) // 2]


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), color=True)
    assert result.exit_code == 0, result.output
    return result.output


#: Every command that prints text from the store, in each of its formats.
PRINTING = {
    "rank": ["rank"],
    "rank-csv": ["rank", "--format", "csv"],
    "rank-json": ["rank", "--format", "json"],
    "authors": ["authors"],
    "authors-csv": ["authors", "--format", "csv"],
    "reading-list": ["reading-list"],
    "reading-list-markdown": ["reading-list", "--format", "markdown"],
    "reading-list-csv": ["reading-list", "--format", "csv"],
    "notes": ["notes"],
    "notes-csv": ["notes", "--format", "csv"],
    "similar": ["similar", "{seed}"],
    "path": ["path", "{seed}", "{other}", "--max-length", "8"],
    "predict": ["predict", "--as-of", "{year}"],
    "predict-reveal": ["predict", "--as-of", "{year}", "--reveal"],
    "read": ["read", "{seed}", "--pass", "3", "--note", HOSTILE[10]],
}


@pytest.mark.parametrize("name", sorted(PRINTING))
def test_no_control_character_reaches_the_terminal(name: str, field) -> None:
    db, seed, other, year = field
    args = [a.format(seed=seed, other=other, year=year) for a in PRINTING[name]]
    result = CliRunner().invoke(main, [*args, "--db", str(db)], color=True)
    if name == "path" and result.exit_code == 1:
        assert "no citation path" in result.output  # a one-line answer is an answer too
    else:
        assert result.exit_code == 0, result.output
    found = sorted({f"U+{ord(c):04X}" for c in result.output if c in TERMINAL_CONTROLS})
    assert not found, f"{name} printed {found}"


def test_the_attacks_are_shown_as_text_not_dropped(field) -> None:
    """Inert is not invisible: the printable part of an attack is still there to read."""
    db, *_ = field
    out = cli("rank", "--db", str(db), "--limit", "0", "--format", "csv")
    assert "a safe-looking link" in out and "pwned" not in out  # OSC 8 text kept, title gone
    assert "HYPERLINK" in out and "gnp.exe" in out


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


@pytest.mark.parametrize("command", [["reading-list", "--format", "markdown"], ["notes"]])
def test_markdown_outputs_render_no_html_link_image_or_heading_of_a_paper(
    command: list[str], field
) -> None:
    db, *_ = field
    text = cli(*command, "--db", str(db))
    html = rendered(text)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))
    headings = re.findall(r"<h(\d)>(.*?)</h\1>", html)
    ours = [h for h in headings if h[0] == "1"]
    assert len(ours) == 1 and ours[0][1] in ("Reading list", "Reading notes")
    assert not [h for h in headings if h[1].startswith("heading")]  # the "# heading" attack
    assert "&lt;script&gt;" in html or "alert" in html  # the attack shows, as text


@pytest.mark.parametrize("attack", HOSTILE)
def test_markdown_text_renders_as_the_same_words(attack: str) -> None:
    html = rendered(f"- {markdown_text(attack)}\n")
    assert html.startswith("<ul>\n<li>") and html.count("<") == 4  # <ul><li></li></ul> only
    shown = re.sub(r"<[^>]+>", "", html).strip()
    expected = " ".join(terminal_text(attack).split())
    assert html_module.unescape(shown) == expected
    assert not set(terminal_text(attack)) & TERMINAL_CONTROLS


# --- every export format, read back by its consumer -----------------------------------------
def exported(db: Path, fmt: str, out: Path) -> list[Path]:
    text = cli("export", "--db", str(db), "--format", fmt, "--out", str(out), "--with-analysis")
    return [Path(line) for line in text.splitlines() if line.startswith(str(out))]


def stored_titles(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT paperId, title FROM papers"))


def test_csv_has_no_live_formula_in_any_field(field, tmp_path: Path) -> None:
    db, *_ = field
    for path in exported(db, "csv", tmp_path):
        assert live_formulas(path.read_text("utf-8")) == []
    papers = pd.read_csv(tmp_path / "papers.csv")
    assert {"doi", "url", "openAccessPdf", "venue", "authors"} <= set(papers.columns)


@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_machine_formats_keep_every_text_exactly(fmt: str, field, tmp_path: Path) -> None:
    db, *_ = field
    exported(db, fmt, tmp_path)
    if fmt == "json":
        rows = json.loads((tmp_path / "papers.json").read_text("utf-8"))
    else:
        rows = pd.read_parquet(tmp_path / "papers.parquet").to_dict("records")
    assert {r["paperId"]: r["title"] for r in rows} == stored_titles(db)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_parse_with_every_paper(fmt: str, field, tmp_path: Path) -> None:
    db, *_ = field
    [path] = exported(db, fmt, tmp_path)
    text = path.read_text("utf-8")
    ET.fromstring(text.encode("utf-8"))  # strict: one forbidden character fails the file
    assert text.count("<node ") == len(stored_titles(db))


def test_bibtex_parses_one_entry_per_paper(field, tmp_path: Path) -> None:
    db, *_ = field
    [path] = exported(db, "bibtex", tmp_path)
    library = bibtexparser.parse_string(path.read_text("utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == len(stored_titles(db))
    text = path.read_text("utf-8")
    assert not set(text) & TERMINAL_CONTROLS


def test_ris_parses_one_record_per_paper_with_no_injected_tag(field, tmp_path: Path) -> None:
    db, *_ = field
    [path] = exported(db, "ris", tmp_path)
    records = rispy.loads(path.read_text("utf-8"))
    assert len(records) == len(stored_titles(db))
    for record in records:
        for value in record.values():
            for item in value if isinstance(value, list) else [value]:
                assert not set(str(item)) & TERMINAL_CONTROLS


def test_the_map_embeds_every_text_as_data(field, tmp_path: Path) -> None:
    db, *_ = field
    out = tmp_path / "map.html"
    cli("map", "--db", str(db), "--out", str(out))
    html = out.read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert not re.search(r"""(?:href|src)\s*=\s*["']?javascript:""", html, re.I)
    data = re.search(r'<script type="application/json" id="mm-data">(.*?)</script>', html, re.S)
    assert json.loads(data.group(1))  # the data block is whole JSON: no </script> broke out


def test_every_command_prints_through_the_terminal_safe_echo() -> None:
    """One printing path: a new ``click.echo`` in a command would bypass ``terminal_text``."""
    cli_dir = Path(__file__).resolve().parents[1] / "mentalmap" / "cli"
    direct = {
        path.name: n
        for path in cli_dir.glob("*.py")
        if path.name != "terminal.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(r"\bclick\.(echo|secho)\(|(?<![.\w])print\(", line)
    }
    assert direct == {}
