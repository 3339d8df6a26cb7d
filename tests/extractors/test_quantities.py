"""The general quantity layer: every quantity of a sentence, whatever it counts (issue 13, e-i).

One behaviour per test on single sentences, then the dev scorer: cases/dev_quantities.jsonl
holds news sentences in many outlets' styles with every quantity labelled (value, interval,
qualifier, quantity, unit) and the numbers that are no quantities ("not": names, identifiers,
tallies, dates, years). Run `pytest tests/extractors/test_quantities.py -s` to see the figures.
The labels were written from DESIGN.md: the first 130 sentences before the scanner was changed,
the next 72 in two batches, each before the scanner was tuned on it (as a held-out check: value
F1 0.958 and 0.942 when first run). A fourth batch of 100 (sports, science, markets in six
currencies, energy, physical units, scores and identifiers) was committed before it was first
run: value F1 0.928 (precision 0.945, recall 0.911), agreement 0.982, traps clean 0.931; after
claims-24 (glued units and "pc", a scale on a scale, "450C.", fractions, "or over") 0.967 /
0.983 / 0.948. Its brief asked for fractions as percentages and multiples ("12 times the
median income") as no quantities; the dev sets' own writers label no fraction and label 29
multiples as counts, so the extractor follows them and those labels of the batch stay missed.
Floors are what it reached after tuning on all of them.
A fifth batch, cases/quantities_batch5.jsonl (120 sentences, 349 quantities, 113 traps, written
by a writer who never saw the extractor and committed before it was first run), is kept apart:
unseen, claims-33 gave value F1 0.932 (precision 0.936, recall 0.928), agreement 0.960, traps
clean 0.938; claims-34 (a number the NER calls a name with no word of its own, "aged 19 and
23", "She was 84.") 0.940 / 0.960 / 0.938. Its writer's conventions differ from the dev sets'
in places (a job cut "cut 35,000 jobs" is a delta of -35,000; "412p" is 4.12 GBP; an exchange
rate is money): those labels stay missed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import extract_many
from claimwatch.extractors.pipeline import extract_claims
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic

CASES = Path(__file__).parent / "cases" / "dev_quantities.jsonl"
# What the scanner reached on the dev cases (tuned on them); raise them as it improves, never
# lower them. With the scanner and numbers.py as they were before (issue 13, e-i) the same 202
# sentences score value F1 0.632, agreement 0.935, traps clean 0.571.
# With the fourth batch (302 sentences) the floors are its figures after claims-24.
FLOORS = {"value_f1": 0.983, "agreement": 0.993, "traps_clean": 0.985}
BATCH5 = CASES.with_name("quantities_batch5.jsonl")
BATCH5_FLOORS = {"value_f1": 0.940, "agreement": 0.960, "traps_clean": 0.938}
EPSILON = 0.005


def _claims(text: str, topic: Topic) -> list[tuple[Decimal, str, str | None]]:
    return [(c.value, c.quantity, c.noun) for c in extract_claims(text, topic=topic)]


def _one(text: str, topic: Topic) -> Claim:
    claims = extract_claims(text, topic=topic)
    assert len(claims) == 1, [(c.value_text, c.value, c.quantity) for c in claims]
    return claims[0]


# --------------------------------------------------------------------------- g: scale, currency


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The fund raised $500m last year.", "500000000", "USD"),
        ("The bank set aside £1.2bn for fines.", "1200000000", "GBP"),
        ("The startup raised $1million in seed funding.", "1000000", "USD"),
        ("Petrol will stay at RM2.05 a litre.", "2.05", "MYR"),
        ("The central bank injected INR1.5 trillion into banks.", "1500000000000", "INR"),
        ("The miner earned A$3.1 billion.", "3100000000", "AUD"),
        ("The state approved Rs 35 crore for relief.", "350000000", "INR"),
        ("The ministry set aside 10 billion rupees for roads.", "10000000000", "INR"),
        ("The firm reported a profit of ₹1,240 crore.", "12400000000", "INR"),
        ("The deal values it at 3.2 billion Swiss francs.", "3200000000", "CHF"),
    ],
)
def test_money_scale_and_currency(mythos: Topic, text: str, value: str, currency: str) -> None:
    claim = _one(text, mythos)
    assert (claim.value, claim.quantity, claim.noun) == (Decimal(value), "money", currency)


@pytest.mark.parametrize(
    ("text", "value"),
    [("The app has 6.8M subscribers.", "6800000"), ("It has 1.9m daily readers.", "1900000")],
)
def test_glued_scale_on_a_count(mythos: Topic, text: str, value: str) -> None:
    assert _one(text, mythos).value == Decimal(value)


def test_lakh_is_a_hundred_thousand(mythos: Topic) -> None:
    assert _one("Nearly 2 lakh candidates sat the exam.", mythos).value == Decimal(200000)


@pytest.mark.parametrize(
    ("text", "value", "quantity"),
    [
        ("Temperatures dropped to minus 22 degrees overnight.", "-22", "count"),
        ("The stock has returned -14% this year.", "-14", "percent"),
    ],
)
def test_negative_numbers(mythos: Topic, text: str, value: str, quantity: str) -> None:
    claim = _one(text, mythos)
    assert (claim.value, claim.quantity) == (Decimal(value), quantity)


def test_a_decrease_is_a_negative_delta(mythos: Topic) -> None:
    claims = extract_claims("Net migration fell by 120,000 to 685,000.", topic=mythos)
    assert [(c.value, c.kind) for c in claims] == [
        (Decimal(-120000), "delta"),
        (Decimal(685000), "level"),
    ]


def test_a_restated_change_keeps_its_sign(mythos: Topic) -> None:
    claims = extract_claims("Brent crude slid $1.42, or 1.7%, to $82.08 a barrel.", topic=mythos)
    assert [c.value for c in claims] == [Decimal("-1.42"), Decimal("-1.7"), Decimal("82.08")]


def test_what_was_lost_is_no_change(mythos: Topic) -> None:
    claim = _one("The company lost 300 customers in the spring.", mythos)
    assert (claim.value, claim.kind) == (300, "level")


def test_a_distance_after_a_verb_of_change_is_no_change(mythos: Topic) -> None:
    claim = _one("The worker fell 30 feet from a ladder.", mythos)
    assert (claim.value, claim.kind) == (30, "level")


# --------------------------------------------------------------------------- h: vague amounts


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Several hundred residents packed the gym.", 300, 900),
        ("A few hundred protesters gathered outside.", 200, 500),
        ("A few dozen police stood by.", 24, 60),
        ("Several dozen flights were delayed.", 36, 108),
        ("Millions of commuters faced delays.", 2_000_000, 9_999_999),
        ("Tens of millions of viewers tuned in.", 20_000_000, 99_999_999),
    ],
)
def test_vague_amounts(mythos: Topic, text: str, low: int, high: int) -> None:
    claim = _one(text, mythos)
    assert (claim.value, claim.low, claim.high, claim.qualifier) == (low, low, high, "vague")


def test_millions_of_dollars_is_money(mythos: Topic) -> None:
    claim = _one("The scandal cost taxpayers millions of dollars.", mythos)
    assert (claim.quantity, claim.noun, claim.low) == ("money", "USD", 2_000_000)


# --------------------------------------------------------------------------- i: time


@pytest.mark.parametrize(
    ("text", "value", "quantity", "unit"),
    [
        ("A 34-year-old man was charged.", 34, "age", "year"),
        ("The victim, aged 71, lived alone.", 71, "age", "year"),
        ("The program has been running for 3 years.", 3, "duration", "year"),
        ("Officials agreed to a 60-day freeze on the levies.", 60, "duration", "day"),
        ("The trial is expected to last six to eight weeks.", 7, "duration", "week"),
        ("He will appear in court within 14 days.", 14, "duration", "day"),
        ("Children under 5 were the worst hit.", 5, "age", "year"),
        ("Vouchers go to homes with someone over 65.", 65, "age", "year"),
        ("Among the patients, the median age was 67.", 67, "age", "year"),
        ("Ages ranged from 19 to 97.", 58, "age", "year"),
    ],
)
def test_durations_and_ages(mythos: Topic, text: str, value: int, quantity: str, unit: str) -> None:
    claim = _one(text, mythos)
    assert (claim.value, claim.quantity, claim.noun, claim.measure) == (
        value,
        quantity,
        unit,
        "other",
    )


def test_the_youngest_and_oldest_of_a_count_are_ages(mythos: Topic) -> None:
    """Ages said of a group's youngest and oldest are ages, not counts that could be filed
    under a measure; the group's own size is a count."""
    claims = _claims(
        "Of the 15 organizations with Mythos access, the youngest was 3 and the oldest 40.",
        mythos,
    )
    assert {int(value): quantity for value, quantity, _ in claims} == {
        15: "count",
        3: "age",
        40: "age",
    }
    # "the oldest 12 members" counts members
    members = _one("The oldest 12 members of the program joined in April.", mythos)
    assert (members.value, members.quantity) == (12, "count")


