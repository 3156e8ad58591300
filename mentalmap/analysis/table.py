"""``analyze``: every signal, the roles and the importance of each paper in one table."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from mentalmap.analysis.citations import citations_per_year, rescale_by_age
from mentalmap.analysis.code import code_links
from mentalmap.analysis.coupling import (
    cocitation_with_seeds,
    coupling_with_seeds,
    derivative_score,
    prior_score,
    seed_mask,
)
from mentalmap.analysis.disruption import cd_from_counts, disruption_counts
from mentalmap.analysis.intents import influential_share, methodology_share
from mentalmap.analysis.mainpath import main_path
from mentalmap.analysis.matrix import CitationMatrix, citation_matrix
from mentalmap.analysis.pagerank import citerank_scores, pagerank_scores
from mentalmap.analysis.relevance import sub_area
from mentalmap.analysis.roles import RoleRules, assign_roles
from mentalmap.analysis.topics import clusters

#: Columns of the analysis table, in order (docs/api.md, docs/methods.md).
TABLE_COLUMNS = (
    "title", "year", "citationCount", "in_map_citations", "citations_per_year", "pagerank",
    "citerank", "rescaled_pagerank", "rescaled_citations", "cd_index", "cd_nok", "n_i", "n_j",
    "n_k", "reference_coverage", "prior_score", "derivative_score", "cocitation_seeds",
    "coupling_seeds", "relevance", "in_scope",
    "influential_share", "methodology_share", "spc", "on_main_path", "cluster", "cluster_label",
    "has_code", "code_url", "role", "confidence", "reason", "parent", "importance",
)  # fmt: skip


def analyze(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    seeds: Iterable[str] | None = None,
    *,
    d: float = 0.5,
    window: int = 5,
    rules: RoleRules | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """The analysis table of a map: one row per paper, one column per signal, plus roles.

    Parameters
    ----------
    papers, edges : pandas.DataFrame
        Frames as in docs/api.md.
    seeds : iterable of str, optional
        Seed paperIds for co-citation / coupling strength; default the ``isSeed`` column.
    d : float
        PageRank damping (0.5 for citation graphs).
    window : int
        CD index window in years.
    rules : RoleRules, optional
        Thresholds of the role rules.
    seed : int
        Seed of the clustering.

    Returns
    -------
    pandas.DataFrame indexed by paperId with :data:`TABLE_COLUMNS`, sorted by ``importance``
    (most important first).

    Raises
    ------
    AnalysisError
        Empty papers, a missing column, or edges naming unknown papers.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"paperId": ["a", "b", "c"], "year": [2019, 2020, 2021],
    ...                        "title": ["A", "B", "C"]}).set_index("paperId")
    >>> edges = pd.DataFrame({"citing": ["b", "c", "c"], "cited": ["a", "a", "b"]})
    >>> int(analyze(papers, edges).loc["a", "in_map_citations"])
    2
    """
    m = citation_matrix(papers, edges)
    return analyze_matrix(m, papers, seeds, d=d, window=window, rules=rules, seed=seed)


def analyze_matrix(
    m: CitationMatrix,
    papers: pd.DataFrame | None = None,
    seeds: Iterable[str] | None = None,
    *,
    d: float = 0.5,
    window: int = 5,
    rules: RoleRules | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`analyze` on a built :class:`CitationMatrix` (``papers`` only for text columns)."""
    t = pd.DataFrame(index=m.ids)
    meta = papers.reindex(m.ids) if papers is not None else None
    t["title"] = meta["title"].astype(object) if meta is not None and "title" in meta else None
    t["year"] = pd.array(np.where(np.isfinite(m.year), m.year, np.nan), dtype="Float64").astype(
        "Int64"
    )
    t["citationCount"] = (
        pd.to_numeric(meta["citationCount"], errors="coerce").astype("Int64")
        if meta is not None and "citationCount" in meta
        else pd.array([pd.NA] * m.n, dtype="Int64")
    )
    t["in_map_citations"] = m.in_degree
    t["citations_per_year"] = citations_per_year(m).to_numpy()
    pr = pagerank_scores(m, d)
    t["pagerank"] = pr
    t["citerank"] = citerank_scores(m)
    t["rescaled_pagerank"] = rescale_by_age(pr, m.pub_time)
    t["rescaled_citations"] = rescale_by_age(m.in_degree.astype(float), m.pub_time)
    counts = disruption_counts(m, window)
    cd = cd_from_counts(counts)
    t["cd_index"] = cd["cd_index"]
    t["cd_nok"] = cd["cd_nok"]
    for c in ("n_i", "n_j", "n_k"):
        t[c] = counts[c]
    # in-map references / S2 referenceCount: CD is unreliable when most references are missing
    ref_count = (
        pd.to_numeric(meta["referenceCount"], errors="coerce").to_numpy(dtype=float)
        if meta is not None and "referenceCount" in meta
        else np.full(m.n, np.nan)
    )
    t["reference_coverage"] = np.divide(
        m.out_degree, ref_count, out=np.full(m.n, np.nan), where=ref_count > 0
    )
    t["prior_score"] = prior_score(m)
    t["derivative_score"] = derivative_score(m)
    t["cocitation_seeds"] = cocitation_with_seeds(m, seeds)
    t["coupling_seeds"] = coupling_with_seeds(m, seeds)
    t["relevance"], t["in_scope"] = _relevance(m, seeds)
    t["influential_share"] = influential_share(m)
    t["methodology_share"] = methodology_share(m)
    mp = main_path(m)
    t["spc"] = mp.nodes["spc"]
    t["on_main_path"] = mp.nodes["on_main_path"]
    titles = t["title"] if t["title"].notna().any() else None
    cl = clusters(m, titles, seed=seed)
    t["cluster"] = cl["cluster"]
    t["cluster_label"] = cl["cluster_label"]
    if papers is not None:
        code = code_links(papers).reindex(m.ids)
        t["has_code"] = code["has_code"].fillna(False).astype(bool)
        t["code_url"] = code["code_url"]
    else:
        t["has_code"] = False
        t["code_url"] = pd.array([pd.NA] * m.n, dtype="string")
    roles = assign_roles(t, m, papers, rules)
    for c in roles.columns:
        t[c] = roles[c]
    t["importance"] = importance(t)
    t = t[list(TABLE_COLUMNS)]
    return t.sort_values("importance", ascending=False, kind="stable")


