"""`claimwatch serve`: the deployments on their schedules, on this machine, with one command.

A flow served against Prefect's temporary (embedded) server never runs on schedule: that
server has no scheduler. So serve starts a real `prefect server start` (or reuses one that is
already healthy, or the one PREFECT_API_URL names), waits until it answers, registers the
deployments and runs them until interrupted. Ctrl-C stops only what serve started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from claimwatch.warehouse.backend import location


class ServeError(RuntimeError):
    """The Prefect server could not be started or reached."""


@dataclass(frozen=True, slots=True)
class Probe:
    """What answers at an API address: a Prefect server, another program, or nothing."""

    kind: str  # prefect | other | none
    detail: str = ""  # for `other`: what it answered


def probe(api_url: str) -> Probe:
    """Ask `api_url` whether it is a Prefect server. A web dev server answers HTTP 200 to any
    path, so a 200 from /health is not enough: Prefect's health check answers the JSON `true`
    and /admin/version a version string."""
    api = api_url.rstrip("/")
    path = httpx.URL(api).path
    try:
        health = httpx.get(f"{api}/health", timeout=2.0)
    except (httpx.ConnectError, httpx.ConnectTimeout):
        return Probe("none")
    except httpx.HTTPError as exc:
        return Probe("other", f"it does not speak HTTP as expected: {type(exc).__name__}")
    if health.status_code != 200 or _json(health) is not True:
        return Probe(
            "other", f"GET {path}/health answered HTTP {health.status_code}, {_sample(health)}"
        )
    try:
        version = httpx.get(f"{api}/admin/version", timeout=2.0)
    except httpx.HTTPError as exc:
        return Probe("other", f"GET {path}/admin/version failed: {type(exc).__name__}")
    if version.status_code != 200 or not isinstance(_json(version), str):
        return Probe(
            "other",
            f"GET {path}/admin/version answered HTTP {version.status_code}, {_sample(version)}",
        )
    return Probe("prefect", str(_json(version)))


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _sample(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "no content type").split(";")[0]
    text = " ".join(response.text[:40].split())
    return f"{kind} {text!r}" if text else kind


def healthy(api_url: str) -> bool:
    return probe(api_url).kind == "prefect"


def start_server(
    host: str, port: int, home: Path, *, timeout: float, say: Callable[[str], None]
) -> subprocess.Popen[bytes]:
    """Start `prefect server start` in the background and wait until /api/health answers."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PREFECT_HOME=str(home))
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "ab")  # noqa: SIM115 - handed to the child process
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C in the terminal is ours to handle, not the server's
        preexec_fn=_die_with_parent,
    )
    log.close()
    api = f"http://{host}:{port}/api"
    say(f"starting a Prefect server at {api} (log: {home / 'server.log'})")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServeError(
                f"the Prefect server exited with status {proc.returncode}; "
                f"see {home / 'server.log'}"
            )
        if healthy(api):
            return proc
        time.sleep(0.5)
    stop_server(proc)
    raise ServeError(f"the Prefect server at {api} did not become healthy in {timeout:.0f} s")


