"""Sums of money and percentages, round 10 (issue 13, dev sets 5 and 6): what an amount is the
size of when a line's label, a table's column or a change before it says so.

- A line whose label opens it ("- Projected structural gap, fiscal 2028, after cuts: $12.4
  million") gives a figure of what the label's first phrase names; what follows a comma,
  bracket or preposition only says when or where. A forecast word in the label makes it one.
- A table written as lines whose heading lists its columns in brackets ("(structural gap,
  toll revenue, crossings)") over cells that carry their own unit ("$24.9m"): each cell is
  a figure of its column's name.
- A rise is a rise whatever its word: "the full 12% jump" for a measure of increases; not "a
  9 percent jump in insurance costs", a jump of something named.
- "from the current $5.00 to $5.60" is a change between two levels, not a range.
- The level a change reaches is a level of what the change is of: "a 60-cent increase, to
  $5.60"; "costs $5.60, up from $5.00" files both levels.
- An amount that is the difference of the block's two latest levels of a measure restates
  the change: "That's 60 cents a crossing, or 12%" (in money, or as a share of a level).
- A figure asked for names the figure under discussion: "the first ask was 80 cents".

The sentences and the topic are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

BRIDGE = """
name = "bridge_tolls"

[[entities]]
name = "Tarnwick Bridge Authority"
label = "ORG"
aliases = ["the bridge authority", "TBA"]

[[measures]]
name = "toll_increase"
description = "The rise in the car toll, in percent or in money per crossing; the toll as a level"
subject = "Tarnwick Bridge Authority"
nouns = ["toll", "increase", "hike", "rise", "crossing", "cent", "percent"]
context = ["car toll", "toll increase", "per crossing", "a crossing", "raise"]

