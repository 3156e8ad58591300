"""A loopback HTTP server that answers like ``api.semanticscholar.org/graph/v1``.

It serves a :class:`~mentalmap.fake_s2.corpus.Corpus` with the real routes, status codes, bodies
and CloudFront-style headers, and plays the faults of a :class:`~mentalmap.fake_s2.faults.Faults`
plan, so the real HTTP client can be tested end to end without the network (style guide rule 11).
Every request is logged, with the ``x-api-key`` it carried, for tests to assert on.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from mentalmap.fake_s2.corpus import Corpus, CorpusHTTPError
from mentalmap.fake_s2.datasets import DATASETS_PREFIX, FILES_PREFIX, Answer, DatasetsHost
from mentalmap.fake_s2.faults import ERROR_BODIES, Faults

PREFIX = "/graph/v1/"
_SEARCH_FILTERS = (
    "year",
    "publicationDateOrYear",
    "publicationTypes",
    "openAccessPdf",
    "minCitationCount",
    "venue",
    "fieldsOfStudy",
)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it, and what it answered (``status`` None: dropped)."""

    method: str
    path: str
    query: str
    params: dict[str, str]
    api_key: str | None
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    status: int | None
    fault: str

    @property
    def has_api_key(self) -> bool:
        """Whether an ``x-api-key`` header was sent at all."""
        return self.api_key is not None


