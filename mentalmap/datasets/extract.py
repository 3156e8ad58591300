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
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mentalmap.crawl.scoring import rank_candidates
from mentalmap.datasets.engine import DEFAULT_MASTER, Engine
from mentalmap.datasets.warehouse import latest_sql, open_warehouse
from mentalmap.errors import DatasetsError, StoreWriteFailed
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
    engine: str = "duckdb",
    master: str = DEFAULT_MASTER,
) -> ExtractReport:
    """Cut the sub-area ``settings`` describes out of ``warehouse`` into a new store ``db``.

    ``engine`` runs the selection's SQL (``duckdb`` embedded, or ``spark`` on ``master``); both
    write the same store.
    """
    start = time.perf_counter()
    db = Path(db)
    if db.exists() and not replace:
        raise DatasetsError(f"{db} already exists: extract into a new --db (or --replace it)")
    say = progress or (lambda _: None)
    report = ExtractReport()
    with open_warehouse(warehouse, engine=engine, master=master) as eng:
        allowed = _filter_sql(eng, settings)
        seeds = _resolve_seeds(eng, settings, allowed, report)
        selected = dict.fromkeys(seeds, 0)
        _put_ids(eng, "sel", selected)
        for hop in range(1, settings.depth + 1):
            room = settings.max_papers - len(selected)
            if room <= 0:
                break
            say(f"hop {hop}: ranking candidates")
            added = _grow(eng, seeds, room, allowed)
            if not added:
                break
            selected.update(dict.fromkeys(added, hop))
            _put_ids(eng, "sel", selected)
        say("writing the store")
        _write_store(eng, db, settings, str(warehouse), report, seeds)
    report.seconds = time.perf_counter() - start
    return report


# --- selection -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Where:
    """A WHERE clause over ``papers`` and the values its ``?`` marks take, in order."""

    sql: str
    params: tuple[Any, ...] = ()


def _filter_sql(eng: Engine, s: ExtractSettings) -> _Where:
    """The user's filters as a WHERE clause over ``papers`` (values bound as parameters)."""
    parts, params = ["TRUE"], list[Any]()
    if s.since is not None:
        parts.append("year >= ?")
        params.append(int(s.since))
    if s.fields_of_study:
        parts.append(eng.any_category("s2fieldsofstudy", len(s.fields_of_study)))
        params += list(s.fields_of_study)
    if s.venues:
        marks = ", ".join("?" * len(s.venues))
        parts.append(f"(lower(venue) IN ({marks}) OR lower(journal.name) IN ({marks}))")
        params += [v.lower() for v in s.venues] * 2
    return _Where(" AND ".join(parts), tuple(params))


def _resolve_seeds(
    eng: Engine, s: ExtractSettings, allowed: _Where, report: ExtractReport
) -> list[int]:
    """Corpus ids of the seeds (ids of every form S2 uses, or the top hits of the query)."""
    found: list[int] = []
    for requested in s.seeds:
        corpus_id = _resolve_one(eng, requested.strip())
        if corpus_id is None:
            report.missing.append(requested)
        elif corpus_id not in found:
            found.append(corpus_id)
    if s.query:
        words = [w for w in re.split(r"\W+", s.query.lower()) if w]
        if not words:
            raise DatasetsError(f"the query {s.query!r} holds no words")
        match = " AND ".join("lower(title) LIKE ?" for _ in words)
        rows = eng.rows(
            f"SELECT corpusid FROM papers WHERE {match} AND {allowed.sql} "  # noqa: S608
            f"ORDER BY citationcount DESC NULLS LAST, corpusid LIMIT {int(s.query_seeds)}",
            [f"%{w}%" for w in words] + list(allowed.params),
        )
        found += [r[0] for r in rows if r[0] not in found]
    if not found:
        what = f"the query {s.query!r} matched no title" if s.query else "no seed id was found"
        raise DatasetsError(f"nothing to extract: {what} in the warehouse")
    return found


