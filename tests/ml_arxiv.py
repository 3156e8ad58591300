"""ml-arxiv-6k (``../shared/data/ml-arxiv-6k``) as the papers and edges frames of a map."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def ml_arxiv_frames(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Papers (paperId = arXiv id with version, title, year, abstract) and citation edges."""
    graph = json.loads((Path(path) / "graph.json").read_text(encoding="utf-8"))
    nodes = graph["nodes"]
    papers = pd.DataFrame(
        {
            "paperId": [n["id"] for n in nodes],
            "title": [n["title"] for n in nodes],
            "year": pd.array([n["year"] for n in nodes], dtype="Int64"),
            "abstract": [n.get("abstract") for n in nodes],
            "authors": [[] for _ in nodes],
        }
    )
    edges = pd.DataFrame(graph["edges"], columns=["citing", "cited"]).drop_duplicates()
    return papers, edges
