"""Docs that cannot drift: the CLI reference, the commands and code the docs show, their links.

- docs/cli.md is generated from the click commands and must match a fresh rendering.
- Every command's ``--help`` exits 0 and shows an example; the exit codes are documented.
- Every ``mentalmap …`` line in a bash block of README.md or docs/*.md (and every example in the
  ``--help`` texts) parses with the real commands; the ones that work offline are run against a
  store crawled from the bundled example field.
- Every page's shell commands run as written, in order, in one bash session, against the fake
  server the page itself starts (``python -m mentalmap.fake_s2 …``); the only change is the
  port, a free one, so parallel runs cannot collide. A console command whose shown output is an
  ``Error:`` line must fail; every other command must succeed. A block whose info string says
  ``file=NAME`` is written to NAME first (the page's ``code.py``, ``links.csv``); a block that
  installs packages (``pip install``) is set-up, not run.
- Every Python block of docs/api.md and README.md runs (blocks after a ``<!-- not run`` comment
  need the network and are skipped).
- Every relative link and ``#anchor`` in README.md and docs/*.md resolves.
- What docs/troubleshooting.md says about proxies is what the client does.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_store import crawl_example_field

from mentalmap.cli import main
from mentalmap.cli.app import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE

from cli_docs import command_contexts, render_cli_docs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLI_MD = DOCS / "cli.md"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
REGENERATE = "python tests/cli_docs.py docs/cli.md"

#: Commands that work on a store without the network; the docs' examples of these are run.
OFFLINE = {"rank", "reading-list", "map", "export", "notes", "authors"}

FENCE = re.compile(
    r"(<!-- not run[^\n]*-->\s*\n)?[ \t]*```(\w*)([^\n]*)\n(.*?)\n[ \t]*```", re.DOTALL
)


def _blocks(path: Path, language: str) -> list[tuple[bool, str]]:
    """(runnable, code) of each fenced block of ``language`` in a Markdown file."""
    text = path.read_text(encoding="utf-8")
    return [(not skip, code) for skip, lang, _, code in FENCE.findall(text) if lang == language]


def _command_lines(languages: tuple[str, ...] = ("bash", "console")) -> list[tuple[str, list[str]]]:
    """Each ``mentalmap …`` line of the shell blocks of the pages, as (where, argv).

    Lines continued with a backslash are joined; in console blocks only ``$ mentalmap`` lines
    (commands, not output) count.
    """
    found = []
    for page in PAGES:
        if page == CLI_MD:
            continue
        for language in languages:
            for _, code in _blocks(page, language):
                for line in code.replace("\\\n", " ").splitlines():
                    line = line.strip()
                    if language == "console":
                        if not line.startswith("$ "):
                            continue
                        line = line[2:].strip()
                    if line.startswith("mentalmap "):
                        found.append((f"{page.name}: {' '.join(line.split())}", _argv(line)))
    return found


def _help_examples() -> list[tuple[str, list[str]]]:
    """The ``mentalmap …`` example lines of every command's ``--help``."""
    found = []
    for command, ctx in command_contexts():
        for line in (command.help or "").splitlines():
            line = line.strip()
            if line.startswith("mentalmap "):
                found.append((f"{ctx.command_path} --help: {line}", _argv(line)))
    return found


def _argv(line: str) -> list[str]:
    """Arguments after ``mentalmap``, without comments and shell redirections."""
    words = shlex.split(line, comments=True)[1:]
    for stop in (">", "|", "&&"):
        if stop in words:
            words = words[: words.index(stop)]
    return words


# --- docs/cli.md -----------------------------------------------------------------------------
def test_cli_md_is_generated_from_the_commands() -> None:
    committed = CLI_MD.read_text(encoding="utf-8")
    assert committed == render_cli_docs(), f"docs/cli.md is stale: run `{REGENERATE}`"


def test_cli_md_renders_the_same_at_any_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = render_cli_docs()
    monkeypatch.setenv("COLUMNS", "40")
    assert render_cli_docs() == wide


def test_cli_md_documents_the_exit_codes() -> None:
    assert (EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED) == (1, 2, 130)
    text = CLI_MD.read_text(encoding="utf-8")
    assert "## Exit codes" in text
    for code in (0, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED):
        assert f"\n| {code} | " in text, f"exit code {code} is not in docs/cli.md"


