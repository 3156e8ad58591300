"""Is the reading plan one an advisor would sign? The issue-13 figures, on data we did not shape.

Fields: synthetic fields of held-out generator seeds (analysed whole, seeded with the survey a
newcomer would start from, as the demo does), and ml-arxiv-6k (a real NeurIPS/ICML citation
network) seeded with one paper. Printed per field and tier:

* in scope: share of the tier in the seeds' sub-area (``in_scope``), and beside it the share of
  the tier's foundations (``found_in_scope``); synthetic fields also print both shares in the
  seed's planted sub-topic (``planted_topic``, ``found_planted``); ``rests_on``: foundations
  outside the sub-area the tier's techniques cite, named in a note instead of listed;
* foundations ok: every foundation of the tier is an ancestor (through citations or lineage) of
  a technique of the tier;
* thin: papers cited fewer than twice in the map, and how many of them the tier does not explain;
* plans: distinct pass plans / papers; order_violations: in-list citations read after the
  citing paper (surveys aside), and how many of them are one of two papers citing each other;
* code: papers of the tier with public code, against the map's share; depth ⊇ exposure.

Then the prediction game: overlap of ``predict --reveal``'s papers with the as-of papers that
gained the most citations after the year in the whole field (the planted future), beside the
overlap of the CiteRank baseline.

    python benchmarks/reading_plan.py            # 3 held-out synthetic fields + ml-arxiv-6k
    python benchmarks/reading_plan.py --quick    # 1 synthetic field + ml-arxiv-6k
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from mentalmap.analysis import analyze
from mentalmap.analysis.reading import FOUNDATIONS, SURVEYS, TECHNIQUES, reading_plan
from mentalmap.demo import entry_survey
from mentalmap.synthetic import generate_field

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test helpers
from landmarks import ml_arxiv_frames  # noqa: E402

ML6K = ROOT.parent / "shared" / "data" / "ml-arxiv-6k"

#: A held-out generator seed is one no test or threshold was tuned on.
HELD_OUT = (11, 23, 37)


def plan_figures(table, papers, edges, seeds, tier, topic_of=None) -> dict[str, object]:
    """The issue's figures for one tier of one field."""
    papers = papers.assign(isSeed=papers.index.isin(seeds))
    plan = reading_plan(table, papers, tier=tier, edges=edges)
    items = plan.items
    ids = items["paperId"].tolist()
    scope = table["in_scope"].astype(bool)
    cites = edges[edges["citing"].isin(ids) & edges["cited"].isin(ids)]
    pos = {p: i for i, p in enumerate(ids)}
    surveys = set(items.loc[items["section"] == SURVEYS, "paperId"])
    pairs = set(zip(cites["citing"], cites["cited"]))
    late = [(a, b) for a, b in pairs if a not in surveys and b not in surveys and pos[b] > pos[a]]
    mutual = sum((b, a) in pairs for a, b in late)  # one of two papers citing each other is late
    found = items.loc[items["section"] == FOUNDATIONS, "paperId"].tolist()
    techs = items.loc[items["section"] == TECHNIQUES, "paperId"].tolist()
    ancestors = _ancestors(edges, table, techs)
    thin = items[items["in_map_citations"] < 2]
    out = {
        "size": len(items),
        "in_scope": _share(ids, scope),
        "found_in_scope": f"{_share(found, scope)} of {len(found)}",
        "rests_on": len(plan.rests_on),
        "foundations_ok": f"{sum(f in ancestors for f in found)}/{len(found)}",
        "thin": len(thin),
        "thin_unexplained": int((~thin["why"].str.contains("listed although")).sum()),
        "plans": f"{items['passes'].nunique()}/{len(items)}",
        "order_violations": f"{len(late)}/{len(pairs)} ({mutual} mutual)",
        "code": f"{int(items['has_code'].sum())}/{len(items)} (map {table['has_code'].mean():.1%})",
        "surveys": len(surveys),
    }
    if topic_of is not None:
        seed_topics = {topic_of[s] for s in seeds}
        mine = pd.Series({p: topic_of[p] in seed_topics for p in table.index})
        out["planted_topic"] = _share(ids, mine)
        out["found_planted"] = f"{_share(found, mine)} of {len(found)}"
    return out, plan


