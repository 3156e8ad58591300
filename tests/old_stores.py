"""Stores as a release before integer keys (migration ``0007_integer_keys``) left them.

The project writes only the current schema, so an old store is made from a new one: its edges
and candidates go back to text paperIds, the ``ids`` table and the migration's record go.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_TEXT_KEYS = """
CREATE TABLE edges_text (
    citing TEXT NOT NULL, cited TEXT NOT NULL, isInfluential INTEGER, intents TEXT, contexts TEXT,
    PRIMARY KEY (citing, cited)
) WITHOUT ROWID;
INSERT INTO edges_text SELECT * FROM edges_s2;
CREATE TABLE candidates_text (
    paperId TEXT PRIMARY KEY, year INTEGER, citationCount INTEGER, referenceCount INTEGER
);
INSERT INTO candidates_text
    SELECT i.paperId, c.year, c.citationCount, c.referenceCount
    FROM candidates c JOIN ids i ON i.id = c.id;
DROP VIEW edges_s2;
DROP TABLE edges;
DROP TABLE candidates;
DROP TABLE ids;
ALTER TABLE edges_text RENAME TO edges;
CREATE INDEX edges_cited ON edges (cited);
ALTER TABLE candidates_text RENAME TO candidates;
DELETE FROM migrations WHERE name = '0007_integer_keys';
UPDATE meta SET value = '6' WHERE key = 'schema_version';
"""


def to_text_keys(path: Path) -> Path:
    """Rewrite the store at ``path`` as the previous schema (text keys in edges, candidates)."""
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN;{_TEXT_KEYS}COMMIT;")
    conn.close()
    return path
