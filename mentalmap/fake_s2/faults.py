"""Seeded, deterministic fault injection for the fake server: what a client must survive.

The real service throttles with 429s that carry no Retry-After, times out with 504s, answers 5xx
during outages (502 pages may be HTML) and is sometimes slow (s2-api.md §8-9). A :class:`Faults`
plan decides, request by request, which of these the fake server plays. Decisions come from a
seeded generator drawn once per request, or from an explicit ``script``, so a test sees the same
sequence on every run.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Every outcome a plan can choose. ``ok`` serves the request normally.
OUTCOMES = ("ok", "429", "500", "502", "503", "504", "slow", "truncated", "drop")

#: The real 429 body, byte for byte (s2-api.md §8); the real 429 has no Retry-After header.
BODY_429 = (
    b'{"message": "Too Many Requests. Please wait and try again or apply for a key for higher '
    b'rate limits. https://www.semanticscholar.org/product/api#api-key-form", "code": "429"}'
)
BODY_500 = b'{"message": "Internal Server Error"}'
#: CloudFront's own error page: not JSON, though it says so in Content-Type (unverified shape).
BODY_502 = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<HTML><HEAD>'
    b"<TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>\n"
    b"<H1>502 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n</BODY></HTML>"
)
BODY_503 = b'{"message": "Service Unavailable"}'
BODY_504 = b'{"message": "Endpoint request timed out"}'
ERROR_BODIES = {429: BODY_429, 500: BODY_500, 502: BODY_502, 503: BODY_503, 504: BODY_504}


@dataclass
class Faults:
    """A fault plan: rates (0-1) per outcome, a 429 storm, a per-caller rps limit, a script.

    Each request is decided in this order: the next ``script`` entry while any remain; a 429
    during the first ``storm_429`` requests; a 429 when its caller (API key or the shared
    anonymous pool) already made ``rps_limit`` accepted requests in the last second; otherwise
    one seeded draw against the rates. ``retry_after`` adds a ``Retry-After`` header to 429s,
    which the real service never sends but a client must honour when it is there.
    """

    seed: int = 0
    rate_429: float = 0.0
    storm_429: int = 0
    rate_500: float = 0.0
    rate_502: float = 0.0
    rate_503: float = 0.0
    rate_504: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 2.0
    rate_truncated: float = 0.0
    rate_drop: float = 0.0
    retry_after: float | None = None
    rps_limit: float | None = None
    script: Sequence[str] = ()
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)
    _seen: int = field(init=False, default=0, repr=False)
    _script: deque[str] = field(init=False, repr=False)
    _recent: dict[str, deque[float]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        unknown = [s for s in self.script if s not in OUTCOMES]
        if unknown:
            raise ValueError(f"unknown script outcomes {unknown}; choose from {OUTCOMES}")
        if sum(self._rates()) > 1.0:
            raise ValueError("fault rates add up to more than 1")
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._script = deque(self.script)
        self._recent = {}

    def _rates(self) -> tuple[float, ...]:
        return (
            self.rate_429,
            self.rate_500,
            self.rate_502,
            self.rate_503,
            self.rate_504,
            self.rate_slow,
            self.rate_truncated,
            self.rate_drop,
        )

    def decide(self, caller: str | None = None, now: float | None = None) -> str:
        """The outcome for the next request of ``caller`` (an API key; None is anonymous)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._seen += 1
            draw = self._rng.random()  # drawn every time so rates stay reproducible
            if self._script:
                return self._script.popleft()
            if self._seen <= self.storm_429:
                return "429"
            if self.rps_limit is not None:
                window = self._recent.setdefault(caller or "", deque())
                while window and now - window[0] >= 1.0:
                    window.popleft()
                if len(window) >= self.rps_limit:
                    return "429"
                window.append(now)
            total = 0.0
            for outcome, rate in zip(OUTCOMES[1:], self._rates()):
                total += rate
                if draw < total:
                    return outcome
            return "ok"
