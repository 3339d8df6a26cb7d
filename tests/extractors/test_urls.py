"""canonicalize_url, is_http_url, url_host and Google News link decoding."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.extractors.urls import canonicalize_url, google_news_target, is_http_url, url_host


def google_news_link(payload: bytes) -> str:
    """A news.google.com article link whose id is a protobuf carrying `payload`, as Google
    built them before mid-2024 (field 4 = URL, then a trailing field)."""
    proto = b"\x08\x13\x22" + bytes([len(payload)]) + payload + b"\xd2\x01\x00"
    article_id = base64.urlsafe_b64encode(proto).rstrip(b"=").decode()
    return f"https://news.google.com/rss/articles/{article_id}?oc=5&hl=en-US"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("https://example.com/%7euser/%2f%e2%82%ac", "https://example.com/~user/%2F%E2%82%AC"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/a b", "https://example.com/a%20b"),
    ],
)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_tracking_params_dropped_others_kept_in_order() -> None:
    url = (
        "https://news.example/story?utm_source=rss&id=42&utm_medium=feed&ref=home&page=2"
        "&fbclid=abc&gclid=x&mc_cid=1&mc_eid=2&cmpid=c&ocid=o&guccounter=1&smid=s&taid=t"
        "&at_medium=m&at_campaign=c&__twitter_impression=true&ref_src=twsrc&lang=en"
    )
    assert canonicalize_url(url) == "https://news.example/story?id=42&page=2&lang=en"
    assert canonicalize_url("https://news.example/s?UTM_Source=x") == "https://news.example/s"


def test_relative_url_resolved_against_base() -> None:
    base = "https://news.example/politics/2025/story.html"
    assert (
        canonicalize_url("../tech/other?ref=x", base) == "https://news.example/politics/tech/other"
    )
    assert canonicalize_url("//cdn.example/a", base) == "https://cdn.example/a"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "mailto:a@news.example",
        "ftp://news.example/x",
        "/relative/without/base",
        "http://",
        "http://[::1",
        "http://news.example:99999/",
        "http://bad host.example/",
        "",
    ],
)
def test_not_http_or_unparseable_is_none(url: str) -> None:
    assert canonicalize_url(url) is None


def test_is_http_url_and_url_host() -> None:
    assert is_http_url("https://News.Example/a")
    assert not is_http_url("javascript:alert(1)")
    assert not is_http_url("http://[::1")
    assert url_host("https://News.Example:8080/a") == "news.example"
    assert url_host("not a url") == ""


def test_google_news_old_format_id_decodes_to_publisher_url() -> None:
    target = "https://www.quillmoor-gazette.example/2025/06/03/mythos-talks.html?src=a"
    assert google_news_target(google_news_link(target.encode())) == target


def test_google_news_new_format_id_needs_a_request() -> None:
    opaque = b"AU_yqLMq3kz0L8vYx2fTgR1nWc7sPbJ9eHdU4oKaQ6iFmE"
    assert google_news_target(google_news_link(opaque)) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.quillmoor-gazette.example/rss/articles/CBMiabc",
        "https://news.google.com/rss/search?q=Mythos",
        "https://news.google.com/rss/articles/%%%",
        "https://news.google.com/rss/articles/A",
    ],
)
def test_google_news_other_urls_are_none(url: str) -> None:
    assert google_news_target(url) is None


# Characters that matter to URL parsing, plus non-ASCII and whitespace.
URLISH = st.text(alphabet="%:/?#[]@!$&'()*+,;=.-_~aZ09fFéß€ \t\n", max_size=30)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.builds(lambda rest: "https://" + rest, URLISH),
        st.builds(
            lambda scheme, host, path, query: f"{scheme}://{host}{path}?{query}",
            st.sampled_from(["http", "HTTPS", "https", "ftp", "javascript"]),
            st.one_of(URLISH, st.text(max_size=20), st.sampled_from(["bücher.example", "[::1]"])),
            URLISH,
            URLISH,
        ),
    ),
    st.one_of(st.none(), st.just("https://base.example/dir/page")),
)
def test_canonicalize_never_raises_and_is_idempotent(url: str, base: str | None) -> None:
    once = canonicalize_url(url, base)
    if once is not None:
        assert is_http_url(once)
        assert canonicalize_url(once) == once
