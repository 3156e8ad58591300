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
end, a stated share of the calls fetches edge details (influence, intents) for the citers of
the map's most cited papers, through the list endpoints, the only place S2 serves them.

Every response is written in one transaction with the progress it records, and every decision
is a function of what the store holds, so a killed crawl resumes into the same store as an
uninterrupted one and a finished crawl run again makes no call.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mentalmap.crawl import packing
from mentalmap.crawl.packing import NESTED_PER_PAPER, NESTED_PER_RESPONSE, Request
from mentalmap.crawl.scoring import rank_candidates
from mentalmap.crawl.settings import (
    DIRECTIONS,
    CrawlProgress,
    CrawlReport,
    CrawlSettings,
)
from mentalmap.crawl_state import CrawlState, MapPaper
from mentalmap.errors import ApiError, BadRequest, CrawlError, PaperNotFound, ResponseTooLarge
from mentalmap.s2.ids import parse_paper_ids
from mentalmap.source import (
    BATCH_LIMIT,
    EDGE_FIELDS,
    EDGE_FIELDS_WITH_CONTEXTS,
    PAGE_LIMIT,
    PAPER_FIELDS,
    Source,
)
from mentalmap.store import Store

#: S2 serves a list only up to offset + limit = 10,000; past that the list is truncated.
LIST_CAP = 10_000
#: Paper fields asked on list endpoints: what scoring, packing and the year window need.
LIST_FIELDS = "paperId,year,citationCount,referenceCount"
#: The first round's share of the paper budget; later rounds double the map.
FIRST_ROUND_SHARE = 0.25
#: Top-level counts asked beside nested lists of papers already in the map (cut detection).
COUNT_FIELDS = "referenceCount,citationCount"


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
        self.detail_fields = (
            EDGE_FIELDS_WITH_CONTEXTS if self.settings.contexts else EDGE_FIELDS
        ) + ",referenceCount"

    # --- the whole crawl ---------------------------------------------------------------------
    def run(self, seeds: list[str] | tuple[str, ...]) -> CrawlReport:
        requested = parse_paper_ids(seeds)
        with self.store.writer_lock():
            return self._run(requested)

    def _run(self, requested: list[str]) -> CrawlReport:
        report = CrawlReport()
        report.notes += self._settings_notes()
        try:
            report.seeds = self._resolve_seeds(requested)
            if not report.seeds:
                raise CrawlError(
                    "none of the seeds was found on Semantic Scholar: " + ", ".join(requested)
                )
            self._grow()
            self._details()
            report.notes += self._shortfall_notes()
        except _OutOfCalls:
            report.notes.append(self._out_of_calls_note())
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
        lists = ("references",)
        if "citations" in self.directions and self.settings.depth > 0:
            lists = ("references", "citations")
        for start in range(0, len(todo), BATCH_LIMIT):
            chunk = todo[start : start + BATCH_LIMIT]
            batch = [Request(raw, lists, packing.UNKNOWN_LIST * len(lists)) for raw in chunk]
            self._hydrate(batch, {raw: 0 for raw in chunk}, seed_base=base, requested=requested)
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

    def _wanted_lists(self, paper: MapPaper, growing: bool) -> tuple[str, ...]:
        """References always (closure); citations only while they can still add papers."""
        if growing and "citations" in self.directions and paper.depth < self.settings.depth:
            return ("references", "citations")
        return ("references",)

    def _complete_lists(self) -> None:
        """Read what the map's papers still lack, nested first; again until nothing is left
        (a capped response hands lists back)."""
        while True:
            nested, paged = self._unread_lists()
            if nested:
                batches = packing.pack(nested, self.state.nested_room())
                self.estimate = self.calls + len(batches) + len(paged)
                self._read_nested(batches[0])
            elif paged:
                self.estimate = self.calls + len(paged)
                for paper_id, direction in paged:
                    self._read_list(paper_id, direction)
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
            for direction in self._wanted_lists(paper, growing):
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

    def _pool(self) -> dict[str, int]:
        """Candidates the settings allow, each with the depth it would enter the map at."""
        depth = {p.paper_id: p.depth for p in self.state.map_papers()}
        limit = self.settings.depth
        candidates = self.state.candidates()
        excluded = self.state.excluded_ids()
        pool: dict[str, int] = {}
        for citing, cited in self.state.known_edges():
            for inside, other, direction in (
                (citing, cited, "references"),
                (cited, citing, "citations"),
            ):
                if direction not in self.directions or inside not in depth or other in depth:
                    continue
                if depth[inside] >= limit or other in excluded:
                    continue
                info = candidates.get(other)
                if info is not None and not self.settings.in_window(info.year):
                    continue
                pool[other] = min(pool.get(other, limit), depth[inside] + 1)
        return pool

    def _plan(self) -> list[tuple[str, int]]:
        room = self._room()
        if not self._growing():
            return []
        pool = self._pool()
        if room is None:  # no budget: every list is needed
            for paper_id, _offset in self._heavy_lists():
                self._read_list(paper_id, "citations")
            pool = self._pool()
        while room is not None and len(pool) < room and self._read_heavy_page():
            pool = self._pool()
        if not pool:
            return []
        candidates = self.state.candidates()
        ranked = rank_candidates(
            self.state.seeds(),
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
            size = _largest(size, most, lambda s: calls(s) <= batches)
        if self.settings.max_calls is not None:
            left = self.settings.max_calls - self.calls
            size = _largest(0, size, lambda s: calls(s) <= left)
        return size

    def _requests(self, chosen: list[tuple[str, int]], room: int | None) -> list[Request]:
        """What to ask for each planned paper: its references (closure) and, for papers that
        can still be expanded while the map grows, its citations — nested when short enough."""
        candidates = self.state.candidates()
        grows_after = room is None or len(chosen) < room
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
            if (
                grows_after
                and "citations" in self.directions
                and depth < self.settings.depth
                and packing.nested_ok(cites)
            ):
                lists.append("citations")
                items += packing.list_cost(cites)
            out.append(Request(pid, tuple(lists), items))
        return out

    def _fetch_plan(self, pending: list[tuple[str, int]]) -> None:
        while pending:
            # the plan's papers are not in the map yet, so the room still counts them all
            batches = packing.pack(self._requests(pending, self._room()), self.state.nested_room())
            self.estimate = self.calls + len(batches)
            self._hydrate(batches[0], dict(pending))
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
        self._read_page(*heavy[0], direction="citations")
        return True

    # --- reading -----------------------------------------------------------------------------
    def _hydrate(
        self,
        batch: list[Request],
        depths: dict[str, int],
        *,
        seed_base: int | None = None,
        requested: list[str] | None = None,
    ) -> None:
        """Details and nested lists of new papers; a batch too heavy to serve is halved."""
        lists = batch[0].lists
        fields = PAPER_FIELDS + ("," + packing.nested_fields(lists) if lists else "")
        ids = [r.paper_id for r in batch]
        try:
            records = self._call(self.source.fetch_papers, ids, fields)
        except ApiError as exc:
            if not _too_heavy(exc):
                raise
            if len(batch) > 1:
                half = len(batch) // 2
                self._hydrate(batch[:half], depths, seed_base=seed_base, requested=requested)
                self._hydrate(batch[half:], depths, seed_base=seed_base, requested=requested)
                return
            if not lists:
                raise
            # one paper whose lists are too heavy to nest: details alone, lists paged
            self._hydrate(
                [Request(ids[0], (), 0)], depths, seed_base=seed_base, requested=requested
            )
            with self.store.transaction():
                for direction in lists:
                    owner = self.store.resolve(ids[0]) or ids[0]
                    self.state.set_list(owner, direction, 0, done=False)
            return
        room = self.state.nested_room()
        capped = _capped(records, lists, room)
        full = capped and _served(records, lists) > 0  # each such response serves items
        with self.store.transaction():
            self._learn_room(records, lists, capped)
            for raw, record in zip(ids, records, strict=True):
                if record is None:
                    why = (
                        "not found on Semantic Scholar"
                        if seed_base is not None
                        else ("not found in a batch look-up")
                    )
                    self.state.mark_missing(raw, why)
                    continue
                pid = record["paperId"]
                self.store.put_paper(record, depth=depths[raw])
                self.store.put_alias(raw, pid)
                if seed_base is not None and requested is not None:
                    self.state.add_seed(pid, raw, seed_base + requested.index(raw))
                # a seed's short list is always re-read: one call per seed buys certainty
                self._put_nested(pid, record, lists, capped or seed_base is not None, full)
        self._report()

    def _read_nested(self, batch: list[Request]) -> None:
        """The nested lists of papers already in the map (a store to close, or a crawl resumed)."""
        lists = batch[0].lists
        ids = [r.paper_id for r in batch]
        fields = COUNT_FIELDS + "," + packing.nested_fields(lists)
        try:
            records = self._call(self.source.fetch_papers, ids, fields)
        except ApiError as exc:
            if not _too_heavy(exc):
                raise
            if len(batch) > 1:
                half = len(batch) // 2
                self._read_nested(batch[:half])
                self._read_nested(batch[half:])
                return
            with self.store.transaction():
                for direction in lists:
                    self.state.set_list(ids[0], direction, 0, done=False)
            return
        room = self.state.nested_room()
        capped = _capped(records, lists, room)
        full = capped and _served(records, lists) > 0  # each such response serves items
        with self.store.transaction():
            self._learn_room(records, lists, capped)
            for pid, record in zip(ids, records, strict=True):
                if record is None:
                    for direction in lists:  # gone from S2 since it was stored
                        self.state.set_list(pid, direction, 0, done=True)
                    continue
                self._put_nested(pid, record, lists, capped, full)
        self._report()

    def _learn_room(
        self, records: list[dict[str, Any] | None], lists: tuple[str, ...], capped: bool
    ) -> None:
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

    def _read_list(self, paper_id: str, direction: str) -> None:
        row = self.state.lists().get((paper_id, direction))
        offset: int | None = row.offset if row else 0
        while offset is not None:
            offset = self._read_page(paper_id, offset, direction)

    def _read_page(self, paper_id: str, offset: int, direction: str) -> int | None:
        """One list-endpoint page, committed with its progress; the next offset, None at the end."""
        limit = min(PAGE_LIMIT, self.list_cap - offset)
        if limit <= 0:
            with self.store.transaction():
                self.state.set_list(paper_id, direction, offset, done=True, truncated=True)
            return None
        window = self._window() if direction == "citations" else None
        try:
            page = self._call(
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
        self._report()
        return None if last else following

    def _window(self) -> str | None:
        """S2's ``publicationDateOrYear`` for the year window, so long lists skip other years."""
        since, until = self.settings.since, self.settings.until
        if since is None and until is None:
            return None
        return f"{since or ''}:{until or ''}"

    # --- edge details ------------------------------------------------------------------------
    def details_targets(self) -> list[str]:
        """Papers whose citers' edge details are fetched: the most cited in the map, within
        ``details_share`` of the calls the map's topology takes (modelled, so a rerun agrees)."""
        share = self.settings.details_share
        if share <= 0:
            return []
        budget = math.ceil(share * self.modelled_calls())
        targets = []
        for pid, _in_map, count in self.state.in_map_citations():
            pages = packing.pages_for(count, self.list_cap)
            if pages <= budget:
                targets.append(pid)
                budget -= pages
            if budget <= 0:
                break
        return targets

    def _details(self) -> None:
        self.phase = "edge details"
        done = {p for (p, d), row in self._detail_rows().items() if row}
        todo = [pid for pid in self.details_targets() if pid not in done]
        self.estimate = self.calls + len(todo)
        for pid in todo:
            offset = 0
            while True:
                limit = min(PAGE_LIMIT, self.list_cap - offset)
                try:
                    page = self._call(
                        self.source.fetch_edge_page, pid, "citations", offset, limit,
                        self.detail_fields, None,
                    )  # fmt: skip
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
                    ((i.get("citingPaper") or {}).get("paperId"), pid, i.get("isInfluential"),
                     i.get("intents"), i.get("contexts"))
                    for i in items
                ]  # fmt: skip
                with self.store.transaction():
                    self.state.put_edge_details([r for r in rows if r[0]])
                    self.store.conn.execute(
                        "INSERT OR REPLACE INTO lists VALUES (?, 'details', ?, ?, 0)",
                        (pid, 0 if last else following, int(last)),
                    )
                self._report()
                if last:
                    break
                offset = following

    def _detail_rows(self) -> dict[tuple[str, str], bool]:
        rows = self.store.conn.execute(
            "SELECT paperId, direction, done FROM lists WHERE direction = 'details'"
        )
        return {(p, d): bool(done) for p, d, done in rows}

    def modelled_calls(self) -> int:
        """Calls the map's topology takes at the least: every paper fetched with its lists
        nested in packed batches, plus the pages of lists too long to nest."""
        requests = []
        paged = 0
        for paper in self.state.map_papers():
            lists: list[str] = []
            items = 0
            for direction in self._wanted_lists(paper, growing=True):
                count = paper.references if direction == "references" else paper.citations
                if packing.nested_ok(count):
                    lists.append(direction)
                    items += packing.list_cost(count)
                elif direction == "references":
                    paged += packing.pages_for(count, self.list_cap)
            requests.append(Request(paper.paper_id, tuple(lists), items))
        return len(packing.pack(requests, self.state.nested_room())) + paged

    # --- notes -------------------------------------------------------------------------------
    def _settings_notes(self) -> list[str]:
        last = self.state.last_settings()
        if not last or self.state.map_size() == 0:
            return []
        now = self.settings
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
        size = self.state.map_size()
        if now.max_papers is not None and size > now.max_papers:
            notes.append(
                f"the map already holds {size} papers, more than --max-papers {now.max_papers}: "
                "nothing is removed; crawl into a new --db for a smaller map"
            )
        return notes

    def _shortfall_notes(self) -> list[str]:
        room = self._room()
        if room is None or room == 0 or self.settings.depth == 0:
            return []
        size = self.state.map_size()
        window = " and the year window" if self._window() else ""
        return [
            f"the map holds {size} papers, fewer than --max-papers {self.settings.max_papers}: "
            f"no more papers within --depth {self.settings.depth}{window}; a larger --depth "
            "reaches further"
        ]

    def _out_of_calls_note(self) -> str:
        return (
            f"stopped at --max-calls {self.settings.max_calls}: the map holds "
            f"{self.state.map_size()} papers, every citation among them stored; run the same "
            "command again (with a larger --max-calls, or none) to continue"
        )

    # --- bookkeeping -------------------------------------------------------------------------
    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.settings.max_calls is not None and self.calls >= self.settings.max_calls:
            raise _OutOfCalls
        self.calls += 1
        return fn(*args)

    def _retries(self) -> int:
        stats = getattr(self.source, "stats", None)
        return int(getattr(stats, "retries", 0))

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
                total=max(self.estimate + self._remaining_rounds(papers), self.calls),
            )
        )

    def _remaining_rounds(self, papers: int) -> int:
        """Calls the papers still to add will take, at one full batch per ~250 papers."""
        room = self._room()
        if room is None or not self._growing():
            return 0
        per_batch = max(1, NESTED_PER_RESPONSE // (2 * packing.UNKNOWN_LIST))
        return math.ceil(room / min(per_batch, BATCH_LIMIT))


def _too_heavy(exc: Exception) -> bool:
    """A batch S2 could not serve for its weight: 400 for size, or a 504 (s2-api.md §4.2)."""
    return isinstance(exc, ResponseTooLarge) or getattr(exc, "status", None) == 504


def _capped(records: list[dict[str, Any] | None], lists: tuple[str, ...], room: int) -> bool:
    """Whether a response shows S2's per-response cap at work (s2-api.md §4.2, s2-folks#199):
    as many nested items as the cap, or its last lists (at least 3, and a tenth of them) all
    served empty though their papers count items. A list here and there shorter than its count
    is not enough: S2's counts include papers a corpus does not hold."""
    total = 0
    tail = 0
    asked = 0
    for record in records:
        # in the order the response lists them: the cap empties the lists served last
        for direction in [k for k in record if k in lists] if record else ():
            items = record.get(direction) or []
            count = record.get("referenceCount" if direction == "references" else "citationCount")
            total += len(items)
            asked += 1
            tail = tail + 1 if not items and count else 0
    return total >= room or (tail >= 3 and 10 * tail >= asked)


def _served(records: list[dict[str, Any] | None], lists: tuple[str, ...]) -> int:
    return sum(len(r.get(d) or []) for r in records if r for d in lists)


def _largest(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """The largest size in [low, high] for which ``ok`` holds (``ok`` monotone, true at low)."""
    while low < high:
        mid = (low + high + 1) // 2
        if ok(mid):
            low = mid
        else:
            high = mid - 1
    return low


def crawl(
    store: Store,
    source: Source,
    seeds: list[str] | tuple[str, ...],
    settings: CrawlSettings | None = None,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlReport:
    """Crawl ``seeds`` into ``store``; resumable and idempotent (see the module docstring)."""
    return Crawler(store, source, settings, on_progress).run(seeds)
