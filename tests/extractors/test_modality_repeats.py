"""Modality read from a figure's own phrase and from the text, and figures that repeat (issue
13, round 2): forecasts and periods ("a projected $30 million deficit", "in next year's
budget", "the fiscal year that begins in July"), imperatives and conditionals, a repeated
figure keeping the modality its text gives it, elliptical counts about the measure's product
or a program, counts of members repeating a measure's figure, and another organization's own
deeds. The sentences are this file's own, on made-up topics and on Mythos.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from spacy.language import Language

from claimwatch.extractors.claims.component import find_mentions
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

ACCESS = "orgs_with_access"

COUNTY = """
name = "county"

[[entities]]
name = "Dunmore County"
label = "GPE"
aliases = ["Dunmore", "the county"]

[[measures]]
name = "deficit"
description = "Size of Dunmore County's budget deficit, in dollars"
subject = "Dunmore County"
nouns = ["deficit", "shortfall", "gap", "hole"]
context = ["budget", "fiscal year"]

[[measures]]
name = "levy_rise"
description = "Size of a rise in Dunmore County's levy, in percent"
subject = "Dunmore County"
nouns = ["increase", "rise", "hike"]
context = ["levy", "tax rate", "percent"]
"""

FERRY = """
name = "ferry"

[[entities]]
name = "Kestrel Ferries"
label = "ORG"
aliases = ["Kestrel"]

