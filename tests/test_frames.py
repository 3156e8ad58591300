"""The public frames have exactly the columns and dtypes docs/api.md documents.

The tables are read from the page itself, so a column added, renamed or retyped without the
docs following fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from example_store import crawl_example_field

import mentalmap
from mentalmap.errors import AnalysisError
from mentalmap.synthetic import generate_field

API_MD = Path(__file__).resolve().parents[1] / "docs" / "api.md"
PY_TYPES = {"list": list, "dict": dict, "bool": bool}


def documented(name: str) -> tuple[str | None, dict[str, str]]:
    """``(index dtype or None, {column: dtype})`` of the table after ``<!-- dtypes: name -->``."""
    text = API_MD.read_text(encoding="utf-8")
    block = text.split(f"<!-- dtypes: {name} -->", 1)[1].strip().split("\n\n", 1)[0]
    index, columns = None, {}
    for line in block.splitlines()[2:]:
        cell = [c.strip() for c in line.strip("|").split("|")]
        column = re.search(r"`([^`]+)`", cell[0]).group(1)
        if cell[0].startswith("*index*"):
            assert column == "paperId"
            index = cell[1]
        else:
            columns[column] = cell[1]
    return index, columns


def check(values: pd.Series | pd.Index, dtype: str) -> None:
    """``values`` has the documented ``dtype`` (vocabulary: docs/api.md)."""
    where = getattr(values, "name", None)
    present = pd.Series(values).dropna()
    if dtype == "str":
        assert pd.api.types.is_string_dtype(values.dtype) or values.dtype == object, where
        assert present.map(lambda v: isinstance(v, str)).all(), where
    elif dtype == "string":
        assert isinstance(values.dtype, pd.StringDtype), (where, values.dtype)
        assert values.dtype.na_value is pd.NA, where
    elif dtype.startswith("object: "):
        kind = PY_TYPES[dtype.removeprefix("object: ")]
        assert values.dtype == object, (where, values.dtype)
        assert present.map(lambda v: isinstance(v, kind)).all(), where
    else:
        assert str(values.dtype) == dtype, (where, str(values.dtype), dtype)


def check_frame(frame: pd.DataFrame, name: str, extra: dict[str, str] | None = None) -> None:
    index, columns = documented(name)
    columns = {**columns, **(extra or {})}
    assert list(frame.columns) == list(columns)
    if index is None:
        assert isinstance(frame.index, pd.RangeIndex)
    else:
        assert frame.index.name == "paperId" and frame.index.is_unique
        check(frame.index, index)
    for column, dtype in columns.items():
        check(frame[column], dtype)
    for column in frame.columns:  # missing text is NA, never ""
        if pd.api.types.is_string_dtype(frame[column].dtype):
            assert not frame[column].eq("").fillna(False).any(), column


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the example field through the fake S2 (the frames a user loads)."""
    return crawl_example_field(tmp_path_factory.mktemp("frames") / "example.sqlite", depth=2)


@pytest.fixture(scope="module")
def analysis(store: Path) -> mentalmap.FieldAnalysis:
    return mentalmap.analyse_store(store)


def test_the_loaded_frames_have_the_documented_dtypes(store: Path) -> None:
    papers = mentalmap.load_papers(store)
    check_frame(papers, "papers")
    assert papers["publicationDate"].notna().any() and papers["publicationTypes"].map(len).any()
    check_frame(mentalmap.load_edges(store), "edges")


def test_the_analysis_frames_have_the_documented_dtypes(analysis: mentalmap.FieldAnalysis) -> None:
    check_frame(analysis.papers, "papers", {"has_code": "bool", "code_url": "string"})
    check_frame(analysis.table, "table")
    check_frame(analysis.reading(), "reading")
    assert set(analysis.table.index) == set(analysis.papers.index)  # one row per paper each
    tweaks = analysis.table["role"] == "tweak"
    assert tweaks.any() and analysis.table.loc[tweaks, "parent"].notna().all()
    assert analysis.table.loc[~tweaks, "parent"].map(lambda v: v is pd.NA).all()
    assert analysis.table["code_url"].isna().any() and analysis.table["has_code"].any()


def test_the_table_and_the_papers_frame_name_one_quantity_once(analysis) -> None:
    shared = set(analysis.papers.columns) & set(analysis.table.columns)
    assert {"citationCount", "year", "title"} <= shared
    for column in shared:  # the same name is the same values, with the same dtype
        left, right = analysis.table[column], analysis.papers[column].reindex(analysis.table.index)
        assert left.dtype == right.dtype or column == "title", column
        pd.testing.assert_series_equal(left, right, check_dtype=False, check_names=False)
    assert "citation_count" not in analysis.table.columns


def test_a_synthetic_field_has_the_frames_a_store_gives() -> None:
    field = generate_field(300, seed=1)
    check_frame(field.papers_frame(), "papers")
    check_frame(field.edges_frame(), "edges")
    check_frame(mentalmap.analyze(field.papers_frame(), field.edges_frame()), "table")
    truth = field.truth
    assert truth.index.name == "paperId"
    assert truth.loc[truth["role"] != "tweak", "parent"].isna().all()


def test_a_selection_keeps_the_index_and_exports_write_it_first(analysis, tmp_path: Path) -> None:
    chosen, _ = mentalmap.select_papers(analysis.papers, analysis.edges, "role:technique",
                                        table=analysis.table)  # fmt: skip
    assert chosen.index.name == "paperId" and len(chosen)
    assert set(chosen.index) == set(analysis.table.index[analysis.table["role"] == "technique"])
    mentalmap.export_papers(chosen, analysis.edges.iloc[0:0], "csv", tmp_path)
    csv = pd.read_csv(tmp_path / "papers.csv")
    assert csv.columns[0] == "paperId" and set(csv["paperId"]) == set(chosen.index)
    dated = chosen["publicationDate"].dropna()
    written = csv.set_index("paperId").loc[dated.index, "publicationDate"]
    assert written.tolist() == dated.dt.strftime("%Y-%m-%d").tolist()


def test_a_frame_indexed_otherwise_is_refused_with_the_fix(analysis) -> None:
    with pytest.raises(AnalysisError, match=r"indexed by paperId: call \.set_index\('paperId'\)"):
        mentalmap.analyze(analysis.papers.reset_index(), analysis.edges)
