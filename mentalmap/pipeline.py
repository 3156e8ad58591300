"""Store → analysis → map and reading list: the one path that ``map``, ``crawl`` and ``demo`` share.

Frames are read once and the analysis is computed once per store; every output is derived from
the same :class:`FieldAnalysis`, so the map and the reading list can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mentalmap.analysis import analyze
from mentalmap.analysis.reading import ReadingPlan, reading_plan
from mentalmap.code_links import annotate_code
from mentalmap.errors import AnalysisError, EmptyStore
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.reading_log import read_log
from mentalmap.render.html import MAX_EMBEDDED, MapPage, build_map_data, write_map_page
from mentalmap.render.notebook import DEFAULT_HEIGHT, MapView
from mentalmap.store import open_existing


@dataclass(frozen=True)
class FieldAnalysis:
    """A store's frames, its seeds, its analysis table (indexed by paperId) and reading log."""

    papers: pd.DataFrame
    edges: pd.DataFrame
    seeds: list[str]
    table: pd.DataFrame
    log: pd.DataFrame | None = None

    def reading(self, size: int | None = None, tier: str = "exposure") -> pd.DataFrame:
        """The reading list of this field (the items of :meth:`plan`)."""
        return self.plan(size, tier).items

    def plan(
        self, size: int | None = None, tier: str = "exposure", *, has_code: bool = False
    ) -> ReadingPlan:
        """The reading plan of this field (see :func:`mentalmap.analysis.reading.reading_plan`)."""
        return reading_plan(
            self.table, self.papers, size, tier=tier, edges=self.edges, has_code=has_code
        )

    def as_of(self, year: int) -> FieldAnalysis:
        """The field as it stood at the end of ``year``, analysed afresh (its seeds of then)."""
        from mentalmap.predict import as_of

        papers, edges = as_of(self.papers, self.edges, year)
        if papers.empty:
            raise AnalysisError(f"the map holds no paper from {year} or before: pick a later year")
        ids = set(papers["paperId"])
        seeds = [s for s in self.seeds if s in ids]
        return FieldAnalysis(papers, edges, seeds, analyze(papers, edges, seeds or None), self.log)

    def map(
        self,
        *,
        top: int = 300,
        reading_size: int = 20,
        title: str = "mentalmap",
        store: str | Path | None = None,
        max_papers: int = MAX_EMBEDDED,
        height: int = DEFAULT_HEIGHT,
    ) -> MapView:
        """The field's map as an object a notebook shows inline (``.save(path)`` writes it);
        the arguments are those of :func:`write_map`, ``height`` that of the notebook frame."""
        return MapView.of(self._map_data(top, reading_size, title, store, max_papers), height)

    def _map_data(
        self, top: int, reading_size: int, title: str, store: str | Path | None, max_papers: int
    ) -> dict[str, Any]:
        reading = self.reading(reading_size) if reading_size else None
        return build_map_data(
            self.papers, self.edges, self.table, reading, top, self.seeds, title, max_papers,
            self.log, store,
        )  # fmt: skip

    def with_code_only(self) -> FieldAnalysis:
        """The same field restricted to papers with known code (``--has-code``).

        The analysis is not recomputed: a paper keeps the role it has in the whole field.
        """
        keep = self.table.index[self.table["has_code"].astype(bool)]
        kept = set(keep)
        if not kept:
            raise AnalysisError(
                "no paper of this map has known code; pass a links file with --code-links"
            )
        return FieldAnalysis(
            papers=self.papers[self.papers["paperId"].isin(kept)],
            edges=self.edges[self.edges["citing"].isin(kept) & self.edges["cited"].isin(kept)],
            seeds=[s for s in self.seeds if s in kept],
            table=self.table.loc[keep],
            log=self.log,
        )


def analyse_store(db: str | Path, code_links: str | Path | None = None) -> FieldAnalysis:
    """Load a store and analyse it; an empty store is an error that says what to run.

    ``code_links``: a paper-to-repository file (docs/topic-to-plan.md) that adds to the code
    links found in abstracts.
    """
    with open_existing(db) as store:
        papers, edges, seeds = read_papers(store), read_edges(store), read_seeds(store)
        log = read_log(store)
    require_papers(papers, db)
    present = set(papers["paperId"])
    seeds = [s for s in seeds if s in present]  # a seed may have been merged away
    papers = annotate_code(papers, code_links)
    return FieldAnalysis(papers, edges, seeds, analyze(papers, edges, seeds or None), log)


def write_map(
    field: FieldAnalysis,
    out: str | Path,
    *,
    top: int = 300,
    reading_size: int = 20,
    title: str = "mentalmap",
    store: str | Path | None = None,
    max_papers: int = MAX_EMBEDDED,
) -> MapPage:
    """Render the field's map with its reading-list overlay (``reading_size`` 0: none) and the
    store's reading log (what you read, how deeply, your notes); with ``store`` (the store's
    path) a clicked paper shows the ``mentalmap expand`` command that grows the map from it.
    At most ``max_papers`` are embedded; the returned page says how many were."""
    return write_map_page(field._map_data(top, reading_size, title, store, max_papers), Path(out))


def require_papers(papers: pd.DataFrame, db: Path | str) -> None:
    """Every command on an empty store says so the same way (an empty export is no answer)."""
    if papers.empty:
        raise EmptyStore(f"{db} holds no papers yet: run `mentalmap crawl <paper-id> --db {db}`")
