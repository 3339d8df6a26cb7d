"""`claimwatch status`: the warehouse at a glance (last runs, failing feeds, pending alerts), and
the same facts for the report's opening summary. Read-only; SQL in warehouse/queries/status_*."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from claimwatch.warehouse.store import Warehouse


@dataclass(frozen=True, slots=True)
class RunRow:
    run_id: str
    topic: str
    started_at: datetime
    finished_at: datetime | None
    status: str  # running | completed | failed | crashed
    errors: int | None
    message: str | None
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class FeedRow:
    feed_url: str
    outlet: str | None
    failures: int
    last_error: str | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    last_success_at: datetime | None


@dataclass(frozen=True, slots=True)
class Status:
    runs: tuple[RunRow, ...]  # newest first
    feeds: tuple[FeedRow, ...]  # failing first
    undigested: int  # developments no digest holds yet
    unsent_digests: int  # digests the SMTP server has not accepted
    unsent_items: int
    attempts: int | None
    last_error: str | None
    last_sent_at: datetime | None
    open_cross_outlet: int  # contradictions the latest versions still show
    open_drift: int
    open_disputes: int  # disagreements (each gathers some of the contradictions above)

    @property
    def topic(self) -> str | None:
        return self.runs[0].topic if self.runs else None

    @property
    def failing(self) -> tuple[FeedRow, ...]:
        return tuple(f for f in self.feeds if f.failures > 0)

    @property
    def pending_alerts(self) -> int:
        return self.undigested + self.unsent_items


def read_status(
    wh: Warehouse, runs: int = 5, topic: str | None = None, as_of: datetime | None = None
) -> Status:
    """The warehouse at a glance, for one topic (None: every topic), as it stood at `as_of`
    (None: now)."""
    run_rows = wh.read("status_runs", {"limit": runs, "topic": topic}, as_of=as_of)[1]
    feed_rows = wh.read("status_feeds", {"topic": topic}, as_of=as_of)[1]
    [alerts] = wh.read("status_alerts", {"topic": topic}, as_of=as_of)[1]  # one row
    [flags] = wh.read("status_flags", {"topic": topic}, as_of=as_of)[1]
    return Status(
        runs=tuple(_run(r) for r in run_rows),
        feeds=tuple(FeedRow(*r) for r in feed_rows),
        undigested=int(alerts[0]),
        unsent_digests=int(alerts[1]),
        unsent_items=int(alerts[2]),
        attempts=alerts[3],
        last_error=alerts[4],
        last_sent_at=alerts[5],
        open_cross_outlet=int(flags[0]),
        open_drift=int(flags[1]),
        open_disputes=int(flags[2]),
    )


def _run(row: Any) -> RunRow:
    run_id, topic, started_at, finished_at, status, errors, message, counts = row
    return RunRow(run_id, topic, started_at, finished_at, status, errors, message, _counts(counts))


def _counts(value: object) -> dict[str, int]:
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except ValueError:
            return {}
        return {k: v for k, v in loaded.items() if isinstance(v, int)}
    return {}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def when(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if at else "never"


def run_outcome(run: RunRow) -> str:
    """What a run did, in a few words: its counts when it completed, else why it did not."""
    c = run.counts
    if run.status == "running":
        return "in progress (or killed; the next run will tell)"
    if run.status != "completed":
        return run.message or run.status
    if run.message == "digest":
        return f"digest: {c.get('alerts_sent', 0)} sent"
    if run.message == "reextract":
        return (
            f"re-extracted {c.get('versions_extracted', 0)} versions: {c.get('claims', 0)} claims"
        )
    failed = c.get("feeds_failed", 0) + c.get("pages_failed", c.get("page_errors", 0))
    return (
        f"{c.get('feeds_polled', 0)} feeds polled, {c.get('feeds_deferred', 0)} deferred; "
        f"articles {c.get('articles_new', 0)} new, {c.get('articles_changed', 0)} changed; "
        f"{c.get('claims', 0)} claims; {_plural(failed, 'failure')}"
    )


def status_lines(status: Status, *, db: str, alerts_configured: bool) -> list[str]:
    """One screen: the last runs, the failing feeds, what alerts are waiting."""
    lines = [f"claimwatch status of {db}" + (f" (topic {status.topic})" if status.topic else "")]
    lines.append("")
    if not status.runs:
        lines.append("runs: none yet (`claimwatch run` runs one cycle)")
    else:
        lines.append("last runs (newest first):")
        for run in status.runs:
            mark = run.status if run.status == "completed" else run.status.upper()
            lines.append(f"  {when(run.started_at)}  {mark:<9}  {run_outcome(run)}")
    lines.append("")
    failing = status.failing
    if not status.feeds:
        lines.append("feeds: none polled yet")
    elif not failing:
        lines.append(f"feeds: all {len(status.feeds)} answered when last polled")
    else:
        lines.append(f"feeds failing: {len(failing)} of {len(status.feeds)}")
        for f in failing[:8]:
            times = "time" if f.failures == 1 else "times"
            lines.append(
                f"  {f.feed_url}: failed {f.failures} {times} in a row, last at "
                f"{when(f.last_polled_at)}; next poll {when(f.next_poll_at)}"
            )
            if f.last_error:
                lines.append(f"    {f.last_error.replace(f' for {f.feed_url}', '')}")
        if len(failing) > 8:
            lines.append(f"  ... and {len(failing) - 8} more (claimwatch sql: feed_health)")
    lines.append("")
    lines.append(f"disputes open: {status.open_disputes} (claimwatch disputes lists them)")
    lines.append(
        f"flags open: {_plural(status.open_cross_outlet, 'contradiction')} between outlets, "
        f"{_plural(status.open_drift, 'drift')} within articles"
    )
    lines.append(
        f"alerts pending: {status.pending_alerts} developments not yet emailed"
        + (f" (last digest sent {when(status.last_sent_at)})" if status.last_sent_at else "")
    )
    if status.unsent_digests:
        tries = f"{status.attempts} attempts" if status.attempts != 1 else "1 attempt"
        lines.append(
            f"  a digest of {status.unsent_items} is waiting to be resent ({tries}; last error: "
            f"{status.last_error or 'none'})"
        )
    if not alerts_configured:
        lines.append("  email is not configured (CLAIMWATCH_SMTP_HOST is not set)")
    elif status.pending_alerts:
        lines.append("  `claimwatch alerts send` sends them now")
    return lines
