"""The Prefect flows: a monitoring cycle, and re-extraction from stored text.

Tasks are coarse (one per stage, each batching its feeds or articles) because every task run
costs the Prefect server far more than a feed poll does. Writers never cache: a cached
side-effecting task would silently skip its work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from extractors.topic import Topic
from flows.cycle import (
    STAGES,
    CycleSummary,
    Reporter,
    SilentReporter,
    new_run_id,
)
from flows.settings import Settings, settings_from_env
from flows.topics import load_topic
from warehouse.store import Warehouse

# The terminal reporter is process state, not a flow parameter (parameters must serialize).
reporter_var: ContextVar[Reporter] = ContextVar("claimwatch_reporter", default=SilentReporter())


Stage = Callable[[Warehouse, Topic, Settings, CycleSummary, Reporter], None]

# One Prefect task per stage: poll-and-fetch, extract-claims, flag, alert.
TASK_NAMES = ("poll-and-fetch", "extract-claims", "flag", "alert")
STAGE_TASKS: tuple[Stage, ...] = tuple(
    task(name=name, cache_policy=NO_CACHE)(stage)
    for name, stage in zip(TASK_NAMES, STAGES, strict=True)
)


def run_cycle(
    settings: Settings, *, topic: Topic | None = None, stages: Sequence[Stage] = STAGES
) -> CycleSummary:
    """One cycle. The flow passes its Prefect tasks as stages; tests, the demo and benchmarks
    call the plain stage functions. Raises only when the cycle cannot run at all."""
    reporter = reporter_var.get()
    topic = topic or load_topic(settings.topic, feeds=settings.feeds)
    wh = Warehouse(settings.db_path, busy_timeout=settings.busy_timeout, on_wait=reporter.warn)
    wh.migrate()
    now = datetime.now(UTC)
    summary = CycleSummary(run_id=new_run_id(now), topic=topic.name, started_at=now)
    wh.start_run(summary.run_id, topic.name, now)
    status, message = "failed", "cycle did not finish"
    try:
        for stage in stages:
            stage(wh, topic, settings, summary, reporter)
        status = "failed" if summary.all_feeds_failed else "completed"
        message = "every feed failed" if summary.all_feeds_failed else "ok"
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        errors = len(summary.feed_errors) + len(summary.page_errors)
        wh.finish_run(summary.run_id, status, dict(summary.counts), errors, message)
    return summary


@flow(name="claimwatch-monitor", log_prints=False)
def monitor(
    topic: str = "mythos",
    db: str = "claimwatch.duckdb",
    feeds: list[str] | None = None,
    alerts: bool = True,
    model: str | None = None,
) -> CycleSummary:
    """Poll the topic's feeds, fetch new and changed articles, extract claims, flag, alert."""
    settings = settings_from_env(
        topic=topic, db_path=Path(db), feeds=tuple(feeds or ()), alerts=alerts, model=model
    )
    return run_cycle(settings, stages=STAGE_TASKS)


@flow(name="claimwatch-reextract", log_prints=False)
def reextract(
    topic: str = "mythos", db: str = "claimwatch.duckdb", model: str | None = None
) -> CycleSummary:
    """Re-derive entities and claims from stored text with the current extractor; no fetching."""
    settings = settings_from_env(topic=topic, db_path=Path(db), model=model)
    return reextract_stored(settings, stages=STAGE_TASKS[1:3])


def reextract_stored(
    settings: Settings, *, stages: Sequence[Stage] = STAGES[1:3]
) -> CycleSummary:
    """Extract (and flag) every stored version the current extractor has not read."""
    topic = load_topic(settings.topic, require_feeds=False)
    reporter = reporter_var.get()
    wh = Warehouse(settings.db_path, busy_timeout=settings.busy_timeout, on_wait=reporter.warn)
    wh.migrate()
    summary = CycleSummary(run_id=new_run_id(datetime.now(UTC)), topic=topic.name)
    for stage in stages:
        stage(wh, topic, settings, summary, reporter)
    return summary
