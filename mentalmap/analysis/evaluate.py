"""How well the roles recover a planted synthetic field, against citation-count and PageRank.

Run ``python -m mentalmap.analysis.evaluate`` for the figures of docs/methods.md: role precision,
recall and F1, macro-F1, precision@k of foundational papers and parent accuracy of tweaks, for our
rules and two baselines, over three generator seeds; then where known landmark papers land in the
recorded real subgraphs of ``../shared/data/s2ag-topic-subgraphs`` when that folder exists.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mentalmap.analysis.roles import ROLES, RoleRules
from mentalmap.errors import AnalysisError

#: Planted shares the baselines are given (an advantage: our rules do not read them).
BASELINE_SHARES = {"foundational": 0.01, "technique": 0.04}
FRONTIER_YEARS = 2


def role_scores(predicted: pd.Series, truth: pd.Series) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per role (0 where undefined)."""
    out = {}
    for role in ROLES:
        p, t = predicted == role, truth == role
        tp = float((p & t).sum())
        prec = tp / p.sum() if p.sum() else 0.0
        rec = tp / t.sum() if t.sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[role] = {"precision": prec, "recall": rec, "f1": f1, "support": int(t.sum())}
    return out


def evaluate_roles(
    table: pd.DataFrame, truth: pd.DataFrame, score: str | None = None
) -> dict[str, object]:
    """Compare predicted roles with a planted truth.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by paperId with ``role`` (and ``parent`` for the parent accuracy).
    truth : pandas.DataFrame
        ``field.truth``: ``role`` and ``parent`` by paperId.
    score : str, optional
        Column ranking papers for precision@k of foundational papers; default: predicted
        foundational papers first, then ``importance``.

    Returns
    -------
    dict with ``per_role`` (precision/recall/f1/support), ``macro_f1``, ``accuracy``,
    ``precision_at_k_foundational`` (k = number of planted foundational papers) and
    ``parent_accuracy`` (share of correctly found tweaks whose parent is the planted one).
    """
    if "role" not in table.columns or "role" not in truth.columns:
        raise AnalysisError("both frames need a 'role' column")
    pred = table["role"].reindex(truth.index)
    if pred.isna().any():
        raise AnalysisError(f"{int(pred.isna().sum())} planted papers are missing from the table")
    per_role = role_scores(pred, truth["role"])
    present = [r for r in ROLES if per_role[r]["support"] > 0]
    macro = float(np.mean([per_role[r]["f1"] for r in present])) if present else 0.0
    k = int((truth["role"] == "foundational").sum())
    if score is None:
        key = (table["role"] == "foundational").astype(float) + table.get(
            "importance", pd.Series(0.0, index=table.index)
        ).astype(float) * 0.5
    else:
        key = table[score].astype(float)
    top = key.reindex(truth.index).fillna(-np.inf).sort_values(ascending=False).index[:k]
    p_at_k = float((truth.loc[top, "role"] == "foundational").mean()) if k else 0.0
    hit_tweaks = (pred == "tweak") & (truth["role"] == "tweak")
    parent_acc = float("nan")
    if "parent" in table.columns and hit_tweaks.any():
        parent_acc = float(
            (table["parent"].reindex(truth.index)[hit_tweaks] == truth["parent"][hit_tweaks]).mean()
        )
    return {
        "per_role": per_role,
        "macro_f1": macro,
        "accuracy": float((pred == truth["role"]).mean()),
        "precision_at_k_foundational": p_at_k,
        "parent_accuracy": parent_acc,
    }


def baseline_roles(table: pd.DataFrame, score: str) -> pd.Series:
    """Roles a ranking alone can give: top 1% by ``score`` foundational, next 4% technique,
    papers of the last two years frontier, the rest other (no surveys, no tweaks).

    The baseline is handed the planted shares, which our rules never see.
    """
    n = len(table)
    order = table[score].astype(float).fillna(-np.inf).sort_values(ascending=False).index
    k_f = max(1, round(BASELINE_SHARES["foundational"] * n))
    k_t = max(1, round(BASELINE_SHARES["technique"] * n))
    role = pd.Series("other", index=table.index, dtype=object)
    year = table["year"].astype("Float64")
    role[(year >= year.max() - FRONTIER_YEARS + 1).fillna(False).to_numpy(dtype=bool)] = "frontier"
    role[order[k_f : k_f + k_t]] = "technique"
    role[order[:k_f]] = "foundational"
    return role


