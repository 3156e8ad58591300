"""Options shared by several commands, so each is spelled and documented once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

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


# --- the commands that crawl (crawl, expand) --------------------------------------------------
def depth_option(default: int | None, help: str, lowest: int = 0) -> Callable[[F], F]:
    return click.option(
        "--depth",
        type=click.IntRange(lowest, 5),
        default=default,
        show_default=default is not None,
        help=help,
    )


def direction_option(default: str | None, help: str) -> Callable[[F], F]:
    return click.option(
        "--direction",
        type=click.Choice(["back", "forward", "both"]),
        default=default,
        show_default=default is not None,
        help=help,
    )


def max_papers_option(default: int, help: str, lowest: int = 0) -> Callable[[F], F]:
    return click.option(
        "--max-papers", type=click.IntRange(lowest), default=default, show_default=True, help=help
    )


max_calls_option = click.option(
    "--max-calls",
    type=click.IntRange(1),
    default=None,
    help="Budget of API calls for this run; the map stays closed. Run again to continue.",
)

_MAP_OUTPUT_OPTIONS = (
    click.option(
        "--map",
        "map_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Where to write the HTML map at the end (default: the store's name with .html).",
    ),
    click.option("--no-map", is_flag=True, help="Do not write the map at the end."),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar, only errors."),
)


def map_output_options(command: F) -> F:
    """Add ``--map --no-map -q`` to a command that crawls."""
    for option in reversed(_MAP_OUTPUT_OPTIONS):
        command = option(command)
    return command


# --- where and how listing commands print (mentalmap/cli/output.py prints) -----------------
#: The formats of every listing command, for people first, then for programs.
OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")
STDOUT = "-"


def format_option(*extra: str, default: str = "table", help: str | None = None) -> Callable[[F], F]:
    """``--format table|csv|json|jsonl`` (stored as ``fmt``), plus a command's ``extra`` formats."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([*OUTPUT_FORMATS, *extra]),
        default=default,
        show_default=True,
        help=help or "table for people; csv, json (one array), jsonl (a record a line).",
    )


def _to_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    return None if value in (None, STDOUT) else Path(value)


def out_option(help: str, default: str | None = None) -> Callable[[F], F]:
    """``--out FILE`` (stored as ``out``); ``-`` or no value is stdout (``out`` is None)."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, allow_dash=True),
        default=default,
        show_default=default is not None,
        callback=_to_path,
        help=f"{help} `-` is stdout.",
    )


def refuse_stdout(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Callback of an ``--out`` that is no text (a folder, Parquet): never a path named ``-``."""
    if value is not None and str(value) == STDOUT:
        raise click.BadParameter("`-` (stdout) is for text output; give a folder or file path")
    return value
