"""Polling feeds: conditional GET, a body-hash fallback, backoff for failing feeds.

A feed that fails is polled less often (exponential backoff with jitter, Retry-After
honoured) but never dropped: every poll and every deferral is recorded and reported.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from claimwatch.extractors.feeds import FeedParseError, outlet_name, parse_feed
from claimwatch.extractors.records import ParsedFeed
from claimwatch.extractors.topic import FeedSpec
from claimwatch.flows.fetch import FetchError, FetchLimits, HostLimiter, fetch, make_client
from claimwatch.warehouse.store import FeedPoll, FeedState

BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    spec: FeedSpec
    status: str  # ok | not_modified | unchanged | failed | deferred
    parsed: ParsedFeed | None = None
    http_status: int | None = None
    error: str | None = None
    transient: bool = False
    retry_after: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    next_poll_at: datetime | None = None  # for deferred feeds: when they are due
    # The server could not be reached at all (name not resolved, connection refused or timed
    # out): when every feed says so, the machine is probably offline.
    unreachable: bool = False


def next_poll_after_failure(
    now: datetime, failures: int, retry_after: float | None, rng: random.Random | None = None
) -> datetime:
    """When to poll a feed again after its `failures`-th consecutive failure.

    Doubling from 15 minutes up to 12 hours, with ±20 % jitter so feeds that failed together
    do not retry together; a server's Retry-After wins when it asks for longer."""
    rng = rng or random.Random()
    delay = min(BACKOFF_BASE * (2 ** max(failures - 1, 0)), BACKOFF_MAX)
    delay = delay * rng.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return now + delay


def is_due(state: FeedState | None, now: datetime) -> bool:
    return state is None or state.next_poll_at is None or state.next_poll_at <= now


async def _poll_one(
    client: httpx.AsyncClient,
    spec: FeedSpec,
    state: FeedState | None,
    limits: FetchLimits,
    limiter: HostLimiter,
) -> FeedOutcome:
    try:
        result = await fetch(
            client,
            spec.url,
            limits=limits,
            limiter=limiter,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )
    except FetchError as exc:
        return FeedOutcome(
            spec,
            "failed",
            http_status=exc.status,
            error=str(exc),
            transient=exc.transient,
            retry_after=exc.retry_after,
            unreachable=isinstance(exc.__cause__, httpx.ConnectError | httpx.ConnectTimeout),
        )
    etag, modified = result.etag, result.last_modified
    if result.status == 304:
        return FeedOutcome(spec, "not_modified", http_status=304, etag=etag, last_modified=modified)
    body_hash = hashlib.sha256(result.body).hexdigest()
    if state is not None and state.body_hash == body_hash:
        # Same bytes as last time although the server did not say 304 (no or stale validators).
        return FeedOutcome(
            spec,
            "unchanged",
            http_status=result.status,
            body_hash=body_hash,
            etag=etag,
            last_modified=modified,
        )
    try:
        parsed = parse_feed(result.body, spec.url)
    except FeedParseError as exc:
        return FeedOutcome(spec, "failed", http_status=result.status, error=str(exc))
    return FeedOutcome(
        spec,
        "ok",
        parsed=parsed,
        http_status=result.status,
        body_hash=body_hash,
        etag=etag,
        last_modified=modified,
    )


async def poll_feeds(
    specs: Sequence[FeedSpec],
    states: dict[str, FeedState],
    limits: FetchLimits,
    now: datetime,
    *,
    on_done: Callable[[FeedOutcome], None] | None = None,
    force: bool = False,
) -> list[FeedOutcome]:
    """Poll every due feed concurrently (per-host limit); feeds not due come back deferred.
    `force` polls feeds that are backing off too (`claimwatch run --force`)."""
    limiter = HostLimiter(limits.per_host)
    outcomes: dict[str, FeedOutcome] = {}
    async with make_client(limits) as client:

        async def run(spec: FeedSpec) -> None:
            state = states.get(spec.url)
            if not force and not is_due(state, now):
                outcome = FeedOutcome(
                    spec, "deferred", next_poll_at=state.next_poll_at if state else None
                )
            else:
                outcome = await _poll_one(client, spec, state, limits, limiter)
            outcomes[spec.url] = outcome
            if on_done is not None:
                on_done(outcome)

        await asyncio.gather(*(run(spec) for spec in specs))
    return [outcomes[spec.url] for spec in specs]


def poll_record(outcome: FeedOutcome, state: FeedState | None, polled_at: datetime) -> FeedPoll:
    """What the warehouse keeps of a poll (deferred feeds are not polled, so not recorded)."""
    failures = state.consecutive_failures if state else 0
    if outcome.status == "failed":
        failures += 1
        next_at: datetime | None = next_poll_after_failure(polled_at, failures, outcome.retry_after)
    else:
        failures = 0
        next_at = None
    entries = len(outcome.parsed.entries) if outcome.parsed else 0
    return FeedPoll(
        feed_url=outcome.spec.url,
        outlet=outcome.spec.outlet
        or (outlet_name(outcome.parsed.title, outcome.spec.url) if outcome.parsed else ""),
        kind=outcome.spec.kind,
        polled_at=polled_at,
        status=outcome.status,
        http_status=outcome.http_status,
        entries=entries,
        error=outcome.error,
        etag=outcome.etag,
        last_modified=outcome.last_modified,
        body_hash=outcome.body_hash,
        consecutive_failures=failures,
        next_poll_at=next_at,
    )
