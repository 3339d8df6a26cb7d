"""Feeds: what each poll of a feed found, the state the next poll starts from (validators,
failure streak, backoff), and what each feed last said about each entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


@dataclass(frozen=True, slots=True)
class FeedState:
    feed_url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    consecutive_failures: int
    next_poll_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The outcome of one poll of one feed, as the warehouse records it."""

    feed_url: str
    outlet: str
    kind: str
    polled_at: datetime
    status: str  # ok | not_modified | unchanged | failed
    http_status: int | None
    entries: int
    error: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    consecutive_failures: int
    next_poll_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntrySeen:
    """A feed entry as last seen: its fingerprint decides whether its page is fetched again."""

    feed_url: str
    entry_key: str
    fingerprint: str
    article_id: str | None


def feed_states(
    db: Sessions, feed_urls: Sequence[str], topic: str | None = None
) -> dict[str, FeedState]:
    """The state each feed's next poll in `topic` starts from (None: any topic)."""
    if not feed_urls:
        return {}
    with db.session() as con:
        rows = con.execute(sql("feed_states"), [list(feed_urls), topic]).fetchall()
    return {row[0]: FeedState(*row) for row in rows}


def record_feed_polls(
    db: Sessions, run_id: str, polls: Sequence[FeedPoll], topic: str | None = None
) -> None:
    """Record each poll with the state it leaves its feed in (the topic defaults to the run's)."""
    with db.transaction() as con:
        for p in polls:
            con.execute(
                sql("feed_poll_insert"),
                {
                    "run_id": run_id,
                    "topic": topic,
                    "feed_url": p.feed_url,
                    "outlet": p.outlet,
                    "kind": p.kind,
                    "polled_at": p.polled_at,
                    "status": p.status,
                    "http_status": p.http_status,
                    "entries": p.entries,
                    "error": p.error,
                    "etag": p.etag,
                    "last_modified": p.last_modified,
                    "body_hash": p.body_hash,
                    "consecutive_failures": p.consecutive_failures,
                    "next_poll_at": p.next_poll_at,
                },
            )


def forget_validators(db: Sessions, feed_urls: Sequence[str], topic: str | None = None) -> None:
    """Make the next poll of these feeds a full read (an entry of theirs awaits a retry)."""
    if feed_urls:
        with db.transaction() as con:
            con.execute(sql("feed_forget_validators"), [list(feed_urls), topic])


def entries_seen(db: Sessions, feed_url: str, topic: str | None = None) -> dict[str, EntrySeen]:
    with db.session() as con:
        rows = con.execute(sql("entries_seen"), [feed_url, topic]).fetchall()
    return {row[1]: EntrySeen(*row) for row in rows}


def record_entries(
    db: Sessions, entries: Sequence[EntrySeen], seen_at: datetime, topic: str | None = None
) -> None:
    if not entries:
        return
    with db.transaction() as con:
        for e in entries:
            con.execute(
                sql("entry_insert"),
                [e.feed_url, e.entry_key, e.fingerprint, e.article_id, seen_at, topic],
            )
