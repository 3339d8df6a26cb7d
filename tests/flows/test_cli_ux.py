"""The command line as a newcomer meets it, each case a real subprocess of the CLI: --version and
-h, what `run` says about failing and backing-off feeds (and its exit code), `sql` tables on a
terminal and off one, and `serve` next to a program that is not Prefect and cycle by cycle."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import socket
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import typer

from claimwatch.flows.cli import app
from claimwatch.warehouse.store import Warehouse
from tests.support.cli import CLI, claimwatch
from tests.support.httpserver import TestServer, respond

pytestmark = pytest.mark.slow


EMPTY_FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quiet Gazette</title><link>http://127.0.0.1/</link>
</channel></rss>"""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _runs(db: Path) -> list[tuple[Any, ...]]:
    return Warehouse(db).query("SELECT status, message FROM runs ORDER BY started_at")[1]


# -- --version and -h ------------------------------------------------------------------------


def _command_paths() -> list[list[str]]:
    """Every command and group of the app, as the words that reach it."""
    paths: list[list[str]] = [[]]

    def walk(group: Any, prefix: list[str]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*prefix, name])
            walk(command, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def test_version_and_h_on_every_command() -> None:
    proc = claimwatch("--version")
    assert proc.returncode == 0 and proc.stdout == f"claimwatch {version('claimwatch')}\n"
    paths = _command_paths()
    assert ["status"] in paths and ["alerts", "test"] in paths and ["alerts", "send"] in paths
    for path in paths:
        short = claimwatch(*path, "-h")
        assert short.returncode == 0, (path, short.stderr)
        assert short.stdout == claimwatch(*path, "--help").stdout, path
        assert "Usage: " in short.stdout, path


# -- run: failing feeds, backing off, --force --------------------------------------------------


def test_an_offline_run_fails_plainly_then_backs_off_then_force_polls(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    args = ["run", "--db", str(db), "--feed", url, "--no-alerts"]

    first = claimwatch(*args)
    assert first.returncode == 1
    assert first.stderr.splitlines()[0] == "starting (Prefect engine)..."  # before Prefect
    both = first.stdout + first.stderr
    assert both.count(url) == 1, both  # the failure once, its URL once
    assert both.count("every feed failed") == 1
    assert f"feed failed: {url}: ConnectError" in first.stdout
    assert "error: every feed failed (1 of 1); nothing was read" in first.stderr
    assert "`claimwatch demo`" in first.stderr  # nothing could be reached at all
    assert "Traceback" not in first.stderr

    # The next run polls nothing: the feed backs off. That is a failure too, said plainly.
    second = claimwatch(*args)
    assert second.returncode == 1
    assert "ok:" not in second.stderr  # the feed did not answer
    assert "0 polled" in second.stdout and "1 deferred" in second.stdout
    assert (
        "error: no feed was polled: the only feed is backing off after failures; next due "
        in second.stderr
    )
    assert "`claimwatch run --force` polls it now" in second.stderr

    forced = claimwatch(*args, "--force")
    assert forced.returncode == 1
    assert "1 polled" in forced.stdout and "0 deferred" in forced.stdout
    assert f"feed failed: {url}" in forced.stdout
    # each cycle is recorded as failed, with the reason
    assert _runs(db) == [
        ("failed", "every feed failed (1 of 1); nothing was read"),
        ("failed", "no feed was polled: the only feed is backing off after failures"),
        ("failed", "every feed failed (1 of 1); nothing was read"),
    ]


def test_a_cycle_where_a_feed_answers_succeeds_and_names_what_backs_off(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    bad = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    with TestServer() as server:
        server.static("/feed.xml", EMPTY_FEED, content_type="application/rss+xml")
        good = server.url("/feed.xml")
        args = ["run", "--db", str(db), "--feed", good, "--feed", bad, "--no-alerts"]
        first = claimwatch(*args)
        second = claimwatch(*args)
    assert first.returncode == 0, first.stderr
    assert f"ok: {good}" in first.stderr and "ok: " + bad not in first.stderr
    assert first.stdout.splitlines()[-1] == (
        "cycle completed with failures (1 of 2 feeds failed, listed above)"
    )
    assert second.returncode == 0, second.stderr
    assert f"ok: {good}" in second.stderr and bad not in second.stderr
    last = second.stdout.splitlines()[-1]
    assert last.startswith(
        "cycle completed; 1 feed backing off after failures was not polled (next due "
    )
    assert last.endswith("`claimwatch run --force` polls it now)")
    assert [status for status, _ in _runs(db)] == ["completed", "completed"]


# -- sql tables ------------------------------------------------------------------------------

NAMES = [f"measure_column_{i:02d}" for i in range(12)]
WIDE = (
    "SELECT "
    + ", ".join(f"'value {i} of a wide row' AS {name}" for i, name in enumerate(NAMES))
    + ", repeat('x', 300) AS long_value, 'a|b' AS piped, 42 AS n, NULL AS nothing"
)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "cw.duckdb"
    Warehouse(db).migrate()
    return db


def test_sql_off_a_terminal_writes_the_whole_table(warehouse: Path) -> None:
    proc = claimwatch("sql", "--db", str(warehouse), WIDE)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = [h.strip() for h in lines[0].split("|")]
    assert header == [*NAMES, "long_value", "piped", "n", "nothing"]
    assert "x" * 300 in lines[2] and "value 11 of a wide row" in lines[2]
    assert "…" not in proc.stdout and lines[-1] == "(1 row)"


def _on_a_terminal(args: list[str], columns: int) -> str:
    """Run the CLI with stdout on a pseudo-terminal `columns` wide; return what it showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([*CLI, *args], stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the CLI exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_sql_on_a_narrow_terminal_shows_one_record_per_block(warehouse: Path) -> None:
    shown = _on_a_terminal(["sql", "--db", str(warehouse), WIDE], columns=80)
    lines = shown.splitlines()
    assert lines[0].startswith("-[ RECORD 1 ]-")
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    for name in [*NAMES, "long_value", "piped", "n", "nothing"]:
        assert any(re.match(rf"{name} +\| ", line + " ") for line in lines), name
    assert "…" not in shown
    assert "".join(line.split("| ", 1)[1] for line in lines if "| x" in line) == "x" * 300
    # a result that fits the terminal stays a table
    narrow = _on_a_terminal(["sql", "--db", str(warehouse), "SELECT 1 AS a, 'b' AS b"], 80)
    assert narrow.splitlines()[:3] == [" a | b", "---+---", " 1 | b"]


def test_sql_markdown_is_a_pipe_table(warehouse: Path) -> None:
    proc = claimwatch(
        "sql", "--db", str(warehouse), "--format", "markdown", "SELECT 'a|b' AS piped, 7 AS n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "| piped | n |\n| --- | ---: |\n| a\\|b | 7 |\n"
    bad = claimwatch("sql", "--db", str(warehouse), "--format", "xml", "SELECT 1")
    assert bad.returncode == 2 and "table, csv, json or markdown" in bad.stderr


# -- serve -----------------------------------------------------------------------------------


def _not_prefect(h: Any) -> None:
    """A web dev server: HTTP 200 and a page for every path."""
    respond(h, b"<!doctype html><title>Vite App</title>", content_type="text/html")


def test_serve_names_a_program_that_is_not_prefect_in_one_line(tmp_path: Path) -> None:
    with TestServer() as server:
        for path in ("/api/health", "/api/admin/version", "/"):
            server.route(path, _not_prefect)
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(tmp_path / "home")
        db = str(tmp_path / "cw.duckdb")
        proc = claimwatch("serve", "--db", db, "--port", str(server.port), env=env, timeout=60)
        named = claimwatch(
            "serve", "--db", db, env={**env, "PREFECT_API_URL": server.url("/api")}, timeout=60
        )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"error: 127.0.0.1:{server.port} is in use by another program, not a Prefect server "
        "(GET /api/health answered HTTP 200, text/html '<!doctype html><title>Vite "
        "App</title>'); stop it or pass --port with a free port"
    ]
    assert named.returncode == 1 and len(named.stderr.splitlines()) == 1
    assert named.stderr.startswith(
        f"error: PREFECT_API_URL is {server.url('/api')}, but what answers there is not a Prefect "
        "server"
    )


class _Lines:
    """Lines of a stream, read in a thread as they come."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def join(self) -> None:
        self._thread.join(timeout=30)


@pytest.fixture
def flaky_feed() -> Iterator[TestServer]:
    """A feed that answers the first poll and fails with 503 from then on."""
    polls = []

    def feed(h: Any) -> None:
        polls.append(1)
        if len(polls) == 1:
            respond(h, EMPTY_FEED, content_type="application/rss+xml")
        else:
            respond(h, b"down", status=503, content_type="text/plain")

    with TestServer() as server:
        server.route("/feed.xml", feed)
        yield server


def test_serve_prints_a_line_per_cycle_and_warns_when_one_fails(
    tmp_path: Path, flaky_feed: TestServer
) -> None:
    topic = tmp_path / "flaky.toml"
    topic.write_text(f"name = 'flaky'\n[[feeds]]\nurl = '{flaky_feed.url('/feed.xml')}'\n")
    db = tmp_path / "cw.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    proc = subprocess.Popen(
        [*CLI, "serve", "--topic", str(topic), "--db", str(db), "--port", str(_closed_port())]
        + ["--every", "0.5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    out, err = _Lines(proc.stdout), _Lines(proc.stderr)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if any("monitor FAILED" in line for line in err.lines):
                break
            time.sleep(1)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        out.join()
        err.join()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    completed = [line for line in out.lines if " monitor completed: " in line]
    assert completed, (out.lines, err.lines)
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC monitor completed: feeds 1 polled, 0 failed, "
        r"0 deferred; articles 0 new, 0 changed; revisits 0, 0 changed, 0 withdrawn; "
        r"0 claims; 0 new flags; 0 page errors$",
        completed[0],
    ), completed[0]
    failed = [line for line in err.lines if "monitor FAILED" in line]
    assert failed, err.lines
    assert re.match(
        r"warning: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC monitor FAILED: .*every feed failed "
        r"\(1 of 1\); nothing was read",
        failed[0],
    ), failed[0]
    assert not any("Traceback" in line for line in err.lines), err.lines
    statuses = [status for status, _ in _runs(db)]
    assert statuses[:2] == ["completed", "failed"]
