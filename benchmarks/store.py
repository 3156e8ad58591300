"""Bytes per edge of the store before and after integer keys (issue 19: <= 100 B/edge).

    python benchmarks/store.py                    # 2,000 and 20,000 papers
    python benchmarks/store.py --sizes 2000,50000

Each store is a real crawl of a synthetic field through the in-process fake S2 (``CorpusSource``,
nested batch reads, no edge-details pass). *After* is that store (integer keys: ``ids``, integer
``edges`` and ``candidates``); *before* is the same store rewritten as the previous schema (text
paperIds in ``edges``, its index and ``candidates``; ``tests/old_stores.py``). Both are vacuumed
copies, so free pages count in neither. Per store it prints the file's bytes per edge, what the
edge tables take (SQLite's ``dbstat``), and the seconds the in-place migration of *before* takes.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.demo import entry_survey
from mentalmap.fake_s2 import CorpusSource
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from old_stores import to_text_keys  # noqa: E402

#: What holds the edges in each layout (tables and indexes, as ``dbstat`` names them).
EDGE_OBJECTS = {
    "before": ("edges", "edges_cited", "candidates", "sqlite_autoindex_candidates_1"),
    "after": ("edges", "edges_cited", "candidates", "ids", "sqlite_autoindex_ids_1"),
}


def crawled_store(n_papers: int, path: Path) -> float:
    """A store of ``n_papers`` crawled from a field five times that size; returns crawl seconds."""
    field = generate_field(5 * n_papers, seed=0)
    t0 = time.perf_counter()
    with Store.open(path) as store:
        crawl(
            store, CorpusSource(field.to_corpus()), [entry_survey(field)],
            CrawlSettings(max_papers=n_papers, details_calls=0),
        )  # fmt: skip
    return time.perf_counter() - t0


def table_bytes(conn: sqlite3.Connection, *names: str) -> int:
    marks = ",".join("?" * len(names))
    row = conn.execute(f"SELECT SUM(pgsize) FROM dbstat WHERE name IN ({marks})", names)  # noqa: S608
    return int(row.fetchone()[0] or 0)


def vacuumed(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.close()
    return path


def layout(path: Path, name: str, edges: int) -> str:
    conn = sqlite3.connect(path)
    edge_bytes = table_bytes(conn, *EDGE_OBJECTS[name])
    conn.close()
    size = path.stat().st_size
    share = edge_bytes / size
    return (f"{name:>6}: file {size / 1e6:7.1f} MB = {size / edges:5.0f} B/edge; edges, "
            f"candidates (+ ids) {edge_bytes / edges:5.0f} B/edge ({share:4.0%})")  # fmt: skip


def measure(n_papers: int, folder: Path) -> None:
    after = folder / f"after{n_papers}.sqlite"
    secs = crawled_store(n_papers, after)
    vacuumed(after)
    before = folder / f"before{n_papers}.sqlite"
    shutil.copyfile(after, before)
    vacuumed(to_text_keys(before))
    conn = sqlite3.connect(after)
    papers = conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    edges = conn.execute("SELECT COUNT(*) FROM edges").fetchone()[0]
    conn.close()
    print(f"{papers:>7,} papers {edges:>9,} edges (crawl {secs:5.1f} s)")
    print(" " * 8 + layout(before, "before", edges))
    print(" " * 8 + layout(after, "after", edges))
    t0 = time.perf_counter()
    Store.open(before).close()
    print(f"{'':>8}migration of before in place: {time.perf_counter() - t0:5.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000", help="comma-separated paper counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            measure(n, Path(tmp))


if __name__ == "__main__":
    main()
