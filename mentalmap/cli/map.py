"""``mentalmap map``: the store as one self-contained, offline HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import code_links_option, db_option, has_code_option, out_option
from mentalmap.cli.output import emit
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.reading_log import read_log
from mentalmap.render.html import MAX_EMBEDDED, MapPage, build_map_data
from mentalmap.render.notebook import MapView
from mentalmap.store import open_existing


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
        with open_existing(db) as store:
            papers, edges = read_papers(store), read_edges(store)
            seeds, log = read_seeds(store), read_log(store)
        data = build_map_data(
            papers, edges, top=top, seeds=seeds, title=title, max_papers=max_papers, log=log,
            store=db,
        )  # fmt: skip
        view = MapView.of(data)
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
    page = MapPage(view.save(out), view.embedded or 0, view.total or 0)
    click.echo(str(page.path))
    shown = min(top, page.embedded)
    what = page.note or f"{page.total} papers"
    click.echo(
        f"Wrote a map of {what} ({shown} shown at first) to {page.path} "
        f"({page.path.stat().st_size / 1e6:.1f} MB).",
        err=True,
    )
