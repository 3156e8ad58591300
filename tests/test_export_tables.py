"""CSV, JSON and Parquet read back by pandas equal the frames they were written from."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export import make_edges, make_papers, make_table

from mentalmap.export import ANALYSIS_COLUMNS, EDGE_COLUMNS, PAPER_COLUMNS, export_papers
from mentalmap.export.frames import NESTED_COLUMNS, plain

#: The analysis columns make_table() has (a reading list adds order, section, why).
TABLE_COLUMNS = [c for c in ANALYSIS_COLUMNS if c in make_table().columns]
INT_COLUMNS = ["corpusId", "year", "citationCount", "referenceCount"]
INT_COLUMNS += ["influentialCitationCount", "depth", "cluster"]


def expected_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """The frame's rows as plain values, only ``columns``: what every table format must hold."""
    rows = []
    for row in frame.reset_index().to_dict("records"):
        ids = plain(row.get("externalIds")) or {}
        full = {**row, "doi": ids.get("DOI"), "arxiv": ids.get("ArXiv")}
        rows.append({c: plain(full.get(c)) for c in columns})
    return rows


def read_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{c: plain(v) for c, v in row.items()} for row in frame.to_dict("records")]


def papers_with_table() -> pd.DataFrame:
    return make_papers().join(make_table())


def test_csv_round_trips_through_pandas(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "csv", tmp_path, table=make_table())
    dtypes = {c: "Int64" for c in INT_COLUMNS} | {"doi": str, "arxiv": str}  # ids are text
    papers = pd.read_csv(tmp_path / "papers.csv", dtype=dtypes)
    edges = pd.read_csv(tmp_path / "edges.csv")
    for frame in (papers, edges):
        for column in NESTED_COLUMNS & set(frame.columns):
            frame[column] = frame[column].map(lambda v: json.loads(v) if isinstance(v, str) else v)

    columns = [*PAPER_COLUMNS, *TABLE_COLUMNS]
    assert list(papers.columns) == columns
    # CSV has one empty cell for "" and None (documented); lists keep "[]" apart from None.
    expected = [
        {c: None if v == "" else v for c, v in row.items()}
        for row in expected_rows(papers_with_table(), columns)
    ]
    assert read_rows(papers) == expected
    assert read_rows(edges) == expected_rows(make_edges(), list(EDGE_COLUMNS))


