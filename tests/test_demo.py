"""``mentalmap demo``: the README's main job runs offline, end to end, and says where it wrote."""

from __future__ import annotations

import io
import re
import socket

import pandas as pd
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.graph import load_papers, load_seeds


def test_demo_runs_offline_and_writes_map_reading_list_and_store(tmp_path, monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the demo tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("map.html", "reading-list.md", "reading-list.csv", "demo.sqlite"):
        assert str(out / name) in result.output or name in result.output
        assert (out / name).stat().st_size > 0
    assert re.search(r"macro-F1 0\.\d\d", result.output)

    papers = load_papers(out / "demo.sqlite")
    assert 1000 <= len(papers) <= 1500
    seeds = load_seeds(out / "demo.sqlite")
    truth = pd.read_csv(out / "planted-truth.csv", index_col=0, keep_default_na=False)
    assert truth.at[seeds[0], "role"] == "survey"  # the crawl starts from a survey
    reading = pd.read_csv(out / "reading-list.csv")
    assert len(reading) == 20
    assert reading.iloc[0].role == "survey"
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "<script src=" not in html and "https://cdn" not in html


def test_demo_is_deterministic_by_seed(tmp_path) -> None:
    from mentalmap.demo import run_demo

    a = run_demo(tmp_path / "a", size=400, seed=3)
    b = run_demo(tmp_path / "b", size=400, seed=3)
    assert a.seed_paper == b.seed_paper
    assert a.crawl.papers == b.crawl.papers and a.crawl.edges == b.crawl.edges
    assert a.reading_csv.read_text() == b.reading_csv.read_text()


def test_the_demo_library_starts_a_crawl_as_the_guide_says(tmp_path, fake_s2_factory) -> None:
    """getting-started.md: demo, the fake serving its field, then ``crawl --from library.bib``."""
    from mentalmap.demo import run_demo
    from mentalmap.synthetic import generate_field

    demo = run_demo(tmp_path / "demo", size=600, seed=3)
    field = generate_field(n_papers=600, seed=3)
    server = fake_s2_factory(field.to_corpus())
    db = tmp_path / "mine.sqlite"
    args = ["crawl", "--from", str(demo.library), "--db", str(db), "--max-papers", "80"]
    result = CliRunner().invoke(main, [*args, "--api-url", server.url, "--rps", "0", "--no-map"])
    assert result.exit_code == 0, result.output
    assert "3 seeds (3 matched, 1 unmatched" in result.output
    text = demo.library.read_text(encoding="utf-8")
    doi, arxiv = re.search(r"doi = \{(.+?)\}", text)[1], re.search(r"eprint = \{(.+?)\}", text)[1]
    title = re.findall(r"title = \{(.+?)\}", text)[2]
    papers = field.papers_frame(text=False)
    ids = papers.externalIds
    wanted = [
        papers.index[ids.map(lambda e: e.get("DOI") == doi)].item(),
        papers.index[ids.map(lambda e: e.get("ArXiv") == arxiv)].item(),
        papers.index[papers.title == title].item(),
    ]
    assert load_seeds(db) == wanted  # DOI, arXiv id and title alone each found their paper
    fix = (tmp_path / "library.unmatched.txt").read_text(encoding="utf-8")  # beside the store
    assert "readinggroup" in fix and "zhang" not in fix.split("readinggroup")[0].lower()
    assert len(load_papers(db)) == 80


def test_similar_and_path_work_on_the_demo_store(tmp_path) -> None:
    from mentalmap.demo import run_demo

    demo = run_demo(tmp_path / "demo", size=400, seed=3)
    reading = pd.read_csv(demo.reading_csv)
    a, b = reading.paperId.iloc[0], reading.paperId.iloc[-1]
    similar = CliRunner().invoke(main, ["similar", a, "--db", str(demo.db), "--format", "csv"])
    assert similar.exit_code == 0, similar.output
    assert len(pd.read_csv(io.StringIO(similar.output))) > 0
    path = CliRunner().invoke(main, ["path", a, b, "--db", str(demo.db)])
    assert path.exit_code == 0, path.output
    assert re.search(r"Shortest path: \d citations", path.output)
    assert path.output.count(a) == path.output.count(b) == 1  # the path runs from a to b
