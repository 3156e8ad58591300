"""Baseline for ``crawl_calls.py``: the first crawler (levels, best-first by link counts).

Kept only to be measured beside crawl v2 in the same run; its SQL is adapted to today's schema
(its own plan tables, named candidate columns). Not part of the package.

The budgeted, best-first, resumable crawl from seed papers through references and citations.

Every decision is derived from what the store already holds, and every fetched page or batch is
written in one transaction together with the progress marker that says it was fetched. So a
process killed at any moment, run again with the same command, asks only for what is missing and
ends with the same store as an uninterrupted run; a finished crawl run again makes no call.

Levels: the seeds are depth 0. Expanding depth L fetches the reference and citation lists of its
papers; the papers they name become candidates, ranked by how many papers already in the map
point at them (or they at) — best first; ties by influential links, then S2's citation count —
and cut by the year window and the paper budget. The
chosen ones (the *plan* of depth L+1, fixed once written) get their details by batch.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mentalmap.errors import BadRequest, CrawlError, PaperNotFound
from mentalmap.s2.ids import parse_paper_ids
from mentalmap.source import (
    BATCH_LIMIT,
    EDGE_FIELDS,
    EDGE_FIELDS_WITH_CONTEXTS,
    PAGE_LIMIT,
    PAPER_FIELDS,
    Direction,
    Source,
)
from mentalmap.store import Store

#: S2 serves a list only up to offset + limit = 10,000; past that the list is truncated.
LIST_CAP = 10_000

DIRECTIONS: dict[str, tuple[Direction, ...]] = {
    "back": ("references",),
    "forward": ("citations",),
    "both": ("references", "citations"),
}


@dataclass(frozen=True)
class ListToRead:
    """One list a crawl reads: a paper's references or citations, or one year of citations.

    ``key`` names its progress row in the store's ``lists`` table; ``window`` is S2's
    ``publicationDateOrYear`` value (None: the whole list).
    """

    paper_id: str
    key: str
    direction: Direction
    window: str | None = None


@dataclass(frozen=True)
class V1Settings:
    """How far and how wide a crawl goes.

    depth: levels of expansion from the seeds (1 = the seeds' own references/citations).
    direction: ``back`` (references), ``forward`` (citations) or ``both``.
    max_papers: budget of papers in the map, seeds included (None = no limit).
    since, until: year window for added papers (seeds are always in; unknown years pass).
    contexts: also keep the citation context sentences of each edge.
    """

    depth: int = 1
    direction: Literal["back", "forward", "both"] = "both"
    max_papers: int | None = None
    since: int | None = None
    until: int | None = None
    contexts: bool = False

    def __post_init__(self) -> None:
        if self.depth < 0:
            raise CrawlError("depth must be 0 or more")
        if self.direction not in DIRECTIONS:
            raise CrawlError(f"direction must be one of {sorted(DIRECTIONS)}")
        if self.max_papers is not None and self.max_papers < 1:
            raise CrawlError("max_papers must be at least 1")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise CrawlError(f"--since {self.since} is after --until {self.until}")


@dataclass
class V1Progress:
    """A snapshot for a progress bar: work done and (estimated) total, in API calls."""

    phase: str
    papers: int
    calls: int
    retries: int
    done: int
    total: int


@dataclass
class V1Report:
    """What a crawl did; ``missing`` names every seed S2 does not know."""

    seeds: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    truncated: list[tuple[str, str]] = field(default_factory=list)
    papers: int = 0
    edges: int = 0
    calls: int = 0
    retries: int = 0


class V1Crawler:
    """One crawl of ``seeds`` into ``store`` through ``source``; see the module docstring."""

    def __init__(
        self,
        store: Store,
        source: Source,
        settings: V1Settings | None = None,
        on_progress: Callable[[V1Progress], None] | None = None,
        *,
        list_cap: int = LIST_CAP,
        this_year: int | None = None,
    ) -> None:
        self.list_cap = list_cap
        self.this_year = this_year or datetime.date.today().year
        self.store = store
        self.source = source
        self.settings = settings or V1Settings()
        self.on_progress = on_progress
        self.calls = 0
        self.done = 0
        self.total = 0
        self.phase = "seeds"
        self.edge_fields = EDGE_FIELDS_WITH_CONTEXTS if self.settings.contexts else EDGE_FIELDS
        store.conn.execute(
            "CREATE TABLE IF NOT EXISTS plan "
            "(paperId TEXT PRIMARY KEY, depth INTEGER, rank INTEGER)"
        )
        store.conn.execute(
            "CREATE TABLE IF NOT EXISTS levels (depth INTEGER PRIMARY KEY, planned INTEGER)"
        )

    # --- the whole crawl ---------------------------------------------------------------------
    def run(self, seeds: list[str] | tuple[str, ...]) -> V1Report:
        requested = parse_paper_ids(seeds)
        report = V1Report()
        report.seeds = self._resolve_seeds(requested)
        report.missing = [r for r in requested if self._missing_reason(r) is not None]
        if not report.seeds:
            raise CrawlError(
                "none of the seeds was found on Semantic Scholar: " + ", ".join(requested)
            )
        for level in range(self.settings.depth):
            self.phase = f"depth {level + 1}: lists"
            for paper_lists in self._frontier(level):
                for item in paper_lists:
                    self._expand(item)
                self._close_windows(paper_lists)
            self.phase = f"depth {level + 1}: details"
            self._fetch_plan(level + 1, self._plan(level + 1))
        report.truncated = [
            (r[0], r[1])
            for r in self.store.conn.execute(
                "SELECT paperId, direction FROM lists WHERE truncated AND direction IN "
                "('references', 'citations') ORDER BY paperId, direction"
            )
        ]
        report.papers = self.store.count("papers")
        report.edges = self.store.count("edges")
        report.calls = self.calls
        report.retries = self._retries()
        return report

    # --- seeds -------------------------------------------------------------------------------
    def _resolve_seeds(self, requested: list[str]) -> list[str]:
        start = self.store.conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM seeds")
        base = start.fetchone()[0]
        todo: list[str] = []
        with self.store.transaction():
            for position, raw in enumerate(requested):
                known = self.store.resolve(raw)
                if known is not None:
                    self._add_seed(known, raw, base + position)
                elif self._missing_reason(raw) is None:
                    todo.append(raw)
        self.total += math.ceil(len(todo) / BATCH_LIMIT)
        for chunk in _chunks(todo, BATCH_LIMIT):
            records = self._call(self.source.fetch_papers, chunk, PAPER_FIELDS)
            with self.store.transaction():
                for raw, record in zip(chunk, records, strict=True):
                    if record is None:
                        self._mark_missing(raw, "not found on Semantic Scholar")
                        continue
                    self.store.put_paper(record, depth=0)
                    self.store.put_alias(raw, record["paperId"])
                    self._add_seed(record["paperId"], raw, base + requested.index(raw))
            self._report()
        rows = self.store.conn.execute("SELECT paperId FROM seeds ORDER BY position, paperId")
        return [r[0] for r in rows]

    def _add_seed(self, paper_id: str, requested: str, position: int) -> None:
        self.store.conn.execute(
            "INSERT OR IGNORE INTO seeds VALUES (?, ?, ?)", (paper_id, requested, position)
        )
        self.store.conn.execute("UPDATE papers SET depth = 0 WHERE paperId = ?", (paper_id,))

    # --- expanding lists ---------------------------------------------------------------------
    def _frontier(self, level: int) -> list[list[ListToRead]]:
        """The lists to read for each paper of a level, best first, and their estimated pages."""
        rows = self.store.conn.execute(
            "SELECT p.paperId, p.referenceCount, p.citationCount, p.year FROM papers p "
            "LEFT JOIN seeds s ON s.paperId = p.paperId LEFT JOIN plan ON plan.paperId = p.paperId "
            "WHERE p.depth = ? ORDER BY COALESCE(s.position, plan.rank, 1e18), p.paperId",
            (level,),
        ).fetchall()
        frontier = []
        for paper_id, n_refs, n_cites, year in rows:
            paper_lists = []
            for direction in DIRECTIONS[self.settings.direction]:
                expected = (n_refs if direction == "references" else n_cites) or 0
                if direction == "citations" and expected > 2 * self.list_cap and year:
                    # Past S2's cap a list cannot be paged: when the cap would lose more than
                    # half of it, read it one publication year at a time, each year its own
                    # list under the cap (s2-api.md §5). Closer to the cap, the extra call
                    # per year would buy too little.
                    years = range(int(year), max(int(year), self.this_year) + 1)
                    windows = [
                        ListToRead(paper_id, f"citations:{y}", "citations", str(y)) for y in years
                    ]
                    paper_lists += windows
                    per_window = expected / len(windows)
                    pages = len(windows) * max(1, math.ceil(per_window / PAGE_LIMIT))
                else:
                    paper_lists.append(ListToRead(paper_id, direction, direction))
                    pages = max(1, math.ceil(min(expected, self.list_cap) / PAGE_LIMIT))
                if not self._list_done(paper_id, direction):
                    self.total += pages
            frontier.append(paper_lists)
        return frontier

    def _list_done(self, paper_id: str, direction: str) -> bool:
        row = self.store.conn.execute(
            "SELECT done FROM lists WHERE paperId = ? AND direction = ?", (paper_id, direction)
        ).fetchone()
        return bool(row and row[0])

    def _expand(self, item: ListToRead) -> None:
        paper_id, key = item.paper_id, item.key
        row = self.store.conn.execute(
            "SELECT nextOffset, done FROM lists WHERE paperId = ? AND direction = ?",
            (paper_id, key),
        ).fetchone()
        if row and row[1]:
            return
        offset = row[0] if row else 0
        while True:
            limit = min(PAGE_LIMIT, self.list_cap - offset)
            if limit <= 0:
                self._finish_list(paper_id, key, offset, truncated=True)
                return
            try:
                page = self._call(
                    self.source.fetch_edge_page,
                    paper_id,
                    item.direction,
                    offset,
                    limit,
                    self.edge_fields,
                    item.window,
                )
            except BadRequest:
                # Past S2's list cap (or a list too large to serve): keep what we have.
                self._finish_list(paper_id, key, offset, truncated=True)
                return
            except PaperNotFound:
                self._finish_list(paper_id, key, offset, truncated=False)
                return
            items = page.get("data") or []
            following = page.get("next")
            last = not items or not isinstance(following, int) or following <= offset
            with self.store.transaction():
                self._write_items(paper_id, item.direction, items)
                self._set_list(paper_id, key, following if not last else offset, last, False)
            self._report()
            if last:
                return
            offset = following

    def _close_windows(self, paper_lists: list[ListToRead]) -> None:
        """Once every year of a windowed list is read, mark the whole list read (or truncated)."""
        windows = [item for item in paper_lists if item.window is not None]
        if not windows or self._list_done(windows[0].paper_id, "citations"):
            return
        marks = ", ".join("?" for _ in windows)
        truncated = self.store.conn.execute(
            f"SELECT COALESCE(MAX(truncated), 0) FROM lists WHERE paperId = ? "  # noqa: S608
            f"AND direction IN ({marks})",
            (windows[0].paper_id, *(w.key for w in windows)),
        ).fetchone()[0]
        self._finish_list(windows[0].paper_id, "citations", 0, truncated=bool(truncated))

    def _write_items(
        self, paper_id: str, direction: Direction, items: list[dict[str, Any]]
    ) -> None:
        key = "citedPaper" if direction == "references" else "citingPaper"
        edges = []
        seen = []
        for item in items:
            other = item.get(key) or {}
            other_id = other.get("paperId")
            if not other_id:
                continue  # an unmatched reference: S2 knows a title, not a paper
            pair = (paper_id, other_id) if direction == "references" else (other_id, paper_id)
            edges.append(
                (*pair, item.get("isInfluential"), item.get("intents"), item.get("contexts"))
            )
            seen.append((other_id, other.get("year"), other.get("citationCount")))
        self.store.put_edges(edges)
        self.store.conn.executemany(
            "INSERT OR IGNORE INTO candidates (id, year, citationCount) "
            "SELECT id, ?, ? FROM ids WHERE paperId = ?",
            [(year, count, pid) for pid, year, count in seen],
        )

    def _finish_list(self, paper_id: str, direction: str, offset: int, truncated: bool) -> None:
        with self.store.transaction():
            self._set_list(paper_id, direction, offset, True, truncated)

    def _set_list(
        self, paper_id: str, direction: str, offset: int, done: bool, truncated: bool
    ) -> None:
        self.store.conn.execute(
            "INSERT OR REPLACE INTO lists VALUES (?, ?, ?, ?, ?)",
            (paper_id, direction, offset, int(done), int(truncated)),
        )

    # --- choosing and fetching the next level ------------------------------------------------
    def _plan(self, depth: int) -> list[str]:
        planned = self.store.conn.execute("SELECT 1 FROM levels WHERE depth = ?", (depth,))
        if planned.fetchone() is None:
            chosen = self._choose_candidates()
            with self.store.transaction():
                self.store.conn.executemany(
                    "INSERT OR IGNORE INTO plan VALUES (?, ?, ?)",
                    [(pid, depth, rank) for rank, pid in enumerate(chosen)],
                )
                self.store.conn.execute("INSERT INTO levels VALUES (?, 1)", (depth,))
        rows = self.store.conn.execute(
            "SELECT paperId FROM plan WHERE depth = ? AND paperId NOT IN (SELECT paperId FROM "
            "papers) AND paperId NOT IN (SELECT requested FROM missing) AND paperId NOT IN "
            "(SELECT alias FROM aliases) ORDER BY rank",
            (depth,),
        )
        return [r[0] for r in rows]

    def _choose_candidates(self) -> list[str]:
        """Best first: candidates linked to the most papers already in the map.

        Ties (every neighbour of a lone seed is linked once) go to the candidate with more
        influential links, then to the one S2 counts more citations for.
        """
        rows = self.store.conn.execute(
            """
            SELECT link.id, COUNT(*) AS score, c.year FROM (
                SELECT cited AS id, citing AS other, isInfluential AS influential FROM edges_s2
                UNION SELECT citing AS id, cited AS other, isInfluential FROM edges_s2
            ) AS link
            JOIN papers p ON p.paperId = link.other
            LEFT JOIN (
                SELECT i.paperId, c.citationCount FROM candidates c JOIN ids i ON i.id = c.id
            ) c ON c.paperId = link.id
            WHERE link.id NOT IN (SELECT paperId FROM papers)
              AND link.id NOT IN (SELECT requested FROM missing)
              AND link.id NOT IN (SELECT alias FROM aliases)
            GROUP BY link.id
            ORDER BY score DESC, SUM(COALESCE(link.influential, 0)) DESC,
                     COALESCE(c.citationCount, -1) DESC, link.id
            """
        ).fetchall()
        since, until = self.settings.since, self.settings.until
        chosen = [
            pid
            for pid, _score, year in rows
            if year is None
            or ((since is None or year >= since) and (until is None or year <= until))
        ]
        if self.settings.max_papers is not None:
            room = max(0, self.settings.max_papers - self.store.count("papers"))
            chosen = chosen[:room]
        return chosen

    def _fetch_plan(self, depth: int, ids: list[str]) -> None:
        self.total += math.ceil(len(ids) / BATCH_LIMIT)
        for chunk in _chunks(ids, BATCH_LIMIT):
            records = self._call(self.source.fetch_papers, chunk, PAPER_FIELDS)
            with self.store.transaction():
                for requested, record in zip(chunk, records, strict=True):
                    if record is None:
                        self._mark_missing(requested, "not found in a batch look-up")
                        continue
                    self.store.put_paper(record, depth=depth)
                    self.store.put_alias(requested, record["paperId"])
            self._report()

    # --- bookkeeping -------------------------------------------------------------------------
    def _missing_reason(self, requested: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT reason FROM missing WHERE requested = ?", (requested,)
        ).fetchone()
        return row[0] if row else None

    def _mark_missing(self, requested: str, reason: str) -> None:
        self.store.conn.execute("INSERT OR IGNORE INTO missing VALUES (?, ?)", (requested, reason))

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        self.calls += 1
        try:
            return fn(*args)
        finally:
            self.done += 1

    def _retries(self) -> int:
        stats = getattr(self.source, "stats", None)
        return int(getattr(stats, "retries", 0))

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(
                V1Progress(
                    phase=self.phase,
                    papers=self.store.count("papers"),
                    calls=self.calls,
                    retries=self._retries(),
                    done=self.done,
                    total=max(self.total, self.done),
                )
            )


def crawl(
    store: Store,
    source: Source,
    seeds: list[str] | tuple[str, ...],
    settings: V1Settings | None = None,
    on_progress: Callable[[V1Progress], None] | None = None,
) -> V1Report:
    """Crawl ``seeds`` into ``store``; resumable and idempotent (see the module docstring)."""
    return V1Crawler(store, source, settings, on_progress).run(seeds)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
