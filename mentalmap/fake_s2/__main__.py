"""``python -m mentalmap.fake_s2``: serve a fake Semantic Scholar on 127.0.0.1 until Ctrl-C.

Point the real CLI at it with ``MENTALMAP_API_URL=<printed url> mentalmap crawl ...``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import click

from mentalmap.errors import MentalmapError
from mentalmap.fake_s2.corpus import Corpus
from mentalmap.fake_s2.datasets import DatasetsHost
from mentalmap.fake_s2.faults import Faults
from mentalmap.fake_s2.server import FakeS2Server
from mentalmap.synthetic import generate_field


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


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--synthetic", type=click.IntRange(min=1), help="A synthetic field of N papers.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --synthetic.")
@click.option(
    "--datasets",
    "datasets_root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Serve the Datasets API over this folder of releases (<root>/<release>/<dataset>/).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (0: any free).")
@click.option("--api-key", "api_keys", multiple=True, help="Accepted x-api-key (others get 403).")
@click.option("--fault-seed", type=int, default=0, show_default=True)
@click.option("--rate-429", type=click.FloatRange(0, 1), default=0.0)
@click.option("--storm-429", type=click.IntRange(min=0), default=0, help="First N requests 429.")
@click.option("--rate-500", type=click.FloatRange(0, 1), default=0.0)
@click.option("--rate-502", type=click.FloatRange(0, 1), default=0.0)
@click.option("--rate-503", type=click.FloatRange(0, 1), default=0.0)
@click.option("--rate-504", type=click.FloatRange(0, 1), default=0.0)
@click.option("--rate-slow", type=click.FloatRange(0, 1), default=0.0)
@click.option("--slow-seconds", type=click.FloatRange(min=0), default=2.0, show_default=True)
@click.option("--rate-truncated", type=click.FloatRange(0, 1), default=0.0)
@click.option("--rate-drop", type=click.FloatRange(0, 1), default=0.0)
@click.option("--retry-after", type=click.FloatRange(min=0), help="Send Retry-After on 429s.")
@click.option("--rps-limit", type=click.FloatRange(min=0), help="429 above N req/s per caller.")
def main(
    synthetic: int | None,
    seed: int,
    datasets_root: Path | None,
    port: int,
    api_keys: tuple[str, ...],
    fault_seed: int,
    **fault_options: float | None,
) -> None:
    """Serve a fake Semantic Scholar Graph API on 127.0.0.1 until Ctrl-C."""
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
