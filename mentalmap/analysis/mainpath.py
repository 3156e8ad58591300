"""Main path analysis: search path counts (SPC) and the key-route main path of a citation map.

Knowledge flows from a cited paper to the papers citing it. The citation graph is first made a
DAG — edges whose citing paper is older than the cited one are dropped and the remaining cycles
(mutual citations of simultaneous papers) are condensed into one node — then path counts are
propagated in two sweeps over topological generations, in log space so they never overflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.analysis.matrix import CitationMatrix, as_matrix


@dataclass(frozen=True)
class MainPath:
    """Per-paper ``spc`` (strongest incident link / strongest link, 0-1) and ``on_main_path``;
    ``edges`` = the (citing, cited) paperId pairs of the key-route main path."""

    nodes: pd.DataFrame
    edges: list[tuple[str, str]]


def _dag(m: CitationMatrix) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Condensed DAG (rows cite columns), the node -> DAG-node label of every paper and the
    topological generation of every DAG node.

    A citation graph is mostly acyclic: when the levels of Kahn's algorithm reach every paper
    there is no cycle to condense, and scipy's strong components (and the ~0.15 s import of
    ``scipy.sparse.csgraph``, a sixth of ``mentalmap rank`` on a small map) are skipped.
    """
    a = m.A
    rows, cols = m.edge_rows, a.indices
    keep = ~(m.year[rows] < m.year[cols])  # NaN years compare False: kept
    # A's entries filtered in place of order: still canonical CSR, no COO copy
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows[keep], minlength=m.n))))
    kept = cols[keep]
    g = sp.csr_matrix((np.ones(len(kept), dtype=np.int8), kept, indptr), shape=(m.n, m.n))
    gen = _generations(g)
    if (gen >= 0).all():
        return g, np.arange(m.n), gen
    from scipy.sparse.csgraph import connected_components

    k, labels = connected_components(g, directed=True, connection="strong")
    if k == m.n:  # no cycle but a self-citation
        return g, np.arange(m.n), gen
    r, c = labels[rows[keep]], labels[kept]
    off = r != c
    dag = sp.csr_matrix((np.ones(int(off.sum())), (r[off], c[off])), shape=(k, k))
    dag.sum_duplicates()
    dag = sp.csr_matrix((np.ones(dag.nnz, dtype=np.int8), dag.indices, dag.indptr), shape=(k, k))
    return dag, labels, _generations(dag)


def _permuted(
    mat: sp.csr_matrix, order: np.ndarray, inv: np.ndarray, sort: bool = True
) -> sp.csr_matrix:
    """``mat[order][:, order]`` in one gather (row ``i`` = old row ``order[i]``, columns
    renamed by ``inv``), without the two intermediate copies fancy indexing makes."""
    lens = np.diff(mat.indptr)[order]
    indptr = np.concatenate(([0], np.cumsum(lens)))
    indices = inv[mat.indices[_ranges(mat.indptr[order], mat.indptr[order + 1])]]
    out = sp.csr_matrix((np.ones(len(indices), dtype=np.int8), indices, indptr), shape=mat.shape)
    if sort:
        out.sort_indices()
    return out


