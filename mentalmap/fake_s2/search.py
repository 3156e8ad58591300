"""Search over a corpus' papers: a lazily built word index for relevance order, and the bulk
search's query language and sort orders (s2-api.md §6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mentalmap.fake_s2.filters import words
from mentalmap.fake_s2.params import bad_params


class WordIndex:
    """Words of each paper's title and abstract → paperIds, built on the first search."""

    def __init__(self, papers: Mapping[str, Mapping[str, Any]]) -> None:
        self._papers = papers
        self._inverted: dict[str, list[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        if self._inverted is None:
            inverted: dict[str, list[str]] = {}
            for pid, paper in self._papers.items():
                text = f"{paper.get('title') or ''} {paper.get('abstract') or ''}"
                for word in set(words(text)):
                    inverted.setdefault(word, []).append(pid)
            self._inverted = inverted
        return self._inverted

    def ranked(self, query: str) -> list[str]:
        """Relevance-ish: papers sharing more query words first, then more cited, then id.

        A hyphenated term matches nothing, as on the real relevance search (s2-api.md §6.1).
        """
        terms = {w for token in query.split() if "-" not in token for w in words(token)}
        index = self._index()
        scores: dict[str, int] = {}
        for term in terms:
            for pid in index.get(term, ()):
                scores[pid] = scores.get(pid, 0) + 1
        papers = self._papers
        return sorted(scores, key=lambda p: (-scores[p], -(papers[p].get("citationCount") or 0), p))


def bulk_match(query: str | None, paper: Mapping[str, Any]) -> bool:
    """Whether ``paper`` matches a bulk-search query (see :meth:`Corpus.search_bulk`)."""
    if not query or not query.strip():
        return True
    have = set(words(f"{paper.get('title') or ''} {paper.get('abstract') or ''}"))
    for group in query.replace('"', " ").replace("(", " ").replace(")", " ").split("|"):
        ok = True
        for token in group.split():
            negate = token.startswith("-")
            term = token.lstrip("+-").lower()
            if term.endswith("*"):
                stem = term.rstrip("*")
                found = any(w.startswith(stem) for w in have)
            else:
                found = all(w in have for w in words(term))
            if found == negate:
                ok = False
                break
        if ok:
            return True
    return False


def bulk_sort(
    papers: Mapping[str, Mapping[str, Any]], hits: list[str], sort: str | None
) -> list[str]:
    """``hits`` in the bulk search's ``sort`` order (``paperId:asc`` when none)."""
    name, _, order = (sort or "paperId:asc").partition(":")
    if name not in ("paperId", "publicationDate", "citationCount") or order not in (
        "",
        "asc",
        "desc",
    ):
        raise bad_params(sort=sort)
    if name == "paperId":
        return sorted(hits, reverse=order == "desc")
    have = [p for p in hits if papers[p].get(name) is not None]
    missing = sorted(p for p in hits if papers[p].get(name) is None)
    have.sort(key=lambda p: (papers[p][name], p), reverse=order == "desc")
    return have + missing  # papers with no value sort last (s2-api.md §6.2)
