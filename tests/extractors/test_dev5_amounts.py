"""Sums of money and percentages, round 7 (issue 13, dev set 5): the value layer and what an
amount is the size of.

- A table written as lines carries its unit and scale in its heading ("Net borrowing, £
  million: spring estimate | autumn estimate | change"): a bare figure in its rows is that
  many millions of pounds of what the heading names, a change in a column headed by one, a
  forecast in a column (or under a heading) that says so.
- A change stated by a verb is signed: "trimmed ... by £3m", "brought borrowing down by",
  "0.4 points lower".
- No quantities: the sides of a tally split by its noun ("by 31 votes to 12"), a telephone
  number's country code ("+44 1632 ...").
- Qualifiers: "nearer 70 per cent" is a rough figure; "nears 9 per cent" one just short.
- What an amount is of: a verb's object amount is the size of its doing ("to borrow £12m" is
  borrowing), a clause continuing another shares its subject ("stood at 6 per cent ... is
  expected to climb to 7 per cent"), a change of a forecast is a change of what it forecasts
  ("raised its borrowing forecast by £2m"), "up from" after a verb's own amount is of what that
  amount is of.

The sentences and the topic are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

COUNCIL = """
name = "council"

[[entities]]
name = "Copperfield Council"
label = "ORG"
aliases = ["the council"]

[[measures]]
name = "borrowing"
description = "Copperfield Council's net borrowing for a year, as an amount of money"
subject = "Copperfield Council"
nouns = ["borrowing", "net borrowing", "deficit"]
context = ["budget", "pounds", "million"]

