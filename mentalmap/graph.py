"""A store as pandas frames and a networkx graph: what analyses, maps, exports and notebooks read.

Only papers whose details were fetched are nodes; edges to papers outside the map are kept in
the store (nothing fetched is thrown away) but left out here. Merged S2 records are folded onto
their primary paperId through the alias table, so a merge never shows as two nodes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mentalmap.errors import CorruptStore
from mentalmap.frames import publication_dates
from mentalmap.store import JSON_COLUMNS, PAPER_COLUMNS, Store, open_existing

if TYPE_CHECKING:  # networkx loads in to_graph: the frames, all most commands read, need none
    import networkx as nx

#: Columns of the papers frame, which is indexed by ``paperId`` (docs/api.md has the dtypes).
PAPER_FRAME_COLUMNS = (
    *PAPER_COLUMNS[1:], "depth", "isSeed", "referencesCrawled", "citationsCrawled",
)  # fmt: skip
EDGE_FRAME_COLUMNS = ("citing", "cited", "isInfluential", "intents", "contexts")


_PAPERS_SQL = f"""
    SELECT {", ".join(f"p.{c}" for c in PAPER_COLUMNS)}, p.depth,
           s.paperId IS NOT NULL AS isSeed,
           COALESCE(r.done, 0) AS referencesCrawled,
           COALESCE(c.done, 0) AS citationsCrawled
    FROM papers p
    LEFT JOIN seeds s ON s.paperId = p.paperId
    LEFT JOIN lists r ON r.paperId = p.paperId AND r.direction = 'references'
    LEFT JOIN lists c ON c.paperId = p.paperId AND c.direction = 'citations'
    ORDER BY p.paperId
"""  # noqa: S608

#: Citations between papers of the map, aliases folded, one row per (citing, cited).
_EDGES_SQL = """
    WITH m AS (
        SELECT i.id, COALESCE(a.paperId, i.paperId) AS paperId
        FROM ids i LEFT JOIN aliases a ON a.alias = i.paperId
        WHERE COALESCE(a.paperId, i.paperId) IN (SELECT paperId FROM papers)
    ), e AS (
        SELECT m1.paperId AS citing, m2.paperId AS cited,
               e.isInfluential, e.intents, e.contexts
        FROM edges e JOIN m m1 ON m1.id = e.citing JOIN m m2 ON m2.id = e.cited
    )
    SELECT citing, cited, MAX(isInfluential) AS isInfluential,
           MAX(intents) AS intents, MAX(contexts) AS contexts
    FROM e
    WHERE citing != cited
    GROUP BY citing, cited
    ORDER BY citing, cited
"""


#: The same rows when no record was merged (no aliases): nothing to fold, no pair twice.
_UNALIASED_EDGES_SQL = """
    WITH m AS (SELECT id, paperId FROM ids WHERE paperId IN (SELECT paperId FROM papers))
    SELECT m1.paperId AS citing, m2.paperId AS cited, e.isInfluential, e.intents, e.contexts
    FROM edges e JOIN m m1 ON m1.id = e.citing JOIN m m2 ON m2.id = e.cited
    WHERE e.citing != e.cited
    ORDER BY citing, cited
"""


def edges_sql(store: Store) -> str:
    """The query of the map's edges: the alias-folding one only when the store has aliases
    (grouping a million edges costs a third of the read)."""
    merged = store.conn.execute("SELECT 1 FROM aliases LIMIT 1").fetchone()
    return _EDGES_SQL if merged else _UNALIASED_EDGES_SQL


def read_papers(store: Store) -> pd.DataFrame:
    """The papers frame of an open store, indexed by ``paperId`` (dtypes: docs/api.md)."""
    return _papers_frame(pd.read_sql_query(_PAPERS_SQL, store.conn))


def read_edges(store: Store) -> pd.DataFrame:
    """Citations between papers of the map, aliases folded, one row per (citing, cited)."""
    return edge_frame(pd.read_sql_query(edges_sql(store), store.conn))


def iter_papers(store: Store, rows: int = 5_000) -> Iterator[pd.DataFrame]:
    """:func:`read_papers` in frames of at most ``rows`` papers: memory flat in the store's size."""
    for frame in pd.read_sql_query(_PAPERS_SQL, store.conn, chunksize=rows):
        yield _papers_frame(frame)


def iter_edges(store: Store, rows: int = 50_000) -> Iterator[pd.DataFrame]:
    """:func:`read_edges` in frames of at most ``rows`` edges, in the same order."""
    for frame in pd.read_sql_query(edges_sql(store), store.conn, chunksize=rows):
        yield edge_frame(frame)


EdgeRow = tuple[str, str, int | None, str | None, str | None]


def edge_rows(store: Store, rows: int = 50_000) -> Iterator[list[EdgeRow]]:
    """The rows :func:`read_edges` is made of, unconverted (``isInfluential`` 0/1/None,
    ``intents`` and ``contexts`` JSON text), in lists of at most ``rows``: for writers that
    convert each distinct value once."""
    cursor = store.conn.execute(edges_sql(store))
    while batch := cursor.fetchmany(rows):
        yield batch


