"""A warehouse (the Parquet an ingest wrote) opened as DuckDB views, one per dataset.

``edges`` is the citation graph as the analyses want it: matched references only (``citedcorpusid``
null is an unmatched reference), self-citations dropped, and each (citing, cited) pair once —
edges can repeat across shards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentalmap.datasets.engine import DEFAULT_MEMORY_LIMIT, connect, sql_path
from mentalmap.datasets.formats import DATASETS
from mentalmap.errors import WarehouseError


def parquet_glob(warehouse: Path, dataset: str) -> Path:
    return warehouse / dataset / "*.parquet"


def has_dataset(warehouse: Path, dataset: str) -> bool:
    return any((warehouse / dataset).glob("*.parquet"))


def open_warehouse(
    warehouse: str | Path,
    needs: tuple[str, ...] = ("papers", "citations"),
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
) -> Any:
    """A DuckDB connection with a view per ingested dataset (``paper_ids`` for ``paper-ids``)
    and ``edges``; a missing needed dataset raises `WarehouseError` naming it."""
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
    con = connect(memory_limit, threads, warehouse / ".duckdb-tmp")
    for dataset in DATASETS:
        if has_dataset(warehouse, dataset):
            view = dataset.replace("-", "_")
            con.execute(
                f"CREATE VIEW {view} AS SELECT * FROM "
                f"read_parquet({sql_path(parquet_glob(warehouse, dataset))})"
            )
    if has_dataset(warehouse, "citations"):
        con.execute(
            "CREATE VIEW edges AS SELECT DISTINCT citingcorpusid AS citing, "
            "citedcorpusid AS cited FROM citations "
            "WHERE citedcorpusid IS NOT NULL AND citingcorpusid != citedcorpusid"
        )
    return con
