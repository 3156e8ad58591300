"""``mentalmap datasets …``: whole fields from Semantic Scholar's bulk datasets.

download → ingest → extract (and scores): a release's shards through the Datasets API, into a
Parquet warehouse with DuckDB, cut into a sub-area written as the crawl's store.
"""

from __future__ import annotations

from pathlib import Path

import click

from mentalmap.cli.app import main
from mentalmap.cli.options import refuse_stdout
from mentalmap.cli.terminal import echo

_DATASETS_HELP = "Comma-separated datasets: papers, citations, abstracts, tldrs, paper-ids."


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@main.group("datasets", context_settings={"help_option_names": ["-h", "--help"]})
def datasets_group() -> None:
    """Whole fields from S2's bulk datasets: download, ingest, extract, scores.

    \b
    Example (a key is needed for the file links):
      export S2_API_KEY=...
      mentalmap datasets download --datasets papers,citations,abstracts --dir s2
      mentalmap datasets ingest --dir s2 --out warehouse
      mentalmap datasets extract --warehouse warehouse --seeds ARXIV:1706.03762 --db field.sqlite
      mentalmap map --db field.sqlite
    """


_api_key = click.option(
    "--api-key",
    default=None,
    metavar="KEY",
    help="S2 API key; prefer the S2_API_KEY environment variable (a key on the command line "
    "shows in `ps`). Sent as a header only; never stored or printed.",
)
_api_url = click.option(
    "--api-url",
    default=None,
    envvar="MENTALMAP_DATASETS_URL",
    metavar="URL",
    help="Datasets API base URL (default: the public datasets/v1).",
)
_rps = click.option(
    "--rps",
    type=click.FloatRange(0, 100),
    default=1.0,
    show_default=True,
    envvar="MENTALMAP_RPS",
    help="API requests per second (0: no limit, for a local fake server); files are not limited.",
)
_quiet = click.option("-q", "--quiet", is_flag=True, help="No progress bar, only errors.")
_engine = click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="duckdb: embedded, nothing to start; spark: the same SQL on Spark "
    '(pip install "mentalmap[spark]", Java 17). Both give the same results.',
)
_master = click.option(
    "--master",
    default="local[*]",
    show_default=True,
    metavar="URL",
    help="Spark master for --engine spark: local[*] (this machine) or a cluster URL.",
)


def _client(api_key: str | None, api_url: str | None, rps: float):  # noqa: ANN202 (lazy import)
    from mentalmap.datasets.api import DatasetsClient, DatasetsSettings

    return DatasetsClient(DatasetsSettings.from_env(api_key=api_key, api_url=api_url, rps=rps))


@datasets_group.command("releases")
@_api_url
@_rps
def releases_command(api_url: str | None, rps: float) -> None:
    """List the release ids of the Datasets API, newest last (no key needed).

    \b
    Example:
      mentalmap datasets releases | tail -3
    """
    with _client(None, api_url, rps) as client:
        for release_id in client.releases():
            echo(release_id)


@datasets_group.command("download")
@click.option("--release", default="latest", show_default=True, help="Release id, or latest.")
@click.option(
    "--datasets", "names", default="papers,citations,abstracts", show_default=True,
    help=_DATASETS_HELP,
)  # fmt: skip
@click.option(
    "--dir", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="Folder for the shards (one per release); a rerun resumes it.",
)  # fmt: skip
@_api_key
@_api_url
@_rps
@_quiet
def download_command(
    release: str,
    names: str,
    folder: Path,
    api_key: str | None,
    api_url: str | None,
    rps: float,
    quiet: bool,
) -> None:
    """Download a release's shards, resumably, with size and checksum checks.

    A partly downloaded shard resumes (or restarts if it fails its checksum); a finished one is
    never fetched again. Needs an API key.

    \b
    Example:
      S2_API_KEY=... mentalmap datasets download --datasets papers,citations --dir s2
    """
    from mentalmap.cli.progress import download_progress
    from mentalmap.datasets.download import download_release

    with _client(api_key, api_url, rps) as client, download_progress(quiet) as bar:
        result = download_release(client, folder, _names(names), release, progress=bar)
    echo(
        f"release {result.release_id}: {len(result.fetched)} shards fetched "
        f"({result.bytes_fetched / 1e6:,.1f} MB, {result.resumed} resumed), "
        f"{len(result.skipped)} already there, in {folder}"
    )


@datasets_group.command("ingest")
@click.option(
    "--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True, help="A downloaded release (the --dir of `datasets download`).",
)  # fmt: skip
@click.option(
    "--out", "warehouse", type=click.Path(file_okay=False, path_type=Path), required=True,
    callback=refuse_stdout,
    help="The warehouse folder: Parquet per shard; a rerun goes on from the next shard.",
)  # fmt: skip
@click.option("--datasets", "names", default=None, help=_DATASETS_HELP + " Default: all there.")
@click.option(
    "--memory-limit", default="4GB", show_default=True, help="DuckDB's memory cap (it spills)."
)
@click.option("--threads", type=click.IntRange(1), default=None, help="DuckDB threads.")
@_quiet
def ingest_command(
    folder: Path,
    warehouse: Path,
    names: str | None,
    memory_limit: str,
    threads: int | None,
    quiet: bool,
) -> None:
    """Turn a release's gzipped JSONL shards into Parquet with DuckDB, one shard at a time.

    Shards already ingested are skipped; a corrupt one is named and the others are kept.

    \b
    Example:
      mentalmap datasets ingest --dir s2 --out warehouse
    """
    from mentalmap.cli.progress import ingest_progress
    from mentalmap.datasets.ingest import ingest

    with ingest_progress(quiet) as bar:
        result = ingest(
            folder,
            warehouse,
            _names(names) if names else None,
            progress=bar,
            memory_limit=memory_limit,
            threads=threads,
        )
    rows = ", ".join(f"{name} {count:,}" for name, count in result.rows.items())
    echo(
        f"{len(result.ingested)} shards ingested ({rows} rows, "
        f"{result.rows_per_second:,.0f} rows/s), {len(result.skipped)} already done, "
        f"into {warehouse}"
    )


