"""The live :class:`~mentalmap.source.Source`: S2's Graph API over one httpx client."""

from __future__ import annotations

import os
import random
import ssl
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from mentalmap.errors import ApiError, ConfigError, api_error
from mentalmap.s2.transport import RateLimiter, RetryTransport, TransportStats, parsed_body
from mentalmap.source import BATCH_LIMIT, Direction

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"


@dataclass(frozen=True)
class ClientSettings:
    """Everything that shapes how mentalmap talks to S2, documented once.

    api_url: Graph API base URL (``--api-url`` / ``MENTALMAP_API_URL``); the fake server uses it.
    api_key: sent as ``x-api-key`` on every request; never printed, logged or stored.
    rps: request starts per second (S2 grants 1/s to a key; the anonymous pool is shared).
    timeout: seconds before a request counts as timed out and is retried.
    max_retries, backoff_base, backoff_cap: the retry schedule (base·2^n seconds, jittered).
    """

    api_url: str = DEFAULT_API_URL
    api_key: str | None = field(default=None, repr=False)
    rps: float = 1.0
    timeout: float = 60.0
    max_retries: int = 8
    backoff_base: float = 1.0
    backoff_cap: float = 60.0

    def __post_init__(self) -> None:
        check_api_url(self.api_url, "--api-url / MENTALMAP_API_URL")

    @classmethod
    def from_env(cls, **overrides: Any) -> ClientSettings:
        """Settings with ``S2_API_KEY`` / ``MENTALMAP_API_URL`` filled in where not given."""
        values = {k: v for k, v in overrides.items() if v is not None}
        values.setdefault("api_key", os.environ.get("S2_API_KEY") or None)
        values.setdefault("api_url", os.environ.get("MENTALMAP_API_URL") or DEFAULT_API_URL)
        return cls(**values)


class S2Client:
    """One ``httpx.Client`` per run; rate limiting and retries live in its transport."""

    def __init__(
        self,
        settings: ClientSettings | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
        inner_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings or ClientSettings.from_env()
        self.stats = TransportStats()
        sleep = sleep or time.sleep
        transport = RetryTransport(
            inner_transport or environment_transport(self.settings.api_url),
            RateLimiter(self.settings.rps, sleep=sleep),
            max_retries=self.settings.max_retries,
            backoff_base=self.settings.backoff_base,
            backoff_cap=self.settings.backoff_cap,
            stats=self.stats,
            rng=rng,
            sleep=sleep,
        )
        headers = {"user-agent": "mentalmap (+https://github.com/mentalmap)"}
        if self.settings.api_key:
            headers["x-api-key"] = self.settings.api_key
        self._http = httpx.Client(
            base_url=self.settings.api_url.rstrip("/") + "/",
            headers=headers,
            timeout=self.settings.timeout,
            transport=transport,
        )

    # --- the Source protocol -----------------------------------------------------------------
    def fetch_papers(self, ids: list[str], fields: str) -> list[dict[str, Any] | None]:
        if len(ids) > BATCH_LIMIT:
            raise ValueError(f"at most {BATCH_LIMIT} ids per batch, got {len(ids)}")
        body = self._call("POST", "paper/batch", params={"fields": fields}, json={"ids": ids})
        if not isinstance(body, list) or len(body) != len(ids):
            raise ApiError("Semantic Scholar answered a batch with a list that does not match")
        return body

    def fetch_edge_page(
        self,
        paper_id: str,
        direction: Direction,
        offset: int,
        limit: int,
        fields: str,
        window: str | None = None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"fields": fields, "offset": offset, "limit": limit}
        if window is not None:
            params["publicationDateOrYear"] = window
        body = self._call("GET", f"paper/{paper_id}/{direction}", params=params, paper_id=paper_id)
        if not isinstance(body, dict):
            raise ApiError(f"unexpected {direction} page for {paper_id}")
        return body

    def search_papers(self, query: str, fields: str, **params: Any) -> dict[str, Any]:
        query_params = {"query": query, "fields": fields, **params}
        body = self._call("GET", "paper/search", params=query_params)
        if not isinstance(body, dict):
            raise ApiError("unexpected search response")
        return body

    def match_title(self, title: str, fields: str) -> dict[str, Any] | None:
        try:
            body = self._call(
                "GET", "paper/search/match", params={"query": title, "fields": fields}
            )
        except ApiError as exc:
            if exc.status == 404:  # "Title match not found" (s2-api.md §6.3)
                return None
            raise
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise ApiError("unexpected title match response")
        return data[0] if data and isinstance(data[0], dict) else None

    def search_bulk(
        self, query: str, fields: str, token: str | None = None, **params: Any
    ) -> dict[str, Any]:
        query_params = {"query": query, "fields": fields, **params}
        if token:
            query_params["token"] = token
        body = self._call("GET", "paper/search/bulk", params=query_params)
        if not isinstance(body, dict):
            raise ApiError("unexpected bulk search response")
        return body

    # --- plumbing ----------------------------------------------------------------------------
    @property
    def calls(self) -> int:
        return self.stats.requests - self.stats.retries

    def _call(self, method: str, path: str, paper_id: str | None = None, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        if response.status_code == 200:
            return parsed_body(response)
        raise api_error(response.status_code, _error_message(response), paper_id)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> S2Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_api_url(url: str, where: str) -> None:
    """An API base URL must be an http(s) address with a host; anything else is a setting error
    named with its option, before any request (httpx would fail deep inside the first call)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{where} must be an http:// or https:// address with a host, not {url!r}"
        )


def environment_transport(api_url: str) -> httpx.HTTPTransport:
    """The plain transport, set up from the environment as httpx would do for a bare client.

    httpx reads ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` only when it
    builds the transport itself; ours wraps it (rate limits, retries), so read them here.
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are honoured by httpx's ``trust_env``.
    """
    parts = urlsplit(api_url)
    proxies = urllib.request.getproxies()
    proxy = None
    if not urllib.request.proxy_bypass(parts.hostname or ""):
        proxy = proxies.get(parts.scheme) or proxies.get("all")
    try:
        return httpx.HTTPTransport(proxy=proxy, trust_env=True)
    except (OSError, ValueError, ssl.SSLError) as exc:
        raise ConfigError(
            f"cannot set up the connection to {parts.scheme}://{parts.hostname} ({exc}); "
            "check HTTPS_PROXY / HTTP_PROXY and SSL_CERT_FILE / SSL_CERT_DIR"
        ) from exc


def _error_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or body)
    return str(body)[:200]
