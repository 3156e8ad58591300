"""``mentalmap crawl``: seed papers → a resumable SQLite store (and its map)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import click

from mentalmap.cli.app import EXIT_INTERRUPTED, main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.options import (
    db_option,
    depth_option,
    direction_option,
    map_output_options,
    max_calls_option,
    max_papers_option,
)
from mentalmap.cli.progress import crawl_progress
from mentalmap.cli.seeds import library_seeds, query_seeds
from mentalmap.cli.terminal import echo
from mentalmap.crawl import CrawlProgress, CrawlReport, CrawlSettings, crawl
from mentalmap.crawl.settings import DEFAULT_MAX_PAPERS, CrawlDirection
from mentalmap.errors import MentalmapError
from mentalmap.s2.client import S2Client
from mentalmap.s2.ids import parse_paper_ids
from mentalmap.store import Store
from mentalmap.surveys import survey_seeds


@main.command("crawl")
@click.argument("paper_ids", nargs=-1, metavar="[PAPER_ID]...")
@db_option
@depth_option(2, "Hops from the seeds a paper may be.")
@direction_option("both", "back = references, forward = citations.")
@max_papers_option(
    DEFAULT_MAX_PAPERS,
    "Budget of papers in the map (seeds always in), the most related first; 0 = no limit.",
)
@max_calls_option
@click.option(
    "--details-calls",
    type=click.IntRange(0),
    default=None,
    help="Calls spent on edge details (intents, influential) of the map's most cited papers, "
    "which the roles read (default: one per such paper; 0 = none).",
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
    "--from",
    "library_path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE",
    help="Seed with a library: BibTeX, RIS, CSL-JSON, or ids/DOIs/arXiv links/titles a line.",
)
@click.option(
    "--unmatched",
    "fix_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --from: where the entries that did not match go (default: beside the store).",
)
@click.option(
    "--match-only",
    is_flag=True,
    help="With --from: show what each entry matches and write the fix file; do not crawl.",
)
@click.option(
    "--search",
    "query",
    default=None,
    metavar="QUERY",
    help='Seed with the most cited papers S2\'s bulk search finds (+ - | "phrase" syntax).',
)
@click.option(
    "--top",
    type=click.IntRange(1, 5000),
    default=None,
    help="How many papers seed the crawl: surveys with --from-surveys (default 5, at most "
    "20), search hits with --search (default 20).",
)
@client_options
@map_output_options
def crawl_command(
    paper_ids: tuple[str, ...],
    db: Path,
    depth: int,
    direction: CrawlDirection,
    max_papers: int,
    max_calls: int | None,
    details_calls: int | None,
    since: int | None,
    until: int | None,
    contexts: bool,
    topic: str | None,
    library_path: Path | None,
    fix_path: Path | None,
    match_only: bool,
    query: str | None,
    top: int | None,
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

    The map is closed (every citation among its papers is stored) and grows toward the papers
    most tied to the seeds (co-citation, shared references). Run again with a larger
    --max-papers, --depth or --max-calls on the same --db to extend it.

    \b
    Examples:
      mentalmap crawl ARXIV:1706.03762
      mentalmap crawl ARXIV:1706.03762 --max-papers 2000 --max-calls 100
      mentalmap crawl --from-surveys "graph neural networks" --top 5 --direction back
      mentalmap crawl --from my-library.bib --db mine.sqlite
      mentalmap crawl --search "sparse attention | linear attention" --since 2019 --top 10
    """
    if not (paper_ids or topic or library_path or query):
        raise click.UsageError(
            "give at least one PAPER_ID, or --from FILE, --search QUERY or --from-surveys TOPIC"
        )
    if topic and top is not None and top > 20:
        raise click.BadParameter("at most 20 surveys seed a crawl", param_hint="--top")
    if match_only and not library_path:
        raise click.UsageError("--match-only goes with --from FILE")
    seeds = parse_paper_ids(paper_ids)  # a malformed id stops here: nothing written
    settings = CrawlSettings(
        depth=depth, direction=direction, max_papers=max_papers or None, max_calls=max_calls,
        since=since, until=until, contexts=contexts, details_calls=details_calls,
    )  # fmt: skip
    with make_client(api_key, api_url, rps, timeout, retries) as client:
        if library_path:
            found = library_seeds(client, library_path, db, fix_path, quiet)
            if match_only:
                return
            seeds += [s for s in found if s not in seeds]
        if query:
            found = query_seeds(client, query, top or 20, since, quiet)
            seeds += [s for s in found if s not in seeds]
        if topic:
            seeds += [s for s in survey_seeds(client, topic, top=top or 5) if s not in seeds]
        report = _crawl(client, seeds, db, settings, quiet)
    summarise(report, db, quiet)
    if not no_map:
        write_crawl_map(db, map_path or db.with_suffix(".html"), quiet)


def _crawl(
    client: S2Client, seeds: list[str], db: Path, settings: CrawlSettings, quiet: bool
) -> CrawlReport:
    return run_crawl(db, quiet, lambda store, on: crawl(store, client, seeds, settings, on))


def run_crawl(
    db: Path,
    quiet: bool,
    job: Callable[[Store, Callable[[CrawlProgress], None] | None], CrawlReport],
    *,
    create: bool = True,
) -> CrawlReport:
    """Run ``job`` on the store with a progress bar; Ctrl-C or ``kill`` says how to resume."""
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a crawl as Ctrl-C does
    try:
        with Store.open(db, create=create) as store, crawl_progress(quiet) as on_progress:
            return job(store, on_progress)
    except KeyboardInterrupt:
        echo(
            f"\nInterrupted. Everything fetched so far is saved in {db}; "
            "run the same command again to resume.",
            err=True,
        )
        raise SystemExit(EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def write_crawl_map(db: Path, out: Path, quiet: bool) -> None:
    """The map is a bonus of the crawl: if it cannot be made, the crawl still succeeded."""
    from mentalmap.pipeline import analyse_store, write_map  # the analyses load only here

    try:
        page = write_map(analyse_store(db), out, title=f"mentalmap: {db.stem}", store=db)
    except MentalmapError as exc:
        echo(f"Warning: map not written: {exc}", err=True)
        return
    if page.dates:
        echo(f"Note: {page.dates}.", err=True)
    if not quiet:
        echo(f"Map: {page.path}" + (f" ({page.note})" if page.note else ""))


def summarise(report: CrawlReport, db: Path, quiet: bool) -> None:
    for requested in report.missing:
        echo(f"Warning: {requested} is not on Semantic Scholar; skipped.", err=True)
    for paper_id, direction in report.truncated:
        echo(f"Note: the {direction} of {paper_id} stop at S2's 10,000-item list cap.", err=True)
    for note in report.notes:
        echo(f"Note: {note}.", err=True)
    if not quiet:
        echo(
            f"{report.papers} papers, {report.edges} citations among them in {db} "
            f"({report.outside} links to papers outside the map kept as candidates; "
            f"{report.calls} API calls, {report.retries} retries this run)."
        )
