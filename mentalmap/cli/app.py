"""The click group every command hangs on, and the one place errors become exit codes."""

from __future__ import annotations

import gc
import importlib
import logging
from typing import Any

import click
from click.shell_completion import CompletionItem

from mentalmap.cli.short_help import short_help
from mentalmap.cli.terminal import echo
from mentalmap.errors import InvalidPaperId, MentalmapError
from mentalmap.safe_text import one_line

#: Documented exit codes (docs/cli.md): 0 ok, 1 a mentalmap error, 2 bad usage or a malformed
#: id, 130 interrupted by Ctrl-C.
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


#: Command name → the module that defines it. Modules load only when their command runs, so
#: ``mentalmap read`` does not pay for pandas, scipy and igraph imports it never uses.
COMMAND_MODULES = {
    "authors": "mentalmap.cli.authors",
    "crawl": "mentalmap.cli.crawl",
    "datasets": "mentalmap.cli.datasets",
    "demo": "mentalmap.cli.demo",
    "expand": "mentalmap.cli.expand",
    "export": "mentalmap.cli.export",
    "map": "mentalmap.cli.map",
    "notes": "mentalmap.cli.reading_log",
    "path": "mentalmap.cli.similar",
    "predict": "mentalmap.cli.predict",
    "rank": "mentalmap.cli.rank",
    "read": "mentalmap.cli.reading_log",
    "reading-list": "mentalmap.cli.reading",
    "similar": "mentalmap.cli.similar",
    "surveys": "mentalmap.cli.surveys",
    "upgrade": "mentalmap.cli.upgrade",
}


class MentalmapGroup(click.Group):
    """Loads commands lazily, and turns library exceptions into one ``Error: …`` line and an
    exit code, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])  # registers on ``main``
            # The objects of the imports so far (pandas' ~100k) live for the whole run: out of
            # the collector's generations, the collections the command's short-lived
            # containers trigger stop rescanning them (~0.1 of rank's CPU-s, benchmarks/rank.py).
            gc.freeze()
        return self.commands.get(cmd_name)

    def _short_help(self, name: str, limit: int) -> str:
        if name in self.commands:
            return self.commands[name].get_short_help_str(limit)
        return short_help(COMMAND_MODULES[name], name, limit)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Complete command names without importing every command module (TAB stays fast)."""
        names = [name for name in self.list_commands(ctx) if name.startswith(incomplete)]
        if incomplete.startswith("-") or not names:
            return super().shell_complete(ctx, incomplete)
        return [CompletionItem(name, help=self._short_help(name, 45)) for name in names]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from source docstrings, so ``--help`` imports no command module."""
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, self._short_help(name, limit)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidPaperId as exc:
            raise _OneLineUsageError(str(exc)) from None
        except MentalmapError as exc:
            raise _OneLineError(str(exc)) from None
        except KeyboardInterrupt:
            echo("\nInterrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)


class _OneLineError(click.ClickException):
    """``Error: …`` on one line with our exit code (click's usage errors add two more lines)."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))  # a title or a path in it stays inert


class _OneLineUsageError(_OneLineError):
    """A malformed paper id: a usage error, said on one line."""

    exit_code = EXIT_USAGE


@click.group(cls=MentalmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentalmap")
@click.option("-v", "--verbose", count=True, help="Log requests and decisions to stderr.")
def main(verbose: int) -> None:
    """mentalmap: a mental map of a research sub-area from Semantic Scholar citations.

    \b
    Example:
      mentalmap demo                      # offline: a synthetic field, its map and reading list
      mentalmap crawl ARXIV:1706.03762    # live: crawl around "Attention is all you need"
    """
    if verbose:
        logging.basicConfig(
            level=logging.DEBUG if verbose > 1 else logging.INFO,
            format="%(levelname)s %(name)s: %(message)s",
        )
