"""What a person sees: rich progress on a terminal, plain lines otherwise, the summary, and query
results as tables that never hide a header or cut a value."""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TextIO

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from claimwatch.flows.cycle import CycleSummary


class ConsoleReporter:
    """Progress bars when attached to a terminal; one plain line per event otherwise.

    Failures are not printed as they happen: the summary names each one once, with its reason.
    Off a terminal, `ok:` lines name the feeds that answered (not those backing off)."""

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

    def advance(self, label: str, outcome: str = "ok") -> None:
        if outcome == "ok" and not self.fancy and self._stage == "polling feeds":
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


# -- the cycle's summary -----------------------------------------------------------------------


def summary_lines(summary: CycleSummary) -> list[str]:
    """The counts, then every failure once (its URL once: the error's own copy is dropped)."""
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
    if c["revisits"] or c["revisits_blocked_by_robots"] or summary.revisits_skipped:
        lines.insert(
            3,
            f"revisits: {c['revisits']} pages asked again, {c['revisits_changed']} changed, "
            f"{c['revisits_not_modified']} not modified, {c['revisits_unchanged']} unchanged, "
            f"{c['revisits_withdrawn']} withdrawn (404/410), {c['revisits_failed']} failed, "
            f"{c['revisits_blocked_by_robots']} blocked by robots.txt",
        )
    lines.append(
        f"flags: {c['flags_cross_outlet']} new contradictions between outlets, "
        f"{c['flags_drift']} drifts between versions, {c['flags_derived']} against derived levels"
    )
    if c["shards"]:
        done = c["shards"] - len(summary.shard_failures)
        lines.insert(1, f"shards: {done} of {c['shards']} completed")
        lines[2:2] = [f"  {label} {why}" for label, why in summary.shard_failures]
    if summary.alert_message:
        lines.append(f"alerts: {summary.alert_message}")
    for url, error in summary.feed_errors:
        lines.append(f"feed failed: {url}: {reason(url, error)}")
    for url, error in summary.page_errors[:20]:
        lines.append(f"page failed: {url}: {reason(url, error)}")
    if len(summary.page_errors) > 20:
        lines.append(f"... and {len(summary.page_errors) - 20} more page errors (see SQL)")
    for url, when in summary.deferred:
        due = when.isoformat(timespec="minutes") if when else "later"
        lines.append(f"feed deferred until {due} after failures: {url}")
    for host, why in summary.revisits_skipped:
        lines.append(f"revisits skipped: {host}: robots.txt unavailable ({why})")
    return lines


def reason(url: str, error: str) -> str:
    """An error without the URL it names again ("HTTP 503 for URL" beside URL: "HTTP 503")."""
    text = error.replace(f" for {url}", "").strip()
    return text or error


def verdict(summary: CycleSummary) -> str:
    """One plain sentence: did the cycle work, and what to do about feeds it did not poll."""
    c = summary.counts
    deferred = c["feeds_deferred"]
    force = (
        f"`claimwatch run --force` polls {'it' if deferred == 1 else 'them'} now"
        if deferred
        else ""
    )
    failure = summary.failure
    if failure:
        hints = [failure]
        if summary.unreachable:
            hints.append(
                "no feed's server could be reached (is this machine offline?); "
                "`claimwatch demo` shows claimwatch at work without a network"
            )
        if deferred:
            hints.append(f"next due {_due(summary)}; {force}")
        return "; ".join(hints)
    failed = []
    if c["feeds_failed"]:
        failed.append(f"{c['feeds_failed']} of {c['feeds_polled']} feeds")
    if c["pages_failed"]:
        failed.append(f"{c['pages_failed']} of {c['pages_requested']} pages")
    text = "cycle completed"
    if failed:
        text += f" with failures ({' and '.join(failed)} failed, listed above)"
    if deferred:
        text += (
            f"; {_plural(deferred, 'feed')} backing off after failures "
            f"{'was' if deferred == 1 else 'were'} not polled (next due {_due(summary)}; {force})"
        )
    return text


def one_line(summary: CycleSummary) -> str:
    """The cycle in one line, for `serve` and the flow run's state message."""
    c = summary.counts
    flags = c["flags_cross_outlet"] + c["flags_drift"] + c["flags_derived"]
    text = (
        f"feeds {c['feeds_polled']} polled, {c['feeds_failed']} failed, "
        f"{c['feeds_deferred']} deferred; articles {c['articles_new']} new, "
        f"{c['articles_changed']} changed; revisits {c['revisits']}, "
        f"{c['revisits_changed']} changed, {c['revisits_withdrawn']} withdrawn; "
        f"{c['claims']} claims; {flags} new flags; "
        f"{c['pages_failed']} page errors"
    )
    if c["shards"]:
        done = c["shards"] - len(summary.shard_failures)
        text = f"shards {done} of {c['shards']} completed; {text}"
    return f"{summary.failure} ({text})" if summary.failure else text


def _due(summary: CycleSummary) -> str:
    times = [when for _url, when in summary.deferred if when is not None]
    return min(times).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if times else "later"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- query results -----------------------------------------------------------------------------


