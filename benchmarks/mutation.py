"""A small mutation check: one-line bugs planted in the crawl, store and graph modules, each run
against a chosen subset of the tests; prints how many the tests kill and which survive.

A tiny AST mutator (mutmut and cosmic-ray are not in this environment's package lists): it flips
comparisons, nudges integer constants by one and swaps ``+``/``-``, one site at a time. It works in
a temporary copy of the checkout, so no tracked file is ever rewritten.

    python benchmarks/mutation.py --max 20            # a sample of 20 mutants per module
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "mentalmap/crawl/reader.py": ["tests/test_crawl_resume.py", "tests/test_crawl_nested.py"],
    "mentalmap/crawl/crawler.py": ["tests/test_crawl_resume.py", "tests/test_crawl.py"],
    "mentalmap/store.py": ["tests/test_store.py", "tests/test_graph_edges.py"],
    "mentalmap/graph.py": ["tests/test_store.py", "tests/test_graph_edges.py"],
}
FLIPS = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq,
         ast.NotEq: ast.Eq, ast.Add: ast.Sub, ast.Sub: ast.Add}  # fmt: skip


def sites(tree: ast.AST) -> list[tuple[int, int]]:
    """(node index in ast.walk order, kind) of every node a mutation can change."""
    out = []
    for i, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPS:
            out.append((i, 0))
        elif isinstance(node, ast.BinOp) and type(node.op) in FLIPS:
            out.append((i, 1))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            out.append((i, 2))
    return out


def mutate(source: str, site: tuple[int, int]) -> tuple[str, int]:
    """The module with one site changed, and the line it is on."""
    tree = ast.parse(source)
    index, kind = site
    node = list(ast.walk(tree))[index]
    if kind == 0:
        node.ops[0] = FLIPS[type(node.ops[0])]()
    elif kind == 1:
        node.op = FLIPS[type(node.op)]()
    else:
        node.value = node.value + 1
    return ast.unparse(tree), node.lineno


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=10, help="mutants per module (sampled)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    for part in ("mentalmap", "tests", "pyproject.toml"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / part)
    env = {**os.environ, "PYTHONPATH": str(work)}
    killed = survived = 0
    try:
        for module, tests in TARGETS.items():
            path = work / module
            original = path.read_text()
            chosen = sites(ast.parse(original))
            chosen = rng.sample(chosen, min(args.max, len(chosen)))
            for site in chosen:
                text, line = mutate(original, site)
                path.write_text(text)
                run = subprocess.run(
                    [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                     "--timeout", "120", *tests],
                    cwd=work, env=env, capture_output=True,
                )  # fmt: skip
                if run.returncode == 0:
                    survived += 1
                    print(f"survived  {module}:{line}")
                else:
                    killed += 1
            path.write_text(original)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = killed + survived
    print(f"mutants {total}: killed {killed}, survived {survived}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