def _die_with_parent() -> None:
    """In the server's process, before exec: on Linux, ask for SIGTERM when serve dies, so a
    serve killed outright (SIGKILL) does not leave an orphaned server holding its port."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def serve(
    *,
    topic: str,
    db: str,
    every: float,
    host: str,
    lake_data: str | None = None,
    port: int,
    home: Path,
    startup_timeout: float,
    say: Callable[[str], None],
    show: Callable[[str], None] = print,
) -> None:
    """Serve the deployments for the warehouse `db` (a file's absolute path, or a lake URL with
    its data directory `lake_data`) until interrupted. `say` gets status lines and warnings,
    `show` one line per finished run of a claimwatch deployment."""
    started: subprocess.Popen[bytes] | None = None
    api = os.environ.get("PREFECT_API_URL") or f"http://{host}:{port}/api"
    found = probe(api)
    if found.kind == "prefect":
        say(f"using the Prefect server at {api} (Prefect {found.detail})")
    elif "PREFECT_API_URL" in os.environ:
        if found.kind == "other":
            raise ServeError(
                f"PREFECT_API_URL is {api}, but what answers there is not a Prefect server "
                f"({found.detail})"
            )
        raise ServeError(f"PREFECT_API_URL is {api}, but no Prefect server answers there")
    elif found.kind == "other":
        raise ServeError(
            f"{host}:{port} is in use by another program, not a Prefect server "
            f"({found.detail}); stop it or pass --port with a free port"
        )
    else:
        started = start_server(host, port, home, timeout=startup_timeout, say=say)
    # Prefect reads its settings when first imported: point it at the server before that.
    os.environ["PREFECT_API_URL"] = api
    watcher = CycleWatcher(api, show=show, warn=lambda m: say(f"warning: {m}"))
    watcher.start()
    try:
        _serve_deployments(topic, db, lake_data, every, say)
    finally:
        watcher.stop()
        if started is not None:
            say("stopping the Prefect server")
            stop_server(started)


def _serve_deployments(
    topic: str, db: str, lake_data: str | None, every: float, say: Callable[[str], None]
) -> None:
    from prefect import serve as prefect_serve
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron, Interval

    from claimwatch.flows import monitor
    from claimwatch.flows.deployments import deployment_specs

    deployments = []
    for spec in deployment_specs(topic=topic, db=db, lake_data=lake_data):
        if spec.pool_only:  # the sharded cycle needs a work pool's workers, not serve
            continue
        flow = getattr(monitor, spec.flow)
        schedules = []
        if spec.interval is not None:
            # Anchored just ahead of now: the first cycle runs right away, not 15 minutes on.
            start = datetime.now(UTC) + timedelta(seconds=10)
            schedules.append(Interval(timedelta(minutes=every), anchor_date=start))
        if spec.cron is not None:
            schedules.append(Cron(spec.cron, timezone="UTC"))
        deployments.append(
            flow.to_deployment(
                name=spec.name,
                schedules=schedules,
                parameters=spec.parameters,
                description=spec.description,
                concurrency_limit=1,
                # Import by module path, so runs work from any directory once installed.
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    where = str(location(db, lake_data))  # a lake without its password
    say(f"serving {', '.join(d.name for d in deployments)} for topic {topic} into {where}")
    # Ctrl-C ends serving; the caller then stops the server it started. A process started in
    # the background by a shell inherits SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: restore it, so Ctrl-C (or kill -INT) works however serve was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        prefect_serve(*deployments, print_starting_message=False)


# -- one line per finished run ------------------------------------------------------------------

_FLOWS = {
    "claimwatch-monitor": "monitor",
    "claimwatch-cycle": "cycle",
    "claimwatch-shard": "shard",
    "claimwatch-digest": "digest",
    "claimwatch-reextract": "reextract",
}
_TERMINAL = ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"]


class CycleWatcher:
    """Asks the Prefect API every few seconds for claimwatch flow runs that finished since
    serve started, and prints one line for each: its end time and the run's own one-line
    account (the final state's message: counts and failures). A run that did not complete is a
    warning. The API is the one place that sees every run, wherever it was executed, and a run
    that crashed says nothing itself."""

    def __init__(
        self,
        api_url: str,
        *,
        show: Callable[[str], None],
        warn: Callable[[str], None],
        every: float = 3.0,
    ) -> None:
        self.api = api_url.rstrip("/")
        self.show = show
        self.warn = warn
        self.every = every
        self.since = datetime.now(UTC)
        self._seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="claimwatch-cycles", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        failing = False
        while not self._stop.wait(self.every):
            try:
                self.check()
                failing = False
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                if not failing:  # once per outage, not every few seconds
                    self.warn(f"cannot read finished runs from {self.api}: {exc}")
                failing = True

    def check(self) -> None:
        """Print every claimwatch run that finished since the last check."""
        body = {
            "flows": {"name": {"any_": sorted(_FLOWS)}},
            "flow_runs": {
                "end_time": {"after_": self.since.isoformat()},
                "state": {"type": {"any_": _TERMINAL}},
            },
            "sort": "END_TIME_DESC",
            "limit": 50,
        }
        with httpx.Client(timeout=10.0) as client:
            runs = client.post(f"{self.api}/flow_runs/filter", json=body)
            runs.raise_for_status()
            flows = client.post(
                f"{self.api}/flows/filter", json={"flows": {"name": {"any_": sorted(_FLOWS)}}}
            )
            flows.raise_for_status()
        names = {f["id"]: _FLOWS.get(f["name"], f["name"]) for f in flows.json()}
        for run in sorted(runs.json(), key=lambda r: r["end_time"]):
            if run["id"] in self._seen:
                continue
            self._seen.add(run["id"])
            self._print(names.get(run["flow_id"], "run"), run)

    def _print(self, what: str, run: dict[str, object]) -> None:
        state = run.get("state") or {}
        assert isinstance(state, dict)
        kind = str(state.get("type", "")).lower()
        message = str(state.get("message") or "").strip()
        ended = datetime.fromisoformat(str(run["end_time"])).astimezone(UTC)
        when = ended.strftime("%Y-%m-%d %H:%M:%S UTC")
        if kind == "completed":
            self.show(f"{when} {what} completed: {message or 'no summary'}")
        else:
            self.warn(
                f"{when} {what} {kind.upper()}: {message or 'no message'} "
                f"(flow run {run.get('name')}, see the Prefect UI)"
            )
