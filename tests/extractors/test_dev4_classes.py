"""Issue 13, round 6 (dev set 4's classes): those admitted named for their admission
("licensees", "invitations", "places"), figures denied as ever put forward ("we never
said 300"), figures set against each other with "or" ("is it 48 or 57?"), which are two
figures, not one rough range; figures framed as proposals (a figure taken from an ask, a
concession "even at 87", "the right number is closer to 70", a "Proposed total:" label, a table
row of labelled cells); European number formats ("2 300", "1,8 %"); and a text that never
uses its measure's words but puts forward counts of its things. The sentences are this file's
own.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from claimwatch.extractors import numbers
from claimwatch.extractors.nlp import build_pipeline
from tests.extractors.test_modality_repeats import claims_list, topic

ACCESS = "orgs_with_access"
MYTHOS = (Path(__file__).resolve().parents[2] / "topics" / "mythos.toml").read_text()
M = Decimal(1_000_000)

HARBOUR = """
name = "harbour"

[[measures]]
name = "daily_cost"
description = "What the dock strike costs the region each day"
unit = "money"
nouns = ["loss", "cost"]
context = ["strike", "losing", "cost"]
"""


def by_value(text: str) -> dict[Decimal, list]:
    out: dict[Decimal, list] = {}
    for c in claims_list(MYTHOS, text):
        out.setdefault(c.value, []).append(c)
    return out


def test_licensees_and_invitations_count_as_admitted_organisations() -> None:
    got = by_value(
        "Anthropic wants to give Mythos access to 90 organizations. The White House offered "
        "a smaller step: eleven additional licensees. Anthropic hopes to send 25 more "
        "invitations by autumn."
    )
    eleven, more = got[Decimal(11)][0], got[Decimal(25)][0]
    assert (eleven.measure, eleven.kind, eleven.modality) == (ACCESS, "delta", "proposed")
    assert (more.measure, more.kind, more.modality) == (ACCESS, "delta", "proposed")


def test_a_denied_figure_is_a_disputed_proposal() -> None:
    got = by_value(
        'Anthropic has asked for Mythos access for 85 firms. "We never said 300," the '
        'company\'s policy chief said. "We are not asking for 240 places."'
    )
    for value in (Decimal(300), Decimal(240)):
        c = got[value][0]
        assert (c.measure, c.modality, c.negated) == (ACCESS, "proposed", True)


def test_a_reported_figure_not_denied_stays_actual() -> None:
    got = by_value("Anthropic gave Mythos access to 57 firms, the company said.")
    assert got[Decimal(57)][0].modality == "actual"


def test_figures_set_against_each_other_are_two_figures() -> None:
    got = by_value("Anthropic gave Mythos access to more firms. Is the count 48 or 57?")
    assert Decimal(48) in got and Decimal(57) in got
    assert not any(c.qualifier == "range" for cs in got.values() for c in cs)


def test_a_rough_or_between_round_figures_stays_one_range() -> None:
    got = by_value("Anthropic gave Mythos access to 10 or 15 firms in the first week.")
    c = got[Decimal("12.5")][0]
    assert (c.low, c.high, c.qualifier) == (Decimal(10), Decimal(15), "range")


def test_a_list_of_figures_ending_in_or_is_alternatives() -> None:
    got = by_value("Outlets put the Mythos access figure at 80, 130 or 200 organizations.")
    assert {Decimal(80), Decimal(130), Decimal(200)} <= set(got)


def test_a_generic_figure_taken_from_an_ask_is_proposed() -> None:
    got = by_value(
        "Anthropic wants to give Mythos access to more firms.\n\nKey figures:\n\n"
        "- 55: organizations in the spring preview.\n\n"
        "- 130: the figure in the company's first ask."
    )
    assert got[Decimal(55)][0].modality == "actual"
    assert (got[Decimal(130)][0].measure, got[Decimal(130)][0].modality) == (ACCESS, "proposed")


def test_a_concession_to_a_count_is_proposed() -> None:
    got = by_value(
        'Anthropic asked to widen Mythos access to 87 firms. "Even at 87, this is a small '
        'program," a spokesman said.'
    )
    assert all(c.modality == "proposed" for c in got[Decimal(87)])


def test_a_concession_to_a_sum_stays_what_it_grants() -> None:
    text = "The strike costs the region money. Even at $300m a day, the losses are heavy."
    (claim,) = [c for c in claims_list(HARBOUR, text) if c.value == 300 * M]
    assert claim.modality == "actual"


def test_a_fair_number_is_one_argued_for() -> None:
    got = by_value(
        "Anthropic wants Mythos access for 95 firms. An official said a fair number is "
        "closer to 70."
    )
    assert got[Decimal(70)][0].modality == "proposed"


def test_a_proposed_label_makes_its_figure_proposed() -> None:
    got = by_value(
        "Anthropic gave Mythos access to 55 organizations in spring.\n\n"
        "Proposed total: 85\n\nCurrent total: 55"
    )
    assert [c.modality for c in got[Decimal(85)]] == ["proposed"]


def test_a_table_rows_labelled_cells_are_read_one_by_one() -> None:
    doc = build_pipeline(topic(MYTHOS))(
        "Outlets disagree.\n\nDaily Ledger | proposed total: about 110 | added: about 55"
    )
    found = [s.text.strip() for s in doc.sents]
    assert any(s.startswith("proposed total: about 110") for s in found)
    assert not any("110" in s and "55" in s for s in found)


def test_a_table_cells_proposed_label_makes_its_figure_proposed() -> None:
    got = by_value(
        "Anthropic gave Mythos access to 55 organizations in spring.\n\n"
        "Daily Ledger | proposed total: about 110 | reported: 55"
    )
    assert [c.modality for c in got[Decimal(110)]] == ["proposed"]


@pytest.mark.parametrize(
    ("word", "value"),
    [("1,8", "1.8"), ("54,20", "54.20"), ("27,6bn", "27600000000"), ("1,800", "1800")],
)
def test_a_decimal_comma_is_a_decimal_point(word: str, value: str) -> None:
    assert numbers.digit_value(word) == Decimal(value)


def test_spaced_thousands_are_one_number() -> None:
    got = by_value(
        "Anthropic gave Mythos access to 57 firms. One applicant employs 4 700 people and its "
        "data centre sits 1 250 km away; the region has 2 100 000 residents."
    )
    assert {Decimal(4700), Decimal(1250), Decimal(2_100_000)} <= set(got)
    assert Decimal(4) not in got and Decimal(700) not in got
    assert got[Decimal(4700)][0].measure == "other"


def test_a_text_without_its_measures_words_still_counts_what_it_puts_forward() -> None:
    got = by_value(
        "Three reports on Anthropic's Mythos expansion disagree.\n\n"
        "The company first wanted to add about 65 organizations. A revised offer would lift the "
        "tally to nearly 150."
    )
    assert got[Decimal(150)][0].measure == ACCESS


BLAZE = """
name = "blaze"

[[entities]]
name = "Otter Ridge Fire"
label = "EVENT"

[[measures]]
name = "containment"
description = "How much of the Otter Ridge Fire's perimeter is contained, in percent"
subject = "Otter Ridge Fire"
nouns = ["percent", "containment"]
context = ["contained", "containment"]
"""


@pytest.mark.parametrize(
    "text",
    [
        "The Otter Ridge Fire was 35% contained, officials said.",
        "Crews had it 35 percent contained.",
    ],
)
def test_a_percentage_of_a_state_the_measure_names_is_its_value(text: str) -> None:
    (claim,) = [c for c in claims_list(BLAZE, text) if c.value == 35]
    assert claim.measure == "containment"


def test_a_percentage_of_another_state_is_not() -> None:
    (claim,) = claims_list(BLAZE, "The Otter Ridge Fire was 35% larger, officials said.")
    assert claim.measure == "other"
