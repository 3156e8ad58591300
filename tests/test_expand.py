"""``mentalmap expand``: one paper's neighbourhood added to a map, closed, resumable, nothing lost.

The field is a synthetic one served by the fake S2 (in process, or over HTTP for the CLI); the
ground truth of every check is the fake's own corpus.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.crawl.expand import expand
from mentalmap.demo import entry_survey, run_demo
from mentalmap.errors import EmptyStore, InvalidPaperId, StoreBusy, UnknownPaper
from mentalmap.fake_s2 import Corpus, CorpusSource, Faults
from mentalmap.graph import load_edges, load_papers, load_seeds
from mentalmap.reading_log import log_reading, read_log
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

from crawl_corpus import closure, default_sigint, dump_store

BASE_PAPERS = 200


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even ``except Exception``)."""


class Dies(CorpusSource):
    """A source that dies before its call number ``stop_after + 1``."""

    def __init__(self, corpus: Corpus, stop_after: int) -> None:
        super().__init__(corpus)
        self.stop_after = stop_after

    def fetch_papers(self, ids, fields):
        if self.calls >= self.stop_after:
            raise Killed
        return super().fetch_papers(ids, fields)

    def fetch_edge_page(self, *args):
        if self.calls >= self.stop_after:
            raise Killed
        return super().fetch_edge_page(*args)


def neighbours(corpus: Corpus, paper_id: str) -> set[str]:
    """Every paper ``paper_id`` cites or is cited by, in the corpus (the ground truth)."""
    out: set[str] = set()
    for direction, key in (("references", "citedPaper"), ("citations", "citingPaper")):
        offset = 0
        while True:
            page = corpus.page(paper_id, direction, offset, 1000, "paperId")
            out |= {i[key]["paperId"] for i in page["data"] if i[key].get("paperId")}
            if "next" not in page:
                break
            offset = page["next"]
    return out


@pytest.fixture(scope="module")
def synthetic():
    return generate_field(n_papers=2000, seed=0)


@pytest.fixture(scope="module")
def field(synthetic) -> Corpus:
    return synthetic.to_corpus()


@pytest.fixture(scope="module")
def master(synthetic, field, tmp_path_factory) -> Path:
    """A map of 200 papers crawled from the field's entry survey, two papers in the log."""
    path = tmp_path_factory.mktemp("expand") / "master.sqlite"
    with Store.open(path) as store:
        crawl(store, CorpusSource(field), [entry_survey(synthetic)], CrawlSettings(max_papers=200))
        ids = sorted(store.paper_ids())
        log_reading(store, ids[0], "1", "skimmed before the expansion")
        log_reading(store, ids[1], "deep", "re-implemented it")
    return path


@pytest.fixture
def db(master, tmp_path) -> Path:
    path = tmp_path / "map.sqlite"
    shutil.copy(master, path)
    return path


@pytest.fixture(scope="module")
def target(master, field) -> str:
    """A paper at the map's edge (depth 2) with 8 to 25 neighbours outside the map."""
    papers = load_papers(master)
    inside = set(papers.index)
    edge = sorted(papers.index[papers.depth == 2])
    outside = {pid: len(neighbours(field, pid) - inside) for pid in edge}
    fitting = [pid for pid in edge if 8 <= outside[pid] <= 25]
    return max(fitting, key=lambda pid: (outside[pid], pid))


def run_expand(path: Path, source, paper_id: str, add: int, **overrides):
    with Store.open(path) as store:
        return expand(store, source, paper_id, add, overrides)


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


# --- what an expansion adds ------------------------------------------------------------------
def test_the_papers_neighbours_come_in_first_and_the_map_stays_closed(db, field, target) -> None:
    before = set(load_papers(db).index)
    outside = neighbours(field, target) - before
    report = run_expand(db, CorpusSource(field), target, 30)
    after = set(load_papers(db).index)
    new = after - before
    assert len(new) == 30 and report.papers == len(after) == BASE_PAPERS + 30
    assert outside <= new  # every paper it cites or is cited by, first
    assert closure(field, db) == 1.0  # every citation among the map's papers is stored
    unread = rows(
        db,
        "SELECT paperId FROM papers WHERE paperId NOT IN "
        "(SELECT paperId FROM lists WHERE direction = 'references' AND done)",
    )
    assert unread == []  # the new papers' references were read, as the crawl reads them
    assert load_seeds(db)[-1] == target and report.seeds[-1] == target


