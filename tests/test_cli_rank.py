"""``mentalmap rank`` and ``mentalmap reading-list`` on a real SQLite store of a synthetic field."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.store import PAPER_COLUMNS, Store
from mentalmap.synthetic import generate_field


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    field = generate_field(300, seed=4)
    papers, edges = field.papers_frame(), field.edges_frame()
    path = tmp_path_factory.mktemp("rank") / "field.sqlite"
    store = Store.open(path)
    with store.transaction() as conn:
        for rec in papers.to_dict("records"):
            rec = {k: rec.get(k) for k in PAPER_COLUMNS}
            rec["year"] = None if rec["year"] is None else int(rec["year"])
            store.put_paper(rec, depth=1)
        store.put_edges(
            (r.citing, r.cited, bool(r.isInfluential), list(r.intents), None)
            for r in edges.itertuples(index=False)
        )
        conn.executemany(
            "INSERT INTO lists (paperId, direction, done) VALUES (?, 'references', 1)",
            [(p,) for p in papers["paperId"]],
        )
        conn.execute("INSERT INTO seeds VALUES (?, ?, 0)", (papers["paperId"].iloc[-1],) * 2)
    store.close()
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_rank_csv_columns_and_order(store_path):
    res = run("rank", "--db", str(store_path), "--format", "csv", "--limit", "0")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 300
    assert {"paperId", "title", "year", "role", "confidence", "reason", "parent"} <= set(rows[0])
    imp = [float(r["importance"]) for r in rows]
    assert imp == sorted(imp, reverse=True)
    assert all(r["parent"] == "" for r in rows if r["role"] != "tweak")
    assert any(r["parent"] for r in rows if r["role"] == "tweak")


def test_rank_role_filter_json_and_table(store_path):
    res = run("rank", "--db", str(store_path), "--role", "foundational", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data and {d["role"] for d in data} == {"foundational"}
    res = run("rank", "--db", str(store_path), "--limit", "5")
    lines = res.output.splitlines()
    assert res.exit_code == 0 and lines[0].startswith("#") and len(lines) == 7
    assert "reason" in lines[0]


def test_rank_bad_role_and_missing_store(tmp_path, store_path):
    res = CliRunner().invoke(main, ["rank", "--db", str(store_path), "--role", "hero"])
    assert res.exit_code == 2 and "hero" in res.output
    res = CliRunner().invoke(main, ["rank", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 1 and res.output.startswith("Error:")
    assert "Traceback" not in res.output


def test_reading_list_formats(store_path, tmp_path):
    res = run("reading-list", "--db", str(store_path), "--size", "10", "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 10
    assert list(rows[0]) == ["order", "paperId", "title", "year", "role", "section", "why",
                             "passes", "has_code", "code_url"]  # fmt: skip
    out = tmp_path / "reading.md"
    res = run("reading-list", "--db", str(store_path), "--format", "markdown", "--out", str(out))
    assert res.exit_code == 0 and out.read_text().startswith("# Reading list")
    res = run("reading-list", "--db", str(store_path), "--size", "8")
    assert res.exit_code == 0 and "section" in res.output.splitlines()[0]


@pytest.mark.parametrize("size", ["4", "51"])
def test_reading_list_size_out_of_range_is_usage_error(store_path, size):
    res = CliRunner().invoke(main, ["reading-list", "--db", str(store_path), "--size", size])
    assert res.exit_code == 2 and "5 to 50" in res.output
