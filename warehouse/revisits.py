"""Revisits: which known articles may be fetched again, and what each revisit found.

When an article is due is decided by extractors/revisit.py from the times returned here (all
derived from recorded facts: first sighting, publication, page reads and earlier revisits); a
revisit that found new text stores it through articles.load_observations like any poll.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from claimwatch.warehouse.bulk import jsonl
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


@dataclass(frozen=True, slots=True)
class RevisitTarget:
    """A known on-topic article whose page may be fetched again."""

    article_id: str
    url: str
    outlet: str | None
    feed_url: str | None
    guid: str | None
    title: str | None
    published_at: datetime | None
    age_from: datetime  # the earlier of publication and first sighting
    last_checked_at: datetime  # the latest page read or revisit
    content_hash: str  # of the latest version
    # From the latest answered revisit, when its text is the latest version; else None.
    etag: str | None
    last_modified: str | None
    body_hash: str | None


@dataclass(frozen=True, slots=True)
class RevisitRecord:
    """What one revisit asked and found (a revisit_fact row), and the article check it adds:
    `check` is 'unchanged', 'withdrawn' or 'failed', or None when a stored reading recorded the
    check already (or no page was asked: blocked, skipped)."""

    article_id: str
    url: str
    revisited_at: datetime
    outcome: str  # not_modified | unchanged | changed | withdrawn | failed | blocked | skipped
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    content_hash: str | None = None
    bytes: int | None = None
    error: str | None = None
    check: str | None = None
    title: str | None = None  # the article's title, carried by an 'unchanged' check


def revisit_targets(db: Sessions, topic: str, since: datetime) -> list[RevisitTarget]:
    """The topic's on-topic articles with page text whose age counts from `since` or later."""
    with db.session() as con:
        rows = con.execute(sql("revisit_targets"), {"topic": topic, "since": since}).fetchall()
    return [RevisitTarget(*row) for row in rows]


_REVISIT_COLUMNS = (
    "article_id", "url", "revisited_at", "outcome", "http_status", "etag", "last_modified",
    "body_hash", "content_hash", "bytes", "error",
)  # fmt: skip
_CHECK_COLUMNS = ("article_id", "checked_at", "content_hash", "outcome", "error", "title")


def record_revisits(
    db: Sessions, run_id: str, records: Sequence[RevisitRecord], topic: str | None = None
) -> None:
    """Store the revisits of a cycle and their article checks, in one transaction."""
    if not records:
        return
    revisits = [
        [r.article_id, r.url, r.revisited_at, r.outcome, r.http_status, r.etag,
         r.last_modified, r.body_hash, r.content_hash, r.bytes, r.error]
        for r in records
    ]  # fmt: skip
    checks = [
        [r.article_id, r.revisited_at, r.content_hash, r.check, r.error, r.title]
        for r in records
        if r.check is not None
    ]
    with tempfile.TemporaryDirectory(prefix="claimwatch-revisit-") as tmp, db.transaction() as con:
        path = jsonl(Path(tmp) / "revisits.jsonl", _REVISIT_COLUMNS, revisits)
        con.execute(sql("revisit_bulk_insert"), [path, run_id, topic])
        if checks:
            path = jsonl(Path(tmp) / "checks.jsonl", _CHECK_COLUMNS, checks)
            con.execute(sql("revisit_check_bulk_insert"), [path, run_id, topic])
