"""Reference-manager formats: BibTeX (``mentalmap.bib``) and RIS (``mentalmap.ris``).

Text stays UTF-8 (biber, bibtex8, Zotero and JabRef read it); only what would break a ``.bib``
file is escaped: ``\\ { } & % $ # _ ~ ^ < >`` become LaTeX commands (:func:`escape_latex`, undone
by :func:`unescape_latex`). Titles are wrapped in an extra pair of braces so styles keep their
capitals. ``url``, ``doi`` and ``eprint`` are verbatim fields in biblatex and stay unescaped.

What mentalmap adds travels as Zotero imports it: the role and the sub-topic as tags (BibTeX
``keywords``, RIS one ``KW`` each, written ``mentalmap:<role>`` and ``topic:<label>`` so they sort
apart from S2's fields of study), the role's reason and the reading-log notes as a note (BibTeX
``note``, RIS ``N1``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.frames import author_names, plain, records
from mentalmap.outputs import write_text_atomic
from mentalmap.safe_text import one_line
from mentalmap.vocabulary import FUNCTION_WORDS

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_UNLATEX = {v: k for k, v in _LATEX.items()}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
_UNLATEX_RE = re.compile("|".join(re.escape(s) for s in sorted(_UNLATEX, key=len, reverse=True)))


def escape_latex(text: str) -> str:
    """``text`` safe inside a braced BibTeX value; non-ASCII letters are kept as they are."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], one_line(text))


def unescape_latex(text: str) -> str:
    """Undo :func:`escape_latex` (for importers and tests)."""
    return _UNLATEX_RE.sub(lambda m: _UNLATEX[m.group()], text)


# --- names -----------------------------------------------------------------------------------
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le"}
    | {"ten", "ter", "zu", "bin", "ibn", "al", "el"}
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def split_name(name: str) -> tuple[str, str, str]:
    """``(first, last, suffix)`` of a display name such as S2 gives ("Ashish Vaswani").

    A one-word name (a mononym, an organisation, a CJK name written without spaces) is all
    last name. Lower-case particles ("van der") belong to the last name.
    """
    tokens = name.split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower() in _SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) <= 1:
        return "", " ".join(tokens), suffix
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(tokens[:start]), " ".join(tokens[start:]), suffix


_KEEP_WHOLE = re.compile(r"\band\b|,", flags=re.IGNORECASE)


def _bibtex_name(name: str) -> str:
    if _KEEP_WHOLE.search(name):  # an organisation, or already "Last, First": keep as one unit
        return "{" + escape_latex(name) + "}"
    first, last, suffix = split_name(name)
    return ", ".join(escape_latex(p) for p in (last, suffix, first) if p)


def _ris_name(name: str) -> str:
    if _KEEP_WHOLE.search(name):
        return name
    first, last, suffix = split_name(name)
    return ", ".join(p for p in (last, first, suffix) if p)


# --- entry kinds -----------------------------------------------------------------------------
_JOURNAL_TYPES = frozenset(
    {"JournalArticle", "Review", "CaseReport", "ClinicalTrial", "Editorial"}
    | {"LettersAndComments", "MetaAnalysis", "News", "Study"}
)
_CONFERENCE_WORDS = re.compile(r"conference|proceedings|workshop|symposium|meeting", re.I)
_JOURNAL_WORDS = re.compile(r"journal|transactions|letters|review|magazine", re.I)


def entry_kind(publication_types: Any, venue: Any) -> str:
    """``"inproceedings"``, ``"article"`` or ``"misc"`` for a paper.

    S2 types decide first (Conference over JournalArticle); a venue's wording decides when the
    types say nothing. A paper with no venue, or only arXiv as venue, is ``misc``: both
    @article and @inproceedings need a place of publication.
    """
    venue = (venue or "").strip() if isinstance(venue, str) else ""
    if not venue or venue.lower().startswith("arxiv"):
        return "misc"
    types = set(plain(publication_types) or [])
    if "Conference" in types:
        return "inproceedings"
    if types & _JOURNAL_TYPES:
        return "article"
    if _CONFERENCE_WORDS.search(venue):
        return "inproceedings"
    if _JOURNAL_WORDS.search(venue):
        return "article"
    return "misc"


