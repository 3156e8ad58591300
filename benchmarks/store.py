"""Bytes per edge of the store today, beside an integer-keyed edges table built in the same run.

    python benchmarks/store.py                    # 2,000 and 20,000 papers
    python benchmarks/store.py --sizes 2000,50000

Each store is a real crawl of a synthetic field through the in-process fake S2 (``CorpusSource``,
nested batch reads, no edge-details pass). Per store it prints the file's bytes per edge, what
the ``edges`` table and its index take (SQLite's ``dbstat``), and the share of the file they are.
The baseline is the same edges copied into ``(citing INTEGER, cited INTEGER, isInfluential,
intents, contexts)`` with the same primary key and cited index, in a fresh file: what integer
keys inside the store would cost (issue 19's target is <= 100 bytes per edge).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.demo import entry_survey
from mentalmap.fake_s2 import CorpusSource
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

INTEGER_EDGES = """
CREATE TABLE ids (id INTEGER PRIMARY KEY, paperId TEXT NOT NULL UNIQUE);
CREATE TABLE edges (
    citing INTEGER NOT NULL, cited INTEGER NOT NULL, isInfluential INTEGER, intents TEXT,
    contexts TEXT, PRIMARY KEY (citing, cited)
) WITHOUT ROWID;
CREATE INDEX edges_cited ON edges (cited);
"""


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


def integer_copy(src: Path, dst: Path) -> None:
    """The store's edges with integer keys (and the id table they need), vacuumed."""
    conn = sqlite3.connect(dst)
    conn.executescript(INTEGER_EDGES)
    conn.execute("ATTACH ? AS s", (str(src),))
    conn.execute(
        "INSERT INTO ids (paperId) SELECT DISTINCT x FROM "
        "(SELECT citing AS x FROM s.edges UNION SELECT cited FROM s.edges)"
    )
    conn.execute(
        "INSERT INTO edges SELECT a.id, b.id, e.isInfluential, e.intents, e.contexts "
        "FROM s.edges e JOIN ids a ON a.paperId = e.citing JOIN ids b ON b.paperId = e.cited"
    )
    conn.commit()
    conn.execute("DETACH s")
    conn.execute("VACUUM")
    conn.close()


def measure(n_papers: int, folder: Path) -> None:
    path = folder / f"store{n_papers}.sqlite"
    secs = crawled_store(n_papers, path)
    conn = sqlite3.connect(path)
    papers = conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    edges = conn.execute("SELECT COUNT(*) FROM edges").fetchone()[0]
    edge_bytes = table_bytes(conn, "edges", "edges_cited")
    conn.close()
    size = path.stat().st_size
    ints = folder / f"ints{n_papers}.sqlite"
    integer_copy(path, ints)
    iconn = sqlite3.connect(ints)
    int_edge_bytes = table_bytes(iconn, "edges", "edges_cited")
    id_bytes = table_bytes(iconn, "ids", "sqlite_autoindex_ids_1")
    iconn.close()
    print(f"{papers:>7,} papers {edges:>9,} edges (crawl {secs:5.1f} s): file {size / 1e6:7.1f} MB "
          f"= {size / edges:5.0f} B/edge; edges + index {edge_bytes / edges:5.0f} B/edge "
          f"({edge_bytes / size:4.0%} of the file)")  # fmt: skip
    ints_all = int_edge_bytes + id_bytes
    print(f"{'':>7}  integer keys (baseline, same run): edges + index "
          f"{int_edge_bytes / edges:5.0f} B/edge, + id table {ints_all / edges:5.0f} B/edge "
          f"({edge_bytes / ints_all:.1f}x smaller than today)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000", help="comma-separated paper counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            measure(n, Path(tmp))


if __name__ == "__main__":
    main()
