"""The reading list: recent surveys first, then foundations, techniques and the best recent work."""

from __future__ import annotations

import pandas as pd

from mentalmap.errors import AnalysisError

READING_COLUMNS = (
    "order", "paperId", "title", "year", "role", "section", "why", "passes", "has_code",
    "code_url",
)  # fmt: skip
MIN_SIZE, MAX_SIZE = 5, 50

#: Sections in reading order: (name, role, share of the list).
SECTIONS = (
    ("Start here: recent surveys", "survey", 0.15),
    ("Foundations", "foundational", 0.25),
    ("Techniques", "technique", 0.35),
    ("Best recent work", "frontier", 0.25),
)

PASS_1 = "pass 1: title + abstract"
PASS_2 = "pass 2: main figures + experimental setup"
PASS_3 = "pass 3: conclusion"
DEEP = "deep dive if it matters to you"
#: Passes advised per role (Keshav's three-pass method, adapted to what each role is for).
PASSES = {
    "survey": (PASS_1, PASS_2 + " (taxonomy, comparison tables)"),
    "foundational": (PASS_1, PASS_2, PASS_3, DEEP),
    "technique": (PASS_1, PASS_2, PASS_3),
    "frontier": (PASS_1, PASS_2),
    "tweak": (PASS_1,),
    "other": (PASS_1,),
}


