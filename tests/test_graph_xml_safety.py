"""GraphML and GEXF of a hostile field parse with a strict XML parser; GraphML booleans are
``true`` / ``false`` as the GraphML schema types them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hostile import NUL
from test_export import make_edges, make_papers

from mentalmap.cli import main
from mentalmap.export import export_papers
from mentalmap.safe_text import xml_text

FILES = {"graphml": "mentalmap.graphml", "gexf": "mentalmap.gexf"}
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_xml_text_drops_only_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x07c\x1b[31m\ufffe\ud800d\te\nf\rg") == "abc[31md\te\nf\rg"
    assert xml_text("Łukasz 🚀 <b>&") == "Łukasz 🚀 <b>&"


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_list_cells_with_control_characters_still_parse(fmt: str, tmp_path: Path) -> None:
    papers = make_papers()
    papers.at["p1", "authors"] = [
        {"authorId": "1", "name": "Nul\x00 Byte"},
        {"name": "Esc\x1b Ape"},
    ]
    papers.at["p1", "fieldsOfStudy"] = ["Computer\x0bScience"]
    papers.at["p1", "publicationTypes"] = ["Review\x01"]
    edges = make_edges()
    edges.at[0, "intents"] = ["method\x00ology"]
    export_papers(papers, edges, fmt, tmp_path)
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / FILES[fmt])
    assert graph.nodes["p1"]["authors"] == "Nul Byte; Esc Ape"
    assert graph.nodes["p1"]["fieldsOfStudy"] == "ComputerScience"
    assert graph.nodes["p1"]["publicationTypes"] == "Review"
    assert graph.edges["p4", "p3"]["intents"] == "methodology"


def test_graphml_booleans_are_lowercase(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "graphml", tmp_path)
    root = ET.parse(tmp_path / "mentalmap.graphml").getroot()
    booleans = {k.get("id") for k in root.iterfind("g:key", NS) if k.get("attr.type") == "boolean"}
    assert {"isSeed", "isInfluential"} <= booleans
    values = {d.text for d in root.iter(f"{{{NS['g']}}}data") if d.get("key") in booleans}
    assert values == {"true", "false"}
    graph = nx.read_graphml(tmp_path / "mentalmap.graphml")
    assert graph.nodes["p4"]["isSeed"] is True and graph.nodes["p1"]["isSeed"] is False


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_the_hostile_field_exports_as_parseable_xml(fmt: str, hostile_db, tmp_path: Path) -> None:
    db, _ = hostile_db
    args = ["export", "--db", str(db), "--format", fmt, "--out", str(tmp_path), "--with-analysis"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = (tmp_path / FILES[fmt]).read_text(encoding="utf-8")
    assert NUL not in text and "\x1b" not in text and "\x07" not in text
    ET.fromstring(text.encode("utf-8"))  # strict: raises on any forbidden character
    assert "<script>" not in text  # markup is escaped by the XML writer, not copied raw
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / FILES[fmt])
    assert graph.number_of_nodes() > 100
    assert any("nulbyte" in (a.get("authors") or "") for _, a in graph.nodes(data=True))
