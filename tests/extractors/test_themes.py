"""A text's theme, owners within the subject's name, and changes named by their noun alone
(issue 13, round 3).

- A text whose sentences file counts under one count measure only is about that count: a bare
  number of a change or a plan, or a count of members or seats, is that count unless it is
  another entity's, far beyond the text's figures, or a bare "It took 7.".
- A possessor whose name is part of the subject's name holds the subject's amounts
  ("Larkmoor's $40 million hole" for the Larkmoor Transit Authority).
- "a rise of 2 points" in a paragraph about the fare is a change of the fare measure.

The sentences are this file's own: the Mythos topic and a made-up transit topic.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

TRANSIT = """
name = "transit"

[[entities]]
name = "Larkmoor Transit Authority"
label = "ORG"
aliases = ["the authority"]

[[entities]]
name = "Larkmoor"
label = "GPE"

[[entities]]
name = "Dunmore"
label = "GPE"

[[measures]]
name = "operating_deficit"
description = "Size of Larkmoor Transit Authority's operating deficit, in dollars"
subject = "Larkmoor Transit Authority"
nouns = ["deficit", "shortfall", "gap", "hole"]
context = ["budget", "operating"]

[[measures]]
name = "fare_rise"
description = "The base fare as a percent of a zone ticket, and proposed rises in percentage points"
subject = "Larkmoor Transit Authority"
nouns = ["fare", "base fare", "point", "percentage point"]
context = ["fare", "rise", "increase", "hike"]
"""


@cache
def transit() -> Topic:
    return parse_topic(TRANSIT, default_name="transit")


def claims(topic: Topic, text: str) -> dict[Decimal, Claim]:
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return {c.value: c for c in ex.claims}


def test_a_bare_proposed_number_in_a_text_about_one_count_is_that_count(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Mythos preview tops 45 organizations\n\n"
        "The committee met at noon. A senator spoke about power grids for ten minutes.\n\n"
        '"We could live with 90," the witness said.'
    )
    got = claims(mythos, text)
    assert got[Decimal(90)].measure == "orgs_with_access"


def test_a_count_of_seats_or_members_is_the_themes_count(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic has opened Mythos to about 45 organizations.\n\n"
        "Lobbyists spent the week in the Capitol.\n\n"
        "Officials said the 25 new slots would go to hospitals first."
    )
    assert claims(mythos, text)[Decimal(25)].measure == "orgs_with_access"


def test_the_theme_leaves_other_counts_alone(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic has opened Mythos to about 45 organizations.\n\n"
        "The company says a later model could one day reach 5 million.\n\n"
        "OpenAI's own program has 35 members.\n\n"
        "The board voted on it. It took 7."
    )
    got = claims(mythos, text)
    assert got[Decimal(45)].measure == "orgs_with_access"
    for value in (5_000_000, 35, 7):
        assert got[Decimal(value)].measure == "other", value


def test_a_small_count_pointing_back_at_named_members_is_not_the_tally(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic has opened Mythos to about 45 organizations.\n\n"
        "It has signed supply deals with Amazon, Google and Broadcom, and the three partners "
        "will share the cost. The two members of the board agreed."
    )
    got = claims(mythos, text)
    assert got[Decimal(45)].measure == "orgs_with_access"
    assert got[Decimal(3)].measure == "other"
    assert got[Decimal(2)].measure == "other"


def test_no_theme_when_a_text_counts_two_measures() -> None:
    water = parse_topic(
        """
name = "water"

[[measures]]
name = "homes_affected"
description = "Homes under the boil notice"
nouns = ["home", "household"]
context = ["notice"]

[[measures]]
name = "people_sick"
description = "People reporting illness"
nouns = ["person", "people", "resident"]
context = ["sick", "ill"]
""",
        default_name="water",
    )
    text = (
        "The notice now covers 3,000 homes. About 40 people are sick.\n\n"
        "The mayor spoke for an hour.\n\n"
        '"We could live with 20," she said.'
    )
    got = claims(water, text)
    assert got[Decimal(3000)].measure == "homes_affected"
    assert got[Decimal(20)].measure == "other"


def test_a_place_named_in_the_subjects_name_holds_its_amounts() -> None:
    got = claims(transit(), "Larkmoor's $40 million budget hole keeps growing.")
    assert got[Decimal(40_000_000)].measure == "operating_deficit"


def test_another_places_amount_stays_other() -> None:
    text = "Larkmoor Transit Authority has a $40 million hole. Dunmore's $90 million hole is worse."
    got = claims(transit(), text)
    assert got[Decimal(40_000_000)].measure == "operating_deficit"
    assert got[Decimal(90_000_000)].measure == "other"


def test_a_change_named_by_its_noun_is_a_change_of_the_measure_named_nearby() -> None:
    text = (
        "The authority would take the base fare from 10% of a zone ticket to 12%. "
        "That is a rise of 2 percentage points by the spring."
    )
    got = claims(transit(), text)
    assert got[Decimal(2)].measure == "fare_rise"
    assert got[Decimal(2)].kind == "delta"


def test_a_change_noun_with_no_measure_nearby_stays_other() -> None:
    text = "Ridership fell last spring. That is a drop of 3 percentage points from the year before."
    drop = claims(transit(), text)[Decimal(-3)]  # a drop of 3 points: -3 (claims-21)
    assert (drop.measure, drop.kind) == ("other", "delta")
