"""Node positions for the map: time runs left to right, each sub-topic owns a horizontal band.

Positions are computed here, not by a physics simulation in the browser, so that the same store
always draws the same picture, a newcomer can read the x axis as "when" and the y axis as "what",
and the page is interactive at once (no stabilisation wait).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Horizontal distance between two consecutive publication years, in canvas units.
YEAR_WIDTH = 140.0
#: Distance kept between node centres inside one (band, year) cell.
NODE_SPACING = 34.0
#: A band is never thinner than this, so a sparse sub-topic still has room for its label.
MIN_BAND_HEIGHT = 180.0
#: Empty space between two bands.
BAND_GAP = 40.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


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
    #: x of the column that holds papers without a year (left of the oldest year).
    undated_x: float


def _stable_unit(key: str) -> float:
    """A number in [0, 1) fixed by ``key`` alone, so jitter does not change between runs."""
    return (zlib.crc32(key.encode("utf-8")) & 0xFFFFFFFF) / 2**32


def compute_layout(
    ids: Sequence[str],
    years: Sequence[float | int | None],
    clusters: Sequence[int],
    importance: Sequence[float],
    band_order: Sequence[int] | None = None,
) -> Layout:
    """Place each paper at (year, sub-topic band) without overlaps.

    Inside one cell (one band, one year) papers sit on a sunflower spiral, the most important at
    the centre, stretched to the cell's shape; the spiral's start angle comes from a hash of the
    cell so neighbouring cells do not look stamped. Papers without a year go to a column left of
    the oldest year.

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
    year_arr = pd.array(list(years), dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    cluster_arr = np.asarray(clusters, dtype=int)
    imp_arr = np.nan_to_num(np.asarray(importance, dtype=float), nan=0.0)

    dated = ~np.isnan(year_arr)
    first = int(np.nanmin(year_arr)) if dated.any() else 2000
    last = int(np.nanmax(year_arr)) if dated.any() else first
    undated_x = -1.5 * YEAR_WIDTH

    if band_order is None:
        totals = pd.Series(imp_arr + 1e-9).groupby(cluster_arr).sum()
        band_order = sorted(totals.index, key=lambda c: (-totals[c], c))
    order = [int(c) for c in band_order]
    for c in sorted(set(cluster_arr.tolist()) - set(order)):
        order.append(int(c))

    col = np.where(dated, np.nan_to_num(year_arr, nan=first) - first, -1).astype(int)
    cells: dict[tuple[int, int], list[int]] = {}
    for i in range(n):
        cells.setdefault((int(cluster_arr[i]), int(col[i])), []).append(i)

    # A band is as tall as its most crowded year needs at the fixed cell width.
    per_row = max(1, int(YEAR_WIDTH * 0.8 // NODE_SPACING))
    bands: list[Band] = []
    top = 0.0
    band_top: dict[int, Band] = {}
    for c in order:
        crowd = max((len(v) for (cc, _), v in cells.items() if cc == c), default=0)
        height = max(MIN_BAND_HEIGHT, math.ceil(crowd / per_row) * NODE_SPACING * 1.15 + 60.0)
        band = Band(cluster=c, top=top, height=height)
        bands.append(band)
        band_top[c] = band
        top += height + BAND_GAP

    x = np.zeros(n)
    y = np.zeros(n)
    for (c, column), members in cells.items():
        band = band_top[c]
        members.sort(key=lambda i: (-imp_arr[i], ids[i]))
        cx = undated_x if column < 0 else column * YEAR_WIDTH
        cy = band.top + band.height / 2
        half_w = YEAR_WIDTH * 0.4
        half_h = band.height / 2 - 28.0
        k = len(members)
        start = _stable_unit(f"{c}:{column}") * 2 * math.pi
        for rank, i in enumerate(members):
            if k == 1:
                dx = dy = 0.0
            else:
                r = math.sqrt((rank + 0.5) / k)
                angle = start + rank * _GOLDEN_ANGLE
                dx = r * math.cos(angle) * half_w
                dy = r * math.sin(angle) * half_h
            # A little per-paper jitter breaks the spiral's regularity without causing overlaps.
            jitter = (_stable_unit(str(ids[i])) - 0.5) * 6.0
            x[i] = round(cx + dx + jitter, 1)
            y[i] = round(cy + dy - jitter, 1)
    return Layout(x=x, y=y, bands=bands, first_year=first, last_year=last, undated_x=undated_x)