COMMANDS = [ctx.command_path for _, ctx in command_contexts()]


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_has_help_with_an_example(path: str) -> None:
    args = [*path.split()[1:], "--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, (
        f"`{path.replace('m', 'mentalmap', 1)} --help` has no Example"
    )


# --- commands shown in the docs --------------------------------------------------------------
DOC_LINES = _command_lines() + _help_examples()


@pytest.mark.parametrize(("where", "argv"), DOC_LINES, ids=[w for w, _ in DOC_LINES])
def test_command_in_the_docs_parses(where: str, argv: list[str]) -> None:
    root = command_contexts()[0][1]
    with main.make_context("mentalmap", list(argv), parent=None) as ctx:
        pass  # the group's own options (-v) parse
    name = next(word for word in argv if not word.startswith("-"))
    command = main.get_command(root, name)
    assert command is not None, f"{where}: no command {name!r}"
    rest = argv[argv.index(name) + 1 :]
    with command.make_context(name, rest, parent=ctx):
        pass  # raises click.UsageError on an unknown option or a bad value


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store crawled from the bundled example field, as the notebook and docs/api.md do."""
    return crawl_example_field(tmp_path_factory.mktemp("example") / "example.sqlite", depth=3)


OFFLINE_LINES = [(w, a) for w, a in _command_lines(("bash",)) if a and a[0] in OFFLINE]


@pytest.mark.slow
@pytest.mark.parametrize(("where", "argv"), OFFLINE_LINES, ids=[w for w, _ in OFFLINE_LINES])
def test_offline_command_in_the_docs_runs(
    where: str,
    argv: list[str],
    example_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MENTALMAP_DB", raising=False)
    db = Path(argv[argv.index("--db") + 1]) if "--db" in argv else Path("mentalmap.sqlite")
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(example_store, db)
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, f"{where}\n{result.output}"


# --- Python shown in the docs ----------------------------------------------------------------
def _run_python(page: Path, where: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(where)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    blocks = [code for runnable, code in _blocks(page, "python") if runnable]
    assert blocks, f"{page.name} has no runnable Python block"
    for number, code in enumerate(blocks, 1):
        exec(compile(code, f"{page.name} block {number}", "exec"), namespace)


@pytest.mark.slow
def test_the_python_in_api_md_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    _run_python(DOCS / "api.md", tmp_path, monkeypatch)


def test_the_python_in_the_readme_runs(
    example_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(example_store, tmp_path / "field.sqlite")
    _run_python(ROOT / "README.md", tmp_path, monkeypatch)


# --- links -----------------------------------------------------------------------------------
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of the headings of a Markdown page."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    headings = re.findall(r"^#+\s+(.+?)\s*$", text, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def _links() -> Iterator[tuple[Path, str]]:
    for page in PAGES:
        for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
            if not re.match(r"[a-z]+:", target):
                yield page, target


LINKS = list(_links())


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{p.name}->{t}" for p, t in LINKS])
def test_relative_link_resolves(page: Path, target: str) -> None:
    path, _, anchor = target.partition("#")
    resolved = (page.parent / path).resolve() if path else page
    assert resolved.exists(), f"{page.name}: {target} does not exist"
    if anchor and resolved.suffix == ".md":
        assert anchor in _anchors(resolved), f"{page.name}: no heading #{anchor} in {path}"


def test_the_readme_links_every_doc() -> None:
    linked = {(ROOT / target).resolve() for page, target in LINKS if page.name == "README.md"}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert not missing, f"README.md's Documentation section does not link {missing}"


# --- docs/troubleshooting.md: proxies --------------------------------------------------------
class _Proxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy that answers every batch itself (an empty match for each id)."""

    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.seen.append(self.path)
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        out = json.dumps([None] * len(body["ids"])).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: object) -> None:
        pass


