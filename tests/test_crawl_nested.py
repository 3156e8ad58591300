"""Crawl v2 on the nested batch path: closure, S2's caps, cut lists, kill-resume, budgets."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from mentalmap.crawl import CrawlProgress, CrawlSettings, crawl
from mentalmap.crawl.packing import Request, pack
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import load_edges, load_papers
from mentalmap.store import Store
from mentalmap.synthetic import generate_field

from crawl_corpus import SEED, closure, dump_store, make_corpus
from old_stores import to_text_keys
from recorded import load_ml_arxiv_corpus

BATCH_IDS = 500
NESTED_ITEMS = 9_999


class Spy(CorpusSource):
    """A source that records every batch and what its response carried."""

    def __init__(self, corpus, stop_after: int | None = None) -> None:
        super().__init__(corpus)
        self.batches: list[tuple[int, int]] = []  # (ids, nested items served)
        self.stop_after = stop_after

    def _tick(self) -> None:
        if self.stop_after is not None and self.calls >= self.stop_after:
            raise Killed

    def fetch_papers(self, ids, fields):
        self._tick()
        records = super().fetch_papers(ids, fields)
        served = sum(len(r.get(k) or []) for r in records if r for k in ("references", "citations"))
        self.batches.append((len(ids), served))
        return records

    def fetch_edge_page(self, *args):
        self._tick()
        return super().fetch_edge_page(*args)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even ``except Exception``)."""


@pytest.fixture(scope="module")
def field():
    return generate_field(n_papers=3000, seed=101).to_corpus()


@pytest.fixture(scope="module")
def field_seed(field):
    # the most cited paper of the field: a seed with a long citation list
    count = {p: field.get_paper(p, "citationCount")["citationCount"] for p in field.paper_ids()}
    return max(count, key=count.__getitem__)


def run(path: Path, source, seeds, **settings):
    with Store.open(path) as store:
        return crawl(store, source, seeds, CrawlSettings(**settings))


@pytest.mark.parametrize("direction", ["both", "back", "forward"])
@pytest.mark.parametrize("max_papers", [50, 400, 1500])
def test_the_map_is_closed_at_every_budget_and_direction(
    tmp_path, field, field_seed, direction, max_papers
) -> None:
    path = tmp_path / "s.sqlite"
    source = Spy(field)
    report = run(path, source, [field_seed], direction=direction, max_papers=max_papers)
    assert closure(field, path) == 1.0
    assert report.papers == len(load_papers(path)) <= max_papers
    for ids, served in source.batches:
        assert ids <= BATCH_IDS and served <= NESTED_ITEMS


def test_packing_keeps_every_batch_under_both_caps_and_is_prefix_stable() -> None:
    requests = [Request(f"p{i}", ("references",), (i * 37) % 400) for i in range(2000)]
    requests += [Request(f"q{i}", ("references", "citations"), 30) for i in range(700)]
    batches = pack(requests)
    assert [r for b in batches for r in b] == sorted(
        requests, key=lambda r: (r.lists != ("references",), requests.index(r))
    )
    for batch in batches:
        assert len(batch) <= BATCH_IDS
        assert sum(r.items for r in batch) <= NESTED_ITEMS
        assert len({r.lists for r in batch}) == 1
    # what is left after the first batches were fetched packs as the rest of the whole packing
    done = {r.paper_id for b in batches[:3] for r in b}
    assert pack([r for r in requests if r.paper_id not in done]) == batches[3:]


@pytest.mark.parametrize(
    "caps",
    [
        {"max_response_bytes": 300_000},  # 400 "Response would exceed maximum size"
        {"heavy_batch": 1_500},  # 504 on heavy batches
    ],
    ids=["400 for size", "504 when heavy"],
)
def test_a_batch_too_heavy_to_serve_is_halved_into_the_same_store(tmp_path, caps) -> None:
    clean = tmp_path / "clean.sqlite"
    run(clean, CorpusSource(make_corpus(12, 1300)), [SEED], max_papers=900)
    path = tmp_path / "s.sqlite"
    report = run(path, CorpusSource(make_corpus(12, 1300, **caps)), [SEED], max_papers=900)
    assert report.papers == 900
    assert dump_store(path) == dump_store(clean)


