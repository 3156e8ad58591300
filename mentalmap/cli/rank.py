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
    "relevance", "in_scope", "has_code", "code_url",
)  # fmt: skip
_TABLE_COLUMNS = {"rank": "#", "title": "title", "year": "year", "role": "role",
                  "confidence": "conf.", "relevance": "rel.", "reason": "reason",
                  "paperId": "paperId"}  # fmt: skip
#: ``--scope``: the seeds' sub-area (``in_scope``) or every paper of the crawl.
SCOPES = ("sub-area", "map")


def rank_frame(
    table: pd.DataFrame, role: str | None, limit: int, scope: str = "sub-area"
) -> pd.DataFrame:
    """The rows ``rank`` prints: the seeds' sub-area (or the whole map), optionally one role,
    at most ``limit`` (0 = all). A crawl pulls in neighbouring areas; their papers are context
    for the roles, not what a newcomer to the seeds' sub-area asked to rank."""
    rows = table[table["in_scope"].astype(bool)] if scope == "sub-area" else table
    rows = rows if role is None else rows[rows["role"] == role]
    if limit:
        rows = rows.head(limit)
    out = rows.reset_index()[list(RANK_COLUMNS)].copy()
    out["parent"] = out["parent"].fillna("")
    out["confidence"] = out["confidence"].round(2)
    out["importance"] = out["importance"].round(3)
    out["relevance"] = out["relevance"].round(2)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


@main.command("rank")
@db_option
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only papers of this role.")
@format_option()
@click.option(
    "--limit", type=click.IntRange(0), default=30, show_default=True, help="Rows to show (0 = all)."
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="sub-area",
    show_default=True,
    help="sub-area: the papers of the seeds' sub-area (rel. is relevance to the seeds); "
    "map: every paper of the crawl.",
)
@code_links_option
@has_code_option
def rank(
    db: Path,
    role: str | None,
    fmt: str,
    limit: int,
    scope: str,
    code_links: Path | None,
    has_code: bool,
) -> None:
    """Rank the papers of the seeds' sub-area, most important first, with role, confidence
    and reason (``--scope map``: every paper the crawl holds).

    \b
    Example:
      mentalmap rank --db field.sqlite --role foundational
      mentalmap rank --db field.sqlite --scope map --format csv --limit 0 > ranked.csv
    """
    from mentalmap.pipeline import analyse_store

    field = analyse_store(db, code_links)
    if has_code:
        field = field.with_code_only()
    echo_frame(rank_frame(field.table, role, limit, scope), fmt, None, _TABLE_COLUMNS)
