"""The engines a warehouse runs on: embedded DuckDB (default) or Spark, behind one interface.

The extraction and the whole-field scores are written once, as SQL text over the warehouse's
views plus small id tables put in from Python; an `Engine` runs that text and answers in Arrow.
`DuckDBEngine` is embedded and starts nothing; `SparkEngine` (`datasets.spark`) runs the same
text on Spark SQL, locally or on a cluster. The only spelling that differs between the two
dialects is a test on a list of structs (`Engine.any_category`).

DuckDB and pyarrow are an optional extra (``pip install "mentalmap[datasets]"``), pyspark another
(``mentalmap[spark]``), imported only here and in `datasets.spark`, so the rest of mentalmap runs
without them.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentalmap.errors import DatasetsError, DatasetsUnavailable

#: DuckDB's memory cap: it spills to ``temp_directory`` past it (joins, DISTINCT, sorts).
DEFAULT_MEMORY_LIMIT = "4GB"
#: The engines `open_engine` knows, the default first.
ENGINES = ("duckdb", "spark")
#: Spark's master when none is given: every core of this machine.
DEFAULT_MASTER = "local[*]"


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


class Engine(ABC):
    """SQL over a warehouse's views; results as Arrow tables. Values are bound as ``?``
    parameters (both dialects read them; no user text is spliced into SQL)."""

    name: str

    def __init__(self) -> None:
        self.views: set[str] = set()

    @abstractmethod
    def arrow(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The result of a query as a ``pyarrow.Table``."""

    @abstractmethod
    def view(self, name: str, sql: str) -> None:
        """Name a query (evaluated when read)."""

    @abstractmethod
    def parquet(self, name: str, glob: Path) -> None:
        """Name the Parquet files matching ``glob`` as one table."""

    @abstractmethod
    def keep(self, name: str, sql: str, params: Sequence[Any] = ()) -> None:
        """Compute a query once and keep its result under ``name`` (read more than once)."""

    @abstractmethod
    def put(self, name: str, table: Any) -> None:
        """A small ``pyarrow.Table`` from Python under ``name`` (the selection, a pool)."""

    @abstractmethod
    def any_category(self, column: str, count: int) -> str:
        """SQL true when a list of ``{category, …}`` structs holds one of ``count`` ``?``s."""

    @abstractmethod
    def close(self) -> None:
        """Free what the engine holds (the Spark session is stopped only if it started it)."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The result of a query as tuples (structs as dicts, lists as lists)."""
        table = self.arrow(sql, params)
        return list(zip(*(column.to_pylist() for column in table.columns)))

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DuckDBEngine(Engine):
    """The embedded engine: one in-memory DuckDB connection with bounded memory."""

    name = "duckdb"

    def __init__(
        self,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        threads: int | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        super().__init__()
        self.con = connect(memory_limit, threads, temp_directory)

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.con.sql(sql, params=list(params) or None).to_arrow_table()

    def view(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
        self.views.add(name)

    def parquet(self, name: str, glob: Path) -> None:
        self.view(name, f"SELECT * FROM read_parquet({sql_path(glob)})")

    def keep(self, name: str, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", list(params))
        self.views.add(name)

    def put(self, name: str, table: Any) -> None:
        self.con.register("_put", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _put")
        finally:
            self.con.unregister("_put")
        self.views.add(name)

    def any_category(self, column: str, count: int) -> str:
        marks = ", ".join("?" * count)
        return f"list_has_any(list_transform({column}, lambda x: x.category), [{marks}])"

    def close(self) -> None:
        self.con.close()


def open_engine(
    engine: str = "duckdb",
    *,
    master: str = DEFAULT_MASTER,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    temp_directory: Path | None = None,
) -> Engine:
    """The named engine, ready for a warehouse's views; unknown names raise `DatasetsError`."""
    if engine == "duckdb":
        return DuckDBEngine(memory_limit, threads, temp_directory)
    if engine == "spark":
        from mentalmap.datasets.spark import SparkEngine

        return SparkEngine(master, memory_limit=memory_limit)
    raise DatasetsError(f"unknown engine {engine!r} (use {' or '.join(ENGINES)})")
