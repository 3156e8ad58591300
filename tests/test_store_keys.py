"""Integer keys inside the store: old stores migrate in place, resumably, and nothing changes
for what reads them (paperIds in, paperIds out)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.crawl_state import CrawlState
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import _EDGES_SQL as EDGES_SQL
from mentalmap.graph import edges_sql, load_edges, load_papers
from mentalmap.store import Store
from mentalmap.store_keys import NAME, migrate_integer_keys

from crawl_corpus import SEED, dump_store, make_corpus
from old_stores import to_text_keys

KILLER = Path(__file__).with_name("kill_mid_migration.py")


def crawled(path: Path) -> Path:
    """A crawled store with edges to papers outside the map and a merged (aliased) record."""
    with Store.open(path) as store:
        crawl(store, CorpusSource(make_corpus(12, 300)), [SEED], CrawlSettings(max_papers=120))
    return path


def reads(path: Path) -> tuple:
    """Everything the rest of mentalmap reads of the keyed tables, as paperIds."""
    with Store.open(path) as store:
        state = CrawlState(store)
        crawl_reads = (
            state.known_edges(), state.candidates(), state.edge_counts(),
            state.in_map_citations(),
        )  # fmt: skip
    return (load_papers(path).to_dict("records"), load_edges(path).to_dict("records"), crawl_reads)


def columns(path: Path, table: str) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return {r[1]: r[2] for r in conn.execute(f"PRAGMA table_info({table})")}


def migrated(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT 1 FROM migrations WHERE name = ?", (NAME,)).fetchone()
    return row is not None


def test_edges_and_candidates_hold_integers(tmp_path: Path) -> None:
    path = crawled(tmp_path / "s.sqlite")
    assert columns(path, "edges")["citing"] == "INTEGER"
    assert columns(path, "candidates")["id"] == "INTEGER"
    with sqlite3.connect(path) as conn:
        kinds = set(conn.execute("SELECT DISTINCT typeof(citing) || typeof(cited) FROM edges"))
        assert kinds == {("integerinteger",)}
        assert conn.execute("SELECT COUNT(*) FROM edges").fetchone()[0] > 300


def test_an_old_store_migrates_on_open_and_reads_the_same(tmp_path: Path) -> None:
    path = crawled(tmp_path / "s.sqlite")
    before, dump = reads(path), dump_store(path)
    to_text_keys(path)
    assert columns(path, "edges")["citing"] == "TEXT" and not migrated(path)
    assert reads(path) == before  # the open migrated it
    assert migrated(path) and columns(path, "edges")["citing"] == "INTEGER"
    assert dump_store(path) == dump


def test_a_migration_in_small_chunks_moves_every_row_once(tmp_path: Path) -> None:
    path = crawled(tmp_path / "s.sqlite")
    before, dump = reads(path), dump_store(path)
    edges, candidates = len(dump["edges"]), len(dump["candidates"])
    to_text_keys(path)
    moved: dict[str, list[int]] = {"edges": [], "candidates": []}
    conn = sqlite3.connect(path, isolation_level=None)
    migrate_integer_keys(Store(conn, path), 97, lambda t, n: moved[t].append(n))
    conn.close()
    assert sum(moved["edges"]) == edges and sum(moved["candidates"]) == candidates
    assert len(moved["edges"]) == -(-edges // 97) and set(moved["edges"][:-1]) == {97}
    assert reads(path) == before and dump_store(path) == dump


def test_a_migration_killed_mid_chunk_is_finished_by_the_next_open(tmp_path: Path) -> None:
    path = crawled(tmp_path / "s.sqlite")
    before, dump = reads(path), dump_store(path)
    to_text_keys(path)
    child = subprocess.run(
        [sys.executable, str(KILLER), str(path), "50", "4"], capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr
    with sqlite3.connect(path) as conn:  # three chunks committed, the fourth rolled back
        assert conn.execute("SELECT COUNT(*) FROM edges_int").fetchone()[0] == 150
        assert conn.execute("SELECT COUNT(*) FROM edges").fetchone()[0] == len(dump["edges"]) - 150
    assert not migrated(path)
    assert reads(path) == before and dump_store(path) == dump
    assert migrated(path)


def test_without_aliases_the_edge_query_that_skips_folding_reads_the_same(tmp_path: Path) -> None:
    path = crawled(tmp_path / "s.sqlite")
    with Store.open(path) as store:
        store.conn.execute("DELETE FROM aliases")
        assert edges_sql(store) != EDGES_SQL  # the faster one is chosen
        folded = store.conn.execute(EDGES_SQL).fetchall()
        assert store.conn.execute(edges_sql(store)).fetchall() == folded and len(folded) > 100
