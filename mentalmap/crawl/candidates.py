"""The candidate pool of a round: papers the map's lists name that the settings let in (depth,
year window, exclusions), each with the depth it would enter the map at."""

from __future__ import annotations

from mentalmap.crawl.settings import CrawlSettings
from mentalmap.crawl_state import CrawlState
from mentalmap.source import Direction


def candidate_pool(
    state: CrawlState, settings: CrawlSettings, directions: tuple[Direction, ...]
) -> dict[str, int]:
    """Candidates the settings allow, each with the depth it would enter the map at."""
    depth = {p.paper_id: p.depth for p in state.map_papers()}
    limit = settings.depth
    candidates = state.candidates()
    excluded = state.excluded_ids()
    pool: dict[str, int] = {}
    for citing, cited in state.known_edges():
        for inside, other, direction in (
            (citing, cited, "references"),
            (cited, citing, "citations"),
        ):
            if direction not in directions or inside not in depth or other in depth:
                continue
            if depth[inside] >= limit or other in excluded:
                continue
            info = candidates.get(other)
            if info is not None and not settings.in_window(info.year):
                continue
            pool[other] = min(pool.get(other, limit), depth[inside] + 1)
    return pool
