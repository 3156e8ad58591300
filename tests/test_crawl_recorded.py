"""A crawl of real recorded S2 records (Turing 1950) through the fake server, as a user runs it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.fake_s2 import load_recorded_corpus
from mentalmap.graph import load_edges, load_papers, load_seeds


def test_crawl_turing_by_bare_doi_from_recorded_records(shared_data, fake_s2_factory, tmp_path):
    paper = json.loads((shared_data / "s2-recorded-responses" / "Paper.json").read_text())
    matched_refs = [r for r in paper["references"] if r.get("paperId")]
    citing = {c["paperId"] for c in paper["citations"] if c.get("paperId")}
    server = fake_s2_factory(load_recorded_corpus(shared_data))
    db = tmp_path / "turing.sqlite"
    result = CliRunner().invoke(
        main,
        [
            "crawl",
            "10.1093/mind/lix.236.433",
            "--db",
            str(db),
            "--api-url",
            server.url,
            "--rps",
            "0",
            "-q",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert load_seeds(db) == [paper["paperId"]]
    papers = load_papers(db).set_index("paperId")
    assert set(papers.index) == {paper["paperId"]} | citing | {r["paperId"] for r in matched_refs}
    turing = papers.loc[paper["paperId"]]
    assert turing.title == "Computing Machinery and Intelligence" and turing.year == 1950
    assert turing.citationCount == paper["citationCount"]  # corpus-wide, not the 1,000 in the map
    edges = load_edges(db)
    assert len(edges) == len(citing) + len(matched_refs)
    assert (tmp_path / "turing.html").exists()
    # the batch endpoint was used for details, paged lists for neighbours: a handful of calls
    calls = [r for r in server.requests if r.status == 200]
    assert len(calls) == 1 + 1 + 1 + 3  # seed batch, references, citations, 3 detail batches
