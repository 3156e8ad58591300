"""``crawl --search``: the most cited hits of a bulk search seed the crawl, paging hidden."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import small_sha

from mentalmap.cli import main
from mentalmap.errors import InvalidQuery, NoSearchResults
from mentalmap.fake_s2 import CorpusSource
from mentalmap.graph import load_seeds
from mentalmap.query_seeds import search_seeds


def test_search_seeds_pages_by_token_past_one_page(small_corpus) -> None:
    source = CorpusSource(small_corpus)
    seeds = search_seeds(source, "applied study", top=1500)
    assert source.calls == 2  # 1,000 a page (s2-api.md §6.2): the second page by its token
    assert len(seeds) == 1500 and len({p["paperId"] for p in seeds}) == 1500
    everything = search_seeds(CorpusSource(small_corpus), "applied study", top=5000)
    assert len(everything) == 2345  # the last page's null token ends the paging


def test_search_seeds_are_the_most_cited_first_within_the_years(small_corpus) -> None:
    seeds = search_seeds(CorpusSource(small_corpus), "sparse attention", top=3, since=2020)
    assert [p["paperId"] for p in seeds] == [small_sha(f"p{i}") for i in (15, 16, 17)]
    assert [p["citationCount"] for p in seeds] == [25, 24, 23]


def test_blank_or_fruitless_queries_are_named_errors(small_corpus) -> None:
    with pytest.raises(InvalidQuery, match="empty"):
        search_seeds(CorpusSource(small_corpus), "  ")
    with pytest.raises(NoSearchResults, match=r"no paper for 'zebra' since 2020"):
        search_seeds(CorpusSource(small_corpus), "zebra", since=2020)


def test_crawl_search_seeds_with_the_top_hits(small_corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(small_corpus)
    db = tmp_path / "q.sqlite"
    args = ["crawl", "--search", "sparse attention", "--since", "2020", "--top", "3", "--db",
            str(db), "--api-url", server.url, "--rps", "0", "--direction", "back",
            "--max-papers", "10", "--no-map"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert load_seeds(db) == [small_sha(f"p{i}") for i in (15, 16, 17)]
    assert "Seeds: most cited for 'sparse attention'" in result.output
    bulk = [r for r in server.requests if r.path.endswith("/paper/search/bulk")]
    assert len(bulk) == 1
    assert bulk[0].params["sort"] == "citationCount:desc" and bulk[0].params["year"] == "2020-"


def test_crawl_search_with_no_hit_is_one_line(small_corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(small_corpus)
    args = ["crawl", "--search", "zebra", "--db", str(tmp_path / "z.sqlite"), "--api-url",
            server.url, "--rps", "0"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: Semantic Scholar's bulk search found no paper for 'zebra'; try other words or "
        "fewer of them"
    ]
    assert not (tmp_path / "z.sqlite").exists()


def test_top_for_surveys_stays_at_most_20(tmp_path) -> None:
    result = CliRunner().invoke(main, ["crawl", "--from-surveys", "x", "--top", "50"])
    assert result.exit_code == 2 and "at most 20 surveys" in result.output
