"""Citation counts: inside the map, per year, and the age-rescaled R(c) (the global S2 count is
the papers frame's ``citationCount``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.errors import AnalysisError


def in_map_citations(graph: CitationMatrix | tuple) -> pd.Series:
    """Citations each paper receives from other papers of the map (in-degree).

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)

    Returns
    -------
    pandas.Series of int, indexed by paperId.

    Notes
    -----
    Strongly biased toward old papers, which had more time to be cited; see
    :func:`rescaled_citations` for the age-balanced variant.
    """
    m = as_matrix(graph)
    return m.series(m.in_degree, "in_map_citations")


def citations_per_year(graph: CitationMatrix | tuple, now: float | None = None) -> pd.Series:
    """In-map citations divided by the years since publication (``now - year + 1``).

    ``now`` defaults to the latest year in the map; NaN for papers without a year.
    """
    m = as_matrix(graph)
    if now is None:
        now = np.nanmax(m.year) if np.isfinite(m.year).any() else np.nan
    age = np.maximum(1.0, now - m.year + 1.0)
    return m.series(m.in_degree / age, "citations_per_year")


def rescale_by_age(
    values: np.ndarray, time: np.ndarray, window: int | None = None, method: str = "window"
) -> np.ndarray:
    """z-score each value against papers published around the same time.

    ``method="window"`` (Mariani, Medo & Zhang 2016): sort papers by publication time and compare
    each with the ``window`` papers closest in that order (default ``max(50, n // 20)``, capped at
    n; the window slides to stay inside the data at both ends). ``method="year"``: compare with the
    papers of the same year, pooling the two neighbouring years when a year has fewer than 30.
    Papers without a time are compared with all papers. A zero spread gives 0.
    """
    values = np.asarray(values, dtype=float)
    time = np.asarray(time, dtype=float)
    n = len(values)
    out = np.zeros(n)
    known = np.isfinite(time)
    if (~known).any():
        sd = values.std()
        out[~known] = (values[~known] - values.mean()) / sd if sd > 0 else 0.0
    idx = np.flatnonzero(known)
    if len(idx) == 0:
        return out
    if method == "year":
        return _rescale_by_year(values, time, idx, out)
    if method != "window":
        raise AnalysisError(f"unknown rescaling method {method!r} (use 'window' or 'year')")
    order = idx[np.argsort(time[idx], kind="stable")]
    x = values[order]
    k = len(x)
    w = min(k, max(50, n // 20) if window is None else int(window))
    w = max(w, 1)
    start = np.clip(np.arange(k) - w // 2, 0, k - w)
    c1 = np.concatenate(([0.0], np.cumsum(x)))
    c2 = np.concatenate(([0.0], np.cumsum(x * x)))
    mean = (c1[start + w] - c1[start]) / w
    var = np.maximum((c2[start + w] - c2[start]) / w - mean * mean, 0.0)
    sd = np.sqrt(var)
    z = np.divide(x - mean, sd, out=np.zeros(k), where=sd > 1e-12 * np.maximum(1.0, np.abs(mean)))
    out[order] = z
    return out


def _rescale_by_year(values: np.ndarray, time: np.ndarray, idx: np.ndarray, out: np.ndarray):
    years = np.floor(time[idx])
    frame = pd.DataFrame({"v": values[idx], "y": years})
    stats = frame.groupby("y")["v"].agg(["count", "sum"])
    stats["sq"] = frame.assign(v2=frame["v"] ** 2).groupby("y")["v2"].sum()
    small = stats["count"] < 30
    if small.any():  # pool the neighbouring years for thin years
        rolled = stats[["count", "sum", "sq"]].reindex(
            np.arange(stats.index.min() - 1, stats.index.max() + 2), fill_value=0
        )
        pooled = rolled.rolling(3, center=True, min_periods=1).sum().reindex(stats.index)
        stats.loc[small, ["count", "sum", "sq"]] = pooled.loc[small]
    mean = stats["sum"] / stats["count"]
    sd = np.sqrt(np.maximum(stats["sq"] / stats["count"] - mean**2, 0.0))
    mu = mean.reindex(years).to_numpy()
    s = sd.reindex(years).to_numpy()
    out[idx] = np.divide(values[idx] - mu, s, out=np.zeros(len(idx)), where=s > 1e-12)
    return out


def rescaled_citations(
    graph: CitationMatrix | tuple, window: int | None = None, method: str = "window"
) -> pd.Series:
    """Age-rescaled in-map citation count R(c), a z-score against papers of the same age.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    window : int, optional
        Papers in the comparison window, default ``max(50, n // 20)``.
    method : {"window", "year"}
        Sliding window in publication order, or same-year z-score.

    References
    ----------
    Mariani, M. S., Medo, M. & Zhang, Y.-C. (2016). Identification of milestone papers through
    time-balanced network centrality. Journal of Informetrics 10(4), 1207-1223.
    """
    m = as_matrix(graph)
    return m.series(
        rescale_by_age(m.in_degree.astype(float), m.pub_time, window, method), "rescaled_citations"
    )
