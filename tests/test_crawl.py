"""The crawl: few calls, nothing fetched twice, budgets, windows, aliases, unknown ids."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.errors import CrawlError, InvalidPaperId
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import load_edges, load_papers, load_seeds
from mentalmap.store import Store

from crawl_corpus import MERGED, SEED, cite_id, dump_store, make_corpus, ref_id

N_REFS, N_CITES = 30, 2345


@pytest.fixture(scope="module")
def corpus():
    return make_corpus(N_REFS, N_CITES)


def run(path: Path, source, seeds, **settings):
    with Store.open(path) as store:
        return crawl(store, source, seeds, CrawlSettings(**settings))


def test_depth_one_fetches_the_seed_neighbourhood_with_the_fewest_calls(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    report = run(tmp_path / "s.sqlite", source, [SEED])
    n_new = N_REFS + N_CITES
    minimum = 1 + 1 + math.ceil(N_CITES / 1000) + math.ceil(n_new / 500)
    assert report.calls == source.calls == minimum == 10
    papers = load_papers(tmp_path / "s.sqlite")
    edges = load_edges(tmp_path / "s.sqlite")
    assert len(papers) == 1 + n_new
    assert set(papers.paperId) == {SEED} | {ref_id(i) for i in range(N_REFS)} | {
        cite_id(j) for j in range(N_CITES)
    }
    assert len(edges) == n_new  # the seed's own links; the unmatched reference is skipped
    by_pair = edges.set_index(["citing", "cited"])
    assert by_pair.loc[(SEED, ref_id(3))].isInfluential is True
    assert by_pair.loc[(SEED, ref_id(3))].intents == ["methodology"]
    assert by_pair.loc[(cite_id(7), SEED)].isInfluential is True
    seed_row = papers.set_index("paperId").loc[SEED]
    assert seed_row.isSeed and seed_row.referencesCrawled and seed_row.citationsCrawled
    assert seed_row.depth == 0 and seed_row.title == "The seed paper"
    assert seed_row.externalIds["DOI"] == "10.5555/p.0"
    assert set(papers.depth) == {0, 1}


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
    assert list(load_papers(path).paperId) == [cite_id(0)]


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
    added = set(papers.paperId) - {SEED, ref_id(1)}
    for pid in added:
        linked = set(edges[edges.citing == pid].cited) | set(edges[edges.cited == pid].citing)
        assert linked == {SEED, ref_id(1)}


def test_year_window_filters_added_papers_but_never_seeds(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], since=2018, until=2020)
    years = load_papers(path).set_index("paperId").year
    assert years[SEED] == 2015
    assert set(years.drop(SEED)) == {2018, 2019, 2020}


def test_direction_back_follows_only_references(tmp_path, corpus) -> None:
    source = CorpusSource(corpus)
    path = tmp_path / "s.sqlite"
    run(path, source, [SEED], direction="back")
    assert len(load_papers(path)) == 1 + N_REFS
    assert source.calls == 3  # seed batch, one reference page, one details batch


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
    level1 = set(papers[papers.depth == 1].paperId)
    among = edges[edges.citing.isin(level1) & edges.cited.isin(level1)]
    assert len(among) > 0
    assert papers[papers.depth == 1].referencesCrawled.all()


def test_contexts_are_kept_only_when_asked(tmp_path, corpus) -> None:
    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], direction="back", contexts=True)
    edges = load_edges(path).set_index(["citing", "cited"])
    assert edges.loc[(SEED, ref_id(4))].contexts == ["ctx 4"]
    path2 = tmp_path / "s2.sqlite"
    run(path2, CorpusSource(corpus), [SEED], direction="back")
    assert load_edges(path2).contexts.isna().all()


def test_list_cap_marks_the_list_truncated_and_keeps_what_was_fetched(tmp_path) -> None:
    capped = make_corpus(5, 2500, citation_cap=2000)
    path = tmp_path / "s.sqlite"
    report = run(path, CorpusSource(capped), [SEED], direction="forward")
    assert report.truncated == [(SEED, "citations")]
    assert len(load_papers(path)) == 1 + 2000


def test_ties_go_to_influential_links_then_to_the_most_cited(tmp_path, corpus) -> None:
    from crawl_corpus import cite_count

    path = tmp_path / "s.sqlite"
    run(path, CorpusSource(corpus), [SEED], direction="forward", max_papers=11)
    chosen = set(load_papers(path).paperId) - {SEED}
    # every citing paper links to the seed once; those j % 7 == 0 cite it influentially
    ranked = sorted(range(N_CITES), key=lambda j: (j % 7 != 0, -cite_count(j), cite_id(j)))
    assert chosen == {cite_id(j) for j in ranked[:10]}


def test_a_list_far_past_the_cap_is_read_one_year_at_a_time(tmp_path) -> None:
    from mentalmap.crawl import Crawler

    # 2,345 citing papers, 2016-2024, about 260 a year, served with a cap of 1,000
    capped = make_corpus(5, N_CITES, citation_cap=1000)
    settings = CrawlSettings(direction="forward")
    path = tmp_path / "windows.sqlite"
    source = CorpusSource(capped)
    with Store.open(path) as store:
        report = Crawler(store, source, settings, list_cap=1000, this_year=2024).run([SEED])
    assert report.truncated == []
    assert len(load_papers(path)) == 1 + N_CITES  # every citing paper, though 2,345 > 1,000
    # one batch for the seed, one page per year 2015-2024, five detail batches
    assert source.calls == 1 + 10 + 5
    assert load_papers(path).set_index("paperId").loc[SEED].citationsCrawled
    again = CorpusSource(capped)
    with Store.open(path) as store:
        Crawler(store, again, settings, list_cap=1000, this_year=2024).run([SEED])
    assert again.calls == 0

    plain = tmp_path / "plain.sqlite"
    with Store.open(plain) as store:  # the same list read whole stops at the cap
        crawl(store, CorpusSource(capped), [SEED], settings)
    assert len(load_papers(plain)) == 1 + 1000
