"""One-line command summaries for ``mentalmap --help`` read from the command modules' source.

Listing commands through ``get_command`` would import every module (pandas, scipy, igraph)
just to print a line each; parsing the docstrings with :mod:`ast` keeps ``--help`` fast while
the docstring stays the one place a command's help is written.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache


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
    """The one-line summary click shows for the command, without importing its module."""
    return first_sentence(_module_docstrings(module).get(command, ""), limit)


def first_sentence(doc: str, limit: int = 45) -> str:
    """The first sentence of ``doc``'s first paragraph, cut after a word to fit ``limit``.

    The rule of click's own summaries (``Command.get_short_help_str``), so the command list
    reads the same whether a command is loaded or not: a period ends the sentence unless a
    lowercase word follows it ("vs. x"); a cut summary ends in ``...``.
    """
    words = doc.partition("\n\n")[0].split()
    if words[:1] == ["\b"]:  # click's no-rewrap marker
        words = words[1:]
    for i, word in enumerate(words):
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    text = " ".join(words)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) + len("...") > limit:
            break
        kept.append(word)
    return " ".join(kept) + "..."
