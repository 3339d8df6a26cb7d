"""Tables whose header row names their columns (extractors/claims/columns.py): a figure alone
in its cell counts what its column's header names, a change column holds changes of the column
before it, a forecast column holds figures not yet true, and a row's label says whose figures
they are. Both layouts a stored text can hold: bars (how the main-text step writes a page's
HTML table) and columns aligned with spaces (a plain-text fact sheet). The tables and the
topics are this file's own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from spacy.language import Language

from claimwatch.extractors.claims import columns, lexicon
from claimwatch.extractors.claims.discourse import paragraphs_of
from claimwatch.extractors.main_text import page_text
from claimwatch.extractors.text_norm import normalize_text
from claimwatch.extractors.topic import Topic
from tests.extractors.test_modality_repeats import claims_list

# A made-up outbreak with two count measures and a money one.
FEVER = """
name = "fever"

[[entities]]
name = "Larkmoor Health Authority"
label = "ORG"
aliases = ["the health authority"]

[[entities]]
name = "Tessaly Water"
label = "ORG"

[[measures]]
name = "fever_cases"
description = "How many people in Larkmoor have caught the river fever"
subject = "Larkmoor Health Authority"
nouns = ["case", "patient", "infection"]
context = ["fever", "infected", "confirmed", "sick"]

[[measures]]
name = "fever_deaths"
description = "How many people in Larkmoor have died of the river fever"
subject = "Larkmoor Health Authority"
nouns = ["death", "fatality"]
context = ["fever", "died", "killed"]

[[measures]]
name = "cleanup_cost"
description = "What the river cleanup costs, in dollars"
subject = "Larkmoor Health Authority"
nouns = ["cost", "spending", "bill"]
context = ["cleanup", "river", "dredging"]
"""

BARRED = """River fever cases keep rising in Larkmoor

The health authority's weekly table, by district.

River fever by district, week 32
| District | Cases | Change | Deaths |
|---|---|---|---|
| Harrowgate | 214 | +61 | 3 |
| Old Quay | ~90 | +12 | 0 |
| All districts | 1,305 | +140 | 9 |

Figures marked ~ are rough counts."""

ALIGNED = """River fever cases keep rising in Larkmoor

The health authority's weekly table, by district.

River fever by district, week 32

District        Cases     Change     Deaths
Harrowgate        214        +61          3
Old Quay          ~90        +12          0
All districts   1,305       +140          9

Figures marked ~ are rough counts."""


def by_text(found: list) -> dict[str, object]:
    return {c.value_text: c for c in found}


@pytest.mark.parametrize("text", [BARRED, ALIGNED], ids=["bars", "spaces"])
def test_a_cell_counts_what_its_column_header_names(text: str) -> None:
    got = by_text(claims_list(FEVER, text))
    for value in ("214", "~90", "1,305"):
        assert got[value].measure == "fever_cases", value
        assert (got[value].kind, got[value].modality) == ("level", "actual"), value
    for value in ("3", "0", "9"):
        assert got[value].measure == "fever_deaths", value
    assert got["~90"].qualifier == "approx"
    assert got["~90"].value == Decimal(90)
    assert got["1,305"].qualifier == "exact"


@pytest.mark.parametrize("text", [BARRED, ALIGNED], ids=["bars", "spaces"])
def test_a_change_column_holds_changes_of_the_column_before_it(text: str) -> None:
    got = by_text(claims_list(FEVER, text))
    for value, amount in (("+61", 61), ("+12", 12), ("+140", 140)):
        assert got[value].measure == "fever_cases", value
        assert got[value].kind == "delta", value
        assert got[value].value == Decimal(amount)


def test_each_aligned_row_is_a_sentence_of_its_own() -> None:
    got = by_text(claims_list(FEVER, ALIGNED))
    assert got["214"].sentence == "Harrowgate 214 +61 3"
    assert got["~90"].sentence.startswith("Old Quay")
    rows = [ALIGNED[a:b] for a, b in paragraphs_of(ALIGNED)]
    assert "Harrowgate        214        +61          3" in rows
    assert "Figures marked ~ are rough counts." in rows


def test_a_month_label_makes_no_figure_a_forecast(nlp: Language, mythos: Topic) -> None:
    # "May" is a row's label, not the modal verb
    text = """Mythos by the month

