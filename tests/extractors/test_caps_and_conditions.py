"""claims-22 (issue 13): limits, conditions, alternatives and echoed figures, as dev set 16's
coverage (the Mythos dispute in eighteen styles, a city's robotaxi permits) writes them.

- A limit's number is an upper bound: "a ceiling of 20 more", "the 2,900 ceiling", "an
  80-entity cap", "capped at 150" (a cap set is proposed, not a count that holds); "a 90-day
  limit" is a period.
- "agreed to admit up to 30 more", "countered with 20", "settled on 35 more", "the opening
  counter was 20": a deal's, a counter's figures are proposed.
- "If the talks hold, the program ends the year at 83": a condition's consequence is proposed; not
  a way of counting ("if you count the agencies, it's 66") or an aside ("if I remember right").
- A bare figure the text gives elsewhere only as a change ("45 more") is that change.
- "Whether it's 80 or 100", "20 or 70", "60 or 85 or 120" are figures set against each other;
  "two or three", "90 or 100" one rough range.
- "in the 80 to 90 range": the range is the figure under discussion.
- "Additions Anthropic still wants: 45": a label's noun heads it, not the name after it.
- "Brightway Mobility, which operates roughly 700 cars": "which" refers to an organization, whatever
  the tagger calls the name.
- "The commission's review found 63 incidents involving Lumen's cars": who found or counted
  the things is a source, not their holder.
- "expand its fleet from 400 to 1,200 vehicles": the end a change goes to is no baseline.
- "Added to Monday's 1,140": what a figure is added to is no change; "another 15" after "the
  total to 75" is one.

The sentences are this file's own, on the Mythos dispute and a made-up city's robotaxis.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.records import Claim
from tests.extractors.topic_kit import MYTHOS, claims_in, topic_of
from tests.extractors.topic_kit import by_text as kit_by_text

ROBOTAXIS = """
name = "robotaxis"

[[entities]]
name = "Lumen Rides"
label = "ORG"
aliases = ["Lumen"]

[[entities]]
name = "Fenmoor"
label = "GPE"
aliases = ["the city"]

[[entities]]
name = "Fenmoor Transport Board"
label = "ORG"
aliases = ["the board"]

[[measures]]
name = "fleet_permitted"
description = "How many of Lumen Rides' driverless cars Fenmoor's permit lets run, or would"
subject = "Lumen Rides"
nouns = ["vehicle", "car", "robotaxi", "fleet"]
context = ["permit", "permitted", "allowed", "operate", "fleet", "expand", "run"]

[[measures]]
name = "incidents_reported"
description = "How many incidents involving Lumen Rides' driverless cars have been reported"
subject = "Lumen Rides"
nouns = ["incident", "collision", "crash"]
context = ["reported", "logged", "involving", "involved"]
"""


TOPICS = {"mythos": MYTHOS, "robotaxis": ROBOTAXIS}


def claims(text: str, name: str = "mythos") -> list[Claim]:
    return claims_in(text, topic_of(TOPICS[name]))


def by_text(text: str, name: str = "mythos") -> dict[str, Claim]:
    return kit_by_text(text, topic_of(TOPICS[name]))


LEAD = "Mythos access talks\n\nAnthropic gives Mythos to about 50 organizations today.\n\n"
FLEET = "Lumen's fleet\n\nLumen Rides runs 400 driverless cars in Fenmoor under its permit.\n\n"


def test_a_limit_sets_an_upper_bound() -> None:
    found = by_text(
        LEAD + "The White House set a ceiling of 20 more organizations. Officials had floated "
        "an 80-entity cap. The program is capped at 150 organizations through December. A "
        "90-day limit applies to each review."
    )
    ceiling = found["20"]
    assert (ceiling.qualifier, ceiling.low, ceiling.high) == ("at_most", 0, 20)
    assert found["80"].qualifier == "at_most"
    capped = found["150"]
    assert (capped.qualifier, capped.modality) == ("at_most", "proposed")
    assert found["90-day"].qualifier == "exact"


def test_a_bound_under_a_negated_verb_is_a_ceiling() -> None:
    """ "will not exceed 100", "won't go past 120": no more than that (claims-27, dev set 18);
    "will exceed 130" and "went past 140" stay lower bounds."""
    found = by_text(
        LEAD + "Officials said the program would not exceed 100 organizations this year. The "
        "total won't go past 120 before the review. Analysts think it will exceed 130 by 2028. "
        "A rival's pilot went past 140 in May."
    )
    for text, high in (("100", 100), ("past 120", 120)):
        assert (found[text].qualifier, found[text].high) == ("at_most", high), text
    assert found["130"].qualifier == "more_than"
    assert found["past 140"].qualifier == "more_than"


def test_where_a_figure_drifted_up_to_is_no_bound_and_a_stated_ceiling_is() -> None:
    """ "revised up to 130", "crept back up to 95": where the figure went (claims-29, dev sets
    9, 14 and 18), while "admit up to 30" stays a bound; "could go as high as 140" and "120 is
    the ceiling" are bounds from above."""
    found = by_text(
        LEAD + "The estimate was revised up to 130 organizations in May. It has since crept back "
        "up to 95 organizations. The deal would admit up to 30 more organizations. Officials say "
        "the count could go as high as 140. The White House says 120 is the ceiling."
    )
    assert found["130"].qualifier == "exact"
    assert found["95"].qualifier == "exact"
    assert found["up to 30"].qualifier == "at_most"
    assert (found["as high as 140"].qualifier, found["as high as 140"].high) == ("at_most", 140)
    assert found["120"].qualifier == "at_most"


