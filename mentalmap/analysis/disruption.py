"""CD index (disruption) and its no-n_k variant, for every paper at once, in year blocks.

For focal paper f and window w years: n_i = papers citing f but none of f's references, n_j =
papers citing f and at least one of its references, n_k = papers citing a reference of f but not f,
all published in the window. ``CD = (n_i - n_j) / (n_i + n_j + n_k)``, ``CD_nok = (n_i - n_j) /
(n_i + n_j)``. The shared-reference matrix ``A[rows] @ A[focal].T`` is only ever formed for one
focal year (and a bounded chunk of its papers) at a time, so memory stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix

#: Bound on the multiply-adds of one shared-reference block, which bounds its memory.
BLOCK_WORK = 20_000_000
#: Bound on the multiply-adds of all blocks. Beyond it (hub references cited by 10^5 papers in
#: a million-paper map), n_k of the costliest papers is estimated from a sample of the window's
#: papers, each such paper capped at the same work (light papers stay exact).
MAX_WORK = 1_500_000_000


def disruption_counts(
    graph: CitationMatrix | tuple,
    window: int = 5,
    same_year: bool = True,
    max_work: float = MAX_WORK,
    seed: int = 0,
    only: np.ndarray | None = None,
) -> pd.DataFrame:
    """The counts n_i, n_j, n_k behind the CD index, for every paper.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    window : int
        Citation window in years after the focal paper (CD_5 by default).
    same_year : bool
        Also count papers of the focal paper's own year (other than itself). Years are coarse and
        a crawl of a fast field has many same-year citations, so this is on by default;
        ``same_year=False`` gives exactly the window ``(t_f, t_f + w]`` of Funk's ``cdindex``.
    max_work : float
        Budget of sparse multiply-adds for n_k. Within it (every crawl-sized map) all counts are
        exact; beyond it n_i and n_j stay exact, every paper's work is capped at one level W
        (``sum(min(work, W)) = max_work``) and n_k of a paper above it is estimated from a
        sample of the window's papers at rate ``2^-c <= W / work`` (fixed ``seed``), as
        ``|union| / rate - n_j``: light papers, whose small unions a sample would distort, stay
        exact.
    only : numpy.ndarray of bool, optional
        Count only these focal papers (the others get 0 and ``cd_defined`` False): the exact
        index of a sample, to measure the error of a sampled run against.

    Returns
    -------
    pandas.DataFrame with int columns ``n_i, n_j, n_k`` and bool ``cd_defined``; counts are 0 and
    ``cd_defined`` False for papers without a year, whose references were not crawled
    (``referencesCrawled`` False) or that have no in-map references — where the index would be
    the artefact +1 (Holst et al. 2024). ``attrs["sample_rate"]`` holds the lowest rate used,
    ``attrs["sampled_papers"]`` how many papers' n_k was estimated.
    """
    m = as_matrix(graph)
    n = m.n
    n_i = np.zeros(n, dtype=np.int64)
    n_j = np.zeros(n, dtype=np.int64)
    n_k = np.zeros(n, dtype=np.int64)
    year = m.year
    focal_ok = np.isfinite(year) & m.refs_crawled & (m.out_degree > 0)
    if only is not None:
        focal_ok &= np.asarray(only, dtype=bool)
    A, at = m.A, m.AT
    yr = np.where(np.isfinite(year), year, -1e18)
    blocks = []
    total = 0.0
    for y in np.unique(year[focal_ok]):
        focal = np.flatnonzero(focal_ok & (year == y))
        lo = y if same_year else y + 1
        rows = np.flatnonzero((yr >= lo) & (yr <= y + window))
        if len(rows) == 0:
            continue
        # work per focal paper: sum over its references of their citers among `rows`
        work = A[focal] @ np.bincount(A[rows].indices, minlength=n).astype(float)
        blocks.append((focal, rows, work))
        total += work.sum()
    cap = _work_cap([w for _, _, w in blocks], max_work) if total > max_work else np.inf
    u = np.random.default_rng(seed).random(n)  # nested samples: rate r keeps papers with u < r
    lowest, sampled = 1.0, 0
    for focal, rows, work in blocks:
        n_j[focal] = _citers_citing_refs(m, focal, rows)
        n_i[focal] = _window_citers(at, focal, yr, same_year, window) - n_j[focal]
        # rate 2^-c per paper, the largest that keeps its work within the cap
        c = None
        if cap < np.inf:
            c = np.minimum(np.ceil(np.log2(np.maximum(work / cap, 1.0))), 40).astype(np.int64)
        for level in np.unique(c) if c is not None else (0,):
            pick = slice(None) if c is None else c == level
            f_all, rate = focal[pick], 2.0**-level
            sub = rows if level == 0 else rows[u[rows] < rate]
            if rate < 1.0:
                lowest, sampled = min(lowest, rate), sampled + len(f_all)
            _union_counts(m, f_all, sub, work[pick] * rate, same_year, rate, n_j, n_k)
    out = pd.DataFrame({"n_i": n_i, "n_j": n_j, "n_k": n_k, "cd_defined": focal_ok}, index=m.ids)
    out.attrs["sample_rate"] = lowest
    out.attrs["sampled_papers"] = sampled
    return out


def _work_cap(works: list[np.ndarray], max_work: float) -> float:
    """The per-paper work cap W with ``sum(min(work, W)) = max_work`` (water-filling)."""
    w = np.sort(np.concatenate(works))
    below = np.concatenate(([0.0], np.cumsum(w)))  # work of the papers under each candidate cap
    # capping at w[i]: the i lighter papers whole, the len(w) - i others at w[i]
    used = below[:-1] + w * (len(w) - np.arange(len(w)))
    i = int(np.searchsorted(used, max_work, side="right"))  # papers below the cap, kept whole
    if i == len(w):
        return np.inf
    return float((max_work - below[i]) / (len(w) - i))


def _union_counts(
    m: CitationMatrix,
    focal: np.ndarray,
    rows: np.ndarray,
    work: np.ndarray,
    same_year: bool,
    rate: float,
    n_j: np.ndarray,
    n_k: np.ndarray,
) -> None:
    """n_k of ``focal`` from the window papers ``rows`` (a sample at ``rate``, or all of them)."""
    if len(focal) == 0 or len(rows) == 0:
        return
    A = m.pattern  # only the positions of the product's entries are counted
    rows_of_refs = A[rows].T.tocsr()  # reference x window paper: who cites it
    in_rows = np.zeros(m.n, dtype=bool)
    in_rows[rows] = True
    cuts = np.flatnonzero(np.diff(np.cumsum(work) // BLOCK_WORK)) + 1
    bounds = np.concatenate(([0], cuts, [len(focal)]))
    for s, e in zip(bounds[:-1], bounds[1:], strict=False):
        if e <= s:
            continue
        f = focal[s:e]
        shared = A[f] @ rows_of_refs  # focal x window paper: shared-reference counts
        # window papers citing a reference of f (the union), f itself left out
        union = np.diff(shared.indptr) - (in_rows[f] if same_year else 0)
        n_k[f] = np.maximum(np.rint(union / rate) - n_j[f], 0).astype(np.int64)


def _window_citers(at, f: np.ndarray, yr: np.ndarray, same_year: bool, window: int) -> np.ndarray:
    """Citers of each focal paper inside its window."""
    sub = at[f]
    ty = yr[sub.indices]
    fy = np.repeat(yr[f], np.diff(sub.indptr))
    ok = ((ty >= fy) if same_year else (ty > fy)) & (ty <= fy + window)
    csum = np.concatenate(([0], np.cumsum(ok)))
    return csum[sub.indptr[1:]] - csum[sub.indptr[:-1]]


def _citers_citing_refs(
    m: CitationMatrix, focal: np.ndarray, rows: np.ndarray, chunk: int = 20_000_000
) -> np.ndarray:
    """Exact n_j: citers of f in the window that also cite one of f's references.

    For every citation c -> f, the sorted reference lists of c and f are merged (sparse
    elementwise product of their rows), in chunks of about ``chunk`` references.
    """
    n = m.n
    A, at = m.pattern, m.AT  # the merge only asks whether a reference is shared
    in_rows = np.zeros(n, dtype=bool)
    in_rows[rows] = True
    sub = at[focal]
    cit = sub.indices.astype(np.int64)
    foc = np.repeat(focal, np.diff(sub.indptr))
    ok = in_rows[cit] & (cit != foc)
    cit, foc = cit[ok], foc[ok]
    out = np.zeros(n, dtype=np.int64)
    work = m.out_degree[foc] + m.out_degree[cit]
    cuts = np.flatnonzero(np.diff(np.cumsum(work) // chunk)) + 1
    bounds = np.concatenate(([0], cuts, [len(foc)]))
    for s, e in zip(bounds[:-1], bounds[1:], strict=False):
        both = A[cit[s:e]].multiply(A[foc[s:e]]).tocsr()
        out += np.bincount(foc[s:e][np.diff(both.indptr) > 0], minlength=n)
    return out[focal]


def _ratio(num: np.ndarray, den: np.ndarray, defined: np.ndarray) -> np.ndarray:
    ok = defined & (den > 0)
    return np.divide(num, den, out=np.full(len(num), np.nan), where=ok)


def cd_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """``cd_index`` and ``cd_nok`` columns from :func:`disruption_counts` output."""
    ni, nj, nk = (counts[c].to_numpy(dtype=float) for c in ("n_i", "n_j", "n_k"))
    ok = counts["cd_defined"].to_numpy(dtype=bool)
    return pd.DataFrame(
        {"cd_index": _ratio(ni - nj, ni + nj + nk, ok), "cd_nok": _ratio(ni - nj, ni + nj, ok)},
        index=counts.index,
    )


def cd_index(graph: CitationMatrix | tuple, window: int = 5, same_year: bool = True) -> pd.Series:
    """CD index (disruption) of every paper: +1 disrupts its sources, -1 consolidates them.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
    window : int
        Years after publication in which citers are counted (CD_5).
    same_year : bool
        See :func:`disruption_counts`.

    Returns
    -------
    pandas.Series of float, NaN where undefined (no year, references not crawled, no in-map
    references, or nobody in the window).

    Notes
    -----
    A different axis from importance: Nobel papers are not reliably more disruptive (Liang et al.
    2022). Biased toward 0 by long reference lists (Petersen et al. 2024) and toward +1 by missing
    references (Holst et al. 2024), hence NaN instead of +1 for papers whose references we lack.

    References
    ----------
    Funk, R. J. & Owen-Smith, J. (2017). A dynamic network measure of technological change.
    Management Science 63(3), 791-817.
    Wu, L., Wang, D. & Evans, J. A. (2019). Large teams develop and small teams disrupt science
    and technology. Nature 566, 378-382.
    """
    return cd_from_counts(disruption_counts(graph, window, same_year))["cd_index"]


def cd_nok(graph: CitationMatrix | tuple, window: int = 5, same_year: bool = True) -> pd.Series:
    """CD without the n_k term, ``(n_i - n_j) / (n_i + n_j)``: less pulled to 0 by busy references.

    References
    ----------
    Bornmann, L., Devarakonda, S., Tekles, A. & Chacko, G. (2020). Are disruption index indicators
    convergently valid? Quantitative Science Studies 1(3), 1242-1259.
    """
    return cd_from_counts(disruption_counts(graph, window, same_year))["cd_nok"]


def cd_index_python(
    refs: Mapping[str, Iterable[str]],
    years: Mapping[str, float],
    focal: str,
    window: int = 5,
    same_year: bool = False,
    citers: Mapping[str, Iterable[str]] | None = None,
) -> float:
    """The loop of Funk's ``cdindex`` C code in plain Python, for one focal paper.

    Walks the citers of f and of f's references (pass ``citers``, the inverted ``refs``, to
    reuse it across focal papers). NaN when nobody is in the window. Unlike :func:`cd_index` it
    does not blank papers without references, so it reproduces the +1 artefact; used by tests
    and benchmarks.
    """
    if citers is None:
        inv: dict[str, list[str]] = {}
        for i, i_refs in refs.items():
            for r in i_refs:
                inv.setdefault(r, []).append(i)
        citers = inv
    t_f = years[focal]
    f_refs = set(refs.get(focal, ()))
    candidates = set(citers.get(focal, ()))
    for r in f_refs:
        candidates.update(citers.get(r, ()))
    total, count = 0.0, 0
    for i in candidates:
        t_i = years[i]
        in_window = (t_f <= t_i if same_year else t_f < t_i) and t_i <= t_f + window
        if i == focal or not in_window:
            continue
        i_refs = refs.get(i, ())
        f_i = focal in i_refs
        b_i = any(r in f_refs for r in i_refs)
        total += -2.0 * f_i * b_i + f_i
        count += 1
    return total / count if count else float("nan")
