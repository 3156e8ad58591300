"""``mentalmap similar`` and ``mentalmap path``: explore a map from one paper, or between two,
from the store alone (no API call, unless ``path --crawl`` grows the map between them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd

from mentalmap.analysis.connector import MAX_LENGTH, connect_papers
from mentalmap.analysis.similar import similar_papers
from mentalmap.cli.app import main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.crawl import run_crawl, summarise
from mentalmap.cli.options import db_option, format_option
from mentalmap.cli.output import echo_frame
from mentalmap.cli.terminal import echo
from mentalmap.crawl.expand import expand
from mentalmap.graph import read_edges, read_papers
from mentalmap.library import one_line
from mentalmap.pipeline import require_papers
from mentalmap.reading_log import resolve_paper
from mentalmap.store import open_existing


def _load(db: Path, raws: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    with open_existing(db) as store:
        papers, edges = read_papers(store), read_edges(store)
        require_papers(papers, db)
        ids = [resolve_paper(store, raw) for raw in raws]
    return papers, edges, ids


def _with_titles(frame: pd.DataFrame, papers: pd.DataFrame) -> pd.DataFrame:
    info = papers[["title", "year", "citationCount"]]
    out = frame.join(info, on="paperId")
    out["title"] = out["title"].map(one_line)
    return out


@main.command("similar")
@click.argument("paper_id", metavar="PAPER_ID")
@db_option
@click.option(
    "--top", type=click.IntRange(0), default=20, show_default=True, help="Rows (0 = all)."
)
@format_option()
def similar_command(paper_id: str, db: Path, top: int, fmt: str) -> None:
    """The papers of the map most tied to PAPER_ID by co-citation and bibliographic coupling.

    cocited: papers of the map that cite both; coupled: references both share; link: a direct
    citation between them; similarity: the cosine of the two papers' citers and references in
    the map. PAPER_ID is any id form of a paper in the store.

    \b
    Example:
      mentalmap similar ARXIV:1706.03762 --db attention.sqlite --top 10
    """
    papers, edges, (pid,) = _load(db, (paper_id,))
    frame = _with_titles(similar_papers((papers, edges), pid, top), papers)
    title = one_line(papers.at[pid, "title"])
    if frame.empty and fmt == "table":
        echo(f"No paper of {db} shares a citer or a reference with {title!r}.", err=True)
        return
    frame.insert(0, "rank", range(1, len(frame) + 1))
    columns = {"rank": "#", "title": "title", "year": "year", "cocited": "cocited",
               "coupled": "coupled", "link": "link", "similarity": "sim.",
               "paperId": "paperId"}  # fmt: skip
    echo_frame(frame, fmt, f"Most tied to {title!r}", columns)


@main.command("path")
@click.argument("paper_a", metavar="PAPER_A")
@click.argument("paper_b", metavar="PAPER_B")
@db_option
@click.option(
    "--max-length",
    type=click.IntRange(1, 8),
    default=MAX_LENGTH,
    show_default=True,
    help="Longest path looked at, in citations.",
)
@click.option(
    "--slack",
    type=click.IntRange(0, 3),
    default=0,
    show_default=True,
    help="Also list papers on paths this many citations longer than the shortest.",
)
@format_option()
@click.option(
    "--crawl",
    "crawl_papers",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help="First add up to N papers to the store, the most tied to both papers (API calls).",
)
@client_options
def path_command(
    paper_a: str,
    paper_b: str,
    db: Path,
    max_length: int,
    slack: int,
    fmt: str,
    crawl_papers: int | None,
    **client: Any,
) -> None:
    """The papers on short citation paths between PAPER_A and PAPER_B, from the store.

    Citations count in either direction. Shows one shortest path, then every paper on the
    shortest paths (from_a, to_b: its distances to each end; paths: shortest paths through
    it). Without --crawl it makes no API call. With --crawl N it first grows the map between
    them, as `mentalmap expand` does for one paper: both become seeds, and the papers added
    are those most tied to both (the map stays closed; rerun to resume).

    \b
    Examples:
      mentalmap path ARXIV:1706.03762 ARXIV:1810.04805 --db attention.sqlite
      mentalmap path ARXIV:1409.0473 ARXIV:1810.04805 --db attention.sqlite --crawl 50
    """
    papers, edges, (a, b) = _load(db, (paper_a, paper_b))
    if crawl_papers is not None:
        quiet = fmt != "table"  # a progress bar would garble csv or json on the terminal
        with make_client(**client) as source:
            report = run_crawl(
                db,
                quiet,
                lambda store, on: expand(store, source, (a, b), crawl_papers, None, on),
                create=False,
            )
        summarise(report, db, quiet)
        papers, edges, (a, b) = _load(db, (a, b))
    found = connect_papers((papers, edges), a, b, max_length=max_length, slack=slack)
    if found.length is None:
        raise click.ClickException(
            f"no citation path of at most {max_length} between them in {db}; grow the map "
            f"between them: mentalmap path {a} {b} --db {db} --crawl 50"
        )
    titles = papers["title"].map(one_line)
    if fmt == "table":
        echo(f"Shortest path: {found.length} citations; {found.shortest_paths} shortest paths.")
        steps = found.path
        for i in range(0, len(steps), 2):
            link = f"  {steps[i - 1]}\n" if i else ""
            echo(f"{link}{steps[i]}  {titles.get(steps[i], '')}")
    frame = _with_titles(found.papers, papers)
    columns = {"title": "title", "year": "year", "from_a": "from A", "to_b": "to B",
               "paths": "paths", "paperId": "paperId"}  # fmt: skip
    echo_frame(frame, fmt, f"{len(frame)} papers between them", columns)
