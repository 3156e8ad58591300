"""``mentalmap reading-list``: what to read first in a map, in which order, and how deeply."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.analysis.reading import MAX_SIZE, MIN_SIZE, TIERS, to_markdown
from mentalmap.cli.app import main
from mentalmap.cli.options import (
    code_links_option,
    db_option,
    format_option,
    has_code_option,
    out_option,
)
from mentalmap.cli.output import echo_frame, emit
from mentalmap.cli.terminal import echo

_TABLE_COLUMNS = {
    "order": "#", "section": "section", "title": "title", "year": "year", "role": "role",
    "has_code": "code", "status": "read", "why": "why", "paperId": "paperId",
}  # fmt: skip


def _size(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not MIN_SIZE <= value <= MAX_SIZE:
        raise click.BadParameter(f"must be from {MIN_SIZE} to {MAX_SIZE}, got {value}")
    return value


@main.command("reading-list")
@db_option
@click.option(
    "--tier", type=click.Choice(list(TIERS)), default="exposure", show_default=True,
    help="exposure: 5-20 papers to know the area; depth: ~50, a superset, to work in it.",
)  # fmt: skip
@click.option(
    "--size", type=int, default=None, callback=_size,
    help=f"Most papers in the tier (exposure up to 20, depth up to {MAX_SIZE}).",
)  # fmt: skip
@format_option(
    "markdown", help="table for people, markdown for the full pass plans; csv, json, jsonl."
)
@out_option("Write to this file instead of stdout.")
@code_links_option
@has_code_option
def reading(
    db: Path,
    tier: str,
    size: int | None,
    fmt: str,
    out: Path | None,
    code_links: Path | None,
    has_code: bool,
) -> None:
    """A reading plan: recent surveys, then what each paper builds on before the paper.

    Only papers of the seeds' sub-area cited at least twice in the map earn a place (seeds
    excepted, and said so); a thin map gives a short tier and a note on what to crawl. Each
    paper has a pass plan from its own data (its claim, what to check in its figures, whether
    the deep dive is worth it) and, with public code, experiments to start from. Notes go to
    stderr (markdown: at the top).

    \b
    Example:
      mentalmap reading-list --db field.sqlite --tier depth --format markdown --out plan.md
    """
    from mentalmap.pipeline import analyse_store
    from mentalmap.reading_log import reading_progress

    field = analyse_store(db, code_links)
    plan = field.plan(size, tier, has_code=has_code)
    items = reading_progress(plan.items, field.log)
    title = f"Reading list ({plan.tier} tier)"
    if fmt == "markdown":
        emit(to_markdown(items, plan.notes), out)
    else:
        echo_frame(items, fmt, title, _TABLE_COLUMNS, out=out)
    if fmt != "markdown" or out is not None:
        for note in plan.notes:
            echo(f"Note: {note}", err=True)
    if out is not None:
        echo(f"Wrote {len(items)} papers to {out}", err=True)
