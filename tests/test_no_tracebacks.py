"""Issue 15 item 6: each fault a user can meet ends in one ``Error:`` line and an exit code.

The triggers of the hardening campaign, run through the real CLI: a byte-corrupted store (a
text that is not UTF-8, pages that are not B-tree pages) in every command that reads or writes
it, a URL that is not one, an output folder that does not exist, a full disk while crawling and
while writing a reading list (``RLIMIT_FSIZE`` in a real subprocess: writes past the limit fail
with ``EFBIG`` as they would with ``ENOSPC`` on a full disk, for root too), and a null author
in a Parquet export. No trigger may print a traceback, and a damaged store is never written.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import small_sha

from mentalmap.cli import main
from mentalmap.outputs import TMP_SUFFIX


def corrupt_text(db: Path) -> None:
    """Three titles whose bytes are not UTF-8 (what a flipped high bit does to a text)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE papers SET title = CAST(X'41FFFE42' AS TEXT) "
            "WHERE rowid IN (SELECT rowid FROM papers LIMIT 3)"
        )
    conn.close()  # the last connection checkpoints: the damage is in the main file


def corrupt_pages(db: Path) -> None:
    """Twenty pages in the middle of the file overwritten (a bad sector, a torn copy)."""
    data = bytearray(db.read_bytes())
    size = 4096
    first = len(data) // size // 3
    for page in range(first, first + 20):
        data[page * size : page * size + 16] = b"\xff" * 16
    db.write_bytes(bytes(data))


CORRUPTIONS = {"not-utf8": corrupt_text, "malformed": corrupt_pages}

#: Commands on a store, each given the store, the seed and a folder for outputs.
STORE_COMMANDS = {
    "rank": lambda db, seed, out: ["rank", "--db", db],
    "authors": lambda db, seed, out: ["authors", "--db", db],
    "export": lambda db, seed, out: ["export", "--db", db, "--format", "csv", "--out", out],
    "map": lambda db, seed, out: ["map", "--db", db, "--out", f"{out}/m.html"],
    "predict": lambda db, seed, out: ["predict", "--db", db, "--as-of", "2015"],
    "reading-list": lambda db, seed, out: ["reading-list", "--db", db],
    "similar": lambda db, seed, out: ["similar", seed, "--db", db],
    "read": lambda db, seed, out: ["read", seed, "--pass", "1", "--db", db],
}


def one_line_error(result, code: int = 1) -> str:
    """The run ended with ``code`` and exactly one ``Error: …`` line, no traceback."""
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"uncaught {result.exception!r}"
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
@pytest.mark.parametrize("command", sorted(STORE_COMMANDS))
def test_a_corrupted_store_is_one_line_naming_the_way_out(
    command: str, kind: str, hostile_db, tmp_path: Path
) -> None:
    db, seed = hostile_db
    CORRUPTIONS[kind](db)
    before = db.read_bytes()
    args = STORE_COMMANDS[command](str(db), seed, str(tmp_path))
    result = CliRunner().invoke(main, args)
    if (kind, command) == ("not-utf8", "read"):
        # the integrity check passes (the pages are whole) and the paper read is not damaged
        assert result.exit_code == 0, result.output
        return
    line = one_line_error(result)
    assert "damaged" in line and ".recover" in line and "new file" in line
    if command != "read" or kind == "malformed":
        assert db.read_bytes() == before  # never written into


def test_crawl_into_a_damaged_store_is_refused_before_any_call(
    hostile_db, small_corpus, fake_s2_factory
) -> None:
    db, _ = hostile_db
    corrupt_pages(db)
    before = db.read_bytes()
    server = fake_s2_factory(small_corpus)
    args = ["crawl", small_sha("p29"), "--db", str(db), "--api-url", server.url, "--rps", "0"]
    line = one_line_error(CliRunner().invoke(main, args))
    assert "damaged" in line and "integrity check" in line
    assert db.read_bytes() == before
    assert server.requests == []


