"""Exports streamed from the store hold what the frame-based writers write, chunk by chunk."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hostile import hostile_store

from mentalmap.export import export_papers
from mentalmap.export import stream as stream_module
from mentalmap.export.stream import STREAMED_FORMATS, export_store
from mentalmap.graph import load_edges, load_papers
from mentalmap.store import Store


@pytest.fixture(params=[(7, 11), (5_000, 50_000)], ids=["small-chunks", "default-chunks"])
def chunks(request, monkeypatch) -> None:
    papers, edges = request.param
    monkeypatch.setattr(stream_module, "CHUNK_PAPERS", papers)
    monkeypatch.setattr(stream_module, "CHUNK_EDGES", edges)


def both(db: Path, fmt: str, tmp_path: Path) -> tuple[list[Path], list[Path], object]:
    with Store.open(db) as store:
        streamed, counts = export_store(store, fmt, tmp_path / "streamed")
    frames = export_papers(load_papers(db), load_edges(db), fmt, tmp_path / "frames")
    return streamed, frames, counts


def test_streamed_csv_is_the_frame_writer_s_byte_for_byte(tmp_path: Path, chunks) -> None:
    db, _ = hostile_store(tmp_path / "s.sqlite")
    streamed, frames, counts = both(db, "csv", tmp_path)
    assert [p.name for p in streamed] == ["papers.csv", "edges.csv"]
    for mine, theirs in zip(streamed, frames, strict=True):
        assert mine.read_bytes() == theirs.read_bytes()
    assert counts.papers == len(load_papers(db)) and counts.edges == len(load_edges(db)) > 100


def test_streamed_graphml_reads_back_as_the_frame_writer_s_graph(tmp_path: Path, chunks) -> None:
    db, _ = hostile_store(tmp_path / "s.sqlite")
    (streamed,), (frames,), counts = both(db, "graphml", tmp_path)
    mine, theirs = nx.read_graphml(streamed), nx.read_graphml(frames)
    assert dict(mine.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert {(u, v): d for u, v, d in mine.edges(data=True)} == {
        (u, v): d for u, v, d in theirs.edges(data=True)
    }
    assert mine.graph["name"] == "mentalmap" and len(mine) == counts.papers
    assert mine.number_of_edges() == counts.edges > 100


def test_an_empty_store_streams_headers_only(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    Store.open(db).close()
    with Store.open(db) as store:
        paths, counts = export_store(store, "csv", tmp_path / "out")
        (graphml,), _ = export_store(store, "graphml", tmp_path / "out")
    assert counts.papers == counts.edges == 0
    assert [len(p.read_text().splitlines()) for p in paths] == [1, 1]
    assert len(nx.read_graphml(graphml)) == 0
    assert set(STREAMED_FORMATS) == {"csv", "graphml"}
