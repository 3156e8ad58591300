"""Graph formats: GraphML and GEXF through networkx, for Gephi, Cytoscape and yEd.

Both formats hold only scalars per attribute, and one type per attribute name, so:
lists are ``"; "``-joined (authors by name, ``intents``), ``externalIds`` becomes ``doi`` and
``arxiv``, and a missing value (None/NaN) is left off that node or edge rather than written,
since GraphML and GEXF have no null. Each node also gets ``label`` (its title) for viewers.
Characters XML 1.0 forbids (control characters from scraped titles) are dropped from every
string, list items and node ids included. GraphML booleans are ``true`` / ``false`` as its
schema says (networkx writes Python's ``True``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import pandas as pd
from networkx.readwrite.graphml import GraphMLWriter

from mentalmap.errors import ExportError
from mentalmap.export.frames import author_names, plain, records
from mentalmap.outputs import write_atomic
from mentalmap.safe_text import xml_text

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


def _scalar(column: str, value: Any) -> Any:
    """A cell as one scalar of the column's type, or None to leave the attribute off."""
    value = plain(value)
    if value is None:
        return None
    if column == "authors":
        value = author_names(value)
    if isinstance(value, list):
        items = [xml_text(str(v)) for v in value if v is not None]
        return "; ".join(items) if items else None
    if isinstance(value, dict):
        return None  # only externalIds; its useful keys are pulled out by _node_attrs
    kind = _TYPES.get(column, str)
    try:
        value = kind(value)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"{column}={value!r} is not a {kind.__name__}") from exc
    return xml_text(value) if isinstance(value, str) else value


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
        graph.add_node(xml_text(str(row["paperId"])), **_node_attrs(row))
    for row in records(edges):
        citing, cited = xml_text(str(row["citing"])), xml_text(str(row["cited"]))
        graph.add_edge(citing, cited, **_attrs(row, skip=("citing", "cited")))
    return graph


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer with booleans as the schema spells them (``true``)."""

    def add_data(self, name, element_type, value, scope="all", default=None):  # noqa: ANN001, ANN201
        element = super().add_data(name, element_type, value, scope, default)
        if element_type is bool:  # the value comes in as str(True)
            element.text = element.text.lower()
        return element


def _dump_graphml(graph: nx.DiGraph, handle: BinaryIO) -> None:
    writer = _GraphMLWriter(encoding="utf-8", named_key_ids=True)
    writer.add_graph_element(graph)
    writer.dump(handle)


def write_graphml(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.graphml``."""
    graph = build_graph(papers, edges)
    return [
        write_atomic(out_dir / "mentalmap.graphml", lambda h: _dump_graphml(graph, h), ExportError)
    ]


def write_gexf(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.gexf`` (GEXF 1.2)."""
    graph = build_graph(papers, edges)
    return [
        write_atomic(
            out_dir / "mentalmap.gexf",
            lambda h: nx.write_gexf(graph, h, encoding="utf-8", version="1.2draft"),
            ExportError,
        )
    ]
