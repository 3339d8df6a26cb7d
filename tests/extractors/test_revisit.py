"""The revisit schedule: thinning with age, a horizon, a budget, most overdue first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimwatch.extractors.revisit import (
    RevisitCandidate,
    RevisitSchedule,
    next_due,
    plan,
    schedule_from_table,
)
from claimwatch.extractors.topic import TopicError, parse_topic

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
S = RevisitSchedule()


def article(n: str, first: timedelta, last: timedelta) -> RevisitCandidate:
    return RevisitCandidate(n, f"https://a.example/{n}", T0 + first, T0 + last)


def test_the_interval_thins_out_with_age() -> None:
    assert S.interval(timedelta(hours=1)) == timedelta(minutes=30)
    assert S.interval(timedelta(hours=10)) == timedelta(hours=1)
    assert S.interval(timedelta(days=5)) == timedelta(days=1)
    assert S.interval(timedelta(days=31)) is None


def test_next_due_follows_the_last_check() -> None:
    fresh = article("a", timedelta(0), timedelta(minutes=10))
    assert next_due(fresh, S) == T0 + timedelta(minutes=40)
    old = article("b", timedelta(0), timedelta(days=10))
    assert next_due(old, S) == T0 + timedelta(days=11)


def test_nothing_is_due_past_the_horizon() -> None:
    assert next_due(article("c", timedelta(0), timedelta(days=29, hours=12)), S) is None
    assert next_due(article("d", timedelta(0), timedelta(days=40)), S) is None


def test_plan_takes_due_articles_most_overdue_first_within_the_budget() -> None:
    now = T0 + timedelta(days=3)
    items = [
        article("fresh", timedelta(days=3), timedelta(days=3)),  # just checked: not due
        article("late", timedelta(0), timedelta(days=1)),  # due a day ago
        article("later", timedelta(0), timedelta(hours=20)),  # due longer ago
        article("gone", timedelta(days=-40), timedelta(days=-20)),  # past the horizon
    ]
    assert [c.article_id for c in plan(items, now, S)] == ["later", "late"]
    small = RevisitSchedule(budget=1)
    assert [c.article_id for c in plan(items, now, small)] == ["later"]


def test_the_topic_file_sets_the_schedule() -> None:
    topic = parse_topic(
        'name = "t"\n[revisit]\nsteps = [[2, 10], [24, 120]]\ndaily_until_days = 7\nbudget = 5\n'
    )
    assert topic.revisit.steps[0] == (timedelta(hours=2), timedelta(minutes=10))
    assert topic.revisit.horizon == timedelta(days=7) and topic.revisit.budget == 5
    assert parse_topic('name = "t"\n').revisit == RevisitSchedule()  # optional


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[revisit]\nbudjet = 5\n", "did you mean 'budget'"),
        ("[revisit]\nsteps = [[2]]\n", "revisit.steps must be"),
        ("[revisit]\nsteps = [[24, 60], [2, 10]]\n", "ascending"),
        ("[revisit]\ndaily_until_days = 0\n", "daily_until_days"),
        ("[revisit]\nbudget = -1\n", "budget"),
    ],
)
def test_a_bad_revisit_table_is_an_error_naming_the_key(table: str, message: str) -> None:
    with pytest.raises(TopicError, match=message):
        parse_topic('name = "t"\n' + table)


def test_schedule_from_table_defaults() -> None:
    assert schedule_from_table({}) == RevisitSchedule()
