"""``mentalmap crawl --from FILE`` against the fake S2: what every entry of a real-looking
library became, the fix file, and feeding it back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import small_corpus_records, small_sha
from plain_table import plain_rows

from mentalmap.cli import main
from mentalmap.fake_s2 import Corpus
from mentalmap.graph import load_seeds

DATA = Path(__file__).parent / "data"
TWIN_2019, TWIN_2020 = small_sha("twin-2019"), small_sha("twin-2020")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    papers, citations, aliases = small_corpus_records()
    for pid, year in ((TWIN_2019, 2019), (TWIN_2020, 2020)):  # a preprint and its journal twin
        papers.append({"paperId": pid, "title": "Sparse Attention Twins", "year": year,
                       "venue": "arXiv" if year == 2019 else "JMLR", "citationCount": year - 2000,
                       "externalIds": {}, "authors": []})  # fmt: skip
    return Corpus(papers, citations, aliases)


def run(server, *args: str):
    options = ["--api-url", server.url, "--rps", "0", "--direction", "back", "--max-papers", "12"]
    return CliRunner().invoke(main, ["crawl", *args, *options, "--no-map"])


def test_library_entries_match_with_a_confidence_and_the_rest_go_to_a_fix_file(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus)
    db = tmp_path / "lib.sqlite"
    result = run(server, "--from", str(DATA / "library.bib"), "--db", str(db))
    assert result.exit_code == 0, result.output
    out = result.output
    rows = {int(r["line"]): r for r in plain_rows(out, "line")}
    status = {line: (r["entry"], r["status"], r["via"]) for line, r in rows.items()}
    assert status[2] == ("byDoi", "matched", "DOI:10.5555/small.3")
    assert status[3] == ("byArxiv", "matched", "ARXIV:2101.00004")
    assert status[4] == ("doiUnknown", "matched", "ARXIV:2101.00007")  # the DOI missed
    assert status[5] == ("byTitle", "matched", "title")
    assert status[6][1:] == ("ambiguous", "title")
    assert status[7][1:] == ("unmatched", "title")
    assert status[8][1:] == ("doubtful", "title")
    assert status[10][1:] == ("repeat", "ARXIV:2101.00003")
    assert "Note: line 9 (repeat) repeats line 2 (byDoi)" in out
    assert "Note: line 11 (broken) is broken BibTeX" in out
    assert "Note: line 12 (empty) has no DOI, arXiv id, URL or title; skipped." in out
    # the title match shows S2's matchScore and how close the titles are
    assert re.fullmatch(r"\d+\.\d\d", rows[5]["score"]) and rows[5]["title sim."] == "1.00"
    assert "4 seeds (" in out

    assert load_seeds(db) == [small_sha(f"p{i}") for i in (3, 4, 7, 0)]
    fix = tmp_path / "library.unmatched.txt"
    assert f"fix them in {fix} and run: mentalmap crawl --from {fix} --db {db}" in out
    text = fix.read_text(encoding="utf-8")
    assert "# line 6 (twins): ambiguous: 2 S2 papers have this title" in text
    assert f"#   S2 offers {TWIN_2020} (2020, JMLR): Sparse Attention Twins" in text
    assert f"#   S2 offers {TWIN_2019} (2019, arXiv): Sparse Attention Twins" in text
    assert "# line 8 (wrongYear): doubtful: S2's paper of this title is from 2019" in text
    assert "# line 7 (nowhere): unmatched: S2 has no paper of this title" in text
    assert "# line 11 (broken): broken BibTeX" in text
    assert "\nA title nobody ever wrote\n" in text

    # the user picks the twin they meant and drops the rest: the fix file feeds back
    fixed = text.replace("Sparse attention twins\n", TWIN_2019 + "\n")
    fixed = fixed.replace("A title nobody ever wrote\n", "")
    fixed = fixed.replace("Sparse attention variant 12 for long documents\n", "")
    fixed = fixed.replace("Never closed\n", "")
    fix.write_text(fixed, encoding="utf-8")
    again = run(server, "--from", str(fix), "--db", str(db))
    assert again.exit_code == 0, again.output
    assert load_seeds(db)[-1] == TWIN_2019 and len(load_seeds(db)) == 5
    assert "did not become seeds" not in again.output
    assert fix.read_text(encoding="utf-8") == "# every entry matched\n"


def test_a_title_s2_holds_twice_is_told_apart_by_the_entry_year(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus)
    ris = tmp_path / "twins.ris"
    ris.write_text("TY  - JOUR\nTI  - Sparse attention twins\nPY  - 2020\nER  -\n")
    result = run(server, "--from", str(ris), "--db", str(tmp_path / "t.sqlite"), "--match-only")
    assert result.exit_code == 0, result.output
    assert TWIN_2020 in result.output and "matched" in result.output
    assert not (tmp_path / "t.sqlite").exists()  # --match-only writes no store
    assert not (tmp_path / "twins.unmatched.txt").exists()  # nothing to fix


def test_non_utf8_ris_is_read_with_a_note_and_matches(corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(corpus)
    ris = tmp_path / "endnote.ris"
    ris.write_bytes("TY  - JOUR\nTI  - Foundations of sparse attention \u2013 caf\u00e9\nER  -\n"
                    "TY  - JOUR\nDO  - 10.5555/SMALL.5\nER  -\n".encode("cp1252"))  # fmt: skip
    result = run(server, "--from", str(ris), "--db", str(tmp_path / "e.sqlite"), "--match-only")
    assert result.exit_code == 0, result.output
    assert (
        "Note: endnote.ris is not UTF-8 (byte 50 is not): read it as Windows-1252" in result.output
    )
    assert small_sha("p5") in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "is empty: no entries to seed from"),
        ("@article{x, title = {never closed\n", "no readable BibTeX entry (1 broken)"),
        ("[{]", "is not valid CSL-JSON"),
    ],
    ids=["missing", "empty", "all-broken", "bad-json"],
)
def test_unreadable_library_is_one_line_and_no_call(
    corpus, fake_s2_factory, tmp_path, content, message
) -> None:
    server = fake_s2_factory(corpus)
    path = tmp_path / "refs.bib"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run(server, "--from", str(path), "--db", str(tmp_path / "x.sqlite"))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert "Traceback" not in result.output and server.requests == []
    assert not (tmp_path / "x.sqlite").exists()


def test_a_library_where_nothing_matches_says_so_and_writes_the_fix_file(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus)
    path = tmp_path / "mine.txt"
    path.write_text("DOI:10.9999/none\nA title nobody ever wrote\n", encoding="utf-8")
    result = run(server, "--from", str(path), "--db", str(tmp_path / "m.sqlite"), "-q")
    assert result.exit_code == 1
    assert "Error: none of the 2 entries of" in result.output
    fix = (tmp_path / "mine.unmatched.txt").read_text(encoding="utf-8")
    assert "unmatched: S2 knows none of its ids (DOI:10.9999/none)" in fix
    assert "\nDOI:10.9999/none\n" in fix


def test_terminal_control_characters_in_a_library_stay_inert(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus)
    path = tmp_path / "evil.bib"
    path.write_text("@misc{k\x1b[31m, title = {Evil \x1b]0;owned\x07 title}}\n", encoding="utf-8")
    result = run(server, "--from", str(path), "--db", str(tmp_path / "v.sqlite"))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    fix = (tmp_path / "evil.unmatched.txt").read_text(encoding="utf-8")
    assert "\x1b" not in fix and "Evil ]0;owned title" in fix


def test_the_docs_example_reads_and_resolves_what_the_fake_knows(fake_s2_factory, tmp_path):
    lib = tmp_path / "library.bib"
    shutil.copy(Path(__file__).parents[1] / "docs" / "examples" / "library.bib", lib)
    papers, citations, aliases = small_corpus_records()
    papers[0] = {**papers[0], "externalIds": {"ArXiv": "1706.03762"}}
    server = fake_s2_factory(Corpus(papers, citations, aliases))
    result = run(server, "--from", str(lib), "--db", str(tmp_path / "d.sqlite"), "--match-only")
    assert result.exit_code == 0, result.output
    assert small_sha("p0") in result.output and "3 unmatched" in result.output
