"""The size checks of issue #18: files over 400 lines, functions of 60+ lines and ruff's C901
(complexity over 10) offenders in the package.

    python tools/sizes.py [CHECKOUT]     # the checkout to measure, by default this one
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from pathlib import Path

FILE_LINES = 400
FUNCTION_LINES = 60


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    root = ap.parse_args().root
    files, functions = [], []
    for path in sorted((root / "mentalmap").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root)
        if text.count("\n") > FILE_LINES:
            files.append((text.count("\n"), str(rel)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length >= FUNCTION_LINES:
                    functions.append((length, f"{rel}:{node.lineno} {node.name}"))
    print(f"files over {FILE_LINES} lines: {len(files)}")
    for n, name in sorted(files, reverse=True):
        print(f"  {n:4d} {name}")
    print(f"functions of {FUNCTION_LINES}+ lines: {len(functions)}")
    for n, name in sorted(functions, reverse=True):
        print(f"  {n:4d} {name}")
    ruff = ["ruff", "check", "--select", "C901", "--output-format", "concise", "--no-cache"]
    out = subprocess.run([*ruff, str(root / "mentalmap")], capture_output=True, text=True)
    complex_ = [line for line in out.stdout.splitlines() if "C901" in line]
    print(f"ruff C901 (complexity over 10): {len(complex_)}")
    for line in complex_:
        print("  " + line.replace(f"{root}/", ""))


if __name__ == "__main__":
    main()
