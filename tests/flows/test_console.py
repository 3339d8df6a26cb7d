"""What a person sees: plain lines when not on a terminal, a summary naming every failure once,
a plain verdict on the cycle, and query results that never hide a header or cut a value."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

from claimwatch.flows.console import (
    ConsoleReporter,
    ResultTable,
    markdown_table,
    summary_lines,
    verdict,
)
from claimwatch.flows.cycle import CycleSummary

BAD = "http://127.0.0.1/b.xml"


def test_plain_lines_off_a_terminal_say_ok_only_for_feeds_that_answered() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(out)
    assert not reporter.fancy
    reporter.stage("polling feeds", 3)
    reporter.advance("http://127.0.0.1/a.xml")
    reporter.advance(BAD, "failed")
    reporter.advance("http://127.0.0.1/c.xml", "deferred")
    reporter.warn("something odd")
    reporter.close()
    # A failure is told once, by the summary; a feed backing off did not answer: no `ok:`.
    assert out.getvalue().splitlines() == [
        "polling feeds (3)",
        "  ok: http://127.0.0.1/a.xml",
        "warning: something odd",
    ]


def test_progress_bars_on_a_terminal_leave_no_bar_behind() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(out)
    reporter.console.file = out
    reporter.fancy = True  # as on a terminal: rich draws a transient progress bar
    reporter.stage("fetching pages", 1)
    reporter.advance("http://127.0.0.1/x.html", "failed")
    reporter.warn("HTTP 404 for http://127.0.0.1/x.html")
    reporter.close()
    assert "HTTP 404 for http://127.0.0.1/x.html" in out.getvalue()


def _summary(**counts: int) -> CycleSummary:
    return CycleSummary(run_id="r1", topic="mythos", counts=Counter(counts))


def test_the_summary_counts_and_names_each_failure_once() -> None:
    summary = _summary(
        feeds_polled=3,
        feeds_ok=1,
        feeds_not_modified=1,
        feeds_failed=1,
        feeds_deferred=1,
        articles_new=2,
        articles_off_topic=1,
        claims=5,
        versions_extracted=2,
    )
    summary.feed_errors = [(BAD, f"HTTP 503 for {BAD}")]
    summary.deferred = [("http://127.0.0.1/c.xml", datetime(2026, 11, 27, 13, 0, tzinfo=UTC))]
    text = "\n".join(summary_lines(summary))
    assert "feeds: 3 polled, 1 new content, 1 not modified, 1 failed, 1 deferred" in text
    assert "articles: 2 new, 0 changed, 0 unchanged, 1 off-topic, 0 page errors" in text
    assert "claims: 5 extracted from 2 article versions" in text
    assert f"feed failed: {BAD}: HTTP 503" in text.splitlines()
    assert text.count(BAD) == 1  # the error's own copy of the URL is not repeated
    assert (
        "feed deferred until 2026-11-27T13:00+00:00 after failures: http://127.0.0.1/c.xml" in text
    )
    assert "every" not in text  # the verdict is said once, by the caller
    assert verdict(summary) == (
        "cycle completed with failures (1 of 3 feeds failed, listed above); 1 feed backing off "
        "after failures was not polled (next due 2026-11-27 13:00 UTC; `claimwatch run --force` "
        "polls it now)"
    )


def test_a_cycle_fails_when_every_request_failed_or_every_feed_backs_off() -> None:
    offline = _summary(feeds_polled=2, feeds_failed=2, feeds_unreachable=2)
    assert offline.failure == "every feed failed (2 of 2); nothing was read"
    assert "`claimwatch demo`" in verdict(offline)  # nothing could be reached: the demo works

    refused = _summary(feeds_polled=2, feeds_failed=2, feeds_unreachable=1)
    assert refused.failure and "`claimwatch demo`" not in verdict(refused)

    backing_off = _summary(feeds_deferred=8)
    backing_off.deferred = [(f"http://127.0.0.1/{i}.xml", None) for i in range(8)]
    assert backing_off.failure == "no feed was polled: all 8 feeds are backing off after failures"
    assert "`claimwatch run --force` polls them now" in verdict(backing_off)

    # Some request answered: the cycle worked, even if every page failed.
    pages_failed = _summary(feeds_polled=1, feeds_ok=1, pages_requested=3, pages_failed=3)
    assert pages_failed.failure is None
    assert verdict(pages_failed).startswith("cycle completed with failures (3 of 3 pages")

    # Nothing was due and nothing is failing (a digest, a re-extraction): a success.
    assert _summary().failure is None and verdict(_summary()) == "cycle completed"


# -- query results ---------------------------------------------------------------------------

COLUMNS = ["contradiction_id", "kind", "a_outlet", "a_value", "a_sentence", "detected_at"]
ROWS = [
    (
        "flag-0123456789abcdef",
        "cross_outlet",
        "Harbor Ledger",
        Decimal("40"),
        "Officials said about 40 organizations have access to Mythos today, a figure the "
        "company disputes.",
        datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
    ),
    ("flag-2", "drift", "Metro | Daily", 45.5, "Line one\nline two", None),
]


def test_a_table_that_fits_is_aligned_with_every_header_whole() -> None:
    lines = ResultTable(COLUMNS, ROWS).lines(None)
    header = lines[0]
    assert [h.strip() for h in header.split("|")] == COLUMNS
    assert set(lines[1]) == {"-", "+"}
    text = "\n".join(lines)
    assert "…" not in text
    assert "flag-0123456789abcdef" in text and "2026-11-20T12:00:00+00:00" in text
    assert ROWS[0][4] in text  # the whole sentence, on one line
    assert "Line one" in text and "line two" in text
    assert lines[-1] == "(2 rows)"
    # numbers are right-aligned in their column: they end where the column ends
    end = header.index("a_value") + len("a_value")
    assert [line[:end].split()[-1] for line in lines[2:4]] == ["40", "45.5"]


def test_a_table_wider_than_the_terminal_becomes_one_record_per_block() -> None:
    table = ResultTable(COLUMNS, ROWS)
    assert table.table_width > 80
    lines = table.lines(80)
    assert all(len(line) <= 80 for line in lines), lines
    assert lines[0].startswith("-[ RECORD 1 ]-")
    assert any(line.startswith("-[ RECORD 2 ]-") for line in lines)
    for name in COLUMNS:  # every header, whole, at the start of its line
        assert any(line.startswith(f"{name} ") for line in lines), name
    assert "…" not in "\n".join(lines)
    # a long value is wrapped, never cut: its words are all there, in order
    record = lines[: lines.index(next(x for x in lines if x.startswith("-[ RECORD 2")))]
    values = " ".join(line.split(" | ", 1)[1] for line in record if " | " in line)
    assert ROWS[0][4] in values


def test_a_rich_console_gets_the_layout_that_fits_it() -> None:
    from rich.console import Console

    narrow = io.StringIO()
    Console(file=narrow, width=60).print(ResultTable(COLUMNS, ROWS, title="flags"))
    lines = narrow.getvalue().splitlines()
    assert lines[:2] == ["flags", "-[ RECORD 1 ]----+" + "-" * 42]  # as wide as the console
    assert all(len(line) <= 60 for line in lines) and ROWS[0][0] in narrow.getvalue()
    wide = io.StringIO()
    Console(file=wide, width=400).print(ResultTable(COLUMNS, ROWS))
    assert wide.getvalue().splitlines()[0].split("|")[0].strip() == "contradiction_id"


def test_markdown_is_a_pipe_table_with_pipes_escaped() -> None:
    text = markdown_table(COLUMNS, ROWS)
    lines = text.splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert lines[1] == "| --- | --- | --- | ---: | --- | --- |"
    assert "| flag-2 | drift | Metro \\| Daily | 45.5 | Line one<br>line two |  |" in lines
    # every row splits into exactly its columns at the unescaped pipes
    for line in lines[2:]:
        cells = line.replace("\\|", "").strip("|").split("|")
        assert len(cells) == len(COLUMNS)
