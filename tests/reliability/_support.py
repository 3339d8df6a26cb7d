"""Helpers for the reliability suite: run `claimwatch` as a user does, in a subprocess, while
watching the memory of its whole process tree; read a warehouse file directly."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

MiB = 1 << 20

# One monitoring cycle in a fresh interpreter: `python -c RUN_CYCLE DB FEED...`. The stages run
# without the Prefect engine (seconds instead of a Prefect server start); settings come from the
# environment as for `claimwatch run` (SMTP included). `CW_TEST_KILL=module:Attr.path:when:N`
# (when: before|after) replaces that function with one that SIGKILLs this process before or
# after its N-th call: the crash points live here, on the test side, not in the product.
RUN_CYCLE = r"""
import importlib, os, signal, sys
from pathlib import Path

spec = os.environ.get("CW_TEST_KILL")
if spec:
    module, path, when, nth = spec.split(":")
    owner = importlib.import_module(module)
    *parents, attr = path.split(".")
    for name in parents:
        owner = getattr(owner, name)
    original = getattr(owner, attr)
    calls = [0]

    def killer(*args, **kwargs):
        calls[0] += 1
        if when == "before" and calls[0] == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if when == "after" and calls[0] == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, attr, killer)

from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.settings import settings_from_env

summary = run_cycle(settings_from_env(db_path=Path(sys.argv[1]), feeds=tuple(sys.argv[2:])))
print(dict(summary.counts), summary.alert_message)
"""


@dataclass(frozen=True)
class TreeRun:
    """A finished subprocess and what its process tree cost."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_tree: int  # bytes: the sum of every tree process's own peak RSS (VmHWM), an upper bound
    peak_main: int  # bytes: VmHWM of the process started
    processes: int  # how many processes the tree had, all told


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def run_watched(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    interval: float = 0.05,
) -> TreeRun:
    """Run `cmd`, sampling VmHWM of it and every descendant every `interval` seconds.

    VmHWM is a process's own high-water mark, so a sample taken at any time before the process
    exits catches its peak so far; summing the last value seen per process bounds the tree's
    peak from above (the processes need not have peaked at the same moment).
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env if env is not None else dict(os.environ),
    )
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            stack = [proc.pid]
            while stack:
                pid = stack.pop()
                value = _hwm(pid)
                if value is not None:
                    peaks[pid] = max(peaks.get(pid, 0), value)
                stack += _children(pid)
            done.wait(interval)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        raise AssertionError(
            f"{cmd[:4]} did not finish in {timeout} s:\n{stdout}\n{stderr}"
        ) from None
    finally:
        done.set()
        watcher.join(5)
    return TreeRun(
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        seconds=time.monotonic() - started,
        peak_tree=sum(peaks.values()),
        peak_main=peaks.get(proc.pid, 0),
        processes=len(peaks),
    )


def claimwatch_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimwatch.flows.cli", *args]


def claimwatch(
    *args: str, env_extra: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        claimwatch_cmd(*args), capture_output=True, text=True, timeout=timeout, env=env
    )


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def tables_containing(db: Path, needle: str) -> list[str]:
    """`table.column` for every column of every table whose text (cast to VARCHAR; BLOBs are
    decoded as latin-1-ish escapes by DuckDB, so ASCII needles are still found) holds `needle`."""
    hits = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in tables(con):
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?",
                [table],
            ).fetchall()
            for column, _type in columns:
                found = con.execute(
                    f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS VARCHAR) LIKE ?',
                    [f"%{needle}%"],
                ).fetchone()
                if found and found[0]:
                    hits.append(f"{table}.{column}")
    finally:
        con.close()
    return hits


def query(db: Path, text: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(text, params or []).fetchall()
    finally:
        con.close()
