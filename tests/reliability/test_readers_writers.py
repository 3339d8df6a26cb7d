"""DuckDB allows one writer process, and while it writes no other process can open the file.

A run that finds the warehouse held by a reader waits, says so, and completes once the reader
leaves; `claimwatch sql` against a warehouse held by a writer says so and exits 1, without a
traceback. The holders are plain DuckDB sessions in other processes.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.warehouse.store import Warehouse
from tests.reliability._support import claimwatch, claimwatch_cmd, query

pytestmark = pytest.mark.slow

HOLDER = r"""
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
con.execute("SELECT count(*) FROM article").fetchall()
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
con.close()
"""


@contextmanager
def held(db: Path, mode: str) -> Iterator[subprocess.Popen[str]]:
    """Another process with `db` open (`read` or `write`) until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "holding", proc.stderr.read() if proc.stderr else line
        yield proc
    finally:
        release(proc)


def release(proc: subprocess.Popen[str]) -> None:
    """Let the holder go (it closes its session and exits) and close our ends of its pipes."""
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None and not pipe.closed:
            pipe.close()
    proc.wait(30)


def lines_of(stream: object) -> queue.Queue[str | None]:
    """A queue filled with the lines of `stream` by a thread; None at the end."""
    out: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            out.put(line)
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cw.duckdb"
    Warehouse(path).migrate()
    return path


def test_a_run_waits_for_a_reader_with_a_message_and_then_completes(db: Path) -> None:
    with SampleServer() as sample:
        feeds = [s.url for s in feed_specs(sample.base_url) if "gnews" not in s.url]
        args = ["run", "--db", str(db), "--no-alerts"]
        for url in feeds:
            args += ["--feed", url]
        with held(db, "read") as reader:
            run = subprocess.Popen(
                claimwatch_cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            # Both pipes are read by pump threads only: communicate() would read stderr too,
            # racing the pump (which then dies on a closed file and never says the end).
            out, err = lines_of(run.stdout), lines_of(run.stderr)
            seen: list[str] = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    line = err.get(timeout=deadline - time.monotonic())
                except queue.Empty:
                    break
                if line is None:
                    break
                seen.append(line)
                if line.startswith("waiting: "):
                    break
            assert seen and seen[-1].startswith("waiting: "), "".join(seen)
            assert f"database {db} is in use by another process" in seen[-1]
            # The run keeps waiting while the reader stays.
            time.sleep(2)
            assert run.poll() is None
            release(reader)
        run.wait(timeout=300)
        stdout = "".join(iter(lambda: out.get(timeout=10), None))
        rest = list(iter(lambda: err.get(timeout=10), None))
        assert run.stderr is not None and run.stdout is not None
        run.stderr.close()
        run.stdout.close()
    assert run.returncode == 0, stdout + "".join(seen + rest)
    assert "Traceback" not in "".join(seen + rest)
    assert f"feeds: {len(feeds)} polled" in stdout and "articles: 6 new" in stdout
    [(articles,)] = query(db, "SELECT count(*) FROM articles")
    assert articles >= 6


def test_sql_while_a_writer_holds_the_database_is_a_clear_message(db: Path) -> None:
    with held(db, "write"):
        started = time.monotonic()
        proc = claimwatch("sql", "--db", str(db), "--wait", "1", "SELECT count(*) FROM articles")
        waited = time.monotonic() - started
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("waiting: "), proc.stderr
    assert f"error: database {db} is being written by a claimwatch run" in proc.stderr
    assert "--wait SECONDS" in proc.stderr
    assert waited < 30
    # Once the writer has gone, the same query answers.
    after = claimwatch(
        "sql", "--db", str(db), "--format", "csv", "SELECT count(*) AS n FROM articles"
    )
    assert after.returncode == 0 and after.stdout.splitlines() == ["n", "0"], after.stderr


def test_sql_beside_another_reader_just_answers(db: Path) -> None:
    with held(db, "read"):
        proc = claimwatch("sql", "--db", str(db), "--format", "csv", "SELECT 1 AS one")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["one", "1"] and proc.stderr == ""
