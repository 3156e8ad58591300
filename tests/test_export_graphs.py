"""GraphML and GEXF read back by networkx keep nodes, edges, attribute values and types."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from test_export import ODD_TITLE, make_edges, make_papers, make_table

from mentalmap.export import export_papers

GRAPHML_KEY = "{http://graphml.graphdrawing.org/xmlns}key"
READERS = {
    "graphml": lambda out: nx.read_graphml(out / "mentalmap.graphml"),
    "gexf": lambda out: nx.read_gexf(out / "mentalmap.gexf"),
}


@pytest.fixture(params=sorted(READERS))
def graph(request: pytest.FixtureRequest, tmp_path: Path) -> nx.DiGraph:
    export_papers(make_papers(), make_edges(), request.param, tmp_path, table=make_table())
    return READERS[request.param](tmp_path)


def test_nodes_and_edges_survive(graph: nx.DiGraph) -> None:
    assert graph.is_directed()
    assert set(graph.nodes) == {"p1", "p2", "p3", "p4", "p5", "p6"}
    assert set(graph.edges) == {("p4", "p3"), ("p5", "p4"), ("p1", "p4"), ("p6", "p1"),
                                ("p2", "p3")}  # fmt: skip


def test_text_attributes_keep_odd_characters(graph: nx.DiGraph) -> None:
    assert graph.nodes["p1"]["title"] == ODD_TITLE
    assert graph.nodes["p1"]["label"] == ODD_TITLE
    assert graph.nodes["p2"]["title"] == "注意力机制研究 🚀"
    assert graph.nodes["p6"]["title"] == "Emoji 🎉 and <i>tags</i>"
    assert graph.nodes["p1"]["abstract"].startswith("Line one,\nline two: α ≤ β")
    assert graph.nodes["p1"]["authors"] == "Erwin Schrödinger; Łukasz Kaiser"
    assert graph.nodes["p3"]["fieldsOfStudy"] == "Philosophy; History"
    assert graph.nodes["p1"]["doi"] == "10.5555/3295222_3295349"
    assert graph.nodes["p1"]["arxiv"] == "1706.03762"


def test_numbers_and_flags_keep_their_types(graph: nx.DiGraph) -> None:
    p4 = graph.nodes["p4"]
    assert p4["year"] == 2017 and type(p4["year"]) is int
    assert p4["citationCount"] == 100000 and type(p4["citationCount"]) is int
    assert p4["isSeed"] is True and graph.nodes["p1"]["isSeed"] is False
    assert p4["depth"] == 0
    assert p4["role"] == "foundational"
    assert p4["cluster"] == 0 and type(p4["cluster"]) is int
    assert p4["cluster_label"] == "Transformers"
    assert p4["importance"] == pytest.approx(1.0) and type(p4["importance"]) is float
    assert p4["confidence"] == pytest.approx(0.95)
    assert p4["has_code"] is True and graph.nodes["p2"]["has_code"] is False
    assert graph.nodes["p1"]["code_url"] == "https://github.com/x/y?a=1&b=2"
    assert "pagerank" not in p4  # only the documented analysis columns are exported


def test_missing_values_are_left_off(graph: nx.DiGraph) -> None:
    p2 = graph.nodes["p2"]
    for missing in ("year", "abstract", "venue", "tldr", "doi", "fieldsOfStudy", "corpusId"):
        assert missing not in p2
    assert p2["citationCount"] == 0  # a zero is a value, not a missing one


def test_edge_attributes_survive(graph: nx.DiGraph) -> None:
    assert graph.edges["p4", "p3"]["isInfluential"] is True
    assert graph.edges["p4", "p3"]["intents"] == "methodology; background"
    assert graph.edges["p5", "p4"]["isInfluential"] is False
    assert "isInfluential" not in graph.edges["p1", "p4"]  # None: unknown, so not written
    assert "intents" not in graph.edges["p5", "p4"]  # no intents
    assert "contexts" not in graph.edges["p4", "p3"]


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_xml_forbidden_characters_are_dropped(tmp_path: Path, fmt: str) -> None:
    papers = make_papers()
    papers.loc["p1", "title"] = "Bell\x07 and form\x0cfeed\x00"
    export_papers(papers, make_edges(), fmt, tmp_path)
    assert READERS[fmt](tmp_path).nodes["p1"]["title"] == "Bell and formfeed"


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_numbers_stored_as_floats_are_written_as_ints(tmp_path: Path, fmt: str) -> None:
    papers = make_papers()
    papers["citationCount"] = papers["citationCount"].astype(float)
    papers.loc["p2", "citationCount"] = float("nan")
    export_papers(papers, make_edges(), fmt, tmp_path)
    graph = READERS[fmt](tmp_path)
    assert type(graph.nodes["p1"]["citationCount"]) is int
    assert "citationCount" not in graph.nodes["p2"]


def test_without_a_table_no_analysis_attributes(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "graphml", tmp_path)
    graph = nx.read_graphml(tmp_path / "mentalmap.graphml")
    assert not {"role", "cluster", "importance"} & set(graph.nodes["p4"])


def test_graphml_declares_each_attribute_once_with_one_type(tmp_path: Path) -> None:
    papers = make_papers()
    papers["citationCount"] = papers["citationCount"].astype(object)
    papers.loc["p3", "citationCount"] = 5.0  # a float among ints must not make a second key
    export_papers(papers, make_edges(), "graphml", tmp_path, table=make_table())
    root = ET.parse(tmp_path / "mentalmap.graphml").getroot()
    keys = [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(GRAPHML_KEY)]
    names = [(domain, name) for domain, name, _ in keys]
    assert len(names) == len(set(names))
    assert ("node", "citationCount", "long") in keys or ("node", "citationCount", "int") in keys
