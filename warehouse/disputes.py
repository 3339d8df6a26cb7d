"""Disputes as facts: built in the flag stage, compared with what was stored, appended.

`detect_disputes` snapshots the comparable claims of a topic into a temporary table
(dispute_work: not negated, not rejected, the latest version of each article, not withdrawn,
derived levels as joiners), reads them in one query, builds the disputes with the pure
functions of extractors/disputes.py, carries ids from the stored disputes (resolved ones too),
and appends, in one transaction, a snapshot for every dispute that opened, changed (an outlet
joined or left a position, a position appeared or went, values changed), resolved (with the
time and the version that resolved it) or reopened, with one change row each. A rerun with
nothing new finds every snapshot's content unchanged and appends nothing.

Each position of a snapshot names its strongest sentence: among the claims that started the
position (not the wide ones or derived levels that joined it), the narrowest interval relative
to its value (the most precise statement), then the earliest published, then the claim id.

The analyst's word (`record_verdict`): a dispute muted, a claim rejected, either undone, each
a fact with who, when and why. Rows never leave the warehouse: readers get frozen dataclasses.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimwatch.extractors.disputes import (
    Dispute,
    DisputeClaim,
    Position,
    build_disputes,
    carry_ids,
    compare_runs,
)
from claimwatch.extractors.timeref import DEFAULT_WINDOW, AsOf
from claimwatch.warehouse.bulk import jsonl
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


@dataclass(frozen=True, slots=True)
class DisputeCounts:
    """What one detection appended, by kind of change (one dispute may count in several)."""

    opened: int = 0
    changed: int = 0  # snapshots of open disputes whose positions changed
    resolved: int = 0
    reopened: int = 0

    @property
    def snapshots(self) -> int:
        return self.opened + self.changed + self.resolved + self.reopened


@dataclass(frozen=True, slots=True)
class StoredDispute:
    """The latest stored snapshot of a dispute."""

    dispute: Dispute
    status: str  # open | resolved
    content_key: str
    snapshot_id: str
    detected_at: datetime
    positions: tuple[dict[str, Any], ...]  # as stored: a resolved snapshot keeps them
    members: tuple[dict[str, Any], ...]
    recorded_at: datetime  # the warehouse's clock: versions recorded later may resolve it


@dataclass(frozen=True, slots=True)
class VerdictTarget:
    """A dispute or claim the analyst names, in one topic, and whether a mute or rejection of
    it is in force."""

    topic: str | None
    active: bool


# --- detection -------------------------------------------------------------------------------


def detect_disputes(
    wh: Sessions,
    detected_at: datetime,
    topic: str | None = None,
    *,
    window: timedelta = DEFAULT_WINDOW,
) -> DisputeCounts:
    """Build the disputes of `topic` now and append what changed since the stored ones."""
    with wh.session() as con:
        try:
            con.execute(sql("dispute_work"), [topic])
            con.execute(sql("dispute_work_derived"))
            rows = con.execute(sql("dispute_work_claims")).fetchall()
            previous = [
                _stored(r) for r in con.execute(sql("dispute_previous"), [topic]).fetchall()
            ]
            claims, articles = _claims(rows)
            del rows
            built = build_disputes(claims, window=window)
            current = carry_ids([p.dispute for p in previous], built)
            plan = _plan(previous, current, detected_at, topic)
            if plan.need_sentences:
                ids = sorted(plan.need_sentences)
                found = con.execute(sql("dispute_work_sentences"), [ids]).fetchall()
                plan.sentences.update((cid, s) for cid, s in found)
            resolving = _resolving_versions(con, plan.resolved)
            snapshots, changes = plan.facts(claims, articles, resolving)
            with tempfile.TemporaryDirectory(prefix="claimwatch-disputes-") as tmp:
                con.begin()
                try:
                    con.execute(sql("dispute_window_insert"), [topic, window])
                    if snapshots:
                        path = jsonl(Path(tmp) / "d.jsonl", _SNAPSHOT_COLUMNS, snapshots)
                        con.execute(sql("dispute_insert"), [path])
                    if changes:
                        path = jsonl(Path(tmp) / "c.jsonl", _CHANGE_COLUMNS, changes)
                        con.execute(sql("dispute_change_insert"), [path])
                except BaseException:
                    con.rollback()
                    raise
                con.commit()
        finally:
            con.execute(sql("dispute_work_drop"))
    return plan.counts


def _claims(rows: list[tuple[Any, ...]]) -> tuple[list[DisputeClaim], dict[str, str]]:
    """DisputeClaims from dispute_work_claims rows (numbers as text, times as epoch
    microseconds), and each claim's article id. Equal numbers and times share one object."""
    numbers: dict[str | None, Decimal | None] = {None: None}
    times: dict[int, datetime] = {}

    def num(text: str | None) -> Decimal | None:
        found = numbers.get(text)
        if found is None and text is not None:
            found = numbers[text] = Decimal(text)
        return found

    def at(us: int) -> datetime:
        found = times.get(us)
        if found is None:
            found = times[us] = _EPOCH + timedelta(microseconds=us)
        return found

    claims = []
    articles = {}
    for (cid, outlet, story, url, measure, kind, modality, subject, value, low, high,
         published, start, end, derived, article_id, proposal) in rows:  # fmt: skip
        v = num(value)
        assert v is not None
        # No AsOf for the common case, the publication instant (the builder's default).
        as_of = None if start == end == published else AsOf(at(start), at(end), None, "stored")
        claims.append(
            DisputeClaim(
                cid,
                outlet or "",
                story,
                url,
                measure,
                kind,
                modality,
                subject,
                v,
                num(low),
                num(high),
                at(published),
                as_of,
                derived,
                proposal,
            )
        )
        articles[cid] = article_id
    return claims, articles


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _stored(row: tuple[Any, ...]) -> StoredDispute:
    (did, status, measure, kind, modality, subject, proposal, anchor, positions, outlets,
     content_key, snapshot_id, detected_at, start, end, members, recorded_at) = row  # fmt: skip
    dispute = Dispute(
        dispute_id=did,
        measure=measure,
        kind=kind,
        modality=modality,
        subject=subject,
        positions=tuple(_position(p) for p in positions),
        outlets=tuple(outlets),
        proposal=proposal,
        anchor=anchor,
        as_of_start=start,
        as_of_end=end,
    )
    return StoredDispute(
        dispute,
        status,
        content_key,
        snapshot_id,
        detected_at,
        tuple(positions),
        tuple(members),
        recorded_at,
    )


