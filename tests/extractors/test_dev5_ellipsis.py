"""Bare counts, round 8 (issue 13, dev set 5): counts whose sentence does not name what they
count and that take their measure from the discourse.

- A bare count follows the count before it in its paragraph when a later pass files that
  count under a measure: "the preview had 45 members. It has 42."; not when it is many times
  that count, nor when the count before names things the measure does not count, nor when it
  is set off after a name (an age).
- A bare count that is the subject of a verb its measure's context names is that measure's:
  "27 had died by Sunday", "900 had been evacuated"; not a verb no measure names.

The sentences and the topics are this file's own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic
from tests.extractors.test_dev5_counts import FLOOD  # a storm's evacuations and deaths

PREVIEW = """
name = "atlas"

[[entities]]
name = "Corvid"
label = "ORG"
aliases = ["Corvid Labs"]

[[entities]]
name = "Atlas"
label = "PRODUCT"
aliases = ["Atlas preview"]

[[measures]]
name = "orgs_with_access"
description = "How many organizations Corvid lets use its Atlas preview"
subject = "Atlas"
nouns = ["organization", "company", "firm"]
context = ["access", "use", "preview"]
"""


@cache
def topic(text: str) -> Topic:
    return parse_topic(text, default_name="t")


@cache
def nlp(text: str) -> Language:
    return build_pipeline(topic(text))


def by_value(spec: str, text: str) -> dict[Decimal, Claim]:
    (ex,) = extract_many(nlp(spec), [text], topic=topic(spec))
    return {c.value: c for c in ex.claims}


# --------------------------------------------------------------------------- bare subjects


def test_a_bare_count_that_died_counts_deaths() -> None:
    found = by_value(
        FLOOD,
        "Storm Halden battered the coast of Norvania on Friday.\n\n"
        "Across Norvania, 27 had died by Sunday night, the interior ministry said.",
    )
    assert found[Decimal(27)].measure == "deaths"


def test_a_bare_count_that_was_evacuated_counts_evacuations() -> None:
    found = by_value(
        FLOOD,
        "Storm Halden battered the coast of Norvania on Friday.\n\n"
        "By Saturday evening, 900 had been evacuated from the coast, the ministry said.",
    )
    assert found[Decimal(900)].measure == "evacuated"


def test_a_bare_count_that_did_what_no_measure_names_stays_outside() -> None:
    found = by_value(
        FLOOD,
        "Storm Halden battered the coast of Norvania on Friday.\n\n"
        "Of the fishermen we met, 14 planned to sail again within a week.",
    )
    assert found[Decimal(14)].measure == "other"


# --------------------------------------------------------------------------- following


def test_a_bare_count_follows_the_members_counted_before_it() -> None:
    found = by_value(
        PREVIEW,
        "Corvid lets 40 organizations use its Atlas preview.\n\n"
        "Correction: an earlier version of this story said the Atlas preview had 45 members. "
        "It has 42, according to Corvid.",
    )
    assert found[Decimal(45)].measure == "orgs_with_access"
    assert found[Decimal(42)].measure == "orgs_with_access"


def test_a_bare_count_many_times_the_one_before_counts_something_else() -> None:
    found = by_value(
        PREVIEW,
        "Corvid lets 40 organizations use its Atlas preview.\n\n"
        "An earlier version of this story said the Atlas preview had 45 members. "
        "It has 4,000, according to Corvid.",
    )
    assert found[Decimal(4000)].measure == "other"


def test_a_bare_count_set_off_after_a_name_follows_nothing() -> None:
    found = by_value(
        FLOOD,
        "Storm Halden battered the coast of Norvania on Friday.\n\n"
        "Across Norvania, 27 had died by Sunday night, the interior ministry said.\n\n"
        '"He knew the river better than anyone," said his brother, Aron Vik, 31.',
    )
    assert found[Decimal(27)].measure == "deaths"
    assert found[Decimal(31)].measure == "other"
