"""API calls a crawl makes against the theoretical minimum, on the fake S2 server over HTTP.

The minimum for the map a crawl produced: one batch per 500 seeds, one page per 1,000 items of
every list it had to read (at least one page per list), and one batch per 500 papers whose
details it added. Counted from the corpus itself, not from the crawler. Target ratio ≤ 1.05.

    python benchmarks/crawl_calls.py [--size 6000] [--seed 3]
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import tempfile
import time
from pathlib import Path

from mentalmap.crawl import DIRECTIONS, CrawlSettings, crawl
from mentalmap.fake_s2 import Corpus, FakeS2Server
from mentalmap.s2.client import ClientSettings, S2Client
from mentalmap.source import BATCH_LIMIT, PAGE_LIMIT
from mentalmap.store import Store
from mentalmap.synthetic import generate_field


def list_pages(corpus: Corpus, paper_id: str, direction: str) -> int:
    """Pages needed to read one list whole: ceil(items / 1000), and at least one."""
    items = 0
    offset = 0
    while True:
        page = corpus.page(paper_id, direction, offset, PAGE_LIMIT, "paperId")
        items += len(page.get("data") or [])
        if "next" not in page:
            return max(1, math.ceil(items / PAGE_LIMIT))
        offset = page["next"]


def minimum_calls(corpus: Corpus, db: Path, settings: CrawlSettings, n_seeds: int) -> int:
    with sqlite3.connect(db) as conn:
        by_depth: dict[int, list[str]] = {}
        for pid, depth in conn.execute("SELECT paperId, depth FROM papers"):
            by_depth.setdefault(depth, []).append(pid)
    calls = math.ceil(n_seeds / BATCH_LIMIT)
    for level in range(settings.depth):
        for pid in by_depth.get(level, []):
            for direction in DIRECTIONS[settings.direction]:
                calls += list_pages(corpus, pid, direction)
        calls += math.ceil(len(by_depth.get(level + 1, [])) / BATCH_LIMIT)
    return calls


def measure(corpus: Corpus, seeds: list[str], settings: CrawlSettings) -> tuple[int, int, float]:
    with tempfile.TemporaryDirectory() as tmp, FakeS2Server(corpus) as server:
        db = Path(tmp) / "bench.sqlite"
        client = S2Client(ClientSettings(api_url=server.url, rps=0))
        start = time.perf_counter()
        with Store.open(db) as store, client:
            crawl(store, client, seeds, settings)
        elapsed = time.perf_counter() - start
        made = len(server.requests)
        return made, minimum_calls(corpus, db, settings, len(seeds)), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    field = generate_field(n_papers=args.size, seed=args.seed)
    corpus = field.to_corpus()
    papers = field.papers_frame(text=False)
    truth = field.truth
    surveys = truth.index[truth.role == "survey"]
    recent = papers[papers.paperId.isin(surveys)].sort_values("year").paperId.tolist()
    seeds = recent[-2:]
    print(f"field: {len(papers)} papers, {field.n_edges} citations; seeds: {len(seeds)} surveys")
    print(f"{'crawl':<28}{'calls':>8}{'minimum':>9}{'ratio':>8}{'seconds':>9}")
    worst = 0.0
    for name, settings in [
        ("depth 1", CrawlSettings(depth=1)),
        ("depth 2, 1500 papers", CrawlSettings(depth=2, max_papers=1500)),
        ("depth 2, back only", CrawlSettings(depth=2, direction="back", max_papers=800)),
    ]:
        made, minimum, seconds = measure(corpus, seeds, settings)
        ratio = made / minimum
        worst = max(worst, ratio)
        print(f"{name:<28}{made:>8}{minimum:>9}{ratio:>8.3f}{seconds:>9.2f}")
    print(f"worst ratio {worst:.3f} (target <= 1.05): {'OK' if worst <= 1.05 else 'MISSED'}")


if __name__ == "__main__":
    main()
