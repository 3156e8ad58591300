"""A faithful fake Semantic Scholar: in-memory corpus, in-process source, loopback HTTP server.

``Corpus`` holds S2's semantics; ``CorpusSource`` is an in-process ``Source`` over it;
``FakeS2Server`` serves it over HTTP with ``Faults`` injected (``python -m mentalmap.fake_s2``
serves a synthetic field or bulk-dataset releases, to try the tool offline).
"""

from mentalmap.fake_s2.corpus import Corpus, CorpusHTTPError
from mentalmap.fake_s2.datasets import DatasetsHost
from mentalmap.fake_s2.faults import Faults
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
]
