"""Options of the commands that call Semantic Scholar (crawl, surveys), spelled once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from mentalmap.s2.client import ClientSettings, S2Client

F = TypeVar("F", bound=Callable[..., Any])

_CLIENT_OPTIONS = (
    click.option(
        "--api-key",
        default=None,
        metavar="KEY",
        help=(
            "S2 API key; prefer the S2_API_KEY environment variable, since a key on the "
            "command line shows in `ps` and shell history. Never stored or printed."
        ),
    ),
    click.option(
        "--api-url",
        default=None,
        envvar="MENTALMAP_API_URL",
        metavar="URL",
        help="Graph API base URL (default: the public graph/v1).",
    ),
    click.option(
        "--rps",
        type=click.FloatRange(0, 100),
        default=1.0,
        show_default=True,
        envvar="MENTALMAP_RPS",
        help="Requests per second (0: no limit, for a local fake server).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(0.1),
        default=60.0,
        show_default=True,
        help="Seconds before a request is retried.",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 20),
        default=8,
        show_default=True,
        help="Retries of a request on 429, 5xx, timeouts and broken responses.",
    ),
)


def client_options(command: F) -> F:
    """Add ``--api-key --api-url --rps --timeout --retries`` to a command."""
    for option in reversed(_CLIENT_OPTIONS):
        command = option(command)
    return command


def make_client(
    api_key: str | None, api_url: str | None, rps: float, timeout: float, retries: int
) -> S2Client:
    """The S2 client the client options describe (environment fills what is not given)."""
    settings = ClientSettings.from_env(
        api_key=api_key, api_url=api_url, rps=rps, timeout=timeout, max_retries=retries
    )
    return S2Client(settings)
