"""Graph formats: GraphML and GEXF through networkx, for Gephi, Cytoscape and yEd.

Both formats hold only scalars per attribute, and one type per attribute name, so:
lists are ``"; "``-joined (authors by name, ``intents``), ``externalIds`` becomes ``doi`` and
``arxiv``, and a missing value (None/NaN) is left off that node or edge rather than written,
since GraphML and GEXF have no null. Each node also gets ``label`` (its title) for viewers.
Characters XML 1.0 forbids (control characters from scraped titles) are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.frames import author_names, plain, records, write_atomic

#: Attribute types per column, so every node writes the same type for the same key.
_TYPES: dict[str, type] = {
    "corpusId": int,
    "year": int,
    "citationCount": int,
    "referenceCount": int,
    "influentialCitationCount": int,
    "depth": int,
    "order": int,
    "cluster": int,
    "isSeed": bool,
    "has_code": bool,
    "isInfluential": bool,
    "confidence": float,
    "importance": float,
}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _scalar(column: str, value: Any) -> Any:
    """A cell as one scalar of the column's type, or None to leave the attribute off."""
    value = plain(value)
    if value is None:
        return None
    if column == "authors":
        value = author_names(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else None
    if isinstance(value, dict):
        return None  # only externalIds; its useful keys are pulled out by _node_attrs
    kind = _TYPES.get(column, str)
    try:
        value = kind(value)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"{column}={value!r} is not a {kind.__name__}") from exc
    return _XML_FORBIDDEN.sub("", value) if isinstance(value, str) else value


def _attrs(row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    attrs = {}
    for column, value in row.items():
        if column in skip:
            continue
        scalar = _scalar(column, value)
        if scalar is not None:
            attrs[column] = scalar
    return attrs


def _node_attrs(row: dict[str, Any]) -> dict[str, Any]:
    attrs = _attrs(row, skip=("paperId",))
    ids = row.get("externalIds") or {}
    for key, name in (("DOI", "doi"), ("ArXiv", "arxiv")):
        if ids.get(key):
            attrs[name] = _scalar(name, ids[key])
    attrs["label"] = attrs.get("title") or str(row["paperId"])
    return attrs


def build_graph(papers: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """The export frames as a ``DiGraph`` of scalar attributes (citing → cited)."""
    graph = nx.DiGraph(name="mentalmap")
    for row in records(papers):
        graph.add_node(str(row["paperId"]), **_node_attrs(row))
    for row in records(edges):
        citing, cited = str(row["citing"]), str(row["cited"])
        graph.add_edge(citing, cited, **_attrs(row, skip=("citing", "cited")))
    return graph


def write_graphml(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.graphml``."""
    graph = build_graph(papers, edges)
    return [
        write_atomic(
            out_dir / "mentalmap.graphml",
            lambda p: nx.write_graphml(graph, p, encoding="utf-8", named_key_ids=True),
        )
    ]


def write_gexf(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.gexf`` (GEXF 1.2)."""
    graph = build_graph(papers, edges)
    return [
        write_atomic(
            out_dir / "mentalmap.gexf",
            lambda p: nx.write_gexf(graph, p, encoding="utf-8", version="1.2draft"),
        )
    ]
