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

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from mentalmap.analysis.passes import pass_plan
from mentalmap.analysis.roles import SURVEY_TITLE
from mentalmap.errors import AnalysisError

READING_COLUMNS = (
    "order", "paperId", "title", "year", "role", "section", "why", "passes", "deep_dive",
    "hands_on", "builds_on", "has_code", "code_url", "in_map_citations", "relevance",
)  # fmt: skip
MIN_SIZE, MAX_SIZE = 5, 50
#: Cited by at least this many papers of the map to earn a place (seeds excepted).
MIN_CITATIONS = 2

SURVEYS, FOUNDATIONS, TECHNIQUES, TWEAKS, RECENT, CENTRAL = (
    "Start here: recent surveys", "Foundations", "Techniques", "What came next: tweaks",
    "Recent work", "Also central to the sub-area",
)  # fmt: skip
#: Sections in reading order (blocks of the ordering); tweaks only in the depth tier. Papers of
#: no distinct role get only the places the role sections leave, and still must earn them.
SECTION_ORDER = (SURVEYS, FOUNDATIONS, TECHNIQUES, TWEAKS, RECENT, CENTRAL)


@dataclass(frozen=True)
class Tier:
    """A tier's size range and the most places each section may take (unused ones move on)."""

    name: str
    low: int
    high: int
    caps: dict[str, int]


TIERS = {
    "exposure": Tier(
        "exposure",
        5,
        20,
        {SURVEYS: 3, FOUNDATIONS: 5, TECHNIQUES: 8, TWEAKS: 0, RECENT: 4, CENTRAL: 0},
    ),
    "depth": Tier(
        "depth",
        20,
        50,
        {SURVEYS: 5, FOUNDATIONS: 10, TECHNIQUES: 17, TWEAKS: 10, RECENT: 8, CENTRAL: 0},
    ),
}


@dataclass(frozen=True)
class ReadingPlan:
    """A tier's papers in reading order (:data:`READING_COLUMNS`) and the notes that explain it."""

    tier: str
    items: pd.DataFrame
    notes: list[str] = field(default_factory=list)


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
    spec = _tier(tier, size)
    t = _prepared(table, papers)
    if has_code and not t["has_code"].any():
        raise AnalysisError(
            "no paper of this map has known code; pass a links file with --code-links"
        )
    t["eligible"] = t["has_code"] if has_code else True
    graph = _graph(t, edges)
    exposure = _choose(t, graph, TIERS["exposure"], min(spec.high, TIERS["exposure"].high),
                       survey_years, {})  # fmt: skip
    chosen = exposure
    if spec.name == "depth":
        chosen = _choose(t, graph, spec, spec.high, survey_years, exposure)
    ordered = _order(t, graph, chosen)
    items = _items(t, graph, ordered)
    notes = _notes(t, items, spec, survey_years)
    return ReadingPlan(spec.name, items, notes)


# --- candidates --------------------------------------------------------------------------------
def _tier(name: str, size: int | None) -> Tier:
    if name not in TIERS:
        raise AnalysisError(f"tier must be one of {', '.join(TIERS)}, not {name!r}")
    spec = TIERS[name]
    if size is None:
        return spec
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise AnalysisError(f"reading list size must be {MIN_SIZE}-{MAX_SIZE}, got {size}")
    if name == "exposure" and size > spec.high:
        raise AnalysisError(f"the exposure tier holds at most {spec.high}: use --tier depth")
    return Tier(spec.name, spec.low, size, spec.caps)


