"""Roles of papers in a map — foundational, technique, tweak, survey, frontier, other.

Rules over the map's own structure and S2's data, with thresholds that are tests against the
map itself (:mod:`mentalmap.analysis.evidence`), never shares fixed in advance: each paper gets
a role, a confidence and a reason a person can check. Titles may add evidence; no rule needs
one. Sources of every rule: docs/methods.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from mentalmap.analysis.evidence import (
    OUTLIER_Z,
    SIGNIFICANT_Z,
    binomial_z,
    flag_tested,
    grouped_z,
    in_head,
    modified_z,
    usable_flag,
)
from mentalmap.analysis.lineage import (
    SIBLING_WEIGHT,
    Mentions,
    name_mentions,
    parent_links,
    sibling_support,
)
from mentalmap.analysis.matrix import CitationMatrix
from mentalmap.vocabulary import FRONTIER_YEARS, frontier_start

ROLES = ("foundational", "technique", "tweak", "survey", "frontier", "other")

#: Titles that announce a survey (methods-research A12, cut to the words method papers do not
#: use: "advances in", "progress in", "state-of-the-art" head method papers too). "review"
#: counts only as a noun phrase ("a review of", "systematic review"): "reviews" alone is often
#: data (product reviews).
SURVEY_TITLE = re.compile(
    r"\b(?:surveys?|overviews?|tutorials?|primer|a decade of|lessons learned|"
    r"challenges and opportunities|systematic mapping|the state of the art(?!-)|"
    r"(?:a|an|critical|systematic|literature|"
    r"comprehensive|brief|short|narrative|scoping)\s+review|review\s+of)\b",
    re.IGNORECASE,
)
#: Every alternative of SURVEY_TITLE contains one of these words, so a title without any
#: cannot match it: one scan of all titles for them leaves the regex only the few that do.
_SURVEY_WORDS = ("survey", "overview", "tutorial", "primer", "decade", "lessons", "challenges",
                 "systematic", "state of the art", "review")  # fmt: skip
SURVEY_VENUE = re.compile(
    r"(?:computing surveys|foundations and trends|annual review|review$|reviews\b)", re.IGNORECASE
)
SURVEY_TYPES = frozenset({"Review", "MetaAnalysis"})


@dataclass(frozen=True)
class RoleRules:
    """Levels of the map-relative tests (docs/methods.md gives the source of each).

    outlier_z: modified z of a reference list that alone makes a survey (Iglewicz & Hoaglin).
    hint_z: modified z that makes a survey when a review type, venue or title agrees.
    significant_z: one-sided z for "cited for its method / across sub-topics more than the
        map's papers are".
    foundation_level / technique_level: head/tail-break level of in-map citations (foundation)
        and of age-rescaled PageRank (technique, when the map has no intents: named by one
        citer there, or with no abstracts at all); a map too small for that many breaks uses
        its top level.
    use_titles: let titles add evidence (survey words, a title naming the parent's method).
    frontier_years: papers of the last ``frontier_years`` years with no other role.
    """

    outlier_z: float = OUTLIER_Z
    hint_z: float = 2.0
    significant_z: float = SIGNIFICANT_Z
    foundation_level: int = 2
    technique_level: int = 2
    use_titles: bool = True
    frontier_years: int = FRONTIER_YEARS


def survey_title(papers: pd.DataFrame | None, index: pd.Index) -> np.ndarray:
    """True when the title says survey / overview / a review of ... (aligned to ``index``)."""
    if papers is None or "title" not in papers.columns:
        return np.zeros(len(index), dtype=bool)
    titles = papers["title"].reindex(index).fillna("").astype(str).tolist()
    out = np.zeros(len(titles), dtype=bool)
    for i in _may_match(titles, _SURVEY_WORDS).tolist():
        out[i] = SURVEY_TITLE.search(titles[i]) is not None
    return out


def _may_match(texts: list[str], words: tuple[str, ...]) -> np.ndarray:
    """Positions of the texts that contain one of the lower-case ASCII ``words`` in any case
    (a superset of those a case-insensitive pattern made of them can match): one substring
    scan of all texts joined, not a regex call per text. A text with a non-ASCII character is
    always kept, as re's case folding matches some of them to ASCII letters ("ſ" to "s")."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    joined = "\n".join(texts).lower()
    hits = [np.flatnonzero(~np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts)))]
    if len(joined) == int(lengths.sum()) + max(len(texts) - 1, 0):  # lower() kept every length
        for w in words:
            at = [mt.start() for mt in re.finditer(re.escape(w), joined)]
            hits.append(np.searchsorted(starts, np.asarray(at, dtype=np.int64), side="right") - 1)
    else:
        hits.append(np.arange(len(texts)))
    return np.unique(np.concatenate(hits))


