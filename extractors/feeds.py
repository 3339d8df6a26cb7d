"""RSS/Atom bytes -> `ParsedFeed`: plain-text titles and summaries, http(s) links, UTC dates.

feedparser does the format work (RSS 0.9x, RSS 1.0/RDF, RSS 2.0, Atom 1.0); this module is the
defensive wrapper around it:

- A document that declares XML entities is refused before feedparser sees it: feedparser's
  loose-parser fallback expands internal entities without bound (a 40 KB feed reached 316 MiB),
  and external entities name local files (XXE).
- feedparser opens strings that look like paths or URLs, so it only ever gets a BytesIO.
- `entry.link` is not sanitized by feedparser: only http(s) links survive.
- Google News items have their " - Publisher" title suffix removed and, for old-format ids,
  their link replaced by the publisher URL it encodes (the article is keyed on that URL).
"""

from __future__ import annotations

import calendar
import codecs
import html
import io
import re
import time
import warnings
import xml.sax
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from claimwatch.extractors.records import FeedEntry, ParsedFeed
from claimwatch.extractors.text_norm import normalize_text, normalize_title
from claimwatch.extractors.urls import google_news_target, is_http_url, url_host


class FeedParseError(ValueError):
    """A body that is refused or is not a feed; the message names the feed URL and the reason."""


# --- the entity-declaration guard ------------------------------------------------------------

# Byte-order marks and, for BOM-less UTF-16/32, the pattern of "<" or "<?" (XML 1.0 Appendix F).
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_BOMLESS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.DOTALL)


