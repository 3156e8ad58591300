"""``python -m mentalmap.synthetic --size 600 --seed 7 --out PATH``: write a synthetic field.

This is the command that made the shipped example field (see data/README.md).
"""

from __future__ import annotations

import argparse
import sys

from mentalmap.errors import MentalmapError
from mentalmap.synthetic import EXAMPLE_PATH, EXAMPLE_SEED, EXAMPLE_SIZE, generate_field
from mentalmap.synthetic.generator import TITLE_STYLES


def main(argv: list[str] | None = None) -> int:
    """Generate a field and save it; prints one summary line."""
    ap = argparse.ArgumentParser(prog="python -m mentalmap.synthetic", description=__doc__)
    ap.add_argument("--size", type=int, default=EXAMPLE_SIZE, help="number of papers")
    ap.add_argument("--seed", type=int, default=EXAMPLE_SEED)
    ap.add_argument("--start-year", type=int, default=2005)
    ap.add_argument("--end-year", type=int, default=2025)
    ap.add_argument("--topics", type=int, default=None, help="number of sub-topics")
    ap.add_argument("--titles", choices=TITLE_STYLES, default="neutral", help="title style")
    ap.add_argument("--out", default=str(EXAMPLE_PATH), help="output path (.npz appended)")
    args = ap.parse_args(argv)
    try:
        field = generate_field(
            args.size, args.seed, args.start_year, args.end_year,
            n_topics=args.topics, titles=args.titles,
        )  # fmt: skip
        path = field.save(args.out)
    except MentalmapError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"{field!r} -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
