"""The Spark engine: the warehouse's SQL on Spark SQL, locally (``local[*]``) or on a cluster.

pyspark is the optional extra ``mentalmap[spark]``; Java 17 is its one system dependency. Both
are checked before a session starts, so a missing one is a one-line `SparkUnavailable`, not a
JVM stack trace. The session runs in ANSI mode with double-quoted identifiers, so the SQL text
DuckDB runs is valid here too. An already running session (a notebook's, a test module's) is
used as it is and left running; one started here is stopped on `close`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentalmap.datasets.engine import DEFAULT_MASTER, DEFAULT_MEMORY_LIMIT, Engine
from mentalmap.errors import SparkUnavailable

#: Settings every session gets: DuckDB's identifier quoting, no UI port, results of any size to
#: the driver (the scores pull the edge list there, see docs/decisions.md).
SESSION_CONF = {
    "spark.sql.ansi.enabled": "true",
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.maxResultSize": "0",
    "spark.sql.session.timeZone": "UTC",
}


def pyspark_module() -> Any:
    """The pyspark.sql module, or a one-line error saying how to install it."""
    try:
        import pyspark.sql
    except ImportError as exc:
        raise SparkUnavailable(
            'the spark engine needs pyspark: pip install "mentalmap[spark]"'
        ) from exc
    return pyspark.sql


def java_command() -> str:
    """The ``java`` Spark will start (JAVA_HOME's, else the PATH's), or a one-line error."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise SparkUnavailable(
            "the spark engine needs Java 17: no java on PATH or in JAVA_HOME "
            "(Debian: apt-get install openjdk-17-jre-headless)"
        )
    return found


def spark_memory(limit: str) -> str:
    """DuckDB's memory spelling (``4GB``) as Spark's (``4g``)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmgt])i?b?\s*", limit.lower())
    if match is None:
        raise SparkUnavailable(f"cannot read the memory limit {limit!r} (write it as 4GB)")
    return match.group(1) + match.group(2)


def start_session(
    master: str = DEFAULT_MASTER,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    shuffle_partitions: int | None = None,
) -> Any:
    """A SparkSession on ``master`` with `SESSION_CONF` (the running one, if there is one)."""
    sql = pyspark_module()
    java_command()
    builder = sql.SparkSession.builder.master(master).appName("mentalmap")
    for key, value in SESSION_CONF.items():
        builder = builder.config(key, value)
    builder = builder.config("spark.driver.memory", spark_memory(memory_limit))
    if shuffle_partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(int(shuffle_partitions)))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 (py4j and the JVM raise many kinds)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SparkUnavailable(f"Spark could not start on {master}: {first}") from exc
    for key in ("spark.sql.ansi.enabled", "spark.sql.ansi.doubleQuotedIdentifiers"):
        session.conf.set(key, "true")  # a session we did not start must read our SQL too
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine(Engine):
    """The same SQL as `DuckDBEngine`, as Spark SQL temp views on one session."""

    name = "spark"

    def __init__(
        self, master: str = DEFAULT_MASTER, *, memory_limit: str = DEFAULT_MEMORY_LIMIT
    ) -> None:
        super().__init__()
        sql = pyspark_module()
        self._owned = sql.SparkSession.getActiveSession() is None
        self.session = start_session(master, memory_limit=memory_limit)
        self._cached: dict[str, Any] = {}

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> Any:
        frame = self.session.sql(sql, args=list(params)) if params else self.session.sql(sql)
        return frame.toArrow()

    def view(self, name: str, sql: str) -> None:
        self.session.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
        self.views.add(name)

    def parquet(self, name: str, glob: Path) -> None:
        self.session.read.parquet(str(glob)).createOrReplaceTempView(name)
        self.views.add(name)

    def keep(self, name: str, sql: str, params: Sequence[Any] = ()) -> None:
        frame = self.session.sql(sql, args=list(params)) if params else self.session.sql(sql)
        self._replace(name, frame.cache())

    def put(self, name: str, table: Any) -> None:
        self._replace(name, self.session.createDataFrame(table).cache())

    def _replace(self, name: str, frame: Any) -> None:
        old = self._cached.pop(name, None)
        frame.createOrReplaceTempView(name)
        if old is not None:
            old.unpersist()
        self._cached[name] = frame
        self.views.add(name)

    def any_category(self, column: str, count: int) -> str:
        marks = ", ".join("?" * count)
        return f"arrays_overlap(transform({column}, x -> x.category), array({marks}))"

    def close(self) -> None:
        for frame in self._cached.values():
            frame.unpersist()
        for name in self.views:
            self.session.catalog.dropTempView(name)
        self._cached.clear()
        self.views.clear()
        if self._owned:
            self.session.stop()
