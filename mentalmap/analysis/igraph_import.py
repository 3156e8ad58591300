"""igraph without matplotlib: its import loads ``matplotlib.pyplot`` for plotting we never do.

``import igraph`` runs ``igraph.drawing``, which imports ``matplotlib.pyplot`` whenever
matplotlib is installed: a quarter of a second of CPU (measured beside ``python -c pass`` for
``mentalmap rank``, issue 19) for every analysis. Imported here while matplotlib is marked
missing, igraph keeps a stand-in for its matplotlib drawing (which mentalmap never uses); the
mark is removed at once, so matplotlib itself imports as usual afterwards. If matplotlib is
already imported, igraph is imported as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_igraph() -> ModuleType:
    """The ``igraph`` module, imported without ``matplotlib.pyplot`` when that is not loaded."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  # "not installed" to importers
    try:
        import igraph
    finally:
        if sys.modules.get("matplotlib", 0) is None:
            del sys.modules["matplotlib"]
    return igraph
