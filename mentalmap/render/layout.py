"""Node positions for the map: time runs left to right, each sub-topic owns a horizontal band.

Positions are computed here, not by a physics simulation in the browser, so that the same store
always draws the same picture, a newcomer can read the x axis as "when" and the y axis as "what",
and the page is interactive at once (no stabilisation wait).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

#: Distance kept between node centres inside one (band, year) cell, in canvas units.
NODE_SPACING = 34.0
#: A band is never thinner than this, so a sparse sub-topic still has room for its label.
MIN_BAND_HEIGHT = 170.0
#: Room at the top of each band for its label.
LABEL_SPACE = 36.0
#: Empty space between two bands.
BAND_GAP = 40.0
#: Width / height the whole map aims for, so it fills a screen when fitted.
TARGET_ASPECT = 1.4


@dataclass(frozen=True)
class Band:
    """One sub-topic's horizontal strip of the canvas."""

    cluster: int
    top: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Positions of every paper plus the geometry the page draws behind them."""

    x: np.ndarray
    y: np.ndarray
    bands: list[Band]
    first_year: int
    last_year: int
    #: Horizontal distance between two consecutive publication years.
    year_width: float
    #: x of the column that holds papers without a year (left of the oldest year).
    undated_x: float


def _stable_unit(key: str) -> float:
    """A number in [0, 1) fixed by ``key`` alone, so jitter does not change between runs."""
    return (zlib.crc32(key.encode("utf-8")) & 0xFFFFFFFF) / 2**32


def _half_rows(crowd: int, per_row: int) -> int:
    """Grid rows above (and below) a band's centre line, enough for its most crowded year."""
    return math.ceil(math.ceil(crowd / per_row) / 2)


def _slots(k: int, per_row: int, half_rows: int) -> list[tuple[float, float]]:
    """``k`` offsets on a hexagonal grid ``per_row`` wide and ``2 * half_rows + 1`` tall,
    about nearest the centre first (distance scaled to the grid's shape, so cells fill evenly)."""
    half_w = max(per_row * NODE_SPACING / 2, 1.0)
    half_h = max((half_rows + 0.5) * NODE_SPACING * 0.87, 1.0)
    slots = []
    for r in range(-half_rows, half_rows + 1):
        shift = NODE_SPACING / 4 if r % 2 else -NODE_SPACING / 4
        for c in range(per_row):
            dx = (c - (per_row - 1) / 2) * NODE_SPACING + (shift if per_row > 1 else 0.0)
            dy = r * NODE_SPACING * 0.87
            slots.append((math.hypot(dx / half_w, dy / half_h), r, c, dx, dy))
    slots.sort()
    # Hash noise on the distance makes each cell an irregular blob, not a stamped disc; the
    # central slot stays first, for the cell's most important paper.
    rest = sorted(slots[1:], key=lambda s: s[0] + 0.3 * _stable_unit(f"{s[1]}:{s[2]}:{per_row}"))
    return [(dx, dy) for _, _, _, dx, dy in [*slots[:1], *rest][:k]]


def _band_height(crowd: int, per_row: int) -> float:
    rows = 2 * _half_rows(crowd, per_row) + 1
    return max(MIN_BAND_HEIGHT, rows * NODE_SPACING * 0.87 + 40.0) + LABEL_SPACE


def compute_layout(
    ids: Sequence[str],
    years: Sequence[float | int | None],
    clusters: Sequence[int],
    importance: Sequence[float],
    band_order: Sequence[int] | None = None,
) -> Layout:
    """Place each paper at (year, sub-topic band) without overlaps.

    Inside one cell (one band, one year) papers fill a hexagonal grid from the centre outwards,
    most important first, so the top papers of a year sit in the middle of their band. Cells are
    as wide as needed for the whole map to come out about ``TARGET_ASPECT`` wide when fitted to a
    screen. Papers without a year go to a column left of the oldest year. A tiny jitter fixed by
    each paperId's hash keeps the grid from looking stamped; the same input always gives the same
    picture. Positions are rounded to 0.1 (:func:`place` gives them unrounded).

    Parameters
    ----------
    ids, years, clusters, importance
        Parallel sequences, one entry per paper.
    band_order
        Cluster ids from top band to bottom; defaults to clusters by descending total importance.
    """
    n = len(ids)
    if not (len(years) == len(clusters) == len(importance) == n):
        raise ValueError("ids, years, clusters and importance must have the same length")
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.array([str(i) for i in ids], dtype=str), kind="stable")] = np.arange(n)
    layout = place(
        pd.array(list(years), dtype="Float64").to_numpy(dtype=float, na_value=np.nan),
        np.asarray(clusters, dtype=int),
        np.asarray(importance, dtype=float),
        rank,
        jitter(ids),
        band_order,
    )
    return replace(layout, x=_rounded(layout.x), y=_rounded(layout.y))


