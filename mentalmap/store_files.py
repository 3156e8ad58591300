"""How a store's SQLite file is opened, read-only or for writing, and SQLite's errors as ours.

Read-only opens use ``mode=ro`` (``immutable`` on read-only media, where SQLite cannot make its
``-shm`` file), so a command that only reads never writes a byte; every SQLite error met while
using a store becomes one precise :class:`~mentalmap.errors.StoreError` with the way out.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mentalmap.errors import (
    CorruptStore,
    ReadOnlyStore,
    StoreBusy,
    StoreError,
    StoreNotFound,
    StoreWriteFailed,
)

if TYPE_CHECKING:
    from mentalmap.store import Store


def store_error(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    """The precise error for what SQLite said while using ``path``: one line with the way out."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreBusy(f"{path} is locked by another process ({text}); try again when it ends")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyStore(
            f"{path} is read-only ({text}); copy it to a writable folder and point --db at it"
        )
    if "disk is full" in text or "disk I/O error" in text:
        return StoreWriteFailed(
            f"could not write {path} ({text}): is the disk full? What was written before "
            "is kept; free some space and run the same command again"
        )
    if text.startswith("Could not decode to UTF-8"):
        column = text.split("column ")[1].split(" ")[0] if "column " in text else "a column"
        text = f"the text of {column} is not UTF-8"
    return CorruptStore(
        f"{path} is damaged ({text}); save what is readable with `sqlite3 {path} .recover | "
        f"sqlite3 recovered.sqlite`, or crawl again into a new file (--db new.sqlite)"
    )


def sqlite_cause(exc: BaseException | None) -> sqlite3.DatabaseError | None:
    """The SQLite error behind ``exc`` (pandas wraps the ones it meets in its own)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
            return exc
        exc, seen = exc.__cause__, seen + 1
    return None


def check_path(path: Path, create: bool) -> None:
    if path.is_dir():
        raise CorruptStore(f"{path} is a directory, not a mentalmap store")
    if not create and not path.exists():
        raise StoreNotFound(
            f"no store at {path}: run `mentalmap crawl <paper-id> --db {path}` "
            "or `mentalmap demo` first"
        )


def writable(path: Path) -> bool:
    """Whether this process can write the store and its folder (SQLite puts -wal and -shm
    files beside it); ``os.access`` sees read-only mounts and immutable files, also as root."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect(
    path: Path, connect: Callable[[Path], sqlite3.Connection]
) -> tuple[sqlite3.Connection, set[str]]:
    """A connection and the tables of the file; a file SQLite cannot read raises clearly."""
    try:
        conn = connect(path)
        return conn, {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise CorruptStore(
            f"{path} is not a readable SQLite database ({exc}); point --db at another file"
        ) from exc


@contextmanager
def closed_on_error(store: Store) -> Iterator[None]:
    """Checks on a store being opened: any failure closes it; SQLite's errors become ours."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        store.conn.close()
        raise store_error(exc, store.path) from exc
    except BaseException:
        store.conn.close()
        raise


def connect_writable(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection. A WAL store in a folder nobody can write (read-only media) has
    no -shm file to share, so it is opened immutable: nothing can change it under us there."""
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    immutable = not os.access(path.parent, os.W_OK)
    if immutable and wal.exists() and wal.stat().st_size:
        raise ReadOnlyStore(
            f"{path} is on read-only media with unsaved changes in {wal.name}; open it once "
            "where it can be written (copy both files), then read it anywhere"
        )
    conn = sqlite3.connect(
        f"{uri}?mode=ro{'&immutable=1' if immutable else ''}",
        uri=True,
        timeout=30,
        isolation_level=None,
    )
    conn.execute("PRAGMA query_only=1")
    return conn
