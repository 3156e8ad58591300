"""``mentalmap crawl`` as a user runs it: a real process, real kills, real exit codes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentalmap.cli import main
from mentalmap.fake_s2 import Faults

from crawl_corpus import SEED, default_sigint, dump_store, make_corpus

KEY = "s2k-cli-SECRET-777"


@pytest.fixture(scope="module")
def corpus():
    # responses capped at 300 nested items: a crawl of ~130 calls, cut lists re-read
    return make_corpus(n_refs=20, n_cites=1500, batch_nested_cap=300)


def mentalmap_process(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mentalmap", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=default_sigint,
    )


def wait_until_crawling(
    proc: subprocess.Popen, db: Path, timeout: float = 60, table: str = "lists"
) -> bool:
    """Block until the crawl has written its first rows of ``table`` (imports can be slow on a
    busy box)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                if conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0:  # noqa: S608
                    return True
        except sqlite3.Error:
            pass  # not created yet, or mid-migration
        time.sleep(0.05)
    return False


def crawl_args(server, db: Path) -> list[str]:
    return ["crawl", SEED, "--db", str(db), "--api-url", server.url, "--depth", "2",
            "--max-papers", "600", "--rps", "0", "-q"]  # fmt: skip


def test_sigkill_at_any_moment_then_rerun_gives_the_uninterrupted_store(
    corpus, fake_s2_factory, tmp_path
) -> None:
    # Each request takes ~15 ms, so a crawl lasts a few seconds and kills land mid-way.
    server = fake_s2_factory(corpus, faults=Faults(rate_slow=1.0, slow_seconds=0.02))
    reference = tmp_path / "reference.sqlite"
    done = mentalmap_process(*crawl_args(server, reference))
    assert done.wait(120) == 0, done.stderr.read()

    killed = tmp_path / "killed.sqlite"
    rng = random.Random(1234)
    kills = 0
    for _ in range(6):
        proc = mentalmap_process(*crawl_args(server, killed))
        if not wait_until_crawling(proc, killed):
            break
        time.sleep(rng.uniform(0.0, 1.0))
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        kills += 1
    assert kills >= 3, "the crawl finished before it could be killed; slow the server down"
    final = mentalmap_process(*crawl_args(server, killed))
    assert final.wait(120) == 0, final.stderr.read()
    assert dump_store(killed) == dump_store(reference)


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(corpus, faults=Faults(rate_slow=1.0, slow_seconds=0.02))
    db = tmp_path / "s.sqlite"
    proc = mentalmap_process(*crawl_args(server, db))
    assert wait_until_crawling(proc, db)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "run the same command again to resume" in err
    assert "Traceback" not in err
    resumed = mentalmap_process(*crawl_args(server, db))
    assert resumed.wait(120) == 0


