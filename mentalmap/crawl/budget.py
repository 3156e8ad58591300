"""What a map costs in calls: the lists each paper needs, the least calls its topology takes,
and the papers whose edge details are read.

Modelled from what the store holds (never from calls made), so a resumed crawl agrees with an
uninterrupted one on every decision taken from these figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from mentalmap.analysis.evidence import MIN_FLAG_COVERAGE, in_head
from mentalmap.crawl import packing
from mentalmap.crawl.packing import NESTED_PER_RESPONSE, Request
from mentalmap.crawl.settings import DIRECTIONS, CrawlSettings
from mentalmap.crawl_state import Candidate, CrawlState, MapPaper
from mentalmap.source import BATCH_LIMIT


def wanted_lists(paper: MapPaper, settings: CrawlSettings, growing: bool) -> tuple[str, ...]:
    """References always (closure); citations only while they can still add papers."""
    expands = "citations" in DIRECTIONS[settings.direction] and paper.depth < settings.depth
    return ("references", "citations") if growing and expands else ("references",)


def planned_requests(
    candidates: dict[str, Candidate],
    chosen: list[tuple[str, int]],
    settings: CrawlSettings,
    room: int | None,
) -> list[Request]:
    """What to ask for each planned paper: its references (closure) and, for papers that can
    still be expanded while the map grows, its citations — nested when short enough."""
    grows_after = room is None or len(chosen) < room
    expands = "citations" in DIRECTIONS[settings.direction]
    out = []
    for pid, depth in chosen:
        info = candidates.get(pid)
        refs = info.references if info else None
        cites = info.citations if info else None
        lists: list[str] = []
        items = 0
        if packing.nested_ok(refs):
            lists.append("references")
            items += packing.list_cost(refs)
        if grows_after and expands and depth < settings.depth and packing.nested_ok(cites):
            lists.append("citations")
            items += packing.list_cost(cites)
        out.append(Request(pid, tuple(lists), items))
    return out


def calls_to_fill(room: int) -> int:
    """Calls ``room`` more papers will take, at one full batch per ~250 papers (for the ETA)."""
    per_batch = max(1, NESTED_PER_RESPONSE // (2 * packing.UNKNOWN_LIST))
    return math.ceil(room / min(per_batch, BATCH_LIMIT))


def modelled_calls(state: CrawlState, settings: CrawlSettings, list_cap: int) -> int:
    """Calls the map's topology takes at the least: every paper fetched with its lists nested
    in packed batches, plus the pages of lists too long to nest."""
    requests = []
    paged = 0
    for paper in state.map_papers():
        lists: list[str] = []
        items = 0
        for direction in wanted_lists(paper, settings, growing=True):
            count = paper.references if direction == "references" else paper.citations
            if packing.nested_ok(count):
                lists.append(direction)
                items += packing.list_cost(count)
            elif direction == "references":
                paged += packing.pages_for(count, list_cap)
        requests.append(Request(paper.paper_id, tuple(lists), items))
    return len(packing.pack(requests, state.nested_room())) + paged


def details_targets(state: CrawlState, settings: CrawlSettings, list_cap: int) -> list[str]:
    """Papers whose citers' edge details (intents, influence) are read.

    The head of the map's in-map citation counts (head/tail breaks, Jiang 2013): the papers the
    role tests read intents of. Most in-map citers per call first, within ``details_calls``;
    by default one call per head paper, or more when that is too few for the details to reach
    the share of the head's citations the role tests need (:data:`MIN_FLAG_COVERAGE`).
    """
    if settings.details_calls == 0:
        return []
    rows = state.in_map_citations()
    cited = np.array([n for _, n, _ in rows], dtype=float)
    counts = np.concatenate([cited, np.zeros(max(0, state.map_size() - len(rows)))])
    head = in_head(counts, 1)[: len(rows)]
    chosen = [(pid, n, packing.pages_for(c, list_cap)) for (pid, n, c), h in zip(rows, head,
              strict=True) if h]  # fmt: skip
    chosen.sort(key=lambda r: (-r[1] / r[2], r[0]))
    needed = MIN_FLAG_COVERAGE * sum(n for _, n, _ in chosen)
    budget = settings.details_calls
    targets, covered, spent = [], 0, 0
    for pid, n, pages in chosen:
        if budget is None:
            if spent + pages > len(chosen) and covered >= needed:
                continue
        elif spent + pages > budget:
            continue
        targets.append(pid)
        covered += n
        spent += pages
    return targets


def largest(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """The largest size in [low, high] for which ``ok`` holds (``ok`` monotone, true at low)."""
    while low < high:
        mid = (low + high + 1) // 2
        if ok(mid):
            low = mid
        else:
            high = mid - 1
    return low
