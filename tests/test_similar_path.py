"""``similar`` and ``path``: ties to one paper and the papers between two, counted by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import small_sha

from mentalmap.analysis.connector import connect_papers
from mentalmap.analysis.similar import similar_papers
from mentalmap.cli import main
from mentalmap.errors import AnalysisError
from mentalmap.store import Store

NAMES = ("a", "b", "c", "d", "e", "f", "g", "r1", "r2", "r3", "z")  # z: no citation at all
#: c and d cite a and b (a, b co-cited twice); a and e share r1, r2 (coupled twice); f cites a.
EDGES = [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("a", "r1"), ("a", "r2"),
         ("e", "r1"), ("e", "r2"), ("e", "r3"), ("f", "a"), ("g", "r3")]  # fmt: skip
ID = {name: small_sha(f"sim-{name}") for name in NAMES}


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    papers = pd.DataFrame(
        {"paperId": list(NAMES), "year": range(2000, 2000 + len(NAMES))}
    ).set_index("paperId")
    edges = pd.DataFrame(EDGES, columns=["citing", "cited"])
    return papers, edges


def test_similar_counts_cocitation_and_coupling_and_ranks_by_cosine() -> None:
    got = similar_papers(frames(), "a")
    assert got.to_dict("records") == [
        # deg(a) = 3 citers + 2 references; b: 2 citers; e: 3 references
        {"paperId": "b", "cocited": 2, "coupled": 0, "link": "", "similarity": 0.632},
        {"paperId": "e", "cocited": 0, "coupled": 2, "link": "", "similarity": 0.516},
    ]
    assert similar_papers(frames(), "r1")["paperId"].tolist() == ["r2", "r3"]
    assert similar_papers(frames(), "r1").loc[0, "cocited"] == 2  # a and e cite r1 and r2
    with pytest.raises(AnalysisError, match="not in the map"):
        similar_papers(frames(), "zz")


def test_similar_marks_a_direct_citation() -> None:
    papers, edges = frames()
    edges = pd.concat([edges, pd.DataFrame([("b", "a")], columns=["citing", "cited"])])
    got = similar_papers((papers, edges), "a").set_index("paperId")
    assert got.loc["b", "link"] == "cited by"
    assert similar_papers((papers, edges), "b").set_index("paperId").loc["a", "link"] == "cites"


def test_connector_finds_every_paper_on_the_shortest_paths() -> None:
    found = connect_papers(frames(), "b", "e")
    # b-c-a-r1-e, b-d-a-r1-e, b-c-a-r2-e, b-d-a-r2-e
    assert (found.length, found.shortest_paths) == (4, 4)
    assert found.papers.to_dict("records") == [
        {"paperId": "a", "from_a": 2, "to_b": 2, "paths": 4},
        {"paperId": "c", "from_a": 1, "to_b": 3, "paths": 2},
        {"paperId": "d", "from_a": 1, "to_b": 3, "paths": 2},
        {"paperId": "r1", "from_a": 3, "to_b": 1, "paths": 2},
        {"paperId": "r2", "from_a": 3, "to_b": 1, "paths": 2},
    ]
    assert found.path[0] == "b" and found.path[-1] == "e" and len(found.path) == 9
    assert found.path[1::2] == ("cited by", "cites", "cites", "cited by")
    assert connect_papers(frames(), "b", "e", max_length=3).length is None
    assert "f" not in set(found.papers["paperId"])  # f cites a, but is on no shortest path


def test_connector_with_slack_adds_papers_on_longer_paths() -> None:
    papers, edges = frames()
    # a second, longer route b <- x -> g -> r3 <- e (length 4) plus a detour for length 5
    papers = pd.concat(
        [papers, pd.DataFrame({"paperId": ["x"], "year": [2011]}).set_index("paperId")]
    )
    edges = pd.concat([edges, pd.DataFrame([("x", "b"), ("x", "f")], columns=["citing", "cited"])])
    found = connect_papers((papers, edges), "b", "e", slack=1, max_length=5)
    rows = found.papers.set_index("paperId")
    assert rows.loc["a", "paths"] == 4 and rows.loc["x", "paths"] == 0  # b-x-f-a-r1-e: length 5
    assert rows.loc["f", "from_a"] == 2 and rows.loc["f", "to_b"] == 3


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store, store.transaction():
        for i, name in enumerate(NAMES):
            title = f"Paper {name}" + (" \x1b[31mred" if name == "b" else "")
            ext = {"ArXiv": f"2201.{i:05d}"}
            record = {"paperId": ID[name], "title": title, "year": 2000 + i,
                      "externalIds": ext, "citationCount": 10 - i}  # fmt: skip
            store.put_paper(record, depth=0)
        store.put_edges((ID[c], ID[d], None, None, None) for c, d in EDGES)
    return path


def test_similar_command(db) -> None:
    result = CliRunner().invoke(main, ["similar", "ARXIV:2201.00000", "--db", str(db),
                                       "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(pd.io.common.StringIO(result.output))
    assert rows["paperId"].tolist() == [ID["b"], ID["e"]]
    assert rows[["cocited", "coupled"]].values.tolist() == [[2, 0], [0, 2]]
    assert rows.loc[0, "title"] == "Paper b [31mred"  # the escape is gone, the text stays
    table = CliRunner().invoke(main, ["similar", ID["a"], "--db", str(db)])
    assert "Most tied to 'Paper a'" in table.output and "\x1b" not in table.output


def test_similar_command_errors_are_one_line(db, tmp_path) -> None:
    unknown = CliRunner().invoke(main, ["similar", "ARXIV:2301.00001", "--db", str(db)])
    assert unknown.exit_code == 1 and unknown.output.startswith("Error: paper 'ARXIV:2301.00001'")
    missing = CliRunner().invoke(main, ["similar", ID["a"], "--db", str(tmp_path / "no.sqlite")])
    assert missing.exit_code == 1 and len(missing.output.strip().splitlines()) == 1
    lonely = CliRunner().invoke(main, ["similar", ID["z"], "--db", str(db)])
    assert lonely.exit_code == 0 and "No paper of" in lonely.output


def test_path_command(db) -> None:
    result = CliRunner().invoke(main, ["path", ID["b"], "ARXIV:2201.00004", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Shortest path: 4 citations; 4 shortest paths." in result.output
    assert "5 papers between them" in result.output
    assert result.output.count("  cites\n") == 2 and result.output.count("  cited by\n") == 2
    csv = CliRunner().invoke(main, ["path", ID["b"], ID["e"], "--db", str(db), "--format", "csv"])
    rows = pd.read_csv(pd.io.common.StringIO(csv.output))
    assert rows["paperId"].tolist()[0] == ID["a"] and len(rows) == 5
    far = CliRunner().invoke(main, ["path", ID["b"], ID["e"], "--db", str(db), "--max-length", "3"])
    assert far.exit_code == 1
    assert far.output.strip() == (
        f"Error: no citation path of at most 3 between them in {db}; grow the map between "
        f"them: mentalmap path {ID['b']} {ID['e']} --db {db} --crawl 50"
    )
