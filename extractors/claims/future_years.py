"""A figure for a year after the one the text was published in is a forecast or a plan, never
something that holds: "the deficit at £112bn in 2026-27" in a 2025 story, "to 118 percent in
2035", "Borrowing 2029-30: £49bn". Whatever the clause's verb ("sees", "has", "is"), such a
figure is proposed.

The year must be the figure's own: the year reference nearest to it in its sentence, with no
other figure between them. Only years after the publication year count: the current year
("in 2025", "2025-26" in a 2025 story) is partly past, and a past year says nothing either way
(a forecast made for it is still a forecast: "the £117.7bn the OBR had forecast for 2024-25").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claimwatch.extractors.claims.mention import Mention
from claimwatch.extractors.records import Claim

# "in 2035", "by 2029-30", "for fiscal 2027", "by the end of 2027", "by end-2027", "(2027-28)",
# and a fiscal year on its own ("the 2026-27 deficit", "Borrowing 2029-30:"). A year with no
# preposition right before it is a name as often as a time ("the 2030 target", "for the 2027
# World Cup", "the class of 2030"), and so is one after "of"; a date ("2027-03-15") is no
# fiscal year.
_YEAR_REF = re.compile(
    r"(?:\b(?:in|by|for|to|until|till|through|during|from|at)\s+"
    r"(?:the\s+(?:end|start|close)\s+of\s+|(?:end|mid|early|late)-)?"
    r"(?:(?:fiscal|financial)(?:\s+year)?\s+|FY\s?)?"
    r"(?P<year>(?:19|20)\d\d)(?:\s*[-–/]\s*\d{2,4})?"
    r"|(?P<fiscal>(?:19|20)\d\d)\s*[-–/]\s*\d\d(?![\d/-]))\b(?![-–/]\d)",
    re.IGNORECASE,
)
# What lies between a figure and a year of another clause: "50 organizations; by 2027 it hopes
# to reach 120", "4.5% in March, and by 2027 ...".
_CLAUSE_BREAK = re.compile(
    r"[;—–]|\b(?:and|but|while|whereas|although|though|because)\b", re.IGNORECASE
)
# The rules' reasons (syntax.Modality.reason) for an actual figure that a year ahead leaves so.
_SETTLED = frozenset({"approved", "already", "baseline"})
# How far from its figure a year may be, in characters of what lies between: "£112bn in
# 2026-27" (a word), "Borrowing 2029-30: £49bn"; not a year three clauses back.
_NEAR = 24
# Figures of these kinds may be forecasts; durations and ages are not "for" a year.
_FORESEEABLE = frozenset({"count", "money", "percent"})


def future_years(
    claims: Sequence[Claim], mentions: Sequence[Mention], year: int | None
) -> list[Claim]:
    """The claims, those whose own year is after `year` (the publication year) proposed,
    unless their words say the figure is settled: a plan approved ("approved a $16.6 billion
    spending plan for 2026"), a figure already reached, the earlier figure of a change ("up
    from £1,345bn")."""
    if year is None:
        return list(claims)
    out = []
    for claim, mention in zip(claims, mentions, strict=True):
        if (
            claim.modality == "actual"
            and claim.quantity in _FORESEEABLE
            and mention.modality_reason not in _SETTLED
        ):
            own = _own_year(claim, claims)
            if own is not None and own > year:
                claim = replace(claim, modality="proposed")
        out.append(claim)
    return out


def _own_year(claim: Claim, claims: Sequence[Claim]) -> int | None:
    """The start year of the year reference nearest the claim in its sentence (after it on a
    tie), when no other claim of the sentence lies between them."""
    start = claim.start_char - claim.sentence_start
    end = claim.end_char - claim.sentence_start
    others = [
        (c.start_char - claim.sentence_start, c.end_char - claim.sentence_start)
        for c in claims
        if c.sentence_start == claim.sentence_start and c is not claim
    ]
    best: tuple[int, int] | None = None  # (distance, year)
    for m in _YEAR_REF.finditer(claim.sentence):
        if m.start() < end and m.end() > start:
            continue  # the figure's own words ("2029-30" is no figure, but be safe)
        lo, hi = (end, m.start()) if m.start() >= end else (m.end(), start)
        if any(lo <= s < hi or lo < e <= hi for s, e in others):
            continue
        if hi - lo > _NEAR or _CLAUSE_BREAK.search(claim.sentence[lo:hi]):
            continue
        distance = hi - lo + (0 if m.start() >= end else 1)
        found = int(m.group("year") or m.group("fiscal"))
        if best is None or distance < best[0]:
            best = (distance, found)
    return None if best is None else best[1]
