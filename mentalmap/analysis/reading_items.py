"""A chosen plan written out: one row per paper (why, passes, builds-on, code) and the notes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentalmap.analysis.passes import pass_plan
from mentalmap.analysis.reading_candidates import earns
from mentalmap.analysis.reading_graph import CitationLinks
from mentalmap.analysis.reading_sections import (
    CENTRAL,
    FOUNDATIONS,
    MIN_CITATIONS,
    READING_COLUMNS,
    RECENT,
    SURVEYS,
    TECHNIQUES,
    TWEAKS,
    Tier,
)
from mentalmap.frames import text_column


def plan_items(
    t: pd.DataFrame, graph: CitationLinks, ordered: list[tuple[str, str]]
) -> pd.DataFrame:
    """One row per chosen paper (:data:`READING_COLUMNS`), in reading order."""
    in_list = [p for p, _ in ordered]
    rows = []
    for k, (pid, section) in enumerate(ordered, start=1):
        r = t.loc[pid]
        earlier = [q for q in in_list[: k - 1] if graph.cites(pid, q)]
        plan = pass_plan(t, pid, in_list, graph.references(pid), graph.citers(pid))
        rows.append(
            {
                "order": k,
                "paperId": pid,
                "title": r["title"],
                "year": r["year"],
                "role": r["role"],
                "section": section,
                "why": _why(t, pid, section, in_list),
                "passes": plan.passes,
                "deep_dive": plan.deep_dive,
                "hands_on": plan.hands_on,
                "builds_on": "; ".join(str(t.at[q, "title"]) for q in earlier[:3]),
                "has_code": bool(r["has_code"]),
                "code_url": r["code_url"] or None,
                "in_map_citations": int(r["in_map_citations"]),
                "relevance": float(r["relevance"]) if pd.notna(r["relevance"]) else np.nan,
            }
        )
    out = pd.DataFrame(rows, columns=list(READING_COLUMNS))
    out["year"] = out["year"].astype("Int64")
    for column in ("code_url", "hands_on", "builds_on"):
        out[column] = text_column(out[column], out.index)
    return out


def _why(t: pd.DataFrame, pid: str, section: str, in_list: list[str]) -> str:
    r = t.loc[pid]
    cites = int(r["in_map_citations"])
    label = r.get("cluster_label")
    topic = f" on {label}" if isinstance(label, str) and label and label != "other" else ""
    rel = "" if pd.isna(r["relevance"]) else f", relevance to the seeds {float(r['relevance']):.2f}"
    lead = {
        SURVEYS: f"survey{topic} of {r['year']}: the map of the area in one read",
        FOUNDATIONS: f"foundation{topic}: what later techniques of this list build on",
        TECHNIQUES: f"technique{topic} the field builds with",
        TWEAKS: f"a variant of {_short(t, r['parent'])}: what the field tried on it",
        RECENT: f"recent work{topic} with more impact than most papers of its age",
        CENTRAL: f"central{topic}: more impact for its age than most papers of the map",
    }[section]
    extra = ""
    if cites < MIN_CITATIONS:
        extra = "; listed although cited fewer than twice in the map: " + (
            "it is a seed" if r["is_seed"] else "a recent survey, read for its coverage"
        )
    elif r["is_seed"]:
        extra = "; a seed of this map"
    code = "; public code" if r["has_code"] else ""
    return f"{lead} (cited by {cites} papers of the map{rel}){extra}{code}"


def _short(t: pd.DataFrame, pid: object) -> str:
    """A title in quotes, cut at 70 characters; without backticks, so that in a note the only
    code spans are our own commands (see :func:`mentalmap.safe_text.markdown_note`)."""
    if not isinstance(pid, str) or pid not in t.index:
        return "an earlier technique"
    title = str(t.at[pid, "title"]).replace("`", "'")
    return f"'{title if len(title) <= 70 else title[:67] + '...'}'"


def plan_notes(
    t: pd.DataFrame,
    graph: CitationLinks,
    items: pd.DataFrame,
    spec: Tier,
    survey_years: int,
    rests_on: list[str],
) -> list[str]:
    """What the reader should know about the tier: missing surveys or foundations and why,
    the foundations outside the sub-area it rests on, how many papers have code, and the crawl
    that would fill a short tier."""
    notes = []
    latest = pd.to_numeric(t["year"], errors="coerce").max()
    if not (items["section"] == SURVEYS).any():
        since = "" if pd.isna(latest) else f" ({int(latest) - survey_years + 1}-{int(latest)})"
        notes.append(
            f"No survey of the last {survey_years} years{since} is in the seeds' sub-area of this "
            'map: find one with `mentalmap surveys "<your topic>"` and crawl from it.'
        )
    if not (items["section"] == FOUNDATIONS).any():
        notes.append(_no_foundation(t, graph, items))
    if rests_on:
        notes.append(_outside_foundations(t, rests_on))
    n_code, n_map = int(items["has_code"].sum()), int(t["has_code"].sum())
    notes.append(
        f"{n_code} of {len(items)} papers of this tier have public code "
        f"({n_map} of {len(t)} in the map; pass --code-links to add a Papers with Code export)."
    )
    if len(items) < spec.low or len(items) < spec.high * 0.8:
        pool = int(earns(t).sum())
        notes.append(
            f"The {spec.name} tier is short: {len(items)} papers earn a place (in the seeds' "
            f"sub-area, cited at least twice in the map; {pool} such papers in all). Crawl "
            "further from the seeds to fill it: `mentalmap crawl <seed-id> --depth 2 "
            "--direction both --max-papers 3000`."
        )
    return notes


def _outside_foundations(t: pd.DataFrame, rests_on: list[str], shown: int = 3) -> str:
    """The foundations of another sub-area the tier's techniques cite: named, not listed."""
    named = "; ".join(
        f"{_short(t, q)} ({t.at[q, 'year']}, cited by {int(t.at[q, 'in_map_citations'])} papers "
        "of the map)"
        for q in rests_on[:shown]
    )
    more = f" and {len(rests_on) - shown} more" if len(rests_on) > shown else ""
    return (
        f"Also rests on {named}{more}, outside this sub-area: not listed, but two or more "
        "techniques of this tier cite it directly; skim it when their methods lean on it."
    )


