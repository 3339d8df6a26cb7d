"""Kinds a count's own words say, hypotheticals, decisions, headlines over timestamps, special
kinds of a price and elided units (dev sets 2 to 21's and dev set 22's misses, claims-35):

- its own words say a count's kind over an earlier mention of the same figure ("roughly 70
  more" after "some 70 companies");
- "for around 120" after an add verb is the total it makes;
- figures set as alternatives in a "whether" clause are hypothetical; pressing someone to do
  something and an application's figures propose;
- whoever owns the decision that brought a count about is not its holder;
- a headline's last figure is not part of the timestamp that opens the next paragraph;
- "just short of", "the better part of", "a shade over";
- a special kind of a price ("the youth fare") is not the measure of the base fare;
- "every 30 minutes instead of every 15", "$2.25 today" in apposition, a sum's steps in the
  imperative, a plan carried out in the past;
- "its" after a sentence whose subject is another organization is that one's ("OpenAI runs a
  scheme. Its pilot has 33 participants."); "the 120 Anthropic first asked for" is a count;
- a wire story's dateline ("HARLOW, Kan. \u2014") is a sentence of its own, not the count's
  owner, and "the outbreak total" counts the measure's cases, not outbreaks.

The sentences are this file's own."""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.numbers import parse_quantity
from claimwatch.extractors.topic import Topic
from tests.extractors.topic_kit import MYTHOS, by_text, filed, ruled_claims, topic_of

FARES = topic_of(
    """
name = "fares"

[[entities]]
name = "Dunmore Transit"
label = "ORG"
aliases = ["the agency"]

[[measures]]
name = "base_fare"
description = "The adult base fare on Dunmore Transit buses, in US dollars"
subject = "Dunmore Transit"
nouns = ["fare", "base fare", "adult fare", "ticket", "ride"]
context = ["fare", "raise", "increase", "rise", "pay", "adult", "base"]

[[measures]]
name = "routes_cut"
description = "How many bus routes Dunmore Transit cuts"
subject = "Dunmore Transit"
nouns = ["route", "line"]
context = ["cut", "eliminate", "suspend", "scrap"]
"""
)


def _ruled(text: str, topic: Topic | None = None) -> dict[str, tuple[str, str, str]]:
    """The rules' claims by their text, under `topic` (Mythos by default)."""
    found = ruled_claims(text, topic or topic_of(MYTHOS), 2026)
    return {c.value_text: filed(c) for c in found}