def test_troubleshooting_tells_the_truth_about_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    from mentalmap.s2.client import ClientSettings, S2Client

    text = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    assert "`HTTPS_PROXY`" in text and "`NO_PROXY`" in text
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_port}")
        settings = ClientSettings(api_url="http://s2.invalid/graph/v1", rps=0, max_retries=0)
        # s2.invalid does not exist: only the proxy can answer
        with S2Client(settings) as client:
            assert client.fetch_papers(["x"], "title") == [None]
    finally:
        server.shutdown()
        server.server_close()
    assert _Proxy.seen and _Proxy.seen[0].startswith("http://s2.invalid/graph/v1/paper/batch")


def test_a_broken_certificate_setting_is_a_clear_error(monkeypatch, tmp_path) -> None:
    from mentalmap.errors import ConfigError
    from mentalmap.s2.client import ClientSettings, S2Client

    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError, match="SSL_CERT_FILE"):
        S2Client(ClientSettings(api_url="https://api.semanticscholar.org/graph/v1"))


# --- every shell command of the docs, run as written against the fake server -----------------
FAKE_LINE = re.compile(r"^(\s*)python -m mentalmap\.fake_s2\b([^&#\n]*)&?[ \t]*(#[^\n]*)?$", re.M)
FILE_INFO = re.compile(r"\bfile=(\S+)")

#: Starts the fake server a page names in the background and returns once it listens.
PRELUDE = r"""set -eE -o pipefail
trap 'echo "a doc command failed (exit $?): $BASH_COMMAND" >&2' ERR
__fake_s2() {
  local log; log=$(mktemp "$DOC_LOGS/fake-s2.XXXX")
  python -m mentalmap.fake_s2 "$@" >"$log" 2>&1 &
  for _ in $(seq 600); do
    grep -q '^http' "$log" && return 0
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  return 1
}
"""


def _console_commands(code: str) -> list[tuple[str, bool]]:
    """(command, must succeed) of each ``$ …`` line of a console block, continuations joined."""
    lines = code.splitlines()
    found: list[tuple[str, bool]] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        command = [lines[i][2:]]
        while command[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            command.append(lines[i])
        i += 1
        shown = lines[i] if i < len(lines) else ""
        found.append(("\n".join(command), not shown.startswith("Error:")))
    return found


def page_script(page: Path) -> str:
    """The page's runnable shell blocks, console commands and files, in order, as bash."""
    parts = []
    text = page.read_text(encoding="utf-8")
    for skip, language, info, code in FENCE.findall(text):
        name = FILE_INFO.search(info)
        if skip:
            continue
        if name:
            parts.append(f"cat > {shlex.quote(name[1])} <<'__DOC_FILE__'\n{code}\n__DOC_FILE__")
        elif language == "bash" and "pip install" not in code:  # set-up changes no environment
            parts.append(code)
        elif language == "console":
            for command, succeeds in _console_commands(code):
                if succeeds:
                    parts.append(command)
                else:
                    said = shlex.quote(f"expected to fail: {command}")
                    parts.append(f"if {command}\nthen echo {said} >&2; exit 1; fi")
    return FAKE_LINE.sub(r"\1__fake_s2\2", "\n".join(parts))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _on_free_ports(script: str) -> str:
    """The script with each port a fake server is started on replaced by a free one."""
    for port in set(re.findall(r"__fake_s2\b[^\n]*--port (\d+)", script)):
        script = re.sub(
            rf"(?<=--port ){port}\b|(?<=127\.0\.0\.1:){port}\b", str(_free_port()), script
        )
    return script


SCRIPTED = [p for p in PAGES if p != CLI_MD and page_script(p).strip()]


@pytest.mark.slow
@pytest.mark.parametrize("page", SCRIPTED, ids=[p.name for p in SCRIPTED])
def test_the_commands_of_the_page_run_as_written(page: Path, tmp_path: Path) -> None:
    work, logs = tmp_path / "work", tmp_path / "logs"
    work.mkdir()
    logs.mkdir()
    script = tmp_path / "page.sh"
    script.write_text(PRELUDE + _on_free_ports(page_script(page)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTALMAP_", "S2_"))}
    for name in ("NO_COLOR", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(name, None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["DOC_LOGS"] = str(logs)
    shell = subprocess.Popen(
        ["bash", str(script)], cwd=work, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = shell.communicate(timeout=900)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(shell.pid, signal.SIGTERM)  # the fake servers the page started
    assert shell.returncode == 0, f"{page.name}: a command failed\n{output[-4000:]}"
