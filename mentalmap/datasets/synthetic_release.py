"""A synthetic field written as an S2 bulk release, byte for byte in the format of the real shards.

Tests, benchmarks and the docs need releases of any size without a key or 300 GB of downloads.
The records follow the official samples (``shared/data/s2-datasets-samples``, s2-api.md §10.3):
lower-case keys, compact JSON, raw UTF-8, every ``externalids`` key present, ``CorpusId`` a
string there, citation corpus ids as strings, ``citedcorpusid`` null for unmatched references,
``intents``/``contexts`` null when unknown, shards gzipped and named without an extension as in
S2's file links. Folder layout is the one ``datasets download`` makes: ``<dir>/<dataset>/<file>``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mentalmap.datasets.files import atomic_path
from mentalmap.datasets.formats import DATASETS, EXTERNAL_ID_KEYS, OPEN_ACCESS_ID_KEYS
from mentalmap.errors import DatasetsError
from mentalmap.synthetic import INTENTS, Field

_FOS = [{"category": "Computer Science", "source": "s2-fos-model"}]


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def alias_sha(sha: str) -> str:
    """The non-primary sha given to a paper chosen to have a merged duplicate."""
    return hashlib.sha1(f"alias:{sha}".encode()).hexdigest()


def shard_name(release_id: str, index: int) -> str:
    """A shard's file name as S2's links end (``20250822_0``): release date, then index."""
    return f"{release_id.replace('-', '')}_{index}"


def write_release(
    field: Field,
    folder: str | Path,
    *,
    release_id: str = "2025-01-07",
    shards: int = 3,
    datasets: Sequence[str] = DATASETS,
    alias_share: float = 0.05,
    compresslevel: int = 6,
) -> dict[str, list[Path]]:
    """Write ``field`` as the bulk datasets of one release; returns each dataset's shard paths.

    Papers and their abstracts, tldrs and ids go to shard ``row % shards``; citations to the
    shard of their citing paper. ``alias_share`` of the papers get a second, non-primary sha in
    ``paper-ids`` (a merged duplicate, as S2 has). The same field and arguments give the same
    bytes.
    """
    unknown = [d for d in datasets if d not in DATASETS]
    if unknown or shards < 1:
        raise DatasetsError(
            f"cannot write datasets {unknown} (known: {', '.join(DATASETS)})"
            if unknown
            else f"shards must be at least 1, got {shards}"
        )
    folder = Path(folder)
    updated = _timestamps(release_id, len(field))
    frame = field.papers_frame(text=True)
    corpus = frame["corpusId"].to_numpy()
    rows = np.arange(len(field))
    writers: dict[str, Callable[[np.ndarray], Iterator[str]]] = {
        "papers": lambda r: _papers(frame, r, updated),
        "citations": lambda r: _citations(field, corpus, r, updated),
        "abstracts": lambda r: _abstracts(frame, r, updated),
        "tldrs": lambda r: _tldrs(frame, r),
        "paper-ids": lambda r: _paper_ids(field, corpus, r, alias_share),
    }
    written: dict[str, list[Path]] = {}
    for name in datasets:
        paths = []
        for index in range(shards):
            path = folder / name / shard_name(release_id, index)
            _write_shard(path, writers[name](rows[rows % shards == index]), compresslevel)
            paths.append(path)
        written[name] = paths
    return written


def _write_shard(path: Path, lines: Iterable[str], compresslevel: int) -> None:
    # mtime 0 and no file name in the gzip header: the same field gives the same bytes
    with (
        atomic_path(path) as tmp,
        open(tmp, "wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, compresslevel=compresslevel, mtime=0
        ) as packed,
        io.TextIOWrapper(packed, encoding="utf-8") as out,
    ):
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")


def _timestamps(release_id: str, n: int) -> list[str]:
    """``updated`` per paper: days to a year before the release, in S2's ISO form."""
    try:
        end = dt.datetime.fromisoformat(release_id)
    except ValueError as exc:
        raise DatasetsError(f"release id {release_id!r} is not a date (YYYY-MM-DD)") from exc
    seconds = (np.arange(n, dtype=np.int64) * 7_919_111) % (365 * 86_400)
    return [
        (end - dt.timedelta(seconds=int(s))).strftime("%Y-%m-%dT%H:%M:%S.") + f"{i % 1000:03d}Z"
        for i, s in enumerate(seconds.tolist())
    ]


