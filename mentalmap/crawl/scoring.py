"""Which candidates a crawl adds next: the ones most tied to the seeds, not the most famous.

The score is the analysis's own relevance (:mod:`mentalmap.analysis.relevance`: personalised
PageRank from the seeds over sqrt(degree), Haveliwala 2002) on the graph known so far, the map
plus the candidates its lists name. So a candidate cited by the papers that cite the seeds
(co-citation) or citing what they cite (bibliographic coupling) outranks one that merely has
many citations, and the crawl and the analysis agree on what "the sub-area" is. Exact ties
(every neighbour of a lone seed) go to S2's citation count, then to the paperId.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp


def rank_candidates(
    seeds: Sequence[str],
    edges: Iterable[tuple[str, str]],
    pool: Sequence[str],
    citations: dict[str, int | None],
) -> list[str]:
    """``pool`` ordered most relevant first (see the module docstring)."""
    from mentalmap.analysis.relevance import relevance_scores  # numpy work only when growing

    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for citing, cited in edges:
        rows.append(index.setdefault(citing, len(index)))
        cols.append(index.setdefault(cited, len(index)))
    for pid in (*seeds, *pool):
        index.setdefault(pid, len(index))
    n = len(index)
    adjacency = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    positions = np.array([index[s] for s in seeds], dtype=np.int64)
    score = relevance_scores(adjacency, positions) if n else np.zeros(0)
    return sorted(
        pool, key=lambda p: (-round(float(score[index[p]]), 12), -(citations.get(p) or 0), p)
    )
