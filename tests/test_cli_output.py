"""The output conventions of every listing command (issue 16 item 3), through the real CLI.

Ids in tables (one can be pasted into ``mentalmap read``), one ``--format
table|csv|json|jsonl``, ``--out -`` for stdout, plain tables when stdout is not a terminal,
``NO_COLOR`` honoured, and text from S2 inert in each of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hostile import ESC
from plain_table import plain_rows

from mentalmap.cli import main
from mentalmap.cli.options import OUTPUT_FORMATS
from mentalmap.safe_text import FORMULA_STARTS

from cli_docs import command_contexts

BOX = set("┏┃━│└┡╇┩")


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def a_paper(db: Path) -> str:
    return json.loads(run("rank", "--db", str(db), "--format", "json", "--limit", "1").stdout)[0][
        "paperId"
    ]


# --- ids in tables ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "header", "id_column"),
    [
        (["rank", "--limit", "5"], "#", "paperId"),
        (["reading-list", "--size", "5"], "#", "paperId"),
        (["authors", "--limit", "5"], "author", "its paperId"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_a_table_shows_paper_ids_that_read_accepts(
    demo_db: Path, command: list[str], header: str, id_column: str
) -> None:
    rows = plain_rows(run(*command, "--db", str(demo_db)).stdout, header)
    assert rows and all(len(r[id_column]) == 40 for r in rows)  # whole, never cut
    logged = run("read", rows[0][id_column], "--pass", "1", "--db", str(demo_db))
    assert "1 entry in the log" in logged.output


def test_the_predict_reveal_shows_each_paper_id(demo_db: Path) -> None:
    out = run("predict", "--db", str(demo_db), "--as-of", "2016", "--reveal", "--top", "3").stdout
    lines = [line for line in out.splitlines() if " cites" in line and "[" in line]
    assert len(lines) == 3
    for line in lines:
        pid = line.rsplit("(", 1)[1].rstrip(")")
        run("read", pid, "--pass", "1", "--db", str(demo_db))


# --- one --format ----------------------------------------------------------------------------
LISTING = [
    (ctx.command_path, command)
    for command, ctx in command_contexts()
    if any(p.name == "fmt" for p in command.params) and ctx.command_path != "mentalmap export"
]


def test_every_listing_command_shares_the_format_choices() -> None:
    names = {path for path, _ in LISTING}
    assert {"mentalmap rank", "mentalmap reading-list", "mentalmap authors", "mentalmap notes",
            "mentalmap similar", "mentalmap path", "mentalmap surveys"} <= names  # fmt: skip
    for path, command in LISTING:
        option = next(p for p in command.params if p.name == "fmt")
        assert isinstance(option.type, click.Choice)
        assert list(option.type.choices[: len(OUTPUT_FORMATS)]) == list(OUTPUT_FORMATS), path


def _listings(db: Path) -> dict[str, list[str]]:
    seed = a_paper(db)
    run("read", seed, "--pass", "2", "--note", "a note", "--db", str(db))
    tied = json.loads(run("similar", seed, "--db", str(db), "--format", "json").stdout)
    other = next(t for t in tied if not t["link"])  # two citations apart: papers between
    return {
        "rank": ["rank", "--limit", "7"],
        "reading-list": ["reading-list", "--size", "6"],
        "authors": ["authors", "--limit", "4"],
        "similar": ["similar", seed, "--top", "5"],
        "path": ["path", seed, other["paperId"]],
        "notes": ["notes"],
    }


def test_csv_json_and_jsonl_hold_the_same_records(demo_db: Path) -> None:
    for name, command in _listings(demo_db).items():
        base = [*command, "--db", str(demo_db), "--format"]
        records = json.loads(run(*base, "json").stdout)
        lines = run(*base, "jsonl").stdout.splitlines()
        assert records and [json.loads(line) for line in lines] == records, name
        rows = list(csv.DictReader(io.StringIO(run(*base, "csv").stdout)))
        key = "top_paper_id" if name == "authors" else "paperId"
        assert [r[key] for r in rows] == [r[key] for r in records], name
        table = run(*base, "table").stdout
        assert all(r[key] in table for r in records), name


def test_notes_keeps_its_markdown_default_and_lists_like_the_others(demo_db: Path) -> None:
    run("read", a_paper(demo_db), "--pass", "2", "--note", "kept", "--db", str(demo_db))
    assert run("notes", "--db", str(demo_db)).stdout.startswith("# Reading notes")
    (entry,) = plain_rows(run("notes", "--db", str(demo_db), "--format", "table").stdout, "read at")
    assert entry["note"] == "kept" and entry["pass"] == "2"


# --- --out - ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "starts"),
    [
        (["reading-list", "--format", "csv"], "order,"),
        (["reading-list", "--format", "markdown"], "# Reading list"),
        (["notes"], "# Reading notes"),
        (["map", "--top", "20"], "<!DOCTYPE html>"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else None,
)
def test_out_dash_writes_to_stdout_and_no_file_named_dash(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], starts: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command, "--db", str(demo_db), "--out", "-")
    assert result.stdout.lstrip().startswith(starts)
    assert "Wrote" not in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "csv"], ["predict", "--as-of", "2016"], ["demo", "--size", "200"]],
    ids=lambda c: c[0],
)
def test_out_dash_where_no_text_goes_is_bad_usage(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    db = [] if command[0] == "demo" else ["--db", str(demo_db)]
    result = run(*command, *db, "--out", "-", ok=False)
    assert result.exit_code == 2 and "`-` (stdout) is for text output" in result.output
    assert not (tmp_path / "-").exists()


def test_a_file_out_is_the_plain_table_written_whole(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.txt"
    result = run("reading-list", "--db", str(demo_db), "--size", "5", "--out", str(out))
    assert result.stdout == "" and f"to {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert not BOX & set(text) and plain_rows(text, "#")


# --- a terminal, a pipe, NO_COLOR ------------------------------------------------------------
def _cli(args: list[str], tty: bool, env: dict[str, str] | None = None) -> bytes:
    """stdout of ``mentalmap ARGS`` in a fresh process, on a pseudo-terminal or a pipe."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update({"COLUMNS": "160", "TERM": "xterm-256color", **(env or {})})
    command = [sys.executable, "-m", "mentalmap", *args]
    if not tty:
        return subprocess.run(command, capture_output=True, env=environ, check=True).stdout
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL, env=environ)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks)