def reading_list(
    table: pd.DataFrame,
    papers: pd.DataFrame | None = None,
    size: int = 20,
    survey_years: int = 5,
) -> pd.DataFrame:
    """A reading order through the map that covers every sub-topic.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`mentalmap.analysis.analyze`.
    papers : pandas.DataFrame, optional
        The papers frame, for titles missing from ``table``.
    size : int
        Number of papers, 5-50.
    survey_years : int
        Surveys of the last ``survey_years`` years are the entry points.

    Returns
    -------
    pandas.DataFrame with :data:`READING_COLUMNS`: surveys of recent years first, then
    foundations, techniques and the best recent work (frontier), each section ordered by
    importance and spread over the clusters; every cluster gets at least one paper when
    ``size`` allows. Sections short of candidates hand their places to the next ones.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise AnalysisError(f"reading list size must be {MIN_SIZE}-{MAX_SIZE}, got {size}")
    needed = {"role", "importance", "year", "cluster", "reason"}
    missing = needed - set(table.columns)
    if missing:
        raise AnalysisError(f"analysis table lacks column(s): {', '.join(sorted(missing))}")
    if table.empty:
        raise AnalysisError("the analysis table is empty")
    t = table.copy()
    if "title" not in t or t["title"].isna().all():
        t["title"] = (
            papers.set_index("paperId")["title"].reindex(t.index)
            if papers is not None and "title" in papers
            else t.index.to_series()
        )
    latest = t["year"].max()
    years = t["year"].astype("Float64").fillna(-1).to_numpy(dtype=float)
    recency = t["citations_per_year"] if "citations_per_year" in t else t["importance"]

    pools: dict[str, pd.DataFrame] = {}
    for name, role, _ in SECTIONS:
        pool = t[t["role"] == role]
        if role == "survey" and pd.notna(latest):
            pool = pool[years[t["role"].to_numpy() == role] > latest - survey_years]
        key = recency if role == "frontier" else t["importance"]
        pools[name] = pool.assign(_key=key.reindex(pool.index)).sort_values(
            "_key", ascending=False, kind="stable"
        )
    quotas = _quotas(size, {n: len(p) for n, p in pools.items()})
    chosen: list[tuple[str, str]] = []  # (section, paperId)
    for name, _, _ in SECTIONS:
        for pid in _spread(pools[name], quotas[name]):
            chosen.append((name, pid))
    chosen = _cover_clusters(t, chosen, size)
    if len(chosen) < size:  # too few role papers: fill with the most important others
        taken = {pid for _, pid in chosen}
        for pid in t.index:
            if len(chosen) >= size:
                break
            if pid not in taken:
                chosen.append(("More to read", pid))
    order = {n: i for i, (n, _, _) in enumerate(SECTIONS)}
    order["More to read"] = len(SECTIONS)
    chosen.sort(key=lambda sp: order[sp[0]])
    rows = []
    for k, (section, pid) in enumerate(chosen[:size], start=1):
        r = t.loc[pid]
        rows.append(
            {
                "order": k,
                "paperId": pid,
                "title": r["title"],
                "year": r["year"],
                "role": r["role"],
                "section": section,
                "why": _why(r, section),
                "passes": "; ".join(PASSES.get(r["role"], (PASS_1,))),
                "has_code": bool(r.get("has_code", False)),
                "code_url": r.get("code_url", "") or "",
            }
        )
    out = pd.DataFrame(rows, columns=list(READING_COLUMNS))
    out["year"] = out["year"].astype("Int64")
    return out


def _quotas(size: int, available: dict[str, int]) -> dict[str, int]:
    """Places per section: shares of ``size``, unused places passed on in reading order."""
    names = [n for n, _, _ in SECTIONS]
    want = {n: int(round(share * size)) for n, _, share in SECTIONS}
    want[names[2]] += size - sum(want.values())
    quota = {n: min(want[n], available[n]) for n in names}
    spare = size - sum(quota.values())
    for n in names[1:] + names[:1]:  # spare places go to foundations, techniques, frontier
        extra = min(spare, available[n] - quota[n])
        quota[n] += extra
        spare -= extra
    return quota


def _spread(pool: pd.DataFrame, k: int) -> list[str]:
    """Up to k papers of a section, round-robin over clusters by importance within each."""
    if k <= 0 or pool.empty:
        return []
    rank_in_cluster = pool.groupby("cluster", sort=False).cumcount()
    cluster_best = pool.groupby("cluster", sort=False)["_key"].transform("max")
    ordered = pool.assign(_r=rank_in_cluster, _b=cluster_best).sort_values(
        ["_r", "_b"], ascending=[True, False], kind="stable"
    )
    return list(ordered.index[:k])


def _cover_clusters(
    t: pd.DataFrame, chosen: list[tuple[str, str]], size: int
) -> list[tuple[str, str]]:
    """Swap in the best paper of every uncovered cluster for the weakest pick of a big section."""
    clusters = [c for c in t["cluster"].unique() if c >= 0]
    section_of_role = {role: name for name, role, _ in SECTIONS}
    for c in sorted(clusters, key=lambda c: -float(t.loc[t["cluster"] == c, "importance"].max())):
        covered = {t.at[pid, "cluster"] for _, pid in chosen}
        if c in covered:
            continue
        cand = t[(t["cluster"] == c) & t["role"].isin(["foundational", "technique", "frontier"])]
        if cand.empty:
            cand = t[t["cluster"] == c]
        best = cand.index[0]  # table is sorted by importance
        section = section_of_role.get(t.at[best, "role"], "More to read")
        if len(chosen) < size:
            chosen.append((section, best))
            continue
        counts = pd.Series([s for s, _ in chosen]).value_counts()
        # drop the last pick of the largest section whose cluster is covered twice
        per_cluster = pd.Series([t.at[p, "cluster"] for _, p in chosen]).value_counts()
        for i in range(len(chosen) - 1, -1, -1):
            s, p = chosen[i]
            if s == counts.index[0] and per_cluster[t.at[p, "cluster"]] > 1:
                chosen[i] = (section, best)
                break
    return chosen


def _why(r: pd.Series, section: str) -> str:
    label = r.get("cluster_label", "")
    topic = f" on {label}" if isinstance(label, str) and label and label != "other" else ""
    lead = {
        "Start here: recent surveys": f"recent survey{topic}: the map of the area in one read",
        "Foundations": f"foundation{topic} the area builds on",
        "Techniques": f"a technique{topic} others build on",
        "Best recent work": f"strong recent work{topic}",
    }.get(section, f"important {r['role']} paper{topic}")
    code = ", code available" if bool(r.get("has_code", False)) else ""
    return f"{lead} ({r['reason']}){code}"


def to_markdown(reading: pd.DataFrame) -> str:
    """The reading list as Markdown: one heading per section, one numbered item per paper."""
    lines: list[str] = ["# Reading list", ""]
    for section, group in reading.groupby("section", sort=False):
        lines += [f"## {section}", ""]
        for r in group.itertuples(index=False):
            year = "" if pd.isna(r.year) else f" ({r.year})"
            code = f" — [code]({r.code_url})" if r.has_code and r.code_url else ""
            lines.append(f"{r.order}. **{r.title}**{year} — {r.role}{code}")
            lines.append(f"   - why: {r.why}")
            lines.append(f"   - read: {r.passes}")
        lines.append("")
    return "\n".join(lines)
