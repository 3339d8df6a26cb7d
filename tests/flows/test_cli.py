"""The `claimwatch` command as a user runs it: a subprocess, real Prefect (embedded server,
private PREFECT_HOME), the bundled sample coverage on a local server, a real DuckDB file."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from tests.support.cli import claimwatch

pytestmark = pytest.mark.slow


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("cli") / "cw.duckdb"
    with SampleServer() as server:
        feeds = [s.url for s in feed_specs(server.base_url) if "gnews" not in s.url]
        args = ["run", "--db", str(db), "--no-alerts"]
        for url in feeds:
            args += ["--feed", url]
        proc = claimwatch(*args)
    return {"db": db, "proc": proc, "feeds": feeds}


def test_run_completes_as_a_prefect_flow_and_summarises(ran: dict[str, object]) -> None:
    proc = ran["proc"]
    assert isinstance(proc, subprocess.CompletedProcess)
    assert proc.returncode == 0, proc.stderr
    assert f"feeds: {len(ran['feeds'])} polled" in proc.stdout  # type: ignore[arg-type]
    assert "0 failed" in proc.stdout
    assert "articles: 6 new" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_sql_formats(ran: dict[str, object]) -> None:
    db = str(ran["db"])
    q = "SELECT outlet, count(*) AS n FROM articles WHERE on_topic GROUP BY outlet ORDER BY outlet"
    as_json = claimwatch("sql", "--db", db, "--format", "json", q)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert {"outlet": "Harbor Ledger", "n": 1} in rows
    as_csv = claimwatch("sql", "--db", db, "--format", "csv", q)
    assert as_csv.stdout.splitlines()[0] == "outlet,n"
    assert "Harbor Ledger,1" in as_csv.stdout.splitlines()
    table = claimwatch("sql", "--db", db, q)
    assert "Harbor Ledger" in table.stdout


def test_sql_errors_are_messages_not_tracebacks(ran: dict[str, object]) -> None:
    db = str(ran["db"])
    bad = claimwatch("sql", "--db", db, "SELEC nonsense")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr
    write = claimwatch("sql", "--db", db, "DELETE FROM article")
    assert write.returncode == 1 and "read-only" in write.stderr
    missing = claimwatch("sql", "--db", str(Path(db).with_name("nope.duckdb")), "SELECT 1")
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_every_feed_failing_exits_non_zero_naming_the_feed(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    proc = claimwatch("run", "--db", str(tmp_path / "cw.duckdb"), "--feed", url, "--no-alerts")
    assert proc.returncode == 1
    assert f"feed failed: {url}" in proc.stdout
    assert "every feed failed" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_bad_topic_is_a_clear_error(tmp_path: Path) -> None:
    proc = claimwatch("run", "--db", str(tmp_path / "cw.duckdb"), "--topic", "no-such-topic")
    assert proc.returncode == 1
    assert "no topic named 'no-such-topic'" in proc.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("name = 'x'\n[[feeds]]\nurl = 'ftp://example.invalid/feed'\n")
    proc = claimwatch("run", "--db", str(tmp_path / "cw.duckdb"), "--topic", str(broken))
    assert proc.returncode == 1 and "feeds[0].url must be an http(s) URL" in proc.stderr


def test_an_unusable_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "cw.duckdb"
    proc = claimwatch("run", "--db", str(db), "--feed", "http://127.0.0.1:9/x")
    assert proc.returncode == 1
    assert "no such directory" in proc.stderr and "Traceback" not in proc.stderr
