"""Where a claim stands for comparison: the time it speaks of and what it counts for.

The claim extractor reads one text and knows no dates; disputes and contradictions compare
claims only when they speak of the same time (actual figures) and count for the same subject
(issue 15). This step, run where the article's publication time is known (the extract stage),
gives each claim:

- `as_of_start` / `as_of_end`: the time its sentence speaks of ("on Monday", "since early
  March", "initially"), resolved against the publication time (extractors/timeref.py), else
  the publication instant;
- `subject`: its own when the extractor set one, else the subject its measure names in the
  topic (`subject = "Mythos"`), else None. A count of another entity's program keeps that
  entity and so never compares with the measure's own.

Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from claimwatch.extractors.records import Claim, Extraction
from claimwatch.extractors.timeref import resolve_as_of
from claimwatch.extractors.topic import Topic


def measure_subjects(topic: Topic) -> dict[str, str]:
    """Each measure's default subject, for measures that name one."""
    return {m.name: m.subject for m in topic.measures if m.subject}


def situate_claims(
    claims: Iterable[Claim], published_at: datetime, subjects: dict[str, str]
) -> tuple[Claim, ...]:
    """Claims with their as_of interval and comparison subject (see the module docstring)."""
    out = []
    for c in claims:
        # Offsets of the number inside its sentence: the nearest time words win.
        near = (c.start_char - c.sentence_start, c.end_char - c.sentence_start)
        as_of = resolve_as_of(c.sentence, published_at, near=near)
        out.append(
            replace(
                c,
                subject=c.subject or subjects.get(c.measure),
                as_of_start=as_of.start,
                as_of_end=as_of.end,
            )
        )
    return tuple(out)


def situate(extraction: Extraction, published_at: datetime, topic: Topic) -> Extraction:
    """An extraction whose claims are situated (see situate_claims)."""
    claims = situate_claims(extraction.claims, published_at, measure_subjects(topic))
    return replace(extraction, claims=claims)