def test_sigterm_stops_cleanly_and_says_how_to_resume(corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(corpus, faults=Faults(rate_slow=1.0, slow_seconds=0.02))
    db = tmp_path / "s.sqlite"
    proc = mentalmap_process(*crawl_args(server, db))
    assert wait_until_crawling(proc, db)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "run the same command again to resume" in err and "Traceback" not in err


def test_a_second_crawl_of_a_store_is_refused_while_one_runs(
    corpus, fake_s2_factory, tmp_path
) -> None:
    server = fake_s2_factory(corpus, faults=Faults(rate_slow=1.0, slow_seconds=0.02))
    db = tmp_path / "s.sqlite"
    first = mentalmap_process(*crawl_args(server, db))
    assert wait_until_crawling(first, db)
    second = mentalmap_process(*crawl_args(server, db))
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"another crawl (pid {first.pid}) is writing" in err and "Traceback" not in err
    assert first.wait(120) == 0  # the first crawl is untouched and ends normally
    again = mentalmap_process(*crawl_args(server, db))  # the lock went with the process
    assert again.wait(60) == 0


def test_reads_of_a_store_keep_working_while_a_crawl_writes_it(
    corpus, fake_s2_factory, tmp_path
) -> None:
    # slow enough that three reads fit in the crawl (reads no longer hold a write lock that
    # slowed the crawl down: they open the store read-only)
    server = fake_s2_factory(corpus, faults=Faults(rate_slow=1.0, slow_seconds=0.15))
    db = tmp_path / "s.sqlite"
    crawl = mentalmap_process(*crawl_args(server, db), "--no-map")
    assert wait_until_crawling(crawl, db, table="papers")
    reads = [
        ["rank", "--limit", "5", "--db", str(db)],
        ["export", "--format", "json", "--out", str(tmp_path / "x"), "--db", str(db)],
        ["authors", "--limit", "3", "--db", str(db)],
    ]
    for args in reads:
        read = mentalmap_process(*args)
        _out, err = read.communicate(timeout=120)
        assert read.returncode == 0, (args, err)
    assert crawl.poll() is None, "the crawl ended before the reads: slow the server down"
    assert crawl.wait(180) == 0, crawl.stderr.read()


def test_malformed_id_exits_2_with_one_line_and_writes_nothing(tmp_path) -> None:
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(main, ["crawl", "1706.03762", "not-an-id", "--db", str(db)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: malformed paper id 'not-an-id'")
    assert not db.exists()


def test_unknown_seed_is_named_and_the_rest_crawls(corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(corpus)
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(
        main,
        [
            "crawl",
            "DOI:10.9999/unknown",
            SEED,
            "--db",
            str(db),
            "--api-url",
            server.url,
            "--rps",
            "0",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "DOI:10.9999/unknown is not on Semantic Scholar" in result.output
    # the default budget, closed: citations among the papers, and the links kept outside
    assert "300 papers, " in result.output and " citations among them in " in result.output
    assert "links to papers outside the map kept as candidates" in result.output
    html = tmp_path / "s.html"  # the crawl ends by writing the map beside the store
    assert f"Map: {html}" in result.output
    assert "The seed paper" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content",
    [b"garbage, not sqlite" * 100, None],
    ids=["corrupt", "foreign"],
)
def test_corrupt_or_foreign_db_is_one_clear_error(content, tmp_path) -> None:
    db = tmp_path / "s.sqlite"
    if content is None:
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE t (x)")
    else:
        db.write_bytes(content)
    result = CliRunner().invoke(main, ["crawl", SEED, "--db", str(db), "--api-url",
                                       "http://127.0.0.1:9/graph/v1"])  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert str(db) in result.output


def test_server_errors_that_outlast_retries_lose_nothing(corpus, fake_s2_factory, tmp_path) -> None:
    # The first calls succeed, then the service goes down for good.
    script = ["ok"] * 2 + ["500"] * 200
    server = fake_s2_factory(corpus, faults=Faults(script=script))
    db = tmp_path / "s.sqlite"
    args = ["crawl", SEED, "--db", str(db), "--api-url", server.url, "--rps", "0",
            "--retries", "1", "--api-key", KEY]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Error: gave up" in result.output and "saved" in result.output
    assert KEY not in result.output
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT COUNT(*) FROM lists").fetchone()[0]
        papers = conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    assert papers >= 1 and pages >= 1  # the seed and what was fetched before the outage
    healthy = fake_s2_factory(corpus)
    args[args.index(server.url)] = healthy.url
    again = CliRunner().invoke(main, [*args, "--no-map"])
    assert again.exit_code == 0, again.output
    assert "300 papers, " in again.output


def test_bad_key_message_does_not_echo_the_key(corpus, fake_s2_factory, tmp_path) -> None:
    server = fake_s2_factory(corpus, api_keys={"good"})
    result = CliRunner().invoke(
        main,
        ["crawl", SEED, "--db", str(tmp_path / "s.sqlite"), "--api-url", server.url],
        env={"S2_API_KEY": KEY},
    )
    assert result.exit_code == 1
    assert "refused the API key" in result.output and KEY not in result.output


def test_crawl_from_surveys_seeds_with_the_topics_surveys(fake_s2_factory, tmp_path) -> None:
    from mentalmap.graph import load_papers, load_seeds
    from mentalmap.synthetic import generate_field

    field = generate_field(n_papers=800, seed=2)
    truth = field.truth
    topic = truth[truth.role == "survey"].topic_name.iloc[0]
    server = fake_s2_factory(field.to_corpus())
    db = tmp_path / "s.sqlite"
    result = CliRunner().invoke(
        main,
        [
            "crawl",
            "--from-surveys",
            topic,
            "--top",
            "2",
            "--direction",
            "back",
            "--db",
            str(db),
            "--api-url",
            server.url,
            "--rps",
            "0",
            "--no-map",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    seeds = load_seeds(db)
    assert 1 <= len(seeds) <= 2
    papers = load_papers(db)
    for seed in seeds:
        assert "Review" in papers.loc[seed, "publicationTypes"]
        assert truth.loc[seed, "role"] == "survey"
    assert len(papers) > 50  # the surveys' references came with them
    assert any("/paper/search" in r.path for r in server.requests)


def test_crawl_needs_a_seed_or_a_topic(tmp_path) -> None:
    result = CliRunner().invoke(main, ["crawl", "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2
    assert "--from-surveys" in result.output