def _prepared(table: pd.DataFrame, papers: pd.DataFrame | None) -> pd.DataFrame:
    """The table with the columns the plan reads and a ``merit`` per paper (0-1)."""
    needed = {"role", "year", "in_map_citations", "rescaled_pagerank"}
    missing = needed - set(table.columns)
    if missing:
        raise AnalysisError(f"analysis table lacks column(s): {', '.join(sorted(missing))}")
    if table.empty:
        raise AnalysisError("the analysis table is empty")
    t = table.copy()
    meta = papers.set_index("paperId").reindex(t.index) if papers is not None else None
    for col in ("title", "abstract", "tldr", "publicationTypes"):
        if meta is not None and col in meta.columns and (col not in t or t[col].isna().all()):
            t[col] = meta[col]
        elif col not in t:
            t[col] = None
    t["title"] = t["title"].where(t["title"].notna(), t.index.to_series())
    seed = meta["isSeed"] if meta is not None and "isSeed" in meta.columns else False
    t["is_seed"] = pd.Series(seed, index=t.index).fillna(False).astype(bool)
    defaults = {"in_scope": True, "parent": None, "has_code": False, "code_url": "",
                "cluster_label": "", "relevance": np.nan}  # fmt: skip
    for col, default in defaults.items():
        if col not in t:
            t[col] = default
    t["in_scope"] = t["in_scope"].fillna(False).astype(bool) | t["is_seed"]
    t["has_code"] = t["has_code"].fillna(False).astype(bool)
    t["merit"] = _merit(t)
    t["is_survey"] = (t["role"] == "survey") | (
        t["is_seed"] & t["title"].map(lambda s: bool(SURVEY_TITLE.search(str(s))))
    )
    return t


def _merit(t: pd.DataFrame) -> pd.Series:
    """Tie to the seeds times impact for age: both must be high for a paper to rank high.

    The geometric mean of relevance (already 0-1, seeds 1) and the percentile of the age-rescaled
    PageRank R(p) (Mariani, Medo & Zhang 2016), so an old paper does not win on years alone.
    Relevance is used as a score, not a percentile: within a broad sub-area, percentiles are flat
    at the top and let a famous paper of a neighbouring area (a framework, a language model)
    outrank the sub-area's own work.
    """
    impact = _pct(t["rescaled_pagerank"])
    rel = pd.to_numeric(t["relevance"], errors="coerce")
    if rel.isna().all():
        return impact
    return np.sqrt(rel.fillna(0.0).clip(0, 1) * impact)


def _pct(values: pd.Series) -> pd.Series:
    """Percentile rank (0-1]; a missing value ranks below every known one."""
    return pd.to_numeric(values, errors="coerce").rank(pct=True).fillna(0.0)


def _earns(t: pd.DataFrame) -> pd.Series:
    """In the sub-area, and cited at least twice in the map (a seed is always welcome)."""
    cited = pd.to_numeric(t["in_map_citations"], errors="coerce").fillna(0) >= MIN_CITATIONS
    return t["in_scope"] & (cited | t["is_seed"])


# --- the citation graph among the map ----------------------------------------------------------
@dataclass(frozen=True)
class _Graph:
    ids: pd.Index
    refs: sp.csr_matrix  # refs[i, j]: i cites j (or j is i's lineage parent)

    def ancestors(self, pids: list[str]) -> set[str]:
        pos = self.ids.get_indexer(pids)
        out: set[int] = set()
        for p in pos[pos >= 0]:
            out.update(
                breadth_first_order(self.refs, int(p), directed=True, return_predecessors=False)[1:]
            )
        return {self.ids[i] for i in out}

    def references(self, pid: str) -> list[str]:
        row = self.refs.getrow(self.ids.get_loc(pid))
        return [self.ids[j] for j in row.indices]

    def citers(self, pid: str) -> list[str]:
        col = self.refs.getcol(self.ids.get_loc(pid)).tocoo()
        return [self.ids[i] for i in col.row]

    def cites(self, a: str, b: str) -> bool:
        i, j = self.ids.get_loc(a), self.ids.get_loc(b)
        return bool(self.refs[i, j])


def _graph(t: pd.DataFrame, edges: pd.DataFrame | None) -> _Graph:
    ids = pd.Index(t.index)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    if edges is not None and len(edges):
        i, j = ids.get_indexer(edges["citing"]), ids.get_indexer(edges["cited"])
        ok = (i >= 0) & (j >= 0) & (i != j)
        rows.append(i[ok])
        cols.append(j[ok])
    parent = t["parent"].where(t["parent"].notna() & (t["parent"] != ""))
    i = np.arange(len(ids))[parent.notna().to_numpy()]
    j = ids.get_indexer(parent.dropna())
    rows.append(i[j >= 0])
    cols.append(j[j >= 0])
    r, c = np.concatenate(rows), np.concatenate(cols)
    refs = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(ids), len(ids)))
    refs.data[:] = 1.0
    return _Graph(ids, refs)


