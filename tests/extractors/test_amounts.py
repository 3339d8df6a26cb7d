"""Measures whose values are sums of money or percentages, not counts of things (issue 13).

A money or percent quantity is a value of a measure of its unit when the measure's nouns name
what the amount is the size of: the noun it modifies ("a $40m shortfall"), the noun it is "of"
("a rise of 4 percent"), the subject or object of the clause it completes ("the deficit
widened to $52 million", "cut the increase to 3 percent"), or, stated as a change by a verb,
a rise of what the measure is about ("raised the fare 3.5 percent"). An amount that names
nothing of its own takes its measure from its discourse. Another entity's amount is not the
measure's. The sentences are this file's own, on a made-up transit topic.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
from spacy.language import Language

from claimwatch.extractors.claims.discourse import units_of
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Measure, Topic, TopicError, parse_topic

TRANSIT = """
name = "transit"

[[entities]]
name = "Larkmoor Transit Authority"
label = "ORG"
aliases = ["Larkmoor Transit", "the authority"]

[[measures]]
name = "operating_deficit"
description = "Size of Larkmoor Transit Authority's operating deficit, in dollars"
subject = "Larkmoor Transit Authority"
nouns = ["deficit", "shortfall", "gap", "hole"]
context = ["budget", "operating", "fiscal year"]

[[measures]]
name = "fare_rise"
description = "Size of a rise in Larkmoor's base fare, in percent"
subject = "Larkmoor Transit Authority"
nouns = ["increase", "rise", "hike", "fare increase"]
context = ["fare", "base fare", "ticket price", "percent"]
"""


@cache
def transit() -> Topic:
    return parse_topic(TRANSIT, default_name="transit")


def claims(text: str) -> dict[Decimal, Claim]:
    topic = transit()
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return {c.value: c for c in ex.claims}


def test_an_amount_of_a_measure_noun_is_its_value() -> None:
    got = claims("Larkmoor Transit Authority warned of a $40 million shortfall next year.")
    assert got[Decimal(40000000)].measure == "operating_deficit"
    assert got[Decimal(40000000)].kind == "level"


def test_an_amount_completing_a_clause_about_a_measure_noun() -> None:
    got = claims("The authority's deficit widened to $52.5 million in the spring.")
    assert got[Decimal(52500000)].measure == "operating_deficit"


def test_a_rise_stated_by_a_verb_is_a_rise_of_what_it_changes() -> None:
    got = claims("Last year the board raised the fare 3.5 percent.")
    assert (got[Decimal("3.5")].measure, got[Decimal("3.5")].kind) == ("fare_rise", "delta")


def test_an_amount_of_a_change_noun_is_a_delta() -> None:
    got = claims("Riders face a rise of 4 percent in the base fare under the plan.")
    assert (got[Decimal(4)].measure, got[Decimal(4)].kind) == ("fare_rise", "delta")


def test_what_a_verb_acts_on_names_nothing_and_units_must_agree() -> None:
    got = claims(
        "The fare increase would raise $12 million a year. Parking revenue rose 6 percent, "
        "and the authority spent $3 million on the deficit study."
    )
    assert got[Decimal(12000000)].measure == "other"  # money: not the percent measure
    assert got[Decimal(6)].measure == "other"  # a rise of revenue, not of the fare
    assert got[Decimal(3000000)].measure == "other"


def test_an_elliptical_amount_takes_its_measure_from_its_paragraph() -> None:
    got = claims(
        "The report corrected the size of the deficit the authority closed last year. "
        "It was $27 million, not $72 million."
    )
    assert got[Decimal(27000000)].measure == "operating_deficit"
    assert got[Decimal(72000000)].measure == "operating_deficit"


def test_an_answer_under_a_question_heading() -> None:
    text = (
        "Larkmoor transit budget explained\n\nThe board meets on Friday.\n\n"
        "How big is the hole?\n\nAbout $61 million, by the authority's own estimate."
    )
    assert claims(text)[Decimal(61000000)].measure == "operating_deficit"


def test_a_generic_head_refers_to_the_figure_under_discussion() -> None:
    text = (
        "Larkmoor Transit Authority says its operating deficit is $48 million.\n\n"
        "Riders' groups disagree. The real number is closer to $55 million, one said."
    )
    assert claims(text)[Decimal(55000000)].measure == "operating_deficit"


def test_a_figure_put_forward_follows_the_rise_before_it() -> None:
    got = claims("One member wants a 2 percent rise; the chair has floated 2.75 percent.")
    assert got[Decimal("2.75")].measure == "fare_rise"
    assert got[Decimal("2.75")].kind == "delta"


def test_another_entitys_amount_is_not_the_measure() -> None:
    got = claims(
        "Larkmoor Transit Authority faces a $30 million deficit. Neighbouring Corvale County, "
        "which faced a $19 million deficit of its own, raised its fare by 8 percent."
    )
    assert got[Decimal(30000000)].measure == "operating_deficit"
    assert got[Decimal(19000000)].measure == "other"
    assert got[Decimal(8)].measure == "other"


def test_a_count_is_never_a_money_measure() -> None:
    got = claims("The deficit forced the authority to cut 40 routes.")
    assert got[Decimal(40)].measure == "other"


# --------------------------------------------------------------------------- units


def _measure(description: str, context: tuple[str, ...] = (), unit: str | None = None) -> Measure:
    return Measure("m", description, ("gap",), context, None, unit)


def test_a_measures_unit_is_read_off_its_words_or_given() -> None:
    assert units_of(_measure("The shortfall, in dollars")) == {"money"}
    assert units_of(_measure("The shortfall, in euros")) == {"money"}
    assert units_of(_measure("A rise of the rate", ("percentage point",))) == {"percent"}
    assert units_of(_measure("How much the levy rises")) == {"money", "percent"}
    assert units_of(_measure("How many organizations have access")) == {"count"}
    assert units_of(_measure("The shortfall, in dollars", unit="count")) == {"count"}
    # A currency named in any form, a ransom, a cost: money (dev set 18's ransom demand, "in
    # any currency", and dev 11's restoration cost, whose nouns say "dollar", were counts).
    assert units_of(_measure("The ransom the gang asked for, in any currency")) == {"money"}
    assert units_of(Measure("m", "What repairs come to", ("dollar",), (), None)) == {"money"}
    # A sentence that says what the measure does not count names no unit of it.
    said = "How many plants are down. Does not count: recovery costs or the sums paid."
    assert units_of(_measure(said)) == {"count"}
    # A count measure may say what its things cost.
    assert units_of(_measure("How many jobs the closure costs the town")) == {"count"}


def test_the_unit_key_is_optional_and_checked() -> None:
    base = '[[measures]]\nname = "gap"\nnouns = ["gap"]\n'
    assert parse_topic(base).measures[0].unit is None
    assert parse_topic(base + 'unit = "money"\n').measures[0].unit == "money"
    with pytest.raises(TopicError, match="unit must be one of"):
        parse_topic(base + 'unit = "dollars"\n')


# --------------------------------------------------------------------------- counts (class a)


def test_a_count_answering_a_how_many_heading_continues_the_measure(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic plans wider Mythos access\n\nMythos is available to 40 organizations today.\n\n"
        "How many more would get in?\n\nRoughly 45, according to people briefed on the plan."
    )
    (ex,) = extract_many(nlp, [text], topic=mythos)
    found = {c.value: c for c in ex.claims}
    assert found[Decimal(45)].measure == "orgs_with_access"