@datasets_group.command("extract")
@click.option(
    "--warehouse", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="The warehouse of `datasets ingest`.",
)  # fmt: skip
@click.option(
    "--seeds", multiple=True, metavar="IDS",
    help="Seed ids, comma-separated or repeated (sha, CorpusId:N, DOI:…, ARXIV:…).",
)  # fmt: skip
@click.option("--query", default=None, help="Seeds: the most cited papers with these title words.")
@click.option("--query-seeds", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many --query hits seed the extract.")  # fmt: skip
@click.option("--fields-of-study", default=None, metavar="LIST",
              help="Keep papers of these S2 fields, comma-separated.")  # fmt: skip
@click.option("--venue", "venues", multiple=True, help="Keep papers of this venue (repeatable).")
@click.option("--since", type=click.IntRange(1900, 2100), default=None, help="First year kept.")
@click.option("--depth", type=click.IntRange(0, 6), default=2, show_default=True,
              help="Citation hops from the seeds.")  # fmt: skip
@click.option("--max-papers", type=click.IntRange(1), default=2000, show_default=True,
              help="Papers in the sub-area at most (most relevant first).")  # fmt: skip
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The store to write (as `mentalmap crawl` writes it).")  # fmt: skip
@click.option("--replace", is_flag=True, help="Overwrite --db if it exists.")
@_engine
@_master
def extract_command(
    warehouse: Path,
    seeds: tuple[str, ...],
    query: str | None,
    query_seeds: int,
    fields_of_study: str | None,
    venues: tuple[str, ...],
    since: int | None,
    depth: int,
    max_papers: int,
    db: Path,
    replace: bool,
    engine: str,
    master: str,
) -> None:
    """Cut a sub-area out of the warehouse into a store every command reads.

    The crawl's relevance-first selection, over the whole graph: complete citation counts and
    every citation between the chosen papers.

    \b
    Example:
      mentalmap datasets extract --warehouse warehouse --query "graph neural" --db gnn.sqlite
      mentalmap rank --db gnn.sqlite
      mentalmap datasets extract --engine spark --warehouse warehouse --query gnn --db g.sqlite
    """
    from mentalmap.datasets.extract import ExtractSettings, extract

    settings = ExtractSettings(
        seeds=tuple(s for value in seeds for s in _names(value)),
        query=query,
        query_seeds=query_seeds,
        fields_of_study=tuple(_names(fields_of_study or "")),
        venues=venues,
        since=since,
        depth=depth,
        max_papers=max_papers,
    )
    report = extract(warehouse, db, settings, replace=replace, engine=engine, master=master)
    hops = ", ".join(f"depth {d}: {n}" for d, n in sorted(report.per_depth.items()))
    echo(
        f"{report.papers} papers ({hops}) and {report.edges} citations into {db} "
        f"in {report.seconds:.1f} s"
    )
    if report.missing:
        echo(f"not in the warehouse: {', '.join(report.missing)}", err=True)


@datasets_group.command("scores")
@click.option(
    "--warehouse", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="The warehouse of `datasets ingest`.",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, callback=refuse_stdout,
    help="Parquet file (default: WAREHOUSE/scores/scores.parquet).",
)  # fmt: skip
@_engine
@_master
def scores_command(warehouse: Path, out: Path | None, engine: str, master: str) -> None:
    """Whole-field citations, PageRank and age-rescaled PageRank of every paper, to Parquet.

    \b
    Example:
      mentalmap datasets scores --warehouse warehouse
      mentalmap datasets scores --warehouse /nfs/wh --engine spark --master spark://head:7077
    """
    from mentalmap.datasets.scores import whole_field_scores

    result = whole_field_scores(warehouse, out, engine=engine, master=master)
    echo(
        f"{result.papers:,} papers, {result.edges:,} citations scored into {result.path} "
        f"(load {result.seconds_load:.1f} s, rank {result.seconds_rank:.1f} s)"
    )


@datasets_group.command("synthetic")
@click.option("--papers", type=click.IntRange(200, 2_000_000), default=2000, show_default=True)
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True)
@click.option("--shards", type=click.IntRange(1, 1000), default=3, show_default=True)
@click.option("--release", "release_id", default="2025-01-07", show_default=True)
@click.option("--datasets", "names", default="papers,citations,abstracts,tldrs,paper-ids",
              show_default=True, help=_DATASETS_HELP)  # fmt: skip
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the release's dataset folders into.")  # fmt: skip
def synthetic_command(
    papers: int, seed: int, shards: int, release_id: str, names: str, folder: Path
) -> None:
    """Write a synthetic field as a bulk release in S2's exact shard format (offline trials).

    \b
    Example:
      mentalmap datasets synthetic --papers 20000 --dir s2
      mentalmap datasets ingest --dir s2 --out warehouse
    """
    from mentalmap.datasets.synthetic_release import write_release
    from mentalmap.synthetic import generate_field

    field = generate_field(papers, seed=seed)
    written = write_release(
        field, folder, release_id=release_id, shards=shards, datasets=_names(names)
    )
    echo(
        f"{len(field):,} papers, {field.n_edges:,} citations as release {release_id}: "
        f"{sum(len(v) for v in written.values())} shards in {folder}"
    )
