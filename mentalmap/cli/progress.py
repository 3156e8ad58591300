"""Progress bars for long work: counts and ETA on stderr, silent with ``--quiet``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

if TYPE_CHECKING:
    from mentalmap.crawl import CrawlProgress
    from mentalmap.datasets.download import DownloadProgress
    from mentalmap.datasets.ingest import IngestProgress


def _bar(*columns: str | ProgressColumn, transient: bool = False) -> Progress:
    """A bar on stderr: the step's name, the bar, then ``columns``."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        *columns,
        console=Console(stderr=True),
        transient=transient,
    )


@contextmanager
def crawl_progress(quiet: bool) -> Iterator[Callable[[CrawlProgress], None] | None]:
    """A callback that draws the crawl's bar: papers, API calls, retries and ETA."""
    if quiet:
        yield None
        return
    progress = _bar(
        MofNCompleteColumn(),
        TextColumn(
            "papers {task.fields[papers]} (+{task.fields[found]} found)  calls {task.fields[calls]}"
        ),
        TextColumn("retries {task.fields[retries]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    task = progress.add_task("crawl", total=None, papers=0, found=0, calls=0, retries=0)

    def update(p: CrawlProgress) -> None:
        progress.update(
            task,
            description=p.phase,
            completed=p.done,
            total=p.total,
            papers=p.papers,
            found=p.found,
            calls=p.calls,
            retries=p.retries,
        )

    with progress:
        yield update


@contextmanager
def download_progress(quiet: bool) -> Iterator[Callable[[DownloadProgress], None] | None]:
    """Bytes of the shard being fetched, speed, shards done of all (transient: an error then
    shows alone, and the summary line replaces the bar)."""
    if quiet:
        yield None
        return
    progress = _bar(
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("shards {task.fields[files]}"),
        TimeRemainingColumn(),
        transient=True,
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
def ingest_progress(quiet: bool) -> Iterator[Callable[[IngestProgress], None] | None]:
    """Shards done of all and rows written (transient, as the download bar)."""
    if quiet:
        yield None
        return
    progress = _bar(
        MofNCompleteColumn(),
        TextColumn("rows {task.fields[rows]:,}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = progress.add_task("ingest", total=None, rows=0)

    def update(p: IngestProgress) -> None:
        progress.update(task, description=p.dataset, completed=p.done, total=p.total, rows=p.rows)

    with progress:
        yield update
