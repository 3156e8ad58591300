"""Command-line interface: ``mentalmap <command>``. Each module adds its commands to ``main``."""

# Command modules register themselves on import.
from mentalmap.cli import crawl as _crawl  # noqa: E402,F401
from mentalmap.cli import export as _export  # noqa: E402,F401
from mentalmap.cli import map as _map  # noqa: E402,F401
from mentalmap.cli.app import main

__all__ = ["main"]
