"""Counts, round 10 (issue 13, dev sets 5 and 6): whose count and which scope.

- A count whose own clause gives it a wider area than the place a measure is about
  ("statewide", "nationally", "the state reported ...") is that area's, unless the measure's
  description names that area as its own.
- A count of another category of the measure's things ("probable", "suspected") is not the
  measure's unless the measure's words name that category.
- A neighbouring place the topic does not know, named as the holder of a count ("Next door,
  Redmond District has reported 4 cases"), holds its own count; a name that holds the subject's
  whole name ("the Quillon beta") does not.
- Whoever owns a proposal for a count proposes it: "the company's new request seeks 30 more
  seats" still counts the program's seats.
- What a member holds, one per member ("licences", "access holders"), counts members.

The sentences and the topics are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

FEVER = """
name = "fever"

[[entities]]
name = "Brannock District"
label = "GPE"
aliases = ["Brannock"]

[[entities]]
name = "Brannock District Health Office"
label = "ORG"
aliases = ["BDHO"]

[[measures]]
name = "cases"
description = "Confirmed dengue cases in the Brannock District outbreak; not probable ones."
subject = "Brannock District"
nouns = ["case", "infection"]
context = ["confirmed", "dengue", "outbreak", "total", "reported", "logged"]
"""

# Where the measure's own scope is the nation, "nationwide" is no other area.
STORM = """
name = "storm"

[[entities]]
name = "Tarvo"
label = "GPE"
aliases = []

[[measures]]
name = "evacuated"
description = "How many people in Tarvo have fled their homes: the nationwide total."
subject = "Tarvo"
nouns = ["people", "resident"]
context = ["fled", "evacuated", "displaced"]
"""

BETA = """
name = "beta"

[[entities]]
name = "Quillon"
label = "PRODUCT"
aliases = []

[[entities]]
name = "Corvex Labs"
label = "ORG"
aliases = ["Corvex"]