def test_lists_cut_by_the_response_cap_are_read_again(tmp_path) -> None:
    capped = make_corpus(12, 1300, batch_nested_cap=700)
    path = tmp_path / "s.sqlite"
    report = run(path, CorpusSource(capped), [SEED], depth=1, max_papers=None)
    assert report.papers == 1 + 12 + 1300  # the whole neighbourhood
    assert closure(capped, path) == 1.0
    with sqlite3.connect(path) as conn:
        undone = conn.execute("SELECT COUNT(*) FROM lists WHERE NOT done").fetchone()[0]
        room = conn.execute("SELECT value FROM meta WHERE key = 'nested_room'").fetchone()
    assert undone == 0
    assert room is not None and int(room[0]) <= 700  # packing learnt what S2 serves


def test_killed_at_any_call_then_resumed_gives_the_uninterrupted_store(tmp_path) -> None:
    corpus = make_corpus(12, 1300, batch_nested_cap=1000, max_response_bytes=400_000)
    settings = {"max_papers": 900, "details_calls": None}
    clean = tmp_path / "clean.sqlite"
    whole = Spy(corpus)
    run(clean, whole, [SEED], **settings)
    expected = dump_store(clean)
    assert whole.calls >= 8
    for k in range(1, whole.calls):
        path = tmp_path / f"k{k}.sqlite"
        with pytest.raises(Killed):
            run(path, Spy(corpus, stop_after=k), [SEED], **settings)
        again = CorpusSource(corpus)
        run(path, again, [SEED], **settings)
        assert dump_store(path) == expected, f"killed after call {k}"
        assert again.calls <= whole.calls - k + 2  # nothing fetched before is asked again
        rerun = CorpusSource(corpus)
        run(path, rerun, [SEED], **settings)
        assert rerun.calls == 0


def test_max_calls_stops_with_a_closed_map_and_says_so(tmp_path, field, field_seed) -> None:
    path = tmp_path / "s.sqlite"
    source = CorpusSource(field)
    report = run(path, source, [field_seed], max_papers=1500, max_calls=3)
    assert source.calls <= 3
    assert closure(field, path) == 1.0
    assert any("--max-calls 3" in note for note in report.notes)
    more = run(path, CorpusSource(field), [field_seed], max_papers=1500)
    assert more.papers > report.papers and closure(field, path) == 1.0


def test_settings_that_change_extend_the_map_or_say_why_not(tmp_path, field, field_seed) -> None:
    path = tmp_path / "s.sqlite"
    first = run(path, CorpusSource(field), [field_seed], max_papers=100)
    bigger = run(path, CorpusSource(field), [field_seed], max_papers=300)
    assert first.papers == 100 and bigger.papers == 300 and closure(field, path) == 1.0
    smaller = run(path, CorpusSource(field), [field_seed], max_papers=50)
    assert smaller.papers == 300
    assert any("already holds 300 papers" in note for note in smaller.notes)
    turned = run(path, CorpusSource(field), [field_seed], max_papers=300, direction="back")
    assert any("direction changed from both to back" in note for note in turned.notes)


def test_a_store_of_the_first_crawler_upgrades_and_gains_closure(tmp_path) -> None:
    corpus = make_corpus(12, 300)
    path = tmp_path / "old.sqlite"
    run(path, CorpusSource(corpus), [SEED], depth=1, max_papers=None, details_calls=0)
    with sqlite3.connect(to_text_keys(path)) as conn:  # the first crawler's: last level unread
        conn.execute("DELETE FROM lists WHERE paperId != ?", (SEED,))
        conn.execute("DELETE FROM edges WHERE citing != ? AND cited != ?", (SEED, SEED))
    copy = tmp_path / "copy.sqlite"  # reads never migrate: measure on an upgraded copy
    with (
        contextlib.closing(sqlite3.connect(path)) as old,
        contextlib.closing(sqlite3.connect(copy)) as new,
    ):
        old.backup(new)  # the WAL's pages too
    Store.open(copy).close()
    assert closure(corpus, copy) < 1.0
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM migrations WHERE name = '0004_crawl_v2'")
        conn.execute("DROP TABLE crawl_plan")
        conn.execute("ALTER TABLE candidates DROP COLUMN referenceCount")
        conn.execute("CREATE TABLE plan (paperId TEXT PRIMARY KEY, depth INTEGER, rank INTEGER)")
        conn.execute("CREATE TABLE levels (depth INTEGER PRIMARY KEY, planned INTEGER)")
    source = CorpusSource(corpus)
    run(path, source, [SEED], depth=1, max_papers=None, details_calls=0)
    assert closure(corpus, path) == 1.0
    assert source.calls == 1  # the 312 reference lists, in one packed batch
    assert len(load_papers(path)) == 1 + 12 + 300


