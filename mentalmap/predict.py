"""Predict the next step: look at a field as it stood in a past year, guess, then reveal.

Guessing where a field went, before seeing it, is how a newcomer tests whether their mental map
has the field's real structure: a map that predicts is a map that explains. The reveal shows the
later papers that built most on what existed then — those citing the most papers of the as-of
map — grouped by sub-topic and role, beside the guesses the store kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from mentalmap.analysis.roles import SURVEY_TITLE
from mentalmap.errors import AnalysisError
from mentalmap.store import Store

REVEAL_COLUMNS = ("paperId", "title", "year", "cites_as_of", "topic", "role")
TOP_COLUMNS = ("topic", "paperId", "title", "year", "in_map_citations")
GUESS_COLUMNS = ("asOf", "guess", "madeAt")
#: How roles are listed in a reveal: what the field built first, its summaries last.
ROLE_ORDER = ("foundational", "technique", "tweak", "frontier", "other", "survey", "")


@dataclass(frozen=True)
class AsOfSummary:
    """The field at the end of ``year``: sizes, and the most cited papers of each sub-topic.

    ``top`` has :data:`TOP_COLUMNS`, ``topic_sizes`` maps a topic to its papers then; topics are
    ordered by size. ``expanded`` counts the papers of then whose references the crawl fetched:
    citations as of then are only seen through those, so when it is low the counts are too.
    """

    year: int
    papers: int
    edges: int
    first_year: int
    topic_sizes: dict[str, int]
    top: pd.DataFrame
    expanded: int


def as_of(
    papers: pd.DataFrame, edges: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The field as it stood at the end of ``year``: its papers up to then and their citations.

    Papers of unknown year are left out: they cannot be placed in time.

    >>> papers = pd.DataFrame({"paperId": ["a", "b", "c"], "year": [2010, 2012, 2015]})
    >>> edges = pd.DataFrame({"citing": ["b", "c"], "cited": ["a", "b"]})
    >>> then_papers, then_edges = as_of(papers, edges, 2012)
    >>> then_papers["paperId"].tolist(), len(then_edges)
    (['a', 'b'], 1)
    """
    _require(papers, ("paperId", "year"), "papers")
    _require(edges, ("citing", "cited"), "edges")
    years = pd.to_numeric(papers["year"], errors="coerce")
    kept = papers[(years <= year).fillna(False).astype(bool)].reset_index(drop=True)
    ids = set(kept["paperId"])
    inside = edges["citing"].isin(ids) & edges["cited"].isin(ids)
    return kept, edges[inside].reset_index(drop=True)


