"""Round 11 (issue 13): sums of money as finance reporters write them.

- A scale joined to the digits by a hyphen ("$2.3-billion", "a $40-million gap"), the style of
  Canadian papers and some US ones, keeps its scale.
- "will come in $12 million short of plan" states the size of a shortfall (a level), not a fall
  by $12 million.
- A budget period's total (a deficit "for the fiscal year") stated while the period runs is a
  projection (proposed), whenever it was made; a closed year's result or a part of the year
  already run ("last year", "so far") is actual.

The sentences are this file's own, on a made-up port authority's budget.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.numbers import words_value
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic
from tests.extractors.topic_kit import ruled_claims

PORT = """
name = "port_budget"

[[entities]]
name = "Halden Port Authority"
label = "ORG"
aliases = ["the port authority", "Halden Port"]

[[measures]]
name = "operating_deficit"
description = "Halden Port Authority's operating deficit for a fiscal year, in dollars"
subject = "Halden Port Authority"
nouns = ["deficit", "operating deficit"]
context = ["fiscal year", "budget", "operating"]

[[measures]]
name = "fee_shortfall"
description = "How far the authority's fee revenue falls below its budget, in dollars"
subject = "Halden Port Authority"
nouns = ["shortfall", "gap", "fee revenue", "revenue"]
context = ["short", "budget", "below"]
"""


@cache
def port() -> Topic:
    return parse_topic(PORT, default_name="port_budget")


def claims(text: str) -> list[Claim]:
    topic = port()
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return list(ex.claims)


def by_value(text: str) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims(text)}


def test_a_hyphenated_scale_is_the_numbers_scale() -> None:
    assert words_value(["2.3", "-", "billion"]) == Decimal("2.3E9")
    assert words_value(["40", "-", "million"]) == Decimal("4.0E7")
    # a hyphen between two numbers is still no join ("50 - 60" is a range)
    assert words_value(["50", "-", "60"]) is None


def test_hyphenated_scales_in_running_text() -> None:
    found = by_value(
        "The port authority expects a $40-million gap in fee revenue, and its lenders "
        "hold C$2.3-billion of its bonds."
    )
    assert Decimal("4.0E7") in found
    assert Decimal("2.3E9") in found
    assert found[Decimal("4.0E7")].measure == "fee_shortfall"
    assert not any(v in found for v in (Decimal(40), Decimal("2.3")))


def test_a_hyphenated_scale_falling_short() -> None:
    found = by_value("Fee revenue will come in $12-million short, the port authority said.")
    assert Decimal("1.2E7") in found


def test_falling_short_by_an_amount_is_the_shortfall_level() -> None:
    found = by_value(
        "The port authority said its fee revenue will come in $12 million short of the budget."
    )
    claim = found[Decimal("1.2E7")]
    assert claim.measure == "fee_shortfall"
    assert claim.kind == "level"
    assert Decimal("-1.2E7") not in found


def test_another_governments_deficit_is_not_the_measures() -> None:
    found = by_value(
        "Halden Port's operating deficit for the fiscal year is now $31 million. Norway, with "
        "its oil fund, cut its deficit forecast to $4 billion; Denmark expects a deficit of "
        "about $2 billion."
    )
    assert found[Decimal("3.1E7")].measure == "operating_deficit"
    for value in (Decimal("4E9"), Decimal("2E9")):
        assert found[value].measure == "other"
    assert found[Decimal("4E9")].subject == "Norway"
    assert found[Decimal("2E9")].subject == "Denmark"


TABLE = """The port authority published its mid-year report on Tuesday.

Fee revenue shortfall against the budget (millions of dollars)

Container fees ........ 14

Cruise berths ......... 6

Total shortfall ....... 20

The authority said it would review its fee schedule in the spring.
"""


def test_a_table_with_dot_leaders_takes_its_headings_scale() -> None:
    found = by_value(TABLE)
    # each row's figure is in millions, as the heading declares
    assert {Decimal("1.4E7"), Decimal("6E6"), Decimal("2E7")} <= set(found)
    assert not {Decimal(14), Decimal(6), Decimal(20)} & set(found)
    # the row's own label says what the figure is: the total is the shortfall
    assert found[Decimal("2E7")].measure == "fee_shortfall"
    assert found[Decimal("1.4E7")].measure == "other"


def test_a_bracketed_unit_note_is_no_amount() -> None:
    found = by_value(TABLE)
    # "(millions of dollars)" declares the unit; it is not "millions" of anything
    assert all(c.qualifier != "vague" for c in found.values())
    assert Decimal("2E6") not in found


# --------------------------------------------------------------------------- round 12: series
# An amount that names nothing of its own, joined to a measure's amount by "and", "to", "then"
# or a comma with only times and qualifiers between, is the next value of the same measure.


def test_the_next_amount_of_a_series_is_the_same_measure() -> None:
    found = by_value(
        "The port authority expects an operating deficit of $48 million in 2027-28 and about "
        "$31 million the year after."
    )
    assert found[Decimal(48_000_000)].measure == "operating_deficit"
    assert found[Decimal(31_000_000)].measure == "operating_deficit"


def test_a_series_does_not_cross_a_word_that_names_another_thing() -> None:
    # The rules alone: the learned second look files these costs under the deficit too (a
    # known false positive; barring sums that name another thing cost more than it saved on
    # the dev sets, whose parses name "hole", "jump" or "FY2028" as what a deficit is of).
    topic = port()
    text = (
        "The port authority expects an operating deficit of $48 million in 2027-28 and "
        "dredging costs of $31 million."
    )
    found = {c.value: c for c in ruled_claims(text, topic)}
    assert found[Decimal(48_000_000)].measure == "operating_deficit"
    assert found[Decimal(31_000_000)].measure == "other"


def test_a_compared_amount_after_a_comma_is_no_next_value() -> None:
    # "$9 million smaller than planned" is the difference between two deficits, not a deficit:
    # a change of the deficit, signed by its comparative (claims-17)
    found = by_value(
        "The port authority now puts its operating deficit at $39 million, $9 million smaller "
        "than planned in the spring budget."
    )
    assert found[Decimal(39_000_000)].measure == "operating_deficit"
    assert Decimal(9_000_000) not in found
    assert found[Decimal(-9_000_000)].measure == "operating_deficit"
    assert found[Decimal(-9_000_000)].kind == "delta"
