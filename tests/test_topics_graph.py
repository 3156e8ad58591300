"""The clustering graph of ``topics.clusters``: each paper's strongest coupling ties (issue 19)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.analysis.matrix import citation_matrix
from mentalmap.analysis.topics import _graph, coupling_neighbours, strongest_ties


def _similarity(values: list[list[float]]) -> sp.csr_matrix:
    return sp.csr_matrix(np.array(values, dtype=float))


def test_strongest_ties_keep_each_rows_k_best_and_either_ends_choice() -> None:
    sim = _similarity(
        [
            [0, 0.9, 0.5, 0.1],
            [0.9, 0, 0.2, 0.3],
            [0.5, 0.2, 0, 0.05],
            [0.1, 0.3, 0.05, 0],
        ]
    )
    kept = strongest_ties(sim, 1).toarray()
    # 0 and 1 choose each other, 2 chooses 0, 3 chooses 1: those ties, both ways, nothing else
    expected = np.zeros((4, 4))
    for i, j in ((0, 1), (2, 0), (3, 1)):
        expected[i, j] = expected[j, i] = sim[i, j]
    np.testing.assert_array_equal(kept, expected)


def test_strongest_ties_keep_every_tie_equal_to_the_kth() -> None:
    sim = _similarity([[0, 0.4, 0.4, 0.4], [0.4, 0, 0, 0], [0.4, 0, 0, 0], [0.4, 0, 0, 0]])
    kept = strongest_ties(sim, 1)
    assert kept.nnz == sim.nnz  # row 0's three equal ties all stay: no paper-order arbitrariness


def test_strongest_ties_do_not_depend_on_paper_order() -> None:
    rng = np.random.default_rng(3)
    dense = np.round(rng.random((30, 30)), 1) * (rng.random((30, 30)) < 0.5)
    dense = np.triu(dense, 1) + np.triu(dense, 1).T
    order = rng.permutation(30)
    kept = strongest_ties(sp.csr_matrix(dense), 3).toarray()
    permuted = strongest_ties(sp.csr_matrix(dense[np.ix_(order, order)]), 3).toarray()
    np.testing.assert_array_equal(permuted, kept[np.ix_(order, order)])


def test_coupling_neighbours_grow_with_the_log_of_the_map() -> None:
    assert coupling_neighbours(2_000) == 8  # ceil(ln 2000)
    assert coupling_neighbours(1) == 1
    assert coupling_neighbours(5_000) == 9


def test_graph_adds_only_the_strongest_coupling_to_the_citations() -> None:
    # 0..9 each cite hub 10 and one of 11..13: every pair of 0..9 is coupled through the hub,
    # pairs citing the same second paper more strongly
    edges = [(f"p{i}", "p10") for i in range(10)] + [(f"p{i}", f"p{11 + i % 3}") for i in range(10)]
    ids = [f"p{i}" for i in range(14)]
    papers = pd.DataFrame({"paperId": ids, "year": 2020}).set_index("paperId")
    m = citation_matrix(papers, pd.DataFrame(edges, columns=["citing", "cited"]))
    graph = _graph(m, coupling=True).toarray()
    k = coupling_neighbours(m.n)
    citation = ((m.A + m.AT).toarray() > 0).astype(float)
    coupling = graph[:10, :10] - citation[:10, :10]
    assert np.allclose(coupling, coupling.T)
    assert (coupling > 0).sum(axis=1).min() >= min(k, 9)
    same_second = np.array([[i != j and i % 3 == j % 3 for j in range(10)] for i in range(10)])
    assert np.allclose(coupling[same_second], 0.5)  # cosine 2 / sqrt(2 * 2), weight 0.5
    assert (coupling[~same_second & ~np.eye(10, dtype=bool)] <= 0.25).all()
