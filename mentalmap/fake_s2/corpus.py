"""An in-memory Semantic Scholar: the Graph API's semantics over plain dicts, without HTTP.

Every public method returns the exact JSON body the real service would send (dicts and lists ready
for ``json.dumps``) or raises :class:`CorpusHTTPError` with the status and body the service would
answer. The HTTP fake server and the in-process ``CorpusSource`` both call these methods, so they
cannot drift apart. The facts followed are those of ``s2-api.md`` sections 2-6 and 8; where the
notes call a detail *unverified* (the 400 texts for limits, what lies past the citation cap) the
choice made here is written next to the code.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from mentalmap.fake_s2.filters import search_filter, words
from mentalmap.fake_s2.ids import SHA, PaperIds
from mentalmap.fake_s2.params import (
    BATCH_LIMIT,
    BATCH_NESTED_CAP,
    BULK_PAGE,
    JSON,
    MAX_RESPONSE_BYTES,
    NESTED,
    NESTED_CAP,
    PAGE_LIMIT,
    SEARCH_LIMIT,
    SEARCH_WINDOW,
    UNMATCHED_KEPT,
    CorpusHTTPError,
    Fields,
    bad_params,
    int_param,
    parse_fields,
)
from mentalmap.fake_s2.search import WordIndex, bulk_match, bulk_sort


class Corpus:
    """Papers, citation edges and merged-id aliases, answered with the Graph API's semantics.

    ``papers`` are full Graph API paper dicts (camelCase); their counts are corpus-wide and kept
    as given, so they may exceed the edges held here, as on the real service. ``citations`` are
    ``{"citing", "cited", "isInfluential", "intents", "contexts", "unmatched"}`` dicts where
    ``cited`` None plus ``unmatched`` (title, year, venue) is an unmatched reference. Duplicate
    edges are kept: the real lists contain duplicates too. The inputs are indexed once, so a
    request costs O(page) even on ~50k papers and ~1M edges. Treat a corpus as read-only.

    ``past_cap`` chooses what a citations page past ``citation_cap`` answers (unverified on the
    real service): ``"error"`` a 400, ``"empty"`` ``{"offset": N, "data": []}``.

    Batch caps (s2-api.md §4.2): ``nested_cap`` items per nested list of a paper (1,000 on the
    real GET; an older S2 example says 500), ``batch_nested_cap`` nested items per batch
    response (later lists cut, then empty), ``max_response_bytes`` of JSON before a batch
    answers 400 "Response would exceed maximum size", and ``heavy_batch``: a batch carrying
    more nested items than this answers 504, as heavy batches time out on the real service.
    """

    def __init__(
        self,
        papers: Iterable[dict[str, Any]],
        citations: Iterable[dict[str, Any]],
        aliases: Mapping[str, str] | None = None,
        citation_cap: int = 10_000,
        *,
        past_cap: Literal["error", "empty"] = "error",
        nested_cap: int = NESTED_CAP,
        batch_nested_cap: int = BATCH_NESTED_CAP,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        heavy_batch: int | None = None,
    ) -> None:
        if past_cap not in ("error", "empty"):
            raise ValueError(f"past_cap must be 'error' or 'empty', not {past_cap!r}")
        self.citation_cap = citation_cap
        self.past_cap = past_cap
        self.nested_cap = nested_cap
        self.batch_nested_cap = batch_nested_cap
        self.max_response_bytes = max_response_bytes
        self.heavy_batch = heavy_batch
        self._papers: dict[str, dict[str, Any]] = {}
        for paper in papers:
            pid = paper.get("paperId")
            if not isinstance(pid, str) or not SHA.fullmatch(pid):
                raise ValueError(f"paperId must be a 40-hex sha, got {pid!r}")
            self._papers.setdefault(pid, paper)
        self._ids = PaperIds(self._papers, aliases or {})
        self._edges: list[dict[str, Any]] = list(citations)
        refs: defaultdict[str, list[int]] = defaultdict(list)
        cites: defaultdict[str, list[int]] = defaultdict(list)
        known = self._papers
        for i, edge in enumerate(self._edges):
            citing = edge.get("citing")
            if citing not in known:
                citing = self._known(citing, "citing")
            refs[citing].append(i)
            cited = edge.get("cited")
            if cited is not None:
                cites[cited if cited in known else self._known(cited, "cited")].append(i)
        self._refs: dict[str, list[int]] = dict(refs)
        self._cites: dict[str, list[int]] = dict(cites)
        self._words = WordIndex(self._papers)

    def _known(self, pid: Any, role: str) -> str:
        primary = self._ids.primary(pid) if isinstance(pid, str) else pid
        if primary not in self._papers:
            raise ValueError(f"citation {role} paper {pid!r} is not among the papers")
        return primary

    def __len__(self) -> int:
        return len(self._papers)

    def __contains__(self, paper_id: object) -> bool:
        return isinstance(paper_id, str) and self.resolve(paper_id) is not None

    def paper_ids(self) -> list[str]:
        """Every primary paperId, in the order the papers were given."""
        return list(self._papers)

    # --- ids ---------------------------------------------------------------------------------
    def resolve(self, raw_id: str) -> str | None:
        """The primary paperId for any id form the service accepts, or None (s2-api.md §2)."""
        return self._ids.resolve(raw_id)

    def _require(self, raw_id: str) -> str:
        pid = self.resolve(raw_id)
        if pid is None:
            raise CorpusHTTPError(404, {"error": f"Paper with id {raw_id} not found"})
        return pid

    # --- projection --------------------------------------------------------------------------
    def _project(self, pid: str, spec: Fields, budget: list[int] | None = None) -> JSON:
        paper = self._papers[pid]
        out: JSON = {"paperId": pid}
        for name in spec.paper:
            if name == "paperId":
                continue
            if name == "authors":
                authors = paper.get("authors")
                out[name] = (
                    None
                    if authors is None
                    else [{k: a.get(k) for k in spec.authors} for a in authors]
                )
            elif name in NESTED:
                out[name] = self._nested(pid, name, spec.nested[name], budget)
            elif name == "url":
                out[name] = paper.get("url") or f"https://www.semanticscholar.org/paper/{pid}"
            else:
                out[name] = paper.get(name)
        return out

    @staticmethod
    def _unmatched(edge: Mapping[str, Any], spec: Fields) -> JSON:
        info = edge.get("unmatched") or {}
        out: JSON = {"paperId": None}
        for name in spec.paper:
            if name in UNMATCHED_KEPT:
                out[name] = info.get(name)
            elif name == "authors":
                out[name] = []
            elif name != "paperId":
                out[name] = None
        return out

    def _other_end(self, edge: Mapping[str, Any], direction: str, spec: Fields) -> JSON:
        if direction == "citations":
            return self._project(self._ids.primary(edge["citing"]), spec)
        cited = edge.get("cited")
        if cited is None:
            return self._unmatched(edge, spec)
        return self._project(self._ids.primary(cited), spec)

    def _nested(self, pid: str, name: str, spec: Fields, budget: list[int] | None) -> list[JSON]:
        index = self._cites if name == "citations" else self._refs
        ids = index.get(pid, ())[: self.nested_cap]
        if budget is not None:
            ids = ids[: max(0, budget[0])]
            budget[0] -= len(ids)
        return [self._other_end(self._edges[i], name, spec) for i in ids]

    # --- endpoints ---------------------------------------------------------------------------
    def get_paper(self, paper_id: str, fields: str | None = None) -> JSON:
        """``GET /paper/{id}``: one paper; nested citations/references cut at 1,000."""
        spec = parse_fields(fields, "paper")
        return self._project(self._require(paper_id), spec)

    def batch(self, ids: Any, fields: str | None = None) -> list[JSON | None]:
        """``POST /paper/batch``: aligned with ``ids``, None for unknown, primary paperIds."""
        if not isinstance(ids, list):
            raise CorpusHTTPError(400, {"error": "Request body must contain a list of ids"})
        if len(ids) > BATCH_LIMIT:
            # Exact text unverified (s2-api.md §4.2).
            raise CorpusHTTPError(
                400, {"error": f"Too many ids in request: {len(ids)} (maximum {BATCH_LIMIT})"}
            )
        spec = parse_fields(fields, "paper")
        budget = [self.batch_nested_cap]
        out: list[JSON | None] = []
        for raw in ids:
            pid = self.resolve(raw) if isinstance(raw, str) else None
            out.append(None if pid is None else self._project(pid, spec, budget))
        carried = self.batch_nested_cap - budget[0]
        if self.heavy_batch is not None and carried > self.heavy_batch:
            raise CorpusHTTPError(504, {"message": "Endpoint request timed out"})
        if spec.nested and len(json.dumps(out)) > self.max_response_bytes:
            # The text after the documented prefix is unverified (s2-api.md §4.1).
            raise CorpusHTTPError(
                400, {"error": "Response would exceed maximum size of 10 MB. Ask for fewer ids."}
            )
        return out

    def page(
        self,
        paper_id: str,
        direction: str,
        offset: int | str = 0,
        limit: int | str = 100,
        fields: str | None = None,
        publication_date_or_year: str | None = None,
    ) -> JSON:
        """``GET /paper/{id}/references|citations``: ``{"offset", "next"?, "data"}``, no total."""
        if direction not in NESTED:
            raise CorpusHTTPError(404, {"error": f"Unknown list {direction!r}"})
        start = int_param("offset", offset, 0)
        size = int_param("limit", limit, 100)
        if size > PAGE_LIMIT:
            raise bad_params(limit=limit)
        spec = parse_fields(fields, "list")
        pid = self._require(paper_id)
        ids = (self._cites if direction == "citations" else self._refs).get(pid, [])
        if publication_date_or_year and direction == "citations":
            keep = search_filter(publicationDateOrYear=publication_date_or_year)
            assert keep is not None
            ids = [i for i in ids if keep(self._papers[self._citing(i)])]
        stop = start + size
        if direction == "citations" and stop > self.citation_cap:
            if self.past_cap == "error":
                # What the service answers past its ~10,000 cap is unverified (s2-api.md §5).
                raise CorpusHTTPError(
                    400,
                    {
                        "error": f"Unacceptable query params: [offset={start}, limit={size}] "
                        f"(offset + limit must be <= {self.citation_cap})"
                    },
                )
            stop = max(start, self.citation_cap)
        key = "citingPaper" if direction == "citations" else "citedPaper"
        data = []
        for i in ids[start:stop]:
            edge = self._edges[i]
            item: JSON = {name: self._edge_field(edge, name) for name in spec.edge}
            item[key] = self._other_end(edge, direction, spec)
            data.append(item)
        body: JSON = {"offset": start}
        if start + len(data) < len(ids) and data:
            body["next"] = start + len(data)
        body["data"] = data
        return body

    def _citing(self, i: int) -> str:
        citing = self._edges[i]["citing"]
        return self._ids.primary(citing)

    @staticmethod
    def _edge_field(edge: Mapping[str, Any], name: str) -> Any:
        if name == "isInfluential":
            return bool(edge.get("isInfluential"))
        if name == "contextsWithIntent":
            if "contextsWithIntent" in edge:
                return edge["contextsWithIntent"]
            return [{"context": c, "intents": []} for c in edge.get("contexts") or []]
        return list(edge.get(name) or [])

    # --- search ------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        fields: str | None = None,
        offset: int | str = 0,
        limit: int | str = 100,
        **filters: Any,
    ) -> JSON:
        """``GET /paper/search``: ``{"total", "offset", "next"?, "data"}``; no data when empty.

        ``filters`` are the API's own parameter names: ``year``, ``publicationDateOrYear``,
        ``publicationTypes``, ``openAccessPdf``, ``minCitationCount``, ``venue``,
        ``fieldsOfStudy``.
        """
        start = int_param("offset", offset, 0)
        size = int_param("limit", limit, SEARCH_LIMIT)
        if size > SEARCH_LIMIT:
            raise bad_params(limit=limit)
        if start + size >= SEARCH_WINDOW:
            raise CorpusHTTPError(
                400, {"error": f"The sum of offset and limit must be < {SEARCH_WINDOW}"}
            )
        spec = parse_fields(fields, "paper")
        keep = self._make_filter(filters)
        hits = [p for p in self._words.ranked(query or "") if keep is None or keep(self._papers[p])]
        body: JSON = {"total": len(hits), "offset": start}
        window = hits[start : start + size]
        if start + len(window) < len(hits) and start + len(window) < SEARCH_WINDOW and window:
            body["next"] = start + len(window)
        if window:
            body["data"] = [self._project(p, spec) for p in window]
        return body

    @staticmethod
    def _make_filter(filters: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool] | None:
        try:
            return search_filter(**filters)
        except TypeError:
            raise bad_params(**filters) from None

    def match(self, query: str, fields: str | None = None) -> JSON:
        """``GET /paper/search/match``: the single best title match, or 404."""
        spec = parse_fields(fields, "paper")
        wanted = words(query)
        best: tuple[float, str] | None = None
        if wanted:
            for pid in self._words.ranked(" ".join(wanted))[:200]:
                title = words(self._papers[pid].get("title"))
                common = len(set(wanted) & set(title))
                overlap = common / max(len(set(wanted) | set(title)), 1)
                if overlap >= 0.8 and (best is None or overlap > best[0]):
                    best = (overlap, pid)
        if best is None:
            raise CorpusHTTPError(404, {"error": "Title match not found"})
        item = self._project(best[1], spec)
        item["matchScore"] = round(best[0] * 100 + 10 * len(wanted), 2)
        return {"data": [item]}

    def search_bulk(
        self,
        query: str | None = None,
        fields: str | None = None,
        token: str | None = None,
        sort: str | None = None,
        **filters: Any,
    ) -> JSON:
        """``GET /paper/search/bulk``: 1,000 per page, ``token`` to continue, null at the end.

        Query syntax kept simple: words are ANDed, ``-word`` excludes, ``a | b`` ORs groups,
        ``word*`` is a prefix; quotes and parentheses are ignored.
        """
        spec = parse_fields(fields, "bulk")
        keep = self._make_filter(filters)
        start = 0
        if token:
            try:
                start = int(base64.urlsafe_b64decode(token.encode()).decode())
            except ValueError:
                raise bad_params(token=token) from None
        hits = [
            p
            for p, paper in self._papers.items()
            if bulk_match(query, paper) and (keep is None or keep(paper))
        ]
        hits = bulk_sort(self._papers, hits, sort)
        window = hits[start : start + BULK_PAGE]
        more = start + len(window) < len(hits)
        next_token = base64.urlsafe_b64encode(str(start + len(window)).encode()).decode()
        return {
            "total": len(hits),
            "token": next_token if more else None,
            "data": [self._project(p, spec) for p in window],
        }
