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
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

JSON = dict[str, Any]

_AUTHOR_CSV = "authorId,externalIds,url,name,affiliations,homepage,paperCount,citationCount,hIndex"
_PAPER_CSV = (
    "paperId,externalIds,corpusId,publicationVenue,url,title,abstract,venue,year,referenceCount,"
    "citationCount,influentialCitationCount,isOpenAccess,openAccessPdf,fieldsOfStudy,"
    "s2FieldsOfStudy,tldr,publicationTypes,publicationDate,journal,citationStyles,"
    "textAvailability,embedding,authors,citations,references"
)
#: Paper fields in the order the real service writes them (recorded ``Paper.json``).
PAPER_FIELDS = _PAPER_CSV.split(",")
AUTHOR_FIELDS = _AUTHOR_CSV.split(",")
EDGE_FIELDS = ("contexts", "intents", "contextsWithIntent", "isInfluential")
_NESTED = ("citations", "references")
#: Paper fields the list endpoints accept inside ``citingPaper``/``citedPaper`` (swagger text).
_LIST_PAPER_FIELDS = frozenset(PAPER_FIELDS) - {
    "tldr",
    "embedding",
    "textAvailability",
    *_NESTED,
}
_ALLOWED = {
    "paper": frozenset(PAPER_FIELDS),
    "list": _LIST_PAPER_FIELDS,
    "bulk": frozenset(PAPER_FIELDS) - set(_NESTED),
}
_UNMATCHED_KEPT = ("title", "venue", "year")
_EXTERNAL_PREFIXES = {
    "DOI": "DOI",
    "ARXIV": "ArXiv",
    "MAG": "MAG",
    "ACL": "ACL",
    "PMID": "PubMed",
    "PMCID": "PubMedCentral",
}
_SHA = re.compile(r"[0-9a-f]{40}")
_WORD = re.compile(r"[a-z0-9]+")

BATCH_LIMIT = 500
PAGE_LIMIT = 1000
SEARCH_LIMIT = 100
SEARCH_WINDOW = 1000
BULK_PAGE = 1000
NESTED_CAP = 1000
BATCH_NESTED_CAP = 9999
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


class CorpusHTTPError(Exception):
    """The answer the real service would give as an HTTP error: a status and its JSON body."""

    def __init__(self, status: int, body: JSON) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


def _bad_params(**params: Any) -> CorpusHTTPError:
    """A 400 in the documented ``Unacceptable query params`` family (exact text unverified)."""
    listed = ", ".join(f"{k}={v}" for k, v in params.items())
    return CorpusHTTPError(400, {"error": f"Unacceptable query params: [{listed}]"})


