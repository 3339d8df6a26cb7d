"""From feed entries to article observations: which pages to fetch, fetching them, reading them.

An entry whose fingerprint (title, summary, dates, link) has not changed since the last poll is
not fetched again. One story listed in two feeds under the same canonical link is fetched once
and becomes one article; a guid names an entry within its own feed only (see guid_alias).
Aggregator items (Google News) are discovery records: title, publisher and time, keyed on the
publisher's URL when it can be decoded without a request.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from claimwatch.extractors.feeds import outlet_name
from claimwatch.extractors.main_text import PageTextError, page_text
from claimwatch.extractors.near_dup import signature
from claimwatch.extractors.records import ArticleObservation, FeedEntry, ParsedFeed
from claimwatch.extractors.relevance import is_on_topic
from claimwatch.extractors.text_norm import MAX_TEXT_CHARS, clip_text, content_hash, normalize_text
from claimwatch.extractors.topic import FeedSpec, Topic
from claimwatch.extractors.urls import canonicalize_url, url_host
from claimwatch.flows.fetch import FetchError, FetchLimits, HostLimiter, fetch, make_client
from claimwatch.warehouse.store import EntrySeen

# Below this many words the page probably failed to yield its article (paywall, JS shell):
# the feed's own text is used instead when it is longer.
MIN_PAGE_WORDS = 60


@dataclass(slots=True)
class EntryWork:
    """One article to look at in this poll, with every feed entry that names it."""

    url: str  # canonical link (or the aggregator link, for discovery items)
    entry: FeedEntry
    spec: FeedSpec
    outlet: str
    discovery: bool
    keys: list[EntrySeen] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


def entry_key(entry: FeedEntry) -> str | None:
    return entry.guid or entry.link


def guid_alias(entry: FeedEntry) -> str | None:
    """The name a guid gives its article: `guid:<feed URL>:<guid>`.

    A guid identifies an entry within its feed and nothing more (RSS 2.0 and Atom promise no
    more). Scoped any wider, it merges articles that are not one: a wire copy carried in a
    second outlet's feed keeps the originator's guid (often the originator's URL, or a tag:
    URI, so even "globally unique looking" guids are shared), and scoped by site it would still
    merge outlets whose feeds share a host (feedburner, Substack, a wire service's hosted
    feeds), whose guids are often short counters besides. What two feeds really share is the
    article's URL, and that stays an alias of its own (canonical link, feed link), so one
    article listed in two feeds is still one article. The guid alias only adds what a URL
    cannot: an entry whose link changed (a new slug, a move) is still that feed's article.
    Names of this form from feeds a warehouse saw before per-feed scoping are filled in by
    migration 0009 (feed_guid_alias_fact) from the feed's own entry records."""
    if not entry.guid:
        return None
    return f"guid:{entry.feed_url}:{entry.guid}"


