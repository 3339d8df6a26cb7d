"""claims-20 (issue 13): measures in units other than counts and dollars, and answers to
question headings, as dev set 14's wildfire and national-budget coverage writes them.

- A measure "in acres" whose nouns name the acre counts acres ("3,500 acres" is its value),
  though its description asks "how much land"; a measure "in dukats (MDK)" is a money measure
  though the lexicon knows no dukat.
- Three capitals the lexicon does not list, right before a number with a scale, are a currency
  code ("MDK 43.6bn"); not a word of a headline set in capitals ("ALL 2 MILLION"); so are they
  with a scale in a table's header ("Deficit, ZLK bn" over "38.2").
- A clause about the event a measure's subject names ("the fire could reach 50,000 acres")
  says what the count is as plainly as a context word.
- "an increase of about 600 acres", "the fire grew 4,100 acres": deltas; "grew to", "raised $5
  million" stay levels.
- A question heading names its measure by a context phrase of several words ("How many people
  have lost their homes?").
- A count is never below zero: "temperatures that fall to minus 8" is no count of people.
- "480 structures destroyed and 95 damaged": the damaged are a group of their own (lexicon
  state_words), though the measure's context says "damage inspection".
- "Of those, 598 are single-family homes and 235 are outbuildings": a breakdown of the set
  before it, no values of the measure.
- "gone from 52 to 58": figures the NER calls a date, though neither is a year or an hour.
- "58." opening the line under a question answers it: a list's number has a neighbour.
- "OpenAI's comparable program had grown to about 45 companies": a program measure's learned
  step never files a count the rules gave to another organization.
- A probability is no measure's percentage ("put the probability of a downgrade at 40 per
  cent", "a 30% chance"), unless the measure's words name one (measure._possible).

The sentences are this file's own, on a made-up wildfire, a made-up country's budget and a
made-up earthquake, and the Mythos dispute.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic
from tests.extractors.topic_kit import MYTHOS, by_text, topic_of

FIRE = """
name = "fire"

[[measures]]
name = "area_burned"
description = "How much land the Kestrel Ridge Fire has burned, in acres"
subject = "Kestrel Ridge Fire"
nouns = ["acre", "acreage", "land"]
context = ["burned", "scorched", "grew", "mapped"]

[[measures]]
name = "homes_destroyed"
description = "How many homes the Kestrel Ridge Fire has destroyed"
subject = "Kestrel Ridge Fire"
nouns = ["home", "house", "structure"]
context = ["destroyed", "razed"]
"""

BUDGET = """
name = "budget"

[[entities]]
name = "Government of Tessaly"
label = "GPE"
aliases = ["Tessaly", "the government"]

[[measures]]
name = "deficit"
description = "Tessaly's projected budget deficit for next year, in zlotniks (ZLK)"
subject = "Government of Tessaly"
nouns = ["deficit", "shortfall", "gap"]
context = ["budget", "projected", "forecast"]
"""

DEBT = """
name = "debt"

[[measures]]
name = "debt_ratio"
description = "Tessaly's public debt as a percentage of GDP"
nouns = ["debt", "public debt"]
context = ["GDP", "ratio", "rise", "reach"]
"""

QUAKE = """
name = "quake"

[[measures]]
name = "deaths"
description = "How many people the Orvani earthquake killed"
nouns = ["people", "person", "death", "dead"]
context = ["killed", "died", "toll"]

