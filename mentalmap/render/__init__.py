"""The self-contained HTML map of a field: one offline file a newcomer can explore."""

from mentalmap.render.data import build_map_data
from mentalmap.render.html import build_map_html, render_map
from mentalmap.render.layout import Layout, compute_layout
from mentalmap.render.notebook import MapView

__all__ = ["Layout", "MapView", "build_map_data", "build_map_html", "compute_layout", "render_map"]