[[measures]]
name = "sailings_cancelled"
description = "How many Kestrel Ferries sailings were cancelled during the strike"
subject = "Kestrel Ferries"
nouns = ["sailing", "crossing", "departure"]
context = ["cancelled", "canceled", "strike"]
"""


@cache
def topic(text: str) -> Topic:
    return parse_topic(text, default_name="t")


def claims_list(source: str | Topic, text: str, nlp: Language | None = None) -> list[Claim]:
    """The claims of `text` under a topic given as TOML (or loaded, with its pipeline)."""
    t = topic(source) if isinstance(source, str) else source
    (ex,) = extract_many(nlp or build_pipeline(t), [text], topic=t)
    return list(ex.claims)


def claims(source: str | Topic, text: str, nlp: Language | None = None) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims_list(source, text, nlp)}


M = Decimal(1_000_000)


# --------------------------------------------------------------------------- forecasts, periods


def test_a_projected_amount_is_proposed() -> None:
    got = claims(COUNTY, "Dunmore County faces a projected $30 million deficit.")
    assert got[30 * M].measure == "deficit"
    assert got[30 * M].modality == "proposed"


def test_an_estimate_is_proposed_even_as_a_baseline() -> None:
    got = claims(COUNTY, "The deficit is now $33 million, up from the $28 million estimate in May.")
    assert got[28 * M].modality == "proposed"


def test_the_current_years_budget_is_actual_inside_a_plan() -> None:
    text = "The levy rise would help cover a $12 million gap in the current year's budget."
    got = claims(COUNTY, text)
    assert got[12 * M].measure == "deficit"
    assert got[12 * M].modality == "actual"


def test_next_years_budget_is_proposed() -> None:
    got = claims(COUNTY, "Officials found a $19 million hole in next year's budget.")
    assert got[19 * M].modality == "proposed"


def test_a_fiscal_year_that_begins_later_is_proposed() -> None:
    text = "The deficit for the fiscal year that begins in July stands at $21 million."
    assert claims(COUNTY, text)[21 * M].modality == "proposed"


def test_an_amount_in_a_reduced_relative_clause_is_the_figure_projected() -> None:
    text = (
        "The county's budget deficit now stands at $31 million. That is up from the "
        "$27 million Mayor Dana Reyes projected in March."
    )
    got = claims(COUNTY, text)
    assert got[27 * M].measure == "deficit"
    assert got[27 * M].modality == "proposed"


# --------------------------------------------------------------------------- clause types


def test_an_imperative_urges_a_figure() -> None:
    got = claims(COUNTY, "Hold the levy increase to 3 percent, which spares most homeowners.")
    assert got[Decimal(3)].measure == "levy_rise"
    assert got[Decimal(3)].modality == "proposed"


def test_a_conditional_is_proposed(nlp: Language, mythos: Topic) -> None:
    text = "If Anthropic stops at 90 organizations, access to Mythos stays rare."
    got = claims(mythos, text, nlp)
    assert got[Decimal(90)].measure == ACCESS
    assert got[Decimal(90)].modality == "proposed"


def test_already_marks_a_count_as_true_now(nlp: Language) -> None:
    (marked,) = find_mentions(next(nlp("The pilot already covers 45 firms.").sents))
    (plain,) = find_mentions(next(nlp("The pilot covers 45 firms.").sents))
    assert marked.marked and marked.claim.modality == "actual"
    assert not plain.marked


def test_a_figure_put_forward_is_proposed() -> None:
    text = "Dunmore weighed a 5 percent levy rise. One commissioner floated 4 percent instead."
    got = claims(COUNTY, text)
    assert got[Decimal(4)].measure == "levy_rise"
    assert got[Decimal(4)].modality == "proposed"


# --------------------------------------------------------------------------- the text decides


def test_a_headline_figure_keeps_the_modality_its_story_gives_it() -> None:
    text = (
        "Dunmore's $30 million budget hole\n\n"
        "Dunmore County faces a projected $30 million deficit in the coming fiscal year."
    )
    got = [c for c in claims_list(COUNTY, text) if c.value == 30 * M]
    assert [c.measure for c in got] == ["deficit", "deficit"]
    assert [c.modality for c in got] == ["proposed", "proposed"]


def test_a_figure_its_own_words_decide_is_not_overridden() -> None:
    text = (
        "Dunmore County faces a projected $30 million deficit next year.\n\n"
        "Last year the county closed a $30 million gap in the current year's budget."
    )
    got = [c for c in claims_list(COUNTY, text) if c.value == 30 * M]
    assert [c.modality for c in got] == ["proposed", "actual"]


def test_a_fragment_under_a_proposing_heading(nlp: Language, mythos: Topic) -> None:
    text = (
        "Mythos, explained\n\n"
        "How many more organizations does Anthropic want to admit?\n\n"
        "About 80, by one account."
    )
    got = claims(mythos, text, nlp)
    assert got[Decimal(80)].measure == ACCESS
    assert (got[Decimal(80)].kind, got[Decimal(80)].modality) == ("delta", "proposed")


# --------------------------------------------------------------------------- elliptical counts


def test_a_bare_count_about_the_measures_product(nlp: Language, mythos: Topic) -> None:
    got = claims(mythos, nlp=nlp, text="Even at 95, Mythos would remain a small affair.")
    assert got[Decimal(95)].measure == ACCESS


def test_a_bare_count_about_a_program(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic's Mythos preview is closely watched. "
        "A program capped at 95 would turn most applicants away."
    )
    assert claims(mythos, text, nlp)[Decimal(95)].measure == ACCESS


def test_a_bare_count_about_something_else_stays_other(nlp: Language, mythos: Topic) -> None:
    got = claims(mythos, nlp=nlp, text="Even at 95, the stadium would feel empty.")
    assert got[Decimal(95)].measure == "other"


def test_a_count_of_users_repeating_the_measures_figure(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic wants to give about 130 organizations access to Mythos.\n\n"
        "Critics doubt that its servers can handle 130 users at once."
    )
    got = [c for c in claims_list(mythos, text, nlp) if c.value == 130]
    assert [c.measure for c in got] == [ACCESS, ACCESS]
    assert got[1].modality == "proposed"


def test_a_count_of_other_things_repeating_a_figure_stays_other(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic wants to give about 130 organizations access to Mythos.\n\n"
        "The model found 130 bugs in one week."
    )
    got = [c for c in claims_list(mythos, text, nlp) if c.value == 130]
    assert [c.measure for c in got] == [ACCESS, "other"]


# --------------------------------------------------------------------------- other doers


def test_another_organizations_deed_is_its_own_count() -> None:
    text = (
        "Kestrel Ferries cancelled 40 sailings on Friday because of the strike. "
        "Northgate Shipping Ltd has cancelled 12 sailings so far."
    )
    got = claims(FERRY, text)
    assert got[Decimal(40)].measure == "sailings_cancelled"
    assert got[Decimal(12)].measure == "other"


# --------------------------------------------------------------------------- qualifiers


def test_closer_to_is_a_rough_figure() -> None:
    got = claims(COUNTY, "A watchdog says the real deficit is closer to $35 million.")
    assert got[35 * M].qualifier == "approx"


def test_a_verb_of_exceeding_is_a_lower_bound() -> None:
    got = claims(FERRY, "Cancelled sailings topped 300 on the second day of the strike.")
    assert got[Decimal(300)].qualifier == "more_than"
