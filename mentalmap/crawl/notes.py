"""What a crawl tells its user beside the counts: changed settings, a short map, a call budget."""

from __future__ import annotations

from typing import Any

from mentalmap.crawl.settings import CrawlSettings


def settings_notes(last: dict[str, Any] | None, now: CrawlSettings, size: int) -> list[str]:
    """What the settings of this run change for a map an earlier run of other settings made."""
    if not last or size == 0:
        return []
    notes = []
    if last.get("direction") != now.direction:
        notes.append(
            f"direction changed from {last.get('direction')} to {now.direction} since the "
            "last crawl of this store: the papers found before stay in the map"
        )
    if (last.get("since"), last.get("until")) != (now.since, now.until):
        notes.append(
            "the year window changed since the last crawl of this store: papers added "
            "under the old window stay in the map"
        )
    if (last.get("depth") or 0) > now.depth:
        notes.append(
            f"depth lowered from {last.get('depth')} to {now.depth}: papers found deeper "
            "stay in the map"
        )
    if now.max_papers is not None and size > now.max_papers:
        notes.append(
            f"the map already holds {size} papers, more than --max-papers {now.max_papers}: "
            "nothing is removed; crawl into a new --db for a smaller map"
        )
    return notes


def shortfall_note(settings: CrawlSettings, size: int, windowed: bool) -> str:
    """Why the map stayed under its budget."""
    window = " and the year window" if windowed else ""
    return (
        f"the map holds {size} papers, fewer than --max-papers {settings.max_papers}: "
        f"no more papers within --depth {settings.depth}{window}; a larger --depth "
        "reaches further"
    )


def out_of_calls_note(settings: CrawlSettings, size: int) -> str:
    """Where a run stopped by ``--max-calls`` left the map, and how to go on."""
    return (
        f"stopped at --max-calls {settings.max_calls}: the map holds {size} papers, every "
        "citation among them stored; run the same command again (with a larger --max-calls, "
        "or none) to continue"
    )
