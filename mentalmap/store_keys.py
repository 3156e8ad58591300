"""Integer keys inside the store: each S2 paperId is written once, edges hold two integers.

A 40-character hex id stored in the edges table and again in its index cost ~210 bytes per
edge; the ``ids`` table gives every paperId the store has seen a small integer, and ``edges``
and ``candidates`` (the tables that grow with the edges) hold those. S2 ids stay at the store's
edges: every read joins ``ids`` back, and the ``edges_s2`` view shows the edges as paperIds to
other tools opening the file.

Old stores migrate in place, in chunks of one transaction each: a chunk copies the first rows
of the old table and deletes them, so a process killed at any moment leaves a store whose next
(writable) open carries on where the last committed chunk ended, and nothing is lost or doubled.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentalmap.store import Store

#: The migration's name in the ``migrations`` table.
NAME = "0007_integer_keys"

#: Old-table rows moved per transaction.
CHUNK_ROWS = 50_000

_NEW_TABLES = """
CREATE TABLE IF NOT EXISTS ids (id INTEGER PRIMARY KEY, paperId TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS edges_int (
    citing INTEGER NOT NULL, cited INTEGER NOT NULL, isInfluential INTEGER, intents TEXT,
    contexts TEXT, PRIMARY KEY (citing, cited)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS candidates_int (
    id INTEGER PRIMARY KEY, year INTEGER, citationCount INTEGER, referenceCount INTEGER
)
"""

_SWAP = """
DROP TABLE edges;
ALTER TABLE edges_int RENAME TO edges;
CREATE INDEX edges_cited ON edges (cited);
DROP TABLE candidates;
ALTER TABLE candidates_int RENAME TO candidates;
CREATE VIEW edges_s2 AS
    SELECT a.paperId AS citing, b.paperId AS cited, e.isInfluential, e.intents, e.contexts
    FROM edges e JOIN ids a ON a.id = e.citing JOIN ids b ON b.id = e.cited
"""

#: Per old table: its key columns, then one chunk's steps — ids first, then the rows as
#: integers — each run on the rows whose key is <= the chunk's last key (``{upto}``).
_MOVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "edges": (
        "citing, cited",
        (
            "INSERT OR IGNORE INTO ids (paperId) SELECT citing FROM edges WHERE {upto} "
            "UNION SELECT cited FROM edges WHERE {upto}",
            "INSERT INTO edges_int SELECT (SELECT id FROM ids WHERE paperId = e.citing), "
            "(SELECT id FROM ids WHERE paperId = e.cited), isInfluential, intents, contexts "
            "FROM edges e WHERE {upto}",
        ),
    ),
    "candidates": (
        "paperId",
        (
            "INSERT OR IGNORE INTO ids (paperId) SELECT paperId FROM candidates WHERE {upto}",
            "INSERT INTO candidates_int SELECT (SELECT id FROM ids WHERE ids.paperId = c.paperId), "
            "year, citationCount, referenceCount FROM candidates c WHERE {upto}",
        ),
    ),
}


def migrate_integer_keys(
    store: Store,
    chunk_rows: int | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> None:
    """Move an old store's text-keyed ``edges`` and ``candidates`` onto integer keys.

    Resumable: run it again after a kill and it finishes. ``progress(table, rows)`` is called
    inside each chunk's transaction, before it commits, with the rows that chunk moved.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    conn = store.conn
    with store.transaction():
        if _done(conn):
            return
        for statement in _statements(_NEW_TABLES):
            conn.execute(statement)
    for table, (key, steps) in _MOVES.items():
        if not _move_table(store, table, key, steps, chunk_rows, progress):
            return
    with store.transaction():
        if _done(conn):
            return
        for statement in _statements(_SWAP):
            conn.execute(statement)
        position = conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM migrations")
        conn.execute("INSERT INTO migrations VALUES (?, ?)", (NAME, position.fetchone()[0]))


def _move_table(
    store: Store,
    table: str,
    key: str,
    steps: tuple[str, ...],
    chunk_rows: int,
    progress: Callable[[str, int], None] | None,
) -> bool:
    """Move ``table`` chunk by chunk, a transaction each (a kill loses one chunk's work at
    most); False when another run finished the migration meanwhile."""
    conn = store.conn
    upto = f"({key}) <= ({', '.join('?' for _ in key.split(','))})"
    while True:
        with store.transaction():
            if _done(conn):
                return False
            bound = _last_key(conn, table, key, chunk_rows)
            if bound is None:
                return True
            for step in steps:
                sql = step.format(upto=upto)
                conn.execute(sql, bound * (sql.count("?") // len(bound)))
            moved = conn.execute(f"DELETE FROM {table} WHERE {upto}", bound).rowcount  # noqa: S608
            if progress is not None:
                progress(table, moved)


def _done(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM migrations WHERE name = ?", (NAME,)).fetchone()
    return row is not None


def _last_key(conn: sqlite3.Connection, table: str, key: str, rows: int) -> tuple | None:
    """The key of the next chunk's last row (the table's last row when fewer are left)."""
    order = ", ".join(key.split(","))
    row = conn.execute(
        f"SELECT {key} FROM {table} ORDER BY {order} LIMIT 1 OFFSET ?",  # noqa: S608
        (rows - 1,),
    ).fetchone()
    if row is None:
        desc = ", ".join(f"{k} DESC" for k in key.split(","))
        row = conn.execute(f"SELECT {key} FROM {table} ORDER BY {desc} LIMIT 1").fetchone()  # noqa: S608
    return None if row is None else tuple(row)


def _statements(script: str) -> Iterable[str]:
    return filter(str.strip, script.split(";"))
