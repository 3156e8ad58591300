"""The S2 bulk-dataset record formats (s2-api.md §10.3), spelled once for the writer and ingest.

Keys are lower case, unlike the Graph API; ``externalids.CorpusId`` is a string; the citation
sample stores corpus ids as strings and ``citedcorpusid`` is null for an unmatched reference.
Each dataset's DuckDB column types read both spellings of an id (string or int) as BIGINT.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from mentalmap.errors import CorruptShard

#: External-id keys a ``papers`` record always carries (null when unknown).
EXTERNAL_ID_KEYS = ("ACL", "DBLP", "ArXiv", "MAG", "CorpusId", "PubMed", "DOI", "PubMedCentral")
#: External-id keys of an ``abstracts`` record's ``openaccessinfo``.
OPEN_ACCESS_ID_KEYS = ("MAG", "ACL", "DOI", "PubMedCentral", "ArXiv")

_EXT = "STRUCT(" + ", ".join(f'"{k}" VARCHAR' for k in EXTERNAL_ID_KEYS) + ")"
_OA_EXT = "STRUCT(" + ", ".join(f'"{k}" VARCHAR' for k in OPEN_ACCESS_ID_KEYS) + ")"


@dataclass(frozen=True)
class DatasetFormat:
    """One bulk dataset: the keys every record has, how DuckDB reads it, what Parquet keeps."""

    name: str
    required: frozenset[str]
    columns: dict[str, str]
    select: str

    def read_json_sql(self, path: str) -> str:
        """A DuckDB ``read_json`` of one gzipped JSONL shard with this dataset's columns."""
        cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in self.columns.items()) + "}"
        quoted = path.replace("'", "''")
        return (
            f"read_json('{quoted}', format='newline_delimited', compression='gzip', "
            f"columns={cols}, maximum_object_size=67108864)"
        )


FORMATS: dict[str, DatasetFormat] = {
    f.name: f
    for f in (
        DatasetFormat(
            "papers",
            frozenset({"corpusid", "url", "title", "year", "citationcount"}),
            {
                "corpusid": "BIGINT",
                "externalids": _EXT,
                "url": "VARCHAR",
                "title": "VARCHAR",
                "authors": "STRUCT(authorId VARCHAR, name VARCHAR)[]",
                "venue": "VARCHAR",
                "publicationvenueid": "VARCHAR",
                "year": "INTEGER",
                "referencecount": "INTEGER",
                "citationcount": "INTEGER",
                "influentialcitationcount": "INTEGER",
                "isopenaccess": "BOOLEAN",
                "s2fieldsofstudy": "STRUCT(category VARCHAR, source VARCHAR)[]",
                "publicationtypes": "VARCHAR[]",
                "publicationdate": "VARCHAR",
                "journal": "STRUCT(name VARCHAR, pages VARCHAR, volume VARCHAR)",
                "updated": "VARCHAR",
            },  # fmt: skip
            # The sha (paperId) is the last segment of the url: papers have no paperId key.
            "corpusid, nullif(split_part(url, '/', -1), '') AS paperid, externalids, url, title, "
            "authors, venue, publicationvenueid, year, referencecount, citationcount, "
            "influentialcitationcount, isopenaccess, s2fieldsofstudy, publicationtypes, "
            "publicationdate, journal, updated",
        ),
        DatasetFormat(
            "citations",
            frozenset({"citingcorpusid", "citedcorpusid", "isinfluential"}),
            {
                "citationid": "BIGINT",
                "citingcorpusid": "BIGINT",
                "citedcorpusid": "BIGINT",
                "isinfluential": "BOOLEAN",
                "contexts": "VARCHAR[]",
                "intents": "VARCHAR[]",
                "updated": "VARCHAR",
            },  # fmt: skip
            "citationid, citingcorpusid, citedcorpusid, isinfluential, contexts, intents, updated",
        ),
        DatasetFormat(
            "abstracts",
            frozenset({"corpusid", "abstract"}),
            {
                "corpusid": "BIGINT",
                "openaccessinfo": f"STRUCT(externalids {_OA_EXT}, license VARCHAR, url VARCHAR, "
                "status VARCHAR)",
                "abstract": "VARCHAR",
                "updated": "VARCHAR",
            },
            "corpusid, abstract, openaccessinfo.url AS oa_url, openaccessinfo.license AS "
            "oa_license, openaccessinfo.status AS oa_status, updated",
        ),
        DatasetFormat(
            "tldrs",
            frozenset({"corpusid", "model", "text"}),
            {"corpusid": "BIGINT", "model": "VARCHAR", "text": "VARCHAR"},
            "corpusid, model, text",
        ),
        DatasetFormat(
            "paper-ids",
            frozenset({"sha", "corpusid", "primary"}),
            {"sha": "VARCHAR", "corpusid": "BIGINT", "primary": "BOOLEAN"},
            'sha, corpusid, "primary"',
        ),
    )
}
#: The datasets mentalmap reads, in the order they are best fetched and ingested.
DATASETS = tuple(FORMATS)


def dataset_format(name: str) -> DatasetFormat:
    """The format of a dataset mentalmap reads; others raise with the list of known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        from mentalmap.errors import DatasetsError

        raise DatasetsError(
            f"mentalmap does not read the {name!r} dataset (it reads {', '.join(DATASETS)})"
        ) from None


def is_shard_file(path: Path) -> bool:
    """A shard: S2's links name them without an extension, its samples ``*.jsonl.gz``; READMEs,
    partial downloads and our own dotfiles are not shards."""
    name = path.name
    if name.startswith(".") or not path.is_file():
        return False
    return "." not in name or name.endswith(".gz")


def shard_files(folder: Path) -> list[Path]:
    """The shards of one dataset folder, in name order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_shard_file(p))


def check_shard(path: Path, dataset: str) -> None:
    """Fail fast on a shard that is not gzip, or whose first record is of another dataset.

    A truncated or damaged tail is found by the full read (DuckDB); this catches the mistakes a
    user makes (a papers shard in the citations folder, an HTML error page saved as a shard).
    """
    fmt = dataset_format(dataset)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            line = handle.readline()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CorruptShard(
            f"shard {path} is not a readable gzip file ({exc})", [str(path)]
        ) from exc
    if not line.strip():
        return  # an empty shard is legal
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise CorruptShard(f"shard {path} is not JSON Lines ({exc})", [str(path)]) from exc
    if not isinstance(record, dict):
        raise CorruptShard(f"shard {path} holds no JSON objects", [str(path)])
    keys = set(record)
    if fmt.required <= keys:
        return
    other = next((f.name for f in FORMATS.values() if f.required <= keys), None)
    what = f"a {other!r} shard" if other else f"records with keys {sorted(keys)[:8]}"
    raise CorruptShard(
        f"shard {path} holds {what}, not {dataset!r} (missing {sorted(fmt.required - keys)})",
        [str(path)],
    )
