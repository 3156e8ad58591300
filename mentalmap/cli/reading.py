"""``mentalmap reading-list``: what to read first in a map, and how deeply."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.analysis.reading import MAX_SIZE, MIN_SIZE, to_markdown
from mentalmap.cli.app import main
from mentalmap.cli.options import code_links_option, db_option, has_code_option
from mentalmap.cli.output import echo_frame

_TABLE_COLUMNS = {
    "order": "#", "section": "section", "title": "title", "year": "year", "role": "role",
    "has_code": "code", "status": "read", "passes": "passes",
}  # fmt: skip


def _size(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if not MIN_SIZE <= value <= MAX_SIZE:
        raise click.BadParameter(f"must be from {MIN_SIZE} to {MAX_SIZE}, got {value}")
    return value


@main.command("reading-list")
@db_option
@click.option(
    "--size", type=int, default=20, show_default=True, callback=_size,
    help=f"Papers in the list ({MIN_SIZE}-{MAX_SIZE}).",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice(["table", "markdown", "csv"]), default="table",
    show_default=True,
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write to this file instead of stdout.",
)  # fmt: skip
@code_links_option
@has_code_option
def reading(
    db: Path, size: int, fmt: str, out: Path | None, code_links: Path | None, has_code: bool
) -> None:
    """A reading list: recent surveys, then foundations, techniques and the best recent work.

    Every sub-topic is covered; papers with code are flagged; each item says why it is there,
    which reading passes it deserves, and how far you got (`mentalmap read`).

    \b
    Example:
      mentalmap reading-list --db field.sqlite --size 15 --format markdown --out reading.md
    """
    from mentalmap.pipeline import analyse_store
    from mentalmap.reading_log import reading_progress

    field = analyse_store(db, code_links)
    if has_code:
        field = field.with_code_only()
    items = reading_progress(field.reading(size), field.log)
    if fmt == "markdown":
        text = to_markdown(items)
    elif fmt == "csv":
        text = items.to_csv(index=False)
    else:
        text = None
    if out is None:
        if text is None:
            echo_frame(items, "table", "Reading list", _TABLE_COLUMNS)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    with out.open("w", encoding="utf-8") as handle:
        if text is None:
            echo_frame(items, "table", "Reading list", _TABLE_COLUMNS, file=handle)
        else:
            handle.write(text)
    click.echo(f"Wrote {len(items)} papers to {out}", err=True)
