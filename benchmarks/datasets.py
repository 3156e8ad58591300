"""Speed of the bulk-dataset path: ingest rows/s against baselines measured in the same run.

Writes a synthetic release in S2's shard format (papers, citations, abstracts), then measures:

- ingest with DuckDB (``mentalmap.datasets.ingest``: gzipped JSONL → Parquet per shard);
- baseline 1, plain Python: ``gzip`` + ``json.loads`` of every line into tuples (parsing only,
  nothing written — a lower bound on the work of any Python ingester);
- baseline 2, pandas: ``read_json(lines=True)`` of each shard, then ``to_parquet`` (the same job);
- a 2-hop, 2,000-paper extract and the whole-field scores on the warehouse;
- baseline 3, pandas: the same whole-field scores with the edge list built by pandas
  (``read_parquet`` + ``drop_duplicates`` + a join to the papers), then the same scipy iteration;
- with ``--spark``: the same extract and scores on the Spark engine (``local[2]``), checked
  equal to DuckDB's (the store table by table, the scores to 1e-9).

It prints rows/s and the ratios, peak memory, and the extrapolation to the full corpus
(s2-api.md §10.2: 200M papers, 2.4B citations, 100M abstracts). No timing is asserted anywhere.

    python benchmarks/datasets.py                  # 200k papers (~4M citations)
    python benchmarks/datasets.py --papers 1000000 --pandas-shards 2  # the 1M / 20M target
    python benchmarks/datasets.py --small          # 20k papers, a quick check
    python benchmarks/datasets.py --papers 100000 --spark  # Spark local beside DuckDB
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import resource
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mentalmap.datasets.extract import ExtractSettings, extract
from mentalmap.datasets.formats import shard_files
from mentalmap.datasets.ingest import ingest
from mentalmap.datasets.scores import ScoresResult, whole_field_scores
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.synthetic import generate_field

DATASETS = ("papers", "citations", "abstracts")
#: Rows of the full corpus per dataset (s2-api.md §10.2), for the extrapolation.
FULL_CORPUS = {"papers": 200e6, "citations": 2.4e9, "abstracts": 100e6}
#: Gzipped bytes of the full corpus per dataset (s2-api.md §10.2): real citation rows carry
#: contexts the synthetic ones lack, so the bytes give the more honest (longer) estimate.
FULL_BYTES = {"papers": 45e9, "citations": 255e9, "abstracts": 54e9}


def python_baseline(release: Path) -> tuple[int, float]:
    """Rows parsed per second by plain Python (gzip + json.loads + a tuple per row)."""
    rows = 0
    start = time.perf_counter()
    for name in DATASETS:
        for shard in shard_files(release / name):
            with gzip.open(shard, "rt", encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    _ = tuple(record.values())
                    rows += 1
    return rows, time.perf_counter() - start


def pandas_baseline(release: Path, out: Path, shards: int | None) -> tuple[int, float]:
    """Rows per second of pandas doing the same job: each shard read, then written as Parquet
    (only the first ``shards`` of each dataset when given: pandas holds a whole shard)."""
    rows = 0
    start = time.perf_counter()
    for name in DATASETS:
        (out / name).mkdir(parents=True, exist_ok=True)
        for shard in shard_files(release / name)[:shards]:
            frame = pd.read_json(shard, lines=True, compression="gzip", dtype=False)
            frame.to_parquet(out / name / f"{shard.name}.parquet")
            rows += len(frame)
    return rows, time.perf_counter() - start


def pandas_scores(warehouse: Path) -> tuple[int, float, float]:
    """Baseline: the whole-field edge list built with pandas, then the analyses' iteration;
    returns (edges, seconds to build the arrays, seconds to rank)."""
    from mentalmap.analysis.citations import rescale_by_age
    from mentalmap.analysis.matrix import CitationMatrix
    from mentalmap.analysis.pagerank import pagerank_scores

    start = time.perf_counter()
    papers = pd.read_parquet(warehouse / "papers", columns=["corpusid", "year"])
    papers = papers.drop_duplicates("corpusid").sort_values("corpusid")
    edges = pd.read_parquet(warehouse / "citations", columns=["citingcorpusid", "citedcorpusid"])
    edges = edges.dropna().astype("int64")
    edges = edges[edges.citingcorpusid != edges.citedcorpusid].drop_duplicates()
    ids = papers.corpusid.to_numpy()
    edges = edges[edges.citingcorpusid.isin(ids) & edges.citedcorpusid.isin(ids)]
    citing = np.searchsorted(ids, edges.citingcorpusid.to_numpy())
    cited = np.searchsorted(ids, edges.citedcorpusid.to_numpy())
    year = papers.year.to_numpy(dtype=float, na_value=np.nan)
    loaded = time.perf_counter()
    matrix = CitationMatrix.from_arrays(ids, year, citing, cited)
    rescale_by_age(pagerank_scores(matrix, 0.5), year)
    return len(edges), loaded - start, time.perf_counter() - loaded


def _tables(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in names}


def spark_run(warehouse: Path, work: Path, settings: ExtractSettings, duck: ScoresResult) -> None:
    """The same extract and scores on Spark local: timings, and equality with DuckDB's."""
    from mentalmap.datasets.spark import start_session

    t0 = time.perf_counter()
    session = start_session("local[2]", shuffle_partitions=4)
    print(f"\nspark: session started in {time.perf_counter() - t0:.1f} s (local[2])")
    try:
        report = extract(warehouse, work / "spark.sqlite", settings, replace=True, engine="spark")
        same = _tables(work / "spark.sqlite") == _tables(work / "field.sqlite")
        print(f"spark extract: {report.papers:,} papers, {report.edges:,} citations in "
              f"{report.seconds:.2f} s; store identical to DuckDB's: {same}")  # fmt: skip
        scores = whole_field_scores(warehouse, work / "spark.parquet", engine="spark")
        a = pd.read_parquet(duck.path)
        b = pd.read_parquet(scores.path)
        diff = max(float(np.abs(a[c] - b[c]).max()) for c in ("pagerank", "rescaled_pagerank"))
        print(f"spark scores: load {scores.seconds_load:.2f} s (DuckDB {duck.seconds_load:.2f} s, "
              f"{scores.seconds_load / max(duck.seconds_load, 1e-9):.1f}x), PageRank + R(p) "
              f"{scores.seconds_rank:.2f} s; max |spark - duckdb| = {diff:.1e}, "
              f"frames equal: {a.equals(b)}")  # fmt: skip
    finally:
        session.stop()


