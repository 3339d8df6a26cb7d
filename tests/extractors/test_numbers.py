"""Number parsing: words, digits, scales, vague plurals, ranges and qualifier intervals."""

from __future__ import annotations

import pytest

from extractors.numbers import (
    interval,
    parse_quantity,
    qualifier_after,
    qualifier_before,
    words_value,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("2.5", 2.5),
        ("seventy", 70),
        ("seventy-five", 75),
        ("seventy - five", 75),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("2.5 million", 2.5e6),
        ("1.2bn", 1.2e9),
        ("3k", 3000),
        ("1.2 thousand", 1200),
    ],
)
def test_words_and_digits(text: str, value: float) -> None:
    assert words_value(text.split()) == pytest.approx(value)


def test_not_a_number() -> None:
    assert words_value(["companies"]) is None
    assert words_value([]) is None
    assert parse_quantity("the White House") is None


def test_and_does_not_join_two_numbers() -> None:
    assert words_value(["50", "and", "60"]) is None


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("dozens", 24, 24, 99),
        ("hundreds", 200, 200, 999),
        ("thousands", 2000, 2000, 9999),
        ("tens of thousands", 20000, 20000, 99999),
    ],
)
def test_vague_plurals(text: str, value: float, low: float, high: float) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.low, q.high, q.qualifier) == (value, low, high, "vague")


@pytest.mark.parametrize("text", ["50 to 60", "between 50 and 60", "50-60", "50 – 60"])
def test_ranges(text: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.low, q.high, q.qualifier) == (55, 50, 60, "range")


def test_range_shares_the_scale() -> None:
    q = parse_quantity("2.5 to 3 million")
    assert q is not None and (q.low, q.high) == (2.5e6, 3e6)


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("70", "exact", 70, 70),
        ("about 70", "approx", 63, 77),
        ("around 70", "approx", 63, 77),
        ("roughly 70", "approx", 63, 77),
        ("some 70", "approx", 63, 77),
        ("approximately 70", "approx", 63, 77),
        ("an estimated 70", "approx", 63, 77),
        ("70 or so", "approx", 63, 77),
        ("nearly 50", "nearly", 45, 50),
        ("almost 50", "nearly", 45, 50),
        ("more than 100", "more_than", 100, None),
        ("over 100", "more_than", 100, None),
        ("at least 100", "at_least", 100, None),
        ("100 or more", "at_least", 100, None),
        ("fewer than 60", "less_than", 0, 60),
        ("less than 60", "less_than", 0, 60),
        ("up to 70", "at_most", 0, 70),
        ("at most 70", "at_most", 0, 70),
        ("no more than 70", "at_most", 0, 70),
    ],
)
def test_qualifier_intervals(text: str, qualifier: str, low: float, high: float | None) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert q.qualifier == qualifier
    assert q.low == pytest.approx(low)
    assert q.high == (pytest.approx(high) if high is not None else None)


def test_longest_qualifier_wins() -> None:
    assert qualifier_before(["no", "more", "than"]) == ("at_most", 3)
    assert qualifier_before(["gave", "more", "than"]) == ("more_than", 2)
    assert qualifier_after(["or", "more", "companies"]) == ("at_least", 2)


@pytest.mark.parametrize(
    "qualifier", ["exact", "approx", "nearly", "more_than", "at_least", "less_than", "at_most"]
)
def test_interval_invariant(qualifier: str) -> None:
    q = interval(70, qualifier)
    assert q.low is None or q.low <= q.value
    assert q.high is None or q.value <= q.high


def test_unknown_qualifier_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown qualifier"):
        interval(1, "sort_of")
