"""The reading plan: two tiers (exposure 5-20, depth ~50), ordered so what a paper builds on
comes first, each paper with a pass plan written from its own data.

The advice it serves (a senior researcher's advice to a newcomer): start from the surveys of the
last 4-5 years; read 5-20 papers for exposure and about 50 for depth; go back to the foundations
and forward to what came next; tell a foundation from a technique from "just X with Y"; prefer
papers with public code; read in passes (Keshav 2007, "How to Read a Paper").

A paper earns a place, it is not handed one: it must lie in the seeds' sub-area (``in_scope``, see
:mod:`mentalmap.analysis.relevance`) and be cited by at least two papers of the map (a seed or a
seed survey is the one exception, and its ``why`` says so). Places are never shared out by
sub-topic: a thin map gives a short plan and a note saying which crawl would fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from mentalmap.analysis.reading_candidates import earns, percentile, prepared
from mentalmap.analysis.reading_graph import CitationLinks, citation_links, reading_order
from mentalmap.analysis.reading_items import plan_items, plan_notes
from mentalmap.analysis.reading_markdown import to_markdown
from mentalmap.analysis.reading_sections import (
    CENTRAL,
    FOUNDATIONS,
    MAX_SIZE,
    MIN_CITATIONS,
    MIN_SIZE,
    READING_COLUMNS,
    RECENT,
    SECTION_ORDER,
    SURVEYS,
    TECHNIQUES,
    TIERS,
    TWEAKS,
    Tier,
    tier_spec,
)
from mentalmap.errors import AnalysisError

__all__ = [
    "CENTRAL", "FOUNDATIONS", "MAX_SIZE", "MIN_CITATIONS", "MIN_SIZE", "READING_COLUMNS",
    "RECENT", "SECTION_ORDER", "SURVEYS", "TECHNIQUES", "TIERS", "TWEAKS", "ReadingPlan", "Tier",
    "reading_list", "reading_plan", "to_markdown",
]  # fmt: skip


@dataclass(frozen=True)
class ReadingPlan:
    """A tier's papers in reading order (:data:`READING_COLUMNS`) and the notes that explain it."""

    tier: str
    items: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    #: Foundations outside the seeds' sub-area that two or more techniques of the tier cite
    #: directly, most cited by the tier first: named in a note, never listed (paperIds).
    rests_on: list[str] = field(default_factory=list)


def reading_list(
    table: pd.DataFrame,
    papers: pd.DataFrame | None = None,
    size: int | None = None,
    *,
    tier: str | None = None,
    edges: pd.DataFrame | None = None,
    survey_years: int = 5,
    has_code: bool = False,
) -> pd.DataFrame:
    """The papers of :func:`reading_plan` (its ``items``); without a ``tier``, the exposure tier,
    or the depth tier when ``size`` is above the exposure tier's 20."""
    if tier is None:
        tier = "depth" if size is not None and size > TIERS["exposure"].high else "exposure"
    return reading_plan(
        table, papers, size, tier=tier, edges=edges, survey_years=survey_years, has_code=has_code
    ).items


def reading_plan(
    table: pd.DataFrame,
    papers: pd.DataFrame | None = None,
    size: int | None = None,
    *,
    tier: str = "exposure",
    edges: pd.DataFrame | None = None,
    survey_years: int = 5,
    has_code: bool = False,
) -> ReadingPlan:
    """The reading plan of a map: a tier of it, in reading order, with a pass plan per paper.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`mentalmap.analysis.analyze` (indexed by paperId).
    papers : pandas.DataFrame, optional
        The papers frame: abstracts, TLDRs and seeds (``isSeed``) for the pass plans.
    size : int, optional
        Most papers in the tier; default its upper bound (exposure 20, depth 50).
    tier : str
        ``exposure`` (5-20) or ``depth`` (~50); the depth tier holds every exposure paper.
    edges : pandas.DataFrame, optional
        Citations of the map, for "what it builds on" (without them: lineage parents only).
    survey_years : int
        Surveys of the map's last ``survey_years`` years open the plan.
    has_code : bool
        Only papers with public code; the rest of the map still decides roles and ancestry.

    Returns
    -------
    ReadingPlan
        ``items``: recent surveys first, then the rest so that a paper's in-list references and
        lineage parent come before it (foundations, techniques, tweaks, recent work as blocks).
        ``notes``: how many have code, missing surveys, why a tier is short.
    """
    spec = tier_spec(tier, size)
    t = prepared(table, papers)
    if has_code and not t["has_code"].any():
        raise AnalysisError(
            "no paper of this map has known code; pass a links file with --code-links"
        )
    t["eligible"] = t["has_code"] if has_code else True
    graph = citation_links(t, edges)
    exposure = _choose(t, graph, TIERS["exposure"], min(spec.high, TIERS["exposure"].high),
                       survey_years, {})  # fmt: skip
    chosen = exposure
    if spec.name == "depth":
        chosen = _choose(t, graph, spec, spec.high, survey_years, exposure)
    ordered = reading_order(t, graph, chosen)
    items = plan_items(t, graph, ordered)
    rests_on = _rests_on(t, graph, chosen)
    notes = plan_notes(t, graph, items, spec, survey_years, rests_on)
    return ReadingPlan(spec.name, items, notes, rests_on)


