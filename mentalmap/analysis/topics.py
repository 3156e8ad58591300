"""Sub-topic clusters (Leiden, modularity, fixed seed) labelled by their distinctive title words."""

from __future__ import annotations

import math
import random
import re
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.analysis.igraph_import import import_igraph
from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.vocabulary import LABEL_STOPWORDS

ig = import_igraph()

#: Coupling edges (shared references) are added when the map has at most this many papers.
COUPLING_MAX_PAPERS = 5_000
#: Leiden runs to convergence up to this many papers; above, a fixed :data:`LEIDEN_ITERATIONS`
#: (benchmarks/analysis_speed.py prints the modularity lost against convergence).
CONVERGE_MAX_PAPERS = 20_000
LEIDEN_ITERATIONS = 2
#: Larger maps run Leiden on this many best-connected papers and label the rest by their
#: neighbours' clusters (two rounds of a sparse majority vote).
CORE_MAX_PAPERS = 100_000

#: A title word: starts with a letter (any script: "Über" stays whole), 3+ characters.
_WORD = re.compile(r"[^\W\d_][\w\-]{2,}")


def _graph(m: CitationMatrix, coupling: bool) -> sp.csr_matrix:
    sym = (m.A + m.AT).tocsr()
    sym.data[:] = 1.0
    if coupling and m.n <= COUPLING_MAX_PAPERS and m.n_edges:
        # shared references, cosine-normalised (at most 1, so never more than a citation)
        bc = (m.A @ m.AT).tocsr()
        rows = np.repeat(np.arange(m.n), np.diff(bc.indptr))
        inv = 1 / np.sqrt(np.maximum(m.out_degree, 1).astype(float))
        bc.data *= inv[rows] * inv[bc.indices]
        bc.data[rows == bc.indices] = 0.0  # a paper's coupling with itself
        bc.eliminate_zeros()
        sym = (sym + 0.5 * strongest_ties(bc, coupling_neighbours(m.n))).tocsr()
    return sym


def coupling_neighbours(n: int) -> int:
    """Coupling ties kept per paper: ``ceil(ln n)``, the order a k-nearest-neighbour graph needs
    to be connected (von Luxburg 2007, section 8.1, after Brito et al. 1997)."""
    return max(1, math.ceil(math.log(max(n, 2))))


