"""claims-19 (issue 13): counts as disaster, market and rival-program coverage writes them.

- People a clause says are in another state than the measure's are another group: "142 dead,
  1,034 injured and 57 still listed as missing" (lexicon state_words), unless the measure's
  own words name that state (a measure of injuries).
- A toll counts deaths: "Death toll soars to 187" in a headline, "the toll reached 87"; a
  toll an event's name compounds ("the breach toll") is elliptical, as before.
- A count whose clause is about another, dated event ("a quake in 2019 that killed 61
  people", "Halvern's 2025 breach affected 9 million") is that event's, never the measure's,
  and the learned step does not file it either. Another: its words set it apart ("a quake in
  2019", "the deadliest quake") or its year is before the year the text was published (else
  the latest year it names); "The 2026 quake has killed 41" in 2026 is the story's own, and
  "since 1998", "1840 Canyon Road" date no event.
- "In neighbouring Brenzia, ..." sets its sentence in Brenzia (lexicon elsewhere_words; not
  any adjective: "In coastal Pellaro," may be the story's own place).
- "OpenAI runs a separate program for about 40 companies": the program that holds the count
  is OpenAI's; in "OpenAI's program is said to include about 40 companies" the raised verb's
  subject is the passive's (the rules read it; the learned step may still file it).
- "Its shares fell 3.2%" moves the stock: no share of anything a percentage measure counts.
- "Ep. 212:" names an episode, though the sentence splitter cuts it from its head.
- Where a sentence says two measures' words ("the death toll at 261 and the number of displaced
  people at 67,500"), the words nearest a count say which it is: its noun phrase's, then its own
  clause's.
- What a bare count's people underwent names its measure before an antecedent does: "212 dead
  and an estimated 61,000 displaced", "66,000 are displaced".

The sentences are this file's own, on a made-up earthquake (Velmora province, Ostrana), a
made-up insurer and a made-up carmaker, and the Mythos dispute.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims import mentions_of
from claimwatch.extractors.nlp import build_pipeline
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic
from tests.extractors.test_breach_counts import BREACH  # Pellam Mutual and its breach
from tests.extractors.topic_kit import MYTHOS, claims_in, topic_of

QUAKE = """
name = "quake"

[[entities]]
name = "Ostrana"
label = "GPE"
aliases = ["Ostranan"]

[[entities]]
name = "Velmora Civil Protection"
label = "ORG"
aliases = ["the agency"]

[[measures]]
name = "deaths"
description = "How many people the Velmora earthquake killed"
subject = "Ostrana"
nouns = ["death", "people", "person", "victim", "body", "dead"]
context = ["killed", "died", "dead", "toll", "bodies", "recovered"]

[[measures]]
name = "people_displaced"
description = "How many people the Velmora earthquake left displaced or homeless"
subject = "Ostrana"
nouns = ["people", "person", "resident", "evacuee"]
context = ["displaced", "homeless", "shelters", "evacuated", "tents"]
"""

INJURIES = """
name = "quake_injuries"

[[measures]]
name = "injured"
description = "How many people the Velmora earthquake injured"
nouns = ["people", "person", "injury"]
context = ["injuries", "injured", "hurt", "hospital"]
"""

RECALL = """
name = "recall"

[[entities]]
name = "Tarrow Motors"
label = "ORG"
aliases = ["Tarrow"]