def test_a_deal_or_a_counter_proposes_its_figures() -> None:
    found = by_text(
        LEAD + "On Monday the two sides agreed to admit up to 30 more organizations. "
        "Anthropic had asked for roughly 70 more organizations; the White House had countered "
        "with 20. The company and the administration then settled on 35 more."
    )
    assert found["up to 30"].modality == "proposed"
    assert found["20"].modality == "proposed"
    assert found["35"].modality == "proposed"


def test_a_conditions_consequence_is_proposed_a_way_of_counting_is_not() -> None:
    found = by_text(
        LEAD + "If the talks hold, the program ends the year at 83 companies. If you count the "
        "federal agencies, it's 66 organizations. Several of the original 50 or so "
        "organizations were hospitals, if I remember right."
    )
    assert (found["83"].measure, found["83"].modality) == ("orgs_with_access", "proposed")
    assert found["66"].modality == "actual"
    assert found["50 or so"].modality == "actual"


def test_a_bare_figure_given_elsewhere_as_a_change_is_that_change() -> None:
    found = claims(
        LEAD + "Anthropic asked the White House to admit 45 more organizations. The White "
        "House opposes giving 45 organizations access this quarter."
    )
    forty_fives = [c for c in found if c.value == 45 and c.measure == "orgs_with_access"]
    assert len(forty_fives) == 2 and {c.kind for c in forty_fives} == {"delta"}


def test_a_figure_given_both_ways_keeps_its_own_words() -> None:
    found = claims(
        LEAD + "Anthropic wants 70 more organizations in. The White House would cap Mythos at "
        "70 organizations in total. Officials said 70 was plenty."
    )
    seventies = [c for c in found if c.value == 70 and c.measure == "orgs_with_access"]
    assert [c.kind for c in seventies] == ["delta", "level", "level"]


def test_figures_set_against_each_other_are_not_a_range() -> None:
    found = claims(
        LEAD + "Whether it is 80 or 100, few will get in. The answer is 20 or 70. "
        "Whether it's 60 or 85 or 120, most applicants wait. Banks want two or three slots. "
        "Maybe 90 or 100 firms will apply."
    )
    values = [c.value for c in found]
    for v in (80, 100, 20, 70, 60, 85, 120):
        assert Decimal(v) in values
    ranges = {c.value_text: (c.low, c.high) for c in found if c.qualifier == "range"}
    assert ranges == {"two or three": (2, 3), "90 or 100": (90, 100)}


def test_a_range_is_the_figure_under_discussion() -> None:
    found = by_text(
        LEAD + "Anthropic wants about 70 more. The two sides could settle somewhere in the 80 "
        "to 90 range by July, a lobbyist predicted."
    )
    spread = found["80 to 90"]
    assert (spread.measure, spread.qualifier, spread.modality) == (
        "orgs_with_access",
        "range",
        "proposed",
    )


def test_a_labels_noun_heads_it() -> None:
    found = by_text(
        LEAD + "Key figures, as of June 2:\n\nAdditions Anthropic still wants: 45 (it first "
        "asked for about 70)\n"
    )
    # (claims-23: "additions" name those let in, so the figure is the measure's change, its
    # noun the measure's own rather than the label's)
    assert found["45"].noun in ("addition", None)
    assert (found["45"].measure, found["45"].kind) == ("orgs_with_access", "delta")


def test_which_refers_to_an_organization() -> None:
    found = by_text(
        FLEET + "Brightway Mobility, which operates roughly 700 self-driving cars in Dunmere, "
        "has applied for a permit of its own.",
        "robotaxis",
    )
    assert (found["roughly 700"].measure, found["roughly 700"].subject) == (
        "other",
        "Brightway Mobility",
    )


def test_who_found_the_things_is_no_holder_of_them() -> None:
    found = by_text(
        FLEET + "The Fenmoor Transport Board found 63 incidents involving Lumen cars. The "
        "Fenmoor Transport Board's audit found 12 collisions involving Lumen's driverless cars.",
        "robotaxis",
    )
    assert (found["63"].measure, found["63"].subject) == ("incidents_reported", "Lumen Rides")
    assert (found["12"].measure, found["12"].subject) == ("incidents_reported", "Lumen Rides")


def test_the_end_of_a_change_is_no_baseline() -> None:
    found = by_text(
        "Lumen's plans\n\nLumen wants to expand its fleet from 400 to 1,200 vehicles.",
        "robotaxis",
    )
    assert found["1,200"].modality == "proposed"
    assert found["400"].modality == "actual"


def test_what_a_figure_is_added_to_is_no_change() -> None:
    found = by_text(
        "Flights cancelled\n\nThe carrier cancelled 1,030 flights on Tuesday. Added to Monday's "
        "1,140, the week's cancellations reach 2,170.",
        "robotaxis",
    )
    assert found["1,140"].kind == "level"


def test_a_further_one_is_a_change_after_a_total_too() -> None:
    found = by_text(
        LEAD + "Under the deal, 25 more organizations join by July, lifting the total to 75, "
        "and another 15 may follow in the autumn."
    )
    assert (found["75"].kind, found["15"].kind) == ("level", "delta")
