"""A faithful fake Semantic Scholar: in-memory corpus, in-process source, loopback HTTP server.

``Corpus`` holds S2's semantics; ``CorpusSource`` is an in-process ``Source`` over it;
``FakeS2Server`` serves it over HTTP with ``Faults`` injected; the loaders build corpora from the
real recorded data beside the checkout.
"""

from mentalmap.fake_s2.corpus import Corpus, CorpusHTTPError
from mentalmap.fake_s2.datasets import DatasetsHost
from mentalmap.fake_s2.faults import Faults
from mentalmap.fake_s2.recorded import (
    fake_paper_id,
    load_ml_arxiv_corpus,
    load_p4_corpus,
    load_recorded_corpus,
    load_subgraph_corpus,
)
from mentalmap.fake_s2.server import FakeS2Server, RecordedRequest
from mentalmap.fake_s2.source import CorpusSource

__all__ = [
    "Corpus",
    "CorpusHTTPError",
    "CorpusSource",
    "DatasetsHost",
    "FakeS2Server",
    "Faults",
    "RecordedRequest",
    "fake_paper_id",
    "load_ml_arxiv_corpus",
    "load_p4_corpus",
    "load_recorded_corpus",
    "load_subgraph_corpus",
]
