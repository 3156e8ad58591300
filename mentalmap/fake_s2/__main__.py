"""``python -m mentalmap.fake_s2``: serve a fake Semantic Scholar on 127.0.0.1 until Ctrl-C.

Point the real CLI at it with ``MENTALMAP_API_URL=<printed url> MENTALMAP_RPS=0 mentalmap
crawl ...``; the docs' commands run against it (tests/test_docs.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mentalmap.errors import MentalmapError
from mentalmap.fake_s2.corpus import Corpus
from mentalmap.fake_s2.datasets import DatasetsHost
from mentalmap.fake_s2.faults import Faults
from mentalmap.fake_s2.server import FakeS2Server
from mentalmap.synthetic import generate_field

F = TypeVar("F", bound=Callable[..., Any])


def _load(synthetic: int | None, seed: int, datasets: Path | None) -> Corpus:
    """The corpus served: a synthetic field, or none when only the Datasets API is."""
    if synthetic is None:
        if datasets is None:
            raise click.UsageError("give --synthetic N, or --datasets ROOT, or both")
        return Corpus([], [])
    try:
        return generate_field(n_papers=synthetic, seed=seed).to_corpus()
    except MentalmapError as exc:
        raise click.ClickException(str(exc)) from exc


def _rate(outcome: str) -> Callable[[F], F]:
    """``--rate-<outcome>``: the share of requests that get ``outcome`` (a seeded draw each)."""
    return click.option(
        f"--rate-{outcome}",
        type=click.FloatRange(0, 1),
        default=0.0,
        show_default=True,
        metavar="SHARE",
        help=_RATE_HELP[outcome],
    )


_RATE_HELP = {
    "429": "Share of requests answered 429 Too Many Requests with the real body (no Retry-After).",
    "500": "Share of requests answered 500 Internal Server Error.",
    "502": "Share answered 502 with CloudFront's HTML error page (not JSON).",
    "503": "Share of requests answered 503 Service Unavailable.",
    "504": "Share answered 504 'Endpoint request timed out', as the real gateway does.",
    "slow": "Share of requests answered after --slow-seconds (to trip a client's timeout).",
    "truncated": "Share of 200 answers cut to half their body (broken JSON).",
    "drop": "Share of requests whose connection closes with no answer at all.",
}


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--synthetic", type=click.IntRange(min=1), metavar="N",
    help="Serve a synthetic field of N papers (the one `mentalmap demo --size N` maps).",
)  # fmt: skip
@click.option(
    "--seed", type=int, default=0, show_default=True,
    help="Generator seed of --synthetic (`mentalmap demo --seed`).",
)  # fmt: skip
@click.option(
    "--datasets", "datasets_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also serve the Datasets API over DIR/<release>/<dataset>/ (`mentalmap datasets "
    "synthetic` writes one); alone, only the Datasets API.",
)  # fmt: skip
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, show_default=True,
    help="Port on 127.0.0.1 (0: any free one; the URL printed says which).",
)  # fmt: skip
@click.option(
    "--api-key", "api_keys", multiple=True, metavar="KEY",
    help="Accept only requests with this x-api-key, others get 403 (repeatable; none: all).",
)  # fmt: skip
@click.option(
    "--fault-seed", type=int, default=0, show_default=True,
    help="Seed of the fault draws: the same seed plays the same faults in the same order.",
)  # fmt: skip
@_rate("429")
@click.option(
    "--storm-429", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
    help="Answer the first N requests 429 (a throttled start), then serve normally.",
)  # fmt: skip
@_rate("500")
@_rate("502")
@_rate("503")
@_rate("504")
@_rate("slow")
@click.option(
    "--slow-seconds", type=click.FloatRange(min=0), default=2.0, show_default=True,
    help="Delay of a --rate-slow answer.",
)  # fmt: skip
@_rate("truncated")
@_rate("drop")
@click.option(
    "--retry-after", type=click.FloatRange(min=0), metavar="SECONDS",
    help="Send Retry-After: SECONDS on 429s (the real service never does; clients must obey).",
)  # fmt: skip
@click.option(
    "--rps-limit", type=click.FloatRange(min=0), metavar="N",
    help="Answer 429 when a caller (an API key, or the anonymous pool) exceeds N requests/s.",
)  # fmt: skip
def main(
    synthetic: int | None,
    seed: int,
    datasets_root: Path | None,
    port: int,
    api_keys: tuple[str, ...],
    fault_seed: int,
    **fault_options: float | None,
) -> None:
    """Serve a stand-in Semantic Scholar on 127.0.0.1, for mentalmap offline, until Ctrl-C.

    It answers the Graph API (and with --datasets the Datasets API) as S2 does: the same
    paths, fields, paging, batches and error bodies, over one synthetic field. It prints its
    Graph API URL on stdout; point mentalmap at it with MENTALMAP_API_URL (and MENTALMAP_RPS=0:
    no need to pace requests to it). The fault options make it misbehave as the real service
    does, to see a client survive.

    \b
    Example:
      python -m mentalmap.fake_s2 --synthetic 2000 --seed 0 --port 8765
      export MENTALMAP_API_URL=http://127.0.0.1:8765/graph/v1 MENTALMAP_RPS=0
      mentalmap crawl CorpusId:200001387 --db field.sqlite
      python -m mentalmap.fake_s2 --synthetic 500 --rate-429 0.2 --rate-504 0.05
    """
    corpus = _load(synthetic, seed, datasets_root)
    host = None if datasets_root is None else DatasetsHost(datasets_root)
    try:
        faults = Faults(seed=fault_seed, **fault_options)  # type: ignore[arg-type]
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    with FakeS2Server(corpus, faults, api_keys or None, port=port, datasets=host) as server:
        click.echo(server.url)
        if host is not None:
            click.echo(f"datasets: MENTALMAP_DATASETS_URL={server.datasets_url}", err=True)
        click.echo(
            f"fake S2 with {len(corpus)} papers; try: MENTALMAP_API_URL={server.url} "
            "mentalmap crawl ...  (Ctrl-C stops)",
            err=True,
        )
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopped", err=True)


if __name__ == "__main__":
    main()
