"""``mentalmap rank``: the papers of a map, most important first, with role and reason."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from mentalmap.analysis import ROLES, analyze
from mentalmap.cli.app import main
from mentalmap.cli.options import db_option

RANK_COLUMNS = ("paperId", "title", "year", "role", "confidence", "reason", "parent", "importance")


def analyze_store(db: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The analysis table and papers frame of a store (errors are mentalmap errors)."""
    from mentalmap.graph import load_edges, load_papers, load_seeds

    papers = load_papers(db)
    edges = load_edges(db)
    present = set(papers["paperId"])
    seeds = [s for s in load_seeds(db) if s in present]  # a seed may be merged away or missing
    return analyze(papers, edges, seeds=seeds or None), papers


def rank_frame(table: pd.DataFrame, role: str | None, limit: int) -> pd.DataFrame:
    """The rows ``rank`` prints: optionally one role, at most ``limit`` (0 = all)."""
    rows = table if role is None else table[table["role"] == role]
    if limit:
        rows = rows.head(limit)
    out = rows.reset_index()[list(RANK_COLUMNS)].copy()
    out["parent"] = out["parent"].fillna("")
    out["confidence"] = out["confidence"].round(2)
    out["importance"] = out["importance"].round(3)
    return out


def format_table(frame: pd.DataFrame, widths: dict[str, int]) -> str:
    """Aligned plain-text columns, long cells cut with an ellipsis."""

    def cell(value: object, width: int) -> str:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        text = "" if text == "<NA>" else text
        return text if len(text) <= width else text[: width - 1] + "…"

    cols = list(widths)
    sizes = {
        c: min(widths[c], max([len(c)] + [len(cell(v, widths[c])) for v in frame[c]])) for c in cols
    }
    lines = ["  ".join(c.ljust(sizes[c]) for c in cols).rstrip()]
    lines.append("  ".join("-" * sizes[c] for c in cols))
    for values in frame.to_dict("records"):
        lines.append("  ".join(cell(values[c], sizes[c]).ljust(sizes[c]) for c in cols).rstrip())
    return "\n".join(lines)


@main.command("rank")
@db_option
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only papers of this role.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="table for people, csv/json for programs.",
)  # fmt: skip
@click.option(
    "--limit", type=click.IntRange(0), default=30, show_default=True, help="Rows to show (0 = all)."
)
def rank(db: Path, role: str | None, fmt: str, limit: int) -> None:
    """Rank the papers of a map, most important first, with role, confidence and reason.

    \b
    Example:
      mentalmap rank --db field.sqlite --role foundational
      mentalmap rank --db field.sqlite --format csv --limit 0 > ranked.csv
    """
    table, _ = analyze_store(db)
    out = rank_frame(table, role, limit)
    if fmt == "csv":
        click.echo(out.to_csv(index=False), nl=False)
    elif fmt == "json":
        records = json.loads(out.to_json(orient="records"))
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        out.insert(0, "#", range(1, len(out) + 1))
        widths = {"#": 4, "title": 60, "year": 4, "role": 12, "confidence": 10, "reason": 70}
        click.echo(format_table(out, widths))