@pytest.mark.parametrize(
    "text",
    [
        "The law takes effect on Jan. 1, 2026.",
        "The meeting is set for 9:30 a.m. on Monday, Oct. 6.",
        "The store opens at 10 a.m. on weekdays.",
    ],
)
def test_dates_and_clock_times_are_no_quantities(mythos: Topic, text: str) -> None:
    assert _claims(text, mythos) == []


# --------------------------------------------------------------------------- e: no quantities


@pytest.mark.parametrize(
    "text",
    [
        "Commissioners voted 4-1 to rezone the parcel.",
        "The Supreme Court's 6-3 decision struck down the law.",
        "The match ended 1-1 on Saturday.",
        "The Senate passed the bill 68 to 32.",
        "The Celtics beat the Heat 112-98.",
    ],
)
def test_tallies_and_scores_are_no_quantities(mythos: Topic, text: str) -> None:
    assert _claims(text, mythos) == []


@pytest.mark.parametrize(
    "text",
    [
        "The S&P 500 and the Nasdaq 100 closed lower on Friday.",
        "Under Section 230 of the law, platforms are not liable.",
        "The company filed for Chapter 11 protection.",
        "Python 3.13 was released.",
        "Flight 370 disappeared over the ocean.",
        "The fund is based at 350 Fifth Avenue.",
        "Readers can call the newsroom at 555-0192.",
        "Residents can dial 311 to report potholes.",
        "The motorway is shut between junctions 10 and 11.",
        "The 2023 earthquake was the deadliest in decades.",
        "The council's 2010-11 budget was approved.",
    ],
)
def test_names_identifiers_and_years_are_no_quantities(mythos: Topic, text: str) -> None:
    assert _claims(text, mythos) == []


