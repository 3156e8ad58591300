"""A hand-made, deterministic corpus for crawl tests: every count below can be worked by hand.

The seed (2015) cites ``n_refs`` papers (2000-2014) and one unmatched reference, and is cited by
``n_cites`` papers (2016-2024). Citing paper j also cites reference j % n_refs, and every fifth
citing paper cites the one before it. One citing paper is known to S2 under a second, merged id.
"""

from __future__ import annotations

import hashlib
import signal
import sqlite3
from pathlib import Path
from typing import Any

from mentalmap.fake_s2 import Corpus

STATE_TABLES = (
    "papers", "edges", "seeds", "aliases", "missing", "lists", "candidates", "crawl_plan",
)  # fmt: skip
#: Tables keyed by the store's integer ids, dumped with their paperIds (ids are internal).
_DUMPS = {
    "edges": "SELECT * FROM edges_s2",
    "candidates": "SELECT i.paperId, c.year, c.citationCount, c.referenceCount "
    "FROM candidates c JOIN ids i ON i.id = c.id",
}


def sha(n: int) -> str:
    return hashlib.sha1(f"paper-{n}".encode()).hexdigest()


SEED = sha(0)
MERGED = sha(99_999)  # a non-primary id of citing paper 1000


def ref_id(i: int) -> str:
    return sha(1 + i)


def cite_id(j: int) -> str:
    return sha(1000 + j)


def _paper(n: int, year: int, title: str, refs: int, cites: int) -> dict[str, Any]:
    return {
        "paperId": sha(n),
        "corpusId": 10_000 + n,
        "externalIds": {
            "DOI": f"10.5555/p.{n}",
            "ArXiv": f"15{n % 100:02d}.{n:05d}",
            "CorpusId": 10_000 + n,
        },  # fmt: skip
        "url": f"https://www.semanticscholar.org/paper/{sha(n)}",
        "title": title,
        "abstract": f"Abstract of {title}.",
        "venue": "NeurIPS" if n % 2 else "ICML",
        "year": year,
        "publicationDate": f"{year}-06-01",
        "publicationTypes": ["Conference"],
        "authors": [{"authorId": str(n % 17), "name": f"Author {n % 17}"}],
        "citationCount": cites,
        "referenceCount": refs,
        "influentialCitationCount": cites // 10,
        "fieldsOfStudy": ["Computer Science"],
        "openAccessPdf": None,
        "tldr": None,
    }


def cite_count(j: int) -> int:
    """S2's (global) citation count of citing paper j: scattered, so ties break visibly."""
    return (j * 37) % 1000


def make_corpus(
    n_refs: int = 30, n_cites: int = 2345, citation_cap: int = 10_000, **caps: Any
) -> Corpus:
    """The corpus of the module docstring; ``caps`` go to :class:`Corpus` (batch caps)."""
    papers = [_paper(0, 2015, "The seed paper", n_refs + 1, n_cites)]
    citations: list[dict[str, Any]] = []
    for i in range(n_refs):
        papers.append(_paper(1 + i, 2000 + i % 15, f"Reference {i}", 0, 1))
        citations.append(
            {"citing": SEED, "cited": ref_id(i), "isInfluential": i % 3 == 0,
             "intents": ["methodology"] if i % 2 else ["background"], "contexts": [f"ctx {i}"]}
        )  # fmt: skip
    citations.append(
        {"citing": SEED, "cited": None, "isInfluential": False, "intents": [], "contexts": [],
         "unmatched": {"title": "An unmatched book", "year": 1990, "venue": ""}}
    )  # fmt: skip
    for j in range(n_cites):
        papers.append(_paper(1000 + j, 2016 + j % 9, f"Citing paper {j}", 3, cite_count(j)))
        citations.append({"citing": cite_id(j), "cited": SEED, "isInfluential": j % 7 == 0,
                          "intents": ["background"], "contexts": []})  # fmt: skip
        citations.append({"citing": cite_id(j), "cited": ref_id(j % n_refs),
                          "isInfluential": False, "intents": ["result"],
                          "contexts": []})  # fmt: skip
        if j % 5 == 0 and j:
            citations.append({"citing": cite_id(j), "cited": cite_id(j - 1),
                              "isInfluential": False, "intents": [], "contexts": []})  # fmt: skip
    return Corpus(
        papers, citations, aliases={MERGED: cite_id(0)}, citation_cap=citation_cap, **caps
    )


def dump_store(path: Path) -> dict[str, list[tuple]]:
    """Every crawl table of a store, rows sorted: two crawls are the same iff their dumps are."""
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(_DUMPS.get(t, f"SELECT * FROM {t}"))) for t in STATE_TABLES}


def closure(corpus: Corpus, path: Path) -> float:
    """Edges kept among the map's papers / edges that exist among them (the corpus's truth)."""
    from mentalmap.graph import load_edges, load_papers

    ids = set(load_papers(path).index)
    truth = set()
    for pid in ids:
        offset = 0
        while True:
            page = corpus.page(pid, "references", offset, 1000, "paperId")
            for item in page["data"]:
                cited = item["citedPaper"]["paperId"]
                if cited in ids and cited != pid:
                    truth.add((pid, cited))
            if "next" not in page:
                break
            offset = page["next"]
    edges = load_edges(path)
    kept = set(zip(edges.citing, edges.cited, strict=True)) & truth
    return len(kept) / len(truth) if truth else 1.0


def default_sigint() -> None:
    """Ctrl-C as a terminal delivers it, even when pytest itself was started with SIGINT ignored
    (``nohup``, a CI runner): an ignored signal stays ignored across exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
