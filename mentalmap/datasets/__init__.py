"""Whole fields from Semantic Scholar's bulk datasets: download, ingest, extract, scores.

A release's gzipped JSONL shards (s2-api.md §10) are downloaded through the Datasets API
(`download`), turned into Parquet with DuckDB (`ingest`), cut into a sub-area written as the
crawl's SQLite store (`extract`), and scored over the whole field (`scores`). The synthetic
writer (`synthetic_release`) makes releases of any size for tests and benchmarks. Extract and
scores run on either engine (`engine`: embedded DuckDB; `spark`: the same SQL on Spark). DuckDB
and pyarrow are the optional extra ``datasets``, pyspark the extra ``spark``; modules import
them only when run.
"""

from mentalmap.datasets.api import DatasetsClient, DatasetsSettings, Release
from mentalmap.datasets.download import DownloadProgress, DownloadResult, download_release
from mentalmap.datasets.extract import ExtractReport, ExtractSettings, extract
from mentalmap.datasets.formats import DATASETS, check_shard, shard_files
from mentalmap.datasets.ingest import IngestProgress, IngestResult, ingest
from mentalmap.datasets.scores import ScoresResult, whole_field_scores
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.datasets.warehouse import open_warehouse

__all__ = [
    "DATASETS",
    "DatasetsClient",
    "DatasetsSettings",
    "DownloadProgress",
    "DownloadResult",
    "ExtractReport",
    "ExtractSettings",
    "IngestProgress",
    "IngestResult",
    "Release",
    "ScoresResult",
    "check_shard",
    "download_release",
    "extract",
    "ingest",
    "open_warehouse",
    "shard_files",
    "whole_field_scores",
    "write_release",
]
