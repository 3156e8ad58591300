"""``mentalmap expand``: add one paper's neighbourhood to an existing map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mentalmap.cli.app import main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.crawl import run_crawl, summarise, write_crawl_map
from mentalmap.cli.options import (
    db_option,
    depth_option,
    direction_option,
    map_output_options,
    max_calls_option,
    max_papers_option,
)
from mentalmap.crawl.expand import expand, expansion_paper
from mentalmap.s2.ids import parse_paper_id
from mentalmap.store import open_existing

#: Papers ``mentalmap expand`` adds unless told otherwise: a neighbourhood one can skim.
DEFAULT_EXPAND_PAPERS = 50


@main.command("expand")
@click.argument("paper_id", metavar="PAPER_ID")
@db_option
@max_papers_option(
    DEFAULT_EXPAND_PAPERS, "Papers added at most, the most tied to PAPER_ID first.", 1
)
@max_calls_option
@depth_option(None, "Hops from PAPER_ID (and the seeds) a paper may be (default: the store's).", 1)
@direction_option(None, "back = references, forward = citations (default: the store's).")
@client_options
@map_output_options
def expand_command(
    paper_id: str,
    db: Path,
    max_papers: int,
    max_calls: int | None,
    depth: int | None,
    direction: str | None,
    map_path: Path | None,
    no_map: bool,
    quiet: bool,
    **client: Any,
) -> None:
    """Grow the map from one of its papers: add PAPER_ID's neighbourhood to the store.

    PAPER_ID must be a paper of the store, in any id form `crawl` accepts. It becomes a seed,
    and up to --max-papers papers are added, the most tied to it first (co-citation, shared
    references), with the store's own crawl settings. The map stays closed (every citation
    among its papers is stored); nothing is removed, and the reading log is kept.

    Run the same command again after an interruption: it resumes, and a finished expansion
    adds nothing and costs no call (give another --max-papers to grow it further). The map
    page shows this command for any paper you click.

    \b
    Examples:
      mentalmap expand ARXIV:1810.04805 --db attention.sqlite
      mentalmap expand DOI:10.18653/v1/N19-1423 --db attention.sqlite --max-papers 100 --depth 1
    """
    parse_paper_id(paper_id)  # a malformed id stops here, before the store is opened
    with open_existing(db) as store:  # an unknown paper or store stops here, before any call
        expansion_paper(store, paper_id)
    overrides = {
        key: value
        for key, value in {"max_calls": max_calls, "depth": depth, "direction": direction}.items()
        if value is not None
    }
    with make_client(**client) as source:  # the client options, as `crawl` takes them
        report = run_crawl(
            db,
            quiet,
            lambda store, on: expand(store, source, paper_id, max_papers, overrides, on),
            create=False,
        )
    summarise(report, db, quiet)
    if not no_map:
        write_crawl_map(db, map_path or db.with_suffix(".html"), quiet)
