"""``mentalmap upgrade``: bring a store made by an older mentalmap to this one's schema.

Commands that only read a store open it read-only and so never migrate it; they ask for this
once instead. Commands that write (crawl, read, predict picks) upgrade on their way.
"""

from __future__ import annotations

from pathlib import Path

from mentalmap.cli.app import main
from mentalmap.cli.options import db_option
from mentalmap.cli.terminal import echo
from mentalmap.store import SCHEMA_VERSION, open_for_update


@main.command("upgrade")
@db_option
def upgrade_command(db: Path) -> None:
    """Upgrade a store made by an older mentalmap, keeping every paper, citation and note.

    Needed once after installing a newer mentalmap when a read-only command (rank, map,
    export …) says so; running it on an up-to-date store changes nothing.

    \b
    Example:
      mentalmap upgrade --db field.sqlite
    """
    with open_for_update(db):
        pass
    echo(f"{db} is up to date (schema {SCHEMA_VERSION}).")
