"""A rendered map page: shown inline in JupyterLab, classic Notebook and VS Code, or saved as a
file (the one way a map is written, by the API, ``mentalmap map`` and the benchmarks alike).

The page goes into an ``<iframe srcdoc=...>`` rather than the notebook's own DOM: the map's styles
(fonts, margins, a full-window layout) then stay inside the frame and leave the notebook page
untouched, and unlike ``IFrame("map.html")`` nothing has to be served by a Jupyter server, which
VS Code does not have. The frame is sandboxed: scripts run (the map needs them), links open in a
new tab, but the page gets no access to the notebook's origin (no ``allow-same-origin``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentalmap.errors import RenderError
from mentalmap.outputs import write_text_atomic
from mentalmap.render.page import page_html

#: What the framed page may do: run its script, open its links (Semantic Scholar, DOI, code) in
#: a new tab, nothing else; without ``allow-same-origin`` it cannot reach the notebook.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
#: Frame height in CSS pixels: notebooks give outputs their content's height, and a srcdoc frame
#: has none of its own, so it is fixed.
DEFAULT_HEIGHT = 640


@dataclass(frozen=True)
class MapPage:
    """A written map: its path, the papers embedded in it and the papers it was made from
    (None: not known, for a view made from page text alone)."""

    path: Path
    embedded: int | None
    total: int | None
    dates: str = ""  # :func:`mentalmap.dates.future_note` of the map's papers
    #: :func:`~mentalmap.render.data.selection_note` of the page ("" when it holds every paper
    #: or is not known)
    note: str = ""


class MapView:
    """One rendered map page; displays itself in a notebook and saves itself as a file."""

    def __init__(
        self,
        page: str,
        height: int = DEFAULT_HEIGHT,
        embedded: int | None = None,
        total: int | None = None,
        dates: str = "",
        note: str = "",
    ) -> None:
        if height <= 0:
            raise ValueError(f"height must be positive, not {height}")
        self.page = page
        self.height = height
        #: Papers the page holds, and papers of the map it was made from (None: not known).
        self.embedded, self.total = embedded, total
        #: Papers dated after today, named (:func:`mentalmap.dates.future_note`; "" when none).
        self.dates = dates
        #: What a capped page holds and how to see the rest (the page shows the same words).
        self.note = note

    @classmethod
    def of(cls, data: dict[str, Any], height: int = DEFAULT_HEIGHT) -> MapView:
        """The view of :func:`~mentalmap.render.data.build_map_data`'s document."""
        return cls(
            page_html(data),
            height,
            len(data["papers"]),
            data["total"],
            data.get("dates", ""),
            data.get("note", ""),
        )

    def _repr_html_(self) -> str:
        """The map in a sandboxed srcdoc frame (the whole page, HTML-escaped into one attribute)."""
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" sandbox="{SANDBOX}" '
            f'allow="clipboard-write" title="mentalmap" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ccc;"></iframe>'
        )

    def save(self, path: str | Path) -> MapPage:
        """Write the page as a self-contained HTML file, whole or not at all; the page says how
        many papers it embeds, so a command never claims more than the file holds."""
        written = Path(write_text_atomic(path, self.page, RenderError))
        return MapPage(written, self.embedded, self.total, self.dates, self.note)

    def __repr__(self) -> str:
        return f"MapView({len(self.page)} characters, height={self.height})"