Organizations with access to Mythos
| Month | Organizations | Change |
|---|---|---|
| April | 50 | n/a |
| May | 53 | +3 |
| June | 61 | +8 |"""
    got = by_text(claims_list(mythos, text, nlp))
    assert [(got[v].measure, got[v].modality) for v in ("50", "53", "61")] == [
        ("orgs_with_access", "actual")
    ] * 3
    assert (got["+3"].kind, got["+3"].modality) == ("delta", "actual")


def test_a_forecast_column_holds_proposed_figures() -> None:
    text = """Larkmoor braces for more river fever

Cases, reported and projected
| District | Cases | Projected |
|---|---|---|
| Harrowgate | 214 | 300 |
| Old Quay | 90 | 140 |"""
    got = by_text(claims_list(FEVER, text))
    assert (got["214"].measure, got["214"].modality) == ("fever_cases", "actual")
    for value in ("300", "140"):
        assert (got[value].measure, got[value].modality) == ("fever_cases", "proposed"), value


def test_a_header_declares_the_unit_of_its_cells() -> None:
    text = """The cost of cleaning up the river

River cleanup spending by contractor
| Contractor | Cleanup cost ($ million) | Crews |
|---|---|---|
| Tessaly Water | 12.5 | 40 |"""
    got = by_text(claims_list(FEVER, text))
    cost = got["12.5"]
    assert (cost.quantity, cost.value) == ("money", Decimal("12500000"))
    assert cost.measure == "cleanup_cost"
    assert got["40"].quantity == "count"
    assert got["40"].measure == "other"  # crews are no measure's
    # a caption's own figure declares no unit of the cells under it
    text = """River fever cases

Cases since the $12.5 million cleanup began
| District | Cases |
|---|---|
| Harrowgate | 214 |"""
    got = by_text(claims_list(FEVER, text))
    assert (got["214"].quantity, got["214"].value) == ("count", Decimal(214))


def test_a_row_naming_another_organization_is_its_count(nlp: Language, mythos: Topic) -> None:
    text = """How Mythos compares with rival security programs

Organizations with access, by program
| Program | Organizations |
|---|---|
| Anthropic Mythos | 104 |
| OpenAI Aardvark | 140 |"""
    got = by_text(claims_list(mythos, text, nlp))
    assert got["104"].measure == "orgs_with_access"
    assert got["140"].measure == "other"
    assert got["140"].subject == "OpenAI"


def test_the_caption_or_headline_gives_the_context_the_row_lacks(
    nlp: Language, mythos: Topic
) -> None:
    # no row says "access": the headline does
    text = """Who has access to Mythos?

| Month | Organizations |
|---|---|
| July | 80 |
| August | 96 |"""
    got = by_text(claims_list(mythos, text, nlp))
    assert got["80"].measure == got["96"].measure == "orgs_with_access"
    # nor here, and nothing else in the text does either: the figures count no measure
    unrelated = """Members of the regional chamber

| Month | Organizations |
|---|---|
| July | 80 |"""
    assert by_text(claims_list(mythos, unrelated, nlp))["80"].measure == "other"


# --------------------------------------------------------------------------- columns.py alone

LEX = lexicon.default()


WORDS = columns.HeaderWords(
    change=LEX.column_change_words,
    bare=LEX.column_change_links | LEX.column_forecast_words | LEX.column_version_words,
    totals=LEX.total_row_words,
    places=LEX.place_row_headers,
)


def column(text: str, figure: str) -> columns.Column | None:
    return columns.column_of(text, text.index(figure), WORDS)


def header(text: str, found: columns.Column | None) -> str | None:
    return None if found is None else text[found.start : found.end]


def test_a_change_column_with_words_of_time_still_names_nothing() -> None:
    text = "Program | Organizations | Added since July\nMythos | 104 | 24"
    found = column(text, "24")
    assert found is not None and found.change
    assert header(text, found) == "Organizations"
    # a change column that names what changes is its own: "New cases"
    text = "District | New cases | Deaths\nHarrowgate | 61 | 3"
    found = column(text, "61")
    assert found is not None and found.change
    assert header(text, found) == "New cases"


def test_no_header_row_no_column() -> None:
    rows = "Harrowgate | 214 | 3\nOld Quay | 90 | 0"
    assert column(rows, "90") is None
    # a row under a header of another width is no row of its table
    assert column("District | Cases\nHarrowgate | 214 | 3", "214") is None
    # a figure with words in its cell says itself what it counts
    assert column("District | Cases\nHarrowgate | 214 homes", "214") is None
    # the first column labels the rows
    assert column("Year | Cases\n2024 | 214", "2024") is None


def test_prose_with_double_spaces_is_no_table() -> None:
    prose = "The fever spread fast.  By Friday 214 people were sick.  Nine have died."
    assert not columns.aligned(prose)
    assert column(prose, "214") is None
    text = f"A headline\n\nA first paragraph.\n\n{prose}\nAnother line of the same paragraph."
    assert [text[a:b] for a, b in paragraphs_of(text)][2].endswith("same paragraph.")
    assert columns.aligned("Harrowgate        214        +61          3")


def test_a_pages_html_table_is_read_as_it_is_stored(nlp: Language, mythos: Topic) -> None:
    # The production path: the page's main text (its table as bar rows), normalized as the
    # warehouse stores it, under its headline as the extract stage reads it (cycle._nlp_text).
    page = b"""<html><head><title>Who has access to Mythos?</title></head><body><article>