def survey_type(papers: pd.DataFrame | None, index: pd.Index) -> np.ndarray:
    """True when S2's publication type or the venue says review (weak: S2 over-uses Review)."""
    if papers is None:
        return np.zeros(len(index), dtype=bool)
    p = papers.reindex(index)
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


def reference_lengths(m: CitationMatrix, papers: pd.DataFrame | None) -> np.ndarray:
    """Reference-list length: S2's referenceCount, else in-map references where the map holds
    the paper's references (``referencesCrawled``); NaN where it is not known (a
    neighbourhood's few links from a paper are no reference list)."""
    refs = np.where(m.refs_crawled, m.out_degree.astype(float), np.nan)
    if papers is not None and "referenceCount" in papers.columns:
        s2 = pd.to_numeric(papers["referenceCount"].reindex(m.ids), errors="coerce").to_numpy(
            dtype=float
        )
        refs = np.where(np.isfinite(s2) & ~(s2 < m.out_degree), s2, refs)
    return refs


def reference_z(m: CitationMatrix, papers: pd.DataFrame | None) -> np.ndarray:
    """Modified z of log reference-list length (:func:`reference_lengths`); 0 where unknown."""
    refs = reference_lengths(m, papers)
    return modified_z(np.log1p(refs), np.isfinite(refs) & (refs > 0))


def _intent_z(m: CitationMatrix, flag: np.ndarray | None) -> np.ndarray:
    """Binomial z of a paper's citers carrying ``flag`` against the map's edges; known only."""
    if flag is None:
        return np.zeros(m.n)
    known = np.isfinite(flag)
    cols = m.A.indices
    trials = np.bincount(cols[known], minlength=m.n)
    hits = np.bincount(cols[known], weights=flag[known], minlength=m.n)
    return binomial_z(hits, trials, float(flag[known].mean()))


def cited_for_method(m: CitationMatrix, meth: np.ndarray | None) -> np.ndarray:
    """True where a paper's citers with known intents use its method at least as often as they
    cite it as background (Cohan et al. 2019's intents): what is used is a technique, what is
    cited as the field's background a foundation. False where intents are not usable."""
    if meth is None or m.background is None:
        return np.zeros(m.n, dtype=bool)
    cols = m.A.indices
    uses = np.bincount(cols, weights=np.nan_to_num(meth, nan=0.0), minlength=m.n)
    background = np.bincount(cols, weights=np.nan_to_num(m.background, nan=0.0), minlength=m.n)
    return flag_tested(meth, cols, m.n) & (uses > 0) & (uses >= background)


def breadth_z(
    m: CitationMatrix, cluster: np.ndarray, habit: np.ndarray | None = None
) -> np.ndarray:
    """z of a paper's citers from other sub-topics (``cluster``) against chance.

    Chance is the map's share of crossing citations, or, for the papers in ``habit`` (default
    all), each citer's habit: the chance that citer i's citation crosses is the share of i's
    other references that cross (the map's share where i has no other), the degree-preserving
    null of modularity (Newman & Girvan 2004). A field's first papers are cited across
    sub-topics because their citers had little of their own sub-topic to cite; a foundation
    draws citers across beyond their habit. A map of one sub-topic has no breadth to test:
    +inf for everyone.
    """
    rows = m.edge_rows
    cross_edge = (cluster[rows] != cluster[m.A.indices]).astype(float)
    p_cross = float(cross_edge.mean()) if len(cross_edge) else 0.0
    if p_cross == 0:
        return np.full(m.n, np.inf)
    out_cross = np.bincount(rows, weights=cross_edge, minlength=m.n)[rows] - cross_edge
    others = m.out_degree[rows] - 1.0
    p = np.divide(out_cross, others, out=np.full(len(rows), p_cross), where=others > 0)
    if habit is not None:
        p = np.where(np.asarray(habit, dtype=bool)[m.A.indices], p, p_cross)
    return grouped_z(cross_edge, p, m.A.indices, m.n)


