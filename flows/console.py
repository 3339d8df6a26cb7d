"""What a person sees: rich progress on a terminal, plain lines otherwise, and the summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.cycle import CycleSummary


class ConsoleReporter:
    """Progress bars when attached to a terminal; one plain line per event otherwise."""

    def __init__(self, stream: TextIO | None = None, *, force_plain: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream, highlight=False)
        self.fancy = self.console.is_terminal and not force_plain
        self._progress: Progress | None = None
        self._task: int | None = None
        self._stage = ""

    def _line(self, text: str) -> None:
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def stage(self, name: str, total: int | None = None) -> None:
        self.close()
        self._stage = name
        if self.fancy:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(name, total=total)
        else:
            count = f" ({total})" if total is not None else ""
            self._line(f"{name}{count}")

    def advance(self, label: str, error: str | None = None) -> None:
        if error:
            self._line(f"  failed: {error}")
        elif not self.fancy and self._stage == "polling feeds":
            self._line(f"  ok: {label}")
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)  # type: ignore[arg-type]

    def info(self, message: str) -> None:
        self._line(message)

    def warn(self, message: str) -> None:
        self._line(f"warning: {message}")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._task = None


def plain_value(value: object) -> object:
    """A query result value as people and CSV/JSON readers want it: times in ISO form."""
    return value.isoformat() if isinstance(value, datetime | date) else value


def result_table(
    columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None
) -> Table:
    """Query results as a rich table (NULL shown empty, times in ISO form)."""
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*("" if v is None else str(plain_value(v)) for v in row))
    return table


def summary_lines(summary: CycleSummary) -> list[str]:
    c = summary.counts
    lines = [
        f"run {summary.run_id} ({summary.topic})",
        (
            f"feeds: {c['feeds_polled']} polled, {c['feeds_ok']} new content, "
            f"{c['feeds_not_modified']} not modified, {c['feeds_failed']} failed, "
            f"{c['feeds_deferred']} deferred (backing off)"
        ),
        (
            f"articles: {c['articles_new']} new, {c['articles_changed']} changed, "
            f"{c['articles_unchanged']} unchanged, {c['articles_off_topic']} off-topic, "
            f"{c['page_errors']} page errors"
        ),
        f"claims: {c['claims']} extracted from {c['versions_extracted']} article versions",
    ]
    lines.append(
        f"flags: {c['flags_cross_outlet']} new contradictions between outlets, "
        f"{c['flags_drift']} drifts between versions, {c['flags_derived']} against derived levels"
    )
    if summary.alert_message:
        lines.append(f"alerts: {summary.alert_message}")
    for url, error in summary.feed_errors:
        lines.append(f"feed failed: {url}: {error}")
    for url, error in summary.page_errors[:20]:
        lines.append(f"page failed: {url}: {error}")
    if len(summary.page_errors) > 20:
        lines.append(f"... and {len(summary.page_errors) - 20} more page errors (see SQL)")
    for url, when in summary.deferred:
        due = when.isoformat(timespec="minutes") if when else "later"
        lines.append(f"feed deferred until {due} after failures: {url}")
    return lines
