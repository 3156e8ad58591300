"""The CLI starts without the heavy scientific stack (issue 16 item 2)."""

from __future__ import annotations

import os
import subprocess
import sys

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


#: Modules ``rank`` has no use for: graph export, the S2 client, plotting, the reading list,
#: predictions, and scipy's graph algorithms (needed only to condense a citation cycle).
RANK_UNUSED = (
    "networkx", "httpx", "matplotlib", "duckdb", "mentalmap.analysis.reading",
    "mentalmap.predict", "mentalmap.analysis.evaluate", "scipy.sparse.csgraph",
)  # fmt: skip


def test_rank_imports_only_what_it_uses(demo_db) -> None:
    """``rank`` on an acyclic map (issue 19: < 1 s of CPU) loads no module it does not use."""
    from mentalmap.analysis import citation_matrix
    from mentalmap.analysis.mainpath import _dag
    from mentalmap.graph import load_edges, load_papers

    m = citation_matrix(load_papers(demo_db), load_edges(demo_db))
    assert (_dag(m)[2] >= 0).all()  # acyclic, so strong components are never needed
    probe = _PROBE.format(heavy=RANK_UNUSED)
    done = subprocess.run(
        [sys.executable, "-c", probe, "rank", "--db", str(demo_db), "--limit", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "#" in done.stdout  # the table was printed
    assert done.stdout.rsplit("HEAVY:", 1)[1].strip() == ""


def test_analysis_names_resolve_lazily_to_their_objects() -> None:
    import importlib

    import mentalmap.analysis as analysis

    importlib.import_module("mentalmap.analysis.pagerank")  # binds the submodule's name

    assert callable(analysis.pagerank)  # the function, not the submodule of the same name
    for name in analysis.__all__:
        value = getattr(analysis, name)
        assert value is not None and not isinstance(value, type(analysis)), name
    assert set(analysis.__all__) <= set(dir(analysis))
