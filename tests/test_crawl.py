"""The crawl: few calls, nothing fetched twice, budgets, windows, aliases, unknown ids."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mentalmap.crawl import Crawler, CrawlSettings, crawl
from mentalmap.errors import CrawlError, InvalidPaperId
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import load_edges, load_papers, load_seeds
from mentalmap.store import Store

from crawl_corpus import MERGED, SEED, cite_id, closure, dump_store, make_corpus, ref_id

N_REFS, N_CITES = 30, 2345


@pytest.fixture(scope="module")
def corpus():
    return make_corpus(N_REFS, N_CITES)


def run(path: Path, source, seeds, **settings):
    with Store.open(path) as store:
        return crawl(store, source, seeds, CrawlSettings(**settings))


def test_depth_one_without_a_budget_takes_the_whole_neighbourhood_closed(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    path = tmp_path / "s.sqlite"
    report = run(path, source, [SEED], depth=1, max_papers=None, details_calls=0)
    n_new = N_REFS + N_CITES
    # the seed with its lists nested, its long citation list paged, then every neighbour with
    # its own references nested, 500 to a batch
    minimum = 1 + math.ceil(N_CITES / 1000) + math.ceil(n_new / 500)
    assert report.calls == source.calls == minimum == 9
    papers = load_papers(path)
    assert len(papers) == 1 + n_new == report.papers
    assert set(papers.index) == {SEED} | {ref_id(i) for i in range(N_REFS)} | {
        cite_id(j) for j in range(N_CITES)
    }
    edges = load_edges(path)
    assert closure(corpus, path) == 1.0
    assert len(edges) == report.edges > n_new  # the neighbours' citations of one another too
    assert edges.isInfluential.isna().all()  # no details asked: NaN, not False
    seed_row = papers.loc[SEED]
    assert seed_row.isSeed and seed_row.referencesCrawled and seed_row.citationsCrawled
    assert seed_row.depth == 0 and seed_row.title == "The seed paper"
    assert seed_row.externalIds["DOI"] == "10.5555/p.0"
    assert set(papers.depth) == {0, 1}
    assert papers.referencesCrawled.all()


def test_the_default_crawl_is_a_closed_map_of_a_few_hundred_papers(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    path = tmp_path / "s.sqlite"
    report = run(path, source, [SEED])
    assert report.papers == len(load_papers(path)) == 300
    assert closure(corpus, path) == 1.0
    assert report.edges == len(load_edges(path))
    assert report.outside > 0  # links to papers outside the map are kept, as candidates
    assert source.calls <= 5


def test_a_finished_crawl_run_again_makes_no_call_and_changes_nothing(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], depth=2, max_papers=300)
    before = dump_store(path)
    again = CorpusSource(corpus)
    report = run(path, again, [SEED], depth=2, max_papers=300)
    assert again.calls == 0 and report.calls == 0
    assert dump_store(path) == before


def test_every_id_form_of_a_seed_finds_the_same_paper(tmp_path, corpus) -> None:
    forms = ["DOI:10.5555/p.0", "ARXIV:1500.00000", "CorpusId:10000", SEED.upper()]
    for n, form in enumerate(forms):
        path = tmp_path / f"{n}.sqlite"
        run(path, CorpusSource(corpus), [form], depth=0)
        assert load_seeds(path) == [SEED]
        with Store.open(path) as store:
            assert store.resolve(form if form != SEED.upper() else SEED) == SEED


def test_merged_seed_is_kept_as_an_alias_of_its_primary_id(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [MERGED], depth=0)
    assert load_seeds(path) == [cite_id(0)]
    with Store.open(path) as store:
        assert store.resolve(MERGED) == cite_id(0)
    assert list(load_papers(path).index) == [cite_id(0)]


def test_unknown_seed_is_named_and_the_others_still_crawl(tmp_path, corpus) -> None:
    unknown = "DOI:10.9999/does.not.exist"
    path = tmp_path / "s.sqlite"
    report = run(path, CorpusSource(corpus), [unknown, ref_id(0)], depth=1)
    assert report.missing == [unknown]
    assert load_seeds(path) == [ref_id(0)]
    assert len(load_papers(path)) > 1
    again = CorpusSource(corpus)
    assert run(path, again, [unknown, ref_id(0)], depth=1).missing == [unknown]
    assert again.calls == 0  # the unknown id is remembered, not asked again


def test_no_seed_found_is_an_error(tmp_path, corpus) -> None:
    with pytest.raises(CrawlError, match="none of the seeds"):
        run(tmp_path / "s.sqlite", CorpusSource(corpus), ["DOI:10.9999/nope"])


def test_malformed_id_fails_before_any_call(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    with pytest.raises(InvalidPaperId):
        run(tmp_path / "s.sqlite", source, [SEED, "not an id"])
    assert source.calls == 0


def test_budget_keeps_seeds_and_takes_best_linked_candidates_first(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    # Two seeds: the citing papers that also cite reference 1 link to both, so rank first.
    run(path, CorpusSource(corpus), [SEED, ref_id(1)], max_papers=22)
    papers = load_papers(path)
    assert len(papers) == 22
    edges = load_edges(path)
    added = set(papers.index) - {SEED, ref_id(1)}
    for pid in added:
        linked = set(edges[edges.citing == pid].cited) | set(edges[edges.cited == pid].citing)
        assert linked == {SEED, ref_id(1)}


def test_year_window_filters_added_papers_but_never_seeds(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], since=2018, until=2020)
    years = load_papers(path).year
    assert years[SEED] == 2015
    assert set(years.drop(SEED)) == {2018, 2019, 2020}


def test_direction_back_follows_only_references(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    path = tmp_path / "s.sqlite"
    report = run(path, source, [SEED], direction="back", details_calls=0)
    assert len(load_papers(path)) == 1 + N_REFS
    assert source.calls == 2  # the seed with its references, the references with theirs
    assert any("fewer than --max-papers 300" in note for note in report.notes)


def test_depth_two_expands_the_first_level_best_first(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    # 400 = the seed, its 345 influential neighbours (335 citing papers and 10 references, the
    # references last: S2 counts 1 citation each) and 54 more
    report = run(path, CorpusSource(corpus), [SEED], depth=2, max_papers=400)
    papers = load_papers(path)
    assert report.papers == len(papers) == 400
    # Level-1 papers had their lists fetched, so links among them (citing paper → reference)
    # are in the map.
    edges = load_edges(path)
    level1 = set(papers.index[papers.depth == 1])
    among = edges[edges.citing.isin(level1) & edges.cited.isin(level1)]
    assert len(among) > 0
    assert papers[papers.depth == 1].referencesCrawled.all()


def test_edge_details_come_for_the_head_of_the_map_only(tmp_path, corpus) -> None:
    # the seed is cited by every citer in the map; each reference by the seed and a few citers
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], max_papers=120, contexts=True)
    edges = load_edges(path)
    into_seed = edges[edges.cited == SEED]
    assert len(into_seed) > 60 and into_seed.isInfluential.notna().all()
    influential = {cite_id(j): j % 7 == 0 for j in range(N_CITES)}  # as tests/crawl_corpus.py
    for row in into_seed.itertuples():
        assert row.isInfluential == influential[row.citing]
        assert list(row.intents) == ["background"]
    in_map = edges.groupby("cited").size()
    detailed = set(edges[edges.isInfluential.notna()].cited)
    assert detailed and all(in_map[p] > in_map.mean() for p in detailed)  # the head, no tail
    path2 = tmp_path / "s2.sqlite"
    run(path2, CorpusSource(corpus), [SEED], max_papers=120)
    assert load_edges(path2).contexts.isna().all()
    path3 = tmp_path / "s3.sqlite"
    run(path3, CorpusSource(corpus), [SEED], max_papers=120, details_calls=0)
    assert load_edges(path3).isInfluential.isna().all()


def test_a_star_map_reads_no_edge_details(tmp_path, corpus) -> None:
    # every reference is cited once, by the seed: no head to tell apart, no call spent on it
    path = tmp_path / "s.sqlite"
    spy = CorpusSource(corpus)
    run(path, spy, [SEED], direction="back", contexts=True)
    assert load_edges(path).isInfluential.isna().all()
    none = CorpusSource(corpus)
    run(tmp_path / "s0.sqlite", none, [SEED], direction="back", details_calls=0)
    assert spy.calls == none.calls


def test_list_cap_marks_the_list_truncated_and_keeps_what_was_fetched(tmp_path) -> None:
    capped = make_corpus(5, 2500, citation_cap=2000)
    path = tmp_path / "s.sqlite"
    report = run(path, CorpusSource(capped), [SEED], direction="forward", depth=1, max_papers=None)
    assert report.truncated == [(SEED, "citations")]
    assert len(load_papers(path)) == 1 + 2000


def test_a_year_window_reads_only_its_years_of_a_long_list(tmp_path) -> None:
    # 2,345 citing papers, 2016-2024, served with a cap of 1,000: read whole, the cap would
    # cut the 2023-2024 citers to about 220; read through the window, all of them come
    capped = make_corpus(5, N_CITES, citation_cap=1000)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        settings = CrawlSettings(direction="forward", depth=1, max_papers=None, since=2023)
        report = Crawler(store, CorpusSource(capped), settings, list_cap=1000).run([SEED])
    years = load_papers(path).year.drop(SEED)
    in_window = sum(1 for j in range(N_CITES) if 2016 + j % 9 >= 2023)
    assert len(years) == in_window and set(years) == {2023, 2024}
    assert report.truncated == []
