"""An in-process :class:`~mentalmap.source.Source` over a corpus: the crawl without HTTP.

The offline demo and fast crawl tests use it. It returns exactly the JSON the fake server would
send (the corpus answer, round-tripped through ``json``, so no caller can share or mutate the
corpus's own dicts) and raises the same :mod:`mentalmap.errors` classes as the live client.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from mentalmap.errors import ApiError, api_error
from mentalmap.fake_s2.corpus import Corpus, CorpusHTTPError
from mentalmap.source import Direction

T = TypeVar("T")


class CorpusSource:
    """A ``Source`` that answers from a :class:`Corpus`; ``calls`` counts the calls made."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.calls = 0

    def fetch_papers(self, ids: list[str], fields: str) -> list[dict[str, Any] | None]:
        """``POST /paper/batch``: aligned with ``ids``, None where unknown."""
        return self._call(lambda: self.corpus.batch(list(ids), fields))

    def fetch_edge_page(
        self,
        paper_id: str,
        direction: Direction,
        offset: int,
        limit: int,
        fields: str,
        window: str | None = None,
    ) -> dict[str, Any]:
        """``GET /paper/{id}/{direction}``: one raw page ``{"offset", "next"?, "data"}``."""
        return self._call(
            lambda: self.corpus.page(paper_id, direction, offset, limit, fields, window), paper_id
        )

    def search_papers(self, query: str, fields: str, **params: Any) -> dict[str, Any]:
        """``GET /paper/search``: one raw page ``{"total", "offset", "next"?, "data"?}``."""
        return self._call(lambda: self.corpus.search(query, fields, **params))

    def match_title(self, title: str, fields: str) -> dict[str, Any] | None:
        """``GET /paper/search/match``: the best match, None where S2 answers 404."""
        try:
            body = self._call(lambda: self.corpus.match(title, fields))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return body["data"][0]

    def search_bulk(
        self, query: str, fields: str, token: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """``GET /paper/search/bulk``: one raw page ``{"total", "token", "data"}``."""
        return self._call(lambda: self.corpus.search_bulk(query, fields, token, **params))

    def get_paper(self, paper_id: str, fields: str | None = None) -> dict[str, Any]:
        """``GET /paper/{id}``: one paper (not part of the protocol; handy for seeds)."""
        return self._call(lambda: self.corpus.get_paper(paper_id, fields), paper_id)

    def _call(self, request: Callable[[], T], paper_id: str | None = None) -> T:
        self.calls += 1
        try:
            answer = request()
        except CorpusHTTPError as exc:
            message = str(exc.body.get("error") or exc.body.get("message") or exc.body)
            raise api_error(exc.status, message, paper_id) from exc
        return json.loads(json.dumps(answer))
