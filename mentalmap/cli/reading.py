"""``mentalmap reading-list``: what to read first in a map, and how deeply."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.analysis import reading_list, to_markdown
from mentalmap.analysis.reading import MAX_SIZE, MIN_SIZE
from mentalmap.cli.app import main
from mentalmap.cli.options import db_option
from mentalmap.cli.rank import analyze_store, format_table


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
def reading(db: Path, size: int, fmt: str, out: Path | None) -> None:
    """A reading list: recent surveys, then foundations, techniques and the best recent work.

    Every sub-topic is covered; papers with code are flagged; each item says why it is there
    and which reading passes it deserves.

    \b
    Example:
      mentalmap reading-list --db field.sqlite --size 15 --format markdown --out reading.md
    """
    table, papers = analyze_store(db)
    items = reading_list(table, papers, size=size)
    if fmt == "csv":
        text = items.to_csv(index=False)
    elif fmt == "markdown":
        text = to_markdown(items)
    else:
        shown = items.assign(code=items["has_code"].map({True: "yes", False: ""}))
        widths = {"order": 5, "section": 26, "title": 55, "year": 4, "role": 12, "code": 4,
                  "passes": 40}  # fmt: skip
        text = format_table(shown, widths) + "\n"
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(items)} papers to {out}", err=True)
