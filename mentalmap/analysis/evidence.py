"""Map-relative tests the role rules use instead of fixed quotas (sources in docs/methods.md).

Each test compares a paper with the map it sits in, so the same rule adapts to a map's size,
age span and density: an outlier test for long reference lists, a binomial test for "cited
for its method / across sub-topics more often than the map's papers are", and head/tail breaks
for "among the few most cited" in a heavy-tailed distribution.
"""

from __future__ import annotations

import numpy as np

#: Iglewicz & Hoaglin (1993): |modified z| > 3.5 marks an outlier.
OUTLIER_Z = 3.5
#: One-sided 5% level of a normal test.
SIGNIFICANT_Z = 1.645
#: A paper's citers are tested for an edge flag (methodology intent, isInfluential) only when
#: the flag is known on at least this share of them: a crawl reads flags only where it pages a
#: citation list (the edge-details pass, the seeds), so most papers have none, and a share from
#: a few known edges says little.
MIN_FLAG_COVERAGE = 0.5


def flag_tested(flag: np.ndarray | None, cited: np.ndarray, n: int) -> np.ndarray:
    """Papers whose citations carry ``flag`` (1 / 0 / NaN per edge) on most of them."""
    if flag is None or len(flag) == 0:
        return np.zeros(n, dtype=bool)
    known = np.bincount(cited, weights=np.isfinite(flag), minlength=n)
    total = np.bincount(cited, minlength=n)
    return (total > 0) & (known >= MIN_FLAG_COVERAGE * np.maximum(total, 1))


def usable_flag(flag: np.ndarray | None, cited: np.ndarray, head: np.ndarray) -> np.ndarray | None:
    """``flag`` when it is known on most citations of the map's most cited papers (``head``),
    else None: its base rate must describe the papers it is tested on, not a page or two."""
    if flag is None or len(flag) == 0:
        return None
    into_head = head[cited]
    if not into_head.any() or np.isfinite(flag[into_head]).mean() < MIN_FLAG_COVERAGE:
        return None
    return flag


def modified_z(x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Robust z-score 0.6745 (x - median) / MAD, median and MAD over ``mask`` (finite x).

    Iglewicz, B. & Hoaglin, D. C. (1993). How to Detect and Handle Outliers. ASQC.
    A MAD of 0 (half the values equal) falls back to the mean absolute deviation (x 1.2533).
    """
    x = np.asarray(x, dtype=float)
    pool = np.isfinite(x) if mask is None else (np.asarray(mask, bool) & np.isfinite(x))
    if not pool.any():
        return np.zeros(len(x))
    med = float(np.median(x[pool]))
    mad = float(np.median(np.abs(x[pool] - med)))
    if mad > 0:
        return np.nan_to_num(0.6745 * (x - med) / mad)
    mean_ad = float(np.mean(np.abs(x[pool] - med)))
    return np.nan_to_num((x - med) / (1.2533 * mean_ad)) if mean_ad > 0 else np.zeros(len(x))


def binomial_z(hits: np.ndarray, trials: np.ndarray, p0: float | np.ndarray) -> np.ndarray:
    """Normal-approximation z of ``hits`` out of ``trials`` against a base rate ``p0`` (one
    for all, or one per value).

    0 where there are no trials or the base rate is degenerate: no evidence either way.
    """
    hits = np.asarray(hits, dtype=float)
    trials = np.asarray(trials, dtype=float)
    p = np.broadcast_to(np.asarray(p0, dtype=float), hits.shape)
    ok = (p > 0.0) & (p < 1.0)
    sd = np.sqrt(trials * np.where(ok, p * (1.0 - p), 0.0))
    return np.divide(hits - trials * p, sd, out=np.zeros(len(hits)), where=ok & (sd > 0))


def grouped_z(hit: np.ndarray, p: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Per group (e.g. the cited paper of each edge): z of its count of ``hit`` events against
    per-event chances ``p`` (a Poisson-binomial: mean sum p, variance sum p(1 - p)).

    0 where the variance is 0: no evidence either way.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    hits = np.bincount(group, weights=np.asarray(hit, dtype=float), minlength=n)
    mean = np.bincount(group, weights=p, minlength=n)
    sd = np.sqrt(np.bincount(group, weights=p * (1.0 - p), minlength=n))
    return np.divide(hits - mean, sd, out=np.zeros(n), where=sd > 0)


def head_tail_levels(x: np.ndarray, max_head_share: float = 0.4) -> np.ndarray:
    """Level of each value under head/tail breaks: 0 for the tail, k for the k-th head.

    Split at the mean, keep the values above it (the head) and repeat while the head stays a
    minority (below ``max_head_share``, the 40% of Jiang 2013), so the breaks follow the
    distribution rather than a fixed share.

    Jiang, B. (2013). Head/tail breaks: a new classification scheme for data with a heavy-tailed
    distribution. The Professional Geographer 65(3), 482-494.
    """
    x = np.nan_to_num(np.asarray(x, dtype=float), nan=-np.inf)
    level = np.zeros(len(x), dtype=np.int64)
    cur = x[np.isfinite(x)]
    while len(cur) > 1:
        mean = float(cur.mean())
        head = cur[cur > mean]
        if len(head) == 0 or len(head) / len(cur) > max_head_share:
            break
        level += x > mean
        cur = head
    return level


def in_head(x: np.ndarray, level: int) -> np.ndarray:
    """Values at head/tail level ``level`` or above; in a map too small for that many breaks,
    the top level it has (never the tail)."""
    lv = head_tail_levels(x)
    top = int(lv.max(initial=0))
    return lv >= max(1, min(level, top))
