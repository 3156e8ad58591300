"""End to end over HTTP: the real client against the fake server and every fault it plays.

Each faulty crawl must end with exactly the store a clean crawl makes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mentalmap.crawl import CrawlSettings, crawl
from mentalmap.errors import AuthError
from mentalmap.fake_s2 import CorpusSource, Faults
from mentalmap.s2.client import ClientSettings, S2Client
from mentalmap.store import Store

from crawl_corpus import SEED, dump_store, make_corpus

KEY = "s2k-SECRET-do-not-leak-42"
SETTINGS = CrawlSettings(depth=2, max_papers=900)


@pytest.fixture(scope="module")
def corpus():
    # a batch response capped at 1,000 nested items: cut lists re-read under every fault
    return make_corpus(n_refs=12, n_cites=1300, batch_nested_cap=1000)


@pytest.fixture(scope="module")
def clean_dump(corpus, tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("clean") / "s.sqlite"
    with Store.open(path) as store:
        crawl(store, CorpusSource(corpus), [SEED], SETTINGS)
    return dump_store(path)


def http_crawl(server, path: Path, **client) -> S2Client:
    settings = ClientSettings(
        api_url=server.url, api_key=KEY, rps=0, backoff_base=0.001, backoff_cap=0.01,
        **{"timeout": 5.0, "max_retries": 10, **client},
    )  # fmt: skip
    with Store.open(path) as store, S2Client(settings, rng=random.Random(0)) as s2:
        crawl(store, s2, [SEED], SETTINGS)
    return s2


FAULTS = {
    "429 storm": Faults(storm_429=7),
    "429 with Retry-After": Faults(script=["429", "429"], retry_after=0.01),
    "500s": Faults(seed=1, rate_500=0.3),
    "502 html pages": Faults(seed=2, rate_502=0.3),
    "503s": Faults(seed=3, rate_503=0.3),
    "504 timeouts": Faults(seed=4, rate_504=0.3),
    "truncated JSON": Faults(seed=5, rate_truncated=0.3),
    "dropped connections": Faults(seed=6, rate_drop=0.3),
    "slower than the client timeout": Faults(seed=7, rate_slow=0.2, slow_seconds=1.0),
    "a mix of everything": Faults(
        seed=8,
        rate_429=0.1,
        rate_500=0.05,
        rate_502=0.05,
        rate_504=0.05,
        rate_truncated=0.05,
        rate_drop=0.05,
        rate_slow=0.03,
        slow_seconds=1.0,
    ),  # fmt: skip
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_crawl_survives_each_fault_with_the_right_graph(
    name, corpus, clean_dump, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus, faults=FAULTS[name])
    path = tmp_path / "s.sqlite"
    s2 = http_crawl(server, path, timeout=0.4)
    assert s2.stats.retries > 0, "the fault plan never fired"
    assert dump_store(path) == clean_dump
    assert all(r.api_key == KEY for r in server.requests)


def test_key_is_sent_on_every_request_and_never_written(
    corpus, fake_s2_factory, tmp_path, caplog
) -> None:
    caplog.set_level("DEBUG")
    server = fake_s2_factory(corpus, faults=Faults(script=["429", "500"]))
    path = tmp_path / "s.sqlite"
    http_crawl(server, path)
    methods = {(r.method, r.path.rsplit("/", 1)[-1]) for r in server.requests}
    assert ("POST", "batch") in methods and ("GET", "citations") in methods
    assert all(r.api_key == KEY for r in server.requests)
    for file in tmp_path.iterdir():
        assert KEY.encode() not in file.read_bytes(), file
    assert KEY not in caplog.text


def test_a_refused_key_is_a_clear_error_that_does_not_echo_it(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus, api_keys={"the-right-key"})
    with pytest.raises(AuthError, match="S2_API_KEY") as info:
        http_crawl(server, tmp_path / "s.sqlite")
    assert KEY not in str(info.value)
    assert len(server.requests) == 1  # 403 is final, not retried