# --- choosing ----------------------------------------------------------------------------------
def _pools(t: pd.DataFrame, survey_years: int) -> dict[str, pd.Index]:
    """Candidates per section, best first: merit, then public code on (rounded) ties."""
    earns = _earns(t)
    cited = pd.to_numeric(t["in_map_citations"], errors="coerce").fillna(0) >= MIN_CITATIONS
    latest = pd.to_numeric(t["year"], errors="coerce").max()
    years = pd.to_numeric(t["year"], errors="coerce")
    recent_survey = (
        t["is_survey"] & t["in_scope"] & ((years > latest - survey_years) | t["is_seed"])
    )
    impact = _pct(t["rescaled_pagerank"])
    masks = {
        SURVEYS: recent_survey,
        FOUNDATIONS: cited & (t["role"] == "foundational"),
        TECHNIQUES: earns & (t["role"] == "technique"),
        TWEAKS: earns & (t["role"] == "tweak"),
        RECENT: earns & (t["role"] == "frontier") & (impact > 0.5),
        CENTRAL: earns & (t["role"] == "other") & (impact > 0.5),
    }
    order = t.assign(
        _m=(t["merit"] * 50).round(), _seed=t["is_seed"] & t["is_survey"], _code=t["has_code"]
    ).sort_values(["_seed", "_m", "_code", "merit"], ascending=False, kind="stable")
    keep = {name: (mask & t["eligible"]).reindex(order.index) for name, mask in masks.items()}
    return {name: order.index[mask.to_numpy()] for name, mask in keep.items()}


def _choose(
    t: pd.DataFrame,
    graph: _Graph,
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


def _allowed(t: pd.DataFrame, graph: _Graph, section: str, chosen: dict[str, str]) -> set | None:
    """What ties a candidate to the tier, per section (None: no tie needed).

    Foundations are ancestors of a chosen technique ("backward to the foundations"); one outside
    the sub-area is listed when two techniques of the tier cite it directly, as foundations are
    shared across sub-areas; tweaks
    extend a chosen paper; recent work cites a chosen foundation or technique ("forward to what
    came next"); a survey covers the tier (cites two of its papers) or is a seed.
    """
    core = [p for p, s in chosen.items() if s in (FOUNDATIONS, TECHNIQUES)]
    if section == FOUNDATIONS:
        techniques = [p for p, s in chosen.items() if s == TECHNIQUES]
        direct = pd.Series([q for p in techniques for q in graph.references(p)]).value_counts()
        outside = set(direct.index[direct >= 2]) - set(t.index[t["in_scope"]])
        inside = graph.ancestors(techniques) & set(t.index[t["in_scope"]])
        return inside | outside
    if section == TWEAKS:
        return set(t.index[t["parent"].isin(list(chosen))])
    if section == RECENT:
        return {c for p in core for c in graph.citers(p)}
    if section == SURVEYS:
        counts = pd.Series([c for p in core for c in graph.citers(p)]).value_counts()
        return set(counts.index[counts >= 2]) | set(t.index[t["is_seed"]])
    return None


# --- ordering ----------------------------------------------------------------------------------
def _order(t: pd.DataFrame, graph: _Graph, chosen: dict[str, str]) -> list[tuple[str, str]]:
    """Surveys first, then a topological order of the rest: references and parents first.

    Among papers whose in-list references are all placed, the earliest block (foundations,
    techniques, tweaks, recent work) comes first, then the earliest year, then merit. A citation
    cycle (same-year papers citing each other) is broken by the same priority.
    """
    block = {s: i for i, s in enumerate(SECTION_ORDER)}
    surveys = [p for p, s in chosen.items() if s == SURVEYS]
    rest = [p for p, s in chosen.items() if s != SURVEYS]
    years = pd.to_numeric(t["year"], errors="coerce").fillna(9999)

    def key(p: str) -> tuple:
        return (block[chosen[p]], years[p], -float(t.at[p, "merit"]), p)

    needs = {p: {q for q in rest if q != p and graph.cites(p, q)} for p in rest}
    placed: list[str] = []
    left = set(rest)
    while left:
        ready = [p for p in left if not (needs[p] & left)] or list(left)
        nxt = min(ready, key=key)
        placed.append(nxt)
        left.remove(nxt)
    surveys.sort(key=lambda p: (not t.at[p, "is_seed"], -float(t.at[p, "merit"])))
    return [(p, SURVEYS) for p in surveys] + [(p, chosen[p]) for p in placed]


# --- the items and notes -----------------------------------------------------------------------
def _items(t: pd.DataFrame, graph: _Graph, ordered: list[tuple[str, str]]) -> pd.DataFrame:
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
                "code_url": str(r["code_url"] or ""),
                "in_map_citations": int(r["in_map_citations"]),
                "relevance": float(r["relevance"]) if pd.notna(r["relevance"]) else np.nan,
            }
        )
    out = pd.DataFrame(rows, columns=list(READING_COLUMNS))
    out["year"] = out["year"].astype("Int64")
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
    if not isinstance(pid, str) or pid not in t.index:
        return "an earlier technique"
    title = str(t.at[pid, "title"])
    return f"'{title if len(title) <= 70 else title[:67] + '...'}'"


