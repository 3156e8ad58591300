"""Library files → :class:`~mentalmap.library.entries.Library`: BibTeX, RIS, CSL-JSON, plain list.

The standard library suffices for all four (docs/decisions.md says why no parser package): RIS is
one tag a line, CSL-JSON is JSON, and BibTeX is read by :mod:`mentalmap.library.bibtex`. The
format is told by the file's content first (exports often carry a ``.txt`` name), its suffix
second. Bytes that are not UTF-8 are read as Windows-1252 (what EndNote and older Mendeley
write), with a note, rather than refused.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mentalmap.errors import InvalidPaperId, LibraryFileError
from mentalmap.library.bibtex import read_bibtex
from mentalmap.library.entries import Entry, Library, drop_repeats, year_of
from mentalmap.s2.ids import parse_paper_id

FORMATS = ("bibtex", "ris", "csl-json", "list")
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s/]*(?:abs/)?(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(v\d+)?", re.IGNORECASE
)
_LINK = re.compile(r"^(https?://|doi\.org/|10\.\d)", re.IGNORECASE)
_ID_LIKE = re.compile(r"^(https?://|doi\.org/|10\.\d|[A-Za-z]+:\S|\d+$)", re.IGNORECASE)


def read_library(path: Path) -> Library:
    """Read the seed entries of a library file, repeats dropped (each with a note).

    Raises
    ------
    LibraryFileError
        The file is missing, unreadable, empty, or in none of the formats, or holds no entry.
    """
    text, encoding, note = _decode(path)
    if not text.strip():
        raise LibraryFileError(f"{path} is empty: no entries to seed from")
    kind = sniff_format(text, path)
    library = Library(str(path), kind, encoding)
    if note:
        library.notes.append(note)
    reader = {"bibtex": _bibtex, "ris": _ris, "csl-json": _csl, "list": _plain}[kind]
    reader(text, library)
    if not library.entries and not library.rejected:
        raise LibraryFileError(f"{path} holds no {kind} entries")
    drop_repeats(library)
    return library


def _decode(path: Path) -> tuple[str, str, str | None]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LibraryFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LibraryFileError(f"{path} is a folder, not a library file") from None
    except OSError as exc:
        raise LibraryFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(name), name.removesuffix("-sig"), None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        at = exc.start + 1  # 1-based, as editors count
    for name, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        return (
            text,
            name,
            (
                f"{path.name} is not UTF-8 (byte {at} is not): read it as {label}; "
                "check accented titles in the matches below, or export it again as UTF-8"
            ),
        )
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def sniff_format(text: str, path: Path | None = None) -> str:
    """``bibtex``, ``ris``, ``csl-json`` or ``list``: by content, then by the file's suffix."""
    head = text.lstrip()
    if head.startswith(("[", "{")):
        return "csl-json"
    lines = [line.strip() for line in text.splitlines() if line.strip()][:50]
    if any(re.match(r"^TY  -", line) for line in lines):
        return "ris"
    if re.search(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", text, re.MULTILINE):
        return "bibtex"
    suffix = path.suffix.lower() if path else ""
    return {".bib": "bibtex", ".ris": "ris", ".json": "csl-json"}.get(suffix, "list")


# --- ids from free-form fields ---------------------------------------------------------------
def _ids(values: Iterable[Any], entry_where: str, library: Library) -> tuple[str, ...]:
    """The S2 ids among ``values`` (DOIs, arXiv ids, URLs), best first; bad ones noted."""
    out: list[str] = []
    for value in values:
        text = " ".join(str(value or "").split())
        if not text:
            continue
        arxiv = _ARXIV_IN_TEXT.search(text)
        candidate = f"ARXIV:{arxiv[1]}" if arxiv and not _LINK.match(text) else text
        try:
            parsed = parse_paper_id(candidate)
        except InvalidPaperId:
            if not candidate.lower().startswith("http"):  # a url field may hold any web page
                library.notes.append(f"{entry_where}: {candidate!r} is no id S2 reads; ignored")
            continue
        if parsed not in out:
            out.append(parsed)
    return tuple(sorted(out, key=_rank))


def _rank(paper_id: str) -> int:
    order = ("DOI:", "ARXIV:", "PMID:", "PMCID:", "ACL:", "CorpusId:", "MAG:")
    for i, prefix in enumerate(order):
        if paper_id.startswith(prefix):
            return i
    return len(order)  # an S2 sha or a URL: S2 resolves them, but after the plain ids


def _add(library: Library, entry: Entry) -> None:
    if entry.ids or entry.title:
        library.entries.append(entry)
    else:
        library.rejected.append((entry, "no DOI, arXiv id, URL or title to look up"))
        library.notes.append(f"{entry.where()} has no DOI, arXiv id, URL or title; skipped")


# --- the four formats ------------------------------------------------------------------------
def _bibtex(text: str, library: Library) -> None:
    entries, broken = read_bibtex(text)
    for bad in broken:
        where = f"line {bad.line}" + (f" ({bad.key})" if bad.key else "")
        library.notes.append(f"{where} is broken BibTeX: {bad.reason}; skipped")
        library.rejected.append((Entry(bad.line, bad.key), f"broken BibTeX: {bad.reason}"))
    if not entries and broken:
        raise LibraryFileError(f"{library.path}: no readable BibTeX entry ({len(broken)} broken)")
    for bib in entries:
        f = bib.fields
        where = f"line {bib.line} ({bib.key})"
        eprint = f.get("eprint", "")
        prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").lower()
        if eprint and (prefix == "arxiv" or _ARXIV_IN_TEXT.search("arXiv:" + eprint)):
            eprint = "arXiv:" + eprint
        elif eprint:
            eprint = ""
        pmid = f"PMID:{f['pmid']}" if f.get("pmid", "").strip().isdigit() else ""
        values = [
            f.get("doi"),
            eprint,
            f.get("arxivid") and "arXiv:" + f["arxivid"],
            pmid,
            f.get("url"),
        ]
        ids = _ids(values, where, library)
        _add(
            library,
            Entry(
                bib.line,
                bib.key,
                ids,
                f.get("title") or None,
                year_of(f.get("year") or f.get("date")),
            ),
        )


def _ris(text: str, library: Library) -> None:
    record: dict[str, list[str]] | None = None
    start = 0
    last_tag = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        if match is None:
            if record is not None and last_tag and line.strip():
                record[last_tag][-1] += " " + line.strip()  # a wrapped value
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                library.notes.append(
                    f"line {start}: RIS record has no ER line; read up to line {number - 1}"
                )
                _ris_entry(record, start, library)
            record, start, last_tag = {}, number, ""
            continue
        if record is None:
            continue
        if tag == "ER":
            _ris_entry(record, start, library)
            record, last_tag = None, ""
            continue
        record.setdefault(tag, []).append(value)
        last_tag = tag
    if record is not None:
        library.notes.append(
            f"line {start}: RIS record has no ER line; read to the end of the file"
        )
        _ris_entry(record, start, library)


def _ris_entry(record: dict[str, list[str]], line: int, library: Library) -> None:
    def first(*tags: str) -> str | None:
        return next((record[t][0] for t in tags if record.get(t) and record[t][0]), None)

    title = first("TI", "T1", "CT", "BT")
    label = first("ID") or (title or "")
    where = Entry(line, label).where()
    urls = [u for t in ("UR", "L1", "L2", "L3", "L4") for u in record.get(t, ())]
    values = [
        *record.get("DO", ()),
        *[n for n in record.get("N1", ()) if "arxiv" in n.lower()],
        *urls,
    ]
    ids = _ids(values, where, library)
    _add(library, Entry(line, label, ids, title, year_of(first("PY", "Y1", "DA"))))


def _csl(text: str, library: Library) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LibraryFileError(
            f"{library.path} is not valid CSL-JSON: {exc.msg} "
            f"at line {exc.lineno}, column {exc.colno}"
        ) from None
    items = data.get("items", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise LibraryFileError(f"{library.path} is not CSL-JSON: no list of items")
    lines = _item_lines(text, len(items))
    for index, item in enumerate(items):
        line = lines[index]
        if not isinstance(item, dict):
            library.notes.append(f"line {line}: item {index + 1} is not a CSL-JSON object; skipped")
            continue
        label = str(item.get("id") or item.get("citation-key") or "")
        where = Entry(line, label).where()
        arxiv = [
            v
            for k in ("number", "note", "archive_location")
            if "arxiv" in str(v := item.get(k) or "").lower()
        ]
        ids = _ids(
            [item.get("DOI"), *arxiv, item.get("PMID") and f"PMID:{item['PMID']}", item.get("URL")],
            where,
            library,
        )
        title = item.get("title") if isinstance(item.get("title"), str) else None
        issued = item.get("issued") or {}
        year = None
        if isinstance(issued, dict):
            parts = issued.get("date-parts") or [[]]
            year = year_of(
                parts[0][0] if parts and parts[0] else issued.get("raw") or issued.get("literal")
            )
        _add(library, Entry(line, label, ids, " ".join(title.split()) if title else None, year))


def _item_lines(text: str, count: int) -> list[int]:
    """Roughly where each top-level item starts (its ``{`` at depth 1), for notes."""
    lines: list[int] = []
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if char == "{" and depth == 2:
                lines.append(line)
        elif char in "]}":
            depth -= 1
    return (lines + [1] * count)[:count]


def _plain(text: str, library: Library) -> None:
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.split())
        if not line or line.startswith("#"):
            continue
        try:
            library.entries.append(Entry(number, line, (parse_paper_id(line),)))
            continue
        except InvalidPaperId as exc:
            problem = str(exc)
        if _ID_LIKE.match(line) and " " not in line:
            library.notes.append(f"line {number}: {problem.split(': use ')[0]}; skipped")
            library.rejected.append((Entry(number, line), problem.split(": use ")[0]))
            continue
        library.entries.append(Entry(number, line, (), line))  # a title
