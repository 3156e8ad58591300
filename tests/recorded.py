"""Corpora built from real recorded S2 data beside the checkout (``shared/data``), for tests and
benchmarks: the installed package never reads that folder.

The data is read in place and never copied into the project. Three sources:

- ``s2-recorded-responses/Paper.json``: Turing (1950) with 1,000 full citing papers and its 14
  references, 6 of them unmatched: a small, real, connected graph.
- ``s2-crawl-p4/graph.json``: 66 papers of a real budgeted crawl around P4 (a tree).
- ``s2ag-topic-subgraphs/*.json``: citation neighbourhoods cut from the bulk datasets.

Edge details the recordings do not hold (influence, intents, contexts) are set to "none known"
(``False`` and empty lists); counts the recordings do not hold are null, except for the
subgraphs, where the in-graph degrees are all there is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mentalmap.errors import DataNotFound
from mentalmap.fake_s2 import Corpus


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise DataNotFound(f"recorded S2 data file not found: {path}")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _edge(citing: str, cited: str | None, unmatched: dict[str, Any] | None = None) -> dict:
    edge: dict[str, Any] = {
        "citing": citing,
        "cited": cited,
        "isInfluential": False,
        "intents": [],
        "contexts": [],
    }
    if unmatched is not None:
        edge["unmatched"] = unmatched
    return edge


def load_recorded_corpus(shared_data_dir: str | Path, **corpus_options: Any) -> Corpus:
    """Turing 1950, its 1,000 recorded citing papers and its 14 references (6 unmatched)."""
    root = _read_json(Path(shared_data_dir) / "s2-recorded-responses" / "Paper.json")
    seed = {k: v for k, v in root.items() if k not in ("citations", "references")}
    papers: dict[str, dict[str, Any]] = {seed["paperId"]: seed}
    citations: list[dict[str, Any]] = []
    for ref in root.get("references") or []:
        if ref.get("paperId") is None:
            unmatched = {k: ref.get(k) for k in ("title", "year", "venue")}
            citations.append(_edge(seed["paperId"], None, unmatched))
        else:
            papers.setdefault(ref["paperId"], ref)
            citations.append(_edge(seed["paperId"], ref["paperId"]))
    for citing in root.get("citations") or []:
        if citing.get("paperId") is None:
            continue
        papers.setdefault(citing["paperId"], citing)
        citations.append(_edge(citing["paperId"], seed["paperId"]))
    return Corpus(papers.values(), citations, **corpus_options)


def _url(paper_id: str) -> str:
    return f"https://www.semanticscholar.org/paper/{paper_id}"


def load_p4_corpus(shared_data_dir: str | Path, **corpus_options: Any) -> Corpus:
    """The 66-paper P4 crawl, its nodes mapped to Graph API paper dicts (unknowns null)."""
    graph = _read_json(Path(shared_data_dir) / "s2-crawl-p4" / "graph.json")
    papers = []
    for node in graph["nodes"]:
        pid = node.get("paper_id") or node["id"]
        papers.append(
            {
                "paperId": pid,
                "corpusId": None,
                "externalIds": {"DOI": node["doi"]} if node.get("doi") else {},
                "url": _url(pid),
                "title": node.get("title"),
                "abstract": None,
                "venue": node.get("venue") or "",
                "year": node.get("year"),
                "publicationDate": None,
                "publicationTypes": None,
                "authors": None,
                "citationCount": node.get("citation_count"),
                "referenceCount": None,
                "influentialCitationCount": None,
                "fieldsOfStudy": None,
                "openAccessPdf": None,
                "tldr": None,
            }
        )
    citations = [_edge(e["source"], e["target"]) for e in graph["edges"]]
    return Corpus(papers, citations, **corpus_options)


def fake_paper_id(corpus_id: int) -> str:
    """A stable 40-hex stand-in paperId for a paper known only by its corpus id."""
    return hashlib.sha1(f"corpusid:{corpus_id}".encode()).hexdigest()


def load_subgraph_corpus(path: str | Path, **corpus_options: Any) -> Corpus:
    """One ``s2ag-topic-subgraphs/*.json`` (edges citing → cited, keyed by corpus id).

    Papers without a paperId get :func:`fake_paper_id`. ``citationCount`` and ``referenceCount``
    are the in-graph degrees: the files hold no corpus-wide counts.
    """
    graph = _read_json(Path(path))
    ids = {n["corpusId"]: n.get("paperId") or fake_paper_id(n["corpusId"]) for n in graph["nodes"]}
    cited_by: dict[int, int] = {}
    cites: dict[int, int] = {}
    for citing, cited in graph["edges"]:
        cites[citing] = cites.get(citing, 0) + 1
        cited_by[cited] = cited_by.get(cited, 0) + 1
    papers = []
    for node in graph["nodes"]:
        cid = node["corpusId"]
        pid = ids[cid]
        papers.append(
            {
                "paperId": pid,
                "corpusId": cid,
                "externalIds": {"CorpusId": cid},
                "url": _url(pid),
                "title": node.get("title"),
                "year": node.get("year"),
                "authors": [{"authorId": None, "name": name} for name in node.get("authors") or []],
                "citationCount": cited_by.get(cid, 0),
                "referenceCount": cites.get(cid, 0),
            }
        )
    citations = [_edge(ids[citing], ids[cited]) for citing, cited in graph["edges"]]
    return Corpus(papers, citations, **corpus_options)


def load_ml_arxiv_corpus(path: str | Path, **corpus_options: Any) -> Corpus:
    """``ml-arxiv-6k/graph.json`` (arXiv ids, titles, years, abstracts; edges citing → cited).

    paperIds are stand-ins made from the arXiv id (``ARXIV:`` resolves); ``citationCount`` and
    ``referenceCount`` are the in-graph degrees: the file holds no corpus-wide counts.
    """
    graph = _read_json(Path(path) / "graph.json")
    ids = {n["id"]: hashlib.sha1(f"arxiv:{n['id']}".encode()).hexdigest() for n in graph["nodes"]}
    pairs = {(c, d) for c, d in graph["edges"] if c in ids and d in ids and c != d}
    cited_by: dict[str, int] = {}
    cites: dict[str, int] = {}
    for citing, cited in pairs:
        cites[citing] = cites.get(citing, 0) + 1
        cited_by[cited] = cited_by.get(cited, 0) + 1
    papers = [
        {
            "paperId": ids[n["id"]],
            "externalIds": {"ArXiv": n.get("arxiv_id") or n["id"]},
            "url": _url(ids[n["id"]]),
            "title": n.get("title"),
            "abstract": n.get("abstract"),
            "year": n.get("year"),
            "publicationDate": n.get("date"),
            "venue": n.get("venue"),
            "authors": [{"authorId": None, "name": str(a)} for a in n.get("authors") or []],
            "citationCount": cited_by.get(n["id"], 0),
            "referenceCount": cites.get(n["id"], 0),
        }
        for n in graph["nodes"]
    ]
    citations = [_edge(ids[c], ids[d]) for c, d in sorted(pairs)]
    return Corpus(papers, citations, **corpus_options)
