"""What a streamed export reads: the store's papers and citations a chunk at a time.

Papers come as export frames (:func:`~mentalmap.export.frames.prepare_papers`, reading-log
notes included, as ``mentalmap export`` writes them from frames), edges as the raw rows of
:func:`mentalmap.graph.edge_rows`, so a writer converts each distinct flag / intents value once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from mentalmap.export.frames import prepare_edges, prepare_papers, records
from mentalmap.graph import EDGE_FRAME_COLUMNS, EdgeRow, edge_frame, edge_rows, iter_papers
from mentalmap.reading_log import read_log
from mentalmap.store import Store

#: Papers and edges read per chunk (a few MB each, whatever the store's size).
CHUNK_PAPERS, CHUNK_EDGES = 5_000, 50_000


class Counts:
    """Rows a streamed export wrote (known once it is written)."""

    def __init__(self) -> None:
        self.papers = 0
        self.edges = 0


def paper_frames(store: Store) -> Iterator[pd.DataFrame]:
    """Every paper of the store as export frames of at most :data:`CHUNK_PAPERS` rows, in
    paperId order, with the reading log's notes (a log is a person's, small beside the store)."""
    log = read_log(store)
    for frame in iter_papers(store, CHUNK_PAPERS):
        yield prepare_papers(frame, log=log)


def edge_batches(store: Store) -> Iterator[list[EdgeRow]]:
    """The map's citations as raw rows, :data:`CHUNK_EDGES` at a time, in (citing, cited) order."""
    return edge_rows(store, CHUNK_EDGES)


def edge_record(influential: int | None, intents: str | None) -> dict[str, Any]:
    """The export record of an edge with these raw flags (ids ``a`` → ``b``): what the frame
    writers make of the same row."""
    raw = pd.DataFrame([("a", "b", influential, intents, None)], columns=list(EDGE_FRAME_COLUMNS))
    return next(records(prepare_edges(edge_frame(raw))))


def plain_id(pid: str) -> bool:
    """True when ``pid`` needs no escaping anywhere (S2's hex ids): ASCII letters and digits."""
    return pid.isascii() and pid.isalnum()


def plain_ids(batch: list[EdgeRow]) -> bool:
    """True when both ids of every edge of ``batch`` are :func:`plain_id` (one test of the
    batch's ids joined: letters and digits joined are letters and digits)."""
    joined = "".join([row[0] + row[1] for row in batch])
    return joined.isascii() and joined.isalnum()