def test_progress_counts_calls_papers_found_and_an_estimate(tmp_path, field, field_seed) -> None:
    seen: list[CrawlProgress] = []
    with Store.open(tmp_path / "s.sqlite") as store:
        crawl(store, CorpusSource(field), [field_seed], CrawlSettings(max_papers=800), seen.append)
    assert seen and all(p.total >= p.done for p in seen)
    assert [p.calls for p in seen] == sorted(p.calls for p in seen)
    assert seen[-1].papers == 800 and seen[-1].found > 0
    assert seen[0].total > seen[0].done  # an ETA from the first call on


def test_a_real_field_crawled_from_maml_is_closed_and_about_few_shot_learning(
    tmp_path, shared_data
) -> None:
    real = load_ml_arxiv_corpus(shared_data / "ml-arxiv-6k")
    path = tmp_path / "maml.sqlite"
    source = CorpusSource(real)
    report = run(path, source, ["ARXIV:1703.03400"], max_papers=100, details_calls=0)
    assert report.papers == 100 and closure(real, path) == 1.0
    assert source.calls <= 5
    # the edge details of the map's head: at most a call per head paper (each list < 1 page)
    detailed = CorpusSource(real)
    run(tmp_path / "details.sqlite", detailed, ["ARXIV:1703.03400"], max_papers=100)
    edges = load_edges(tmp_path / "details.sqlite")
    heads = edges[edges.isInfluential.notna()].cited.nunique()
    assert heads >= 1 and detailed.calls - source.calls == heads
    titles = load_papers(path).title
    # the two metric-learning answers to the same few-shot problem, found by relevance
    assert titles.str.startswith("Matching Networks for One Shot Learning").any()
    assert titles.str.startswith("Prototypical Networks for Few-shot Learning").any()


class Pages(CorpusSource):
    """Records every list-endpoint call: (paper, direction, offset, fields)."""

    def __init__(self, corpus, stop_after: int | None = None) -> None:
        super().__init__(corpus)
        self.pages: list[tuple[str, str, int, str]] = []
        self.stop_after = stop_after

    def fetch_papers(self, ids, fields):
        if self.stop_after is not None and self.calls >= self.stop_after:
            raise Killed
        return super().fetch_papers(ids, fields)

    def fetch_edge_page(self, paper_id, direction, offset, limit, fields, window=None):
        if self.stop_after is not None and self.calls >= self.stop_after:
            raise Killed
        self.pages.append((paper_id, direction, offset, fields))
        return super().fetch_edge_page(paper_id, direction, offset, limit, fields, window)


def test_a_list_half_read_when_killed_resumes_at_its_next_page(tmp_path) -> None:
    # the seed's 2,345 citers are read again for their edge details, three pages of 1,000
    corpus = make_corpus(12, 2345, batch_nested_cap=100)
    settings = {"max_papers": 300, "details_calls": None}
    whole = Pages(corpus)
    run(tmp_path / "clean.sqlite", whole, [SEED], **settings)
    details = [p for p in whole.pages if "intents" in p[3] and p[0] == SEED]
    assert [p[2] for p in details] == [0, 1000, 2000]
    first = whole.calls - len(whole.pages) + whole.pages.index(details[0]) + 1
    path = tmp_path / "killed.sqlite"
    with pytest.raises(Killed):
        run(path, Pages(corpus, stop_after=first), [SEED], **settings)
    again = Pages(corpus)
    run(path, again, [SEED], **settings)
    assert [p[2] for p in again.pages if "intents" in p[3] and p[0] == SEED] == [1000, 2000]
    assert dump_store(path) == dump_store(tmp_path / "clean.sqlite")
