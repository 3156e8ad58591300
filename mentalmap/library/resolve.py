"""Library entries → Semantic Scholar papers, each with how sure the match is.

Ids go first, 500 to a ``POST /paper/batch`` call; an entry whose first id S2 does not know tries
its next one (a DOI missing, its arXiv id found). What is left with a title goes to S2's title
match, one call each, and is checked twice, because the title match always answers its best
guess: the guess's title must be close to the entry's (and its year too, when both have one),
and one relevance search looks for *other* papers with the very same title (a preprint and its
published version can be separate S2 papers, s2-api.md §2), which the entry's year may tell
apart. Anything unsure is not seeded: it goes to the fix file with what S2 offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mentalmap.library.entries import Entry, Library, normal_title
from mentalmap.source import BATCH_LIMIT, SearchSource

#: What a match shows: enough to check it by eye, and small enough for 500 to a batch.
MATCH_FIELDS = "paperId,title,year,venue,externalIds,citationCount"
#: A title match is taken when its title is at least this close to the entry's (difflib ratio
#: of the lower-cased words: 0.9 forgives a subtitle's punctuation, not another paper).
TITLE_SIMILARITY = 0.9
#: Years further apart than this say the title match is another paper (preprint vs. journal
#: version: usually one year apart).
YEAR_SLACK = 1
#: Relevance hits read to find papers with the same title.
TWIN_SEARCH = 10

Status = Literal["matched", "repeat", "ambiguous", "doubtful", "unmatched"]


@dataclass(frozen=True)
class Match:
    """What one entry became.

    ``status``: ``matched`` (a seed), ``repeat`` (the same S2 paper as an earlier entry),
    ``ambiguous`` (several S2 papers carry its title), ``doubtful`` (S2's best title match is not
    close enough), ``unmatched`` (S2 knows none of its ids and no paper of its title).
    ``via``: the id that resolved it, or ``"title"``. ``score``: S2's ``matchScore`` for title
    matches. ``similarity``: how close the titles are (0-1). ``candidates``: what S2 offered
    for an unsure entry.
    """

    entry: Entry
    status: Status
    paper: dict[str, Any] | None = None
    via: str = ""
    score: float | None = None
    similarity: float | None = None
    reason: str = ""
    candidates: tuple[dict[str, Any], ...] = ()


@dataclass
class Resolution:
    """Every entry's match, in file order, and the calls spent."""

    matches: list[Match] = field(default_factory=list)
    calls: int = 0

    @property
    def seeds(self) -> list[str]:
        """The paperIds to crawl from, in file order, each once."""
        return [m.paper["paperId"] for m in self.matches if m.status == "matched" and m.paper]

    def unsure(self) -> list[Match]:
        """The entries the user has to fix (everything not seeded and not a repeat)."""
        return [m for m in self.matches if m.status in ("ambiguous", "doubtful", "unmatched")]


def resolve_library(
    source: SearchSource,
    library: Library,
    *,
    on_title: Callable[[int, int], None] | None = None,
) -> Resolution:
    """Match every entry of ``library`` to an S2 paper (see the module docstring).

    ``on_title(done, total)`` is told after each title lookup (two calls each), for progress.
    Errors of the source (:class:`~mentalmap.errors.ApiError`) propagate.
    """
    result = Resolution()
    found: dict[Entry, Match] = _resolve_ids(source, library.entries, result)
    titled = [e for e in library.entries if e not in found and e.title]
    for done, entry in enumerate(titled, 1):
        found[entry] = _resolve_title(source, entry, result)
        if on_title is not None:
            on_title(done, len(titled))
    for entry in library.entries:
        if entry not in found:
            tried = ", ".join(entry.ids)
            found[entry] = Match(entry, "unmatched", reason=f"S2 knows none of its ids ({tried})")
    first: dict[str, Entry] = {}
    for entry in library.entries:
        match = found[entry]
        if match.status == "matched" and match.paper:
            pid = match.paper["paperId"]
            if pid in first:
                match = Match(
                    entry, "repeat", match.paper, match.via, match.score, match.similarity,
                    f"the same S2 paper as {first[pid].where()}",
                )  # fmt: skip
            first.setdefault(pid, entry)
        result.matches.append(match)
    return result


def _resolve_ids(source: SearchSource, entries: list[Entry], result: Resolution) -> dict:
    found: dict[Entry, Match] = {}
    turn = 0
    while todo := [e for e in entries if e not in found and len(e.ids) > turn]:
        for start in range(0, len(todo), BATCH_LIMIT):
            chunk = todo[start : start + BATCH_LIMIT]
            answers = source.fetch_papers([e.ids[turn] for e in chunk], MATCH_FIELDS)
            result.calls += 1
            for entry, paper in zip(chunk, answers, strict=True):
                if paper and paper.get("paperId"):
                    found[entry] = Match(entry, "matched", paper, via=entry.ids[turn])
        turn += 1
    return found


def _resolve_title(source: SearchSource, entry: Entry, result: Resolution) -> Match:
    title = entry.title or ""
    best = source.match_title(title, MATCH_FIELDS)
    result.calls += 1
    if not best or not best.get("paperId"):
        return Match(entry, "unmatched", via="title", reason="S2 has no paper of this title")
    score = best.get("matchScore")
    score = float(score) if isinstance(score, (int, float)) else None
    similarity = round(title_similarity(title, best.get("title") or ""), 2)
    year = best.get("year")
    if similarity < TITLE_SIMILARITY:
        return Match(
            entry, "doubtful", None, "title", score, similarity,
            f"S2's closest title differs (similarity {similarity:.2f})", (best,),
        )  # fmt: skip
    if entry.year and isinstance(year, int) and abs(entry.year - year) > YEAR_SLACK:
        return Match(
            entry, "doubtful", None, "title", score, similarity,
            f"S2's paper of this title is from {year}, the entry says {entry.year}", (best,),
        )  # fmt: skip
    twins = _same_title(source, best, result)
    if not twins:
        return Match(entry, "matched", best, "title", score, similarity)
    everyone = (best, *twins)
    if entry.year:
        same_year = [p for p in everyone if p.get("year") == entry.year]
        if len(same_year) == 1:
            return Match(
                entry, "matched", same_year[0], "title", score, similarity,
                f"{len(everyone)} S2 papers have this title; the one of {entry.year} taken",
            )  # fmt: skip
    return Match(
        entry, "ambiguous", None, "title", score, similarity,
        f"{len(everyone)} S2 papers have this title", everyone,
    )  # fmt: skip


def _same_title(
    source: SearchSource, best: dict[str, Any], result: Resolution
) -> list[dict[str, Any]]:
    """Other S2 papers whose title is word for word the one of ``best``."""
    wanted = normal_title(best.get("title") or "")
    query = " ".join((best.get("title") or "").replace("-", " ").split())  # §6.1: no hyphens
    page = source.search_papers(query, MATCH_FIELDS, limit=TWIN_SEARCH)
    result.calls += 1
    twins: list[dict[str, Any]] = []
    for paper in page.get("data") or ():  # an empty result has no "data" key
        pid = paper.get("paperId") if isinstance(paper, dict) else None
        same = pid and normal_title(paper.get("title") or "") == wanted
        if same and pid != best["paperId"] and all(t["paperId"] != pid for t in twins):
            twins.append(paper)
    return twins


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0 to 1, case and punctuation aside.

    >>> title_similarity("Attention is all you need", "Attention Is All You Need.")
    1.0
    """
    return difflib.SequenceMatcher(None, normal_title(a), normal_title(b)).ratio()
