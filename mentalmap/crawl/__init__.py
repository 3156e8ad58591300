"""The crawl: seed papers → the closed, relevance-first map of their sub-area, in a store.

See :mod:`mentalmap.crawl.crawler` for how; :mod:`mentalmap.crawl.packing` for S2's caps.
"""

from mentalmap.crawl.crawler import LIST_CAP, Crawler, crawl
from mentalmap.crawl.settings import (
    DEFAULT_MAX_PAPERS,
    DIRECTIONS,
    CrawlProgress,
    CrawlReport,
    CrawlSettings,
)

__all__ = [
    "DEFAULT_MAX_PAPERS",
    "DIRECTIONS",
    "LIST_CAP",
    "CrawlProgress",
    "CrawlReport",
    "CrawlSettings",
    "Crawler",
    "crawl",
]
