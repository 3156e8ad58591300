"""Tables for people and for programs: ``--format table|csv|json``, never mixed on stdout.

A rich table for people; CSV or JSON (one array of records) for programs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, TypeVar

import click
import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mentalmap.cli.terminal import echo
from mentalmap.safe_text import spreadsheet_csv, terminal_text

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "csv", "json")


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
    file: IO[str] | None = None,
) -> None:
    """Print a frame on stdout in ``fmt``; CSV and JSON hold every column.

    ``table_columns`` picks and renames the columns a person sees in ``table`` format (the most
    telling few, so titles stay readable in 80 columns); ids are never cut.
    """
    # A file keeps the exact text; what reaches a terminal (stdout) is made safe for it.
    write = click.echo if file is not None else echo
    if fmt == "csv":
        write(spreadsheet_csv(frame), nl=False, file=file)
        return
    if fmt == "json":
        write(frame.to_json(orient="records", force_ascii=False, indent=2), file=file)
        return
    shown = table_columns or {str(c): str(c) for c in frame.columns}
    table = Table(title=title and escape(terminal_text(title)), title_justify="left")
    rows = [[_cell(v) for v in row] for row in frame[list(shown)].itertuples(index=False)]
    for i, (column, header) in enumerate(shown.items()):
        values = frame[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        wraps = column in _WRAPPING
        widest = max([len(header), *(len(r[i]) for r in rows)])
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=not wraps,
            ratio=1 if wraps else None,
            min_width=None if wraps else min(widest, 24),
        )
    for row in rows:
        table.add_row(*row)
    console = Console(soft_wrap=False, file=file)
    if not console.is_terminal:
        console.width = PIPED_WIDTH  # a pipe or a file has no width; 80 would crush the titles
    console.print(table)


#: Columns that wrap in a table (long text); all others stay on one line.
_WRAPPING = frozenset(
    {"title", "note", "top_paper", "author", "venue", "reason", "why", "passes", "section"}
)
PIPED_WIDTH = 160


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return escape(terminal_text(str(value)))
