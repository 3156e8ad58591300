"""Every output is written whole or not at all (issue #15 item 3): real processes, real SIGKILLs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentalmap.errors import ExportError
from mentalmap.outputs import MANIFEST, write_text_atomic, write_together

KILLER = Path(__file__).with_name("kill_mid_write.py")


def mentalmap(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentalmap", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
    )  # fmt: skip


def killed(folder: Path, *args: str, at: int = 1, on_replace: bool = False) -> int:
    env = {**os.environ, "KILL_DIR": str(folder), "KILL_AT": str(at)}
    if on_replace:
        env["KILL_ON_REPLACE"] = "1"
    run = subprocess.run([sys.executable, str(KILLER), *args], capture_output=True, env=env)
    return run.returncode


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


#: command → (its arguments, the write into the out folder that the kill lands in)
REWRITES = {
    "map": (["map", "--out", "{out}/map.html"], 1),
    "reading-list markdown": (
        ["reading-list", "--format", "markdown", "--out", "{out}/plan.md"], 1
    ),
    "notes": (["notes", "--out", "{out}/notes.md"], 1),
    "predict": (["predict", "--as-of", "2016", "--out", "{out}/then.html"], 1),
    "export csv (the second file of the pair)": (
        ["export", "--format", "csv", "--out", "{out}"], 2
    ),
    "export json (the second file of the pair)": (
        ["export", "--format", "json", "--out", "{out}"], 2
    ),
    "export parquet (the first file of the pair)": (
        ["export", "--format", "parquet", "--out", "{out}"], 1
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REWRITES))
def test_sigkill_during_a_rewrite_leaves_the_old_output_whole_and_no_temp_file(
    name: str, demo_db: Path, tmp_path: Path
) -> None:
    template, at = REWRITES[name]
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(out=out) for a in template] + ["--db", str(demo_db)]
    first = mentalmap(*args)
    assert first.returncode == 0, first.stderr
    for path in out.iterdir():  # the old outputs, told apart from what the rewrite would write
        path.write_bytes(b"old " + path.name.encode())
    before = snapshot(out)

    assert killed(out, *args, at=at) == -9  # SIGKILL, halfway through a write
    assert snapshot(out) == before  # every old file whole (both of a pair), nothing left over

    again = mentalmap(*args)  # and the next run writes the new output
    assert again.returncode == 0, again.stderr
    assert set(snapshot(out)) == set(before) and snapshot(out) != before


def test_a_kill_between_the_renames_of_a_pair_is_finished_by_the_next_write(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    old = mentalmap("export", "--format", "csv", "--out", str(out), "--db", str(demo_db),
                    "--select", "role:foundational")  # fmt: skip
    assert old.returncode == 0, old.stderr
    args = ["export", "--format", "csv", "--out", str(out), "--db", str(demo_db)]
    assert killed(out, *args, at=2, on_replace=True) == -9  # papers.csv renamed, edges.csv not
    assert (out / MANIFEST).exists()  # a reader can tell the pair is being replaced

    write_text_atomic(out / "other.txt", "any later write into the folder")
    assert not (out / MANIFEST).exists()
    assert sorted(os.listdir(out)) == ["edges.csv", "other.txt", "papers.csv"]
    fresh = tmp_path / "fresh"
    assert (
        mentalmap("export", "--format", "csv", "--out", str(fresh), "--db", str(demo_db)).returncode
        == 0
    )
    assert snapshot(fresh) == {k: v for k, v in snapshot(out).items() if k != "other.txt"}


def test_a_failing_writer_keeps_both_old_files_of_a_pair(tmp_path: Path) -> None:
    (tmp_path / "papers.csv").write_text("old papers")
    (tmp_path / "edges.csv").write_text("old edges")

    def no_space(handle) -> None:
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match=r"cannot write .*edges.csv: No space left on device"):
        write_together(
            {tmp_path / "papers.csv": lambda h: h.write(b"new"), tmp_path / "edges.csv": no_space},
            ExportError,
        )
    assert snapshot(tmp_path) == {"edges.csv": b"old edges", "papers.csv": b"old papers"}


def test_outputs_keep_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "map.html", "x")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