def test_a_number_after_a_count_names_a_model(mythos: Topic) -> None:
    claim = _one("Boeing delivered 27 737 Max jets in March.", mythos)
    assert claim.value == 27


# --------------------------------------------------------------------------- f: ranges


def test_a_year_between_two_levels_is_no_range_end(mythos: Topic) -> None:
    text = "Smartphone ownership climbed from 35 percent in 2011 to 85 percent last year."
    assert _claims(text, mythos) == [
        (Decimal(35), "percent", None),
        (Decimal(85), "percent", None),
    ]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Bankers value the unit at between US$14 and $16 billion.", 14e9, 16e9),
        ("Estimates of the damage range from $300 million to $1.1 billion.", 3e8, 1.1e9),
        ("Fines run from $50,000 to $1.5 million per violation.", 5e4, 1.5e6),
        ("Settlements from $200,000 to $414 million were paid out.", 2e5, 4.14e8),
    ],
)
def test_a_range_keeps_each_ends_scale(mythos: Topic, text: str, low: float, high: float) -> None:
    claim = _one(text, mythos)
    assert (claim.qualifier, claim.quantity, claim.low, claim.high) == (
        "range",
        "money",
        Decimal(str(int(low))),
        Decimal(str(int(high))),
    )


def test_a_change_from_one_level_to_another_is_no_range(mythos: Topic) -> None:
    claims = extract_claims("An increase from 7 percent to 73 percent was recorded.", topic=mythos)
    assert [(c.value, c.qualifier) for c in claims] == [(7, "exact"), (73, "exact")]


