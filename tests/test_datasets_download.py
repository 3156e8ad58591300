"""Downloads through the fake Datasets API: resumable, verified, never twice, key kept secret."""

from __future__ import annotations

import logging

import pytest

from mentalmap.datasets.api import DatasetsClient, DatasetsSettings
from mentalmap.datasets.download import STATE_FILE, download_release
from mentalmap.datasets.ingest import ingest
from mentalmap.datasets.synthetic_release import write_release
from mentalmap.errors import (
    ApiKeyMissing,
    AuthError,
    DatasetNotInRelease,
    DatasetsError,
    DownloadError,
    UnknownRelease,
)
from mentalmap.fake_s2 import Corpus, DatasetsHost, FakeS2Server
from mentalmap.synthetic import generate_field

KEY = "test-key-0123456789"
RELEASE = "2025-01-07"


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    root = tmp_path_factory.mktemp("releases")
    write_release(generate_field(400, seed=9), root / RELEASE, shards=2)
    (root / "2024-12-31" / "papers").mkdir(parents=True)  # an older, smaller release
    return root


@pytest.fixture()
def serve(releases):
    servers = []

    def start(**host_options):
        host = DatasetsHost(releases, **host_options)
        server = FakeS2Server(Corpus([], []), api_keys=[KEY], datasets=host).start()
        servers.append(server)
        return server, host

    yield start
    for server in servers:
        server.stop()


def _client(server, key=KEY):
    return DatasetsClient(
        DatasetsSettings(api_key=key, api_url=server.datasets_url, retries=1, rps=0),
        sleep=lambda s: None,
    )


def _file_requests(server):
    return [r for r in server.requests if r.path.startswith("/files/")]


def test_download_gives_the_release_bytes_and_never_fetches_twice(serve, releases, tmp_path):
    server, _ = serve()
    result = download_release(_client(server), tmp_path, ["papers", "citations"])
    assert result.release_id == RELEASE  # "latest"
    assert len(result.fetched) == 4 and result.resumed == 0
    for key in result.fetched:
        assert (tmp_path / key).read_bytes() == (releases / RELEASE / key).read_bytes()
    assert ingest(tmp_path, tmp_path / "w").rows["papers"] == 400
    server.clear_requests()
    again = download_release(_client(server), tmp_path, ["papers", "citations"])
    assert again.skipped == result.fetched and not again.fetched
    assert _file_requests(server) == []


def test_broken_transfers_resume_with_a_range(serve, releases, tmp_path):
    server, _ = serve(cut_downloads=3)
    result = download_release(_client(server), tmp_path, ["citations"])
    assert result.resumed >= 2
    ranges = [r.headers.get("Range") for r in _file_requests(server)]
    assert ranges[0] is None and ranges[1].startswith("bytes=") and ranges[1] != "bytes=0-"
    for key in result.fetched:
        assert (tmp_path / key).read_bytes() == (releases / RELEASE / key).read_bytes()
    assert not list(tmp_path.rglob("*.part"))


def test_a_killed_download_resumes_from_its_part_file(serve, releases, tmp_path):
    server, _ = serve()
    source = (releases / RELEASE / "papers" / "20250107_0").read_bytes()
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "20250107_0.part").write_bytes(source[:1000])
    download_release(_client(server), tmp_path, ["papers"])
    first = _file_requests(server)[0]
    assert first.headers.get("Range") == "bytes=1000-" and first.status == 206
    assert (tmp_path / "papers" / "20250107_0").read_bytes() == source


def test_a_damaged_part_fails_the_checksum_and_restarts_next_run(serve, releases, tmp_path):
    server, _ = serve()
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "20250107_0.part").write_bytes(b"x" * 1000)
    with pytest.raises(DownloadError, match="papers/20250107_0 failed its checksum"):
        download_release(_client(server), tmp_path, ["papers"])
    assert not (tmp_path / "papers" / "20250107_0.part").exists()
    assert not (tmp_path / "papers" / "20250107_0").exists()
    download_release(_client(server), tmp_path, ["papers"])
    source = releases / RELEASE / "papers" / "20250107_0"
    assert (tmp_path / "papers" / "20250107_0").read_bytes() == source.read_bytes()


def test_expired_links_are_asked_for_again(serve, tmp_path):
    server, host = serve(link_seconds=-60)
    client = _client(server)
    listed = client.file_links

    def list_then_heal(*args):
        links = listed(*args)
        host.link_seconds = 3600
        return links

    client.file_links = list_then_heal
    download_release(client, tmp_path, ["papers"])
    statuses = [r.status for r in _file_requests(server)]
    assert statuses[0] == 403 and statuses[1:] == [200, 200]


