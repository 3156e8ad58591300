"""Which paper an id names: every id form the Graph API accepts (s2-api.md §2) → a primary
paperId, merged-away ids (aliases) included."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mentalmap.fake_s2.params import EXTERNAL_PREFIXES

SHA = re.compile(r"[0-9a-f]{40}")


class PaperIds:
    """The id indexes of a corpus' papers: aliases, external ids, corpus ids."""

    def __init__(self, papers: Mapping[str, Mapping[str, Any]], aliases: Mapping[str, str]) -> None:
        self._papers = papers
        self._aliases = {k.lower(): v for k, v in aliases.items()}
        for alias, primary in self._aliases.items():
            if primary not in papers:
                raise ValueError(f"alias {alias} points to unknown paper {primary}")
        self._external: dict[str, dict[str, str]] = {k: {} for k in EXTERNAL_PREFIXES.values()}
        self._corpus_ids: dict[int, str] = {}
        for pid, paper in papers.items():
            ext = paper.get("externalIds") or {}
            for key, index in self._external.items():
                if ext.get(key) is not None:
                    index.setdefault(_external_key(key, str(ext[key])), pid)
            cid = paper.get("corpusId", ext.get("CorpusId"))
            if cid is not None:
                self._corpus_ids.setdefault(int(cid), pid)

    def primary(self, pid: str) -> str:
        """The paperId ``pid`` was merged into, or ``pid`` itself."""
        return self._aliases.get(pid, pid)

    def resolve(self, raw_id: str) -> str | None:
        """The primary paperId for any id form the service accepts, or None (s2-api.md §2)."""
        text = raw_id.strip() if isinstance(raw_id, str) else ""
        if SHA.fullmatch(text.lower()):
            pid = text.lower()
            pid = self.primary(pid)
            return pid if pid in self._papers else None
        prefix, sep, rest = text.partition(":")
        kind = prefix.upper()
        if sep and kind == "CORPUSID":
            return self._corpus_ids.get(int(rest)) if rest.strip().isdigit() else None
        if sep and kind in EXTERNAL_PREFIXES:
            name = EXTERNAL_PREFIXES[kind]
            return self._external[name].get(_external_key(name, rest))
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
            return self.resolve(segments[-1]) if SHA.fullmatch(segments[-1]) else None
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


def _external_key(kind: str, value: str) -> str:
    value = value.strip().lower()
    if kind == "ArXiv":
        value = re.sub(r"^arxiv:|v\d+$", "", value)
    elif kind == "PubMedCentral":
        value = value.removeprefix("pmc")
    return value
