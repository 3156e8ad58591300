"""Progress bars for long work: counts and ETA on stderr, silent with ``--quiet``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from mentalmap.crawl import CrawlProgress


@contextmanager
def crawl_progress(quiet: bool) -> Iterator[Callable[[CrawlProgress], None] | None]:
    """A callback that draws the crawl's bar: papers, API calls, retries and ETA."""
    if quiet:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "papers {task.fields[papers]} (+{task.fields[found]} found)  calls {task.fields[calls]}"
        ),
        TextColumn("retries {task.fields[retries]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
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
