"""The README's "Several machines" recipe, executed as written against real parts: a Prefect
server, a process work pool, `prefect deploy --all` on prefect.yaml, a Prefect worker, and a
monitor run started with `prefect deployment run` that stores articles from local feeds.

Each command comes from the README's code block, so the recipe cannot drift from what works.
Three substitutions keep the test on this machine: the server binds 127.0.0.1 on a free port
(the README's 0.0.0.0:4200), `prefect-host:4200` becomes that address, and the monitor run gets
a database in tmp_path and the local sample feeds as parameters. The server's scheduler is off,
so only the run the test starts writes anything.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.warehouse.store import Warehouse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FIRST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e ."


def recipe() -> list[str]:
    """The commands of the README's several-machines code block, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Several machines", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", section, flags=re.S)
    assert block, "the Several machines section has no sh block"
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _argv(command: str, env: dict[str, str]) -> list[str]:
    """A README command as argv: `.venv/bin/` is this interpreter's venv, $VARS expanded."""
    words = shlex.split(command)
    out = []
    for word in words:
        word = word.replace("$PWD", str(ROOT))
        if word.startswith(".venv/bin/"):
            word = str(VENV_BIN / word.removeprefix(".venv/bin/"))
        out.append(word)
    return out


def _background(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture()
def sample() -> Iterator[SampleServer]:
    with SampleServer() as server:
        yield server


def _wait_healthy(api: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the Prefect server exited:\n{log.read_text()[-3000:]}"
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no healthy Prefect server after {timeout} s:\n{log.read_text()[-3000:]}")


def _flow_run_state(api: str, run_id: str) -> dict[str, str]:
    return httpx.get(f"{api}/flow_runs/{run_id}", timeout=10).json()["state"]


def test_the_several_machines_recipe_runs_a_monitor_on_a_real_worker(
    tmp_path: Path, sample: SampleServer
) -> None:
    commands = recipe()
    checkout_had_db = (ROOT / "claimwatch.duckdb").exists()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    db = tmp_path / "team.duckdb"
    feeds = [s.url for s in feed_specs(sample.base_url) if s.kind != "google_news"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CLAIMWATCH_"))}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",  # only the run started below
        PREFECT_WORKER_QUERY_SECONDS="2",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    background: list[subprocess.Popen[bytes]] = []
    ran: list[str] = []
    run_id = None
    try:
        for line in commands:
            command = line
            if command == FIRST_COMMAND:
                # This interpreter's venv is that install; the README's first command made it.
                ran.append(line)
                continue
            if command.startswith("export "):
                name, _, value = command.removeprefix("export ").partition("=")
                env[name] = value.replace("prefect-host:4200", f"127.0.0.1:{port}")
                ran.append(line)
                continue
            prefix_env = {}
            while re.match(r"^[A-Z_]+=\S+ ", command):
                assignment, command = command.split(" ", 1)
                name, _, value = assignment.partition("=")
                prefix_env[name] = value.replace("$PWD", str(ROOT))
            argv = _argv(command, env)
            step_env = {**env, **prefix_env}
            if argv[1:3] == ["server", "start"]:
                argv = [a.replace("0.0.0.0", "127.0.0.1").replace("4200", str(port)) for a in argv]
                server_env = {k: v for k, v in step_env.items() if k != "PREFECT_API_URL"}
                log = tmp_path / "server.log"
                background.append(_background(argv, server_env, log))
                _wait_healthy(api, background[-1], log, timeout=180)
            elif argv[1:3] == ["worker", "start"]:
                background.append(_background(argv, step_env, tmp_path / "worker.log"))
            elif argv[1:3] == ["deployment", "run"]:
                params = {"db": str(db), "feeds": feeds, "alerts": False}
                argv += ["--params", json.dumps(params)]
                out = subprocess.run(
                    argv, cwd=ROOT, env=step_env, capture_output=True, text=True, timeout=120
                )
                assert out.returncode == 0, out.stdout + out.stderr
                found = re.search(r"UUID:\s*([0-9a-f-]{36})", out.stdout)
                assert found, out.stdout
                run_id = found.group(1)
            else:
                out = subprocess.run(
                    argv, cwd=ROOT, env=step_env, capture_output=True, text=True, timeout=300
                )
                assert out.returncode == 0, f"{command}:\n{out.stdout}\n{out.stderr}"
            ran.append(line)
        assert ran == commands
        assert run_id, "the recipe started no monitor run"

        deadline = time.monotonic() + 420
        state = _flow_run_state(api, run_id)
        while state["type"] not in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            assert time.monotonic() < deadline, (
                f"run still {state['type']}:\n" + ((tmp_path / "worker.log").read_text()[-4000:])
            )
            time.sleep(2)
            state = _flow_run_state(api, run_id)
        assert state["type"] == "COMPLETED", (
            f"{state['type']}: {state.get('message')}\n"
            + (tmp_path / "worker.log").read_text()[-4000:]
        )
    finally:
        for proc in reversed(background):
            _stop(proc)

    _, rows = Warehouse(db).query("SELECT count(*) FROM articles WHERE on_topic")
    assert rows[0][0] > 0
    _, runs = Warehouse(db).query("SELECT status FROM runs")
    assert runs == [("completed",)]
    # The run wrote where its parameters said, not into the checkout it started in.
    assert (ROOT / "claimwatch.duckdb").exists() == checkout_had_db
