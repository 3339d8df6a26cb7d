"""Which article a feed entry is: a guid names an entry within its own feed only, a URL names
one article whatever feed leads to it. Real cycles over feeds and pages on a local server, and
a warehouse written by the release at e4bf2a0 whose guid aliases keep working for their feeds."""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest

from claimwatch.extractors.records import ArticleObservation, FeedEntry
from claimwatch.extractors.text_norm import content_hash
from claimwatch.flows.ingest import guid_alias
from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import Warehouse, article_id_for
from tests.support.httpserver import TestServer

# A wire story long enough for its copies to be recognised as near-duplicates.
WIRE = " ".join(
    [
        "WASHINGTON - The White House has objected to a plan by Anthropic to widen access to",
        "Mythos, the AI model that finds flaws in software, officials said on Tuesday.",
        "About 50 organizations have access to Mythos today, most of them operators of power",
        "grids and water systems, and the company wants to admit many more next year.",
        "Administration officials said the model's cyber abilities call for a slower rollout,",
        "while the company said demand is strong and that new compute deals will ease strain.",
        "Lawmakers from both parties asked for a briefing before any decision is taken, and",
        "security researchers warned that the model finds flaws faster than people can fix them.",
        "Nobody involved expects the dispute to end before the new year, and the next round of",
        "talks between the company and the administration has not been scheduled yet.",
    ]
)
OTHER = " ".join(
    [
        "Anthropic told investors that the waiting list for Mythos keeps growing, even as the",
        "White House weighs how far the AI model should spread. Several banks said they are",
        "testing it for fraud detection and for reviewing old software, and two insurers are",
        "running pilots of their own. The company declined to give a figure for its revenue,",
        "and analysts expect regulators in Washington to push back on any wider release soon.",
    ]
)
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
        f"<h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


def rss(outlet: str, items: list[tuple[str, str, str, datetime]]) -> bytes:
    """A feed of (title, link, guid, updated) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{escape(guid)}</guid>'
        f"<pubDate>{format_datetime(at, usegmt=True)}</pubDate></item>"
        for t, link, guid, at in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>http://example.invalid/</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def cycles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Cycle 1: Origin's wire story; Carrier's copy of it under Origin's guid; one Shared
    article listed by two feeds under two guids. Cycle 2: Origin moves its story to a new URL
    under the same guid (the feed's own name for it)."""
    db = tmp_path_factory.mktemp("identity") / "cw.duckdb"
    with TestServer() as server:
        base = server.base_url
        wire_guid = f"{base}/origin/mythos-wire.html"  # the originator's permalink as guid
        origin = f"{base}/origin/mythos-wire.html"
        carrier = f"{base}/carrier/2026/wire-mythos.html"
        shared = f"{base}/shared/mythos-investors.html"
        server.static("/origin/mythos-wire.html", page("White House objects to Mythos", WIRE))
        server.static("/carrier/2026/wire-mythos.html", page("Mythos plan draws fire", WIRE))
        server.static("/shared/mythos-investors.html", page("Mythos list grows", OTHER))
        server.static(
            "/origin.xml",
            rss("Origin", [("White House objects to Mythos", origin, wire_guid, T0)]),
        )
        server.static(
            "/carrier.xml",
            rss("Carrier", [("Mythos plan draws fire", carrier, wire_guid, T0)]),
        )
        server.static("/a.xml", rss("Shared", [("Mythos list grows", shared, "a-1", T0)]))
        server.static("/b.xml", rss("Shared", [("Mythos list grows", shared, "b-77", T0)]))
        feeds = tuple(server.url(p) for p in ("/origin.xml", "/carrier.xml", "/a.xml", "/b.xml"))
        settings = Settings(db_path=db, feeds=feeds, alerts=False)
        first = run_cycle(settings)

        moved = f"{base}/origin/2026/11/mythos-wire-objection.html"
        server.static(
            "/origin/2026/11/mythos-wire-objection.html",
            page("White House objects to Mythos", WIRE + "\n\nThe company did not comment."),
        )
        later = T0 + timedelta(hours=3)
        server.static(
            "/origin.xml",
            rss("Origin", [("White House objects to Mythos", moved, wire_guid, later)]),
        )
        second = run_cycle(settings)
    return {
        "wh": Warehouse(db),
        "urls": {"origin": origin, "carrier": carrier, "shared": shared, "moved": moved},
        "summaries": (first, second),
    }