def evaluate_field(n_papers: int = 2000, seed: int = 0, text: bool = True) -> dict[str, object]:
    """Generate a planted field, analyse it, and score ours and both baselines."""
    from mentalmap.analysis.table import analyze
    from mentalmap.synthetic import generate_field

    field = generate_field(n_papers, seed=seed)
    papers, edges, truth = field.papers_frame(text=text), field.edges_frame(), field.truth
    t0 = time.perf_counter()
    table = analyze(papers, edges)
    elapsed = time.perf_counter() - t0
    ours = evaluate_roles(table, truth)
    out: dict[str, object] = {"n": n_papers, "seed": seed, "seconds": elapsed, "ours": ours}
    # ablation: tweaks from citation structure only, no "X with Y" title naming
    plain = analyze(papers, edges, rules=RoleRules(use_title_names=False))
    out["ours_no_title_names"] = evaluate_roles(plain, truth)
    for name, col in (("citations", "citation_count"), ("pagerank", "pagerank")):
        base = table.assign(role=baseline_roles(table, col), parent="")
        out[name] = evaluate_roles(base, truth, score=col)
    return out


# --- real data ----------------------------------------------------------------------------
LANDMARKS = {
    "llama-links": [("257219404", "LLaMA"), ("259950998", "Llama 2")],
    "code-gen": [("title:survey on large language model based autonomous agents", "agent survey")],
    "green": [("title:12 principles of green analytical chemistry", "12 principles")],
    "medprompt": [("title:can generalist foundation models outcompete", "Medprompt")],
    "jonathan": [("title:two pairs of on and off retinal ganglion cells", "ON/OFF RGC pairs")],
}


def load_subgraph(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A recorded s2ag subgraph (nodes, citing -> cited edges) as papers and edges frames."""
    data = json.loads(path.read_text())
    nodes = pd.DataFrame(data["nodes"])
    papers = pd.DataFrame(
        {
            "paperId": nodes["corpusId"].astype(str),
            "title": nodes.get("title"),
            "year": pd.array(
                nodes["year"] if "year" in nodes else [None] * len(nodes), dtype="Int64"
            ),  # fmt: skip
        }
    )
    edges = pd.DataFrame(data["edges"], columns=["citing", "cited"]).astype(str)
    edges = edges[edges["citing"] != edges["cited"]].drop_duplicates()
    return papers, edges


def landmark_report(folder: Path) -> list[dict[str, object]]:
    """Rank, percentile and role of each known landmark in each recorded subgraph."""
    from mentalmap.analysis.table import analyze

    rows = []
    for name, marks in LANDMARKS.items():
        path = folder / f"{name}.json"
        if not path.exists():
            continue
        papers, edges = load_subgraph(path)
        table = analyze(papers, edges)
        for key, label in marks:
            if key.startswith("title:"):
                hit = table[table["title"].fillna("").str.lower().str.contains(key[6:])]
                if hit.empty:
                    continue
                pid = hit.index[0]
            else:
                pid = key
                if pid not in table.index:
                    continue
            rank = int(table.index.get_loc(pid)) + 1
            by_cites = int((table["in_map_citations"] > table.at[pid, "in_map_citations"]).sum())
            rows.append(
                {
                    "subgraph": name, "papers": len(table), "landmark": label, "rank": rank,
                    "rank_by_citations": by_cites + 1, "role": table.at[pid, "role"],
                    "reason": table.at[pid, "reason"],
                }
            )  # fmt: skip
    return rows


def _fmt(res: dict[str, object]) -> str:
    per = res["per_role"]
    f1s = " ".join(f"{r[:5]}={per[r]['f1']:.2f}" for r in ROLES)
    return (
        f"macro-F1 {res['macro_f1']:.3f}  acc {res['accuracy']:.3f}  "
        f"P@k(found) {res['precision_at_k_foundational']:.2f}  "
        f"parent {res['parent_accuracy']:.2f}  [{f1s}]"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--no-text", action="store_true", help="frames without abstracts")
    parser.add_argument("--data", type=Path, default=None, help="s2ag-topic-subgraphs folder")
    args = parser.parse_args(argv)
    macro = {"ours": [], "ours_no_title_names": [], "citations": [], "pagerank": []}
    for s in args.seeds:
        res = evaluate_field(args.papers, s, text=not args.no_text)
        print(f"field n={args.papers} seed={s} (analyze {res['seconds']:.1f} s)")
        for name in macro:
            macro[name].append(res[name]["macro_f1"])
            print(f"  {name:<19} {_fmt(res[name])}")
    print("mean macro-F1: " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in macro.items()))
    folder = args.data or Path(__file__).resolve().parents[3] / "shared/data/s2ag-topic-subgraphs"
    if folder.is_dir():
        print(f"\nlandmarks in {folder}:")
        for r in landmark_report(folder):
            print(
                f"  {r['subgraph']:<12} {r['landmark']:<16} rank {r['rank']:>4}/{r['papers']:<5}"
                f" (by in-map citations {r['rank_by_citations']:>4})  {r['role']:<12} "
                f"{r['reason']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