[[measures]]
name = "repair_rate"
description = "The share of recalled vehicles repaired, in percent"
subject = "Tarrow Motors"
unit = "percent"
nouns = ["percent", "share", "rate", "proportion"]
context = ["repaired", "fixed", "completion", "completed"]
"""


TOPICS = {
    "mythos": MYTHOS,
    "quake": QUAKE,
    "injuries": INJURIES,
    "breach": BREACH,
    "recall": RECALL,
}


def topic(name: str) -> Topic:
    return topic_of(TOPICS[name])


def claims(text: str, name: str = "quake", year: int | None = 2026) -> list[Claim]:
    return claims_in(text, topic(name), year)


def measures(text: str, name: str = "quake", year: int | None = 2026) -> list[tuple[str, str]]:
    return [(c.value_text, c.measure) for c in claims(text, name, year)]


LEAD = (
    "Velmora earthquake kills dozens\n\nThe earthquake killed 64 people in Ostrana on Thursday.\n\n"
)


def test_the_injured_and_the_missing_are_not_the_dead() -> None:
    found = measures(
        LEAD + "By Saturday the agency's toll was 142 dead, 1,034 injured and 57 still listed "
        "as missing. Another 38 people were still missing. Doctors said 904 people were "
        "injured."
    )
    assert ("142", "deaths") in found
    for figure in ("1,034", "57", "38", "904"):
        assert (figure, "other") in found, (figure, found)


def test_a_measure_of_the_injured_keeps_them() -> None:
    found = measures(
        "Velmora earthquake injures hundreds\n\nThe earthquake injured people across the "
        "province. Doctors said 904 people were injured.",
        "injuries",
    )
    assert ("904", "injured") in found


def test_a_toll_counts_deaths() -> None:
    found = claims("QUAKE HORROR: Death toll soars to 187 as rescuers dig\n\n" + LEAD)
    first = found[0]
    assert (first.value, first.measure, first.kind) == (Decimal(187), "deaths", "level")
    later = measures(LEAD + "Rescuers kept digging overnight. By evening the toll reached 87.")
    assert ("87", "deaths") in later


def test_a_breach_toll_is_no_count_of_tolls() -> None:
    found = claims(
        "Pellam Mutual raises breach toll to 2.7 million\n\nPellam Mutual said the breach "
        "exposed data of 2.7 million people.",
        "breach",
    )
    assert [(c.value, c.measure, c.noun) for c in found][:1] == [
        (Decimal(2_700_000), "people_affected", None)
    ]


def test_another_dated_event_counts_its_own() -> None:
    found = claims(
        LEAD + "Velmora was hit by a magnitude 5.9 quake in 2019 that killed 61 people around "
        "Dravo. The deadliest quake in Ostrana's history, in 1957, killed about 1,300 people. "
        "Rescuers said another 31 bodies had been recovered."
    )
    by = {c.value_text: c for c in found}
    assert (by["61"].measure, by["61"].subject) == ("other", "2019 quake")
    assert (by["about 1,300"].measure, by["about 1,300"].subject) == ("other", "1957 quake")
    assert by["31"].measure == "deaths"  # the story's own event, undated


def test_the_storys_own_dated_event_is_its_own() -> None:
    found = measures(
        "Floods and quake hit Ostrana\n\nThe 2026 quake has killed 41 people across Ostrana. "
        "The March 2026 quake in Ostrana killed 52 people. The worst quake since 1998 has "
        "killed 73 people in Ostrana. The quake at 1840 Canyon Road killed 12 people."
    )
    for figure in ("41", "52", "73", "12"):
        assert (figure, "deaths") in found, (figure, found)


def test_when_the_text_was_published_dates_the_story() -> None:
    text = LEAD + "The 2019 quake killed 61 people."
    assert ("61", "other") in measures(text, year=2026)
    # Unknown date, no later year named: the 2019 quake may be the story's own
    assert ("61", "deaths") in measures(text, year=None)
    later = LEAD + "The 2019 quake killed 61 people. Rebuilding will last until 2027."
    assert ("61", "other") in measures(later, year=None)  # a later year is named


def test_another_companys_dated_breach_is_its_own() -> None:
    found = measures(
        "Pellam Mutual breach exposed 1.2 million\n\nPellam Mutual said the breach exposed "
        "data of 1.2 million people. Rival insurer Halvern said its unrelated 2025 breach hit "
        "9 million people.",
        "breach",
    )
    assert ("9 million", "other") in found
    assert ("1.2 million", "people_affected") in found


def test_a_scene_set_in_a_neighbouring_country_counts_there() -> None:
    found = claims(LEAD + "In neighbouring Brenzia, officials said five people had died.")
    by = {c.value_text: c for c in found}
    assert (by["five"].measure, by["five"].subject) == ("other", "Brenzia")
    # not any adjective: "In devastated Ostrana," is the story's own place
    found = claims(LEAD + "In devastated Ostrana, officials said 12 people had died.")
    assert {c.value_text: c.measure for c in found}["12"] == "deaths"


def test_news_boilerplate_is_no_other_party() -> None:
    found = measures(
        LEAD + "In a separate development, rescuers recovered 14 bodies from the river. "
        "Another 23 injured people died in hospital overnight."
    )
    assert ("14", "deaths") in found and ("23", "deaths") in found
    text = (
        "Anthropic weighs wider Mythos access\n\nAnthropic granted Mythos access in two "
        "separate batches of 30 companies. The White House's review of about 50 organizations "
        "with Mythos access found no misuse."
    )
    by = {c.value_text: c.measure for c in claims(text, "mythos")}
    assert by["30"] == "orgs_with_access" and by["about 50"] == "orgs_with_access"


def test_a_rivals_separate_program_is_its_own() -> None:
    text = (
        "Anthropic weighs wider Mythos access\n\nAnthropic gave Mythos to about 50 "
        "organizations in April and wants to add about 70 more. "
    )
    by = {
        c.value_text: c
        for c in claims(text + "OpenAI runs a separate program for about 40 companies.", "mythos")
    }
    assert (by["about 40"].measure, by["about 40"].subject) == ("other", "OpenAI")
    assert by["about 70"].measure == "orgs_with_access"


def test_a_verb_raised_under_a_passive_has_its_subject_there() -> None:
    # The rules' reading (the learned step may still file the count: an open misfire)
    t = topic("mythos")
    doc = build_pipeline(t)(
        "Anthropic weighs wider Mythos access\n\nOpenAI's program is said to include about 40 "
        "companies. BlackVeil claimed to hold 38 million records."
    )
    found = {m.claim.value_text: m for m in mentions_of(doc)}
    assert found["about 40"].owners == ("OpenAI",)
    assert found["38 million"].agents == ()  # a claimant need not hold what it claims


def test_a_stocks_fall_is_no_share() -> None:
    found = claims(
        "Tarrow recall drags on\n\nTarrow Motors said dealers had repaired 12% of the "
        "recalled vehicles. The share of repaired vehicles rose 2% in a week. Its shares fell "
        "3.2% in New York. Tarrow shares were down 1.4% on Tuesday.",
        "recall",
    )
    by = {c.value_text: c.measure for c in found}
    assert by["3.2%"] == "other" and by["1.4%"] == "other"
    assert by["2%"] == "repair_rate"


def test_a_stock_is_the_subject_of_its_move() -> None:
    t = topic("recall")
    doc = build_pipeline(t)(
        "Tarrow recall drags on\n\nTarrow shares were down 4.1% in early trading. The "
        "Greens increased their shares, to 14% and 22%."
    )
    found = {m.claim.value_text: m.amount for m in mentions_of(doc)}
    assert found["4.1%"] is not None and found["4.1%"].nouns == ("stock",)
    assert found["14%"] is not None and "stock" not in found["14%"].nouns


def test_an_episode_number_is_no_count() -> None:
    found = claims(
        "Ep. 212: Mythos and the 120-company question\n\nAnthropic gave Mythos to about 50 "
        "organizations.",
        "mythos",
    )
    assert Decimal(212) not in {c.value for c in found}


def test_the_measure_whose_words_are_nearest_the_count() -> None:
    found = measures(
        LEAD + "The agency puts the death toll at 261 and the number of displaced people at "
        "67,500. By nightfall the toll was 142, and about 38,000 people were in shelters."
    )
    assert ("261", "deaths") in found and ("142", "deaths") in found
    assert ("67,500", "people_displaced") in found
    assert ("about 38,000", "people_displaced") in found


def test_what_a_bare_count_underwent_names_its_measure() -> None:
    found = measures(
        LEAD + "The Red Cross reports 212 dead and an estimated 61,000 displaced. The minister "
        "said 253 people have died and 66,000 are displaced."
    )
    assert ("212", "deaths") in found and ("253", "deaths") in found
    assert ("an estimated 61,000", "people_displaced") in found
    assert ("66,000", "people_displaced") in found
