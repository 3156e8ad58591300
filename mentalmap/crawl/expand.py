"""Grow the map from the map: one paper's neighbourhood added to an existing store.

The paper joins the seeds (so its own lists are read and its neighbours are one hop away) and
the crawl runs on with the store's own settings, its new papers ranked toward that paper alone
(``CrawlSettings.focus``). The target size is fixed by the first run and kept in the store, so a
killed expansion run again resumes into the same map, and a finished one costs no call. Nothing
is removed: the reading log and the earlier papers stay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from mentalmap.crawl.crawler import crawl
from mentalmap.crawl.settings import CrawlProgress, CrawlReport, CrawlSettings
from mentalmap.crawl_state import CrawlState
from mentalmap.errors import EmptyStore
from mentalmap.reading_log import resolve_paper
from mentalmap.source import Source
from mentalmap.store import Store

#: Settings a map keeps from the crawl that made it (unless an expansion is told otherwise).
KEPT = ("depth", "direction", "since", "until", "contexts", "details_share")


def expand(
    store: Store,
    source: Source,
    paper_id: str,
    add: int,
    overrides: dict | None = None,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlReport:
    """Add up to ``add`` papers around ``paper_id`` (a paper of the store) to the map.

    ``overrides``: :class:`CrawlSettings` fields to use instead of the store's last ones
    (``max_calls``, ``depth``, ...).

    Raises
    ------
    UnknownPaper
        ``paper_id`` is not in the store (crawl it first).
    EmptyStore
        The store holds no map yet.
    """
    state = CrawlState(store)
    if state.map_size() == 0:
        raise EmptyStore(f"{store.path} holds no papers yet: crawl a map before expanding it")
    pid = resolve_paper(store, paper_id)
    key = f"expand:{pid}:{add}"
    target = store.meta(key)
    if target is None:
        target = str(state.map_size() + add)
        with store.transaction():
            store.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, target))
    last = state.last_settings() or {}
    base = {k: last[k] for k in KEPT if k in last}
    base.update(overrides or {})
    settings = dataclasses.replace(CrawlSettings(**base), max_papers=int(target), focus=(pid,))
    seeds = [*state.seeds(), pid]
    return crawl(store, source, list(dict.fromkeys(seeds)), settings, on_progress)