def _resolve_one(eng: Engine, requested: str) -> int | None:
    prefix, _, rest = requested.partition(":")
    kind = prefix.lower() if rest else ""
    value = rest if rest else requested
    arg: int | str
    if kind == "corpusid" or (not kind and value.isdigit()):
        sql, arg = "SELECT corpusid FROM papers WHERE corpusid = ?", int(value)
    elif not kind and _SHA.match(value.lower()):
        found = _first(eng, "SELECT corpusid FROM papers WHERE paperid = ?", value.lower())
        if found is None and "paper_ids" in eng.views:
            found = _first(eng, "SELECT corpusid FROM paper_ids WHERE sha = ?", value.lower())
        return found
    elif kind == "doi":
        sql, arg = "SELECT corpusid FROM papers WHERE lower(externalids.DOI) = ?", value.lower()
    elif kind == "arxiv":
        sql, arg = "SELECT corpusid FROM papers WHERE externalids.ArXiv = ?", value
    elif kind in ("mag", "acl", "pmid", "pmcid", "dblp"):
        key = {"pmid": "PubMed", "pmcid": "PubMedCentral"}.get(kind, kind.upper())
        sql, arg = f"SELECT corpusid FROM papers WHERE externalids.{key} = ?", value
    else:
        return None
    return _first(eng, sql, arg)


def _first(eng: Engine, sql: str, arg: Any) -> int | None:
    """The smallest corpus id the query finds (an id S2 gave two records maps to one paper)."""
    rows = eng.rows(f"SELECT min(corpusid) FROM ({sql}) AS hits", [arg])  # noqa: S608
    return None if not rows or rows[0][0] is None else int(rows[0][0])


def _grow(eng: Engine, seeds: list[int], room: int, allowed: _Where) -> list[int]:
    """The ``room`` most relevant papers linked to the map, best first."""
    eng.keep(
        "touch",
        "SELECT citing, cited FROM edges WHERE citing IN (SELECT corpusid FROM sel) "
        "OR cited IN (SELECT corpusid FROM sel)",
    )
    pool = eng.rows(
        f"""
        WITH ends AS (SELECT cited AS c FROM touch UNION ALL SELECT citing AS c FROM touch),
             counted AS (SELECT c, count(*) AS links FROM ends
                         WHERE c NOT IN (SELECT corpusid FROM sel) GROUP BY c)
        SELECT p.corpusid, k.links, max(p.citationcount) AS cc
        FROM counted k JOIN papers p ON p.corpusid = k.c
        WHERE {allowed.sql}
        GROUP BY p.corpusid, k.links
        ORDER BY k.links DESC, cc DESC NULLS LAST, p.corpusid
        LIMIT {max(room * _POOL_PER_PLACE, 5000)}
        """,  # noqa: S608
        allowed.params,
    )
    if len(pool) <= room:
        return [r[0] for r in pool]
    ids = [r[0] for r in pool]
    _put_ids(eng, "pool", dict.fromkeys(ids, 0))
    # sorted, so the relevance ranking sums in the same order on every engine
    edges = eng.rows(
        "SELECT citing, cited FROM touch WHERE citing IN (SELECT corpusid FROM sel UNION ALL "
        "SELECT corpusid FROM pool) AND cited IN (SELECT corpusid FROM sel UNION ALL "
        "SELECT corpusid FROM pool) ORDER BY citing, cited"
    )
    ranked = rank_candidates(
        [str(s) for s in seeds],
        ((str(a), str(b)) for a, b in edges),
        [str(i) for i in ids],
        {str(r[0]): r[2] for r in pool},
    )
    return [int(i) for i in ranked[:room]]


def _put_ids(eng: Engine, name: str, depth: dict[int, int]) -> None:
    """Corpus ids (with their depth) as a small table of the engine."""
    import pyarrow as pa

    eng.put(
        name,
        pa.table(
            {
                "corpusid": pa.array(list(depth), pa.int64()),
                "depth": pa.array(list(depth.values()), pa.int32()),
            }
        ),
    )


# --- the store -------------------------------------------------------------------------------
_IN_SEL = "corpusid IN (SELECT corpusid FROM sel)"


