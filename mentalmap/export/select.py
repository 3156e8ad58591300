"""Selections: which papers an export holds (``all``, ``reading-list``, ``role:…``, ``topic:…``).

Every selection but ``all`` needs the analysis table, which the caller passes: the analysis is
computed once per store (:func:`mentalmap.pipeline.analyse_store`), never again here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mentalmap.analysis.roles import ROLES
from mentalmap.errors import ExportError
from mentalmap.export.frames import READING_COLUMNS, join_analysis


@dataclass(frozen=True)
class Selection:
    """A parsed ``--select`` value: ``kind`` is all, reading-list, role or topic."""

    kind: str
    value: str = ""

    @property
    def needs_analysis(self) -> bool:
        """True when the selection reads roles, topics or the reading list."""
        return self.kind != "all"


def parse_selection(text: str) -> Selection:
    """Parse ``all``, ``reading-list``, ``role:<ROLE>`` or ``topic:<N or label>``."""
    text = text.strip()
    if text in ("all", "reading-list"):
        return Selection(text)
    kind, sep, value = text.partition(":")
    value = value.strip()
    if sep and kind == "role":
        if value.lower() not in ROLES:
            raise ExportError(f"unknown role {value!r}; roles are: {', '.join(ROLES)}")
        return Selection("role", value.lower())
    if sep and kind == "topic" and value:
        return Selection("topic", value)
    raise ExportError(
        f"cannot read selection {text!r}; "
        "use all, reading-list, role:<ROLE> or topic:<number or label>"
    )


def _topic_ids(table: pd.DataFrame, value: str) -> pd.Index:
    if "cluster" not in table.columns:
        raise ExportError("the analysis table has no 'cluster' column")
    if value.lstrip("-").isdigit():
        mask = table["cluster"] == int(value)
    elif "cluster_label" in table.columns:
        mask = table["cluster_label"].astype("string").str.casefold() == value.casefold()
    else:
        mask = pd.Series(False, index=table.index)
    mask = mask.fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        columns = [c for c in ("cluster", "cluster_label") if c in table.columns]
        topics = table[columns].drop_duplicates().sort_values("cluster")
        listing = "; ".join(" ".join(map(str, row)) for row in topics.itertuples(index=False))
        raise ExportError(f"no topic {value!r} in this map; topics are: {listing}")
    return table.index[mask]


def select_papers(
    papers: pd.DataFrame,
    edges: pd.DataFrame,
    selection: str | Selection,
    table: pd.DataFrame | None = None,
    reading: pd.DataFrame | None = None,
    *,
    size: int = 20,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The papers a selection keeps, and the edges among them.

    Parameters
    ----------
    papers, edges
        The frames of docs/api.md.
    selection
        ``all``, ``reading-list``, ``role:<ROLE>`` or ``topic:<cluster number or label>``.
    table
        The analysis table (indexed by paperId); needed by every selection but ``all``. When
        present its role / cluster / … columns are added to the returned papers.
    reading
        A reading list (columns ``order, paperId``, optionally ``section, why``); computed with
        :func:`mentalmap.analysis.reading_list` and ``size`` when needed and None.

    Returns
    -------
    papers, edges
        Papers in frame order (reading order for ``reading-list``, with an ``order``
        column), and only the edges whose two ends were kept.

    Raises
    ------
    ExportError
        The selection cannot be parsed, names a topic the map does not have, or needs the
        analysis table and none was given.
    """
    sel = parse_selection(selection) if isinstance(selection, str) else selection
    if sel.kind == "all":
        chosen = papers
    elif table is None:
        raise ExportError(
            f"selecting {sel.kind} papers needs the analysis table "
            "(FieldAnalysis.table, from mentalmap.analyse_store)"
        )
    elif sel.kind == "reading-list":
        if reading is None:
            from mentalmap.analysis import reading_list

            reading = reading_list(table, papers, size=size, edges=edges)
        if "order" not in reading.columns:
            raise ExportError("the reading list has no 'order' column")
        extra = [c for c in READING_COLUMNS if c in reading.columns]
        base = papers.drop(columns=extra, errors="ignore")
        chosen = reading[["paperId", *extra]].drop_duplicates("paperId").set_index("paperId")
        chosen = base.join(chosen, how="inner").sort_values("order", kind="stable")
    elif sel.kind == "role":
        if "role" not in table.columns:
            raise ExportError("the analysis table has no 'role' column")
        is_role = table["role"].astype("string").str.casefold() == sel.value
        ids = table.index[is_role.fillna(False).to_numpy(dtype=bool)]
        chosen = papers[papers.index.isin(ids)]
    else:
        chosen = papers[papers.index.isin(_topic_ids(table, sel.value))]
    chosen = join_analysis(chosen, table)
    kept = set(chosen.index)
    edges = edges[edges["citing"].isin(kept) & edges["cited"].isin(kept)].reset_index(drop=True)
    return chosen, edges
