"""The issue-15 hardening campaign, rerun: how each fault and hostile input ends.

Runs the real CLI (``python -m mentalmap``, one process per trigger) on the hostile field of
tests/hostile.py and counts, per group, the triggers that end in a traceback, in one
``Error:`` line, or succeed:

1. tracebacks: a byte-corrupted store (text that is not UTF-8; pages overwritten) in every
   command that reads or writes it, ``--api-url notaurl``, ``reading-list --out`` into a
   missing folder, a full disk during a crawl and a reading list (``RLIMIT_FSIZE``), a null
   author in a Parquet export; and whether a damaged store was written into;
2. read-only stores (as root: a tmpfs remounted read-only, and ``chattr +i``): the read-only
   commands that work, and the writing ones that say "read-only";
3. the terminal: the printing commands whose output carries a control character (in process,
   click's ANSI stripping off, as a terminal would receive it).

    python benchmarks/hardening.py
    PYTHONPATH=/path/to/other/checkout python benchmarks/hardening.py   # another version
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from conftest import small_corpus_records, small_sha  # noqa: E402
from hostile import TERMINAL_CONTROLS, hostile_notes, hostile_store  # noqa: E402
from test_no_tracebacks import CORRUPTIONS, run_with_file_limit  # noqa: E402

READS = {
    "rank": ["rank"],
    "authors": ["authors"],
    "export": ["export", "--format", "csv", "--out", "{out}/x"],
    "map": ["map", "--out", "{out}/m.html"],
    "predict": ["predict", "--as-of", "2015"],
    "reading-list": ["reading-list"],
    "similar": ["similar", "{seed}"],
    "notes": ["notes"],
}
WRITES = {
    "read": ["read", "{seed}", "--pass", "1"],
    "crawl": ["crawl", "{seed}", "--api-url", "{url}", "--rps", "0", "-q", "--no-map"],
}


def run(args: list[str], limit: int | None = None) -> subprocess.CompletedProcess:
    if limit:
        return run_with_file_limit(args, limit)
    return subprocess.run(
        [sys.executable, "-m", "mentalmap", *args], capture_output=True, text=True, timeout=600
    )


def outcome(proc: subprocess.CompletedProcess) -> str:
    if "Traceback" in proc.stderr:
        return "traceback"
    lines = proc.stderr.strip().splitlines()
    if proc.returncode and len(lines) == 1 and lines[0].startswith("Error: "):
        return "one line"
    return "ok" if proc.returncode == 0 else f"exit {proc.returncode}, {len(lines)} lines"


def fill(args: list[str], **values: str) -> list[str]:
    return [a.format(**values) for a in args]


def tracebacks(master: Path, seed: str, url: str, work: Path) -> Counter:
    tally: Counter = Counter()
    for kind, corrupt in CORRUPTIONS.items():
        for name, args in {**READS, **WRITES}.items():
            db = work / f"{kind}-{name}.sqlite"
            shutil.copy(master, db)
            corrupt(db)
            before = db.read_bytes()
            out = work / f"out-{kind}-{name}"
            got = outcome(run([*fill(args, seed=seed, url=url, out=str(out)), "--db", str(db)]))
            written = db.read_bytes() != before
            tally[got] += 1
            tally["damaged store written"] += written
            print(f"  corrupt {kind:9} {name:13} {got}{' (store written)' if written else ''}")
    db = work / "plain.sqlite"
    shutil.copy(master, db)
    with sqlite3.connect(db) as conn:
        authors = json.dumps([None, {"name": "kept"}])
        conn.execute("UPDATE papers SET authors = ? WHERE paperId = ?", (authors, seed))
    others = {
        "--api-url notaurl": (["crawl", seed, "--db", str(work / "n.sqlite"), "--api-url",
                               "notaurl"], None),
        "reading-list --out missing/dir": (["reading-list", "--db", str(db), "--out",
                                            str(work / "missing" / "dir" / "x.md")], None),
        "full disk: crawl": (["crawl", small_sha("p29"), "--db", str(work / "full.sqlite"),
                              "--api-url", url, "--rps", "0", "-q", "--no-map"], 96 * 1024),
        "full disk: reading-list --out": (["reading-list", "--db", str(db), "--tier", "depth",
                                           "--format", "markdown", "--out",
                                           str(work / "plan.md")], 40_000),
        "parquet, null author": (["export", "--db", str(db), "--format", "parquet", "--out",
                                  str(work / "pq")], None),
    }  # fmt: skip
    for name, (args, limit) in others.items():
        got = outcome(run(args, limit))
        tally[got] += 1
        print(f"  {name:40} {got}")
    return tally


def read_only(master: Path, seed: str, url: str, work: Path) -> Counter:
    tally: Counter = Counter()
    if os.geteuid() != 0:
        print("  (not root: skipped; the suite covers it with chmod)")
        return tally
    media = work / "media"
    media.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(media)], check=True)
    try:
        shutil.copy(master, media / "f.sqlite")
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
        immutable = work / "immutable.sqlite"
        shutil.copy(master, immutable)
        subprocess.run(["chattr", "+i", str(immutable)], check=True)
        try:
            for where, db in (("read-only mount", media / "f.sqlite"), ("chattr +i", immutable)):
                for name, args in {**READS, **WRITES}.items():
                    out = work / f"ro-{name}"
                    proc = run([*fill(args, seed=seed, url=url, out=str(out)), "--db", str(db)])
                    got = outcome(proc)
                    if name in WRITES:
                        got = "says read-only" if "read-only" in proc.stderr else got
                    tally[f"{'write' if name in WRITES else 'read'}: {got}"] += 1
                    print(f"  {where:16} {name:13} {got}")
        finally:
            subprocess.run(["chattr", "-i", str(immutable)], check=True)
    finally:
        subprocess.run(["umount", str(media)], check=True)
    return tally


def terminal(master: Path, seed: str, work: Path) -> Counter:
    from click.testing import CliRunner

    from mentalmap.cli import main

    db = work / "terminal.sqlite"
    shutil.copy(master, db)
    hostile_notes(db, seed)
    commands = {
        "rank": ["rank"], "authors": ["authors"], "reading-list": ["reading-list"],
        "reading-list markdown": ["reading-list", "--format", "markdown"], "notes": ["notes"],
        "similar": ["similar", seed], "predict": ["predict", "--as-of", "2020"],
        "predict --reveal": ["predict", "--as-of", "2020", "--reveal"],
        "read": ["read", seed, "--pass", "2", "--note", "\x1b]0;pwned\x07"],
    }  # fmt: skip
    tally: Counter = Counter()
    for name, args in commands.items():
        result = CliRunner().invoke(main, [*args, "--db", str(db)], color=True)
        leaks = sorted({f"U+{ord(c):04X}" for c in result.output if c in TERMINAL_CONTROLS})
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        got = "traceback" if crashed else ("leaks " + " ".join(leaks) if leaks else "clean")
        tally["leaks" if leaks else got] += 1
        print(f"  {name:24} {got}")
    return tally


def main() -> None:
    from mentalmap.fake_s2 import Corpus, FakeS2Server

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        master, seed = hostile_store(work / "hostile.sqlite")
        papers, citations, aliases = small_corpus_records()
        server = FakeS2Server(Corpus(papers, citations, aliases)).start()
        try:
            print("1. tracebacks")
            one = tracebacks(master, seed, server.url, work)
            print("2. read-only stores")
            two = read_only(master, seed, server.url, work)
        finally:
            server.stop()
        print("3. the terminal")
        three = terminal(master, seed, work)
    for title, tally in (("tracebacks", one), ("read-only", two), ("terminal", three)):
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))


if __name__ == "__main__":
    main()
