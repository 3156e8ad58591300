"""The papers of a map most tied to one paper: co-citation and bibliographic coupling, counted.

Connected Papers and Litmaps call these "similar": papers cited together with it (co-citation,
Small 1973) and papers citing what it cites (bibliographic coupling, Kessler 1963). Raw counts
favour the papers with the longest lists, so the ranking uses the cosine of the two papers'
neighbourhoods (who cites them, what they cite): ``(cc + bc) / sqrt(deg(a) * deg(b))``, where
``deg`` counts both lists inside the map (Salton's measure on citers and references together).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mentalmap.analysis.coupling import cocitation_with_seeds, coupling_with_seeds
from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.errors import AnalysisError

SIMILAR_COLUMNS = ("paperId", "cocited", "coupled", "link", "similarity")


def similar_papers(
    graph: CitationMatrix | tuple[pd.DataFrame, pd.DataFrame], paper_id: str, top: int = 20
) -> pd.DataFrame:
    """The ``top`` papers most tied to ``paper_id``, most similar first.

    Parameters
    ----------
    graph : CitationMatrix or (papers, edges)
        The map.
    paper_id : str
        A paperId of the map.
    top : int
        Rows at most (0: every tied paper).

    Returns
    -------
    pandas.DataFrame
        :data:`SIMILAR_COLUMNS`: ``cocited`` papers of the map citing both, ``coupled``
        references they share, ``link`` ``"cites"`` / ``"cited by"`` / ``""`` (a direct
        citation between them, which neither count includes), ``similarity`` the cosine above,
        rounded to 3 places. Papers with neither tie are left out.

    Raises
    ------
    AnalysisError
        ``paper_id`` is not in the map.

    Examples
    --------
    >>> ids = pd.Index(list("abcd"), name="paperId")
    >>> papers = pd.DataFrame({"year": [2000, 2001, 2002, 2003]}, index=ids)
    >>> edges = pd.DataFrame({"citing": list("ccdd"), "cited": list("abab")})
    >>> similar_papers((papers, edges), "a")[["paperId", "cocited", "coupled"]].values.tolist()
    [['b', 2, 0]]

    References
    ----------
    Small, H. (1973). Co-citation in the scientific literature. JASIS 24(4), 265-269.
    Kessler, M. M. (1963). Bibliographic coupling between scientific papers. American
    Documentation 14(1), 10-25.
    """
    m = as_matrix(graph)
    pos = m.ids.get_indexer([paper_id])[0]
    if pos < 0:
        raise AnalysisError(f"paper {paper_id!r} is not in the map")
    cocited = cocitation_with_seeds(m, [paper_id]).to_numpy(copy=True)
    coupled = coupling_with_seeds(m, [paper_id]).to_numpy(copy=True)
    cocited[pos] = coupled[pos] = 0
    degree = (m.in_degree + m.out_degree).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = (cocited + coupled) / np.sqrt(degree * degree[pos])
    cosine = np.nan_to_num(cosine)
    keep = np.flatnonzero((cocited + coupled) > 0)
    cites = set(m.A.indices[m.A.indptr[pos] : m.A.indptr[pos + 1]].tolist())
    cited_by = set(m.AT.indices[m.AT.indptr[pos] : m.AT.indptr[pos + 1]].tolist())
    frame = pd.DataFrame(
        {
            "paperId": m.ids.to_numpy()[keep],
            "cocited": cocited[keep].astype(np.int64),
            "coupled": coupled[keep].astype(np.int64),
            "link": ["cites" if i in cites else "cited by" if i in cited_by else "" for i in keep],
            "similarity": cosine[keep].round(3),
        },
        columns=list(SIMILAR_COLUMNS),
    )
    frame["total"] = frame["cocited"] + frame["coupled"]
    frame = frame.sort_values(
        ["similarity", "total", "paperId"], ascending=[False, False, True], kind="stable"
    ).drop(columns="total")
    return (frame.head(top) if top else frame).reset_index(drop=True)


def most_similar(
    m: CitationMatrix, rows: np.ndarray, among: np.ndarray, top: int = 5
) -> list[list[tuple[int, int, int]]]:
    """For each paper at ``rows``, its ``top`` most similar papers at ``among`` (same measure).

    The map page's side panel lists these, so only positions it embeds (``among``) are kept,
    while the counts come from the whole map. Returns, per row, ``(position, cocited, coupled)``
    most similar first, in the order of :func:`similar_papers`.
    """
    rows = np.asarray(rows, dtype=np.int64)
    ids = m.ids.to_numpy()
    cocited = (m.AT[rows] @ m.A).tocsr()  # row r: papers cited together with r, by how many
    coupled = (m.A[rows] @ m.AT).tocsr()  # row r: papers sharing r's references, how many
    allowed = np.zeros(m.A.shape[0], dtype=bool)
    allowed[np.asarray(among, dtype=np.int64)] = True
    degree = (m.in_degree + m.out_degree).astype(float)
    out: list[list[tuple[int, int, int]]] = []
    for r, pos in enumerate(rows):
        cc, bc = _row(cocited, r), _row(coupled, r)
        tied = [j for j in cc.keys() | bc.keys() if j != pos and allowed[j]]
        scored = []
        for j in tied:
            total = cc.get(j, 0) + bc.get(j, 0)
            cosine = round(float(total / np.sqrt(degree[j] * degree[pos])), 3)
            scored.append((-cosine, -total, ids[j], j))
        scored.sort()
        out.append([(j, int(cc.get(j, 0)), int(bc.get(j, 0))) for *_, j in scored[:top]])
    return out


def _row(matrix: sp.csr_matrix, r: int) -> dict[int, float]:
    """Row ``r`` of a CSR matrix as ``{column: value}``."""
    span = slice(matrix.indptr[r], matrix.indptr[r + 1])
    return dict(zip(matrix.indices[span].tolist(), matrix.data[span].tolist(), strict=True))
