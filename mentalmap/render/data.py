"""The JSON document the map page reads: which papers it embeds, their records and geometry.

Papers are ordered by importance, so the page's "top N" is the first N records; a capped map
says what it holds (:func:`selection_note`), the same words on the page and in the CLI.
"""

from __future__ import annotations

import math
import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mentalmap.analysis.matrix import CitationMatrix, as_matrix
from mentalmap.analysis.roles import ROLES
from mentalmap.analysis.similar import most_similar
from mentalmap.dates import future_note
from mentalmap.errors import RenderError
from mentalmap.render.layout import compute_layout
from mentalmap.render.records import SIGNALS, log_rows, paper_record, reading_rows, short_text

#: Papers whose data is embedded (the page shows ``top`` of them and adds more on request).
MAX_EMBEDDED = 5000
#: Similar papers a clicked paper's panel lists (Connected Papers shows a handful, too).
SIMILAR_SHOWN = 5
#: Colour-blind-friendly qualitative palette (Okabe-Ito, then Tableau), one colour per sub-topic.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#6A3D9A",
    "#8C564B",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#B15928",
)


def _prepare_table(
    papers: pd.DataFrame, edges: pd.DataFrame, table: pd.DataFrame | None
) -> pd.DataFrame:
    """The analysis table for every paper, with the fallback the contract promises when absent."""
    ids = pd.Index(papers["paperId"].astype(str), name="paperId")
    in_map = edges["cited"].astype(str).value_counts().reindex(ids, fill_value=0)
    if table is None:
        top = max(int(in_map.max()) if len(in_map) else 0, 1)
        return pd.DataFrame(
            {
                "role": "other",
                "confidence": None,
                "reason": "",
                "parent": None,
                "cluster": 0,
                "cluster_label": "all papers",
                "importance": np.log1p(in_map.to_numpy()) / math.log1p(top),
                "in_map_citations": in_map.to_numpy(),
            },
            index=ids,
        )
    table = table.copy()
    table.index = table.index.astype(str)
    table = table[~table.index.duplicated()].reindex(ids)
    out = pd.DataFrame(index=ids)
    out["role"] = table.get("role", pd.Series(index=ids, dtype=object)).where(
        lambda s: s.isin(ROLES), "other"
    )
    out["confidence"] = table.get("confidence")
    out["reason"] = table.get("reason")
    out["parent"] = table.get("parent")
    clusters = pd.to_numeric(table.get("cluster", pd.Series(index=ids)), errors="coerce")
    out["cluster"] = clusters.fillna(-1).astype(int)
    labels = table.get("cluster_label", pd.Series(index=ids, dtype=object))
    out["cluster_label"] = labels
    imp = pd.to_numeric(table.get("importance", pd.Series(index=ids)), errors="coerce")
    out["importance"] = imp.fillna(0.0).clip(0.0, 1.0)
    if "in_map_citations" in table.columns:
        out["in_map_citations"] = pd.to_numeric(table["in_map_citations"], errors="coerce")
        out["in_map_citations"] = out["in_map_citations"].fillna(in_map).astype(int)
    else:
        out["in_map_citations"] = in_map
    for extra in ("has_code", "code_url", *SIGNALS):
        if extra in table.columns:
            out[extra] = table[extra]
    return out


def _select(papers: pd.DataFrame, info: pd.DataFrame, keep: set[str], limit: int) -> list[int]:
    """Row positions of the papers to embed, most important first, ``keep`` always included."""
    if "citationCount" in papers.columns:
        cites = pd.to_numeric(papers["citationCount"], errors="coerce").fillna(0).to_numpy()
    else:
        cites = np.zeros(len(papers))
    rank = pd.DataFrame(
        {
            "pos": np.arange(len(papers)),
            "imp": info["importance"].to_numpy(),
            "cites": cites,
            "id": info.index.to_numpy(),
            "keep": info.index.isin(list(keep)),
        }
    ).sort_values(["imp", "cites", "id"], ascending=[False, False, True])
    chosen = rank.head(limit)
    extra = rank[rank["keep"] & ~rank["pos"].isin(chosen["pos"])]
    return pd.concat([chosen, extra])["pos"].tolist()


