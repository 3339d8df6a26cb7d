"""The year an article was published dates its story: through the real cycle (a real HTTP server
on loopback, a real DuckDB file, the real spaCy model), a count of an event dated by its year is
the story's own in an article published that year and another event's in one published later."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from claimwatch.extractors.topic import FeedSpec
from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.settings import Settings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import Warehouse
from tests.support.httpserver import TestServer

TITLE = "Anthropic widens Mythos access"
# The same words in both articles; only the date they were published differs.
BODY = (
    "About 50 organizations have access to Mythos, Anthropic said on Tuesday, as the White "
    "House weighed its objections to wider use of the model. The 2025 breach at Anthropic "
    "exposed 40 organizations that had access to Mythos."
)
THEN = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)  # the year the text names
LATER = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)  # a year after it


def page(published: datetime) -> bytes:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE}</title>
<meta property="article:published_time" content="{published.isoformat()}"></head>
<body><article><h1>{TITLE}</h1><p>{BODY}</p></article></body></html>""".encode()


def feed(base: str, items: list[tuple[str, datetime]]) -> bytes:
    rows = "".join(
        f"<item><title>{TITLE}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate><description>{TITLE}</description></item>"
        for path, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Outlet</title>'
        f"<link>{base}/</link>{rows}</channel></rss>"
    ).encode()


def test_the_publication_year_decides_whose_dated_event_a_count_is(tmp_path: Path) -> None:
    with TestServer() as server:
        base = server.url("")
        items = [("/2025/breach.html", THEN), ("/2026/breach.html", LATER)]
        for path, when in items:
            server.static(path, page(when))
        server.static("/feed.xml", feed(base, items), content_type="application/rss+xml")
        topic = replace(
            load_topic("mythos", require_feeds=False),
            feeds=(FeedSpec(server.url("/feed.xml"), "Test Outlet"),),
        )
        summary = run_cycle(Settings(db_path=tmp_path / "cw.duckdb", alerts=False), topic=topic)

    assert summary.counts["versions_extracted"] == 2
    _, rows = Warehouse(tmp_path / "cw.duckdb").query(
        "SELECT year(published_at), value_text, measure, subject FROM claims ORDER BY 1, 2"
    )
    assert rows == [
        (2025, "40", "orgs_with_access", "Mythos"),  # that year's breach: the story's own
        (2025, "About 50", "orgs_with_access", "Mythos"),
        (2026, "40", "other", "2025 breach"),  # a year later: an earlier event's count
        (2026, "About 50", "orgs_with_access", "Mythos"),
    ]