def _position(p: dict[str, Any]) -> Position:
    return Position(
        low=p["low"],
        high=p["high"],
        values=tuple(p["values"]),
        outlets=tuple(p["outlets"]),
        stories=tuple(p["stories"]),
        urls=tuple(p["urls"]),
        claim_ids=tuple(p["claim_ids"]),
        first_published_at=p["first_published_at"],
        last_published_at=p["last_published_at"],
        majority=p["majority"],
        inconsistent_outlets=tuple(p["inconsistent_outlets"]),
    )


def _resolving_versions(con: Any, resolved: Sequence[StoredDispute]) -> dict[str, str]:
    """The version that resolved each dispute (see dispute_resolving_versions), by id."""
    if not resolved:
        return {}
    asked = [
        {
            "dispute_id": r.dispute.dispute_id,
            "article_ids": sorted({m["article_id"] for m in r.members if m["article_id"]}),
            "since": r.recorded_at,
        }
        for r in resolved
    ]
    found = con.execute(sql("dispute_resolving_versions"), [asked]).fetchall()
    return {did: vid for did, vid in found if vid}


# --- what to append --------------------------------------------------------------------------


_Change = tuple[str, str | None, str]  # change, outlet, detail


class _Plan:
    """The snapshots and changes one detection appends."""

    def __init__(self, topic: str | None, detected_at: datetime) -> None:
        self.topic = topic
        self.detected_at = detected_at
        self.entries: list[tuple[Dispute, str, StoredDispute | None, list[_Change]]] = []
        self.resolved: list[StoredDispute] = []
        self.need_sentences: set[str] = set()  # every claim of an open dispute
        self.sentences: dict[str, str] = {}
        self.counts = DisputeCounts()

    def add(
        self,
        dispute: Dispute,
        status: str,
        before: StoredDispute | None,
        changes: list[tuple[str, str | None, str]],
    ) -> None:
        self.entries.append((dispute, status, before, changes))
        if status == "open":
            self.need_sentences.update(dispute.claim_ids)

    def facts(
        self,
        claims: Sequence[DisputeClaim],
        articles: dict[str, str],
        resolving: dict[str, str],
    ) -> tuple[list[list[object]], list[list[object]]]:
        by_id = {c.claim_id: c for c in claims if c.claim_id in self.need_sentences}
        snapshots: list[list[object]] = []
        out_changes: list[list[object]] = []
        for dispute, status, before, changes in self.entries:
            key = content_key(dispute, status)
            previous_id = before.snapshot_id if before else None
            snapshot_id = _hash("snapshot", dispute.dispute_id, self.topic, key, previous_id)
            resolved_by = resolving.get(dispute.dispute_id) if status == "resolved" else None
            positions: list[dict[str, Any]]
            members: list[dict[str, Any]]
            if status == "resolved" and before is not None:
                positions, members = list(before.positions), list(before.members)
            else:
                positions = [
                    _position_row(i, p, dispute, by_id, self.sentences)
                    for i, p in enumerate(dispute.positions, 1)
                ]
                members = [
                    {"claim_id": cid, "article_id": articles.get(cid), "position": i,
                     "value": by_id[cid].value if cid in by_id else None}
                    for i, p in enumerate(dispute.positions, 1)
                    for cid in p.claim_ids
                ]  # fmt: skip
            snapshots.append(
                [snapshot_id, dispute.dispute_id, self.topic, dispute.measure, dispute.kind,
                 dispute.modality, dispute.subject, dispute.proposal,
                 dispute.anchor.isoformat() if dispute.anchor else None, status, positions,
                 list(dispute.outlets), members, dispute.as_of_start, dispute.as_of_end,
                 resolved_by, key, previous_id, self.detected_at]
            )  # fmt: skip
            for change, outlet, detail in changes:
                if change == "resolved" and resolved_by:
                    detail += f" (version {resolved_by})"
                change_id = _hash("change", snapshot_id, change, outlet)
                out_changes.append(
                    [change_id, snapshot_id, dispute.dispute_id, self.topic, change, outlet,
                     detail, self.detected_at]
                )  # fmt: skip
        return snapshots, out_changes