[[measures]]
name = "people_displaced"
description = "How many people the Orvani earthquake left homeless"
nouns = ["people", "person", "resident"]
context = ["displaced", "homeless", "lost their homes", "shelters"]
"""


TOPICS = {"mythos": MYTHOS, "fire": FIRE, "budget": BUDGET, "quake": QUAKE, "debt": DEBT}


def topic(name: str) -> Topic:
    return topic_of(TOPICS[name])


def claims(text: str, name: str) -> dict[str, Claim]:
    return by_text(text, topic(name))


FIRE_LEAD = "Kestrel Ridge Fire spreads\n\n"


def test_a_measure_in_acres_counts_acres() -> None:
    found = claims(
        FIRE_LEAD + "The Kestrel Ridge Fire had scorched about 3,500 acres by Sunday night and "
        "destroyed 40 homes. The county owns 12,000 acres of parkland.",
        "fire",
    )
    assert found["about 3,500"].measure == "area_burned"
    assert found["40"].measure == "homes_destroyed"
    assert found["12,000"].measure == "other"


def test_a_clause_about_the_measures_event_names_it() -> None:
    found = claims(
        FIRE_LEAD + "Officials said the fire could reach 50,000 acres if the wind returns. A "
        "mapping flight put the fire at 41,300 acres.",
        "fire",
    )
    assert (found["50,000"].measure, found["50,000"].modality) == ("area_burned", "proposed")
    assert found["41,300"].measure == "area_burned"


def test_growth_of_an_amount_is_a_delta() -> None:
    found = claims(
        FIRE_LEAD + "The fire burned 4,100 acres by noon, an increase of about 600 acres in two "
        "hours. Overnight the fire grew roughly 2,900 acres. By Tuesday it had grown to 9,000 "
        "acres.",
        "fire",
    )
    assert (found["about 600"].measure, found["about 600"].kind) == ("area_burned", "delta")
    assert found["roughly 2,900"].kind == "delta"
    assert found["4,100"].kind == "level" and found["9,000"].kind == "level"
    raised = claims("Tessaly budget\n\nThe government raised ZLK 5bn from a bond sale.", "budget")
    assert raised["ZLK 5bn"].kind == "level"


def test_an_unlisted_currency_code_before_a_scaled_sum() -> None:
    found = claims(
        "Tessaly budget shows ZLK 38.2bn deficit\n\nThe government projected a budget deficit "
        "of ZLK 38.2 billion for next year. Critics put the gap at ZLK 41bn to ZLK 44bn. ALL 2 "
        "MILLION PENSIONERS WILL PAY.",
        "budget",
    )
    for text in ("ZLK 38.2bn", "ZLK 38.2 billion", "ZLK 41bn to ZLK 44bn"):
        assert found[text].quantity == "money", text
        assert found[text].measure == "deficit", text
    assert found["ZLK 38.2 billion"].value == Decimal("38200000000")
    assert found["2 MILLION"].quantity == "count"


def test_a_question_heading_names_its_measure_by_a_phrase() -> None:
    found = claims(
        "Orvani quake toll rises\n\nThe earthquake killed 212 people, the agency said.\n\n"
        "How many people have lost their homes?\n\nAbout 48,000, by the Red Crescent's count.",
        "quake",
    )
    assert found["212"].measure == "deaths"
    assert found["About 48,000"].measure == "people_displaced"


def test_no_count_is_below_zero() -> None:
    found = claims(
        "Orvani quake leaves thousands homeless\n\nAbout 48,000 people are displaced and "
        "sleeping in shelters, where temperatures fall to minus 8 at night.",
        "quake",
    )
    assert found["About 48,000"].measure == "people_displaced"
    assert found["minus 8"].measure == "other"


def test_the_damaged_are_not_the_destroyed() -> None:
    found = claims(
        FIRE_LEAD + "Damage inspection teams have confirmed 480 homes destroyed and 95 damaged "
        "by the Kestrel Ridge Fire. Another 161 homes have been damaged.",
        "fire",
    )
    assert found["480"].measure == "homes_destroyed"
    assert found["95"].measure == "other" and found["161"].measure == "other"


def test_a_breakdown_of_the_set_before_it_is_no_value_of_the_measure() -> None:
    found = claims(
        FIRE_LEAD + "The fire has destroyed 870 homes. Of those, 598 are single-family homes "
        "and 235 are cabins. Of the 1,140 residents who answered our survey, 41% said the fire "
        "destroyed 12 homes on their street.",
        "fire",
    )
    assert found["870"].measure == "homes_destroyed"
    assert found["598"].measure == "other" and found["235"].measure == "other"
    # "the 1,140 residents who answered" opens on no set the sentence breaks down
    assert found["12"].measure == "homes_destroyed"


def test_figures_the_ner_calls_a_date_are_counts() -> None:
    found = claims(
        "Mythos hearing\n\nAnthropic gave Mythos to more organizations. In the meantime you "
        "have quietly gone from 52 to 58? The hearing ran from 9 to 11 on Monday.",
        "mythos",
    )
    assert {"52", "58"} <= set(found)


def test_a_number_opening_the_answer_to_a_question_is_no_list_item() -> None:
    found = claims(
        "Mythos questions\n\n1. How many organizations can use Mythos now?\n\n58. That is "
        "Anthropic's own figure, up from 52 in April.\n\n2. What comes next?\n\nTalks.",
        "mythos",
    )
    assert found["58"].measure == "orgs_with_access"
    assert Decimal(1) not in {c.value for c in found.values()}
    assert Decimal(2) not in {c.value for c in found.values()}


def test_another_organizations_program_is_never_filed_by_the_learned_step() -> None:
    found = claims(
        "Lawmakers press Anthropic on Mythos\n\nAnthropic told a House panel on Tuesday that 58 "
        "organizations now use Mythos, up from 52 in April.\n\nRep. Ellen Okafor read out a "
        "letter from 11 senators asking the administration to let hospitals join the program. "
        '"The country has roughly 6,000 hospitals," she said. "Fifty-eight organizations is no '
        'defense plan."\n\nMembers were split. Rep. Curt Lyle said each of the 58 was a risk, '
        "while Rep. Dana Holt asked why OpenAI's comparable program had grown to about 45 "
        'companies "without a single hearing."',
        "mythos",
    )
    assert found["58"].measure == "orgs_with_access"
    assert (found["about 45"].measure, found["about 45"].subject) == ("other", "OpenAI")


def test_a_probability_is_no_share_of_the_debt() -> None:
    found = claims(
        "Tessaly debt climbs\n\nPublic debt stood at 72.4% of GDP at the end of December, and "
        "the budget projects a rise to 73.1% by March. Fennimore Securities put the probability "
        "of a downgrade this year at 40 per cent, up from 25 per cent in December. Economists "
        "see a 30% chance that debt will rise further.",
        "debt",
    )
    assert found["72.4%"].measure == "debt_ratio" and found["73.1%"].measure == "debt_ratio"
    assert found["40 per cent"].measure == "other" and found["30%"].measure == "other"


def test_a_table_header_declares_an_unlisted_currency() -> None:
    found = claims(
        "Tessaly's deficits\n\nThe deficit has narrowed, the ministry's tables show.\n\n"
        "Fiscal year | Deficit, ZLK bn | Debt, % of GDP\n\n2024-25 | 41.5 | 70.2\n\n"
        "2025-26 | 38.2 | 71.0",
        "budget",
    )
    assert found["38.2"].quantity == "money"
    assert found["38.2"].value == Decimal("38200000000")
    assert found["71.0"].quantity == "percent"
