"""``--engine duckdb|spark``: one extraction and one set of whole-field scores, two engines.

Both engines run the same SQL on the same warehouse and must write the same store (every table,
row for row) and the same scores. One local Spark session serves the module (``local[2]``, two
shuffle partitions). Without Java or pyspark the Spark tests skip, unless
``MENTALMAP_REQUIRE_SPARK=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import sqlite3
import sys

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from optional_tools import unavailable

from mentalmap.cli import main
from mentalmap.datasets.engine import open_engine
from mentalmap.datasets.extract import ExtractSettings, extract
from mentalmap.datasets.ingest import ingest
from mentalmap.datasets.synthetic_release import alias_sha, write_release
from mentalmap.errors import DatasetsError, SparkUnavailable
from mentalmap.graph import load_papers
from mentalmap.synthetic import generate_field


def _unavailable(reason: str) -> None:
    unavailable("MENTALMAP_REQUIRE_SPARK", reason)


@pytest.fixture(scope="module")
def spark():
    from mentalmap.datasets.spark import start_session

    try:
        session = start_session("local[2]", shuffle_partitions=2, memory_limit="1GB")
    except SparkUnavailable as exc:
        _unavailable(str(exc))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small release whose citations shard is also there under a second name: every edge
    twice, so both engines must pick the same one of two records."""
    root = tmp_path_factory.mktemp("engines")
    field = generate_field(600, seed=3)
    written = write_release(field, root / "rel", shards=2)
    first = written["citations"][0]
    (first.parent / "20250107_9").write_bytes(first.read_bytes())
    ingest(root / "rel", root / "w")
    return field, root / "w"


def _tables(db) -> dict[str, list[tuple]]:
    """Every table of a store, its rows sorted: two stores are the same when these are."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in names}


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_the_cli_engines_write_the_same_store_and_scores(spark, built, tmp_path):
    field, w = built
    stores = {}
    for engine in ("duckdb", "spark"):
        db = tmp_path / f"{engine}.sqlite"
        out = _run(["datasets", "extract", "--engine", engine, "--master", "local[2]",
                    "--warehouse", str(w), "--query", "graph", "--query-seeds", "2",
                    "--max-papers", "120", "--db", str(db)])  # fmt: skip
        assert out.exit_code == 0, out.output
        assert out.output.startswith("120 papers (depth 0: 2, depth 1:")
        stores[engine] = _tables(db)
        out = _run(["datasets", "scores", "--engine", engine, "--warehouse", str(w),
                    "--out", str(tmp_path / f"{engine}.parquet")])  # fmt: skip
        assert out.exit_code == 0 and "600 papers" in out.output, out.output
    assert stores["duckdb"]["papers"] and stores["duckdb"]["edges"]
    assert stores["spark"] == stores["duckdb"]
    duck = pd.read_parquet(tmp_path / "duckdb.parquet")
    spark_scores = pd.read_parquet(tmp_path / "spark.parquet")
    assert len(duck) == len(field) and list(duck.corpusid) == sorted(duck.corpusid)
    for column in ("pagerank", "rescaled_pagerank"):
        assert np.abs(duck[column] - spark_scores[column]).max() <= 1e-9
    pd.testing.assert_frame_equal(spark_scores, duck)
    assert duck.citations.sum() == field.n_edges  # the doubled shard counted once
    # the store Spark wrote is a store like any other
    db = tmp_path / "spark.sqlite"
    out = _run(["rank", "--db", str(db), "--limit", "3"])
    assert out.exit_code == 0, out.output
    out = _run(["map", "--db", str(db), "--out", str(tmp_path / "m.html")])
    assert out.exit_code == 0 and (tmp_path / "m.html").stat().st_size > 10_000, out.output


def test_filters_and_every_id_form_select_the_same_papers_on_both_engines(spark, built, tmp_path):
    field, w = built
    frame = field.papers_frame(text=False)
    sha, other, merged = field.paper_ids[0], field.paper_ids[1], field.paper_ids[19]
    settings = ExtractSettings(
        seeds=(
            sha,
            f"CorpusId:{frame.loc[other].corpusId}",
            f"DOI:{frame.loc[other].externalIds['DOI'].upper()}",
            alias_sha(merged),
            "CorpusId:1",
        ),
        fields_of_study=("Computer Science",),
        venues=("cvpr", "ECCV"),
        since=2015,
        depth=1,
        max_papers=40,
    )
    reports = {
        engine: extract(w, tmp_path / f"{engine}.sqlite", settings, engine=engine)
        for engine in ("duckdb", "spark")
    }
    assert reports["spark"].seeds == reports["duckdb"].seeds == [sha, other, merged]
    assert reports["spark"].missing == reports["duckdb"].missing == ["CorpusId:1"]
    assert _tables(tmp_path / "spark.sqlite") == _tables(tmp_path / "duckdb.sqlite")
    # hop 1 holds every neighbour of the seeds that passes the filters (fewer than the budget)
    ids = list(field.paper_ids)
    rows = [ids.index(s) for s in (sha, other, merged)]
    citing, cited = field.edge_arrays()
    near = {ids[b] for b in cited[np.isin(citing, rows)]} | {
        ids[a] for a in citing[np.isin(cited, rows)]
    }
    kept = frame.loc[sorted(near - {sha, other, merged})]
    kept = kept[(kept.year >= 2015) & kept.venue.isin(["CVPR", "ECCV"])]
    papers = load_papers(tmp_path / "spark.sqlite")
    assert 0 < len(kept) < 37
    assert set(papers.index[papers.depth == 1]) == set(kept.index)


def test_a_missing_pyspark_is_one_line(built, monkeypatch):
    _, w = built
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    out = _run(["datasets", "scores", "--engine", "spark", "--warehouse", str(w)])
    assert out.exit_code == 1
    assert out.output == 'Error: the spark engine needs pyspark: pip install "mentalmap[spark]"\n'


def test_a_missing_java_is_one_line(built, monkeypatch, tmp_path):
    _, w = built
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder without java
    out = _run(["datasets", "extract", "--engine", "spark", "--warehouse", str(w), "--seeds",
                "CorpusId:1", "--db", str(tmp_path / "x.sqlite")])  # fmt: skip
    assert out.exit_code == 1 and out.output.count("\n") == 1
    assert out.output.startswith("Error: the spark engine needs Java 17: no java on PATH")
    assert not (tmp_path / "x.sqlite").exists()


def test_an_unknown_engine_is_refused():
    with pytest.raises(DatasetsError, match="unknown engine 'flink'"):
        open_engine("flink")


def test_spark_tests_fail_rather_than_skip_when_spark_is_required(monkeypatch):
    monkeypatch.setenv("MENTALMAP_REQUIRE_SPARK", "1")  # as .ci/run sets it
    with pytest.raises(pytest.fail.Exception, match="MENTALMAP_REQUIRE_SPARK=1 but no java"):
        _unavailable("no java")
