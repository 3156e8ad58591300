"""The map from frames in one call: its page as a string, or written to a file.

The pieces: :mod:`~mentalmap.render.data` chooses and describes the papers,
:mod:`~mentalmap.render.records` makes each paper's record, :mod:`~mentalmap.render.page`
inlines everything into one page and :class:`~mentalmap.render.notebook.MapView` shows or
writes it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mentalmap.render.data import MAX_EMBEDDED, build_map_data
from mentalmap.render.notebook import MapView
from mentalmap.render.page import page_html


def build_map_html(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
) -> str:
    """The whole map page as one string: no external request, all text carried as data."""
    data = build_map_data(papers, edges, table, reading, top, seeds, title, max_papers, log, store)
    return page_html(data)


def render_map(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    *,
    out: str | Path,
    top: int = 300,
    seeds: list[str] | None = None,
    title: str = "mentalmap",
    max_papers: int = MAX_EMBEDDED,
    log: pd.DataFrame | None = None,
    store: str | Path | None = None,
) -> Path:
    """Write the map to ``out`` and return its path; raises ``RenderError`` when it cannot.

    ``log``: the reading log (:func:`mentalmap.reading_log.read_log`), shown as rings on the
    papers you read and as passes and notes in their side panel. ``store``: the store the map
    comes from; a clicked paper's panel shows the command that expands the map around it.
    """
    data = build_map_data(papers, edges, table, reading, top, seeds, title, max_papers, log, store)
    return MapView.of(data).save(out).path
