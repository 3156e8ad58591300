"""Command-line interface: ``mentalmap <command>``. Each module adds its commands to ``main``."""

# Command modules register themselves on import.
from mentalmap.cli import authors as _authors  # noqa: E402,F401
from mentalmap.cli import crawl as _crawl  # noqa: E402,F401
from mentalmap.cli import demo as _demo  # noqa: E402,F401
from mentalmap.cli import export as _export  # noqa: E402,F401
from mentalmap.cli import map as _map  # noqa: E402,F401
from mentalmap.cli import predict as _predict  # noqa: E402,F401
from mentalmap.cli import rank as _rank  # noqa: E402,F401
from mentalmap.cli import reading as _reading  # noqa: E402,F401
from mentalmap.cli import reading_log as _reading_log  # noqa: E402,F401
from mentalmap.cli import surveys as _surveys  # noqa: E402,F401
from mentalmap.cli.app import main

__all__ = ["main"]
