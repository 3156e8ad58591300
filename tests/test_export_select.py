"""Selections narrow papers and edges, and add the analysis columns the export then writes."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pandas as pd
import pytest
from test_export import make_edges, make_papers, make_table

from mentalmap.errors import ExportError
from mentalmap.export import PAPER_COLUMNS, Selection, export_papers, parse_selection, select_papers


def reading() -> pd.DataFrame:
    """A reading list as analysis.reading_list returns it (fewer columns)."""
    return pd.DataFrame(
        {
            "order": [1, 2, 3],
            "paperId": ["p6", "p4", "p1"],
            "title": ["ignored", "ignored", "ignored"],
            "role": ["survey", "foundational", "frontier"],
            "section": ["Start here: recent surveys", "Foundations", "Best recent work"],
            "why": ["a survey", "the seed", "new & hot"],
        }
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", Selection("all")),
        ("reading-list", Selection("reading-list")),
        ("role:survey", Selection("role", "survey")),
        ("role:Foundational", Selection("role", "foundational")),
        ("topic:3", Selection("topic", "3")),
        ("topic: Graph neural nets ", Selection("topic", "Graph neural nets")),
    ],
)
def test_parse_selection(text: str, expected: Selection) -> None:
    assert parse_selection(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("role:wizard", "unknown role 'wizard'; roles are: foundational"),
        ("everything", "cannot read selection 'everything'"),
        ("topic:", "cannot read selection"),
        ("role", "cannot read selection"),
    ],
)
def test_bad_selections_are_export_errors(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        parse_selection(text)


def test_all_keeps_everything_and_adds_no_columns_without_a_table() -> None:
    papers, edges = select_papers(make_papers(), make_edges(), "all")
    assert papers.index.tolist() == make_papers().index.tolist()
    assert len(edges) == len(make_edges())
    assert "role" not in papers


def test_role_keeps_its_papers_and_the_edges_among_them() -> None:
    papers, edges = select_papers(make_papers(), make_edges(), "role:foundational", make_table())
    assert papers.index.tolist() == ["p3", "p4"]
    assert papers["role"].tolist() == ["foundational", "foundational"]
    assert papers["cluster_label"].tolist() == ["Philosophy", "Transformers"]
    assert edges[["citing", "cited"]].values.tolist() == [["p4", "p3"]]


def test_a_role_nobody_has_selects_nothing() -> None:
    papers, edges = select_papers(make_papers(), make_edges(), "role:technique", make_table())
    assert papers.empty and edges.empty
    assert "role" in papers.columns


@pytest.mark.parametrize("topic", ["topic:1", "topic:philosophy", "topic:PHILOSOPHY"])
def test_topic_by_number_or_label(topic: str) -> None:
    papers, edges = select_papers(make_papers(), make_edges(), topic, make_table())
    assert papers.index.tolist() == ["p2", "p3", "p6"]
    assert edges[["citing", "cited"]].values.tolist() == [["p2", "p3"]]


def test_an_unknown_topic_lists_the_topics() -> None:
    with pytest.raises(ExportError, match=r"no topic 'cats'.*0 Transformers; 1 Philosophy"):
        select_papers(make_papers(), make_edges(), "topic:cats", make_table())
    with pytest.raises(ExportError, match="no topic '7'"):
        select_papers(make_papers(), make_edges(), "topic:7", make_table())


def test_reading_list_keeps_reading_order_and_adds_its_columns() -> None:
    papers, edges = select_papers(
        make_papers(), make_edges(), "reading-list", make_table(), reading()
    )
    assert papers.index.tolist() == ["p6", "p4", "p1"]
    assert papers["order"].tolist() == [1, 2, 3]
    assert papers["why"].tolist() == ["a survey", "the seed", "new & hot"]
    assert papers["title"].iloc[1] == "Attention Is All You Need"  # from papers, not the list
    assert papers["role"].tolist() == ["survey", "foundational", "frontier"]
    assert sorted(map(tuple, edges[["citing", "cited"]].values.tolist())) == [
        ("p1", "p4"),
        ("p6", "p1"),
    ]


def test_reading_list_export_is_in_reading_order(tmp_path: Path) -> None:
    table = make_table()
    papers, edges = select_papers(make_papers(), make_edges(), "reading-list", table, reading())
    export_papers(papers, edges, "bibtex", tmp_path, table=table)
    lib = bibtexparser.parse_string((tmp_path / "mentalmap.bib").read_text("utf-8"))
    assert [e.key for e in lib.entries] == [
        "team2021emoji",
        "vaswani2017attention",
        "schrodinger2017schrodinger",
    ]
    export_papers(papers, edges, "csv", tmp_path, table=table)
    csv = pd.read_csv(tmp_path / "papers.csv")
    added = csv.columns.tolist()[len(PAPER_COLUMNS) :]
    assert added[:4] == ["order", "section", "why", "role"]
    assert csv["order"].tolist() == [1, 2, 3]
    assert csv["role"].tolist() == ["survey", "foundational", "frontier"]


def test_selection_does_not_change_its_inputs() -> None:
    papers, edges, table = make_papers(), make_edges(), make_table()
    select_papers(papers, edges, "reading-list", table, reading())
    select_papers(papers, edges, "topic:0", table)
    pd.testing.assert_frame_equal(papers, make_papers())
    pd.testing.assert_frame_equal(edges, make_edges())
    pd.testing.assert_frame_equal(table, make_table())


@pytest.mark.parametrize("selection", ["reading-list", "role:survey", "topic:0"])
def test_selections_other_than_all_need_the_table_they_are_given(selection: str) -> None:
    """The analysis runs once per store (pipeline.analyse_store), never inside a selection."""
    with pytest.raises(ExportError, match="needs the analysis table"):
        select_papers(make_papers(), make_edges(), selection)


def test_reading_list_is_computed_from_the_table_when_not_given() -> None:
    from mentalmap.analysis import analyze

    papers, edges = make_papers(), make_edges()
    chosen, _ = select_papers(papers, edges, "reading-list", analyze(papers, edges), size=5)
    assert chosen["order"].tolist() == sorted(chosen["order"].tolist())
    assert 0 < len(chosen) <= 5