def _plan(
    previous: Sequence[StoredDispute],
    current: Iterable[Dispute],
    detected_at: datetime,
    topic: str | None,
) -> _Plan:
    plan = _Plan(topic, detected_at)
    stored = {p.dispute.dispute_id: p for p in previous}
    now_ids = set()
    opened = changed = resolved = reopened = 0
    for d in current:
        now_ids.add(d.dispute_id)
        before = stored.get(d.dispute_id)
        if before is None:
            plan.add(d, "open", None, [("opened", None, "Opened: " + describe(d))])
            opened += 1
        elif before.status == "resolved":
            plan.add(d, "open", before, [("reopened", None, "Reopened: " + describe(d))])
            reopened += 1
        elif before.content_key != content_key(d, "open"):
            changes = _changes(before.dispute, d)
            plan.add(d, "open", before, changes)
            changed += 1
    for did, before in stored.items():
        if before.status == "open" and did not in now_ids:
            detail = "Resolved: the claims no longer disagree: " + describe(before.dispute)
            plan.add(before.dispute, "resolved", before, [("resolved", None, detail)])
            plan.resolved.append(before)
            resolved += 1
    plan.counts = DisputeCounts(opened, changed, resolved, reopened)
    return plan


def _changes(before: Dispute, after: Dispute) -> list[tuple[str, str | None, str]]:
    """Change rows between two open snapshots: outlets joining or leaving a position, else
    'changed' (a position appeared or went, or values moved)."""
    out: list[tuple[str, str | None, str]] = []
    for ch in compare_runs([before], [after]):
        if ch.change == "outlet_joined" and ch.position is not None:
            out.append(
                ("joined", ch.outlet, f"{ch.outlet} joined those saying {says(ch.position)}")
            )
        elif ch.change == "outlet_left" and ch.position is not None:
            out.append(("left", ch.outlet, f"{ch.outlet} no longer says {says(ch.position)}"))
    if not out:
        out.append(("changed", None, "Changed: " + describe(after)))
    return out


