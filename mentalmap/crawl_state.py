"""The crawl's state in the store: every SQL statement the crawl runs, in one place.

The crawler decides; this module reads and writes the tables those decisions stand on (seeds,
missing ids, list progress, candidates, the plan of each round). Writes are meant to run inside
one ``store.transaction()`` together with the response they record, so a killed crawl resumes
from exactly what was committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mentalmap.store import Store, json_cell

#: Nested items one batch response carries at most (s2-api.md §4.2).
NESTED_PER_RESPONSE = 9_999

#: The integer keys of the map's papers (edges hold integers: mentalmap/store_keys.py).
MAP_IDS = "SELECT id FROM ids WHERE paperId IN (SELECT paperId FROM papers)"

#: Directions of the edge lists the crawl reads.
LIST_DIRECTIONS = ("references", "citations")


@dataclass(frozen=True)
class MapPaper:
    """A paper of the map as the crawl sees it: how far from the seeds, and its S2 counts."""

    paper_id: str
    depth: int
    references: int | None
    citations: int | None
    year: int | None


@dataclass(frozen=True)
class ListState:
    """Progress of one list: ``done`` lists are read; an undone row resumes at ``offset``."""

    offset: int
    done: bool
    truncated: bool


@dataclass(frozen=True)
class Candidate:
    """A paper named by a list of the map but not (yet) in it, with what the list told of it."""

    paper_id: str
    year: int | None
    citations: int | None
    references: int | None


class CrawlState:
    """The crawl tables of one open store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # --- seeds and unknown ids ---------------------------------------------------------------
    def seeds(self) -> list[str]:
        rows = self.conn.execute("SELECT paperId FROM seeds ORDER BY position, paperId")
        return [r[0] for r in rows]

    def next_seed_position(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM seeds").fetchone()[0]

    def add_seed(self, paper_id: str, requested: str, position: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO seeds VALUES (?, ?, ?)", (paper_id, requested, position)
        )
        self.conn.execute("UPDATE papers SET depth = 0 WHERE paperId = ?", (paper_id,))

    def missing_reason(self, requested: str) -> str | None:
        row = self.conn.execute(
            "SELECT reason FROM missing WHERE requested = ?", (requested,)
        ).fetchone()
        return row[0] if row else None

    def mark_missing(self, requested: str, reason: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO missing VALUES (?, ?)", (requested, reason))

    def excluded_ids(self) -> set[str]:
        """Ids never to plan again: unknown to S2, or merged into a paper already stored."""
        rows = self.conn.execute("SELECT requested FROM missing UNION SELECT alias FROM aliases")
        return {r[0] for r in rows}

    # --- the map -----------------------------------------------------------------------------
    def map_papers(self) -> list[MapPaper]:
        rows = self.conn.execute(
            "SELECT p.paperId, p.depth, p.referenceCount, p.citationCount, p.year FROM papers p "
            "LEFT JOIN seeds s ON s.paperId = p.paperId "
            "LEFT JOIN crawl_plan c ON c.paperId = p.paperId "
            "ORDER BY COALESCE(s.position, -1), p.depth, COALESCE(c.round, 0), "
            "COALESCE(c.rank, 0), p.paperId"
        )
        return [MapPaper(*r) for r in rows]

    def map_size(self) -> int:
        return self.store.count("papers")

    def lists(self) -> dict[tuple[str, str], ListState]:
        rows = self.conn.execute(
            "SELECT paperId, direction, nextOffset, done, truncated FROM lists "
            "WHERE direction IN ('references', 'citations')"
        )
        return {(p, d): ListState(o, bool(done), bool(t)) for p, d, o, done, t in rows}

    def details_lists(self) -> dict[str, ListState]:
        """Progress of the citation lists read again for their edge details."""
        rows = self.conn.execute(
            "SELECT paperId, nextOffset, done, truncated FROM lists WHERE direction = 'details'"
        )
        return {p: ListState(o, bool(done), bool(t)) for p, o, done, t in rows}

    def truncated_lists(self) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            "SELECT paperId, direction FROM lists WHERE truncated AND direction IN "
            "('references', 'citations') ORDER BY paperId, direction"
        )
        return [(r[0], r[1]) for r in rows]

    # --- writes of one response (inside a transaction) ---------------------------------------
    def put_links(
        self, paper_id: str, direction: str, items: Iterable[dict[str, Any]], details: bool
    ) -> int:
        """Edges from a list of ``paper_id`` and what they tell of the papers at the other end.

        ``items`` are paper objects (nested lists) or, with ``details``, list-endpoint items
        carrying the edge fields. Unmatched references (no paperId) are skipped; returns the
        number of matched items.
        """
        key = "citedPaper" if direction == "references" else "citingPaper"
        edges = []
        seen = []
        for item in items:
            other = (item.get(key) or {}) if details else item
            other_id = other.get("paperId")
            if not other_id:
                continue
            pair = (paper_id, other_id) if direction == "references" else (other_id, paper_id)
            if details:
                edges.append(
                    (*pair, item.get("isInfluential"), item.get("intents"), item.get("contexts"))
                )
            else:
                edges.append((*pair, None, None, None))
            seen.append(
                (
                    other.get("year"),
                    other.get("citationCount"),
                    other.get("referenceCount"),
                    other_id,
                )
            )
        self.store.put_edges(edges)
        self.conn.executemany(
            "INSERT INTO candidates (id, year, citationCount, referenceCount) "
            "SELECT id, ?, ?, ? FROM ids WHERE paperId = ? ON CONFLICT(id) DO UPDATE SET "
            "year = COALESCE(excluded.year, year), "
            "citationCount = COALESCE(excluded.citationCount, citationCount), "
            "referenceCount = COALESCE(excluded.referenceCount, referenceCount)",
            seen,
        )
        return len(edges)

    def set_list(
        self, paper_id: str, direction: str, offset: int, done: bool, truncated: bool = False
    ) -> None:
        """A read list's row is the same however it was read: offset 0 once done."""
        self.conn.execute(
            "INSERT OR REPLACE INTO lists VALUES (?, ?, ?, ?, ?)",
            (paper_id, direction, 0 if done else offset, int(done), int(truncated)),
        )

    def forget_list(self, paper_id: str, direction: str) -> None:
        """The list is to be read nested again, as if never asked."""
        self.conn.execute(
            "DELETE FROM lists WHERE paperId = ? AND direction = ?", (paper_id, direction)
        )

    def put_edge_details(self, items: Iterable[tuple[str, str, Any, Any, Any]]) -> None:
        """Details of edges already stored; an edge the map does not hold is not added."""
        self.conn.executemany(
            "UPDATE edges SET isInfluential = ?, intents = ?, contexts = COALESCE(?, contexts) "
            "WHERE citing = (SELECT id FROM ids WHERE paperId = ?) "
            "AND cited = (SELECT id FROM ids WHERE paperId = ?)",
            [
                (None if i is None else int(bool(i)), json_cell(n), json_cell(x), c, d)
                for c, d, i, n, x in items
            ],
        )

    # --- the graph known so far --------------------------------------------------------------
    def known_edges(self) -> list[tuple[str, str]]:
        """Every stored edge, aliases folded: map to map, and map to candidate."""
        rows = self.conn.execute(
            "SELECT DISTINCT COALESCE(a1.paperId, e.citing), COALESCE(a2.paperId, e.cited) "
            "FROM edges_s2 e LEFT JOIN aliases a1 ON a1.alias = e.citing "
            "LEFT JOIN aliases a2 ON a2.alias = e.cited ORDER BY 1, 2"
        )
        return [(c, d) for c, d in rows if c != d]

    def candidates(self) -> dict[str, Candidate]:
        rows = self.conn.execute(
            "SELECT i.paperId, c.year, c.citationCount, c.referenceCount FROM candidates c "
            "JOIN ids i ON i.id = c.id WHERE i.paperId NOT IN (SELECT paperId FROM papers)"
        )
        return {r[0]: Candidate(*r) for r in rows}

    def edge_counts(self) -> tuple[int, int]:
        """``(among the map, to papers outside it)``: what the summary reports."""
        among = self.conn.execute(
            f"SELECT COUNT(*) FROM edges WHERE citing IN ({MAP_IDS}) AND cited IN ({MAP_IDS})"  # noqa: S608
        ).fetchone()[0]
        return among, self.store.count("edges") - among

    def in_map_citations(self) -> list[tuple[str, int, int | None]]:
        """``(paperId, citers in the map, S2 citation count)``, most cited in the map first."""
        rows = self.conn.execute(
            "SELECT p.paperId, COUNT(e.citing) AS n, p.citationCount FROM papers p "
            "JOIN ids i ON i.paperId = p.paperId JOIN edges e ON e.cited = i.id "
            f"WHERE e.citing IN ({MAP_IDS}) AND e.citing != e.cited "
            "GROUP BY p.paperId ORDER BY n DESC, p.paperId"
        )
        return [(r[0], r[1], r[2]) for r in rows]

    # --- rounds ------------------------------------------------------------------------------
    def pending_plan(self) -> list[tuple[str, int]]:
        """``(paperId, depth)`` planned but not fetched yet, in plan order."""
        rows = self.conn.execute(
            "SELECT paperId, depth FROM crawl_plan WHERE paperId NOT IN (SELECT paperId FROM "
            "papers) AND paperId NOT IN (SELECT requested FROM missing) AND paperId NOT IN "
            "(SELECT alias FROM aliases) ORDER BY round, rank"
        )
        return [(r[0], r[1]) for r in rows]

    def plan_round(self, chosen: list[tuple[str, int]]) -> None:
        """Fix the next round's papers (and their depths) before any of them is fetched."""
        number = self.conn.execute("SELECT COALESCE(MAX(round) + 1, 1) FROM crawl_plan")
        round_no = number.fetchone()[0]
        self.conn.executemany(
            "INSERT OR IGNORE INTO crawl_plan VALUES (?, ?, ?, ?)",
            [(pid, round_no, rank, depth) for rank, (pid, depth) in enumerate(chosen)],
        )

    # --- what S2 serves ------------------------------------------------------------------------
    def nested_room(self) -> int:
        """Nested items per batch response, as documented or as a capped response showed."""
        value = self.store.meta("nested_room")
        return int(value) if value and value.isdigit() else NESTED_PER_RESPONSE

    def set_nested_room(self, items: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('nested_room', ?)", (str(items),))

    # --- expansions (``mentalmap expand``) -----------------------------------------------------
    def expansion_target(self, paper_id: str, add: int) -> int:
        """The map size an expansion of ``paper_id`` (comma-joined paperIds) by ``add`` papers
        aims at, fixed the first time it is asked (the map's size then, plus ``add``), so a
        rerun resumes toward it."""
        key = f"expand:{paper_id}:{add}"
        value = self.store.meta(key)
        if value is not None and value.isdigit():
            return int(value)
        target = self.map_size() + add
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(target)))
        return target

    # --- settings of the last crawl ----------------------------------------------------------
    def last_settings(self) -> dict[str, Any] | None:
        text = self.store.meta("crawl_settings")
        try:
            return json.loads(text) if text else None
        except json.JSONDecodeError:
            return None

    def save_settings(self, settings: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('crawl_settings', ?)",
            (json.dumps(settings, sort_keys=True),),
        )