def test_a_pipe_gets_a_plain_table_a_terminal_a_drawn_one(hostile_db) -> None:
    db, _ = hostile_db
    args = ["rank", "--db", str(db), "--limit", "10"]
    piped = _cli(args, tty=False).decode()
    assert not BOX & set(piped) and ESC not in piped
    assert len(plain_rows(piped, "#")) == 10
    drawn = _cli(args, tty=True).decode()
    assert BOX & set(drawn) and "\x1b[" in drawn  # rich styles the header
    assert "\x1b]" not in drawn and "\x1b[2J" not in drawn  # no escape from a title got through


def test_no_color_leaves_no_escape_sequence_on_a_terminal(hostile_db) -> None:
    db, _ = hostile_db
    drawn = _cli(["rank", "--db", str(db), "--limit", "10"], tty=True, env={"NO_COLOR": "1"})
    text = drawn.decode()
    assert BOX & set(text) and ESC not in text


def test_csv_on_stdout_through_out_dash_stays_neutralised(hostile_db) -> None:
    db, _ = hostile_db
    text = run("reading-list", "--db", str(db), "--tier", "depth", "--format", "csv",
               "--out", "-").stdout  # fmt: skip
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert len(cells) > 20 and not [c for c in cells if c.startswith(FORMULA_STARTS)]
    records = [
        json.loads(line)
        for line in run("rank", "--db", str(db), "--limit", "0", "--format", "jsonl").stdout.split(
            "\n"
        )
        if line
    ]
    assert any(r["title"].startswith("=HYPERLINK(") for r in records)  # JSON stays exact
