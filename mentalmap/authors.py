"""The people of a field: who wrote what the map rests on, and who is active now.

A newcomer needs names as much as papers: whose talks to watch, whose group's new work to
follow. Four plain counts per author, over the map only — papers, in-map citations of those
papers, foundational papers (when roles are known) and recent papers — are combined into one
score so both the founders and the currently active rise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from mentalmap.errors import AnalysisError

AUTHOR_COLUMNS = (
    "author", "authorId", "papers", "in_map_citations", "foundational", "recent", "score",
    "top_paper",
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
        Frames as in docs/architecture.md; ``papers`` needs ``paperId``, ``authors``, ``year``.
    table : pandas.DataFrame, optional
        Analysis table indexed by paperId; its ``role`` counts foundational papers.
    recent_years : int
        A paper is recent when published in the map's last ``recent_years`` years.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AUTHOR_COLUMNS`. An author is keyed by ``authorId``, or by name when
        S2 has no id for them (``authorId`` is then ""). ``score`` (0-1) sums the parts, each
        divided by its maximum, with :data:`WEIGHTS` (without roles, ``foundational`` is 0
        and its weight is shared out among the others). ``top_paper`` is the title of the
        author's most cited paper in the map.

    Raises
    ------
    AnalysisError
        A needed column is missing, or ``recent_years`` is below 1.

    Examples
    --------
    >>> papers = pd.DataFrame({
    ...     "paperId": ["a", "b"], "year": [2010, 2020], "title": ["A", "B"],
    ...     "authors": [[{"authorId": "1", "name": "Ada"}], [{"authorId": None, "name": "Bo"}]]})
    >>> edges = pd.DataFrame({"citing": ["b"], "cited": ["a"]})
    >>> key_authors(papers, edges)["author"].tolist()
    ['Ada', 'Bo']
    """
    missing = [c for c in ("paperId", "authors", "year") if c not in papers.columns]
    if missing:
        raise AnalysisError(f"the papers frame lacks column(s) {', '.join(missing)}")
    if recent_years < 1:
        raise AnalysisError(f"recent_years must be at least 1, not {recent_years}")
    cites = edges["cited"].value_counts() if len(edges) else pd.Series(dtype=int)
    years = pd.to_numeric(papers["year"], errors="coerce")
    cutoff = years.max() - recent_years + 1 if years.notna().any() else None
    roles = (
        table["role"] if table is not None and "role" in table.columns else pd.Series(dtype=object)
    )
    titles = papers["title"] if "title" in papers.columns else pd.Series("", index=papers.index)

    rows: dict[str, dict[str, Any]] = {}
    for pid, authors, year, title in zip(papers["paperId"], papers["authors"], years, titles):
        n_cites = int(cites.get(pid, 0))
        recent = bool(cutoff is not None and pd.notna(year) and year >= cutoff)
        founding = roles.get(pid) == "foundational"
        for key, author_id, name in _people(authors):
            row = rows.setdefault(
                key,
                {"author": name, "authorId": author_id, "papers": 0, "in_map_citations": 0,
                 "foundational": 0, "recent": 0, "_best": -1, "top_paper": ""},
            )  # fmt: skip
            row["papers"] += 1
            row["in_map_citations"] += n_cites
            row["foundational"] += int(founding)
            row["recent"] += int(recent)
            if n_cites > row["_best"]:
                row["_best"], row["top_paper"] = n_cites, str(title or pid)
    frame = pd.DataFrame(list(rows.values()), columns=[*AUTHOR_COLUMNS, "_best"])
    frame = frame.drop(columns="_best")
    weights = dict(WEIGHTS)
    if roles.empty:
        share = weights.pop("foundational") / len(weights)
        weights = {k: v + share for k, v in weights.items()}
    score = pd.Series(0.0, index=frame.index)
    for column, weight in weights.items():
        top = frame[column].max() if len(frame) else 0
        if top and top > 0:
            score += weight * frame[column] / top
    frame["score"] = score.round(4)
    for column in ("papers", "in_map_citations", "foundational", "recent"):
        frame[column] = frame[column].astype(int)
    return frame.sort_values(
        ["score", "in_map_citations", "author"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


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