def _int_param(name: str, value: int | str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad_params(**{name: value}) from None
    if number < 0:
        raise _bad_params(**{name: value})
    return number


# --- fields ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Fields:
    """A parsed ``fields`` parameter: top-level paper fields plus subfield selections."""

    paper: tuple[str, ...] = ("paperId", "title")
    authors: tuple[str, ...] = ("authorId", "name")
    nested: dict[str, _Fields] = field(default_factory=dict)
    edge: tuple[str, ...] = ()


def _ordered(names: Iterable[str], order: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(names)
    return tuple(n for n in order if n in chosen)


def parse_fields(raw: str | None, context: Literal["paper", "list", "bulk"] = "paper") -> _Fields:
    """Parse ``fields`` the way the service does: default ``paperId,title``, 400 on unknowns."""
    names = [n.strip() for n in (raw or "").split(",") if n.strip()]
    if not names:
        return _Fields()
    allowed = _ALLOWED[context]
    bad: list[str] = []
    top: set[str] = {"paperId"}
    authors: set[str] = set()
    nested: dict[str, set[str]] = {}
    edge: set[str] = set()
    for name in names:
        head, dot, sub = name.partition(".")
        if context == "list" and head in EDGE_FIELDS and not dot:
            edge.add(head)
        elif head not in allowed:
            bad.append(name)
        elif not dot:
            top.add(head)
            if head in _NESTED:
                nested.setdefault(head, set()).add("title")
            if head == "authors":
                authors.update(("authorId", "name"))
        elif head == "authors" and sub in AUTHOR_FIELDS:
            top.add(head)
            authors.update(("authorId", sub))
        elif head in _NESTED and sub in _ALLOWED["list"]:
            top.add(head)
            nested.setdefault(head, set()).add(sub)
        elif head == "embedding" and sub in ("specter_v1", "specter_v2"):
            top.add(head)
        else:
            bad.append(name)
    if bad:
        raise CorpusHTTPError(
            400, {"error": f"Unrecognized or unsupported fields: [{', '.join(bad)}]"}
        )
    return _Fields(
        paper=_ordered(top, PAPER_FIELDS),
        authors=_ordered(authors, AUTHOR_FIELDS),
        nested={
            k: _Fields(paper=_ordered({"paperId", *v}, PAPER_FIELDS)) for k, v in nested.items()
        },
        edge=_ordered(edge, EDGE_FIELDS),
    )


# --- filters (search and publicationDateOrYear) ----------------------------------------------
def _date_bounds(text: str, upper: bool) -> str:
    """Widen ``2019`` or ``2019-03`` to the first (or last) day it covers, as ``YYYY-MM-DD``."""
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
        raise ValueError(text)
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if upper else f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-31" if upper else f"{parts[0]}-{parts[1]}-01"
    return text


def _date_range(text: str) -> tuple[str, str]:
    """``2019-03-05``, ``2019-03``, ``2016-03-05:2020-06-06``, ``1981-08-25:``, ``:2015-01``."""
    if ":" in text:
        lo, _, hi = text.partition(":")
        return (
            _date_bounds(lo, False) if lo else "0000-00-00",
            _date_bounds(hi, True) if hi else "9999-99-99",
        )
    return _date_bounds(text, False), _date_bounds(text, True)


def _paper_date(paper: Mapping[str, Any]) -> str | None:
    if paper.get("publicationDate"):
        return str(paper["publicationDate"])
    return f"{paper['year']:04d}-01-01" if isinstance(paper.get("year"), int) else None


def _csv(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def _filter(
    year: str | int | None = None,
    publicationDateOrYear: str | None = None,
    publicationTypes: str | Iterable[str] | None = None,
    openAccessPdf: str | bool | None = None,
    minCitationCount: str | int | None = None,
    venue: str | Iterable[str] | None = None,
    fieldsOfStudy: str | Iterable[str] | None = None,
) -> Callable[[Mapping[str, Any]], bool] | None:
    """The search filters as one predicate over a paper (None when nothing filters)."""
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    if year not in (None, ""):
        match = re.fullmatch(r"(\d{4})?(-)?(\d{4})?", str(year))
        if not match or not (match.group(1) or match.group(3)):
            raise _bad_params(year=year)
        lo = int(match.group(1)) if match.group(1) else 0
        hi = int(match.group(3)) if match.group(3) else (9999 if match.group(2) else lo)
        tests.append(lambda p: isinstance(p.get("year"), int) and lo <= p["year"] <= hi)
    if publicationDateOrYear:
        try:
            start, end = _date_range(str(publicationDateOrYear))
        except ValueError:
            raise _bad_params(publicationDateOrYear=publicationDateOrYear) from None
        tests.append(lambda p: (d := _paper_date(p)) is not None and start <= d <= end)
    if types := set(_csv(publicationTypes)):
        tests.append(lambda p: bool(types & set(p.get("publicationTypes") or ())))
    if openAccessPdf is not None and openAccessPdf is not False:
        tests.append(lambda p: bool(p.get("openAccessPdf")))
    if minCitationCount not in (None, ""):
        floor = _int_param("minCitationCount", minCitationCount, 0)
        tests.append(lambda p: (p.get("citationCount") or 0) >= floor)
    if venues := {v.lower() for v in _csv(venue)}:
        tests.append(lambda p: str(p.get("venue") or "").lower() in venues)
    if fos := set(_csv(fieldsOfStudy)):
        tests.append(lambda p: bool(fos & set(p.get("fieldsOfStudy") or ())))
    if not tests:
        return None
    return lambda p: all(t(p) for t in tests)


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


# --- the corpus ------------------------------------------------------------------------------
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
            if not isinstance(pid, str) or not _SHA.fullmatch(pid):
                raise ValueError(f"paperId must be a 40-hex sha, got {pid!r}")
            self._papers.setdefault(pid, paper)
        self._aliases = {k.lower(): v for k, v in (aliases or {}).items()}
        for alias, primary in self._aliases.items():
            if primary not in self._papers:
                raise ValueError(f"alias {alias} points to unknown paper {primary}")
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
        self._external: dict[str, dict[str, str]] = {k: {} for k in _EXTERNAL_PREFIXES.values()}
        self._corpus_ids: dict[int, str] = {}
        for pid, paper in self._papers.items():
            ext = paper.get("externalIds") or {}
            for key, index in self._external.items():
                if ext.get(key) is not None:
                    index.setdefault(self._external_key(key, str(ext[key])), pid)
            cid = paper.get("corpusId", ext.get("CorpusId"))
            if cid is not None:
                self._corpus_ids.setdefault(int(cid), pid)
        self._inverted: dict[str, list[str]] | None = None

    def _known(self, pid: Any, role: str) -> str:
        primary = self._aliases.get(pid, pid) if isinstance(pid, str) else pid
        if primary not in self._papers:
            raise ValueError(f"citation {role} paper {pid!r} is not among the papers")
        return primary

    @staticmethod
    def _external_key(kind: str, value: str) -> str:
        value = value.strip().lower()
        if kind == "ArXiv":
            value = re.sub(r"^arxiv:|v\d+$", "", value)
        elif kind == "PubMedCentral":
            value = value.removeprefix("pmc")
        return value

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
        text = raw_id.strip() if isinstance(raw_id, str) else ""
        if _SHA.fullmatch(text.lower()):
            pid = text.lower()
            pid = self._aliases.get(pid, pid)
            return pid if pid in self._papers else None
        prefix, sep, rest = text.partition(":")
        kind = prefix.upper()
        if sep and kind == "CORPUSID":
            return self._corpus_ids.get(int(rest)) if rest.strip().isdigit() else None
        if sep and kind in _EXTERNAL_PREFIXES:
            name = _EXTERNAL_PREFIXES[kind]
            return self._external[name].get(self._external_key(name, rest))
        if sep and kind == "URL":
            return self._resolve_url(rest.strip())
        if text.startswith("10.") and "/" in text:
            return self._external["DOI"].get(text.lower())
        return None

    def _resolve_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path.strip("/")
        segments = path.split("/")
        if host.endswith("semanticscholar.org"):
            return self.resolve(segments[-1]) if _SHA.fullmatch(segments[-1]) else None
        if host.endswith("arxiv.org") and segments[0] in ("abs", "pdf") and len(segments) > 1:
            return self.resolve("ARXIV:" + "/".join(segments[1:]).removesuffix(".pdf"))
        if host.endswith(("aclweb.org", "aclanthology.org")):
            return self.resolve("ACL:" + segments[-1].removesuffix(".pdf"))
        if host.endswith("acm.org") and "doi" in segments:
            rest = segments[segments.index("doi") + 1 :]
            if rest and rest[0] in ("abs", "pdf", "full", "fullHtml"):
                rest = rest[1:]
            return self.resolve("DOI:" + "/".join(rest))
        if host.endswith("biorxiv.org") and segments[0] == "content":
            doi = re.sub(r"v\d+(\..*)?$", "", "/".join(segments[1:3]))
            return self.resolve("DOI:" + doi)
        return None

    def _require(self, raw_id: str) -> str:
        pid = self.resolve(raw_id)
        if pid is None:
            raise CorpusHTTPError(404, {"error": f"Paper with id {raw_id} not found"})
        return pid

    # --- projection --------------------------------------------------------------------------
    def _project(self, pid: str, spec: _Fields, budget: list[int] | None = None) -> JSON:
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
            elif name in _NESTED:
                out[name] = self._nested(pid, name, spec.nested[name], budget)
            elif name == "url":
                out[name] = paper.get("url") or f"https://www.semanticscholar.org/paper/{pid}"
            else:
                out[name] = paper.get(name)
        return out

    @staticmethod
    def _unmatched(edge: Mapping[str, Any], spec: _Fields) -> JSON:
        info = edge.get("unmatched") or {}
        out: JSON = {"paperId": None}
        for name in spec.paper:
            if name in _UNMATCHED_KEPT:
                out[name] = info.get(name)
            elif name == "authors":
                out[name] = []
            elif name != "paperId":
                out[name] = None
        return out

    def _other_end(self, edge: Mapping[str, Any], direction: str, spec: _Fields) -> JSON:
        if direction == "citations":
            return self._project(self._aliases.get(edge["citing"], edge["citing"]), spec)
        cited = edge.get("cited")
        if cited is None:
            return self._unmatched(edge, spec)
        return self._project(self._aliases.get(cited, cited), spec)

    def _nested(self, pid: str, name: str, spec: _Fields, budget: list[int] | None) -> list[JSON]:
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
        if direction not in _NESTED:
            raise CorpusHTTPError(404, {"error": f"Unknown list {direction!r}"})
        start = _int_param("offset", offset, 0)
        size = _int_param("limit", limit, 100)
        if size > PAGE_LIMIT:
            raise _bad_params(limit=limit)
        spec = parse_fields(fields, "list")
        pid = self._require(paper_id)
        ids = (self._cites if direction == "citations" else self._refs).get(pid, [])
        if publication_date_or_year and direction == "citations":
            keep = _filter(publicationDateOrYear=publication_date_or_year)
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
        return self._aliases.get(citing, citing)

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
    def _index(self) -> dict[str, list[str]]:
        if self._inverted is None:
            inverted: dict[str, list[str]] = {}
            for pid, paper in self._papers.items():
                text = f"{paper.get('title') or ''} {paper.get('abstract') or ''}"
                for word in set(_words(text)):
                    inverted.setdefault(word, []).append(pid)
            self._inverted = inverted
        return self._inverted

    def _ranked(self, query: str) -> list[str]:
        """Relevance-ish: papers sharing more query words first, then more cited, then id.

        A hyphenated term matches nothing, as on the real relevance search (s2-api.md §6.1).
        """
        terms = {w for token in query.split() if "-" not in token for w in _words(token)}
        index = self._index()
        scores: dict[str, int] = {}
        for term in terms:
            for pid in index.get(term, ()):
                scores[pid] = scores.get(pid, 0) + 1
        papers = self._papers
        return sorted(scores, key=lambda p: (-scores[p], -(papers[p].get("citationCount") or 0), p))

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
        start = _int_param("offset", offset, 0)
        size = _int_param("limit", limit, SEARCH_LIMIT)
        if size > SEARCH_LIMIT:
            raise _bad_params(limit=limit)
        if start + size >= SEARCH_WINDOW:
            raise CorpusHTTPError(
                400, {"error": f"The sum of offset and limit must be < {SEARCH_WINDOW}"}
            )
        spec = parse_fields(fields, "paper")
        keep = self._make_filter(filters)
        hits = [p for p in self._ranked(query or "") if keep is None or keep(self._papers[p])]
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
            return _filter(**filters)
        except TypeError:
            raise _bad_params(**filters) from None

    def match(self, query: str, fields: str | None = None) -> JSON:
        """``GET /paper/search/match``: the single best title match, or 404."""
        spec = parse_fields(fields, "paper")
        wanted = _words(query)
        best: tuple[float, str] | None = None
        if wanted:
            for pid in self._ranked(" ".join(wanted))[:200]:
                title = _words(self._papers[pid].get("title"))
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
                raise _bad_params(token=token) from None
        hits = [
            p
            for p, paper in self._papers.items()
            if self._bulk_match(query, paper) and (keep is None or keep(paper))
        ]
        hits = self._bulk_sort(hits, sort)
        window = hits[start : start + BULK_PAGE]
        more = start + len(window) < len(hits)
        next_token = base64.urlsafe_b64encode(str(start + len(window)).encode()).decode()
        return {
            "total": len(hits),
            "token": next_token if more else None,
            "data": [self._project(p, spec) for p in window],
        }

    @staticmethod
    def _bulk_match(query: str | None, paper: Mapping[str, Any]) -> bool:
        if not query or not query.strip():
            return True
        words = set(_words(f"{paper.get('title') or ''} {paper.get('abstract') or ''}"))
        for group in query.replace('"', " ").replace("(", " ").replace(")", " ").split("|"):
            ok = True
            for token in group.split():
                negate = token.startswith("-")
                term = token.lstrip("+-").lower()
                if term.endswith("*"):
                    stem = term.rstrip("*")
                    found = any(w.startswith(stem) for w in words)
                else:
                    found = all(w in words for w in _words(term))
                if found == negate:
                    ok = False
                    break
            if ok:
                return True
        return False

    def _bulk_sort(self, hits: list[str], sort: str | None) -> list[str]:
        name, _, order = (sort or "paperId:asc").partition(":")
        if name not in ("paperId", "publicationDate", "citationCount") or order not in (
            "",
            "asc",
            "desc",
        ):
            raise _bad_params(sort=sort)
        if name == "paperId":
            return sorted(hits, reverse=order == "desc")
        have = [p for p in hits if self._papers[p].get(name) is not None]
        missing = sorted(p for p in hits if self._papers[p].get(name) is None)
        have.sort(key=lambda p: (self._papers[p][name], p), reverse=order == "desc")
        return have + missing  # papers with no value sort last (s2-api.md §6.2)
