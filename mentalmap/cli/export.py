"""``mentalmap export``: a store (or a selection of it) as files other tools read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import db_option, refuse_stdout
from mentalmap.cli.terminal import echo
from mentalmap.errors import ExportError
from mentalmap.export import FORMATS, Selection, export_papers, parse_selection, select_papers
from mentalmap.export.stream import STREAMED_FORMATS, export_store
from mentalmap.graph import load_papers, self_citing
from mentalmap.pipeline import analyse_store, load_store, require_papers
from mentalmap.store import open_existing


class SelectionType(click.ParamType):
    """``--select`` values; a malformed one is bad usage (exit 2), caught before any work."""

    name = "SELECTION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Selection):
            return value
        try:
            return parse_selection(value)
        except ExportError as exc:
            self.fail(str(exc), param, ctx)


@main.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="csv/json/parquet: papers.* + edges.*; graphml/gexf: one graph; bibtex/ris: references.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    callback=refuse_stdout,
    help="Directory to write into (created if missing; same-named files are replaced).",
)
@click.option(
    "--select",
    "selection",
    type=SelectionType(),
    default="all",
    show_default=True,
    help="all, reading-list, role:<ROLE> (foundational, technique, tweak, survey, frontier, "
    "other) or topic:<number or label>. Anything but all adds role/cluster columns.",
)
@click.option(
    "--size",
    type=int,
    default=20,
    show_default=True,
    help="Papers in the reading list (with --select reading-list).",
)
@click.option(
    "--with-analysis",
    is_flag=True,
    help="Add role, confidence, reason, parent, sub-topic and importance columns (any selection).",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    db: Path,
    fmt: str,
    out: Path,
    selection: Selection,
    size: int,
    with_analysis: bool,
) -> None:
    """Export the map as CSV, JSON, Parquet, GraphML, GEXF, BibTeX or RIS.

    Prints the files written, one per line, on stdout; the summary goes to stderr.

    \b
    Examples:
      mentalmap export --format graphml --out exports/ --with-analysis  # Gephi
      mentalmap export --format bibtex --out refs/ --select reading-list --size 30
      mentalmap export --format csv --out tables/ --select role:foundational
    """
    size_given = ctx.get_parameter_source("size") is not click.core.ParameterSource.DEFAULT
    if size_given and selection.kind != "reading-list":
        raise click.UsageError("--size only applies to --select reading-list", ctx)
    if selection.kind == "reading-list":
        from mentalmap.analysis.reading import MAX_SIZE, MIN_SIZE

        if not MIN_SIZE <= size <= MAX_SIZE:
            raise click.BadParameter(
                f"{size} is not in the range {MIN_SIZE}-{MAX_SIZE}.", ctx, param_hint="'--size'"
            )
    if selection.kind == "all" and not with_analysis and fmt in STREAMED_FORMATS:
        with open_existing(db) as store:  # straight from the store: memory flat in its size
            if not store.count("papers"):
                require_papers(load_papers(db), db)
            with store.snapshot():  # papers and edges of one state, while a crawl writes
                paths, counts = export_store(store, fmt, out)
                loops = len(self_citing(store))
        _report(paths, fmt, out, counts.papers, counts.papers, counts.edges)
        _report_loops(loops, db)
        return
    if selection.needs_analysis or with_analysis:
        field = analyse_store(db)
        papers, edges, table, log = field.papers, field.edges, field.table, field.log
    else:
        frames = load_store(db)
        papers, edges, table, log = frames.papers, frames.edges, None, frames.log
    chosen, chosen_edges = select_papers(papers, edges, selection, table=table, size=size)
    with open_existing(db) as store:
        loops = len(self_citing(store) & set(chosen.index))
    paths = export_papers(chosen, chosen_edges, fmt, out, table=table, log=log)
    _report(paths, fmt, out, len(chosen), len(papers), len(chosen_edges))
    _report_loops(loops, db)


def _report(paths: list[Path], fmt: str, out: Path, chosen: int, papers: int, edges: int) -> None:
    for path in paths:
        echo(str(path))
    echo(
        f"Exported {chosen} of {papers} papers and {edges} citations as {fmt} to {out}.",
        err=True,
    )


def _report_loops(loops: int, db: Path) -> None:
    """Self-citations are kept in the store, never exported: say how many were left out."""
    if loops:
        echo(
            f"Note: {loops} self-citation{'s' if loops > 1 else ''} (a paper citing itself) "
            f"{'are' if loops > 1 else 'is'} kept in {db} but not exported: no format here "
            "holds a loop.",
            err=True,
        )
