"""Ingest: a release's gzipped JSONL shards into Parquet, one file per shard, resumable per shard.

Each shard is streamed by DuckDB (``read_json`` → ``COPY … TO parquet``) into a temporary file
renamed into place, then recorded in ``<warehouse>/_ingest.json``. A rerun skips recorded shards
(same size and mtime), so an interrupted ingest restarts at the next shard, and a corrupt shard
is named while every other shard is still ingested.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mentalmap.datasets.engine import DEFAULT_MEMORY_LIMIT, connect, duckdb_module, sql_path
from mentalmap.datasets.files import atomic_path, read_json, write_json
from mentalmap.datasets.formats import DATASETS, check_shard, dataset_format, shard_files
from mentalmap.errors import CorruptShard, DatasetNotInRelease, DatasetsError

STATE_FILE = "_ingest.json"


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest is: shards done of all, rows written so far, the shard just finished."""

    dataset: str
    shard: str
    done: int
    total: int
    rows: int


@dataclass
class IngestResult:
    """What one run did: shards ingested now, shards skipped as done before, rows per dataset."""

    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seconds_by_dataset: dict[str, float] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return sum(self.rows.values()) / self.seconds if self.seconds > 0 else 0.0


def release_datasets(release_dir: Path) -> list[str]:
    """The datasets mentalmap reads that a downloaded release folder holds shards of."""
    return [d for d in DATASETS if shard_files(release_dir / d)]


def ingest(
    release_dir: str | Path,
    warehouse: str | Path,
    datasets: Sequence[str] | None = None,
    *,
    progress: Callable[[IngestProgress], None] | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
) -> IngestResult:
    """Ingest the shards of ``datasets`` (default: every dataset present) under ``release_dir``.

    Raises `CorruptShard` naming the bad shards after all good ones are written;
    `DatasetNotInRelease` when a named dataset has no shards.
    """
    release_dir, warehouse = Path(release_dir), Path(warehouse)
    names = list(datasets) if datasets else release_datasets(release_dir)
    if not names:
        raise DatasetNotInRelease(
            f"{release_dir} holds no shards of {', '.join(DATASETS)}: "
            "run `mentalmap datasets download` first"
        )
    todo: list[tuple[str, Path]] = []
    for name in names:
        dataset_format(name)
        shards = shard_files(release_dir / name)
        if not shards:
            raise DatasetNotInRelease(f"{release_dir / name} holds no {name!r} shards")
        todo += [(name, s) for s in shards]
    state = read_json(warehouse / STATE_FILE, {"shards": {}})
    con = connect(memory_limit, threads, warehouse / ".duckdb-tmp")
    result = IngestResult(
        rows=dict.fromkeys(names, 0), seconds_by_dataset=dict.fromkeys(names, 0.0)
    )
    failures: list[CorruptShard] = []
    start = time.perf_counter()
    try:
        for done, (name, shard) in enumerate(todo, start=1):
            key = f"{name}/{shard.name}"
            out = warehouse / name / f"{shard.name}.parquet"
            stat = shard.stat()
            seen = state["shards"].get(key)
            if _unchanged(seen, stat) and out.exists():
                result.skipped.append(key)
                continue
            began = time.perf_counter()
            try:
                rows = ingest_shard(con, shard, name, out)
            except CorruptShard as exc:
                failures.append(exc)
                continue
            result.seconds_by_dataset[name] += time.perf_counter() - began
            state["shards"][key] = {
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "rows": rows,
            }
            write_json(warehouse / STATE_FILE, state)
            result.ingested.append(key)
            result.rows[name] += rows
            if progress is not None:
                progress(
                    IngestProgress(name, shard.name, done, len(todo), sum(result.rows.values()))
                )
    finally:
        con.close()
        result.seconds = time.perf_counter() - start
    if failures:
        bad = [s for f in failures for s in f.shards]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise CorruptShard(
            f"{failures[0]}{more}; the other shards were ingested — delete the bad shard, "
            "download it again and rerun ingest",
            bad,
        )
    return result


def _unchanged(seen: dict | None, stat: os.stat_result) -> bool:
    """A shard recorded as ingested, not replaced since (a new download changes size or mtime)."""
    if not seen:
        return False
    return seen["size"] == stat.st_size and seen["mtime_ns"] == stat.st_mtime_ns


def ingest_shard(con: object, shard: Path, dataset: str, out: Path) -> int:
    """One shard to one Parquet file (atomically); returns its row count."""
    check_shard(shard, dataset)
    fmt = dataset_format(dataset)
    duckdb = duckdb_module()
    with atomic_path(out) as tmp:
        try:
            row = con.execute(  # type: ignore[attr-defined]
                f"COPY (SELECT {fmt.select} FROM {fmt.read_json_sql(str(shard))}) "
                f"TO {sql_path(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)"
            ).fetchone()
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            if "No space left" in message or "disk is full" in message.lower():
                raise DatasetsError(f"disk full while writing {out}: {message}") from exc
            raise CorruptShard(
                f"shard {shard} is corrupt or truncated ({message})", [str(shard)]
            ) from exc
    return int(row[0]) if row else 0
