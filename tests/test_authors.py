"""Key authors: papers, in-map citations, foundational papers and recent activity per person."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from mentalmap.authors import AUTHOR_COLUMNS, key_authors
from mentalmap.cli import main
from mentalmap.errors import AnalysisError
from mentalmap.store import Store

ADA = {"authorId": "1", "name": "Ada"}
BO = {"authorId": None, "name": "Bo  Li"}  # no S2 author id: keyed by name


@pytest.fixture
def tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    papers = pd.DataFrame(
        {
            "paperId": ["a", "b", "c", "d"],
            "title": ["Root", "Branch", "Leaf", "New"],
            "year": [2010, 2015, 2022, 2024],
            "authors": [[ADA], [ADA, BO, ADA], [BO], [{"authorId": None, "name": "bo li"}]],
        }
    ).set_index("paperId")
    edges = pd.DataFrame({"citing": ["b", "c", "d", "c"], "cited": ["a", "a", "a", "b"]})
    return papers, edges


def test_counts_per_author(tiny) -> None:
    papers, edges = tiny
    out = key_authors(papers, edges, recent_years=3).set_index("author")
    assert list(out.reset_index().columns) == list(AUTHOR_COLUMNS)
    ada, bo = out.loc["Ada"], out.loc["Bo Li"]
    assert (ada["papers"], ada["in_map_citations"], ada["recent"]) == (
        2,
        4,
        0,
    )  # listed twice: once
    assert ada["authorId"] == "1" and ada["top_paper"] == "Root"
    # Bo's three papers: two spellings of the name are one person without an id
    assert (bo["papers"], bo["in_map_citations"], bo["recent"]) == (3, 1, 2)
    assert bo["authorId"] == ""
    assert out["foundational"].tolist() == [0, 0]  # no roles without a table


def test_score_combines_the_parts_and_orders_the_rows(tiny) -> None:
    papers, edges = tiny
    out = key_authors(papers, edges, recent_years=3)
    # Without roles, foundational's 0.25 is shared out: citations 0.483, papers 0.283,
    # recent 0.233. Ada: 0.483·4/4 + 0.283·2/3 + 0; Bo: 0.483·1/4 + 0.283·3/3 + 0.233·2/2.
    assert out["author"].tolist() == ["Ada", "Bo Li"]
    assert out["score"].tolist() == pytest.approx([0.6722, 0.6375], abs=1e-3)
    table = pd.DataFrame({"role": ["other", "other", "foundational", "tweak"]}, index=papers.index)
    with_roles = key_authors(papers, edges, table, recent_years=3).set_index("author")
    assert with_roles.loc["Bo Li", "foundational"] == 1
    assert with_roles.loc["Bo Li", "score"] > with_roles.loc["Ada", "score"]


def test_bad_input_is_a_named_error(tiny) -> None:
    papers, edges = tiny
    with pytest.raises(AnalysisError, match="authors"):
        key_authors(papers.drop(columns="authors"), edges)
    with pytest.raises(AnalysisError, match="recent_years"):
        key_authors(papers, edges, recent_years=0)
    empty = key_authors(papers.iloc[:0], edges.iloc[:0])
    assert empty.empty and list(empty.columns) == list(AUTHOR_COLUMNS)


@pytest.fixture(scope="module")
def field():
    import mentalmap.synthetic as synthetic

    return synthetic.generate_field(600, seed=7)


def test_on_the_demo_field(field) -> None:
    from mentalmap.analysis import analyze

    papers, edges = field.papers_frame(), field.edges_frame()
    out = key_authors(papers, edges, analyze(papers, edges))
    n_authors = len({a["authorId"] for authors in papers["authors"] for a in authors})
    assert len(out) == n_authors
    assert out["papers"].sum() == sum(len(a) for a in papers["authors"])
    # parts are scaled by their maximum, so the leader leads on most of them
    assert out["score"].is_monotonic_decreasing and 0.5 <= out["score"].iloc[0] <= 1
    assert out["foundational"].sum() > 0
    # The top five are well above the typical author on in-map citations.
    assert out["in_map_citations"].head(5).min() > out["in_map_citations"].median()


def test_cli_formats(field, tmp_path) -> None:
    db = tmp_path / "f.sqlite"
    records, citations = field.to_s2_records()
    with Store.open(db) as store, store.transaction():
        for record in records:
            store.put_paper(record, depth=1)
        store.put_edges((c["citing"], c["cited"], None, [], None) for c in citations if c["cited"])
    runner = CliRunner()
    table = runner.invoke(main, ["authors", "--db", str(db), "--limit", "3"])
    assert table.exit_code == 0, table.output
    assert "Key authors" in table.output
    rows = json.loads(runner.invoke(main, ["authors", "--db", str(db), "--format", "json"]).output)
    assert len(rows) == 20 and list(rows[0]) == list(AUTHOR_COLUMNS)
    assert rows[0]["author"] in table.output
    csv = runner.invoke(main, ["authors", "--db", str(db), "--format", "csv", "--limit", "2"])
    assert (
        csv.output.splitlines()[0] == ",".join(AUTHOR_COLUMNS) and len(csv.output.splitlines()) == 3
    )
    empty = tmp_path / "empty.sqlite"
    Store.open(empty).close()
    result = runner.invoke(main, ["authors", "--db", str(empty)])
    assert (
        result.exit_code == 1
        and result.output.startswith("Error: ")
        and "no papers" in result.output
    )
    bad = runner.invoke(main, ["authors", "--db", str(db), "--limit", "0"])
    assert bad.exit_code == 2
    assert "mentalmap authors --limit 15" in runner.invoke(main, ["authors", "--help"]).output


def test_counts_are_scoped_to_the_seeds_sub_area() -> None:
    def who(*names: str) -> list[dict]:
        return [{"authorId": n, "name": n} for n in names]

    ids = ["a", "b", "c", "x1", "x2", "x3", "x4"]
    papers = pd.DataFrame(
        {
            "paperId": ids,
            "year": [2015, 2020, 2024, 2016, 2017, 2018, 2024],
            "title": ids,
            "authors": [who("Ada", "Bo"), who("Ada"), who("Cy"), *[who("Rag")] * 4],
        }
    ).set_index("paperId")
    edges = pd.DataFrame(
        {"citing": ["b", "c", "x2", "x3", "x4", "x4"], "cited": ["a", "a", "x1", "x1", "x1", "x2"]}
    )
    table = pd.DataFrame(
        {"in_scope": [True, True, True, False, False, False, False], "role": "other"},
        index=pd.Index(ids, name="paperId"),
    )
    whole = key_authors(papers, edges, table.drop(columns="in_scope"))
    assert whole["author"].iloc[0] == "Rag"  # most papers and citations, in another area
    scoped = key_authors(papers, edges, table).set_index("author")
    assert "Rag" not in scoped.index and scoped.index[0] == "Ada"
    assert scoped.loc["Ada", "in_map_citations"] == 2 and scoped.loc["Ada", "key_papers"] == "a; b"
    assert scoped.loc["Ada", "group"] == scoped.loc["Bo", "group"] == "Ada group"
    assert scoped.loc["Cy", "group"] == ""
    assert scoped.loc["Ada", "advice"] == "read" and scoped.loc["Cy", "advice"] == "write to"
