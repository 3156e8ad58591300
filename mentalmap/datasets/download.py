"""Download a release's shards through the Datasets API: resumable, verified, never twice.

Each shard goes to ``<dir>/<dataset>/<name>.part`` and is renamed to ``<name>`` only once its
size matches what the server announced and its MD5 matches the S3 ``ETag`` (when the ETag is a
plain MD5: multipart uploads have ``-N`` ETags and get the size check only). A broken or
interrupted transfer resumes with a ``Range`` request; a finished shard is recorded in
``<dir>/_download.json`` and never fetched again. Links that expired are asked for again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from mentalmap.datasets.api import DatasetsClient
from mentalmap.datasets.files import read_json, write_json
from mentalmap.datasets.formats import dataset_format
from mentalmap.errors import DatasetNotInRelease, DatasetsError, DownloadError

STATE_FILE = "_download.json"
_MD5 = re.compile(r'^"?([0-9a-f]{32})"?$')
_CHUNK = 1 << 20


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes of the current shard and of the run, and shards done of all."""

    dataset: str
    shard: str
    shard_bytes: int
    shard_size: int | None
    bytes_fetched: int
    files_done: int
    files_total: int


@dataclass
class DownloadResult:
    """What a run did: the release, shards fetched now, shards already there, bytes moved."""

    release_id: str
    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    bytes_fetched: int = 0
    resumed: int = 0


def download_release(
    client: DatasetsClient,
    folder: str | Path,
    datasets: Sequence[str],
    release: str = "latest",
    *,
    progress: Callable[[DownloadProgress], None] | None = None,
    attempts: int = 5,
) -> DownloadResult:
    """Download ``datasets`` of ``release`` into ``folder`` (see the module docstring)."""
    folder = Path(folder)
    for name in datasets:
        dataset_format(name)
    info = client.release(release)
    lacking = [d for d in datasets if d not in info.datasets]
    if lacking:
        raise DatasetNotInRelease(
            f"release {info.release_id} has no {', '.join(lacking)} "
            f"(it has: {', '.join(info.datasets) or 'nothing'})"
        )
    state = read_json(folder / STATE_FILE, {"release_id": info.release_id, "files": {}})
    if state.get("release_id") != info.release_id:
        raise DatasetsError(
            f"{folder} holds release {state.get('release_id')}, not {info.release_id}: "
            "download each release into its own --dir"
        )
    links = {name: client.file_links(info.release_id, name) for name in datasets}
    write_json(folder / STATE_FILE, state)  # claims the folder for this release
    total = sum(len(v) for v in links.values())
    result = DownloadResult(info.release_id)
    done = 0
    for name, urls in links.items():
        book = {_file_name(u): u for u in urls}

        def refresh(shard: str, name: str = name, book: dict[str, str] = book) -> str:
            """New links for the whole dataset once one expired (they were listed together)."""
            book.update({_file_name(u): u for u in client.file_links(info.release_id, name)})
            return book[shard]

        for shard in list(book):
            key = f"{name}/{shard}"
            dest = folder / name / shard
            seen = state["files"].get(key)
            if seen and dest.is_file() and dest.stat().st_size == seen["size"]:
                result.skipped.append(key)
                done += 1
                continue

            def report(
                got: int, size: int | None, name: str = name, shard: str = shard, done: int = done
            ) -> None:
                if progress is not None:
                    fetched = result.bytes_fetched
                    progress(DownloadProgress(name, shard, got, size, fetched, done, total))

            size, md5 = _fetch(client, book[shard], dest, name, refresh, result, report, attempts)
            state["files"][key] = {"size": size, "md5": md5}
            write_json(folder / STATE_FILE, state)
            result.fetched.append(key)
            done += 1
            report(size, size, done=done)
    return result


def _file_name(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if not name or name.startswith(".") or name in ("..", STATE_FILE):
        raise DownloadError(f"the Datasets API gave a file link with no usable name ({name!r})")
    return name


def _fetch(
    client: DatasetsClient,
    url: str,
    dest: Path,
    dataset: str,
    refresh: Callable[[str], str],
    result: DownloadResult,
    report: Callable[[int, int | None], None],
    attempts: int,
) -> tuple[int, str | None]:
    """One shard into ``dest`` via ``dest.part``; returns its size and MD5 (if S3 gave one)."""
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    size: int | None = None
    etag: str | None = None
    refreshed = False
    last = ""
    for _ in range(attempts):
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with client.http.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 403 and not refreshed:  # the pre-signed link expired
                    url = refresh(dest.name)
                    refreshed = True
                    continue
                if status == 416:  # the part is as long as the file, or longer: start over
                    part.unlink(missing_ok=True)
                    last = "HTTP 416"
                    continue
                if status not in (200, 206):
                    last = f"HTTP {status}"
                    if status in (403, 404):
                        break
                    continue
                size, etag = _write_body(response, part, have, result, report)
        except httpx.TransportError as exc:
            last = type(exc).__name__
            continue
        except OSError as exc:
            raise DownloadError(
                f"cannot write {part}: {exc.strerror or exc} (what is downloaded is kept; "
                "free space and rerun)"
            ) from exc
        got = part.stat().st_size
        if size is not None and got < size:
            last = f"{got} of {size} bytes"
            continue
        return _verify(part, dest, size, etag)
    raise DownloadError(f"cannot download {dataset}/{dest.name}: {last}; rerun to resume it")


def _write_body(
    response: httpx.Response,
    part: Path,
    have: int,
    result: DownloadResult,
    report: Callable[[int, int | None], None],
) -> tuple[int | None, str | None]:
    """Append a 206's body to ``part`` (a 200 starts it over); the file's announced size and
    ETag. Bytes are written as stored (no gunzip), so the MD5 check sees S3's bytes."""
    resumed = response.status_code == 206
    size = _announced_size(response, have if resumed else 0)
    result.resumed += int(resumed)
    got = have if resumed else 0
    with part.open("ab" if resumed else "wb") as out:
        for chunk in response.iter_raw():
            out.write(chunk)
            got += len(chunk)
            result.bytes_fetched += len(chunk)
            report(got, size)
    return size, response.headers.get("ETag")


def _announced_size(response: httpx.Response, offset: int) -> int | None:
    content_range = response.headers.get("Content-Range", "")
    if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
        return int(content_range.rsplit("/", 1)[1])
    length = response.headers.get("Content-Length")
    return offset + int(length) if length and length.isdigit() else None


def _verify(part: Path, dest: Path, size: int | None, etag: str | None) -> tuple[int, str | None]:
    got = part.stat().st_size
    if size is not None and got != size:
        part.unlink()
        raise DownloadError(
            f"{dest.parent.name}/{dest.name} has {got} bytes, the server announced {size}; "
            "removed, rerun to fetch it again"
        )
    md5 = None
    match = _MD5.match(etag or "")
    if match:
        digest = hashlib.md5()  # noqa: S324 (S3's ETag is an MD5)
        with part.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
        md5 = digest.hexdigest()
        if md5 != match.group(1):
            part.unlink()
            raise DownloadError(
                f"{dest.parent.name}/{dest.name} failed its checksum (MD5 {md5}, S3 ETag "
                f"{match.group(1)}); removed, rerun to fetch it again"
            )
    os.replace(part, dest)
    return got, md5
