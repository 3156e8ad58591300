"""Packing nested batch reads under S2's caps (s2-api.md §4.2).

``POST /paper/batch`` with nested ``references.*`` / ``citations.*`` fields carries the lists of
many papers in one call, within three caps: 500 ids, at most 9,999 nested items per response
(later lists come back cut or empty), and no more than 500 items counted on per paper. Packing by
the counts already known keeps every response under the first two; lists past the third are read
through the list endpoints instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mentalmap.crawl_state import NESTED_PER_RESPONSE
from mentalmap.source import BATCH_LIMIT, PAGE_LIMIT

#: Nested items counted on per paper: S2 documents 1,000 on GET and 500 in an older example.
NESTED_PER_PAPER = 500
#: Items assumed for a list whose count S2 has not told yet (a median reference list, §4.2).
UNKNOWN_LIST = 40


@dataclass(frozen=True)
class Request:
    """One paper of a batch: the nested lists asked for it and the items they should hold."""

    paper_id: str
    lists: tuple[str, ...]
    items: int


def list_cost(count: int | None) -> int:
    return UNKNOWN_LIST if count is None else max(0, count)


def nested_ok(count: int | None) -> bool:
    """A list whose whole length a nested read can carry."""
    return list_cost(count) <= NESTED_PER_PAPER


def pack(requests: list[Request], room: int = NESTED_PER_RESPONSE) -> list[list[Request]]:
    """Batches in request order, one field set each, under the id and nested-item caps.

    Greedy and in order, so the batches left after any prefix has been fetched are the same as
    the tail of the whole packing: a resumed crawl asks exactly what the uninterrupted one would.
    """
    groups: dict[tuple[str, ...], list[Request]] = {}
    for request in requests:
        groups.setdefault(request.lists, []).append(request)
    batches: list[list[Request]] = []
    for group in groups.values():
        batch: list[Request] = []
        items = 0
        for request in group:
            if batch and (len(batch) == BATCH_LIMIT or items + request.items > room):
                batches.append(batch)
                batch, items = [], 0
            batch.append(request)
            items += request.items
        if batch:
            batches.append(batch)
    return batches


def pages_for(count: int | None, cap: int) -> int:
    """List-endpoint calls to read a list of ``count`` items, up to S2's list cap."""
    return max(1, math.ceil(min(list_cost(count), cap) / PAGE_LIMIT))


def nested_fields(lists: tuple[str, ...]) -> str:
    """The nested sub-fields a crawl asks: what scoring, packing and the year window need."""
    sub = ("paperId", "year", "citationCount", "referenceCount")
    return ",".join(f"{name}.{s}" for name in lists for s in sub)