def _named_z(m: CitationMatrix, said: Mentions) -> tuple[np.ndarray, np.ndarray]:
    """Binomial z of a paper's citers naming a method it introduced, against the share of the
    map's citations of name-introducing papers that name them (0 where it introduced none),
    and the count of those citers."""
    cols = m.A.indices
    trials_e = said.introduced[cols] & said.has_text[m.edge_rows]
    hits_e = trials_e & (said.in_abstract | said.in_title)
    hits = np.bincount(cols[hits_e], minlength=m.n)
    if not trials_e.any():
        return np.zeros(m.n), hits
    trials = np.bincount(cols[trials_e], minlength=m.n)
    return binomial_z(hits, trials, float(hits_e.sum() / trials_e.sum())), hits


def assign_roles(
    table: pd.DataFrame,
    m: CitationMatrix,
    papers: pd.DataFrame | None = None,
    rules: RoleRules | None = None,
) -> pd.DataFrame:
    """Role, confidence, reason and parent of each paper, from the signal columns of ``table``.

    In order (docs/methods.md): survey (a reference list that is an outlier of the map, or a
    long one with a review type or title); foundational (among the map's few most cited,
    cited across sub-topics and, where S2 gives intents, for substance, more than the map's
    papers are); technique (cited more than papers of its age, and for its method more than
    the map's papers are: by intents, else by its citers naming the method it introduced);
    tweak (its strongest link to a technique has most of the evidence the map can give);
    frontier (recent, no other role); other.
    """
    r = rules or RoleRules()
    n = m.n
    year = m.year
    latest = np.nanmax(year) if np.isfinite(year).any() else np.nan
    cites = m.in_degree
    rp = table["rescaled_pagerank"].to_numpy(dtype=float)
    cluster = table["cluster"].to_numpy() if "cluster" in table else np.zeros(n, dtype=int)
    cols = m.A.indices

    role = np.full(n, "other", dtype=object)
    conf = np.full(n, 0.5)
    # --- survey ----------------------------------------------------------------------------
    ref_z = reference_z(m, papers)
    length_known = np.isfinite(reference_lengths(m, papers))
    typed = survey_type(papers, m.ids)
    said = survey_title(papers, m.ids) if r.use_titles else np.zeros(n, dtype=bool)
    # a review type, venue or title is a claim, believed of a list long for the map (S2
    # over-uses Review; "reviews" may be data); a title alone only where no length is known
    survey = (
        (ref_z >= r.outlier_z) | ((ref_z >= r.hint_z) & (typed | said)) | (said & ~length_known)
    )
    role[survey] = "survey"
    conf[survey] = np.clip(0.5 + 0.1 * ref_z + 0.15 * (typed | said), 0.5, 0.95)[survey]

    # --- foundational ----------------------------------------------------------------------
    head = in_head(cites, 1)
    meth = usable_flag(m.methodology, cols, head)
    infl = usable_flag(m.influential, cols, head)
    meth_z = _intent_z(m, meth)
    infl_z = _intent_z(m, infl)
    has_meth = meth is not None
    substance = np.maximum(meth_z, infl_z)
    # no evidence either way where a paper's own citers carry no flags: the test does not veto
    tested = flag_tested(meth, cols, n) | flag_tested(infl, cols, n)
    # where breadth is the evidence (no flags test the paper), chance is each citer's habit;
    # where it is a veto, the map's share (the habit null cost dev foundational F1 0.83 -> 0.82)
    cross_z = breadth_z(m, cluster, habit=~tested)
    titled = papers if r.use_titles else _without_titles(papers)
    head_cited = in_head(cites, r.foundation_level)
    mentions = name_mentions(m, titled, (rp > 0) | head_cited)
    name_z, name_hits = _named_z(m, mentions)
    # where flags test a paper's substance, breadth is a veto (cited across sub-topics no less
    # than the map's papers are); without them breadth is the evidence and must be significant
    found = (
        ~survey
        & head_cited
        & (cross_z >= np.where(tested, 0.0, r.significant_z))
        & ((substance >= r.significant_z) | ~tested)
        & ~cited_for_method(m, meth)
        # a method its citers call by the name it introduced is used, not background (the
        # intents-free form of the rule above)
        & ((has_meth or not mentions.abstracts) | (name_hits == 0))
    )
    role[found] = "foundational"
    conf[found] = np.clip(0.5 + 0.1 * cross_z, 0.5, 0.95)[found]

    # --- technique candidates, tweak links, techniques --------------------------------------
    recent_cut = frontier_start(latest, r.frontier_years) if np.isfinite(latest) else np.inf
    # with intents: cited for its method; without: its citers name the method it introduced
    # more often than the map's citers name what they cite (Ding et al. 2013's entity
    # mentions), or, among the map's most cited for their age, at all; a map without
    # abstracts (titles may add evidence, never be required) keeps only the latter's head.
    # Abstracts are short and often name a method by its idea, not its name (ml-arxiv-6k: no
    # citing abstract names SAC, DDPM, GraphSAGE or Matching Networks), so a paper in that head
    # of R(p) that is also among the map's very most cited (one head/tail break deeper than a
    # foundation needs) is a technique without names
    top_impact = in_head(rp, r.technique_level) & in_head(cites, r.foundation_level + 1)
    if has_meth:
        used = meth_z >= r.significant_z
    elif mentions.abstracts:
        used = (name_z > 0) | (in_head(rp, r.technique_level) & (name_hits > 0)) | top_impact
    else:
        used = in_head(rp, r.technique_level)
    technique = (rp > 0) & used
    technique &= (role == "other") & (cites >= 2)
    standing = np.where(technique, 1.0, np.where(found, 0.5, 0.0))
    use = _use_flag(meth, infl)
    # parents are only sought among candidates; with flags, a sibling counts when it uses j
    sib = sibling_support(m, standing > 0, use, r.significant_z, cluster)
    links = parent_links(
        m, standing, sib, titled, 1.0 if use is not None else SIBLING_WEIGHT, mentions=mentions
    )
    bar = links.available / 2
    parent_cites = np.where(links.parent >= 0, cites[np.maximum(links.parent, 0)], 0)
    # a variant is cited less than what it varies; a paper cited for its method far beyond the
    # map's papers (an outlier) is a technique in its own right, whatever it builds on
    linked = links.direct & (links.parent >= 0) & (links.evidence > bar) & (cites < parent_cites)
    strong_technique = technique & (meth_z >= r.outlier_z)
    tweak = linked & ~survey & ~found & ~strong_technique
    technique &= ~tweak
    role[technique] = "technique"
    conf[technique] = np.clip(0.5 + 0.05 * meth_z, 0.5, 0.95)[technique]
    role[tweak] = "tweak"
    conf[tweak] = np.clip(links.evidence / np.maximum(links.available, 1.0), 0.3, 0.95)[tweak]

    # --- frontier / other ------------------------------------------------------------------
    frontier = (role == "other") & (year >= recent_cut)
    role[frontier] = "frontier"
    conf[frontier] = 0.6

    parent_idx = np.where(role == "tweak", links.parent, -1)
    parent = pd.array(
        np.where(parent_idx >= 0, m.ids.to_numpy()[np.maximum(parent_idx, 0)], None), dtype="string"
    )  # missing: pd.NA
    facts = {
        "ref_z": ref_z, "typed": typed | said, "cross_z": cross_z, "meth_z": meth_z,
        "named": links.named, "evidence": links.evidence, "has_meth": has_meth,
        "substance": substance, "tested": tested, "lineage": links.lineage,
        "length_known": length_known, "name_hits": name_hits, "name_z": name_z,
        "abstracts": mentions.abstracts,
    }  # fmt: skip
    reasons = _reasons(role, year, cites, m, table, parent_idx, facts)
    return pd.DataFrame(
        {"role": role, "confidence": np.round(conf, 3), "reason": reasons, "parent": parent},
        index=m.ids,
    )


