"""Where paper records come from: the contract shared by the HTTP client and offline corpora.

A Source speaks Semantic Scholar's Graph API shapes exactly (camelCase JSON, paged lists with
``next``), so the crawl cannot tell the live service, the fake server and a synthetic field apart.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

Direction = Literal["references", "citations"]

#: Paper fields the crawl keeps (section 3.1 of the S2 API notes).
PAPER_FIELDS = (
    "paperId,corpusId,externalIds,url,title,abstract,venue,year,publicationDate,publicationTypes,"
    "authors,citationCount,referenceCount,influentialCitationCount,fieldsOfStudy,openAccessPdf,tldr"
)
#: Fields asked for on list endpoints: edge fields plus what candidate selection needs (the
#: year window, and the global citation count that breaks ties between equally linked papers).
EDGE_FIELDS = "paperId,year,citationCount,isInfluential,intents"
EDGE_FIELDS_WITH_CONTEXTS = EDGE_FIELDS + ",contexts"

BATCH_LIMIT = 500
PAGE_LIMIT = 1000


class Source(Protocol):
    """The calls a crawl makes. Errors are :mod:`mentalmap.errors` classes."""

    def fetch_papers(self, ids: list[str], fields: str) -> list[dict[str, Any] | None]:
        """``POST /paper/batch``: at most 500 ids; a list aligned with ``ids``, None if unknown."""
        ...

    def fetch_edge_page(
        self,
        paper_id: str,
        direction: Direction,
        offset: int,
        limit: int,
        fields: str,
        window: str | None = None,
    ) -> dict[str, Any]:
        """``GET /paper/{id}/{direction}``: one raw page ``{"offset", "next"?, "data"}``.

        ``window``: a ``publicationDateOrYear`` value restricting citations to those years.
        """
        ...

    def search_papers(self, query: str, fields: str, **params: Any) -> dict[str, Any]:
        """``GET /paper/search``: one raw page ``{"total", "offset", "next"?, "data"?}``."""
        ...


class SearchSource(Source, Protocol):
    """A Source that can also look papers up by title and page through bulk search."""

    def match_title(self, title: str, fields: str) -> dict[str, Any] | None:
        """``GET /paper/search/match``: the best title match (with ``matchScore``), None if none."""
        ...

    def search_bulk(
        self, query: str, fields: str, token: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """``GET /paper/search/bulk``: one raw page ``{"total", "token", "data"}``."""
        ...