def test_its_own_words_say_a_counts_kind_over_an_echo() -> None:
    text = (
        "After weeks of delay, the White House has agreed to let 20 more organizations use "
        "Mythos. That lifts its reach \u2014 some 70 companies, utilities and agencies \u2014 to a "
        "new high.\n\n"
        "It is still far short of what Anthropic asked for. The company wanted roughly 70 more, "
        "which would have taken the total to around 120."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert found["roughly 70"].kind == "delta"
    assert found["some 70"].kind == "level"
    assert found["around 120"].kind == "level"


def test_the_total_an_addition_makes_is_a_level() -> None:
    found = _ruled("Anthropic has proposed adding about 70 more organizations, for around 120.")
    assert found["about 70"][1:] == ("delta", "proposed")
    assert found["around 120"] == ("orgs_with_access", "level", "proposed")


def test_figures_set_as_alternatives_are_hypothetical() -> None:
    text = (
        "Whether it ends up at 85 or at 130 matters less than who is on the Mythos list.\n\n"
        "Asked whether federal agencies were among the 64 organizations with Mythos access, "
        "the spokesman said they were not."
    )
    found = _ruled(text)
    assert found["85"][2] == "proposed"
    assert found["130"][2] == "proposed"
    assert found["64"][2] == "actual"  # an indirect question about a count that holds


def test_pressing_for_a_count_and_an_application_propose() -> None:
    found = _ruled(
        "The company is pressing officials to approve about 25 more organizations for Mythos "
        "before the holidays.\n\n"
        "Its first application sought 70 more organizations. A revised application filed in "
        "September cut that to 41 more, or 93 in all."
    )
    assert found["about 25"][2] == "proposed"
    assert found["41"][2] == "proposed"
    assert found["93"][2] == "proposed"


def test_whoever_owns_the_decision_is_not_the_holder() -> None:
    found = by_text(
        "Cordon Systems hosts the model for many of them. The Department's September approval "
        "brought the number of organizations with Mythos access to 105.",
        topic_of(MYTHOS),
    )
    assert (found["105"].measure, found["105"].subject) == ("orgs_with_access", "Mythos")


def test_a_headlines_figure_is_not_part_of_the_next_timestamp() -> None:
    text = (
        "Live: Commerce clears 31 more organizations to use Anthropic's Mythos, bringing the "
        "total to 83\n\n"
        "9:15 p.m. ET \u2014 Anthropic says most of the newcomers can log in by Friday."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert "83" in found
    assert found["83"].measure == "orgs_with_access"
    assert found["83"].kind == "level"


def test_near_and_over_by_a_little() -> None:
    assert parse_quantity("just short of 100").qualifier == "nearly"
    assert parse_quantity("the better part of 100").qualifier == "nearly"
    assert parse_quantity("a shade over 120").qualifier == "more_than"
    assert parse_quantity("a shade under 90").qualifier == "nearly"


def test_a_special_kind_of_price_is_not_the_base_fare() -> None:
    text = (
        "The adult fare would rise to $2.80 next spring.\n\n"
        "The youth fare of $1.20 would not change, and a new $1.30 low-income fare starts in "
        "March."
    )
    found = by_text(text, FARES)
    assert found["$2.80"].measure == "base_fare"
    assert found["$1.20"].measure == "other"
    assert found["$1.30"].measure == "other"


def test_an_elided_unit_after_every() -> None:
    found = by_text(
        "Nine lines would keep running, with buses every 20 minutes instead of every 10.",
        FARES,
    )
    assert (found["10"].quantity, found["10"].noun) == ("duration", "minute")
    assert found["10"].measure == "other"


def test_a_price_said_to_hold_today_in_apposition_is_actual() -> None:
    found = _ruled("The adult fare, $2.30 today, would climb to $2.80 under the plan.", FARES)
    assert found["$2.30"] == ("base_fare", "level", "actual")
    assert found["$2.80"] == ("base_fare", "level", "proposed")


def test_a_sums_steps_in_the_imperative_are_not_proposals() -> None:
    found = _ruled(
        "Begin with the arithmetic. Start with the roughly 55 operators in the spring preview "
        "of Mythos. Then add the 14 organizations Anthropic has admitted since."
    )
    assert found["roughly 55"][2] == "actual"
    assert found["14"][2] == "actual"


def test_a_plan_carried_out_in_the_past_is_actual() -> None:
    found = _ruled(
        "A compromise in August admitted 24 organizations to Mythos.\n\n"
        "The mayor's revised plan added 180 layoffs to her first proposal."
    )
    assert found["24"][2] == "actual"
    assert found["180"][2] == "proposed"  # added to a proposal: still proposed


def test_the_quantity_of_a_qualifier_keeps_its_value() -> None:
    assert parse_quantity("the better part of 100").value == Decimal(100)


def test_its_after_another_organization_is_that_ones() -> None:
    found = by_text(
        "Anthropic says 80 organizations can use Mythos.\n\n"
        "OpenAI runs a scheme of a different design. Its pilot has 33 participants.\n\n"
        "Anthropic opened Mythos in April. Its program now has 80 organizations.",
        topic_of(MYTHOS),
    )
    assert (found["33"].measure, found["33"].subject) == ("other", "OpenAI")
    assert found["80"].measure == "orgs_with_access"  # the subject's own "its" keeps it


def test_a_named_party_after_a_figure_may_open_a_clause_past_an_adverb() -> None:
    found = by_text(
        "Anthropic says 95 organizations can use Mythos. A review may add up to 25 more, which "
        "would reach the 120 Anthropic first asked for.",
        topic_of(MYTHOS),
    )
    assert (found["120"].quantity, found["120"].value) == ("count", Decimal(120))
    assert found["120"].modality == "proposed"


MEASLES = topic_of(
    """
name = "measles"

[[entities]]
name = "Dunmore County"
label = "GPE"
aliases = []

[[measures]]
name = "cases"
description = "Confirmed measles cases in the Dunmore County outbreak"
subject = "Dunmore County"
nouns = ["case"]
context = ["measles", "confirmed", "outbreak"]
"""
)


def test_a_dateline_is_no_owner_and_an_events_total_counts_its_cases() -> None:
    found = by_text(
        "HARLOW, Kan. \u2014 The Dunmore County Health Department today reported 12 new "
        "confirmed measles cases since its last update, taking the outbreak total to 57.",
        MEASLES,
    )
    assert (found["12"].measure, found["12"].kind) == ("cases", "delta")
    assert (found["57"].measure, found["57"].kind) == ("cases", "level")


def test_a_kind_the_measure_names_is_no_special_kind() -> None:
    found = by_text("The senior fare of $1.10 will not change.", topic_of(SENIOR_FARES))
    assert found["$1.10"].measure == "senior_fare"


SENIOR_FARES = """
name = "senior_fares"

[[measures]]
name = "senior_fare"
description = "The senior fare on Dunmore Transit buses, in US dollars"
nouns = ["senior fare", "fare"]
context = ["fare", "senior"]
"""


def test_a_speakers_label_is_no_part_of_the_answer() -> None:
    text = (
        "Podcast transcript: who can use Mythos\n\n"
        "DANA PRICE: Welcome back. Our guest today advised utilities for years.\n\n"
        "RUTH OKAFOR: Thanks for having me.\n\n"
        "DANA PRICE: How many organizations can actually use Mythos right now?\n\n"
        "RUTH OKAFOR: Ninety-four, as of this morning."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert filed(found["Ninety-four"]) == ("orgs_with_access", "level", "actual")