def plain_value(value: object) -> object:
    """A query result value as people and CSV/JSON readers want it: times in ISO form, decimals
    as the number they are (DECIMAL(38, 6) 55.000000 is 55, 49.500000 is 49.5)."""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return value.isoformat() if isinstance(value, datetime | date) else value


def plain_decimal(value: Decimal) -> int | float | Decimal:
    """An int when whole; else the float whose shortest repr is the decimal's digits (49.5,
    0.45), so JSON carries a number; a decimal with more digits than a float keeps stays one."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # all but newline; tabs are expanded first


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(plain_value(value)).replace("\r\n", "\n").expandtabs(4)
    return _CONTROL.sub("\ufffd", text)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


class ResultTable:
    """Query results laid out like psql: an aligned table when it fits the width, else one
    record per block (`-[ RECORD 1 ]-`, psql's expanded mode), values wrapped, never cut.
    Headers are always shown in full. `lines(None)` is the table at its natural width (for
    output that is not a terminal). As a rich renderable it fits the console's width."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        title: str | None = None,
    ) -> None:
        self.columns = [str(c) for c in columns]
        self.cells = [[_cell(v) for v in row] for row in rows]
        self.title = title
        self.right = [
            any(_is_number(r[i]) for r in rows)
            and all(r[i] is None or _is_number(r[i]) for r in rows)
            for i in range(len(self.columns))
        ]
        self.widths = [
            max([cell_len(name), *(_width(r[i]) for r in self.cells)])
            for i, name in enumerate(self.columns)
        ]

    @property
    def table_width(self) -> int:
        return sum(w + 2 for w in self.widths) + max(len(self.widths) - 1, 0)

    def lines(self, width: int | None = None) -> list[str]:
        """The table (expanded when it is wider than `width`), with its title and row count."""
        out = [self.title] if self.title else []
        if not self.columns:
            return out
        if width is None or self.table_width <= width:
            out += self._table()
        else:
            out += self._expanded(width)
        n = len(self.cells)
        out.append(f"({n} row{'' if n == 1 else 's'})")
        return out

    def _table(self) -> list[str]:
        def line(cells: Sequence[str], more: Sequence[bool], right: Sequence[bool]) -> str:
            parts = [
                f" {_pad(text, w, r)}{'+' if m else ' '}"
                for text, w, m, r in zip(cells, self.widths, more, right, strict=True)
            ]
            return "|".join(parts).rstrip()

        left = [False] * len(self.columns)
        out = [line(self.columns, left, left), "+".join("-" * (w + 2) for w in self.widths)]
        for row in self.cells:
            split = [cell.split("\n") for cell in row]
            height = max(len(s) for s in split)
            for j in range(height):
                texts = [s[j] if j < len(s) else "" for s in split]
                more = [j < len(s) - 1 for s in split]  # psql's mark: the value goes on
                out.append(line(texts, more, self.right))
        return out

    def _expanded(self, width: int) -> list[str]:
        if not self.cells:
            return []
        key_width = max(cell_len(c) for c in self.columns)
        room = max(width - key_width - 3, 16)
        records = []
        for row in self.cells:
            body = []
            for name, cell in zip(self.columns, row, strict=True):
                pieces = [p for line in cell.split("\n") for p in _wrap(line, room)] or [""]
                for k, piece in enumerate(pieces):
                    key = name if k == 0 else ""
                    body.append(f"{_pad(key, key_width, False)} | {piece}".rstrip())
            records.append(body)
        used = min(max(cell_len(line) for body in records for line in body), width)
        out = []
        for number, body in enumerate(records, start=1):
            head = f"-[ RECORD {number} ]"
            if cell_len(head) <= key_width:
                head = f"{head}{'-' * (key_width + 1 - cell_len(head))}+"
            out.append(head + "-" * max(used - cell_len(head), 0))
            out += body
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.lines(options.max_width):
            yield Text(line, no_wrap=True, overflow="ignore")


def _width(cell: str) -> int:
    return max((cell_len(line) for line in cell.split("\n")), default=0)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - cell_len(text), 0)
    return gap + text if right else text + gap


def _wrap(line: str, width: int) -> list[str]:
    """A value's line cut into pieces of at most `width` cells (at spaces when it can)."""
    if cell_len(line) <= width:
        return [line]
    if cell_len(line) == len(line):  # no wide characters: textwrap counts them right
        return textwrap.wrap(
            line, width, break_long_words=True, break_on_hyphens=False, drop_whitespace=True
        ) or [""]
    return chop_cells(line, width)


def result_table(
    columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None
) -> ResultTable:
    """Query results as a renderable for a rich console (NULL shown empty, times in ISO form)."""
    return ResultTable(columns, rows, title)


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-style pipe table. A value's `|` and `\\` are escaped and line breaks become
    `<br>`, so every value stays in its cell."""

    def esc(value: object) -> str:
        text = _cell(value).replace("\\", "\\\\").replace("|", "\\|")
        return text.replace("\n", "<br>")

    right = [
        any(_is_number(r[i]) for r in rows) and all(r[i] is None or _is_number(r[i]) for r in rows)
        for i in range(len(columns))
    ]
    out = [
        "| " + " | ".join(esc(c) for c in columns) + " |",
        "|" + "|".join(" ---: " if r else " --- " for r in right) + "|",
    ]
    out += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return "\n".join(out) + "\n"
