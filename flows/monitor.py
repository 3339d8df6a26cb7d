"""The Prefect flows: a monitoring cycle on one machine, a sharded cycle for several, the
daily digest, re-extraction from stored text and lake maintenance.

Each flow reads as its table of contents: one Prefect task per step of flows/cycle.py (poll,
plan, fetch, store, revisit, extract, flag, alert), each step batching its feeds or articles,
because every task run costs the Prefect server far more than a feed poll does. Writers never
cache: a cached side-effecting task would silently skip its work. Every run holds a run lock
(flows/cycle.py, open_cycle), so scheduled and manual runs never do the same work at once.

On several machines (`cycle`): the topic's feeds are split by host into shards (flows/shards.py),
each shard a run of the `shard` deployment that any worker of the pool may pick up, all at
once, each storing into the one lake; then, once per cycle and over what every shard stored,
extract what a shard left, flag, and alert. The `cycle` deployment has a concurrency limit of 1
and its own work queue, so it never runs twice at once and never waits behind its shards.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from uuid import UUID

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from claimwatch.extractors.topic import TopicError
from claimwatch.flows import cycle as steps
from claimwatch.flows.cycle import (
    Cycle,
    CycleSummary,
    SilentReporter,
    open_cycle,
    reporter_var,
    run_cycle,
)
from claimwatch.flows.maintain import DEFAULT_RETENTION, parse_retention, run_maintenance
from claimwatch.flows.settings import Settings, SettingsError, settings_from_env
from claimwatch.flows.shards import shard_count
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.errors import WarehouseError
from claimwatch.warehouse.lake import is_lake_url

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun

__all__ = [
    "CycleFailed",
    "SilentReporter",
    "cycle",
    "digest",
    "maintain",
    "monitor",
    "reextract",
    "reextract_stored",
    "reporter_var",
    "run_cycle",
    "shard",
]

SHARD_DEPLOYMENT = "claimwatch-shard/shard"  # flow name / deployment name (prefect.yaml)


class CycleFailed(Exception):
    """A cycle that ran and read nothing (every request failed, or every feed is backing off).
    The data of its Failed state: Prefect wants an exception there; it carries the summary."""

    def __init__(self, summary: CycleSummary, message: str) -> None:
        super().__init__(message)
        self.summary = summary


class _QuietCycleFailed(logging.Filter):
    """Under a deployment Prefect logs a Failed run's exception as "Engine execution exited
    with unexpected exception" with a 40-line traceback. A CycleFailed is expected, and its
    message is already the run's state message (and `serve` prints it): drop that record."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], CycleFailed))


logging.getLogger("prefect.flow_runs").addFilter(_QuietCycleFailed())


def _step(name: str, fn: Callable[..., object]) -> Callable[..., object]:
    return task(name=name, cache_policy=NO_CACHE)(fn)


# The steps of a cycle as Prefect tasks (flows/cycle.py holds what each one does).
poll = _step("poll", steps.poll)
plan = _step("plan", steps.plan_fetches)
fetch = _step("fetch", steps.fetch)
store = _step("store", steps.store)
revisit = _step("revisit", steps.revisit)
extract = _step("extract", steps.extract)
flag = _step("flag", steps.flag)
alert = _step("alert", steps.alert)


def _read_the_web(c: Cycle) -> None:
    polled = poll(c)
    planned = plan(c, polled)
    pages = fetch(c, planned)
    store(c, polled, planned, pages)
    revisit(c)


def _finish(run: Callable[[], CycleSummary]) -> State:
    """Run, then leave a markdown summary in Prefect (the flow run's Artifacts tab). A run that
    cannot happen (bad topic or settings, unusable or busy database) ends as a Failed state
    carrying the one-line reason, not as a traceback."""
    try:
        summary = run()
    except (TopicError, SettingsError, WarehouseError) as exc:
        return Failed(message=str(exc))
    return _publish(summary)


def _publish(summary: CycleSummary) -> State:
    """The flow's final state, carrying the summary: Failed when the cycle read nothing because
    every request failed, else Completed. Its message is the one-line account `serve` prints."""
    from prefect.artifacts import create_markdown_artifact

    from claimwatch.flows.console import one_line, summary_lines, verdict

    body = "\n".join(f"- {line}" for line in [*summary_lines(summary), verdict(summary)])
    create_markdown_artifact(
        markdown=f"## claimwatch run {summary.run_id}\n\n{body}\n",
        key=f"claimwatch-{summary.topic}".lower().replace("_", "-"),
        description=f"claimwatch {summary.topic}: what this run found",
    )
    if summary.failure:
        return Failed(message=one_line(summary), data=CycleFailed(summary, summary.failure))
    return Completed(message=one_line(summary), data=summary)