def test_a_wire_copy_under_the_originators_guid_is_its_own_article_in_the_same_story(
    cycles: dict[str, Any],
) -> None:
    urls = cycles["urls"]
    _, rows = cycles["wh"].query(
        "SELECT url, outlet, story_id FROM articles WHERE url IN (?, ?) ORDER BY outlet".replace(
            "?", "'{}'"
        ).format(urls["carrier"], urls["origin"])
    )
    assert [(r[0], r[1]) for r in rows] == [
        (urls["carrier"], "Carrier"),
        (urls["origin"], "Origin"),
    ]
    assert rows[0][2] == rows[1][2]  # one story: the copies are near-duplicates
    _, stories = cycles["wh"].query(
        f"SELECT copies, outlets FROM stories WHERE list_contains(urls, '{urls['carrier']}')"
    )
    assert [(n, sorted(outlets)) for n, outlets in stories] == [(2, ["Carrier", "Origin"])]


def test_one_url_listed_by_two_feeds_is_one_article(cycles: dict[str, Any]) -> None:
    shared = cycles["urls"]["shared"]
    _, rows = cycles["wh"].query(
        f"SELECT article_id, versions FROM articles WHERE url = '{shared}'"
    )
    assert rows == [(article_id_for(shared), 1)]
    _, entries = cycles["wh"].query(
        f"SELECT count(DISTINCT feed_url) FROM feed_entry WHERE article_id = '{rows[0][0]}'"
    )
    assert entries == [(2,)]


def test_an_entry_whose_link_moved_stays_its_feeds_article(cycles: dict[str, Any]) -> None:
    urls = cycles["urls"]
    first, second = cycles["summaries"]
    assert first.counts["articles_new"] == 3
    assert second.counts["articles_new"] == 0 and second.counts["articles_changed"] == 1
    _, rows = cycles["wh"].query(
        "SELECT a.url, v.version FROM article_versions v JOIN articles a USING (article_id) "
        f"WHERE a.article_id = '{article_id_for(urls['origin'])}' ORDER BY v.version"
    )
    assert rows == [(urls["origin"], 1), (urls["origin"], 2)]
    # The carrier's copy, under the same guid in another feed, was not touched.
    _, carrier = cycles["wh"].query(
        f"SELECT versions FROM articles WHERE url = '{urls['carrier']}'"
    )
    assert carrier == [(1,)]


def test_guid_aliases_are_scoped_by_feed() -> None:
    def entry(feed: str) -> FeedEntry:
        return FeedEntry(feed, "tag:wire.example,2026:4711", None, "t", "", "", None, None)

    a, b = guid_alias(entry("https://a.example/rss")), guid_alias(entry("https://b.example/rss"))
    assert a == "guid:https://a.example/rss:tag:wire.example,2026:4711" and a != b
    assert (
        guid_alias(FeedEntry("https://a.example/rss", None, None, "t", "", "", None, None)) is None
    )


# -- a warehouse from before per-feed scoping --------------------------------------------------

CASE = Path(__file__).resolve().parents[1] / "warehouse" / "cases" / "release-e4bf2a0.duckdb.gz"


@pytest.fixture
def upgraded(tmp_path: Path) -> Warehouse:
    target = tmp_path / "release.duckdb"
    with gzip.open(CASE, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    wh = Warehouse(target)
    wh.migrate()
    return wh


def _moved(feed_url: str, guid: str, url: str) -> ArticleObservation:
    """An entry of `feed_url` with guid `guid`, read at a URL the warehouse never saw."""
    entry = FeedEntry(feed_url, guid, url, "Moved", "", "", None, None)
    text = "A page the old release never saw, about Mythos and the White House."
    alias = guid_alias(entry)
    assert alias is not None
    return ArticleObservation(
        url=url, outlet="Somewhere", feed_url=feed_url, title="Moved", text=text,
        content_hash=content_hash("Moved", text), on_topic=True, published_at=None,
        updated_at=None, fetched_at=datetime.now(UTC), guid=guid, aliases=(alias,),
    )  # fmt: skip


def test_guid_aliases_of_an_upgraded_warehouse_resolve_for_the_feed_that_recorded_them(
    upgraded: Warehouse,
) -> None:
    _, rows = upgraded.query(
        "SELECT e.feed_url, e.entry_key, e.article_id FROM feed_entry e "
        "WHERE e.article_id IS NOT NULL AND e.entry_key NOT LIKE 'http%' "
        "ORDER BY e.feed_url, e.entry_key LIMIT 1"
    )
    assert rows, "the release's warehouse has an entry keyed by a non-URL guid"
    feed_url, guid, article_id = rows[0]
    upgraded.start_run("upgrade-check", "mythos", datetime.now(UTC))
    [same] = upgraded.load_observations(
        "upgrade-check", [_moved(feed_url, guid, "https://moved.example/new-slug")]
    )
    assert same.article_id == article_id and same.outcome == "changed"
    # The same guid in a feed that never recorded it names a new article.
    [other] = upgraded.load_observations(
        "upgrade-check",
        [_moved("https://another.example/rss", guid, "https://another.example/copy")],
    )
    assert other.outcome == "new" and other.article_id != article_id
