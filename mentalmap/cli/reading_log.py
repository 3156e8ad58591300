"""``mentalmap read`` and ``mentalmap notes``: log what you read, get your notes back."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import db_option, format_option, out_option
from mentalmap.cli.output import echo_frame, emit
from mentalmap.cli.terminal import echo
from mentalmap.reading_log import PASSES, log_reading, notes_markdown, read_log
from mentalmap.store import open_existing, open_for_update


@main.command("read")
@click.argument("paper_id", metavar="PAPER_ID")
@click.option(
    "--pass",
    "pass_",
    type=click.Choice(PASSES),
    required=True,
    help="1 skim, 2 grasp the content, 3 re-derive it, deep: you worked with it.",
)
@click.option("--note", default=None, metavar="TEXT", help='What you took from it ("X with Y").')
@db_option
def read_command(paper_id: str, pass_: str, note: str | None, db: Path) -> None:
    """Log that you read PAPER_ID at a pass, with an optional note.

    PAPER_ID is any id form (S2 paperId, ARXIV:, DOI:, CorpusId:, a URL …) of a paper in the
    store. The log lives in the store's reading_log table: re-crawls and upgrades keep it.
    Logging the same pass again updates its time (and its note, when one is given).

    \b
    Example:
      mentalmap read ARXIV:1706.03762 --pass 2 --note "attention replaces recurrence"
    """
    with open_for_update(db) as store:
        entry = log_reading(store, paper_id, pass_, note)
        pid, title = str(entry["paperId"]), entry["title"]
        logged = store.count("reading_log")
    echo(
        f"Logged pass {pass_} of {title or pid!r} ({pid[:8]}); "
        f"{logged} {'entry' if logged == 1 else 'entries'} in the log."
    )


@main.command("notes")
@db_option
@format_option(
    "markdown",
    default="markdown",
    help="markdown: one section per paper; table, csv, json, jsonl: paperId, title, pass, "
    "note, readAt.",
)
@out_option("Write to this file instead of stdout.")
def notes_command(db: Path, fmt: str, out: Path | None) -> None:
    """Print (or write) your reading log: the papers you read, at which pass, and your notes.

    \b
    Examples:
      mentalmap notes                          # Markdown on stdout
      mentalmap notes --format csv --out reading-log.csv
    """
    with open_existing(db) as store:
        if fmt == "markdown":
            emit(notes_markdown(store), out)
        else:
            echo_frame(read_log(store), fmt, "Reading log", _TABLE_COLUMNS, out=out)
    if out is not None:
        echo(f"Wrote {out}", err=True)


_TABLE_COLUMNS = {"readAt": "read at", "pass": "pass", "title": "title", "note": "note",
                  "paperId": "paperId"}  # fmt: skip
