"""Exports carry what mentalmap adds, read back by the tools' own readers.

* RIS (Zotero): role and sub-topic as ``KW`` tags, reason and reading-log notes as ``N1``, every
  tag one that Zotero's RIS import maps; parsed back with rispy.
* BibTeX (Zotero, JabRef): the same in ``keywords`` and ``note``; parsed back with bibtexparser.
* GEXF (Gephi): a structural check of GEXF 1.3 (gexf.net/1.3 and its viz module, as the 1.3
  schema declares them) and the map's own layout as ``viz:position``, role as ``viz:color``,
  importance as ``viz:size``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import networkx as nx
import pandas as pd
import pytest
import rispy
from test_export import make_edges, make_papers, make_table

from mentalmap.export import export_papers
from mentalmap.export.graphs import ROLE_RGB
from mentalmap.export.references import unescape_latex

#: The tags this export may use, all of which Zotero's RIS import maps to a field (the brief's
#: list, plus T2 secondary title, DA date, L1 PDF link and ID, which Zotero reads too).
ZOTERO_RIS_TAGS = {"TY", "TI", "AU", "PY", "DO", "UR", "KW", "N1", "AB", "JO", "ER"}
ZOTERO_RIS_TAGS |= {"T2", "DA", "L1", "ID"}
#: A note that tries to close its RIS record and open a BibTeX entry of its own.
HOSTILE_NOTE = "see §3\nER  - \nTY  - JOUR\n}, @misc{evil, title={x}"

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def make_log() -> pd.DataFrame:
    rows = [
        ("p1", None, "1", "skimmed: X with Y", "2026-01-02T09:00:00+00:00"),
        ("p1", None, "2", HOSTILE_NOTE, "2026-01-03T09:00:00+00:00"),
        ("p3", None, "1", None, "2026-01-04T09:00:00+00:00"),
    ]
    return pd.DataFrame(rows, columns=["paperId", "title", "pass", "note", "readAt"])


def export(fmt: str, tmp_path: Path, log: pd.DataFrame | None = None) -> Path:
    [path] = export_papers(make_papers(), make_edges(), fmt, tmp_path, table=make_table(), log=log)
    return path


def test_ris_carries_role_topic_reason_and_notes_as_zotero_reads_them(tmp_path: Path) -> None:
    path = export("ris", tmp_path, make_log())
    text = path.read_text("utf-8")
    used = {line[:2] for line in text.splitlines() if line}
    assert used <= ZOTERO_RIS_TAGS, used - ZOTERO_RIS_TAGS
    records = {r["id"]: r for r in rispy.loads(text)}
    assert sorted(records) == ["p1", "p2", "p3", "p4", "p5", "p6"]  # the hostile note made none
    p1 = records["p1"]
    assert p1["keywords"] == ["mentalmap:frontier", "topic:Transformers", "Computer Science"]
    [note] = p1["notes"]
    assert note.startswith("mentalmap frontier: new — reading log: skimmed: X with Y | see §3")
    assert "@misc{evil" in note  # kept as text, on its one N1 line
    assert records["p3"]["keywords"][:2] == ["mentalmap:foundational", "topic:Philosophy"]
    assert records["p3"]["notes"] == ["mentalmap foundational: cited by all"]  # no note logged
    assert "notes" not in records["p2"]  # no reason, no log: no N1
    for r in records.values():
        assert "TY" not in r.get("title", "")


def test_bibtex_carries_keywords_and_note(tmp_path: Path) -> None:
    path = export("bibtex", tmp_path, make_log())
    library = bibtexparser.parse_string(path.read_text("utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 6  # the hostile note opened no entry
    by_doi = {e.fields_dict["doi"].value: e for e in library.entries if "doi" in e.fields_dict}
    p1 = by_doi["10.5555/3295222_3295349"]
    keywords = [k.strip() for k in p1["keywords"].split(",")]
    assert keywords == ["mentalmap:frontier", "topic:Transformers", "Computer Science"]
    note = unescape_latex(p1["note"])
    assert note.startswith("mentalmap frontier: new — reading log: skimmed: X with Y | see §3")
    assert note.endswith("}, @misc{evil, title={x}")


def test_without_analysis_or_log_there_are_no_tags_or_notes(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "ris", tmp_path)
    records = rispy.loads((tmp_path / "mentalmap.ris").read_text("utf-8"))
    assert all(not any(k.startswith("mentalmap:") for k in r.get("keywords", [])) for r in records)
    assert all("notes" not in r for r in records)


# --- GEXF 1.3 --------------------------------------------------------------------------------
def _check_gexf_13(root: ET.Element) -> None:
    """The structure the GEXF 1.3 schema requires of what this export writes."""
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.3"
    assert root.get(f"{{{XSI}}}schemaLocation").split() == [GEXF, f"{GEXF}/gexf.xsd"]
    [graph] = root.findall(f"{{{GEXF}}}graph")
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    declared = {}
    for attributes in graph.findall(f"{{{GEXF}}}attributes"):
        assert attributes.get("class") in {"node", "edge"}
        for a in attributes.findall(f"{{{GEXF}}}attribute"):
            assert a.get("type") in {"integer", "long", "double", "float", "boolean", "string"}
            declared[(attributes.get("class"), a.get("id"))] = a.get("type")
    ids = set()
    for node in graph.iter(f"{{{GEXF}}}node"):
        assert node.get("id") and node.get("id") not in ids
        ids.add(node.get("id"))
        for value in node.iter(f"{{{GEXF}}}attvalue"):
            assert ("node", value.get("for")) in declared
    for edge in graph.iter(f"{{{GEXF}}}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
        for value in edge.iter(f"{{{GEXF}}}attvalue"):
            assert ("edge", value.get("for")) in declared


def test_gexf_is_version_13_with_the_maps_layout_colours_and_sizes(tmp_path: Path) -> None:
    path = export("gexf", tmp_path)
    root = ET.parse(path).getroot()
    _check_gexf_13(root)
    table = make_table()
    papers = make_papers()
    viz = {}
    for node in root.iter(f"{{{GEXF}}}node"):
        position = node.find(f"{{{VIZ}}}position")
        color = node.find(f"{{{VIZ}}}color")
        size = node.find(f"{{{VIZ}}}size")
        assert position is not None and color is not None and size is not None, node.get("id")
        rgb = tuple(int(color.get(c)) for c in "rgb")
        assert all(0 <= c <= 255 for c in rgb) and 0.0 <= float(color.get("a")) <= 1.0
        viz[node.get("id")] = (
            float(position.get("x")),
            float(position.get("y")),
            rgb,
            float(size.get("value")),
        )
    assert set(viz) == set(table.index)
    for paper_id, (_, _, rgb, _) in viz.items():
        assert rgb == ROLE_RGB[table.loc[paper_id, "role"]]
    # Size grows with importance; x with the year (undated papers sit left of the oldest).
    by_importance = table["importance"].sort_values().index
    sizes = [viz[p][3] for p in by_importance]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    dated = papers["year"].dropna().sort_values()
    xs = [viz[p][0] for p in dated.index]
    for (y1, x1), (y2, x2) in zip(zip(dated, xs), zip(dated[1:], xs[1:])):
        assert x1 < x2 or y1 == y2
    for p in papers.index[papers["year"].isna()]:
        assert viz[p][0] < min(xs)
    # Sub-topics are horizontal bands: the two clusters' y ranges do not overlap.
    ys = {c: [viz[p][1] for p in table.index[table["cluster"] == c]] for c in (0, 1)}
    assert max(ys[0]) < min(ys[1]) or max(ys[1]) < min(ys[0])


def test_gexf_reads_back_in_networkx_with_its_viz(tmp_path: Path) -> None:
    graph = nx.read_gexf(export("gexf", tmp_path), version="1.3")
    assert graph.nodes["p4"]["viz"]["size"] == pytest.approx(30.0)
    assert graph.nodes["p4"]["role"] == "foundational"
    assert graph.nodes["p1"]["doi"] == "10.5555/3295222_3295349"
    assert "externalIds" not in graph.nodes["p1"]
