"""Predict the next step: look at a field as it stood in a past year, pick, then reveal and score.

Guessing where a field went, before seeing it, is how a newcomer tests whether their mental map
has the field's real structure: a map that predicts is a map that explains. The user picks the
papers of then they expect to matter; the reveal lists what actually grew after the year — the
papers of then that gained the most citations from later papers, and the lineages they started
(later papers naming them as parent) — and scores the picks against it, beside a baseline that
needs no insight: the top papers of then by CiteRank (Walker et al. 2007), the ranking that
already favours what is cited recently. Scores are kept in the store, so progress shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mentalmap.analysis.matrix import citation_matrix
from mentalmap.analysis.pagerank import citerank_scores
from mentalmap.errors import AnalysisError, UnknownPaper
from mentalmap.frames import require_paper_index
from mentalmap.store import Store

if TYPE_CHECKING:
    from mentalmap.predict_topics import TopicReveal

REVEAL_COLUMNS = ("paperId", "title", "year", "gained", "lineages", "topic", "role", "picked")
SCORE_COLUMNS = ("asOf", "scoredAt", "kind", "picks", "hits", "score", "baseline", "top")
TOP_COLUMNS = ("topic", "paperId", "title", "year", "in_map_citations")
GUESS_COLUMNS = ("asOf", "guess", "madeAt")


@dataclass(frozen=True)
class AsOfSummary:
    """The field at the end of ``year``: sizes, and the most cited papers of each sub-topic.

    ``top`` has :data:`TOP_COLUMNS`, ``topic_sizes`` maps a topic to its papers then; topics are
    ordered by size. ``expanded`` counts the papers of then whose references the crawl fetched:
    citations as of then are only seen through those, so when it is low the counts are too.
    """

    year: int
    papers: int
    edges: int
    first_year: int
    topic_sizes: dict[str, int]
    top: pd.DataFrame
    expanded: int


def as_of(
    papers: pd.DataFrame, edges: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The field as it stood at the end of ``year``: its papers up to then and their citations.

    Papers of unknown year are left out: they cannot be placed in time.

    >>> ids = pd.Index(["a", "b", "c"], name="paperId")
    >>> papers = pd.DataFrame({"year": [2010, 2012, 2015]}, index=ids)
    >>> edges = pd.DataFrame({"citing": ["b", "c"], "cited": ["a", "b"]})
    >>> then_papers, then_edges = as_of(papers, edges, 2012)
    >>> then_papers.index.tolist(), len(then_edges)
    (['a', 'b'], 1)
    """
    require_paper_index(papers)
    _require(papers, ("year",), "papers")
    _require(edges, ("citing", "cited"), "edges")
    years = pd.to_numeric(papers["year"], errors="coerce")
    kept = papers[(years <= year).fillna(False).astype(bool)]
    ids = set(kept.index)
    inside = edges["citing"].isin(ids) & edges["cited"].isin(ids)
    return kept, edges[inside].reset_index(drop=True)