def test_csv_cells_follow_the_documented_conventions(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "csv", tmp_path)
    with (tmp_path / "edges.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.reader(fh))
    assert edges[0] == ["citing", "cited", "isInfluential", "intents"]
    assert edges[1] == ["p4", "p3", "True", '["methodology", "background"]']
    assert edges[3] == ["p1", "p4", "", '["background"]']  # unknown influence: empty cell
    with (tmp_path / "papers.csv").open(encoding="utf-8", newline="") as fh:
        papers = {row["paperId"]: row for row in csv.DictReader(fh)}
    assert papers["p1"]["title"].startswith('Schrödinger\'s Łukasz: {braces} 100% & "quotes"')
    assert papers["p1"]["abstract"].startswith("Line one,\nline two")  # quoted, not mangled
    assert json.loads(papers["p1"]["authors"])[1] == {"authorId": "2", "name": "Łukasz Kaiser"}
    assert papers["p2"]["year"] == "" and papers["p2"]["abstract"] == ""
    assert papers["p2"]["title"] == "注意力机制研究 🚀"  # UTF-8 kept, not \u-escaped
    assert papers["p4"]["isSeed"] == "True"
    assert "referencesCrawled" not in papers["p1"]


def test_csv_integers_stay_integers_beside_a_missing_value(tmp_path: Path) -> None:
    papers = make_papers()
    ids = [None, *range(215, 215 + len(papers) - 1)]
    papers["corpusId"] = pd.array(ids, dtype="Int64")
    export_papers(papers, make_edges(), "csv", tmp_path)
    with (tmp_path / "papers.csv").open(encoding="utf-8", newline="") as fh:
        cells = [row["corpusId"] for row in csv.DictReader(fh)]
    assert cells == ["", *map(str, ids[1:])]  # not 215.0: one id, one spelling


def test_json_is_two_arrays_of_objects(tmp_path: Path) -> None:
    paths = export_papers(make_papers(), make_edges(), "json", tmp_path, table=make_table())
    assert [p.name for p in paths] == ["papers.json", "edges.json"]
    papers = json.loads((tmp_path / "papers.json").read_text("utf-8"))
    edges = json.loads((tmp_path / "edges.json").read_text("utf-8"))
    columns = [*PAPER_COLUMNS, *TABLE_COLUMNS]
    assert papers == expected_rows(papers_with_table(), columns)
    assert edges == expected_rows(make_edges(), list(EDGE_COLUMNS))
    assert papers[1]["year"] is None and papers[1]["abstract"] is None
    assert edges[2] == {"citing": "p1", "cited": "p4", "isInfluential": None,
                        "intents": ["background"]}  # fmt: skip
    assert "注意力" in (tmp_path / "papers.json").read_text("utf-8")


def test_json_reads_with_pandas(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "json", tmp_path)
    papers = pd.read_json(tmp_path / "papers.json", dtype={c: "Int64" for c in INT_COLUMNS[:-1]})
    assert papers["paperId"].tolist() == make_papers().index.tolist()
    assert papers["year"].tolist()[:3] == [2017, pd.NA, 1990]
    assert papers["title"].tolist() == make_papers()["title"].tolist()
    assert papers["authors"][2][1] == {"authorId": "4", "name": "Ludwig van Beethoven"}
    edges = pd.read_json(tmp_path / "edges.json")
    assert list(edges.columns) == list(EDGE_COLUMNS)


def test_parquet_round_trips_through_pandas(tmp_path: Path) -> None:
    export_papers(make_papers(), make_edges(), "parquet", tmp_path, table=make_table())
    papers = pd.read_parquet(tmp_path / "papers.parquet")
    edges = pd.read_parquet(tmp_path / "edges.parquet")
    columns = [*PAPER_COLUMNS, *TABLE_COLUMNS]
    assert list(papers.columns) == columns
    expected = expected_rows(papers_with_table(), columns)
    for row in expected:  # a map of text to text: ids such as CorpusId come back as strings
        row["externalIds"] = sorted((k, str(v)) for k, v in (row["externalIds"] or {}).items())
    got = read_rows(papers)
    for row in got:
        row["externalIds"] = sorted(tuple(kv) for kv in row["externalIds"] or [])
    assert got == expected
    assert got[0]["doi"] == "10.5555/3295222_3295349" and got[0]["arxiv"] == "1706.03762"
    assert read_rows(edges) == expected_rows(make_edges(), list(EDGE_COLUMNS))


def test_parquet_schema_is_typed(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    export_papers(make_papers(), make_edges(), "parquet", tmp_path, table=make_table())
    schema = pq.read_schema(tmp_path / "papers.parquet")
    assert schema.field("year").type == pa.int64()
    assert schema.field("publicationDate").type == pa.date32()
    assert schema.field("isSeed").type == pa.bool_()
    author = pa.struct([("authorId", pa.string()), ("name", pa.string())])
    assert schema.field("authors").type.value_type == author
    assert schema.field("fieldsOfStudy").type.value_type == pa.string()
    assert schema.field("externalIds").type == pa.map_(pa.string(), pa.string())
    assert schema.field("doi").type == pa.string() and schema.field("arxiv").type == pa.string()
    assert schema.field("importance").type == pa.float64()
    edges = pq.read_schema(tmp_path / "edges.parquet")
    assert edges.field("isInfluential").type == pa.bool_()
    assert edges.field("intents").type.value_type == pa.string()


def test_parquet_keeps_a_column_that_is_all_missing(tmp_path: Path) -> None:
    papers = make_papers().assign(tldr=None, year=pd.array([None] * 6, dtype="Int64"))
    export_papers(papers, make_edges(), "parquet", tmp_path)
    back = pd.read_parquet(tmp_path / "papers.parquet")
    assert back["tldr"].isna().all() and back["year"].isna().all()


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_tables_export_an_empty_selection_with_headers(tmp_path: Path, fmt: str) -> None:
    papers, edges = make_papers().iloc[0:0], make_edges().iloc[0:0]
    export_papers(papers, edges, fmt, tmp_path)
    reader = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt]
    assert len(reader(tmp_path / f"papers.{fmt}")) == 0
    if fmt != "json":  # an empty JSON array has no keys to carry column names
        assert list(reader(tmp_path / f"edges.{fmt}").columns) == list(EDGE_COLUMNS)
