"""Where a real field's landmarks land: the check for data nobody here planted.

No labels exist for real fields, so the protocol of Mariani, Medo & Zhang (2016) and Xu et al.
(2020) is used: take the field's most cited papers as landmarks and count how many a ranking puts
in its top z% — on the whole field, and on the field as it stood two years after each landmark
appeared, where age-biased rankings (raw counts, PageRank) miss young landmarks.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mentalmap.analysis.citations import rescale_by_age
from mentalmap.analysis.matrix import CitationMatrix, citation_matrix
from mentalmap.analysis.pagerank import citerank_scores, pagerank_scores
from mentalmap.errors import AnalysisError
from mentalmap.frames import publication_dates

RANKINGS = ("rank", "rescaled_pagerank", "citations", "pagerank")


def ml_arxiv_frames(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``ml-arxiv-6k`` (graph.json) as papers (arXiv id, title, year, month, abstract) and edges."""
    path = Path(folder) / "graph.json"
    try:
        graph = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnalysisError(f"cannot read {path}: {exc}") from exc
    nodes = graph["nodes"]
    papers = pd.DataFrame(
        {
            "paperId": [n["id"] for n in nodes],
            "title": [n["title"] for n in nodes],
            "year": pd.array([n["year"] for n in nodes], dtype="Int64"),
            "publicationDate": publication_dates(
                pd.Series([f"{n['date']}-01" if n.get("date") else None for n in nodes])
            ),
            "abstract": [n.get("abstract") for n in nodes],
            "authors": [[] for _ in nodes],
        }
    ).set_index("paperId")
    edges = pd.DataFrame(graph["edges"], columns=["citing", "cited"]).drop_duplicates()
    return papers, edges


def subgraph_frames(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A recorded s2ag topic subgraph (nodes, citing -> cited edges) as papers and edges.

    A subgraph is a seed's neighbourhood, not a field: it holds no paper's reference list, so
    ``referencesCrawled`` is False (a paper's few links in it say nothing of its list's length).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnalysisError(f"cannot read {path}: {exc}") from exc
    nodes = pd.DataFrame(data["nodes"])
    papers = pd.DataFrame(
        {
            "paperId": nodes["corpusId"].astype(str),
            "title": nodes.get("title"),
            "year": pd.array(
                nodes["year"] if "year" in nodes else [None] * len(nodes), dtype="Int64"
            ),  # fmt: skip
            "referencesCrawled": False,
        }
    ).set_index("paperId")
    edges = pd.DataFrame(data["edges"], columns=["citing", "cited"]).astype(str)
    edges = edges[edges["citing"] != edges["cited"]].drop_duplicates()
    return papers, edges


def rankings(m: CitationMatrix) -> pd.DataFrame:
    """The scores a landmark check compares: ``rank`` (the analysis' importance) and baselines."""
    from mentalmap.analysis.table import rank_score

    pr = pagerank_scores(m, 0.5)
    rp = rescale_by_age(pr, m.pub_time)
    cr = citerank_scores(m)
    return pd.DataFrame(
        {
            "rank": rank_score(rp, cr),
            "rescaled_pagerank": rp,
            "citations": m.in_degree.astype(float),
            "pagerank": pr,
        },
        index=m.ids,
    )


def _in_top(scores: pd.Series, pid: str, top: float) -> bool:
    k = max(1, int(np.ceil(top * len(scores))))
    return bool(scores.rank(ascending=False, method="min")[pid] <= k)


def landmark_figures(
    papers: pd.DataFrame, edges: pd.DataFrame, k: int = 13, top: float = 0.05, age: float = 2.0
) -> dict[str, object]:
    """How many of the ``k`` most cited papers each ranking puts in its top ``top`` share.

    ``whole``: on the whole field. ``young``: each landmark on the field cut ``age`` years after
    it appeared (papers published by then, their citations). Returns the landmarks too.
    """
    m = citation_matrix(papers, edges)
    cites = pd.Series(m.in_degree, index=m.ids)
    marks = cites.sort_values(ascending=False, kind="stable").index[:k]
    whole = rankings(m)
    out_whole = {r: sum(_in_top(whole[r], p, top) for p in marks) for r in RANKINGS}
    t = pd.Series(m.pub_time, index=m.ids)
    out_young = dict.fromkeys(RANKINGS, 0)
    keep_cols = [c for c in ("year", "publicationDate") if c in papers.columns]
    for p in marks:
        cut = t[t <= t[p] + age].index
        sub_p = papers[papers.index.isin(cut)][keep_cols]
        sub_e = edges[edges["citing"].isin(cut) & edges["cited"].isin(cut)]
        scores = rankings(citation_matrix(sub_p, sub_e))
        for r in RANKINGS:
            out_young[r] += _in_top(scores[r], p, top)
    return {
        "landmarks": list(marks),
        "k": len(marks),
        "top": top,
        "whole": out_whole,
        "young": out_young,
        "rank_of_landmarks": whole["rank"].rank(ascending=False, method="min")[marks].tolist(),
    }