def jitter(ids: Iterable[object]) -> np.ndarray:
    """Each paper's offset from its grid slot, fixed by its paperId (a few canvas units)."""
    return np.fromiter(((_stable_unit(str(i)) - 0.5) * 5.0 for i in ids), dtype=float)


def _rounded(values: np.ndarray) -> np.ndarray:
    # Python's round (correctly rounded), not numpy's x*10 / 10, so a position never moves
    return np.array([round(v, 1) for v in values.tolist()], dtype=float)


def place(
    years: np.ndarray,
    clusters: np.ndarray,
    importance: np.ndarray,
    rank: np.ndarray,
    offsets: np.ndarray,
    band_order: Sequence[int] | None = None,
) -> Layout:
    """:func:`compute_layout` on arrays, positions unrounded: a streamed export lays out a whole
    store with about a hundred bytes per paper (no Python object per paper).

    ``years`` float (NaN: undated), ``clusters`` int, ``importance`` float (NaN: 0), ``rank``
    each paper's position in paperId order (the tie-break inside a cell), ``offsets`` its
    :func:`jitter`.
    """
    n = len(years)
    imp_arr = np.nan_to_num(np.asarray(importance, dtype=float), nan=0.0)
    cluster_arr = np.asarray(clusters, dtype=np.int64)
    dated = ~np.isnan(years)
    first = int(np.nanmin(years)) if dated.any() else 2000
    last = int(np.nanmax(years)) if dated.any() else first

    if band_order is None:
        totals = pd.Series(imp_arr + 1e-9).groupby(cluster_arr).sum()
        band_order = sorted(totals.index, key=lambda c: (-totals[c], c))
    order = [int(c) for c in band_order]
    for c in sorted(set(np.unique(cluster_arr).tolist()) - set(order)):
        order.append(int(c))

    col = np.where(dated, np.nan_to_num(years, nan=first) - first, -1).astype(np.int64)
    # Papers grouped by cell (band, year column), each cell most important first, then paperId.
    by_cell = np.lexsort((rank, -imp_arr, col, cluster_arr))
    cell_cluster, cell_col = cluster_arr[by_cell], col[by_cell]
    new_cell = np.ones(n, dtype=bool)
    new_cell[1:] = (cell_cluster[1:] != cell_cluster[:-1]) | (cell_col[1:] != cell_col[:-1])
    starts = np.flatnonzero(new_cell)
    sizes = np.diff(np.r_[starts, n])
    crowd = {c: 0 for c in order}
    for c, size in zip(cell_cluster[starts].tolist(), sizes.tolist()):
        crowd[c] = max(crowd[c], size)

    # Pick the cell width (papers per grid row) that brings the map closest to the target aspect.
    columns = (last - first + 1) + (0 if dated.all() else 2)
    best = None
    for per_row in range(2, 16):
        width = columns * (per_row + 1) * NODE_SPACING
        height = sum(_band_height(crowd[c], per_row) + BAND_GAP for c in order)
        score = abs(math.log(width / max(height, 1.0) / TARGET_ASPECT))
        if best is None or score < best[0] - 1e-9:
            best = (score, per_row)
    per_row = best[1] if best else 3
    year_width = (per_row + 1) * NODE_SPACING
    undated_x = -2.0 * year_width

    # When even the narrowest cells leave the map too flat, stretch the bands vertically.
    width = columns * year_width
    height = sum(_band_height(crowd[c], per_row) + BAND_GAP for c in order)
    stretch = max(1.0, width / max(height, 1.0) / TARGET_ASPECT)

    bands: list[Band] = []
    top = 0.0
    for c in order:
        band = Band(cluster=c, top=top, height=round(_band_height(crowd[c], per_row) * stretch, 1))
        bands.append(band)
        top += band.height + BAND_GAP

    x = np.zeros(n)
    y = np.zeros(n)
    slot_in_cell = np.arange(n) - np.repeat(starts, sizes)
    for band in bands:
        members = cell_cluster == band.cluster
        if not members.any():
            continue
        slots = np.array(
            _slots(crowd[band.cluster], per_row, _half_rows(crowd[band.cluster], per_row))
        )
        slot = slots[slot_in_cell[members]]
        papers, column = by_cell[members], cell_col[members]
        cx = np.where(column < 0, undated_x, column * year_width)
        cy = band.top + LABEL_SPACE + (band.height - LABEL_SPACE) / 2
        x[papers] = cx + slot[:, 0] + offsets[papers]
        y[papers] = cy + slot[:, 1] * stretch - offsets[papers]
    return Layout(
        x=x,
        y=y,
        bands=bands,
        first_year=first,
        last_year=last,
        year_width=year_width,
        undated_x=undated_x,
    )
