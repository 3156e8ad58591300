"""Exports streamed from the store hold what the frame-based writers write, chunk by chunk."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from hostile import HOSTILE, hostile_notes, hostile_store

from mentalmap.errors import ExportError
from mentalmap.export import chunks as chunks_module
from mentalmap.export import export_papers
from mentalmap.export.stream import STREAMED_FORMATS, export_store
from mentalmap.graph import load_edges, load_papers
from mentalmap.reading_log import read_log
from mentalmap.store import Store, open_existing

KILLER = Path(__file__).with_name("kill_mid_write.py")
READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.fixture(params=[(7, 11), (5_000, 50_000)], ids=["small-chunks", "default-chunks"])
def chunks(request, monkeypatch) -> None:
    papers, edges = request.param
    monkeypatch.setattr(chunks_module, "CHUNK_PAPERS", papers)
    monkeypatch.setattr(chunks_module, "CHUNK_EDGES", edges)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """The hostile field with hostile reading-log notes, and one paper whose id needs escaping
    in every format (a formula start, markup, a quote), citing and cited."""
    db, seed = hostile_store(tmp_path_factory.mktemp("hostile") / "s.sqlite")
    hostile_notes(db, seed)
    odd = '-1+2 <b>"odd" & id</b>'
    with Store.open(db) as store, store.transaction():
        store.put_paper({"paperId": odd, "title": HOSTILE[0], "year": 2001}, depth=1)
        store.put_edges([(odd, seed, True, '["methodology"]', None), (seed, odd, None, None, None)])
    return db


def both(db: Path, fmt: str, tmp_path: Path) -> tuple[list[Path], list[Path], object]:
    """The streamed export beside the frame writer's, as ``mentalmap export`` calls it (the
    reading log's notes included)."""
    with Store.open(db) as store:
        streamed, counts = export_store(store, fmt, tmp_path / "streamed")
        log = read_log(store)
    frames = export_papers(load_papers(db), load_edges(db), fmt, tmp_path / "frames", log=log)
    return streamed, frames, counts


def test_streamed_csv_is_the_frame_writer_s_byte_for_byte(
    hostile_db: Path, tmp_path: Path, chunks
) -> None:
    streamed, frames, counts = both(hostile_db, "csv", tmp_path)
    assert [p.name for p in streamed] == ["papers.csv", "edges.csv"]
    for mine, theirs in zip(streamed, frames, strict=True):
        assert mine.read_bytes() == theirs.read_bytes()
    papers = streamed[0].read_text(encoding="utf-8")
    assert "note" in papers.splitlines()[0]  # the reading log's notes, as the frame writer has
    assert '\n"\'-1+2 <b>""odd"" & id</b>",' in papers  # the odd id: quoted, no formula
    assert counts.papers == len(load_papers(hostile_db))
    assert counts.edges == len(load_edges(hostile_db)) > 100


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_streamed_graph_reads_back_as_the_frame_writer_s_graph(
    hostile_db: Path, tmp_path: Path, chunks, fmt: str
) -> None:
    (streamed,), (frames,), counts = both(hostile_db, fmt, tmp_path)
    ET.parse(streamed)  # a strict parser: no character XML forbids, every attack inert
    mine, theirs = READERS[fmt](streamed), READERS[fmt](frames)
    assert dict(mine.nodes(data=True)) == dict(theirs.nodes(data=True))  # GEXF: viz included
    assert {(u, v): d for u, v, d in mine.edges(data=True)} == {
        (u, v): d for u, v, d in theirs.edges(data=True)
    }
    assert mine.graph == theirs.graph and mine.graph["name"] == "mentalmap"
    assert len(mine) == counts.papers and mine.number_of_edges() == counts.edges > 100
    odd = mine.nodes['-1+2 <b>"odd" & id</b>']
    assert odd["label"] == HOSTILE[0] and odd["year"] == 2001
    assert any(n.get("note") for _, n in mine.nodes(data=True))


def test_the_streamed_gexf_places_papers_as_the_map_does(hostile_db: Path, tmp_path: Path) -> None:
    (streamed,), _, _ = both(hostile_db, "gexf", tmp_path)
    graph = nx.read_gexf(streamed)
    papers = load_papers(hostile_db)
    by_year = papers["year"].dropna().astype(int)
    xs = {int(by_year[p]): graph.nodes[p]["viz"]["position"]["x"] for p in by_year.index}
    years = sorted(xs)
    assert [xs[y] for y in years] == sorted(xs[y] for y in years)  # time runs left to right
    positions = {
        (v["viz"]["position"]["x"], v["viz"]["position"]["y"]) for _, v in graph.nodes(data=True)
    }
    assert len(positions) == len(graph)  # no two papers on one spot


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_an_empty_store_streams_headers_only(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "empty.sqlite"
    Store.open(db).close()
    with Store.open(db) as store:
        paths, counts = export_store(store, fmt, tmp_path / "out")
    assert counts.papers == counts.edges == 0
    if fmt == "csv":
        assert [len(p.read_text().splitlines()) for p in paths] == [1, 1]
    else:
        assert len(READERS[fmt](paths[0])) == 0


def test_a_format_that_is_not_streamed_is_refused(hostile_db: Path, tmp_path: Path) -> None:
    with open_existing(hostile_db) as store, pytest.raises(ExportError, match="not streamed"):
        export_store(store, "bibtex", tmp_path)


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_a_failed_streamed_export_keeps_the_old_files_and_leaves_no_partial_one(
    hostile_db: Path, tmp_path: Path, monkeypatch, fmt: str
) -> None:
    out = tmp_path / "out"
    with open_existing(hostile_db) as store:
        old, _ = export_store(store, fmt, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = chunks_module.edge_rows

    def failing(store, rows):  # the store goes away after the first batch of edges
        batches = real(store, rows)
        yield next(batches)
        raise ExportError("the store went away")

    monkeypatch.setattr(chunks_module, "CHUNK_EDGES", 100)
    monkeypatch.setattr(chunks_module, "edge_rows", failing)
    with open_existing(hostile_db) as store, pytest.raises(ExportError, match="went away"):
        export_store(store, fmt, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_killed_streamed_export_leaves_no_file_at_all(
    hostile_db: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "KILL_DIR": str(out), "KILL_AT": "1"}
    args = ["export", "--db", str(hostile_db), "--format", fmt, "--out", str(out)]
    run = subprocess.run([sys.executable, str(KILLER), *args], capture_output=True, env=env)
    assert run.returncode == -9  # SIGKILL halfway through the file's first write
    assert list(out.iterdir()) == []
