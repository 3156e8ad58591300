"""Prior and derivative works (Connected Papers' terms) and co-citation / coupling to the seeds."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.errors import AnalysisError


def prior_score(graph: CitationMatrix | tuple) -> pd.Series:
    """Share of the map's citing papers (those with in-map references) that cite this paper.

    High for the foundations every paper of the area builds on ("cited by 71% of the map").

    References
    ----------
    Connected Papers, "prior works": the papers most commonly cited by the papers in the graph.
    """
    m = as_matrix(graph)
    citing = max(int((m.out_degree > 0).sum()), 1)
    return m.series(m.in_degree / citing, "prior_score")


def derivative_score(graph: CitationMatrix | tuple) -> pd.Series:
    """Share of the map's cited papers that this paper cites: high for surveys and follow-ups.

    References
    ----------
    Connected Papers, "derivative works": the papers that cited many of the papers in the graph.
    """
    m = as_matrix(graph)
    cited = max(int((m.in_degree > 0).sum()), 1)
    return m.series(m.out_degree / cited, "derivative_score")


def seed_mask(m: CitationMatrix, seeds: Iterable[str] | None) -> np.ndarray:
    """Boolean mask of the seeds (default the ``isSeed`` column); unknown seeds are an error."""
    if seeds is None:
        return m.is_seed
    seeds = list(seeds)
    pos = m.ids.get_indexer(pd.Index(seeds, dtype=object))
    if (pos < 0).any():
        missing = [s for s, p in zip(seeds, pos, strict=True) if p < 0]
        raise AnalysisError(f"seed(s) not in the map: {', '.join(map(str, missing[:5]))}")
    mask = np.zeros(m.n, dtype=bool)
    mask[pos] = True
    return mask


def cocitation_with_seeds(
    graph: CitationMatrix | tuple, seeds: Iterable[str] | None = None
) -> pd.Series:
    """Co-citation strength to the seeds: ``sum_s cc(a, s)``, papers citing both a and a seed.

    ``cc = A^T A`` (Small 1973) is never formed: one mat-vec counts, for each citing paper, the
    seeds it cites, and a second spreads that count to what it cites. A seed's co-citation with
    itself is left out. Seeds default to ``isSeed``.

    References
    ----------
    Small, H. (1973). Co-citation in the scientific literature. JASIS 24(4), 265-269.
    """
    m = as_matrix(graph)
    s = seed_mask(m, seeds).astype(float)
    per_citer = m.A @ s  # seeds cited by each paper
    total = m.AT @ per_citer
    total -= s * m.in_degree  # pairs (a, a) for a seed a
    return m.series(total, "cocitation_seeds")


def coupling_with_seeds(
    graph: CitationMatrix | tuple, seeds: Iterable[str] | None = None
) -> pd.Series:
    """Bibliographic coupling to the seeds: ``sum_s |refs(a) & refs(s)|`` (self excluded).

    References
    ----------
    Kessler, M. M. (1963). Bibliographic coupling between scientific papers. American
    Documentation 14(1), 10-25.
    """
    m = as_matrix(graph)
    s = seed_mask(m, seeds).astype(float)
    seed_refs = m.AT @ s  # for each paper: how many seeds cite it
    total = m.A @ seed_refs
    total -= s * m.out_degree
    return m.series(total, "coupling_seeds")