def _relevance(m: CitationMatrix, seeds: Iterable[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """Relevance to the seeds and the seeds' sub-area; without seeds, NaN and the whole map."""
    mask = seed_mask(m, seeds)
    if not mask.any():
        return np.full(m.n, np.nan), np.ones(m.n, dtype=bool)
    return sub_area(m.A, mask)


def rank_score(rescaled_pagerank: np.ndarray, citerank: np.ndarray) -> np.ndarray:
    """0-1 rank from the age-aware scores only: mean percentile of R(p) and CiteRank.

    R(p) (Mariani, Medo & Zhang 2016) compares a paper with papers of its age; CiteRank
    (Walker et al. 2007) weights recent citations. Raw counts and PageRank, the most age-biased
    signals, stay out of the rank and only appear in the reasons.
    """
    parts = [
        pd.Series(np.asarray(x, dtype=float)).rank(method="average", pct=True, na_option="bottom")
        for x in (rescaled_pagerank, citerank)
    ]
    score = (sum(parts) / len(parts)).to_numpy()
    lo, hi = score.min(initial=0.0), score.max(initial=0.0)
    return (score - lo) / (hi - lo) if hi > lo else np.ones(len(score))


def importance(table: pd.DataFrame) -> pd.Series:
    """The ``importance`` column (rank and node size): :func:`rank_score` of the table."""
    score = rank_score(table["rescaled_pagerank"].to_numpy(), table["citerank"].to_numpy())
    return pd.Series(score, index=table.index, name="importance")
