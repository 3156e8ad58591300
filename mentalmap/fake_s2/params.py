"""What a Graph API request may ask for: field lists, limits, and the 400s for the rest.

The field lists are in the order the real service writes them; ``parse_fields`` answers an
unknown field as the service does (s2-api.md §2-§4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

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
NESTED = ("citations", "references")
#: Paper fields the list endpoints accept inside ``citingPaper``/``citedPaper`` (swagger text).
_LIST_PAPER_FIELDS = frozenset(PAPER_FIELDS) - {
    "tldr",
    "embedding",
    "textAvailability",
    *NESTED,
}
_ALLOWED = {
    "paper": frozenset(PAPER_FIELDS),
    "list": _LIST_PAPER_FIELDS,
    "bulk": frozenset(PAPER_FIELDS) - set(NESTED),
}
UNMATCHED_KEPT = ("title", "venue", "year")
EXTERNAL_PREFIXES = {
    "DOI": "DOI",
    "ARXIV": "ArXiv",
    "MAG": "MAG",
    "ACL": "ACL",
    "PMID": "PubMed",
    "PMCID": "PubMedCentral",
}

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


def bad_params(**params: Any) -> CorpusHTTPError:
    """A 400 in the documented ``Unacceptable query params`` family (exact text unverified)."""
    listed = ", ".join(f"{k}={v}" for k, v in params.items())
    return CorpusHTTPError(400, {"error": f"Unacceptable query params: [{listed}]"})


def int_param(name: str, value: int | str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise bad_params(**{name: value}) from None
    if number < 0:
        raise bad_params(**{name: value})
    return number


@dataclass(frozen=True)
class Fields:
    """A parsed ``fields`` parameter: top-level paper fields plus subfield selections."""

    paper: tuple[str, ...] = ("paperId", "title")
    authors: tuple[str, ...] = ("authorId", "name")
    nested: dict[str, Fields] = field(default_factory=dict)
    edge: tuple[str, ...] = ()


def _ordered(names: Iterable[str], order: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(names)
    return tuple(n for n in order if n in chosen)


def _known_subfield(head: str, sub: str) -> bool:
    """Whether ``head.sub`` names a subfield the service serves."""
    return (
        (head == "authors" and sub in AUTHOR_FIELDS)
        or (head in NESTED and sub in _ALLOWED["list"])
        or (head == "embedding" and sub in ("specter_v1", "specter_v2"))
    )


def parse_fields(raw: str | None, context: Literal["paper", "list", "bulk"] = "paper") -> Fields:
    """Parse ``fields`` the way the service does: default ``paperId,title``, 400 on unknowns."""
    names = [n.strip() for n in (raw or "").split(",") if n.strip()]
    if not names:
        return Fields()
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
        elif head not in allowed or (dot and not _known_subfield(head, sub)):
            bad.append(name)
        else:
            top.add(head)
            if head in NESTED:
                nested.setdefault(head, set()).add(sub or "title")
            if head == "authors":
                authors.update(("authorId", sub or "name"))
    if bad:
        raise CorpusHTTPError(
            400, {"error": f"Unrecognized or unsupported fields: [{', '.join(bad)}]"}
        )
    return Fields(
        paper=_ordered(top, PAPER_FIELDS),
        authors=_ordered(authors, AUTHOR_FIELDS),
        nested={
            k: Fields(paper=_ordered({"paperId", *v}, PAPER_FIELDS)) for k, v in nested.items()
        },
        edge=_ordered(edge, EDGE_FIELDS),
    )
