"""Property tests for what tests/extractors/ does not fuzz yet.

Already covered there: `canonicalize_url` never raises and is idempotent (test_urls.py);
`parse_quantity` and `extract_claims` never crash on free text and keep low <= value <= high
(test_fuzz_numbers.py). Added here: number phrases built from the grammar (every qualifier,
digits of any length, scale words, ranges), `interval` for every qualifier over all finite
floats, feed parsing and page reading of arbitrary bytes (they fail only with their own
error), the article-text clip, and Retry-After values of any shape.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimwatch.extractors.feeds import FeedParseError, parse_feed
from claimwatch.extractors.main_text import PageTextError, page_text
from claimwatch.extractors.numbers import (
    MULTIPLIERS,
    POST_QUALIFIERS,
    PRE_QUALIFIERS,
    SCALES,
    UNITS,
    interval,
    parse_quantity,
)
from claimwatch.extractors.text_norm import clip_text
from claimwatch.flows.fetch import MAX_RETRY_AFTER, parse_retry_after

FEED_URL = "http://127.0.0.1/feed.xml"
PAGE_URL = "http://127.0.0.1/story.html"
QUALIFIERS = ("exact", "approx", "nearly", "more_than", "at_least", "less_than", "at_most")


def _holds(low: float | None, value: float, high: float | None) -> bool:
    return (
        not math.isnan(value) and (low is None or low <= value) and (high is None or value <= high)
    )


# -- numbers --------------------------------------------------------------------------------

digits = st.one_of(
    st.integers(min_value=0, max_value=10**400).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}"),
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False).map(str),
    st.builds(
        lambda n, s: f"{n}{s}",
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from(["k", "m", "bn", "tn", "K", "Bn"]),
    ),
)
number_words = st.lists(
    st.sampled_from(sorted(UNITS) + sorted(MULTIPLIERS) + sorted(SCALES) + ["and", "a", "-"]),
    min_size=1,
    max_size=6,
).map(" ".join)
number = st.one_of(
    digits,
    number_words,
    st.builds(lambda d, s: f"{d} {s}", digits, st.sampled_from(sorted(SCALES))),
)
range_separators = st.sampled_from(["-", "–", " to ", " or "])
phrase = st.one_of(
    st.builds(
        lambda pre, n, post: " ".join(p for p in (pre, n, post) if p),
        st.sampled_from([""] + [" ".join(k) for k in PRE_QUALIFIERS]),
        number,
        st.sampled_from([""] + [" ".join(k) for k in POST_QUALIFIERS]),
    ),
    st.builds(lambda a, b: f"between {a} and {b}", number, number),
    st.builds(
        lambda a, sep, b: f"{a}{sep}{b}",
        number,
        st.sampled_from(["-", "–", " to ", " or "]),
        number,
    ),
)


@settings(max_examples=500, deadline=None)
@given(phrase)
@example("between 1" + "0" * 308 + " and 17" + "0" * 307)  # once: midpoint overflowed to inf
def test_number_phrases_parse_to_intervals_that_hold_the_value(text: str) -> None:
    q = parse_quantity(text)
    if q is not None:
        assert _holds(q.low, q.value, q.high), (text, q)


@settings(max_examples=500, deadline=None)
@given(
    st.floats(min_value=0, allow_nan=False),
    st.sampled_from(QUALIFIERS + ("range", "vague")),
    st.floats(min_value=0, allow_nan=False),
)
def test_interval_holds_its_value_for_every_qualifier(
    value: float, qualifier: str, high: float
) -> None:
    q = interval(value, qualifier, high)
    assert _holds(q.low, q.value, q.high), q
    assert q.low is None or q.high is None or q.low <= q.high


# -- feeds and pages ----------------------------------------------------------------------------

FEEDISH = [
    b'<?xml version="1.0" encoding="utf-8"?>',
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="ebcdic-cp-us"?>',
    b"<rss version='2.0'>",
    b"<channel>",
    b"<item>",
    b"</item>",
    b"<title>Mythos</title>",
    b"<link>http://127.0.0.1/a</link>",
    b"<link>javascript:alert(1)</link>",
    b'<feed xmlns="http://www.w3.org/2005/Atom">',
    b"<entry>",
    b'<link href="/rel"/>',
    b"<![CDATA[<!ENTITY x 'y'>]]>",
    b'<!DOCTYPE rss [<!ENTITY a "aaaa">]>',
    b"&a;",
    b"&amp;#8217;",
    b"<rdf:RDF>",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"/etc/passwd",
    b"file:///etc/passwd",
    b"<html><body>",
]
feed_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FEEDISH), st.binary(max_size=20)), max_size=40).map(
        b"".join
    ),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feed_bytes)
def test_parse_feed_of_any_bytes_raises_only_feed_parse_error(body: bytes) -> None:
    try:
        parsed = parse_feed(body, FEED_URL)
    except FeedParseError as exc:
        assert FEED_URL in str(exc)
        return
    for entry in parsed.entries:
        assert entry.link is None or entry.link.startswith(("http://", "https://"))


PAGEISH = [
    b"<!DOCTYPE html>",
    b"<html>",
    b"<head>",
    b'<meta charset="utf-8">',
    b'<meta charset="x-unknown">',
    b'<meta charset="utf-16">',
    b"<title>Mythos</title>",
    b'<link rel="canonical" href="javascript:x">',
    b'<link rel="canonical" href="/c">',
    b'<meta property="article:published_time" content="2026-13-45T99:99">',
    b'<script type="application/ld+json">{"datePublished": [1, {}]}</script>',
    b'<script type="application/ld+json">{bad json</script>',
    b"<time datetime='yesterday'>",
    b"<body><article><h1>Mythos</h1><p>",
    b"About 70 organizations have access. ",
    b"</p></article>",
    b"\xff\xfe\x00",
    b"\x93quoted\x94",
    b"<" * 50,
    b"<div>" * 50,
]
page_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(PAGEISH), st.binary(max_size=20)), max_size=40).map(
        b"".join
    ),
)
content_types = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=iso-8859-1",
        "text/html; charset=no-such-charset",
        'text/html; charset="utf-16"',
        "application/json",
        "text/plain",
        "",
        ";;;",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_bytes, content_types)
def test_page_text_of_any_bytes_raises_only_page_text_error(
    body: bytes, content_type: str | None
) -> None:
    try:
        read = page_text(body, PAGE_URL, content_type)
    except PageTextError as exc:
        assert PAGE_URL in str(exc)
        return
    assert isinstance(read.text, str)
    assert read.canonical_url is None or read.canonical_url.startswith(("http://", "https://"))
    for when in (read.published_at, read.updated_at):
        assert when is None or when.utcoffset() is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n", max_size=300), st.integers(min_value=1, max_value=200))
def test_clipped_text_is_a_bounded_prefix(text: str, limit: int) -> None:
    clipped, cut = clip_text(text, limit)
    assert text.startswith(clipped) and len(clipped) <= limit
    assert cut == (len(text) > limit)
    assert not cut or len(clipped) >= limit // 2


# -- HTTP headers ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.text(max_size=40),
        st.integers(min_value=0, max_value=10**30).map(str),
        st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    )
)
def test_retry_after_of_any_value_is_none_or_a_bounded_delay(value: str | None) -> None:
    seconds = parse_retry_after(value, now=1.8e9)
    assert seconds is None or 0.0 <= seconds <= MAX_RETRY_AFTER