[[measures]]
name = "structural_gap"
description = "The authority's structural budget gap (deficit) for a year, in money"
subject = "Tarnwick Bridge Authority"
nouns = ["deficit", "gap", "shortfall", "structural gap"]
context = ["structural", "budget", "fiscal"]
"""


@cache
def bridge() -> Topic:
    return parse_topic(BRIDGE, default_name="bridge_tolls")


def claims(text: str) -> list[Claim]:
    topic = bridge()
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return list(ex.claims)


def by_value(text: str) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims(text)}


# --------------------------------------------------------------------------- labelled lines


def test_a_lines_label_names_its_figure_past_its_qualifiers() -> None:
    found = by_value(
        "Tarnwick Bridge Authority budget\n\n"
        "- Projected structural gap, fiscal 2028, after the summer cuts: $12.4 million\n"
        "- Change in bridge crossings, 2025 to 2026 (plan): -3%\n"
    )
    gap = found[Decimal("12400000")]
    assert (gap.measure, gap.kind, gap.modality) == ("structural_gap", "level", "proposed")
    assert found[Decimal("-3")].measure == "other"  # a change in crossings, not of the toll


# --------------------------------------------------------------------------- tables


def test_a_tables_bracketed_column_names_say_what_each_cell_is() -> None:
    found = by_value(
        "The Tarnwick Bridge Authority's books.\n\n"
        "TBA results by year (structural gap, toll revenue, crossings)\n\n"
        "2023: $8.1m | $40.2m | 21.5m\n\n"
        "2024: $9.7m | $41.9m | 21.1m\n\n"
        "The authority publishes again in May."
    )
    assert found[Decimal("8100000")].measure == "structural_gap"
    assert found[Decimal("9700000")].measure == "structural_gap"
    assert found[Decimal("40200000")].measure == "other"  # revenue is no gap
    assert found[Decimal("41900000")].measure == "other"


# --------------------------------------------------------------------------- changes


def test_a_rise_is_a_rise_whatever_its_word() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\n"
        "Drivers' groups said the full 12% jump would push traffic onto the old ferry. The "
        "authority blamed a 9 percent jump in insurance costs."
    )
    assert (found[Decimal("12")].measure, found[Decimal("12")].kind) == ("toll_increase", "delta")
    assert found[Decimal("9")].measure == "other"


def test_from_the_current_level_to_another_is_a_change_not_a_range() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\n"
        "The TBA board will vote on a plan to raise the car toll from the current $5.00 to "
        "$5.60."
    )
    assert set(found) >= {Decimal("5.00"), Decimal("5.60")}
    assert found[Decimal("5.00")].measure == "toll_increase"
    assert found[Decimal("5.60")].measure == "toll_increase"
    assert all(c.qualifier != "range" for c in found.values())


def test_the_level_a_change_reaches_is_a_level_of_what_changes() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\n"
        "The toll increase adopted in May, to $5.60 from July, narrows the gap."
    )
    level = found[Decimal("5.60")]
    assert (level.measure, level.kind) == ("toll_increase", "level")


def test_a_baseline_after_a_verbs_amount_shares_its_noun() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\nFrom March, a car crossing costs $5.45, up from $5.00."
    )
    assert found[Decimal("5.45")].measure == "toll_increase"
    assert found[Decimal("5.00")].measure == "toll_increase"


def test_the_difference_of_two_levels_restates_the_change() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\n"
        "From March, a car crossing costs $5.45, up from $5.00. That's 45 cents a crossing, "
        "or 9%. The bridge authority's first ask was 80 cents."
    )
    for value in ("0.45", "9", "0.80"):
        claim = found[Decimal(value)]
        assert (claim.measure, claim.kind) == ("toll_increase", "delta"), value


def test_an_unrelated_sum_is_no_difference() -> None:
    found = by_value(
        "Tarnwick Bridge tolls\n\n"
        "From March, a car crossing costs $5.45, up from $5.00. That's 30 cents a crossing "
        "more than the ferry charges."
    )
    assert found[Decimal("0.30")].kind != "delta" or found[Decimal("0.30")].measure == "other"


# --------------------------------------------------------------------------- forecasts


def test_whose_forecast_names_the_forecaster_not_whose_gap() -> None:
    found = by_value(
        "Tarnwick Bridge Authority budget\n\n"
        "The county's auditors have trimmed their structural gap forecast by $1.5 million, to "
        "$10.9 million, after a strong summer."
    )
    cut, level = found[Decimal("-1500000")], found[Decimal("10900000")]
    assert (cut.measure, cut.kind, cut.modality) == ("structural_gap", "delta", "proposed")
    assert (level.measure, level.kind, level.modality) == ("structural_gap", "level", "proposed")
    assert level.subject == "Tarnwick Bridge Authority"


def test_an_estimate_of_what_holds_now_is_no_forecast() -> None:
    found = by_value(
        "Tarnwick Bridge Authority budget\n\n"
        "Audit: structural gap estimate trimmed to $9.8 million\n\n"
        "The authority's auditors finished their review on Friday."
    )
    assert found[Decimal("9800000")].modality == "actual"


def test_a_forecast_that_places_an_amount_makes_it_one() -> None:
    found = by_value(
        "Tarnwick Bridge Authority budget\n\n"
        "The treasurer's projection for 2029 puts the structural gap at $7m to $9m, "
        "depending on traffic."
    )
    (gap,) = [c for c in found.values() if c.qualifier == "range"]
    assert (gap.measure, gap.modality) == ("structural_gap", "proposed")
    assert gap.subject == "Tarnwick Bridge Authority"


def test_a_level_from_one_figure_to_another_is_of_the_noun_it_leaves() -> None:
    found = by_value(
        "Tarnwick Bridge Authority budget\n\n"
        "The plan would bring the structural gap down from the present $9.2 million to $4.1 "
        "million by 2029."
    )
    assert found[Decimal("9200000")].measure == "structural_gap"
    assert found[Decimal("4100000")].measure == "structural_gap"