def _share(ids: list[str], flag: pd.Series) -> float:
    """Share of ``ids`` whose ``flag`` is true (nan for none)."""
    return round(float(flag.loc[ids].mean()), 3) if ids else float("nan")


def _ancestors(edges: pd.DataFrame, table: pd.DataFrame, starts: list[str]) -> set[str]:
    refs: dict[str, list[str]] = {}
    for a, b in zip(edges["citing"], edges["cited"]):
        refs.setdefault(a, []).append(b)
    for child, parent in table["parent"].dropna().items():
        if parent:
            refs.setdefault(child, []).append(parent)
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for q in refs.get(stack.pop(), []):
            if q not in seen:
                seen.add(q)
                stack.append(q)
    return seen


def report(name: str, table, papers, edges, seeds, topic_of=None, show: bool = False) -> None:
    exposure = None
    for tier in ("exposure", "depth"):
        figures, plan = plan_figures(table, papers, edges, seeds, tier, topic_of)
        if tier == "exposure":
            exposure = set(plan.items["paperId"])
            shown = plan
        else:
            figures["superset"] = exposure <= set(plan.items["paperId"])
        print(f"{name:28} {tier:8} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    if show:
        for r in shown.items.itertuples(index=False):
            print(f"    {r.order:>2}. [{r.role}] {r.title} ({r.year}) cites={r.in_map_citations}")
        for note in shown.notes:
            print(f"    note: {note}")


def synthetic(seed: int, show: bool) -> None:
    field = generate_field(2000, seed=seed)
    papers, edges = field.papers_frame(), field.edges_frame()
    start = entry_survey(field)
    table = analyze(papers, edges, [start])
    topic_of = dict(zip(field.truth.index, field.truth["topic"]))
    report(f"synthetic 2000, seed {seed}", table, papers, edges, [start], topic_of, show)


def ml_arxiv(show: bool) -> None:
    papers, edges = ml_arxiv_frames(ML6K)
    seed = papers.index[papers["title"].str.startswith("Model-Agnostic Meta-Learning")]
    seeds = seed.tolist()[:1]
    table = analyze(papers, edges, seeds)
    report("ml-arxiv-6k, seed MAML", table, papers, edges, seeds, None, show)


def prediction(year: int = 2019, top: int = 20) -> None:
    """Overlap of the reveal (computed on the demo's crawled map) with the planted future: the
    as-of papers of that map that gained the most citations after ``year`` in the whole field."""
    import tempfile

    from mentalmap.demo import run_demo
    from mentalmap.pipeline import analyse_store
    from mentalmap.predict import growth_after, reveal

    with tempfile.TemporaryDirectory() as tmp:
        demo = run_demo(tmp)
        field = analyse_store(demo.db)
    whole = generate_field(2000, seed=0)
    truth = growth_after(whole.papers_frame(), whole.edges_frame(), year)
    truth = truth[truth["paperId"].isin(set(field.papers.index))].head(top)
    result = reveal(field.papers, field.edges, year, field.table, top)
    true_ids = set(truth["paperId"])
    overlap = len(set(result.revealed["paperId"]) & true_ids) / top
    base = len(set(result.baseline_picks) & true_ids) / top
    print(
        f"predict --reveal, demo map ({len(field.papers)} papers), as of {year}, top {top}: "
        f"overlap with the planted future {overlap:.2f}; CiteRank-as-of baseline {base:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one synthetic field")
    parser.add_argument("--show", action="store_true", help="print each exposure tier")
    args = parser.parse_args()
    t0 = time.perf_counter()
    for seed in HELD_OUT[:1] if args.quick else HELD_OUT:
        synthetic(seed, args.show)
    ml_arxiv(args.show)
    prediction()
    print(f"({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