def _use_flag(meth: np.ndarray | None, infl: np.ndarray | None) -> np.ndarray | None:
    """Per edge: 1 where the citer uses the cited work (methodology or influential), else 0."""
    flags = [f for f in (meth, infl) if f is not None]
    if not flags:
        return None
    return np.fmax.reduce([np.nan_to_num(f, nan=0.0) for f in flags])


def _without_titles(papers: pd.DataFrame | None) -> pd.DataFrame | None:
    if papers is None or "title" not in papers.columns:
        return papers
    return papers.drop(columns=["title"])


def _fmt_year(y: float) -> str:
    return str(int(y)) if np.isfinite(y) else "year unknown"


def _reasons(role, year, cites, m, table, parent_idx, facts) -> list[str]:
    rp = table["rescaled_pagerank"].to_numpy(dtype=float)
    outd = m.out_degree
    # most papers are "other" or "frontier": their reasons are joined as whole columns of the
    # few distinct year and count phrases, not formatted one paper at a time
    years = _phrases(year, _fmt_year)
    counts = _phrases(cites, _papers)
    out = np.empty(len(role), dtype=object)
    other, frontier = role == "other", role == "frontier"
    out[other] = "cited by " + counts[other] + ", " + years[other]
    out[frontier] = "recent (" + years[frontier] + "), cited by " + counts[frontier]
    rest = np.flatnonzero(~(other | frontier))
    tweaks = parent_idx[rest][role[rest] == "tweak"]
    titles = (
        dict(zip(tweaks.tolist(), table["title"].iloc[tweaks].fillna("").astype(str), strict=True))
        if "title" in table
        else None
    )
    for i in rest.tolist():
        rl, y = role[i], years[i]
        if rl == "survey":
            if not facts["length_known"][i]:
                out[i] = f"survey title (reference list not known), {y}"
                continue
            why = "review type/title and long" if facts["typed"][i] else "unusually long"
            out[i] = (
                f"{why} reference list (z {facts['ref_z'][i]:.1f}), cites {_papers(outd[i])}, {y}"
            )
        elif rl == "foundational":
            what = f", for substance (z {facts['substance'][i]:.1f})" if facts["tested"][i] else ""
            out[i] = (
                f"cited by {_papers(cites[i])} ({100 * cites[i] / max(m.n, 1):.0f}% of the map), "
                f"across sub-topics (z {facts['cross_z'][i]:.1f}){what}, {y}"
            )
        elif rl == "technique":
            why = (
                f"for its method (z {facts['meth_z'][i]:.1f})"
                if facts["has_meth"]
                else "among the map's most cited for its age"
                if not facts["abstracts"] or not facts["name_hits"][i]
                else f"its method named by {_papers(facts['name_hits'][i])} citing it "
                f"(z {facts['name_z'][i]:.1f})"
            )
            out[i] = f"cited by {_papers(cites[i])}, R(p) {rp[i]:.1f} for its age, {why}, {y}"
        elif rl == "tweak":
            p = int(parent_idx[i])
            name = titles[p][:50] if titles is not None and titles[p] else str(m.ids[p])
            how = (", names it" if facts["named"][i] else "") + (
                ", in its lineage" if facts["lineage"][i] else ""
            )
            out[i] = f"builds on {name!r} (evidence {facts['evidence'][i]:.1f}{how}), {y}"
    return out.tolist()


def _phrases(values: np.ndarray, phrase: Callable[[Any], str]) -> np.ndarray:
    """``phrase`` of each value as an object array, formatted once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([phrase(v) for v in distinct.tolist()], dtype=object)[inverse.ravel()]


def _papers(count: int) -> str:
    return f"{count} map paper" if count == 1 else f"{count} map papers"
