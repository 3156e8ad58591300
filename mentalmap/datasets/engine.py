"""The embedded DuckDB connection every bulk step runs on, with bounded memory.

DuckDB and pyarrow are an optional extra (``pip install "mentalmap[datasets]"``), imported only
here, so the rest of mentalmap runs without them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mentalmap.errors import DatasetsUnavailable

#: DuckDB's memory cap: it spills to ``temp_directory`` past it (joins, DISTINCT, sorts).
DEFAULT_MEMORY_LIMIT = "4GB"


def duckdb_module() -> Any:
    """The duckdb module, or a one-line error saying how to install it."""
    try:
        import duckdb
    except ImportError as exc:
        raise DatasetsUnavailable(
            'bulk datasets need DuckDB: pip install "mentalmap[datasets]"'
        ) from exc
    return duckdb


def connect(
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    temp_directory: Path | None = None,
) -> Any:
    """An in-memory DuckDB connection that streams (no insertion order kept) and spills to disk."""
    duckdb = duckdb_module()
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
    if temp_directory is not None:
        temp_directory.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{_quote(str(temp_directory))}'")
    return con


def _quote(text: str) -> str:
    return text.replace("'", "''")


def sql_path(path: Path | str) -> str:
    """A path as a quoted SQL string literal."""
    return "'" + _quote(str(path)) + "'"
