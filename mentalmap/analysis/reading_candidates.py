"""Who may enter a reading plan: the prepared table, each paper's merit, what earns a place."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentalmap.analysis.reading_sections import MIN_CITATIONS
from mentalmap.analysis.roles import SURVEY_TITLE
from mentalmap.errors import AnalysisError


def prepared(table: pd.DataFrame, papers: pd.DataFrame | None) -> pd.DataFrame:
    """The table with the columns the plan reads and a ``merit`` per paper (0-1)."""
    needed = {"role", "year", "in_map_citations", "rescaled_pagerank"}
    missing = needed - set(table.columns)
    if missing:
        raise AnalysisError(f"analysis table lacks column(s): {', '.join(sorted(missing))}")
    if table.empty:
        raise AnalysisError("the analysis table is empty")
    t = table.copy()
    meta = papers.reindex(t.index) if papers is not None else None
    for col in ("title", "abstract", "tldr", "publicationTypes"):
        if meta is not None and col in meta.columns and (col not in t or t[col].isna().all()):
            t[col] = meta[col]
        elif col not in t:
            t[col] = None
    t["title"] = t["title"].where(t["title"].notna(), t.index.to_series())
    seed = meta["isSeed"] if meta is not None and "isSeed" in meta.columns else False
    t["is_seed"] = pd.Series(seed, index=t.index).fillna(False).astype(bool)
    defaults = {"in_scope": True, "parent": None, "has_code": False, "code_url": "",
                "cluster_label": "", "relevance": np.nan}  # fmt: skip
    for col, default in defaults.items():
        if col not in t:
            t[col] = default
    t["code_url"] = t["code_url"].fillna("")  # the plans write the URL into sentences
    t["in_scope"] = t["in_scope"].fillna(False).astype(bool) | t["is_seed"]
    t["has_code"] = t["has_code"].fillna(False).astype(bool)
    t["merit"] = merit(t)
    t["is_survey"] = (t["role"] == "survey") | (
        t["is_seed"] & t["title"].map(lambda s: bool(SURVEY_TITLE.search(str(s))))
    )
    return t


def merit(t: pd.DataFrame) -> pd.Series:
    """Tie to the seeds times impact for age: both must be high for a paper to rank high.

    The geometric mean of relevance (already 0-1, seeds 1) and the percentile of the age-rescaled
    PageRank R(p) (Mariani, Medo & Zhang 2016), so an old paper does not win on years alone.
    Relevance is used as a score, not a percentile: within a broad sub-area, percentiles are flat
    at the top and let a famous paper of a neighbouring area (a framework, a language model)
    outrank the sub-area's own work.
    """
    impact = percentile(t["rescaled_pagerank"])
    rel = pd.to_numeric(t["relevance"], errors="coerce")
    if rel.isna().all():
        return impact
    return np.sqrt(rel.fillna(0.0).clip(0, 1) * impact)


def percentile(values: pd.Series) -> pd.Series:
    """Percentile rank (0-1]; a missing value ranks below every known one."""
    return pd.to_numeric(values, errors="coerce").rank(pct=True).fillna(0.0)


def earns(t: pd.DataFrame) -> pd.Series:
    """In the sub-area, and cited at least twice in the map (a seed is always welcome)."""
    cited = pd.to_numeric(t["in_map_citations"], errors="coerce").fillna(0) >= MIN_CITATIONS
    return t["in_scope"] & (cited | t["is_seed"])
