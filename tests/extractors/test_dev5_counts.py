"""Counts, round 7 (issue 13, dev set 5): whose count, which measure, its kind and modality.

- Another entity of the measure subject's own kind ("Storm Brevik" in a story about Storm
  Halden), even one the entity recognizer misses, holds its own count.
- A sentence set in a place the topic does not know ("In Ostrava, ...") counts elsewhere when
  the topic lists the places it is about.
- After a total and a colon, counts each set in a named place are its breakdown.
- A question heading names its measure by what happened before by whom it happened to ("How
  many people have died?" asks about deaths, though evacuees are people too).
- A count of the outlets a figure is credited to lends no noun to that figure; a bare figure a
  source reports ("two outlets have reported 85") is the figure of the one count the text is
  about.
- So many per recurring period ("every quarter", "a month") is a pace of change: a delta.
- "Even at N" under a clause saying what would be is proposed, whatever the text says of N
  elsewhere; under one saying what is, N as it stands.

The sentences and the topic are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from spacy.language import Language

from claimwatch.extractors.claims import mentions_of
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

FLOOD = """
name = "flood"

[[entities]]
name = "Storm Halden"
label = "EVENT"
aliases = ["Halden"]

[[entities]]
name = "Norvania"
label = "GPE"
aliases = []

[[entities]]
name = "Kellmark"
label = "GPE"
aliases = []

[[entities]]
name = "Varde"
label = "GPE"
aliases = []

[[measures]]
name = "evacuated"
description = "How many people in Norvania Storm Halden has driven from their homes"
subject = "Storm Halden"
nouns = ["people", "resident", "evacuee"]
context = ["evacuated", "fled", "displaced", "shelter"]

