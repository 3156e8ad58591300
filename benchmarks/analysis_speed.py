"""Speed of the analyses: sparse implementations against networkx / plain-Python references.

Prints, for a 100,000-paper synthetic field, the time of each signal and its speed ratio against
the reference measured in the same run (networkx's ``pagerank``; the pure-Python ``*_python``
twins; the cdindex-style Python loop on a sample of focal papers, extrapolated per paper), then
the full analysis of 100k / 300k / 1M-paper fields (``text=False`` frames, edge arrays), each
in its own process so that its peak RSS is its own: seconds per step of one ``analyze_matrix``
call, peak memory, and every approximation's error beside it — the CD index's sample rate and
its values against the exact index of 20,000 random papers; the Leiden partition's modularity
against Leiden run to convergence on the same graph (the convergence runs are not timed in).

    python benchmarks/analysis_speed.py                        # 100k ratios + 100k/300k/1M
    python benchmarks/analysis_speed.py --small                # 20k ratios only (quick check)
    python benchmarks/analysis_speed.py --sizes 100000 --no-ratios
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

import mentalmap.analysis.table as table_module
import mentalmap.analysis.topics as topics_module
from mentalmap.analysis import CitationMatrix, analyze_matrix
from mentalmap.analysis.disruption import cd_from_counts, cd_index_python, disruption_counts
from mentalmap.analysis.mainpath import main_path, spc_python
from mentalmap.analysis.pagerank import (
    citerank_python,
    citerank_scores,
    pagerank_python,
    pagerank_scores,
)
from mentalmap.analysis.topics import clusters
from mentalmap.synthetic import Field, generate_field


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def load_field(n: int, cache: Path | None) -> Field:
    if cache is not None and cache.exists():
        return Field.load(cache)
    field = generate_field(n, seed=0)
    if cache is not None:
        field.save(cache)
    return field


def matrix_of(field: Field) -> tuple[CitationMatrix, object]:
    papers = field.papers_frame(text=False)
    citing, cited = field.edge_arrays()
    m = CitationMatrix.from_arrays(
        papers.index.to_numpy(), field.years.astype(float), citing, cited
    )
    return m, papers


def ratios(field: Field) -> None:
    m, _ = matrix_of(field)
    ids = [str(i) for i in range(m.n)]
    rows, cols = m.edge_rows, m.A.indices
    edges = list(zip(rows.tolist(), cols.tolist(), strict=True))
    sedges = [(ids[a], ids[b]) for a, b in edges]
    years = dict(zip(ids, m.year.tolist(), strict=True))
    print(f"field: {m.n:,} papers, {m.n_edges:,} citations")

    ours, t_ours = timed(pagerank_scores, m, 0.5, 1e-10)
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from(sedges)
    nx_pr, t_nx = timed(nx.pagerank, g, alpha=0.5, tol=1e-10)
    _, t_py = timed(pagerank_python, ids, sedges, 0.5, 1e-10)
    err = max(abs(ours[i] - nx_pr[ids[i]]) for i in range(0, m.n, 97))
    print(f"pagerank   ours {t_ours:7.3f} s | nx.pagerank {t_nx:7.2f} s ({t_nx / t_ours:6.1f}x) | "
          f"python {t_py:7.2f} s ({t_py / t_ours:6.1f}x) | max |diff| vs nx {err:.1e}")  # fmt: skip

    _, t_ours = timed(citerank_scores, m)
    _, t_py = timed(citerank_python, ids, sedges, years)
    print(f"citerank   ours {t_ours:7.3f} s | python {t_py:7.2f} s ({t_py / t_ours:6.1f}x)")

    _, t_ours = timed(disruption_counts, m, 5, False)
    refs: dict[str, list[str]] = {i: [] for i in ids}
    citers: dict[str, list[str]] = {i: [] for i in ids}
    for a, b in sedges:
        refs[a].append(b)
        citers[b].append(a)
    rng = np.random.default_rng(0)
    sample = [ids[i] for i in rng.choice(m.n, 2000, replace=False)]
    _, t_sample = timed(lambda: [cd_index_python(refs, years, f, 5, False, citers) for f in sample])
    t_py = t_sample / len(sample) * m.n
    print(f"cd index   ours {t_ours:7.3f} s | python loop {t_py:7.1f} s est. from "
          f"{len(sample)} papers ({t_py / t_ours:6.1f}x)")  # fmt: skip

    _, t_ours = timed(main_path, m)
    dag = [(a, b) for a, b in sedges if years[a] >= years[b]]
    _, t_py = timed(spc_python, dag, False)
    print(f"main path  ours {t_ours:7.3f} s (SPC + key routes) | python SPC sweeps {t_py:7.2f} s "
          f"({t_py / t_ours:6.1f}x)")  # fmt: skip
    _, t_leiden = timed(clusters, m)
    print(f"clusters   ours {t_leiden:7.3f} s (igraph Leiden, no reference)")


STEPS = ("pagerank_scores", "citerank_scores", "disruption_counts", "main_path", "clusters",
         "assign_roles", "code_links", "_relevance")  # fmt: skip


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def total(n: int, cache: Path | None) -> None:
    """One full analysis, each step timed inside the one call, then the approximations' errors.

    The generator's field is dropped once the frames are built: it is not the analysis's."""
    field = load_field(n, cache / f"field{n}.npz" if cache else None)
    t0 = time.perf_counter()
    papers = field.papers_frame(text=False)
    citing, cited = field.edge_arrays()
    m = CitationMatrix.from_arrays(
        papers.index.to_numpy(), field.years.astype(float), citing, cited
    )
    del field, citing, cited
    t_build = time.perf_counter() - t0
    held = peak_gb()
    seconds: dict[str, float] = {}
    cpu_seconds: dict[str, float] = {}  # beside the wall time: other jobs share the 2 cores
    kept: dict[str, object] = {}
    for name in STEPS:
        step = getattr(table_module, name)

        def timed_step(*args, _step=step, _name=name, **kwargs):
            start, cpu_start = time.perf_counter(), time.process_time()
            out = _step(*args, **kwargs)
            seconds[_name] = seconds.get(_name, 0.0) + time.perf_counter() - start
            cpu_seconds[_name] = cpu_seconds.get(_name, 0.0) + time.process_time() - cpu_start
            kept[_name] = out
            return out

        setattr(table_module, name, timed_step)
    cpu0 = time.process_time()
    table, t_all = timed(analyze_matrix, m, papers)
    cpu = time.process_time() - cpu0
    peak = peak_gb()
    print(f"field: {m.n:,} papers, {m.n_edges:,} citations; frames + sparse matrix {t_build:.1f} s"
          f" (peak {held:.2f} GB so far)")  # fmt: skip
    print(f"  analyze: {t_all + t_build:.1f} s with the matrix ({t_all:.1f} s analyze_matrix, "
          f"{cpu:.1f} CPU-s); peak RSS {peak:.2f} GB")  # fmt: skip
    rest = t_all - sum(seconds.values())
    print("  wall " + " | ".join(f"{k.strip('_')} {v:.1f}" for k, v in seconds.items())
          + f" | other {rest:.1f} s")  # fmt: skip
    cpu_rest = cpu - sum(cpu_seconds.values())
    print("  CPU  " + " | ".join(f"{k.strip('_')} {v:.1f}" for k, v in cpu_seconds.items())
          + f" | other {cpu_rest:.1f} CPU-s")  # fmt: skip
    counts = kept["disruption_counts"]
    rate = counts.attrs["sample_rate"]
    rng = np.random.default_rng(1)
    only = np.zeros(m.n, dtype=bool)
    only[rng.choice(m.n, min(20_000, m.n), replace=False)] = True
    exact, t_exact = timed(disruption_counts, m, only=only, max_work=np.inf)
    a = cd_from_counts(exact)["cd_index"].to_numpy()[only]
    b = cd_from_counts(counts)["cd_index"].to_numpy()[only]
    ok = np.isfinite(a) & np.isfinite(b)
    err = np.abs(a[ok] - b[ok])
    print(f"  CD index: n_k sample rate {rate:.3f} (n_i, n_j exact); against the exact index of "
          f"{ok.sum():,} random papers ({t_exact:.1f} s): mean |error| {err.mean():.4f}, "
          f"95th pct {np.quantile(err, 0.95):.4f}, max {err.max():.4f}, "
          f"corr {np.corrcoef(a[ok], b[ok])[0, 1]:.4f}")  # fmt: skip
    leiden_check(m)
    print(table["role"].value_counts().to_dict(), flush=True)


def leiden_check(m: CitationMatrix) -> None:
    """Modularity of the capped Leiden run against Leiden run to convergence, same graph/seed."""
    sym = topics_module._graph(m, True)
    if m.n > topics_module.CORE_MAX_PAPERS:
        degree = np.diff(sym.indptr)
        core = np.sort(np.argsort(-degree, kind="stable")[: topics_module.CORE_MAX_PAPERS])
        sym = sym[core][:, core]
    iterations = topics_module.leiden_iterations(sym.shape[0])
    if iterations < 0:
        print(f"  Leiden: run to convergence on {sym.shape[0]:,} papers (no approximation)")
        return
    capped, t_capped = timed(topics_module._leiden, sym, 1.0, 0)
    full, t_full = timed(topics_module._leiden, sym, 1.0, 0, -1)
    q = [topics_module.modularity(sym, part) for part in (capped, full)]
    print(f"  Leiden on {sym.shape[0]:,} papers: {iterations} iterations, modularity {q[0]:.4f} "
          f"in {t_capped:.1f} s; to convergence {q[1]:.4f} in {t_full:.1f} s "
          f"({t_full / t_capped:.1f}x the time, {len(set(capped))} vs {len(set(full))} "
          "communities)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20k-paper ratios only")
    parser.add_argument("--cache", type=Path, default=None, help="folder to cache fields in")
    parser.add_argument("--sizes", default="100000,300000,1000000", help="full-analysis sizes")
    parser.add_argument("--no-ratios", action="store_true", help="skip the ratio section")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cache = args.cache
    if args.one is not None:  # one size, in a process of its own
        total(args.one, cache)
        return
    n_ratio = 20_000 if args.small else 100_000
    if not args.no_ratios:
        ratios(load_field(n_ratio, cache / f"field{n_ratio}.npz" if cache else None))
    if args.small:
        return
    for n in (int(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n)]
        subprocess.run([*cmd, *(["--cache", str(cache)] if cache else [])], check=True)


if __name__ == "__main__":
    main()
