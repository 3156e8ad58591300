"""The store: real SQLite files, named migrations, and clear errors for files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from mentalmap.errors import CorruptStore, ForeignStore, SchemaTooNew, StoreNotFound
from mentalmap.graph import load_edges, load_graph, load_papers, load_seeds
from mentalmap.store import MIGRATIONS, SCHEMA_VERSION, Store

A, B, C = "a" * 40, "b" * 40, "c" * 40


def paper(pid: str, year: int | None = 2020, **extra) -> dict:
    return {
        "paperId": pid,
        "corpusId": int(pid[:4], 16),
        "title": f"Paper {pid[:4]} — Schrödinger's <b>cat</b>",
        "year": year,
        "authors": [{"authorId": "1", "name": "Ada Ł. Lovelace"}],
        "publicationTypes": ["JournalArticle"],
        "externalIds": {"DOI": "10.1/x", "CorpusId": 1},
        "openAccessPdf": {"url": "https://x.org/a.pdf", "status": None},
        "tldr": {"model": "tldr@v2.0.0", "text": "short"},
        **extra,
    }


def make_store(path: Path) -> Path:
    with Store.open(path) as store, store.transaction():
        store.put_paper(paper(A), depth=0)
        store.put_paper(paper(B, year=None), depth=1)
        store.put_paper(paper(C), depth=1)
        store.conn.execute("INSERT INTO seeds VALUES (?, ?, 0)", (A, "ARXIV:1"))
        store.put_alias("d" * 40, C)  # a merged record
        store.put_edges(
            [
                (A, B, True, ["methodology"], None),
                ("d" * 40, A, False, [], ["ctx"]),  # folded onto C
                (A, "e" * 40, None, None, None),  # outside the map
            ]
        )
        store.conn.execute("INSERT INTO lists VALUES (?, 'references', 0, 1, 0)", (A,))
    return path


def test_new_store_records_app_and_every_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.meta("app") == "mentalmap"
        assert store.meta("schema_version") == str(SCHEMA_VERSION)
        names = [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY position")]
        assert names == [name for name, _ in MIGRATIONS]


def test_old_store_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    make_store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE reading_log")
        conn.execute("DELETE FROM migrations WHERE name = '0002_reading_log'")
    with Store.open(path) as store:
        assert store.count("papers") == 3
        store.conn.execute("SELECT * FROM reading_log").fetchall()


def test_frames_fold_aliases_and_keep_only_map_papers(tmp_path: Path) -> None:
    path = make_store(tmp_path / "s.sqlite")
    papers = load_papers(path)
    edges = load_edges(path)
    assert sorted(papers.index) == [A, B, C]
    row = papers.loc[A]
    assert row.title == "Paper aaaa — Schrödinger's <b>cat</b>"
    assert row.authors == [{"authorId": "1", "name": "Ada Ł. Lovelace"}]
    assert row.openAccessPdf == "https://x.org/a.pdf" and row.tldr == "short"
    assert bool(row.isSeed) and bool(row.referencesCrawled) and not bool(row.citationsCrawled)
    assert papers.loc[B].year is pd.NA
    assert list(zip(edges.citing, edges.cited)) == [(A, B), (C, A)]
    assert edges.iloc[0].isInfluential is True and edges.iloc[0].intents == ["methodology"]
    assert load_seeds(path) == [A]
    graph = load_graph(path)
    assert set(graph.edges) == {(A, B), (C, A)}
    assert graph.nodes[A]["year"] == 2020 and graph.nodes[B]["year"] is None


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="mentalmap crawl"):
        load_papers(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def test_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database at all" * 200)
    before = path.read_bytes()
    with pytest.raises(CorruptStore, match="not a readable SQLite"):
        Store.open(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(ForeignStore, match="not a mentalmap store"):
        Store.open(path)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"customers"}


def test_store_from_a_newer_mentalmap_is_refused(tmp_path: Path) -> None:
    path = make_store(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migrations VALUES ('9999_future', 99)")
    with pytest.raises(SchemaTooNew, match="newer mentalmap"):
        Store.open(path)


def test_a_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.put_paper(paper(A), depth=0)
            raise RuntimeError("killed mid-write")
        assert store.count("papers") == 0


def test_depth_only_goes_down(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        with store.transaction():
            store.put_paper(paper(A), depth=2)
            store.put_paper(paper(A, title="new"), depth=1)
            store.put_paper(paper(A), depth=3)
        assert store.conn.execute("SELECT depth FROM papers").fetchone()[0] == 1


def test_scores_of_a_store_before_topic_picks_stay_paper_scores(tmp_path: Path) -> None:
    path = make_store(tmp_path / "old.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE prediction_topic_picks")
        conn.execute("ALTER TABLE prediction_scores DROP COLUMN kind")
        conn.execute("INSERT INTO prediction_scores VALUES (2015, '2025', 2, 1, 0.5, 0.0, 20)")
        conn.execute("DELETE FROM migrations WHERE name = '0006_topic_picks'")
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT asOf, kind, score FROM prediction_scores").fetchall()
        assert rows == [(2015, "papers", 0.5)]
        assert store.conn.execute("SELECT * FROM prediction_topic_picks").fetchall() == []


def test_reads_in_a_snapshot_see_one_state_while_a_writer_commits(tmp_path: Path) -> None:
    """A crawl commits between a command's reads: papers and edges must still match (a rank
    during a crawl once met an edge to a paper its papers frame did not have)."""
    from mentalmap.graph import read_edges, read_papers
    from mentalmap.store import open_existing

    path = make_store(tmp_path / "s.sqlite")
    with open_existing(path) as reader, reader.snapshot():
        papers = read_papers(reader)
        with Store.open(path) as writer, writer.transaction():
            writer.put_paper(paper("f" * 40), depth=1)
            writer.put_edges([(A, "f" * 40, None, None, None)])
        edges = read_edges(reader)
    assert set(edges["citing"]) | set(edges["cited"]) <= set(papers.index)
    assert "f" * 40 in set(load_edges(path)["cited"])  # the next read sees the new state
