"""``mentalmap rank``: the papers of a map, most important first, with role and reason."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from mentalmap.analysis.roles import ROLES
from mentalmap.cli.app import main
from mentalmap.cli.options import code_links_option, db_option, format_option, has_code_option
from mentalmap.cli.output import echo_frame

RANK_COLUMNS = (
    "paperId", "title", "year", "role", "confidence", "reason", "parent", "importance",
    "has_code", "code_url",
)  # fmt: skip
_TABLE_COLUMNS = {"rank": "#", "title": "title", "year": "year", "role": "role",
                  "confidence": "conf.", "reason": "reason", "paperId": "paperId"}  # fmt: skip


def rank_frame(table: pd.DataFrame, role: str | None, limit: int) -> pd.DataFrame:
    """The rows ``rank`` prints: optionally one role, at most ``limit`` (0 = all)."""
    rows = table if role is None else table[table["role"] == role]
    if limit:
        rows = rows.head(limit)
    out = rows.reset_index()[list(RANK_COLUMNS)].copy()
    out["parent"] = out["parent"].fillna("")
    out["confidence"] = out["confidence"].round(2)
    out["importance"] = out["importance"].round(3)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


@main.command("rank")
@db_option
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only papers of this role.")
@format_option()
@click.option(
    "--limit", type=click.IntRange(0), default=30, show_default=True, help="Rows to show (0 = all)."
)
@code_links_option
@has_code_option
def rank(
    db: Path, role: str | None, fmt: str, limit: int, code_links: Path | None, has_code: bool
) -> None:
    """Rank the papers of a map, most important first, with role, confidence and reason.

    \b
    Example:
      mentalmap rank --db field.sqlite --role foundational
      mentalmap rank --db field.sqlite --format csv --limit 0 > ranked.csv
    """
    from mentalmap.pipeline import analyse_store

    field = analyse_store(db, code_links)
    if has_code:
        field = field.with_code_only()
    echo_frame(rank_frame(field.table, role, limit), fmt, None, _TABLE_COLUMNS)
