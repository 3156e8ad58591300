"""Start-up time of ``mentalmap --help``/``--version``/completion beside ``python -c pass``.

Prints each command's best-of-N wall time and its ratio to the bare interpreter measured in
the same run (issue 16 item 2: target under 0.3 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

RUNS = 7
CLI = [sys.executable, "-m", "mentalmap"]


def best(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Best wall time of RUNS runs, seconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    base = best([sys.executable, "-c", "pass"])
    complete = {
        "_MENTALMAP_COMPLETE": "bash_complete",
        "COMP_WORDS": "mentalmap r",
        "COMP_CWORD": "1",
    }
    cases = {
        "--help": (CLI + ["--help"], None),
        "--version": (CLI + ["--version"], None),
        "completion": (CLI, complete),
    }
    print(f"python -c pass      {base:.3f} s")
    for name, (cmd, env) in cases.items():
        took = best(cmd, env)
        print(f"mentalmap {name:<10} {took:.3f} s  ×{took / base:.1f}")


if __name__ == "__main__":
    main()
