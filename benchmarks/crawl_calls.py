"""Crawl v2 against the first crawler, measured in the same run on the fake S2 server over HTTP.

For each case: successful API calls, minutes they take at S2's 1 request/s, closure (edges kept
among the map's papers / edges that exist among them, counted from the corpus), and for v2 the
ratio of its calls to the minimum of its own strategy (every map paper fetched with its lists
nested in packed batches, plus the pages of lists too long to nest, the long citation lists it
had to page and the edge-detail pages). v2 runs twice: the topology alone (``details_calls=0``,
what issue 11's targets count) and with its default edge-details pass (the citation lists of
the map's head, read for the intents the roles use: issue 12). Cases (issue 11's targets):

- a >= 20k-cited seed on a 100k-paper synthetic field, budgets 500 and 2,000 papers
  (targets: <= 60 and <= 150 calls, closure 1.0, ratio <= 1.1);
- a topic survey on a multi-topic field: share of the map in the survey's own sub-topic (>= 0.8);
- ml-arxiv-6k (real NeurIPS/ICML citations) seeded with MAML, and a real S2 topic subgraph.

    python benchmarks/crawl_calls.py [--quick]    # --quick: a 30k field, no 2,000 case
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mentalmap.crawl import Crawler, CrawlSettings
from mentalmap.fake_s2 import Corpus, FakeS2Server
from mentalmap.graph import load_papers
from mentalmap.s2.client import ClientSettings, S2Client
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test helpers
import crawl_v1  # noqa: E402
from recorded import load_ml_arxiv_corpus, load_subgraph_corpus  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass
class Result:
    calls: int
    closure: float
    papers: set[str]
    minimum: int | None
    seconds: float


def closure(corpus: Corpus, ids: set[str], db: Path) -> float:
    truth = set()
    for pid in ids:
        offset = 0
        while True:
            page = corpus.page(pid, "references", offset, 1000, "paperId")
            truth |= {
                (pid, c)
                for i in page["data"]
                if (c := i["citedPaper"]["paperId"]) in ids and c != pid
            }
            if "next" not in page:
                break
            offset = page["next"]
    with Store.open(db) as store:
        kept = set(store.conn.execute("SELECT citing, cited FROM edges_s2"))
    return len(kept & truth) / len(truth) if truth else 1.0


def run(corpus: Corpus, seeds: list[str], v2: bool, **settings) -> Result:
    with tempfile.TemporaryDirectory() as tmp, FakeS2Server(corpus) as server:
        db = Path(tmp) / "bench.sqlite"
        client = S2Client(ClientSettings(api_url=server.url, rps=0))
        start = time.perf_counter()
        minimum = None
        with Store.open(db) as store, client:
            if v2:
                crawler = Crawler(store, client, CrawlSettings(**settings))
                crawler.run(seeds)
            else:
                crawl_v1.crawl(store, client, seeds, crawl_v1.V1Settings(**settings))
        seconds = time.perf_counter() - start
        ok = [r for r in server.requests if r.status == 200]
        if v2:
            with Store.open(db) as store:
                modelled = Crawler(store, client, CrawlSettings(**settings)).modelled_calls()
            lists = [r for r in ok if r.method == "GET"]
            minimum = modelled + len(lists)  # long citation lists paged, and detail pages
        ids = set(load_papers(db).index)
        return Result(len(ok), closure(corpus, ids, db), ids, minimum, seconds)


def row(name: str, result: Result, extra: str = "") -> None:
    ratio = f"{result.calls / result.minimum:.2f}" if result.minimum else "-"
    print(
        f"{name:<48}{len(result.papers):>7}{result.calls:>7}{result.calls / 60:>8.1f}"
        f"{result.closure:>9.3f}{ratio:>7}{result.seconds:>8.1f}  {extra}"
    )


def header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'crawl':<48}{'papers':>7}{'calls':>7}{'min@1/s':>8}{'closure':>9}{'ratio':>7}{'sec':>8}"
    )


def compare(name: str, corpus: Corpus, seeds: list[str], share: Callable[[set[str]], str] | None,
            **settings) -> tuple[Result, Result]:  # fmt: skip
    old = run(corpus, seeds, v2=False, **settings)
    new = run(corpus, seeds, v2=True, details_calls=0, **settings)
    detailed = run(corpus, seeds, v2=True, **settings)
    row(f"{name}: first crawler", old, share(old.papers) if share else "")
    row(f"{name}: v2", new, share(new.papers) if share else "")
    row(f"{name}: v2 + edge details", detailed, share(detailed.papers) if share else "")
    return old, new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    checks: list[tuple[str, bool]] = []

    size = 30_000 if args.quick else 100_000
    corpus = generate_field(n_papers=size, seed=7).to_corpus()
    counts = {p: corpus.get_paper(p, "citationCount")["citationCount"] for p in corpus.paper_ids()}
    seed = max(counts, key=counts.__getitem__)
    header(f"synthetic {size:,}-paper field, seed cited {counts[seed]:,} times")
    budgets = [500] if args.quick else [500, 2000]
    for budget in budgets:
        old, new = compare(f"depth 2, {budget} papers", corpus, [seed], None, depth=2,
                           max_papers=budget)  # fmt: skip
        target = 60 if budget == 500 else 150
        checks.append((f"{budget} papers: calls {new.calls} <= {target}", new.calls <= target))
        checks.append((f"{budget} papers: closure {new.closure:.3f} == 1", new.closure == 1.0))
        ratio = new.calls / (new.minimum or 1)
        checks.append((f"{budget} papers: ratio {ratio:.2f} <= 1.1", ratio <= 1.1))

    field = generate_field(n_papers=6000, seed=3)
    topics = field.truth.topic
    survey = field.truth.index[field.truth.role == "survey"][0]
    header(f"survey seed on a {topics.nunique()}-topic 6,000-paper field (topic {topics[survey]})")

    def in_topic(ids: set[str]) -> str:
        return (
            f"in the survey's sub-topic: {(topics.loc[sorted(ids)] == topics[survey]).mean():.2f}"
        )

    old, new = compare("survey, depth 2, 300 papers", field.to_corpus(), [survey], in_topic,
                       depth=2, max_papers=300)  # fmt: skip
    own = (topics.loc[sorted(new.papers)] == topics[survey]).mean()
    checks.append((f"survey: sub-topic share {own:.2f} >= 0.8", own >= 0.8))

    if (SHARED / "ml-arxiv-6k").exists():
        real = load_ml_arxiv_corpus(SHARED / "ml-arxiv-6k")
        maml = next(
            p for p in real.paper_ids()
            if real.get_paper(p, "title")["title"].startswith("Model-Agnostic Meta-Learning")
        )  # fmt: skip
        header("ml-arxiv-6k (real), seeded with MAML")
        compare("MAML, depth 2, 500 papers", real, [maml], None, depth=2, max_papers=500)
        header("S2 topic subgraph (real): llama-links")
        sub = load_subgraph_corpus(SHARED / "s2ag-topic-subgraphs" / "llama-links.json")
        hub = max(sub.paper_ids(), key=lambda p: sub.get_paper(p, "citationCount")["citationCount"])
        compare("llama-links hub, depth 2, 300", sub, [hub], None, depth=2, max_papers=300)

    print()
    for text, ok in checks:
        print(f"{'OK    ' if ok else 'MISSED'} {text}")


if __name__ == "__main__":
    main()
