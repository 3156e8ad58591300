"""Extract: a sub-area cut out of the whole graph, written as the store a crawl writes.

The selection is the crawl's (mentalmap.crawl): from the seeds, hop by hop over citations in both
directions, each hop's candidates ranked by the crawl's own relevance (personalised PageRank from
the seeds, `crawl.scoring.rank_candidates`) until ``max_papers``. Unlike the API crawl, every
paper's lists are complete here, so the store is closed (every citation between its papers) and
carries S2's whole-corpus citation counts; its lists are marked read, and `rank`, `map`,
`export`, the notebook and the reading log work on it unchanged.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mentalmap.crawl.scoring import rank_candidates
from mentalmap.datasets.warehouse import open_warehouse
from mentalmap.errors import DatasetsError
from mentalmap.store import Store

_SHA = re.compile(r"^[0-9a-f]{40}$")
#: Candidates kept per hop before the relevance ranking, per free place (most linked first).
_POOL_PER_PLACE = 20


@dataclass(frozen=True)
class ExtractSettings:
    """What to cut out: seeds (ids, or a title query), filters, and how far and how much."""

    seeds: tuple[str, ...] = ()
    query: str | None = None
    query_seeds: int = 10
    fields_of_study: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    since: int | None = None
    depth: int = 2
    max_papers: int = 2000

    def __post_init__(self) -> None:
        if not self.seeds and not self.query:
            raise DatasetsError("give seed ids or a --query to extract a sub-area around")
        if self.depth < 0 or self.max_papers < 1:
            raise DatasetsError("depth must be 0 or more and max papers at least 1")


@dataclass
class ExtractReport:
    """What an extract found: the seeds resolved, ids not found, papers per depth, edges."""

    seeds: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    per_depth: dict[int, int] = field(default_factory=dict)
    edges: int = 0
    seconds: float = 0.0

    @property
    def papers(self) -> int:
        return sum(self.per_depth.values())


def extract(
    warehouse: str | Path,
    db: str | Path,
    settings: ExtractSettings,
    *,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ExtractReport:
    """Cut the sub-area ``settings`` describes out of ``warehouse`` into a new store ``db``."""
    start = time.perf_counter()
    db = Path(db)
    if db.exists() and not replace:
        raise DatasetsError(f"{db} already exists: extract into a new --db (or --replace it)")
    say = progress or (lambda _: None)
    con = open_warehouse(warehouse)
    report = ExtractReport()
    try:
        allowed = _filter_sql(settings)
        seeds = _resolve_seeds(con, settings, allowed, report)
        con.execute("CREATE TEMP TABLE sel (corpusid BIGINT PRIMARY KEY, depth INTEGER)")
        _insert(con, "sel", seeds, 0)
        for hop in range(1, settings.depth + 1):
            room = settings.max_papers - _count(con, "sel")
            if room <= 0:
                break
            say(f"hop {hop}: ranking candidates")
            added = _grow(con, seeds, hop, room, allowed)
            if not added:
                break
        say("writing the store")
        _write_store(con, db, settings, str(warehouse), report, seeds)
    finally:
        con.close()
    report.seconds = time.perf_counter() - start
    return report


# --- selection -------------------------------------------------------------------------------
def _filter_sql(s: ExtractSettings) -> str:
    """A WHERE clause over ``papers`` for the user's filters (values bound as literals)."""
    parts = ["TRUE"]
    if s.since is not None:
        parts.append(f"year >= {int(s.since)}")
    if s.fields_of_study:
        wanted = ", ".join(_literal(f) for f in s.fields_of_study)
        parts.append(f"list_has_any([x.category FOR x IN s2fieldsofstudy], [{wanted}])")
    if s.venues:
        wanted = ", ".join(_literal(v.lower()) for v in s.venues)
        parts.append(f"(lower(venue) IN ({wanted}) OR lower(journal.name) IN ({wanted}))")
    return " AND ".join(parts)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _count(con: Any, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def _resolve_seeds(con: Any, s: ExtractSettings, allowed: str, report: ExtractReport) -> list[int]:
    """Corpus ids of the seeds (ids of every form S2 uses, or the top hits of the query)."""
    found: list[int] = []
    for requested in s.seeds:
        corpus_id = _resolve_one(con, requested.strip())
        if corpus_id is None:
            report.missing.append(requested)
        elif corpus_id not in found:
            found.append(corpus_id)
    if s.query:
        words = [w for w in re.split(r"\W+", s.query.lower()) if w]
        if not words:
            raise DatasetsError(f"the query {s.query!r} holds no words")
        match = " AND ".join(f"lower(title) LIKE {_literal('%' + w + '%')}" for w in words)
        rows = con.execute(
            f"SELECT corpusid FROM papers WHERE {match} AND {allowed} "  # noqa: S608
            f"ORDER BY citationcount DESC NULLS LAST, corpusid LIMIT {int(s.query_seeds)}"
        ).fetchall()
        found += [r[0] for r in rows if r[0] not in found]
    if not found:
        what = f"the query {s.query!r} matched no title" if s.query else "no seed id was found"
        raise DatasetsError(f"nothing to extract: {what} in the warehouse")
    return found


def _resolve_one(con: Any, requested: str) -> int | None:
    prefix, _, rest = requested.partition(":")
    kind = prefix.lower() if rest else ""
    value = rest if rest else requested
    arg: int | str
    if kind == "corpusid" or (not kind and value.isdigit()):
        sql, arg = "SELECT corpusid FROM papers WHERE corpusid = ?", int(value)
    elif not kind and _SHA.match(value.lower()):
        sql, arg = "SELECT corpusid FROM papers WHERE paperid = ?", value.lower()
        row = con.execute(sql, [arg]).fetchone()
        if row is None and _has_view(con, "paper_ids"):
            row = con.execute("SELECT corpusid FROM paper_ids WHERE sha = ?", [arg]).fetchone()
        return None if row is None else int(row[0])
    elif kind == "doi":
        sql, arg = "SELECT corpusid FROM papers WHERE lower(externalids.DOI) = ?", value.lower()
    elif kind == "arxiv":
        sql, arg = "SELECT corpusid FROM papers WHERE externalids.ArXiv = ?", value
    elif kind in ("mag", "acl", "pmid", "pmcid", "dblp"):
        key = {"pmid": "PubMed", "pmcid": "PubMedCentral"}.get(kind, kind.upper())
        sql, arg = f"SELECT corpusid FROM papers WHERE externalids.{key} = ?", value
    else:
        return None
    row = con.execute(sql, [arg]).fetchone()
    return None if row is None else int(row[0])


def _has_view(con: Any, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT internal", [name]
        ).fetchone()[0]
    )


