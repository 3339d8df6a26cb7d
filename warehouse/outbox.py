"""The alert outbox: developments recorded once ever, gathered into digests, sent at most once.

A development is recorded under a stable key (`story:<story_id>`, `claim_value:...`,
`flag:<md5 of the flag's pair_key>`, `revision:<article_id>:<version>`) only when no
development of that key exists (an anti-join: nothing is upserted), so recomputing them from
the warehouse on every run never records one twice. A digest takes every undigested development
of its topic; it stays pending until `mark_sent`, and while it is pending `pending_digest`
returns it again (with the message bytes stored on its first attempt), so a retry resends the
same message rather than a new one. Digests, their developments, messages and send attempts
are facts; the `digest` and `development` views derive their state.

Several topics may share one warehouse: developments count only the articles, claims and flags
of the topic passed in (and those stored without a topic).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.store import Warehouse

_DEVELOPMENT_QUERIES = (
    "development_stories",
    "development_claim_values",
    "development_revisions",
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
    return added


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
    return tuple(Development(*row) for row in rows.fetchall())


def _count(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.fetchone()
    return int(row[0]) if row else 0
