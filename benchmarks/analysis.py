"""Do the roles and the rank hold on fields the project never shaped? The issue-12 figures.

1. Held-out seeds of the synthetic generator (no test or threshold was tuned on them), with
   neutral titles (no role cue) and with titles replaced by random words, with S2's edge
   intents and isInfluential flags and without them (as ml-arxiv-6k and a crawl's batch reads
   give edges): macro-F1, parent
   accuracy and F1 per role of our rules beside the citation-count and PageRank baselines (which
   are handed the truth's number of foundations and techniques).
2. ml-arxiv-6k (a real NeurIPS/ICML citation network, no labels): how many of its 13 most cited
   papers each ranking puts in its top 5%, on the whole field and at two years of age
   (Mariani, Medo & Zhang 2016's protocol), and the roles they get.
3. The recorded real topic subgraphs: rank and role of their known landmarks.
4. A map seeded with one survey: share of the reading list and of the named foundations in the
   survey's planted sub-topic.
5. The map a user gets: the same survey crawled from the fake S2 (nested batch reads carry no
   intents), with and without the crawl's edge-details pass: calls, and the roles of the map's
   papers against their planted roles.

    python benchmarks/analysis.py            # 3 held-out seeds
    python benchmarks/analysis.py --quick    # 1 held-out seed
    python benchmarks/analysis.py --parts 4  # only part 4 (any of 1-5, e.g. --parts 1 4)
Speed of the analyses: benchmarks/analysis_speed.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from mentalmap.analysis import analyze
from mentalmap.analysis.evaluate import GRADED, evaluate_roles
from mentalmap.analysis.reading import FOUNDATIONS, reading_plan
from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.demo import entry_survey
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import load_edges, load_papers
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test helpers
from landmarks import RANKINGS, landmark_figures, ml_arxiv_frames, subgraph_frames  # noqa: E402
from planted import evaluate_field, summary_line  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
HELD_OUT = (11, 23, 37)
#: Known landmarks of the recorded subgraphs (an id, or "title:" and a title fragment).
SUBGRAPH_LANDMARKS = {
    "llama-links": [("257219404", "LLaMA"), ("259950998", "Llama 2")],
    "code-gen": [("title:survey on large language model based autonomous agents", "agent survey")],
    "green": [("title:12 principles of green analytical chemistry", "12 principles")],
    "medprompt": [("title:can generalist foundation models outcompete", "Medprompt")],
    "jonathan": [("title:two pairs of on and off retinal ganglion cells", "ON/OFF RGC pairs")],
}


def synthetic(seeds: tuple[int, ...]) -> None:
    print("1. synthetic fields, 2,000 papers, held-out seeds")
    runs = (("neutral titles", "neutral", True, True), ("random titles", "random", True, True),
            ("titles ignored", "neutral", False, True),
            ("no intents, neutral", "neutral", True, False),
            ("no intents, random", "random", True, False),
            ("no intents, no titles", "neutral", False, False))  # fmt: skip
    means: dict[str, dict[str, list[float]]] = {}
    for label, titles, use, intents in runs:
        for s in seeds:
            res = evaluate_field(2000, s, titles=titles, use_titles=use, intents=intents)
            baselines = use and titles == "neutral" and intents
            names = ("ours", "citations", "pagerank") if baselines else ("ours",)
            for name in names:
                key = f"{name} / {label}"
                d = means.setdefault(key, {"macro": [], "parent": []})
                d["macro"].append(res[name]["macro_f1"])
                d["parent"].append(res[name]["parent_accuracy"])
                for r in GRADED:
                    d.setdefault(r, []).append(res[name]["per_role"][r]["f1"])
                print(f"  seed {s:>2} {key:<26} {summary_line(res[name])}")
    print("  mean over seeds:")
    for key, d in means.items():
        per = " ".join(f"{r[:5]}={np.mean(d[r]):.2f}" for r in GRADED)
        print(f"    {key:<26} macro-F1 {np.mean(d['macro']):.3f}  "
              f"parent {np.nanmean(d['parent']) if key.startswith('ours') else float('nan'):.2f}"
              f"  [{per}]")  # fmt: skip


def ml_arxiv() -> None:
    print("\n2. ml-arxiv-6k (real, unlabelled): the 13 most cited papers as landmarks")
    papers, edges = ml_arxiv_frames(SHARED / "ml-arxiv-6k")
    fig = landmark_figures(papers, edges, k=13, top=0.05, age=2.0)
    for part in ("whole", "young"):
        when = "whole field" if part == "whole" else "at 2 years of age"
        counts = "  ".join(f"{r} {fig[part][r]}/{fig['k']}" for r in RANKINGS)
        print(f"  in the top 5%, {when:<18}: {counts}")
    table = analyze(papers, edges)
    marks = table.loc[fig["landmarks"]]
    print("  roles of the landmarks: " + ", ".join(
        f"{k} {v}" for k, v in marks["role"].value_counts().items()))  # fmt: skip
    for pid, r in marks.iterrows():
        print(f"    {str(r['title'])[:58]:<58} {r['year']}  rank "
              f"{int(table.index.get_loc(pid)) + 1:>4}  {r['role']:<12} {r['reason']}")  # fmt: skip
    counts = table["role"].value_counts()
    print("  roles over the field: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    surveys = table[table["role"] == "survey"]
    print(f"  surveys: {len(surveys)}; most cited of them: " + "; ".join(
        f"{str(t)[:50]} ({c})" for t, c in zip(
            surveys["title"], surveys["in_map_citations"], strict=True))[:400])  # fmt: skip


def subgraphs() -> None:
    print("\n3. recorded real topic subgraphs (s2ag): known landmarks")
    folder = SHARED / "s2ag-topic-subgraphs"
    for name, marks in SUBGRAPH_LANDMARKS.items():
        papers, edges = subgraph_frames(folder / f"{name}.json")
        table = analyze(papers, edges)
        for key, label in marks:
            if key.startswith("title:"):
                hit = table.index[table["title"].fillna("").str.lower().str.contains(key[6:])]
                pid = hit[0] if len(hit) else None
            else:
                pid = key if key in table.index else None
            if pid is None:
                print(f"  {name:<12} {label:<16} not in the subgraph")
                continue
            rank = int(table.index.get_loc(pid)) + 1
            by_cites = int((table["in_map_citations"] > table.at[pid, "in_map_citations"]).sum())
            role, why = table.at[pid, "role"], table.at[pid, "reason"]
            print(f"  {name:<12} {label:<16} rank {rank:>4}/{len(table):<5} (by citations "
                  f"{by_cites + 1:>4})  {role:<12} {why}")  # fmt: skip


def survey_seeded(seeds: tuple[int, ...]) -> None:
    print("\n4. a map seeded with one survey: share in the survey's planted sub-topic")
    for s in seeds:
        field = generate_field(2000, seed=s)
        papers, edges = field.papers_frame(), field.edges_frame()
        start = entry_survey(field)
        table = analyze(papers, edges, [start])
        topic = field.truth["topic"]
        mine = topic[start]
        plan = reading_plan(table, papers.assign(isSeed=papers.index == start),
                            tier="exposure", edges=edges)  # fmt: skip
        ids = plan.items["paperId"].tolist()
        found = plan.items.loc[plan.items["section"] == FOUNDATIONS, "paperId"].tolist()
        named = table.index[(table["role"] == "foundational") & table["in_scope"].astype(bool)]

        def share(xs, topic=topic, mine=mine) -> float:
            return float(np.mean([topic[p] == mine for p in xs])) if len(xs) else float("nan")

        print(f"  seed {s:>2}: in scope {int(table['in_scope'].sum())} papers "
              f"({share(table.index[table['in_scope'].astype(bool)]):.2f} on topic); reading list "
              f"{share(ids):.2f} of {len(ids)}; its foundations {share(found):.2f} of {len(found)}"
              f" (+{len(plan.rests_on)} outside the sub-area, in a note); named foundations in "
              f"scope {share(named):.2f} of {len(named)}")  # fmt: skip


def crawled(seeds: tuple[int, ...]) -> None:
    print("\n5. the map a user gets: a survey crawled from the fake S2, roles of its papers")
    for s in seeds:
        field = generate_field(2000, seed=s)
        corpus, start = field.to_corpus(), entry_survey(field)
        for size in (500, 2000):
            for details in (0, None):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "map.sqlite"
                    source = CorpusSource(corpus)
                    with Store.open(path) as store:
                        crawl(store, source, [start],
                              CrawlSettings(max_papers=size, details_calls=details))  # fmt: skip
                    papers, edges = load_papers(path), load_edges(path)
                table = analyze(papers, edges, [start])
                res = evaluate_roles(table, field.truth.loc[table.index])
                label = "topology only" if details == 0 else "with edge details"
                print(f"  seed {s:>2} {len(papers):>5} papers {label:<18} {source.calls:>4} calls"
                      f"  {summary_line(res)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one held-out seed")
    parser.add_argument("--parts", type=int, nargs="+", choices=range(1, 6), default=range(1, 6),
                        help="which parts to run (default all)")  # fmt: skip
    args = parser.parse_args()
    seeds = HELD_OUT[:1] if args.quick else HELD_OUT
    pd.set_option("display.width", 200)
    parts = {1: lambda: synthetic(seeds), 2: ml_arxiv, 3: subgraphs,
             4: lambda: survey_seeded(seeds), 5: lambda: crawled(seeds)}  # fmt: skip
    for part in sorted(set(args.parts)):
        parts[part]()


if __name__ == "__main__":
    main()
