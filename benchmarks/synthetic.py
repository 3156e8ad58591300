"""Benchmark: grow a million-paper synthetic field and compare it with baselines from the same run.

    /work/venv/bin/python benchmarks/synthetic.py [--size 1000000] [--seed 0]

Prints wall time, peak resident memory (``ru_maxrss``; tracemalloc does not see numpy buffers
cheaply), the number of citations, and two honest ratios measured in this process:

1. scaling — seconds per 1,000 papers at 100k versus at the full size (1.0 = linear);
2. speed at 20k papers — the batched generator versus (a) the same fitness × attachment ×
   ageing rule drawn one citing paper at a time (a Python loop over papers, numpy inside), and
   (b) a plain Python loop doing the *simplest* preferential attachment (an urn: no fitness, no
   ageing, no topics, no text). (b) does far less work per citation than the generator; it is the
   floor of any per-citation Python loop, not an equivalent model.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from mentalmap.synthetic import generate_field

T = TypeVar("T")


def peak_gb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def naive_urn(n_papers: int, refs: int = 20, m: int = 8, seed: int = 0) -> int:
    """Linear preferential attachment with one Python step per citation; returns edge count."""
    rnd = random.Random(seed)
    urn: list[int] = []
    edges = 0
    for i in range(n_papers):
        if i:
            chosen = set()
            for _ in range(min(refs, i)):
                # with probability ∝ m·i pick uniformly (initial attractiveness), else from urn
                if rnd.random() * (m * i + len(urn)) < m * i:
                    chosen.add(rnd.randrange(i))
                else:
                    chosen.add(urn[rnd.randrange(len(urn))])
            urn.extend(chosen)
            edges += len(chosen)
    return edges


def naive_per_paper(n_papers: int, refs: int = 20, m: float = 8.0, seed: int = 0) -> int:
    """The WSB rule with one numpy draw per citing paper (O(n²) overall); returns edge count."""
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, 20, n_papers))
    eta = rng.lognormal(0, 0.45, n_papers)
    mu = 1.1 + rng.normal(0, 0.25, n_papers)
    c = np.zeros(n_papers)
    edges = 0
    for i in range(1, n_papers):
        age = np.maximum(t[i] - t[:i], 1 / 52)
        w = eta[:i] * (c[:i] + m) * np.exp(-((np.log(age) - mu[:i]) ** 2) / 1.62) / age
        cum = np.cumsum(w)
        picked = np.unique(np.searchsorted(cum, rng.random(refs) * cum[-1], side="right"))
        picked = picked[picked < i]
        c[picked] += 1
        edges += len(picked)
    return edges


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and the wall seconds it took."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per measure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    small = 20_000
    naive_edges, naive_s = timed(naive_urn, small)
    loop_edges, loop_s = timed(naive_per_paper, small)
    f_small, small_s = timed(generate_field, small, seed=args.seed)
    small_edges = f_small.n_edges
    mid = min(100_000, args.size)
    f_mid, mid_s = timed(generate_field, mid, seed=args.seed)
    del f_small, f_mid
    field, big_s = timed(generate_field, args.size, seed=args.seed)
    gen_peak = peak_gb()
    frame, frame_s = timed(field.papers_frame, text=False)
    _, arrays_s = timed(field.edge_arrays)
    citing, cited = field.edge_arrays()
    indeg = np.bincount(cited, minlength=len(field))
    top1 = np.sort(indeg)[::-1][: len(field) // 100].sum() / indeg.sum()

    print(f"papers               {len(field):,}")
    print(f"citations (in-field) {field.n_edges:,}  ({field.n_edges / len(field):.1f} per paper)")
    print(f"generate             {big_s:.1f} s")
    print(
        f"peak memory          {gen_peak:.2f} GB after generating, {peak_gb():.2f} GB after frame"
    )
    print(f"papers_frame(text=False) {frame_s:.1f} s  ({frame.shape[0]:,} x {frame.shape[1]})")
    print(f"edge_arrays          {arrays_s * 1e3:.2f} ms")
    print(f"top 1% share of in-field citations {top1:.1%}; max in-degree {indeg.max():,}")
    per_k_mid = mid_s / mid * 1000
    per_k_big = big_s / args.size * 1000
    print(
        f"scaling              {per_k_mid * 1e3:.1f} ms/1k papers at {mid:,} vs "
        f"{per_k_big * 1e3:.1f} ms/1k at {args.size:,} (ratio {per_k_big / per_k_mid:.2f})"
    )
    small_rate = small_edges / small_s
    loop_rate = loop_edges / loop_s
    naive_rate = naive_edges / naive_s
    print(
        f"speed at {small:,}      generator {small_s:.2f} s ({small_rate:,.0f} citations/s, text "
        f"included); same rule one paper at a time {loop_s:.2f} s ({loop_rate:,.0f}/s) -> "
        f"x{small_rate / loop_rate:.1f}; bare Python urn {naive_s:.2f} s ({naive_rate:,.0f}/s) -> "
        f"x{small_rate / naive_rate:.2f}"
    )
    print(f"full size            generator {field.n_edges / big_s:,.0f} citations/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