def summarize_as_of(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    year: int,
    table: pd.DataFrame | None = None,
    per_topic: int = 3,
) -> AsOfSummary:
    """Counts and the ``per_topic`` most cited papers (in-map, as of then) of each sub-topic.

    ``table`` is an analysis table of the *as-of* map (its ``cluster_label`` names the
    sub-topics); without one, the whole map is one topic.

    Raises
    ------
    AnalysisError
        No paper of the map is dated ``year`` or earlier.
    """
    then_papers, then_edges = as_of(papers, edges, year)
    if then_papers.empty:
        first = pd.to_numeric(papers["year"], errors="coerce").min()
        raise AnalysisError(
            f"the map holds no paper from {year} or before (it starts in "
            f"{'an unknown year' if pd.isna(first) else int(first)}): pick a later --as-of"
        )
    cites = then_edges["cited"].value_counts()
    frame = pd.DataFrame(
        {
            "topic": _labels(then_papers["paperId"], table, "cluster_label", "whole map"),
            "paperId": then_papers["paperId"].to_numpy(),
            "title": then_papers.get("title", pd.Series("", index=then_papers.index)).to_numpy(),
            "year": then_papers["year"].to_numpy(),
            "in_map_citations": then_papers["paperId"].map(cites).fillna(0).astype(int).to_numpy(),
        }
    )
    sizes = frame["topic"].value_counts()
    frame["_order"] = frame["topic"].map({t: i for i, t in enumerate(sizes.index)})
    top = (
        frame.sort_values(
            ["_order", "in_map_citations", "year", "paperId"],
            ascending=[True, False, True, True],
            kind="stable",
        )
        .groupby("topic", sort=False)
        .head(per_topic)
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return AsOfSummary(
        year=year,
        papers=len(then_papers),
        edges=len(then_edges),
        first_year=int(pd.to_numeric(then_papers["year"]).min()),
        topic_sizes={str(k): int(v) for k, v in sizes.items()},
        top=top[list(TOP_COLUMNS)],
        expanded=int(then_papers["referencesCrawled"].astype(bool).sum())
        if "referencesCrawled" in then_papers.columns
        else len(then_papers),
    )


def reveal(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    year: int,
    table: pd.DataFrame | None = None,
    top: int = 20,
    *,
    include_surveys: bool = False,
) -> pd.DataFrame:
    """The ``top`` papers after ``year`` that build most on the field as it stood then.

    Parameters
    ----------
    papers, edges : pandas.DataFrame
        The whole map (docs/architecture.md).
    year : int
        The as-of year; papers published later are candidates.
    table : pandas.DataFrame, optional
        An analysis table of the whole map; gives each paper's ``topic`` (``cluster_label``)
        and ``role``. Without it, ``topic`` is the most cited as-of paper a paper builds on and
        ``role`` is "".
    top : int
        Papers returned at most.
    include_surveys : bool
        Keep surveys (role ``survey``, typed Review, or titled as one). Off by default: a survey
        cites much of what existed but is a summary of the past, not the next step.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`REVEAL_COLUMNS`. The ``top`` papers citing the most as-of papers (ties:
        more citations overall, earlier, paperId), then grouped: topics in order of their best
        paper, roles in :data:`ROLE_ORDER`, most ``cites_as_of`` first.

    Raises
    ------
    AnalysisError
        Nothing in the map was published after ``year``, or nothing before.
    """
    then_papers, then_edges = as_of(papers, edges, year)
    years = pd.to_numeric(papers["year"], errors="coerce")
    later = papers[(years > year).fillna(False).astype(bool)]
    if then_papers.empty:
        raise AnalysisError(f"the map holds no paper from {year} or before: pick a later --as-of")
    if later.empty:
        raise AnalysisError(
            f"nothing in the map was published after {year} (it ends in {int(years.max())}): "
            "pick an earlier --as-of"
        )
    if not include_surveys:
        later = later[~_is_survey(later, table)]
    then_ids = set(then_papers["paperId"])
    builds = edges[edges["citing"].isin(set(later["paperId"])) & edges["cited"].isin(then_ids)]
    builds = builds.drop_duplicates(["citing", "cited"])
    counts = builds["citing"].value_counts()
    if counts.empty:
        return pd.DataFrame(columns=list(REVEAL_COLUMNS))
    info = later.set_index("paperId")
    overall = (
        pd.to_numeric(info["citationCount"], errors="coerce")
        if "citationCount" in info.columns
        else pd.Series(0, index=info.index)
    )
    rank = pd.DataFrame(
        {
            "paperId": counts.index,
            "cites_as_of": counts.to_numpy(),
            "_overall": overall.reindex(counts.index).fillna(0).to_numpy(),
            "year": info["year"].reindex(counts.index).to_numpy(),
        }
    )
    rank = rank.sort_values(
        ["cites_as_of", "_overall", "year", "paperId"],
        ascending=[False, False, True, True],
        kind="stable",
    ).head(top)
    if table is not None and "cluster_label" in table.columns:
        rank["topic"] = _labels(rank["paperId"], table, "cluster_label", "")
    else:
        rank["topic"] = _anchor_topics(rank["paperId"], builds, then_papers, then_edges)
    rank["role"] = _labels(rank["paperId"], table, "role", "")
    titles = info["title"] if "title" in info.columns else pd.Series("", index=info.index)
    rank["title"] = titles.reindex(rank["paperId"]).fillna("").to_numpy()
    rank["_first"] = rank.groupby("topic", sort=False).cumcount() == 0
    order = {t: i for i, t in enumerate(rank.loc[rank["_first"], "topic"])}
    rank["_topic"] = rank["topic"].map(order)
    rank["_role"] = rank["role"].map(lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else 99)
    rank = rank.sort_values(
        ["_topic", "_role", "cites_as_of", "_overall", "paperId"],
        ascending=[True, True, False, False, True],
        kind="stable",
    )
    out = rank[list(REVEAL_COLUMNS)].reset_index(drop=True)
    out["year"] = out["year"].astype("Int64")
    out["cites_as_of"] = out["cites_as_of"].astype(int)
    return out


def record_guess(
    store: Store, year: int, text: str, *, now: dt.datetime | None = None
) -> dict[str, object]:
    """Keep the user's guess of what came after ``year``, to set beside the reveal later."""
    guess = str(text or "").strip()
    if not guess:
        raise AnalysisError("the guess is empty: write what you expect came next")
    made_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute("INSERT INTO predictions VALUES (?, ?, ?)", (int(year), guess, made_at))
    return {"asOf": int(year), "guess": guess, "madeAt": made_at}


def read_guesses(store: Store, year: int | None = None) -> pd.DataFrame:
    """Stored guesses (of one as-of year, or all), oldest first: ``asOf, guess, madeAt``."""
    sql = "SELECT asOf, guess, madeAt FROM predictions"
    params: tuple[int, ...] = ()
    if year is not None:
        sql += " WHERE asOf = ?"
        params = (int(year),)
    return pd.read_sql_query(sql + " ORDER BY madeAt, rowid", store.conn, params=params)


# --- helpers ----------------------------------------------------------------------------------
def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AnalysisError(f"the {name} frame lacks column(s) {', '.join(missing)}")


def _is_survey(papers: pd.DataFrame, table: pd.DataFrame | None) -> pd.Series:
    """Per paper: a survey by its analysed role, its S2 type or its title."""
    flags = pd.Series(False, index=papers.index)
    if "publicationTypes" in papers.columns:
        flags |= papers["publicationTypes"].map(
            lambda types: isinstance(types, (list, tuple)) and "Review" in types
        )
    if "title" in papers.columns:
        flags |= papers["title"].map(lambda t: bool(SURVEY_TITLE.search(str(t or ""))))
    if table is not None and "role" in table.columns:
        roles = table["role"].reindex(papers["paperId"].to_numpy()).to_numpy()
        flags |= pd.Series(roles == "survey", index=papers.index)
    return flags.astype(bool)


def _labels(ids: pd.Series, table: pd.DataFrame | None, column: str, default: str) -> list[str]:
    if table is None or column not in table.columns:
        return [default] * len(ids)
    values = table[column].reindex(ids.to_numpy())
    return [default if pd.isna(v) else str(v) for v in values]


def _anchor_topics(
    ids: pd.Series, builds: pd.DataFrame, then_papers: pd.DataFrame, then_edges: pd.DataFrame
) -> list[str]:
    """Per later paper, the as-of paper it builds on that was most cited then (a topic proxy)."""
    cites = then_edges["cited"].value_counts()
    titles = then_papers.set_index("paperId")
    titles = titles["title"] if "title" in titles.columns else pd.Series(dtype=object)
    out = []
    for pid in ids:
        cited = builds.loc[builds["citing"] == pid, "cited"]
        anchor = min(cited, key=lambda c: (-cites.get(c, 0), c)) if len(cited) else None
        title = titles.get(anchor) if anchor is not None else None
        out.append(f"after: {title or anchor or '?'}")
    return out
