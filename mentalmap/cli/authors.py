"""``mentalmap authors``: the people of the field, founders and currently active."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.authors import key_authors
from mentalmap.cli.app import main
from mentalmap.cli.options import db_option, format_option
from mentalmap.cli.output import echo_frame
from mentalmap.pipeline import analyse_store


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
@format_option()
def authors_command(db: Path, limit: int, recent_years: int, fmt: str) -> None:
    """The key authors of the seeds' sub-area: whom to read and whom to write to.

    Every count is over the sub-area (papers of the map tied to the seeds): papers, citations
    from it, foundational and recent papers. Co-author groups show who works together. The
    score (0-1) weighs citations in the area 0.4, foundational papers 0.25, papers 0.2 and
    recent papers 0.15, each relative to the top author. Advice: read (top quarter by
    citations in the area), write to (a recent paper in it).

    \b
    Example:
      mentalmap authors --limit 15
      mentalmap authors --format csv > authors.csv
    """
    field = analyse_store(db)
    frame = key_authors(field.papers, field.edges, field.table, recent_years).head(limit)
    echo_frame(frame, fmt, "Key authors", _TABLE_COLUMNS)


#: What a person sees; --format csv/json add authorId.
_TABLE_COLUMNS = {
    "author": "author",
    "score": "score",
    "papers": "papers",
    "in_map_citations": "cited in area",
    "foundational": "found.",
    "recent": "recent",
    "top_paper": "key paper (csv/json: two)",
    "top_paper_id": "its paperId",
    "group": "co-author group",
    "advice": "advice",
}