def _papers(frame: Any, rows: np.ndarray, updated: list[str]) -> Iterator[str]:
    cols = {c: frame[c].to_numpy() for c in frame.columns}
    cols["publicationDate"] = frame["publicationDate"].dt.strftime("%Y-%m-%d").to_numpy()
    for i in rows.tolist():
        ext = cols["externalIds"][i]
        venue = cols["venue"][i]
        yield _dumps(
            {
                "corpusid": int(cols["corpusId"][i]),
                "externalids": {
                    k: str(cols["corpusId"][i]) if k == "CorpusId" else ext.get(k)
                    for k in EXTERNAL_ID_KEYS
                },
                "url": cols["url"][i],
                "title": cols["title"][i],
                "authors": cols["authors"][i],
                "venue": venue,
                "publicationvenueid": None,
                "year": int(cols["year"][i]),
                "referencecount": int(cols["referenceCount"][i]),
                "citationcount": int(cols["citationCount"][i]),
                "influentialcitationcount": int(cols["influentialCitationCount"][i]),
                "isopenaccess": cols["openAccessPdf"][i] is not None,
                "s2fieldsofstudy": _FOS,
                "publicationtypes": cols["publicationTypes"][i] or None,
                "publicationdate": cols["publicationDate"][i],
                "journal": {"name": venue, "pages": None, "volume": None},
                "updated": updated[i],
            }
        )


def _citations(
    field: Field, corpus: np.ndarray, rows: np.ndarray, updated: list[str]
) -> Iterator[str]:
    citing, cited = field.edge_arrays()
    details = field.citation_details()
    wanted = np.zeros(len(field), dtype=bool)
    wanted[rows] = True
    intents = [None if not t else list(t) for t in INTENTS]
    for e in np.flatnonzero(wanted[citing]).tolist():
        i = int(citing[e])
        yield _dumps(
            {
                "citingcorpusid": str(corpus[i]),
                "citedcorpusid": str(corpus[cited[e]]),
                "isinfluential": bool(details["influential"][e]),
                "contexts": None,
                "intents": intents[int(details["intent"][e])],
                "updated": updated[i],
            }
        )
    unmatched = details["unmatched"]
    for i in rows[unmatched[rows] > 0].tolist():
        for _ in range(int(unmatched[i])):
            yield _dumps(
                {
                    "citingcorpusid": str(corpus[i]),
                    "citedcorpusid": None,
                    "isinfluential": False,
                    "contexts": None,
                    "intents": None,
                    "updated": updated[i],
                }
            )


def _abstracts(frame: Any, rows: np.ndarray, updated: list[str]) -> Iterator[str]:
    corpus, abstract = frame["corpusId"].to_numpy(), frame["abstract"].to_numpy()
    pdf, ext = frame["openAccessPdf"].to_numpy(), frame["externalIds"].to_numpy()
    for i in rows.tolist():
        if abstract[i] is None:
            continue
        url = pdf[i]
        yield _dumps(
            {
                "corpusid": int(corpus[i]),
                "openaccessinfo": {
                    "externalids": {k: ext[i].get(k) for k in OPEN_ACCESS_ID_KEYS},
                    "license": None if url is None else "CCBY",
                    "url": url,
                    "status": None if url is None else "GREEN",
                },
                "abstract": abstract[i],
                "updated": updated[i],
            }
        )


def _tldrs(frame: Any, rows: np.ndarray) -> Iterator[str]:
    corpus, tldr = frame["corpusId"].to_numpy(), frame["tldr"].to_numpy()
    for i in rows.tolist():
        if tldr[i] is not None:
            yield _dumps({"corpusid": int(corpus[i]), "model": "tldr@v2.0.0", "text": tldr[i]})


def _paper_ids(
    field: Field, corpus: np.ndarray, rows: np.ndarray, alias_share: float
) -> Iterator[str]:
    ids = field.paper_ids
    step = 0 if alias_share <= 0 else max(1, round(1 / alias_share))
    for i in rows.tolist():
        yield _dumps({"sha": ids[i], "corpusid": int(corpus[i]), "primary": True})
        if step and i % step == step - 1:
            yield _dumps({"sha": alias_sha(ids[i]), "corpusid": int(corpus[i]), "primary": False})