def _grow(con: Any, seeds: list[int], hop: int, room: int, allowed: str) -> int:
    """Add the ``room`` most relevant papers linked to the map; returns how many were added."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE touch AS SELECT DISTINCT citingcorpusid AS citing, "
        "citedcorpusid AS cited FROM citations WHERE citedcorpusid IS NOT NULL "
        "AND citingcorpusid != citedcorpusid AND (citingcorpusid IN (SELECT corpusid FROM sel) "
        "OR citedcorpusid IN (SELECT corpusid FROM sel))"
    )
    pool = con.execute(
        f"""
        WITH ends AS (SELECT cited AS c FROM touch UNION ALL SELECT citing FROM touch),
             counted AS (SELECT c, count(*) AS links FROM ends
                         WHERE c NOT IN (SELECT corpusid FROM sel) GROUP BY c)
        SELECT p.corpusid, k.links, max(p.citationcount) AS cc
        FROM counted k JOIN papers p ON p.corpusid = k.c
        WHERE {allowed}
        GROUP BY p.corpusid, k.links
        ORDER BY k.links DESC, cc DESC NULLS LAST, p.corpusid
        LIMIT {max(room * _POOL_PER_PLACE, 5000)}
        """  # noqa: S608
    ).fetchall()
    if not pool:
        return 0
    if len(pool) <= room:
        chosen = [r[0] for r in pool]
    else:
        ids = [r[0] for r in pool]
        con.execute("CREATE OR REPLACE TEMP TABLE pool (corpusid BIGINT PRIMARY KEY)")
        _insert(con, "pool", ids)
        edges = con.execute(
            "SELECT citing, cited FROM touch WHERE citing IN (SELECT corpusid FROM sel UNION ALL "
            "SELECT corpusid FROM pool) AND cited IN (SELECT corpusid FROM sel UNION ALL "
            "SELECT corpusid FROM pool)"
        ).fetchall()
        ranked = rank_candidates(
            [str(s) for s in seeds],
            ((str(a), str(b)) for a, b in edges),
            [str(i) for i in ids],
            {str(r[0]): r[2] for r in pool},
        )
        chosen = [int(i) for i in ranked[:room]]
    _insert(con, "sel", chosen, hop)
    return len(chosen)


def _insert(con: Any, table: str, ids: list[int], depth: int | None = None) -> None:
    """Insert corpus ids as one list parameter (DuckDB's executemany is a statement per row)."""
    extra = "" if depth is None else f", {int(depth)}"
    con.execute(
        f"INSERT OR IGNORE INTO {table} SELECT DISTINCT unnest($1::BIGINT[]){extra}",  # noqa: S608
        [list(ids)],
    )


# --- the store -------------------------------------------------------------------------------
def _paper_query(con: Any) -> str:
    joins, cols = "", ""
    if _has_view(con, "abstracts"):
        joins += (
            " LEFT JOIN (SELECT corpusid, any_value(abstract) AS abstract, any_value(oa_url) AS "
            "oa_url FROM abstracts WHERE corpusid IN (SELECT corpusid FROM sel) GROUP BY corpusid)"
            " a USING (corpusid)"
        )
        cols += ", a.abstract, a.oa_url"
    if _has_view(con, "tldrs"):
        joins += (
            " LEFT JOIN (SELECT corpusid, any_value(text) AS tldr FROM tldrs WHERE corpusid IN "
            "(SELECT corpusid FROM sel) GROUP BY corpusid) t USING (corpusid)"
        )
        cols += ", t.tldr"
    return (
        "SELECT p.corpusid, p.paperid, p.externalids, p.url, p.title, p.authors, p.venue, "
        "p.year, p.referencecount, p.citationcount, p.influentialcitationcount, "
        "p.s2fieldsofstudy, p.publicationtypes, p.publicationdate, s.depth" + cols + " FROM "
        "(SELECT * FROM papers WHERE corpusid IN (SELECT corpusid FROM sel) "
        "QUALIFY row_number() OVER (PARTITION BY corpusid ORDER BY updated DESC NULLS LAST) = 1)"
        " p JOIN sel s USING (corpusid)" + joins + " ORDER BY s.depth, p.corpusid"
    )


def api_record(row: dict[str, Any]) -> dict[str, Any]:
    """A bulk ``papers`` row (with abstract and tldr joined) in the Graph API's camelCase shape
    the store keeps: externalIds without nulls and with an int CorpusId, fields of study as a
    list of categories."""
    ext = {k: v for k, v in (row.get("externalids") or {}).items() if v is not None}
    ext["CorpusId"] = int(row["corpusid"])
    fos = list(dict.fromkeys(f["category"] for f in row.get("s2fieldsofstudy") or []))
    oa = row.get("oa_url")
    return {
        "paperId": row["paperid"],
        "corpusId": int(row["corpusid"]),
        "externalIds": ext,
        "url": row.get("url"),
        "title": row.get("title"),
        "abstract": row.get("abstract"),
        "venue": row.get("venue") or "",
        "year": row.get("year"),
        "publicationDate": row.get("publicationdate"),
        "publicationTypes": row.get("publicationtypes"),
        "authors": [
            {"authorId": a.get("authorId"), "name": a.get("name")} for a in row.get("authors") or []
        ],
        "citationCount": row.get("citationcount"),
        "referenceCount": row.get("referencecount"),
        "influentialCitationCount": row.get("influentialcitationcount"),
        "fieldsOfStudy": fos or None,
        "openAccessPdf": {"url": oa} if oa else None,
        "tldr": row.get("tldr"),
    }


def _write_store(
    con: Any,
    db: Path,
    settings: ExtractSettings,
    warehouse: str,
    report: ExtractReport,
    seed_order: list[int],
) -> None:
    cur = con.execute(_paper_query(con))
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    sha = {r["corpusid"]: r["paperid"] for r in rows if r["paperid"]}
    edges = con.execute(
        "SELECT citingcorpusid, citedcorpusid, bool_or(isinfluential), any_value(intents), "
        "any_value(contexts) FROM citations WHERE citingcorpusid IN (SELECT corpusid FROM sel) "
        "AND citedcorpusid IN (SELECT corpusid FROM sel) AND citingcorpusid != citedcorpusid "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    aliases: list[tuple[str, int]] = []
    if _has_view(con, "paper_ids"):
        aliases = con.execute(
            "SELECT sha, corpusid FROM paper_ids WHERE corpusid IN (SELECT corpusid FROM sel) "
            'AND NOT "primary" ORDER BY sha'
        ).fetchall()
    tmp = db.with_name(f".{db.name}.tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        with Store.open(tmp) as store, store.transaction() as conn:
            for row in rows:
                if row["paperid"]:
                    store.put_paper(api_record(row), int(row["depth"]))
                    report.per_depth[int(row["depth"])] = (
                        report.per_depth.get(int(row["depth"]), 0) + 1
                    )
                    conn.executemany(
                        "INSERT OR REPLACE INTO lists VALUES (?, ?, 0, 1, 0)",
                        [(row["paperid"], "references"), (row["paperid"], "citations")],
                    )
            rank = {c: i for i, c in enumerate(seed_order)}  # as asked, then best match first
            seeds = sorted(
                (r for r in rows if r["depth"] == 0 and r["paperid"]),
                key=lambda r: rank.get(r["corpusid"], len(rank)),
            )
            for position, row in enumerate(seeds):
                conn.execute(
                    "INSERT OR IGNORE INTO seeds VALUES (?, ?, ?)",
                    (row["paperid"], f"CorpusId:{row['corpusid']}", position),
                )
                report.seeds.append(row["paperid"])
            kept = [
                (sha[a], sha[b], i, list(n) if n else None, list(x) if x else None)
                for a, b, i, n, x in edges
                if a in sha and b in sha
            ]
            store.put_edges(kept)
            report.edges = len(kept)
            for alias, corpus_id in aliases:
                if corpus_id in sha:
                    store.put_alias(alias, sha[corpus_id])
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('datasets_extract', ?)",
                (json.dumps({"warehouse": warehouse, **asdict(settings)}, sort_keys=True),),
            )
        os.replace(tmp, db)
    except OSError as exc:
        raise DatasetsError(f"cannot write {db}: {exc.strerror or exc}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
