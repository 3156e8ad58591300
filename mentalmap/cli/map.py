"""``mentalmap map``: the store as one self-contained, offline HTML map."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import db_option
from mentalmap.graph import load_edges, load_papers, load_seeds
from mentalmap.render import render_map


@main.command("map")
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default="map.html",
    show_default=True,
    help="The HTML file to write (replaced if it exists).",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=300,
    show_default=True,
    help="Papers shown when the page opens; 'Show more' in the page adds the next ones.",
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
def map_command(
    db: Path, out: Path, top: int, reading_size: int, no_analysis: bool, title: str | None
) -> None:
    """Write an interactive map of the store: one HTML file that works offline.

    x is the publication year, each sub-topic is a band, size is importance, shape is the role.
    Prints the file written on stdout; the summary goes to stderr.

    \b
    Examples:
      mentalmap map --out map.html
      mentalmap map --db field.sqlite --out field.html --top 800
    """
    papers, edges, seeds = load_papers(db), load_edges(db), load_seeds(db)
    table = reading = None
    if not no_analysis:
        from mentalmap.analysis import analyze

        table = analyze(papers, edges, seeds)
        if reading_size:
            from mentalmap.analysis import reading_list

            reading = reading_list(table, papers, size=reading_size)
    path = render_map(
        papers,
        edges,
        table,
        reading,
        out=out,
        top=top,
        seeds=seeds,
        title=title or f"mentalmap: {Path(db).stem}",
    )
    click.echo(str(path))
    shown = min(top, len(papers))
    click.echo(
        f"Wrote a map of {len(papers)} papers ({shown} shown at first) to {path} "
        f"({path.stat().st_size / 1e6:.1f} MB).",
        err=True,
    )