def _papers_frame(frame: pd.DataFrame) -> pd.DataFrame:
    for column in JSON_COLUMNS:
        values = _decoded(frame[column])
        if column != "externalIds":  # lists, empty when missing
            values = [v if isinstance(v, list) else [] for v in values]
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    for column in ("year", "corpusId", "citationCount", "referenceCount"):
        frame[column] = frame[column].astype("Int64")
    frame["influentialCitationCount"] = frame["influentialCitationCount"].astype("Int64")
    for column in ("isSeed", "referencesCrawled", "citationsCrawled"):
        frame[column] = frame[column].astype(bool)
    frame["publicationDate"] = publication_dates(frame["publicationDate"])
    return frame.set_index("paperId")[list(PAPER_FRAME_COLUMNS)]


def edge_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as :func:`edge_rows` gives them, as the edges frame (flags bool, JSON decoded)."""
    flag = frame["isInfluential"]
    known = flag.notna().to_numpy()
    flags = np.full(len(flag), None, dtype=object)
    flags[known] = flag.to_numpy()[known].astype(bool)  # Python bools, as the frame's dtype says
    frame["isInfluential"] = pd.Series(flags, index=frame.index, dtype=object)
    intents = [v or [] for v in _decoded(frame["intents"])]
    frame["intents"] = pd.Series(intents, index=frame.index, dtype=object)
    frame["contexts"] = pd.Series(_decoded(frame["contexts"]), index=frame.index, dtype=object)
    return frame[list(EDGE_FRAME_COLUMNS)]


def self_citing(store: Store) -> set[str]:
    """The papers of the map with a stored citation of themselves (aliases folded): S2 lists
    some, and :func:`read_edges` leaves them out, so every frame, analysis and export is
    loop-free; a command that drops them says how many."""
    query = """
        SELECT DISTINCT COALESCE(a1.paperId, e.citing)
        FROM edges_s2 e
        LEFT JOIN aliases a1 ON a1.alias = e.citing
        LEFT JOIN aliases a2 ON a2.alias = e.cited
        WHERE COALESCE(a1.paperId, e.citing) = COALESCE(a2.paperId, e.cited)
          AND COALESCE(a1.paperId, e.citing) IN (SELECT paperId FROM papers)
    """
    return {r[0] for r in store.conn.execute(query)}


def read_seeds(store: Store) -> list[str]:
    """Seed paperIds in the order the user gave them."""
    rows = store.conn.execute("SELECT paperId FROM seeds ORDER BY position, paperId")
    return [r[0] for r in rows]


def load_papers(path: str | Path) -> pd.DataFrame:
    """The papers of a store as a DataFrame indexed by ``paperId``, one row per paper."""
    with open_existing(path) as store:
        return read_papers(store)


def load_edges(path: str | Path) -> pd.DataFrame:
    """The citations of a store as a DataFrame with columns ``citing, cited, …``."""
    with open_existing(path) as store:
        return read_edges(store)


def load_seeds(path: str | Path) -> list[str]:
    """The seed paperIds of a store."""
    with open_existing(path) as store:
        return read_seeds(store)


def to_graph(papers: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """A ``DiGraph`` with edges citing → cited and every paper column as node attributes."""
    import networkx as nx

    graph = nx.DiGraph()
    records = papers.assign(paperId=papers.index).to_dict("index")
    graph.add_nodes_from((pid, _clean(attrs)) for pid, attrs in records.items())
    graph.add_edges_from(
        (row.citing, row.cited, {"isInfluential": row.isInfluential, "intents": row.intents})
        for row in edges.itertuples(index=False)
    )
    return graph


def load_graph(path: str | Path) -> nx.DiGraph:
    """The store as a ``networkx.DiGraph`` (edge u → v: u cites v; paper fields on nodes)."""
    with open_existing(path) as store:
        return to_graph(read_papers(store), read_edges(store))


def _clean(attrs: dict) -> dict:
    return {k: (None if v is pd.NA else v) for k, v in attrs.items()}


def _decoded(column: pd.Series) -> list[object]:
    """A column of JSON text decoded, None where NULL: one ``json.loads`` of all its values
    joined into an array, not one call per row (most of reading a 2,000-paper map's papers).
    A value that is no single JSON text (damage from outside) is :class:`CorruptStore`."""
    values = column.tolist()
    texts = [v for v in values if isinstance(v, str)]
    if not texts:  # a crawl without the edge-details pass: no intents, no contexts
        return [None] * len(values)
    try:
        decoded = json.loads(f"[{','.join(texts)}]")
        if len(decoded) != len(texts):  # ``1, 2`` would shift every later row
            raise ValueError("a value holds more than one JSON text")
    except ValueError as exc:  # json.JSONDecodeError included
        raise CorruptStore(
            f"the store's {column.name} column holds a value that is not JSON "
            f"(row {_bad_row(column)}); the file was changed outside mentalmap: crawl again "
            "into a new --db"
        ) from exc
    parsed = iter(decoded)
    return [next(parsed) if isinstance(v, str) else None for v in values]


def _bad_row(column: pd.Series) -> object:
    """Label of the first value that one ``json.loads`` of its own rejects."""
    for label, value in column.items():
        if isinstance(value, str):
            try:
                json.loads(value)
            except ValueError:
                return label
    return "unknown"
