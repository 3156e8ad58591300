"""The reading log: which papers you have read, how deeply, and what you made of them.

Reading a field is Keshav's three passes ("How to Read a Paper", 2007): pass 1 skims for the
gist, pass 2 grasps the content, pass 3 re-derives it; ``deep`` marks a paper you worked with
(re-implemented, extended). Entries live in the store's ``reading_log`` table, which no crawl
touches, so a re-crawl or a schema upgrade never loses a note.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mentalmap.errors import InvalidPass, UnknownPaper
from mentalmap.s2.ids import EXTERNAL_ID_KEYS, parse_paper_id
from mentalmap.safe_text import markdown_link, markdown_text
from mentalmap.store import Store

#: The passes a paper can be logged at, shallowest first.
PASSES = ("1", "2", "3", "deep")
#: What each deepest pass means in ``reading_progress``'s ``status`` column.
STATUS = {None: "unread", "1": "skimmed", "2": "read", "3": "studied", "deep": "mastered"}
LOG_COLUMNS = ("paperId", "title", "pass", "note", "readAt")


def resolve_paper(store: Store, raw: str) -> str:
    """The stored paperId for any id form a user types, looked up without a network call.

    Tries the id as typed (paperId, merged alias, a seed's request), then its parsed S2 form,
    then the paper's CorpusId or external ids (arXiv, DOI case-insensitively, PubMed, …).

    Raises
    ------
    InvalidPaperId
        ``raw`` is no id form at all.
    UnknownPaper
        A valid id that names no paper of this store.
    """
    text = str(raw or "").strip()
    found = store.resolve(text) if text else None
    if found:
        return found
    parsed = parse_paper_id(text)
    found = store.resolve(parsed)
    if found:
        return found
    prefix, sep, value = parsed.partition(":")
    row = None
    if sep and prefix == "CorpusId":
        row = store.conn.execute(
            "SELECT paperId FROM papers WHERE corpusId = ?", (int(value),)
        ).fetchone()
    elif sep and prefix in EXTERNAL_ID_KEYS:
        key = EXTERNAL_ID_KEYS[prefix]
        row = store.conn.execute(
            "SELECT paperId FROM papers WHERE lower(json_extract(externalIds, ?)) = lower(?)",
            (f"$.{key}", value),
        ).fetchone()
    if row:
        return row[0]
    raise UnknownPaper(
        f"paper {raw!r} is not in {store.path}: crawl it first (or check the id with "
        "`mentalmap export --format csv`)"
    )


def log_reading(
    store: Store,
    paper_id: str,
    pass_: str,
    note: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> dict[str, str | None]:
    """Record that a paper was read at a pass; logging the same pass again updates it.

    A repeat without a note keeps the earlier note (re-logging should not erase what was
    written). Returns the entry as stored, with the paper's title.
    """
    if pass_ not in PASSES:
        raise InvalidPass(f"pass must be one of {', '.join(PASSES)}, not {pass_!r}")
    pid = resolve_paper(store, paper_id)
    read_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    text = note.strip() if isinstance(note, str) and note.strip() else None
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO reading_log (paperId, pass, note, readAt) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(paperId, pass) DO UPDATE SET "
            "note = COALESCE(excluded.note, note), readAt = excluded.readAt",
            (pid, pass_, text, read_at),
        )
    row = store.conn.execute(
        "SELECT r.note, r.readAt, p.title FROM reading_log r JOIN papers p USING (paperId) "
        "WHERE r.paperId = ? AND r.pass = ?",
        (pid, pass_),
    ).fetchone()
    return {"paperId": pid, "pass": pass_, "note": row[0], "readAt": row[1], "title": row[2]}


def read_log(store: Store) -> pd.DataFrame:
    """Every log entry, oldest first: ``paperId, title, pass, note, readAt``."""
    frame = pd.read_sql_query(
        """
        SELECT r.paperId, p.title, r.pass, r.note, r.readAt
        FROM reading_log r LEFT JOIN papers p ON p.paperId = r.paperId
        ORDER BY r.readAt, r.paperId, r.pass
        """,
        store.conn,
    )
    return frame[list(LOG_COLUMNS)].astype(object).where(frame.notna(), None)


def reading_progress(reading_list_frame: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """A copy of a reading list with ``passes_done`` ("1,2") and ``status`` per paper.

    ``status`` names the deepest pass: unread, skimmed (1), read (2), studied (3), mastered
    (deep). The list may carry paperId as a column or as its index.
    """
    out = reading_list_frame.copy()
    ids = out["paperId"] if "paperId" in out.columns else pd.Series(out.index, index=out.index)
    done: dict[str, set[str]] = {}
    for pid, pass_ in log[["paperId", "pass"]].itertuples(index=False):
        done.setdefault(pid, set()).add(pass_)
    passes = [[p for p in PASSES if p in done.get(pid, ())] for pid in ids]
    out["passes_done"] = [",".join(p) for p in passes]
    out["status"] = [STATUS[p[-1] if p else None] for p in passes]
    return out


def notes_markdown(store: Store) -> str:
    """The log as a Markdown notebook: one section per paper, its passes and notes in order."""
    log = read_log(store)
    if log.empty:
        return "# Reading notes\n\nNothing logged yet: `mentalmap read <paper-id> --pass 1`.\n"
    details = {
        pid: (year, url)
        for pid, year, url in store.conn.execute("SELECT paperId, year, url FROM papers")
    }
    lines = ["# Reading notes", ""]
    for pid, entries in log.groupby("paperId", sort=False):
        year, url = details.get(pid, (None, None))
        title = markdown_text(entries["title"].iloc[0] or pid)
        heading = f"## {title}" + (f" ({markdown_text(year)})" if year else "")
        lines += [heading, "", markdown_link(url) or markdown_text(pid), ""]
        ordered = entries.sort_values("pass", key=lambda s: s.map(PASSES.index))
        for pass_, note, read_at in zip(ordered["pass"], ordered["note"], ordered["readAt"]):
            note = f": {markdown_text(note)}" if note else ""
            lines.append(f"- pass {pass_} ({markdown_text(read_at[:10])}){note}")
        lines.append("")
    return "\n".join(lines)