[[measures]]
name = "deaths"
description = "How many people Storm Halden has killed in Norvania"
subject = "Storm Halden"
nouns = ["people", "death", "victim"]
context = ["killed", "died", "dead", "toll"]
"""


@cache
def flood() -> Topic:
    return parse_topic(FLOOD, default_name="flood")


@cache
def flood_nlp() -> Language:
    return build_pipeline(flood())


def claims(text: str) -> list[Claim]:
    (ex,) = extract_many(flood_nlp(), [text], topic=flood())
    return list(ex.claims)


def by_value(text: str) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims(text)}


def mythos_claims(nlp: Language, topic: Topic, text: str) -> dict[Decimal, Claim]:
    (ex,) = extract_many(nlp, [text], topic=topic)
    return {c.value: c for c in ex.claims}


# --------------------------------------------------------------------------- whose count


def test_another_storm_of_the_same_kind_holds_its_own_count() -> None:
    found = by_value(
        "Storm Halden has displaced 12,000 people across Norvania, officials said.\n\n"
        "Storm Brevik displaced 8,000 people and killed 4 in 2019."
    )
    assert found[Decimal(12000)].measure == "evacuated"
    assert found[Decimal(8000)].measure == "other"
    assert found[Decimal(4)].measure == "other"


def test_a_name_that_is_part_of_the_subject_is_no_stranger() -> None:
    found = by_value("Halden displaced 12,000 people across Norvania, officials said.")
    assert found[Decimal(12000)].measure == "evacuated"


def test_a_scene_in_a_place_the_topic_does_not_know_counts_elsewhere() -> None:
    found = by_value(
        "In Ostrava, where the storm passed on Monday, officials say 3,000 people fled their "
        "homes.\n\nIn Kellmark, 5,000 people fled their homes as the river rose."
    )
    assert found[Decimal(3000)].measure == "other"
    assert found[Decimal(5000)].measure == "evacuated"


def test_a_sentence_opening_on_a_date_is_set_in_no_place() -> None:
    found = by_value(
        "Storm Halden reached Norvania's coast on Friday.\n\n"
        "In March, 4,000 people fled their homes as Storm Halden approached.\n\n"
        "In Early April, 6,000 people were evacuated as the storm returned."
    )
    assert found[Decimal(4000)].measure == "evacuated"
    assert found[Decimal(6000)].measure == "evacuated"


def test_counts_in_named_places_after_a_total_and_a_colon_are_its_breakdown() -> None:
    found = by_value(
        "Storm Halden has killed 21 people in Norvania, the agency said: 15 in Kellmark and "
        "six in Varde."
    )
    assert found[Decimal(21)].measure == "deaths"
    assert found[Decimal(15)].measure == "other"
    assert found[Decimal(6)].measure == "other"


def test_a_question_heading_names_its_measure_by_what_happened() -> None:
    found = by_value(
        "Storm Halden: the toll and the evacuations explained\n\n"
        "How many people have died?\n\n"
        "The official figure is 21, the national agency says.\n\n"
        "How many are in shelters?\n\n"
        "About 9,000, the agency says."
    )
    assert found[Decimal(21)].measure == "deaths"


# --------------------------------------------------------------------------- sources


def test_a_count_of_outlets_lends_no_noun_to_the_figure_they_give(nlp: Language) -> None:
    doc = nlp("Even the tally is in dispute: one newspaper says 95, two broadcasters say 90.")
    nouns = {m.claim.value: m.claim.noun for m in mentions_of(doc)}
    assert nouns[Decimal(95)] != "newspaper"
    assert nouns[Decimal(90)] != "broadcaster"


def test_a_bare_figure_a_source_reports_is_the_texts_count(nlp: Language, mythos: Topic) -> None:
    found = mythos_claims(
        nlp,
        mythos,
        "Anthropic says 80 organizations can use Mythos.\n\n"
        "Several newspapers have reported 85. Anthropic calls that wrong.",
    )
    assert found[Decimal(80)].measure == "orgs_with_access"
    assert found[Decimal(85)].measure == "orgs_with_access"


# --------------------------------------------------------------------------- kind


def test_so_many_per_recurring_period_is_a_delta(nlp: Language, mythos: Topic) -> None:
    found = mythos_claims(
        nlp,
        mythos,
        "Anthropic says 80 organizations have access to Mythos. It plans to admit 10 to 20 "
        "organizations roughly every quarter, and could grant access to 5 per month after that.",
    )
    assert found[Decimal(80)].kind == "level"
    assert found[Decimal(15)].kind == "delta"
    assert found[Decimal(5)].kind == "delta"


def test_a_figure_at_a_point_in_time_stays_a_level(nlp: Language) -> None:
    doc = nlp("The program reached 80 organizations, up from 60 a month ago.")
    kinds = {m.claim.value: m.claim.kind for m in mentions_of(doc)}
    assert kinds[Decimal(80)] == "level"
    assert kinds[Decimal(60)] == "level"


# --------------------------------------------------------------------------- modality


def test_even_at_a_figure_under_what_would_be_is_proposed(nlp: Language, mythos: Topic) -> None:
    (ex,) = extract_many(
        nlp,
        [
            "Mythos is available to 110 organizations today, Anthropic says.\n\n"
            "Even at 110, the program would reach a sliver of the market."
        ],
        topic=mythos,
    )
    even = [c for c in ex.claims if c.sentence.startswith("Even at")]
    assert [c.modality for c in even] == ["proposed"]


def test_even_at_a_figure_under_what_is_keeps_the_figure_as_it_stands(
    nlp: Language, mythos: Topic
) -> None:
    (ex,) = extract_many(
        nlp,
        [
            "Mythos is available to 110 organizations today, Anthropic says.\n\n"
            "Even at 110, it is the smallest program of its kind."
        ],
        topic=mythos,
    )
    even = [c for c in ex.claims if c.sentence.startswith("Even at")]
    assert [c.modality for c in even] == ["actual"]


def modalities(nlp: Language, mythos: Topic, text: str) -> dict[str, str]:
    (ex,) = extract_many(nlp, [text], topic=mythos)
    return {c.value_text: c.modality for c in ex.claims}


def test_a_cap_is_a_figure_put_forward(nlp: Language, mythos: Topic) -> None:
    found = modalities(nlp, mythos, "A senator's cap of 60 organizations is below the count.")
    assert found["60"] == "proposed"


def test_a_figure_said_to_be_a_ceiling_is_proposed(nlp: Language, mythos: Topic) -> None:
    found = modalities(
        nlp,
        mythos,
        "Mythos is available to 80 organizations. The 100 was only a ceiling, Anthropic said.",
    )
    assert found == {"80": "actual", "100": "proposed"}


def test_a_figure_someone_floated_is_proposed_one_admitted_is_actual(
    nlp: Language, mythos: Topic
) -> None:
    floated = modalities(
        nlp, mythos, "Mythos is available to 80 organizations, above the 60 he floated in June."
    )
    admitted = modalities(
        nlp, mythos, "Mythos is available to 80 organizations, above the 60 admitted in June."
    )
    assert floated["60"] == "proposed"
    assert admitted["60"] == "actual"
