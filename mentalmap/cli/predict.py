"""``mentalmap predict``: see the field as of a past year, pick what will matter, reveal, score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd

from mentalmap.cli.app import main
from mentalmap.cli.options import db_option, refuse_stdout
from mentalmap.cli.terminal import echo
from mentalmap.pipeline import predict_picks, predict_reveal, write_map
from mentalmap.predict import AsOfSummary, Reveal
from mentalmap.predict_topics import TopicReveal


@main.command("predict")
@db_option
@click.option(
    "--as-of", "year", type=click.IntRange(1900, 2100), required=True,
    help="Look at the field as it stood at the end of this year.",
)  # fmt: skip
@click.option(
    "--pick", "picks", multiple=True, metavar="PAPER_ID",
    help="A paper of then you expect to matter (repeat the option); scored by --reveal.",
)  # fmt: skip
@click.option(
    "--pick-topic", "topic_picks", multiple=True, metavar="TOPIC",
    help="A sub-topic of then (as the summary names it) you expect to grow (repeatable).",
)  # fmt: skip
@click.option("--guess", default=None, metavar="TEXT", help="Record what you expect came next.")
@click.option("--reveal", "show", is_flag=True, help="Show what grew, score your picks.")
@click.option(
    "--top", type=click.IntRange(1, 500), default=20, show_default=True,
    help="Most-grown papers revealed (your picks are scored against them).",
)  # fmt: skip
@click.option(
    "--per-topic", type=click.IntRange(1, 50), default=3, show_default=True,
    help="Papers listed per sub-topic in the as-of summary.",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    callback=refuse_stdout, help="Also write the HTML map of the field as of that year.",
)  # fmt: skip
def predict_command(
    db: Path,
    year: int,
    picks: tuple[str, ...],
    topic_picks: tuple[str, ...],
    guess: str | None,
    show: bool,
    top: int,
    per_topic: int,
    out: Path | None,
) -> None:
    """Pick the papers of a past year that would matter, then reveal and score the picks.

    Without --reveal: the field as of YEAR (its sub-topics and their most cited papers then);
    --pick stores papers you expect to matter, --pick-topic sub-topics you expect to grow,
    --guess a free-text guess. With --reveal: the papers of then that gained the most citations
    after YEAR and the lineages they started, your picks' score (share among them) beside the
    CiteRank baseline's; then the sub-topics by citation growth after YEAR (their share of
    later citations over their share of citations then), your sub-topic picks' score beside a
    trend baseline (the sub-topics gaining share in the 3 years up to YEAR). Scores are kept
    in the store, and earlier scores are shown. --out writes the map as of YEAR.

    \b
    Example:
      mentalmap predict --as-of 2018 --pick ARXIV:1703.03400 --pick ARXIV:1606.04080
      mentalmap predict --as-of 2018 --pick-topic "meta-learning"
      mentalmap predict --as-of 2018 --reveal
    """
    if (guess is not None or picks or topic_picks) and show:
        raise click.UsageError(
            "make the --pick / --pick-topic / --guess first, then run again with --reveal"
        )
    if guess is not None and not guess.strip():
        raise click.BadParameter("the guess is empty", param_hint="--guess")
    if show:
        revealed = predict_reveal(db, year, top)
        if not revealed.kept:
            echo(f"Note: {db} is read-only: the scores are shown, not kept.", err=True)
        _print_reveal(revealed.revealed, revealed.guesses, revealed.scores, revealed.kept)
        _print_topics(revealed.topics, revealed.kept)
        then = revealed.then
    else:
        picked = predict_picks(db, year, picks, topic_picks, guess, per_topic)
        _print_summary(picked.summary, db, picked.recorded, guess is not None)
        then = picked.then
    if out is not None:
        page = write_map(then, out, reading_size=0, title=f"The field as of {year}", store=db)
        echo(f"Wrote the map as of {year} to {page.path}", err=True)


def _print_summary(summary: AsOfSummary, db: Path, picked: int, guessed: bool) -> None:
    year = summary.year
    echo(
        f"As of {year}: {summary.papers:,} papers ({summary.first_year}-{year}), "
        f"{summary.edges:,} citations among them."
    )
    if summary.expanded < summary.papers / 2:
        echo(
            f"Note: the references of only {summary.expanded} of these papers were crawled, so "
            f"citations as of {year} are undercounted; crawl deeper backward (e.g. --depth 3 "
            "--direction back) for a truer picture.",
            err=True,
        )
    echo(f"\nSub-topics then, each with its most cited papers (in-map, as of {year}):")
    for topic, rows in summary.top.groupby("topic", sort=False):
        echo(f"\n{topic} — {summary.topic_sizes.get(topic, len(rows))} papers")
        for row in rows.itertuples(index=False):
            echo(
                f"  {row.in_map_citations:>4} cites  {_year(row.year)}  {row.title}  "
                f"({row.paperId})"
            )
    echo("")
    command = f"mentalmap predict --db {db} --as-of {year}"
    if picked or guessed:
        echo(f"Recorded {picked} pick(s) for {year}. When ready: {command} --reveal")
    else:
        echo(
            f"Which papers of then will matter? {command} --pick PAPER_ID --pick ...; which "
            'sub-topics will grow? --pick-topic "TOPIC"'
        )


def _print_reveal(result: Reveal, guesses: pd.DataFrame, scores: pd.DataFrame, kept: bool) -> None:
    year = result.year
    echo(f"After {year}: the {len(result.revealed)} papers of then that grew most.")
    for row in result.revealed.itertuples(index=False):
        mark = "*" if row.picked else " "
        lineages = f", {row.lineages} lineage(s)" if row.lineages else ""
        echo(
            f" {mark} +{row.gained:>4} cites{lineages}  {_year(row.year)}  {row.title}  "
            f"[{row.role or '-'}{', ' + row.topic if row.topic else ''}]  ({row.paperId})"
        )
    n = len(result.picks)
    base = (
        f"{result.baseline:.0%} for the top {len(result.baseline_picks)} by CiteRank as of {year}"
    )
    if n:
        echo(
            f"\nYour picks: {result.hits} of {n} among them (score {result.score:.0%}); "
            f"baseline: {base}." + (" Score kept in the store." if kept else "")
        )
    else:
        echo(f"\nNo picks recorded for {year} (--pick); baseline: {base}.")
    if len(scores) > 1:
        echo("Your scores so far:")
        for r in scores.itertuples(index=False):
            echo(
                f"  {r.scoredAt[:10]}  as of {r.asOf}, {r.kind}: {r.score:.0%} "
                f"(baseline {r.baseline:.0%})"
            )
    if not guesses.empty:
        echo(f"\nYour guesses as of {year}:")
        for made_at, text in zip(guesses["madeAt"], guesses["guess"]):
            echo(f"  {made_at[:10]}  {text}")


def _print_topics(result: TopicReveal, kept: bool) -> None:
    year = result.year
    echo(
        f"\nSub-topics of {year} by citation growth after it (share of later citations over "
        "share of citations then; 1 = kept its share):"
    )
    for row in result.revealed.itertuples(index=False):
        mark = "*" if row.picked else " "
        echo(
            f" {mark} {row.growth:>5.2f}x  +{row.gained:>4} cites  {row.papers:>4} papers  "
            f"{row.topic}"
        )
    base = (
        f"{result.baseline:.0%} for the top {result.top} gaining share in the 3 years up to "
        f"{year} ({'; '.join(result.baseline_picks)})"
    )
    if result.picks:
        gone = [t for t in result.picks if t not in set(result.revealed["topic"])]
        echo(
            f"Your sub-topics: {result.hits} of {len(result.picks)} among the {result.top} "
            f"fastest-growing (score {result.score:.0%}); baseline: {base}."
            + (" Score kept in the store." if kept else "")
        )
        if gone:
            echo(
                f"Note: {', '.join(gone)} is no longer a sub-topic of the map as of {year} (the "
                "store changed since the pick); counted as a miss.",
                err=True,
            )
    else:
        echo(f'No sub-topic picks for {year} (--pick-topic "TOPIC"); baseline: {base}.')


def _year(value: Any) -> str:
    return "----" if value is None or pd.isna(value) else str(int(value))
