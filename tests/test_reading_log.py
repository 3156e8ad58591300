"""The reading log: any id form, kept across re-crawls and schema upgrades, notes back out."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import small_sha

from mentalmap.cli import main
from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.errors import InvalidPaperId, InvalidPass, UnknownPaper
from mentalmap.fake_s2 import CorpusSource
from mentalmap.reading_log import (
    LOG_COLUMNS,
    log_reading,
    notes_markdown,
    read_log,
    reading_progress,
    resolve_paper,
)
from mentalmap.store import MIGRATIONS, Store

P10, P9, P7, P5 = (small_sha(f"p{i}") for i in (10, 9, 7, 5))
T0 = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def db(tmp_path, small_corpus):
    """p10 and its references (p9, p7, p5), crawled from the small corpus."""
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        crawl(store, CorpusSource(small_corpus), [P10], CrawlSettings(depth=1, direction="back"))
    return path


def test_every_id_form_resolves_without_a_network_call(db) -> None:
    with Store.open(db) as store:
        assert store.paper_ids() == {P10, P9, P7, P5}
        for form in (
            P5,
            P5.upper(),
            "ARXIV:2101.00005",
            "https://arxiv.org/abs/2101.00005v2",
            "10.5555/small.5",  # the stored DOI is upper case
            "CorpusId:1005",
            f"https://www.semanticscholar.org/paper/x/{P5}",
        ):
            assert resolve_paper(store, form) == P5, form
        with pytest.raises(UnknownPaper, match="is not in"):
            resolve_paper(store, "ARXIV:2101.00020")  # in S2, not in this store
        with pytest.raises(InvalidPaperId):
            resolve_paper(store, "not an id")


def test_log_read_and_relog_keep_the_note(db) -> None:
    with Store.open(db) as store:
        log_reading(store, "ARXIV:2101.00010", "1", "sparse attention, variant 10", now=T0)
        later = T0 + dt.timedelta(days=2)
        entry = log_reading(store, P10, "1", None, now=later)  # a re-log without a note
        title = store.conn.execute("SELECT title FROM papers WHERE paperId = ?", (P10,))
        assert entry == {
            "paperId": P10,
            "pass": "1",
            "note": "sparse attention, variant 10",
            "readAt": "2025-03-03T09:30:00+00:00",
            "title": title.fetchone()[0],
        }
        log_reading(store, P9, "deep", "  ", now=T0)  # a blank note is no note
        log_reading(store, P10, "2", "X with Y", now=later + dt.timedelta(hours=1))
        with pytest.raises(InvalidPass):
            log_reading(store, P10, "4")
        log = read_log(store)
    assert list(log.columns) == list(LOG_COLUMNS)
    assert log[["paperId", "pass"]].values.tolist() == [[P9, "deep"], [P10, "1"], [P10, "2"]]
    assert log["note"].tolist() == [None, "sparse attention, variant 10", "X with Y"]
    assert log["title"].iloc[1] == "Sparse attention variant 10 for long documents"


def test_the_log_survives_a_bigger_recrawl(db, small_corpus) -> None:
    with Store.open(db) as store:
        log_reading(store, P7, "3", "kept", now=T0)
        crawl(store, CorpusSource(small_corpus), [P10], CrawlSettings(depth=3, direction="back"))
        assert len(store.paper_ids()) > 4
        log = read_log(store)
    assert log[["paperId", "pass", "note"]].values.tolist() == [[P7, "3", "kept"]]


def test_a_store_with_only_the_first_migration_is_upgraded_on_open(tmp_path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE migrations (name TEXT PRIMARY KEY, position INTEGER NOT NULL);"
        "INSERT INTO meta VALUES ('app', 'mentalmap');"
        + MIGRATIONS[0][1]
        + "INSERT INTO migrations VALUES ('0001_initial', 0);"
        "INSERT INTO papers (paperId, title, year, depth) VALUES ('" + P5 + "', 'Old', 2016, 0);"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"reading_log", "predictions"} <= tables
        log_reading(store, P5, "2", "after the upgrade", now=T0)
        assert read_log(store)["note"].tolist() == ["after the upgrade"]
        done = [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY position")]
    assert done == [name for name, _ in MIGRATIONS]


def test_reading_progress_marks_the_deepest_pass() -> None:
    reading = pd.DataFrame({"paperId": [P10, P9, P7], "title": ["a", "b", "c"]})
    log = pd.DataFrame({"paperId": [P10, P10, P9], "pass": ["2", "1", "deep"]})
    out = reading_progress(reading, log)
    assert out["passes_done"].tolist() == ["1,2", "deep", ""]
    assert out["status"].tolist() == ["read", "mastered", "unread"]
    indexed = reading_progress(reading.set_index("paperId"), log)  # paperId as the index
    assert indexed.loc[P7, "status"] == "unread"


def test_notes_markdown(db) -> None:
    with Store.open(db) as store:
        assert "Nothing logged yet" in notes_markdown(store)
        log_reading(store, P10, "2", "second look", now=T0 + dt.timedelta(days=1))
        log_reading(store, P10, "1", "first look", now=T0)
        text = notes_markdown(store)
    assert text.startswith("# Reading notes")
    assert "## Sparse attention variant 10 for long documents (2018)" in text
    assert text.index("- pass 1 (2025-03-01): first look") < text.index("- pass 2 (2025-03-02)")


# --- CLI -------------------------------------------------------------------------------------
def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_read_and_notes(db, tmp_path) -> None:
    result = cli("read", "ARXIV:2101.00009", "--pass", "1", "--note", "X with Y", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Logged pass 1 of 'Sparse attention variant 9" in result.output
    markdown = cli("notes", "--db", str(db))
    assert markdown.exit_code == 0 and "- pass 1 (" in markdown.output
    assert "X with Y" in markdown.output
    out = tmp_path / "notes" / "log.csv"
    written = cli("notes", "--db", str(db), "--format", "csv", "--out", str(out))
    assert written.exit_code == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == list(LOG_COLUMNS) and frame["paperId"].tolist() == [P9]


def test_cli_errors_are_one_line(db, tmp_path) -> None:
    unknown = cli("read", "ARXIV:2101.00020", "--pass", "1", "--db", str(db))
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: paper 'ARXIV:2101.00020' is not in")
    malformed = cli("read", "12345", "--pass", "1", "--db", str(db))
    assert malformed.exit_code == 2 and "ambiguous paper id" in malformed.output
    bad_pass = cli("read", P10, "--pass", "4", "--db", str(db))
    assert bad_pass.exit_code == 2
    no_store = cli("notes", "--db", str(tmp_path / "none.sqlite"))
    assert no_store.exit_code == 1 and "no store at" in no_store.output
    assert not (tmp_path / "none.sqlite").exists()


def test_cli_help_has_examples() -> None:
    assert "mentalmap read ARXIV:1706.03762 --pass 2" in cli("read", "--help").output
    assert "mentalmap notes --format csv" in cli("notes", "--help").output
