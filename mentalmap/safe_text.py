"""Text from Semantic Scholar and users made inert for where it lands.

A title is data, never a formula, markup or a terminal command: each output that a program
other than mentalmap interprets gets its own neutraliser here, so every writer of that kind of
output uses the same one.

* spreadsheets: :func:`spreadsheet_cell` (OWASP CSV injection: a ``'`` before a leading
  ``= + - @`` TAB or CR, so Excel, LibreOffice and Sheets show the text, never run it).
* XML (GraphML, GEXF): :func:`xml_text` drops the characters XML 1.0 forbids (a NUL in an
  author name would make the whole file unparseable).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: First characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run as a formula.

    Only text is changed: numbers (a negative count) stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are all :func:`spreadsheet_cell`-safe."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if is_object_dtype(values) or is_string_dtype(values):
            out[column] = values.map(spreadsheet_cell, na_action="ignore").astype(values.dtype)
    return out


def spreadsheet_csv(frame: pd.DataFrame, index: bool = False, header: bool = True) -> str:
    """``frame`` as CSV text for spreadsheets: every text cell made safe, ``\\n`` line ends.

    The one CSV writer of mentalmap (export, ``--format csv``, notes, the demo), so no CSV it
    writes opens with a live formula. Text cells are always quoted: a carriage return inside a
    title would otherwise end the row for Excel and Python's csv reader (the writer quotes only
    for the ``\\n`` line end). JSON and Parquet stay exact.
    """
    import csv
    import io

    safe = spreadsheet_frame(frame)
    head = io.StringIO()
    if header:  # without: one more chunk of a file written in chunks
        csv.writer(head, lineterminator="\n").writerow(
            [*([safe.index.name or ""] if index else []), *map(str, safe.columns)]
        )
    body = safe.to_csv(index=index, header=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    return head.getvalue() + body


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls but TAB/LF/CR, U+FFFE,
    U+FFFF, lone surrogates); escaping ``<`` and ``&`` is the XML writer's job."""
    return _XML_FORBIDDEN.sub("", text)
