"""Surveys of a topic: the fastest way into a field, and the best seeds for a first crawl.

A newcomer who knows only a topic's name has no seed papers. Recent, well-cited surveys are the
field's own reading lists: crawling backward from them brings in the papers the field agrees on.
Two relevance searches find them — one restricted to S2's ``Review`` type, one with the word
"survey" added (many surveys are typed as plain articles). Relevance search returns loosely
related papers too (the added "survey" alone matches every survey), so a paper is kept only when
its title or abstract holds at least half of the topic's words, and it is typed ``Review`` or
titled as a survey.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from mentalmap.analysis.roles import SURVEY_TITLE
from mentalmap.errors import InvalidQuery, NoSurveysFound
from mentalmap.source import Source
from mentalmap.vocabulary import FUNCTION_WORDS

#: Paper fields a survey row needs (one search page of 100 stays far below S2's 10 MB cap).
SURVEY_FIELDS = "paperId,title,abstract,year,venue,citationCount,publicationTypes"
#: S2 relevance search serves at most 100 papers per call (s2-api.md §6.1).
SEARCH_LIMIT = 100
#: Default look-back: surveys older than this miss most of a fast field's current work.
DEFAULT_YEARS_BACK = 5
#: Words too common to say what a topic is about: the function words, and the survey's own.
_STOPWORDS = FUNCTION_WORDS | {"survey", "review"}
_WORD = re.compile(r"[a-z0-9]+")

SURVEY_COLUMNS = (
    "paperId", "title", "year", "venue", "citationCount", "citations_per_year",
    "is_review_typed", "title_says_survey",
)  # fmt: skip


def clean_topic(topic: str) -> str:
    """The topic as S2 relevance search can match it: hyphens become spaces (s2-api.md §6.1).

    >>> clean_topic("  retrieval-augmented   generation ")
    'retrieval augmented generation'
    """
    text = " ".join(str(topic or "").replace("-", " ").split())
    if not text:
        raise InvalidQuery("the topic is empty: give a few words, e.g. 'sparse attention'")
    return text


def find_surveys(
    source: Source,
    topic: str,
    since: int | None = None,
    limit: int = 20,
    *,
    current_year: int | None = None,
) -> pd.DataFrame:
    """Recent surveys and reviews of ``topic``, most cited per year first.

    Parameters
    ----------
    source : Source
        The live client, the fake server's client or an in-process ``CorpusSource``.
    topic : str
        Plain words; hyphens are replaced by spaces.
    since : int, optional
        First publication year kept (default: ``current_year - 5``).
    limit : int
        Rows returned at most.
    current_year : int, optional
        The year "now" is, for citations per year (default: today's year; tests pin it).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SURVEY_COLUMNS`; ``citations_per_year`` is
        ``citationCount / max(1, current_year - year + 1)``, so a two-year-old survey with 200
        citations outranks a five-year-old one with 300.

    Raises
    ------
    InvalidQuery
        The topic is empty.
    ApiError
        The search failed (from the source).
    """
    if limit < 1:
        raise InvalidQuery(f"limit must be at least 1, not {limit}")
    now = current_year or dt.date.today().year
    first = now - DEFAULT_YEARS_BACK if since is None else since
    query = clean_topic(topic)
    years = f"{first}-"
    hits: dict[str, dict[str, Any]] = {}
    for q, params in (
        (query, {"publicationTypes": "Review"}),
        (f"{query} survey", {}),
    ):
        page = source.search_papers(q, SURVEY_FIELDS, year=years, limit=SEARCH_LIMIT, **params)
        for paper in page.get("data") or ():  # an empty result has no "data" key
            if paper and paper.get("paperId"):
                hits.setdefault(paper["paperId"], paper)
    words = topic_words(query)
    on_topic = [p for p in hits.values() if _matches(p, words)]
    return _rank(on_topic, now, first).head(limit).reset_index(drop=True)


def topic_words(topic: str) -> list[str]:
    """The words of a topic that say what it is about (stop words and "survey" left out).

    >>> topic_words("A survey of retrieval augmented generation")
    ['retrieval', 'augmented', 'generation']
    """
    words = _WORD.findall(topic.lower())
    return list(dict.fromkeys(w for w in words if w not in _STOPWORDS and len(w) > 1))


def _matches(paper: dict[str, Any], words: list[str]) -> bool:
    """At least half of the topic's words (plurals folded) are in the title or abstract."""
    if not words:
        return True
    text = f"{paper.get('title') or ''} {paper.get('abstract') or ''}".lower()
    present = {_singular(w) for w in _WORD.findall(text)}
    found = sum(_singular(w) in present for w in words)
    return found >= max(1, (len(words) + 1) // 2)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def survey_seeds(
    source: Source,
    topic: str,
    top: int = 5,
    since: int | None = None,
    *,
    current_year: int | None = None,
) -> list[str]:
    """The paperIds of the ``top`` best surveys of ``topic``: seeds for a backward crawl.

    Raises :class:`NoSurveysFound` rather than return nothing, so a crawl never starts empty.
    """
    frame = find_surveys(source, topic, since, limit=top, current_year=current_year)
    if frame.empty:
        first = (current_year or dt.date.today().year) - DEFAULT_YEARS_BACK
        raise NoSurveysFound(
            f"no survey or review of {clean_topic(topic)!r} since {since or first} on Semantic "
            "Scholar; try an earlier --since or broader words"
        )
    return frame["paperId"].tolist()


def _rank(papers: list[dict[str, Any]], now: int, first: int) -> pd.DataFrame:
    rows = []
    for paper in papers:
        year = paper.get("year")
        if isinstance(year, int) and year < first:
            continue
        title = paper.get("title") or ""
        typed = "Review" in (paper.get("publicationTypes") or ())
        says = bool(SURVEY_TITLE.search(title))
        if not (typed or says):
            continue
        cites = int(paper.get("citationCount") or 0)
        age = max(1, now - year + 1) if isinstance(year, int) else 1
        rows.append(
            {
                "paperId": paper["paperId"],
                "title": title,
                "year": year,
                "venue": paper.get("venue") or "",
                "citationCount": cites,
                "citations_per_year": round(cites / age, 2),
                "is_review_typed": typed,
                "title_says_survey": says,
            }
        )
    frame = pd.DataFrame(rows, columns=list(SURVEY_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["citationCount"] = frame["citationCount"].astype("int64")
    frame["citations_per_year"] = frame["citations_per_year"].astype("float64")
    for column in ("is_review_typed", "title_says_survey"):
        frame[column] = frame[column].astype(bool)
    return frame.sort_values(
        ["citations_per_year", "citationCount", "paperId"],
        ascending=[False, False, True],
        kind="stable",
    )
