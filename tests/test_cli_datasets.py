"""``mentalmap datasets``: from a (fake) release to a store all commands read; one-line errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.fake_s2 import Corpus, DatasetsHost, FakeS2Server

KEY = "cli-secret-key-42"


@pytest.fixture()
def server(tmp_path):
    root = tmp_path / "releases"
    result = CliRunner().invoke(
        main, ["datasets", "synthetic", "--papers", "600", "--shards", "2", "--dir",
               str(root / "2025-01-07")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "600 papers" in result.output
    with FakeS2Server(Corpus([], []), api_keys=[KEY], datasets=DatasetsHost(root)) as fake:
        yield fake


def _run(args, env=None):
    return CliRunner().invoke(main, args, env=env or {}, catch_exceptions=False)


def test_download_ingest_extract_scores_then_rank(server, tmp_path):
    env = {"S2_API_KEY": KEY, "MENTALMAP_DATASETS_URL": server.datasets_url}
    fast = ["--rps", "0"]
    s2, w, db = tmp_path / "s2", tmp_path / "w", tmp_path / "field.sqlite"
    out = _run(["datasets", "releases", *fast], env)
    assert out.output.split() == ["2025-01-07"]
    out = _run(["datasets", "download", "-q", *fast, "--datasets", "papers,citations,abstracts",
                "--dir", str(s2)], env)  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "release 2025-01-07: 6 shards fetched" in out.output and KEY not in out.output
    again = _run(
        ["datasets", "download", "-q", *fast, "--datasets", "papers", "--dir", str(s2)], env
    )
    assert "0 shards fetched" in again.output and "2 already there" in again.output
    out = _run(["datasets", "ingest", "-q", "--dir", str(s2), "--out", str(w)])
    assert out.exit_code == 0, out.output
    assert "6 shards ingested (papers 600" in out.output and "rows/s" in out.output
    out = _run(["datasets", "extract", "--warehouse", str(w), "--query", "graph",
                "--query-seeds", "2", "--max-papers", "150", "--db", str(db)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.output.startswith("150 papers (depth 0: 2, depth 1:")
    out = _run(["datasets", "scores", "--warehouse", str(w)])
    assert out.exit_code == 0 and "600 papers" in out.output
    out = _run(["rank", "--db", str(db), "--limit", "3"])
    assert out.exit_code == 0, out.output


def test_errors_are_one_line(server, tmp_path):
    env = {"MENTALMAP_DATASETS_URL": server.datasets_url, "S2_API_KEY": ""}
    out = _run(["datasets", "download", "-q", "--rps", "0", "--dir", str(tmp_path / "s2")], env)
    assert out.exit_code == 1
    assert out.output.startswith("Error: the Datasets API gives file links only with an API key")
    assert out.output.count("\n") == 1
    out = _run(
        [
            "datasets",
            "download",
            "-q",
            "--rps",
            "0",
            "--dir",
            str(tmp_path / "s2"),
            "--api-key",
            "wrong",
        ],
        env,
    )
    assert out.exit_code == 1 and "refused the API key" in out.output and "wrong" not in out.output
    env["S2_API_KEY"] = KEY
    _run(["datasets", "download", "-q", "--rps", "0", "--datasets", "papers", "--dir",
          str(tmp_path / "s2")], env)  # fmt: skip
    shard = tmp_path / "s2" / "papers" / "20250107_1"
    shard.write_bytes(shard.read_bytes()[:500])
    out = _run(
        ["datasets", "ingest", "-q", "--dir", str(tmp_path / "s2"), "--out", str(tmp_path / "w")]
    )
    assert out.exit_code == 1 and out.output.count("\n") == 1
    assert f"shard {shard} is" in out.output and "other shards were ingested" in out.output
    out = _run(["datasets", "extract", "--warehouse", str(tmp_path / "w"), "--db",
                str(tmp_path / "x.sqlite")])  # fmt: skip
    assert out.exit_code == 1 and "give seed ids or a --query" in out.output
