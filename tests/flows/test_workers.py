"""The README's "Several machines" recipe, executed as written against real parts: PostgreSQL
(the test session's cluster) holding the Prefect server's database and the lake's catalog, a
Prefect server on it, a process work pool, `prefect deploy` of the sharded cycle, two Prefect
workers ("two machines") with the lake in their environment, and cycles started with `prefect
deployment run`. Then the issue's promises, checked on what the workers stored:

- two shards ran at once on the two workers, into one lake;
- a shard's flow-run process SIGKILLed mid-run (after it stored articles, before it recorded
  its feed polls) is started again by the cycle and loses nothing;
- nothing is stored twice, and articles, versions, claims, flags and disputes equal those of a
  single process running the same two cycles over the same coverage into a DuckDB file.

Each command comes from the README's code block, so the recipe cannot drift from what works.
The substitutions keep the test on this machine: `db-host:5432` becomes the test cluster,
`prefect-host:4200` and `0.0.0.0:4200` a Prefect server on 127.0.0.1 and a free port,
`/mnt/shared/claimwatch-lake` a folder in tmp_path; step 4 runs twice (two worker machines),
and the cycle run gets the test's feeds. The server's scheduler is off, so only the runs the
test starts write anything. The coverage is the bundled sample, served from two hosts
(127.0.0.2 and 127.0.0.3: loopback addresses, so nothing leaves the machine), so the cycle
splits it into two shards.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.serve import stop_server
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.backend import Lake
from claimwatch.warehouse.store import Warehouse
from tests.flows.test_lake_cli import COMPARED
from tests.flows.test_shards import assert_stored_once
from tests.support.postgres import PostgresCluster, postgres  # noqa: F401

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FIRST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e ."
CRASHPOINT = Path(__file__).resolve().parents[1] / "support" / "crashpoint"
# Where a shard dies: after it stored the pages' articles and its feed entries, before it
# recorded its feed polls (so the next run polls those feeds again) or extracted anything.
KILL_AT = "claimwatch.warehouse.store:Warehouse.record_entries:after:1"
FINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


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


class Recipe:
    """Runs the README's commands with this machine's substitutions."""

    def __init__(self, tmp: Path, cluster: PostgresCluster) -> None:
        self.tmp = tmp
        self.cluster = cluster
        self.port = _free_port()
        self.api = f"http://127.0.0.1:{self.port}/api"
        self.lake_data = tmp / "lake-data"
        self.lake_data.mkdir()
        self.background: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CLAIMWATCH_"))
        }
        self.env.update(
            PREFECT_HOME=str(tmp / "prefect-home"),
            DO_NOT_TRACK="1",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",  # only the runs started here
            PREFECT_WORKER_QUERY_SECONDS="2",
            PREFECT_LOGGING_LEVEL="WARNING",
        )

    def substitute(self, text: str) -> str:
        c = self.cluster
        return (
            text.replace("db-host:5432", f"{c.host}:{c.port}")
            .replace("host=db-host port=5432", f"host={c.host} port={c.port}")
            .replace("-h db-host -p 5432", f"-h {c.host} -p {c.port}")
            .replace("prefect-host:4200", f"127.0.0.1:{self.port}")
            .replace("/mnt/shared/claimwatch-lake", str(self.lake_data))
            .replace("$PWD", str(ROOT))
        )

    def argv(self, command: str) -> list[str]:
        out = []
        for word in shlex.split(self.substitute(command)):
            if word.startswith(".venv/bin/"):
                word = str(VENV_BIN / word.removeprefix(".venv/bin/"))
            elif word in ("createdb", "psql"):
                word = str(self.cluster.bindir / word)
            out.append(word)
        if out[1:3] == ["server", "start"]:
            out = [a.replace("0.0.0.0", "127.0.0.1").replace("4200", str(self.port)) for a in out]
        return out

    def run(self, command: str, env: dict[str, str], *, extra: Sequence[str] = ()) -> str:
        argv = [*self.argv(command), *extra]
        out = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, f"{command}:\n{out.stdout}\n{out.stderr}"
        return out.stdout

    def start(self, name: str, command: str, env: dict[str, str]) -> None:
        log = self.tmp / f"{name}.log"
        with log.open("ab") as sink:
            proc = subprocess.Popen(
                self.argv(command), cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.background.append((name, proc))

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}:\n" + (self.tmp / f"{name}.log").read_text(errors="replace")[-3000:]
            for name, _ in self.background
        )

    def wait_healthy(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        name, proc = self.background[-1]
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"the Prefect server exited:\n{self.logs()}"
            try:
                if httpx.get(f"{self.api}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"no healthy Prefect server after {timeout} s:\n{self.logs()}")

    def stop_all(self) -> None:
        for _name, proc in reversed(self.background):
            stop_server(proc)  # SIGTERM to its process group, SIGKILL if it lingers

    # -- the Prefect API -----------------------------------------------------------------

    def flow_run(self, run_id: str) -> dict[str, object]:
        return dict(httpx.get(f"{self.api}/flow_runs/{run_id}", timeout=10).json())

    def wait_final(self, run_id: str, timeout: float = 900) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while True:
            run = self.flow_run(run_id)
            state = run["state"]
            assert isinstance(state, dict)
            if state["type"] in FINAL:
                return run
            assert time.monotonic() < deadline, f"run still {state['type']}:\n{self.logs()}"
            time.sleep(2)

    def shard_runs(self) -> list[dict[str, object]]:
        """Every flow run of the shard deployment, oldest first."""
        found = httpx.post(
            f"{self.api}/flow_runs/filter",
            json={"flows": {"name": {"any_": ["claimwatch-shard"]}}, "sort": "START_TIME_ASC"},
            timeout=10,
        )
        found.raise_for_status()
        return list(found.json())


@pytest.fixture()
def two_hosts() -> Iterator[tuple[SampleServer, SampleServer]]:
    with SampleServer(host="127.0.0.2") as a, SampleServer(host="127.0.0.3") as b:
        yield a, b


def _feeds(a: SampleServer, b: SampleServer) -> list[str]:
    """The sample's feeds, alternately from each host (pages live on their feed's host)."""
    specs = [s for s in feed_specs(a.base_url) if s.kind != "google_news"]
    return [
        s.url if i % 2 == 0 else s.url.replace(a.base_url, b.base_url) for i, s in enumerate(specs)
    ]


def _start_cycle(r: Recipe, command: str, env: dict[str, str], feeds: list[str]) -> str:
    """Step 5's `prefect deployment run`, with the test's feeds; the new flow run's id."""
    out = r.run(command, env, extra=["--params", json.dumps({"feeds": feeds, "alerts": False})])
    found = re.search(r"UUID:\s*([0-9a-f-]{36})", out)
    assert found, out
    return found.group(1)


