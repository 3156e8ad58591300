"""Whole-field scores over every paper of a warehouse, written to Parquet.

A crawled map only sees the citations inside it; the bulk graph has all of them, so citation
counts, PageRank and age-rescaled PageRank R(p) can be computed over the whole field and
compared across sub-areas. DuckDB turns the Parquet edges into integer arrays (distinct pairs,
unmatched references and self-citations dropped); the sparse iteration is the analyses' own
(`analysis.pagerank.pagerank_scores`, `analysis.citations.rescale_by_age`), so a store and the
warehouse score the same way.
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
from mentalmap.datasets.engine import DEFAULT_MEMORY_LIMIT
from mentalmap.datasets.files import atomic_path
from mentalmap.datasets.warehouse import open_warehouse
from mentalmap.errors import WarehouseError

SCORES_FILE = Path("scores") / "scores.parquet"


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
) -> ScoresResult:
    """Citations, PageRank and R(p) of every paper; default ``<warehouse>/scores/scores.parquet``.

    Columns: ``corpusid, paperid, year, citations`` (distinct citing papers in the warehouse),
    ``s2_citationcount`` (S2's own count), ``pagerank``, ``rescaled_pagerank``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    warehouse = Path(warehouse)
    out = warehouse / SCORES_FILE if out is None else Path(out)
    start = time.perf_counter()
    con = open_warehouse(warehouse, memory_limit=memory_limit)
    try:
        con.execute(
            "CREATE TEMP TABLE nodes AS SELECT row_number() OVER (ORDER BY corpusid) - 1 AS i, "
            "corpusid, paperid, year, s2_citationcount FROM (SELECT corpusid, "
            "any_value(paperid) AS paperid, any_value(year) AS year, "
            "max(citationcount) AS s2_citationcount FROM papers GROUP BY corpusid)"
        )
        nodes = con.execute("SELECT * FROM nodes ORDER BY i").fetchnumpy()
        edges = con.execute(
            "SELECT a.i AS citing, b.i AS cited FROM edges e JOIN nodes a ON a.corpusid = e.citing "
            "JOIN nodes b ON b.corpusid = e.cited"
        ).fetchnumpy()
    finally:
        con.close()
    n = len(nodes["corpusid"])
    if n == 0:
        raise WarehouseError(f"the warehouse {warehouse} holds no papers to score")
    loaded = time.perf_counter()
    year = _floats(nodes["year"])
    citing = np.asarray(edges["citing"], dtype=np.int64)
    cited = np.asarray(edges["cited"], dtype=np.int64)
    matrix = CitationMatrix.from_arrays(np.asarray(nodes["corpusid"]), year, citing, cited)
    pagerank = pagerank_scores(matrix, damping)
    rescaled = rescale_by_age(pagerank, year, window)
    table = pa.table(
        {
            "corpusid": np.asarray(nodes["corpusid"], dtype=np.int64),
            "paperid": _arrow(pa, nodes["paperid"], pa.string()),
            "year": _arrow(pa, nodes["year"], pa.int32()),
            "citations": matrix.in_degree,
            "s2_citationcount": _arrow(pa, nodes["s2_citationcount"], pa.int64()),
            "pagerank": pagerank,
            "rescaled_pagerank": rescaled,
        }
    )
    with atomic_path(out) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    done = time.perf_counter()
    return ScoresResult(out, n, int(matrix.A.nnz), loaded - start, done - loaded)


def _floats(values: np.ndarray) -> np.ndarray:
    """A DuckDB integer column (masked where null) as floats with NaN for null."""
    if np.ma.isMaskedArray(values):
        return np.ma.filled(values.astype(float), np.nan)
    return np.asarray(values, dtype=float)


def _arrow(pa: Any, values: np.ndarray, kind: Any) -> Any:
    """A DuckDB column (masked where null) as an Arrow array with nulls."""
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if kind == pa.string():
        return pa.array([None if m else v for v, m in zip(data.tolist(), mask.tolist())], kind)
    return pa.array(data, kind, mask=mask)
