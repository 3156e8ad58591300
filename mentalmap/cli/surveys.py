"""``mentalmap surveys``: the recent surveys of a topic, the usual first reading and crawl seeds."""

from __future__ import annotations

import click

from mentalmap.cli.app import main
from mentalmap.cli.client_options import client_options, make_client
from mentalmap.cli.options import format_option
from mentalmap.cli.output import echo_frame
from mentalmap.cli.terminal import echo
from mentalmap.errors import InvalidQuery
from mentalmap.surveys import clean_topic, find_surveys


@main.command("surveys")
@click.argument("topic")
@click.option(
    "--since",
    type=click.IntRange(1900, 2100),
    default=None,
    help="First publication year kept (default: five years ago).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=20,
    show_default=True,
    help="Surveys listed at most.",
)
@format_option()
@client_options
def surveys_command(
    topic: str,
    since: int | None,
    limit: int,
    fmt: str,
    api_key: str | None,
    api_url: str | None,
    rps: float,
    timeout: float,
    retries: int,
) -> None:
    """Find recent surveys and reviews of TOPIC, most cited per year first.

    Two Semantic Scholar searches (papers typed Review; TOPIC plus the word "survey") are
    merged, and papers kept when typed Review or titled survey, review, overview, tutorial,
    primer or state of the art. Hyphens in TOPIC become spaces (S2 matches no hyphenated term).
    Crawl from the best of them with `mentalmap crawl --from-surveys TOPIC`.

    \b
    Example:
      mentalmap surveys "retrieval-augmented generation" --since 2021 --limit 10
    """
    try:
        clean_topic(topic)
    except InvalidQuery as exc:
        raise click.BadParameter(str(exc), param_hint="TOPIC") from None
    with make_client(api_key, api_url, rps, timeout, retries) as client:
        frame = find_surveys(client, topic, since=since, limit=limit)
    if frame.empty and fmt == "table":
        echo(
            f"No surveys of {clean_topic(topic)!r} found; try an earlier --since or other words.",
            err=True,
        )
        return
    echo_frame(frame, fmt, f"Surveys of {clean_topic(topic)!r}", _TABLE_COLUMNS)


#: What a person sees; --format csv/json add venue, citationCount and the two survey flags.
_TABLE_COLUMNS = {
    "year": "year",
    "citations_per_year": "cites/yr",
    "title": "title",
    "paperId": "paperId",
}
