"""Speed of the in-memory S2 corpus (was a timing assertion in the unit tests): a page costs the
same at 1,000,000 edges as at 100,000; printed as the ratio to the small corpus of the same run.

    python benchmarks/fake_s2_corpus.py
"""

from __future__ import annotations

import hashlib
import random
import time

from mentalmap.fake_s2 import Corpus


def measure(n_edges: int) -> tuple[float, float]:
    """Seconds to build a 50k-paper corpus with ``n_edges`` citations, and per page read."""
    ids = [hashlib.sha1(str(i).encode()).hexdigest() for i in range(50_000)]
    papers = [{"paperId": p, "title": f"paper {i}", "corpusId": i} for i, p in enumerate(ids)]
    rng = random.Random(0)
    edges = [
        {"citing": ids[rng.randrange(50_000)], "cited": ids[rng.randrange(1_000)]}
        for _ in range(n_edges)
    ]
    started = time.perf_counter()
    corpus = Corpus(papers, edges)
    built = time.perf_counter()
    for k in range(200):
        corpus.page(ids[k % 1000], "citations", 0, 1000, "paperId,year,isInfluential,intents")
    return built - started, (time.perf_counter() - built) / 200


if __name__ == "__main__":
    base_build, base_page = measure(100_000)
    build, page = measure(1_000_000)
    print(f"100k edges: build {base_build:.2f} s, page {base_page * 1e3:.2f} ms")
    print(f"1M edges:   build {build:.2f} s ({build / base_build:.1f}x), "
          f"page {page * 1e3:.2f} ms ({page / base_page:.1f}x the 100k page)")  # fmt: skip
