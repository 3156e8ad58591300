"""``mentalmap export`` on a real SQLite store: files, stdout/stderr, exit codes, no key leak."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_export import EXPECTED_FILES, ODD_TITLE, make_edges, make_papers

from mentalmap.cli import main
from mentalmap.export import FORMATS
from mentalmap.graph import load_papers
from mentalmap.store import Store

KEY = "s2-secret-KEY-0123456789abcdef"


def s2_record(row: dict) -> dict:
    """A make_papers() row as the S2 API returns it (the store unwraps pdf and tldr)."""
    record = {k: v for k, v in row.items() if k not in ("depth", "isSeed")}
    record = {k: (None if v is pd.NA or v is pd.NaT else v) for k, v in record.items()}
    if record["publicationDate"] is not None:
        record["publicationDate"] = record["publicationDate"].strftime("%Y-%m-%d")
    record["openAccessPdf"] = row["openAccessPdf"] and {"url": row["openAccessPdf"]}
    record["tldr"] = row["tldr"] and {"model": "tldr@v2.0.0", "text": row["tldr"]}
    return record


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "map.sqlite"
    papers, edges = make_papers(), make_edges()
    with Store.open(path) as store, store.transaction():
        for row in papers.reset_index().to_dict("records"):
            store.put_paper(s2_record(row), depth=int(row["depth"]))
        store.conn.execute("INSERT INTO seeds VALUES ('p4', 'ARXIV:1706.03762', 0)")
        store.put_edges(edges[["citing", "cited", "isInfluential", "intents", "contexts"]].values)
    return path


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["export", *args], env=env, catch_exceptions=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_files_and_lists_them_on_stdout(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    result = run("--db", str(db), "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / name) for name in EXPECTED_FILES[fmt]]
    assert f"Exported 6 of 6 papers and 5 citations as {fmt} to {out}." in result.stderr


def test_csv_from_a_store_holds_the_store_papers(db: Path, tmp_path: Path) -> None:
    assert run("--db", str(db), "--format", "csv", "--out", str(tmp_path)).exit_code == 0
    papers = pd.read_csv(tmp_path / "papers.csv").set_index("paperId")
    stored = load_papers(db)
    assert papers.loc["p1", "title"] == ODD_TITLE
    assert json.loads(papers.loc["p1", "authors"]) == stored.loc["p1", "authors"]
    assert papers.loc["p1", "openAccessPdf"] == "https://example.org/p1.pdf?a=1&b=2"
    assert bool(papers.loc["p4", "isSeed"]) and not bool(papers.loc["p1", "isSeed"])
    assert pd.isna(papers.loc["p2", "year"])
    edges = pd.read_csv(tmp_path / "edges.csv")
    assert len(edges) == 5 and list(edges.columns) == [
        "citing",
        "cited",
        "isInfluential",
        "intents",
    ]


def test_no_api_key_reaches_the_files(db: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        result = run(
            "--db", str(db), "--format", fmt, "--out", str(tmp_path), env={"S2_API_KEY": KEY}
        )
        assert result.exit_code == 0 and KEY not in result.output
    for path in tmp_path.iterdir():
        assert KEY.encode() not in path.read_bytes(), path.name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "Invalid value for '--format'"),
        (["--format", "csv", "--select", "role:wizard"], "unknown role 'wizard'"),
        (["--format", "csv", "--select", "nonsense"], "cannot read selection 'nonsense'"),
        (["--format", "csv", "--size", "10"], "--size only applies to --select reading-list"),
        (["--format", "csv", "--select", "reading-list", "--size", "0"], "not in the range 5-50"),
        (["--format", "csv", "--select", "reading-list", "--size", "51"], "'--size'"),
    ],
)
def test_bad_usage_exits_2(db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = run("--db", str(db), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_store_is_one_error_line(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "nope.sqlite"), "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("fmt", ["csv", "graphml"])
def test_an_empty_store_is_said_not_exported(tmp_path: Path, fmt: str) -> None:
    empty = tmp_path / "empty.sqlite"
    Store.open(empty).close()
    out = tmp_path / "out"
    result = run("--db", str(empty), "--format", fmt, "--out", str(out))
    assert result.exit_code == 1
    assert "holds no papers yet: run `mentalmap crawl" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_an_out_path_that_is_a_file_is_one_error_line(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = run("--db", str(db), "--format", "json", "--out", str(target))
    assert result.exit_code == 2
    assert "is a file" in result.stderr and target.read_text() == "x"


def test_role_selection_through_the_analysis(db: Path, tmp_path: Path) -> None:
    result = run("--db", str(db), "--format", "json", "--out", str(tmp_path), "--select", "all")
    assert result.exit_code == 0
    for role in ("foundational", "other"):
        out = tmp_path / role
        result = run(
            "--db", str(db), "--format", "json", "--out", str(out), "--select", f"role:{role}"
        )
        assert result.exit_code == 0, result.output
        papers = json.loads((out / "papers.json").read_text("utf-8"))
        assert all(p["role"] == role for p in papers)


def test_reading_list_through_the_analysis(db: Path, tmp_path: Path) -> None:
    args = ["--format", "csv", "--out", str(tmp_path), "--select", "reading-list", "--size", "5"]
    result = run("--db", str(db), *args)
    assert result.exit_code == 0, result.output
    papers = pd.read_csv(tmp_path / "papers.csv")
    assert 0 < len(papers) <= 5
    assert papers["order"].tolist() == sorted(papers["order"])
    assert {"section", "why", "role", "cluster_label"} <= set(papers.columns)
    edges = pd.read_csv(tmp_path / "edges.csv")
    assert set(edges["citing"]) | set(edges["cited"]) <= set(papers.index)


def test_with_analysis_adds_role_columns_to_a_graphml_of_everything(db: Path, tmp_path) -> None:
    import networkx as nx

    result = run("--db", str(db), "--format", "graphml", "--out", str(tmp_path), "--with-analysis")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "mentalmap.graphml")
    assert graph.number_of_nodes() == 6
    roles = {attrs.get("role") for _, attrs in graph.nodes(data=True)}
    assert roles <= {"foundational", "technique", "tweak", "survey", "frontier", "other"}
    assert None not in roles
    assert all("cluster_label" in attrs for _, attrs in graph.nodes(data=True))


def test_export_carries_the_reading_log_notes(db: Path, tmp_path: Path) -> None:
    from mentalmap.reading_log import log_reading

    with Store.open(db) as store:
        log_reading(store, "p3", "2", "compare with the Laws")
    out = tmp_path / "refs"
    assert run("--db", str(db), "--format", "ris", "--out", str(out)).exit_code == 0
    import rispy

    records = {r["id"]: r for r in rispy.loads((out / "mentalmap.ris").read_text("utf-8"))}
    assert records["p3"]["notes"] == ["reading log: compare with the Laws"]
    assert "notes" not in records["p1"]
