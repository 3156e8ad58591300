"""Options of the commands that call Semantic Scholar or print tables, spelled once.

The crawl declares its own copies; new commands (``surveys``, and later ``crawl --from-surveys``)
reuse these so the API options read the same everywhere. ``echo_frame`` gives every table
command the same ``--format table|csv|json`` output: a rich table for people, CSV or JSON
(one array of records) for programs, never mixed on stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mentalmap.s2.client import ClientSettings, S2Client

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "csv", "json")

_CLIENT_OPTIONS = (
    click.option(
        "--api-key",
        default=None,
        metavar="KEY",
        help="S2 API key (default: $S2_API_KEY). Never stored or printed.",
    ),
    click.option(
        "--api-url",
        default=None,
        envvar="MENTALMAP_API_URL",
        metavar="URL",
        help="Graph API base URL (default: the public graph/v1).",
    ),
    click.option(
        "--rps",
        type=click.FloatRange(0, 100),
        default=1.0,
        show_default=True,
        help="Requests per second (0: no limit, for a local fake server).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(0.1),
        default=60.0,
        show_default=True,
        help="Seconds before a request is retried.",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 20),
        default=8,
        show_default=True,
        help="Retries of a request on 429, 5xx, timeouts and broken responses.",
    ),
)


def client_options(command: F) -> F:
    """Add ``--api-key --api-url --rps --timeout --retries`` to a command."""
    for option in reversed(_CLIENT_OPTIONS):
        command = option(command)
    return command


def make_client(
    api_key: str | None, api_url: str | None, rps: float, timeout: float, retries: int
) -> S2Client:
    """The S2 client the client options describe (environment fills what is not given)."""
    settings = ClientSettings.from_env(
        api_key=api_key, api_url=api_url, rps=rps, timeout=timeout, max_retries=retries
    )
    return S2Client(settings)


def format_option(command: F) -> F:
    """Add ``--format table|csv|json`` (stored as ``fmt``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="table for people; csv or json for scripts.",
    )(command)


def echo_frame(
    frame: pd.DataFrame,
    fmt: str,
    title: str | None = None,
    table_columns: dict[str, str] | None = None,
) -> None:
    """Print a frame on stdout in ``fmt``; CSV and JSON hold every column.

    ``table_columns`` picks and renames the columns a person sees in ``table`` format (the most
    telling few, so titles stay readable in 80 columns); ids are never cut.
    """
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    shown = table_columns or {str(c): str(c) for c in frame.columns}
    table = Table(title=title, title_justify="left")
    for column, header in shown.items():
        values = frame[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        wraps = column in _WRAPPING
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="fold" if wraps else "ellipsis",
            no_wrap=not wraps,
            ratio=1 if wraps else None,
        )
    for row in frame[list(shown)].itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    Console(soft_wrap=False).print(table)


#: Columns that wrap in a table (long text); all others stay on one line.
_WRAPPING = frozenset({"title", "note", "top_paper", "author", "venue"})


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return escape(str(value))
