"""The Prefect flows: a monitoring cycle, the daily digest, and re-extraction from stored text.

Tasks are coarse (one per stage, each batching its feeds or articles) because every task run
costs the Prefect server far more than a feed poll does. Writers never cache: a cached
side-effecting task would silently skip its work. Every run holds the database's RunLock, so
scheduled and manual runs never interleave.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from claimwatch.extractors.topic import Topic, TopicError
from claimwatch.flows.cycle import STAGES, CycleSummary, Reporter, SilentReporter, new_run_id
from claimwatch.flows.maintain import DEFAULT_RETENTION, parse_retention, run_maintenance
from claimwatch.flows.settings import Settings, SettingsError, settings_from_env
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.errors import WarehouseError
from claimwatch.warehouse.lake import is_lake_url
from claimwatch.warehouse.store import Warehouse

# The terminal reporter is process state, not a flow parameter (parameters must serialize).
_SILENT = SilentReporter()  # stateless, so one shared default is safe
reporter_var: ContextVar[Reporter] = ContextVar("claimwatch_reporter", default=_SILENT)  # noqa: B039

Stage = Callable[[Warehouse, Topic, Settings, CycleSummary, Reporter], None]


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

# One Prefect task per stage: poll-and-fetch, extract-claims, flag, alert.
TASK_NAMES = ("poll-and-fetch", "extract-claims", "flag", "alert")
STAGE_TASKS: tuple[Stage, ...] = tuple(
    task(name=name, cache_policy=NO_CACHE)(stage)
    for name, stage in zip(TASK_NAMES, STAGES, strict=True)
)


def run_cycle(
    settings: Settings,
    *,
    topic: Topic | None = None,
    stages: Sequence[Stage] = STAGES,
    kind: str = "monitor",
) -> CycleSummary:
    """Run `stages` as one recorded run under the database's run lock. The flows pass their
    Prefect tasks; tests, the demo and benchmarks the plain stage functions. Raises only when
    the run cannot happen at all (bad topic, unusable database, another run in progress)."""
    reporter = reporter_var.get()
    topic = topic or load_topic(
        settings.topic, feeds=settings.feeds, require_feeds=kind == "monitor"
    )
    wh = Warehouse(
        settings.db_path,
        lake_data=settings.lake_data,
        busy_timeout=settings.busy_timeout,
        on_wait=reporter.warn,
    )
    wh.migrate()
    with wh.run_lock(topic.name, wait=settings.lock_wait):
        now = datetime.now(UTC)
        summary = CycleSummary(run_id=new_run_id(now), topic=topic.name, started_at=now)
        wh.start_run(summary.run_id, topic.name, now)
        status, message = "failed", "run did not finish"
        try:
            for stage in stages:
                stage(wh, topic, settings, summary, reporter)
            # A cycle that read nothing because every request failed (or every feed is backing
            # off) is a failed run, in the warehouse and in Prefect alike.
            failure = summary.failure
            status = "failed" if failure else "completed"
            message = failure or kind
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            errors = len(summary.feed_errors) + len(summary.page_errors)
            wh.finish_run(summary.run_id, status, dict(summary.counts), errors, message)
    return summary


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


@flow(name="claimwatch-monitor", log_prints=False)
def monitor(
    topic: str = "mythos",
    db: str = "claimwatch.duckdb",
    feeds: list[str] | None = None,
    alerts: bool = True,
    model: str | None = None,
    wait_for_lock: float = 0.0,
    force: bool = False,
    lake_data: str | None = None,
) -> State:
    """Poll the topic's feeds, fetch new and changed articles, extract claims, flag, alert.

    wait_for_lock: seconds to wait while another run holds the same database.
    force: poll feeds that are backing off after failures, too.
    lake_data: the lake's data directory when `db` is a lake URL."""
    return _finish(
        lambda: run_cycle(
            settings_from_env(
                topic=topic,
                db_path=_db(db),
                lake_data=_path(lake_data),
                feeds=tuple(feeds or ()),
                alerts=alerts,
                model=model,
                lock_wait=wait_for_lock,
                force_poll=force,
            ),
            stages=STAGE_TASKS,
        )
    )


@flow(name="claimwatch-digest", log_prints=False)
def digest(
    topic: str = "mythos",
    db: str = "claimwatch.duckdb",
    wait_for_lock: float = 0.0,
    lake_data: str | None = None,
) -> State:
    """Send the digest of developments not yet announced (and retry one that failed)."""
    return _finish(
        lambda: run_cycle(
            settings_from_env(
                topic=topic, db_path=_db(db), lake_data=_path(lake_data), lock_wait=wait_for_lock
            ),
            stages=STAGE_TASKS[3:],
            kind="digest",
        )
    )


@flow(name="claimwatch-reextract", log_prints=False)
def reextract(
    topic: str = "mythos",
    db: str = "claimwatch.duckdb",
    model: str | None = None,
    wait_for_lock: float = 0.0,
    lake_data: str | None = None,
) -> State:
    """Re-derive entities and claims from stored text with the current extractor; no fetching."""
    return _finish(
        lambda: reextract_stored(
            settings_from_env(
                topic=topic,
                db_path=_db(db),
                lake_data=_path(lake_data),
                model=model,
                lock_wait=wait_for_lock,
            ),
            stages=STAGE_TASKS[1:3],
        )
    )


@flow(name="claimwatch-maintain", log_prints=False)
def maintain(
    db: str = "claimwatch.duckdb", lake_data: str | None = None, retention: str = DEFAULT_RETENTION
) -> State:
    """Compact a lake's files and expire snapshots older than `retention` (e.g. 7d); on a DuckDB
    file only a checkpoint."""
    try:
        settings = settings_from_env(db_path=_db(db), lake_data=_path(lake_data), with_smtp=False)
        done = run_maintenance(settings, parse_retention(retention))
    except (SettingsError, WarehouseError) as exc:
        return Failed(message=str(exc))
    return Completed(message="; ".join(done.lines()), data=done)


def _db(db: str) -> Path | str:
    """A flow's `db` parameter: a lake URL stays a string, a file becomes a Path."""
    return db if is_lake_url(db) else Path(db)


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


def reextract_stored(settings: Settings, *, stages: Sequence[Stage] = STAGES[1:3]) -> CycleSummary:
    """Extract (and flag) every stored version the current extractor has not read."""
    return run_cycle(settings, stages=stages, kind="reextract")
