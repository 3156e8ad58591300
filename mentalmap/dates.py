"""Dates a timeline can trust: a paper dated after today is flagged, never placed silently.

S2 sometimes carries a wrong year (a typo, a planned issue, 2030 for 2003); the map's x axis
would stretch to it and the predict and lineage views would read it as the newest work. The
papers keep the date S2 gave, and every timeline says which ones are in the future.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mentalmap.safe_text import one_line


def future_papers(papers: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """The papers dated after ``today``: by ``publicationDate`` where S2 has one, else by a
    ``year`` after this one; newest first (``papers`` indexed by paperId, as every papers frame)."""
    today = today or dt.date.today()
    if papers.empty:
        return papers
    dates = pd.to_datetime(
        papers.get("publicationDate", pd.Series(index=papers.index, dtype=object)),
        errors="coerce",
        format="ISO8601",
    )
    years = pd.to_numeric(papers["year"], errors="coerce").astype(float)  # NA: not ahead
    future = (dates.notna() & (dates > pd.Timestamp(today))) | (dates.isna() & (years > today.year))
    return papers[future.to_numpy(bool)].sort_values("year", ascending=False)


def future_note(papers: pd.DataFrame, today: dt.date | None = None) -> str:
    """One line naming the papers dated in the future; "" when there is none."""
    ahead = future_papers(papers, today)
    if ahead.empty:
        return ""
    first = ahead.iloc[0]
    title = one_line(first.get("title")) or str(first.name)
    title = title if len(title) <= 60 else title[:57] + "..."
    many = f"{len(ahead)} papers are" if len(ahead) > 1 else "1 paper is"
    return (
        f"{many} dated in the future ({_year(first['year'])}: {title!r} {first.name}); "
        "the map places them at the year S2 gives, which is likely wrong"
    )


def _year(value: Any) -> str:
    return "no year" if value is None or pd.isna(value) else str(int(value))
