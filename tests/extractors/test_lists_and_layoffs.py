"""claims-21 (issue 13): a waiting list counted in millions and a carmaker's job cuts, as dev
set 15's coverage writes them, and the Mythos talks' words for a number under negotiation.

- A count measure described "How many patients ..., or how much it grew" counts: "how much"
  names its change, not a sum of money.
- Of two measures that count the same noun and whose words the sentence says, the one whose
  matched term is longest: "421,350 patients have now waited more than a year" is a count of
  the year-long waits, not of the whole list ("waited").
- "The waiting list stood at 7.39 million": an "-ing" compound says what a list is for; the
  list is the counted noun.
- "seven and a half million", "half a million", "two and a half years", "between six and six
  and a half million" are read whole.
- "a drop of 11,400", "a further fall of about 392,000": deltas of decrease, negative (not "a
  loss of $412 million" or "cuts of 4,300 jobs").
- A table whose introducing sentence declares its counts' scale ("(list size in millions of
  pathways)") scales its cells.
- "Norvik Auto, which is cutting 2,500 jobs", "Tessel Components says it will cut 650 jobs":
  a pronoun doer stands for its organization, whose count it is.
- "negotiators are converging on 30 additional organizations", "Anthropic has floated
  reaching about 150": numbers under negotiation are proposed.

The sentences are this file's own, on a made-up health service's list, a made-up carmaker,
and the Mythos dispute.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims import discourse
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic
from tests.extractors.topic_kit import MYTHOS, by_text, topic_of

WAITS = """
name = "waits"

[[entities]]
name = "Tarrow Health Service"
label = "ORG"
aliases = ["THS"]

[[measures]]
name = "waiting_list"
description = '''How many patients are on the Tarrow Health Service's waiting list for planned
treatment, or how much it grew or shrank. Patients waiting more than a year are long_waits.'''
subject = "Tarrow Health Service"
nouns = ["waiting list", "list", "patient", "treatment", "pathway"]
context = ["waiting", "wait", "list", "backlog", "fell", "rose"]

[[measures]]
name = "long_waits"
description = "How many patients on the list have waited more than a year"
subject = "Tarrow Health Service"
nouns = ["patient", "pathway"]
context = ["more than a year", "52 weeks", "year-long"]
"""

CUTS = """
name = "cuts"

[[entities]]
name = "Brannock Motors"
label = "ORG"
aliases = ["Brannock"]

[[measures]]
name = "jobs_cut"
description = "How many jobs Brannock Motors cuts or plans to cut in its restructuring"
subject = "Brannock Motors"
nouns = ["job", "position", "worker"]
context = ["cut", "cuts", "eliminate", "shed", "lose", "restructuring"]
"""


TOPICS = {"mythos": MYTHOS, "waits": WAITS, "cuts": CUTS}


def topic(name: str) -> Topic:
    return topic_of(TOPICS[name])


def claims(text: str, name: str) -> dict[str, Claim]:
    return by_text(text, topic(name))


LEAD = "Tarrow's waiting list\n\n"


def test_how_much_a_count_measure_grew_leaves_it_a_count() -> None:
    (waiting, long_waits) = topic("waits").measures
    assert discourse.units_of(waiting) == {"count"}
    assert discourse.units_of(long_waits) == {"count"}


def test_the_most_specific_measure_takes_a_count_both_could_take() -> None:
    found = claims(
        LEAD + "The list held 7.2 million patients in March. Some 421,350 patients have now "
        "waited more than a year for their treatment.",
        "waits",
    )
    assert found["7.2 million"].measure == "waiting_list"
    assert found["Some 421,350"].measure == "long_waits"


def test_the_waiting_list_is_what_it_counts() -> None:
    found = claims(LEAD + "The waiting list stood at 7.39 million at the end of March.", "waits")
    assert (found["7.39 million"].noun, found["7.39 million"].measure) == ("list", "waiting_list")


def test_halves_are_read_whole() -> None:
    found = claims(
        LEAD + "She is one of more than seven and a half million people on the waiting list. "
        "You cannot take half a million off the list in a year. Her wait began two and a half "
        "years ago. Somewhere between six and six and a half million patients are waiting.",
        "waits",
    )
    assert found["more than seven and a half million"].value == Decimal(7_500_000)
    assert found["half a million"].value == Decimal(500_000)
    years = found["two and a half years"]
    assert (years.value, years.quantity, years.noun) == (Decimal("2.5"), "duration", "year")
    spread = found["between six and six and a half million"]
    assert (spread.low, spread.high) == (Decimal(6_000_000), Decimal(6_500_000))


def test_a_drop_of_n_is_a_negative_change() -> None:
    found = claims(
        LEAD + "The list fell to 7.35 million in April, a drop of 11,400 patients on March. "
        "Meeting the target needs a further fall of about 392,000 by next spring. Brannock "
        "booked a loss of $412 million.",
        "waits",
    )
    drop = found["11,400"]
    assert (drop.value, drop.kind) == (Decimal(-11_400), "delta")
    assert found["about 392,000"].value == Decimal(-392_000)
    assert found["$412 million"].value == Decimal(412_000_000)  # a loss is a level


def test_a_table_introduced_with_its_scale_scales_its_cells() -> None:
    found = claims(
        LEAD + "Our model projects the list month by month from referrals and completed "
        "treatments, with removals after validation counted separately. We ran two "
        "scenarios (list size in millions of pathways):\n\n"
        "Scenario | March 2027 | March 2028\n\n"
        "Central | 7.06 | 6.71\n\n"
        "Full capacity | 6.93 | 6.38\n\n"
        "The central case misses the target.",
        "waits",
    )
    assert found["7.06"].value == Decimal(7_060_000)
    assert found["6.38"].value == Decimal(6_380_000)


def test_a_pronoun_doer_is_its_organizations() -> None:
    found = claims(
        "Brannock Motors to cut 3,200 jobs\n\n"
        "Brannock Motors will cut 3,200 jobs in the region, the carmaker said. Brannock said "
        "the cuts would come in two waves.\n\n"
        "Norvik Auto, which is cutting 2,500 jobs, booked a charge last quarter. Seat supplier "
        "Tessel Components says it will cut 650 jobs at its sites near the plant.",
        "cuts",
    )
    assert found["3,200"].measure == "jobs_cut"
    assert (found["2,500"].measure, found["2,500"].subject) == ("other", "Norvik Auto")
    assert (found["650"].measure, found["650"].subject) == ("other", "Tessel Components")


def test_numbers_under_negotiation_are_proposed() -> None:
    found = claims(
        "Mythos talks\n\n"
        "Beltway Wire reports that negotiators are converging on 30 additional organizations "
        "for Anthropic's Mythos program. Two people familiar with the talks say Anthropic has "
        'floated reaching "about 150" organizations in 2027.',
        "mythos",
    )
    assert (found["30"].kind, found["30"].modality) == ("delta", "proposed")
    assert found["about 150"].modality == "proposed"


def test_a_caption_with_a_vague_amount_or_two_scales_scales_nothing() -> None:
    found = claims(
        LEAD + "Tens of thousands are waiting in every region:\n\n"
        "Region | March | April\n\n"
        "North | 7.06 | 6.71\n\n"
        "Waiting list, millions; monthly change in thousands:\n\n"
        "Month | List | Change\n\n"
        "April | 7.35 | -38.9\n\n"
        "That is the latest month.",
        "waits",
    )
    assert found["7.06"].value == Decimal("7.06")  # "tens of thousands" declares no scale
    assert found["7.35"].value == Decimal("7.35")  # which column is in which is unsaid
