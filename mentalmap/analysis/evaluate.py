"""How well the roles recover a planted synthetic field, against citation-count and PageRank.

The generator's truth has no frontier (a recent paper with no other role is "other"), so a
predicted frontier is graded as "other". ``benchmarks/analysis.py`` prints the figures of
docs/methods.md with these functions (through ``tests/planted.py``) on held-out generator seeds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mentalmap.analysis.roles import ROLES
from mentalmap.errors import AnalysisError

#: Roles the planted truth knows (the frontier is not planted: it is "other" there).
GRADED = tuple(r for r in ROLES if r != "frontier")


def _graded(roles: pd.Series) -> pd.Series:
    return roles.replace({"frontier": "other"})


def role_scores(predicted: pd.Series, truth: pd.Series) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per graded role (0 where undefined)."""
    predicted, truth = _graded(predicted), _graded(truth)
    out = {}
    for role in GRADED:
        p, t = predicted == role, truth == role
        tp = float((p & t).sum())
        prec = tp / p.sum() if p.sum() else 0.0
        rec = tp / t.sum() if t.sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[role] = {"precision": prec, "recall": rec, "f1": f1, "support": int(t.sum())}
    return out


def evaluate_roles(
    table: pd.DataFrame, truth: pd.DataFrame, score: str | None = None
) -> dict[str, Any]:
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
    dict with ``per_role`` (precision/recall/f1/support), ``macro_f1`` (over the graded roles
    the truth holds), ``accuracy``, ``precision_at_k_foundational`` (k = planted foundations)
    and ``parent_accuracy`` (share of correctly found tweaks whose parent is the planted one).
    """
    if "role" not in table.columns or "role" not in truth.columns:
        raise AnalysisError("both frames need a 'role' column")
    pred = table["role"].reindex(truth.index)
    if pred.isna().any():
        raise AnalysisError(f"{int(pred.isna().sum())} planted papers are missing from the table")
    pred, true = _graded(pred), _graded(truth["role"])
    per_role = role_scores(pred, true)
    present = [r for r in GRADED if per_role[r]["support"] > 0]
    macro = float(np.mean([per_role[r]["f1"] for r in present])) if present else 0.0
    k = int((true == "foundational").sum())
    if score is None:
        key = (table["role"] == "foundational").astype(float) + table.get(
            "importance", pd.Series(0.0, index=table.index)
        ).astype(float) * 0.5
    else:
        key = table[score].astype(float)
    top = key.reindex(truth.index).fillna(-np.inf).sort_values(ascending=False).index[:k]
    p_at_k = float((true[top] == "foundational").mean()) if k else 0.0
    hit_tweaks = (pred == "tweak") & (true == "tweak")
    parent_acc = float("nan")
    if "parent" in table.columns and hit_tweaks.any():
        ours, planted = (
            table["parent"].reindex(truth.index)[hit_tweaks],
            truth["parent"][hit_tweaks],
        )
        same = (ours == planted).fillna(False) | (ours.isna() & planted.isna())  # NA: no parent
        parent_acc = float(same.mean())
    return {
        "per_role": per_role,
        "macro_f1": macro,
        "accuracy": float((pred == true).mean()),
        "precision_at_k_foundational": p_at_k,
        "parent_accuracy": parent_acc,
    }


def baseline_roles(table: pd.DataFrame, score: str, counts: dict[str, int]) -> pd.Series:
    """Roles a ranking alone can give: the top ``counts["foundational"]`` papers by ``score``
    foundational, the next ``counts["technique"]`` technique, the rest other (no surveys, no
    tweaks). The counts are the truth's own (an oracle): a baseline that loses with them cannot
    be rescued by a better quota, and our rules are never told them.
    """
    order = table[score].astype(float).fillna(-np.inf).sort_values(ascending=False).index
    k_f, k_t = counts.get("foundational", 0), counts.get("technique", 0)
    role = pd.Series("other", index=table.index, dtype=object)
    role[order[k_f : k_f + k_t]] = "technique"
    role[order[:k_f]] = "foundational"
    return role
