"""Where ``crawl`` gets seeds besides its arguments: a library file (``--from``) and a query
(``--search``); what each entry became is shown, and what did not match goes to a fix file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from mentalmap.cli.output import echo_frame
from mentalmap.cli.terminal import echo
from mentalmap.errors import CrawlError
from mentalmap.library import (
    Library,
    Resolution,
    fix_lines,
    one_line,
    read_library,
    resolve_library,
    write_fix_file,
)
from mentalmap.query_seeds import search_seeds
from mentalmap.source import SearchSource

_MATCH_COLUMNS = {
    "line": "line",
    "entry": "entry",
    "status": "status",
    "via": "via",
    "score": "score",
    "similarity": "title sim.",
    "paperId": "paperId",
    "year": "year",
    "title": "title on S2",
}


def fix_file_for(library_path: Path, db: Path) -> Path:
    """Beside the store, named for the library; a fix file fed back is rewritten in place."""
    stem = library_path.stem
    name = f"{stem}.txt" if stem.endswith(".unmatched") else f"{stem}.unmatched.txt"
    return db.parent / name


def library_seeds(
    client: SearchSource, path: Path, db: Path, fix_path: Path | None, quiet: bool
) -> list[str]:
    """Read and resolve ``path``, show every entry's match, write the fix file; the seeds."""
    library = read_library(path)
    if not quiet:
        titles = sum(1 for e in library.entries if not e.ids)
        echo(
            f"{path}: {len(library.entries)} entries ({library.format}); looking them up "
            f"(ids by batch, {titles} by title: 2 calls each)...",
            err=True,
        )
    resolution = resolve_library(client, library)
    for note in library.notes:
        echo(f"Note: {one_line(note)}.", err=True)
    if not quiet:
        echo_frame(_match_frame(resolution), "table", f"Seeds from {path.name}", _MATCH_COLUMNS)
    fix_path = fix_path or fix_file_for(path, db)
    _report_unmatched(library, resolution, path, db, fix_path)
    if not resolution.seeds:
        raise CrawlError(
            f"none of the {len(library.entries)} entries of {path} matched a paper on Semantic "
            f"Scholar; see {fix_path}"
        )
    if not quiet:
        counts = pd.Series([m.status for m in resolution.matches]).value_counts()
        said = ", ".join(f"{n} {status}" for status, n in counts.items())
        echo(f"{len(resolution.seeds)} seeds ({said}; {resolution.calls} API calls).")
    return resolution.seeds


def _report_unmatched(
    library: Library, resolution: Resolution, path: Path, db: Path, fix_path: Path
) -> None:
    unsure = len(resolution.unsure()) + len(library.rejected)
    if not unsure:
        if fix_path.exists() and fix_path.resolve() == path.resolve():
            write_fix_file(fix_path, ["# every entry matched"])
        return
    command = f"mentalmap crawl --from {fix_path} --db {db}"
    write_fix_file(fix_path, fix_lines(library, resolution, command))
    echo(
        f"Note: {unsure} {'entry' if unsure == 1 else 'entries'} did not become seeds; "
        f"fix them in {fix_path} and run: {command}",
        err=True,
    )


def _match_frame(resolution: Resolution) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for match in resolution.matches:
        paper = match.paper or (match.candidates[0] if match.candidates else {})
        rows.append(
            {
                "line": match.entry.line,
                "entry": one_line(match.entry.label)[:40],
                "status": match.status,
                "via": match.via,
                "score": match.score,
                "similarity": match.similarity,
                "paperId": paper.get("paperId") or "",
                "year": paper.get("year"),
                "title": one_line(paper.get("title") or match.reason),
                "reason": one_line(match.reason),
            }
        )
    frame = pd.DataFrame(rows, columns=[*_MATCH_COLUMNS, "reason"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def query_seeds(
    client: SearchSource, query: str, top: int, since: int | None, quiet: bool
) -> list[str]:
    """The ``top`` most cited papers bulk search finds for ``query``, shown as a table."""
    papers = search_seeds(client, query, top=top, since=since)
    if not quiet:
        frame = pd.DataFrame(
            [
                {
                    "citationCount": p.get("citationCount"),
                    "year": p.get("year"),
                    "title": one_line(p.get("title")),
                    "paperId": p["paperId"],
                }
                for p in papers
            ]
        )
        frame["year"] = frame["year"].astype("Int64")
        columns = {"citationCount": "cites", "year": "year", "title": "title", "paperId": "paperId"}
        echo_frame(frame, "table", f"Seeds: most cited for {one_line(query)!r}", columns)
    return [p["paperId"] for p in papers]
