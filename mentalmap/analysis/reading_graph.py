"""The citations among a map's papers as the reading plan walks them, and the reading order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from mentalmap.analysis.reading_sections import SECTION_ORDER, SURVEYS


@dataclass(frozen=True)
class CitationLinks:
    """Who cites whom among the map's papers, lineage parents counted as references: the
    plan's "backward" (ancestors, references) and "forward" (citers) walks."""

    ids: pd.Index
    refs: sp.csr_matrix  # refs[i, j]: i cites j (or j is i's lineage parent)

    def ancestors(self, pids: list[str]) -> set[str]:
        pos = self.ids.get_indexer(pids)
        out: set[int] = set()
        for p in pos[pos >= 0]:
            out.update(
                breadth_first_order(self.refs, int(p), directed=True, return_predecessors=False)[1:]
            )
        return {self.ids[i] for i in out}

    def references(self, pid: str) -> list[str]:
        row = self.refs.getrow(self.ids.get_loc(pid))
        return [self.ids[j] for j in row.indices]

    def citers(self, pid: str) -> list[str]:
        col = self.refs.getcol(self.ids.get_loc(pid)).tocoo()
        return [self.ids[i] for i in col.row]

    def cites(self, a: str, b: str) -> bool:
        i, j = self.ids.get_loc(a), self.ids.get_loc(b)
        return bool(self.refs[i, j])


def citation_links(t: pd.DataFrame, edges: pd.DataFrame | None) -> CitationLinks:
    """The links of the prepared table ``t``: in-map citations plus each paper's lineage parent
    (a tweak builds on its parent even when the map lacks the citation)."""
    ids = pd.Index(t.index)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    if edges is not None and len(edges):
        i, j = ids.get_indexer(edges["citing"]), ids.get_indexer(edges["cited"])
        ok = (i >= 0) & (j >= 0) & (i != j)
        rows.append(i[ok])
        cols.append(j[ok])
    parent = t["parent"]
    i = np.arange(len(ids))[parent.notna().to_numpy()]
    j = ids.get_indexer(parent.dropna())
    rows.append(i[j >= 0])
    cols.append(j[j >= 0])
    r, c = np.concatenate(rows), np.concatenate(cols)
    refs = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(ids), len(ids)))
    refs.data[:] = 1.0
    return CitationLinks(ids, refs)


def reading_order(
    t: pd.DataFrame, graph: CitationLinks, chosen: dict[str, str]
) -> list[tuple[str, str]]:
    """Surveys first, then a topological order of the rest: references and parents first.

    Papers that cite each other in a cycle (mutual citations of same-year papers, and S2 data
    has them) are one unit: the order is taken over the condensation (strongly connected
    components), so every paper still comes after what it cites outside its unit, and a unit's
    papers are read one after the other. Among units whose in-list references are all placed,
    the earliest block (foundations, techniques, tweaks, recent work) comes first, then the
    earliest year, then merit, then paperId (deterministic); inside a unit, the same key.
    """
    block = {s: i for i, s in enumerate(SECTION_ORDER)}
    surveys = [p for p, s in chosen.items() if s == SURVEYS]
    rest = sorted(p for p, s in chosen.items() if s != SURVEYS)
    years = pd.to_numeric(t["year"], errors="coerce").fillna(9999)

    def key(p: str) -> tuple:
        return (block[chosen[p]], years[p], -float(t.at[p, "merit"]), p)

    pos = graph.ids.get_indexer(rest)
    sub = graph.refs[pos][:, pos]  # sub[i, j]: rest[i] cites rest[j]
    n_units, unit = (
        connected_components(sub, directed=True, connection="strong") if rest else (0, [])
    )
    members: list[list[str]] = [[] for _ in range(n_units)]
    for p, u in zip(rest, unit):
        members[u].append(p)
    for m in members:
        m.sort(key=key)
    rows, cols = sub.nonzero()
    needs: list[set[int]] = [set() for _ in range(n_units)]
    for i, j in zip(rows, cols):
        if unit[i] != unit[j]:
            needs[unit[i]].add(int(unit[j]))
    placed: list[str] = []
    left = set(range(n_units))
    while left:  # the condensation is acyclic: some unit is always ready
        nxt = min((u for u in left if not needs[u] & left), key=lambda u: key(members[u][0]))
        placed += members[nxt]
        left.remove(nxt)
    surveys.sort(key=lambda p: (not t.at[p, "is_seed"], -float(t.at[p, "merit"]), p))
    return [(p, SURVEYS) for p in surveys] + [(p, chosen[p]) for p in placed]
