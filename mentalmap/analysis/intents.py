"""How a paper is cited: share of influential citations and of methodology citations (S2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix


def _incoming_share(m: CitationMatrix, flag: np.ndarray | None, name: str) -> pd.Series:
    """Per cited paper: mean of ``flag`` over its incoming edges where the flag is known."""
    if flag is None:
        return m.series(np.full(m.n, np.nan), name)
    known = np.isfinite(flag)
    cited = m.A.indices
    n_known = np.bincount(cited[known], minlength=m.n)
    n_yes = np.bincount(cited[known], weights=flag[known], minlength=m.n)
    share = np.divide(n_yes, n_known, out=np.full(m.n, np.nan), where=n_known > 0)
    return m.series(share, name)


def influential_share(graph: CitationMatrix | tuple) -> pd.Series:
    """Share of a paper's in-map citations that S2 marks ``isInfluential`` (NaN if none known).

    Unknown flags (no full text) are left out, not counted as "not influential".

    References
    ----------
    Valenzuela, M., Ha, V. & Etzioni, O. (2015). Identifying meaningful citations. AAAI Workshop
    on Scholarly Big Data.
    """
    m = as_matrix(graph)
    return _incoming_share(m, m.influential, "influential_share")


def methodology_share(graph: CitationMatrix | tuple) -> pd.Series:
    """Share of a paper's in-map citations whose S2 intents include ``methodology``.

    High for techniques that others use or extend; NaN when no citing edge has intents.

    References
    ----------
    Cohan, A., Ammar, W., van Zuylen, M. & Cady, F. (2019). Structural scaffolds for citation
    intent classification in scientific publications. NAACL 2019.
    """
    m = as_matrix(graph)
    return _incoming_share(m, m.methodology, "methodology_share")
