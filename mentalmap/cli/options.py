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
