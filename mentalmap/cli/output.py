"""How listing commands print, by the options of :mod:`mentalmap.cli.options`.

The conventions of sqlite-utils and httpie: ``--format table|csv|json|jsonl`` everywhere (a
command may add its own, e.g. ``markdown``); ``--out -`` is stdout, never a file named ``-``; a
table is box-drawn and coloured only on a terminal, plain aligned columns in a pipe or a file;
``NO_COLOR`` turns colour off. CSV is always :func:`~mentalmap.safe_text.spreadsheet_csv`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from mentalmap.cli.terminal import echo
from mentalmap.outputs import write_text_atomic
from mentalmap.safe_text import one_line, spreadsheet_csv, terminal_text


def emit(text: str, out: Path | None) -> None:
    """``text`` on stdout (``out`` None) or atomically into the file ``out``."""
    if out is None:  # what reaches a terminal is made safe for it; a file keeps the exact text
        echo(text, nl=not text.endswith("\n"))
    else:
        write_text_atomic(out, text)


def echo_frame(
    frame: pd.DataFrame,
    fmt: str,
    title: str | None = None,
    table_columns: dict[str, str] | None = None,
    out: Path | None = None,
) -> None:
    """Print a frame in ``fmt`` on stdout, or write it to ``out``.

    CSV, JSON and JSON Lines hold every column. ``table_columns`` picks and renames the columns
    a person sees in ``table`` format (the most telling few, ids always among them and never
    cut). A table is drawn with rich only on a terminal; anywhere else it is plain text. A
    frame indexed by paperId (docs/api.md) is printed with the paperId as its first column.
    """
    if frame.index.name == "paperId":
        frame = frame.reset_index()
    if fmt == "table" and out is None and _is_terminal(sys.stdout):
        _rich_table(frame, title, table_columns, sys.stdout)
        return
    emit(frame_text(frame, fmt, title, table_columns), out)


def frame_text(
    frame: pd.DataFrame, fmt: str, title: str | None, table_columns: dict[str, str] | None
) -> str:
    """The frame as text: CSV, JSON, JSON Lines, or a plain table (title, header, rows)."""
    if fmt == "csv":
        return spreadsheet_csv(frame)
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return frame.to_json(orient="records", force_ascii=False, lines=True) if len(frame) else ""
    shown = _shown(frame, table_columns)
    rows = [[_cell(v) for v in row] for row in frame[list(shown)].itertuples(index=False)]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(shown.values())]
    right = [_numeric(frame[c]) for c in shown]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)]
        return "  ".join(parts).rstrip()

    lines = [one_line(terminal_text(title))] if title else []
    lines += [line(list(shown.values())), line(["-" * w for w in widths])]
    lines += [line(r) for r in rows]
    return "\n".join(lines) + "\n"


def _is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _shown(frame: pd.DataFrame, table_columns: dict[str, str] | None) -> dict[str, str]:
    return table_columns or {str(c): str(c) for c in frame.columns}


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _rich_table(
    frame: pd.DataFrame, title: str | None, table_columns: dict[str, str] | None, stream: IO[str]
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    shown = _shown(frame, table_columns)
    table = Table(title=title and escape(terminal_text(title)), title_justify="left")
    rows = [[escape(_cell(v)) for v in row] for row in frame[list(shown)].itertuples(index=False)]
    for i, (column, header) in enumerate(shown.items()):
        wraps = column in _WRAPPING
        widest = max([len(header), *(len(r[i]) for r in rows)])
        table.add_column(
            escape(header),
            justify="right" if _numeric(frame[column]) else "left",
            overflow="fold",
            no_wrap=not wraps,
            ratio=1 if wraps else None,
            min_width=None if wraps else min(widest, 40 if column == "paperId" else 24),
        )
    for row in rows:
        table.add_row(*row)
    plain = bool(os.environ.get("NO_COLOR"))  # https://no-color.org: set and not empty
    Console(soft_wrap=False, file=stream, color_system=None if plain else "auto").print(table)


#: Columns that wrap in a table (long text); all others stay on one line.
_WRAPPING = frozenset(
    {"title", "note", "top_paper", "author", "venue", "reason", "why", "passes", "section"}
)


def _cell(value: Any) -> str:
    """A cell as one line of inert text (no newline or control character from S2)."""
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return one_line(terminal_text(str(value)))
