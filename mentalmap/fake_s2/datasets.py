"""The fake Datasets API (``/datasets/v1``) and the S3-like file host its links point to.

Serves a folder of releases laid out ``<root>/<release_id>/<dataset>/<shard>`` (as
`mentalmap.datasets.synthetic_release` writes them) with the shapes of s2-api.md §10.1: the
release list, a release's datasets, and a dataset's ``files`` — pre-signed links on loopback that
expire, need no key, and answer ranges (206) with an S3 ``ETag`` (the MD5 of the file). The link
endpoint needs ``x-api-key``; without one it answers API Gateway's 403 (*unverified*: S2 does not
document the no-key answer). ``cut_downloads`` cuts the first N file bodies in half, as a dropped
connection does, to test resuming.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

DATASETS_PREFIX = "/datasets/v1/"
FILES_PREFIX = "/files/"

#: The descriptions the real release gives (s2-api.md §10.2), first line only.
DESCRIPTIONS = {
    "papers": "The core attributes of a paper (title, authors, date, etc.).",
    "citations": "Instances where the bibliography of one paper references another.",
    "abstracts": "Paper abstract text, where allowed by publisher.",
    "tldrs": "TLDR: Extreme Summarization of Scientific Documents.",
    "paper-ids": "Mapping from sha-based ID to S2AG corpus ID.",
}
_README = "Semantic Scholar Academic Graph Datasets (fake, served by mentalmap.fake_s2)\n"


@dataclass(frozen=True)
class Answer:
    """One response: status, body, content type, extra headers; ``cut`` sends half the body."""

    status: int
    body: bytes | Path
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    start: int = 0
    length: int | None = None
    cut: bool = False


def _json(status: int, payload: Any) -> Answer:
    return Answer(status, json.dumps(payload, ensure_ascii=False).encode() + b"\n")


def _s3_error(code: str, message: str) -> Answer:
    body = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
    body += f"<Message>{message}</Message></Error>"
    return Answer(403, body.encode(), "application/xml")


class DatasetsHost:
    """Answers Datasets API and file requests for the releases under ``root``."""

    def __init__(self, root: Path, link_seconds: float = 3600.0, cut_downloads: int = 0) -> None:
        self.root = Path(root)
        self.link_seconds = link_seconds
        self.cut_downloads = cut_downloads
        self._secret = secrets.token_bytes(16)
        self._md5: dict[Path, str] = {}
        self._lock = threading.Lock()

    # --- the API -----------------------------------------------------------------------------
    def releases(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def api(self, path: str, api_key: str | None, base_url: str) -> Answer:
        """``path`` after ``/datasets/v1/``."""
        parts = [p for p in path.split("/") if p]
        if parts == ["release"]:
            return _json(200, self.releases())
        if len(parts) < 2 or parts[0] != "release":
            return _json(404, {"message": "Not Found"})
        release = self._release(parts[1])
        if release is None:
            return _json(404, {"error": f"Release '{parts[1]}' not found"})
        if len(parts) == 2:
            return _json(
                200,
                {
                    "release_id": release.name,
                    "README": _README,
                    "datasets": [
                        {"name": d, "description": self._describe(release, d), "README": _README}
                        for d in self._datasets(release)
                    ],
                },
            )
        if len(parts) == 4 and parts[2] == "dataset":
            if api_key is None:
                return Answer(403, b'{"message":"Forbidden"}\n')
            name = parts[3]
            if name not in self._datasets(release):
                return _json(404, {"error": f"Dataset '{name}' not found"})
            files = sorted(p for p in (release / name).iterdir() if p.is_file())
            return _json(
                200,
                {
                    "name": name,
                    "description": self._describe(release, name),
                    "README": _README,
                    "files": [self._sign(base_url, release.name, name, f.name) for f in files],
                },
            )
        return _json(404, {"message": "Not Found"})

    def _release(self, release_id: str) -> Path | None:
        names = self.releases()
        if release_id == "latest" and names:
            release_id = names[-1]
        path = self.root / release_id
        return path if release_id in names else None

    @staticmethod
    def _datasets(release: Path) -> list[str]:
        return sorted(p.name for p in release.iterdir() if p.is_dir())

    @staticmethod
    def _describe(release: Path, name: str) -> str:
        count = sum(1 for p in (release / name).iterdir() if p.is_file())
        first = DESCRIPTIONS.get(name, f"The {name} dataset.")
        return f"{first}\n{count} files."

    # --- pre-signed links --------------------------------------------------------------------
    def _signature(self, path: str, date: int, expires: int) -> str:
        message = f"{path}\n{date}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _sign(self, base_url: str, release: str, dataset: str, name: str) -> str:
        path = f"{FILES_PREFIX}{release}/{dataset}/{name}"
        date, expires = int(time.time()), round(self.link_seconds)
        signature = self._signature(path, date, expires)
        return (
            f"{base_url}{path}?X-Amz-Date={date}&X-Amz-Expires={expires}"
            f"&X-Amz-Signature={signature}"
        )

    def file(self, path: str, query: str, range_header: str | None) -> Answer:
        """A shard, if the link's signature holds and has not expired; ranges give 206."""
        params = dict(parse_qsl(query))
        try:
            date, expires = int(params["X-Amz-Date"]), int(params["X-Amz-Expires"])  # may be < 0
            good = hmac.compare_digest(
                params["X-Amz-Signature"], self._signature(path, date, expires)
            )
        except (KeyError, ValueError):
            good, date, expires = False, 0, 0
        if not good:
            return _s3_error("SignatureDoesNotMatch", "The request signature does not match")
        if time.time() > date + expires:
            return _s3_error("AccessDenied", "Request has expired")
        target = self.root / path[len(FILES_PREFIX) :]
        if not target.is_file() or not target.resolve().is_relative_to(self.root.resolve()):
            return Answer(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        size = target.stat().st_size
        headers = {"ETag": f'"{self._etag(target)}"', "Accept-Ranges": "bytes"}
        with self._lock:
            cut = self.cut_downloads > 0
            self.cut_downloads -= int(cut)
        start = _range_start(range_header)
        if start is None:
            return Answer(200, target, "binary/octet-stream", headers, 0, size, cut)
        if start >= size:
            headers["Content-Range"] = f"bytes */{size}"
            return Answer(416, b"", "application/xml", headers)
        headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        return Answer(206, target, "binary/octet-stream", headers, start, size - start, cut)

    def _etag(self, path: Path) -> str:
        with self._lock:
            if path not in self._md5:
                digest = hashlib.md5()  # noqa: S324 (S3's ETag is an MD5)
                with path.open("rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
                self._md5[path] = digest.hexdigest()
            return self._md5[path]


def _range_start(header: str | None) -> int | None:
    """The first byte of ``Range: bytes=N-`` (the only form a resuming client sends)."""
    if not header or not header.startswith("bytes="):
        return None
    first = header[len("bytes=") :].split("-", 1)[0]
    return int(first) if first.isdigit() else None