def content_key(d: Dispute, status: str) -> str:
    """What a rerun compares: the status and the positions' claims, numbers and holders."""
    raw = [status] + [
        [_num(p.low), _num(p.high), [_num(v) for v in p.values], list(p.outlets),
         list(p.stories), list(p.claim_ids), p.majority, list(p.inconsistent_outlets)]
        for p in d.positions
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(raw).encode()).hexdigest()[:20]


def _position_row(
    i: int,
    p: Position,
    d: Dispute,
    by_id: dict[str, DisputeClaim],
    sentences: dict[str, str],
) -> dict[str, object]:
    majority_size = max(len(q.stories) for q in d.positions)
    best = strongest(p, by_id)
    return {
        "position": i,
        "low": p.low,
        "high": p.high,
        "values": list(p.values),
        "outlets": list(p.outlets),
        "stories": list(p.stories),
        "urls": list(p.urls),
        "claim_ids": list(p.claim_ids),
        "first_published_at": p.first_published_at,
        "last_published_at": p.last_published_at,
        "majority": p.majority,
        # every position smaller than the largest (a tie for largest has no outlier)
        "outlier": not p.majority and len(p.stories) < majority_size,
        "inconsistent_outlets": list(p.inconsistent_outlets),
        "sentence": sentences.get(best.claim_id) if best else None,
        "url": best.url if best else None,
        "published_at": best.published_at if best else None,
    }


def strongest(p: Position, by_id: dict[str, DisputeClaim]) -> DisputeClaim | None:
    """The position's strongest claim: a starter before a joiner, the narrowest interval
    relative to its value, the earliest published, the smallest id."""
    joined = set(p.joined_claim_ids)
    members = [by_id[c] for c in p.claim_ids if c in by_id]
    if not members:
        return None

    def rank(c: DisputeClaim) -> tuple[bool, Decimal, datetime, str]:
        if c.low is None or c.high is None:
            width = Decimal("Infinity")
        else:
            width = (c.high - c.low) / max(abs(c.value), Decimal(1))
        return (c.claim_id in joined or c.derived, width, c.published_at, c.claim_id)

    return min(members, key=rank)


# --- words ------------------------------------------------------------------------------------


def describe(d: Dispute) -> str:
    """One plain sentence: who says what, the largest position first."""
    what = f"{d.modality} {'total' if d.kind == 'level' else 'increase'} of {d.measure}"
    if d.subject:
        what += f" ({d.subject})"
    if d.proposal:
        # "Anthropic/revised": Anthropic's revised proposal; "/revised": a revised proposal.
        who, _, revised = d.proposal.partition("/")
        whose = f"{who}'s" if who else "a"
        what += f", {whose} {revised} proposal" if revised else f", {whose} proposal"
    ordered = sorted(d.positions, key=lambda p: (-len(p.stories), -len(p.outlets), p.low))
    parts = []
    for p in ordered:
        outlets = _count(len(p.outlets), "outlet")
        if len(p.stories) != len(p.outlets):
            outlets += f" ({_count(len(p.stories), 'story')})"
        verb = "says" if len(p.outlets) == 1 else "say"
        parts.append(f"{outlets} {verb} {says(p)}")
    return f"{what[0].upper()}{what[1:]}: " + "; ".join(parts)


def says(p: Position) -> str:
    """A position's figures in words: "120", "110 or 120"."""
    values = [_num(v) for v in p.values]
    if len(values) <= 2:
        return " or ".join(values)
    return f"{values[0]} to {values[-1]}"


def _count(n: int, noun: str) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    word = words[n] if n < len(words) else str(n)
    plural = noun if n == 1 else ("stories" if noun == "story" else noun + "s")
    return f"{word} {plural}"


