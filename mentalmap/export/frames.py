"""What an export holds: the column order, the analysis columns, and plain Python values.

Every format starts from the frames prepared here, so a CSV, a Parquet file and a GraphML file of
the same map carry the same papers with the same column names.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pandas as pd

from mentalmap.errors import ExportError

#: Paper columns written by every format, in this order (crawl bookkeeping is left out).
PAPER_COLUMNS: tuple[str, ...] = (
    "paperId",
    "corpusId",
    "title",
    "abstract",
    "year",
    "publicationDate",
    "venue",
    "publicationTypes",
    "authors",
    "citationCount",
    "referenceCount",
    "influentialCitationCount",
    "fieldsOfStudy",
    "openAccessPdf",
    "tldr",
    "externalIds",
    "doi",
    "arxiv",
    "url",
    "depth",
    "isSeed",
)

#: Edge columns written by every format (`contexts` is left out: long text, not a map's concern).
EDGE_COLUMNS: tuple[str, ...] = ("citing", "cited", "isInfluential", "intents")

#: Columns added after the paper columns when a reading list (``order, section, why``) or an
#: analysis table (the rest; docs/architecture.md) is given. Other signals stay in the table.
READING_COLUMNS: tuple[str, ...] = ("order", "section", "why")
ANALYSIS_COLUMNS: tuple[str, ...] = (
    *READING_COLUMNS,
    "role",
    "confidence",
    "reason",
    "parent",
    "cluster",
    "cluster_label",
    "importance",
    "has_code",
    "code_url",
    "note",
)

#: Columns holding lists or dicts; table formats without nested types store them as JSON text.
NESTED_COLUMNS: frozenset[str] = frozenset(
    {"publicationTypes", "authors", "fieldsOfStudy", "externalIds", "intents"}
)


#: Where the ``doi`` / ``arxiv`` columns come from in S2's ``externalIds``.
EXTERNAL_ID_COLUMNS: dict[str, str] = {"doi": "DOI", "arxiv": "ArXiv"}


def external_id(ids: Any, key: str) -> str | None:
    """One id out of an ``externalIds`` cell (a dict, or None), as text or None."""
    ids = plain(ids)
    value = ids.get(key) if isinstance(ids, dict) else None
    return None if value in (None, "") else str(value)


def log_notes(log: pd.DataFrame | None) -> pd.Series:
    """The reading log's notes per paperId, oldest first, ``" | "``-joined (none: left out)."""
    if log is None or log.empty:
        return pd.Series(dtype=object, name="note")
    noted = log[log["note"].map(lambda n: isinstance(n, str) and bool(n.strip()))]
    notes = noted.groupby("paperId", sort=False)["note"].agg(lambda n: " | ".join(n))
    return notes.rename("note")


def join_analysis(papers: pd.DataFrame, table: pd.DataFrame | None) -> pd.DataFrame:
    """Add the analysis columns of ``table`` (indexed by paperId) that ``papers`` lacks."""
    if table is None:
        return papers
    wanted = [c for c in ANALYSIS_COLUMNS if c in table.columns and c not in papers.columns]
    if not wanted:
        return papers
    extra = table[wanted]
    return papers.join(extra[~extra.index.duplicated()])


def prepare_papers(
    papers: pd.DataFrame, table: pd.DataFrame | None = None, log: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The papers frame (indexed by paperId) as exported rows: ``paperId`` first, then known
    columns in a fixed order, missing ones as None; ``doi`` / ``arxiv`` pulled out of
    ``externalIds``, ``note`` from the reading log."""
    if papers.index.name != "paperId":
        raise ExportError("the papers frame must be indexed by paperId (docs/api.md)")
    papers = join_analysis(papers, table).reset_index()
    ids = papers["externalIds"] if "externalIds" in papers.columns else None
    papers = papers.assign(
        **{
            col: (None if ids is None else ids.map(lambda v, k=key: external_id(v, k)))
            for col, key in EXTERNAL_ID_COLUMNS.items()
            if col not in papers.columns
        }
    )
    notes = log_notes(log)
    if log is not None and "note" not in papers.columns:
        papers = papers.assign(note=papers["paperId"].map(notes).astype(object))
        papers["note"] = papers["note"].where(papers["note"].notna(), None)
    out = pd.DataFrame(index=papers.index)
    for col in PAPER_COLUMNS:
        out[col] = papers[col] if col in papers.columns else None
    for col in ANALYSIS_COLUMNS:
        if col in papers.columns:
            out[col] = papers[col]
    return out.reset_index(drop=True)


def prepare_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """The edges frame as exported: ``citing, cited, isInfluential, intents``."""
    missing = {"citing", "cited"} - set(edges.columns)
    if missing:
        raise ExportError(f"the edges frame has no {sorted(missing)} column(s)")
    out = pd.DataFrame(index=edges.index)
    for col in EDGE_COLUMNS:
        out[col] = edges[col] if col in edges.columns else None
    return out.reset_index(drop=True)


_PLAIN_TYPES = frozenset({str, int, bool})


def plain(value: Any) -> Any:
    """``value`` as plain JSON-able Python: NaN/NA become None, numpy scalars and arrays unwrap."""
    if type(value) in _PLAIN_TYPES:
        return value
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return plain(value.tolist())  # numpy arrays and scalars (Parquet hands lists back so)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value == datetime(value.year, value.month, value.day):
        return value.date().isoformat()  # a publicationDate: S2's YYYY-MM-DD
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain values, in column order."""
    columns = list(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        yield {col: plain(val) for col, val in zip(columns, row, strict=True)}


def author_names(authors: Any) -> list[str]:
    """The display names of an ``authors`` cell (list of ``{"authorId", "name"}`` or of str)."""
    names = []
    for author in plain(authors) or []:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            names.append(" ".join(name.split()))
    return names
