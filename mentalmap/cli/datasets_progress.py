"""Progress bars of the bulk-dataset commands: bytes for downloads, shards and rows for ingest.

Transient: the command's summary line replaces the bar, and an error shows alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from mentalmap.datasets.download import DownloadProgress
from mentalmap.datasets.ingest import IngestProgress


@contextmanager
def download_bar(quiet: bool) -> Iterator[Callable[[DownloadProgress], None] | None]:
    """A bar over the bytes of the shard being fetched, with shards done of all."""
    if quiet:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("shards {task.fields[files]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,  # an error then shows alone, on one line
    )
    task = progress.add_task("download", total=None, files="0/?")

    def update(p: DownloadProgress) -> None:
        progress.update(
            task,
            description=f"{p.dataset}/{p.shard}",
            completed=p.shard_bytes,
            total=p.shard_size,
            files=f"{p.files_done}/{p.files_total}",
        )

    with progress:
        yield update


@contextmanager
def ingest_bar(quiet: bool) -> Iterator[Callable[[IngestProgress], None] | None]:
    """A bar over shards, with rows written so far."""
    if quiet:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows {task.fields[rows]:,}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,  # an error then shows alone, on one line
    )
    task = progress.add_task("ingest", total=None, rows=0)

    def update(p: IngestProgress) -> None:
        progress.update(task, description=p.dataset, completed=p.done, total=p.total, rows=p.rows)

    with progress:
        yield update
