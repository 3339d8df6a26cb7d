"""A hundredth of a currency is money, not a count of cents: "a 40-cent fare rise" is USD 0.40
(it was a count of 40 "cent"s, and "a 50-cent increase" was $50)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline, extract_many


@cache
def nlp() -> Language:
    return build_pipeline(None)


def money(text: str) -> list[tuple[str, Decimal, Decimal | None, Decimal | None, str | None]]:
    (found,) = extract_many(nlp(), [text], topic=None)
    return [
        (c.value_text, c.value, c.low, c.high, c.noun)
        for c in found.claims
        if c.quantity == "money"
    ]


@pytest.mark.parametrize(
    ("text", "span", "value", "currency"),
    [
        ("The board raised the base fare by 40 cents, to $2.40 a ride.", "40 cents", "0.40", "USD"),
        ("Staff had proposed a 50-cent increase.", "50-cent", "0.50", "USD"),
        ("First-class stamps rose 10 pence on Monday.", "10 pence", "0.10", "GBP"),
        ("A loaf now costs 20 euro cents more.", "20 euro cents", "0.20", "EUR"),
        ("He paid 99 cents for the app.", "99 cents", "0.99", "USD"),
    ],
)
def test_a_hundredth_of_a_currency_is_money(
    text: str, span: str, value: str, currency: str
) -> None:
    found = {s: (v, code) for s, v, _, _, code in money(text)}
    assert found[span] == (Decimal(value), currency)


def test_a_range_of_cents_scales_both_ends() -> None:
    ((span, value, low, high, code),) = money("Fares will rise between 25 and 50 cents.")
    assert (low, high, code) == (Decimal("0.25"), Decimal("0.50"), "USD")
    assert value == Decimal("0.375")


def test_per_cent_is_still_a_percentage_and_a_dollar_amount_is_unchanged() -> None:
    (found,) = extract_many(nlp(), ["Inflation was 3 per cent and the fare is $2.40."], topic=None)
    assert [(c.value, c.quantity) for c in found.claims] == [
        (Decimal(3), "percent"),
        (Decimal("2.40"), "money"),
    ]
