"""claims-17 (issue 13): amounts as a province's budget coverage writes them.

- An amount's own noun names its measure before the noun a few words ahead of it: "Interest on
  the debt will cost $9.2 billion" is interest, not debt.
- A difference ("$400 million smaller than projected", "$1.1 billion below its own forecast",
  "$250 million under budget") is a delta of what its sentence is about, signed by its
  comparative; its comparison's possessive ("its own forecast") names no other owner.
- A percentage of GDP (or of the economy) is a ratio measure's whose nouns say GDP, when what it
  is a share of is that measure's numerator or nothing named: "$190 billion, or 36.4% of GDP";
  not "a deficit of $5 billion, or 1.1% of GDP" for a measure of debt to GDP.
- "below 35 per cent", "under $4 billion" bound what they follow ("the ratio", "the deficit");
  "fell below $180 billion" is a level crossed, not a fall of $180 billion.
- A cost to someone, or to do something ("each trip cost the agency $6.10 to run"), is no size
  of the verb's subject.

The sentences are this file's own, on a made-up province (Norland).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

NORLAND = """
name = "norland_finances"

[relevance]
all_of = [["Norland"], ["deficit", "debt", "budget"]]

[[entities]]
name = "Norland"
label = "GPE"
aliases = ["the province"]

[[measures]]
name = "deficit"
description = "Norland's annual budget deficit in dollars, or a change in it"
subject = "Norland"
nouns = ["deficit", "shortfall"]
context = ["budget", "fiscal year", "forecast", "projected"]

[[measures]]
name = "net_debt"
description = "Norland's net debt in dollars, or a change in it"
subject = "Norland"
nouns = ["net debt", "debt"]
context = ["outstanding", "borrowing"]

[[measures]]
name = "debt_to_gdp"
description = "Norland's net debt as a percentage of provincial GDP, or a change in it"
subject = "Norland"
nouns = ["debt-to-GDP", "ratio", "share of GDP"]
context = ["GDP", "economy", "ratio"]

[[measures]]
name = "debt_interest"
description = "Norland's annual interest costs on its debt in dollars, or a change in them"
subject = "Norland"
nouns = ["interest", "interest costs", "debt charges"]
context = ["interest rates", "servicing"]
"""

TRANSIT = """
name = "fares"

[[measures]]
name = "fare"
description = "The base fare of a ride in dollars"
nouns = ["fare", "ride", "trip"]
context = ["fare", "ride", "trip"]
"""


@cache
def topic(text: str = NORLAND) -> Topic:
    return parse_topic(text, default_name="t")


def claims(text: str, source: str = NORLAND) -> dict[str, Claim]:
    """The text's claims by the text of their figure."""
    t = topic(source)
    (ex,) = extract_many(build_pipeline(t), ["Norland budget.\n\n" + text], topic=t)
    return {c.value_text: c for c in ex.claims}


def test_an_amounts_own_noun_names_it_before_the_noun_ahead_of_it() -> None:
    found = claims("Interest on the debt will cost $9.2 billion this year, Norland says.")
    assert found["$9.2 billion"].measure == "debt_interest"
    assert found["$9.2 billion"].kind == "level"


def test_a_plural_measure_noun_names_its_singular_compound() -> None:
    # "interest costs" in the topic; the lemma of the sentence's compound is "interest cost"
    found = claims("Norland's interest costs will be $9.4 billion next year.")
    assert found["$9.4 billion"].measure == "debt_interest"


def test_a_difference_is_a_signed_delta_of_the_figure_before_it() -> None:
    found = claims(
        "Norland's deficit is now forecast at $5.3 billion, $400 million smaller than projected "
        "in the spring budget. Interest will cost $9.2 billion, $350 million more than last "
        "year."
    )
    assert found["$5.3 billion"].measure == "deficit"
    smaller = found["$400 million"]
    assert (smaller.measure, smaller.kind, smaller.value) == ("deficit", "delta", Decimal(-4e8))
    more = found["$350 million"]
    assert (more.measure, more.kind, more.value) == (
        "debt_interest",
        "delta",
        Decimal(350_000_000),
    )


