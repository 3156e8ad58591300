"""Every paper id form a user pastes, turned into the one form Semantic Scholar accepts.

Parsing happens before anything is written or fetched, so a typo costs no call and no store.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from mentalmap.errors import InvalidPaperId

_SHA = re.compile(r"^[0-9a-fA-F]{40}$")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-zA-Z][a-zA-Z.\-]*/\d{7})(v\d+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DIGITS = re.compile(r"^\d+$")
_ACL = re.compile(r"^([A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9\-]+\.\d+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)

#: Prefix (lower case) → the spelling S2 documents, and a check of the value after it.
_PREFIXES: dict[str, tuple[str, re.Pattern[str]]] = {
    "corpusid": ("CorpusId", _DIGITS),
    "doi": ("DOI", _DOI),
    "arxiv": ("ARXIV", re.compile(r"^(\d{4}\.\d{4,5}|[a-zA-Z][a-zA-Z.\-]*/\d{7})(v\d+)?$")),
    "mag": ("MAG", _DIGITS),
    "acl": ("ACL", _ACL),
    "pmid": ("PMID", _DIGITS),
    "pmcid": ("PMCID", re.compile(r"^(PMC)?\d+$", re.IGNORECASE)),
    "url": ("URL", re.compile(r"^https?://\S+$", re.IGNORECASE)),
}
#: Prefix of a parsed id → the ``externalIds`` key under which S2 returns the same id.
EXTERNAL_ID_KEYS = {
    "ARXIV": "ArXiv",
    "DOI": "DOI",
    "PMID": "PubMed",
    "PMCID": "PubMedCentral",
    "MAG": "MAG",
    "ACL": "ACL",
}
#: Hosts whose URLs S2 resolves itself (``URL:`` ids).
_URL_HOSTS = ("semanticscholar.org", "arxiv.org", "aclweb.org", "acm.org", "biorxiv.org")

_HELP = (
    "use an S2 paperId (40 hex characters), CorpusId:<n>, DOI:<doi>, ARXIV:<id>, ACL:<id>, "
    "PMID:<n>, PMCID:<n>, MAG:<n>, URL:<url>, a bare arXiv id or DOI, or an arxiv.org, doi.org "
    "or semanticscholar.org URL"
)


def parse_paper_id(raw: str) -> str:
    """Return the S2 form of a user-typed paper id, or raise :class:`InvalidPaperId`.

    Examples
    --------
    >>> parse_paper_id("1706.03762v5")
    'ARXIV:1706.03762'
    >>> parse_paper_id("https://doi.org/10.18653/v1/N18-3011")
    'DOI:10.18653/v1/N18-3011'
    >>> parse_paper_id("corpusid:215416146")
    'CorpusId:215416146'
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidPaperId(f"empty paper id: {_HELP}")
    if _SHA.match(text):
        return text.lower()
    if re.match(r"^https?://", text, re.IGNORECASE):
        return _parse_url(text, raw)
    prefix, sep, value = text.partition(":")
    if sep and prefix.lower() in _PREFIXES:
        return _parse_prefixed(prefix.lower(), value.strip(), raw)
    if text.lower().startswith("doi.org/"):
        return _parse_url("https://" + text, raw)
    return _parse_bare(text, raw)


def _parse_prefixed(prefix: str, value: str, raw: str) -> str:
    name, pattern = _PREFIXES[prefix]
    if not pattern.match(value):
        raise InvalidPaperId(f"malformed paper id {raw!r}: {name}: needs a valid value; {_HELP}")
    if name == "ARXIV":
        return "ARXIV:" + re.sub(r"v\d+$", "", value)
    if name == "DOI":
        arxiv = _ARXIV_DOI.match(value)
        return _parse_bare(arxiv.group(1), raw) if arxiv else "DOI:" + value
    if name == "PMCID":
        return "PMCID:" + re.sub(r"^PMC", "", value, flags=re.IGNORECASE)
    if name == "URL":
        return _parse_url(value, raw)
    return f"{name}:{value}"


def _parse_bare(text: str, raw: str) -> str:
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return "ARXIV:" + match.group(1)
    arxiv = _ARXIV_DOI.match(text)
    if arxiv:
        return _parse_bare(arxiv.group(1), raw)
    if _DOI.match(text):
        return "DOI:" + text
    if _DIGITS.match(text):
        raise InvalidPaperId(
            f"ambiguous paper id {raw!r}: a bare number could be a CorpusId, PMID or MAG id; "
            f"write it as CorpusId:{text}, PMID:{text} or MAG:{text}"
        )
    raise InvalidPaperId(f"malformed paper id {raw!r}: {_HELP}")


def _parse_url(url: str, raw: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = unquote(parts.path).strip("/")
    if host.endswith("doi.org"):
        return _parse_bare(path, raw) if path else _fail_url(raw)
    if host.endswith("arxiv.org"):
        match = re.match(r"^(?:abs|pdf|html)/(.+?)(?:\.pdf)?$", path)
        if match:
            return _parse_bare(match.group(1), raw)
        return _fail_url(raw)
    if host.endswith("semanticscholar.org"):
        last = path.rsplit("/", 1)[-1]
        if _SHA.match(last):
            return last.lower()
        return "URL:" + url
    if host.endswith("aclanthology.org") or host.endswith("aclweb.org"):
        last = re.sub(r"\.pdf$", "", path.rsplit("/", 1)[-1])
        if _ACL.match(last):
            return "ACL:" + last
    if any(host == h or host.endswith("." + h) for h in _URL_HOSTS):
        return "URL:" + url
    return _fail_url(raw)


def _fail_url(raw: str) -> str:
    raise InvalidPaperId(
        f"unsupported URL {raw!r}: Semantic Scholar resolves only semanticscholar.org, "
        "arxiv.org, doi.org, aclweb.org, acm.org and biorxiv.org URLs"
    )


def parse_paper_ids(raws: list[str] | tuple[str, ...]) -> list[str]:
    """Parse every id first (so one typo writes nothing) and drop repeats, keeping order."""
    seen: dict[str, None] = {}
    for raw in raws:
        seen.setdefault(parse_paper_id(raw), None)
    return list(seen)
