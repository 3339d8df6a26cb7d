"""Number parsing: words, digits, scales, vague plurals, ranges and qualifier intervals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimwatch.extractors.numbers import (
    decade_interval,
    digit_value,
    has_leading_zero,
    interval,
    negate,
    parse_quantity,
    qualifier_after,
    qualifier_before,
    scale_of,
    split_currency,
    split_degrees,
    split_range,
    words_value,
)

# A currency table like the claim lexicon's (numbers.py is handed one, it holds none).
PREFIXES = {"$": "USD", "us$": "USD", "rm": "MYR", "inr": "INR", "rs": "INR", "hk$": "HKD"}


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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.7m", "2700000"),
        ("4.3M", "4300000"),
        ("4.3M.", "4300000"),  # the tokenizer leaves a sentence's full stop on it
        ("1million", "1000000"),
        ("40mn", "40000000"),
        ("35cr", "350000000"),
        ("-3", "-3"),
        ("\u22123.2", "-3.2"),
        ("+4", "4"),
    ],
)
def test_glued_scales_and_signs(text: str, value: str) -> None:
    assert digit_value(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35 crore", "350000000"),
        ("12.5 lakh", "1250000"),
        ("1,240 crore", "12400000000"),
        ("minus 387", "-387"),
        ("negative 3", "-3"),
        ("612 m.", "612000000"),
    ],
)
def test_south_asian_scales_and_sign_words(text: str, value: str) -> None:
    assert words_value(text.split()) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("several hundred", 300, 900),
        ("a few hundred", 200, 500),
        ("a few dozen", 24, 60),
        ("several dozen", 36, 108),
        ("several hundred thousand", 300_000, 900_000),
        ("millions", 2_000_000, 9_999_999),
        ("tens of millions", 20_000_000, 99_999_999),
        ("hundreds of millions", 200_000_000, 999_999_999),
        ("lakhs", 200_000, 999_999),
    ],
)
def test_vague_amounts(text: str, low: int, high: int) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.low, q.high, q.qualifier) == (low, low, high, "vague")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["thirties"], (30, 39)),
        (["90s"], (90, 99)),
        (["low", "50s"], (50, 53)),
        (["upper", "eighties"], (87, 89)),
        (["high", "teens"], (17, 19)),
        (["teens"], (13, 19)),
        (["1990s"], None),  # years, four digits
        (["late", "nineties"], None),  # a part that names years, not numbers
        (["low"], None),
    ],
)
def test_decades(words: list[str], expected: tuple[int, int] | None) -> None:
    assert decade_interval(words) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("89 to 93 billion", 89 * 10**9, 93 * 10**9),  # the low end shares the scale
        ("200,000 to 414 million", 200_000, 414 * 10**6),  # each end keeps its own
        ("500 to 3 million", 500, 3 * 10**6),  # sharing would put the low end above the high
        ("between 14 and 16 billion", 14 * 10**9, 16 * 10**9),
    ],
)
def test_range_ends_and_their_scales(text: str, low: int, high: int) -> None:
    q = parse_quantity(text)
    assert q is not None and (q.low, q.high, q.qualifier) == (low, high, "range")


def test_within_is_at_most() -> None:
    assert qualifier_before(["within"]) == ("at_most", 1)


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("RM2.05", ("MYR", "2.05")),
        ("US$89", ("USD", "89")),
        ("INR1", ("INR", "1")),
        ("Rs.40", ("INR", "40")),
        ("HK$480", ("HKD", "480")),
        ("RM", None),
        ("R2D2", None),
    ],
)
def test_currency_glued_to_the_number(word: str, found: tuple[str, str] | None) -> None:
    assert split_currency(word, PREFIXES) == found


def test_a_range_written_as_one_token() -> None:
    assert split_range("20bn-$25bn", PREFIXES) == ("20bn", "25bn", "USD")
    assert split_range("COVID-19", PREFIXES) is None


def test_degrees_glued_to_the_number() -> None:
    assert (split_degrees("-15C"), split_degrees("21°C"), split_degrees("15Cs")) == (
        "-15",
        "21",
        None,
    )


def test_scale_of_a_word() -> None:
    assert (scale_of("million"), scale_of("1.2bn"), scale_of("70")) == (10**6, 10**9, 1)


def test_leading_zeros_mark_identifiers() -> None:
    assert has_leading_zero("0134") and not has_leading_zero("0.5") and not has_leading_zero("0")


@pytest.mark.parametrize("qualifier", ["exact", "approx", "nearly", "more_than", "at_most"])
def test_negate_keeps_the_interval_ordered(qualifier: str) -> None:
    q = negate(interval(12, qualifier))
    assert q.value == -12
    assert q.low is None or q.low <= q.value
    assert q.high is None or q.value <= q.high
