"""GraphML and GEXF written as text straight from the store, chunk by chunk.

Each file declares every attribute of the export up front with its type (both formats allow
declared attributes no element uses), then writes nodes, then edges. Values follow the rules of
:mod:`mentalmap.export.graphs` (:func:`~mentalmap.export.graphs.attribute_value`), column by
column: a text, integer or boolean cell of its column's own type takes a short path to the same
text, anything else goes through ``attribute_value``; an edge's flags are converted once per
distinct value in a batch. So a streamed file parses to the graph networkx writes from frames.

GEXF also needs every paper's position before its first node: a first pass reads each paper's
year and paperId (in the node order) and keeps two floats per paper, then
:func:`mentalmap.render.layout.place` lays out the whole store from arrays (about 200 bytes per
paper at its peak, no Python object per paper: ``benchmarks/export.py`` prints it), then a
second pass writes the nodes. A store
exported without analysis has one band and no roles: grey nodes of the smallest size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.chunks import Counts, edge_batches, edge_record, paper_frames, plain_id
from mentalmap.export.frames import EDGE_COLUMNS
from mentalmap.export.graphs import (
    ATTRIBUTE_TYPES,
    XSI,
    attribute_value,
    edge_attrs,
    node_size,
    role_rgb,
)
from mentalmap.graph import EdgeRow
from mentalmap.render.layout import jitter, place
from mentalmap.safe_text import xml_text
from mentalmap.store import Store

_TYPES = {int: "long", float: "double", bool: "boolean", str: "string"}
#: Node columns that are not attributes (the id is the element's; the rest is in doi / arxiv).
_NOT_ATTRIBUTES = ("paperId", "externalIds")
_EDGE_ATTRIBUTES = [c for c in EDGE_COLUMNS if c not in ("citing", "cited")]


def value_text(column: str, value: Any) -> str | None:
    """One cell as its attribute's text, unescaped (None: the attribute is left off)."""
    kind = type(value)
    if value is None:
        return None
    if kind is ATTRIBUTE_TYPES.get(column, str) and column != "authors":
        if kind is str:
            return xml_text(value)
        if kind is int:
            return str(value)
        if kind is bool:
            return "true" if value else "false"
    if kind is list:
        texts = _list_text(column, value)
        if texts is not None:
            return texts or None
    scalar = attribute_value(column, value)
    if scalar is None:
        return None
    if isinstance(scalar, bool):
        return "true" if scalar else "false"
    return scalar if isinstance(scalar, str) else str(scalar)


def _list_text(column: str, value: list) -> str | None:
    """A list of text (or, for ``authors``, of ``{"name": …}``) as ``attribute_value`` joins it
    (``""``: nothing to join); None for any other list, which takes the long way."""
    if column == "authors":
        if not all(type(a) is dict and type(a.get("name", "")) in (str, type(None)) for a in value):
            return None
        names = [" ".join(n.split()) for a in value if (n := a.get("name")) and n.strip()]
        return "; ".join(xml_text(n) for n in names)
    if all(type(v) is str for v in value):
        return "; ".join(xml_text(v) for v in value)
    return None


def _type(column: str) -> str:
    return _TYPES[ATTRIBUTE_TYPES.get(column, str)]


def _id(pid: str) -> str:
    return f'"{pid}"' if plain_id(pid) else quoteattr(xml_text(str(pid)))


def _attribute_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _NOT_ATTRIBUTES]


def _node_texts(frame: pd.DataFrame) -> tuple[list[str], list[str], dict[str, list[str | None]]]:
    """A chunk's node ids (quoted), labels (unescaped) and attribute texts per column."""
    ids = frame["paperId"].tolist()
    texts = {c: [value_text(c, v) for v in frame[c].tolist()] for c in _attribute_columns(frame)}
    labels = [t or xml_text(str(p)) for t, p in zip(texts["title"], ids, strict=True)]
    return [_id(p) for p in ids], labels, texts


