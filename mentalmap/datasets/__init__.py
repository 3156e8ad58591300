"""Whole fields from Semantic Scholar's bulk datasets: download, ingest, extract, scores.

A release's gzipped JSONL shards (s2-api.md §10) are downloaded through the Datasets API
(`download`), turned into Parquet with DuckDB (`ingest`), cut into a sub-area written as the
crawl's SQLite store (`extract`), and scored over the whole field (`scores`). The synthetic
writer (`synthetic_release`) makes releases of any size for tests and benchmarks. DuckDB and
pyarrow are the optional extra ``datasets``; modules import them only when run.
"""