def test_an_api_url_that_is_not_a_url_is_a_setting_error(tmp_path: Path) -> None:
    args = ["crawl", "ARXIV:1706.03762", "--db", str(tmp_path / "s.sqlite"), "--api-url", "notaurl"]
    line = one_line_error(CliRunner().invoke(main, args))
    assert "--api-url" in line and "notaurl" in line
    assert not (tmp_path / "s.sqlite").exists()


def test_reading_list_into_a_missing_folder_makes_it(hostile_db, tmp_path: Path) -> None:
    db, _ = hostile_db
    out = tmp_path / "missing" / "dir" / "x.md"
    args = ["reading-list", "--db", str(db), "--format", "markdown", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Reading list")


def test_a_null_author_exports_to_parquet(hostile_db, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db, _ = hostile_db
    with sqlite3.connect(db) as conn:
        pid = conn.execute("SELECT paperId FROM papers ORDER BY paperId LIMIT 1").fetchone()[0]
        authors = json.dumps([None, {"authorId": None, "name": None}, {"name": "Kept"}])
        conn.execute("UPDATE papers SET authors = ? WHERE paperId = ?", (authors, pid))
    args = ["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = pq.read_table(tmp_path / "papers.parquet").to_pylist()
    row = next(r for r in rows if r["paperId"] == pid)
    assert row["authors"] == [
        None,
        {"authorId": None, "name": None},
        {"authorId": None, "name": "Kept"},
    ]


# --- a full disk: a real process whose files may not grow past a limit ----------------------
def run_with_file_limit(args: list[str], limit: int) -> subprocess.CompletedProcess:
    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "mentalmap", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=limit_files,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


def test_a_full_disk_during_a_crawl_is_one_line_and_keeps_what_was_written(
    small_corpus, fake_s2_factory, tmp_path: Path
) -> None:
    server = fake_s2_factory(small_corpus)
    db = tmp_path / "s.sqlite"
    args = ["crawl", small_sha("p29"), "--db", str(db), "--api-url", server.url, "--rps", "0",
            "-q", "--no-map"]  # fmt: skip
    line = assert_one_line_error(run_with_file_limit(args, 96 * 1024))
    assert "is the disk full?" in line and str(db) in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    full = subprocess.run(
        [sys.executable, "-m", "mentalmap", *args], capture_output=True, text=True, timeout=300
    )
    assert full.returncode == 0, full.stderr  # with room again the same command finishes


def test_a_full_disk_while_writing_a_reading_list_is_one_line(hostile_db, tmp_path: Path) -> None:
    db, _ = hostile_db
    out = tmp_path / "plan.md"
    out.write_text("the old plan")
    args = ["reading-list", "--db", str(db), "--format", "markdown", "--tier", "depth",
            "--out", str(out)]  # fmt: skip
    # the store's -shm file takes 32 KiB; the depth tier's plan takes 57 KB
    line = assert_one_line_error(run_with_file_limit(args, 40_000))
    assert str(out) in line
    assert out.read_text() == "the old plan"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]


def test_self_citations_left_out_of_an_export_are_counted(hostile_db, tmp_path: Path) -> None:
    db, seed = hostile_db
    with sqlite3.connect(db) as conn:
        conn.execute(  # the store keys edges by integer (store_keys)
            "INSERT INTO edges (citing, cited) SELECT id, id FROM ids WHERE paperId = ?", (seed,)
        )
    args = ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Note: 1 self-citation (a paper citing itself) is kept in" in result.stderr
    edges = (tmp_path / "edges.csv").read_text("utf-8").splitlines()
    assert not [e for e in edges if e.count(seed) == 2]
    clean = CliRunner().invoke(main, [*args[:-1], str(tmp_path / "b"), "--select", "role:tweak"])
    assert (
        "self-citation" not in clean.stderr or seed in (tmp_path / "b" / "papers.csv").read_text()
    )


def test_api_key_help_recommends_the_environment_variable() -> None:
    for command in ("crawl", "surveys", "expand", "path"):
        result = CliRunner().invoke(main, [command, "--help"], terminal_width=200)
        text = " ".join(result.output.split())
        assert "prefer the S2_API_KEY environment variable" in text and "ps" in text, command
