"""Issue 13, round 5: the text's layout bounds sentences (list items, label lines, timelines,
table rows), other entities' counts without a possessive, wholes and containers, proposals
put forward or revised, and the value layer's signs and word numbers ("lifted for", "narrowed
by", "fewer", "a couple dozen", "a decade"). The sentences are this file's own, on made-up
topics and on Mythos.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline
from claimwatch.extractors.topic import Topic
from tests.extractors.test_modality_repeats import COUNTY, FERRY, claims, topic

ACCESS = "orgs_with_access"
M = Decimal(1_000_000)

# The ferry strike with a second count measure: which label's figure is which.
FERRIES = (
    FERRY
    + """
[[measures]]
name = "passengers_stranded"
description = "How many Kestrel Ferries passengers were stranded by the strike"
subject = "Kestrel Ferries"
nouns = ["passenger", "traveller", "customer"]
context = ["stranded", "affected", "stuck"]
"""
)

FLOOD = """
name = "flood"

[[entities]]
name = "Orrin Valley Water"
label = "ORG"
aliases = ["the utility"]

[[measures]]
name = "homes_on_notice"
description = "How many homes are under Orrin Valley Water's boil notice"
subject = "Orrin Valley Water"
nouns = ["home", "household"]
context = ["notice", "boil", "advisory"]

[[measures]]
name = "people_sick"
description = "How many people fell ill"
nouns = ["person", "people", "case", "patient"]
context = ["sick", "ill", "cases", "symptoms"]
"""

STRIKE = """
name = "strike"

[[measures]]
name = "schools_closed"
description = "How many schools the strike has shut"
nouns = ["school"]
context = ["shut", "closed", "close", "strike"]