def _success(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode() + b"\n"


def _compact(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeS2Server

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, closed socket) is normal here; anything else is not."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms ACK stall
    server: _HTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.fake._handle(self, "GET")

    def do_POST(self) -> None:  # noqa: N802
        self.server.fake._handle(self, "POST")

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: tests read ``FakeS2Server.requests`` instead."""


class FakeS2Server:
    """The fake Graph API on ``127.0.0.1``; a context manager that starts and stops it.

    ``api_keys``: when given, a request whose ``x-api-key`` is not among them gets the real 403
    (no key at all is the anonymous pool and is allowed). ``port`` 0 picks a free port.
    ``datasets``: also serve the Datasets API and its shard files (`fake_s2.datasets`).
    """

    def __init__(
        self,
        corpus: Corpus,
        faults: Faults | None = None,
        api_keys: Iterable[str] | None = None,
        *,
        port: int = 0,
        datasets: DatasetsHost | None = None,
    ) -> None:
        self.corpus = corpus
        self.datasets = datasets
        self.faults = faults
        self.api_keys = None if api_keys is None else frozenset(api_keys)
        self._port = port
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeS2Server:
        """Bind and serve in a background thread; returns self."""
        if self._server is not None:
            return self
        server = _HTTPServer(("127.0.0.1", self._port), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (requests still sleeping are abandoned)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeS2Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake server is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The Graph API base URL, e.g. ``http://127.0.0.1:PORT/graph/v1``."""
        return f"http://127.0.0.1:{self.port}/graph/v1"

    @property
    def datasets_url(self) -> str:
        """The Datasets API base URL, e.g. ``http://127.0.0.1:PORT/datasets/v1``."""
        return f"http://127.0.0.1:{self.port}/datasets/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # --- one request -------------------------------------------------------------------------
    def _handle(self, handler: _Handler, method: str) -> None:
        raw_path, _, query = handler.path.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True))
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        api_key = handler.headers.get("x-api-key")
        if self.datasets is not None and raw_path.startswith((DATASETS_PREFIX, FILES_PREFIX)):
            self._handle_datasets(handler, method, raw_path, query, params, body, api_key)
            return
        fault = "ok"
        extra: dict[str, str] = {}
        forbidden = self.api_keys is not None and api_key is not None
        forbidden = forbidden and api_key not in self.api_keys  # type: ignore[operator]
        status: int | None
        if forbidden:
            status, payload = 403, b'{"message":"Forbidden"}'
        else:
            if self.faults is not None:
                fault = self.faults.decide(api_key)
            status, payload, extra = self._answer(fault, method, raw_path, params, body)
        # Logged before answering, so a client that has its answer always finds it in the log.
        record = RecordedRequest(
            method=method,
            path=unquote(raw_path),
            query=query,
            params=params,
            api_key=api_key,
            headers=dict(handler.headers.items()),
            body=body,
            status=status,
            fault=fault,
        )
        with self._lock:
            self._requests.append(record)
        if status is None:
            handler.close_connection = True  # "drop": no response at all
            return
        if fault == "slow" and self.faults is not None:
            time.sleep(self.faults.slow_seconds)
        self._send(handler, status, payload, forbidden=forbidden, extra=extra)

    def _handle_datasets(
        self,
        handler: _Handler,
        method: str,
        raw_path: str,
        query: str,
        params: dict[str, str],
        body: bytes,
        api_key: str | None,
    ) -> None:
        """The Datasets API (a wrong key gets 403 as on the Graph API) and the file host."""
        assert self.datasets is not None
        path = unquote(raw_path)
        on_api = path.startswith(DATASETS_PREFIX)
        forbidden = on_api and self.api_keys is not None and api_key is not None
        forbidden = forbidden and api_key not in self.api_keys  # type: ignore[operator]
        if forbidden:
            answer = Answer(403, b'{"message":"Forbidden"}')
        elif method != "GET":
            answer = Answer(405, b'{"message":"Method Not Allowed"}')
        elif on_api:
            base = f"http://127.0.0.1:{self.port}"
            answer = self.datasets.api(path[len(DATASETS_PREFIX) :], api_key, base)
        else:
            answer = self.datasets.file(path, query, handler.headers.get("Range"))
        record = RecordedRequest(
            method=method,
            path=path,
            query=query,
            params=params,
            api_key=api_key,
            headers=dict(handler.headers.items()),
            body=body,
            status=answer.status,
            fault="cut" if answer.cut else "ok",
        )
        with self._lock:
            self._requests.append(record)
        if isinstance(answer.body, bytes):
            headers = {**answer.headers, "Content-Type": answer.content_type}
            self._send(handler, answer.status, answer.body, forbidden=forbidden, extra=headers)
            return
        self._send_file(handler, answer)

    @staticmethod
    def _send_file(handler: _Handler, answer: Answer) -> None:
        """Stream (part of) a shard as S3 does; a ``cut`` answer stops halfway and hangs up."""
        assert isinstance(answer.body, Path) and answer.length is not None
        handler.send_response(answer.status)
        handler.send_header("Content-Type", answer.content_type)
        handler.send_header("Content-Length", str(answer.length))
        handler.send_header("Server", "AmazonS3")
        handler.send_header("x-amz-request-id", uuid.uuid4().hex[:16].upper())
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        remaining = answer.length // 2 if answer.cut else answer.length
        with answer.body.open("rb") as source:
            source.seek(answer.start)
            while remaining > 0:
                chunk = source.read(min(1 << 20, remaining))
                if not chunk:
                    break
                handler.wfile.write(chunk)
                remaining -= len(chunk)
        if answer.cut:
            handler.wfile.flush()
            handler.close_connection = True

    def _answer(
        self, fault: str, method: str, raw_path: str, params: dict[str, str], body: bytes
    ) -> tuple[int | None, bytes, dict[str, str]]:
        """Status, body and extra headers for one request under one fault outcome."""
        if fault == "drop":
            return None, b"", {}
        if fault.isdigit():
            status = int(fault)
            headers = {}
            if status == 429 and self.faults is not None and self.faults.retry_after is not None:
                headers["Retry-After"] = f"{self.faults.retry_after:g}"
            return status, ERROR_BODIES[status], headers
        status, payload = self._dispatch(method, raw_path, params, body)
        if fault == "truncated" and status == 200:
            payload = payload[: max(1, len(payload) // 2)]
        return status, payload, {}

    def _dispatch(
        self, method: str, raw_path: str, params: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        """Route one request to the corpus; errors become the service's error bodies."""
        path = unquote(raw_path)
        try:
            if not path.startswith(PREFIX):
                return 404, _compact({"message": "Not Found"})
            return 200, _success(self._route(method, path[len(PREFIX) :], params, body))
        except CorpusHTTPError as exc:
            return exc.status, _compact(exc.body)

    def _route(self, method: str, rest: str, params: dict[str, str], body: bytes) -> Any:
        corpus = self.corpus
        fields = params.get("fields")
        if method == "POST":
            if rest != "paper/batch":
                raise CorpusHTTPError(404, {"message": "Not Found"})
            try:
                ids = json.loads(body or b"{}").get("ids")
            except (ValueError, AttributeError):
                raise CorpusHTTPError(400, {"error": "Request body is not valid JSON"}) from None
            return corpus.batch(ids, fields)
        filters = {k: params[k] for k in _SEARCH_FILTERS if k in params}
        if rest == "paper/search":
            return corpus.search(
                params.get("query", ""),
                fields,
                params.get("offset", 0),
                params.get("limit", 100),
                **filters,
            )
        if rest == "paper/search/match":
            return corpus.match(params.get("query", ""), fields)
        if rest == "paper/search/bulk":
            return corpus.search_bulk(
                params.get("query"), fields, params.get("token"), params.get("sort"), **filters
            )
        if rest.startswith("paper/") and len(rest) > len("paper/"):
            paper_id = rest[len("paper/") :]
            for direction in ("references", "citations"):
                if paper_id.endswith("/" + direction):
                    return corpus.page(
                        paper_id[: -len(direction) - 1],
                        direction,
                        params.get("offset", 0),
                        params.get("limit", 100),
                        fields,
                        params.get("publicationDateOrYear") if direction == "citations" else None,
                    )
            return corpus.get_paper(paper_id, fields)
        raise CorpusHTTPError(404, {"message": "Not Found"})

    @staticmethod
    def _send(
        handler: _Handler,
        status: int,
        payload: bytes,
        *,
        forbidden: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        """Write a response with the headers CloudFront and API Gateway add (s2-api.md §1)."""
        extra = dict(extra or {})
        handler.send_response(status)
        handler.send_header("Content-Type", extra.pop("Content-Type", "application/json"))
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("Access-Control-Allow-Origin", "*")
        handler.send_header("Via", f"1.1 {uuid.uuid4().hex}.cloudfront.net (CloudFront)")
        handler.send_header("X-Amz-Cf-Id", uuid.uuid4().hex)
        handler.send_header("X-Amz-Cf-Pop", "LOCAL-P1")
        handler.send_header(
            "X-Cache", "Miss from cloudfront" if status < 400 else "Error from cloudfront"
        )
        handler.send_header("x-amz-apigw-id", uuid.uuid4().hex[:16])
        handler.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if forbidden:
            handler.send_header("x-amzn-ErrorType", "ForbiddenException")
        else:
            handler.send_header("x-amzn-Remapped-Server", "gunicorn")
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)
