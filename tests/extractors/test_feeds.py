"""parse_feed: every feed format, link hygiene, and the hostile bodies from DESIGN.md."""

from __future__ import annotations

import codecs
import io
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from claimwatch.extractors.feeds import FeedParseError, parse_feed

CASES = Path(__file__).parent / "cases"
FEED_URL = "https://feeds.example/section/feed.xml"


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


@pytest.fixture
def feedparser_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser.parse ran on a body that should have been refused")

    monkeypatch.setattr(feedparser, "parse", refuse)


def test_rss_091_with_netscape_doctype_and_latin1() -> None:
    feed = parse_feed(case("rss091.xml"), FEED_URL)
    assert feed.title == "The Quillmoor Gazette"
    (entry,) = feed.entries
    assert entry.title == "Café owners debate the new harbour fees"
    assert entry.link == "http://www.quillmoor-gazette.example/2025/harbour-fees.html"
    assert entry.summary == "Owners of three waterfront cafés met on Monday."
    assert entry.published_at is None and entry.updated_at is None


def test_rss_10_rdf_dc_date_is_the_publication_time() -> None:
    feed = parse_feed(case("rss10.rdf"), FEED_URL)
    (entry,) = feed.entries
    assert entry.title == "Ferry timetable changes from Monday"
    assert entry.link == "https://fenwick-observer.example/articles/ferry-timetable"
    assert entry.published_at == datetime(2025, 6, 2, 5, 45, tzinfo=UTC)


def test_rss_20_title_summary_content_and_dates() -> None:
    feed = parse_feed(case("rss20.xml"), FEED_URL)
    assert feed.title == "The Harbor Ledger — Technology"
    first, second = feed.entries
    assert first.guid == "harbor-2025-06-03-0042"
    assert first.title == "White House presses Anthropic on Mythos access"  # CDATA + <em>
    assert first.summary == (
        "Officials asked how the company picks the groups that may use the model.\n"
        "About 50 organizations have access today."
    )
    assert "alert" not in first.content and first.content.endswith("about 50 organizations.")
    assert first.published_at == datetime(2025, 6, 3, 13, 30, tzinfo=UTC)
    assert first.published_at.tzinfo is UTC
    assert first.updated_at is None  # pubDate is not an update time
    assert first.link is not None and first.link.startswith("https://www.harborledger.example/")
    assert second.guid == second.link


def test_entities_and_double_escaped_references_in_titles() -> None:
    second = parse_feed(case("rss20.xml"), FEED_URL).entries[1]
    assert second.title == "Q&A: what the “access list” means — and what it doesn’t"


def test_atom_with_xml_base_relative_links_and_typed_text() -> None:
    feed = parse_feed(case("atom.xml"), FEED_URL)
    assert feed.title == "The Lantern Review"  # type="html" title, markup stripped
    first, second = feed.entries
    assert first.link == "https://lantern-review.example/blog/posts/mythos-access-talks"
    assert (
        first.content
        == "Where things stand\nTalks resumed on Tuesday.\nNo deal is expected this week."
    )
    assert first.summary == "Where the negotiations stand."
    assert first.published_at == datetime(2025, 6, 3, 6, 0, tzinfo=UTC)
    assert first.updated_at == datetime(2025, 6, 3, 12, 0, tzinfo=UTC)
    # An entry-level xml:base overrides the feed's, and "../" climbs from it.
    assert second.link == "https://archive.lantern-review.example/old/post-3"
    assert second.title == "An older post"
    assert second.published_at is None


def test_relative_link_without_xml_base_resolves_against_feed_url() -> None:
    feed = parse_feed(case("hostile_links.xml"), FEED_URL)
    relative = next(e for e in feed.entries if e.title == "Relative link")
    assert relative.link == "https://feeds.example/stories/ok"


def test_non_http_links_are_dropped_and_counted() -> None:
    feed = parse_feed(case("hostile_links.xml"), FEED_URL)
    links = {e.title: e.link for e in feed.entries}
    for title in ("Script link", "Data link", "File link", "Mail link"):
        assert links[title] is None
    assert links["Good link"] == "https://mallory-daily.example/stories/fine"
    (warning,) = feed.warnings
    assert "dropped 4" in warning and "javascript" in warning and "file" in warning


def test_internal_entity_declaration_is_refused(feedparser_must_not_run: None) -> None:
    with pytest.raises(FeedParseError, match="declares XML entities") as err:
        parse_feed(case("entity_internal.xml"), FEED_URL)
    assert FEED_URL in str(err.value)


