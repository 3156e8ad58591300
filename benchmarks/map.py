"""Benchmark the HTML map: file size and time to interactive in headless Chromium.

    python benchmarks/map.py [--sizes 300,2000,5000] [--repeat 3] [--pyvis-max 5000]
    flock /tmp/heavy.lock python benchmarks/map.py --sizes "" --stores 20000,100000

For each field size it writes our map (default ``top`` = 300 shown, and every paper shown) and,
as baselines measured in the same run, pyvis's own ``Network.write_html`` output for the same
papers and citations: pyvis defaults (physics on), and with physics off (its fastest page);
``cdn_resources="in_line"`` so both can load offline. Time to interactive is measured from
navigation start: ours sets ``window.mentalmapReady`` after the first draw; pyvis's page is
ready once its physics has stabilised (its loading bar fades out on
``stabilizationIterationsDone``), or at once with physics off. Every request other than the
file is aborted and counted. Above 5,000 papers the page embeds the 5,000 most important
(``render.data.MAX_EMBEDDED``); each line then prints what the page says it embeds (the note the
CLI prints too), and pyvis (which would draw every paper) is only run up to ``--pyvis-max``.

``--stores`` runs ``mentalmap map`` end to end on stores of those sizes (the synthetic field of
benchmarks/export.py, every paper with its text): the command in its own process (its seconds,
CPU seconds and peak RSS, analysis included), the page's bytes, the papers it embeds, what the
CLI and the page say about the rest, and the page's time to interactive; pyvis's page of the
same store beside it up to ``--pyvis-max`` papers (pyvis draws every paper and citation; past
that its page is not written, and the line says so). pyvis cannot go much further: its
``add_edge`` looks both ends up in a list of every node, so its build is O(papers x citations);
on a 20,000-paper store (404k citations) it had not written its page after 11 minutes.

The field comes from ``mentalmap.synthetic.generate_field`` (and ``mentalmap.analysis.analyze``
for the table) when those exist, else from a small preferential-attachment generator below.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mentalmap.render import build_map_data
from mentalmap.render.notebook import MapView

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test helpers
from export import field_store  # noqa: E402  (benchmarks/export.py, beside this file)

from browser import CHROMIUM_ARGS, block_outside  # noqa: E402

# pyvis's page (over 100 nodes, physics on) fades its loading bar out on
# "stabilizationIterationsDone": that is when it stops moving and can be used.
PYVIS_READY = (
    "(document.getElementById('loadingBar') "
    "? document.getElementById('loadingBar').style.opacity === '0' : !!window.network)"
)
TOPICS = ["attention", "retrieval", "state-space", "diffusion", "alignment", "agents", "vision"]


def own_field(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Papers, edges and an analysis table with preferential attachment inside sub-topics."""
    rng = np.random.default_rng(seed)
    years = np.sort(2000 + (25 * np.sqrt(rng.random(n))).astype(int))  # growing field
    topic = rng.integers(0, len(TOPICS), n)
    cites = np.zeros(n)
    edges = []
    for i in range(1, n):
        k = min(i, int(rng.integers(3, 12)))
        same = np.flatnonzero(topic[:i] == topic[i])
        pool = same if len(same) >= k and rng.random() < 0.8 else np.arange(i)
        weight = cites[pool] + 1.0
        chosen = rng.choice(pool, size=min(k, len(pool)), replace=False, p=weight / weight.sum())
        for j in chosen:
            edges.append((f"p{i}", f"p{j}"))
            cites[j] += 1
    words = "model learning attention retrieval training data neural graph sparse".split()  # noqa: SIM905
    papers = pd.DataFrame(
        {
            "paperId": [f"p{i}" for i in range(n)],
            "title": [
                f"{TOPICS[topic[i]].title()} {' '.join(rng.choice(words, 5))} {i}" for i in range(n)
            ],
            "abstract": [" ".join(rng.choice(words, 140)) for _ in range(n)],
            "year": pd.array(years, dtype="Int64"),
            "venue": rng.choice(["NeurIPS", "ICML", "ICLR", "ACL", "arXiv"], n),
            "authors": [
                [{"authorId": str(a), "name": f"Author {a}"} for a in rng.integers(0, 900, 4)]
                for _ in range(n)
            ],
            "citationCount": (cites * 7 + rng.integers(0, 50, n)).astype(int),
            "referenceCount": 30,
            "influentialCitationCount": (cites // 5).astype(int),
            "openAccessPdf": None,
            "tldr": None,
            "externalIds": [{"DOI": f"10.1/{i}"} for i in range(n)],
            "isSeed": [i == 0 for i in range(n)],
        }
    ).set_index("paperId")
    edge_frame = pd.DataFrame(edges, columns=["citing", "cited"])
    imp = np.log1p(cites) / math.log1p(max(cites.max(), 1))
    roles = np.where(imp > 0.8, "foundational", np.where(imp > 0.6, "technique", "other"))
    table = pd.DataFrame(
        {
            "role": roles,
            "confidence": 0.7,
            "reason": "planted",
            "parent": pd.NA,
            "cluster": topic,
            "cluster_label": [TOPICS[t] for t in topic],
            "importance": imp,
        },
        index=papers.index,
    )
    return papers, edge_frame, table


def field(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, str]:
    """The teammates' synthetic field and analysis when importable, else ``own_field``."""
    try:
        from mentalmap.synthetic import generate_field

        f = generate_field(n, seed)
        papers, edges = f.papers_frame(), f.edges_frame()
    except (ImportError, AttributeError):
        return (*own_field(n, seed), "own generator")
    try:
        from mentalmap.analysis import analyze

        seeds = papers.index[papers.get("isSeed", False) == True].tolist()  # noqa: E712
        return papers, edges, analyze(papers, edges, seeds), "mentalmap.synthetic + analysis"
    except ImportError:
        return papers, edges, None, "mentalmap.synthetic, no analysis"


def write_pyvis(papers: pd.DataFrame, edges: pd.DataFrame, out: Path, physics: bool) -> float:
    """pyvis's HTML for the same graph (its defaults, physics on or off); returns the Python
    time it took."""
    from pyvis.network import Network

    t0 = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    if not physics:
        net.toggle_physics(False)
    ids = set(papers.index)
    for row in papers.itertuples():
        net.add_node(row.Index, label=str(row.title)[:30], title=str(row.title))
    pairs = [(a, b) for a, b in zip(edges["citing"], edges["cited"]) if a in ids and b in ids]
    for a, b in pairs:
        net.add_edge(a, b)
    net.write_html(str(out))
    return time.perf_counter() - t0


def time_to_interactive(
    page, path: Path, condition: str, timeout_ms: float = 300_000
) -> tuple[float, int]:
    """Milliseconds from navigation start to ``condition`` (``inf`` past ``timeout_ms``), and
    the number of requests other than the file (all aborted)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    url = path.resolve().as_uri()
    blocked = block_outside(page, url)
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    try:
        ms = page.wait_for_function(
            f"() => ({condition}) ? performance.now() : false", timeout=timeout_ms, polling="raf"
        ).json_value()
    except PlaywrightTimeout:
        ms = math.inf
    return float(ms), len(blocked)


#: ``mentalmap map`` in a child process; prints its seconds, CPU seconds and peak RSS last.
MAP_CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from mentalmap.cli import main
main(["map", "--db", sys.argv[1], "--out", sys.argv[2]], standalone_mode=False)
secs = time.perf_counter() - t0
status = Path("/proc/self/status").read_text()  # VmHWM: this process's own peak since exec
peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"secs": secs, "cpu": time.process_time(), "peak": peak}))
"""


def page_data(path: Path) -> dict:
    """The JSON document a map page embeds."""
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="mm-data">(.*?)</script>', html, re.S)
    if found is None:
        raise SystemExit(f"{path} holds no map data")
    return json.loads(found.group(1))


def bench_store(browser, n: int, tmp: Path, args: argparse.Namespace) -> None:  # noqa: ANN001
    """``mentalmap map`` of an n-paper store, end to end, beside pyvis where it can run."""
    db = tmp / f"store-{n}.sqlite"
    papers, edges = field_store(n, db)
    print(f"\nstore of {papers:,} papers, {edges:,} citations ({db.stat().st_size / 1e6:.0f} MB)")
    out = tmp / f"store-{n}.html"
    done = subprocess.run(
        [sys.executable, "-c", MAP_CHILD, str(db), str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    r = json.loads(done.stdout.strip().splitlines()[-1])
    data = page_data(out)
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    ms, blocked = time_to_interactive(page, out, "window.mentalmapReady")
    says = page.evaluate("document.getElementById('mm-embedded').textContent")
    page.close()
    size = out.stat().st_size
    print(f"  mentalmap map: {r['secs']:6.1f} s ({r['cpu']:.1f} CPU-s, analysis included), "
          f"peak {r['peak'] / 1e6:,.0f} MB; page {size / 1e6:.2f} MB, embeds "
          f"{len(data['papers']):,} of {data['total']:,} papers, "
          f"TTI {_ms(ms, 300)}, blocked requests={blocked}")  # fmt: skip
    print(f"  the CLI says: {done.stderr.strip().splitlines()[0]}")
    print(f"  the page says: {says or '(nothing: it holds every paper)'}")
    if args.no_pyvis or n > args.pyvis_max:
        print(f"  pyvis: not run at {n:,} papers (over --pyvis-max {args.pyvis_max:,}): its "
              f"page would draw every paper and all {edges:,} citations")  # fmt: skip
        return
    from mentalmap.graph import load_edges, load_papers

    frames = load_papers(db), load_edges(db)
    for name, physics in (("pyvis default", True), ("pyvis physics off", False)):
        pyvis_out = tmp / f"store-pyvis-{n}-{physics}.html"
        build = write_pyvis(*frames, pyvis_out, physics)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        ms, _ = time_to_interactive(page, pyvis_out, PYVIS_READY, args.pyvis_timeout * 1000)
        page.close()
        print(f"  {name}: build {build:.1f} s, page {pyvis_out.stat().st_size / 1e6:.2f} MB, "
              f"all {papers:,} papers, TTI {_ms(ms, args.pyvis_timeout)}")  # fmt: skip


def _ms(ms: float, limit_s: float) -> str:
    return f"{ms:7.0f} ms" if math.isfinite(ms) else f"> {limit_s * 1000:.0f} ms (not settled)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,2000,5000,20000,100000")
    parser.add_argument(
        "--stores", default="", help="comma-separated store sizes for `mentalmap map` end to end"
    )
    parser.add_argument("--pyvis-max", type=int, default=5000, help="largest field for pyvis")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pyvis", action="store_true", help="skip the pyvis baseline")
    parser.add_argument(
        "--pyvis-timeout", type=float, default=120, help="seconds to wait for pyvis to settle"
    )
    args = parser.parse_args()
    if not args.no_pyvis and importlib.util.find_spec("pyvis") is None:
        parser.error("the pyvis baseline needs pyvis: pip install -e '.[bench]' (or --no-pyvis)")
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Debian chromium on PATH")
    rows = []
    with tempfile.TemporaryDirectory(prefix="mentalmap-bench-") as folder, sync_playwright() as pw:
        tmp = Path(folder)  # stores and pages of 100k papers: removed at the end
        browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        for n in (int(s) for s in args.stores.split(",") if s):
            bench_store(browser, n, tmp, args)
        for n in (int(s) for s in args.sizes.split(",") if s):
            papers, edges, table, source = field(n)
            print(f"\n{n} papers, {len(edges)} citations ({source})")
            cases = [("ours, top 300", min(n, 300)), ("ours, all embedded", n)]
            for name, top in cases:
                out = tmp / f"ours-{n}-{top}.html"
                t0 = time.perf_counter()
                data = build_map_data(papers, edges, table, top=top, title=f"bench {n}")
                written = MapView.of(data).save(out)
                build = time.perf_counter() - t0
                tti = []
                for _ in range(args.repeat):
                    page = browser.new_page(viewport={"width": 1400, "height": 850})
                    ms, blocked = time_to_interactive(page, out, "window.mentalmapReady")
                    tti.append(ms)
                    shown = page.evaluate("window.mentalmap.nodes.length")
                    says = page.evaluate("document.getElementById('mm-embedded').textContent")
                    page.close()
                rows.append((n, name, out.stat().st_size, build, statistics.median(tti)))
                print(
                    f"  {name:18s} shown={shown:5d} size={out.stat().st_size / 1e6:6.2f} MB "
                    f"build={build:5.2f} s  TTI median={statistics.median(tti):7.0f} ms "
                    f"{[round(t) for t in tti]} blocked requests={blocked}"
                )
                print(f"  {'':18s} embeds {written.embedded:,} of {written.total:,}; the page "
                      f"says: {says or '(nothing: it holds every paper)'}")  # fmt: skip
            if args.no_pyvis or n > args.pyvis_max:
                continue
            for name, physics in (("pyvis default", True), ("pyvis physics off", False)):
                out = tmp / f"pyvis-{n}-{physics}.html"
                build = write_pyvis(papers, edges, out, physics)
                page = browser.new_page(viewport={"width": 1400, "height": 850})
                ms, blocked = time_to_interactive(page, out, PYVIS_READY, args.pyvis_timeout * 1000)
                page.close()
                rows.append((n, name, out.stat().st_size, build, ms))
                print(
                    f"  {name:18s} shown={n:5d} size={out.stat().st_size / 1e6:6.2f} MB "
                    f"build={build:5.2f} s  TTI={_ms(ms, args.pyvis_timeout)}  "
                    f"blocked requests={blocked} (its CDN links)"
                )
        browser.close()
    if not rows:
        return
    base = {r[0]: r for r in rows if r[1] == "pyvis physics off"}
    first = rows[0]
    print("\nratios (ours / pyvis with physics off, the fastest pyvis page; and / 300 papers)")
    for n, name, size, build, tti in rows:
        if name.startswith("pyvis"):
            continue
        vs300 = f"size x{size / first[2]:.2f}, TTI x{tti / first[4]:.2f} vs {first[0]} ({first[1]})"
        if n in base:
            b = base[n]
            tti_ratio = (
                f"x{tti / b[4]:.3f}"
                if math.isfinite(b[4])
                else f"< x{tti / (args.pyvis_timeout * 1000):.3f}"
            )
            print(
                f"  {n:5d} {name:18s} vs pyvis: size x{size / b[2]:.2f}, TTI {tti_ratio}, "
                f"build x{build / b[3]:.2f}; {vs300}"
            )
        else:
            print(f"  {n:5d} {name:18s} {vs300}")


if __name__ == "__main__":
    main()
