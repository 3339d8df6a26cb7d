"""Contradiction and drift flags: detection (incremental, stable) and reading them back.

Detection snapshots the comparable claims into temporary tables, then runs three named queries
in one transaction, each inserting only pairs not flagged yet, so a rerun with nothing new adds
nothing and every flag keeps its first detection time:

- ``flags_detect_cross_outlet``: comparable claims (same subject; actual figures only when
  they speak of times within the as_of window) of different outlets and stories whose
  intervals are disjoint;
- ``flags_detect_drift``: a number that changes between consecutive versions of one article;
- ``flags_detect_derived``: a level implied by a delta and a total (``derived_levels``) that
  disagrees with a stated actual level of another outlet.

In the same transaction, the versions in which drift sees a number change (the
``flag_changed`` snapshot) are classed ``numbers`` (``version_class_numbers``, migration 0009).

Rows never leave the warehouse: readers get frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from claimwatch.extractors.timeref import DEFAULT_WINDOW
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.store import Warehouse


@dataclass(frozen=True, slots=True)
class FlagCounts:
    """How many flags one detection added, by rule."""

    new_cross_outlet: int
    new_drift: int
    new_derived: int

    @property
    def total(self) -> int:
        return self.new_cross_outlet + self.new_drift + self.new_derived


@dataclass(frozen=True, slots=True)
class Flag:
    """One row of the `contradictions` view: two claims that disagree, side by side.

    For drift, a is the earlier version. For basis == "derived", a is a derived level and
    `derived_from` names the delta and total claims it was computed from.
    """

    contradiction_id: str
    kind: str  # cross_outlet | drift
    basis: str  # stated | derived
    measure: str
    a_claim_id: str
    a_url: str
    a_outlet: str | None
    a_value: float
    a_low: float | None
    a_high: float | None
    a_qualifier: str
    a_version: int
    a_observed_at: datetime
    a_sentence: str
    b_claim_id: str
    b_url: str
    b_outlet: str | None
    b_value: float
    b_low: float | None
    b_high: float | None
    b_qualifier: str
    b_version: int
    b_observed_at: datetime
    b_sentence: str
    claim_kind: str  # level | delta
    modality: str  # actual | proposed
    derived_from: tuple[str, ...]
    current: bool  # both claims still in the latest version of their articles
    detected_at: datetime


def _inserted(con: duckdb.DuckDBPyConnection, name: str, params: list[object]) -> int:
    row = con.execute(sql(name), params).fetchone()
    return int(row[0]) if row else 0


_SNAPSHOT = (
    "flags_work_claims",
    "flags_work_derived",
    "flags_work_known",
)


def detect_flags(
    wh: Warehouse,
    detected_at: datetime,
    topic: str | None = None,
    *,
    window: timedelta = DEFAULT_WINDOW,
) -> FlagCounts:
    """Flag new contradictions and drift among the claims of `topic` (None: every claim, as one
    topic) in one transaction; returns how many were added. Actual figures are compared only
    when the times they speak of (as_of) are within `window` (the topic's as_of window).

    A rerun with nothing new adds nothing; flags found before keep their detected_at.

    The snapshot of comparable claims goes into temporary tables of this session just before
    the transaction: DuckDB has no row counts for tables created inside a transaction, and with
    none its planner turns the joins into nested loops (minutes instead of seconds at 100k
    claims). The session holds the database file throughout, so no other process writes in
    between; the flags themselves are all inserted, or none, in one transaction.
    """
    with wh.session() as con:
        try:
            for name in _SNAPSHOT:
                con.execute(sql(name), [topic])
            con.execute(sql("flags_work_changed"))  # where numbers changed between versions
            con.begin()
            try:
                cross = _inserted(con, "flags_detect_cross_outlet", [detected_at, topic, window])
                drift = _inserted(con, "flags_detect_drift", [detected_at, topic])
                derived = _inserted(con, "flags_detect_derived", [detected_at, topic, window])
                # The versions where a number changed are classed `numbers` (migration 0009).
                con.execute(sql("version_class_numbers"), [topic])
            except BaseException:
                con.rollback()
                raise
            con.commit()
        finally:
            con.execute(sql("flags_work_drop"))
    return FlagCounts(new_cross_outlet=cross, new_drift=drift, new_derived=derived)


def _flag(row: tuple[Any, ...]) -> Flag:
    values = list(row)
    values[26] = tuple(values[26] or ())  # derived_from: a list, or NULL for stated claims
    return Flag(*values)


def new_flags_since(
    wh: Warehouse, since: datetime, topic: str | None = None, *, as_of: datetime | None = None
) -> list[Flag]:
    """Flags first detected at or after `since` (pass a run's detected_at for its new flags),
    of `topic` (None: every topic), as the warehouse knew them at `as_of` (None: now)."""
    with wh.session(read_only=True, as_of=as_of) as con:
        rows = con.execute(sql("flags_since"), [since, topic]).fetchall()
    return [_flag(r) for r in rows]


def all_flags(
    wh: Warehouse, topic: str | None = None, *, as_of: datetime | None = None
) -> list[Flag]:
    """Every flag whose claims are still in the warehouse's current extraction."""
    return new_flags_since(wh, datetime(1970, 1, 1, tzinfo=UTC), topic, as_of=as_of)
