"""The alert outbox: developments recorded once ever, gathered into digests, sent at most once.

A development is recorded under a stable key (`dispute:<change_id>`, `story:<story_id>`,
`claim_value:...`, `flag:<md5 of the flag's pair_key>`, `revision:<article_id>:<version>`,
`withdrawn:<article_id>:<since>`, `moved:<measure>:<subject>:<day>:<value>`) only when no
development of that key exists (an anti-join: nothing is upserted), so recomputing them from
the warehouse on every run never records one twice. Keys derive from content, never from the
run: a rerun over the same facts announces nothing.

What a development needs beyond its flat columns (a dispute's positions, the sentences a
correction replaced, a count then and now) is its JSON `payload` (warehouse/news.py). A
disagreement between outlets is announced as its dispute, not pair by pair: a contradiction is
recorded only when no dispute holds it (drift flags always are).

A digest takes every undigested development of its topic; it stays pending until `mark_sent`,
and while it is pending `pending_digest` returns it again (with the message bytes stored on its
first attempt), so a retry resends the same message rather than a new one. Digests, their
developments, messages and send attempts are facts; the `digest` and `development` views derive
their state.

Several topics may share one warehouse: developments count only the articles, claims and flags
of the topic passed in (and those stored without a topic).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from claimwatch.warehouse.news import (
    LevelClaim,
    changed_sentences,
    moved_counts,
    moved_payload,
)
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.store import Warehouse

# Developments recorded by one query each, in the digest's order of sections.
_DEVELOPMENT_QUERIES = (
    "development_disputes",
    "development_withdrawals",
    "development_stories",
    "development_claim_values",
    "development_flags",
)


@dataclass(frozen=True, slots=True)
class Development:
    """Something new about the story. Flags and revisions fill both sides (a: the earlier claim
    or version, b: the later one); stories and claim values only the fields that apply."""

    key: str
    kind: str  # story | claim_value | contradiction | drift | revision
    title: str | None
    url: str | None
    outlet: str | None
    measure: str | None
    detail: str | None
    a_url: str | None
    a_outlet: str | None
    a_value: str | None
    a_sentence: str | None
    b_url: str | None
    b_outlet: str | None
    b_value: str | None
    b_sentence: str | None
    observed_at: datetime | None
    payload: Mapping[str, Any] | None = None  # see warehouse/news.py


@dataclass(frozen=True, slots=True)
class Digest:
    """One email's worth of developments. `message` is set once the digest was composed for a
    send attempt: a retry resends exactly those bytes."""

    digest_id: str
    topic: str
    created_at: datetime
    baseline: bool  # the topic's first digest: everything known so far, listed with a cap
    developments: tuple[Development, ...]
    attempts: int = 0
    last_error: str | None = None
    subject: str | None = None
    message: bytes | None = None

    def count(self, kind: str) -> int:
        return sum(1 for d in self.developments if d.kind == kind)


def record_developments(wh: Warehouse, topic: str, run_started_at: datetime) -> int:
    """Record every development the warehouse shows that was not recorded before; returns how
    many are new."""
    params = {"topic": topic, "now": run_started_at}
    added = 0
    with wh.transaction() as con:
        for name in _DEVELOPMENT_QUERIES:
            added += _count(con.execute(sql(name), params))
        added += _record_changed_versions(con, topic, run_started_at)
        added += _record_moved_counts(con, topic, run_started_at)
    return added


def _record_changed_versions(con: duckdb.DuckDBPyConnection, topic: str, now: datetime) -> int:
    """A version that corrected the article or changed a number, with the sentences it
    changed (before and after), under the key revisions always had."""
    added = 0
    rows = con.execute(sql("development_changed_versions"), {"topic": topic}).fetchall()
    for article_id, version, url, outlet, title, classes, old, new, fetched_at in rows:
        kind = "correction" if "correction" in (classes or ()) else "numbers"
        changes = changed_sentences(old or "", new or "")
        payload = {
            "classes": list(classes or ()),
            "changes": [{"before": c.before, "after": c.after} for c in changes],
        }
        first = changes[0] if changes else None
        added += _insert(
            con,
            topic=topic,
            now=now,
            key=f"revision:{article_id}:{version}",
            kind=kind,
            title=title,
            url=url,
            outlet=outlet,
            detail=f"version {version}: " + ", ".join(classes or ()),
            a_url=url,
            a_outlet=outlet,
            a_value=f"version {version - 1}",
            a_sentence=first.before if first else None,
            b_url=url,
            b_outlet=outlet,
            b_value=f"version {version}",
            b_sentence=first.after if first else None,
            observed_at=fetched_at,
            payload=json.dumps(payload),
        )
    return added


def _record_moved_counts(con: duckdb.DuckDBPyConnection, topic: str, now: datetime) -> int:
    """A count that moved from one day to another: the story developing, not a dispute."""
    rows = con.execute(sql("development_level_claims"), {"topic": topic}).fetchall()
    claims = [
        LevelClaim(
            measure=measure,
            subject=subject,
            outlet=outlet,
            story_id=story_id,
            value=float(value),
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            qualifier=qualifier,
            url=url,
            sentence=sentence,
            published_at=published_at,
            day=_day_spoken_of(as_of_start, as_of_end),
        )
        for (measure, subject, outlet, story_id, value, low, high, qualifier, url, sentence,
             published_at, as_of_start, as_of_end) in rows
        if as_of_start is not None
    ]  # fmt: skip
    added = 0
    for m in moved_counts(claims):
        added += _insert(
            con,
            topic=topic,
            now=now,
            key=m.key,
            kind="moved",
            title=m.subject,
            url=m.now.url,
            outlet=", ".join(m.now.outlets),
            measure=m.measure,
            detail=f"{m.before.day} to {m.now.day}",
            a_url=m.before.url,
            a_outlet=", ".join(m.before.outlets),
            a_value=f"{m.before.value:g}",
            a_sentence=m.before.sentence,
            b_url=m.now.url,
            b_outlet=", ".join(m.now.outlets),
            b_value=f"{m.now.value:g}",
            b_sentence=m.now.sentence,
            observed_at=now,
            payload=moved_payload(m),
        )
    return added


def _day_spoken_of(start: datetime, end: datetime | None) -> date:
    """The last day a claim speaks of (as_of is [start, end); an instant is its own day)."""
    last = end - timedelta(microseconds=1) if end is not None and end > start else start
    return last.astimezone(UTC).date()


_INSERT_FIELDS = [
    "title",
    "url",
    "outlet",
    "measure",
    "detail",
    "a_url",
    "a_outlet",
    "a_value",
    "a_sentence",
    "b_url",
    "b_outlet",
    "b_value",
    "b_sentence",
    "observed_at",
    "payload",
]


def _insert(con: duckdb.DuckDBPyConnection, **values: object) -> int:
    params = {name: values.get(name) for name in _INSERT_FIELDS}
    params.update(topic=values["topic"], now=values["now"], key=values["key"])
    params["kind"] = values["kind"]
    return _count(con.execute(sql("development_insert"), params))


def pending_digest(wh: Warehouse, topic: str, *, now: datetime | None = None) -> Digest | None:
    """The digest to send now: the one a previous run could not send, else a new one holding
    every undigested development; None when there is nothing to send."""
    now = now or datetime.now(UTC)
    with wh.transaction() as con:
        row = con.execute(sql("alert_unsent_digest"), {"topic": topic}).fetchone()
        if row is None:
            waiting = con.execute(sql("development_undigested_count"), {"topic": topic}).fetchone()
            if not waiting or not waiting[0]:
                return None
            seen = con.execute(sql("alert_digest_exists"), {"topic": topic}).fetchone()
            digest_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
            con.execute(
                sql("alert_digest_insert"),
                {
                    "digest_id": digest_id,
                    "topic": topic,
                    "baseline": not (seen and seen[0]),
                    "now": now,
                },
            )
            con.execute(sql("alert_digest_assign"), {"digest_id": digest_id, "topic": topic})
            row = con.execute(sql("alert_unsent_digest"), {"topic": topic}).fetchone()
            assert row is not None and row[0] == digest_id
        digest_id, topic, created_at, baseline, attempts, last_error, subject, message = row
        developments = _developments(con, topic, digest_id)
    return Digest(
        digest_id=digest_id,
        topic=topic,
        created_at=created_at,
        baseline=baseline,
        developments=developments,
        attempts=attempts,
        last_error=last_error,
        subject=subject,
        message=bytes(message) if message is not None else None,
    )


def preview_digest(wh: Warehouse, topic: str, *, now: datetime | None = None) -> Digest | None:
    """What the next new digest would hold, without recording anything (for `claimwatch demo`)."""
    with wh.session(read_only=True) as con:
        developments = _developments(con, topic, None)
        seen = con.execute(sql("alert_digest_exists"), {"topic": topic}).fetchone()
    if not developments:
        return None
    return Digest(
        digest_id="preview",
        topic=topic,
        created_at=now or datetime.now(UTC),
        baseline=not (seen and seen[0]),
        developments=developments,
    )


def undigested_count(wh: Warehouse, topic: str) -> int:
    with wh.session(read_only=True) as con:
        row = con.execute(sql("development_undigested_count"), {"topic": topic}).fetchone()
    return int(row[0]) if row else 0


def attach_message(
    wh: Warehouse, digest_id: str, subject: str, message_id: str, message: bytes
) -> None:
    """Store the message as first composed; a digest's message is never replaced."""
    with wh.transaction() as con:
        con.execute(
            sql("alert_attach_message"),
            {
                "digest_id": digest_id,
                "subject": subject,
                "message_id": message_id,
                "message": message,
            },
        )