def summarize_as_of(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    year: int,
    table: pd.DataFrame | None = None,
    per_topic: int = 3,
) -> AsOfSummary:
    """Counts and the ``per_topic`` most cited papers (in-map, as of then) of each sub-topic.

    ``table`` is an analysis table of the *as-of* map (its ``cluster_label`` names the
    sub-topics); without one, the whole map is one topic.

    Raises
    ------
    AnalysisError
        No paper of the map is dated ``year`` or earlier.
    """
    then_papers, then_edges = as_of(papers, edges, year)
    if then_papers.empty:
        first = pd.to_numeric(papers["year"], errors="coerce").min()
        raise AnalysisError(
            f"the map holds no paper from {year} or before (it starts in "
            f"{'an unknown year' if pd.isna(first) else int(first)}): pick a later --as-of"
        )
    cites = then_edges["cited"].value_counts()
    frame = pd.DataFrame(
        {
            "topic": _labels(then_papers.index, table, "cluster_label", "whole map"),
            "paperId": then_papers.index.to_numpy(),
            "title": then_papers.get("title", pd.Series("", index=then_papers.index)).to_numpy(),
            "year": then_papers["year"].to_numpy(),
            "in_map_citations": cites.reindex(then_papers.index).fillna(0).astype(int).to_numpy(),
        }
    )
    sizes = frame["topic"].value_counts()
    frame["_order"] = frame["topic"].map({t: i for i, t in enumerate(sizes.index)})
    top = (
        frame.sort_values(
            ["_order", "in_map_citations", "year", "paperId"],
            ascending=[True, False, True, True],
            kind="stable",
        )
        .groupby("topic", sort=False)
        .head(per_topic)
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return AsOfSummary(
        year=year,
        papers=len(then_papers),
        edges=len(then_edges),
        first_year=int(pd.to_numeric(then_papers["year"]).min()),
        topic_sizes={str(k): int(v) for k, v in sizes.items()},
        top=top[list(TOP_COLUMNS)],
        expanded=int(then_papers["referencesCrawled"].astype(bool).sum())
        if "referencesCrawled" in then_papers.columns
        else len(then_papers),
    )


def record_guess(
    store: Store, year: int, text: str, *, now: dt.datetime | None = None
) -> dict[str, object]:
    """Keep the user's guess of what came after ``year``, to set beside the reveal later."""
    guess = str(text or "").strip()
    if not guess:
        raise AnalysisError("the guess is empty: write what you expect came next")
    made_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute("INSERT INTO predictions VALUES (?, ?, ?)", (int(year), guess, made_at))
    return {"asOf": int(year), "guess": guess, "madeAt": made_at}


def read_guesses(store: Store, year: int | None = None) -> pd.DataFrame:
    """Stored guesses (of one as-of year, or all), oldest first: ``asOf, guess, madeAt``."""
    sql = "SELECT asOf, guess, madeAt FROM predictions"
    params: tuple[int, ...] = ()
    if year is not None:
        sql += " WHERE asOf = ?"
        params = (int(year),)
    return pd.read_sql_query(sql + " ORDER BY madeAt, rowid", store.conn, params=params)


def growth_after(
    papers: pd.DataFrame, edges: pd.DataFrame, year: int, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """What each paper of ``year`` or before gained later: citations from later papers of the map
    (``gained``) and lineages started (later papers whose ``parent`` it is, from ``table``).

    Most grown first (ties: more lineages, earlier, paperId). Surveys are not left out: a
    survey that keeps being cited did matter.

    Raises
    ------
    AnalysisError
        Nothing in the map was published after ``year``, or nothing before.
    """
    then_papers, _ = as_of(papers, edges, year)
    years = pd.to_numeric(papers["year"], errors="coerce")
    later = set(papers.index[(years > year).fillna(False).astype(bool)])
    if then_papers.empty:
        raise AnalysisError(f"the map holds no paper from {year} or before: pick a later --as-of")
    if not later:
        raise AnalysisError(
            f"nothing in the map was published after {year} (it ends in {int(years.max())}): "
            "pick an earlier --as-of"
        )
    ids = then_papers.index.to_series()
    late = edges[edges["citing"].isin(later)].drop_duplicates(["citing", "cited"])
    gained = late["cited"].value_counts().reindex(ids).fillna(0).astype(int)
    lineages = pd.Series(0, index=ids.to_numpy())
    if table is not None and "parent" in table.columns:
        kids = table.loc[table.index.isin(later), "parent"].dropna()
        lineages = kids.value_counts().reindex(ids).fillna(0).astype(int)
    out = pd.DataFrame(
        {
            "paperId": ids.to_numpy(),
            "title": then_papers.get("title", pd.Series("", index=then_papers.index)).to_numpy(),
            "year": then_papers["year"].to_numpy(),
            "gained": gained.to_numpy(),
            "lineages": lineages.to_numpy(),
            "topic": _labels(ids, table, "cluster_label", ""),
            "role": _labels(ids, table, "role", ""),
        }
    )
    out = out.sort_values(
        ["gained", "lineages", "year", "paperId"], ascending=[False, False, True, True]
    )
    out["year"] = out["year"].astype("Int64")
    return out.reset_index(drop=True)


def baseline_picks(papers: pd.DataFrame, edges: pd.DataFrame, year: int, k: int) -> list[str]:
    """The ``k`` papers of then a reader without insight would pick: top CiteRank as of then."""
    then_papers, then_edges = as_of(papers, edges, year)
    if then_papers.empty:
        return []
    m = citation_matrix(then_papers, then_edges)
    scores = pd.Series(citerank_scores(m, now=float(year) + 1.0), index=m.ids)
    return list(scores.sort_values(ascending=False, kind="stable").index[:k])


@dataclass(frozen=True)
class Reveal:
    """What grew after the year, the picks' score against it and the baseline's."""

    year: int
    revealed: pd.DataFrame  # REVEAL_COLUMNS, the ``top`` most grown
    picks: list[str]
    hits: int
    score: float  # share of the picks among the revealed; NaN without picks
    baseline: float  # the same share for as many CiteRank picks (``top`` without picks)
    baseline_picks: list[str]
    kind: str = "papers"


def reveal(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    year: int,
    table: pd.DataFrame | None = None,
    top: int = 20,
    picks: list[str] | None = None,
) -> Reveal:
    """The ``top`` papers of then that grew most after ``year``, and how the picks did.

    ``score`` is the share of the picks among those ``top`` (precision at the picks' number);
    ``baseline`` is that share for as many top-CiteRank papers of then.
    """
    growth = growth_after(papers, edges, year, table)
    revealed = growth.head(top).copy()
    chosen = list(dict.fromkeys(picks or []))
    revealed["picked"] = revealed["paperId"].isin(chosen)
    top_ids = set(revealed["paperId"])
    hits = sum(p in top_ids for p in chosen)
    base = baseline_picks(papers, edges, year, len(chosen) or top)
    base_hits = sum(p in top_ids for p in base)
    return Reveal(
        year=year,
        revealed=revealed[list(REVEAL_COLUMNS)].reset_index(drop=True),
        picks=chosen,
        hits=hits,
        score=hits / len(chosen) if chosen else float("nan"),
        baseline=base_hits / len(base) if base else float("nan"),
        baseline_picks=base,
    )


def record_picks(
    store: Store, year: int, paper_ids: list[str], *, now: dt.datetime | None = None
) -> list[str]:
    """Keep the papers of ``year`` or before the user expects to matter; returns stored ids."""
    from mentalmap.reading_log import resolve_paper

    made_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    ids = [resolve_paper(store, raw) for raw in paper_ids]
    for raw, pid in zip(paper_ids, ids):
        row = store.conn.execute("SELECT year FROM papers WHERE paperId = ?", (pid,)).fetchone()
        if row is None or row[0] is None or int(row[0]) > year:
            raise UnknownPaper(f"{raw!r} is not a paper of the map as of {year}: pick from it")
    keep_picks(store, "prediction_picks", year, ids, made_at)
    return ids


def read_picks(store: Store, year: int) -> list[str]:
    """The papers picked for ``year``, in the order they were picked."""
    return picks_of(store, "prediction_picks", year)


def keep_picks(store: Store, table: str, year: int, picks: list[str], made_at: str) -> None:
    """Store picks (paper ids or sub-topics) for ``year`` in one of the two picks tables."""
    with store.transaction() as conn:
        conn.executemany(
            f"INSERT OR REPLACE INTO {_PICK_TABLES[table]} VALUES (?, ?, ?)",
            [(int(year), pick, made_at) for pick in picks],
        )


def picks_of(store: Store, table: str, year: int) -> list[str]:
    """The picks of ``year`` in one of the two picks tables, in the order they were made."""
    rows = store.conn.execute(
        f"SELECT * FROM {_PICK_TABLES[table]} WHERE asOf = ? ORDER BY madeAt, rowid", (int(year),)
    )
    return [r[1] for r in rows]


#: The tables picks go to (names are never taken from input).
_PICK_TABLES = {"prediction_picks": "prediction_picks",
                "prediction_topic_picks": "prediction_topic_picks"}  # fmt: skip


def record_score(
    store: Store, result: Reveal | TopicReveal, *, now: dt.datetime | None = None
) -> None:
    """Keep a scored reveal of papers or sub-topics (only with picks: nothing to score
    otherwise)."""
    if not result.picks:
        return
    at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO prediction_scores (asOf, scoredAt, picks, hits, score, baseline, top, "
            "kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (result.year, at, len(result.picks), result.hits, result.score, result.baseline,
             _scored_against(result), result.kind),
        )  # fmt: skip


def read_scores(store: Store) -> pd.DataFrame:
    """Every scored reveal, oldest first (:data:`SCORE_COLUMNS`)."""
    return pd.read_sql_query(
        "SELECT * FROM prediction_scores ORDER BY scoredAt, rowid", store.conn
    )[list(SCORE_COLUMNS)]


# --- helpers ----------------------------------------------------------------------------------
def _scored_against(result: Reveal | TopicReveal) -> int:
    """How many papers (or sub-topics) counted as a hit."""
    return int(getattr(result, "top", len(result.revealed)))


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(f"the {name} frame lacks column(s) {', '.join(missing)}")


def _labels(
    ids: pd.Series | pd.Index, table: pd.DataFrame | None, column: str, default: str
) -> list[str]:
    if table is None or column not in table.columns:
        return [default] * len(ids)
    values = table[column].reindex(ids.to_numpy())
    return [default if pd.isna(v) else str(v) for v in values]
