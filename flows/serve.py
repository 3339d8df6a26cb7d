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
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx


class ServeError(RuntimeError):
    """The Prefect server could not be started or reached."""


def healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


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
    db: Path,
    every: float,
    host: str,
    port: int,
    home: Path,
    startup_timeout: float,
    say: Callable[[str], None],
) -> None:
    started: subprocess.Popen[bytes] | None = None
    api = os.environ.get("PREFECT_API_URL") or f"http://{host}:{port}/api"
    if healthy(api):
        say(f"using the Prefect server at {api}")
    elif "PREFECT_API_URL" in os.environ:
        raise ServeError(f"PREFECT_API_URL is {api}, but no Prefect server answers there")
    else:
        started = start_server(host, port, home, timeout=startup_timeout, say=say)
    # Prefect reads its settings when first imported: point it at the server before that.
    os.environ["PREFECT_API_URL"] = api
    try:
        _serve_deployments(topic, db.resolve(), every, say)
    finally:
        if started is not None:
            say("stopping the Prefect server")
            stop_server(started)


def _serve_deployments(topic: str, db: Path, every: float, say: Callable[[str], None]) -> None:
    from prefect import serve as prefect_serve
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron, Interval

    from flows import monitor
    from flows.deployments import deployment_specs

    deployments = []
    for spec in deployment_specs(topic=topic, db=str(db)):
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
    say(f"serving {', '.join(d.name for d in deployments)} for topic {topic} into {db}")
    # Ctrl-C ends serving; the caller then stops the server it started. A process started in
    # the background by a shell inherits SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: restore it, so Ctrl-C (or kill -INT) works however serve was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        prefect_serve(*deployments, print_starting_message=False)