def _child(conn, fn, args) -> None:  # noqa: ANN001 (a spawned process's entry point)
    out = fn(*args)
    conn.send((out, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def in_own_process(fn, *args):  # noqa: ANN001, ANN201
    """``fn(*args)`` in a fresh interpreter: its result and that process's peak RSS in MB."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(child, fn, args))
    process.start()
    out, peak = parent.recv()
    process.join()
    return out, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200_000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="20k papers")
    parser.add_argument(
        "--pandas-shards", type=int, default=None, help="shards per dataset for pandas (all)"
    )
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: temp)")
    parser.add_argument("--spark", action="store_true", help="also the Spark engine, local[2]")
    args = parser.parse_args()
    n = 20_000 if args.small else args.papers
    work = args.dir or Path(tempfile.mkdtemp(prefix="mentalmap-bench-datasets-"))
    release, warehouse = work / "release", work / "warehouse"
    shutil.rmtree(warehouse, ignore_errors=True)

    t0 = time.perf_counter()
    field = generate_field(n, seed=0)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    if not (release / "papers").exists():
        write_release(field, release, shards=args.shards, datasets=DATASETS, compresslevel=6)
    t_write = time.perf_counter() - t0
    size = sum(p.stat().st_size for d in DATASETS for p in shard_files(release / d))
    print(f"field: {n:,} papers, {field.n_edges:,} citations (generated in {t_gen:.1f} s)")
    print(f"release: {size / 1e6:,.1f} MB gzipped in {args.shards} shards per dataset "
          f"(written in {t_write:.1f} s)")  # fmt: skip

    result, ingest_peak = in_own_process(ingest, release, warehouse, DATASETS)
    rows = sum(result.rows.values())
    duck_rate = rows / result.seconds
    parquet = sum(p.stat().st_size for p in warehouse.rglob("*.parquet"))
    print(f"\ningest (DuckDB): {rows:,} rows in {result.seconds:.2f} s = {duck_rate:,.0f} rows/s"
          f"  ({', '.join(f'{k} {v:,}' for k, v in result.rows.items())}; "
          f"Parquet {parquet / 1e6:,.1f} MB; peak RSS {ingest_peak:,.0f} MB)")  # fmt: skip

    py_rows, py_s = python_baseline(release)
    py_rate = py_rows / py_s
    print(f"baseline, plain Python json.loads (parse only): {py_rows:,} rows in {py_s:.2f} s = "
          f"{py_rate:,.0f} rows/s")  # fmt: skip
    pd_rows, pd_s = pandas_baseline(release, work / "pandas", args.pandas_shards)
    pd_rate = pd_rows / pd_s
    print(f"baseline, pandas read_json + to_parquet: {pd_rows:,} rows in {pd_s:.2f} s = "
          f"{pd_rate:,.0f} rows/s")  # fmt: skip
    print(f"ratio: DuckDB ingest is {duck_rate / py_rate:.1f}x plain Python parsing and "
          f"{duck_rate / pd_rate:.1f}x pandas")  # fmt: skip

    truth = field.truth
    seed = truth.index[truth.role == "technique"][0]
    settings = ExtractSettings(seeds=(seed,), depth=2)
    report = extract(warehouse, work / "field.sqlite", settings, replace=True)
    print(f"\nextract: {report.papers:,} papers, {report.edges:,} citations (2 hops) in "
          f"{report.seconds:.2f} s")  # fmt: skip
    scores, scores_peak = in_own_process(whole_field_scores, warehouse)
    print(f"whole-field scores: {scores.papers:,} papers, {scores.edges:,} citations: load "
          f"{scores.seconds_load:.2f} s, PageRank + R(p) {scores.seconds_rank:.2f} s "
          f"(peak RSS {scores_peak:,.0f} MB)")  # fmt: skip
    (pd_edges, pd_load, pd_rank), pd_peak = in_own_process(pandas_scores, warehouse)
    print(f"baseline, pandas edge list + the same iteration: {pd_edges:,} citations: load "
          f"{pd_load:.2f} s, PageRank + R(p) {pd_rank:.2f} s (peak RSS {pd_peak:,.0f} MB); "
          f"pandas load {pd_load / max(scores.seconds_load, 1e-9):.1f}x DuckDB's")  # fmt: skip
    if args.spark:
        spark_run(warehouse, work, settings, scores)

    print("\nextrapolation to the full corpus (s2-api.md §10.2) at this run's rates:")
    by_rows = by_bytes = 0.0
    for name in DATASETS:
        seconds = max(result.seconds_by_dataset[name], 1e-9)
        rate = result.rows[name] / seconds
        gz = sum(p.stat().st_size for p in shard_files(release / name)) / seconds
        h_rows, h_bytes = FULL_CORPUS[name] / rate / 3600, FULL_BYTES[name] / gz / 3600
        by_rows, by_bytes = by_rows + h_rows, by_bytes + h_bytes
        per_row = sum(p.stat().st_size for p in (warehouse / name).glob("*.parquet"))
        parquet_gb = FULL_CORPUS[name] * per_row / max(result.rows[name], 1) / 1e9
        print(f"  {name:10s} {rate:>11,.0f} rows/s {gz / 1e6:6.1f} MB/s gz -> "
              f"{FULL_CORPUS[name] / 1e6:>5,.0f}M rows: ~{h_rows:5.1f} h by rows, "
              f"~{h_bytes:5.1f} h by bytes; Parquet >= {parquet_gb:,.0f} GB")  # fmt: skip
    print(f"  total ingest on this machine (2 cores): ~{by_rows:.1f} h by rows, "
          f"~{by_bytes:.1f} h by bytes")  # fmt: skip
    if args.dir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