def test_descending_ends_are_two_numbers(mythos: Topic) -> None:
    claims = extract_claims("Polls show the incumbent leading 48% to 44%.", topic=mythos)
    assert [(c.value, c.qualifier) for c in claims] == [(48, "exact"), (44, "exact")]


# --------------------------------------------------------------------------- batch 4's misses
# (the fourth batch of dev_quantities.jsonl, measured before these were written: value F1 0.928)


@pytest.mark.parametrize(
    ("text", "value", "quantity"),
    [
        ("The Conservatives are on 24pc in the latest poll.", "24", "percent"),
        ("The FTSE 100 closed up 0.8pc at 8,312 points.", "0.8", "percent"),
        ("The central bank cut its key rate by 25bps.", "-25", "count"),
        ("The utility will build 500MW of battery storage.", "500", "count"),
        ("Broadband speeds in the valley average 31Mbps.", "31", "count"),
        ("The lock keeper is 6ft 2in tall and says so.", "6", "count"),
    ],
)
def test_a_unit_glued_to_its_digits(mythos: Topic, text: str, value: str, quantity: str) -> None:
    claims = [c for c in extract_claims(text, topic=mythos) if c.value == Decimal(value)]
    assert [c.quantity for c in claims] == [quantity]


def test_a_scale_on_a_scale_multiplies(mythos: Topic) -> None:
    claim = _one("The refiner booked revenue of Rs 2.3 lakh crore last year.", mythos)
    assert (claim.value, claim.noun) == (Decimal("2.3E+12"), "INR")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Surface temperatures on the planet reach about 450C.", "450"),
        ("It was 72F by noon in the capital.", "72"),
    ],
)
def test_a_temperature_glued_to_its_scale(mythos: Topic, text: str, value: str) -> None:
    # ("450C." ends its sentence with the full stop on it; "72F by noon" the model tags a time)
    assert _one(text, mythos).value == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "Two-thirds of Republicans say the economy is getting worse.",
        "Almost three quarters of pupils passed the exam.",
        "One in five adults in the county has diabetes.",
        "Rural homes still cannot get a 4G signal.",
    ],
)
def test_fractions_and_letter_marks_are_no_counts(mythos: Topic, text: str) -> None:
    assert extract_claims(text, topic=mythos) == []


def test_the_last_two_quarters_are_still_a_duration(mythos: Topic) -> None:
    claim = _one("Profits rose in each of the last two quarters.", mythos)
    assert (claim.value, claim.quantity) == (Decimal(2), "duration")


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("Nearly a third of residents are aged 65 or over.", "at_least", "65", None),
        ("Children aged 12 and under ride the ferry free.", "at_most", "0", "12"),
    ],
)
def test_or_over_and_under_bound_the_figure(
    mythos: Topic, text: str, qualifier: str, low: str, high: str | None
) -> None:
    claim = _one(text, mythos)
    assert (claim.qualifier, claim.low, claim.high) == (
        qualifier,
        Decimal(low),
        None if high is None else Decimal(high),
    )


# --------------------------------------------------------------------------- dev scorer


