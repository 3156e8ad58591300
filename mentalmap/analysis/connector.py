"""The papers between two papers: short citation paths in the map (Inciteful's connector).

Citations are taken in both directions (a cites x, x cites b, and x cites both all connect), so
a paper lies between ``a`` and ``b`` when it sits on a short undirected path. One breadth-first
search from each end gives every paper's distance to both and the number of shortest paths to
each; a paper lies on a shortest path exactly when its two distances add up to the shortest
distance, and the paths through it are the product of its two path counts.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.errors import AnalysisError

#: Longer paths than this tie almost any two papers of a map: they say nothing.
MAX_LENGTH = 4
CONNECTOR_COLUMNS = ("paperId", "from_a", "to_b", "paths")


@dataclass(frozen=True)
class Connection:
    """How two papers are tied: the shortest distance, one shortest path, the papers between.

    ``path`` lists paperIds from a to b with, between each pair, ``"cites"`` or ``"cited by"``
    read left to right. ``papers``: :data:`CONNECTOR_COLUMNS`, the papers (ends excluded) on
    paths of length ``<= length + slack``; ``paths`` is the number of shortest paths through
    the paper (0 for papers only on the longer ones).
    """

    length: int | None
    shortest_paths: int
    path: tuple[str, ...]
    papers: pd.DataFrame


def connect_papers(
    graph: CitationMatrix | tuple[pd.DataFrame, pd.DataFrame],
    a: str,
    b: str,
    *,
    max_length: int = MAX_LENGTH,
    slack: int = 0,
) -> Connection:
    """The papers on short citation paths between ``a`` and ``b``.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    a, b : str
        PaperIds of the map.
    max_length : int
        Longest path looked at, in citations.
    slack : int
        Also keep papers on walks up to ``slack`` citations longer than the shortest (their
        distances to ``a`` and ``b`` add up to at most ``length + slack``, within
        ``max_length``).

    Returns
    -------
    Connection
        ``length`` None (and no papers) when no path of at most ``max_length`` exists.

    Examples
    --------
    >>> ids = pd.Index(list("abxy"), name="paperId")
    >>> papers = pd.DataFrame({"year": [2000, 2001, 2002, 2003]}, index=ids)
    >>> edges = pd.DataFrame({"citing": ["x", "x", "y"], "cited": ["a", "b", "x"]})
    >>> found = connect_papers((papers, edges), "a", "b")
    >>> found.length, found.path, found.papers["paperId"].tolist()
    (2, ('a', 'cited by', 'x', 'cites', 'b'), ['x'])
    """
    m = as_matrix(graph)
    ends = m.ids.get_indexer([a, b])
    for raw, pos in zip((a, b), ends, strict=True):
        if pos < 0:
            raise AnalysisError(f"paper {raw!r} is not in the map")
    if ends[0] == ends[1]:
        raise AnalysisError("give two different papers")
    neighbours = _neighbours(m)
    dist_a, count_a, parent_a = _bfs(neighbours, int(ends[0]), max_length)
    dist_b, count_b, _ = _bfs(neighbours, int(ends[1]), max_length)
    length = dist_a.get(int(ends[1]))
    empty = pd.DataFrame(columns=list(CONNECTOR_COLUMNS))
    if length is None:
        return Connection(None, 0, (), empty)
    limit = min(length + slack, max_length)
    rows = []
    for node, da in dist_a.items():
        db = dist_b.get(node)
        if db is None or node in ends or da + db > limit:
            continue
        through = count_a[node] * count_b[node] if da + db == length else 0
        rows.append((m.ids[node], da, db, through))
    papers = pd.DataFrame(rows, columns=list(CONNECTOR_COLUMNS))
    papers = papers.sort_values(
        ["paths", "from_a", "paperId"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    path = _one_path(m, parent_a, int(ends[1]))
    return Connection(length, count_a[int(ends[1])], path, papers)


def _neighbours(m: CitationMatrix) -> list[np.ndarray]:
    both = (m.A + m.AT).tocsr()
    return [both.indices[both.indptr[i] : both.indptr[i + 1]] for i in range(m.n)]


def _bfs(
    neighbours: list[np.ndarray], start: int, depth: int
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Distances, shortest-path counts and one parent per node, up to ``depth`` steps."""
    dist, count, parent = {start: 0}, {start: 1}, {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if dist[node] >= depth:
            continue
        for nxt in neighbours[node].tolist():
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                count[nxt] = count[node]
                parent[nxt] = node
                queue.append(nxt)
            elif dist[nxt] == dist[node] + 1:
                count[nxt] += count[node]
    return dist, count, parent


def _one_path(m: CitationMatrix, parent: dict[int, int], end: int) -> tuple[str, ...]:
    nodes = [end]
    while nodes[-1] in parent:
        nodes.append(parent[nodes[-1]])
    nodes.reverse()
    out: list[str] = [m.ids[nodes[0]]]
    for u, v in zip(nodes, nodes[1:], strict=False):
        row = m.A.indices[m.A.indptr[u] : m.A.indptr[u + 1]]
        out += ["cites" if v in row else "cited by", m.ids[v]]
    return tuple(out)
