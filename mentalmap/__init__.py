"""mentalmap: a mental map of a research sub-area from Semantic Scholar citations.

The Python API mirrors the command line: crawl into a store, load it as pandas frames or a
networkx graph, analyse, render and export.
"""

from mentalmap.crawl import CrawlReport, CrawlSettings, crawl
from mentalmap.errors import MentalmapError
from mentalmap.graph import load_edges, load_graph, load_papers, load_seeds, to_graph
from mentalmap.s2 import ClientSettings, S2Client, parse_paper_id
from mentalmap.store import Store

__version__ = "0.1.0"

__all__ = [
    "ClientSettings",
    "CrawlReport",
    "CrawlSettings",
    "MentalmapError",
    "S2Client",
    "Store",
    "__version__",
    "crawl",
    "load_edges",
    "load_graph",
    "load_papers",
    "load_seeds",
    "parse_paper_id",
    "to_graph",
]
