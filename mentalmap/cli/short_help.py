"""One-line command summaries for ``mentalmap --help`` read from the command modules' source.

Listing commands through ``get_command`` would import every module (pandas, scipy, igraph)
just to print a line each; parsing the docstrings with :mod:`ast` keeps ``--help`` fast while
the docstring stays the one place a command's help is written.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache

import click


@cache
def _module_docstrings(module: str) -> dict[str, str]:
    """Command name → docstring of every ``@main.command("…")``/``@main.group("…")`` in module."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return {}
    with open(spec.origin, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            if (
                isinstance(deco, ast.Call)
                and isinstance(deco.func, ast.Attribute)
                and deco.func.attr in ("command", "group")
                and isinstance(deco.func.value, ast.Name)
                and deco.func.value.id == "main"
                and deco.args
                and isinstance(deco.args[0], ast.Constant)
            ):
                found[str(deco.args[0].value)] = ast.get_docstring(node) or ""
    return found


def short_help(module: str, command: str, limit: int = 45) -> str:
    """click's own one-line summary of the command's docstring, without importing its module."""
    doc = _module_docstrings(module).get(command, "")
    return click.Command(command, help=doc).get_short_help_str(limit)
