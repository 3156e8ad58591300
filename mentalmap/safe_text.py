"""Text from Semantic Scholar and users made inert for where it lands.

A title is data, never a formula, markup or a terminal command: each output that a program
other than mentalmap interprets gets its own neutraliser here, so every writer of that kind of
output uses the same one.

* spreadsheets: :func:`spreadsheet_cell` (OWASP CSV injection: a ``'`` before a leading
  ``= + - @`` TAB or CR, so Excel, LibreOffice and Sheets show the text, never run it).
* XML (GraphML, GEXF): :func:`xml_text` drops the characters XML 1.0 forbids (a NUL in an
  author name would make the whole file unparseable).
* terminals: :func:`terminal_text` drops escape sequences (colours, clear-screen, a window
  title, OSC 8 links that show one address and open another) and every other control or bidi
  character, keeping line breaks and tabs; the CLI prints through it (``cli/terminal.py``).
  :func:`one_line` also folds the text onto one line (a list item, a fix file).
* Markdown (reading lists, notes): :func:`markdown_text` escapes HTML and Markdown syntax, so
  a title is never a heading, a link, an image or a ``<script>``; :func:`markdown_note` does
  the same to our own sentences that quote titles, keeping their commands as code.
"""

from __future__ import annotations

import re
import unicodedata
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
    import pandas as pd
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if is_object_dtype(values):  # cell by cell: map() would make [None, 7] floats (7.0)
            out[column] = pd.Series(
                [spreadsheet_cell(v) for v in values.tolist()], index=values.index, dtype=object
            )
        elif is_string_dtype(values):
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


#: ECMA-48 sequences: CSI (``ESC [`` or U+009B … final byte), OSC/DCS/PM/APC/SOS strings up to
#: BEL or ST (``ESC \\``, U+009C), then any other two-character escape.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
#: What remains that a terminal would act on: C0 but TAB and LF, DEL, C1, and the bidi
#: embeddings, overrides and isolates that make text read differently from what it holds.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` safe to print on a terminal: escape sequences and control characters removed
    (a CR could overwrite a line, an OSC 8 link disguise its target), LF and TAB kept."""
    return _TERMINAL_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: object) -> str:
    """``text`` on one line, control and bidi characters made spaces: inert in a terminal, a
    list, a BibTeX or RIS field (joiners that shape words, as in Persian, are kept)."""
    chars = (" " if _is_control(c) else c for c in str(text or ""))
    return " ".join("".join(chars).split())


def _is_control(char: str) -> bool:
    return (
        unicodedata.category(char) in ("Cc", "Cs")
        or "\u202a" <= char <= "\u202e"
        or ("\u2066" <= char <= "\u2069")
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|!~])")


def markdown_text(value: object) -> str:
    """Text from S2 or a user made inert in Markdown: on one line, HTML escaped (no
    ``<script>`` or autolink), and no emphasis, code, link, image, heading or table cell."""
    return _markdown_escaped(one_line(terminal_text(str(value or ""))))


def _markdown_escaped(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def markdown_note(text: str) -> str:
    """Our own sentence (a reading plan's note) in Markdown: its backtick spans stay code, the
    rest, titles it quotes included, is escaped as :func:`markdown_text` escapes. The writer of
    the note strips backticks from what it quotes, so the only code spans are its commands."""
    parts = _CODE_SPAN.split(one_line(terminal_text(text)))
    return "".join(p if i % 2 else _markdown_escaped(p) for i, p in enumerate(parts))


def markdown_link(url: object) -> str:
    """``<url>`` (a Markdown autolink) for a plain https address; ``""`` for anything else
    (a ``javascript:`` link, a space or markup in it, a missing link)."""
    text = url if isinstance(url, str) else ""  # a missing link is pd.NA
    plain = text.isprintable() and not any(c in text for c in " <>\"'`\\")
    return f"<{text}>" if text.startswith("https://") and plain else ""
