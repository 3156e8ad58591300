"""The offline demo: a synthetic field with planted roles, crawled exactly as S2 would be.

No network: the field is served through the same :class:`~mentalmap.source.Source` interface as
Semantic Scholar (an in-process corpus with S2's paging and batching), crawled from a recent
survey like a newcomer would start, analysed, and written out as a map and a reading list. Since
the roles were planted, the demo can also say how well the analysis recovered them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mentalmap.analysis.reading import to_markdown
from mentalmap.crawl import CrawlProgress, CrawlReport, CrawlSettings, crawl
from mentalmap.errors import MentalmapError
from mentalmap.export.frames import author_names
from mentalmap.export.references import citation_key, escape_latex
from mentalmap.fake_s2 import CorpusSource
from mentalmap.outputs import write_text_atomic
from mentalmap.pipeline import analyse_store, write_map
from mentalmap.safe_text import spreadsheet_csv
from mentalmap.store import Store
from mentalmap.synthetic import Field, generate_field

#: Papers the demo crawl may add: most of a default field, as a budgeted real crawl would.
DEMO_BUDGET = 1500


@dataclass(frozen=True)
class DemoResult:
    """Where the demo wrote its files, and what it measured."""

    out_dir: Path
    db: Path
    map_path: Path
    reading_markdown: Path
    reading_csv: Path
    truth_csv: Path
    library: Path
    seed_paper: str
    seed_title: str
    crawl: CrawlReport
    macro_f1: float
    seconds: float


def entry_survey(field: Field) -> str:
    """The survey a newcomer would start from: the most recent one, the longest if tied."""
    papers = field.papers_frame(text=False)
    surveys = field.truth.index[field.truth.role == "survey"]
    if len(surveys) == 0:
        raise MentalmapError("the synthetic field has no survey to start from; use a larger size")
    chosen = papers.loc[surveys].sort_values(["year", "referenceCount"], ascending=False)
    return str(chosen.index[0])


def run_demo(
    out_dir: str | Path = "mentalmap-demo",
    size: int = 2000,
    seed: int = 0,
    top: int = 300,
    reading_size: int = 20,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> DemoResult:
    """Generate, crawl, analyse and render a field into ``out_dir`` (a fresh store each time)."""
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.sqlite"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)

    field = generate_field(n_papers=size, seed=seed)
    seed_paper = entry_survey(field)
    settings = CrawlSettings(depth=3, max_papers=min(DEMO_BUDGET, size))
    with Store.open(db) as store:
        report = crawl(store, CorpusSource(field.to_corpus()), [seed_paper], settings, on_progress)

    analysis = analyse_store(db)
    map_path = write_map(analysis, out / "map.html", top=top, reading_size=reading_size,
                         title="mentalmap demo: a synthetic field", store=db).path  # fmt: skip
    reading = analysis.reading(reading_size)
    reading_md = out / "reading-list.md"
    write_text_atomic(reading_md, to_markdown(reading))
    reading_csv = out / "reading-list.csv"
    write_text_atomic(reading_csv, spreadsheet_csv(reading))

    from mentalmap.analysis.evaluate import evaluate_roles  # keeps `-m ….evaluate` clean

    truth = field.truth.loc[analysis.table.index]
    truth_csv = out / "planted-truth.csv"
    write_text_atomic(truth_csv, spreadsheet_csv(truth, index=True))
    scores = evaluate_roles(analysis.table, truth)
    library = write_library(analysis.papers, reading, out / "library.bib")
    title = analysis.papers.at[seed_paper, "title"]
    return DemoResult(
        out_dir=out,
        db=db,
        map_path=map_path,
        reading_markdown=reading_md,
        reading_csv=reading_csv,
        truth_csv=truth_csv,
        library=library,
        seed_paper=seed_paper,
        seed_title=str(title),
        crawl=report,
        macro_f1=float(scores["macro_f1"]),
        seconds=time.perf_counter() - start,
    )


#: What a library entry of the demo field keeps to name its paper, as reference managers do.
LIBRARY_IDS = ("doi", "arxiv", "title", "doi-again")


def write_library(papers: pd.DataFrame, reading: pd.DataFrame, path: Path) -> Path:
    """A small BibTeX library of the demo field, shaped like a real reference-manager export.

    It starts the getting-started guide offline (``crawl --from``): the first papers of the
    reading list that are not surveys (then the most cited), one named by DOI, one by arXiv id,
    one by title alone (S2's title match), the first again under another key (exports often
    hold duplicates), and a note no index knows (it goes to the fix file).
    """
    surveys = set(reading.paperId[reading.role == "survey"])
    rest = papers.sort_values("citationCount", ascending=False, kind="stable").index
    order = dict.fromkeys([*reading.paperId, *rest])  # the reading list first, then by citations
    named = [
        pid
        for pid in order
        if pid not in surveys and _ids(papers.loc[pid]).keys() >= {"DOI", "ArXiv"}
    ]
    titles = papers.title.value_counts()
    by_title = [pid for pid in named[2:] if titles.get(papers.at[pid, "title"]) == 1]
    chosen = named[:2] + by_title[:1]  # a title shared by two papers would match either
    if len(chosen) < len(LIBRARY_IDS) - 1:
        raise MentalmapError("the demo's map has too few papers to make a library of")
    entries = [_entry(papers.loc[pid], how) for pid, how in zip(chosen, LIBRARY_IDS, strict=False)]
    entries.append(_entry(papers.loc[chosen[0]], "doi-again"))
    entries.append(
        "@misc{readinggroup,\n  title = {Notes of our reading group on this field},\n}\n"
    )
    head = (
        "% A small library of the mentalmap demo field, as a reference manager exports it.\n"
        "% Written by `mentalmap demo`; crawl from it with `mentalmap crawl --from` (see\n"
        "% docs/getting-started.md).\n"
    )
    return write_text_atomic(path, head + "\n" + "\n".join(entries))


def _ids(paper: pd.Series) -> dict[str, Any]:
    ids = paper.get("externalIds")
    return ids if isinstance(ids, dict) else {}


def _entry(paper: pd.Series, how: str) -> str:
    ids = _ids(paper)
    key = citation_key(paper.authors, paper.year, paper.title) + ("b" if how == "doi-again" else "")
    fields = {
        "title": paper.title,
        "author": " and ".join(author_names(paper.authors)),
        "year": str(int(paper.year)),
    }
    if how == "doi":
        fields["doi"] = ids["DOI"]
    elif how == "arxiv":
        fields |= {"eprint": ids["ArXiv"], "archivePrefix": "arXiv"}
    elif how == "doi-again":
        fields["url"] = f"https://doi.org/{ids['DOI']}"
    body = "".join(f"  {name} = {{{escape_latex(value)}}},\n" for name, value in fields.items())
    return f"@article{{{key},\n{body}}}\n"
