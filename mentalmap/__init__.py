"""mentalmap: a mental map of a research sub-area from Semantic Scholar citations.

The Python API mirrors the command line: crawl into a store, load it as pandas frames or a
networkx graph, analyse, render and export. docs/api.md shows each name in use.
"""

from mentalmap.analysis import analyze, reading_list
from mentalmap.crawl import CrawlReport, CrawlSettings, crawl
from mentalmap.demo import run_demo
from mentalmap.errors import MentalmapError
from mentalmap.export import export_papers, select_papers
from mentalmap.graph import load_edges, load_graph, load_papers, load_seeds, to_graph
from mentalmap.pipeline import FieldAnalysis, analyse_store, write_map
from mentalmap.render import render_map
from mentalmap.render.notebook import MapView
from mentalmap.s2 import ClientSettings, S2Client, parse_paper_id
from mentalmap.store import Store
from mentalmap.synthetic import generate_field, load_example_field

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
