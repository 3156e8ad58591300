"""Seeds from a query: the most cited papers S2's bulk search finds for it.

Bulk search (s2-api.md §6.2) takes boolean syntax (``+`` AND, ``|`` OR, ``-`` NOT, quotes),
sorts server-side (``citationCount:desc`` puts a field's classics first) and pages by token, up
to 1,000 papers a call, so even a few thousand seeds cost a handful of calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mentalmap.errors import InvalidQuery, NoSearchResults
from mentalmap.source import SearchSource

#: What a seed row shows; bulk search serves no nested lists anyway.
SEED_FIELDS = "paperId,title,year,venue,citationCount"
SORT = "citationCount:desc"


def iter_bulk(
    source: SearchSource, query: str, fields: str, sort: str = SORT, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Every paper bulk search finds for ``query``, page after page (the token hidden).

    Stops when the token is null or absent (the docs say absent, recorded answers say null).
    """
    token: str | None = None
    while True:
        page = source.search_bulk(query, fields, token, sort=sort, **filters)
        for paper in page.get("data") or ():
            if isinstance(paper, dict) and paper.get("paperId"):
                yield paper
        token = page.get("token")
        if not token or not page.get("data"):
            return


def search_seeds(
    source: SearchSource, query: str, top: int = 20, since: int | None = None
) -> list[dict[str, Any]]:
    """The ``top`` most cited papers matching ``query`` (from ``since`` on), most cited first.

    Raises :class:`InvalidQuery` for a blank query and :class:`NoSearchResults` when nothing
    matches, so a crawl never starts without seeds.
    """
    text = " ".join(str(query or "").split())
    if not text:
        raise InvalidQuery("the search query is empty: give a few words, e.g. 'sparse attention'")
    if top < 1:
        raise InvalidQuery(f"--top must be at least 1, not {top}")
    filters = {"year": f"{since}-"} if since is not None else {}
    seeds: list[dict[str, Any]] = []
    seen: set[str] = set()
    for paper in iter_bulk(source, text, SEED_FIELDS, **filters):
        if paper["paperId"] not in seen:
            seen.add(paper["paperId"])
            seeds.append(paper)
        if len(seeds) >= top:
            break
    if not seeds:
        after = f" since {since}" if since is not None else ""
        raise NoSearchResults(
            f"Semantic Scholar's bulk search found no paper for {text!r}{after}; "
            "try other words or fewer of them"
        )
    return seeds
