"""Roles of papers in a map — foundational, technique, tweak, survey, frontier, other.

Rules over the signals of :func:`mentalmap.analysis.analyze`, each with a confidence and a reason a
person can check against the map. A tweak's parent (the "X" of "X with Y") is the cited paper it
most builds on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix

ROLES = ("foundational", "technique", "tweak", "survey", "frontier", "other")

#: Titles that announce a survey (methods-research A12); also used to find survey seeds.
SURVEY_TITLE = re.compile(
    r"\b(?:surveys?|reviews?|overviews?|tutorials?|primer|state[\s-]+of[\s-]+the[\s-]+art|"
    r"a decade of|taxonomy|advances in|progress in|challenges and opportunities|lessons learned|"
    r"systematic mapping)\b",
    re.IGNORECASE,
)
SURVEY_VENUE = re.compile(
    r"(?:computing surveys|foundations and trends|annual review|review$|reviews\b)", re.IGNORECASE
)
SURVEY_TYPES = frozenset({"Review", "MetaAnalysis"})


@dataclass(frozen=True)
class RoleRules:
    """Thresholds of the role rules (documented in docs/methods.md).

    foundational_top / technique_top: share of all papers that may be foundational / techniques.
    *_min_citations: fewest in-map citations for those roles.
    tweak_min_parent_score: lowest parent-link score of a tweak (see `parent_candidates`), with
        titles; ``..._no_titles`` without them (or with ``use_title_names=False``).
    frontier_years: papers of the last ``frontier_years`` years are the frontier unless another
        role applies.
    survey_out_factor: a long reference list is this many times the map's median.
    """

    foundational_top: float = 0.01
    foundational_min_citations: int = 5
    technique_top: float = 0.045
    technique_min_citations: int = 3
    tweak_min_parent_score: float = 4.75
    tweak_min_parent_score_no_titles: float = 4.5
    use_title_names: bool = True
    frontier_years: int = 2
    survey_out_factor: float = 3.0


def _pct(x: np.ndarray) -> np.ndarray:
    """Percentile rank in (0, 1], ties averaged, NaN ranked lowest."""
    s = pd.Series(np.nan_to_num(np.asarray(x, dtype=float), nan=-np.inf))
    return s.rank(method="average", pct=True).to_numpy()


def survey_title(papers: pd.DataFrame | None, index: pd.Index) -> np.ndarray:
    """True when the title says survey / review / overview ... (aligned to ``index``)."""
    if papers is None or "title" not in papers.columns:
        return np.zeros(len(index), dtype=bool)
    titles = papers.set_index("paperId")["title"].reindex(index)
    return titles.fillna("").astype(str).str.contains(SURVEY_TITLE).to_numpy(dtype=bool)


def survey_type(papers: pd.DataFrame | None, index: pd.Index) -> np.ndarray:
    """True when S2's publication type or the venue says review (noisy: S2 over-uses Review)."""
    if papers is None:
        return np.zeros(len(index), dtype=bool)
    p = papers.set_index("paperId").reindex(index)
    hit = np.zeros(len(index), dtype=bool)
    if "publicationTypes" in p.columns:
        hit |= (
            p["publicationTypes"]
            .map(lambda t: isinstance(t, list | tuple | np.ndarray) and bool(SURVEY_TYPES & set(t)))
            .to_numpy(dtype=bool)
        )
    if "venue" in p.columns:
        hit |= p["venue"].fillna("").astype(str).str.contains(SURVEY_VENUE).to_numpy()
    return hit


def method_names(titles: np.ndarray) -> np.ndarray:
    """The short method name a title announces ("LLaMA: Open and ..." -> "llama"), else ""."""
    out = np.full(len(titles), "", dtype=object)
    for i, t in enumerate(titles):
        if isinstance(t, str) and ":" in t:
            head = t.split(":", 1)[0].strip()
            if 3 <= len(head) <= 30 and len(head.split()) <= 3:
                out[i] = head.lower()
    return out


