"""mentalmap: a mental map of a research sub-area from Semantic Scholar citations.

The Python API mirrors the command line: crawl into a store, load it as pandas frames or a
networkx graph, analyse, render and export. docs/api.md shows each name in use.
"""

import importlib as _importlib
import sys as _sys
import types as _types
from typing import Any as _Any

#: Public name → the module defining it. Loaded on first use (PEP 562) so that
#: ``import mentalmap`` and the CLI start without pandas, scipy and igraph.
_LAZY = {
    "ClientSettings": "mentalmap.s2",
    "CrawlReport": "mentalmap.crawl",
    "CrawlSettings": "mentalmap.crawl",
    "FieldAnalysis": "mentalmap.pipeline",
    "MapView": "mentalmap.render.notebook",
    "MentalmapError": "mentalmap.errors",
    "S2Client": "mentalmap.s2",
    "Store": "mentalmap.store",
    "analyse_store": "mentalmap.pipeline",
    "analyze": "mentalmap.analysis",
    "crawl": "mentalmap.crawl",
    "export_papers": "mentalmap.export",
    "generate_field": "mentalmap.synthetic",
    "load_edges": "mentalmap.graph",
    "load_example_field": "mentalmap.synthetic",
    "load_graph": "mentalmap.graph",
    "load_papers": "mentalmap.graph",
    "load_seeds": "mentalmap.graph",
    "parse_paper_id": "mentalmap.s2",
    "reading_list": "mentalmap.analysis",
    "render_map": "mentalmap.render",
    "run_demo": "mentalmap.demo",
    "select_papers": "mentalmap.export",
    "to_graph": "mentalmap.graph",
    "write_map": "mentalmap.pipeline",
}

__version__ = "0.1.0"

__all__ = [
    "ClientSettings",
    "CrawlReport",
    "CrawlSettings",
    "FieldAnalysis",
    "MapView",
    "MentalmapError",
    "S2Client",
    "Store",
    "__version__",
    "analyse_store",
    "analyze",
    "crawl",
    "export_papers",
    "generate_field",
    "load_edges",
    "load_example_field",
    "load_graph",
    "load_papers",
    "load_seeds",
    "parse_paper_id",
    "reading_list",
    "render_map",
    "run_demo",
    "select_papers",
    "to_graph",
    "write_map",
]


def __getattr__(name: str) -> _Any:
    """Import a public name's module only when the name is first used."""
    if name not in _LAZY:
        raise AttributeError(f"module 'mentalmap' has no attribute {name!r}")
    value = getattr(_importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(_types.ModuleType):
    """Keeps a public function when a submodule of the same name is imported
    (``mentalmap.crawl`` is the function, as before, not the ``mentalmap.crawl`` package)."""

    def __setattr__(self, name: str, value: _Any) -> None:
        if name in _LAZY and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
