"""Grow the map from the map: one paper's neighbourhood added to an existing store.

The paper joins the seeds (so its own lists are read and its neighbours are one hop away) and
the crawl runs on with the store's own settings, its new papers ranked toward that paper alone
(``CrawlSettings.focus``): the relevance-first selection of the crawl, with the paper as seed.
The references of every paper added are read as in any crawl, so the map stays closed.

The target size (the map's size at the first run, plus the papers asked for) is fixed by the
first run and kept in the store, so a killed expansion run again resumes into the same map, and
a finished one run again adds nothing and costs no call. Nothing is removed: the reading log,
the earlier papers, seeds and lists stay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from mentalmap.crawl.crawler import Crawler
from mentalmap.crawl.settings import CrawlProgress, CrawlReport, CrawlSettings
from mentalmap.crawl_state import CrawlState
from mentalmap.errors import CrawlError, EmptyStore
from mentalmap.reading_log import resolve_paper
from mentalmap.source import Source
from mentalmap.store import Store

#: Settings a map keeps from the crawl that made it (unless an expansion is told otherwise).
KEPT = ("depth", "direction", "since", "until", "contexts", "details_calls")


def expand(
    store: Store,
    source: Source,
    paper_id: str | Sequence[str],
    add: int,
    overrides: dict[str, Any] | None = None,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlReport:
    """Add up to ``add`` papers, the most tied to ``paper_id`` (a paper of the store), to the map.

    ``paper_id`` may be any id form the crawl accepts, or several (``mentalmap path --crawl``
    grows the map between two papers: the papers tied to both rank first); each is looked up
    in the store without a call. ``overrides``: :class:`CrawlSettings` fields to use instead
    of the store's last ones (``max_calls``, ``depth``, ``direction``, ...).

    Raises
    ------
    InvalidPaperId
        ``paper_id`` is no id form at all (nothing is written).
    UnknownPaper
        ``paper_id`` is a valid id of no paper in the store (crawl it first).
    EmptyStore
        The store holds no map yet.
    StoreBusy
        Another crawl or expansion is writing the store.
    """
    if add < 1:
        raise CrawlError("an expansion adds at least 1 paper")
    raws = [paper_id] if isinstance(paper_id, str) else list(paper_id)
    pids = tuple(dict.fromkeys(expansion_paper(store, raw) for raw in raws))
    state = CrawlState(store)
    with store.writer_lock():  # the target is fixed under the lock the crawl then runs in
        with store.transaction():
            target = state.expansion_target(",".join(pids), add)
        last = state.last_settings() or {}
        base = {k: last[k] for k in KEPT if k in last}
        base.update(overrides or {})
        settings = dataclasses.replace(CrawlSettings(**base), max_papers=target, focus=pids)
        seeds = list(dict.fromkeys([*state.seeds(), *pids]))
        return Crawler(store, source, settings, on_progress).run(seeds, locked=True)


def expansion_paper(store: Store, paper_id: str) -> str:
    """The paperId of the map's paper ``paper_id`` names, found without a call.

    Raises ``InvalidPaperId``, ``UnknownPaper`` or ``EmptyStore`` as :func:`expand` does.
    """
    if CrawlState(store).map_size() == 0:
        raise EmptyStore(
            f"{store.path} holds no papers yet: crawl a map first "
            f"(`mentalmap crawl <paper-id> --db {store.path}`)"
        )
    return resolve_paper(store, paper_id)
