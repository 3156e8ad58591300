"""Predict which sub-topics grow: the exercise of :mod:`mentalmap.predict` one level up.

A newcomer's map explains a field when it tells which of its sub-topics were about to take off.
The user picks the sub-topics of the field as of a year (the ``cluster_label`` of the map
analysed as it stood then) they expect to grow; the reveal ranks the sub-topics by their actual
citation growth after the year and scores the picks against it, beside a baseline that needs no
insight.

Growth is relative, so a big sub-topic does not win on size alone: a sub-topic's share of the
citations made after the year to papers of then, over its share of the citations made up to the
year (both +1-smoothed). A sub-topic that kept its share scores 1; one the field turned to scores
above 1. The baseline needs no insight, it extrapolates the trend: the same ratio with the
citations made in the last :data:`TREND_YEARS` years up to the year in place of the later ones
(the sub-topics already gaining share then).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from mentalmap.errors import AnalysisError
from mentalmap.predict import as_of, growth_after, keep_picks, picks_of
from mentalmap.store import Store

TOPIC_COLUMNS = ("topic", "papers", "cited_then", "gained", "growth", "trend", "picked")
#: The trend baseline's window: citations made in the year and the two before it.
TREND_YEARS = 3


@dataclass(frozen=True)
class TopicReveal:
    """Sub-topics ranked by growth after the year, and how the picks and the baseline did.

    ``top`` is how many of the fastest-growing sub-topics count as a hit: as many as were picked
    (3 without picks), so ``score`` is precision at the picks' number and so is ``baseline``.
    """

    year: int
    revealed: pd.DataFrame  # TOPIC_COLUMNS, every sub-topic, fastest-growing first
    picks: list[str]
    top: int
    hits: int
    score: float  # NaN without picks
    baseline: float
    baseline_picks: list[str]
    kind: str = "topics"


def topic_growth(
    papers: pd.DataFrame, edges: pd.DataFrame, year: int, then_table: pd.DataFrame
) -> pd.DataFrame:
    """Each sub-topic of the map as of ``year``: papers then, citations up to then, citations
    gained after, ``growth`` (share gained over share had) and the baseline's ``trend`` (share of
    the citations of the last :data:`TREND_YEARS` years up to then over share had).

    ``then_table`` is the analysis table of the as-of map (its ``cluster_label`` names the
    sub-topics the user saw).

    Raises
    ------
    AnalysisError
        The table has no sub-topics, or nothing was published after (or before) ``year``.
    """
    if "cluster_label" not in then_table.columns:
        raise AnalysisError("the analysis table has no sub-topics (cluster_label)")
    grown = growth_after(papers, edges, year)
    then_papers, then_edges = as_of(papers, edges, year)
    topic = then_table["cluster_label"].reindex(then_papers.index).fillna("other")
    had = then_edges["cited"].value_counts().reindex(topic.index).fillna(0)
    gained = grown.set_index("paperId")["gained"].reindex(topic.index).fillna(0)
    citing_year = then_edges["citing"].map(then_papers["year"])
    late = then_edges[pd.to_numeric(citing_year) > year - TREND_YEARS]
    recent = late["cited"].value_counts().reindex(topic.index).fillna(0)
    frame = pd.DataFrame(
        {"topic": topic.to_numpy(), "had": had.to_numpy(), "gained": gained.to_numpy(),
         "recent": recent.to_numpy()}
    ).groupby("topic", sort=False).agg(
        papers=("had", "size"), cited_then=("had", "sum"), gained=("gained", "sum"),
        recent=("recent", "sum"),
    )  # fmt: skip
    had_share = _share(frame["cited_then"])
    frame["growth"] = (_share(frame["gained"]) / had_share).round(3)
    frame["trend"] = (_share(frame["recent"]) / had_share).round(3)
    frame = frame.reset_index().sort_values(
        ["growth", "gained", "topic"], ascending=[False, False, True], kind="stable"
    )
    frame[["cited_then", "gained"]] = frame[["cited_then", "gained"]].astype(int)
    frame["picked"] = False
    return frame[list(TOPIC_COLUMNS)].reset_index(drop=True)


def reveal_topics(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    year: int,
    then_table: pd.DataFrame,
    picks: list[str] | None = None,
) -> TopicReveal:
    """Score the picked sub-topics against the fastest-growing ones, beside the trend baseline
    (as many sub-topics, those gaining the most share in the years up to then)."""
    growth = topic_growth(papers, edges, year, then_table)
    chosen = list(dict.fromkeys(picks or []))
    growth["picked"] = growth["topic"].isin(chosen)
    top = min(len(chosen) or 3, len(growth))
    best = set(growth["topic"].head(top))
    base = (
        growth.sort_values(["trend", "topic"], ascending=[False, True], kind="stable")["topic"]
        .head(top)
        .tolist()
    )
    hits = sum(t in best for t in chosen)
    return TopicReveal(
        year=year,
        revealed=growth,
        picks=chosen,
        top=top,
        hits=hits,
        score=hits / len(chosen) if chosen else float("nan"),
        baseline=sum(t in best for t in base) / top if top else float("nan"),
        baseline_picks=base,
    )


def record_topic_picks(
    store: Store, year: int, topics: list[str], known: list[str], *, now: dt.datetime | None = None
) -> list[str]:
    """Keep the sub-topics the user expects to grow after ``year``; ``known`` are the
    sub-topics of the map as of then (a pick outside them is refused)."""
    wanted = [" ".join(str(t).split()) for t in topics]
    by_lower = {k.lower(): k for k in known}
    unknown = [t for t in wanted if t.lower() not in by_lower]
    if unknown:
        raise AnalysisError(
            f"not a sub-topic of the map as of {year}: {', '.join(map(repr, unknown))}; "
            f"pick from: {'; '.join(map(repr, known))}"
        )
    names = list(dict.fromkeys(by_lower[t.lower()] for t in wanted))
    made_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    keep_picks(store, "prediction_topic_picks", year, names, made_at)
    return names


def read_topic_picks(store: Store, year: int) -> list[str]:
    """The sub-topics picked for ``year``, in the order they were picked."""
    return picks_of(store, "prediction_topic_picks", year)


def _share(counts: pd.Series) -> pd.Series:
    return (counts + 1) / float(counts.sum() + len(counts))