# --- BibTeX ----------------------------------------------------------------------------------
_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"}
    | {"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``: accents dropped, letters with no ASCII form lost."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = folded.encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def citation_key(authors: Any, year: Any, title: Any) -> str:
    """A Google-Scholar-style key: first author's last name, year, first title word."""
    names = author_names(authors)
    last = "".join(_ascii_words(split_name(names[0])[1])) if names else ""
    title = title if isinstance(title, str) else ""
    words = [w for w in _ascii_words(title) if w not in FUNCTION_WORDS]
    year = plain(year)
    return f"{last or 'anon'}{int(year) if year is not None else ''}{words[0] if words else ''}"


def _unique(key: str, taken: set[str]) -> str:
    candidate, n = key, 0
    while candidate in taken:
        candidate = key + _letters(n)
        n += 1
    taken.add(candidate)
    return candidate


def _letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa: the suffixes Better BibTeX gives clashing keys."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _verbatim(text: str) -> str:
    """A verbatim field (url, doi): braces and backslashes percent-encoded, so no value can
    close its field early (a trailing ``\\`` would escape the closing brace)."""
    return one_line(text).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def analysis_tags(row: dict[str, Any]) -> list[str]:
    """Tags for a reference manager: the role, the sub-topic, then S2's fields of study."""
    tags = []
    if isinstance(row.get("role"), str) and row["role"]:
        tags.append(f"mentalmap:{row['role']}")
    label = row.get("cluster_label")
    if isinstance(label, str) and label.strip():
        tags.append("topic:" + " ".join(label.replace(",", " ").split()))
    tags.extend(str(f) for f in plain(row.get("fieldsOfStudy")) or [])
    return tags


def analysis_note(row: dict[str, Any]) -> str | None:
    """The role's reason and the reading-log notes as one line, or None when there is neither."""
    parts = []
    if isinstance(row.get("reason"), str) and row["reason"].strip():
        parts.append(f"mentalmap {row.get('role') or 'role'}: {row['reason']}")
    if isinstance(row.get("note"), str) and row["note"].strip():
        parts.append(f"reading log: {row['note']}")
    return " ".join(" — ".join(parts).split()) or None


def _bibtex_fields(row: dict[str, Any], kind: str) -> Iterator[tuple[str, str]]:
    names = author_names(row.get("authors"))
    if names:
        yield "author", " and ".join(_bibtex_name(n) for n in names)
    if row.get("title"):
        yield "title", "{" + escape_latex(row["title"]) + "}"
    yield from _bibtex_venue(row.get("venue"), kind)
    if row.get("year") is not None:
        yield "year", str(int(row["year"]))
    if row.get("doi"):
        yield "doi", _verbatim(row["doi"])
    if row.get("arxiv"):
        yield "eprint", _verbatim(row["arxiv"])
        yield "archivePrefix", "arXiv"
    if row.get("url"):
        yield "url", _verbatim(row["url"])
    if row.get("abstract"):
        yield "abstract", escape_latex(row["abstract"])
    tags = analysis_tags(row)
    if tags:
        yield "keywords", ", ".join(escape_latex(t) for t in tags)
    note = analysis_note(row)
    if note:
        yield "note", escape_latex(note)


def _bibtex_venue(venue: Any, kind: str) -> Iterator[tuple[str, str]]:
    """Where the paper appeared: journal, booktitle, or for a misc entry howpublished."""
    venue = venue if isinstance(venue, str) else ""  # article/inproceedings always have one
    if kind == "article":
        yield "journal", escape_latex(venue)
    elif kind == "inproceedings":
        yield "booktitle", escape_latex(venue)
    elif venue.strip() and not venue.lower().startswith("arxiv"):
        yield "howpublished", escape_latex(venue)


def bibtex_entries(papers: pd.DataFrame) -> Iterator[str]:
    """One BibTeX entry per paper, keys unique within the export."""
    taken: set[str] = set()
    for row in records(papers):
        kind = entry_kind(row.get("publicationTypes"), row.get("venue"))
        key = _unique(citation_key(row.get("authors"), row.get("year"), row.get("title")), taken)
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in _bibtex_fields(row, kind))
        yield f"@{kind}{{{key},\n{body}\n}}\n"


def write_bibtex(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.bib`` (edges have no place in BibTeX)."""
    text = "\n".join(bibtex_entries(papers))
    return [write_text_atomic(out_dir / "mentalmap.bib", text, ExportError)]


# --- RIS -------------------------------------------------------------------------------------
_RIS_TYPE = {"article": "JOUR", "inproceedings": "CONF", "misc": "GEN"}


def _ris_lines(row: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    kind = entry_kind(row.get("publicationTypes"), row.get("venue"))
    yield "TY", _RIS_TYPE[kind]
    yield "ID", row.get("paperId")
    yield "TI", row.get("title")
    for name in author_names(row.get("authors")):
        yield "AU", _ris_name(name)
    yield "PY", None if row.get("year") is None else int(row["year"])
    if isinstance(row.get("publicationDate"), str):
        yield "DA", row["publicationDate"][:10].replace("-", "/")
    yield ("JO" if kind == "article" else "T2"), row.get("venue")
    yield "DO", row.get("doi")
    yield "UR", row.get("url")
    if row.get("arxiv"):
        yield "UR", f"https://arxiv.org/abs/{row['arxiv']}"
    yield "L1", row.get("openAccessPdf")
    for tag in analysis_tags(row):
        yield "KW", tag
    yield "N1", analysis_note(row)
    yield "AB", row.get("abstract")


def ris_records(papers: pd.DataFrame) -> Iterator[str]:
    """One RIS record per paper; values on one line each, empty tags left out."""
    for row in records(papers):
        lines = []
        for tag, value in _ris_lines(row):
            text = one_line(value) if value is not None else ""
            if text:
                lines.append(f"{tag}  - {text}")
        lines.append("ER  - ")
        yield "\n".join(lines) + "\n"


def write_ris(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.ris``."""
    text = "\n".join(ris_records(papers))
    return [write_text_atomic(out_dir / "mentalmap.ris", text, ExportError)]