# --- choosing ----------------------------------------------------------------------------------
def _pools(t: pd.DataFrame, survey_years: int) -> dict[str, pd.Index]:
    """Candidates per section, best first: merit, then public code on (rounded) ties."""
    earned = earns(t)
    cited = pd.to_numeric(t["in_map_citations"], errors="coerce").fillna(0) >= MIN_CITATIONS
    latest = pd.to_numeric(t["year"], errors="coerce").max()
    years = pd.to_numeric(t["year"], errors="coerce")
    recent_survey = (
        t["is_survey"] & t["in_scope"] & ((years > latest - survey_years) | t["is_seed"])
    )
    impact = percentile(t["rescaled_pagerank"])
    masks = {
        SURVEYS: recent_survey,
        FOUNDATIONS: cited & (t["role"] == "foundational"),
        TECHNIQUES: earned & (t["role"] == "technique"),
        TWEAKS: earned & (t["role"] == "tweak"),
        RECENT: earned & (t["role"] == "frontier") & (impact > 0.5),
        CENTRAL: earned & (t["role"] == "other") & (impact > 0.5),
    }
    order = t.assign(
        _m=(t["merit"] * 50).round(), _seed=t["is_seed"] & t["is_survey"], _code=t["has_code"]
    ).sort_values(["_seed", "_m", "_code", "merit"], ascending=False, kind="stable")
    keep = {name: (mask & t["eligible"]).reindex(order.index) for name, mask in masks.items()}
    return {name: order.index[mask.to_numpy()] for name, mask in keep.items()}


def _choose(
    t: pd.DataFrame,
    graph: CitationLinks,
    spec: Tier,
    high: int,
    survey_years: int,
    fixed: dict[str, str],
) -> dict[str, str]:
    """paperId → section: each section up to its cap, spare places to techniques first."""
    pools = _pools(t, survey_years)
    chosen: dict[str, str] = dict(fixed)
    caps = dict(spec.caps)

    def fill(section: str, limit: int) -> None:
        have = sum(1 for s in chosen.values() if s == section)
        allowed = _allowed(t, graph, section, chosen)
        for pid in pools[section]:
            if have >= limit or len(chosen) >= high:
                return
            if pid not in chosen and (allowed is None or pid in allowed):
                chosen[pid] = section
                have += 1

    for section in (TECHNIQUES, FOUNDATIONS, SURVEYS, RECENT, TWEAKS):
        fill(section, caps[section])
    for section in (TECHNIQUES, FOUNDATIONS, RECENT, TWEAKS):  # spare places, no padding
        if spec.caps[section]:
            fill(section, high)
    fill(CENTRAL, high)
    return chosen


def _allowed(
    t: pd.DataFrame, graph: CitationLinks, section: str, chosen: dict[str, str]
) -> set | None:
    """What ties a candidate to the tier, per section (None: no tie needed).

    Foundations are in-scope ancestors of a chosen technique ("backward to the foundations"; one
    outside the sub-area is named in a note instead, see :func:`_rests_on`); tweaks extend a
    chosen paper; recent work cites a chosen foundation or technique ("forward to what came
    next"); a survey covers the tier (cites two of its papers) or is a seed.
    """
    core = [p for p, s in chosen.items() if s in (FOUNDATIONS, TECHNIQUES)]
    if section == FOUNDATIONS:
        techniques = [p for p, s in chosen.items() if s == TECHNIQUES]
        return graph.ancestors(techniques) & set(t.index[t["in_scope"]])
    if section == TWEAKS:
        return set(t.index[t["parent"].isin(list(chosen))])
    if section == RECENT:
        return {c for p in core for c in graph.citers(p)}
    if section == SURVEYS:
        counts = pd.Series([c for p in core for c in graph.citers(p)]).value_counts()
        return set(counts.index[counts >= 2]) | set(t.index[t["is_seed"]])
    return None


def _rests_on(t: pd.DataFrame, graph: CitationLinks, chosen: dict[str, str]) -> list[str]:
    """Foundations outside the sub-area that two or more chosen techniques cite directly.

    Foundations are shared across sub-areas, so a reader should know the tier rests on one; but
    it is not a reading-list item of this sub-area (issue 12: the list's foundations must lie in
    the seeds' sub-area). Most cited by the tier first, then by the map, then by id.
    """
    techniques = [p for p, s in chosen.items() if s == TECHNIQUES]
    direct = pd.Series([q for p in techniques for q in graph.references(p)], dtype=object)
    counts = direct.value_counts()
    cited = pd.to_numeric(t["in_map_citations"], errors="coerce").fillna(0)
    outside = t.index[(t["role"] == "foundational") & ~t["in_scope"] & (cited >= MIN_CITATIONS)]
    found = [q for q in counts.index[counts >= 2] if q in set(outside)]
    return sorted(found, key=lambda q: (-int(counts[q]), -float(cited[q]), str(q)))
