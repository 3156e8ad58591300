"""``mentalmap rank`` and ``mentalmap reading-list`` on a real SQLite store of a synthetic field."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentalmap.analysis.reading import READING_COLUMNS
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
        for rec in papers.reset_index().to_dict("records"):
            rec = {k: rec.get(k) for k in PAPER_COLUMNS}
            rec["year"] = None if rec["year"] is None else int(rec["year"])
            rec["publicationDate"] = rec["publicationDate"].strftime("%Y-%m-%d")
            store.put_paper(rec, depth=1)
        store.put_edges(
            (r.citing, r.cited, bool(r.isInfluential), list(r.intents), None)
            for r in edges.itertuples(index=False)
        )
        conn.executemany(
            "INSERT INTO lists (paperId, direction, done) VALUES (?, 'references', 1)",
            [(p,) for p in papers.index],
        )
        conn.execute("INSERT INTO seeds VALUES (?, ?, 0)", (papers.index[-1],) * 2)
    store.close()
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_rank_csv_columns_and_order(store_path):
    res = run("rank", "--db", str(store_path), "--scope", "map", "--format", "csv", "--limit", "0")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 300
    assert {"paperId", "title", "year", "role", "confidence", "reason", "parent"} <= set(rows[0])
    imp = [float(r["importance"]) for r in rows]
    assert imp == sorted(imp, reverse=True)
    assert all(r["parent"] == "" for r in rows if r["role"] != "tweak")
    assert any(r["parent"] for r in rows if r["role"] == "tweak")


def test_rank_lists_the_seeds_sub_area_by_default(store_path):
    """A crawl pulls in neighbouring areas: by default rank lists only the seeds' sub-area,
    in the same order as the whole map, each row with its relevance to the seeds."""
    whole = json.loads(run("rank", "--db", str(store_path), "--scope", "map", "--format",
                           "json", "--limit", "0").output)  # fmt: skip
    res = run("rank", "--db", str(store_path), "--format", "json", "--limit", "0")
    assert res.exit_code == 0, res.output
    mine = json.loads(res.output)
    assert 0 < len(mine) < len(whole)
    assert all(r["in_scope"] for r in mine) and any(not r["in_scope"] for r in whole)
    assert [r["paperId"] for r in mine] == [r["paperId"] for r in whole if r["in_scope"]]
    seed = next(r for r in whole if r["paperId"] == mine[0]["paperId"])
    assert seed["relevance"] == mine[0]["relevance"]
    inside = [r["relevance"] for r in mine]
    outside = [r["relevance"] for r in whole if not r["in_scope"]]
    assert sorted(inside)[len(inside) // 2] > sorted(outside)[len(outside) // 2]


def test_rank_role_filter_json_and_table(store_path):
    res = run("rank", "--db", str(store_path), "--role", "foundational", "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data and {d["role"] for d in data} == {"foundational"}
    res = run("rank", "--db", str(store_path), "--limit", "5")
    lines = res.output.splitlines()
    assert res.exit_code == 0 and lines[0].split()[:2] == ["#", "title"]  # plain: not a TTY
    assert "reason" in lines[0] and set(lines[1].replace(" ", "")) == {"-"}
    assert [int(line.split()[0]) for line in lines[2:]] == [1, 2, 3, 4, 5]


def test_rank_bad_role_and_missing_store(tmp_path, store_path):
    res = CliRunner().invoke(main, ["rank", "--db", str(store_path), "--role", "hero"])
    assert res.exit_code == 2 and "hero" in res.output
    res = CliRunner().invoke(main, ["rank", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 1 and res.output.startswith("Error:")
    assert "Traceback" not in res.output


def test_reading_list_formats(store_path, tmp_path):
    res = run("reading-list", "--db", str(store_path), "--size", "10", "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))  # notes go to stderr
    assert 0 < len(rows) <= 10  # no padding: only papers that earn a place
    assert list(rows[0]) == [*READING_COLUMNS, "passes_done", "status"]
    assert {r["status"] for r in rows} == {"unread"}
    out = tmp_path / "reading.md"
    res = run("reading-list", "--db", str(store_path), "--format", "markdown", "--out", str(out))
    assert res.exit_code == 0 and out.read_text().startswith("# Reading list")
    res = run("reading-list", "--db", str(store_path), "--size", "8")
    assert res.exit_code == 0 and "section" in res.output.splitlines()[1]


@pytest.mark.parametrize("size", ["4", "51"])
def test_reading_list_size_out_of_range_is_usage_error(store_path, size):
    res = CliRunner().invoke(main, ["reading-list", "--db", str(store_path), "--size", size])
    assert res.exit_code == 2 and "5 to 50" in res.output


def test_has_code_filters_rank_and_reading_list(store_path):
    res = run("rank", "--db", str(store_path), "--format", "csv", "--limit", "0", "--has-code")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows and all(r["has_code"] == "True" and r["code_url"] for r in rows)
    everything = run("rank", "--db", str(store_path), "--format", "csv", "--limit", "0")
    assert len(rows) < len(list(csv.DictReader(io.StringIO(everything.output))))
    res = run("reading-list", "--db", str(store_path), "--size", "5", "--format", "csv",
              "--has-code")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert {r["has_code"] for r in csv.DictReader(io.StringIO(res.stdout))} == {"True"}


def test_code_links_file_adds_repositories(store_path, tmp_path):
    papers = list(csv.DictReader(io.StringIO(run(
        "rank", "--db", str(store_path), "--format", "csv", "--limit", "0").output)))  # fmt: skip
    without = next(r for r in papers if r["has_code"] == "False")
    links = tmp_path / "links.csv"
    links.write_text(f"paper,repo_url\n{without['paperId']},https://github.com/me/impl\n")
    res = run("rank", "--db", str(store_path), "--format", "csv", "--limit", "0",
              "--has-code", "--code-links", str(links))  # fmt: skip
    rows = {r["paperId"]: r for r in csv.DictReader(io.StringIO(res.output))}
    assert rows[without["paperId"]]["code_url"] == "https://github.com/me/impl"


def test_reading_list_shows_reading_progress(store_path, tmp_path):
    store_path = Path(shutil.copy(store_path, tmp_path / "copy.sqlite"))  # it writes a log
    first = list(
        csv.DictReader(
            io.StringIO(
                run(
                    "reading-list", "--db", str(store_path), "--size", "5", "--format", "csv"
                ).output
            )
        )
    )[0]
    res = run("read", first["paperId"], "--pass", "1", "--db", str(store_path))
    assert res.exit_code == 0, res.output
    again = list(
        csv.DictReader(
            io.StringIO(
                run(
                    "reading-list", "--db", str(store_path), "--size", "5", "--format", "csv"
                ).output
            )
        )
    )[0]
    assert again["paperId"] == first["paperId"]
    assert again["status"] != "unread" and again["passes_done"] == "1"