def test_it_does_better_than_crawling_on_from_the_seeds(db, tmp_path, field, target) -> None:
    before = set(load_papers(db).index)
    outside = neighbours(field, target) - before
    plain = tmp_path / "plain.sqlite"
    shutil.copy(db, plain)
    with Store.open(plain) as store:  # the same budget spent by the crawl that made the map
        crawl(store, CorpusSource(field), load_seeds(db), CrawlSettings(max_papers=230))
    run_expand(db, CorpusSource(field), target, 30)
    by_crawl = set(load_papers(plain).index) - before
    by_expand = set(load_papers(db).index) - before
    assert len(by_crawl) == len(by_expand) == 30
    assert len(by_crawl & outside) < len(outside) == len(by_expand & outside)


def test_the_papers_added_are_ranked_toward_the_paper_alone(tmp_path, synthetic, field) -> None:
    # A map of 15 small seeds leaves neighbours of each outside. A crawl with the paper as one
    # more seed spreads the budget over all 16; the expansion spends it around the paper.
    records, _ = synthetic.to_s2_records()
    small = sorted(r["paperId"] for r in records
                   if 25 <= r["citationCount"] + r["referenceCount"] <= 45)  # fmt: skip
    seeds = [small[i] for i in np.random.default_rng(3).choice(len(small), 15, replace=False)]
    db, seeded = tmp_path / "map.sqlite", tmp_path / "seeded.sqlite"
    with Store.open(db) as store:
        crawl(store, CorpusSource(field), seeds, CrawlSettings(max_papers=200))
    shutil.copy(db, seeded)
    before = set(load_papers(db).index)
    paper = max(sorted(before - set(seeds)), key=lambda p: len(neighbours(field, p) - before))
    outside = neighbours(field, paper) - before
    assert len(outside) > 20
    run_expand(db, CorpusSource(field), paper, 20)
    with Store.open(seeded) as store:
        crawl(store, CorpusSource(field), [*seeds, paper], CrawlSettings(max_papers=220))
    by_expand = set(load_papers(db).index) - before
    by_seeding = set(load_papers(seeded).index) - before
    assert len(by_expand) == len(by_seeding) == 20
    assert by_expand <= outside  # all 20 cite it or are cited by it
    assert len(by_seeding & outside) <= 5
    assert closure(field, db) == 1.0


def test_nothing_of_the_map_is_lost(db, field, target) -> None:
    columns = "paperId, title, year, citationCount, referenceCount, externalIds"
    papers = rows(db, f"SELECT {columns} FROM papers")  # noqa: S608
    edges = set(rows(db, "SELECT * FROM edges_s2"))
    seeds = load_seeds(db)
    done = set(rows(db, "SELECT paperId, direction FROM lists WHERE done"))
    plan = set(rows(db, "SELECT * FROM crawl_plan"))
    with Store.open(db) as store:
        log = read_log(store)
    run_expand(db, CorpusSource(field), target, 30)
    assert set(papers) <= set(rows(db, f"SELECT {columns} FROM papers"))  # noqa: S608
    after = {(e[0], e[1]): e[2:] for e in rows(db, "SELECT * FROM edges_s2")}
    assert {(e[0], e[1]) for e in edges} <= set(after)
    # the details pass may fill flags an edge lacked; a flag once known stays
    for citing, cited, *flags in edges:
        kept = after[(citing, cited)]
        assert all(old is None or old == new for old, new in zip(flags, kept, strict=True))
    assert load_seeds(db) == [*seeds, target]
    assert done <= set(rows(db, "SELECT paperId, direction FROM lists WHERE done"))
    assert plan <= set(rows(db, "SELECT * FROM crawl_plan"))
    with Store.open(db) as store:
        assert read_log(store).equals(log) and len(log) == 2


