"""Speed of the analyses: sparse implementations against networkx / plain-Python references.

Prints, for a 100,000-paper synthetic field, the time of each signal and its speed ratio against
the reference measured in the same run (networkx's ``pagerank``; the pure-Python ``*_python``
twins; the cdindex-style Python loop on a sample of focal papers, extrapolated per paper), then
the total time of ``analyze`` on a 1,000,000-paper field (``text=False`` frames, edge arrays).

    python benchmarks/analysis_speed.py            # 100k ratios + 1M total
    python benchmarks/analysis_speed.py --small    # 20k ratios only (quick check)
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import networkx as nx
import numpy as np

from mentalmap.analysis import CitationMatrix, analyze_matrix
from mentalmap.analysis.disruption import cd_index_python, disruption_counts
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
        papers["paperId"].to_numpy(), field.years.astype(float), citing, cited
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


def total(field: Field) -> None:
    papers, t_frame = timed(field.papers_frame, text=False)
    citing, cited = field.edge_arrays()
    m, t_build = timed(
        CitationMatrix.from_arrays,
        papers["paperId"].to_numpy(), field.years.astype(float), citing, cited,
    )  # fmt: skip
    print(f"field: {m.n:,} papers, {m.n_edges:,} citations; papers frame {t_frame:.1f} s, "
          f"sparse matrix {t_build:.1f} s")  # fmt: skip
    steps = {}
    for name, fn in (
        ("pagerank", lambda: pagerank_scores(m)),
        ("citerank", lambda: citerank_scores(m)),
        ("cd index", lambda: disruption_counts(m)),
        ("main path", lambda: main_path(m)),
        ("clusters", lambda: clusters(m, None)),
    ):
        _, steps[name] = timed(fn)
        print(f"  {name:<10} {steps[name]:7.1f} s", flush=True)
    table, t_all = timed(analyze_matrix, m, papers)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"analyze (every signal + roles + importance): {t_all:.1f} s; peak RSS {rss:.1f} GB "
          "(no S2 intents in bare edge arrays)")  # fmt: skip
    print(table["role"].value_counts().to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20k-paper ratios only")
    parser.add_argument("--cache", type=Path, default=None, help="folder to cache fields in")
    args = parser.parse_args()
    n_ratio = 20_000 if args.small else 100_000
    cache = args.cache
    field = load_field(n_ratio, cache / f"field{n_ratio}.npz" if cache else None)
    ratios(field)
    if not args.small:
        big = load_field(1_000_000, cache / "field1000000.npz" if cache else None)
        total(big)


if __name__ == "__main__":
    main()