<h1>Who has access to Mythos?</h1>
<p>Anthropic opened its Mythos model to a small group of defenders in April, and the list has
grown every month since, according to company statements and agency notices.</p>
<p>The table below tracks the count month by month, with the change from the month before.</p>
<table>
<tr><th>Month</th><th>Organizations</th><th>Change</th></tr>
<tr><td>April</td><td>~50</td><td>n/a</td></tr>
<tr><td>May</td><td>53</td><td>+3</td></tr>
<tr><td>July</td><td>81</td><td>+28</td></tr>
</table>
<p>Figures marked with a tilde are approximate, the company has said.</p>
</article></body></html>"""
    read = page_text(page, "http://127.0.0.1/mythos-table", "text/html; charset=utf-8")
    stored = normalize_text(read.text)
    assert "| July | 81 | +28 |" in stored
    got = by_text(claims_list(mythos, f"{read.title}\n\n{stored}", nlp))
    assert [(got[v].measure, got[v].kind) for v in ("~50", "53", "81")] == [
        ("orgs_with_access", "level")
    ] * 3
    assert got["~50"].qualifier == "approx"
    assert [(got[v].measure, got[v].kind, got[v].value) for v in ("+3", "+28")] == [
        ("orgs_with_access", "delta", Decimal(3)),
        ("orgs_with_access", "delta", Decimal(28)),
    ]


# A made-up city budget: money measures named by a table's row labels.
CITY = """
name = "city"

[[measures]]
name = "city_deficit"
description = "Port Alder's budget deficit in dollars"
subject = "Port Alder"
nouns = ["deficit", "shortfall", "budget gap"]
context = ["budget", "forecast", "fiscal"]

[[measures]]
name = "interest_costs"
description = "What Port Alder pays in interest on its debt, in dollars"
subject = "Port Alder"
nouns = ["interest", "debt charges"]
context = ["debt", "borrowing", "bonds"]
"""


def test_where_no_column_names_a_thing_the_rows_labels_do() -> None:
    # rows a blank line apart, as many writers set them; the caption declares the unit
    text = """Port Alder revises its budget

City finances, 2026 (US$ millions)

Line | Budget | Midyear update | Change

Revenue | 412.0 | 418.5 | +6.5

Interest on debt | 21.4 | 22.0 | +0.6

Deficit | 38.2 | 31.7 | -6.5

Source: city finance office."""
    got = by_text(claims_list(CITY, text))
    assert got["38.2"].measure == got["31.7"].measure == "city_deficit"
    assert (got["38.2"].quantity, got["38.2"].value) == ("money", Decimal("38200000"))
    assert (got["-6.5"].measure, got["-6.5"].kind) == ("city_deficit", "delta")
    assert got["-6.5"].value == Decimal("-6500000")
    assert got["22.0"].measure == "interest_costs"
    assert got["22.0"].kind == "level"  # "Midyear update" is no change column
    assert got["412.0"].measure == "other"  # revenue is no measure's


def test_years_head_the_columns_of_a_row_labelled_table() -> None:
    text = "Deficit by year\n\nItem | 2025 | 2026\nDeficit | 40 | 35"
    found = column(text, "35")
    assert found is not None and header(text, found) == "Deficit"
    assert not found.part


def test_the_parts_of_a_breakdown_are_not_its_total(nlp: Language, mythos: Topic) -> None:
    text = """Mythos access by sector

Organizations with access to Mythos, by sector
| Sector | Organizations |
|---|---|
| Power and water | 31 |
| Finance | 22 |
| All sectors | 80 |"""
    got = by_text(claims_list(mythos, text, nlp))
    assert got["80"].measure == "orgs_with_access"
    assert got["31"].measure == got["22"].measure == "other"
    # a place's row is no part to drop: the measure judges a place's count
    places = "Cases by district\n\nDistrict | Cases\nHarrowgate | 214\nAll districts | 1,305"
    assert not column(places, "214").part
    assert not column(places, "1,305").part