def test_the_store_s_own_settings_hold_for_the_papers_added(tmp_path, synthetic, field) -> None:
    db = tmp_path / "recent.sqlite"
    with Store.open(db) as store:  # a map of recent work only, grown through references
        settings = CrawlSettings(max_papers=150, since=2015, direction="back")
        crawl(store, CorpusSource(field), [entry_survey(synthetic)], settings)
    papers = load_papers(db)
    before = set(papers.index)
    recent = sorted(papers.index[papers.year >= 2016])
    paper = max(recent, key=lambda p: (len(neighbours(field, p) - before), p))
    report = run_expand(db, CorpusSource(field), paper, 30)
    after = load_papers(db)
    new = set(after.index) - before
    assert new and report.papers == len(after)
    assert (after.loc[sorted(new), "year"] >= 2015).all()  # the year window
    cited = {cited for citing, cited in rows(db, "SELECT citing, cited FROM edges_s2")
             if citing in after.index}  # fmt: skip
    assert new <= cited  # reached through references only: each is cited in the map
    assert closure(field, db) == 1.0


# --- again, and after a kill -----------------------------------------------------------------
def test_the_same_expansion_again_adds_nothing_and_makes_no_call(db, field, target) -> None:
    run_expand(db, CorpusSource(field), target, 30)
    done = dump_store(db)
    again = CorpusSource(field)
    report = run_expand(db, again, target, 30)
    assert again.calls == report.calls == 0
    assert dump_store(db) == done
    more = run_expand(db, CorpusSource(field), target, 10)  # another size grows it further
    assert more.papers == BASE_PAPERS + 40 and closure(field, db) == 1.0


def test_killed_at_any_call_then_rerun_gives_the_uninterrupted_store(
    master, tmp_path, synthetic, target
) -> None:
    # responses capped at 400 nested items, so the expansion takes a dozen calls or so
    papers, citations = synthetic.to_s2_records()
    capped = Corpus(papers, citations, batch_nested_cap=400)
    clean = tmp_path / "clean.sqlite"
    shutil.copy(master, clean)
    whole = CorpusSource(capped)
    run_expand(clean, whole, target, 150)
    expected = dump_store(clean)
    assert whole.calls >= 6
    for k in range(1, whole.calls):
        path = tmp_path / f"k{k}.sqlite"
        shutil.copy(master, path)
        with pytest.raises(Killed):
            run_expand(path, Dies(capped, stop_after=k), target, 150)
        run_expand(path, CorpusSource(capped), target, 150)
        assert dump_store(path) == expected, f"killed after call {k}"
        rerun = CorpusSource(capped)
        run_expand(path, rerun, target, 150)
        assert rerun.calls == 0


# --- what it refuses -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paper_id", "error"),
    [
        ("DOI:10.9999/not-in-the-map", UnknownPaper),
        ("0" * 40, UnknownPaper),
        ("not a paper id", InvalidPaperId),
        ("ARXIV:abc", InvalidPaperId),
        ("", InvalidPaperId),
    ],
)
def test_a_paper_not_in_the_map_is_refused_before_any_call(db, field, paper_id, error) -> None:
    before = dump_store(db)
    source = CorpusSource(field)
    with pytest.raises(error):
        run_expand(db, source, paper_id, 10)
    assert source.calls == 0 and dump_store(db) == before


def test_an_empty_store_has_nothing_to_expand(tmp_path, field) -> None:
    with pytest.raises(EmptyStore):
        run_expand(tmp_path / "empty.sqlite", CorpusSource(field), "0" * 40, 10)


def test_an_expansion_waits_for_no_other_crawl_and_fixes_nothing_meanwhile(
    db, field, target
) -> None:
    before = dump_store(db)
    with Store.open(db) as other, other.writer_lock():  # a crawl is writing the store
        source = CorpusSource(field)
        with pytest.raises(StoreBusy):
            run_expand(db, source, target, 10)
    assert source.calls == 0 and dump_store(db) == before
    assert rows(db, "SELECT key FROM meta WHERE key LIKE 'expand:%'") == []
    assert run_expand(db, CorpusSource(field), target, 10).papers == BASE_PAPERS + 10


# --- the command -----------------------------------------------------------------------------
def cli(*args: str):
    return CliRunner().invoke(main, [*args])


def map_data(html: Path) -> dict:
    text = html.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="mm-data">(.*?)</script>', text, re.S)
    assert found, "no map data in the page"
    return json.loads(found.group(1))


