"""Scheduled runs: the monitor flow under Prefect, one run per database at a time, recovery from
a killed run, and `claimwatch serve` running the monitor on its schedule."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.backend import Lake
from claimwatch.warehouse.lock import RunInProgress, RunLock
from claimwatch.warehouse.store import Warehouse
from tests.support.postgres import PostgresCluster, postgres  # noqa: F401

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample() -> Iterator[SampleServer]:
    with SampleServer() as server:
        yield server


def _feeds(server: SampleServer) -> list[str]:
    return [s.url for s in feed_specs(server.base_url) if "gnews" not in s.url]


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


def test_the_monitor_flow_runs_end_to_end_under_prefect(
    harness: None, sample: SampleServer, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client

    from claimwatch.flows.monitor import monitor

    db = tmp_path / "cw.duckdb"
    state = monitor(db=str(db), feeds=_feeds(sample), alerts=False, return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert summary.counts["articles_new"] == 6 and summary.counts["claims"] > 0
    _, rows = Warehouse(db).query("SELECT status, counts->>'articles_new' FROM runs")
    assert rows == [("completed", "6")]

    async def artifacts() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts()

    found = [a for a in asyncio.run(artifacts()) if a.key == "claimwatch-mythos"]
    assert found and summary.run_id in str(found[0].data)

    async def task_names() -> list[str]:
        async with get_client() as client:
            runs = await client.read_task_runs()
            return sorted(r.name.rsplit("-", 1)[0] for r in runs)

    # The flow reads as its table of contents: one task per step, each run once (coarse: not
    # one per feed or article).
    steps = ["poll", "plan", "fetch", "store", "revisit", "extract", "flag", "alert"]
    assert asyncio.run(task_names()) == sorted(steps)


def test_a_cycle_without_its_shard_deployment_says_what_to_deploy(
    harness: None, sample: SampleServer, tmp_path: Path
) -> None:
    from claimwatch.flows.monitor import cycle

    db = tmp_path / "cw.duckdb"
    state = cycle(
        db=str(db), feeds=_feeds(sample), shard_deployment="claimwatch-shard/nowhere",
        return_state=True,
    )  # fmt: skip
    assert state.is_failed()
    assert "'claimwatch-shard/nowhere'" in state.message
    assert "prefect deploy --name shard" in state.message
    assert not db.exists()  # nothing started, nothing written


def test_a_second_run_on_the_same_database_is_refused_with_a_message(tmp_path: Path) -> None:
    from claimwatch.flows.monitor import run_cycle

    db = tmp_path / "cw.duckdb"
    Warehouse(db).migrate()
    with RunLock(db), pytest.raises(RunInProgress, match="another claimwatch run is in progress"):
        run_cycle(Settings(db_path=db, feeds=("http://127.0.0.1:9/feed.xml",)))


HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from datetime import UTC, datetime
    from claimwatch.warehouse.lock import RunLock
    from claimwatch.warehouse.store import Warehouse
    db = Path(sys.argv[1])
    wh = Warehouse(db)
    wh.migrate()
    lock = RunLock(db).acquire()
    wh.start_run("killed-run", "mythos", datetime.now(UTC))
    print("holding", flush=True)
    time.sleep(600)
    """
)


def test_a_killed_runs_lock_does_not_block_the_next(tmp_path: Path, sample: SampleServer) -> None:
    from claimwatch.flows.monitor import run_cycle

    db = tmp_path / "cw.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    with pytest.raises(RunInProgress):
        run_cycle(Settings(db_path=db, feeds=tuple(_feeds(sample)), alerts=False))
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    holder.stdout.close()
    summary = run_cycle(Settings(db_path=db, feeds=tuple(_feeds(sample)), alerts=False))
    assert summary.counts["articles_new"] == 6
    _, rows = Warehouse(db).query("SELECT run_id, status FROM runs ORDER BY started_at")
    assert rows == [("killed-run", "crashed"), (summary.run_id, "completed")]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimwatch.flows.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or dict(os.environ),
    )


