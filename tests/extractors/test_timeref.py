"""The time a claim speaks of (as_of), one behaviour per test. Publication days vary on purpose:
a Wednesday mid-month, a Monday and a Sunday at month starts, a Friday at the year start."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from claimwatch.extractors.timeref import (
    OPEN_START,
    AsOf,
    find_time_refs,
    resolve_as_of,
    within_window,
)

WED_APR_15 = datetime(2026, 4, 15, 14, 30, tzinfo=UTC)  # a Wednesday, mid-month
MON_MAR_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, second day of the month
SUN_MAR_1 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)  # a Sunday, first day of the month
FRI_JAN_2 = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)  # a Friday, second day of the year
TUE_NOV_10 = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)  # a Tuesday


def day(y: int, m: int, d: int) -> tuple[datetime, datetime]:
    start = datetime(y, m, d, tzinfo=UTC)
    return start, start + timedelta(days=1)


def interval(ref: AsOf) -> tuple[datetime, datetime]:
    return ref.start, ref.end


def test_the_fixture_days_are_the_weekdays_they_claim() -> None:
    assert [d.strftime("%A") for d in (WED_APR_15, MON_MAR_2, SUN_MAR_1, FRI_JAN_2)] == [
        "Wednesday",
        "Monday",
        "Sunday",
        "Friday",
    ]


def test_no_time_words_speak_of_the_publication_instant() -> None:
    ref = resolve_as_of("About 55 sites are affected, the agency said.", WED_APR_15)
    assert (ref.start, ref.end, ref.kind, ref.phrase) == (WED_APR_15, WED_APR_15, "published", None)


def test_on_monday_is_the_most_recent_monday_before_publication() -> None:
    ref = resolve_as_of("On Monday, about 30 sites were affected.", WED_APR_15)
    assert interval(ref) == day(2026, 4, 13)
    assert (ref.kind, ref.phrase) == ("day", "On Monday")


def test_on_monday_published_on_a_monday_is_that_same_day() -> None:
    assert interval(resolve_as_of("30 sites were down on Monday", MON_MAR_2)) == day(2026, 3, 2)


def test_last_monday_published_on_a_monday_is_a_week_earlier() -> None:
    assert interval(resolve_as_of("30 sites last Monday", MON_MAR_2)) == day(2026, 2, 23)


def test_as_of_tuesday_crosses_back_into_the_previous_month() -> None:
    ref = resolve_as_of("As of Tuesday, 40 had access.", MON_MAR_2)
    assert interval(ref) == day(2026, 2, 24)
    assert ref.phrase == "As of Tuesday"


def test_by_thursday_morning_covers_that_whole_day() -> None:
    ref = resolve_as_of("By Thursday morning, 70 sites were offline.", TUE_NOV_10)
    assert interval(ref) == day(2026, 11, 5)
    assert ref.phrase == "By Thursday morning"


def test_yesterday_on_the_first_of_a_month_is_the_last_day_of_the_previous_one() -> None:
    assert interval(resolve_as_of("yesterday", SUN_MAR_1)) == day(2026, 2, 28)


def test_today_is_the_publication_day() -> None:
    assert interval(resolve_as_of("Today about 60 can use it", SUN_MAR_1)) == day(2026, 3, 1)


def test_last_week_is_the_previous_calendar_week_even_published_on_a_sunday() -> None:
    # Sunday March 1 belongs to the week of Monday Feb 23; last week is Feb 16-22.
    ref = resolve_as_of("Last week 20 agencies joined.", SUN_MAR_1)
    assert interval(ref) == (datetime(2026, 2, 16, tzinfo=UTC), datetime(2026, 2, 23, tzinfo=UTC))
    assert ref.kind == "week"


def test_this_week_runs_from_monday_to_the_end_of_the_publication_day() -> None:
    ref = resolve_as_of("this week", WED_APR_15)
    assert interval(ref) == (datetime(2026, 4, 13, tzinfo=UTC), datetime(2026, 4, 16, tzinfo=UTC))


def test_last_week_at_the_turn_of_the_year_reaches_into_the_previous_year() -> None:
    ref = resolve_as_of("last week", FRI_JAN_2)
    assert interval(ref) == (datetime(2025, 12, 22, tzinfo=UTC), datetime(2025, 12, 29, tzinfo=UTC))


def test_early_mid_and_late_april_are_thirds_of_the_month() -> None:
    early, mid, late = (
        resolve_as_of(f"in {p}April", WED_APR_15) for p in ("early ", "mid-", "late ")
    )
    assert interval(early) == (datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 11, tzinfo=UTC))
    assert interval(mid) == (datetime(2026, 4, 11, tzinfo=UTC), datetime(2026, 4, 21, tzinfo=UTC))
    assert interval(late) == (datetime(2026, 4, 21, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    assert mid.phrase == "in mid-April"


def test_in_april_is_the_whole_month_of_the_publication_year() -> None:
    ref = resolve_as_of("In April, 50 organizations had access.", WED_APR_15)
    assert interval(ref) == (datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))


def test_a_month_after_the_publication_month_is_last_years() -> None:
    ref = resolve_as_of("in December", FRI_JAN_2)
    assert interval(ref) == (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def test_since_april_runs_from_the_first_of_april_to_publication() -> None:
    ref = resolve_as_of("Since April, about 45 have joined.", WED_APR_15)
    assert interval(ref) == (datetime(2026, 4, 1, tzinfo=UTC), WED_APR_15)
    assert ref.kind == "since"


def test_since_early_march_starts_on_the_first_of_march() -> None:
    ref = resolve_as_of("since early March, about 45 organizations", WED_APR_15)
    assert interval(ref) == (datetime(2026, 3, 1, tzinfo=UTC), WED_APR_15)
    assert ref.phrase == "since early March"


def test_since_monday_ends_at_publication() -> None:
    ref = resolve_as_of("since Monday", WED_APR_15)
    assert interval(ref) == (datetime(2026, 4, 13, tzinfo=UTC), WED_APR_15)


@pytest.mark.parametrize("words", ["Initially", "At first", "At launch"])
def test_initially_is_an_open_start_up_to_publication(words: str) -> None:
    ref = resolve_as_of(f"{words}, about 35 organizations had access.", WED_APR_15)
    assert (ref.start, ref.end, ref.initial, ref.kind) == (OPEN_START, WED_APR_15, True, "initial")


def test_a_month_day_date_is_that_day() -> None:
    assert interval(resolve_as_of("On April 7, 30 were affected", WED_APR_15)) == day(2026, 4, 7)


def test_a_day_month_date_is_that_day() -> None:
    assert interval(resolve_as_of("by 7 April", WED_APR_15)) == day(2026, 4, 7)


def test_an_abbreviated_month_after_the_publication_month_is_last_year() -> None:
    ref = resolve_as_of("70 were still offline on Nov. 3", FRI_JAN_2)
    assert interval(ref) == day(2025, 11, 3)
    assert ref.phrase == "on Nov. 3"


def test_a_date_with_its_year_keeps_it() -> None:
    assert interval(resolve_as_of("April 7, 2025", WED_APR_15)) == day(2025, 4, 7)


def test_on_the_9th_is_that_day_of_the_publication_month() -> None:
    ref = resolve_as_of("On the 9th, 25 remained offline.", TUE_NOV_10)
    assert interval(ref) == day(2026, 11, 9)


def test_the_3rd_at_the_end_of_a_clause_is_a_date() -> None:
    ref = resolve_as_of("Seventy were still offline as of the 3rd.", TUE_NOV_10)
    assert interval(ref) == day(2026, 11, 3)
    assert ref.phrase == "as of the 3rd"


def test_a_day_of_month_still_to_come_is_the_previous_months() -> None:
    assert interval(resolve_as_of("on the 20th", TUE_NOV_10)) == day(2026, 10, 20)


def test_an_ordinal_that_is_not_a_date_is_ignored() -> None:
    assert resolve_as_of("the 3rd largest operator", TUE_NOV_10).kind == "published"
    assert resolve_as_of("on the 3rd floor", TUE_NOV_10).kind == "published"


def test_a_lowercase_may_is_not_a_month() -> None:
    assert resolve_as_of("the count may rise in may or later", WED_APR_15).kind == "published"


def test_a_week_ago_crosses_a_month_boundary() -> None:
    assert interval(resolve_as_of("a week ago", MON_MAR_2)) == day(2026, 2, 23)


def test_two_days_ago_is_that_day() -> None:
    assert interval(resolve_as_of("two days ago", SUN_MAR_1)) == day(2026, 2, 27)


def test_the_reference_nearest_the_claim_wins() -> None:
    text = "Initially about 35 organizations had access; now about 55 do."
    assert resolve_as_of(text, WED_APR_15, near=16).initial
    later = resolve_as_of(text, WED_APR_15, near=(text.index("55"), text.index("55") + 2))
    assert (later.kind, later.phrase) == ("now", "now")


def test_every_reference_is_found_in_text_order() -> None:
    refs = find_time_refs("30 sites on Monday and 55 on Wednesday", WED_APR_15)
    assert [r.phrase for r in refs] == ["on Monday", "on Wednesday"]
    assert [r.span for r in refs] == [(9, 18), (26, 38)]


def test_days_follow_the_given_time_zone() -> None:
    # 02:00 UTC on Tuesday is still Monday evening in New York: "today" is that Monday.
    published = datetime(2026, 4, 14, 2, 0, tzinfo=UTC)
    ref = resolve_as_of("today", published, tz=ZoneInfo("America/New_York"))
    assert ref.start == datetime(2026, 4, 13, 4, 0, tzinfo=UTC)  # midnight EDT
    assert ref.end - ref.start == timedelta(days=1)


def test_a_naive_publication_time_is_refused() -> None:
    with pytest.raises(ValueError):
        resolve_as_of("on Monday", datetime(2026, 4, 15, 12, 0))


def test_monday_and_wednesday_are_not_within_a_day() -> None:
    monday = resolve_as_of("on Monday", WED_APR_15)
    wednesday = resolve_as_of("on Wednesday", WED_APR_15)
    assert not within_window(monday, wednesday)
    assert within_window(monday, wednesday, timedelta(days=2))


def test_monday_and_tuesday_are_within_a_day() -> None:
    monday = resolve_as_of("on Monday", WED_APR_15)
    tuesday = resolve_as_of("on Tuesday", WED_APR_15)
    assert within_window(monday, tuesday) and within_window(tuesday, monday)


def test_two_publication_instants_are_compared_when_less_than_a_window_apart() -> None:
    first = AsOf.published(WED_APR_15)
    assert within_window(first, AsOf.published(WED_APR_15 + timedelta(hours=23)))
    assert not within_window(first, AsOf.published(WED_APR_15 + timedelta(hours=25)))


def test_initially_and_since_early_march_speak_of_the_same_time() -> None:
    initially = resolve_as_of("Initially, about 35", WED_APR_15)
    since = resolve_as_of("Since early March, about 45", WED_APR_15)
    assert within_window(initially, since, timedelta(0))


def test_a_zero_window_still_compares_touching_intervals() -> None:
    monday = resolve_as_of("on Monday", WED_APR_15)
    tuesday = resolve_as_of("on Tuesday", WED_APR_15)
    assert within_window(monday, tuesday, timedelta(0))
    assert not within_window(monday, resolve_as_of("today", WED_APR_15), timedelta(0))


def test_the_default_instant_lies_inside_its_publication_day() -> None:
    published = AsOf.published(WED_APR_15)
    assert within_window(published, resolve_as_of("today", WED_APR_15), timedelta(0))
    assert published.start.date() == date(2026, 4, 15)


def test_a_state_that_began_in_a_month_speaks_of_since_then() -> None:
    # "nearly 50 have access" under a preview that began in April: now, as since April.
    ref = resolve_as_of("Under a preview that began in April, nearly 50 have access.", WED_APR_15)
    assert interval(ref) == (datetime(2026, 4, 1, tzinfo=UTC), WED_APR_15)
    assert (ref.kind, ref.phrase) == ("since", "began in April")
    # A launch-day count keeps its day; a month alone is that month.
    monday = resolve_as_of("It started on Monday with 30 sites.", WED_APR_15)
    assert (monday.kind, monday.start) == ("day", datetime(2026, 4, 13, tzinfo=UTC))
    assert resolve_as_of("In March, 30 had access.", WED_APR_15).kind == "month"