def test_the_command_takes_any_id_form_and_writes_the_map_with_its_command(
    db, field, target, fake_s2_factory
) -> None:
    server = fake_s2_factory(field)
    corpus_id = field.get_paper(target, "corpusId")["corpusId"]
    result = cli("expand", f"CorpusId:{corpus_id}", "--db", str(db), "--api-url", server.url,
                 "--rps", "0", "--max-papers", "20")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{BASE_PAPERS + 20} papers, " in result.output
    assert len(load_papers(db)) == BASE_PAPERS + 20 and closure(field, db) == 1.0
    html = db.with_suffix(".html")
    assert f"Map: {html}" in result.output
    data = map_data(html)
    assert data["expand"] == ["mentalmap expand ", f" --db {shlex.quote(str(db))}"]
    again = cli("expand", target, "--db", str(db), "--api-url", server.url, "--rps", "0",
                "--max-papers", "20", "--no-map")  # fmt: skip
    assert again.exit_code == 0 and f"{BASE_PAPERS + 20} papers, " in again.output
    assert "0 API calls" in again.output


def test_depth_one_adds_only_the_papers_neighbours(db, field, target, fake_s2_factory) -> None:
    server = fake_s2_factory(field)
    before = set(load_papers(db).index)
    outside = neighbours(field, target) - before
    size = str(len(outside) - 2)
    result = cli("expand", target, "--db", str(db), "--api-url", server.url, "--rps", "0",
                 "--max-papers", size, "--depth", "1", "-q", "--no-map")  # fmt: skip
    assert result.exit_code == 0, result.output
    new = set(load_papers(db).index) - before
    assert len(new) == len(outside) - 2 and new <= outside


