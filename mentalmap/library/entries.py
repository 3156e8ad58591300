"""A researcher's library as seed entries: one record per reference, whatever the file format.

Each entry keeps the ids S2 can resolve (best first: DOI, arXiv, PubMed, an S2 URL) and its
title and year, for the entries that have no id or whose ids S2 does not know. Problems found
while reading (a broken entry, a repeat, an entry with nothing to look up) are notes, never
exceptions: one bad reference must not cost the rest of the library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Entry:
    """One reference of a library file.

    ``line``: where it starts (1-based), ``label``: what the user calls it (BibTeX key, RIS or
    CSL id, or the line itself), ``ids``: S2 ids in the form :func:`parse_paper_id` gives,
    best first.
    """

    line: int
    label: str
    ids: tuple[str, ...] = ()
    title: str | None = None
    year: int | None = None

    def where(self) -> str:
        """``line 12 (vaswani2017)``: how notes and tables name the entry."""
        label = " ".join(self.label.split())
        if len(label) > 40:
            label = label[:39] + "…"
        return f"line {self.line} ({label})" if label else f"line {self.line}"

    def match_keys(self) -> list[str]:
        """What makes two entries the same reference: any shared id or the same title."""
        out = [i.lower() for i in self.ids]
        if self.title:
            out.append("title:" + normal_title(self.title))
        return out


@dataclass
class Library:
    """The entries read from one file, its format and encoding, and what was noticed."""

    path: str
    format: str
    encoding: str = "utf-8"
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Entries left out while reading (broken, nothing to look up), with why: for the fix file.
    rejected: list[tuple[Entry, str]] = field(default_factory=list)


def normal_title(title: str) -> str:
    """A title reduced to lower-case words, for comparing titles across sources.

    >>> normal_title("  Attention Is All You Need! ")
    'attention is all you need'
    """
    return " ".join(_WORD.findall(title.lower())).replace("_", " ")


def year_of(text: object) -> int | None:
    """The first plausible year in ``text`` (``"2019-05-01"``, ``"May 2019"``), or None."""
    match = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", str(text or ""))
    return int(match.group(1)) if match else None


def drop_repeats(library: Library) -> None:
    """Keep the first of entries that share an id or a title, with a note for each repeat."""
    seen: dict[str, Entry] = {}
    kept: list[Entry] = []
    for entry in library.entries:
        first = next((seen[k] for k in entry.match_keys() if k in seen), None)
        if first is not None:
            what = _shared(first, entry)
            library.notes.append(
                f"{entry.where()} repeats {first.where()} ({what}); it is looked up once"
            )
            continue
        for key in entry.match_keys():
            seen.setdefault(key, entry)
        kept.append(entry)
    library.entries = kept


def _shared(first: Entry, entry: Entry) -> str:
    for key in entry.match_keys():
        if key in first.match_keys():
            return "same title" if key.startswith("title:") else f"same id {key}"
    return "same reference"