def _lines(
    texts: Sequence[str | None], head: str, quote: Callable[[str], str], tail: str
) -> list[str | None]:
    return [None if t is None else f"{head}{quote(t)}{tail}" for t in texts]


def _rows(columns: list[list[str | None]]) -> Iterator[str]:
    """Each row's attribute lines joined (a left-off attribute is None)."""
    return ("".join(filter(None, row)) for row in zip(*columns, strict=True))


def _edges_text(
    batch: list[EdgeRow], counts: Counts, indent: str, numbered: bool, tail: Callable
) -> str:
    """A batch of raw edge rows as elements: each id quoted once, each distinct flag pair
    converted once (``tail``: its attributes and the element's end), then one line per edge."""
    ends = {row[0] for row in batch}
    ends.update(row[1] for row in batch)
    ids = {pid: _id(pid) for pid in ends}
    keys = {(row[2], row[3]) for row in batch}
    tails = {key: tail(edge_attrs(edge_record(*key))) for key in keys}
    if numbered:  # GEXF: edge ids 0, 1, … in the frame writer's order
        lines = [
            f'{indent}<edge source={ids[a]} target={ids[b]} id="{n}"{tails[(f, i)]}'
            for n, (a, b, f, i, _) in enumerate(batch, counts.edges)
        ]
    else:
        lines = [
            f"{indent}<edge source={ids[a]} target={ids[b]}{tails[(f, i)]}"
            for a, b, f, i, _ in batch
        ]
    counts.edges += len(batch)
    return "".join(lines)


# --- GraphML -------------------------------------------------------------------------------
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    f'xmlns:xsi="{XSI}" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _graphml_keys(node_columns: list[str]) -> str:
    keys = [("edge", c) for c in _EDGE_ATTRIBUTES] + [("node", c) for c in node_columns]
    lines = [
        f'  <key id="{name}" for="{scope}" attr.name="{name}" attr.type="{_type(name)}" />\n'
        for scope, name in keys
    ]
    lines.append('  <key id="name" for="graph" attr.name="name" attr.type="string" />\n')
    return _GRAPHML_HEAD + "".join(lines) + '  <graph edgedefault="directed">\n'


def _graphml_tail(attrs: dict[str, Any]) -> str:
    data = "".join(
        f'      <data key="{k}">{escape(value_text(k, v) or "")}</data>\n' for k, v in attrs.items()
    )
    return f">\n{data}    </edge>\n" if data else " />\n"


def graphml_writer(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    """Writes ``mentalmap.graphml`` of every paper and citation of ``store``."""

    def write(handle: BinaryIO) -> None:
        for i, frame in enumerate(paper_frames(store)):
            columns = _attribute_columns(frame)
            if i == 0:
                handle.write(_graphml_keys([*columns, "label"]).encode("utf-8"))
            ids, labels, texts = _node_texts(frame)
            lines = [
                _lines(texts[c], f'      <data key="{c}">', escape, "</data>\n") for c in columns
            ]
            lines.append(_lines(labels, '      <data key="label">', escape, "</data>\n"))
            chunk = [
                f"    <node id={node}>\n{data}    </node>\n"
                for node, data in zip(ids, _rows(lines), strict=True)
            ]
            handle.write("".join(chunk).encode("utf-8"))
            counts.papers += len(frame)
        for batch in edge_batches(store):
            handle.write(_edges_text(batch, counts, "    ", False, _graphml_tail).encode("utf-8"))
        handle.write(b'    <data key="name">mentalmap</data>\n  </graph>\n</graphml>\n')

    return write


# --- GEXF ----------------------------------------------------------------------------------
_GEXF_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
    f'xmlns:xsi="{XSI}" '
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    '  <meta lastmodifieddate="{today}">\n    <creator>mentalmap</creator>\n  </meta>\n'
    '  <graph defaultedgetype="directed" mode="static" name="mentalmap">\n'
)


