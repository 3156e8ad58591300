"""Exports written straight from the store, chunk by chunk: memory flat in the store's size.

``mentalmap export`` of a whole map without analysis (the default) needs no graph in memory:
papers are read in export frames of a few thousand rows (:mod:`mentalmap.export.chunks`) and go
through the same conversions as the in-memory writers, so a streamed file holds what the
frame-based writer would (CSV byte for byte; GraphML and GEXF parse to the same graph:
:mod:`mentalmap.export.xml_stream`). Edges, a store's bulk, are written as pre-built lines: each
id quoted once per batch, each distinct (isInfluential, intents) pair converted once, through
the frame writer's own conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.chunks import Counts, edge_batches, edge_record, paper_frames, plain_ids
from mentalmap.export.frames import EDGE_COLUMNS, prepare_edges
from mentalmap.export.tables import csv_chunk, write_pair
from mentalmap.export.xml_stream import gexf_writer, graphml_writer
from mentalmap.graph import EDGE_FRAME_COLUMNS, EdgeRow, edge_frame
from mentalmap.outputs import Writer, write_atomic
from mentalmap.store import Store

#: Formats :func:`export_store` streams; the others are written from frames.
STREAMED_FORMATS: tuple[str, ...] = ("csv", "graphml", "gexf")


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
    writer = graphml_writer if fmt == "graphml" else gexf_writer
    path = write_atomic(out / f"mentalmap.{fmt}", writer(store, counts), ExportError)
    return [path], counts


def _csv_papers(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        for i, frame in enumerate(paper_frames(store)):
            handle.write(csv_chunk(frame, header=i == 0))
            counts.papers += len(frame)

    return write


def _csv_edges(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        handle.write(csv_chunk(prepare_edges(pd.DataFrame(columns=list(EDGE_COLUMNS)))))
        for batch in edge_batches(store):
            handle.write(_csv_edge_lines(batch))
            counts.edges += len(batch)

    return write


_CSV_IDS = b'"a","b",'  # how csv_chunk starts the row of edge_record's ids


def _csv_tail(influential: int | None, intents: str | None) -> str:
    """The CSV cells after the two ids of an edge with these flags, as csv_chunk writes them."""
    row = csv_chunk(pd.DataFrame([edge_record(influential, intents)]), header=False)
    return row[len(_CSV_IDS) :].decode("utf-8")  # text is always quoted: the ids start the row


def _csv_edge_lines(batch: list[EdgeRow]) -> bytes:
    """A batch of raw edge rows as CSV rows; a batch with an id that is not plain ASCII letters
    and digits (a hostile store) goes through the frame writer's path whole."""
    if not plain_ids(batch):
        frame = edge_frame(pd.DataFrame(batch, columns=list(EDGE_FRAME_COLUMNS)))
        return csv_chunk(prepare_edges(frame), header=False)
    tails = {key: _csv_tail(*key) for key in {(row[2], row[3]) for row in batch}}
    lines = [f'"{a}","{b}",{tails[(f, i)]}' for a, b, f, i, _ in batch]
    return "".join(lines).encode("utf-8")