def _paper_query(eng: Engine) -> str:
    """The chosen papers' rows (latest record of each), with abstract and tldr when ingested."""
    joins, cols = "", ""
    if "abstracts" in eng.views:
        abstracts = latest_sql("abstracts", "updated DESC NULLS LAST, abstract, oa_url", _IN_SEL)
        joins += f" LEFT JOIN ({abstracts}) AS a ON a.corpusid = p.corpusid"
        cols += ", a.abstract, a.oa_url"
    if "tldrs" in eng.views:
        tldrs = latest_sql("tldrs", "model, text", _IN_SEL)
        joins += f" LEFT JOIN ({tldrs}) AS t ON t.corpusid = p.corpusid"
        cols += ", t.text AS tldr"
    papers = latest_sql("papers", "updated DESC NULLS LAST, paperid, title", _IN_SEL)
    return (
        "SELECT p.corpusid, p.paperid, p.externalids, p.url, p.title, p.authors, p.venue, "
        "p.year, p.referencecount, p.citationcount, p.influentialcitationcount, "
        "p.s2fieldsofstudy, p.publicationtypes, p.publicationdate, s.depth" + cols + " FROM "
        f"({papers}) AS p JOIN sel AS s ON s.corpusid = p.corpusid"
        + joins
        + " ORDER BY s.depth, p.corpusid"
    )


#: Each citation between chosen papers once: influential if any record says so, intents and
#: contexts of its latest record.
_EDGES_QUERY = (
    "SELECT citing, cited, influential, intents, contexts FROM (SELECT citingcorpusid AS citing, "
    "citedcorpusid AS cited, intents, contexts, bool_or(isinfluential) OVER (PARTITION BY "
    "citingcorpusid, citedcorpusid) AS influential, row_number() OVER (PARTITION BY "
    "citingcorpusid, citedcorpusid ORDER BY updated DESC NULLS LAST, citationid NULLS LAST) AS _k "
    "FROM citations WHERE citingcorpusid IN (SELECT corpusid FROM sel) AND citedcorpusid IN "
    "(SELECT corpusid FROM sel) AND citingcorpusid != citedcorpusid) AS ranked WHERE _k = 1 "
    "ORDER BY citing, cited"
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
    eng: Engine,
    db: Path,
    settings: ExtractSettings,
    warehouse: str,
    report: ExtractReport,
    seed_order: list[int],
) -> None:
    rows = eng.arrow(_paper_query(eng)).to_pylist()
    edges = eng.rows(_EDGES_QUERY)
    aliases: list[tuple[str, int]] = []
    if "paper_ids" in eng.views:
        aliases = eng.rows(
            "SELECT sha, min(corpusid) FROM paper_ids WHERE corpusid IN (SELECT corpusid FROM sel) "
            'AND NOT "primary" GROUP BY sha ORDER BY sha'
        )
    tmp = db.with_name(f".{db.name}.tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        with Store.open(tmp) as store, store.transaction() as conn:
            _fill_store(store, conn, rows, edges, aliases, seed_order, report)
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES ('datasets_extract', ?)",
                (json.dumps({"warehouse": warehouse, **asdict(settings)}, sort_keys=True),),
            )
        os.replace(tmp, db)
    except OSError as exc:
        raise DatasetsError(f"cannot write {db}: {exc.strerror or exc}") from exc
    except (sqlite3.OperationalError, StoreWriteFailed) as exc:  # "database or disk is full"
        cause = exc.__cause__ if isinstance(exc, StoreWriteFailed) and exc.__cause__ else exc
        raise DatasetsError(f"cannot write {db}: {cause}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _fill_store(
    store: Store,
    conn: sqlite3.Connection,
    rows: list[dict],
    edges: list[tuple],
    aliases: list[tuple[str, int]],
    seed_order: list[int],
    report: ExtractReport,
) -> None:
    """Papers (every list marked complete: the map is closed), seeds, edges between kept
    papers and aliases, in the one transaction of :func:`_write_store`."""
    sha = {r["corpusid"]: r["paperid"] for r in rows if r["paperid"]}
    for row in rows:
        if row["paperid"]:
            store.put_paper(api_record(row), int(row["depth"]))
            report.per_depth[int(row["depth"])] = report.per_depth.get(int(row["depth"]), 0) + 1
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
