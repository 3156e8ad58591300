"""Corpora from the real recorded data (../shared/data, which CI has beside the checkout)."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from mentalmap.errors import DataNotFound

from recorded import fake_paper_id, load_p4_corpus, load_recorded_corpus, load_subgraph_corpus

TURING = "2d5673caa9e6af3a7b82a43f19ee920992db07ad"


@pytest.fixture(scope="module")
def turing(shared_data):
    return load_recorded_corpus(shared_data)


def recorded_body(cassette: str) -> bytes:
    """The first response body of a vcrpy cassette (a YAML single-quoted, folded scalar)."""
    text = cassette.split("string: '", 1)[1]
    raw = re.split(r"'\n\s+headers:", text, maxsplit=1)[0]
    # YAML folding: a line break inside the scalar is a space, an empty line is a newline.
    lines = [line.strip() for line in raw.split("\n")]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the indentation before the closing quote
    out, pending_space = "", False
    for line in lines:
        if line == "":
            out += "\n"
            pending_space = False
        else:
            out += (" " if pending_space else "") + line
            pending_space = True
    return out.replace("''", "'").encode()


def test_turing_corpus_shape(turing):
    assert len(turing) == 1 + 1000 + 8
    paper = turing.get_paper("10.1093/mind/lix.236.433", "citationCount,referenceCount")
    assert paper == {"paperId": TURING, "citationCount": 10059, "referenceCount": 14}


def test_turing_answers_like_the_recording(turing, shared_data, fake_s2_factory):
    cassette = (shared_data / "s2-recorded-responses" / "test_get_paper.yaml").read_text()
    server = fake_s2_factory(turing)
    response = httpx.get(f"{server.url}/paper/10.1093/mind/lix.236.433", params={"fields": "title"})
    assert response.content == recorded_body(cassette)
    assert response.headers["content-length"] == "105"  # the recorded Content-Length


def test_turing_references_keep_six_unmatched(turing, shared_data):
    page = turing.page(TURING, "references", 0, 100, "title,year,venue,authors,corpusId")
    assert "next" not in page and len(page["data"]) == 14
    unmatched = [i["citedPaper"] for i in page["data"] if i["citedPaper"]["paperId"] is None]
    assert len(unmatched) == 6
    assert all(u["authors"] == [] and u["corpusId"] is None and u["title"] for u in unmatched)
    recorded = json.loads((shared_data / "s2-recorded-responses" / "Paper.json").read_text())
    expected = [r["title"] for r in recorded["references"]]
    assert [i["citedPaper"]["title"] for i in page["data"]] == expected


def test_turing_citations_page_through_the_thousand(turing):
    first = turing.page(TURING, "citations", 0, 1000, "year")
    assert len(first["data"]) == 1000 and "next" not in first
    nested = turing.get_paper(TURING, "citations.year")["citations"]
    assert [c["citingPaper"] for c in first["data"]] == nested


def test_p4_corpus(shared_data):
    corpus = load_p4_corpus(shared_data)
    assert len(corpus) == 66
    p4 = corpus.get_paper("DOI:10.1145/2656877.2656890", "title,year,citationCount,authors")
    assert p4["title"].startswith("P4")
    assert p4["citationCount"] == 2985 and p4["authors"] is None
    edges = sum(len(corpus.page(pid, "references", 0, 1000)["data"]) for pid in corpus.paper_ids())
    assert edges == 66


def test_subgraph_corpora(shared_data):
    folder = shared_data / "s2ag-topic-subgraphs"
    jonathan = load_subgraph_corpus(folder / "jonathan.json")
    assert len(jonathan) == 170
    paper = jonathan.get_paper("CorpusId:265494534", "title,authors,year")
    assert paper["paperId"] == "9e9f765aa7c90b0fc568d7ce30b6a7b7a2931627"
    assert paper["authors"][0] == {"authorId": None, "name": "William Turner"}
    llama = load_subgraph_corpus(folder / "llama-links.json")
    cited = llama.get_paper("CorpusId:257219404", "citationCount")
    assert cited == {"paperId": fake_paper_id(257219404), "citationCount": 797}


def test_missing_files_raise_data_not_found(tmp_path):
    with pytest.raises(DataNotFound, match="Paper.json"):
        load_recorded_corpus(tmp_path)
    with pytest.raises(DataNotFound):
        load_p4_corpus(tmp_path)
    with pytest.raises(DataNotFound):
        load_subgraph_corpus(tmp_path / "none.json")


def test_fake_paper_id_is_stable_hex():
    assert fake_paper_id(1) == fake_paper_id(1) != fake_paper_id(2)
    assert re.fullmatch(r"[0-9a-f]{40}", fake_paper_id(1))
