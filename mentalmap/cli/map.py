"""``mentalmap map``: the store as one self-contained, offline HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import code_links_option, db_option, has_code_option, out_option
from mentalmap.cli.output import emit
from mentalmap.cli.terminal import echo
from mentalmap.render.data import MAX_EMBEDDED


@main.command("map")
@db_option
@out_option("The HTML file to write (replaced if it exists).", default="map.html")
@click.option(
    "--top",
    type=click.IntRange(1),
    default=300,
    show_default=True,
    help="Papers shown when the page opens; 'Show more' in the page adds the next ones.",
)
@click.option(
    "--max-papers",
    type=click.IntRange(1),
    default=MAX_EMBEDDED,
    show_default=True,
    help="Papers embedded in the page, the most important first (plus seeds, reading list and "
    "papers you logged); the page and this command say when the store holds more.",
)
@click.option(
    "--reading",
    "reading_size",
    type=click.IntRange(0),
    default=20,
    show_default=True,
    help="Papers in the reading-list overlay (0: none).",
)
@click.option(
    "--no-analysis",
    is_flag=True,
    help="Skip roles and sub-topics: size by in-map citations, one band, no reading list.",
)
@click.option("--title", default=None, help="Page title (default: the store's file name).")
@code_links_option
@has_code_option
def map_command(
    db: Path,
    out: Path | None,
    top: int,
    max_papers: int,
    reading_size: int,
    no_analysis: bool,
    title: str | None,
    code_links: Path | None,
    has_code: bool,
) -> None:
    """Write an interactive map of the store: one HTML file that works offline.

    x is the publication year, each sub-topic is a band, size is importance, shape is the role.
    Prints the file written on stdout; the summary goes to stderr.

    \b
    Examples:
      mentalmap map --out map.html
      mentalmap map --db field.sqlite --out field.html --top 800 --has-code
    """
    title = title or f"mentalmap: {Path(db).stem}"
    if no_analysis:
        if has_code or code_links:
            raise click.UsageError("--has-code and --code-links need the analysis")
        from mentalmap.pipeline import plain_map

        view = plain_map(db, top=top, title=title, max_papers=max_papers)
    else:
        from mentalmap.pipeline import analyse_store

        field = analyse_store(db, code_links)
        if has_code:
            field = field.with_code_only()
        view = field.map(
            top=top, reading_size=reading_size, title=title, store=db, max_papers=max_papers
        )
    if out is None:
        emit(view.page, None)
        return
    page = view.save(out)
    echo(str(page.path))
    shown = top if page.embedded is None else min(top, page.embedded)
    what = page.note or f"{page.total} papers"
    echo(
        f"Wrote {page.path} ({page.path.stat().st_size / 1e6:.1f} MB): a map of {what}; "
        f"{shown} shown at first.",
        err=True,
    )
    if page.dates:
        echo(f"Note: {page.dates}.", err=True)
