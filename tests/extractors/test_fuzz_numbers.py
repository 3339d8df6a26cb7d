"""Property tests: parsing and extraction never crash, and intervals always hold the value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimwatch.extractors.numbers import interval, negate, parse_quantity, words_value
from claimwatch.extractors.pipeline import extract_claims
from claimwatch.extractors.topic import Topic

# Words that steer text towards the interesting paths: numbers, hedges, ranges, scales.
VOCAB = [
    "about",
    "around",
    "nearly",
    "more",
    "than",
    "at",
    "least",
    "most",
    "up",
    "to",
    "fewer",
    "between",
    "and",
    "or",
    "so",
    "-",
    "–",
    "$",
    "%",
    "percent",
    "dozen",
    "dozens",
    "hundreds",
    "of",
    "thousands",
    "a",
    "an",
    "estimated",
    "seventy",
    "five",
    "seventy-five",
    "hundred",
    "million",
    "bn",
    "1.2bn",
    "3k",
    "2.5",
    "1,200",
    "0",
    "50",
    "120",
    "2026",
    "70",
    "additional",
    "another",
    "companies",
    "organizations",
    "access",
    "Mythos",
    "Anthropic",
    "would",
    "not",
    "the",
    "total",
    "number",
    "in",
    "from",
    "WSJ",
    "reported",
    ",",
    ".",
    "April",
    "first",
    # the general quantity layer: scales, currencies, signs, vague amounts, time, tallies
    "minus",
    "-3",
    "2.7m",
    "4.3M.",
    "RM2.05",
    "US$",
    "Rs",
    "crore",
    "lakh",
    "several",
    "few",
    "years",
    "-year-old",
    "aged",
    "within",
    "days",
    "5-2",
    "voted",
    "Section",
    "20bn-$25bn",
    "-15C",
    "fell",
    "by",
    "rupees",
    "1964",
    "2010-11",
    "555-0192",
]
words = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=25).map(" ".join)


def _holds(low: float | None, value: float, high: float | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), words))
def test_parser_never_crashes(text: str) -> None:
    q = parse_quantity(text)
    if q is not None:
        assert _holds(q.low, q.value, q.high)
    words_value(text.split())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(words, st.text(max_size=200)))
def test_extract_claims_never_crashes(nlp: Language, mythos: Topic, text: str) -> None:
    for claim in extract_claims(text, topic=mythos):
        assert _holds(claim.low, claim.value, claim.high)
        assert 0 <= claim.start_char <= claim.end_char <= len(text)
        assert claim.sentence_start <= claim.start_char
        assert claim.end_char <= claim.sentence_end


# Finite decimals as a text would state them: up to 12 integer digits, up to 3 decimals.
_STATED = st.decimals(
    min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), places=3,
    allow_nan=False, allow_infinity=False,
)  # fmt: skip


@given(_STATED, st.sampled_from(["exact", "approx", "nearly", "more_than", "at_least",
                                 "less_than", "at_most"]))  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_bounds_are_exact_decimals(value: Decimal, qualifier: str) -> None:
    q = interval(value, qualifier)
    for bound in (q.value, q.low, q.high):
        assert bound is None or isinstance(bound, Decimal)
    assert q.value == value
    if q.low is not None and q.high is not None:
        assert q.low <= q.high
    if q.low is not None:
        assert q.low <= q.value or qualifier in ("less_than", "at_most")
    if q.high is not None:
        assert q.value <= q.high
    if qualifier == "approx":  # exactly 0.9v and 1.1v: no float noise in either end
        assert {q.low, q.high} == {value * Decimal("0.9"), value * Decimal("1.1")}
    if qualifier == "nearly":
        assert {q.low, q.high} == {value * Decimal("0.9"), value}


@given(_STATED, _STATED)
@settings(max_examples=200, deadline=None)
def test_a_range_is_its_ends_and_their_exact_midpoint(a: Decimal, b: Decimal) -> None:
    q = interval(a, "range", b)
    assert (q.low, q.high) == (min(a, b), max(a, b))
    assert q.value == (a + b) / 2


@given(_STATED, st.sampled_from(["exact", "approx", "nearly", "more_than", "at_least",
                                 "less_than", "at_most"]))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_a_negated_quantity_keeps_its_interval(value: Decimal, qualifier: str) -> None:
    q = negate(interval(value, qualifier))
    assert q.value == -value
    assert _holds(q.low, q.value, q.high)
    for bound in (q.value, q.low, q.high):
        assert bound is None or isinstance(bound, Decimal)
