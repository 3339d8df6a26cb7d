"""Property tests: parsing and extraction never crash, and intervals always hold the value."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extractors.numbers import parse_quantity, words_value
from extractors.pipeline import extract_claims
from extractors.topic import Topic

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
