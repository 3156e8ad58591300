"""Every notebook in notebooks/ runs top to bottom on a fresh kernel, and is committed clean.

Each one executes in a temporary working directory (so it writes nothing into the checkout) on a
``python3`` kernel of this very interpreter, with this checkout first on the kernel's path.
Needs the ``[test]`` extra (nbclient, nbformat, ipykernel, matplotlib).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Printed by the kernel first: its environment must be this one (the venv under test).
PROBE = "import sys; print(sys.prefix)"
#: The backend ipykernel picks by default: figures become cell outputs, no display needed.
INLINE = "module://matplotlib_inline.backend_inline"


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


def execute(path: Path, tmp_path: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on this interpreter's kernel, in ``tmp_path``; its outputs."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    path_entries = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path_entries), MPLBACKEND=INLINE)
    env["TMPDIR"] = str(tmp_path)  # the notebook's temporary folders end up here too
    client.execute(env=env)  # raises CellExecutionError, naming the cell, on any error
    kernel_prefix = "".join(out.get("text", "") for out in notebook.cells[0].outputs).strip()
    assert kernel_prefix == sys.prefix, "the python3 kernel runs another Python environment"
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_error(path: Path, tmp_path: Path) -> None:
    before = _listing()
    execute(path, tmp_path)
    assert _listing() <= before, "the notebook wrote into the checkout"


def _listing() -> set[Path]:
    return {*ROOT.iterdir(), *(ROOT / "notebooks").iterdir()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}: clear the outputs before committing"
            assert cell.execution_count is None, f"{path.name}: clear execution counts"
