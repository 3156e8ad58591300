"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The recorded real S2 data beside the checkout (``../shared/data``): CI has it, so a
    missing folder fails the tests that need it instead of skipping them."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: put the shared data beside this checkout")
    return SHARED_DATA


# --- the fake Semantic Scholar (mentalmap.fake_s2) -------------------------------------------
def small_sha(name: str) -> str:
    """The deterministic paperId of a named paper of ``small_corpus``."""
    import hashlib

    return hashlib.sha1(f"small:{name}".encode()).hexdigest()


SMALL_HUB_CITERS = 2_345


def small_corpus_records() -> tuple[list[dict], list[dict], dict[str, str]]:
    """Papers, citations and aliases of ``small_corpus`` (build variants from these).

    30 named papers ``p0``..``p29`` on sparse attention; ``p(i)`` cites ``p(i-1)``, ``p(i-3)`` and
    ``p(i//2)``. ``p0`` (the hub) is also cited by 2,345 generated papers ``c0``..``c2344``, so
    its citations take several pages of 1,000. ``p10`` has one unmatched reference; ``old-p5``
    is a merged alias of ``p5``; the edge ``p1 → p0`` appears twice, as real lists have
    duplicates. Counts are corpus-wide and larger than the edges held.
    """
    papers: list[dict] = []
    citations: list[dict] = []
    for i in range(30):
        pid = small_sha(f"p{i}")
        external = {"DOI": f"10.5555/SMALL.{i}", "ArXiv": f"2101.{i:05d}", "CorpusId": 1000 + i}
        if i == 3:
            external.update(MAG="3001", ACL="W12-3903", PubMed="19872477", PubMedCentral="2323736")
        papers.append(
            {
                "paperId": pid,
                "corpusId": 1000 + i,
                "externalIds": external,
                "url": f"https://www.semanticscholar.org/paper/{pid}",
                "title": "Foundations of Sparse Attention"
                if i == 0
                else f"Sparse attention variant {i} for long documents",
                "abstract": None if i % 4 == 0 else f"We study sparse attention, variant {i}.",
                "venue": "NeurIPS" if i % 2 else "ICML",
                "year": 2015 + i // 3,
                "publicationDate": f"{2015 + i // 3}-0{1 + i % 9}-15",
                "publicationTypes": ["Review"] if i == 29 else ["JournalArticle"],
                "authors": [{"authorId": str(100 + i), "name": f"Author {i}"}],
                "citationCount": 3_000 if i == 0 else 40 - i,
                "referenceCount": 3 + (i == 10),
                "influentialCitationCount": 1,
                "fieldsOfStudy": ["Computer Science"],
                "openAccessPdf": {"url": f"https://example.org/{i}.pdf", "status": None}
                if i % 3 == 0
                else None,
                "tldr": {"model": "tldr@v2.0.0", "text": f"Variant {i}."},
            }
        )
        for j in sorted({i - 1, i - 3, i // 2} - {i}):
            if j >= 0:
                citations.append(
                    {
                        "citing": pid,
                        "cited": small_sha(f"p{j}"),
                        "isInfluential": j == i - 1,
                        "intents": ["methodology"] if j == i - 1 else ["background"],
                        "contexts": [f"p{i} builds on p{j}."],
                    }
                )
    citations.append(
        {
            "citing": small_sha("p10"),
            "cited": None,
            "isInfluential": False,
            "intents": [],
            "contexts": [],
            "unmatched": {"title": "An unpublished note on attention", "year": 2014, "venue": "TR"},
        }
    )
    citations.append({"citing": small_sha("p1"), "cited": small_sha("p0"), "intents": []})
    for k in range(SMALL_HUB_CITERS):
        pid = small_sha(f"c{k}")
        papers.append(
            {
                "paperId": pid,
                "corpusId": 5000 + k,
                "externalIds": {"CorpusId": 5000 + k},
                "title": f"Applied study {k} in domain {k % 17}",
                "year": 2018 + k % 7,
                "publicationDate": f"{2018 + k % 7}-06-01",
                "authors": [],
                "citationCount": 0,
                "referenceCount": 1,
            }
        )
        citations.append({"citing": pid, "cited": small_sha("p0"), "isInfluential": k % 10 == 0})
    return papers, citations, {small_sha("old-p5"): small_sha("p5")}


@pytest.fixture(scope="session")
def small_corpus():
    """A small deterministic Corpus (see ``small_corpus_records``); read-only, shared."""
    from mentalmap.fake_s2 import Corpus

    papers, citations, aliases = small_corpus_records()
    return Corpus(papers, citations, aliases)


@pytest.fixture
def fake_s2_factory():
    """Start fake S2 servers: ``fake_s2_factory(corpus, faults=None, api_keys=None)``.

    Each server is stopped when the test ends.
    """
    from mentalmap.fake_s2 import FakeS2Server

    servers = []

    def start(corpus, faults=None, api_keys=None):
        server = FakeS2Server(corpus, faults=faults, api_keys=api_keys).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# --- a hostile field (tests/hostile.py) ------------------------------------------------------
@pytest.fixture(scope="session")
def hostile_master(tmp_path_factory) -> tuple[Path, str]:
    """The hostile field crawled once per session (do not write into it: use ``hostile_db``)."""
    from hostile import hostile_store

    return hostile_store(tmp_path_factory.mktemp("hostile") / "hostile.sqlite")


@pytest.fixture
def hostile_db(hostile_master, tmp_path: Path) -> tuple[Path, str]:
    """A private copy of the hostile store, and its seed's paperId."""
    import shutil

    master, seed = hostile_master
    path = tmp_path / "hostile.sqlite"
    shutil.copy(master, path)
    return path, seed


# --- a small demo store (mentalmap demo) -----------------------------------------------------
@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The store of a 300-paper ``mentalmap demo``, made once (copy it with ``demo_db``)."""
    from mentalmap.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"), size=300).db


@pytest.fixture
def demo_db(demo_master, tmp_path: Path) -> Path:
    """A private copy of the demo store."""
    import shutil

    path = tmp_path / "store" / "demo.sqlite"
    path.parent.mkdir()
    shutil.copy(demo_master, path)
    return path
