"""Options shared by several commands, so each is spelled and documented once."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_DB = "mentalmap.sqlite"

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    envvar="MENTALMAP_DB",
    help="The SQLite store (made by `mentalmap crawl` or `mentalmap demo`).",
)

code_links_option = click.option(
    "--code-links",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Paper-to-repository links file (Papers with Code JSON or a paper,repo_url CSV).",
)

has_code_option = click.option(
    "--has-code", is_flag=True, help="Only papers with known code (abstract links, --code-links)."
)
