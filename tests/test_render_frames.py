"""A small hand-built field (papers, edges, analysis table, reading list) for the map tests.

Built here rather than borrowed from ``mentalmap.synthetic`` so the render tests pin exactly the
cases they check (an XSS title, a lineage edge, a paper without a year, a ``javascript:`` PDF).
"""

from __future__ import annotations

import random

import pandas as pd

XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_NOTE = "</script><img src=x onerror=alert(1)>"
ROLES = ["foundational", "technique", "tweak", "survey", "frontier", "other"]
TOPICS = ["attention models", "state-space models", "retrieval augmentation"]


def make_field(
    n: int = 60, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(papers, edges, table, reading)`` shaped as docs/architecture.md says.

    Paper ``P0`` is a seed, ``P1`` carries the XSS title and a ``javascript:`` PDF link, ``P2``
    has no year, ``P3`` is a tweak whose parent is ``P0``; everything else is random but fixed by
    ``seed``.
    """
    rng = random.Random(seed)
    rows, info = [], []
    for i in range(n):
        year = 2010 + (i * 14) // max(n, 1) + rng.randint(0, 1)
        topic = i % len(TOPICS)
        first, last = (
            rng.choice(["Ada", "Alan", "Grace", "Edsger"]),
            rng.choice(["Lovelace", "Turing", "Hopper", "Dijkstra"]),
        )
        rows.append(
            {
                "paperId": f"P{i}",
                "corpusId": 1000 + i,
                "title": f"Paper {i} on {TOPICS[topic]}",
                "abstract": f"We study {TOPICS[topic]}. " * 60,
                "year": year,
                "publicationDate": None,
                "venue": rng.choice(["NeurIPS", "ICML", "ACL", ""]),
                "publicationTypes": ["Conference"],
                "authors": [{"authorId": str(i), "name": f"{first} {last}"}],
                "citationCount": rng.randint(0, 500),
                "referenceCount": 20,
                "influentialCitationCount": rng.randint(0, 10),
                "fieldsOfStudy": ["Computer Science"],
                "openAccessPdf": f"https://example.org/{i}.pdf" if i % 4 == 0 else None,
                "tldr": f"TLDR of paper {i}." if i % 2 == 0 else None,
                "externalIds": {"DOI": f"10.1000/x{i}", "ArXiv": f"2101.{i:05d}"},
                "url": None,
                "depth": 0 if i == 0 else 1,
                "isSeed": i == 0,
                "referencesCrawled": True,
                "citationsCrawled": False,
            }
        )
        info.append(
            {
                "paperId": f"P{i}",
                "role": ROLES[i % len(ROLES)],
                "confidence": 0.8,
                "reason": f"reason for paper {i}",
                "parent": None,
                "cluster": topic,
                "cluster_label": TOPICS[topic],
                "importance": round(1.0 - i / n, 3),
                "has_code": i % 3 == 0,
                "code_url": f"https://github.com/example/p{i}" if i % 3 == 0 else "",
            }
        )
    rows[1]["title"] = XSS_TITLE
    rows[1]["openAccessPdf"] = "javascript:alert(2)"
    rows[1]["authors"] = [{"authorId": "x", "name": "</script><script>alert(3)</script>"}]
    rows[2]["year"] = None
    info[3].update(role="tweak", parent="P0", reason="adds a tweak to P0")
    papers = pd.DataFrame(rows).set_index("paperId")
    papers["year"] = papers["year"].astype("Int64")
    edges = []
    for i in range(1, n):
        for j in rng.sample(range(i), k=min(i, 3)):
            edges.append((f"P{i}", f"P{j}"))
    edges.append(("P3", "P0"))
    edge_frame = pd.DataFrame(
        [
            {"citing": a, "cited": b, "isInfluential": False, "intents": [], "contexts": None}
            for a, b in sorted(set(edges))
        ]
    )
    table = pd.DataFrame(info).set_index("paperId")
    reading = pd.DataFrame(
        [
            {
                "order": 1,
                "paperId": "P0",
                "title": "",
                "section": "Foundations",
                "why": "the seed",
                "passes": "read twice",
                "has_code": True,
                "code_url": "",
            },
            {
                "order": 2,
                "paperId": "P3",
                "title": "",
                "section": "Tweaks",
                "why": "a tweak",
                "passes": "skim",
                "has_code": False,
                "code_url": "",
            },
        ]
    )
    return papers, edge_frame, table, reading


def make_log() -> pd.DataFrame:
    """A reading log shaped as :func:`mentalmap.reading_log.read_log` returns it.

    ``P0``: passes 1 and 2, the second with a note; ``P4``: pass 3; ``P5``: deep, with a note
    that tries to end the data script. All three are among the 20 most important papers.
    """
    rows = [
        ("P0", "1", None, "2026-01-02T09:00:00+00:00"),
        ("P0", "2", "X with Y", "2026-01-05T09:00:00+00:00"),
        ("P4", "3", None, "2026-01-06T09:00:00+00:00"),
        ("P5", "deep", XSS_NOTE, "2026-01-07T09:00:00+00:00"),
    ]
    frame = pd.DataFrame(rows, columns=["paperId", "pass", "note", "readAt"])
    frame.insert(1, "title", None)
    return frame.astype(object).where(frame.notna(), None)


def test_make_field_is_deterministic_and_shaped() -> None:
    a = make_field(30, seed=1)
    b = make_field(30, seed=1)
    pd.testing.assert_frame_equal(a[1], b[1])
    papers, edges, table, _ = a
    assert papers.index.is_unique and len(papers) == 30
    assert set(edges["citing"]) <= set(papers.index)
    assert table.loc["P3", "parent"] == "P0"