def _notes(t: pd.DataFrame, items: pd.DataFrame, spec: Tier, survey_years: int) -> list[str]:
    notes = []
    latest = pd.to_numeric(t["year"], errors="coerce").max()
    if not (items["section"] == SURVEYS).any():
        since = "" if pd.isna(latest) else f" ({int(latest) - survey_years + 1}-{int(latest)})"
        notes.append(
            f"No survey of the last {survey_years} years{since} is in the seeds' sub-area of this "
            'map: find one with `mentalmap surveys "<your topic>"` and crawl from it.'
        )
    if not (items["section"] == FOUNDATIONS).any():
        named = int(((t["role"] == "foundational") & t["in_scope"]).sum())
        where = (
            f"the map holds {named} foundational paper(s) of the sub-area, but no technique "
            "of this tier builds on them"
            if named
            else "the map holds no foundational paper of the seeds' sub-area"
        )
        notes.append(
            f"This tier names no foundation: {where}. Go backward from the seeds to find them: "
            "`mentalmap crawl <seed-id> --direction references --depth 2`."
        )
    n_code, n_map = int(items["has_code"].sum()), int(t["has_code"].sum())
    notes.append(
        f"{n_code} of {len(items)} papers of this tier have public code "
        f"({n_map} of {len(t)} in the map; pass --code-links to add a Papers with Code export)."
    )
    if len(items) < spec.low or len(items) < spec.high * 0.8:
        pool = int(_earns(t).sum())
        notes.append(
            f"The {spec.name} tier is short: {len(items)} papers earn a place (in the seeds' "
            f"sub-area, cited at least twice in the map; {pool} such papers in all). Crawl "
            "further from the seeds to fill it: `mentalmap crawl <seed-id> --depth 2 "
            "--direction both --max-papers 3000`."
        )
    return notes


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|!])")


def _md(value: object) -> str:
    """Text from S2 made inert in Markdown: no emphasis, links, headings or raw HTML."""
    text = " ".join(str(value or "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(reading: pd.DataFrame, notes: list[str] | None = None) -> str:
    """The plan as Markdown: a heading per run of one section, an item per paper, then notes."""
    lines: list[str] = ["# Reading list", ""]
    for note in notes or []:
        lines.append(f"> {note}")  # our own text: commands in backticks stay code
    if notes:
        lines.append("")
    previous = None
    for r in reading.itertuples(index=False):
        if r.section != previous:
            lines += [f"## {r.section}", ""]
            previous = r.section
        year = "" if pd.isna(r.year) else f" ({r.year})"
        url = str(r.code_url or "")
        code = f" — <{url}>" if r.has_code and url.startswith("https://") and " " not in url else ""
        lines.append(f"{r.order}. **{_md(r.title)}**{year} — {r.role}{code}")
        lines.append(f"   - why: {_md(r.why)}")
        for key in ("builds_on", "passes", "deep_dive", "hands_on"):
            value = getattr(r, key, "")
            if isinstance(value, str) and value:
                label = key.replace("_", " ")
                lines.append(f"   - {label}: {_md(value)}")
        lines.append("")
    return "\n".join(lines)
