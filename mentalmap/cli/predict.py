"""``mentalmap predict``: see the field as of a past year, guess what came next, then reveal."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from mentalmap.analysis import analyze
from mentalmap.cli.app import main
from mentalmap.cli.options import db_option
from mentalmap.errors import EmptyStore
from mentalmap.graph import read_edges, read_papers, read_seeds
from mentalmap.pipeline import analyse_store
from mentalmap.predict import (
    AsOfSummary,
    as_of,
    read_guesses,
    record_guess,
    reveal,
    summarize_as_of,
)
from mentalmap.reading_log import read_log
from mentalmap.render import render_map
from mentalmap.store import open_existing


@main.command("predict")
@db_option
@click.option(
    "--as-of",
    "year",
    type=click.IntRange(1900, 2100),
    required=True,
    help="Look at the field as it stood at the end of this year.",
)
@click.option("--guess", default=None, metavar="TEXT", help="Record what you expect came next.")
@click.option("--reveal", "show", is_flag=True, help="Show what came next, beside your guesses.")
@click.option(
    "--top",
    type=click.IntRange(1, 500),
    default=20,
    show_default=True,
    help="Later papers revealed.",
)
@click.option(
    "--per-topic",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Papers listed per sub-topic in the as-of summary.",
)
@click.option(
    "--include-surveys",
    is_flag=True,
    help="Keep later surveys in the reveal (they cite much but summarise the past).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the HTML map of the field as of that year.",
)
def predict_command(
    db: Path,
    year: int,
    guess: str | None,
    show: bool,
    top: int,
    per_topic: int,
    include_surveys: bool,
    out: Path | None,
) -> None:
    """Guess where the field went after a year, then reveal it.

    Without --reveal: a summary of the field as of YEAR (its sub-topics and their most cited
    papers then); --guess stores your guess in the store. With --reveal: the later papers that
    built most on that map (citing the most papers of it; surveys left out), by sub-topic and
    role, beside the guesses you stored. --out writes the map as it stood at the end of YEAR.

    \b
    Example:
      mentalmap predict --as-of 2018 --guess "graph methods move to molecules"
      mentalmap predict --as-of 2018 --reveal
    """
    if guess is not None and show:
        raise click.UsageError("make the --guess first, then run again with --reveal")
    if guess is not None and not guess.strip():
        raise click.BadParameter("the guess is empty", param_hint="--guess")
    then_table = None
    if show:
        field = analyse_store(db)
        revealed = reveal(
            field.papers, field.edges, year, field.table, top, include_surveys=include_surveys
        )
        with open_existing(db) as store:
            guesses = read_guesses(store, year)
        _print_reveal(revealed, guesses, year)
        papers, edges, seeds, log = field.papers, field.edges, field.seeds, field.log
        then_papers, then_edges = as_of(papers, edges, year)
    else:
        with open_existing(db) as store:
            papers, edges, seeds = read_papers(store), read_edges(store), read_seeds(store)
            log = read_log(store)
            if papers.empty:
                raise EmptyStore(f"{db} holds no papers yet: run `mentalmap crawl` first")
            then_papers, then_edges = as_of(papers, edges, year)
            then_table = _analyze_then(then_papers, then_edges, seeds)
            summary = summarize_as_of(papers, edges, year, then_table, per_topic)
            if guess is not None:
                record_guess(store, year, guess)
        _print_summary(summary, db, guess is not None)
    if out is not None:
        if then_table is None:
            then_table = _analyze_then(then_papers, then_edges, seeds)
        path = render_map(
            then_papers, then_edges, then_table, out=out, title=f"The field as of {year}", log=log
        )
        click.echo(f"Wrote the map as of {year} to {path}", err=True)


def _analyze_then(
    papers: pd.DataFrame, edges: pd.DataFrame, seeds: list[str]
) -> pd.DataFrame | None:
    """The analysis of the as-of map, with the seeds that existed then."""
    if papers.empty:
        return None
    ids = set(papers["paperId"])
    return analyze(papers, edges, [s for s in seeds if s in ids])


def _print_summary(summary: AsOfSummary, db: Path, guessed: bool) -> None:
    year = summary.year
    click.echo(
        f"As of {year}: {summary.papers:,} papers ({summary.first_year}-{year}), "
        f"{summary.edges:,} citations among them."
    )
    if summary.expanded < summary.papers / 2:
        click.echo(
            f"Note: the references of only {summary.expanded} of these papers were crawled, so "
            f"citations as of {year} are undercounted; crawl deeper backward (e.g. --depth 3 "
            "--direction back) for a truer picture.",
            err=True,
        )
    click.echo(f"\nSub-topics then, each with its most cited papers (in-map, as of {year}):")
    for topic, rows in summary.top.groupby("topic", sort=False):
        click.echo(f"\n{topic} — {summary.topic_sizes.get(topic, len(rows))} papers")
        for row in rows.itertuples(index=False):
            click.echo(
                f"  {row.in_map_citations:>4} cites  {_year(row.year)}  {row.title}  "
                f"({row.paperId[:8]})"
            )
    click.echo("")
    command = f"mentalmap predict --db {db} --as-of {year}"
    if guessed:
        click.echo(f"Guess recorded for {year}. When ready: {command} --reveal")
    else:
        click.echo(f'What came next? Record a guess: {command} --guess "..."')


def _print_reveal(revealed: pd.DataFrame, guesses: pd.DataFrame, year: int) -> None:
    click.echo(f"After {year}: the {len(revealed)} papers that built most on the map of {year}.")
    for topic, by_topic in revealed.groupby("topic", sort=False):
        click.echo(f"\n{topic or '(no topic)'}")
        for role, rows in by_topic.groupby("role", sort=False):
            click.echo(f"  {role or '(no role)'}")
            for row in rows.itertuples(index=False):
                click.echo(
                    f"    cites {row.cites_as_of:>3} of then  {_year(row.year)}  {row.title}  "
                    f"({row.paperId[:8]})"
                )
    click.echo(f"\nYour guesses as of {year}:")
    if guesses.empty:
        click.echo("  (none recorded)")
    for made_at, text in zip(guesses["madeAt"], guesses["guess"]):
        click.echo(f"  {made_at[:10]}  {text}")


def _year(value: object) -> str:
    return "----" if value is None or pd.isna(value) else str(int(value))
