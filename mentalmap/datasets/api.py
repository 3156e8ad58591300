"""The Datasets API client (s2-api.md §10.1): releases, their datasets, a dataset's file links.

API calls go through the Graph API client's transport (rate limit, jittered retries of 429/5xx
and network faults); file links get a plain streaming client, since a shard is gigabytes and
`download` resumes it with ranges itself. The key goes in the ``x-api-key`` header of the link
request only (never in a URL, a log line or a file). Links are pre-signed S3 URLs that need no
key and expire; `download` asks for them again then.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mentalmap.errors import (
    ApiError,
    ApiKeyMissing,
    AuthError,
    DatasetNotInRelease,
    MentalmapError,
    UnknownRelease,
)
from mentalmap.s2.client import check_api_url, environment_transport
from mentalmap.s2.transport import RateLimiter, RetryTransport

DEFAULT_DATASETS_URL = "https://api.semanticscholar.org/datasets/v1"


@dataclass(frozen=True)
class DatasetsSettings:
    """Where the Datasets API is and how to call it; ``api_key`` is never shown in a repr."""

    api_key: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_DATASETS_URL
    timeout: float = 60.0
    retries: int = 5
    rps: float = 1.0

    def __post_init__(self) -> None:
        check_api_url(self.api_url, "--api-url / MENTALMAP_DATASETS_URL")

    @classmethod
    def from_env(cls, **overrides: Any) -> DatasetsSettings:
        """Settings with ``S2_API_KEY`` / ``MENTALMAP_DATASETS_URL`` filled in where not given."""
        values = {k: v for k, v in overrides.items() if v is not None}
        values.setdefault("api_key", os.environ.get("S2_API_KEY") or None)
        values.setdefault(
            "api_url", os.environ.get("MENTALMAP_DATASETS_URL") or DEFAULT_DATASETS_URL
        )
        return cls(**values)


@dataclass(frozen=True)
class Release:
    """A release id and the names of its datasets."""

    release_id: str
    datasets: tuple[str, ...]


class DatasetsClient:
    """An API client (retrying transport) and ``http``, a streaming client for file links."""

    def __init__(
        self, settings: DatasetsSettings, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.settings = settings
        transport = RetryTransport(
            environment_transport(settings.api_url),
            RateLimiter(settings.rps, sleep=sleep),
            max_retries=settings.retries,
            sleep=sleep,
        )
        self._api = httpx.Client(timeout=settings.timeout, transport=transport)
        self.http = httpx.Client(
            timeout=settings.timeout,
            follow_redirects=True,
            transport=environment_transport(settings.api_url),
        )

    def close(self) -> None:
        self._api.close()
        self.http.close()

    def __enter__(self) -> DatasetsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the API -----------------------------------------------------------------------------
    def releases(self) -> list[str]:
        """Every release id, oldest first."""
        return list(self._get("/release/"))

    def release(self, release_id: str = "latest") -> Release:
        """A release (``latest`` resolves to the newest) and its datasets."""
        body = self._get(f"/release/{release_id}", release=release_id)
        return Release(body["release_id"], tuple(d["name"] for d in body.get("datasets", [])))

    def file_links(self, release_id: str, dataset: str) -> list[str]:
        """The pre-signed links to a dataset's shards; needs the API key."""
        if not self.settings.api_key:
            raise ApiKeyMissing(
                "the Datasets API gives file links only with an API key: set S2_API_KEY "
                "(request one at semanticscholar.org/product/api)"
            )
        body = self._get(
            f"/release/{release_id}/dataset/{dataset}",
            release=release_id,
            dataset=dataset,
            key=True,
        )
        return list(body.get("files") or [])

    def _get(
        self,
        path: str,
        *,
        release: str | None = None,
        dataset: str | None = None,
        key: bool = False,
    ) -> Any:
        headers = {"x-api-key": self.settings.api_key} if key and self.settings.api_key else {}
        response = self._api.get(self.settings.api_url.rstrip("/") + path, headers=headers)
        if response.status_code != 200:
            raise self._error(response, release, dataset)
        return response.json()  # the transport retried unparseable bodies

    @staticmethod
    def _error(
        response: httpx.Response, release: str | None, dataset: str | None
    ) -> MentalmapError:
        status = response.status_code
        if status in (401, 403):
            return AuthError(
                "the Datasets API refused the API key (403 Forbidden): check S2_API_KEY "
                "(keys unused for 60 days are pruned)",
                status,
            )
        if status == 404 and dataset is not None:
            return DatasetNotInRelease(f"release {release} has no dataset {dataset!r}")
        if status == 404 and release is not None:
            return UnknownRelease(
                f"the Datasets API has no release {release!r} (see `mentalmap datasets releases`)"
            )
        return ApiError(f"the Datasets API answered {status}: {response.text[:200]}", status)
