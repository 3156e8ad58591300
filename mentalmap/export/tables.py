"""Table formats: CSV, JSON and Parquet, each as ``papers.*`` plus ``edges.*``.

Conventions (the table in :mod:`mentalmap.export`):

* CSV: list and dict cells (``publicationTypes``, ``authors``, ``fieldsOfStudy``,
  ``externalIds``, ``intents``) are JSON text, so nothing is lost and one ``json.loads`` per
  cell gets them back; missing values are empty cells; booleans are ``True`` / ``False``.
  Text that a spreadsheet would run as a formula (a leading ``= + - @`` TAB or CR) gets a
  ``'`` in front (:mod:`mentalmap.safe_text`); JSON and Parquet keep it exact.
* JSON: one array of objects per file, nested values as real JSON, missing values ``null``.
* Parquet: lists are list columns, ``authors`` is ``list<struct<authorId, name>>``;
  ``externalIds`` is ``map<string, string>`` (its keys differ from paper to paper; values such
  as ``CorpusId`` are numbers in S2's JSON and text here, like every other id); ``doi`` and
  ``arxiv`` are plain columns in every format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.frames import NESTED_COLUMNS, plain, records
from mentalmap.outputs import Writer, write_together
from mentalmap.safe_text import spreadsheet_csv


def _json_text(value: Any) -> str | None:
    value = plain(value)
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write_csv(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``papers.csv`` and ``edges.csv`` (UTF-8, nested cells as JSON text, no live
    formula)."""
    texts = {name: csv_chunk(frame) for name, frame in (("papers", papers), ("edges", edges))}
    return write_pair(out_dir, "csv", {n: partial(_write_bytes, b) for n, b in texts.items()})


def csv_chunk(frame: pd.DataFrame, header: bool = True) -> bytes:
    """Rows of an export frame as CSV bytes (nested cells as JSON text), with the header row
    or, for the next chunk of a streamed file, without."""
    cells = {
        c: [(_json_text(v) if c in NESTED_COLUMNS else plain(v)) for v in frame[c].tolist()]
        for c in frame.columns
    }  # column by column: what records() gives, without a dict per row
    table = pd.DataFrame(cells, columns=list(frame.columns), dtype=object)
    return spreadsheet_csv(table, header=header).encode("utf-8")


def write_pair(out_dir: Path, suffix: str, writers: dict[str, Writer]) -> list[Path]:
    """``papers.<suffix>`` and ``edges.<suffix>``, replaced together (never one new, one old)."""
    files = {out_dir / f"{name}.{suffix}": write for name, write in writers.items()}
    return write_together(files, ExportError)


def _write_bytes(data: bytes, handle: BinaryIO) -> None:
    handle.write(data)


def _dump_frame(frame: pd.DataFrame, handle: BinaryIO) -> None:
    _dump_array(records(frame), handle)


def _dump_array(rows: Iterable[dict[str, Any]], handle: BinaryIO) -> None:
    handle.write(b"[")
    for i, row in enumerate(rows):
        handle.write(b",\n" if i else b"\n")
        handle.write(json.dumps(row, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    handle.write(b"\n]\n")


def write_json(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``papers.json`` and ``edges.json``: each a JSON array, one object per line."""
    return write_pair(
        out_dir,
        "json",
        {"papers": partial(_dump_frame, papers), "edges": partial(_dump_frame, edges)},
    )


# --- Parquet ---------------------------------------------------------------------------------
def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    author = pa.struct([("authorId", pa.string()), ("name", pa.string())])
    text, integer = pa.string(), pa.int64()
    return {
        "paperId": text,
        "corpusId": integer,
        "title": text,
        "abstract": text,
        "year": integer,
        "publicationDate": pa.date32(),
        "venue": text,
        "publicationTypes": pa.list_(text),
        "authors": pa.list_(author),
        "citationCount": integer,
        "referenceCount": integer,
        "influentialCitationCount": integer,
        "fieldsOfStudy": pa.list_(text),
        "openAccessPdf": text,
        "tldr": text,
        "externalIds": pa.map_(text, text),
        "doi": text,
        "arxiv": text,
        "url": text,
        "depth": integer,
        "isSeed": pa.bool_(),
        "order": integer,
        "section": text,
        "why": text,
        "role": text,
        "confidence": pa.float64(),
        "reason": text,
        "parent": text,
        "cluster": integer,
        "cluster_label": text,
        "importance": pa.float64(),
        "has_code": pa.bool_(),
        "code_url": text,
        "note": text,
        "citing": text,
        "cited": text,
        "isInfluential": pa.bool_(),
        "intents": pa.list_(text),
    }


def _arrow_value(column: str, value: Any) -> Any:
    """A cell in the shape its Arrow type expects (ints stored as floats, names as authors)."""
    value = plain(value)
    if value is None:
        return None
    if column == "externalIds":
        return [(str(k), str(v)) for k, v in value.items() if v is not None]
    if column == "publicationDate":
        return date.fromisoformat(value[:10])
    if column == "authors":
        return [
            None
            if a is None  # a null entry S2 sent stays null: Parquet keeps what was stored
            else {"authorId": None, "name": a}
            if isinstance(a, str)
            else {
                "authorId": None if a.get("authorId") is None else str(a["authorId"]),
                "name": a.get("name"),
            }
            for a in value
        ]
    if isinstance(value, float) and value.is_integer() and column in _INT_COLUMNS:
        return int(value)
    return value


_INT_COLUMNS = frozenset(
    {"corpusId", "year", "citationCount", "referenceCount", "influentialCitationCount"}
    | {"depth", "order", "cluster"}
)


def _arrow_table(frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    types = _arrow_types()
    arrays, names = [], []
    for column in frame.columns:
        values = [_arrow_value(column, v) for v in frame[column].tolist()]
        try:
            arrays.append(pa.array(values, type=types.get(column)))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise ExportError(f"column {column!r} cannot be stored in Parquet: {exc}") from exc
        names.append(column)
    return pa.Table.from_arrays(arrays, names=names)


def write_parquet(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``papers.parquet`` and ``edges.parquet`` with an explicit, stable Arrow schema."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("Parquet export needs pyarrow: pip install 'mentalmap[parquet]'") from exc
    tables = {"papers": _arrow_table(papers), "edges": _arrow_table(edges)}
    return write_pair(
        out_dir, "parquet", {n: partial(pq.write_table, t) for n, t in tables.items()}
    )
