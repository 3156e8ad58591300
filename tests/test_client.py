"""The S2 client: retries, backoff, Retry-After, rate limiting, errors, and the key's safety.

The network is replaced at the transport (httpx.MockTransport), below our retry layer, so the
real retry code runs; the fake HTTP server covers the same faults end to end in test_crawl*.
"""

from __future__ import annotations

import json
import logging
import random

import httpx
import pytest

from mentalmap.errors import AuthError, BadRequest, PaperNotFound, RetriesExhausted
from mentalmap.s2.client import ClientSettings, S2Client
from mentalmap.s2.transport import RateLimiter

KEY = "sk-test-SECRET-0123456789"
RECORD = {"paperId": "a" * 40, "title": "T"}


def make_client(handler, sleeps: list[float] | None = None, **settings) -> S2Client:
    sleeps = sleeps if sleeps is not None else []
    values = {"api_url": "http://s2.test/graph/v1", "api_key": KEY, "rps": 0, **settings}
    return S2Client(
        ClientSettings(**values),
        sleep=sleeps.append,
        rng=random.Random(0),
        inner_transport=httpx.MockTransport(handler),
    )


def scripted(*responses):
    """A handler answering each request with the next scripted response (or exception)."""
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


def ok_batch() -> httpx.Response:
    return httpx.Response(200, json=[RECORD])


TOO_MANY = httpx.Response(
    429, json={"message": "Too Many Requests. Please wait and try again", "code": "429"}
)


def test_key_is_sent_on_every_request_including_retries() -> None:
    handler = scripted(TOO_MANY, httpx.Response(500, json={"message": "x"}), ok_batch())
    with make_client(handler) as client:
        assert client.fetch_papers(["a" * 40], "title") == [RECORD]
    assert len(handler.seen) == 3
    assert all(r.headers.get("x-api-key") == KEY for r in handler.seen)
    assert all(r.url.params["fields"] == "title" for r in handler.seen)
    assert json.loads(handler.seen[0].content) == {"ids": ["a" * 40]}


def test_anonymous_use_sends_no_key() -> None:
    handler = scripted(ok_batch())
    with make_client(handler, api_key=None) as client:
        client.fetch_papers(["x"], "title")
    assert "x-api-key" not in handler.seen[0].headers


@pytest.mark.parametrize(
    "fault",
    [
        httpx.Response(429, json={"message": "Too Many Requests", "code": "429"}),
        httpx.Response(500, json={"message": "Internal"}),
        httpx.Response(502, text="<html>Bad Gateway</html>"),
        httpx.Response(503, text=""),
        httpx.Response(504, json={"message": "Endpoint request timed out"}),
        httpx.Response(200, text='[{"paperId": "aaa'),
        httpx.ReadTimeout("slow"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("dropped"),
    ],
    ids=["429", "500", "502", "503", "504", "truncated", "timeout", "connect", "dropped"],
)
def test_each_fault_is_retried_with_growing_jittered_backoff(fault) -> None:
    sleeps: list[float] = []
    handler = scripted(fault, fault, fault, ok_batch())
    with make_client(handler, sleeps, backoff_base=1.0) as client:
        assert client.fetch_papers(["x"], "title") == [RECORD]
        assert client.stats.retries == 3
        assert client.calls == 1
    assert len(sleeps) == 3
    # base·2^n with jitter in [0.5, 1.5): each delay inside its own band, so they grow.
    for attempt, delay in enumerate(sleeps):
        assert 0.5 * 2**attempt <= delay < 1.5 * 2**attempt


def test_retry_after_is_honoured_when_sent() -> None:
    sleeps: list[float] = []
    limited = httpx.Response(429, headers={"Retry-After": "7"}, json={"message": "slow down"})
    with make_client(scripted(limited, ok_batch()), sleeps) as client:
        client.fetch_papers(["x"], "title")
    assert sleeps == [7.0]


def test_retries_are_bounded_and_the_error_says_nothing_is_lost() -> None:
    sleeps: list[float] = []
    handler = scripted(httpx.Response(500, json={"message": "down"}))
    with (
        make_client(handler, sleeps, max_retries=3) as client,
        pytest.raises(RetriesExhausted, match="saved") as info,
    ):
        client.fetch_papers(["x"], "title")
    assert len(handler.seen) == 4
    assert KEY not in str(info.value)


def test_client_errors_are_not_retried_and_become_precise_exceptions() -> None:
    cases = [
        (httpx.Response(404, json={"error": "Paper with id X not found"}), PaperNotFound),
        (
            httpx.Response(400, json={"error": "Unrecognized or unsupported fields: [x]"}),
            BadRequest,
        ),
        (httpx.Response(403, json={"message": "Forbidden"}), AuthError),
    ]
    for response, error in cases:
        handler = scripted(response)
        with make_client(handler) as client, pytest.raises(error) as info:
            client.fetch_edge_page("p" * 40, "citations", 0, 1000, "paperId")
        assert len(handler.seen) == 1
        assert KEY not in str(info.value)


def test_edge_page_parameters_follow_the_api() -> None:
    page = {"offset": 0, "next": 1000, "data": []}
    handler = scripted(httpx.Response(200, json=page))
    with make_client(handler) as client:
        assert client.fetch_edge_page("p" * 40, "references", 0, 1000, "paperId,year") == page
    url = handler.seen[0].url
    assert url.path == f"/graph/v1/paper/{'p' * 40}/references"
    assert dict(url.params) == {"fields": "paperId,year", "offset": "0", "limit": "1000"}


def test_a_200_body_is_parsed_once(monkeypatch) -> None:
    """The retry layer parses a 200 to tell a cut-off body from a good one; the client reuses it."""
    parses: list[bytes] = []
    real_loads = json.loads

    def counting_loads(text, *args, **kwargs):
        parses.append(text)
        return real_loads(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counting_loads)  # httpx's Response.json calls it too
    page = {"offset": 0, "next": 1000, "data": [RECORD]}
    with make_client(scripted(httpx.Response(200, json=page))) as client:
        assert client.fetch_edge_page("p" * 40, "references", 0, 1000, "paperId") == page
    assert len(parses) == 1


def test_the_key_never_reaches_logs_or_repr(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    handler = scripted(TOO_MANY, ok_batch())
    with make_client(handler) as client:
        client.fetch_papers(["x"], "title")
        assert KEY not in repr(client.settings)
    assert KEY not in caplog.text
    assert "retrying" in caplog.text


def test_rate_limiter_spaces_requests_and_slows_down_after_429() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait()
    limiter.wait()
    limiter.wait()
    assert sleeps == [pytest.approx(0.5), pytest.approx(0.5)]
    limiter.slow_down()
    assert limiter.interval == pytest.approx(0.75)
    for _ in range(100):
        limiter.recover()
    assert limiter.interval == pytest.approx(0.5)


def test_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("S2_API_KEY", KEY)
    monkeypatch.setenv("MENTALMAP_API_URL", "http://127.0.0.1:9/graph/v1")
    settings = ClientSettings.from_env(rps=0.5)
    assert settings.api_key == KEY
    assert settings.api_url == "http://127.0.0.1:9/graph/v1"
    assert settings.rps == 0.5
    assert ClientSettings.from_env(api_key="other").api_key == "other"
