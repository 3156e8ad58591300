"""``mentalmap expand``: add one paper's neighbourhood to an existing map."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.crawl import run_crawl, summarise, write_crawl_map
from mentalmap.cli.options import db_option
from mentalmap.crawl.expand import expand


@main.command("expand")
@click.argument("paper_id", metavar="PAPER_ID")
@db_option
@click.option(
    "--max-papers",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="Papers added at most, the most tied to PAPER_ID first.",
)
@click.option(
    "--max-calls",
    type=click.IntRange(1),
    default=None,
    help="Budget of API calls for this run; run the same command again to continue.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 5),
    default=None,
    help="Hops from the seeds a paper may be (default: the store's last crawl).",
)
@click.option(
    "--direction",
    type=click.Choice(["back", "forward", "both"]),
    default=None,
    help="back = references, forward = citations (default: the store's last crawl).",
)
@client_options
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML map at the end (default: the store's name with .html).",
)
@click.option("--no-map", is_flag=True, help="Do not write the map at the end.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only errors.")
def expand_command(
    paper_id: str,
    db: Path,
    max_papers: int,
    max_calls: int | None,
    depth: int | None,
    direction: str | None,
    api_key: str | None,
    api_url: str | None,
    rps: float,
    timeout: float,
    retries: int,
    map_path: Path | None,
    no_map: bool,
    quiet: bool,
) -> None:
    """Add the neighbourhood of PAPER_ID, a paper of the map, to the store.

    PAPER_ID joins the seeds; up to --max-papers papers are added, ranked toward it alone,
    with the store's own settings. The map stays closed, the reading log is kept, and an
    interrupted expansion resumes when run again (a finished one costs no call; give another
    --max-papers to grow it further).

    \b
    Example:
      mentalmap expand ARXIV:1810.04805 --db attention.sqlite --max-papers 40
    """
    overrides = {
        k: v
        for k, v in {"max_calls": max_calls, "depth": depth, "direction": direction}.items()
        if v is not None
    }
    with make_client(api_key, api_url, rps, timeout, retries) as client:
        report = run_crawl(
            db,
            quiet,
            lambda store, on: expand(store, client, paper_id, max_papers, overrides, on),
            create=False,
        )
    summarise(report, db, quiet)
    if not no_map:
        write_crawl_map(db, map_path or db.with_suffix(".html"), quiet)
