"""Store → analysis → map, reading list and predictions: one entry per command.

A command opens the store once (:func:`read_store`), analyses it once (:func:`analyse`) and
derives every output from that one :class:`FieldAnalysis`, so the map, the reading list and an
export can never disagree; no function below re-runs the analysis on a whim of its arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, citation_matrix
from mentalmap.analysis.table import analyze_matrix
from mentalmap.code_links import annotate_code
from mentalmap.errors import AnalysisError, EmptyStore, ReadOnlyStore
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.reading_log import read_log
from mentalmap.render.data import MAX_EMBEDDED, build_map_data
from mentalmap.render.notebook import DEFAULT_HEIGHT, MapPage, MapView
from mentalmap.store import Store, open_existing, open_for_update

if TYPE_CHECKING:  # loaded by the commands that use them: ``rank`` imports neither
    from mentalmap.analysis.reading import ReadingPlan
    from mentalmap.predict import AsOfSummary, Reveal
    from mentalmap.predict_topics import TopicReveal


@dataclass(frozen=True)
class FieldAnalysis:
    """A store's frames, its seeds, its analysis table and reading log; ``matrix``, the citation
    matrix the table was computed on, is reused by the map.

    ``papers`` and ``table`` are indexed by paperId (columns and dtypes: docs/api.md).
    """

    papers: pd.DataFrame
    edges: pd.DataFrame
    seeds: list[str]
    table: pd.DataFrame
    log: pd.DataFrame | None = None
    matrix: CitationMatrix | None = None

    def reading(self, size: int | None = None, tier: str = "exposure") -> pd.DataFrame:
        """The reading list of this field (the items of :meth:`plan`)."""
        return self.plan(size, tier).items

    def plan(
        self, size: int | None = None, tier: str = "exposure", *, has_code: bool = False
    ) -> ReadingPlan:
        """The reading plan of this field (see :func:`mentalmap.analysis.reading.reading_plan`)."""
        from mentalmap.analysis.reading import reading_plan

        return reading_plan(
            self.table, self.papers, size, tier=tier, edges=self.edges, has_code=has_code
        )

    def as_of(self, year: int) -> FieldAnalysis:
        """The field as it stood at the end of ``year``, analysed afresh (its seeds of then)."""
        from mentalmap.predict import as_of

        papers, edges = as_of(self.papers, self.edges, year)
        if papers.empty:
            raise AnalysisError(f"the map holds no paper from {year} or before: pick a later year")
        ids = set(papers.index)
        return analysed(papers, edges, [s for s in self.seeds if s in ids], self.log)

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
        reading = self.reading(reading_size) if reading_size else None
        data = build_map_data(
            self.papers, self.edges, self.table, reading, top, self.seeds, title, max_papers,
            self.log, store, self.matrix,
        )  # fmt: skip
        return MapView.of(data, height)

    def with_code_only(self) -> FieldAnalysis:
        """The same field restricted to papers with known code (``--has-code``).

        The analysis is not recomputed: a paper keeps the role it has in the whole field (the
        matrix of the whole field is dropped: the map's similar papers count these edges only).
        """
        keep = self.table.index[self.table["has_code"].astype(bool)]
        kept = set(keep)
        if not kept:
            raise AnalysisError(
                "no paper of this map has known code; pass a links file with --code-links"
            )
        return FieldAnalysis(
            papers=self.papers[self.papers.index.isin(kept)],
            edges=self.edges[self.edges["citing"].isin(kept) & self.edges["cited"].isin(kept)],
            seeds=[s for s in self.seeds if s in kept],
            table=self.table.loc[keep],
            log=self.log,
        )


@dataclass(frozen=True)
class StoreFrames:
    """What an open store holds for the analysis: frames, seeds still in the map, reading log."""

    papers: pd.DataFrame
    edges: pd.DataFrame
    seeds: list[str]
    log: pd.DataFrame | None


def read_store(store: Store, db: str | Path) -> StoreFrames:
    """The frames of an open store; an empty store is an error that says what to run."""
    with store.snapshot():  # a crawl may commit between two reads
        papers, edges, seeds = read_papers(store), read_edges(store), read_seeds(store)
        log = read_log(store)
    require_papers(papers, db)
    present = set(papers.index)
    seeds = [s for s in seeds if s in present]  # a seed may have been merged away
    return StoreFrames(papers, edges, seeds, log)


def load_store(db: str | Path) -> StoreFrames:
    """The frames of the store at ``db`` (opened once, for reading)."""
    with open_existing(db) as store:
        return read_store(store, db)


def analyse(frames: StoreFrames, code_links: str | Path | None = None) -> FieldAnalysis:
    """The one analysis of a store's frames.

    ``code_links``: a paper-to-repository file (docs/topic-to-plan.md) that adds to the code
    links found in abstracts.
    """
    papers = annotate_code(frames.papers, code_links)
    return analysed(papers, frames.edges, frames.seeds, frames.log)


def analyse_store(db: str | Path, code_links: str | Path | None = None) -> FieldAnalysis:
    """Load a store and analyse it (``rank``, ``reading-list``, ``map``, ``export``, ...)."""
    return analyse(load_store(db), code_links)


def analysed(
    papers: pd.DataFrame, edges: pd.DataFrame, seeds: list[str], log: pd.DataFrame | None
) -> FieldAnalysis:
    """The field of these frames with its analysis, keeping the citation matrix it was built on."""
    matrix = citation_matrix(papers, edges)
    table = analyze_matrix(matrix, papers, seeds or None)
    return FieldAnalysis(papers, edges, seeds, table, log, matrix)


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
    view = field.map(top=top, reading_size=reading_size, title=title, store=store,
                     max_papers=max_papers)  # fmt: skip
    return view.save(out)


def plain_map(
    db: str | Path, *, top: int = 300, title: str = "mentalmap", max_papers: int = MAX_EMBEDDED
) -> MapView:
    """``map --no-analysis``: the store's map sized by in-map citations, one band, no roles."""
    frames = load_store(db)
    data = build_map_data(
        frames.papers, frames.edges, top=top, seeds=frames.seeds, title=title,
        max_papers=max_papers, log=frames.log, store=db,
    )  # fmt: skip
    return MapView.of(data)


@dataclass(frozen=True)
class PickRound:
    """A ``predict`` run before the reveal: the field as of the year, the picks kept."""

    then: FieldAnalysis
    summary: AsOfSummary
    recorded: int


@dataclass(frozen=True)
class RevealRound:
    """A ``predict --reveal`` run: what grew after the year, the scores, the guesses made."""

    then: FieldAnalysis
    revealed: Reveal
    topics: TopicReveal
    guesses: pd.DataFrame
    scores: pd.DataFrame
    kept: bool  # False: the store is read-only, the scores were shown and not kept


def predict_picks(
    db: str | Path,
    year: int,
    picks: Sequence[str] = (),
    topic_picks: Sequence[str] = (),
    guess: str | None = None,
    per_topic: int = 3,
) -> PickRound:
    """``predict --as-of YEAR [--pick ...]``: the field as of ``year`` summarised, and the
    picks and guess kept in the store (opened for writing only when there are some)."""
    from mentalmap.predict import record_guess, record_picks, summarize_as_of
    from mentalmap.predict_topics import record_topic_picks

    with open_existing(db) as store:
        field = analyse(read_store(store, db))
    then = field.as_of(year)
    summary = summarize_as_of(field.papers, field.edges, year, then.table, per_topic)
    stored: list = []
    if picks or topic_picks or guess is not None:  # only then is the store written
        with open_for_update(db) as store:
            stored = record_picks(store, year, list(picks)) if picks else []
            if topic_picks:
                sizes = list(summary.topic_sizes)
                stored += record_topic_picks(store, year, list(topic_picks), sizes)
            if guess is not None:
                record_guess(store, year, guess)
    return PickRound(then, summary, len(stored))


def predict_reveal(db: str | Path, year: int, top: int = 20) -> RevealRound:
    """``predict --as-of YEAR --reveal``: what grew after ``year``, the picks scored (and the
    scores kept), the guesses made."""
    from mentalmap.predict import read_guesses, read_picks, read_scores, record_score, reveal
    from mentalmap.predict_topics import read_topic_picks, reveal_topics

    with open_existing(db) as store:
        field = analyse(read_store(store, db))
        then = field.as_of(year)
        revealed = reveal(
            field.papers, field.edges, year, field.table, top, read_picks(store, year)
        )
        topics = reveal_topics(
            field.papers, field.edges, year, then.table, read_topic_picks(store, year)
        )
        guesses, scores = read_guesses(store, year), read_scores(store)
    try:
        with open_for_update(db) as store:
            record_score(store, revealed)
            record_score(store, topics)
            scores = read_scores(store)  # with the scores just kept
        kept = True
    except ReadOnlyStore:  # a read-only store still shows the scores
        kept = False
    return RevealRound(then, revealed, topics, guesses, scores, kept)


def require_papers(papers: pd.DataFrame, db: Path | str) -> None:
    """Every command on an empty store says so the same way (an empty export is no answer)."""
    if papers.empty:
        raise EmptyStore(f"{db} holds no papers yet: run `mentalmap crawl <paper-id> --db {db}`")
