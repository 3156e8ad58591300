"""A crawl of real recorded S2 records (Turing 1950) through the fake server, as a user runs it."""

from __future__ import annotations

import json
import math

from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.graph import load_edges, load_papers, load_seeds

from recorded import load_recorded_corpus


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
            "--depth",
            "1",
            "--max-papers",
            "0",
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
    papers = load_papers(db)
    assert set(papers.index) == {paper["paperId"]} | citing | {r["paperId"] for r in matched_refs}
    turing = papers.loc[paper["paperId"]]
    assert turing.title == "Computing Machinery and Intelligence" and turing.year == 1950
    assert turing.citationCount == paper["citationCount"]  # corpus-wide, not the 1,000 in the map
    edges = load_edges(db)
    assert len(edges) == len(citing) + len(matched_refs)
    assert (tmp_path / "turing.html").exists()
    # details and the neighbours' own references come by packed batches: the seed's, then
    # about one per 9,999 references S2 counts for the neighbours (a list over 500 alone)
    calls = [r for r in server.requests if r.status == 200]
    batches = [r for r in calls if r.method == "POST"]
    counted = papers.drop(paper["paperId"]).referenceCount.fillna(40).clip(upper=500).sum()
    assert len(batches) <= 1 + math.ceil(counted / 9_999) + 2
    # lists: one page of Turing's citations (S2 holds 1,000 of them here), one of edge details
    lists = [r.path.rsplit("/", 1)[1] for r in calls if r.method == "GET"]
    assert lists == ["citations", "citations"]
