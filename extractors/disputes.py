"""Disputes: one per disagreement, the comparable claims clustered into positions.

Pairwise flags multiply (one outlier against six outlets is six pairs); a reader wants one row
per disagreement that says who holds which figure (issue 15, DESIGN.md "Contradictions and
drift"). These pure functions build those rows from comparable claims; the warehouse stores them
and adds what needs history (status, first_detected_at, resolved_at, mutes).

**Input.** `DisputeClaim`s that are comparable in kind: not negated, not rejected, from the
versions current at the time (the caller filters). Claims are grouped by measure, kind,
modality, subject and, for proposals, `proposal` (who proposed it, or a revision: "one reported
as revised or new starts another"; None = the one proposal of that group).

**Time slices.** Actual figures (levels and deltas alike: both are about a time) are compared
only when the times they speak of (`as_of`, see timeref.py) are within the window of each other
(`within_window`, one day by default). Each group is cut into time slices in which *every* pair
of claims is within the window: sort by as_of start and cut where the next claim is not within
the window of the slice's earliest-ending claim (in one dimension, mutual overlap of the
window-widened intervals holds iff each newcomer reaches the running minimum end). Connected
components of the overlap graph would chain: in a story reported every few hours, Monday's
claim touches Tuesday's, which touches Wednesday's, and "30 on Monday" would dispute "55 on
Wednesday". Proposals are one slice: the figures of one proposal are compared across time.

**Positions.** Within a slice, claims that are bounded and *narrow* start positions: (high -
low) / max(|value|, 1) <= 0.5 (NARROW_MAX). "About 120" (0.2), "nearly 50" (0.1), "50 to 60"
(0.18) are narrow; "dozens" (24-99), "up to 50" ([0, 50]: 1.0), "more than 100" (unbounded) are
not. Derived levels never start a position. A position is a set of mutually overlapping
intervals; its `low`..`high` is their intersection (the *core*: the range every one of them
allows). Starters are sorted by (low, high, value, claim_id) and cut where the next one's low is
above the running core's high. In one dimension this equals placing a position at the lowest
upper bound, taking every interval that reaches it and repeating, which yields the *fewest*
positions any clustering into mutually overlapping sets can (as many as there are pairwise
disjoint claims): no position is invented. The result depends on the set of claims, never on
their input order. One pass then moves a starter that also reaches the core of a position with
strictly more stories into it (in the same sorted order): "about 45" beside one "about 40" and
five "about 50" reads as agreeing with the five, leaving "about 40" as the outlier. A move
keeps every position mutually overlapping and can empty none (that would be a cover with fewer
positions than the minimum).

**Joining.** Wide or unbounded claims and derived levels join the largest position whose core
they overlap (so they are compatible with every starter in it); they never create, split or
narrow one. One that overlaps no core is listed in `unplaced_claim_ids` and does not make a
dispute on its own.

**Counting.** Syndicated copies count once: positions are sized by distinct stories. The
majority is the position with most stories, ties broken by most outlets, then the earliest
first publication, then the lowest core; `Dispute.split` says the top two tie on stories. An
outlet whose claims sit in two positions is listed in both, and as inconsistent in both.

**A dispute** is a slice with at least two positions between which two claims of different
stories *and* different outlets disagree: one article revising itself (drift), or an outlet's
lone articles, are never a dispute of an outlet with itself.

**Stable ids.** dispute_id hashes the group key (measure, kind, modality, subject, proposal)
and, for actual figures, the slice's *anchor day*: the earliest day any of its claims speaks of
(as_of start; the publication day for an "initially" claim). It does not depend on the values,
the positions or the outlets, so an outlet joining a position, a claim leaving one, a
correction resolving the dispute and a later reopening all keep the id, and a re-run of the same
claims gives the same ids. The anchor moves only when a claim speaking of an earlier day joins
the slice, or the claim holding the anchor leaves while the dispute stands; `carry_ids` keeps
the previous id across that (by shared claims). Two slices of one group anchored on the same day
(possible with long as_of intervals) take "/2", "/3" in time order.

`compare_runs` says what changed between two runs, for the digest: opened, resolved, a position
added or removed, an outlet joining or leaving a position.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from claimwatch.extractors.timeref import DEFAULT_WINDOW, OPEN_START, AsOf

# A bounded claim is narrow when its width is at most half its value (or of 1, near zero).
NARROW_MAX = Decimal("0.5")
_ONE = Decimal(1)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class DisputeClaim:
    """One comparable claim, as the dispute builder needs it."""

    claim_id: str
    outlet: str
    story_id: str  # syndicated copies share it
    url: str
    measure: str
    kind: str  # level | delta
    modality: str  # actual | proposed
    subject: str | None
    value: Decimal
    low: Decimal | None  # None = unbounded
    high: Decimal | None
    published_at: datetime
    as_of: AsOf | None = None  # None: the publication instant
    derived: bool = False  # a level derived from a delta and a total: joins, never starts
    proposal: str | None = None  # which proposal a proposed figure belongs to


@dataclass(frozen=True, slots=True)
class Position:
    """Claims that agree: mutually overlapping intervals (plus the wide claims that joined)."""

    low: Decimal  # the core: the intersection of the intervals that started the position
    high: Decimal
    values: tuple[Decimal, ...]  # distinct stated values, ascending
    outlets: tuple[str, ...]
    stories: tuple[str, ...]
    urls: tuple[str, ...]
    claim_ids: tuple[str, ...]  # every claim in the position, starters and joiners
    first_published_at: datetime
    last_published_at: datetime
    majority: bool
    inconsistent_outlets: tuple[str, ...]  # outlets also holding another position
    joined_claim_ids: tuple[str, ...] = ()  # wide or derived claims that joined


@dataclass(frozen=True, slots=True)
class Dispute:
    """One disagreement: a slice of comparable claims with two or more positions. No status:
    open/resolved is a matter of history, kept by the warehouse."""

    dispute_id: str
    measure: str
    kind: str
    modality: str
    subject: str | None
    positions: tuple[Position, ...]  # ordered by core, lowest first
    outlets: tuple[str, ...]
    proposal: str | None = None
    anchor: date | None = None  # actual figures: the earliest day the slice speaks of
    as_of_start: datetime | None = None  # the slice's time span (actual figures)
    as_of_end: datetime | None = None
    unplaced_claim_ids: tuple[str, ...] = ()  # wide/derived claims compatible with no position
    split: bool = False  # the two largest positions have as many stories each

    @property
    def majority(self) -> Position:
        return next(p for p in self.positions if p.majority)

    @property
    def claim_ids(self) -> frozenset[str]:
        return frozenset(cid for p in self.positions for cid in p.claim_ids)


@dataclass(frozen=True, slots=True)
class DisputeChange:
    """What changed in one dispute between two runs, for the digest."""

    dispute_id: str
    # opened | resolved | position_added | position_removed | outlet_joined | outlet_left
    change: str
    dispute: Dispute  # as it is now (as it was, for resolved)
    position: Position | None = None  # the position concerned (now; as it was when removed)
    outlet: str | None = None


# --- building --------------------------------------------------------------------------------


def is_narrow(claim: DisputeClaim) -> bool:
    """Bounded, and no wider than NARROW_MAX of its value."""
    if claim.low is None or claim.high is None:
        return False
    return claim.high - claim.low <= NARROW_MAX * max(abs(claim.value), _ONE)


def group_key(claim: DisputeClaim) -> tuple[str, str, str, str | None, str | None]:
    proposal = claim.proposal if claim.modality == "proposed" else None
    return (claim.measure, claim.kind, claim.modality, claim.subject, proposal)


def build_disputes(
    claims: Iterable[DisputeClaim], *, window: timedelta = DEFAULT_WINDOW
) -> tuple[Dispute, ...]:
    """Every dispute among `claims` (any number of groups), ordered by group and time."""
    groups: dict[tuple[str, str, str, str | None, str | None], list[DisputeClaim]] = defaultdict(
        list
    )
    for c in claims:
        groups[group_key(c)].append(c)
    out: list[Dispute] = []
    for key in sorted(groups, key=_sortable_key):
        out.extend(_group_disputes(key, groups[key], window))
    return tuple(out)


def positions_of(claims: Sequence[DisputeClaim]) -> tuple[tuple[Position, ...], tuple[str, ...]]:
    """The positions of one slice of comparable claims (no time slicing), and the ids of the
    claims that joined none."""
    clusters, unplaced = _cluster(claims)
    return _positions(clusters), tuple(sorted(c.claim_id for c in unplaced))


def time_slices(
    claims: Sequence[DisputeClaim], window: timedelta = DEFAULT_WINDOW
) -> list[list[DisputeClaim]]:
    """Cut claims into slices in which every pair speaks of times within `window` (see the
    module docstring), in time order."""
    items = sorted((*_span(c), c.claim_id, i, c) for i, c in enumerate(claims))
    slices: list[list[DisputeClaim]] = []
    current: list[DisputeClaim] = []
    min_end: datetime | None = None
    zero = timedelta(0)
    for start, end, _, _, c in items:
        if min_end is not None:
            d = start - (end if end < min_end else min_end)
            if not (d <= zero or d < window):
                slices.append(current)
                current, min_end = [], None
        current.append(c)
        if min_end is None or end < min_end:
            min_end = end
    if current:
        slices.append(current)
    return slices


def dispute_id(
    measure: str,
    kind: str,
    modality: str,
    subject: str | None,
    proposal: str | None = None,
    anchor: str | None = None,
) -> str:
    """The stable id of a dispute: a hash of its group key and time anchor only."""
    raw = json.dumps([measure, kind, modality, subject, proposal, anchor])
    return "dispute-" + hashlib.sha256(raw.encode()).hexdigest()[:16]


def _group_disputes(
    key: tuple[str, str, str, str | None, str | None],
    claims: list[DisputeClaim],
    window: timedelta,
) -> list[Dispute]:
    measure, kind, modality, subject, proposal = key
    slices = time_slices(claims, window) if modality == "actual" else [claims]
    out: list[Dispute] = []
    anchors_seen: Counter[date] = Counter()
    for members in slices:
        anchor_day: date | None = None
        anchor: str | None = None
        if modality == "actual":
            # Counted for every slice, disputed or not, so a "/2" does not depend on whether
            # an earlier slice of the same day is in dispute.
            anchor_day = _slice_anchor(members)
            anchors_seen[anchor_day] += 1
            n = anchors_seen[anchor_day]
            anchor = anchor_day.isoformat() + (f"/{n}" if n > 1 else "")
        if not _two_positions(members):  # the common case, without building positions
            continue
        clusters, unplaced = _cluster(members)
        if not _disagree(clusters):
            continue
        start = end = None
        if modality == "actual":
            spans = [_span(c) for c in members]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
        positions = _positions(clusters)
        sizes = sorted((len(p.stories) for p in positions), reverse=True)
        out.append(
            Dispute(
                dispute_id=dispute_id(measure, kind, modality, subject, proposal, anchor),
                measure=measure,
                kind=kind,
                modality=modality,
                subject=subject,
                positions=positions,
                outlets=tuple(sorted({o for p in positions for o in p.outlets})),
                proposal=proposal,
                anchor=anchor_day,
                as_of_start=start,
                as_of_end=end,
                unplaced_claim_ids=tuple(sorted(c.claim_id for c in unplaced)),
                split=sizes[0] == sizes[1],
            )
        )
    return out


class _Cluster:
    """A position being built: its members, its core and its stories."""

    __slots__ = ("starters", "joiners", "low", "high", "stories", "outlets", "first")

    def __init__(self) -> None:
        self.starters: list[DisputeClaim] = []
        self.joiners: list[DisputeClaim] = []
        self.low: Decimal = Decimal(0)
        self.high: Decimal = Decimal(0)
        self.stories: Counter[str] = Counter()
        self.outlets: Counter[str] = Counter()
        self.first: datetime | None = None

    def add(self, c: DisputeClaim) -> None:
        assert c.low is not None and c.high is not None
        if self.starters:
            self.low, self.high = max(self.low, c.low), min(self.high, c.high)
        else:
            self.low, self.high = c.low, c.high
        self.starters.append(c)
        self._count(c)

    def join(self, c: DisputeClaim) -> None:
        self.joiners.append(c)
        self._count(c)

    def remove(self, c: DisputeClaim) -> None:
        self.starters.remove(c)
        self.stories[c.story_id] -= 1
        if not self.stories[c.story_id]:
            del self.stories[c.story_id]
        self.outlets[c.outlet] -= 1
        if not self.outlets[c.outlet]:
            del self.outlets[c.outlet]
        if self.starters:
            self.low = max(_bounded(s.low) for s in self.starters)
            self.high = min(_bounded(s.high) for s in self.starters)
            self.first = min(s.published_at for s in self.starters)

    def _count(self, c: DisputeClaim) -> None:
        self.stories[c.story_id] += 1
        self.outlets[c.outlet] += 1
        if self.first is None or c.published_at < self.first:
            self.first = c.published_at

    def reaches(self, c: DisputeClaim) -> bool:
        """Does c's interval overlap this position's core (so it agrees with every starter)?"""
        return (c.low is None or c.low <= self.high) and (c.high is None or self.low <= c.high)

    def rank(self) -> tuple[int, int, datetime, Decimal, Decimal]:
        """Smaller is larger: most stories, then outlets, earliest, lowest core."""
        assert self.first is not None
        return (-len(self.stories), -len(self.outlets), self.first, self.low, self.high)


def _cluster(claims: Sequence[DisputeClaim]) -> tuple[list[_Cluster], list[DisputeClaim]]:
    starters: list[DisputeClaim] = []
    others: list[DisputeClaim] = []
    for c in claims:
        (starters if not c.derived and is_narrow(c) else others).append(c)
    starters.sort(key=_interval_key)
    clusters: list[_Cluster] = []
    current: _Cluster | None = None
    for c in starters:
        assert c.low is not None
        if current is None or c.low > current.high:
            current = _Cluster()
            clusters.append(current)
        current.add(c)
    if len(clusters) > 1:
        _rebalance(starters, clusters)
    unplaced: list[DisputeClaim] = []
    if others:
        ranked = sorted(clusters, key=_Cluster.rank)  # starters only: joiners never reorder
        for c in sorted(others, key=_interval_key):
            target = next((k for k in ranked if k.reaches(c)), None)
            if target is None:
                unplaced.append(c)
            else:
                target.join(c)
    return clusters, unplaced


def _rebalance(starters: list[DisputeClaim], clusters: list[_Cluster]) -> None:
    """Move each starter that also reaches the core of a position with strictly more stories
    into the largest such position (one pass, in sorted order)."""
    where = {id(c): k for k in clusters for c in k.starters}
    for c in starters:
        own = where[id(c)]
        if len(own.starters) == 1:  # cannot happen in a minimum cover; never empty one
            continue
        best: _Cluster | None = None
        for k in clusters:
            if k is own or len(k.stories) <= len(own.stories) or not k.reaches(c):
                continue
            if best is None or k.rank() < best.rank():
                best = k
        if best is not None:
            own.remove(c)
            best.add(c)
            where[id(c)] = best


def _disagree(clusters: list[_Cluster]) -> bool:
    """Two positions with claims of different stories and different outlets."""
    if len(clusters) < 2:
        return False
    pairs = [{(c.story_id, c.outlet) for c in (*k.starters, *k.joiners)} for k in clusters]
    for i, p in enumerate(pairs):
        for q in pairs[i + 1 :]:
            q_stories = Counter(s for s, _ in q)
            q_outlets = Counter(o for _, o in q)
            for s, o in p:
                # q's pairs sharing s's story or o's outlet; any other pair disagrees with (s, o)
                blocked = q_stories[s] + q_outlets[o] - ((s, o) in q)
                if blocked < len(q):
                    return True
    return False


def _positions(clusters: list[_Cluster]) -> tuple[Position, ...]:
    if not clusters:
        return ()
    majority = min(clusters, key=_Cluster.rank)
    holders: Counter[str] = Counter()
    for k in clusters:
        holders.update(k.outlets.keys())
    out = []
    for k in sorted(clusters, key=lambda k: (k.low, k.high)):
        members = (*k.starters, *k.joiners)
        published = [c.published_at for c in members]
        out.append(
            Position(
                low=k.low,
                high=k.high,
                values=tuple(sorted({c.value for c in members})),
                outlets=tuple(sorted(k.outlets)),
                stories=tuple(sorted(k.stories)),
                urls=tuple(sorted({c.url for c in members})),
                claim_ids=tuple(sorted(c.claim_id for c in members)),
                first_published_at=min(published),
                last_published_at=max(published),
                majority=k is majority,
                inconsistent_outlets=tuple(sorted(o for o in k.outlets if holders[o] > 1)),
                joined_claim_ids=tuple(sorted(c.claim_id for c in k.joiners)),
            )
        )
    return tuple(out)


def _bounded(v: Decimal | None) -> Decimal:
    assert v is not None  # starters are bounded
    return v


def _span(c: DisputeClaim) -> tuple[datetime, datetime]:
    if c.as_of is None:
        return c.published_at, c.published_at
    return c.as_of.start, c.as_of.end


def _anchor_day(c: DisputeClaim) -> date:
    """The day a claim speaks of first: its as_of start, or for an open start ("initially")
    the day its interval ends (publication)."""
    start, end = _span(c)
    if start == OPEN_START:
        return (end - _MICROSECOND).date() if end > start else end.date()
    return start.date()


def _slice_anchor(members: list[DisputeClaim]) -> date:
    """The earliest _anchor_day of a slice, whose claims are sorted by as_of start: the open
    starts come first, then the earliest real start."""
    days = []
    for c in members:
        days.append(_anchor_day(c))
        if _span(c)[0] != OPEN_START:
            break
    return min(days)


def _two_positions(members: Sequence[DisputeClaim]) -> bool:
    """Would the narrow, non-derived claims form two positions or more? One position exactly
    when their intervals share a point: max(low) <= min(high) (Helly, in one dimension)."""
    max_low: Decimal | None = None
    min_high: Decimal | None = None
    for c in members:
        low, high = c.low, c.high
        if c.derived or low is None or high is None:
            continue
        v = abs(c.value)
        if high - low > NARROW_MAX * (v if v > _ONE else _ONE):
            continue
        if max_low is None or low > max_low:
            max_low = low
        if min_high is None or high < min_high:
            min_high = high
    return max_low is not None and min_high is not None and max_low > min_high


def _interval_key(c: DisputeClaim) -> tuple[int, Decimal, int, Decimal, Decimal, str]:
    return (
        c.low is not None,
        c.low if c.low is not None else _ONE,
        c.high is None,
        c.high if c.high is not None else _ONE,
        c.value,
        c.claim_id,
    )


def _sortable_key(key: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((k is not None, k or "") for k in key)


# --- over time -------------------------------------------------------------------------------


def carry_ids(previous: Iterable[Dispute], current: Iterable[Dispute]) -> tuple[Dispute, ...]:
    """Current disputes, those with a new id renamed to the id of the previous dispute of the
    same group that shares the most claims with them (an anchor moved by an earlier-dated
    claim). Pass every dispute ever recorded (resolved ones too) as `previous`."""
    prev = list(previous)
    cur = list(current)
    known = {d.dispute_id for d in prev}
    used = {d.dispute_id for d in cur if d.dispute_id in known}
    by_group: dict[tuple[str | None, ...], list[Dispute]] = defaultdict(list)
    for d in prev:
        by_group[_dispute_group(d)].append(d)
    out: list[Dispute] = []
    for d in cur:
        if d.dispute_id not in known:
            ids = d.claim_ids
            best = None
            best_key: tuple[int, str] | None = None
            for p in by_group.get(_dispute_group(d), ()):
                shared = len(ids & p.claim_ids)
                if not shared or p.dispute_id in used:
                    continue
                k = (-shared, p.dispute_id)
                if best_key is None or k < best_key:
                    best, best_key = p, k
            if best is not None:
                used.add(best.dispute_id)
                d = replace(d, dispute_id=best.dispute_id)
        out.append(d)
    return tuple(out)


def compare_runs(before: Iterable[Dispute], after: Iterable[Dispute]) -> tuple[DisputeChange, ...]:
    """What the digest announces: disputes opened and resolved, positions added or removed,
    outlets joining or leaving a position. Positions are matched between runs by shared claims,
    then shared stories, then overlapping cores; ordered by dispute id."""
    old = {d.dispute_id: d for d in before}
    new = {d.dispute_id: d for d in after}
    out: list[DisputeChange] = []
    for did in sorted(old.keys() | new.keys()):
        b, a = old.get(did), new.get(did)
        if b is None:
            assert a is not None
            out.append(DisputeChange(did, "opened", a))
            continue
        if a is None:
            out.append(DisputeChange(did, "resolved", b))
            continue
        pairs, added, removed = _match_positions(b.positions, a.positions)
        for pb, pa in pairs:
            for outlet in sorted(set(pa.outlets) - set(pb.outlets)):
                out.append(DisputeChange(did, "outlet_joined", a, pa, outlet))
            for outlet in sorted(set(pb.outlets) - set(pa.outlets)):
                out.append(DisputeChange(did, "outlet_left", a, pb, outlet))
        out.extend(DisputeChange(did, "position_added", a, p) for p in added)
        out.extend(DisputeChange(did, "position_removed", a, p) for p in removed)
    return tuple(out)


def _match_positions(
    before: Sequence[Position], after: Sequence[Position]
) -> tuple[list[tuple[Position, Position]], list[Position], list[Position]]:
    scored = []
    for i, pb in enumerate(before):
        for j, pa in enumerate(after):
            claims = len(set(pb.claim_ids) & set(pa.claim_ids))
            stories = len(set(pb.stories) & set(pa.stories))
            overlap = pb.low <= pa.high and pa.low <= pb.high
            if not (claims or stories or overlap):
                continue
            distance = abs((pb.low + pb.high) - (pa.low + pa.high))
            scored.append(((-claims, -stories, not overlap, distance, i, j), i, j))
    scored.sort()
    taken_b: set[int] = set()
    taken_a: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i in taken_b or j in taken_a:
            continue
        taken_b.add(i)
        taken_a.add(j)
        pairs.append((before[i], after[j]))
    added = [p for j, p in enumerate(after) if j not in taken_a]
    removed = [p for i, p in enumerate(before) if i not in taken_b]
    return pairs, added, removed


def _dispute_group(d: Dispute) -> tuple[str | None, ...]:
    return (d.measure, d.kind, d.modality, d.subject, d.proposal)
