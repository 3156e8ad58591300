"""Exports of a map: CSV, JSON, Parquet, GraphML, GEXF, BibTeX and RIS.

:func:`export_papers` is a pure function of the papers / edges frames (docs/api.md) to
files in a directory; :func:`select_papers` narrows the frames first (a role, a topic, the
reading list) and adds the analysis columns.

What each format writes
-----------------------
==========  ==========================================  ==========================================
format      files                                       lists, dicts and missing values
==========  ==========================================  ==========================================
csv         ``papers.csv``, ``edges.csv`` (UTF-8)       JSON text in the cell (``authors`` keeps
                                                        ``authorId``); missing = empty cell, so
                                                        ``""`` and None read back alike;
                                                        text quoted, a leading ``= + - @``
                                                        TAB or CR gets a ``'`` (no formula)
json        ``papers.json``, ``edges.json``: arrays     real JSON; missing = ``null``
            of objects, one per line
parquet     ``papers.parquet``, ``edges.parquet``       list columns; ``authors`` is
                                                        ``list<struct<authorId, name>>``;
                                                        ``externalIds`` ``map<string, string>``;
                                                        missing = null
graphml     ``mentalmap.graphml``                       ``"; "``-joined (authors by name);
gexf        ``mentalmap.gexf`` (GEXF 1.3, with          externalIds left off (``doi`` / ``arxiv``
            ``viz:`` position, colour, size)            are columns); missing = attribute left off
bibtex      ``mentalmap.bib``                           see :mod:`mentalmap.export.references`;
                                                        role and sub-topic in ``keywords``,
                                                        reason and log notes in ``note``
ris         ``mentalmap.ris``                           one ``AU`` / ``KW`` / ``UR`` line each;
                                                        role, sub-topic as ``KW``; ``N1`` notes
==========  ==========================================  ==========================================

A whole map without analysis is written as CSV, GraphML or GEXF by
:mod:`mentalmap.export.stream` straight from the store, a few thousand rows at a time (the same
files, reading-log notes included; GraphML and GEXF declare every attribute up front). Every
format has ``doi`` and ``arxiv`` columns (from ``externalIds``). Papers carry
:data:`PAPER_COLUMNS` in that order (crawl bookkeeping is left out), then the
:data:`ANALYSIS_COLUMNS` a selection or ``table`` provides. Edges carry :data:`EDGE_COLUMNS` in
every format (``contexts`` is left out). BibTeX and RIS hold papers only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from mentalmap.errors import ExportError
from mentalmap.export.frames import (
    ANALYSIS_COLUMNS,
    EDGE_COLUMNS,
    PAPER_COLUMNS,
    prepare_edges,
    prepare_papers,
)
from mentalmap.export.graphs import write_gexf, write_graphml
from mentalmap.export.references import write_bibtex, write_ris
from mentalmap.export.select import ROLES, Selection, parse_selection, select_papers
from mentalmap.export.tables import write_csv, write_json, write_parquet

Writer = Callable[[pd.DataFrame, pd.DataFrame, Path], list[Path]]

#: Format name → writer. The names are the values of ``mentalmap export --format``.
WRITERS: dict[str, Writer] = {
    "csv": write_csv,
    "json": write_json,
    "parquet": write_parquet,
    "graphml": write_graphml,
    "gexf": write_gexf,
    "bibtex": write_bibtex,
    "ris": write_ris,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def export_papers(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    fmt: str,
    out_dir: str | Path,
    table: pd.DataFrame | None = None,
    log: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the map in one format into ``out_dir`` (created if needed); return the files.

    Parameters
    ----------
    papers, edges
        The frames of docs/api.md, whole or narrowed by :func:`select_papers`.
        Missing optional columns are written as empty; extra columns are left out.
    fmt
        One of :data:`FORMATS`.
    out_dir
        The directory to write into. Existing files of the same names are replaced only once
        every file of the format is completely written, and together (``papers.csv`` never
        beside an older ``edges.csv``; :mod:`mentalmap.outputs`).
    table
        An analysis table indexed by paperId; its ``role, cluster, cluster_label, …`` columns
        (:data:`ANALYSIS_COLUMNS`) are added to every paper.
    log
        The reading log (:func:`mentalmap.reading_log.read_log`); each paper's notes become its
        ``note`` column (BibTeX ``note``, RIS ``N1``).

    Raises
    ------
    ExportError
        ``fmt`` is unknown, ``out_dir`` cannot be created or written, or a frame lacks its key
        columns.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; formats are: {', '.join(FORMATS)}")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create export directory {out}: {exc.strerror or exc}") from exc
    return writer(prepare_papers(papers, table, log), prepare_edges(edges), out)


__all__ = [
    "ANALYSIS_COLUMNS",
    "EDGE_COLUMNS",
    "FORMATS",
    "PAPER_COLUMNS",
    "ROLES",
    "Selection",
    "WRITERS",
    "export_papers",
    "parse_selection",
    "select_papers",
]
