"""What a person sees: plain lines when not on a terminal, and a summary naming every failure."""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, datetime

from flows.console import ConsoleReporter, summary_lines
from flows.cycle import CycleSummary


def test_plain_lines_off_a_terminal() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(out)
    assert not reporter.fancy
    reporter.stage("polling feeds", 2)
    reporter.advance("http://127.0.0.1/a.xml")
    reporter.advance("http://127.0.0.1/b.xml", "HTTP 503 for http://127.0.0.1/b.xml")
    reporter.warn("something odd")
    reporter.close()
    assert out.getvalue().splitlines() == [
        "polling feeds (2)",
        "  ok: http://127.0.0.1/a.xml",
        "  failed: HTTP 503 for http://127.0.0.1/b.xml",
        "warning: something odd",
    ]


def test_progress_bars_on_a_terminal_leave_no_bar_behind() -> None:
    out = io.StringIO()
    reporter = ConsoleReporter(out)
    reporter.console.file = out
    reporter.fancy = True  # as on a terminal: rich draws a transient progress bar
    reporter.stage("fetching pages", 1)
    reporter.advance("http://127.0.0.1/x.html", "HTTP 404 for http://127.0.0.1/x.html")
    reporter.close()
    assert "HTTP 404 for http://127.0.0.1/x.html" in out.getvalue()


def test_the_summary_counts_and_names_failures() -> None:
    summary = CycleSummary(
        run_id="r1",
        topic="mythos",
        counts=Counter(
            feeds_polled=3,
            feeds_ok=1,
            feeds_not_modified=1,
            feeds_failed=1,
            articles_new=2,
            articles_off_topic=1,
            claims=5,
            versions_extracted=2,
        ),
        feed_errors=[("http://127.0.0.1/b.xml", "HTTP 503 for http://127.0.0.1/b.xml")],
        deferred=[("http://127.0.0.1/c.xml", datetime(2026, 11, 27, 13, 0, tzinfo=UTC))],
    )
    text = "\n".join(summary_lines(summary))
    assert "feeds: 3 polled, 1 new content, 1 not modified, 1 failed, 0 deferred" in text
    assert "articles: 2 new, 0 changed, 0 unchanged, 1 off-topic, 0 page errors" in text
    assert "claims: 5 extracted from 2 article versions" in text
    assert "feed failed: http://127.0.0.1/b.xml: HTTP 503" in text
    assert (
        "feed deferred until 2026-11-27T13:00+00:00 after failures: http://127.0.0.1/c.xml" in text
    )
