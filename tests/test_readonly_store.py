"""Issue 15 item 5: a store on read-only media, or an immutable file, can be read.

Tests run as root, and root ignores ``chmod``: a file made ``0444`` is still writable to it.
So, as root, the read-only cases are real ones the kernel enforces for root too: a tmpfs
mounted here and remounted read-only (writes fail with ``EROFS``), and ``chattr +i`` (an
immutable file, ``EPERM``). As any other user, ``chmod`` is as real. Each fixture first checks
that ``os.access`` reports the store as not writable, the way mentalmap itself sees it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.store import MIGRATIONS, Store

ROOT = os.geteuid() == 0


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


@pytest.fixture
def readonly_folder(hostile_master, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The hostile store in a folder nobody may write: a read-only mount (root) or chmod."""
    master, seed = hostile_master
    folder = tmp_path / "media"
    folder.mkdir()
    if ROOT:
        _run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder))
    try:
        shutil.copy(master, folder / "field.sqlite")
        if ROOT:
            _run("mount", "-o", "remount,ro", str(folder))
        else:
            (folder / "field.sqlite").chmod(0o444)
            folder.chmod(0o555)
        db = folder / "field.sqlite"
        assert not os.access(db, os.W_OK) and not os.access(folder, os.W_OK)
        yield db, seed
    finally:
        if ROOT:
            _run("umount", str(folder))
        else:
            folder.chmod(0o755)


@pytest.fixture
def immutable_store(hostile_db) -> Iterator[tuple[Path, str]]:
    """The hostile store as an immutable file (``chattr +i``, root) or 0444 in a writable folder."""
    db, seed = hostile_db
    if ROOT:
        _run("chattr", "+i", str(db))
    else:
        db.chmod(0o444)
    try:
        assert not os.access(db, os.W_OK) and os.access(db.parent, os.W_OK)
        yield db, seed
    finally:
        if ROOT:
            _run("chattr", "-i", str(db))
        else:
            db.chmod(0o644)


READ_COMMANDS = {
    "rank": lambda db, seed, out: ["rank", "--db", db, "--format", "csv"],
    "authors": lambda db, seed, out: ["authors", "--db", db, "--format", "json"],
    "export": lambda db, seed, out: ["export", "--db", db, "--format", "json", "--out", out],
    "map": lambda db, seed, out: ["map", "--db", db, "--out", f"{out}/m.html"],
    "reading-list": lambda db, seed, out: ["reading-list", "--db", db, "--format", "markdown"],
    "notes": lambda db, seed, out: ["notes", "--db", db],
    "similar": lambda db, seed, out: ["similar", seed, "--db", db, "--format", "csv"],
    "predict": lambda db, seed, out: ["predict", "--db", db, "--as-of", "2015"],
}


@pytest.mark.parametrize("where", ["readonly_folder", "immutable_store"])
@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
def test_read_only_commands_work_on_read_only_media_and_immutable_files(
    command: str, where: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    db, seed = request.getfixturevalue(where)
    before = db.read_bytes()
    result = CliRunner().invoke(main, READ_COMMANDS[command](str(db), seed, str(tmp_path)))
    assert result.exit_code == 0, result.output
    assert db.read_bytes() == before
    if where == "readonly_folder":
        assert sorted(p.name for p in db.parent.iterdir()) == ["field.sqlite"]


def test_commands_that_write_say_read_only(readonly_folder, tmp_path: Path) -> None:
    db, seed = readonly_folder
    for args in (
        ["read", seed, "--pass", "1", "--db", str(db)],
        ["predict", "--db", str(db), "--as-of", "2015", "--pick", seed],
        ["crawl", seed, "--db", str(db), "--api-url", "http://127.0.0.1:9", "--retries", "0"],
        ["upgrade", "--db", str(db)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        line = result.stderr.strip()
        assert line.startswith("Error: ") and "\n" not in line, line
        assert "is read-only" in line and "copy the store" in line


def test_a_reveal_on_a_read_only_store_shows_the_scores_and_says_they_are_not_kept(
    readonly_folder,
) -> None:
    db, _ = readonly_folder
    result = CliRunner().invoke(main, ["predict", "--db", str(db), "--as-of", "2015", "--reveal"])
    assert result.exit_code == 0, result.output
    assert "papers of then that grew most" in result.stdout
    assert "Score kept" not in result.stdout
    assert f"Note: {db} is read-only: the scores are shown, not kept." in result.stderr


def test_a_new_store_in_a_read_only_folder_is_refused_clearly(readonly_folder) -> None:
    db, seed = readonly_folder
    for target in (db.parent / "new.sqlite", db.parent / "sub" / "new.sqlite"):
        args = ["crawl", seed, "--db", str(target), "--api-url", "http://127.0.0.1:9"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        line = result.stderr.strip()
        assert line.startswith("Error: cannot make") and "\n" not in line, line
        assert "read-only" in line.lower()


def test_an_immutable_store_refuses_a_write_clearly(immutable_store) -> None:
    db, seed = immutable_store
    result = CliRunner().invoke(main, ["read", seed, "--pass", "1", "--db", str(db)])
    assert result.exit_code == 1
    assert "is read-only" in result.stderr


def test_an_empty_file_is_not_given_a_schema_by_a_read(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    db.touch()
    for command in (["rank"], ["notes"], ["export", "--format", "csv", "--out", str(tmp_path)]):
        result = CliRunner().invoke(main, [*command, "--db", str(db)])
        assert result.exit_code == 1
        assert "empty file" in result.stderr and "mentalmap crawl" in result.stderr
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


def test_an_old_store_read_only_says_what_to_run_and_upgrade_does_it(hostile_db) -> None:
    db, _ = hostile_db
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE prediction_topic_picks")
        conn.execute("ALTER TABLE prediction_scores DROP COLUMN kind")
        conn.execute("DELETE FROM migrations WHERE name = '0006_topic_picks'")
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["rank", "--db", str(db)])
    assert result.exit_code == 1
    assert f"mentalmap upgrade --db {db}" in result.stderr
    assert db.read_bytes() == before
    upgraded = CliRunner().invoke(main, ["upgrade", "--db", str(db)])
    assert upgraded.exit_code == 0, upgraded.output
    with Store.open_readonly(db) as store:
        done = [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY position")]
    assert done == [name for name, _ in MIGRATIONS]
    assert CliRunner().invoke(main, ["rank", "--db", str(db)]).exit_code == 0


def test_a_read_only_open_leaves_a_rollback_journal_store_as_it_was(hostile_db) -> None:
    """No WAL switch: a store another tool left in rollback-journal mode stays in it."""
    db, _ = hostile_db
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    result = CliRunner().invoke(main, ["rank", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
