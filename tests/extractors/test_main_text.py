"""page_text: main text without boilerplate, metadata, charsets; content_hash stability."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimwatch.extractors.main_text import PageTextError, page_text
from claimwatch.extractors.text_norm import content_hash, normalize_text

CASES = Path(__file__).parent / "cases"
URL = "https://www.harborledger.example/politics/2025/06/03/white-house-anthropic-mythos"


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


def test_main_text_excludes_boilerplate() -> None:
    page = page_text(case("article_harbor.html"), URL, "text/html; charset=utf-8")
    assert page.text.startswith("Officials at the White House have asked Anthropic")
    assert "around 120 by the end of the year." in page.text
    assert page.text.endswith("responded to requests for comment on Tuesday evening.")
    assert len(page.text.split("\n")) == 5  # one line per paragraph
    for boilerplate in (
        "cookies",  # cookie banner
        "Subscribe today",  # navigation
        "Gullwing Credit Union",  # leaderboard ad
        "Lighthouse Mobile",  # inline ad
        "Chip export rules",  # related links
        "Morning Tide",  # newsletter sign-up
        "All rights reserved",  # footer
        "window.dataLayer",  # script
    ):
        assert boilerplate not in page.text, boilerplate


def test_title_and_site_name() -> None:
    page = page_text(case("article_harbor.html"), URL)
    assert page.title == "White House presses Anthropic on Mythos access"
    assert page.site_name == "The Harbor Ledger"
    assert not page.text.startswith(page.title)  # the headline is not part of the text


def test_boilerplate_only_change_keeps_the_content_hash() -> None:
    before = page_text(case("article_harbor.html"), URL)
    after = page_text(case("article_harbor_reskinned.html"), URL)
    assert content_hash(before.title or "", before.text) == content_hash(
        after.title or "", after.text
    )


def test_corrected_number_changes_the_content_hash() -> None:
    body = case("article_harbor.html")
    corrected = body.replace(b"about 50 organizations", b"about 40 organizations")
    assert corrected != body
    before = page_text(body, URL)
    after = page_text(corrected, URL)
    assert "about 40 organizations" in after.text
    assert content_hash(before.title or "", before.text) != content_hash(
        after.title or "", after.text
    )


def test_changed_headline_changes_the_content_hash() -> None:
    text = "The company grants access to about 50 organizations."
    assert content_hash("Talks stall", text) != content_hash("Talks resume", text)


def test_whitespace_and_zero_width_changes_keep_the_content_hash() -> None:
    text = "The company grants access to about 50 organizations.\nTalks resume Tuesday."
    noisy = (
        "  The company\u00a0grants access to ab\u200bout 50 organi\u00adzations.\n\n\n"
        " Talks   resume\tTuesday.\u2060 "
    )
    assert content_hash("Talks  resume", text) == content_hash(" Talks\u200b resume ", noisy)
    assert normalize_text(noisy) == text


def test_canonical_link_resolved_and_cleaned() -> None:
    # The page's canonical href is relative and carries utm_source.
    page = page_text(case("article_harbor.html"), "https://m.harborledger.example/amp/x?ref=app")
    assert page.canonical_url == (
        "https://m.harborledger.example/politics/2025/06/03/white-house-anthropic-mythos"
    )


def test_non_http_canonical_is_ignored() -> None:
    html = (
        b'<html><head><link rel="canonical" href="javascript:alert(1)"><title>Notice</title>'
        b"</head><body><p>A short notice.</p></body></html>"
    )
    assert page_text(html, URL).canonical_url is None


def test_dates_from_article_meta_as_aware_utc() -> None:
    page = page_text(case("article_harbor.html"), URL)
    assert page.published_at == datetime(2025, 6, 3, 13, 30, tzinfo=UTC)
    assert page.updated_at == datetime(2025, 6, 3, 19, 10, tzinfo=UTC)
    assert page.published_at.utcoffset() is not None


def test_dates_from_json_ld_then_time_element() -> None:
    json_ld = (
        b'<html><head><title>t</title><script type="application/ld+json">'
        b'{"@graph": [{"@type": "WebSite", "name": "Fenwick Observer"},'
        b' {"@type": "NewsArticle", "datePublished": "2025-06-02T08:15:00+01:00",'
        b' "dateModified": "2025-06-02T10:00:00+01:00"}]}</script></head>'
        b"<body><p>Ferry news.</p></body></html>"
    )
    page = page_text(json_ld, "https://fenwick-observer.example/ferry")
    assert page.published_at == datetime(2025, 6, 2, 7, 15, tzinfo=UTC)
    assert page.updated_at == datetime(2025, 6, 2, 9, 0, tzinfo=UTC)

    time_only = (
        b"<html><head><title>t</title></head><body><article>"
        b'<time datetime="2025-06-01T22:00:00-05:00">June 1</time><p>Late news.</p>'
        b"</article></body></html>"
    )
    page = page_text(time_only, "https://fenwick-observer.example/late")
    assert page.published_at == datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
    assert page.updated_at is None


def test_no_dates_is_none() -> None:
    html = b"<html><head><title>t</title></head><body><p>Undated.</p></body></html>"
    page = page_text(html, URL)
    assert page.published_at is None and page.updated_at is None


def test_mislabelled_charset_is_read_as_windows_1252() -> None:
    # The page and its Content-Type say UTF-8; the bytes are windows-1252.
    page = page_text(
        case("article_cp1252_says_utf8.html"),
        "https://quillmoor-gazette.example/news/fees",
        "text/html; charset=utf-8",
    )
    assert page.title == "Café owners win a pause on harbour fees"
    assert "“We are relieved,” said Renée Labonté" in page.text
    assert "\ufffd" not in page.text


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    body = case("article_harbor.html").replace(
        b"Officials at the White House",
        "Officials at the White House \u2014".encode() + b"\xe2\x80",
    )
    page = page_text(body, URL, "text/html; charset=utf-8")
    assert "White House \u2014\ufffd" in page.text


def test_charset_from_content_type_wins() -> None:
    html = "<html><head><title>x</title></head><body><p>Grüße aus Köln.</p></body></html>"
    page = page_text(html.encode("iso-8859-15"), URL, "text/html; charset=ISO-8859-15")
    assert "Grüße aus Köln." in page.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
        (b'{"headline": "Mythos talks", "body": "..."}', "application/json"),
        (b'{"headline": "Mythos talks", "body": "..."}', None),
        (b"Service temporarily unavailable", "text/plain"),
        (b"", "text/html"),
    ],
)
def test_non_html_bodies_are_refused(body: bytes, content_type: str | None) -> None:
    with pytest.raises(PageTextError) as err:
        page_text(body, URL, content_type)
    assert URL in str(err.value)


def test_xhtml_with_xml_declaration() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        b"<head><title>Tide tables</title></head><body><article><p>High water is at 06:12 "
        b"and 18:40 on Saturday, the harbour office said.</p></article></body></html>"
    )
    page = page_text(body, "https://quillmoor-gazette.example/tides", "application/xhtml+xml")
    assert page.title == "Tide tables"
    assert "High water is at 06:12" in page.text


# An older CMS lays the whole article out in a table; trafilatura with tables dropped returned
# nothing for such a page.
LAYOUT_TABLE_PAGE = b"""<html><head><title>Council sets the ferry budget</title></head><body>
<table width="100%"><tr><td class="nav"><a href="/">Home</a> | <a href="/news">News</a></td></tr>
<tr><td class="story">
<h1>Council sets the ferry budget</h1>
<p>The island council voted on Tuesday to keep the winter ferry running, approving a budget of
4.2 million for the coming year after a long debate about fares and timetables.</p>
<p>Councillors said the crossing carries about 900 passengers on a busy day and that cutting
the late sailing would leave night-shift workers at the harbour without a way home.</p>
<p>The operator had asked for 5 million. The difference will be met by raising the fare for
visitors' cars, the finance committee said in its report to the full council.</p>
</td></tr></table></body></html>"""

# A story with its figures in a data table, beside a "more stories" table in the sidebar.
DATA_AND_BOILERPLATE_TABLES = b"""<html><head><title>Reservoir levels fall</title></head><body>
<article><h1>Reservoir levels fall</h1>
<p>Reservoirs across the region fell again last month, the water authority said on Friday,
and officials warned that restrictions could follow if the dry weather lasts into spring.</p>
<table><tr><th>Reservoir</th><th>Level</th></tr>
<tr><td>Upper Brook</td><td>41 percent</td></tr><tr><td>Hollow Mere</td><td>37 percent</td></tr>
</table>
<p>The authority said demand had risen by about 8 percent since the summer, driven by new
housing on the edge of the city and by leaks it is still repairing along the old mains.</p>
</article>
<aside><table class="more-stories"><tr><td><a href="/a">Celebrity chef opens bistro</a></td></tr>
<tr><td><a href="/b">Ten gadgets for your kitchen</a></td></tr></table></aside>
</body></html>"""


def test_an_article_laid_out_in_a_table_is_read() -> None:
    page = page_text(LAYOUT_TABLE_PAGE, "https://islandpost.example/ferry", "text/html")
    assert "approving a budget of 4.2 million" in page.text
    assert "night-shift workers" in page.text and "raising the fare" in page.text


def test_a_data_table_is_kept_and_a_boilerplate_table_is_not() -> None:
    page = page_text(DATA_AND_BOILERPLATE_TABLES, "https://vale-times.example/water", "text/html")
    assert "Upper Brook" in page.text and "41 percent" in page.text
    assert "demand had risen by about 8 percent" in page.text
    assert "Celebrity chef" not in page.text and "Ten gadgets" not in page.text


# Fixture pages (written for these tests): an old-CMS page whose article sits in one cell of a
# layout table beside navigation cells, and a modern page with three boilerplate tables
# (navigation, a stock ticker, related links) around an ordinary article.


def test_an_article_in_a_layout_table_cell_is_read_without_its_navigation_cells() -> None:
    body = (CASES / "article_layout_table.html").read_bytes()
    page = page_text(body, "https://marshland-courier.example/farming/levy.html", "text/html")
    assert page.text, "the article inside the layout table came out empty"
    for sentence in (
        "will raise its levy on farmland by 6 percent next year",
        "used nearly twice the electricity",
        "had no reserves left to draw on",
        "which will not change",
    ):
        assert sentence in page.text
    for nav in ("Tide times", "Public notices", "Front page", "All rights reserved"):
        assert nav not in page.text


def test_boilerplate_tables_beside_an_article_stay_out_of_its_text() -> None:
    body = (CASES / "article_boilerplate_tables.html").read_bytes()
    page = page_text(body, "https://riverside-standard.example/news/locks", "text/html")
    assert "after a repair that took eleven weeks" in page.text
    assert "the work cost about 1.3 million" in page.text
    assert "publish a timetable for them in the new year" in page.text
    leaks = ("Subscribe", "Harbourside 100", "8,214.55", "Brent crude", "Sterling/Euro",
             "Related stories", "Ferry crews vote", "Bridge toll", "herons")  # fmt: skip
    assert [leak for leak in leaks if leak in page.text] == []
