"""A store crawled from the bundled example field through the fake S2, from its first survey:
the frames a user loads in the notebook and docs/api.md."""

from __future__ import annotations

from pathlib import Path

import mentalmap
from mentalmap.fake_s2 import CorpusSource


def crawl_example_field(db: Path, depth: int) -> Path:
    """Crawl the example field into ``db`` to ``depth`` and return ``db``."""
    field = mentalmap.load_example_field()
    survey = field.truth.index[field.truth.role == "survey"][0]
    with mentalmap.Store.open(db) as store:
        source = CorpusSource(field.to_corpus())
        mentalmap.crawl(store, source, [survey], mentalmap.CrawlSettings(depth=depth))
    return db
