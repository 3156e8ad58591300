"""The S2 reads of a crawl: each response stored in one transaction with the progress it makes.

Batches carry new papers with their lists nested (:meth:`Reader.hydrate`) or the nested lists
of papers already stored (:meth:`Reader.read_nested`); lists too long to nest, or found cut,
are paged through their endpoint (:meth:`Reader.read_list`); edge details come only from the
citation-list endpoint (:meth:`Reader.read_details`). A batch S2 cannot serve for its weight is
halved; a lone paper too heavy to nest gets its details alone and its lists paged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentalmap.crawl import packing
from mentalmap.crawl.packing import NESTED_PER_PAPER, Request
from mentalmap.crawl_state import CrawlState
from mentalmap.errors import ApiError, BadRequest, PaperNotFound, ResponseTooLarge
from mentalmap.source import PAGE_LIMIT, PAPER_FIELDS, Source
from mentalmap.store import Store

#: Paper fields asked on list endpoints: what scoring, packing and the year window need.
LIST_FIELDS = "paperId,year,citationCount,referenceCount"
#: Top-level counts asked beside nested lists of papers already in the map (cut detection).
COUNT_FIELDS = "referenceCount,citationCount"

Records = list[dict[str, Any] | None]


class Reader:
    """Reads for one crawl; ``call`` makes (and counts) every request, ``report`` shows progress."""

    def __init__(
        self,
        store: Store,
        source: Source,
        call: Callable[..., Any],
        report: Callable[[], None],
        *,
        list_cap: int,
        window: str | None,
    ) -> None:
        self.store = store
        self.state = CrawlState(store)
        self.source = source
        self.call = call
        self.report = report
        self.list_cap = list_cap
        self.window = window

    # --- batches ----------------------------------------------------------------------------
    def hydrate(
        self,
        batch: list[Request],
        depths: dict[str, int],
        *,
        seed_base: int | None = None,
        requested: list[str] | None = None,
    ) -> None:
        """Details and nested lists of new papers (seeds with ``seed_base``/``requested``)."""
        lists = batch[0].lists
        fields = PAPER_FIELDS + ("," + packing.nested_fields(lists) if lists else "")
        ids = [r.paper_id for r in batch]
        try:
            records = self.call(self.source.fetch_papers, ids, fields)
        except ApiError as exc:
            if not _too_heavy(exc):
                raise
            if len(batch) > 1:
                half = len(batch) // 2
                self.hydrate(batch[:half], depths, seed_base=seed_base, requested=requested)
                self.hydrate(batch[half:], depths, seed_base=seed_base, requested=requested)
                return
            if not lists:
                raise
            # one paper whose lists are too heavy to nest: details alone, lists paged
            self.hydrate([Request(ids[0], (), 0)], depths, seed_base=seed_base, requested=requested)
            self._page_instead(self.store.resolve(ids[0]) or ids[0], lists)
            return
        capped, full = self._cap(records, lists)
        with self.store.transaction():
            self._learn_room(records, lists, capped)
            for raw, record in zip(ids, records, strict=True):
                if record is None:
                    found = "in a batch look-up" if seed_base is None else "on Semantic Scholar"
                    self.state.mark_missing(raw, f"not found {found}")
                    continue
                pid = record["paperId"]
                self.store.put_paper(record, depth=depths[raw])
                self.store.put_alias(raw, pid)
                if seed_base is not None and requested is not None:
                    self.state.add_seed(pid, raw, seed_base + requested.index(raw))
                # a seed's short list is always re-read: one call per seed buys certainty
                self._put_nested(pid, record, lists, capped or seed_base is not None, full)
        self.report()

    def read_nested(self, batch: list[Request]) -> None:
        """The nested lists of papers already in the map (a store to close, or a crawl resumed)."""
        lists = batch[0].lists
        ids = [r.paper_id for r in batch]
        fields = COUNT_FIELDS + "," + packing.nested_fields(lists)
        try:
            records = self.call(self.source.fetch_papers, ids, fields)
        except ApiError as exc:
            if not _too_heavy(exc):
                raise
            if len(batch) > 1:
                half = len(batch) // 2
                self.read_nested(batch[:half])
                self.read_nested(batch[half:])
                return
            self._page_instead(ids[0], lists)
            return
        capped, full = self._cap(records, lists)
        with self.store.transaction():
            self._learn_room(records, lists, capped)
            for pid, record in zip(ids, records, strict=True):
                if record is None:
                    for direction in lists:  # gone from S2 since it was stored
                        self.state.set_list(pid, direction, 0, done=True)
                    continue
                self._put_nested(pid, record, lists, capped, full)
        self.report()

    def _page_instead(self, paper_id: str, lists: tuple[str, ...]) -> None:
        with self.store.transaction():
            for direction in lists:
                self.state.set_list(paper_id, direction, 0, done=False)

    def _cap(self, records: Records, lists: tuple[str, ...]) -> tuple[bool, bool]:
        """Whether S2's per-response cap cut this response, and whether it served items."""
        capped = _capped(records, lists, self.state.nested_room())
        return capped, capped and _served(records, lists) > 0

    def _learn_room(self, records: Records, lists: tuple[str, ...], capped: bool) -> None:
        """A capped response shows how many nested items S2 serves now: pack to that."""
        served = _served(records, lists)
        if capped and 0 < served < self.state.nested_room():
            self.state.set_nested_room(served)

    def _put_nested(
        self, pid: str, record: dict[str, Any], lists: tuple[str, ...], capped: bool, full: bool
    ) -> None:
        """Store nested lists; one that may be cut is marked to be read again.

        Nothing in a response says a list was cut (s2-api.md §4.2): a list is taken as whole
        unless it reached the per-paper cap short of its count, or the response was capped and
        the list is shorter than its count. A list a full response left empty goes into the
        next nested batch (each full response serves a room's worth, so this ends); any other
        cut list is read through its endpoint.
        """
        for direction in lists:
            items = record.get(direction) or []
            self.state.put_links(pid, direction, items, details=False)
            count = record.get("referenceCount" if direction == "references" else "citationCount")
            n = len(items)
            short = count is None or n < count
            cut = (n >= NESTED_PER_PAPER and short) or (capped and short)
            if cut and full and n == 0:
                self.state.forget_list(pid, direction)
            else:
                self.state.set_list(pid, direction, 0, done=not cut)

    # --- list endpoints ---------------------------------------------------------------------
    def read_list(self, paper_id: str, direction: str) -> None:
        """A whole list from where its last read stopped."""
        row = self.state.lists().get((paper_id, direction))
        offset: int | None = row.offset if row else 0
        while offset is not None:
            offset = self.read_page(paper_id, offset, direction)

    def read_page(self, paper_id: str, offset: int, direction: str) -> int | None:
        """One list-endpoint page, committed with its progress; the next offset, None at the end."""
        limit = min(PAGE_LIMIT, self.list_cap - offset)
        if limit <= 0:
            with self.store.transaction():
                self.state.set_list(paper_id, direction, offset, done=True, truncated=True)
            return None
        window = self.window if direction == "citations" else None
        try:
            page = self.call(
                self.source.fetch_edge_page, paper_id, direction, offset, limit, LIST_FIELDS, window
            )
        except BadRequest:
            # past S2's list cap (or a list too large to serve): keep what we have
            with self.store.transaction():
                self.state.set_list(paper_id, direction, offset, done=True, truncated=True)
            return None
        except PaperNotFound:
            with self.store.transaction():
                self.state.set_list(paper_id, direction, offset, done=True)
            return None
        items = page.get("data") or []
        following = page.get("next")
        last = not items or not isinstance(following, int) or following <= offset
        with self.store.transaction():
            self.state.put_links(paper_id, direction, items, details=True)
            self.state.set_list(paper_id, direction, offset if last else following, done=last)
        self.report()
        return None if last else following

    def read_details(self, paper_id: str, fields: str) -> None:
        """Edge details of ``paper_id``'s citers (the list endpoint alone serves them), from
        where the last read stopped; edges the map does not hold are not added."""
        row = self.state.details_lists().get(paper_id)
        if row is not None and row.done:
            return
        offset = row.offset if row else 0
        while True:
            limit = min(PAGE_LIMIT, self.list_cap - offset)
            try:
                page = self.call(
                    self.source.fetch_edge_page, paper_id, "citations", offset, limit, fields, None
                )
            except (BadRequest, PaperNotFound):
                page = {"data": []}
            items = page.get("data") or []
            following = page.get("next")
            last = (
                not items
                or not isinstance(following, int)
                or following <= offset
                or following >= self.list_cap
            )
            rows = [
                (citing, paper_id, i.get("isInfluential"), i.get("intents"), i.get("contexts"))
                for i in items
                if (citing := (i.get("citingPaper") or {}).get("paperId"))
            ]
            with self.store.transaction():
                self.state.put_edge_details(rows)
                self.state.set_list(paper_id, "details", following or 0, done=last)
            self.report()
            if last:
                return
            offset = following


def _too_heavy(exc: Exception) -> bool:
    """A batch S2 could not serve for its weight: 400 for size, or a 504 (s2-api.md §4.2)."""
    return isinstance(exc, ResponseTooLarge) or getattr(exc, "status", None) == 504


def _capped(records: Records, lists: tuple[str, ...], room: int) -> bool:
    """Whether a response shows S2's per-response cap at work (s2-api.md §4.2, s2-folks#199):
    as many nested items as the cap, or its last lists (at least 3, and a tenth of them) all
    served empty though their papers count items. A list here and there shorter than its count
    is not enough: S2's counts include papers a corpus does not hold."""
    total = 0
    tail = 0
    asked = 0
    for record in records:
        if not record:
            continue
        # in the order the response lists them: the cap empties the lists served last
        for direction in [k for k in record if k in lists]:
            items = record.get(direction) or []
            count = record.get("referenceCount" if direction == "references" else "citationCount")
            total += len(items)
            asked += 1
            tail = tail + 1 if not items and count else 0
    return total >= room or (tail >= 3 and 10 * tail >= asked)


def _served(records: Records, lists: tuple[str, ...]) -> int:
    return sum(len(r.get(d) or []) for r in records if r for d in lists)