def _settings(db: str | None, lake_data: str | None, **options: object) -> Settings:
    """A flow's settings: its parameters over the environment. A deployment that names no
    `db` writes where the worker's CLAIMWATCH_DB (and CLAIMWATCH_LAKE_DATA) point, so every
    machine's worker names the shared lake once, in its own environment; neither set, the
    default claimwatch.duckdb."""
    where: dict[str, object] = {}
    if db:
        where["db_path"] = db if is_lake_url(db) else Path(db)
    if lake_data:
        where["lake_data"] = Path(lake_data)
    return settings_from_env(**where, **options)


@flow(name="claimwatch-monitor", log_prints=False)
def monitor(
    topic: str = "mythos",
    db: str | None = None,
    feeds: list[str] | None = None,
    alerts: bool = True,
    model: str | None = None,
    wait_for_lock: float = 0.0,
    force: bool = False,
    lake_data: str | None = None,
) -> State:
    """Poll the topic's feeds, fetch new and changed articles, extract claims, flag, alert.

    db: a DuckDB file or a lake URL (default: $CLAIMWATCH_DB, else claimwatch.duckdb).
    wait_for_lock: seconds to wait while another run holds the same database.
    force: poll feeds that are backing off after failures, too.
    lake_data: the lake's data directory when `db` is a lake URL."""

    def run() -> CycleSummary:
        settings = _settings(
            db, lake_data, topic=topic, feeds=tuple(feeds or ()), alerts=alerts,
            model=model, lock_wait=wait_for_lock, force_poll=force,
        )  # fmt: skip
        with open_cycle(settings) as c:
            _read_the_web(c)
            extract(c)
            flag(c)
            alert(c)
        return c.summary

    return _finish(run)


@flow(name="claimwatch-shard", log_prints=False)
def shard(
    index: int,
    count: int,
    topic: str = "mythos",
    db: str | None = None,
    feeds: list[str] | None = None,
    model: str | None = None,
    wait_for_lock: float = 0.0,
    force: bool = False,
    lake_data: str | None = None,
) -> State:
    """Part `index` (from 0) of `count` of a sharded cycle: poll this part's feeds, fetch,
    store, revisit this part's pages, and extract this part's share of the stored versions.
    No flags and no alerts: the cycle does those once, over every shard. `feeds` replaces the
    topic's feed list (the cycle passes its own, so every shard splits the same list)."""

    def run() -> CycleSummary:
        settings = _settings(
            db, lake_data, topic=topic, feeds=tuple(feeds or ()), model=model,
            lock_wait=wait_for_lock, force_poll=force,
        )  # fmt: skip
        with open_cycle(settings, kind="shard", part=(index, count)) as c:
            _read_the_web(c)
            extract(c)
        return c.summary

    return _finish(run)


@dataclass(frozen=True, slots=True)
class ShardOutcome:
    """How one shard's flow run ended (after a retry, if it crashed)."""

    index: int
    state: str  # COMPLETED | FAILED | CRASHED | CANCELLED | ... (Prefect's state type)
    message: str
    attempts: int


@task(name="split", cache_policy=NO_CACHE)
def split(settings: Settings, wanted: int) -> int:
    """How many shards this cycle runs: `wanted`, at most one per feed host."""
    topic = load_topic(settings.topic, feeds=settings.feeds, require_feeds=True)
    return shard_count(topic.feeds, wanted)


@task(name="shards", cache_policy=NO_CACHE)
def run_shards(
    count: int, parameters: dict[str, object], deployment: str, timeout: float
) -> list[ShardOutcome]:
    """Start every shard as a run of the shard deployment, wait for all of them, and start a
    shard once more if its run crashed (its process was killed, its machine went away): what
    the killed run stored stays, and the new run does the rest. A shard that failed on its own
    (every feed of its part failed) is not retried: the next cycle tries again."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    def start(index: int) -> UUID:
        started = run_deployment(
            deployment,
            parameters={**parameters, "index": index, "count": count},
            timeout=0,  # start it and return: the shards run at once
            as_subflow=True,
        )
        return cast("FlowRun", started).id  # called from a sync flow: not a coroutine

    running = {index: start(index) for index in range(count)}
    attempts = dict.fromkeys(running, 1)
    done: dict[int, ShardOutcome] = {}
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while running:
            time.sleep(2)
            for index, run_id in list(running.items()):
                state = client.read_flow_run(run_id).state
                if state is None or not state.is_final():
                    continue
                del running[index]
                if state.type.value == "CRASHED" and attempts[index] < 2:
                    attempts[index] += 1
                    running[index] = start(index)
                    continue
                done[index] = ShardOutcome(
                    index, state.type.value, state.message or state.name or "", attempts[index]
                )
            if running and time.monotonic() > deadline:
                for index in running:
                    done[index] = ShardOutcome(
                        index, "TIMED_OUT", f"not finished after {timeout:.0f} s", attempts[index]
                    )
                break
    return [done[i] for i in sorted(done)]


def _missing_deployment(name: str) -> str | None:
    """Why the shards cannot start, when the server has no deployment `name` (the shard flow
    was never deployed, or a typo): one line saying what to do, rather than a traceback from
    each of `count` attempts to start it."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name(name)
        except ObjectNotFound:
            return (
                f"the cycle's shards run as deployment {name!r}, which this Prefect server "
                "does not have: deploy it (`prefect deploy --name shard`, prefect.yaml) or "
                "pass shard_deployment=<flow name>/<deployment name>"
            )
    return None


