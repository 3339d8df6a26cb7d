"""Polling policy on a real local server: failing feeds back off (Retry-After honoured) but are
never dropped, and a page that fails falls back to the feed's text."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.poll import BACKOFF_BASE, BACKOFF_MAX, next_poll_after_failure
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import Warehouse
from tests.support import hostile
from tests.support.httpserver import TestServer

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quayside Courier</title><link>{base}/</link>
<item><title>Anthropic's Mythos access plan meets White House doubts</title>
<link>{base}/story.html</link><guid>{base}/story.html</guid>
<pubDate>Wed, 18 Nov 2026 09:00:00 GMT</pubDate>
<description>Anthropic wants about 70 more organizations to get Mythos, and the White House is
not persuaded. Officials said the model's cyber abilities call for a slower rollout, and that
about 50 organizations using it today is enough for now. Anthropic said demand is strong and
that compute deals with several cloud providers will ease the strain within months. The
dispute is the latest in a series between the company and the administration over AI policy,
and neither side expects it to end soon. Industry groups have asked both to meet again.
</description></item></channel></rss>"""


def test_backoff_doubles_with_jitter_and_respects_retry_after() -> None:
    rng = random.Random(7)
    delays = [next_poll_after_failure(NOW, n, None, rng) - NOW for n in (1, 2, 3, 20)]
    assert BACKOFF_BASE * 0.8 <= delays[0] <= BACKOFF_BASE * 1.2
    assert BACKOFF_BASE * 1.6 <= delays[1] <= BACKOFF_BASE * 2.4
    assert BACKOFF_BASE * 3.2 <= delays[2] <= BACKOFF_BASE * 4.8
    assert delays[3] <= BACKOFF_MAX * 1.2
    assert next_poll_after_failure(NOW, 1, 7200.0, rng) - NOW == timedelta(hours=2)


def _settings(tmp_path: Path, *feeds: str) -> Settings:
    return Settings(db_path=tmp_path / "cw.duckdb", feeds=feeds, alerts=False)


def test_a_failing_feed_is_polled_less_often_but_never_dropped(tmp_path: Path) -> None:
    with TestServer() as server:
        server.static("/feed.xml", FEED.replace(b"{base}", server.base_url.encode()))
        server.route("/busy.xml", hostile.too_many_requests("3600"))
        server.route("/down.xml", hostile.status(503))
        good, busy, down = (server.url(p) for p in ("/feed.xml", "/busy.xml", "/down.xml"))
        first = run_cycle(_settings(tmp_path, good, busy, down))
        assert first.counts["feeds_failed"] == 2
        assert {url for url, _ in first.feed_errors} == {busy, down}
        second = run_cycle(_settings(tmp_path, good, busy, down))
        requested = [path for _, path, _ in server.requests]

    # The failing feeds were not asked again on the second run; the good one was.
    assert requested.count("/busy.xml") == 1 and requested.count("/down.xml") == 1
    assert requested.count("/feed.xml") == 2
    assert {url for url, _ in second.deferred} == {busy, down}
    _, rows = Warehouse(tmp_path / "cw.duckdb").query(
        "SELECT feed_url, last_status, consecutive_failures, last_error, "
        "next_poll_at - last_polled_at FROM feed_health ORDER BY feed_url"
    )
    health = {r[0]: r[1:] for r in rows}
    assert health[good][:2] == ("not_modified", 0) or health[good][:2] == ("unchanged", 0)
    status, failures, error, wait = health[busy]
    assert (status, failures) == ("failed", 1) and "429" in error and busy in error
    assert wait >= timedelta(hours=1)  # Retry-After: 3600 wins over the 15-minute backoff
    status, failures, error, wait = health[down]
    assert (status, failures) == ("failed", 1) and "503" in error
    assert BACKOFF_BASE * 0.8 <= wait <= BACKOFF_BASE * 1.2


def test_a_page_that_fails_falls_back_to_the_feed_text_and_is_retried(tmp_path: Path) -> None:
    with TestServer() as server:
        server.static("/feed.xml", FEED.replace(b"{base}", server.base_url.encode()))
        server.route("/story.html", hostile.status(500))
        summary = run_cycle(_settings(tmp_path, server.url("/feed.xml")))
        assert summary.counts["articles_new"] == 1
        assert summary.page_errors and "500" in summary.page_errors[0][1]
        run_cycle(_settings(tmp_path, server.url("/feed.xml")))
        fetched = [path for _, path, _ in server.requests if path == "/story.html"]
    assert len(fetched) == 2  # the entry was not marked seen, so the page was tried again
    _, rows = Warehouse(tmp_path / "cw.duckdb").query(
        "SELECT source, note, text FROM article_versions"
    )
    [(source, note, text)] = rows
    assert source == "feed" and "500" in note and "about 70 more organizations" in text


@pytest.mark.parametrize("body", [b"", b"<html><body>not a feed</body></html>"])
def test_a_feed_that_is_not_a_feed_is_an_error_naming_it(tmp_path: Path, body: bytes) -> None:
    with TestServer() as server:
        server.static("/feed.xml", body)
        url = server.url("/feed.xml")
        summary = run_cycle(_settings(tmp_path, url))
    assert summary.all_feeds_failed
    [(failed, error)] = summary.feed_errors
    assert failed == url and url in error


def test_a_page_gone_for_good_is_not_fetched_again(tmp_path: Path) -> None:
    with TestServer() as server:
        server.static("/feed.xml", FEED.replace(b"{base}", server.base_url.encode()))
        server.route("/story.html", hostile.status(404))
        for _ in range(2):
            run_cycle(_settings(tmp_path, server.url("/feed.xml")))
        fetched = [path for _, path, _ in server.requests if path == "/story.html"]
    assert len(fetched) == 1  # 404 is permanent: the feed's text stands
    _, rows = Warehouse(tmp_path / "cw.duckdb").query("SELECT source FROM article_versions")
    assert rows == [("feed",)]