[[measures]]
name = "seats"
description = "How many organisations have, or would have, access to Quillon"
subject = "Quillon"
nouns = ["organisation", "organization", "company", "firm"]
context = ["access", "use", "admit", "beta"]
"""


@cache
def _topic(text: str) -> Topic:
    return parse_topic(text, default_name="t")


@cache
def _nlp(text: str) -> Language:
    return build_pipeline(_topic(text))


def claims(topic: str, text: str) -> dict[Decimal, Claim]:
    (ex,) = extract_many(_nlp(topic), [text], topic=_topic(topic))
    return {c.value: c for c in ex.claims}


# --------------------------------------------------------------------------- wider scope


def test_a_statewide_or_national_count_is_not_the_districts() -> None:
    found = claims(
        FEVER,
        "The dengue outbreak in Brannock District has reached 41 confirmed cases, the "
        "district health office said on Monday.\n\n"
        "The ministry lists 230 cases statewide. Nationally, the ministry has logged 1,870 "
        "cases this year.",
    )
    assert found[Decimal(41)].measure == "cases"
    assert found[Decimal(230)].measure == "other"
    assert found[Decimal(1870)].measure == "other"


def test_a_count_the_state_itself_reports_is_the_states() -> None:
    found = claims(
        FEVER,
        "Brannock District has confirmed 41 dengue cases in the outbreak so far.\n\n"
        "In 2019 the state reported 512 cases, the last time it saw a season this bad.",
    )
    assert found[Decimal(41)].measure == "cases"
    assert found[Decimal(512)].measure == "other"


def test_a_statewide_total_after_a_local_count_is_the_states() -> None:
    found = claims(
        FEVER,
        "Brannock District has confirmed 41 dengue cases in the outbreak so far, bringing "
        "the statewide total to 96.",
    )
    assert found[Decimal(41)].measure == "cases"
    assert found[Decimal(96)].measure == "other"


def test_a_scope_the_measure_names_as_its_own_stays() -> None:
    found = claims(
        STORM,
        "Floods have swept across Tarvo this week.\n\n"
        "About 12,000 people have fled their homes nationwide, the interior ministry said.",
    )
    assert found[Decimal(12000)].measure == "evacuated"


def test_a_local_count_beside_a_statewide_figure_stays() -> None:
    found = claims(
        FEVER,
        "Brannock District's 41 confirmed dengue cases are a fifth of the statewide total of 205.",
    )
    assert found[Decimal(41)].measure == "cases"


# --------------------------------------------------------------------------- category


def test_probable_cases_are_not_confirmed_ones() -> None:
    found = claims(
        FEVER,
        "The dengue outbreak in Brannock District has reached 41 confirmed cases.\n\n"
        "The health office also lists 9 probable cases among people with symptoms but no "
        "laboratory test.",
    )
    assert found[Decimal(41)].measure == "cases"
    assert found[Decimal(9)].measure == "other"


def test_a_category_the_measure_names_is_its_own() -> None:
    fever = FEVER.replace('"logged"]', '"logged", "suspected"]')
    found = claims(
        fever,
        "The dengue outbreak in Brannock District now counts 57 suspected cases, the health "
        "office said.",
    )
    assert found[Decimal(57)].measure == "cases"


# --------------------------------------------------------------------------- other places


def test_a_neighbouring_place_holds_its_own_count() -> None:
    found = claims(
        FEVER,
        "The dengue outbreak in Brannock District has reached 41 confirmed cases.\n\n"
        "Next door, Redmond District has reported 4 cases linked to the same outbreak.",
    )
    assert found[Decimal(41)].measure == "cases"
    assert found[Decimal(4)].measure == "other"
    assert found[Decimal(4)].subject == "Redmond District"


# --------------------------------------------------------------------------- proposals


def test_a_proposal_the_company_owns_still_counts_the_programs_things() -> None:
    found = claims(
        BETA,
        "Corvex Labs has admitted 44 companies to the Quillon beta.\n\n"
        "Corvex's new request asks for 30 more companies, which would take the total to 74.",
    )
    assert found[Decimal(44)].measure == "seats"
    assert found[Decimal(30)].measure == "seats"
    assert found[Decimal(30)].kind == "delta"
    assert found[Decimal(74)].measure == "seats"


def test_licences_held_one_per_member_count_members() -> None:
    found = claims(
        BETA,
        "Corvex Labs has admitted 44 companies to the Quillon beta.\n\n"
        "Quillon will not reach 90 licences before next spring.",
    )
    assert found[Decimal(90)].measure == "seats"


def test_a_program_of_its_own_in_a_relative_clause_is_someone_elses() -> None:
    found = claims(
        BETA,
        "Corvex Labs has admitted 44 companies to the Quillon beta.\n\n"
        "Norland's regulator runs a testing program of its own, which covers 17 firms.\n\n"
        "The budget Norland has set aside this year is for a vetted program of its own, which "
        "covers 19 institutions.",
    )
    assert found[Decimal(44)].measure == "seats"
    assert found[Decimal(17)].measure == "other"
    assert found[Decimal(19)].measure == "other"


# --------------------------------------------------------------------------- answers


def test_an_answer_after_a_question_turn_counts_what_it_asks() -> None:
    found = claims(
        BETA,
        "HOST: Let's begin. How many organisations have access to Quillon today?\n\n"
        "GUEST: The latest number Corvex gave was 52. That's up from about 40 in March.\n\n"
        "HOST: And how many umbrellas did you bring to the studio?\n\n"
        "GUEST: Only 3, I think.",
    )
    assert found[Decimal(52)].measure == "seats"
    assert found[Decimal(40)].measure == "seats"
    assert found[Decimal(3)].measure == "other"


# --------------------------------------------------------------------------- parts and rates

FEVER_RATE = (
    FEVER
    + """
