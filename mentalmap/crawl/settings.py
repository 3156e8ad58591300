"""What a crawl is asked to do, and what it reports back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from mentalmap.errors import CrawlError
from mentalmap.source import Direction

#: The map a plain ``mentalmap crawl <id>`` makes: a few hundred papers, a sub-area to learn.
DEFAULT_MAX_PAPERS = 300

DIRECTIONS: dict[str, tuple[Direction, ...]] = {
    "back": ("references",),
    "forward": ("citations",),
    "both": ("references", "citations"),
}


#: Which lists a crawl follows: references (back), citations (forward) or both.
CrawlDirection = Literal["back", "forward", "both"]


@dataclass(frozen=True)
class CrawlSettings:
    """How far and how wide a crawl goes.

    depth: hops from the seeds a paper may be (1 = the seeds' own references/citations).
    direction: grow through ``back`` (references), ``forward`` (citations) or ``both``; the
        references of every paper of the map are read whatever the direction, so the map is
        closed (every citation among its papers is stored).
    max_papers: budget of papers in the map, seeds included (None = no limit).
    max_calls: budget of API calls for this run (None = no limit); the map stays closed.
    since, until: year window for added papers (seeds are always in; unknown years pass).
    contexts: also keep the citation context sentences of the edges given details.
    details_calls: calls spent on edge details (intents, influence) of the map's most cited
        papers (0 = none; None = one call per paper of that head, see ``budget``).
    focus: paperIds the papers added are ranked toward, instead of all the seeds (``expand``
        grows one paper's neighbourhood in a map made from other seeds); ids not in the map
        are ignored.
    """

    depth: int = 2
    direction: CrawlDirection = "both"
    max_papers: int | None = DEFAULT_MAX_PAPERS
    max_calls: int | None = None
    since: int | None = None
    until: int | None = None
    contexts: bool = False
    details_calls: int | None = None
    focus: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.depth < 0:
            raise CrawlError("depth must be 0 or more")
        if self.direction not in DIRECTIONS:
            raise CrawlError(f"direction must be one of {sorted(DIRECTIONS)}")
        if self.max_papers is not None and self.max_papers < 1:
            raise CrawlError("max_papers must be at least 1")
        if self.max_calls is not None and self.max_calls < 1:
            raise CrawlError("max_calls must be at least 1")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise CrawlError(f"--since {self.since} is after --until {self.until}")
        if self.details_calls is not None and self.details_calls < 0:
            raise CrawlError("details_calls must be 0 or more")

    def in_window(self, year: int | None) -> bool:
        """Unknown years pass: S2 lacks a year for some papers that belong in the map."""
        if year is None:
            return True
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )

    def window(self) -> str | None:
        """S2's ``publicationDateOrYear`` for the year window, so long lists skip other years."""
        if self.since is None and self.until is None:
            return None
        return f"{self.since or ''}:{self.until or ''}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CrawlProgress:
    """A snapshot for a progress bar: API calls done and the estimated total of the crawl."""

    phase: str
    papers: int
    found: int
    calls: int
    retries: int
    done: int
    total: int


@dataclass
class CrawlReport:
    """What a crawl did.

    ``edges`` counts citations among the map's papers (what exports and analyses see);
    ``outside`` the stored links to papers outside the map, kept only as candidates. ``notes``
    say what the user should know: a budget that stopped the crawl, settings that changed.
    """

    seeds: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    truncated: list[tuple[str, str]] = field(default_factory=list)
    papers: int = 0
    edges: int = 0
    outside: int = 0
    calls: int = 0
    retries: int = 0
    notes: list[str] = field(default_factory=list)
