"""Store → analysis → map and reading list: the one path that ``map``, ``crawl`` and ``demo`` share.

Frames are read once and the analysis is computed once per store; every output is derived from
the same :class:`FieldAnalysis`, so the map and the reading list can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mentalmap.analysis import analyze, reading_list
from mentalmap.errors import EmptyStore
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.render import render_map
from mentalmap.store import open_existing


@dataclass(frozen=True)
class FieldAnalysis:
    """A store's frames, its seeds and its analysis table (indexed by paperId)."""

    papers: pd.DataFrame
    edges: pd.DataFrame
    seeds: list[str]
    table: pd.DataFrame

    def reading(self, size: int = 20) -> pd.DataFrame:
        """The reading list of this field (see :func:`mentalmap.analysis.reading_list`)."""
        return reading_list(self.table, self.papers, size=size)


def analyse_store(db: str | Path) -> FieldAnalysis:
    """Load a store and analyse it; an empty store is an error that says what to run."""
    with open_existing(db) as store:
        papers, edges, seeds = read_papers(store), read_edges(store), read_seeds(store)
    if papers.empty:
        raise EmptyStore(f"{db} holds no papers yet: run `mentalmap crawl <paper-id> --db {db}`")
    return FieldAnalysis(papers, edges, seeds, analyze(papers, edges, seeds))


def write_map(
    field: FieldAnalysis,
    out: str | Path,
    *,
    top: int = 300,
    reading_size: int = 20,
    title: str = "mentalmap",
) -> Path:
    """Render the field's map with its reading-list overlay (``reading_size`` 0: none)."""
    reading = field.reading(reading_size) if reading_size else None
    return render_map(
        field.papers,
        field.edges,
        field.table,
        reading,
        out=Path(out),
        top=top,
        seeds=field.seeds,
        title=title,
    )
