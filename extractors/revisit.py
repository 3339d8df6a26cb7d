"""When to fetch a known article again, whatever its feed says (issue: silent edits).

Outlets change numbers, add corrections and update paragraphs without touching their feed
entries, so claimwatch revisits on-topic articles on a schedule that thins out with age, as
NewsDiffs and diffengine do: often in the first hours, then hourly, then daily up to a horizon,
then never. A cycle revisits at most `budget` articles, most overdue first, so a large archive
cannot swamp it. Pure functions over recorded times; the schedule comes from the topic file:

    [revisit]
    steps = [[6, 30], [48, 60]]   # (age below N hours, every M minutes) ...
    daily_until_days = 30         # then once a day up to this age, then never
    budget = 200                  # revisits per cycle at most
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RevisitSchedule:
    # (age limit, interval): below the limit, revisit every interval. Ascending limits.
    steps: tuple[tuple[timedelta, timedelta], ...] = (
        (timedelta(hours=6), timedelta(minutes=30)),
        (timedelta(hours=48), timedelta(hours=1)),
    )
    horizon: timedelta = timedelta(days=30)  # daily after the last step, never after this
    budget: int = 200

    def interval(self, age: timedelta) -> timedelta | None:
        """How often an article of this age is revisited; None past the horizon."""
        for limit, every in self.steps:
            if age < limit:
                return every
        return timedelta(days=1) if age < self.horizon else None


@dataclass(frozen=True, slots=True)
class RevisitCandidate:
    article_id: str
    url: str
    first_seen_at: datetime  # the article's age counts from here
    last_checked_at: datetime  # the last fetch of its page, by a poll or a revisit


def next_due(candidate: RevisitCandidate, schedule: RevisitSchedule) -> datetime | None:
    """When the article is next due; None when it is past the horizon (never again)."""
    age = candidate.last_checked_at - candidate.first_seen_at
    every = schedule.interval(age)
    if every is None:
        return None
    due = candidate.last_checked_at + every
    # An article checked just before the horizon gets no revisit beyond it.
    return due if due - candidate.first_seen_at <= schedule.horizon else None


def plan(
    candidates: Iterable[RevisitCandidate], now: datetime, schedule: RevisitSchedule
) -> list[RevisitCandidate]:
    """The articles to revisit now: due ones, most overdue first, at most `budget`."""
    due: list[tuple[timedelta, str, RevisitCandidate]] = []
    for c in candidates:
        if now - c.first_seen_at > schedule.horizon:
            continue  # past the horizon, however long ago it was last checked
        when = next_due(c, schedule)
        if when is not None and when <= now:
            due.append((now - when, c.article_id, c))
    due.sort(key=lambda item: (-item[0], item[1]))
    return [c for _, _, c in due[: max(schedule.budget, 0)]]


def schedule_from_table(table: dict[str, object], where: str = "revisit") -> RevisitSchedule:
    """A schedule from a topic file's [revisit] table; raises ValueError naming the key."""
    default = RevisitSchedule()
    steps_raw = table.get("steps")
    steps: Sequence[tuple[timedelta, timedelta]] = default.steps
    if steps_raw is not None:
        if not isinstance(steps_raw, list) or not all(
            isinstance(s, list) and len(s) == 2 and all(_positive(x) for x in s) for s in steps_raw
        ):
            raise ValueError(
                f"{where}.steps must be a list of [hours, minutes] pairs, e.g. [[6, 30]]"
            )
        steps = tuple(
            (timedelta(hours=float(h)), timedelta(minutes=float(m))) for h, m in steps_raw
        )
        if list(steps) != sorted(steps):
            raise ValueError(f"{where}.steps must be in ascending order of hours")
    horizon_raw = table.get("daily_until_days", default.horizon.days)
    if not _positive(horizon_raw):
        raise ValueError(f"{where}.daily_until_days must be a positive number")
    budget_raw = table.get("budget", default.budget)
    if not isinstance(budget_raw, int) or isinstance(budget_raw, bool) or budget_raw < 0:
        raise ValueError(f"{where}.budget must be a whole number, 0 or more")
    return RevisitSchedule(
        steps=tuple(steps),
        horizon=timedelta(days=float(horizon_raw)),  # type: ignore[arg-type]
        budget=budget_raw,
    )


def _positive(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and x > 0
