"""CPU of ``mentalmap rank`` on a 2,000-paper store, beside ``python -c pass`` (issue 19: < 1 s).

    python benchmarks/rank.py [--papers 2000]

The store is a real crawl of a synthetic field (``benchmarks/store.py``). Prints the best of
three runs' CPU (user + sys of the child) for the bare interpreter, ``import pandas`` (the
floor of any command that reads frames) and ``mentalmap rank``; then, in one process, where
rank's CPU goes: each import, the analysis, and the Leiden call inside it.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from store import crawled_store  # noqa: E402

BREAKDOWN = """
import sys, time
t = [time.process_time()]
def step(name):
    t.append(time.process_time()); print(f"  {name:<28} {t[-1] - t[-2]:5.2f} s CPU")
import pandas; step("import pandas")
import mentalmap.analysis.topics as topics; step("import analysis (igraph, scipy)")
from mentalmap.pipeline import analyse_store; step("import pipeline")
spent = [0.0]
leiden = topics._leiden
def timed(*args, **kwargs):
    s = time.process_time(); out = leiden(*args, **kwargs); spent[0] += time.process_time() - s
    return out
topics._leiden = timed
analyse_store(sys.argv[1]); step("analyse_store")
print(f"  {'of which Leiden':<28} {spent[0]:5.2f} s CPU")
print(f"  matplotlib imported: {'matplotlib' in sys.modules}")
"""


def cpu(cmd: list[str]) -> float:
    """Best CPU seconds (user + sys) of three runs of ``cmd``."""
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.sqlite"
        t0 = time.perf_counter()
        crawled_store(args.papers, db)
        print(f"store of {args.papers:,} papers crawled in {time.perf_counter() - t0:.0f} s")
        base = cpu([sys.executable, "-c", "pass"])
        pandas = cpu([sys.executable, "-c", "import pandas"])
        rank = cpu([sys.executable, "-m", "mentalmap", "rank", "--db", str(db), "--limit", "10"])
        ratio = rank / max(base, 1e-3)
        print(f"python -c pass {base:5.2f} s CPU; import pandas {pandas:5.2f} s; "
              f"mentalmap rank {rank:5.2f} s ({ratio:.0f}x the interpreter)")  # fmt: skip
        print("where rank's CPU goes (one process):")
        done = subprocess.run(
            [sys.executable, "-c", BREAKDOWN, str(db)], capture_output=True, text=True, check=True
        )
        print(done.stdout, end="")


if __name__ == "__main__":
    main()
