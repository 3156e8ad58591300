"""The reading plan's sections and tiers: names, reading order, sizes and caps per section."""

from __future__ import annotations

from dataclasses import dataclass

from mentalmap.errors import AnalysisError

READING_COLUMNS = (
    "order", "paperId", "title", "year", "role", "section", "why", "passes", "deep_dive",
    "hands_on", "builds_on", "has_code", "code_url", "in_map_citations", "relevance",
)  # fmt: skip
MIN_SIZE, MAX_SIZE = 5, 50
#: Cited by at least this many papers of the map to earn a place (seeds excepted).
MIN_CITATIONS = 2

SURVEYS, FOUNDATIONS, TECHNIQUES, TWEAKS, RECENT, CENTRAL = (
    "Start here: recent surveys", "Foundations", "Techniques", "What came next: tweaks",
    "Recent work", "Also central to the sub-area",
)  # fmt: skip
#: Sections in reading order (blocks of the ordering); tweaks only in the depth tier. Papers of
#: no distinct role get only the places the role sections leave, and still must earn them.
SECTION_ORDER = (SURVEYS, FOUNDATIONS, TECHNIQUES, TWEAKS, RECENT, CENTRAL)


@dataclass(frozen=True)
class Tier:
    """A tier's size range and the most places each section may take (unused ones move on)."""

    name: str
    low: int
    high: int
    caps: dict[str, int]


TIERS = {
    "exposure": Tier(
        "exposure",
        5,
        20,
        {SURVEYS: 3, FOUNDATIONS: 5, TECHNIQUES: 8, TWEAKS: 0, RECENT: 4, CENTRAL: 0},
    ),
    "depth": Tier(
        "depth",
        20,
        50,
        {SURVEYS: 5, FOUNDATIONS: 10, TECHNIQUES: 17, TWEAKS: 10, RECENT: 8, CENTRAL: 0},
    ),
}


def tier_spec(name: str, size: int | None) -> Tier:
    if name not in TIERS:
        raise AnalysisError(f"tier must be one of {', '.join(TIERS)}, not {name!r}")
    spec = TIERS[name]
    if size is None:
        return spec
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise AnalysisError(f"reading list size must be {MIN_SIZE}-{MAX_SIZE}, got {size}")
    if name == "exposure" and size > spec.high:
        raise AnalysisError(f"the exposure tier holds at most {spec.high}: use --tier depth")
    return Tier(spec.name, spec.low, size, spec.caps)