# What is compared with the single process: test_lake_cli's columns, except where a row names
# a syndicated story. A story's id is its first-seen copy's, and which copy of a wire story is
# seen first depends on which shard got there first; so a flag is compared by what disagrees
# (both sides' value and interval, whichever is a and b) and a dispute's positions by their
# intervals, values, outlets and claims, not by story ids or the copy quoted.
_SIDE = "concat_ws('|', {p}_value, {p}_low, {p}_high)"
WORKERS_COMPARED = {
    **COMPARED,
    "contradictions": "kind, basis, measure, claim_kind, modality, current, "
    f"least({_SIDE.format(p='a')}, {_SIDE.format(p='b')}), "
    f"greatest({_SIDE.format(p='a')}, {_SIDE.format(p='b')})",
    "disputes": "dispute_id, measure, kind, modality, subject, outlets, status, "
    "list_transform(positions, p -> {'low': p.low, 'high': p.high, 'values': p.values, "
    "'outlets': p.outlets, 'claims': list_sort(p.claim_ids)})",
}


def _rows(wh: Warehouse, view: str) -> list[tuple[object, ...]]:
    return wh.query(f"SELECT {WORKERS_COMPARED[view]} FROM {view} ORDER BY ALL")[1]


def test_the_several_machines_recipe_shards_a_cycle_over_two_workers_into_one_lake(
    tmp_path: Path,
    postgres: PostgresCluster,  # noqa: F811
    two_hosts: tuple[SampleServer, SampleServer],
) -> None:
    commands = recipe()
    checkout_had_db = (ROOT / "claimwatch.duckdb").exists()
    a, b = two_hosts
    feeds = _feeds(a, b)
    r = Recipe(tmp_path, postgres)
    marker = tmp_path / "killed.pid"
    ran: list[str] = []
    cycles: list[str] = []
    start_cycle: tuple[str, dict[str, str]] = ("", {})
    worker_env: dict[str, str] = {}
    try:
        step_env = dict(r.env)
        for line in commands:
            if line == FIRST_COMMAND:
                # This interpreter's venv is that install; the README's first command made it.
                # From here on the commands are a worker machine's (step 4).
                worker_env = dict(step_env)
                ran.append(line)
                continue
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").partition("=")
                value = r.substitute(value).strip('"')
                (worker_env if worker_env else step_env)[name] = value
                ran.append(line)
                continue
            env = worker_env or step_env
            command, prefix_env = line, {}
            while re.match(r"^[A-Z_]+=\S+ ", command):
                assignment, command = command.split(" ", 1)
                key, _, value = assignment.partition("=")
                prefix_env[key] = r.substitute(value)
            env = {**env, **prefix_env}
            argv = r.argv(command)
            if argv[1:3] == ["server", "start"]:
                r.start("server", command, {k: v for k, v in env.items() if k != "PREFECT_API_URL"})
                r.wait_healthy()
            elif argv[1:3] == ["worker", "start"]:
                # Two worker machines; each shard's flow-run process inherits the crash point,
                # and the first to store its feed entries dies there (once).
                killing = {
                    "PYTHONPATH": str(CRASHPOINT),
                    "CW_TEST_KILL": KILL_AT,
                    "CW_TEST_KILL_ONCE": str(marker),
                }
                for n in (1, 2):
                    r.start(f"worker-{n}", command, {**env, **killing})
            elif argv[1:3] == ["deployment", "run"]:
                start_cycle = (command, env)
                cycles.append(_start_cycle(r, command, env, feeds))
            elif argv[0].endswith("claimwatch"):
                # Each worker machine runs it: the first migrates, the second finds it done.
                for _machine in (1, 2):
                    r.run(command, env)
            else:
                r.run(command, env)
            ran.append(line)
        assert ran == commands
        assert len(cycles) == 1, "the recipe started no cycle"

        first = r.wait_final(cycles[0])
        assert first["state"]["type"] == "COMPLETED", (first["state"], r.logs())  # type: ignore[index]
        reference = tmp_path / "one-process.duckdb"
        single = Settings(db_path=reference, feeds=tuple(feeds), alerts=False)
        run_cycle(single)

        # Cycle 2: the second day of coverage (corrections, new stories); no shard dies now.
        for server in two_hosts:
            server.set_phase(2)
        second = r.wait_final(_start_cycle(r, *start_cycle, feeds))
        assert second["state"]["type"] == "COMPLETED", (second["state"], r.logs())  # type: ignore[index]
        run_cycle(single)
        shards = r.shard_runs()
    finally:
        r.stop_all()
        Lake.close_shared()

    # Two shards per cycle, run by the two workers; in the first cycle one was killed (its
    # run CRASHED) and started again.
    states = [s["state"]["type"] for s in shards]  # type: ignore[index]
    assert marker.exists(), "no shard reached the crash point"
    assert states.count("CRASHED") == 1 and states.count("COMPLETED") == 4, states
    assert {s["parameters"]["count"] for s in shards} == {2}  # type: ignore[index]
    # The second cycle's two shards ran at the same time.
    last = sorted(shards, key=lambda s: str(s["start_time"]))[-2:]
    assert max(str(s["start_time"]) for s in last) < min(str(s["end_time"]) for s in last), last

    lake = Warehouse(worker_env["CLAIMWATCH_DB"], lake_data=worker_env["CLAIMWATCH_LAKE_DATA"])
    file = Warehouse(reference)
    try:
        # Nothing stored twice: each id once in the facts.
        assert_stored_once(lake)
        # Everything a single process stores over the same coverage, and nothing more.
        for view in WORKERS_COMPARED:
            assert _rows(lake, view) == _rows(file, view), view
        # The killed shard's run never finished; every other run completed.
        # (Cycle 1: two shards, the killed one's second run, the cycle's own; cycle 2: three.)
        _, runs = lake.query("SELECT status, count(*) FROM runs GROUP BY ALL")
        assert dict(runs) == {"completed": 6, "crashed": 1}, runs
        _, parts = lake.query("SELECT DISTINCT part FROM runs ORDER BY ALL")
        assert parts == [("shard-0-of-2",), ("shard-1-of-2",), (None,)], parts
    finally:
        Lake.close_shared()
    # The runs wrote where the workers' environment said, not into the checkout.
    assert (ROOT / "claimwatch.duckdb").exists() == checkout_had_db