def strongest_ties(sim: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """The symmetric k-nearest-neighbour graph of a similarity matrix: a tie is kept when it is
    among the ``k`` strongest of either end (all ties equal to the k-th strongest included, so
    the result does not depend on the order of the papers).

    Coupling between 2,000 papers is nearly dense (563k ties in a crawl, 14 times its citations);
    the strongest few carry the clusters and Leiden's cost grows with the rest.

    References
    ----------
    von Luxburg, U. (2007). A tutorial on spectral clustering. Statistics and Computing 17,
    395-416 (section 8.1: the symmetric kNN graph, k of the order of log n).
    """
    sim = sim.tocsr()
    lens = np.diff(sim.indptr)
    cut = np.zeros(sim.shape[0])
    for i in np.flatnonzero(lens > k):  # one partial sort per long row (n <= 5,000 rows)
        row = sim.data[sim.indptr[i] : sim.indptr[i + 1]]
        cut[i] = np.partition(row, len(row) - k)[len(row) - k]
    kept = sim.copy()
    kept.data[kept.data < np.repeat(cut, lens)] = 0.0
    kept.eliminate_zeros()
    return kept.maximum(kept.T).tocsr()


def clusters(
    graph: CitationMatrix | tuple,
    titles: pd.Series | None = None,
    resolution: float = 1.0,
    seed: int = 0,
    min_size: int | None = None,
    coupling: bool = True,
) -> pd.DataFrame:
    """Sub-topics of the map: Leiden communities of the symmetrised citation (+ coupling) graph.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    titles : pandas.Series, optional
        Titles by paperId, for the labels; without them labels are "topic k".
    resolution : float
        Modularity resolution (higher, more and smaller clusters).
    seed : int
        Seed of igraph's random generator, so the same map gives the same clusters.
    min_size : int, optional
        Clusters smaller than this become cluster -1 ("other"); default ``max(3, n // 200)``.
    coupling : bool
        Add cosine-normalised bibliographic coupling edges, each paper's ``ceil(ln n)``
        strongest (:func:`strongest_ties`; maps up to 5,000 papers).

    Returns
    -------
    pandas.DataFrame with ``cluster`` (0 = largest, -1 = unclustered) and ``cluster_label``.

    References
    ----------
    Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
    well-connected communities. Scientific Reports 9, 5233.
    """
    m = as_matrix(graph)
    sym = _graph(m, coupling)
    core = None
    if m.n > CORE_MAX_PAPERS:
        degree = np.diff(sym.indptr)
        core = np.sort(np.argsort(-degree, kind="stable")[:CORE_MAX_PAPERS])
        sub = sym[core][:, core]
    else:
        sub = sym
    part = _leiden(sub, resolution, seed)
    membership = np.asarray(part, dtype=np.int64)
    if core is not None:
        membership = _spread_labels(sym, core, membership)
    sizes = np.bincount(membership[membership >= 0]) if (membership >= 0).any() else np.zeros(1)
    limit = max(3, m.n // 200) if min_size is None else min_size
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[order] = np.arange(len(sizes))
    safe = np.maximum(membership, 0)
    cluster = np.where((membership >= 0) & (sizes[safe] >= limit), rank[safe], -1)
    labels = cluster_labels(pd.Series(cluster, index=m.ids), titles)
    return pd.DataFrame(
        {"cluster": cluster, "cluster_label": labels.reindex(cluster).to_numpy()}, index=m.ids
    )


def leiden_iterations(n: int) -> int:
    """Leiden iterations for a graph of ``n`` papers: -1 (to convergence) on crawl-sized maps."""
    return -1 if n <= CONVERGE_MAX_PAPERS else LEIDEN_ITERATIONS


def _leiden(
    sym: sp.csr_matrix, resolution: float, seed: int, iterations: int | None = None
) -> list[int]:
    g, weights = _igraph(sym)
    previous = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        part = g.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=resolution,
            n_iterations=leiden_iterations(sym.shape[0]) if iterations is None else iterations,
        )
    finally:
        ig.set_random_number_generator(random)
        random.setstate(previous)
    return part.membership


def _igraph(sym: sp.csr_matrix) -> tuple[Any, list[float]]:  # an igraph.Graph
    upper = sp.triu(sym, k=1).tocoo()
    g = ig.Graph(n=sym.shape[0], directed=False)
    # an edge array, not Python tuples; through add_edges, as the constructor's memoryview
    # conversion of it cost 0.01-0.05 CPU-s (GC passes) on a 2,000-paper map, add_edges 0.009
    g.add_edges(np.column_stack([upper.row, upper.col]))
    return g, upper.data.tolist()


def modularity(sym: sp.csr_matrix, membership: list[int]) -> float:
    """Weighted modularity of a partition of the symmetric graph (to compare Leiden runs)."""
    g, weights = _igraph(sym)
    return float(g.modularity(membership, weights=weights))


def _spread_labels(sym: sp.csr_matrix, core: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cluster of every paper: the core's Leiden label, else its neighbours' most common one."""
    n = sym.shape[0]
    out = np.full(n, -1, dtype=np.int64)
    out[core] = labels
    k = int(labels.max()) + 1
    for _ in range(2):
        known = np.flatnonzero(out >= 0)
        onehot = sp.csr_matrix((np.ones(len(known)), (known, out[known])), shape=(n, k))
        todo = np.flatnonzero(out < 0)
        if len(todo) == 0:
            break
        votes = (sym[todo] @ onehot).tocsr()
        has = np.diff(votes.indptr) > 0
        out[todo[has]] = _row_argmax(votes)[has]
    return out


def _row_argmax(mat: sp.csr_matrix) -> np.ndarray:
    """Column of each row's largest stored value, the lowest such column on ties: what
    ``mat.argmax(axis=1)`` gives for positive values (it sorts the indices first), without its
    Python loop over a million rows; -1 for an empty row."""
    lens = np.diff(mat.indptr)
    best = np.full(len(lens), -1, dtype=np.int64)
    has = lens > 0
    if not has.any():
        return best
    starts = mat.indptr[:-1][has]
    top = np.maximum.reduceat(mat.data, starts)
    hit = mat.data == np.repeat(top, lens[has])
    column = np.where(hit, mat.indices, mat.shape[1])
    best[has] = np.minimum.reduceat(column, starts)
    return best


def cluster_labels(cluster: pd.Series, titles: pd.Series | None, terms: int = 3) -> pd.Series:
    """Label of each cluster: its ``terms`` title words with the highest tf-idf.

    A cluster is one document (all its titles); tf = the word's share of the cluster's words,
    idf = ``log(K / clusters using the word)``, so words every cluster uses score 0.
    """
    ids = sorted(int(c) for c in cluster.unique())
    default = pd.Series({c: ("other" if c < 0 else f"topic {c}") for c in ids}, dtype=object)
    if titles is None:
        return default
    frame = pd.DataFrame(
        {"cluster": cluster.to_numpy(), "title": titles.reindex(cluster.index).to_numpy()}
    )
    frame = frame[frame["cluster"] >= 0].dropna()
    if frame.empty:
        return default
    words = frame["title"].astype(str).str.lower().str.findall(_WORD)
    tokens = pd.DataFrame({"cluster": frame["cluster"].to_numpy(), "word": words.to_numpy()})
    tokens = tokens.explode("word").dropna()
    tokens = tokens[~tokens["word"].isin(LABEL_STOPWORDS)]
    if tokens.empty:
        return default
    tf = tokens.groupby(["cluster", "word"]).size().rename("count").reset_index()
    tf["tf"] = tf["count"] / tf.groupby("cluster")["count"].transform("sum")
    k = tf["cluster"].nunique()
    df = tf.groupby("word")["cluster"].transform("nunique")
    tf["score"] = tf["tf"] * np.log((1 + k) / df)
    tf = tf.sort_values(["cluster", "score", "count", "word"], ascending=[True, False, False, True])
    top = tf.groupby("cluster").head(terms).groupby("cluster")["word"].agg(", ".join)
    out = default.copy()
    out.loc[top.index] = top.to_numpy()
    return out
