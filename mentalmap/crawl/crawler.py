"""The relevance-first, closed, resumable crawl from seed papers.

Rounds. The map starts as the seeds. Each round (1) completes the lists of the map: the
references of every paper (so every citation among the map's papers is stored: the map is
closed) and, while the map still grows, the citations of papers nearer the seeds than ``depth``;
(2) ranks the candidates those lists name by relevance to the seeds (:mod:`.scoring`) and fixes
the best ones as the round's plan; (3) fetches the plan by batch, each paper's details and its
own lists in the same call (nested fields, packed by :mod:`.packing`). Rounds double the map
(each at least one full batch), so relevance is re-scored on what the last round revealed.

A heavily cited paper's citation list is paged only when the candidates known cannot fill the
budget: a 20k-cited seed's citers are read one page at a time, not all of them up front. At the
end, edge details (influence, intents) are read for the citers of the map's most cited papers
(the head the role tests read), through the list endpoints, the only place S2 serves them.

Every response is written in one transaction with the progress it records, and every decision
is a function of what the store holds, so a killed crawl resumes into the same store as an
uninterrupted one and a finished crawl run again makes no call.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mentalmap.crawl import packing
from mentalmap.crawl.budget import (
    calls_to_fill,
    details_targets,
    largest,
    modelled_calls,
    planned_requests,
    wanted_lists,
)
from mentalmap.crawl.candidates import candidate_pool
from mentalmap.crawl.notes import out_of_calls_note, settings_notes, shortfall_note
from mentalmap.crawl.packing import Request
from mentalmap.crawl.reader import Reader
from mentalmap.crawl.scoring import rank_candidates
from mentalmap.crawl.settings import (
    DIRECTIONS,
    CrawlProgress,
    CrawlReport,
    CrawlSettings,
)
from mentalmap.crawl_state import CrawlState
from mentalmap.errors import CrawlError
from mentalmap.s2.ids import parse_paper_ids
from mentalmap.source import (
    BATCH_LIMIT,
    EDGE_FIELDS,
    EDGE_FIELDS_WITH_CONTEXTS,
    Source,
)
from mentalmap.store import Store

#: S2 serves a list only up to offset + limit = 10,000; past that the list is truncated.
LIST_CAP = 10_000
#: The first round's share of the paper budget; later rounds double the map.
FIRST_ROUND_SHARE = 0.25


class _OutOfCalls(Exception):
    """The run reached ``--max-calls``; what was fetched is committed."""


class Crawler:
    """One crawl of ``seeds`` into ``store`` through ``source``; see the module docstring."""

    def __init__(
        self,
        store: Store,
        source: Source,
        settings: CrawlSettings | None = None,
        on_progress: Callable[[CrawlProgress], None] | None = None,
        *,
        list_cap: int = LIST_CAP,
    ) -> None:
        self.store = store
        self.state = CrawlState(store)
        self.source = source
        self.settings = settings or CrawlSettings()
        self.on_progress = on_progress
        self.list_cap = list_cap
        self.directions = DIRECTIONS[self.settings.direction]
        self.calls = 0
        self.estimate = 0
        self.phase = "seeds"
        window = self.settings.window()
        self.reader = Reader(
            store, source, self._call, self._report, list_cap=list_cap, window=window
        )
        self.detail_fields = (
            EDGE_FIELDS_WITH_CONTEXTS if self.settings.contexts else EDGE_FIELDS
        ) + ",referenceCount"

    # --- the whole crawl ---------------------------------------------------------------------
    def run(self, seeds: list[str] | tuple[str, ...], *, locked: bool = False) -> CrawlReport:
        """Crawl ``seeds``; ``locked``: the caller already holds the store's writer lock."""
        requested = parse_paper_ids(seeds)
        if locked:
            return self._run(requested)
        with self.store.writer_lock():
            return self._run(requested)

    def _run(self, requested: list[str]) -> CrawlReport:
        report = CrawlReport()
        report.notes += settings_notes(
            self.state.last_settings(), self.settings, self.state.map_size()
        )
        try:
            report.seeds = self._resolve_seeds(requested)
            if not report.seeds:
                raise CrawlError(
                    "none of the seeds was found on Semantic Scholar: " + ", ".join(requested)
                )
            self._grow()
            self._details()
            room = self._room()
            if room and self.settings.depth > 0:
                windowed = self.settings.window() is not None
                report.notes.append(shortfall_note(self.settings, self.state.map_size(), windowed))
        except _OutOfCalls:
            report.notes.append(out_of_calls_note(self.settings, self.state.map_size()))
        if not report.seeds:
            report.seeds = self.state.seeds()
        with self.store.transaction():
            self.state.save_settings(self.settings.as_dict())
        report.missing = [r for r in requested if self.state.missing_reason(r) is not None]
        report.truncated = self.state.truncated_lists()
        report.papers = self.state.map_size()
        report.edges, report.outside = self.state.edge_counts()
        report.calls = self.calls
        report.retries = self._retries()
        return report

    # --- seeds -------------------------------------------------------------------------------
    def _resolve_seeds(self, requested: list[str]) -> list[str]:
        base = self.state.next_seed_position()
        todo: list[str] = []
        with self.store.transaction():
            for position, raw in enumerate(requested):
                known = self.store.resolve(raw)
                if known is not None:
                    self.state.add_seed(known, raw, base + position)
                elif self.state.missing_reason(raw) is None:
                    todo.append(raw)
        lists: tuple[str, ...] = ("references",)
        if "citations" in self.directions and self.settings.depth > 0:
            lists = ("references", "citations")
        for start in range(0, len(todo), BATCH_LIMIT):
            chunk = todo[start : start + BATCH_LIMIT]
            batch = [Request(raw, lists, packing.UNKNOWN_LIST * len(lists)) for raw in chunk]
            self.reader.hydrate(
                batch, {raw: 0 for raw in chunk}, seed_base=base, requested=requested
            )
        return self.state.seeds()

    # --- growing the map ---------------------------------------------------------------------
    def _grow(self) -> None:
        while True:
            self.phase = "lists"
            self._complete_lists()
            pending = self.state.pending_plan()
            if not pending:
                pending = self._plan()
                if not pending:
                    return
            self.phase = f"round: {len(pending)} papers"
            self._fetch_plan(pending)

    def _room(self) -> int | None:
        if self.settings.max_papers is None:
            return None
        return max(0, self.settings.max_papers - self.state.map_size())

    def _growing(self) -> bool:
        room = self._room()
        return self.settings.depth > 0 and (room is None or room > 0)

    def _complete_lists(self) -> None:
        """Read what the map's papers still lack, nested first; again until nothing is left
        (a capped response hands lists back)."""
        while True:
            nested, paged = self._unread_lists()
            if nested:
                batches = packing.pack(nested, self.state.nested_room())
                self.estimate = self.calls + len(batches) + len(paged)
                self.reader.read_nested(batches[0])
            elif paged:
                self.estimate = self.calls + len(paged)
                for paper_id, direction in paged:
                    self.reader.read_list(paper_id, direction)
            else:
                return

    def _unread_lists(self) -> tuple[list[Request], list[tuple[str, str]]]:
        growing = self._growing()
        lists = self.state.lists()
        nested: list[Request] = []
        paged: list[tuple[str, str]] = []
        for paper in self.state.map_papers():
            asked: list[str] = []
            items = 0
            for direction in wanted_lists(paper, self.settings, growing):
                row = lists.get((paper.paper_id, direction))
                if row is not None and row.done:
                    continue
                count = paper.references if direction == "references" else paper.citations
                if row is None and packing.nested_ok(count):
                    asked.append(direction)
                    items += packing.list_cost(count)
                elif direction == "references" or packing.nested_ok(count):
                    paged.append((paper.paper_id, direction))
                # a long citation list is paged only on demand (see _plan)
            if asked:
                nested.append(Request(paper.paper_id, tuple(asked), items))
        return nested, paged

    def _plan(self) -> list[tuple[str, int]]:
        room = self._room()
        if not self._growing():
            return []
        pool = candidate_pool(self.state, self.settings, self.directions)
        if room is None:  # no budget: every list is needed
            for paper_id, _offset in self._heavy_lists():
                self.reader.read_list(paper_id, "citations")
            pool = candidate_pool(self.state, self.settings, self.directions)
        while room is not None and len(pool) < room and self._read_heavy_page():
            pool = candidate_pool(self.state, self.settings, self.directions)
        if not pool:
            return []
        candidates = self.state.candidates()
        ranked = rank_candidates(
            self._focus(),
            self.state.known_edges(),
            sorted(pool),
            {pid: info.citations for pid, info in candidates.items()},
        )
        size = self._round_size(ranked, pool, room)
        if size == 0:
            raise _OutOfCalls
        chosen = [(pid, pool[pid]) for pid in ranked[:size]]
        with self.store.transaction():
            self.state.plan_round(chosen)
        return self.state.pending_plan()

    def _focus(self) -> list[str]:
        """What candidates are ranked toward: the settings' focus papers, else the seeds."""
        found = (self.store.resolve(pid) for pid in self.settings.focus)
        focus = list(dict.fromkeys(pid for pid in found if pid))
        return focus or self.state.seeds()

    def _round_size(self, ranked: list[str], pool: dict[str, int], room: int | None) -> int:
        """A round doubles the map, from a quarter of the budget, filled to its last batch.

        So a crawl has three rounds or so whatever its budget: the first takes the papers
        nearest the seeds, the next ones are re-scored with the lists the last one revealed
        (a first round of the whole budget takes the seeds' neighbours on ties alone).

        Under ``--max-calls`` the round shrinks to what the calls left can fetch.
        """
        most = len(ranked) if room is None else min(room, len(ranked))
        requests = self._requests([(pid, pool[pid]) for pid in ranked[:most]], room)
        candidates = self.state.candidates()
        paged = [
            0
            if "references" in r.lists
            else packing.pages_for(candidates[r.paper_id].references, self.list_cap)
            for r in requests
        ]

        nested_room = self.state.nested_room()

        def calls(size: int) -> int:
            return len(packing.pack(requests[:size], nested_room)) + sum(paged[:size])

        if room is None:
            size = most  # no budget: every paper within reach is taken, order aside
        else:
            floor = math.ceil((self.settings.max_papers or 0) * FIRST_ROUND_SHARE)
            size = min(most, max(self.state.map_size(), floor))
            batches = calls(size)
            size = largest(size, most, lambda s: calls(s) <= batches)
        if self.settings.max_calls is not None:
            left = self.settings.max_calls - self.calls
            size = largest(0, size, lambda s: calls(s) <= left)
        return size

    def _requests(self, chosen: list[tuple[str, int]], room: int | None) -> list[Request]:
        return planned_requests(self.state.candidates(), chosen, self.settings, room)

    def _fetch_plan(self, pending: list[tuple[str, int]]) -> None:
        while pending:
            # the plan's papers are not in the map yet, so the room still counts them all
            batches = packing.pack(self._requests(pending, self._room()), self.state.nested_room())
            self.estimate = self.calls + len(batches)
            self.reader.hydrate(batches[0], dict(pending))
            pending = self.state.pending_plan()

    def _heavy_lists(self) -> list[tuple[str, int]]:
        """Unread long citation lists of expandable papers, nearest the seeds first."""
        if "citations" not in self.directions:
            return []
        lists = self.state.lists()
        out = []
        for paper in self.state.map_papers():
            if paper.depth >= self.settings.depth:
                continue
            row = lists.get((paper.paper_id, "citations"))
            if row is not None and row.done:
                continue
            if row is None and packing.nested_ok(paper.citations):
                continue  # a short list: read nested with the others
            out.append((paper.paper_id, row.offset if row else 0))
        return out

    def _read_heavy_page(self) -> bool:
        """One more page of the first long citation list; False if none is left."""
        heavy = self._heavy_lists()
        if not heavy:
            return False
        self.phase = "citations of a highly cited paper"
        self.reader.read_page(*heavy[0], direction="citations")
        return True

    # --- edge details ------------------------------------------------------------------------
    def _details(self) -> None:
        self.phase = "edge details"
        progress = self.state.details_lists()
        todo = [
            p
            for p in details_targets(self.state, self.settings, self.list_cap)
            if not (p in progress and progress[p].done)
        ]
        self.estimate = self.calls + len(todo)
        for pid in todo:
            self.reader.read_details(pid, self.detail_fields)

    def modelled_calls(self) -> int:
        """Calls the map's topology takes at the least (see :mod:`.budget`)."""
        return modelled_calls(self.state, self.settings, self.list_cap)

    # --- bookkeeping -------------------------------------------------------------------------
    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.settings.max_calls is not None and self.calls >= self.settings.max_calls:
            raise _OutOfCalls
        self.calls += 1
        return fn(*args)

    def _retries(self) -> int:
        stats = getattr(self.source, "stats", None)
        return int(getattr(stats, "retries", 0))

    def _calls_to_fill(self) -> int:
        room = self._room()
        return calls_to_fill(room) if room is not None and self._growing() else 0

    def _report(self) -> None:
        if self.on_progress is None:
            return
        papers = self.state.map_size()
        found = self.store.count("candidates")
        self.on_progress(
            CrawlProgress(
                phase=self.phase,
                papers=papers,
                found=found,
                calls=self.calls,
                retries=self._retries(),
                done=self.calls,
                total=max(self.estimate + self._calls_to_fill(), self.calls),
            )
        )


def crawl(
    store: Store,
    source: Source,
    seeds: list[str] | tuple[str, ...],
    settings: CrawlSettings | None = None,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlReport:
    """Crawl ``seeds`` into ``store``; resumable and idempotent (see the module docstring)."""
    return Crawler(store, source, settings, on_progress).run(seeds)