[[measures]]
name = "teachers_out"
description = "How many teachers are on strike"
nouns = ["teacher", "worker", "member"]
context = ["strike", "walk out", "picket"]
"""


def sentences(text: str) -> list[str]:
    doc = build_pipeline(topic(FERRIES))(text)
    return [s.text.strip() for s in doc.sents if s.text.strip()]


# --------------------------------------------------------------------------- layout


GLANCE = (
    "Kestrel strike enters a third day\n\n"
    "At a glance:\n\n"
    "\u2022 Sailings cancelled: 310\n\n"
    "\u2022 Passengers stranded: about 12,000"
)


def test_paragraphs_and_list_items_bound_sentences() -> None:
    found = sentences(GLANCE)
    assert "Sailings cancelled: 310" in found
    assert "Passengers stranded: about 12,000" in found
    assert not any("310" in s and "12,000" in s for s in found)


def test_a_list_items_figure_takes_its_own_labels_measure() -> None:
    got = claims(FERRIES, GLANCE)
    assert got[Decimal(310)].measure == "sailings_cancelled"
    assert got[Decimal(12_000)].measure == "passengers_stranded"


def test_a_table_row_is_one_sentence() -> None:
    text = (
        "Cancellations by route\n\n"
        "Route | Cancelled | Delayed\nNorth loop | 40 | 12\nIsland run | 25 | 3"
    )
    found = sentences(text)
    assert "North loop | 40 | 12" in found
    assert "Island run | 25 | 3" in found


def test_a_spaced_dash_after_a_date_bounds_no_range() -> None:
    text = (
        "How the Kestrel strike unfolded (sailings cancelled)\n\n"
        "March 4 \u2014 85 sailings cancelled\n\n"
        "March 5 \u2014 120\n\n"
        "March 6 \u2014 64"
    )
    got = claims(FERRIES, text)
    assert {Decimal(85), Decimal(120), Decimal(64)} <= set(got)
    assert got[Decimal(85)].measure == "sailings_cancelled"
    # the date is no counted noun either
    assert (got[Decimal(120)].qualifier, got[Decimal(120)].noun) == ("exact", None)


def test_a_list_figure_with_a_generic_label_counts_what_the_list_counts(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Mythos access, in figures\n\n"
        "- About 45: organizations with access to Mythos today\n\n"
        "- Roughly 95: the total Anthropic requested in March\n\n"
        "- 250: the figure a newsletter printed, which Anthropic disputes"
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(95)].measure == ACCESS
    assert got[Decimal(250)].measure == ACCESS


def test_a_label_that_names_a_figures_role_counts_what_the_text_counts(
    nlp: Language, mythos: Topic
) -> None:
    """ "Peak: 112", "Our forecast: 140": the label says what the figure is to the story (a
    peak, a forecast, a ceiling), not what it counts; "Applicants: 400" names its own thing."""
    text = (
        "Mythos, the year in review\n\n"
        "Anthropic opened Mythos to about 50 organizations in April and to 112 by October.\n\n"
        "Peak: 112\n\n"
        "Year-end: 109\n\n"
        "\u2022 Our forecast: 140 by next summer\n\n"
        "\u2022 Applicants: 400"
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(109)].measure == ACCESS and got[Decimal(109)].modality == "actual"
    assert got[Decimal(140)].measure == ACCESS and got[Decimal(140)].modality == "proposed"
    assert got[Decimal(400)].measure == "other"


def test_a_forecast_label_makes_its_figure_proposed() -> None:
    text = (
        "Dunmore County budget update\n\n"
        "By the numbers:\n\n"
        "\u2022 Budget deficit, March: $6.2 million\n\n"
        "\u2022 Projected budget deficit in 2031: $9.8 million"
    )
    got = claims(COUNTY, text)
    assert got[Decimal("6.2") * M].modality == "actual"
    assert got[Decimal("9.8") * M].modality == "proposed"


def test_seats_in_a_plan_named_for_the_measures_subject_count_for_it(
    nlp: Language, mythos: Topic
) -> None:
    text = "Live: Senators press Anthropic on a 150-seat Mythos plan\n\nThe hearing opens at noon."
    assert claims(mythos, text, nlp)[Decimal(150)].measure == ACCESS


# --------------------------------------------------------------------------- whose count


def test_an_elided_count_keeps_the_owner_of_the_noun_it_borrows(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic has opened Mythos to about 50 organizations. Brightline says its own pilot "
        "covers 30 companies and that it hopes to reach 55 by winter."
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(50)].measure == ACCESS
    assert got[Decimal(30)].measure == "other"
    assert got[Decimal(55)].measure == "other"


def test_a_count_in_a_relative_clause_belongs_to_the_possessor_it_describes() -> None:
    text = (
        "Dunmore County faces a $14 million budget deficit. Halden's budget, where a "
        "$3 million deficit remains, is in better shape."
    )
    got = claims(COUNTY, text)
    assert got[14 * M].measure == "deficit"
    assert got[3 * M].measure == "other"


# --------------------------------------------------------------------------- wholes, containers


def test_the_whole_a_share_is_taken_from_counts_no_measure(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic has opened Mythos to 140 organizations. Even so, access covers only a "
        "fraction of the 6,000 firms that run the grid."
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(140)].measure == ACCESS
    assert got[Decimal(6_000)].measure == "other"


def test_containers_of_a_substance_count_the_substance() -> None:
    text = (
        "Orrin Valley Water says 48 people have reported symptoms. Volunteers handed out "
        "7,500 cases of bottled water."
    )
    got = claims(FLOOD, text)
    assert got[Decimal(48)].measure == "people_sick"
    assert got[Decimal(7_500)].measure == "other"


def test_a_bare_count_far_above_its_antecedent_counts_something_else() -> None:
    text = "Day 9 of the strike. 31 schools remain shut. The union says 2,900 are still out."
    got = claims(STRIKE, text)
    assert got[Decimal(31)].measure == "schools_closed"
    assert got[Decimal(2_900)].measure != "schools_closed"


# --------------------------------------------------------------------------- proposals


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("In June it scaled back its request to 90.", 90),  # a revised request's figure
        ("Some senators floated 180 organizations as a ceiling.", 180),  # a figure put forward
    ],
)
def test_a_figure_of_a_proposal_is_proposed(
    nlp: Language, mythos: Topic, sentence: str, value: int
) -> None:
    text = "Anthropic has opened Mythos to about 50 organizations. " + sentence
    got = claims(mythos, text, nlp)[Decimal(value)]
    assert (got.measure, got.modality) == (ACCESS, "proposed")


def test_things_that_asked_are_not_a_figure_put_forward(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic has opened Mythos to about 50 organizations. Officials turned down "
        "8 hospitals that had asked to join."
    )
    assert claims(mythos, text, nlp)[Decimal(8)].measure == "other"


def test_a_total_in_a_sentence_that_counts_the_measure_is_its_total(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic has opened Mythos to about 50 organizations. The White House met twice "
        "with two agencies. In May Anthropic asked to add about 60 more, which would have "
        "lifted the total to around 110."
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(110)].measure == ACCESS
    assert got[Decimal(110)].kind == "level"


# --------------------------------------------------------------------------- value layer


def test_lifting_a_notice_for_homes_takes_them_off_it() -> None:
    text = "Orrin Valley Water lifted its boil notice for 9,000 homes on Friday."
    got = claims(FLOOD, text)
    assert got[Decimal(-9_000)].kind == "delta"
    assert got[Decimal(-9_000)].measure == "homes_on_notice"


def test_narrowed_by_is_a_negative_change() -> None:
    text = "Dunmore County's budget deficit narrowed by $3 million in the spring."
    got = claims(COUNTY, text)
    assert got[-3 * M].kind == "delta"
    assert got[-3 * M].measure == "deficit"


def test_cut_by_reaches_past_the_objects_modifiers() -> None:
    text = "The plan would cut the projected 2031 budget deficit by $5 million."
    got = claims(COUNTY, text)
    assert got[-5 * M].kind == "delta"


def test_fewer_makes_a_negative_delta(nlp: Language, mythos: Topic) -> None:
    text = 'Officials wanted "40 fewer companies on the list" than Anthropic proposed for Mythos.'
    got = claims(mythos, text, nlp)
    assert got[Decimal(-40)].kind == "delta"


def test_a_couple_dozen_is_about_24(nlp: Language, mythos: Topic) -> None:
    text = 'Anthropic will let "a couple dozen" more agencies use Mythos by spring.'
    got = claims(mythos, text, nlp)
    claim = got[Decimal(24)]
    assert claim.qualifier == "approx"
    assert claim.kind == "delta"
    assert (claim.low, claim.high) == (Decimal("21.6"), Decimal("26.4"))


def test_a_decade_is_a_duration_of_ten_years() -> None:
    got = claims(COUNTY, "The deficit is the largest in more than a decade.")
    claim = got[Decimal(10)]
    assert claim.quantity == "duration"
    assert claim.noun == "year"
    assert claim.qualifier == "more_than"


def test_a_list_amount_is_of_the_label_after_its_colon() -> None:
    text = (
        "Dunmore County's levy, in figures\n\n"
        "- 3 percent: the rise in the levy approved in May\n\n"
        "- 7.5 percent: its pension fund's return last year"
    )
    got = claims(COUNTY, text)
    assert got[Decimal(3)].measure == "levy_rise"
    assert got[Decimal("7.5")].measure == "other"


def test_the_plural_subject_of_a_verb_of_exceeding_is_what_is_counted() -> None:
    counted = FERRIES.replace('"departure"]', '"departure", "cancellation"]')
    got = claims(counted, "Kestrel cancellations exceed 300 on day two of the strike")
    assert (got[Decimal(300)].measure, got[Decimal(300)].noun) == (
        "sailings_cancelled",
        "cancellation",
    )


def test_a_total_put_forward_in_a_text_about_one_count_is_that_count(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic has opened Mythos to about 50 organizations.\n\n"
        "The hearing ran long and heard from six senators. At its end the White House said it "
        "could accept a total of about 100."
    )
    got = claims(mythos, text, nlp)[Decimal(100)]
    assert (got.measure, got.modality) == (ACCESS, "proposed")


def test_points_of_a_rate_are_a_change_and_where_it_lands_a_level() -> None:
    text = "Dunmore County homeowners would see a 1.5-point levy increase, to 5.5 percent."
    got = claims(COUNTY, text)
    assert got[Decimal("1.5")].kind == "delta"
    assert got[Decimal("5.5")].kind == "level"
