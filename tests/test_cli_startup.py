"""The CLI starts without the heavy scientific stack (issue 16 item 2)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import mentalmap

HEAVY = ("pandas", "numpy", "scipy", "igraph", "networkx", "httpx")

_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['mentalmap'] + sys.argv[1:]\n"
    "import mentalmap.cli\n"
    "try:\n"
    "    mentalmap.cli.main(standalone_mode=False)\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('HEAVY:' + ' '.join(m for m in {heavy!r} if m in sys.modules))\n"
)


def _heavy_loaded(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI in a fresh interpreter; the last stdout line names heavy modules loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return done.stdout.rsplit("HEAVY:", 1)[1].strip()


def test_import_cli_loads_no_heavy_module() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, mentalmap.cli; print([m for m in {HEAVY!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_help_version_and_completion_load_no_heavy_module() -> None:
    assert _heavy_loaded("--help") == ""
    assert _heavy_loaded("--version") == ""
    env = {"_MENTALMAP_COMPLETE": "bash_complete", "COMP_WORDS": "mentalmap r", "COMP_CWORD": "1"}
    assert _heavy_loaded(env=env) == ""


def test_help_lists_every_command_with_its_own_summary() -> None:
    """The summaries read from source match what click derives from the loaded commands."""
    import importlib

    from click.testing import CliRunner

    from mentalmap.cli import main
    from mentalmap.cli.app import COMMAND_MODULES
    from mentalmap.cli.short_help import short_help

    lazy = CliRunner().invoke(main, ["--help"]).output
    for name, module in COMMAND_MODULES.items():
        importlib.import_module(module)
        assert short_help(module, name) == main.commands[name].get_short_help_str(45)
        assert f"  {name} " in lazy
    assert CliRunner().invoke(main, ["--help"]).output == lazy


def test_public_api_names_resolve_lazily() -> None:
    for name in mentalmap.__all__:
        assert getattr(mentalmap, name) is not None
    assert set(mentalmap.__all__) <= set(dir(mentalmap))


SUMMARIES = [
    "Rank the papers of a map, most important first, with role, confidence and reason.",
    "Short one.",
    "The papers vs. the map. Second sentence here.",
    "First paragraph ends\nacross lines\n\nSecond paragraph.",
    "\b\nno rewrap marker first, then a rather long sentence that needs cutting somewhere.",
    "averyveryverylongwordwithoutspaces and more words after it for the cut",
    "",
]


@pytest.mark.parametrize("doc", SUMMARIES)
def test_own_summaries_match_clicks_at_every_width(doc: str) -> None:
    import click

    from mentalmap.cli.short_help import first_sentence

    for limit in range(3, 90):
        assert first_sentence(doc, limit) == click.Command("x", help=doc).get_short_help_str(
            limit
        ), (doc, limit)