def test_the_key_is_required_checked_and_never_written(serve, tmp_path, caplog):
    server, _ = serve()
    with pytest.raises(ApiKeyMissing, match="S2_API_KEY"):
        download_release(_client(server, key=None), tmp_path, ["papers"])
    assert not [r for r in server.requests if "/dataset/" in r.path]
    with pytest.raises(AuthError, match="refused the API key"):
        download_release(_client(server, key="revoked"), tmp_path, ["papers"])
    caplog.set_level(logging.DEBUG)
    download_release(_client(server), tmp_path, ["papers", "tldrs"])
    assert KEY not in caplog.text
    assert KEY not in repr(_client(server).settings)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    link_requests = [r for r in server.requests if "/dataset/" in r.path and r.status == 200]
    assert link_requests and all(r.api_key == KEY for r in link_requests)
    assert all(r.api_key is None for r in _file_requests(server))  # links carry no key


def test_a_key_revoked_between_runs_loses_nothing(serve, releases, tmp_path):
    server, _ = serve()
    first = download_release(_client(server), tmp_path, ["papers"])
    server.api_keys = frozenset({"the-new-key"})  # the old key was revoked
    with pytest.raises(AuthError, match="refused the API key") as info:
        download_release(_client(server), tmp_path, ["papers", "citations"])
    assert "\n" not in str(info.value) and KEY not in str(info.value)
    for key in first.fetched:  # what was downloaded stays, recorded
        assert (tmp_path / key).read_bytes() == (releases / RELEASE / key).read_bytes()
    again = download_release(_client(server, key="the-new-key"), tmp_path, ["papers", "citations"])
    assert again.skipped == first.fetched and len(again.fetched) == 2


def test_a_full_disk_keeps_the_part_and_the_next_run_resumes(
    serve, releases, tmp_path, monkeypatch
):
    import errno
    import pathlib

    server, _ = serve()
    real_open = pathlib.Path.open

    class Full:
        """A part file that takes 1,000 bytes, then the disk is full."""

        def __init__(self, handle):
            self.handle, self.room = handle, 1000

        def write(self, chunk):
            if len(chunk) > self.room:
                self.handle.write(chunk[: self.room])
                self.room = 0
                raise OSError(errno.ENOSPC, "No space left on device")
            self.room -= len(chunk)
            return self.handle.write(chunk)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    def open_full(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        return Full(handle) if self.name.endswith(".part") and "w" in mode else handle

    with monkeypatch.context() as patch:
        patch.setattr(pathlib.Path, "open", open_full)
        with pytest.raises(DownloadError, match="No space left on device .what is downloaded is "):
            download_release(_client(server), tmp_path, ["papers"])
    part = tmp_path / "papers" / "20250107_0.part"
    assert part.stat().st_size == 1000
    server.clear_requests()
    download_release(_client(server), tmp_path, ["papers"])
    assert _file_requests(server)[0].headers.get("Range") == "bytes=1000-"
    for shard in ("20250107_0", "20250107_1"):
        source = (releases / RELEASE / "papers" / shard).read_bytes()
        assert (tmp_path / "papers" / shard).read_bytes() == source


def test_bad_releases_and_datasets_are_named(serve, tmp_path):
    server, _ = serve()
    with pytest.raises(DatasetNotInRelease, match="2024-12-31 has no citations .it has: papers"):
        download_release(_client(server), tmp_path, ["papers", "citations"], "2024-12-31")
    with pytest.raises(UnknownRelease, match="1999-01-01"):
        download_release(_client(server), tmp_path, ["papers"], "1999-01-01")
    with pytest.raises(DatasetsError, match="reads papers"):
        download_release(_client(server), tmp_path, ["embeddings"])
    download_release(_client(server), tmp_path, ["papers"], "2024-12-31")
    with pytest.raises(DatasetsError, match="holds release 2024-12-31, not 2025-01-07"):
        download_release(_client(server), tmp_path, ["papers"])
    assert (tmp_path / STATE_FILE).exists()


def test_the_fake_api_answers_in_the_recorded_shapes(serve, shared_data):
    """Release and dataset bodies have the keys of S2's recorded answers (s2-api.md §10.1)."""
    import json

    import httpx

    recorded = shared_data / "s2-recorded-responses"
    server, _ = serve()
    release = httpx.get(f"{server.datasets_url}/release/latest").json()
    real_release = json.loads((recorded / "Release.json").read_text())
    assert set(release) == set(real_release)
    assert set(release["datasets"][0]) == set(real_release["datasets"][0])
    dataset = httpx.get(
        f"{server.datasets_url}/release/{RELEASE}/dataset/papers", headers={"x-api-key": KEY}
    ).json()
    real_dataset = json.loads((recorded / "Dataset.json").read_text())
    assert set(dataset) == set(real_dataset)
    assert all(isinstance(u, str) and u.startswith("http://127.0.0.1") for u in dataset["files"])
    assert httpx.get(f"{server.datasets_url}/release/").json() == ["2024-12-31", RELEASE]
    no_key = httpx.get(f"{server.datasets_url}/release/{RELEASE}/dataset/papers")
    assert no_key.status_code == 403
