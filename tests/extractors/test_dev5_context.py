"""Sums of money and percentages, round 8 (issue 13, dev set 5): what an amount is of when the
parse goes astray.

- A participle after a noun ("the shortfall for the season now ending would come in at
  ..."): the parser makes the noun the participle's subject and the participle the clause's
  subject; the noun is what the amount is of.
- A generic head a verb's preposition takes ("put borrowing in a range of £20m to £24m"):
  where the verb puts its object, as "put borrowing at £20m" does.

The sentences and the topic are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

HARBOUR = """
name = "harbour"

[[entities]]
name = "Lindqvist Harbour Board"
label = "ORG"
aliases = ["the board"]

[[measures]]
name = "borrowing"
description = "Lindqvist Harbour Board's net borrowing for a year, as an amount of money"
subject = "Lindqvist Harbour Board"
nouns = ["borrowing", "net borrowing", "deficit", "shortfall"]
context = ["budget", "pounds", "million"]
"""


@cache
def harbour() -> Topic:
    return parse_topic(HARBOUR, default_name="harbour")


def by_value(text: str) -> dict[Decimal, Claim]:
    topic = harbour()
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return {c.value: c for c in ex.claims}


def test_a_noun_before_a_participle_is_the_subject() -> None:
    found = by_value(
        "The board said the shortfall for the season now ending would come in at about £4.2m."
    )
    assert found[Decimal(4_200_000)].measure == "borrowing"


def test_no_noun_before_the_participle_names_nothing() -> None:
    found = by_value("The Lindqvist Harbour Board said that closing would come in at £4.2m.")
    assert found[Decimal(4_200_000)].measure == "other"


def test_a_range_a_verb_puts_its_object_in() -> None:
    found = by_value(
        "The Lindqvist Harbour Board put next year's borrowing in a range of £20m to £24m."
    )
    (c,) = [c for c in found.values() if c.quantity == "money"]
    assert c.measure == "borrowing" and c.low == Decimal(20_000_000)


def test_a_range_of_another_object_is_not_the_measure() -> None:
    found = by_value(
        "The Lindqvist Harbour Board put next year's dredging costs in a range of £20m to £24m."
    )
    (c,) = [c for c in found.values() if c.quantity == "money"]
    assert c.measure == "other"