def fingerprint(entry: FeedEntry) -> str:
    parts = [
        entry.link or "",
        entry.title,
        entry.summary,
        entry.content,
        entry.published_at.isoformat() if entry.published_at else "",
        entry.updated_at.isoformat() if entry.updated_at else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def plan(
    feeds: Sequence[tuple[FeedSpec, ParsedFeed]],
    seen: dict[str, dict[str, EntrySeen]],
) -> tuple[list[EntryWork], list[str], list[EntrySeen]]:
    """Decide what to fetch: (work, ids of articles unchanged, entry records for those)."""
    work: dict[str, EntryWork] = {}
    by_guid: dict[str, EntryWork] = {}
    unchanged: list[str] = []
    unchanged_entries: list[EntrySeen] = []
    for spec, parsed in feeds:
        known = seen.get(spec.url, {})
        outlet = spec.outlet or outlet_name(parsed.title, spec.url)
        for entry in parsed.entries:
            key = entry_key(entry)
            if key is None or entry.link is None:
                continue  # nothing to fetch or to name it by; parse_feed warned already
            fp = fingerprint(entry)
            record = EntrySeen(spec.url, key, fp, None)
            previous = known.get(key)
            if previous is not None and previous.fingerprint == fp and previous.article_id:
                unchanged.append(previous.article_id)
                unchanged_entries.append(previous)
                continue
            # parse_feed already swapped decodable aggregator links for the publisher's URL;
            # a link still on the aggregator is a discovery item.
            discovery = _is_aggregator_link(entry.link)
            url = canonicalize_url(entry.link)
            if url is None:
                continue
            galias = guid_alias(entry)
            item = work.get(url) or (by_guid.get(galias) if galias else None)
            if item is None:
                item = EntryWork(
                    url=url, entry=entry, spec=spec, outlet=outlet, discovery=discovery
                )
                work[url] = item
            item.keys.append(record)
            item.aliases.update(a for a in (entry.link, galias) if a)
            if galias:
                by_guid[galias] = item
    return list(work.values()), sorted(set(unchanged)), unchanged_entries


def _is_aggregator_link(link: str) -> bool:
    return url_host(link) == "news.google.com"


def _feed_text(entry: FeedEntry) -> str:
    longest = entry.content if len(entry.content) > len(entry.summary) else entry.summary
    return normalize_text(longest)


def observe(
    item: EntryWork,
    topic: Topic,
    fetched_at: datetime,
    *,
    page: tuple[bytes, str, str | None] | None,
    page_error: str | None,
) -> ArticleObservation:
    """Turn a fetched page (body, final URL, content type), or its failure, into an observation."""
    entry = item.entry
    aliases = set(item.aliases)
    url = item.url
    title = entry.title
    text = ""
    source = "discovery" if item.discovery else "page"
    note = page_error
    published, updated = entry.published_at, entry.updated_at
    outlet = entry.source_name if item.discovery and entry.source_name else item.outlet
    if page is not None:
        body, final_url, content_type = page
        final = canonicalize_url(final_url)
        if final and final != url:
            aliases.add(url)
            url = final
        try:
            read = page_text(body, final_url, content_type)
        except PageTextError as exc:
            note = f"page unreadable: {exc}"
        else:
            canonical = read.canonical_url and canonicalize_url(read.canonical_url)
            # A canonical link to another site is usually the original of a syndicated copy:
            # that copy is still this outlet's article, so only same-site canonicals rename it.
            if canonical and _same_site(canonical, url) and canonical != url:
                aliases.add(url)
                url = canonical
            text = read.text
            title = read.title or title
            published = published or read.published_at
            updated = read.updated_at or updated
    if source == "page" and len(text.split()) < MIN_PAGE_WORDS:
        fallback = _feed_text(entry)
        if len(fallback.split()) > len(text.split()):
            text = fallback
            source = "feed"
            note = note or "page text too short; feed text used"
    # A page (or feed) can yield megabytes of text; what is stored and read is bounded
    # (see text_norm.MAX_TEXT_CHARS: a 5 MB page used to fail every later extraction).
    text, clipped = clip_text(text)
    if clipped:
        note = (note + "; " if note else "") + f"text cut to its first {MAX_TEXT_CHARS} characters"
    title = normalize_text(title)
    aliases.discard(url)
    return ArticleObservation(
        url=url,
        outlet=outlet,
        feed_url=item.spec.url,
        title=title,
        text=text,
        content_hash=content_hash(title, text),
        on_topic=is_on_topic(topic.relevance, title, text),
        published_at=published,
        updated_at=updated,
        fetched_at=fetched_at,
        guid=entry.guid,
        aliases=tuple(sorted(aliases)),
        source=source,
        note=note,
        signature=signature(text) if source != "discovery" else (),
    )


def _same_site(a: str, b: str) -> bool:
    return url_host(a).removeprefix("www.") == url_host(b).removeprefix("www.")


async def fetch_pages(
    items: Sequence[EntryWork],
    limits: FetchLimits,
    *,
    on_done: Callable[[EntryWork, str | None], None] | None = None,
) -> list[tuple[bytes, str, str | None] | FetchError | None]:
    """Fetch each item's page (None for discovery items, which have no page to fetch)."""
    limiter = HostLimiter(limits.per_host)
    async with make_client(limits) as client:

        async def one(item: EntryWork) -> tuple[bytes, str, str | None] | FetchError | None:
            if item.discovery:
                result: tuple[bytes, str, str | None] | FetchError | None = None
            else:
                try:
                    r = await fetch(client, item.url, limits=limits, limiter=limiter)
                    result = (r.body, r.final_url, r.content_type)
                except FetchError as exc:
                    result = exc
            if on_done is not None:
                on_done(item, str(result) if isinstance(result, FetchError) else None)
            return result

        return list(await asyncio.gather(*(one(item) for item in items)))


def ingest(
    items: Sequence[EntryWork],
    pages: Sequence[tuple[bytes, str, str | None] | FetchError | None],
    topic: Topic,
    fetched_at: datetime,
) -> tuple[list[tuple[ArticleObservation, list[EntrySeen]]], list[tuple[str, str | None, str]]]:
    """Observations for every item that yielded some text (each with the feed entries whose
    fingerprints to record once it is stored), and errors for the pages that failed."""
    observed: list[tuple[ArticleObservation, list[EntrySeen]]] = []
    errors: list[tuple[str, str | None, str]] = []
    for item, page in zip(items, pages, strict=True):
        error = str(page) if isinstance(page, FetchError) else None
        body = page if isinstance(page, tuple) else None
        if error:
            errors.append((item.url, item.spec.url, error))
        obs = observe(item, topic, fetched_at, page=body, page_error=error)
        if not obs.text and not item.discovery:
            # Neither the page nor the feed gave any text: nothing to version yet.
            if not error:
                errors.append((item.url, item.spec.url, obs.note or "no article text found"))
            continue
        # An entry whose page failed for a passing reason (timeout, 5xx) is not marked seen, so
        # the next poll fetches it again; after a permanent one (404) the feed's text stands.
        retry = isinstance(page, FetchError) and page.transient
        observed.append((obs, [] if retry else item.keys))
    return observed, errors
