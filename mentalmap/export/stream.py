"""Exports written straight from the store, chunk by chunk: memory flat in the store's size.

``mentalmap export`` of a whole map without analysis (the default) needs no graph in memory:
papers and edges are read in frames of a few thousand rows (:func:`mentalmap.graph.iter_papers`)
and each frame goes through the same conversions as the in-memory writers
(:func:`mentalmap.export.frames.prepare_papers`, the GraphML attribute rules of
:mod:`mentalmap.export.graphs`), so a streamed file holds what the frame-based writer would.
GraphML is written as text: every attribute of the export is declared up front with its type
(GraphML allows declared keys no element uses), then nodes, then edges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.frames import (
    EDGE_COLUMNS,
    PAPER_COLUMNS,
    prepare_edges,
    prepare_papers,
    records,
)
from mentalmap.export.graphs import ATTRIBUTE_TYPES, edge_attrs, node_attrs
from mentalmap.export.tables import csv_chunk, write_pair
from mentalmap.graph import EDGE_FRAME_COLUMNS, edge_frame, edge_rows, iter_edges, iter_papers
from mentalmap.outputs import Writer, write_atomic
from mentalmap.safe_text import xml_text
from mentalmap.store import Store

#: Formats :func:`export_store` streams; the others are written from frames.
STREAMED_FORMATS: tuple[str, ...] = ("csv", "graphml")

#: Papers and edges read per frame (a few MB each, whatever the store's size).
CHUNK_PAPERS, CHUNK_EDGES = 5_000, 50_000

_RAW_EDGE = list(EDGE_FRAME_COLUMNS)

_GRAPHML_TYPES = {int: "long", float: "double", bool: "boolean", str: "string"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


class Counts:
    """Rows a streamed export wrote (known once it is written)."""

    def __init__(self) -> None:
        self.papers = 0
        self.edges = 0


def export_store(store: Store, fmt: str, out_dir: str | Path) -> tuple[list[Path], Counts]:
    """Write every paper and citation of ``store`` in ``fmt`` (one of :data:`STREAMED_FORMATS`)
    into ``out_dir``, replacing same-named files only once all are whole; return the files and
    what they hold."""
    if fmt not in STREAMED_FORMATS:
        raise ExportError(f"{fmt} is not streamed; formats streamed: {', '.join(STREAMED_FORMATS)}")
    out, counts = Path(out_dir), Counts()
    if fmt == "csv":
        writers: dict[str, Writer] = {
            "papers": _csv_papers(store, counts),
            "edges": _csv_edges(store, counts),
        }
        return write_pair(out, "csv", writers), counts
    path = write_atomic(out / "mentalmap.graphml", _graphml(store, counts), ExportError)
    return [path], counts


def _csv_papers(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        frames = (prepare_papers(f) for f in iter_papers(store, CHUNK_PAPERS))
        counts.papers = _csv_frames(frames, handle)

    return write


def _csv_edges(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        frames = (prepare_edges(f) for f in iter_edges(store, CHUNK_EDGES))
        counts.edges = _csv_frames(frames, handle)

    return write


def _csv_frames(frames: Iterable[pd.DataFrame], handle: BinaryIO) -> int:
    """One CSV of the frames in turn, its header once (an empty store yields one empty frame)."""
    rows = 0
    for i, frame in enumerate(frames):
        handle.write(csv_chunk(frame, header=i == 0))
        rows += len(frame)
    return rows


def _graphml(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        handle.write(_graphml_keys().encode("utf-8"))
        for frame in iter_papers(store, CHUNK_PAPERS):
            chunk = []
            for row in records(prepare_papers(frame)):
                node = quoteattr(xml_text(str(row["paperId"])))
                chunk.append(_element(f"    <node id={node}", node_attrs(row), "node"))
            handle.write("".join(chunk).encode("utf-8"))
            counts.papers += len(frame)
        rows = edge_rows(store)
        while batch := list(islice(rows, CHUNK_EDGES)):
            handle.write(_graphml_edges(batch).encode("utf-8"))
            counts.edges += len(batch)
        handle.write(b'    <data key="name">mentalmap</data>\n  </graph>\n</graphml>\n')

    return write


def _graphml_edges(rows: list[tuple]) -> str:
    """Edges as GraphML with the attributes :func:`edge_attrs` gives them: ids, flags and
    intents repeat from edge to edge, so each distinct one is converted once, the same way."""
    ids: dict[str, str] = {}
    data: dict[tuple, str] = {}
    out = []
    for citing, cited, influential, intents, _contexts in rows:
        for pid in (citing, cited):
            if pid not in ids:
                ids[pid] = quoteattr(xml_text(str(pid)))
        key = (influential, intents)
        if key not in data:
            frame = edge_frame(pd.DataFrame([(citing, cited, *key, None)], columns=_RAW_EDGE))
            attrs = edge_attrs(next(records(prepare_edges(frame))))
            data[key] = "".join(_data(k, v) for k, v in attrs.items())
        head = f"    <edge source={ids[citing]} target={ids[cited]}"
        out.append(f"{head}>\n{data[key]}    </edge>\n" if data[key] else head + " />\n")
    return "".join(out)


def _graphml_keys() -> str:
    node_columns = [c for c in PAPER_COLUMNS if c not in ("paperId", "externalIds")] + ["label"]
    keys = [("edge", c) for c in EDGE_COLUMNS if c not in ("citing", "cited")]
    keys += [("node", c) for c in node_columns]
    lines = [
        f'  <key id="{name}" for="{scope}" attr.name="{name}" '
        f'attr.type="{_GRAPHML_TYPES[ATTRIBUTE_TYPES.get(name, str)]}" />\n'
        for scope, name in keys
    ]
    lines.append('  <key id="name" for="graph" attr.name="name" attr.type="string" />\n')
    return _GRAPHML_HEAD + "".join(lines) + '  <graph edgedefault="directed">\n'


def _element(head: str, attrs: dict[str, Any], tag: str) -> str:
    if not attrs:
        return head + " />\n"
    data = "".join(f'      <data key="{k}">{_graphml_value(v)}</data>\n' for k, v in attrs.items())
    return f"{head}>\n{data}    </{tag}>\n"


def _data(key: str, value: Any) -> str:
    return f'      <data key="{key}">{_graphml_value(value)}</data>\n'


def _graphml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(value) if isinstance(value, str) else str(value)
