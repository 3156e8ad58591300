"""A killed crawl resumed asks S2 nothing twice: the same calls, page for page, as one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.fake_s2 import CorpusSource
from mentalmap.store import Store

from crawl_corpus import SEED, dump_store, make_corpus


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even ``except Exception``)."""


class Calls(CorpusSource):
    """Records every call, ("batch", ids) or (direction, offset); dies after ``stop_after``."""

    def __init__(self, corpus, stop_after: int | None = None) -> None:
        super().__init__(corpus)
        self.log: list[tuple[str, int]] = []
        self.stop_after = stop_after

    def _tick(self, call: tuple[str, int]) -> None:
        if self.stop_after is not None and self.calls >= self.stop_after:
            raise Killed
        self.log.append(call)

    def fetch_papers(self, ids, fields):
        self._tick(("batch", len(ids)))
        return super().fetch_papers(ids, fields)

    def fetch_edge_page(self, paper_id, direction, offset, limit, fields, window=None):
        self._tick((direction, offset))
        return super().fetch_edge_page(paper_id, direction, offset, limit, fields, window)


def run(path: Path, source: CorpusSource, max_papers: int | None) -> None:
    settings = CrawlSettings(max_papers=max_papers, depth=1, details_calls=0)
    with Store.open(path) as store:
        crawl(store, source, [SEED], settings)


# a budget reads a long list a page at a time between plans; no budget reads it whole
@pytest.mark.parametrize("max_papers", [3000, None], ids=["budget", "no budget"])
def test_a_list_killed_between_its_pages_resumes_at_the_next_page(tmp_path, max_papers) -> None:
    # the seed's 2,345 citers come through the list endpoint, three pages of 1,000
    corpus = make_corpus(12, 2345, batch_nested_cap=100)
    whole = Calls(corpus)
    run(tmp_path / "clean.sqlite", whole, max_papers)
    pages = [i for i, call in enumerate(whole.log) if call[0] == "citations"]
    assert [whole.log[i][1] for i in pages] == [0, 1000, 2000]
    for k in (pages[1], pages[2]):  # killed with the list one or two pages read
        path = tmp_path / f"k{k}.sqlite"
        with pytest.raises(Killed):
            run(path, Calls(corpus, stop_after=k), max_papers)
        again = Calls(corpus)
        run(path, again, max_papers)
        assert again.log == whole.log[k:], f"killed after call {k}"
        assert k + again.calls == whole.calls
        assert dump_store(path) == dump_store(tmp_path / "clean.sqlite")