def _cases(path: Path = CASES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _dec(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


def _trap_span(text: str, trap: str) -> tuple[int, int] | None:
    m = re.search(r"(?<![\d.])" + re.escape(trap) + r"(?!\d)", text)
    return (m.start(), m.end()) if m else None


def measure_quantities(nlp: Language, topic: Topic, path: Path = CASES) -> dict[str, float]:
    """Value F1 over every quantity (a match is the same value and the same quantity), full
    agreement (interval, qualifier, unit, kind where labelled) on the matches, and the share of
    traps (numbers that are no quantities) with no claim on them."""
    rows = _cases(path)
    tp = fp = fn = agree = 0
    traps = traps_clean = 0
    extractions = extract_many(nlp, [r["text"] for r in rows], topic=topic)
    for row, ex in zip(rows, extractions, strict=True):
        gold = row["quantities"]
        pred = list(ex.claims)
        matched = Counter((Decimal(g["value"]), g["quantity"]) for g in gold) & Counter(
            (c.value, c.quantity) for c in pred
        )
        hit = sum(matched.values())
        tp, fp, fn = tp + hit, fp + len(pred) - hit, fn + len(gold) - hit
        for g in gold:
            key = (Decimal(g["value"]), g["quantity"])
            if not matched[key]:
                continue
            matched[key] -= 1
            want = (_dec(g["low"]), _dec(g["high"]), g["qualifier"])
            for c in pred:
                if (c.value, c.quantity) != key or (c.low, c.high, c.qualifier) != want:
                    continue
                if g["quantity"] != "count" and c.noun != g.get("noun"):
                    continue
                if "kind" in g and c.kind != g["kind"]:
                    continue
                agree += 1
                break
        for trap in row["not"]:
            span = _trap_span(row["text"], trap)
            assert span is not None, (trap, row["text"])
            traps += 1
            traps_clean += not any(c.start_char < span[1] and span[0] < c.end_char for c in pred)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "sentences": len(rows),
        "quantities": tp + fn,
        "value_precision": precision,
        "value_recall": recall,
        "value_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "agreement": agree / tp if tp else 1.0,
        "traps": traps,
        "traps_clean": traps_clean / traps if traps else 1.0,
    }


def test_dev_cases_are_labelled() -> None:
    rows = _cases()
    assert sum(len(r["quantities"]) for r in rows) >= 200
    kinds = Counter(q["quantity"] for r in rows for q in r["quantities"])
    assert set(kinds) == {"count", "money", "percent", "duration", "age"}
    for row in rows:
        for q in row["quantities"]:
            low, value, high = _dec(q["low"]), Decimal(q["value"]), _dec(q["high"])
            assert (low is None or low <= value) and (high is None or value <= high), q
            if q["quantity"] in ("money", "duration", "age"):
                assert q.get("noun"), q


def test_dev_quantities_hold_their_floors(nlp: Language, mythos: Topic) -> None:
    figures = measure_quantities(nlp, mythos)
    print("\nquantities on the dev cases (cases/dev_quantities.jsonl):")
    for name, value in figures.items():
        print(f"  {name:<22} {value:.3f}" if isinstance(value, float) else f"  {name:<22} {value}")
    for name, floor in FLOORS.items():
        assert figures[name] >= floor - EPSILON, f"{name} {figures[name]:.3f} fell below {floor}"


def test_batch5_holds_its_floors(nlp: Language, mythos: Topic) -> None:
    figures = measure_quantities(nlp, mythos, BATCH5)
    print("\nquantities on batch 5 (cases/quantities_batch5.jsonl):")
    for name, value in figures.items():
        print(f"  {name:<22} {value:.3f}" if isinstance(value, float) else f"  {name:<22} {value}")
    for name, floor in BATCH5_FLOORS.items():
        assert figures[name] >= floor - EPSILON, f"{name} {figures[name]:.3f} fell below {floor}"
