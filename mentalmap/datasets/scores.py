"""Whole-field scores over every paper of a warehouse, written to Parquet.

A crawled map only sees the citations inside it; the bulk graph has all of them, so citation
counts, PageRank and age-rescaled PageRank R(p) can be computed over the whole field and
compared across sub-areas. The engine (DuckDB or Spark) turns the Parquet edges into integer
arrays (distinct pairs, unmatched references and self-citations dropped); the sparse iteration
is the analyses' own (`analysis.pagerank.pagerank_scores`, `analysis.citations.rescale_by_age`),
so a store and the warehouse score the same way, whichever engine read the warehouse.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mentalmap.analysis.citations import rescale_by_age
from mentalmap.analysis.matrix import CitationMatrix
from mentalmap.analysis.pagerank import pagerank_scores
from mentalmap.datasets.engine import DEFAULT_MASTER, DEFAULT_MEMORY_LIMIT
from mentalmap.datasets.files import atomic_path
from mentalmap.datasets.warehouse import latest_sql, open_warehouse
from mentalmap.errors import WarehouseError

SCORES_FILE = Path("scores") / "scores.parquet"
#: Every paper once (its latest record), in corpus-id order: row i of the matrix.
NODES_SQL = (
    "SELECT corpusid, paperid, year, citationcount AS s2_citationcount FROM ("
    + latest_sql("papers", "updated DESC NULLS LAST, paperid, title")
    + ") AS p ORDER BY corpusid"
)
#: The distinct citations whose both ends are papers of the warehouse (joins: at 4M edges
#: DuckDB takes 1.7 s this way, 3.4 s with ``IN (SELECT …)``).
MATCHED_EDGES_SQL = (
    "WITH ids AS (SELECT DISTINCT corpusid FROM papers) SELECT e.citing, e.cited FROM edges e "
    "JOIN ids a ON a.corpusid = e.citing JOIN ids b ON b.corpusid = e.cited"
)
#: Corpus ids are mapped to rows by a lookup table when they span at most this many ids per
#: paper (4 bytes each), else by binary search (5x slower at 4M edges).
_LOOKUP_SPAN = 16


@dataclass(frozen=True)
class ScoresResult:
    """Where the scores went, and the size of the graph they were computed on."""

    path: Path
    papers: int
    edges: int
    seconds_load: float
    seconds_rank: float


def whole_field_scores(
    warehouse: str | Path,
    out: str | Path | None = None,
    *,
    damping: float = 0.5,
    window: int | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    engine: str = "duckdb",
    master: str = DEFAULT_MASTER,
) -> ScoresResult:
    """Citations, PageRank and R(p) of every paper; default ``<warehouse>/scores/scores.parquet``.

    Columns: ``corpusid, paperid, year, citations`` (distinct citing papers in the warehouse),
    ``s2_citationcount`` (S2's own count), ``pagerank``, ``rescaled_pagerank``. ``engine``
    (``duckdb`` or ``spark`` on ``master``) builds the node and edge lists; the iteration is the
    same scipy code on both (docs/decisions.md), so both engines give the same scores.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    warehouse = Path(warehouse)
    out = warehouse / SCORES_FILE if out is None else Path(out)
    start = time.perf_counter()
    with open_warehouse(warehouse, memory_limit=memory_limit, engine=engine, master=master) as eng:
        nodes = eng.arrow(NODES_SQL)
        edges = eng.arrow(MATCHED_EDGES_SQL)
    n = nodes.num_rows
    if n == 0:
        raise WarehouseError(f"the warehouse {warehouse} holds no papers to score")
    ids = _ints(nodes["corpusid"])
    # dense indices in corpus-id order: the same matrix whatever order the engine answered in
    citing = dense_rows(ids, _ints(edges["citing"]))
    cited = dense_rows(ids, _ints(edges["cited"]))
    del edges
    loaded = time.perf_counter()
    year = nodes["year"].to_numpy(zero_copy_only=False).astype(float)
    matrix = CitationMatrix.from_arrays(ids, year, citing, cited)
    pagerank = pagerank_scores(matrix, damping)
    rescaled = rescale_by_age(pagerank, year, window)
    table = pa.table(
        {
            "corpusid": ids,
            "paperid": nodes["paperid"].cast(pa.string()),
            "year": nodes["year"].cast(pa.int32()),
            "citations": matrix.in_degree,
            "s2_citationcount": nodes["s2_citationcount"].cast(pa.int64()),
            "pagerank": pagerank,
            "rescaled_pagerank": rescaled,
        }
    )
    with atomic_path(out) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    done = time.perf_counter()
    return ScoresResult(out, n, int(matrix.A.nnz), loaded - start, done - loaded)


def dense_rows(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The row of each value in ``ids`` (sorted, unique; every value is one of them).

    >>> dense_rows(np.array([10, 12, 40]), np.array([40, 10, 12, 12])).tolist()
    [2, 0, 1, 1]
    >>> dense_rows(np.array([7, 10**12]), np.array([10**12, 7])).tolist()  # sparse ids: search
    [1, 0]
    """
    if len(ids) == 0:
        return np.zeros(0, dtype=np.int64)
    low, span = int(ids[0]), int(ids[-1]) - int(ids[0]) + 1
    if span > _LOOKUP_SPAN * len(ids):
        return np.searchsorted(ids, values)
    lookup = np.empty(span, dtype=np.int32 if len(ids) < 2**31 else np.int64)
    lookup[ids - low] = np.arange(len(ids), dtype=lookup.dtype)
    return lookup[values - low]


def _ints(column: Any) -> np.ndarray:
    """A non-null Arrow integer column as int64 numpy."""
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.int64)