def parent_candidates(
    m: CitationMatrix,
    standing: np.ndarray,
    cluster: np.ndarray,
    titles: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """For every paper: the cited paper it most builds on, and that link's score (-1, 0 if none).

    Only papers with ``standing > 0`` (techniques 1, foundations 0.5) can be parents. Link score =
    methodology intent + isInfluential (S2; unknown counts 0) + the candidate's standing + 1 if
    other references of the paper also cite the candidate (siblings building on the same work)
    + 0.5 for the same cluster + 2 if the paper's title names the candidate's method (the "X" of
    "X with Y", e.g. "LLaMA-Adapter" naming LLaMA). Most signal, 6.5.
    """
    a = m.A
    rows, cols = m.edge_rows, a.indices
    meth = np.nan_to_num(m.methodology, nan=0.0) if m.methodology is not None else 0.0
    infl = np.nan_to_num(m.influential, nan=0.0) if m.influential is not None else 0.0
    score = meth + infl + standing[cols] + 0.5 * (cluster[rows] == cluster[cols])
    score = score + (_sibling_share(m) > 0)
    if titles is not None:
        names = method_names(titles)
        cand = np.flatnonzero((standing[cols] > 0) & (names[cols] != ""))
        low = [t.lower() if isinstance(t, str) else "" for t in titles]
        hit = np.array(
            [names[c] in low[r] for r, c in zip(rows[cand], cols[cand], strict=True)], dtype=bool
        )
        score[cand[hit]] += 2.0
    score = np.where(standing[cols] > 0, score, -np.inf)
    best = np.full(m.n, -1, dtype=np.int64)
    best_score = np.zeros(m.n)
    if a.nnz == 0:
        return best, best_score
    lens = np.diff(a.indptr)
    has = lens > 0
    starts = a.indptr[:-1][has]
    mx = np.maximum.reduceat(score, starts)
    hit = np.flatnonzero((score >= np.repeat(mx, lens[has]) - 1e-12) & np.isfinite(score))
    first = np.unique(rows[hit], return_index=True)[1]
    best[rows[hit[first]]] = cols[hit[first]]
    best_score[has] = np.where(np.isfinite(mx), mx, 0.0)
    return best, best_score


def _sibling_share(m: CitationMatrix, max_work: int = 30_000_000) -> np.ndarray:
    """Per edge i -> j: share of i's other references that also cite j, in row chunks."""
    a = m.A
    out = np.zeros(a.nnz)
    if a.nnz == 0:
        return out
    work = a @ m.out_degree.astype(float)  # products of (A @ A) per row
    cuts = np.flatnonzero(np.diff(np.cumsum(work) // max_work)) + 1
    bounds = np.concatenate(([0], cuts, [m.n]))
    for s, e in zip(bounds[:-1], bounds[1:], strict=False):
        lo, hi = a.indptr[s], a.indptr[e]
        if hi == lo:
            continue
        block = a[s:e]
        two = (block @ a).multiply(block)  # two-step paths i -> k -> j, only where i cites j
        aligned = (two + block).tocsr()  # same pattern as block (two is inside it), values + 1
        aligned.sort_indices()
        vals = aligned.data - 1.0
        denom = np.maximum(np.repeat(np.diff(block.indptr), np.diff(block.indptr)) - 1, 1)
        out[lo:hi] = vals / denom
    return out


def assign_roles(
    table: pd.DataFrame,
    m: CitationMatrix,
    papers: pd.DataFrame | None = None,
    rules: RoleRules | None = None,
) -> pd.DataFrame:
    """Role, confidence, reason and parent of each paper, from the signal columns of ``table``.

    Order of the rules (details and thresholds in docs/methods.md): survey (title, or a review
    type with a long reference list, or a very long one), foundational (earlier half of the
    years, most cited overall and from other clusters), technique (high age-balanced PageRank
    R(p), cited for its method), tweak (names and builds on a cited technique: methodology /
    influential link, siblings, same cluster), frontier (last ``frontier_years``), other.
    """
    r = rules or RoleRules()
    n = m.n
    year = m.year
    latest = np.nanmax(year) if np.isfinite(year).any() else np.nan
    first = np.nanmin(year) if np.isfinite(year).any() else np.nan
    cites = m.in_degree
    outd = m.out_degree
    prior = table["prior_score"].to_numpy()
    rp = table["rescaled_pagerank"].to_numpy()
    cd = table["cd_index"].to_numpy()
    meth = table["methodology_share"].to_numpy()
    cluster = table["cluster"].to_numpy() if "cluster" in table else np.zeros(n, dtype=int)

    role = np.full(n, "other", dtype=object)
    conf = np.full(n, 0.5)
    # --- survey: a title that says so, or a very long reference list (with a review type) ----
    text = survey_title(papers, m.ids)
    typed = survey_type(papers, m.ids)
    med = np.median(outd[outd > 0]) if (outd > 0).any() else 0.0
    long_refs = (outd >= max(10.0, r.survey_out_factor * med)) & (outd >= np.quantile(outd, 0.98))
    very_long = outd >= max(20.0, 2 * r.survey_out_factor * med)
    survey = text | (long_refs & typed) | very_long
    role[survey] = "survey"
    conf[survey] = np.where(text & long_refs, 0.95, np.where(text, 0.8, 0.6))[survey]

    # --- foundational: the earlier half's most cited papers, cited across sub-topics ----------
    rows, cols = m.edge_rows, m.A.indices
    cross = np.bincount(cols, weights=(cluster[rows] != cluster[cols]), minlength=n)
    old = ~(year > first + 0.5 * (latest - first)) if np.isfinite(latest) else np.ones(n, bool)
    landmark = 0.5 * _pct(cites) + 0.5 * _pct(cross)
    k_found = max(1, int(round(r.foundational_top * n)))
    cand = ~survey & old & (cites >= r.foundational_min_citations)
    found = _top(landmark, cand, k_found)
    role[found] = "foundational"
    conf[found] = np.clip(0.5 + 0.5 * landmark[found], 0, 0.99)

    # --- technique, then tweaks (which may not be techniques), then techniques again ---------
    rp_pct = _pct(rp)
    recent_cut = latest - r.frontier_years + 1 if np.isfinite(latest) else np.inf
    k_tech = max(1, int(round(r.technique_top * n)))
    tech_score = rp_pct + 0.5 * np.nan_to_num(meth, nan=0.2)
    tech_pool = (role == "other") & (cites >= r.technique_min_citations) & ~(year >= recent_cut)
    tech = _top(tech_score, tech_pool, k_tech)
    standing = np.where(tech, 1.0, np.where(role == "foundational", 0.5, 0.0))
    has_titles = "title" in table and table["title"].notna().any() and r.use_title_names
    titles = table["title"].to_numpy() if has_titles else None
    parent_idx, parent_score = parent_candidates(m, standing, cluster, titles)
    # with titles a tweak must name its parent (structure alone is too loose: many papers cite a
    # technique for its method); without titles every structural cue must agree
    limit = r.tweak_min_parent_score if titles is not None else r.tweak_min_parent_score_no_titles
    # S2 intents / influence flags absent altogether (e.g. bare edge arrays): lower the bar by
    # the points they could have given
    limit -= (m.methodology is None) + (m.influential is None)
    tweak = (role == "other") & (parent_idx >= 0) & (parent_score >= limit)
    role[tweak] = "tweak"
    conf[tweak] = np.clip(parent_score[tweak] / 6.5, 0.3, 0.95)
    tech = _top(tech_score, tech_pool & ~tweak, k_tech)
    role[tech] = "technique"
    conf[tech] = np.clip(0.4 + 0.4 * rp_pct[tech], 0, 0.95)
    text = text | typed

    # --- frontier / other ----------------------------------------------------------------------
    frontier = (role == "other") & (year >= recent_cut)
    role[frontier] = "frontier"
    conf[frontier] = 0.6
    rest = role == "other"
    conf[rest] = 0.5

    parent = np.where(
        (role == "tweak") & (parent_idx >= 0), m.ids.to_numpy()[np.maximum(parent_idx, 0)], ""
    )
    reasons = _reasons(role, prior, cd, year, cites, outd, text, parent_idx, m, table)
    return pd.DataFrame(
        {"role": role, "confidence": np.round(conf, 3), "reason": reasons, "parent": parent},
        index=m.ids,
    )


def _top(score: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of the k highest scores among ``mask``."""
    out = np.zeros(len(score), dtype=bool)
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return out
    chosen = idx[np.argsort(-score[idx], kind="stable")[:k]]
    out[chosen] = True
    return out


def _fmt_year(y: float) -> str:
    return str(int(y)) if np.isfinite(y) else "year unknown"


def _reasons(role, prior, cd, year, cites, outd, text, parent_idx, m, table) -> list[str]:
    titles = table["title"].fillna("").astype(str).to_numpy() if "title" in table else None
    out = []
    for i, rl in enumerate(role):
        y = _fmt_year(year[i])
        cd_s = f"CD {cd[i]:.2f}" if np.isfinite(cd[i]) else "CD n/a"
        if rl == "survey":
            why = "title/type says survey" if text[i] else "long reference list"
            out.append(f"{why}, cites {_papers(outd[i])}, {y}")
        elif rl == "foundational":
            out.append(f"cited by {100 * prior[i]:.0f}% of the map, {cd_s}, {y}")
        elif rl == "technique":
            out.append(
                f"cited by {_papers(cites[i])}, R(p) {table['rescaled_pagerank'].iat[i]:.1f} "
                f"for its age, {cd_s}, {y}"
            )
        elif rl == "tweak":
            p = parent_idx[i]
            name = titles[p][:50] if titles is not None and titles[p] else str(m.ids[p])
            out.append(f"builds on {name!r}, {cd_s}, {y}")
        elif rl == "frontier":
            out.append(f"recent ({y}), cited by {_papers(cites[i])}")
        else:
            out.append(f"cited by {_papers(cites[i])}, {y}")
    return out


def _papers(count: int) -> str:
    return f"{count} map paper" if count == 1 else f"{count} map papers"
