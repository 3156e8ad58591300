"""Graph formats: GraphML and GEXF through networkx, for Gephi, Cytoscape and yEd.

Both formats hold only scalars per attribute, and one type per attribute name, so:
lists are ``"; "``-joined (authors by name, ``intents``), ``externalIds`` is left off (its
``doi`` and ``arxiv`` are columns), and a missing value (None/NaN) is left off that node or
edge rather than written, since GraphML and GEXF have no null. Each node also gets ``label``
(its title) for viewers. Characters XML 1.0 forbids (control characters from scraped titles)
are dropped from every string, list items and node ids included. GraphML booleans are
``true`` / ``false`` as its schema says (networkx writes Python's ``True``).

GEXF (1.3, Gephi's format) also carries ``viz:position`` from the map's own layout (year left to
right, one band per sub-topic; :mod:`mentalmap.render.layout`, y flipped since Gephi's y axis
points up), ``viz:color`` by role and ``viz:size`` by importance, so Gephi opens the same picture
as the map instead of a hairball.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from mentalmap.errors import ExportError
from mentalmap.export.frames import author_names, plain, records
from mentalmap.outputs import write_atomic
from mentalmap.render.layout import compute_layout
from mentalmap.safe_text import xml_text

#: The XML Schema instance namespace (networkx 3.6 writes it without ``www.`` for GEXF 1.3).
XSI = "http://www.w3.org/2001/XMLSchema-instance"

#: Attribute types per column, so every node writes the same type for the same key.
ATTRIBUTE_TYPES: dict[str, type] = {
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


def attribute_value(column: str, value: Any) -> Any:
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
        return None  # only externalIds; its useful keys are pulled out by node_attrs
    kind = ATTRIBUTE_TYPES.get(column, str)
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
        scalar = attribute_value(column, value)
        if scalar is not None:
            attrs[column] = scalar
    return attrs


def node_attrs(row: dict[str, Any]) -> dict[str, Any]:
    attrs = _attrs(row, skip=("paperId", "externalIds"))
    attrs["label"] = attrs.get("title") or xml_text(str(row["paperId"]))
    return attrs


def edge_attrs(row: dict[str, Any]) -> dict[str, Any]:
    return _attrs(row, skip=("citing", "cited"))


def build_graph(papers: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """The export frames as a ``DiGraph`` of scalar attributes (citing → cited)."""
    graph = nx.DiGraph(name="mentalmap")
    for row in records(papers):
        graph.add_node(xml_text(str(row["paperId"])), **node_attrs(row))
    for row in records(edges):
        citing, cited = xml_text(str(row["citing"])), xml_text(str(row["cited"]))
        graph.add_edge(citing, cited, **edge_attrs(row))
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


#: Node colour per role in Gephi (RGB); papers without a role are grey.
ROLE_RGB: dict[str, tuple[int, int, int]] = {
    "foundational": (214, 39, 40),
    "technique": (31, 119, 180),
    "tweak": (255, 127, 14),
    "survey": (44, 160, 44),
    "frontier": (148, 103, 189),
    "other": (140, 140, 140),
}
#: Node size range in Gephi: ``MIN_SIZE`` at importance 0, ``MIN_SIZE + SIZE_RANGE`` at 1.
MIN_SIZE, SIZE_RANGE = 4.0, 26.0


def _column(papers: pd.DataFrame, name: str, default: Any) -> pd.Series:
    if name not in papers.columns:
        return pd.Series(default, index=papers.index)
    return pd.to_numeric(papers[name], errors="coerce").fillna(default)


def viz_attributes(papers: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """``viz`` node data for networkx's GEXF writer, per paperId: the map's layout as
    position, role as colour, importance as size."""
    importance = _column(papers, "importance", 0.0).clip(0.0, 1.0)
    layout = compute_layout(
        papers["paperId"].astype(str).tolist(),
        papers["year"].tolist() if "year" in papers.columns else [None] * len(papers),
        _column(papers, "cluster", -1).astype(int).tolist(),
        importance.tolist(),
    )
    roles = papers["role"] if "role" in papers.columns else pd.Series(None, index=papers.index)
    viz = {}
    for i, (paper_id, role, imp) in enumerate(zip(papers["paperId"], roles, importance)):
        r, g, b = role_rgb(role)
        viz[xml_text(str(paper_id))] = {
            "position": {"x": float(layout.x[i]), "y": -float(layout.y[i]), "z": 0.0},
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": node_size(imp),
        }
    return viz


def role_rgb(role: Any) -> tuple[int, int, int]:
    """A node's colour in Gephi: its role's, grey without one."""
    return ROLE_RGB.get(role if isinstance(role, str) else "other", ROLE_RGB["other"])


def node_size(importance: float) -> float:
    """A node's size in Gephi from its importance (0 to 1)."""
    return round(MIN_SIZE + SIZE_RANGE * float(importance), 2)


class _GEXFWriter(GEXFWriter):
    """networkx's GEXF 1.3 writer with the XML Schema instance namespace spelt right."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.xml.set("xmlns:xsi", XSI)


def _dump_gexf(graph: nx.DiGraph, handle: BinaryIO) -> None:
    writer = _GEXFWriter(encoding="utf-8", version="1.3")
    writer.add_graph(graph)
    writer.write(handle)


def write_gexf(papers: pd.DataFrame, edges: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write ``mentalmap.gexf`` (GEXF 1.3 with ``viz:`` position, colour and size)."""
    graph = build_graph(papers, edges)
    nx.set_node_attributes(graph, viz_attributes(papers), "viz")
    return [write_atomic(out_dir / "mentalmap.gexf", lambda h: _dump_gexf(graph, h), ExportError)]