[[measures]]
name = "screened_share"
description = "The share of Brannock District children screened for dengue, in percent."
subject = "Brannock District"
nouns = ["rate", "child"]
context = ["screened", "screening"]
"""
)


def test_a_count_of_a_rates_people_is_not_the_rate() -> None:
    found = claims(
        FEVER_RATE,
        "Brannock District has screened 64.5% of its children for dengue.\n\n"
        "Mostly children: 23 children were screened at the clinic on Monday.",
    )
    assert found[Decimal("64.5")].measure == "screened_share"
    assert found[Decimal(23)].measure == "other"


def test_a_whole_that_repeats_the_figure_is_the_figure() -> None:
    found = claims(
        FEVER,
        "The dengue outbreak in Brannock District has reached 52 confirmed cases.\n\n"
        "Mostly adults: 31 of the 52 confirmed cases are over 40.",
    )
    assert found[Decimal(52)].measure == "cases"
    assert found[Decimal(31)].measure == "other"


# --------------------------------------------------------------------------- figure, then label


def test_a_figure_standing_alone_counts_what_its_label_names() -> None:
    found = claims(
        BETA,
        "This week's figures, picked by our desk.\n\n"
        "48\n\n"
        "The number of organisations Corvex says now have access to the Quillon beta.\n\n"
        "15\n\n"
        "Corvex's pending request for additional seats, filed on Monday.\n\n"
        "310\n\n"
        "The comments the public sent in on the new lab rules.",
    )
    assert found[Decimal(48)].measure == "seats"
    assert found[Decimal(48)].kind == "level"
    assert found[Decimal(15)].measure == "seats"
    assert found[Decimal(15)].kind == "delta"
    assert found[Decimal(15)].modality == "proposed"
    assert found[Decimal(310)].measure == "other"


# --------------------------------------------------------------------------- generic heads


def test_an_estimate_put_at_a_number_is_the_figure_under_discussion() -> None:
    found = claims(
        BETA,
        "Corvex Labs has admitted 44 companies to the Quillon beta, it said in June.\n\n"
        "Since then more have joined. Engineers at three partner firms put it at 49; an "
        "adviser to Corvex says the real figure is nearer 47.",
    )
    assert found[Decimal(49)].measure == "seats"
    assert found[Decimal(47)].measure == "seats"
    assert found[Decimal(3)].measure == "other"


# --------------------------------------------------------------------------- sayers


def test_a_count_of_those_who_give_a_view_is_of_sources() -> None:
    found = claims(
        BETA,
        "Corvex Labs has admitted 44 companies to the Quillon beta.\n\n"
        "We interviewed 12 participants this month. Seven said they would add seats next year.",
    )
    assert found[Decimal(44)].measure == "seats"
    assert found[Decimal(7)].measure == "other"


def test_a_count_the_measure_names_is_the_measures_whoever_tells_of_it() -> None:
    found = claims(
        BETA,
        "Quillon's beta opened in March. About 40 companies said they had been given access "
        "to Quillon by the end of the summer; nine said they use it daily.",
    )
    assert found[Decimal(40)].measure == "seats"
    assert found[Decimal(9)].measure == "other"


# A state-level subject: "statewide" and "the state" are its own area, "nationally" is wider.
BLIGHT = """
name = "blight"

[[entities]]
name = "Orvanne"
label = "GPE"
aliases = []

[[measures]]
name = "orchards"
description = "How many orchards in Orvanne have confirmed fire blight"
subject = "Orvanne"
nouns = ["orchard", "grower"]
context = ["confirmed", "infected", "blight"]
"""


def test_a_statewide_count_is_a_states_own() -> None:
    found = claims(
        BLIGHT,
        "Fire blight has now been confirmed in 37 orchards statewide, Orvanne's agriculture "
        "office said.\n\nNationally, inspectors have confirmed blight in 410 orchards this "
        "season.",
    )
    assert found[Decimal(37)].measure == "orchards"
    assert found[Decimal(410)].measure == "other"