def _num(v: Decimal | None) -> str:
    if v is None:
        return "unbounded"
    return f"{v.normalize():f}"


def _hash(*parts: object) -> str:
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()[:20]


_SNAPSHOT_COLUMNS = (
    "snapshot_id", "dispute_id", "topic", "measure", "kind", "modality", "subject", "proposal",
    "anchor_day", "status", "positions", "outlets", "members", "as_of_start", "as_of_end",
    "resolved_by_version", "content_key", "previous_snapshot_id", "detected_at",
)  # fmt: skip
_CHANGE_COLUMNS = (
    "change_id", "snapshot_id", "dispute_id", "topic", "change", "outlet", "detail", "changed_at",
)  # fmt: skip


# --- the analyst's word ----------------------------------------------------------------------


def verdict_targets(
    wh: Sessions, target: str, target_id: str, topic: str | None
) -> list[VerdictTarget]:
    """The topics in which `target_id` (a dispute or claim id) exists, each with whether a mute
    or rejection of it is in force; empty when it does not exist."""
    with wh.session(read_only=True) as con:
        rows = con.execute(sql("dispute_verdict_target"), [target, target_id, topic]).fetchall()
    return [VerdictTarget(t, bool(a)) for t, a in rows]


def record_verdict(
    wh: Sessions,
    target: str,
    target_id: str,
    action: str,
    *,
    who: str,
    why: str | None,
    topic: str | None,
    at: datetime | None = None,
) -> None:
    """Append the analyst's word: mute (a dispute), reject (a claim) or undo (either)."""
    said_at = at or datetime.now(UTC)
    with wh.transaction() as con:
        con.execute(
            sql("dispute_verdict_insert"), [target, target_id, action, who, why, said_at, topic]
        )


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PositionRow:
    """A position of a stored dispute, as `claimwatch disputes` shows it."""

    position: int
    low: Decimal
    high: Decimal
    values: tuple[Decimal, ...]
    outlets: tuple[str, ...]
    stories: int
    majority: bool
    outlier: bool
    inconsistent_outlets: tuple[str, ...]
    sentence: str | None
    url: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class DisputeRow:
    """One row of the `disputes` view."""

    dispute_id: str
    measure: str
    kind: str
    modality: str
    subject: str | None
    status: str
    positions: tuple[PositionRow, ...]
    outlets: tuple[str, ...]
    first_detected_at: datetime
    last_changed_at: datetime
    resolved_at: datetime | None
    resolved_by_version: str | None
    muted: bool
    proposal: str | None
    anchor_day: date | None
    topic: str | None


def list_disputes(
    wh: Sessions,
    topic: str | None = None,
    *,
    include_resolved: bool = False,
    as_of: datetime | None = None,
) -> list[DisputeRow]:
    """Open disputes (or all) of `topic` (None: every topic), as the warehouse knew them at
    `as_of` (None: now); open first, most recently changed first."""
    with wh.session(read_only=True, as_of=as_of) as con:
        rows = con.execute(sql("dispute_list"), [topic, include_resolved]).fetchall()
    out = []
    # Unpacked by name: mypy cannot tell how many fields a slice of a row fills.
    for (
        dispute_id, measure, kind, modality, subject, status, position_list, outlets,
        first_detected_at, last_changed_at, resolved_at, resolved_by_version, muted, proposal,
        anchor_day, row_topic,
    ) in rows:  # fmt: skip
        positions = tuple(
            PositionRow(
                p["position"],
                p["low"],
                p["high"],
                tuple(p["values"]),
                tuple(p["outlets"]),
                len(p["stories"]),
                p["majority"],
                p["outlier"],
                tuple(p["inconsistent_outlets"]),
                p["sentence"],
                p["url"],
                p["published_at"],
            )  # fmt: skip
            for p in position_list
        )
        out.append(DisputeRow(
            dispute_id, measure, kind, modality, subject, status, positions, tuple(outlets),
            first_detected_at, last_changed_at, resolved_at, resolved_by_version, muted,
            proposal, anchor_day, row_topic,
        ))  # fmt: skip
    return out