def _cluster_labels(info: pd.DataFrame) -> dict[int, str]:
    labels: dict[int, str] = {}
    for cluster, group in info.groupby("cluster"):
        named = [s for s in group["cluster_label"].tolist() if short_text(s)]
        fallback = "unclustered" if cluster < 0 else f"topic {cluster}"
        labels[int(cluster)] = (short_text(named[0], 60) if named else None) or fallback
    return labels


def _edge_pairs(edges: pd.DataFrame, index_of: dict[str, int]) -> list[int]:
    """Citations between embedded papers as a flat ``[citing, cited, …]`` list of indexes."""
    citing = edges["citing"].astype(str).map(index_of)
    cited = edges["cited"].astype(str).map(index_of)
    mask = citing.notna() & cited.notna() & (citing != cited)
    if not mask.any():
        return []
    pairs = np.column_stack([citing[mask].astype(int), cited[mask].astype(int)])
    return np.unique(pairs, axis=0).ravel().tolist()


def _similar(
    papers: pd.DataFrame, edges: pd.DataFrame, positions: list[int], matrix: CitationMatrix | None
) -> list[list]:
    """Per embedded paper, its most similar embedded papers as ``[index, cocited, coupled]``.

    ``matrix``: the analysis's citation matrix of the same papers and edges, reused rather than
    built again (None: built here)."""
    if not positions:
        return []
    if matrix is None:
        years = papers["year"].to_numpy() if "year" in papers.columns else np.nan
        frame = pd.DataFrame({"year": years}, index=pd.Index(papers["paperId"], name="paperId"))
        matrix = as_matrix((frame, edges[["citing", "cited"]]))
    rows = matrix.ids.get_indexer(papers["paperId"].iloc[positions])
    if (rows < 0).any():
        raise RenderError("the citation matrix given does not hold every paper of the map")
    index_of = {int(row): i for i, row in enumerate(rows)}
    found = most_similar(matrix, rows, rows, top=SIMILAR_SHOWN)
    return [[(index_of[j], cc, bc) for j, cc, bc in ties] for ties in found]


