"""A planted synthetic field analysed and graded, for the tests and ``benchmarks/analysis.py``
(the package's own grading, :mod:`mentalmap.analysis.evaluate`, serves the demo too)."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from mentalmap.analysis.evaluate import GRADED, baseline_roles, evaluate_roles
from mentalmap.analysis.roles import RoleRules
from mentalmap.analysis.table import analyze
from mentalmap.synthetic import generate_field


def evaluate_field(
    n_papers: int = 2000,
    seed: int = 0,
    titles: str = "neutral",
    use_titles: bool = True,
    intents: bool = True,
) -> dict[str, Any]:
    """Generate a planted field (titles ``neutral`` / ``random`` / ``patterned``), analyse it,
    and score ours and both baselines; ``intents=False`` drops the edges' intents and
    isInfluential flags first (a source without them, e.g. ml-arxiv-6k or a crawl's batches)."""
    field = generate_field(n_papers, seed=seed, titles=titles)
    papers, edges, truth = field.papers_frame(), field.edges_frame(), field.truth
    if not intents:
        edges = edges.assign(isInfluential=None, intents=None)
    t0 = time.perf_counter()
    table = analyze(papers, edges, rules=RoleRules(use_titles=use_titles))
    elapsed = time.perf_counter() - t0
    out: dict[str, Any] = {"n": n_papers, "seed": seed, "seconds": elapsed}
    out["ours"] = evaluate_roles(table, truth)
    counts = truth["role"].value_counts().to_dict()
    for name, col in (("citations", "citationCount"), ("pagerank", "pagerank")):
        base = table.assign(role=baseline_roles(table, col, counts), parent=pd.NA)
        out[name] = evaluate_roles(base, truth, score=col)
    return out


def summary_line(res: dict[str, Any]) -> str:
    """One line of figures: macro-F1, accuracy, P@k, parent accuracy and F1 per role."""
    per = res["per_role"]
    f1s = " ".join(f"{r[:5]}={per[r]['f1']:.2f}" for r in GRADED)
    return (
        f"macro-F1 {res['macro_f1']:.3f}  acc {res['accuracy']:.3f}  "
        f"P@k(found) {res['precision_at_k_foundational']:.2f}  "
        f"parent {res['parent_accuracy']:.2f}  [{f1s}]"
    )
