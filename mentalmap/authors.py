"""The people of the seeds' sub-area: who wrote what it rests on, and who is active in it now.

A newcomer needs names as much as papers: whose work to read, whom to write to. Counting over
the whole map rewards whoever publishes most in a neighbouring area the crawl pulled in, so every
count is over the seeds' sub-area (``in_scope`` of the analysis table, see
:mod:`mentalmap.analysis.relevance`): an author's papers in it, the citations those papers get
from papers in it, their foundational papers in it and their recent papers in it. Co-author
groups (connected components of co-authorship on those papers) show which names are one lab.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from mentalmap.errors import AnalysisError
from mentalmap.frames import require_paper_index

AUTHOR_COLUMNS = (
    "author", "authorId", "papers", "in_map_citations", "foundational", "recent", "score",
    "top_paper", "top_paper_id", "key_papers", "group", "advice",
)  # fmt: skip
#: Weights of the score's parts (each part is first divided by its maximum over authors).
WEIGHTS = {"in_map_citations": 0.4, "papers": 0.2, "foundational": 0.25, "recent": 0.15}


def key_authors(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    recent_years: int = 3,
) -> pd.DataFrame:
    """Authors of the map ranked by a combined score, best first.

    Parameters
    ----------
    papers, edges : pandas.DataFrame
        Frames as in docs/api.md; ``papers`` needs ``authors`` and ``year``.
    table : pandas.DataFrame, optional
        Analysis table indexed by paperId; its ``role`` counts foundational papers and its
        ``in_scope`` limits every count to the seeds' sub-area (papers in it, citations from it).
    recent_years : int
        A paper is recent when published in the map's last ``recent_years`` years.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AUTHOR_COLUMNS`. An author is keyed by ``authorId``, or by name when
        S2 has no id for them (``authorId`` is then ""). ``score`` (0-1) sums the parts, each
        divided by its maximum, with :data:`WEIGHTS` (without roles, ``foundational`` is 0
        and its weight is shared out among the others). ``top_paper`` is the title of the
        author's most cited paper in the map (``top_paper_id`` its paperId); ``key_papers``
        their two most cited; ``group`` the co-author group; ``advice`` "read" (top quarter by
        citations in the sub-area) and/or "write to" (a paper in its last ``recent_years``).

    Raises
    ------
    AnalysisError
        A needed column is missing, or ``recent_years`` is below 1.

    Examples
    --------
    >>> papers = pd.DataFrame({
    ...     "paperId": ["a", "b"], "year": [2010, 2020], "title": ["A", "B"],
    ...     "authors": [[{"authorId": "1", "name": "Ada"}], [{"authorId": None, "name": "Bo"}]],
    ... }).set_index("paperId")
    >>> edges = pd.DataFrame({"citing": ["b"], "cited": ["a"]})
    >>> key_authors(papers, edges)["author"].tolist()
    ['Ada', 'Bo']
    """
    require_paper_index(papers)
    missing = [c for c in ("authors", "year") if c not in papers.columns]
    if missing:
        raise AnalysisError(f"the papers frame lacks column(s) {', '.join(missing)}")
    if recent_years < 1:
        raise AnalysisError(f"recent_years must be at least 1, not {recent_years}")
    if table is not None and "in_scope" in table.columns:
        inside = set(table.index[table["in_scope"].fillna(False).astype(bool)])
        papers = papers[papers.index.isin(inside)]
        edges = edges[edges["citing"].isin(inside)]
    roles = (
        table["role"] if table is not None and "role" in table.columns else pd.Series(dtype=object)
    )
    frame = _author_rows(papers, edges, roles, recent_years)
    frame["score"] = _score(frame, with_roles=not roles.empty)
    frame["advice"] = _advice(frame)
    return frame.sort_values(
        ["score", "in_map_citations", "author"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _author_rows(
    papers: pd.DataFrame, edges: pd.DataFrame, roles: pd.Series, recent_years: int
) -> pd.DataFrame:
    """One row per author: the counts the score is made of, and their most cited papers."""
    cites = edges["cited"].value_counts() if len(edges) else pd.Series(dtype=int)
    years = pd.to_numeric(papers["year"], errors="coerce")
    cutoff = years.max() - recent_years + 1 if years.notna().any() else None
    titles = papers["title"] if "title" in papers.columns else pd.Series("", index=papers.index)
    rows: dict[str, dict[str, Any]] = {}
    for pid, authors, year, title in zip(papers.index, papers["authors"], years, titles):
        n_cites = int(cites.get(pid, 0))
        recent = bool(cutoff is not None and pd.notna(year) and year >= cutoff)
        founding = roles.get(pid) == "foundational"
        for key, author_id, name in _people(authors):
            row = rows.setdefault(
                key,
                {"author": name, "authorId": author_id, "papers": 0, "in_map_citations": 0,
                 "foundational": 0, "recent": 0, "_best": -1, "top_paper": "", "top_paper_id": "",
                 "_key": key, "_papers": []},
            )  # fmt: skip
            row["_papers"].append((n_cites, str(title or pid)))
            row["papers"] += 1
            row["in_map_citations"] += n_cites
            row["foundational"] += int(founding)
            row["recent"] += int(recent)
            if n_cites > row["_best"]:
                row["_best"], row["top_paper"] = n_cites, str(title or pid)
                row["top_paper_id"] = pid
    frame = pd.DataFrame(list(rows.values()), columns=[*AUTHOR_COLUMNS, "_best", "_key", "_papers"])
    frame["key_papers"] = [
        "; ".join(t for _, t in sorted(ps, key=lambda x: -x[0])[:2]) for ps in frame["_papers"]
    ]
    frame["group"] = frame["_key"].map(_groups(papers["authors"])).fillna("")
    frame = frame.drop(columns=["_best", "_key", "_papers"])
    for column in ("papers", "in_map_citations", "foundational", "recent"):
        frame[column] = frame[column].astype(int)
    return frame


def _score(frame: pd.DataFrame, with_roles: bool) -> pd.Series:
    """:data:`WEIGHTS` over the parts, each divided by its maximum; without roles the
    foundational weight is shared out among the others."""
    weights = dict(WEIGHTS)
    if not with_roles:
        share = weights.pop("foundational") / len(weights)
        weights = {k: v + share for k, v in weights.items()}
    score = pd.Series(0.0, index=frame.index)
    for column, weight in weights.items():
        top = frame[column].max() if len(frame) else 0
        if top and top > 0:
            score += weight * frame[column] / top
    return score.round(4)


def _advice(frame: pd.DataFrame) -> list[str]:
    """Read the authors whose papers the sub-area cites most (top quarter); write to the ones
    publishing in it now (a recent paper): an active author answers, a founder may have moved."""
    if frame.empty:
        return []
    cut = frame["in_map_citations"].quantile(0.75)
    out = []
    for cites, recent in zip(frame["in_map_citations"], frame["recent"]):
        parts = (["read"] if cites > 0 and cites >= cut else []) + (["write to"] if recent else [])
        out.append(" + ".join(parts))
    return out


def _groups(author_lists: Iterable[Any]) -> dict[str, str]:
    """Co-author groups: connected components of co-authorship, named by their most prolific
    member (ties: name), so a lab shows as one group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    count: dict[str, int] = {}
    names: dict[str, str] = {}
    for authors in author_lists:
        people = list(_people(authors))
        for key, _, name in people:
            count[key] = count.get(key, 0) + 1
            names[key] = name
            find(key)
        for (a, _, _), (b, _, _) in zip(people, people[1:]):
            parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for key in parent:
        members.setdefault(find(key), []).append(key)
    label = {}
    for keys in members.values():
        lead = min(keys, key=lambda k: (-count.get(k, 0), names.get(k, k)))
        for k in keys:
            label[k] = f"{names.get(lead, lead)} group" if len(keys) > 1 else ""
    return label


def _people(authors: Any) -> Iterable[tuple[str, str, str]]:
    """``(key, authorId, name)`` per author of one paper, each person once."""
    if not isinstance(authors, (list, tuple)):
        return []
    seen: dict[str, tuple[str, str, str]] = {}
    for person in authors:
        if not isinstance(person, dict):
            continue
        author_id = str(person.get("authorId") or "").strip()
        name = " ".join(str(person.get("name") or "").split())
        if not author_id and not name:
            continue
        key = f"id:{author_id}" if author_id else f"name:{name.casefold()}"
        seen.setdefault(key, (key, author_id, name or author_id))
    return list(seen.values())
