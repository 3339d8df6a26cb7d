"""The small model tags bare numbers DATE when a date-like phrase is near them; a DATE tag is
believed only when the number is part of the date (scan._trust_date)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline, extract_many


@cache
def nlp() -> Language:
    return build_pipeline(None)


def values(text: str) -> list[tuple[Decimal, str]]:
    (found,) = extract_many(nlp(), [text], topic=None)
    return [(c.value, c.quantity) for c in found.claims]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the model tags "the tally past 100" as one DATE: no date word before the number
        ("The new admissions would take the tally past 100.", 100),
        # ... and "95 last week": the date phrase is the words after the number
        ("A trade paper put the figure at 95 last week, counting units separately.", 95),
    ],
)
def test_a_number_beside_a_date_phrase_is_still_a_quantity(text: str, value: int) -> None:
    assert (Decimal(value), "count") in values(text)


@pytest.mark.parametrize(
    "text",
    ["On May 5 the agency said so.", "In week 12 the count rose.", "By Friday 17 it was done."],
)
def test_a_number_that_is_part_of_a_date_is_no_quantity(text: str) -> None:
    assert values(text) == []