def build_map_data(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
    matrix: CitationMatrix | None = None,
) -> dict[str, Any]:
    """The JSON document the page reads: compact per-paper records plus layout geometry.

    Papers are ordered by importance, so the page's "top N" is the first N records; at most
    ``max_papers`` are embedded (plus any seed, reading-list or logged paper beyond them). Short
    keys keep a 5,000-paper map to a few megabytes. ``log`` is the reading log
    (:func:`mentalmap.reading_log.read_log`): each logged paper's passes and notes go in
    ``log``, its deepest pass in ``deepest``. ``store``: the store the map was made from, as
    given to the command; the side panel then shows the ``mentalmap expand`` command of the
    clicked paper (``expand``: the command around the paper id, shell-quoted). ``matrix``: the
    analysis's :class:`~mentalmap.analysis.matrix.CitationMatrix` of these frames, when built.
    """
    if papers.index.name != "paperId":
        raise RenderError("the papers frame must be indexed by paperId (docs/api.md)")
    if edges is None or not {"citing", "cited"} <= set(edges.columns):
        raise RenderError("the edges frame needs citing and cited columns")
    if top < 1:
        raise RenderError("top must be at least 1")
    papers = papers[~papers.index.duplicated()].reset_index()
    papers["paperId"] = papers["paperId"].astype(str)
    info = _prepare_table(papers, edges, table)

    seed_set = {str(s) for s in (seeds or [])}
    if "isSeed" in papers.columns:
        seed_set |= set(papers.loc[papers["isSeed"].fillna(False).astype(bool), "paperId"])
    reading_list = reading_rows(reading)
    code_of = {r["id"]: r["code"] for r in reading_list if r["code"]}

    logged = log_rows(log)
    keep = seed_set | {r["id"] for r in reading_list} | set(logged)
    positions = _select(papers, info, keep, max(max_papers, 1))
    sel = papers.iloc[positions].reset_index(drop=True)
    sinfo = info.iloc[positions].reset_index()
    ids = sel["paperId"].tolist()
    index_of = {pid: i for i, pid in enumerate(ids)}

    years = sel["year"].tolist() if "year" in sel.columns else [None] * len(sel)
    layout = compute_layout(ids, years, sinfo["cluster"].tolist(), sinfo["importance"].tolist())
    band_of = {b.cluster: i for i, b in enumerate(layout.bands)}
    labels = _cluster_labels(sinfo)

    similar = _similar(papers, edges, positions, matrix)
    records = []
    for i, (p, t) in enumerate(zip(sel.to_dict("records"), sinfo.to_dict("records"))):
        rec = paper_record(p, t, code_of.get(p["paperId"]))
        rec.update(k=band_of[int(t["cluster"])], x=float(layout.x[i]), yy=float(layout.y[i]))
        if p["paperId"] in seed_set:
            rec["s"] = 1
        if similar[i]:
            rec["sim"] = [list(tie) for tie in similar[i]]
        parent = short_text(t.get("parent"))
        if parent and parent in index_of and parent != p["paperId"]:
            rec["p"] = index_of[parent]
        records.append(rec)

    bands = [
        {
            "k": band_of[b.cluster],
            "label": labels.get(b.cluster, f"topic {b.cluster}"),
            "color": PALETTE[n % len(PALETTE)],
            "top": b.top,
            "h": b.height,
        }
        for n, b in enumerate(layout.bands)
    ]
    reading_out = [
        {k: v for k, v in {**r, "id": index_of[r["id"]]}.items() if v is not None and k != "code"}
        for r in reading_list
        if r["id"] in index_of
    ]
    return {
        "title": short_text(title, 200) or "mentalmap",
        "top": int(top),
        "roles": list(ROLES),
        "bands": bands,
        "years": [layout.first_year, layout.last_year],
        "yearWidth": layout.year_width,
        "undatedX": layout.undated_x,
        "papers": records,
        "edges": _edge_pairs(edges, index_of),
        "reading": reading_out,
        "log": [
            {"id": index_of[pid], "deepest": entries[-1]["pass"], "entries": entries}
            for pid, entries in logged.items()
            if pid in index_of
        ],
        "total": int(len(papers)),
        "note": selection_note(len(records), len(papers), max(max_papers, 1)),
        "dates": future_note(papers.set_index("paperId")),
        "expand": expand_command_parts(store),
    }


def selection_note(embedded: int, total: int, limit: int | None = None) -> str:
    """What a capped map holds and how to see the rest; "" when it holds every paper.

    ``limit``: the ``max_papers`` the map was made with (papers beyond it are the seeds,
    reading-list and logged papers it always embeds). The CLI prints the note and the page shows
    it, so neither claims more papers than the page has, and both name the ways to the rest."""
    if embedded >= total:
        return ""
    beyond = embedded - limit if limit is not None and limit < embedded else 0
    which = "the most important" + (
        f" and {beyond:,} seed, reading-list or logged paper{'s' if beyond > 1 else ''} beyond them"
        if beyond
        else ""
    )
    return (
        f"{embedded:,} of {total:,} papers, {which} (--max-papers {total} embeds every paper; "
        "`mentalmap export --select topic:<band label>` writes one sub-topic's papers in full)"
    )


def expand_command_parts(store: str | Path | None) -> list[str] | None:
    """``mentalmap expand <id> --db <store>`` as the text before and after the paper id, the
    store's path quoted for a POSIX shell (the page quotes the id the same way)."""
    if store is None:
        return None
    return ["mentalmap expand ", " --db " + shlex.quote(str(store))]