def test_a_difference_takes_what_its_sentence_names_and_its_comparison_owns_nothing() -> None:
    found = claims("Last year Norland's deficit came in $1.1 billion below its own forecast.")
    below = found["$1.1 billion"]
    assert (below.measure, below.kind, below.value) == ("deficit", "delta", Decimal(-1.1e9))
    assert below.subject == "Norland"


def test_under_budget_is_a_difference_but_under_a_plan_is_by_its_terms() -> None:
    found = claims(
        "Norland's interest costs came to $8.8 billion, $250 million under budget. The deficit "
        "was $6.1 billion, compared with $7.0 billion under the opposition's plan."
    )
    assert found["$250 million"].kind == "delta"
    assert found["$250 million"].value == Decimal(-250_000_000)
    assert found["$7.0 billion"].kind == "level"
    assert found["$7.0 billion"].value == Decimal(7_000_000_000)


def test_a_comparison_with_no_direction_is_an_unsigned_difference() -> None:
    found = claims(
        "The watchdog was $1.4 billion more pessimistic than the province on the deficit. A "
        "year ago it was $0.6 billion less pessimistic than the province on the deficit."
    )
    for figure, value in (("$1.4 billion", 1_400_000_000), ("$0.6 billion", 600_000_000)):
        assert found[figure].kind == "delta"
        assert found[figure].value == Decimal(value)


def test_a_difference_of_something_its_own_noun_names_is_not_the_measures() -> None:
    found = claims("Revenue was $2 billion higher than expected, narrowing the deficit.")
    assert found["$2 billion"].measure == "other"


def test_a_share_of_gdp_or_of_the_economy_is_the_ratio_measures() -> None:
    found = claims(
        "Net debt is projected at $190 billion, or 36.4% of GDP. Last March the province's net "
        "debt was 35.9 per cent of its economy."
    )
    assert found["$190 billion"].measure == "net_debt"
    assert found["36.4%"].measure == "debt_to_gdp"
    assert found["35.9 per cent"].measure == "debt_to_gdp"


def test_a_share_of_gdp_of_another_thing_is_not_the_ratio_measures() -> None:
    found = claims(
        "The province projects a deficit of $5 billion, or 1.1% of GDP. Debt charges equal "
        "6.2% of revenue. Foreign investors hold 30 per cent of Norland's debt."
    )
    assert found["$5 billion"].measure == "deficit"
    assert found["1.1%"].measure == "other"
    assert found["6.2%"].measure == "other"
    assert found["30 per cent"].measure == "other"  # a share of the debt, not of GDP


def test_a_bound_is_of_what_it_follows() -> None:
    found = claims(
        "Norland wants the ratio below 35 per cent by 2030. The plan would still get the "
        "deficit under $4 billion by 2028."
    )
    ratio, deficit = found["below 35 per cent"], found["under $4 billion"]
    assert (ratio.measure, ratio.qualifier, ratio.value) == ("debt_to_gdp", "less_than", 35)
    assert (deficit.measure, deficit.qualifier) == ("deficit", "less_than")
    assert deficit.value == Decimal(4_000_000_000)


def test_a_level_crossed_by_a_verb_of_change_is_no_change() -> None:
    found = claims(
        "Norland's net debt fell below $180 billion in March, and then fell $2 billion. Its "
        "interest costs dipped just under $9 billion."
    )
    assert found["just under $9 billion"].kind == "level"
    assert found["just under $9 billion"].value == Decimal(9_000_000_000)
    crossed = found["below $180 billion"]
    assert (crossed.kind, crossed.value, crossed.qualifier) == (
        "level",
        Decimal(180_000_000_000),
        "less_than",
    )
    fell = found["$2 billion"]
    assert (fell.kind, fell.value) == ("delta", Decimal(-2_000_000_000))


def test_an_amount_in_a_fiscal_year_is_not_of_the_year() -> None:
    found = claims("Debt charges are budgeted at $9.0 billion in FY2027.")
    assert found["$9.0 billion"].measure == "debt_interest"


def test_what_something_costs_someone_to_do_is_no_size_of_it() -> None:
    found = claims(
        "A ride costs $3.25 after the increase. Each trip cost the agency $6.10 to run last year.",
        TRANSIT,
    )
    assert found["$3.25"].measure == "fare"
    assert found["$6.10"].measure == "other"