def _no_foundation(t: pd.DataFrame, graph: CitationLinks, items: pd.DataFrame) -> str:
    """Why a tier names no foundation, and the earlier work its techniques build on instead.

    A map can lack a foundation of the sub-area (the crawl did not reach back far enough, or
    the sub-area grew from techniques): then the most-cited earlier papers of the sub-area that
    the tier's techniques build on are where to start backward, whatever role they got.
    """
    named = int(((t["role"] == "foundational") & t["in_scope"]).sum())
    where = (
        f"the map holds {named} foundational paper(s) of the sub-area, but no technique "
        "of this tier builds on them"
        if named
        else "the map holds no foundational paper of the seeds' sub-area (no paper of it is "
        "both in the head of the map's citations and cited across its sub-topics)"
    )
    techniques = items.loc[items["section"] == TECHNIQUES, "paperId"].tolist()
    base = [q for q in graph.ancestors(techniques) if t.at[q, "in_scope"]]
    base.sort(key=lambda q: (-int(t.at[q, "in_map_citations"]), str(q)))
    named_base = "; ".join(
        f"{_short(t, q)} ({t.at[q, 'role']}, cited by {int(t.at[q, 'in_map_citations'])}"
        + (", in this tier)" if q in set(items["paperId"]) else ")")
        for q in base[:2]
    )
    instead = (
        f" The most-cited earlier work of the sub-area its techniques build on: {named_base}."
        if named_base
        else ""
    )
    return (
        f"This tier names no foundation: {where}.{instead} Go backward from the seeds to find "
        "them: `mentalmap crawl <seed-id> --direction references --depth 2`."
    )
