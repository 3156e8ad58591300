"""``mentalmap crawl``: seed papers → a resumable SQLite store (and its map)."""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import EXIT_INTERRUPTED, main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.options import db_option
from mentalmap.cli.progress import crawl_progress
from mentalmap.crawl import CrawlReport, CrawlSettings, crawl
from mentalmap.errors import MentalmapError
from mentalmap.s2.client import S2Client
from mentalmap.s2.ids import parse_paper_ids
from mentalmap.store import Store
from mentalmap.surveys import survey_seeds


@main.command("crawl")
@click.argument("paper_ids", nargs=-1, metavar="[PAPER_ID]...")
@db_option
@click.option(
    "--depth",
    type=click.IntRange(0, 5),
    default=1,
    show_default=True,
    help="Levels to expand from the seeds.",
)
@click.option(
    "--direction",
    type=click.Choice(["back", "forward", "both"]),
    default="both",
    show_default=True,
    help="back = references, forward = citations.",
)
@click.option(
    "--max-papers",
    type=click.IntRange(1),
    default=None,
    help="Budget of papers in the map (seeds always in); best-first beyond it.",
)
@click.option("--since", type=int, default=None, help="Only add papers from this year on.")
@click.option("--until", type=int, default=None, help="Only add papers up to this year.")
@click.option("--contexts", is_flag=True, help="Also keep citation context sentences.")
@click.option(
    "--from-surveys",
    "topic",
    default=None,
    metavar="TOPIC",
    help="Seed with the top surveys of the last 5 years on TOPIC (S2 search).",
)
@click.option(
    "--top",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="With --from-surveys: how many surveys seed the crawl.",
)
@client_options
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML map at the end (default: the store's name with .html).",
)
@click.option("--no-map", is_flag=True, help="Do not write the map at the end.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only errors.")
def crawl_command(
    paper_ids: tuple[str, ...],
    db: Path,
    depth: int,
    direction: str,
    max_papers: int | None,
    since: int | None,
    until: int | None,
    contexts: bool,
    topic: str | None,
    top: int,
    api_key: str | None,
    api_url: str | None,
    rps: float,
    timeout: float,
    retries: int,
    map_path: Path | None,
    no_map: bool,
    quiet: bool,
) -> None:
    """Crawl Semantic Scholar from seed papers into a local store.

    Any id form works: S2 paperId, CorpusId:, DOI:, ARXIV:, ACL:, PMID:, PMCID:, MAG:, URL:,
    a bare arXiv id or DOI, or an arxiv.org / doi.org / semanticscholar.org URL. Run the same
    command again after an interruption: it resumes, and a finished crawl costs no call.

    \b
    Examples:
      mentalmap crawl ARXIV:1706.03762 --depth 2 --max-papers 500
      mentalmap crawl --from-surveys "graph neural networks" --top 5 --direction back
    """
    if not paper_ids and not topic:
        raise click.UsageError("give at least one PAPER_ID, or --from-surveys TOPIC")
    seeds = parse_paper_ids(paper_ids)  # a malformed id stops here: nothing written
    settings = CrawlSettings(
        depth=depth, direction=direction, max_papers=max_papers, since=since, until=until,
        contexts=contexts,
    )  # fmt: skip
    with make_client(api_key, api_url, rps, timeout, retries) as client:
        if topic:
            seeds += [s for s in survey_seeds(client, topic, top=top) if s not in seeds]
        report = _crawl(client, seeds, db, settings, quiet)
    _summarise(report, db, quiet)
    if depth == 1 and not quiet:
        click.echo(
            "Hint: depth 1 maps only the seeds' own references and citations, which rarely cite "
            "one another; for roles and lineages, crawl into a new --db with --depth 2 "
            "--max-papers 500 (the budget picks the best-linked papers first).",
            err=True,
        )
    if not no_map:
        _write_map(db, map_path or db.with_suffix(".html"), quiet)


def _crawl(
    client: S2Client, seeds: list[str], db: Path, settings: CrawlSettings, quiet: bool
) -> CrawlReport:
    with Store.open(db) as store:
        try:
            with crawl_progress(quiet) as on_progress:
                return crawl(store, client, seeds, settings, on_progress)
        except KeyboardInterrupt:
            click.echo(
                f"\nInterrupted. Everything fetched so far is saved in {db}; "
                "run the same command again to resume.",
                err=True,
            )
            raise SystemExit(EXIT_INTERRUPTED) from None


def _write_map(db: Path, out: Path, quiet: bool) -> None:
    """The map is a bonus of the crawl: if it cannot be made, the crawl still succeeded."""
    from mentalmap.pipeline import analyse_store, write_map  # the analyses load only here

    try:
        path = write_map(analyse_store(db), out, title=f"mentalmap: {db.stem}")
    except MentalmapError as exc:
        click.echo(f"Warning: map not written: {exc}", err=True)
        return
    if not quiet:
        click.echo(f"Map: {path}")


def _summarise(report: CrawlReport, db: Path, quiet: bool) -> None:
    for requested in report.missing:
        click.echo(f"Warning: {requested} is not on Semantic Scholar; skipped.", err=True)
    for paper_id, direction in report.truncated:
        click.echo(
            f"Note: the {direction} of {paper_id} stop at S2's 10,000-item list cap.", err=True
        )
    if not quiet:
        click.echo(
            f"{report.papers} papers, {report.edges} citations in {db} "
            f"({report.calls} API calls, {report.retries} retries this run)."
        )
