"""Relevance to the seeds: how tied a paper is to the seeds' sub-area, and where that area ends.

One definition serves the crawl (which candidates to expand) and the analysis (which papers the
roles, sub-topics and reading list are about), so the map a user gets and the analysis of it
agree on what "the sub-area" is.

The score is personalised PageRank from the seeds on the undirected citation graph (Haveliwala
2002), divided by the square root of degree: a random walk that keeps returning to the seeds
spends its time on papers tied to them through many short paths (co-citation and bibliographic
coupling are the two-step paths, Small 1973, Kessler 1963). Raw PPR is pulled towards famous hubs
(what made the first crawler "famous-first"); dividing by the full degree, as Andersen, Chung &
Lang (2006) do for local clustering, over-rewards papers whose one link is to a seed. The
symmetric normalisation D^-1/2 sits between the two; on ml-arxiv-6k it puts Matching Networks,
Prototypical Networks and TADAM first around MAML, where p/d puts single-link citers first. The
end of the sub-area is the sweep cut of lowest conductance over that order (Andersen, Chung &
Lang 2006): no share or size is fixed. Inside that cut, a paper its own papers cite less often
than the rest of the map does (a hub of another sub-area) is context, not the sub-area.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentalmap.analysis.evidence import SIGNIFICANT_Z, binomial_z
from mentalmap.errors import AnalysisError

#: Probability of jumping back to the seeds at each step: a walk averages 1 / RESTART - 1 = 2
#: steps before returning, i.e. co-citation / coupling distance (two steps) dominates.
RESTART = 1.0 / 3.0


def _undirected(adjacency: sp.spmatrix) -> sp.csr_matrix:
    a = sp.csr_matrix(adjacency, dtype=float)
    if a.shape[0] != a.shape[1]:
        raise AnalysisError(f"adjacency must be square, got {a.shape}")
    s = (a + a.T).tocsr()
    s.data[:] = 1.0
    s.setdiag(0.0)
    s.eliminate_zeros()
    return s


def seed_walk(
    adjacency: sp.spmatrix,
    seeds: np.ndarray,
    restart: float = RESTART,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> np.ndarray:
    """Personalised PageRank from the seeds on the undirected graph (sums to 1).

    ``adjacency[i, j] != 0`` when paper i cites paper j (direction is ignored: a tie to the seeds
    counts both ways). ``seeds`` is a boolean mask or an array of row positions.
    """
    if not 0.0 < restart < 1.0:
        raise AnalysisError(f"restart must be in (0, 1), got {restart}")
    s = _undirected(adjacency)
    n = s.shape[0]
    mask = np.zeros(n, dtype=bool)
    mask[np.asarray(seeds)] = True
    if not mask.any():
        raise AnalysisError("relevance needs at least one seed in the graph")
    start = mask / mask.sum()
    deg = np.asarray(s.sum(axis=1)).ravel()
    inv = np.divide(1.0, deg, out=np.zeros(n), where=deg > 0)
    p = start.copy()
    for _ in range(max_iter):
        walked = s @ (p * inv)
        stuck = p[deg == 0].sum()  # mass on isolated papers goes back to the seeds
        new = restart * start + (1.0 - restart) * (walked + stuck * start)
        err = np.abs(new - p).sum()
        p = new
        if err < tol:
            break
    return p


def relevance_scores(
    adjacency: sp.spmatrix, seeds: np.ndarray, restart: float = RESTART
) -> np.ndarray:
    """Personalised PageRank over sqrt(degree), scaled so the most relevant non-seed is 1.

    Seeds score 1; papers with no path to a seed score 0.
    """
    s = _undirected(adjacency)
    mask = np.zeros(s.shape[0], dtype=bool)
    mask[np.asarray(seeds)] = True
    p = seed_walk(s, mask, restart)
    deg = np.asarray(s.sum(axis=1)).ravel()
    score = np.divide(p, np.sqrt(deg), out=np.zeros_like(p), where=deg > 0)
    others = score[~mask]
    top = others.max() if others.size else 0.0
    out = np.clip(score / top, 0.0, 1.0) if top > 0 else np.zeros_like(score)
    out[mask] = 1.0
    return out


def sweep_cut(adjacency: sp.spmatrix, order: np.ndarray, min_size: int = 1) -> int:
    """Size of the prefix of ``order`` with the lowest conductance (Andersen, Chung & Lang 2006).

    ``order`` lists row positions, most relevant first. Conductance of a prefix S is
    ``cut(S) / vol(S)`` over prefixes holding at most half the graph's volume (the seeds' side
    of the cut); prefixes are scored in one pass (each edge becomes internal when its later end
    joins). Returns the whole graph when no prefix separates it.
    """
    s = _undirected(adjacency)
    n = s.shape[0]
    order = np.asarray(order, dtype=np.int64)
    if len(order) != n:
        raise AnalysisError("order must list every paper once")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    coo = sp.triu(s, k=1).tocoo()
    joins = np.maximum(rank[coo.row], rank[coo.col])
    internal = np.cumsum(np.bincount(joins, minlength=n))  # edges inside prefix of size k+1
    deg = np.asarray(s.sum(axis=1)).ravel()[order]
    vol = np.cumsum(deg)
    total = vol[-1] if n else 0.0
    if total == 0:
        return n
    cut = vol - 2.0 * internal
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where((vol > 0) & (vol <= total / 2.0), cut / vol, np.inf)
    phi[: max(min_size, 1) - 1] = np.inf
    best = int(np.argmin(phi))
    return n if not np.isfinite(phi[best]) else best + 1


def context_papers(adjacency: sp.spmatrix, scope: np.ndarray, level: float) -> np.ndarray:
    """Papers of ``scope`` the scope cites less than the map does: context, not the sub-area.

    A hub of another sub-area sits close to the seeds (the walk reaches it through many
    citers) but most of its citers are elsewhere: one-sided binomial z of its citers inside the
    scope against the share of the map's citations made from inside it, z <= -``level``.
    """
    a = sp.csr_matrix(adjacency)
    coo = a.tocoo()
    inside = np.asarray(scope, dtype=bool)[coo.row]
    p = float(inside.mean()) if len(inside) else 0.0
    n = a.shape[0]
    hits = np.bincount(coo.col, weights=inside.astype(float), minlength=n)
    trials = np.bincount(coo.col, minlength=n)
    return scope & (binomial_z(hits, trials, p) <= -level)


def sub_area(
    adjacency: sp.spmatrix,
    seeds: np.ndarray,
    restart: float = RESTART,
    level: float = SIGNIFICANT_Z,
) -> tuple[np.ndarray, np.ndarray]:
    """``(relevance, in_scope)``: the score of every paper and the mask of the seeds' sub-area.

    The sub-area is the lowest-conductance sweep cut of the relevance order that holds every
    seed, less its :func:`context_papers` (``level``: their z); seeds are always in it.
    """
    s = _undirected(adjacency)
    mask = np.zeros(s.shape[0], dtype=bool)
    mask[np.asarray(seeds)] = True
    score = relevance_scores(s, mask, restart)
    order = np.lexsort((np.arange(len(score)), -score))
    size = sweep_cut(s, order, min_size=int(mask.sum()))
    scope = np.zeros(len(score), dtype=bool)
    scope[order[:size]] = True
    scope &= ~context_papers(adjacency, scope, level)
    scope |= mask
    return score, scope