[[measures]]
name = "vacancy_rate"
description = "Share of Copperfield's housing stock standing empty, in per cent"
subject = "Copperfield Council"
nouns = ["vacancy rate", "vacancy", "empty homes"]
context = ["per cent", "percent", "housing stock"]
"""


@cache
def council() -> Topic:
    return parse_topic(COUNCIL, default_name="council")


def claims(text: str) -> list[Claim]:
    topic = council()
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return list(ex.claims)


def by_value(text: str) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims(text)}


# --------------------------------------------------------------------------- tables as lines

TABLE = (
    "Copperfield's budget, as revised in the autumn.\n\n"
    "Table A. Net borrowing, £ million: spring estimate | autumn estimate | change\n\n"
    "2024-25: 41.5 | 44.0 | +2.5\n\n"
    "2025-26: 38.0 | 39.5 | +1.5\n\n"
    "The council meets again in March."
)


def test_a_table_heading_gives_its_rows_unit_and_scale() -> None:
    found = by_value(TABLE)
    for value in (41_500_000, 44_000_000, 38_000_000, 39_500_000):
        c = found[Decimal(value)]
        assert c.quantity == "money" and c.noun == "GBP"
        assert c.measure == "borrowing"
        assert c.kind == "level" and c.modality == "proposed"  # estimates
    for value in (2_500_000, 1_500_000):
        c = found[Decimal(value)]
        assert c.measure == "borrowing" and c.kind == "delta"


def test_a_percent_heading_over_labelled_rows() -> None:
    text = (
        "Where homes stand empty.\n\n"
        "Vacancy rate, % of housing stock\n\n"
        "North ward: 6.1\n\n"
        "South ward: 7.4\n\n"
        "Officials say both wards improved."
    )
    found = by_value(text)
    for value in ("6.1", "7.4"):
        c = found[Decimal(value)]
        assert c.quantity == "percent" and c.measure == "vacancy_rate"
        assert c.modality == "actual"


def test_rows_under_a_heading_without_a_unit_stay_counts() -> None:
    text = (
        "Planning applications by quarter\n\n"
        "Q1: 140\n\n"
        "Q2: 155\n\n"
        "The council received more than last year."
    )
    found = by_value(text)
    assert found[Decimal(140)].quantity == "count"
    assert found[Decimal(155)].quantity == "count"


def test_a_figure_that_names_what_it_counts_is_no_cell() -> None:
    text = "Borrowing, £ million\n\nPlanning team: 14 officers\n\nThe team is small."
    found = by_value(text)
    assert found[Decimal(14)].quantity == "count"


# --------------------------------------------------------------------------- signed changes


def test_a_reducing_verb_signs_its_change() -> None:
    found = by_value("The council trimmed its borrowing estimate by £3m on Monday.")
    c = found[Decimal(-3_000_000)]
    assert c.kind == "delta" and c.measure == "borrowing" and c.modality == "proposed"
    found = by_value("Auditors shaved the council's borrowing forecast by £1.2m.")
    assert Decimal(-1_200_000) in found


def test_a_particle_gives_the_direction() -> None:
    found = by_value("Last year the council brought its borrowing down by £2.5m.")
    c = found[Decimal(-2_500_000)]
    assert c.kind == "delta"
    found = by_value("A new levy pushed the fees up by £40.")
    assert Decimal(40) in found


def test_points_lower_is_a_fall() -> None:
    found = by_value("The vacancy rate ended the year 0.4 points lower than in spring.")
    assert found[Decimal("-0.4")].kind == "delta"


# --------------------------------------------------------------------------- no quantities


def test_a_tally_split_by_its_noun_is_no_quantity() -> None:
    values = {c.value for c in claims("The motion passed by 31 votes to 12 after a long debate.")}
    assert not values & {Decimal(31), Decimal(12)}


def test_a_dialing_code_is_no_quantity() -> None:
    values = {c.value for c in claims("Residents can call the housing office on +44 1632 960 018.")}
    assert Decimal(44) not in values
    values = {c.value for c in claims("Borrowing rose by +1.5 per cent, officials said.")}
    assert Decimal("1.5") in values


# --------------------------------------------------------------------------- qualifiers


def test_nearer_and_nears() -> None:
    found = by_value("Tenants' groups say the true vacancy rate is nearer 9 per cent.")
    assert found[Decimal(9)].qualifier == "approx"
    found = by_value("Copperfield's vacancy rate nears 8 per cent.")
    assert found[Decimal(8)].qualifier == "nearly"


# --------------------------------------------------------------------------- what it is of


def test_a_verb_object_amount_is_the_size_of_its_doing() -> None:
    found = by_value("The council expects to borrow £12m next year.")
    assert found[Decimal(12_000_000)].measure == "borrowing"


def test_a_continuing_clause_shares_its_subject() -> None:
    found = by_value(
        "The vacancy rate stood at 6 per cent in May and is expected to climb to 7 per cent "
        "before easing to 6.5 per cent."
    )
    for value in ("6", "7", "6.5"):
        assert found[Decimal(value)].measure == "vacancy_rate", value


def test_a_change_of_a_forecast_is_a_change_of_what_it_forecasts() -> None:
    found = by_value("On Tuesday the council raised the borrowing forecast by £2m.")
    c = found[Decimal(2_000_000)]
    assert (c.measure, c.kind, c.modality) == ("borrowing", "delta", "proposed")


def test_up_from_after_a_verbs_own_amount() -> None:
    found = by_value(
        "Net borrowing reached £40m. Repairs will cost £9m next year, up from £7m this year."
    )
    assert found[Decimal(40_000_000)].measure == "borrowing"
    assert found[Decimal(7_000_000)].measure == "other"


def test_nearer_one_of_two_figures_is_no_hedge() -> None:
    found = by_value("Watch whether the vacancy rate lands nearer 5 per cent or 8 per cent.")
    assert found[Decimal(5)].qualifier == "exact"


def test_a_thousands_figure_is_no_date() -> None:
    found = by_value("The new estates would take the number of empty homes past 12,000.")
    assert found[Decimal(12_000)].qualifier == "more_than"


def test_a_range_opening_on_a_year_like_number() -> None:
    found = by_value("The council employs 2000-2600 seasonal staff each summer.")
    c = found[Decimal(2300)]
    assert c.qualifier == "range" and (c.low, c.high) == (Decimal(2000), Decimal(2600))


def test_the_head_of_a_measure_noun_named_nearby() -> None:
    found = by_value(
        "The council blames new flats for its vacancy rate. Last spring the rate was 6.2 per cent."
    )
    assert found[Decimal("6.2")].measure == "vacancy_rate"


def test_a_range_between_two_amounts_is_of_the_clause_subject() -> None:
    found = by_value("Auditors expect net borrowing to land between £30m and £34m next year.")
    c = found[Decimal(32_000_000)]
    assert c.measure == "borrowing" and c.qualifier == "range"


def test_a_labelled_list_item_names_its_own_amount() -> None:
    text = (
        "Net borrowing will reach £40m this year, the council said.\n\n"
        "Where the money goes\n\n"
        "- Road repairs: £6m\n\n"
        "- Library upkeep: £2m"
    )
    found = by_value(text)
    assert found[Decimal(40_000_000)].measure == "borrowing"
    assert found[Decimal(6_000_000)].measure == "other"
    assert found[Decimal(2_000_000)].measure == "other"
