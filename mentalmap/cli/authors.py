"""``mentalmap authors``: the people of the field, founders and currently active."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.analysis.table import analyze
from mentalmap.authors import key_authors
from mentalmap.cli.app import main
from mentalmap.cli.client_options import echo_frame, format_option
from mentalmap.cli.options import db_option
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.store import open_existing


@main.command("authors")
@db_option
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="Authors listed.",
)
@click.option(
    "--recent-years",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Papers of the map's last N years count as recent activity.",
)
@format_option
def authors_command(db: Path, limit: int, recent_years: int, fmt: str) -> None:
    """List the key authors of the map: papers, in-map citations, foundations, recent work.

    The score (0-1) weighs in-map citations of an author's papers 0.4, foundational papers 0.25,
    papers in the map 0.2 and recent papers 0.15, each relative to the top author.

    \b
    Example:
      mentalmap authors --limit 15
      mentalmap authors --format csv > authors.csv
    """
    with open_existing(db) as store:
        papers, edges, seeds = read_papers(store), read_edges(store), read_seeds(store)
    table = analyze(papers, edges, seeds)
    frame = key_authors(papers, edges, table, recent_years).head(limit)
    echo_frame(frame, fmt, title="Key authors" if fmt == "table" else None)
