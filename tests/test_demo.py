"""``mentalmap demo``: the README's main job runs offline, end to end, and says where it wrote."""

from __future__ import annotations

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
