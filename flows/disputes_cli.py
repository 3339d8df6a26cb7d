"""`claimwatch disputes`, `disputes mute` and `claims reject`: disputes on a terminal, and the
analyst's word recorded as facts (who, when, why; undone by one more fact, nothing deleted).

The warehouse does the reading and writing (warehouse/disputes.py); this module decides what
the command says. Rendering is plain text, one block per dispute, positions side by side.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from claimwatch.extractors.topic import Topic
from claimwatch.warehouse.disputes import (
    DisputeRow,
    PositionRow,
    record_verdict,
    verdict_targets,
)
from claimwatch.warehouse.store import Warehouse

COLUMN = 30  # width of one position's column


class UnknownTarget(LookupError):
    """No dispute or claim with that id (in that topic)."""


@dataclass(frozen=True, slots=True)
class VerdictOutcome:
    """What a mute, rejection or undo did, in one line."""

    message: str
    changed: bool  # False: already so (muting a muted dispute, undoing nothing)


def analyst() -> str:
    """Who speaks when --by is not given: the login name."""
    return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


# What the analyst's word does to each kind of target.
ACTIONS = {"dispute": "mute", "claim": "reject"}


def speak(
    wh: Warehouse,
    target: str,
    target_id: str,
    *,
    undo: bool = False,
    who: str,
    why: str | None = None,
    topic: str | None = None,
    at: datetime | None = None,
) -> VerdictOutcome:
    """Mute a dispute (it stays listed; its changes are marked muted and the digest skips
    them) or reject a claim (it leaves disputes and flags), or undo that. Recorded in each
    topic holding the target; saying what is already so records nothing."""
    action = ACTIONS[target]
    found = verdict_targets(wh, target, target_id, topic)
    if not found:
        where = f" in topic {topic}" if topic else ""
        raise UnknownTarget(f"no {target} {target_id!r}{where}")
    todo = [t for t in found if t.active == undo]
    for t in todo:
        record_verdict(
            wh, target, target_id, "undo" if undo else action, who=who, why=why, topic=t.topic,
            at=at,
        )  # fmt: skip
    done = {"mute": ("muted", "unmuted"), "reject": ("rejected", "restored")}[action]
    if not todo:
        state = f"was not {done[0]}" if undo else f"was already {done[0]}"
        return VerdictOutcome(f"{target} {target_id} {state}", False)
    said = f" ({why})" if why and not undo else ""
    return VerdictOutcome(f"{done[undo]} {target} {target_id}{said}", True)


# --- printing --------------------------------------------------------------------------------


def measure_words(d: DisputeRow, topic: Topic | None) -> str:
    """ "Proposed total of orgs_with_access (how many organizations have ... access to Mythos)"."""
    what = {"level": "total", "delta": "increase"}.get(d.kind, d.kind)
    described = {m.name: m.description for m in topic.measures} if topic else {}
    words = f"{d.modality.capitalize()} {what} of {d.measure}"
    if described.get(d.measure):
        words += f" ({described[d.measure].rstrip('.')})"
    if d.subject:
        words += f", for {d.subject}"
    return words


def figures(p: PositionRow) -> str:
    """A position's stated values: "120", "110 / 120"."""
    return " / ".join(_num(v) for v in p.values)


def print_disputes(
    rows: Iterable[DisputeRow], out: TextIO, *, topic: Topic | None = None, all_: bool = False
) -> int:
    """One block per dispute; returns how many."""
    n = 0
    for d in rows:
        if n:
            out.write("\n")
        n += 1
        flags = [d.status] + (["muted"] if d.muted else [])
        out.write(f"{measure_words(d, topic)}\n")
        when = f", speaking of {d.anchor_day.isoformat()}" if d.anchor_day else ""
        out.write(f"  {d.dispute_id}  {' '.join(flags)}{when}\n")
        for line in _columns(d.positions):
            out.write(f"  {line}".rstrip() + "\n")
        for p in d.positions:  # each position's strongest sentence, with its link and date
            if p.sentence:
                date = f", {p.published_at:%Y-%m-%d}" if p.published_at else ""
                out.write(f'  {figures(p)}: "{p.sentence}" ({p.url}{date})\n')
        out.write(
            f"  first detected {_at(d.first_detected_at)}, last change {_at(d.last_changed_at)}"
        )
        if d.resolved_at:
            by = f" by version {d.resolved_by_version}" if d.resolved_by_version else ""
            out.write(f", resolved {_at(d.resolved_at)}{by}")
        out.write("\n")
    if not n:
        out.write("no disputes\n" if all_ else "no open disputes\n")
    return n


def _columns(positions: tuple[PositionRow, ...]) -> list[str]:
    """Positions side by side: figures and role, counts, then the outlets, one a line."""
    cells = []
    for p in positions:
        role = "majority" if p.majority else ("outlier" if p.outlier else "")
        head = f"{figures(p)}" + (f" ({role})" if role else "")
        stories = f"{p.stories} {'story' if p.stories == 1 else 'stories'}"
        outlets = f"{len(p.outlets)} {'outlet' if len(p.outlets) == 1 else 'outlets'}"
        names = [
            o + (" (also elsewhere)" if o in p.inconsistent_outlets else "") for o in p.outlets
        ]
        cells.append([head, f"{outlets}, {stories}", *names])
    height = max(len(c) for c in cells)
    lines = []
    for i in range(height):
        parts = [_fit(c[i] if i < len(c) else "") for c in cells]
        lines.append(" | ".join(parts))
    return lines


def _fit(text: str) -> str:
    return text[: COLUMN - 1] + "…" if len(text) > COLUMN else text.ljust(COLUMN)


def _num(v: Decimal) -> str:
    return f"{v.normalize():f}"


def _at(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M %Z").strip()
