"""Precision of measure assignment (issue 13): counts and amounts that name another thing stay
out of the measure, and hedges read as a reader would. The sentences are this file's own."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.numbers import digit_value
from claimwatch.extractors.pipeline import extract_claims
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic
from tests.extractors.test_amounts import claims as transit_claims

ACCESS = "orgs_with_access"

LIBRARY = """
name = "library"

[[entities]]
name = "Corbin Library Fund"
label = "ORG"
aliases = ["the fund"]

[[measures]]
name = "dues_rise"
description = "Members' dues to the Corbin Library Fund as a percent of income"
subject = "Corbin Library Fund"
nouns = ["due", "dues", "rate", "point"]
context = ["dues rate", "dues", "of income", "increase"]
"""


@cache
def library() -> Topic:
    return parse_topic(LIBRARY, default_name="library")


def by_value(text: str, topic: Topic) -> dict[Decimal, Claim]:
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return {c.value: c for c in ex.claims}


def test_a_compound_naming_another_rate_keeps_the_amount_out() -> None:
    found = by_value(
        "The Corbin Library Fund wants to raise the dues rate to 3 percent of income. "
        "Valued at a 4.5 percent interest rate, the fund's assets look thinner.",
        library(),
    )
    assert found[Decimal("3")].measure == "dues_rise"
    assert found[Decimal("4.5")].measure == "other"


def test_a_compound_the_measure_names_still_files_the_amount() -> None:
    found = transit_claims(
        "Larkmoor Transit's operating budget gap grew to $12 million this fiscal year."
    )
    assert found[Decimal("12000000")].measure == "operating_deficit"


def test_a_count_of_what_joined_another_speakers_scheme_is_its_own(mythos: Topic) -> None:
    claims = extract_claims(
        "Anthropic has opened its Mythos model to about 50 organizations. Microsoft, which "
        "runs a preview of its own, said last week that roughly 30 companies had joined it.",
        topic=mythos,
    )
    found = {c.value: c for c in claims}
    assert found[Decimal("50")].measure == ACCESS
    assert found[Decimal("30")].measure == "other"
    assert found[Decimal("30")].subject == "Microsoft"


def test_near_and_odd_are_hedges(mythos: Topic) -> None:
    claims = extract_claims(
        "Anthropic's Mythos model is open to 40-odd organizations, and the company wants "
        "the program near 90 organizations by winter.",
        topic=mythos,
    )
    found = {c.value: c for c in claims}
    assert found[Decimal("40")].qualifier == "approx"
    assert found[Decimal("90")].qualifier == "approx"


def test_indian_digit_grouping_reads_as_one_number() -> None:
    assert digit_value("3,50,000") == Decimal("350000")
    assert digit_value("12,34,567") == Decimal("1234567")
    assert digit_value("1,2,3") is None  # no grouping at all