def _generations(dag: sp.csr_matrix) -> np.ndarray:
    """Topological generation of every node (0 = cites nothing), Kahn's algorithm by levels.

    A level holding at least n/64 citations counts them with ``bincount`` and marks the next
    frontier in a bool array, O(n), instead of sorting them (``np.unique``, a third of the main
    path of a million-paper map); smaller levels are sorted, so a deep graph stays O(V + E).
    """
    n = dag.shape[0]
    remaining = np.diff(dag.indptr).astype(np.int64)
    citers = dag.T.tocsr()
    gen = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(remaining == 0)
    mark = np.zeros(n, dtype=bool)
    level = 0
    while len(frontier):
        gen[frontier] = level
        starts, ends = citers.indptr[frontier], citers.indptr[frontier + 1]
        nxt = citers.indices[_ranges(starts, ends)]
        if len(nxt) == 0:
            break
        if len(nxt) * 64 < n:
            cand, counts = np.unique(nxt, return_counts=True)
            remaining[cand] -= counts
            frontier = cand[remaining[cand] == 0]
        else:
            remaining -= np.bincount(nxt, minlength=n)
            done = nxt[remaining[nxt] == 0]
            mark[done] = True
            frontier = np.flatnonzero(mark)  # sorted and unique, as np.unique gives it
            mark[done] = False
        level += 1
    return gen


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, e)`` for every pair, without a Python loop."""
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    return np.arange(total, dtype=np.int64) + offs


def _log_path_counts(mat: sp.csr_matrix, bounds: np.ndarray) -> np.ndarray:
    """log N: 0 for nodes without neighbours in ``mat``, else logsumexp of the neighbours' log N.

    Nodes are sorted so that block ``[bounds[g], bounds[g+1])`` only points to earlier blocks.
    """
    n = mat.shape[0]
    out = np.zeros(n)
    indptr, indices = mat.indptr, mat.indices
    for s, e in zip(bounds[:-1], bounds[1:], strict=False):
        lo, hi = indptr[s], indptr[e]
        if hi == lo:
            continue
        vals = out[indices[lo:hi]]
        lens = np.diff(indptr[s : e + 1])
        has = lens > 0
        starts = (indptr[s:e] - lo)[has]
        mx = np.maximum.reduceat(vals, starts)
        tot = np.add.reduceat(np.exp(vals - np.repeat(mx, lens[has])), starts)
        out[np.arange(s, e)[has]] = mx + np.log(tot)
    return out


def _best_neighbour(indptr: np.ndarray, indices: np.ndarray, score: np.ndarray) -> np.ndarray:
    """For each row, the column of its highest-scoring entry (-1 for empty rows)."""
    n = len(indptr) - 1
    best = np.full(n, -1, dtype=np.int64)
    lens = np.diff(indptr)
    has = lens > 0
    if not has.any():
        return best
    starts = indptr[:-1][has]
    mx = np.maximum.reduceat(score, starts)
    hit = np.flatnonzero(score >= np.repeat(mx, lens[has]) - 1e-12)
    row_of = np.repeat(np.arange(n), lens)[hit]
    first = np.unique(row_of, return_index=True)[1]
    best[row_of[first]] = indices[hit[first]]
    return best


def main_path(graph: CitationMatrix | tuple, routes: int = 5) -> MainPath:
    """Search path counts and the key-route main path: the backbone of knowledge flow.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    routes : int
        Key routes: the ``routes`` links with the highest SPC, each extended backward to a source
        and forward to a sink by always taking the highest-SPC link.

    Returns
    -------
    MainPath

    Notes
    -----
    ``SPC(u -> v) = N-(u) * N+(v)``, the number of source-to-sink paths through the link, with
    ``N-`` (paths from sources) and ``N+`` (paths to sinks) from two sweeps over topological
    generations: O(V + E). Papers in a citation cycle share one node and its values.

    References
    ----------
    Hummon, N. P. & Doreian, P. (1989). Connectivity in a citation network: the development of DNA
    theory. Social Networks 11, 39-63.
    Batagelj, V. (2003). Efficient algorithms for citation network analysis. arXiv:cs/0309023.
    Liu, J. S. & Lu, L. Y. Y. (2012). An integrated approach for main path analysis. JASIST
    63(3), 528-542.
    """
    m = as_matrix(graph)
    dag, labels, gen = _dag(m)
    k = dag.shape[0]
    perm = np.argsort(gen, kind="stable")
    inv = np.empty(k, dtype=np.int64)
    inv[perm] = np.arange(k)
    refs = _permuted(dag, perm, inv)  # row v (citing) -> its references, all in earlier blocks
    del dag  # the structures here carry int8 ones: only their pattern is used
    citers = refs.T.tocsr()
    gsorted = gen[perm]
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(gsorted)) + 1, [k]))
    log_from_sources = _log_path_counts(refs, bounds)
    rev = k - 1 - np.arange(k)
    citers_rev = _permuted(citers, rev, rev, sort=False)  # sums in the same order as before
    del citers
    rbounds = k - bounds[::-1]
    log_to_sinks = _log_path_counts(citers_rev, rbounds)[rev]
    # SPC of each link cited u -> citing v, stored at refs[v, u]
    rows = np.repeat(np.arange(k), np.diff(refs.indptr))
    spc = log_from_sources[refs.indices] + log_to_sinks[rows]
    node_max = np.full(k, -np.inf)
    if len(spc):
        np.maximum.at(node_max, rows, spc)
        np.maximum.at(node_max, refs.indices, spc)
    top = spc.max() if len(spc) else 0.0
    node_spc = np.where(np.isfinite(node_max), np.exp(node_max - top), 0.0)
    # key routes
    on_path = np.zeros(k, dtype=bool)
    path_edges: set[tuple[int, int]] = set()
    if len(spc):
        best_ref = _best_neighbour(refs.indptr, refs.indices, spc)
        by_cited = sp.csr_matrix((spc + 1.0, refs.indices, refs.indptr), shape=(k, k)).T.tocsr()
        best_citer = _best_neighbour(by_cited.indptr, by_cited.indices, by_cited.data - 1.0)
        top_links = np.argpartition(-spc, min(routes, len(spc)) - 1)[: max(routes, 0)]
        for e in top_links[np.argsort(-spc[top_links])]:
            v, u = int(rows[e]), int(refs.indices[e])
            path_edges.add((v, u))
            while best_ref[u] >= 0 and (u, int(best_ref[u])) not in path_edges:
                path_edges.add((u, int(best_ref[u])))
                u = int(best_ref[u])
            while best_citer[v] >= 0 and (int(best_citer[v]), v) not in path_edges:
                path_edges.add((int(best_citer[v]), v))
                v = int(best_citer[v])
        for a, b in path_edges:
            on_path[a] = on_path[b] = True
    # back to papers: DAG node of paper i is inv[labels[i]] in sorted order
    pos = inv[labels]
    nodes = pd.DataFrame({"spc": node_spc[pos], "on_main_path": on_path[pos]}, index=m.ids)
    rep = _representatives(labels, k)
    edges = [(m.ids[rep[perm[a]]], m.ids[rep[perm[b]]]) for a, b in sorted(path_edges)]
    return MainPath(nodes, edges)


def _representatives(labels: np.ndarray, k: int) -> np.ndarray:
    """One paper per condensed node (the first in row order)."""
    rep = np.full(k, -1, dtype=np.int64)
    idx = np.arange(len(labels))[::-1]
    rep[labels[idx]] = idx
    return rep


def spc_python(
    edges: Iterable[tuple[str, str]], exact: bool = True
) -> dict[tuple[str, str], int | float]:
    """SPC of every (citing, cited) link of a DAG by two plain-Python sweeps over a topological
    order (Batagelj 2003); exact ints by default, floats with ``exact=False``. Tests, benchmarks.
    """
    edges = list(edges)
    refs: dict[str, list[str]] = {}
    cits: dict[str, list[str]] = {}
    for a, c in edges:
        refs.setdefault(a, []).append(c)
        cits.setdefault(c, []).append(a)
        refs.setdefault(c, [])
        cits.setdefault(a, [])
    # Kahn's order: a paper after all it cites
    left = {v: len(r) for v, r in refs.items()}
    order = [v for v, k in left.items() if k == 0]
    for v in order:
        for w in cits[v]:
            left[w] -= 1
            if left[w] == 0:
                order.append(w)
    one = 1 if exact else 1.0
    n_in: dict[str, int | float] = {}
    for v in order:  # paths from sources (papers citing nothing) to v
        n_in[v] = sum(n_in[u] for u in refs[v]) if refs[v] else one
    n_out: dict[str, int | float] = {}
    for v in reversed(order):  # paths from v to sinks (papers nobody cites)
        n_out[v] = sum(n_out[w] for w in cits[v]) if cits[v] else one
    return {(a, c): n_in[c] * n_out[a] for a, c in edges}