def test_billion_laughs_is_refused(feedparser_must_not_run: None) -> None:
    with pytest.raises(FeedParseError, match="billion laughs"):
        parse_feed(case("billion_laughs.xml"), FEED_URL)


def test_billion_laughs_is_refused_in_utf16_and_any_case(feedparser_must_not_run: None) -> None:
    body = case("billion_laughs.xml").decode("ascii").replace("ENTITY", "entity")
    for encoded in (
        codecs.BOM_UTF16_LE + body.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + body.encode("utf-16-be"),
        body.encode("utf-16-le"),  # no BOM
    ):
        with pytest.raises(FeedParseError, match="declares XML entities"):
            parse_feed(encoded, FEED_URL)


def test_xxe_is_refused_and_reveals_nothing(feedparser_must_not_run: None) -> None:
    with pytest.raises(FeedParseError, match="XXE") as err:
        parse_feed(case("xxe_passwd.xml"), FEED_URL)
    assert "root:" not in str(err.value)


def test_entity_text_inside_cdata_is_not_a_declaration() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Parser Weekly</title>'
        b"<item><title><![CDATA[Why <!ENTITY declarations are dangerous]]></title>"
        b"<link>https://parser-weekly.example/entities</link></item></channel></rss>"
    )
    (entry,) = parse_feed(body, FEED_URL).entries
    assert entry.title == "Why <!ENTITY declarations are dangerous"


@pytest.mark.parametrize("body", [b"/etc/passwd", b"http://127.0.0.1:1/x"])
def test_path_or_url_body_is_data_not_opened(body: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real_parse = feedparser.parse

    def spy(source: object, *args: object, **kwargs: object) -> object:
        seen.append(source)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    with pytest.raises(FeedParseError, match="not an RSS/Atom feed") as err:
        parse_feed(body, FEED_URL)
    assert "root:" not in str(err.value)
    assert len(seen) == 1 and isinstance(seen[0], io.BytesIO)


def test_html_page_served_as_feed_is_an_error() -> None:
    with pytest.raises(FeedParseError, match="not an RSS/Atom feed.*HTML") as err:
        parse_feed(case("html_page.html"), FEED_URL)
    assert FEED_URL in str(err.value)


@pytest.mark.parametrize("body", [b"", b"  \n\t"])
def test_empty_body_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="empty body"):
        parse_feed(body, FEED_URL)


def test_ill_formed_feed_with_entries_is_accepted_with_a_warning() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Sloppy & Sons</title>'
        b"<item><title>First story</title><link>https://sloppy.example/1</link></item>"
        b"<item><title>Second story</title><link>https://sloppy.example/2</link></item>"
        b"</channel>"  # </rss> missing, bare "&" in the title
    )
    feed = parse_feed(body, FEED_URL)
    assert [e.title for e in feed.entries] == ["First story", "Second story"]
    assert any("not well-formed" in w for w in feed.warnings)


def test_valid_feed_without_items_is_empty_not_an_error() -> None:
    body = b'<rss version="2.0"><channel><title>Quiet Desk</title></channel></rss>'
    feed = parse_feed(body, FEED_URL)
    assert feed.entries == () and feed.warnings == ()


def test_two_thousand_entries_parse() -> None:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://bulk-wire.example/s/{i}</link>"
        f"<guid>bulk-{i}</guid><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate>"
        f"<description>Paragraph {i} of the bulk feed.</description></item>"
        for i in range(2000)
    )
    body = f'<rss version="2.0"><channel><title>Bulk Wire</title>{items}</channel></rss>'
    feed = parse_feed(body.encode(), FEED_URL)
    assert len(feed.entries) == 2000
    assert feed.entries[-1].link == "https://bulk-wire.example/s/1999"


def test_google_news_item_shape() -> None:
    feed = parse_feed(case("google_news.xml"), "https://news.google.com/rss/search?q=Mythos")
    old, new = feed.entries
    # " - Publisher" is stripped only because it equals the <source> name.
    assert old.title == "White House presses Anthropic on Mythos access"
    assert old.source_name == "The Harbor Ledger"
    assert old.source_url == "https://www.harborledger.example"
    # Old-format ids embed the publisher URL: the entry links there directly.
    assert old.link == (
        "https://www.harborledger.example/politics/2025/06/03/white-house-anthropic-mythos"
    )
    assert old.published_at == datetime(2025, 6, 3, 13, 30, tzinfo=UTC)
    # New-format ids need a Google request: the link stays the news.google.com one.
    assert new.title == "Mythos talks stall - again"
    assert new.link is not None and new.link.startswith("https://news.google.com/rss/articles/")
    assert new.source_name == "Lantern Review"
