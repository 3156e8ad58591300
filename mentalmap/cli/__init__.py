"""Command-line interface: ``mentalmap <command>``.

Each command lives in its own module, registered on ``main`` when first used (see
:data:`mentalmap.cli.app.COMMAND_MODULES`).
"""

from mentalmap.cli.app import main

__all__ = ["main"]