def test_two_concurrent_cli_runs_do_not_interleave(tmp_path: Path, sample: SampleServer) -> None:
    db = tmp_path / "cw.duckdb"
    feeds = [a for url in _feeds(sample) for a in ("--feed", url)]
    runs = [_cli("run", "--db", str(db), "--no-alerts", "--wait", "300", *feeds) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    _, rows = Warehouse(db).query("SELECT started_at, finished_at FROM runs ORDER BY started_at")
    (_s1, f1), (s2, _f2) = rows
    assert f1 <= s2, "the waiting run started before the first one finished"
    # Whichever ran second found everything already stored.
    assert sorted("articles: 6 new" in out for out, _ in outputs) == [False, True]


def test_a_run_that_finds_another_in_progress_says_so(tmp_path: Path, sample: SampleServer) -> None:
    db = tmp_path / "cw.duckdb"
    feeds = [a for url in _feeds(sample) for a in ("--feed", url)]
    with RunLock(db):
        out, err = _cli("run", "--db", str(db), "--no-alerts", *feeds).communicate(timeout=300)
    assert "another claimwatch run is in progress" in err
    assert "Traceback" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=["file", "lake"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[str], Warehouse]]:
    """What serve writes into: a DuckDB file, or a lake (PostgreSQL catalog, data directory)."""
    if request.param == "file":
        db = tmp_path / "cw.duckdb"
        yield ["--db", str(db)], Warehouse(db, busy_timeout=1)
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = "ducklake:postgres:" + cluster.conninfo_for(cluster.create_database())
    data = tmp_path / "lake-data"
    data.mkdir()
    yield ["--db", url, "--lake-data", str(data)], Warehouse(url, lake_data=data)
    Lake.close_shared()


def test_serve_starts_a_server_runs_the_monitor_on_schedule_and_stops(
    tmp_path: Path, sample: SampleServer, served: tuple[list[str], Warehouse]
) -> None:
    topic = tmp_path / "local.toml"
    topic.write_text(
        "name = 'local'\n"
        + "".join(f"[[feeds]]\nurl = '{u}'\n" for u in _feeds(sample))
        + "[relevance]\nall_of = [['Mythos'], ['Anthropic', 'White House']]\n"
        + "none_of = ['video game', 'brewery']\n"
    )
    db_args, wh = served
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    proc = _cli(
        "serve",
        "--topic",
        str(topic),
        *db_args,
        "--port",
        str(port),
        "--every",
        "1",
        env=env,
    )
    try:
        deadline = time.monotonic() + 240
        runs: list[tuple[Any, ...]] = []
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                _, runs = wh.query("SELECT status FROM runs WHERE status = 'completed'")
            except Exception:  # not created yet, or the scheduled run is writing right now
                runs = []
            if runs:
                break
            time.sleep(2)
        assert runs, "no scheduled monitor run completed"

        from prefect.client.orchestration import PrefectClient

        async def deployments() -> set[str]:
            async with PrefectClient(api=f"http://127.0.0.1:{port}/api") as client:
                return {d.name for d in await client.read_deployments()}

        assert asyncio.run(deployments()) == {"monitor", "daily-digest", "maintain", "reextract"}
        _, rows = wh.query("SELECT count(*) FROM articles WHERE on_topic")
        assert rows[0][0] >= 5
    finally:
        # Ctrl-C: Prefect's runner cancels a flow run in progress (one starts every minute
        # here) before serve stops the server, which takes a while on a loaded machine.
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate(timeout=30)
            pytest.fail(f"serve did not stop within 180 s of Ctrl-C:\n{err}")
    assert proc.returncode == 0, err
    assert "stopping the Prefect server" in err
    with socket.socket() as s:  # the server it started is gone
        assert s.connect_ex(("127.0.0.1", port)) != 0