def _sniff_text(body: bytes) -> str:
    """The body as text, for the guard: BOM, then BOM-less UTF-16/32 pattern, else UTF-8."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace")
    for prefix, encoding in _BOMLESS:
        if body.startswith(prefix):
            return body.decode(encoding, "replace")
    # Latin-1 keeps every byte (and so every ASCII "<!ENTITY") visible whatever the encoding.
    return body.decode("latin-1")


def _as_feedparser_sees_it(body: bytes) -> str | None:
    """The body converted the way feedparser will convert it (declared encodings included)."""
    try:
        from feedparser.encodings import convert_to_utf8

        result: dict[str, Any] = {}  # where it reports encoding problems (as bozo), unused
        converted = convert_to_utf8({"content-type": "application/xml"}, body, result)
        return bytes(converted).decode("utf-8", "replace")
    except Exception:  # a private helper: if it changes, the sniffed text is still checked
        return None


def _declares_entities(body: bytes) -> bool:
    """True when the document declares an entity anywhere outside CDATA sections.

    Entity declarations only belong in the DOCTYPE's internal subset (the prolog), but
    feedparser's loose parser is forgiving about where things are, so the whole document is
    checked; CDATA is skipped because a story about XML may quote "<!ENTITY" there. The check
    runs on the BOM/UTF-16-aware decoding and on feedparser's own conversion, so a declared
    encoding (UTF-7, EBCDIC, ...) cannot smuggle a declaration past it.
    """
    for text in (_sniff_text(body), _as_feedparser_sees_it(body)):
        if text is not None and _ENTITY_DECL.search(_CDATA.sub("", text)):
            return True
    return False


# --- HTML and text helpers -------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
        "tr", "td", "th", "ul",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
_LOOKS_LIKE_MARKUP = re.compile(r"<[A-Za-z/!]")
_ENTITY_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment; block elements become paragraph breaks."""
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return normalize_text(html.unescape(fragment))
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
    try:
        root = lxml.html.fromstring(
            b"<div>" + fragment.encode("utf-8", "replace") + b"</div>", parser=parser
        )
    except (lxml.etree.ParserError, ValueError):
        return normalize_text(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    parts: list[str] = []
    skipping = 0
    # iterwalk instead of recursion: hostile feeds nest elements thousands deep.
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping += 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n")
            if not skipping and el.text and isinstance(el.tag, str):
                parts.append(el.text)
        else:
            if tag in _SKIP_TAGS:
                skipping -= 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n")
            if not skipping and el.tail and el is not root:
                parts.append(el.tail)
    return normalize_text("".join(parts))


def _get(obj: Any, key: str, default: Any = None) -> Any:
    """dict.get without FeedParserDict's key aliases: its `updated` -> `published` fallback
    both warns (DeprecationWarning) and would report a publication time as an update."""
    return dict.get(obj, key, default) if isinstance(obj, dict) else default


def _plain(detail: Any, fallback: str | None) -> str:
    """Text of a feedparser text construct, whatever type (text, html, xhtml) it declares."""
    value = fallback if not isinstance(detail, dict) else _get(detail, "value", fallback)
    if not isinstance(value, str):
        return ""
    if isinstance(detail, dict):
        is_html = _get(detail, "type", "") in (
            "text/html",
            "application/xhtml+xml",
            "html",
            "xhtml",
        )
    else:
        # No type: feedparser copied the value from elsewhere (Atom content into summary).
        is_html = _LOOKS_LIKE_MARKUP.search(value) is not None
    if is_html:
        return _html_to_text(value)
    # Plain text as feedparser gives it is already unescaped, but feeds often escape twice
    # ("&amp;#8217;"): decode only complete, semicolon-terminated references.
    return normalize_text(_ENTITY_REF.sub(lambda m: html.unescape(m.group(0)), value))


def _utc(struct: Any) -> datetime | None:
    """feedparser's *_parsed (a UTC struct_time) as an aware datetime; None when absent/bad."""
    if not isinstance(struct, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


# --- parse -----------------------------------------------------------------------------------


def _describe_bozo(exc: BaseException | None) -> str:
    return f"{type(exc).__name__}: {exc}" if exc is not None else "unknown problem"


def _is_malformed(exc: BaseException | None) -> bool:
    """bozo also flags harmless things (a missing or odd Content-Type, a charset override)."""
    return isinstance(exc, xml.sax.SAXException | UnicodeError) or (
        exc is not None
        and type(exc).__name__ in ("UndeclaredNamespace", "CharacterEncodingUnknown")
    )


def _link_of(entry: Any, base: str) -> tuple[str | None, str | None]:
    """(accepted http(s) link, rejected scheme): the first alternate link, resolved."""
    candidates: list[str] = []
    link = _get(entry, "link")
    if isinstance(link, str) and link.strip():
        candidates.append(link)
    for item in _get(entry, "links") or ():
        href = _get(item, "href") if isinstance(item, dict) else None
        if isinstance(href, str) and href.strip() and _get(item, "rel", "alternate") == "alternate":
            candidates.append(href)
    if not candidates:
        return None, None
    raw = candidates[0].strip()
    try:
        absolute = urljoin(base, raw)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None, "unparseable"
    if is_http_url(absolute):
        return absolute, None
    return None, scheme or "relative"


def _content_text(entry: Any) -> str:
    pieces = []
    for item in _get(entry, "content") or ():
        if isinstance(item, dict):
            text = _plain(item, None)
            if text and text not in pieces:
                pieces.append(text)
    return "\n".join(pieces)


def parse_feed(body: bytes, feed_url: str) -> ParsedFeed:
    """Parse an RSS/Atom body fetched from `feed_url`.

    Raises FeedParseError when the body declares XML entities, is empty, or is not an RSS/Atom
    feed (an HTML page, JSON, an error text). A feed that is ill-formed but still yields entries
    is accepted, with a warning saying so.
    """
    if not body or not body.strip():
        raise FeedParseError(f"{feed_url}: empty body, not an RSS/Atom feed")
    if _declares_entities(body):
        raise FeedParseError(
            f"{feed_url}: refused: the document declares XML entities (<!ENTITY> in a DOCTYPE);"
            " entity expansion can exhaust memory (billion laughs) and external entities can"
            " read local files (XXE), so such feeds are never parsed"
        )

    with warnings.catch_warnings():
        # feedparser reports document problems through `bozo`, not warnings. Its only warnings
        # are DeprecationWarnings about its own key aliases (FeedParserDict's updated ->
        # published fallback); _get() avoids those, and this keeps any left inside feedparser
        # from failing a poll. Nothing else is silenced.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"feedparser\.")
        parsed = feedparser.parse(
            io.BytesIO(body),
            # The feed URL is the base for relative links when the feed sets no xml:base.
            response_headers={"content-location": feed_url, "content-type": "application/xml"},
            resolve_relative_uris=True,
            sanitize_html=True,
        )

    version = _get(parsed, "version") or ""
    raw_entries = _get(parsed, "entries") or []
    bozo_exc = _get(parsed, "bozo_exception") if _get(parsed, "bozo") else None
    if not version:
        reason = "it looks like an HTML page" if _looks_like_html(body) else "no feed element found"
        raise FeedParseError(f"{feed_url}: not an RSS/Atom feed ({reason})")

    warnings_out: list[str] = []
    if bozo_exc is not None and _is_malformed(bozo_exc):
        if not raw_entries:
            raise FeedParseError(
                f"{feed_url}: not an RSS/Atom feed that can be read: it is not well-formed"
                f" ({_describe_bozo(bozo_exc)}) and yielded no entries"
            )
        warnings_out.append(
            f"feed is not well-formed XML ({_describe_bozo(bozo_exc)});"
            f" read leniently, {len(raw_entries)} entries recovered"
        )
    elif bozo_exc is not None and type(bozo_exc).__name__ == "CharacterEncodingOverride":
        warnings_out.append(f"character encoding: {bozo_exc}")

    feed_meta = _get(parsed, "feed") or {}
    feed_title = _plain(_get(feed_meta, "title_detail"), _get(feed_meta, "title")) or None

    dropped: Counter[str] = Counter()
    entries: list[FeedEntry] = []
    for raw in raw_entries:
        entries.append(_entry(raw, feed_url, dropped, is_atom=version.startswith("atom")))
    if dropped:
        detail = ", ".join(f"{n} {scheme}" for scheme, n in sorted(dropped.items()))
        warnings_out.append(
            f"dropped {sum(dropped.values())} entry link(s) that are not http(s) ({detail})"
        )
    return ParsedFeed(
        feed_url=feed_url, title=feed_title, entries=tuple(entries), warnings=tuple(warnings_out)
    )


def _entry(raw: Any, feed_url: str, dropped: Counter[str], *, is_atom: bool) -> FeedEntry:
    base = _get(_get(raw, "title_detail"), "base") or feed_url
    link, rejected = _link_of(raw, base if is_http_url(base) else feed_url)
    if rejected is not None:
        dropped[rejected] += 1

    title = normalize_title(_plain(_get(raw, "title_detail"), _get(raw, "title")))
    summary = _plain(_get(raw, "summary_detail"), _get(raw, "summary"))
    content = _content_text(raw)

    source = _get(raw, "source") or {}
    source_name = normalize_title(str(_get(source, "title") or "")) or None
    source_href = _get(source, "href")
    source_url = source_href if isinstance(source_href, str) and is_http_url(source_href) else None

    if link is not None and url_host(link) == "news.google.com":
        # " - Publisher" is Google's decoration, not the headline the publisher wrote.
        if source_name and title.endswith(f" - {source_name}"):
            title = title[: -len(source_name) - 3].rstrip()
        link = google_news_target(link) or link

    updated = _utc(_get(raw, "updated_parsed"))
    published = _utc(_get(raw, "published_parsed"))
    if published is None and not is_atom:
        # RSS has no "updated" element of its own: feedparser files dc:date (the usual date
        # of RSS 1.0 items and of many RSS 2.0 feeds) under updated, but it is the
        # publication time.
        published = updated

    guid = _get(raw, "id")
    return FeedEntry(
        feed_url=feed_url,
        guid=guid.strip() if isinstance(guid, str) and guid.strip() else None,
        link=link,
        title=title,
        summary=summary,
        content=content,
        published_at=published,
        updated_at=updated,
        source_name=source_name,
        source_url=source_url,
    )


_HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def _looks_like_html(body: bytes) -> bool:
    return _HTML_MARKERS.search(body[:4096]) is not None


_TITLE_SECTION = re.compile(r"\s*(?::|\s[-|\u2013\u2014]\s).*$")


def outlet_name(feed_title: str | None, feed_url: str) -> str:
    """An outlet's name from its feed title ("Metro Tribune: Tech" -> "Metro Tribune"),
    else the feed's host: for feeds given without an outlet name."""
    if feed_title:
        name = _TITLE_SECTION.sub("", feed_title).strip()
        if name:
            return name
    return url_host(feed_url) or feed_url
