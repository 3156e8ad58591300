"""The papers/edges frames as one sparse citation matrix, built once and shared by every signal.

Every analysis works on ``A`` (n x n CSR, ``A[i, j] = 1`` when paper ``i`` cites paper ``j``, rows
and columns in the row order of ``papers``) so that no signal loops over edges in Python.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.errors import AnalysisError
from mentalmap.frames import require_paper_index

PAPER_COLUMNS = ("year",)
EDGE_COLUMNS = ("citing", "cited")


class CitationMatrix:
    """A citation graph as CSR plus per-paper arrays, in the row order of ``papers``.

    Build it with :func:`citation_matrix` (from frames) or :meth:`from_arrays` (from integer edge
    arrays, for million-paper loads). Edge attributes (``influential``, ``methodology``,
    ``background``) are float arrays aligned with ``A.data``: 1.0 yes, 0.0 no, NaN unknown.
    """

    def __init__(
        self,
        ids: np.ndarray,
        citing: np.ndarray,
        cited: np.ndarray,
        year: np.ndarray,
        *,
        refs_crawled: np.ndarray | None = None,
        is_seed: np.ndarray | None = None,
        pub_time: np.ndarray | None = None,
        influential: np.ndarray | None = None,
        methodology: np.ndarray | None = None,
        background: np.ndarray | None = None,
    ) -> None:
        n = len(ids)
        self.ids = pd.Index(ids, name="paperId")
        self.n = n
        citing, cited = np.asarray(citing), np.asarray(cited)
        keep = citing != cited  # a self-citation carries no information for any signal here
        drop = not keep.all()
        # one int64 key per edge (row-major order), built in place: at 20M edges every
        # temporary array here is 160 MB
        key = citing[keep].astype(np.int64) if drop else citing.astype(np.int64)
        key *= n
        key += (cited[keep] if drop else cited).astype(np.int64, copy=False)
        if len(key) > 1 and not (key[1:] > key[:-1]).all():  # not already sorted and unique
            order = np.argsort(key, kind="stable")
            key = key[order]
            first = np.ones(len(key), dtype=bool)
            first[1:] = key[1:] != key[:-1]
        else:
            order = None
            first = None
        kept = key if first is None else key[first]
        del key
        idx_dtype = np.int32 if n < 2**31 - 1 and len(kept) < 2**31 - 1 else np.int64
        indptr = np.searchsorted(kept, np.arange(n + 1, dtype=np.int64) * n).astype(idx_dtype)
        cols = np.remainder(kept, n).astype(idx_dtype)
        del kept
        self.A = sp.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, n))
        keep = keep if drop else None

        def _edge_attr(values: np.ndarray | None) -> np.ndarray | None:
            if values is None:
                return None
            out = np.asarray(values, dtype=float)
            out = out if keep is None else out[keep]
            if order is not None:
                out = out[order][first]
            return out

        self.influential = _edge_attr(influential)
        self.methodology = _edge_attr(methodology)
        self.background = _edge_attr(background)
        self.year = np.asarray(year, dtype=float)
        self.refs_crawled = (
            np.ones(n, dtype=bool) if refs_crawled is None else np.asarray(refs_crawled, bool)
        )
        self.is_seed = np.zeros(n, dtype=bool) if is_seed is None else np.asarray(is_seed, bool)
        self.pub_time = self.year.copy() if pub_time is None else np.asarray(pub_time, float)

    @classmethod
    def from_arrays(
        cls,
        ids: np.ndarray | pd.Index,
        year: np.ndarray,
        citing_idx: np.ndarray,
        cited_idx: np.ndarray,
        **kwargs: np.ndarray | None,
    ) -> CitationMatrix:
        """Build from integer edge arrays (row positions of citing and cited papers)."""
        if len(ids) == 0:
            raise AnalysisError("cannot analyse an empty map: there are no papers")
        return cls(np.asarray(ids), citing_idx, cited_idx, year, **kwargs)

    # --- derived arrays, computed on first use --------------------------------------------
    @cached_property
    def AT(self) -> sp.csr_matrix:  # noqa: N802 - the transpose of A, named as in the papers
        """``A`` transposed as CSR: row ``j`` lists the papers citing ``j``."""
        return self.A.T.tocsr()

    @cached_property
    def pattern(self) -> sp.csr_matrix:
        """``A`` with bool values, sharing its index arrays: for products of which only the
        entries' positions are used (counts of distinct papers), a bool product runs ~3x faster
        than a float one and holds a byte per entry instead of eight."""
        a = self.A
        return sp.csr_matrix(
            (np.ones(a.nnz, dtype=bool), a.indices, a.indptr), shape=a.shape, copy=False
        )

    @cached_property
    def in_degree(self) -> np.ndarray:
        """Citations received inside the map."""
        return np.bincount(self.A.indices, minlength=self.n).astype(np.int64)

    @cached_property
    def out_degree(self) -> np.ndarray:
        """References given inside the map."""
        return np.diff(self.A.indptr).astype(np.int64)

    @cached_property
    def edge_rows(self) -> np.ndarray:
        """The citing row of every stored entry of ``A`` (aligned with ``A.indices``)."""
        return np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.A.indptr))

    @property
    def n_edges(self) -> int:
        return int(self.A.nnz)

    def series(self, values: np.ndarray, name: str) -> pd.Series:
        """Wrap a per-paper array as a Series indexed by paperId."""
        return pd.Series(values, index=self.ids, name=name)


def _year_array(papers: pd.DataFrame) -> np.ndarray:
    return pd.to_numeric(papers["year"], errors="coerce").astype("float64").to_numpy()


def _pub_time(papers: pd.DataFrame, year: np.ndarray) -> np.ndarray:
    """Year plus the fraction of the year from ``publicationDate`` when known (ordering only)."""
    t = year.copy()
    if "publicationDate" not in papers.columns:
        return t
    dates = pd.to_datetime(papers["publicationDate"], errors="coerce")
    frac = ((dates.dt.day_of_year - 1) / 366.0).to_numpy(dtype=float, na_value=np.nan)
    same = (dates.dt.year.to_numpy(dtype=float, na_value=np.nan) == year) & ~np.isnan(frac)
    t[same] = year[same] + frac[same]
    return t


def _bool_column(frame: pd.DataFrame, name: str, default: bool) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), default, dtype=bool)
    return frame[name].astype("boolean").fillna(default).to_numpy(dtype=bool)


def _influential(edges: pd.DataFrame) -> np.ndarray | None:
    if "isInfluential" not in edges.columns:
        return None
    return edges["isInfluential"].astype("boolean").astype("Float64").to_numpy(na_value=np.nan)


def _intent(edges: pd.DataFrame, intent: str) -> np.ndarray | None:
    """1 when ``intents`` holds ``intent``, 0 when it holds other intents, NaN when unknown."""
    if "intents" not in edges.columns:
        return None
    out = np.full(len(edges), np.nan)
    exploded = edges["intents"].reset_index(drop=True).explode()
    known = exploded.dropna()
    if len(known):
        has = known.astype(str).str.lower().eq(intent).groupby(level=0).any()
        out[has.index.to_numpy()] = has.to_numpy(dtype=float)
    return out


def _methodology(edges: pd.DataFrame) -> np.ndarray | None:
    return _intent(edges, "methodology")


def validate_frames(papers: pd.DataFrame, edges: pd.DataFrame) -> None:
    """Raise :class:`AnalysisError` when the frames break the contract in docs/api.md."""
    if not isinstance(papers, pd.DataFrame) or not isinstance(edges, pd.DataFrame):
        raise AnalysisError("papers and edges must be pandas DataFrames")
    require_paper_index(papers)
    missing = [c for c in PAPER_COLUMNS if c not in papers.columns]
    if missing:
        raise AnalysisError(f"papers frame lacks column(s): {', '.join(missing)}")
    missing = [c for c in EDGE_COLUMNS if c not in edges.columns]
    if missing:
        raise AnalysisError(f"edges frame lacks column(s): {', '.join(missing)}")
    if len(papers) == 0:
        raise AnalysisError("cannot analyse an empty map: there are no papers")
    if papers.index.isna().any():
        raise AnalysisError("papers frame has rows without a paperId")
    if papers.index.duplicated().any():
        dup = papers.index[papers.index.duplicated()][0]
        raise AnalysisError(f"papers frame lists paperId {dup!r} more than once")


def citation_matrix(papers: pd.DataFrame, edges: pd.DataFrame) -> CitationMatrix:
    """Build the :class:`CitationMatrix` of a map from its papers and edges frames.

    Parameters
    ----------
    papers, edges : pandas.DataFrame
        The frames of docs/api.md (``papers`` indexed by paperId with ``year``; ``citing``,
        ``cited``).

    Returns
    -------
    CitationMatrix

    Raises
    ------
    AnalysisError
        Empty papers, a missing column, duplicate ids, or an edge naming an unknown paper.
    """
    validate_frames(papers, edges)
    index = pd.Index(papers.index.astype(str))
    citing = index.get_indexer(edges["citing"].astype(str))
    cited = index.get_indexer(edges["cited"].astype(str))
    bad = (citing < 0) | (cited < 0)
    if bad.any():
        row = edges.loc[bad].iloc[0]
        raise AnalysisError(
            f"{int(bad.sum())} edge(s) name papers missing from the papers frame, "
            f"e.g. {row['citing']!r} -> {row['cited']!r}"
        )
    year = _year_array(papers)
    return CitationMatrix(
        index.to_numpy(),
        citing,
        cited,
        year,
        refs_crawled=_bool_column(papers, "referencesCrawled", True),
        is_seed=_bool_column(papers, "isSeed", False),
        pub_time=_pub_time(papers, year),
        influential=_influential(edges),
        methodology=_methodology(edges),
        background=_intent(edges, "background"),
    )


def as_matrix(graph: CitationMatrix | tuple[pd.DataFrame, pd.DataFrame]) -> CitationMatrix:
    """Accept a built matrix or a ``(papers, edges)`` pair, so signals work from a notebook."""
    if isinstance(graph, CitationMatrix):
        return graph
    if isinstance(graph, tuple) and len(graph) == 2:
        return citation_matrix(*graph)
    raise AnalysisError("expected a CitationMatrix or a (papers, edges) tuple of DataFrames")