def one_error_line(result, code: int, *expected: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in lines[0]


@pytest.mark.parametrize(
    ("paper_id", "code", "expected"),
    [
        ("DOI:10.9999/not-in-the-map", 1, "is not in"),
        ("ffffffffffffffffffffffffffffffffffffffff", 1, "crawl it first"),
        ("not-an-id", 2, "malformed paper id 'not-an-id'"),
    ],
)
def test_the_command_refuses_a_paper_not_in_the_map(
    db, field, fake_s2_factory, paper_id, code, expected
) -> None:
    server = fake_s2_factory(field)
    before = dump_store(db)
    result = cli("expand", paper_id, "--db", str(db), "--api-url", server.url, "--rps", "0")
    one_error_line(result, code, expected)
    assert server.requests == [] and dump_store(db) == before
    assert not db.with_suffix(".html").exists()


@pytest.mark.parametrize("kind", ["missing", "corrupt", "foreign", "empty"])
def test_the_command_refuses_a_store_it_cannot_expand(tmp_path, target, kind) -> None:
    db = tmp_path / "s.sqlite"
    if kind == "corrupt":
        db.write_bytes(b"garbage, not sqlite" * 100)
    elif kind == "foreign":
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE t (x)")
    elif kind == "empty":
        Store.open(db).close()
    result = cli("expand", target, "--db", str(db), "--api-url", "http://127.0.0.1:9/graph/v1")
    expected = {"missing": "no store at", "corrupt": "not a readable SQLite database",
                "foreign": "not a mentalmap store", "empty": "holds no papers yet"}  # fmt: skip
    one_error_line(result, 1, expected[kind], str(db))
    assert db.exists() == (kind != "missing")  # a missing store is not made


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_a_bad_max_papers_is_a_usage_error(db, target, size) -> None:
    result = cli("expand", target, "--db", str(db), "--max-papers", size)
    assert result.exit_code == 2 and "--max-papers" in result.output


def test_ctrl_c_or_sigkill_then_the_same_command_finishes_the_same_map(
    master, tmp_path, synthetic, target, fake_s2_factory
) -> None:
    papers, citations = synthetic.to_s2_records()
    capped = Corpus(papers, citations, batch_nested_cap=400)
    server = fake_s2_factory(capped, faults=Faults(rate_slow=1.0, slow_seconds=0.1))
    reference, killed = tmp_path / "reference.sqlite", tmp_path / "killed.sqlite"
    shutil.copy(master, reference)
    shutil.copy(master, killed)

    def command(path: Path) -> list[str]:
        return [sys.executable, "-m", "mentalmap", "expand", target, "--db", str(path),
                "--api-url", server.url, "--rps", "0", "--max-papers", "150", "-q",
                "--no-map"]  # fmt: skip

    done = subprocess.run(command(reference), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for how in (signal.SIGINT, signal.SIGKILL):
        proc = subprocess.Popen(
            command(killed), stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint
        )
        assert wait_until_writing(proc, killed), "the expansion ended before it was stopped"
        proc.send_signal(how)
        _out, err = proc.communicate(timeout=60)
        if how == signal.SIGINT:
            assert proc.returncode == 130 and "run the same command again to resume" in err
            assert "Traceback" not in err
        else:
            assert proc.returncode == -signal.SIGKILL
    assert dump_store(killed) != dump_store(reference)  # stopped half-way
    final = subprocess.run(command(killed), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert dump_store(killed) == dump_store(reference)


def wait_until_writing(proc: subprocess.Popen, db: Path, timeout: float = 60) -> bool:
    """Block until the running expansion has written its first response (papers or lists)."""

    def written() -> tuple[int, int]:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(
                "SELECT (SELECT COUNT(*) FROM papers), (SELECT COUNT(*) FROM lists)"
            ).fetchone()

    start = written()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if written() != start:
                return proc.poll() is None
        except sqlite3.Error:
            pass
        time.sleep(0.01)
    return False


# --- the demo store --------------------------------------------------------------------------
def test_the_demo_store_expands_against_the_fake_server(tmp_path, fake_s2_factory) -> None:
    demo = run_demo(tmp_path / "demo", size=2000, seed=0)
    corpus = generate_field(n_papers=2000, seed=0).to_corpus()  # what `fake_s2 --synthetic 2000`
    server = fake_s2_factory(corpus)
    data = map_data(demo.map_path)
    assert data["expand"] == ["mentalmap expand ", f" --db {shlex.quote(str(demo.db))}"]
    inside = set(load_papers(demo.db).index)
    paper = max(
        sorted(inside), key=lambda pid: len(neighbours(corpus, pid) - inside)
    )  # the paper of the map with the most neighbours left outside it
    prefix, suffix = data["expand"]
    command = shlex.split(prefix + paper + suffix)[1:]  # as the page shows it, minus `mentalmap`
    result = cli(*command, "--api-url", server.url, "--rps", "0", "--max-papers", "40")
    assert result.exit_code == 0, result.output
    new = set(load_papers(demo.db).index) - inside
    assert len(new) == 40 and closure(corpus, demo.db) == 1.0
    assert len(new & neighbours(corpus, paper)) >= 20


# --- path --crawl: the map grown between two papers --------------------------------------------
@pytest.fixture(scope="module")
def apart(master, field) -> tuple[str, str]:
    """Two papers of the map with no path of 2 citations in it, but one through a paper outside."""
    from mentalmap.analysis.connector import connect_papers

    papers, edges = load_papers(master), load_edges(master)
    inside = set(papers.index)
    ids = sorted(papers.index[papers.depth >= 1])
    outside = {pid: neighbours(field, pid) - inside for pid in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if outside[a] & outside[b]:
                found = connect_papers((papers, edges), a, b, max_length=2)
                if found.length is None:
                    return a, b
    raise AssertionError("the map has no such pair of papers")


def test_path_crawl_grows_the_map_between_two_papers_until_a_path_shows(
    db, field, apart, fake_s2_factory
) -> None:
    a, b = apart
    before = set(load_papers(db).index)
    missing = cli("path", a, b, "--db", str(db), "--max-length", "2")
    one_error_line(missing, 1, "no citation path of at most 2", f"--db {db} --crawl 50")
    server = fake_s2_factory(field)
    args = ["path", a, b, "--db", str(db), "--max-length", "2", "--api-url", server.url,
            "--rps", "0", "--crawl", "30"]  # fmt: skip
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Shortest path: 2 citations" in result.output
    added = set(load_papers(db).index) - before
    assert len(added) == 30 and closure(field, db) == 1.0
    between = neighbours(field, a) & neighbours(field, b)
    assert added & between  # the connector came in, and most added papers touch a or b
    assert len(added & (neighbours(field, a) | neighbours(field, b))) >= 20
    assert load_seeds(db)[-2:] == [a, b]
    again = cli(*args)
    assert again.exit_code == 0 and "0 API calls" in again.output  # resumable, idempotent


def test_path_crawl_of_a_paper_not_in_the_map_stops_before_any_call(db, apart) -> None:
    a, _ = apart
    result = cli("path", a, "DOI:10.9999/not-in-the-map", "--db", str(db), "--crawl", "5",
                 "--api-url", "http://127.0.0.1:9/graph/v1")  # fmt: skip
    one_error_line(result, 1, "is not in")
