"""A warehouse (the Parquet an ingest wrote) opened on an engine, one view per dataset.

The views every step reads are defined here once, as SQL both engines run:

- ``edges`` is the citation graph as the analyses want it: matched references only
  (``citedcorpusid`` null is an unmatched reference), self-citations dropped, and each
  (citing, cited) pair once — edges can repeat across shards;
- `latest_sql` keeps one record per corpus id (the latest ``updated``, ties by the other
  columns), so a paper re-released in two shards is read the same way by either engine.
"""

from __future__ import annotations

from pathlib import Path

from mentalmap.datasets.engine import DEFAULT_MASTER, DEFAULT_MEMORY_LIMIT, Engine, open_engine
from mentalmap.datasets.formats import DATASETS
from mentalmap.errors import WarehouseError

EDGES_SQL = (
    "SELECT DISTINCT citingcorpusid AS citing, citedcorpusid AS cited FROM citations "
    "WHERE citedcorpusid IS NOT NULL AND citingcorpusid != citedcorpusid"
)


def latest_sql(table: str, order: str, where: str = "TRUE", key: str = "corpusid") -> str:
    """One row of ``table`` per ``key`` (the first in ``order``) among those ``where`` holds;
    every column of ``table`` plus ``_k``."""
    return (
        f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {key} ORDER BY {order}) AS _k "
        f"FROM {table} WHERE {where}) AS ranked WHERE _k = 1"
    )


def parquet_glob(warehouse: Path, dataset: str) -> Path:
    return warehouse / dataset / "*.parquet"


def has_dataset(warehouse: Path, dataset: str) -> bool:
    return any((warehouse / dataset).glob("*.parquet"))


def open_warehouse(
    warehouse: str | Path,
    needs: tuple[str, ...] = ("papers", "citations"),
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    *,
    engine: str = "duckdb",
    master: str = DEFAULT_MASTER,
) -> Engine:
    """An engine with a view per ingested dataset (``paper_ids`` for ``paper-ids``) and
    ``edges``; a missing needed dataset raises `WarehouseError` naming it."""
    warehouse = Path(warehouse)
    if not warehouse.is_dir():
        raise WarehouseError(
            f"no warehouse at {warehouse}: run `mentalmap datasets ingest --out {warehouse}` first"
        )
    missing = [d for d in needs if not has_dataset(warehouse, d)]
    if missing:
        raise WarehouseError(
            f"the warehouse {warehouse} has no {', '.join(missing)}: download and ingest "
            f"{'it' if len(missing) == 1 else 'them'} first"
        )
    eng = open_engine(
        engine,
        master=master,
        memory_limit=memory_limit,
        threads=threads,
        temp_directory=warehouse / ".duckdb-tmp",
    )
    try:
        for dataset in DATASETS:
            if has_dataset(warehouse, dataset):
                eng.parquet(dataset.replace("-", "_"), parquet_glob(warehouse, dataset))
        if has_dataset(warehouse, "citations"):
            eng.view("edges", EDGES_SQL)
    except BaseException:
        eng.close()
        raise
    return eng
