"""The SQLite store: the single source of truth for a crawl and everything computed from it.

An ordinary SQLite file other tools can open. Every write a crawl makes is one transaction, so a
process killed at any moment leaves a consistent store that the same command resumes from.
Schema changes are named migrations recorded in a table, applied in order when a command that
writes opens the store; commands that only read open it read-only and never change it (so a
store on read-only media, or beside a running crawl, reads as it is).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mentalmap import store_files as files
from mentalmap import store_keys
from mentalmap.errors import (
    EmptyStore,
    ForeignStore,
    ReadOnlyStore,
    SchemaTooNew,
    StoreBusy,
    StoreError,
    StoreNeedsUpgrade,
)

APP_ID = "mentalmap"

#: Paper columns, in S2 camelCase; JSON ones hold lists or objects.
PAPER_COLUMNS = (
    "paperId", "corpusId", "title", "abstract", "year", "publicationDate", "venue",
    "publicationTypes", "authors", "citationCount", "referenceCount",
    "influentialCitationCount", "fieldsOfStudy", "openAccessPdf", "tldr", "externalIds", "url",
)  # fmt: skip
JSON_COLUMNS = frozenset({"publicationTypes", "authors", "fieldsOfStudy", "externalIds"})

_V1 = """
CREATE TABLE papers (
    paperId TEXT PRIMARY KEY, corpusId INTEGER, title TEXT, abstract TEXT, year INTEGER,
    publicationDate TEXT, venue TEXT, publicationTypes TEXT, authors TEXT, citationCount INTEGER,
    referenceCount INTEGER, influentialCitationCount INTEGER, fieldsOfStudy TEXT,
    openAccessPdf TEXT, tldr TEXT, externalIds TEXT, url TEXT, depth INTEGER NOT NULL
);
CREATE TABLE edges (
    citing TEXT NOT NULL, cited TEXT NOT NULL, isInfluential INTEGER, intents TEXT, contexts TEXT,
    PRIMARY KEY (citing, cited)
) WITHOUT ROWID;
CREATE INDEX edges_cited ON edges (cited);
CREATE TABLE seeds (paperId TEXT PRIMARY KEY, requested TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE aliases (alias TEXT PRIMARY KEY, paperId TEXT NOT NULL);
CREATE TABLE missing (requested TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE lists (
    paperId TEXT NOT NULL, direction TEXT NOT NULL, nextOffset INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0, truncated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (paperId, direction)
);
CREATE TABLE candidates (paperId TEXT PRIMARY KEY, year INTEGER, citationCount INTEGER);
CREATE TABLE plan (paperId TEXT PRIMARY KEY, depth INTEGER NOT NULL, rank INTEGER NOT NULL);
CREATE TABLE levels (depth INTEGER PRIMARY KEY, planned INTEGER NOT NULL DEFAULT 0);
"""

_READING_LOG = """
CREATE TABLE reading_log (
    paperId TEXT NOT NULL, pass TEXT NOT NULL, note TEXT, readAt TEXT NOT NULL,
    PRIMARY KEY (paperId, pass)
);
"""

#: The user's guesses of where a field went next, made while looking at it as of a year.
_PREDICTIONS = """
CREATE TABLE predictions (asOf INTEGER NOT NULL, guess TEXT NOT NULL, madeAt TEXT NOT NULL);
"""

#: Papers a user picked as the ones that would matter after an as-of year, and each scored reveal
#: (the picks' hits among what grew most, beside the CiteRank baseline's), to show progress.
_PREDICTION_SCORES = """
CREATE TABLE prediction_picks (
    asOf INTEGER NOT NULL, paperId TEXT NOT NULL, madeAt TEXT NOT NULL, PRIMARY KEY (asOf, paperId)
);
CREATE TABLE prediction_scores (
    asOf INTEGER NOT NULL, scoredAt TEXT NOT NULL, picks INTEGER NOT NULL, hits INTEGER NOT NULL,
    score REAL NOT NULL, baseline REAL NOT NULL, top INTEGER NOT NULL
);
"""

#: Sub-topics a user picked as the ones that would grow after an as-of year; a scored reveal says
#: whether it scored papers or sub-topics.
_TOPIC_PICKS = """
CREATE TABLE prediction_topic_picks (
    asOf INTEGER NOT NULL, topic TEXT NOT NULL, madeAt TEXT NOT NULL, PRIMARY KEY (asOf, topic)
);
ALTER TABLE prediction_scores ADD COLUMN kind TEXT NOT NULL DEFAULT 'papers'
"""

#: Crawl v2: candidates keep their reference count (packing nested batch reads needs it); the
#: rounds of the relevance-first crawl replace the levels of the first crawler.
_CRAWL_V2 = """
ALTER TABLE candidates ADD COLUMN referenceCount INTEGER;
CREATE TABLE crawl_plan (
    paperId TEXT PRIMARY KEY, round INTEGER NOT NULL, rank INTEGER NOT NULL, depth INTEGER NOT NULL
);
DROP TABLE plan;
DROP TABLE levels
"""

#: Named migrations, applied in order; never edit one that has shipped, add a new one. A script
#: runs in one transaction; a function (a long data move) runs its own resumable transactions.
MIGRATIONS: tuple[tuple[str, str | Callable[[Store], None]], ...] = (
    ("0001_initial", _V1),
    ("0002_reading_log", _READING_LOG),
    ("0003_predictions", _PREDICTIONS),
    ("0004_crawl_v2", _CRAWL_V2),
    ("0005_prediction_scores", _PREDICTION_SCORES),
    ("0006_topic_picks", _TOPIC_PICKS),
    (store_keys.NAME, store_keys.migrate_integer_keys),
)
SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """A mentalmap SQLite file. Open with :meth:`open` to write, :meth:`open_readonly` to read;
    use as a context manager (SQLite errors inside it leave as
    :func:`~mentalmap.store_files.store_error`'s precise errors)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, create: bool = True) -> Store:
        """Open a store to write into it (and, with ``create``, make it); foreign, broken or
        read-only files raise clearly, and a damaged store is never written into."""
        path = Path(path)
        files.check_path(path, create)
        if path.exists() and not files.writable(path):
            raise ReadOnlyStore(
                f"{path} is read-only and this command writes into it; copy the store to a "
                "writable folder and point --db at the copy (rank, map, export, reading-list "
                "and notes read it where it is)"
            )
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot make the folder of {path}: {exc.strerror}") from exc
            if not os.access(path.parent, os.W_OK):
                raise ReadOnlyStore(
                    f"cannot make {path}: its folder is read-only; point --db at a writable folder"
                )
        conn, tables = files.connect(path, files.connect_writable)
        store = cls(conn, path)
        with files.closed_on_error(store):
            if tables and "meta" not in tables:
                raise ForeignStore(
                    f"{path} is an SQLite database but not a mentalmap store; "
                    "refusing to write into it — point --db at another file"
                )
            if tables:
                store._check_intact()
            store._migrate(fresh=not tables)
        return store

    @classmethod
    def open_readonly(cls, path: str | Path) -> Store:
        """Open an existing store only to read it: nothing is written, not even the WAL switch
        or a migration, so it works on read-only media, an immutable file, or beside a crawl."""
        path = Path(path)
        files.check_path(path, create=False)
        if path.stat().st_size == 0:
            raise EmptyStore(
                f"{path} is an empty file, not a mentalmap store yet: run "
                f"`mentalmap crawl <paper-id> --db {path}`"
            )
        conn, tables = files.connect(path, files.connect_readonly)
        store = cls(conn, path)
        with files.closed_on_error(store):
            if "meta" not in tables or store.meta("app") != APP_ID:
                raise ForeignStore(
                    f"{path} is an SQLite database but not a mentalmap store; point --db at "
                    "another file"
                )
            store._check_schema(upgrade_hint=True)
        return store

    def _check_intact(self) -> None:
        """Refuse to write into a damaged file: a write would spread the damage."""
        problems = [r[0] for r in self.conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            first = next((p for p in problems if not p.startswith("***")), problems[0])
            found = f"SQLite's integrity check found: {first.splitlines()[0][:100]}"
            raise files.store_error(sqlite3.DatabaseError(found), self.path)

    def _check_schema(self, upgrade_hint: bool) -> set[str]:
        """The migrations this store has; a newer one, or (read-only) a missing one, raises."""
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise SchemaTooNew(
                f"{self.path} was written by a newer mentalmap (migrations "
                f"{sorted(done - known)}); upgrade mentalmap to read it"
            )
        if upgrade_hint and known - done:
            raise StoreNeedsUpgrade(
                f"{self.path} was made by an older mentalmap ({len(done)} of {len(known)} "
                f"schema steps); upgrade it once with `mentalmap upgrade --db {self.path}` "
                "(read-only commands never change a store; on read-only media, copy it first)"
            )
        return done

    def _migrate(self, fresh: bool) -> None:
        with self.transaction():
            if fresh:
                self.conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                self.conn.execute(
                    "CREATE TABLE migrations (name TEXT PRIMARY KEY, position INTEGER NOT NULL)"
                )
                self.conn.execute("INSERT INTO meta VALUES ('app', ?)", (APP_ID,))
            app = self.meta("app")
            if app != APP_ID:
                raise ForeignStore(f"{self.path} was not made by mentalmap (app={app!r})")
            done = self._check_schema(upgrade_hint=False)
        for position, (name, step) in enumerate(MIGRATIONS):
            if name in done:
                continue
            if callable(step):
                step(self)
                continue
            with self.transaction():
                if self.conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue  # another process applied it meanwhile
                for statement in filter(str.strip, step.split(";")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, position))
        if self.meta("schema_version") != str(SCHEMA_VERSION):
            with self.transaction():
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it lands, or none (also on SIGKILL)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the store while a crawl commits beside them (one
        WAL read transaction): papers and their edges always match."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One crawl per store: an OS lock on ``<store>.lock``, freed when its process dies.

        Reads need no lock (SQLite's WAL serves them during a crawl); two crawls would plan the
        same rounds twice and spend twice the calls.
        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the block)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                raise StoreBusy(
                    f"another crawl (pid {holder}) is writing {self.path}; wait for it to end, "
                    "or crawl into another --db"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.close()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        self.close()
        cause = files.sqlite_cause(exc)
        if cause is not None:
            raise files.store_error(cause, self.path) from exc

    # --- small reads -------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608

    def paper_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT paperId FROM papers")}

    def resolve(self, requested: str) -> str | None:
        """The stored paperId for an id a user typed (itself, an alias, or a seed's request)."""
        for sql in (
            "SELECT paperId FROM papers WHERE paperId = ?",
            "SELECT paperId FROM aliases WHERE alias = ?",
            "SELECT paperId FROM seeds WHERE requested = ?",
        ):
            row = self.conn.execute(sql, (requested,)).fetchone()
            if row:
                return row[0]
        return None

    # --- writes (call inside a transaction) --------------------------------------------------
    def put_paper(self, record: dict[str, Any], depth: int) -> None:
        """Insert or refresh a paper; its depth only ever goes down (a seed stays a seed)."""
        row = paper_row(record)
        names = ", ".join(PAPER_COLUMNS)
        marks = ", ".join("?" for _ in PAPER_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in PAPER_COLUMNS[1:])
        self.conn.execute(
            f"INSERT INTO papers ({names}, depth) VALUES ({marks}, ?) "  # noqa: S608
            f"ON CONFLICT(paperId) DO UPDATE SET {updates}, depth = MIN(depth, excluded.depth)",
            (*row, depth),
        )

    def put_ids(self, paper_ids: Iterable[str]) -> None:
        """Give each paperId its integer key (the ``ids`` table) if it has none yet."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO ids (paperId) VALUES (?)", ((p,) for p in paper_ids)
        )

    def put_edges(self, rows: Iterable[tuple[str, str, Any, Any, Any]]) -> None:
        """Edges ``(citing, cited, isInfluential, intents, contexts)``; details known are kept."""
        rows = list(rows)
        self.put_ids(p for row in rows for p in row[:2])
        self.conn.executemany(
            "INSERT INTO edges SELECT a.id, b.id, ?, ?, ? FROM ids a, ids b "
            "WHERE a.paperId = ? AND b.paperId = ? ON CONFLICT(citing, cited) DO UPDATE SET "
            "isInfluential = COALESCE(excluded.isInfluential, isInfluential), "
            "intents = COALESCE(excluded.intents, intents), "
            "contexts = COALESCE(excluded.contexts, contexts)",
            [
                (None if i is None else int(bool(i)), json_cell(n), json_cell(x), c, d)
                for c, d, i, n, x in rows
            ],
        )

    def put_alias(self, alias: str, paper_id: str) -> None:
        if alias != paper_id:
            self.conn.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (alias, paper_id))


def paper_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """An S2 paper JSON object as a row of :data:`PAPER_COLUMNS` (JSON columns encoded)."""
    pdf = record.get("openAccessPdf")
    tldr = record.get("tldr")
    values = dict(record)
    values["openAccessPdf"] = pdf.get("url") if isinstance(pdf, dict) else pdf
    values["tldr"] = tldr.get("text") if isinstance(tldr, dict) else tldr
    return tuple(
        json_cell(values.get(c)) if c in JSON_COLUMNS else values.get(c) for c in PAPER_COLUMNS
    )


def json_cell(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist, read-only (every command that only reads)."""
    return Store.open_readonly(path)


def open_for_update(path: str | Path) -> Store:
    """Open a store that must already exist to write into it (``read``, picks, scores)."""
    return Store.open(path, create=False)
