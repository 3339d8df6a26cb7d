"""Pledges, counts whose noun holds "new", and transcripts (dev set 20's misses, claims-33): a
figure promised or pledged is proposed; "40 new hospitals" is a level of a measure whose nouns
name new hospitals; a measure of a "scheme" counts no asks; "the number on the table" is under
negotiation; a speaker's name counts nothing, and an answer to a question about what will be is
proposed; a part "of the 40" is no difference. The sentences are this file's own."""

from __future__ import annotations

from claimwatch.extractors.claims import discourse
from tests.extractors.topic_kit import MYTHOS, by_text, claims_in, filed, topic_of

CLINICS = topic_of(
    """
name = "clinics"

[[entities]]
name = "Clinics Plan"
label = "ORG"
aliases = ["the plan"]

[[entities]]
name = "Health Office"
label = "ORG"
aliases = ["the office"]

[[measures]]
name = "new_clinics"
description = "How many new clinics the national Clinics Plan has built or will build"
subject = "Clinics Plan"
nouns = ["clinic", "new clinic", "scheme", "project"]
context = ["build", "built", "open", "opened", "promised", "finished", "delayed"]
"""
)


def test_a_figure_promised_or_pledged_is_proposed_and_one_delivered_is_not() -> None:
    found = by_text(
        "The governing party promised 25 new clinics in its manifesto.\n\n"
        "So far the country has opened six of 25 pledged clinics, the office said.",
        CLINICS,
    )
    assert filed(found["25"]) == ("new_clinics", "level", "proposed")
    assert found["six"].modality == "actual"
    # a promise kept: the clause that says it came true decides, not the promise before it
    kept = claims_in(
        "Ministers promised 20 clinics in 2021.\n\nOfficials say all 20 have now been completed.",
        CLINICS,
    )
    assert [(c.value_text, c.modality) for c in kept] == [("20", "proposed"), ("20", "actual")]


def test_new_is_part_of_what_a_measure_counts_when_its_nouns_say_so() -> None:
    found = by_text("The office says 14 new clinics stand finished.", CLINICS)
    assert filed(found["14"]) == ("new_clinics", "level", "actual")
    # ... but what a verb of building or opening made is that many more
    opened = by_text(
        "The office opened five new clinics this year, bringing the total to 45.", CLINICS
    )
    assert filed(opened["five"]) == ("new_clinics", "delta", "actual")
    # the shipped Mythos measure counts organizations, not new ones: 70 new ones are 70 more
    mythos = by_text(
        "Anthropic wants to give 70 new organizations access to Mythos.", topic_of(MYTHOS)
    )
    assert mythos["70"].kind == "delta"


def test_a_measure_of_schemes_counts_no_asks_and_keeps_a_forecast() -> None:
    (measure,) = CLINICS.measures
    assert not discourse.counts_asks(measure)
    found = by_text("The office expects 18 clinics to be open by the end of 2029.", CLINICS)
    assert filed(found["18"]) == ("new_clinics", "level", "proposed")


def test_the_number_on_the_table_is_under_negotiation() -> None:
    found = by_text(
        "Anthropic has about 60 organizations in the Mythos preview.\n\n"
        "People close to the talks say the number on the table is 90.",
        topic_of(MYTHOS),
    )
    assert found["90"].modality == "proposed"
    assert found["about 60"].modality == "actual"


def test_a_speaker_counts_nothing_and_an_answer_about_what_will_be_is_proposed() -> None:
    text = (
        "Clinics minister grilled on the radio\n\n"
        "MORROW: The plan promised 25 new clinics. How many will be open by 2029?\n\n"
        "OKORO: Not all of them. More than 20.\n\n"
        "MORROW: And how many are open today?\n\n"
        "OKORO: Six.\n\n"
        "MORROW: All 25? Finished?\n"
    )
    found = {c.value_text: c for c in claims_in(text, CLINICS)}
    assert found["More than 20"].modality == "proposed"
    assert found["Six"].modality == "actual"
    assert found["25"].noun != "morrow"


def test_a_part_of_a_whole_is_no_difference() -> None:
    found = by_text(
        "The plan has opened six clinics. It promised 25 new clinics by 2029.\n\n"
        "The office now expects 19 of the 25 to be open by then.",
        CLINICS,
    )
    assert filed(found["19"]) == ("new_clinics", "level", "proposed")


def test_a_number_of_figures_counts_the_figures() -> None:
    found = by_text(
        "How many organizations have Mythos? We checked five figures\n\n"
        "At least four different tallies of who can use it are going around. About 50 "
        "organizations have access, Anthropic says.",
        topic_of(MYTHOS),
    )
    assert found["five"].measure == "other"
    assert found["At least four"].measure == "other"
    assert found["About 50"].measure == "orgs_with_access"


def test_a_counted_scheme_is_no_proposal_of_its_own() -> None:
    found = by_text(
        "The office said nine finished schemes had opened.\n\n"
        "Under the plan, the list would shrink to 30 schemes.",
        CLINICS,
    )
    assert filed(found["nine"]) == ("new_clinics", "level", "actual")
    assert found["30"].modality == "proposed"
    approved = by_text("The office approved 12 schemes last year.", CLINICS)
    assert approved["12"].modality == "actual"


def test_a_speaker_in_capitals_is_no_label_but_a_label_in_words_is() -> None:
    text = (
        "Mythos briefing\n\nRIVERA: Eighty-six. It was fifty in April.\n\nQ: And now?\n\n"
        "RIVERA: The same.\n\nInjuries: 21, up 1\n"
    )
    found = {c.value_text: c for c in claims_in(text, topic_of(MYTHOS))}
    assert found["Eighty-six"].noun is None
    assert found["21"].noun == "injury"


def test_a_year_written_end_dash_year_is_the_figures_own() -> None:
    found = by_text("We now model 30 clinics open by end-2029.", CLINICS, year=2026)
    assert found["30"].modality == "proposed"


BUDGETS = topic_of(
    """
name = "budgets"

[[measures]]
name = "total_spending"
description = "The total a government's budget spends in a year"
nouns = ["budget", "spending plan", "spending"]
context = ["adopted", "passed", "approved"]
"""
)


def test_a_plan_for_a_year_to_come_adopted_is_actual() -> None:
    found = by_text(
        "The state Senate voted 30-9 on Thursday to approve a $48.1 billion spending plan for "
        "the fiscal year that begins July 1.\n\n"
        "The Assembly will vote next week to approve a $47 billion spending plan for the "
        "fiscal year that begins July 1.",
        BUDGETS,
    )
    assert found["$48.1 billion"].modality == "actual"
    assert found["$47 billion"].modality == "proposed"


def test_an_answer_with_a_verb_of_its_own_keeps_its_tense() -> None:
    text = (
        "Mythos on the radio\n\n"
        "HOST: Would you say the program is working?\n\n"
        "BRANDT: We have 61 companies using Mythos today.\n\n"
        "HOST: Thank you.\n\n"
        "BRANDT: Thanks.\n"
    )
    found = by_text(text, topic_of(MYTHOS))
    assert found["61"].modality == "actual"


def test_a_fact_box_label_in_capitals_names_its_figure() -> None:
    text = "Clinics plan: the numbers\n\nCLINICS OPENED: 12\n\nCLINICS PROMISED: 40\n"
    found = by_text(text, CLINICS)
    assert found["40"].measure == "new_clinics"
