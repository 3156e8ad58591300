"""PageRank (d = 0.5), CiteRank and age-rescaled PageRank R(p) on the citation matrix.

Each sparse implementation has a short pure-Python twin (``*_python``) used by the tests and by
``benchmarks/analysis_speed.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from mentalmap.analysis.citations import rescale_by_age
from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.errors import AnalysisError


def _check_damping(d: float) -> None:
    if not 0.0 <= d < 1.0:
        raise AnalysisError(f"damping must be in [0, 1), got {d}")


def pagerank_scores(
    m: CitationMatrix, d: float = 0.5, tol: float = 1e-10, max_iter: int = 500
) -> np.ndarray:
    """PageRank as an array in row order (see :func:`pagerank`)."""
    _check_damping(d)
    n = m.n
    out = m.out_degree.astype(float)
    dangling = out == 0
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    p = np.full(n, 1.0 / n)
    at = m.AT
    for _ in range(max_iter):
        new = d * (at @ (p * inv))
        new += (d * p[dangling].sum() + 1.0 - d) / n
        err = np.abs(new - p).sum()
        p = new
        if err < n * tol:
            break
    return p / p.sum()


def pagerank(graph: CitationMatrix | tuple, d: float = 0.5, tol: float = 1e-10) -> pd.Series:
    """PageRank of each paper; score flows from a citing paper to the papers it cites.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    d : float
        Damping factor. 0.5 for citation graphs: readers follow about two references in a chain
        (Chen et al. 2007), where the web's 0.85 would over-reward very old papers.
    tol : float
        Stop when the L1 change falls below ``n * tol`` (as networkx does).

    Returns
    -------
    pandas.Series summing to 1, indexed by paperId. Papers without in-map references spread their
    score uniformly (dangling nodes), as in networkx.

    Notes
    -----
    Even more age-biased than citation counts, since score only flows back in time (Mariani, Medo
    & Zhang 2015); rank with :func:`rescaled_pagerank` instead.

    References
    ----------
    Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual web search engine.
    Chen, P., Xie, H., Maslov, S. & Redner, S. (2007). Finding scientific gems with Google's
    PageRank algorithm. Journal of Informetrics 1(1), 8-15.
    """
    m = as_matrix(graph)
    return m.series(pagerank_scores(m, d, tol), "pagerank")


def citerank_scores(
    m: CitationMatrix,
    alpha: float = 0.5,
    tau: float = 2.6,
    now: float | None = None,
    tol: float = 1e-12,
    max_iter: int = 500,
) -> np.ndarray:
    """CiteRank traffic ``T = sum_k alpha^k W^k rho`` as an array (see :func:`citerank`)."""
    _check_damping(alpha)
    if tau <= 0:
        raise AnalysisError(f"tau must be positive, got {tau}")
    rho = _recency(m.pub_time, tau, now)
    inv = np.divide(1.0, m.out_degree, out=np.zeros(m.n), where=m.out_degree > 0)
    at = m.AT
    t = rho.copy()
    for _ in range(max_iter):
        new = rho + alpha * (at @ (t * inv))
        err = np.abs(new - t).sum()
        t = new
        if err < tol:
            break
    return t / t.sum()


def _recency(time: np.ndarray, tau: float, now: float | None) -> np.ndarray:
    known = np.isfinite(time)
    if now is None:
        now = float(np.nanmax(time)) if known.any() else 0.0
    age = np.where(known, now - time, np.nan)
    age = np.where(known, np.maximum(age, 0.0), np.nanmedian(age) if known.any() else 0.0)
    rho = np.exp(-age / tau)
    return rho / rho.sum()


def citerank(
    graph: CitationMatrix | tuple, alpha: float = 0.5, tau: float = 2.6, now: float | None = None
) -> pd.Series:
    """CiteRank: traffic of researchers who start at recent papers and follow references.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    alpha : float
        Probability of following one more reference (0.5).
    tau : float
        Decay time in years of the starting probability ``rho_i ~ exp(-age_i / tau)`` (2.6 y,
        fitted on APS and hep-th by Walker et al.). Papers without a year get the median age.
    now : float, optional
        Reference year for ages, default the latest year in the map.

    Returns
    -------
    pandas.Series summing to 1. Traffic reaching a paper without references stops there.

    Notes
    -----
    Biased toward recent papers; a predictor of future citations, not of landmarks.

    References
    ----------
    Walker, D., Xie, H., Yan, K.-K. & Maslov, S. (2007). Ranking scientific publications using a
    model of network traffic. Journal of Statistical Mechanics P06010.
    """
    m = as_matrix(graph)
    return m.series(citerank_scores(m, alpha, tau, now), "citerank")


def rescaled_pagerank(
    graph: CitationMatrix | tuple,
    d: float = 0.5,
    window: int | None = None,
    method: str = "window",
    scores: np.ndarray | None = None,
) -> pd.Series:
    """Age-rescaled PageRank R(p): PageRank z-scored against papers of similar age.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    d : float
        PageRank damping (0.5).
    window : int, optional
        Papers in the sliding comparison window, default ``max(50, n // 20)`` — the paper used
        1,000 of 450,000 APS papers; a crawl of a few thousand papers needs a smaller one.
    method : {"window", "year"}
        Sliding window in publication order, or same-year z-score (thin years pooled).
    scores : numpy.ndarray, optional
        Precomputed PageRank in row order, to avoid computing it twice.

    References
    ----------
    Mariani, M. S., Medo, M. & Zhang, Y.-C. (2016). Identification of milestone papers through
    time-balanced network centrality. Journal of Informetrics 10(4), 1207-1223.
    """
    m = as_matrix(graph)
    p = pagerank_scores(m, d) if scores is None else scores
    return m.series(rescale_by_age(p, m.pub_time, window, method), "rescaled_pagerank")


# --- pure-Python references ------------------------------------------------------------------
def pagerank_python(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    d: float = 0.5,
    tol: float = 1e-10,
    max_iter: int = 500,
) -> dict[str, float]:
    """Dict-based PageRank, the textbook loop; the reference for tests and benchmarks."""
    nodes = list(nodes)
    n = len(nodes)
    refs: dict[str, list[str]] = {v: [] for v in nodes}
    for citing, cited in edges:
        refs[citing].append(cited)
    p = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = sum(p[v] for v in nodes if not refs[v])
        new = dict.fromkeys(nodes, (d * dangling + 1.0 - d) / n)
        for v in nodes:
            share = d * p[v] / len(refs[v]) if refs[v] else 0.0
            for u in refs[v]:
                new[u] += share
        err = sum(abs(new[v] - p[v]) for v in nodes)
        p = new
        if err < n * tol:
            break
    total = sum(p.values())
    return {v: s / total for v, s in p.items()}


def citerank_python(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    years: Mapping[str, float],
    alpha: float = 0.5,
    tau: float = 2.6,
    max_iter: int = 500,
    tol: float = 1e-12,
) -> dict[str, float]:
    """Dict-based CiteRank (all years known); the reference for tests."""
    nodes = list(nodes)
    refs: dict[str, list[str]] = {v: [] for v in nodes}
    for citing, cited in edges:
        refs[citing].append(cited)
    now = max(years[v] for v in nodes)
    rho = {v: math.exp(-(now - years[v]) / tau) for v in nodes}
    z = sum(rho.values())
    rho = {v: r / z for v, r in rho.items()}
    t = dict(rho)
    for _ in range(max_iter):
        new = dict(rho)
        for v in nodes:
            for u in refs[v]:
                new[u] += alpha * t[v] / len(refs[v])
        err = sum(abs(new[v] - t[v]) for v in nodes)
        t = new
        if err < tol:
            break
    total = sum(t.values())
    return {v: s / total for v, s in t.items()}
