"""Exports of a whole store: streamed from the store (``mentalmap export``'s default) against
the frame-based writers (load every paper and edge, build the graph, write), same run.

    python benchmarks/export.py                     # 10,000 and 50,000 papers
    python benchmarks/export.py --sizes 10000 --formats graphml,gexf

Each store holds a synthetic field (``generate_field``, every paper with its text, every
citation with its details) written straight into a store. Each export runs in its own process,
so its peak RSS (``VmHWM``; ``ru_maxrss`` would count the parent's, from before the exec) is
its own; the issue's targets are a 50k-paper GraphML in < 10 s and peak memory flat in the
store's size (the last line compares each streamed peak at the largest size with the smallest).
Seconds include the child's start-up (imports). GEXF keeps every paper's position while it
writes: the bytes per paper its layout takes at its peak (``tracemalloc``) are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from mentalmap.store import Store
from mentalmap.synthetic import generate_field

CHILD = """
import json, sys, time
from pathlib import Path
db, fmt, out, how = sys.argv[1:5]
t0 = time.perf_counter()
if how == "streamed":
    from mentalmap.export.stream import export_store
    from mentalmap.store import open_existing
    with open_existing(db) as store:
        export_store(store, fmt, out)
else:
    from mentalmap.export import export_papers
    from mentalmap.graph import load_edges, load_papers
    export_papers(load_papers(db), load_edges(db), fmt, out)
secs = time.perf_counter() - t0
status = Path("/proc/self/status").read_text()  # VmHWM: this process's own peak since exec
peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
size = sum(p.stat().st_size for p in Path(out).iterdir())
print(json.dumps({"secs": secs, "cpu": time.process_time(), "peak": peak, "size": size}))
"""


def field_store(n: int, path: Path) -> tuple[int, int]:
    papers, citations = generate_field(n, seed=0).to_s2_records()
    with Store.open(path) as store, store.transaction():
        for record in papers:
            store.put_paper(record, depth=1)
        store.put_edges(
            (c["citing"], c["cited"], c["isInfluential"], c["intents"], c["contexts"])
            for c in citations
            if c["cited"] is not None
        )
        return store.count("papers"), store.count("edges")


def run(db: Path, fmt: str, out: Path, how: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), fmt, str(out), how],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000", help="comma-separated paper counts")
    parser.add_argument("--formats", default="graphml,csv,gexf", help="comma-separated formats")
    args = parser.parse_args()
    peaks: dict[str, dict[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            db = Path(tmp) / f"s{n}.sqlite"
            t0 = time.perf_counter()
            papers, edges = field_store(n, db)
            secs, mb = time.perf_counter() - t0, db.stat().st_size / 1e6
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{papers:,} papers, {edges:,} edges (store: {secs:.0f} s, {mb:.0f} MB); "
                  f"load average {load} on {os.cpu_count()} cores")  # fmt: skip
            for fmt in args.formats.split(","):
                ways = ("streamed", "frames")
                got = {h: run(db, fmt, Path(tmp) / f"{fmt}{n}{h}", h) for h in ways}
                s, f = got["streamed"], got["frames"]
                peaks.setdefault(fmt, {})[n] = s["peak"]
                line = [f"  {fmt:>8}:"]
                for how, r in got.items():
                    line.append(f"{how} {r['secs']:6.1f} s ({r['cpu']:.1f} CPU-s), "
                                f"peak {r['peak'] / 1e6:6.0f} MB;")  # fmt: skip
                line.append(f"frames/streamed {f['secs'] / s['secs']:.1f}x the time, "
                            f"{f['peak'] / s['peak']:.1f}x the memory; "
                            f"{s['size'] / 1e6:.0f} MB written")  # fmt: skip
                print(" ".join(line))
            if "gexf" in args.formats.split(","):
                print(f"  gexf layout: {layout_bytes(db) / papers:.0f} bytes per paper at its peak")
        for fmt, by_size in peaks.items():
            small, large = min(by_size), max(by_size)
            print(f"{fmt} streamed peak at {large:,} / at {small:,} papers: "
                  f"{by_size[large] / by_size[small]:.2f}x")  # fmt: skip


def layout_bytes(db: Path) -> int:
    """Peak bytes allocated while the streamed GEXF lays out every paper of ``db``."""
    from mentalmap.export.xml_stream import positions
    from mentalmap.store import open_existing

    with open_existing(db) as store:
        tracemalloc.start()
        positions(store)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


if __name__ == "__main__":
    main()
