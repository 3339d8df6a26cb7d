"""Claims situated for comparison: the time they speak of, from their sentence and the
article's publication time, and the subject they count for (their own, else the measure's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from claimwatch.extractors.records import Claim
from claimwatch.extractors.situate import measure_subjects, situate_claims
from claimwatch.extractors.timeref import DEFAULT_WINDOW
from claimwatch.extractors.topic import TopicError, parse_topic

WEDNESDAY = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)


def _claim(
    sentence: str, number: str, *, measure: str = "sites", subject: str | None = None
) -> Claim:
    start = sentence.index(number)
    return Claim(
        value=Decimal(number), low=Decimal(number), high=Decimal(number), qualifier="exact",
        kind="level", modality="actual", negated=False, measure=measure, quantity="count",
        noun="site", subject=subject, attribution=None, value_text=number, sentence=sentence,
        start_char=100 + start, end_char=100 + start + len(number), sentence_start=100,
        sentence_end=100 + len(sentence),
    )  # fmt: skip


def test_a_claim_speaks_of_the_day_its_sentence_names_else_of_publication() -> None:
    monday = _claim("On Monday 30 sites were affected, and 55 are offline now.", "30")
    now = _claim("On Monday 30 sites were affected, and 55 are offline now.", "55")
    plain = _claim("About 40 sites are affected.", "40")
    a, b, c = situate_claims([monday, now, plain], WEDNESDAY, {})
    assert (a.as_of_start, a.as_of_end) == (
        datetime(2026, 11, 16, tzinfo=UTC),
        datetime(2026, 11, 17, tzinfo=UTC),
    )
    # The nearest time words win: "now" is the publication instant.
    assert b.as_of_start == b.as_of_end == WEDNESDAY
    assert c.as_of_start == c.as_of_end == WEDNESDAY
    assert (a.value, a.sentence, a.start_char) == (monday.value, monday.sentence, monday.start_char)


def test_the_subject_is_the_claims_own_else_its_measures_else_none() -> None:
    subjects = measure_subjects(
        parse_topic(
            '[[measures]]\nname = "sites"\nsubject = "Grid"\nnouns = ["site"]\n'
            '[[measures]]\nname = "homes"\nnouns = ["home"]\n'
        )
    )
    assert subjects == {"sites": "Grid"}
    own = _claim("A rival says 35 sites.", "35", subject="Rival")
    default = _claim("About 40 sites are affected.", "40")
    none = _claim("About 40 homes are dark.", "40", measure="homes")
    assert [c.subject for c in situate_claims([own, default, none], WEDNESDAY, subjects)] == [
        "Rival",
        "Grid",
        None,
    ]


def test_the_as_of_window_is_a_topic_setting() -> None:
    assert parse_topic('name = "t"').as_of_window == DEFAULT_WINDOW == timedelta(days=1)
    assert parse_topic("as_of_window_hours = 6").as_of_window == timedelta(hours=6)
    assert parse_topic("as_of_window_hours = 0").as_of_window == timedelta(0)
    for bad in ("-1", '"a day"', "true", "9000"):
        with pytest.raises(TopicError, match="as_of_window_hours must be a number of hours"):
            parse_topic(f"as_of_window_hours = {bad}")
