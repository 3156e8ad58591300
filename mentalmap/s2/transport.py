"""Rate limiting and retries as an httpx transport, so no fetch function loops on its own.

Semantic Scholar sends 429 storms below its published limit, 5xx and gateway timeouts under load,
and (rarely) a 200 whose body is cut: every one of these is retried here with jittered
exponential backoff, honouring ``Retry-After`` when a response carries one.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mentalmap.errors import RetriesExhausted

logger = logging.getLogger("mentalmap.s2")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Where a 200 response carries its parsed JSON (``httpx.Response.extensions``): the transport
#: parses it to tell a cut-off body from a good one, and the client reads it from there.
PARSED_BODY = "mentalmap.parsed_body"


@dataclass
class TransportStats:
    """Counts a progress bar shows: requests sent and retries (by reason)."""

    requests: int = 0
    retries: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def note_retry(self, reason: str) -> None:
        self.retries += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


class RateLimiter:
    """Spaces request starts at least ``1/rps`` apart, slowing further after each 429.

    S2 maintainers advise slowing down by a factor on each 429; the interval recovers slowly on
    success so a storm does not leave the crawl crawling forever.
    """

    def __init__(
        self,
        rps: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_interval = 1.0 / rps if rps > 0 else 0.0
        self.interval = self.base_interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval

    def slow_down(self) -> None:
        if self.base_interval:
            self.interval = min(self.interval * 1.5, self.base_interval * 8)

    def recover(self) -> None:
        self.interval = max(self.base_interval, self.interval * 0.95)


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport with the rate limiter and bounded, jittered retries."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        limiter: RateLimiter,
        max_retries: int = 8,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        stats: TransportStats | None = None,
    ) -> None:
        self.inner = inner
        self.limiter = limiter
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.stats = stats or TransportStats()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        last = "no attempt"
        status: int | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                self.stats.note_retry(last.split(" ", 1)[0])
            self.limiter.wait()
            self.stats.requests += 1
            try:
                response = self.inner.handle_request(request)
                response.read()
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                last = f"{type(exc).__name__} ({exc})"
                status = None
                self._back_off(attempt, None, last, request)
                continue
            reason = _retry_reason(response)
            status = response.status_code
            if reason is None:
                self.limiter.recover()
                return response
            last = reason
            if response.status_code == 429:
                self.limiter.slow_down()
            self._back_off(attempt, response, last, request)
        raise RetriesExhausted(
            f"gave up on {request.method} {request.url.path} after {self.max_retries} retries "
            f"(last: {last}); everything fetched so far is saved — run the same command again "
            "later, or lower --rps",
            status,
        )

    def _back_off(
        self, attempt: int, response: httpx.Response | None, reason: str, request: httpx.Request
    ) -> None:
        if attempt >= self.max_retries:
            return
        delay = min(self.backoff_cap, self.backoff_base * 2**attempt)
        delay *= self.rng.uniform(0.5, 1.5)
        retry_after = _retry_after(response) if response is not None else None
        if retry_after is not None:
            delay = min(retry_after, 10 * self.backoff_cap)
        logger.info(
            "retrying %s %s in %.2fs after %s", request.method, request.url.path, delay, reason
        )
        self.sleep(delay)

    def close(self) -> None:
        self.inner.close()


def _retry_reason(response: httpx.Response) -> str | None:
    """Why the response is retried, or None; a 200's body is parsed here, once, and kept."""
    if response.status_code in RETRY_STATUSES:
        return f"{response.status_code} status"
    if response.status_code == 200:
        try:
            response.extensions[PARSED_BODY] = json.loads(response.content)
        except ValueError:
            return "unparseable body"
    return None


def parsed_body(response: httpx.Response) -> Any:
    """The JSON of a 200 response that came through :class:`RetryTransport` (parsed there)."""
    return response.extensions[PARSED_BODY]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