def _gexf_attributes(scope: str, columns: list[str], ids: dict[str, str]) -> str:
    lines = [f'      <attribute id="{ids[c]}" title="{c}" type="{_type(c)}" />\n' for c in columns]
    return f'    <attributes mode="static" class="{scope}">\n{"".join(lines)}    </attributes>\n'


def _gexf_value(attribute: str) -> str:
    return f'          <attvalue for="{attribute}" value='


def positions(store: Store) -> tuple[np.ndarray, np.ndarray]:
    """Every paper's map position, in node order (x, and y pointing up as Gephi's does)."""
    years: list[np.ndarray] = []
    offsets: list[np.ndarray] = []
    cursor = store.conn.execute("SELECT paperId, year FROM papers ORDER BY paperId")
    while rows := cursor.fetchmany(50_000):
        years.append(np.array([np.nan if y is None else y for _, y in rows], dtype=float))
        offsets.append(jitter(pid for pid, _ in rows))
    year = np.concatenate(years) if years else np.zeros(0)
    n = len(year)
    # no analysis: one band (cluster -1), importance 0 — what the frame writer gives these papers
    layout = place(
        year, np.full(n, -1), np.zeros(n), np.arange(n), np.concatenate(offsets or [year])
    )
    return layout.x, layout.y


def gexf_writer(store: Store, counts: Counts) -> Callable[[BinaryIO], None]:
    """Writes ``mentalmap.gexf`` (GEXF 1.3, ``viz:`` as :func:`~mentalmap.export.graphs.write_gexf`
    gives a store without analysis) of every paper and citation of ``store``."""

    def write(handle: BinaryIO) -> None:
        x, y = positions(store)
        r, g, b = role_rgb(None)
        viz = (
            f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />\n'
            f'        <viz:size value="{node_size(0.0)}" />\n'
        )
        edge_ids = {c: f"e{i}" for i, c in enumerate(_EDGE_ATTRIBUTES)}

        def tail(attrs: dict[str, Any]) -> str:
            values = "".join(
                f"{_gexf_value(edge_ids[k])}{quoteattr(value_text(k, v) or '')} />\n"
                for k, v in attrs.items()
            )
            if not values:
                return " />\n"
            return f">\n        <attvalues>\n{values}        </attvalues>\n      </edge>\n"

        for i, frame in enumerate(paper_frames(store)):
            columns = _attribute_columns(frame)
            if i == 0:
                head = _GEXF_HEAD.replace("{today}", date.today().isoformat())
                node_ids = {c: str(n) for n, c in enumerate(columns)}
                handle.write(
                    (
                        head
                        + _gexf_attributes("edge", _EDGE_ATTRIBUTES, edge_ids)
                        + _gexf_attributes("node", columns, node_ids)
                        + "    <nodes>\n"
                    ).encode("utf-8")
                )
            ids, labels, texts = _node_texts(frame)
            lines = [
                _lines(texts[c], _gexf_value(node_ids[c]), quoteattr, " />\n") for c in columns
            ]
            start = counts.papers
            chunk = []
            for j, (node, label, values) in enumerate(zip(ids, labels, _rows(lines), strict=True)):
                px, py = round(float(x[start + j]), 1), -round(float(y[start + j]), 1)
                chunk.append(
                    f"      <node id={node} label={quoteattr(label)}>\n{viz}"
                    f'        <viz:position x="{px}" y="{py}" z="0.0" />\n'
                    f"        <attvalues>\n{values}        </attvalues>\n      </node>\n"
                )
            handle.write("".join(chunk).encode("utf-8"))
            counts.papers += len(frame)
        if counts.papers != len(x):
            raise ExportError("the store changed while it was exported; export it again")
        handle.write(b"    </nodes>\n    <edges>\n")
        for batch in edge_batches(store):
            handle.write(_edges_text(batch, counts, "      ", True, tail).encode("utf-8"))
        handle.write(b"    </edges>\n  </graph>\n</gexf>\n")

    return write