@flow(name="claimwatch-cycle", log_prints=False)
def cycle(
    topic: str = "mythos",
    db: str | None = None,
    feeds: list[str] | None = None,
    shards: int = 4,
    alerts: bool = True,
    model: str | None = None,
    wait_for_lock: float = 0.0,
    force: bool = False,
    lake_data: str | None = None,
    shard_deployment: str = SHARD_DEPLOYMENT,
    shard_timeout: float = 3600.0,
) -> State:
    """A cycle spread over workers: the topic's feeds (or `feeds`) split by host into up to
    `shards` parts, each a run of `shard_deployment` (run by any worker of its pool, all at
    once); then, once, over everything stored: extract what no shard did, flag, alert.
    shard_timeout: seconds to wait for the shards before flagging what they stored so far."""
    try:
        settings = _settings(
            db, lake_data, topic=topic, feeds=tuple(feeds or ()), alerts=alerts, model=model,
            lock_wait=wait_for_lock, force_poll=force,
        )  # fmt: skip
        count = split(settings, shards)
    except (TopicError, SettingsError) as exc:
        return Failed(message=str(exc))
    # The shards' parameters: what they store into is what this run names (or, named nowhere,
    # what the workers' environment names, the same on every machine of the pool).
    given = {"db": db, "lake_data": lake_data, "model": model, "feeds": feeds}
    parameters: dict[str, object] = {
        "topic": topic, "wait_for_lock": wait_for_lock, "force": force,
        **{k: v for k, v in given.items() if v is not None},
    }  # fmt: skip
    missing = _missing_deployment(shard_deployment)
    if missing:
        return Failed(message=missing)
    outcomes = run_shards(count, parameters, shard_deployment, shard_timeout)

    def conclude() -> CycleSummary:
        with open_cycle(settings, kind="cycle") as c:
            c.summary.counts["shards"] += len(outcomes)
            c.summary.shard_failures.extend(
                (f"shard {o.index + 1} of {count}", f"{o.state.lower()}: {o.message}")
                for o in outcomes
                if o.state != "COMPLETED"
            )
            extract(c)  # what a shard that did not finish left to read
            flag(c)
            alert(c)
        return c.summary

    return _finish(conclude)


@flow(name="claimwatch-digest", log_prints=False)
def digest(
    topic: str = "mythos",
    db: str | None = None,
    wait_for_lock: float = 0.0,
    lake_data: str | None = None,
) -> State:
    """Send the digest of developments not yet announced (and retry one that failed)."""

    def run() -> CycleSummary:
        settings = _settings(db, lake_data, topic=topic, lock_wait=wait_for_lock)
        with open_cycle(settings, kind="digest") as c:
            alert(c)
        return c.summary

    return _finish(run)


@flow(name="claimwatch-reextract", log_prints=False)
def reextract(
    topic: str = "mythos",
    db: str | None = None,
    model: str | None = None,
    wait_for_lock: float = 0.0,
    lake_data: str | None = None,
) -> State:
    """Re-derive entities and claims from stored text with the current extractor; no fetching."""

    def run() -> CycleSummary:
        settings = _settings(db, lake_data, topic=topic, model=model, lock_wait=wait_for_lock)
        with open_cycle(settings, kind="reextract") as c:
            extract(c)
            flag(c)
        return c.summary

    return _finish(run)


@flow(name="claimwatch-maintain", log_prints=False)
def maintain(
    db: str | None = None, lake_data: str | None = None, retention: str = DEFAULT_RETENTION
) -> State:
    """Compact a lake's files and expire snapshots older than `retention` (e.g. 7d); on a DuckDB
    file only a checkpoint."""
    try:
        settings = _settings(db, lake_data, with_smtp=False)
        done = run_maintenance(settings, parse_retention(retention))
    except (SettingsError, WarehouseError) as exc:
        return Failed(message=str(exc))
    return Completed(message="; ".join(done.lines()), data=done)


def reextract_stored(settings: Settings) -> CycleSummary:
    """Extract (and flag) every stored version the current extractor has not read."""
    return run_cycle(settings, stages=(steps.extract, steps.flag), kind="reextract")