def mark_sent(wh: Warehouse, digest_id: str, *, at: datetime | None = None) -> None:
    """The SMTP server accepted the digest: it is never sent again."""
    with wh.transaction() as con:
        con.execute(sql("alert_mark_sent"), {"digest_id": digest_id, "at": at or datetime.now(UTC)})


def mark_failed(wh: Warehouse, digest_id: str, error: str, *, at: datetime | None = None) -> None:
    """Sending failed: the digest stays pending, with the error, for the next run."""
    with wh.transaction() as con:
        con.execute(
            sql("alert_mark_failed"),
            {"digest_id": digest_id, "error": error, "at": at or datetime.now(UTC)},
        )


def _developments(
    con: duckdb.DuckDBPyConnection, topic: str, digest_id: str | None
) -> tuple[Development, ...]:
    rows = con.execute(sql("development_list"), {"topic": topic, "digest_id": digest_id})
    return tuple(_development(row) for row in rows.fetchall())


def _development(row: tuple[Any, ...]) -> Development:
    # Unpacked by name: mypy cannot tell how many fields a slice of a row fills.
    (
        key, kind, title, url, outlet, measure, detail,
        a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value, b_sentence,
        observed_at, payload,
    ) = row  # fmt: skip
    return Development(
        key, kind, title, url, outlet, measure, detail,
        a_url, a_outlet, a_value, a_sentence, b_url, b_outlet, b_value, b_sentence,
        observed_at, payload=json.loads(payload) if payload else None,
    )  # fmt: skip


def _count(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.fetchone()
    return int(row[0]) if row else 0
