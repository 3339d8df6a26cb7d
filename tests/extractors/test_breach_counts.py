"""claims-18 (issue 13): counts as breach coverage and analysts' notes write them.

- A footnote marker glued to a figure ("to 110.[3]") is split off; the figure is kept.
- "~80 today" is a count, though the model tags "80 today" a time; "the first 80" is no date;
  "the 30 Anthropic had asked for" is a count the party's clause is about, not a name.
- "1.4 million more than it reported in October" is a difference: a delta (as for amounts).
- The subject of a verb of taking ("the hackers copied 31 million records") acts on the
  measure's subject's things: it is no other organization doing the measure's deed.
- A table's cell may hedge its figure ("about 2.7 million"); a header row needs no rule under
  it; where no column names a thing, the caption's note does ("(organizations)").
- "put the figure at 95" after a count of other things ("the last 15 applicants") is the
  figure under discussion: the measure's.
- "paragraphs 5-6" names paragraphs; it counts nothing.

The sentences are this file's own, on a made-up insurer (Pellam Mutual) and the Mythos dispute.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims import columns, lexicon
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic
from tests.extractors.topic_kit import MYTHOS, claims_in, topic_of

BREACH = """
name = "breach"

[[entities]]
name = "Pellam Mutual"
label = "ORG"
aliases = ["Pellam", "the insurer"]

[[entities]]
name = "GreyFang"
label = "ORG"
aliases = ["the hackers", "the gang"]

[[measures]]
name = "people_affected"
description = "How many people had their data exposed in the Pellam Mutual breach"
subject = "Pellam Mutual"
nouns = ["people", "member", "customer", "individual"]
context = ["affected", "exposed", "breach", "stolen", "notified"]

[[measures]]
name = "records_exposed"
description = "How many records were exposed or stolen in the Pellam Mutual breach"
subject = "Pellam Mutual"
nouns = ["record", "file", "row"]
context = ["exposed", "stolen", "copied", "breach", "leaked"]
"""


TOPICS = {"mythos": MYTHOS, "breach": BREACH}


def topic(name: str) -> Topic:
    return topic_of(TOPICS[name])


def claims(text: str, name: str = "breach") -> list[Claim]:
    return claims_in(text, topic(name), year=None)


def by_text(text: str, name: str = "breach") -> dict[str, Claim]:
    return {c.value_text: c for c in claims(text, name)}


def test_a_footnote_marker_after_a_figure_is_split_off() -> None:
    found = by_text(
        "Mythos access widens.\n\nThe White House cleared 15 more organizations to use Mythos, "
        "bringing the total to 110.[3] Anthropic had asked for 30.[4]",
        "mythos",
    )
    assert found["110"].value == 110
    assert found["110"].measure == "orgs_with_access"
    assert found["30"].value == 30


def test_counts_the_model_tags_as_times_or_dates_are_counts() -> None:
    found = by_text(
        "Mythos access widens.\n\nThe plan would lift the tally to about 120 organizations "
        "from ~80 today. Keeping banks out of the first 80 is hard to justify, one official "
        "said. The panel meets at 5 today.",
        "mythos",
    )
    assert found["~80"].value == 80
    assert found["~80"].qualifier == "approx"
    assert found["80"].value == 80
    assert "5" not in found  # "at 5 today" is a time


def test_a_count_a_named_party_clause_is_about_is_no_name() -> None:
    found = by_text(
        "Mythos access widens.\n\nThe approval covers 25 organizations, not the 40 Anthropic "
        "had requested in its latest application for Mythos access.",
        "mythos",
    )
    assert found["40"].value == 40
    assert found["40"].noun != "anthropic"


def test_more_than_an_earlier_figure_is_a_delta() -> None:
    found = by_text(
        "Pellam Mutual breach.\n\nPellam said the breach exposed data on about 4.1 million "
        "people, roughly 1.4 million more than it reported in October."
    )
    assert found["about 4.1 million"].kind == "level"
    more = found["roughly 1.4 million"]
    assert (more.kind, more.value) == ("delta", Decimal(1_400_000))


def test_a_takers_count_of_stolen_things_is_the_measures() -> None:
    found = by_text(
        "Pellam Mutual breach.\n\nThe forensic review found that the hackers had copied 31 "
        "million claim records from Pellam's servers."
    )
    records = found["31 million"]
    assert records.measure == "records_exposed"
    assert records.subject == "Pellam Mutual"


def test_a_tables_hedged_cells_under_a_header_without_a_rule() -> None:
    text = (
        "Pellam Mutual breach.\n\nHow the count of affected people grew:\n\n"
        "| Date | People affected | Data copied |\n"
        "| Sept. 2 | 1,104,220 | not disclosed |\n"
        "| Oct. 1 | about 2.5 million | 29 million records |\n"
        "| Nov. 14 | 3,906,114 | 48 million rows |\n"
    )
    found = by_text(text)
    for cell, value in (
        ("1,104,220", 1_104_220),
        ("about 2.5 million", 2_500_000),
        ("3,906,114", 3_906_114),
    ):
        assert found[cell].value == value
        assert found[cell].measure == "people_affected", cell
    assert found["about 2.5 million"].qualifier == "approx"


def test_a_captions_note_names_what_unnamed_columns_count() -> None:
    text = (
        "Mythos access widens.\n\nTable 2: Mythos access by stage (organizations)\n\n"
        "Stage | Timing | Added | Cumulative | Status\n"
        "Launch | Apr 2026 | ~50 | ~50 | Live\n"
        "Stage 1 | Sep 2026 | 30 | ~80 | Live\n"
    )
    found = [c for c in claims(text, "mythos") if c.measure == "orgs_with_access"]
    assert [(c.value, c.kind) for c in found] == [
        (50, "delta"),
        (50, "level"),
        (30, "delta"),
        (80, "level"),
    ]


def test_a_units_note_in_the_caption_names_no_counted_thing() -> None:
    header = "Quarter | Added | Cumulative\nQ3 | 42 | 42\n"
    for caption, noted in (
        ("Mythos access by stage (organizations)", "organizations"),
        ("Breach costs by quarter (in millions)", None),
        ("Fiscal summary (C$ billions)", None),
        ("Debt to GDP (per cent)", None),
        ("Response costs (US$)", None),
        ("Records by system (USD)", None),  # a code, not a thing counted
        ("Notification counts by state (Reuters)", None),  # a source
    ):
        text = f"{caption}\n\n{header}"
        found = columns._caption_noun(text, text.index("Quarter"), lexicon.default().unit_notes)
        assert (text[slice(*found)] if found else None) == noted, caption


def test_the_figure_under_discussion_is_the_measures() -> None:
    found = by_text(
        "Anthropic widens Mythos access to 101 organisations\n\n"
        "Anthropic said 101 organisations now have access to its Mythos model, after the "
        "White House approved the last 15 applicants from its August request.\n\n"
        "The company had earlier on Thursday put the figure at 95.",
        "mythos",
    )
    assert found["95"].measure == "orgs_with_access"


def test_paragraph_numbers_count_nothing() -> None:
    found = by_text(
        "Anthropic widens Mythos access to 101 organisations\n"
        "(Adds White House comment in paragraphs 5-6; updates count throughout)\n\n"
        "Anthropic said 101 organisations now have access to its Mythos model.",
        "mythos",
    )
    assert "5-6" not in found
    assert found["101"].measure == "orgs_with_access"


def test_a_rivals_own_count_is_never_newly_filed_under_the_measure() -> None:
    found = claims(
        "Mythos access widens.\n\nAnthropic trims its Mythos request to roughly 40 more "
        "organizations. Rival lab Keystone AI says its own pilot has grown from 20 to 35 "
        "companies since March.",
        "mythos",
    )
    rivals = [c for c in found if c.value in (20, 35)]
    assert rivals
    assert all(c.measure == "other" for c in rivals)


def test_a_people_or_a_party_without_a_referring_determiner_is_what_is_counted() -> None:
    found = by_text(
        "Mythos access widens.\n\nTwelve Democrats voted against the measure. Anthropic said "
        "it had approved 25 organizations, not the 40 Anthropic had requested.",
        "mythos",
    )
    assert found["Twelve"].noun == "democrats"
    assert found["Twelve"].measure == "other"
    assert found["40"].noun != "anthropic"


def test_that_number_points_back_at_the_count_before_it() -> None:
    found = by_text(
        "Mythos access widens.\n\nAnthropic said 101 organisations now have access to Mythos. "
        "The company also has 1,500 employees, and it expects that number to reach 2,000 next "
        "year.",
        "mythos",
    )
    assert found["101"].measure == "orgs_with_access"
    assert found["2,000"].measure == "other"


def test_a_bracketed_note_number_counts_nothing() -> None:
    found = by_text(
        "Mythos access widens.\n\nAbout 110 organizations have access to Mythos [3]. Anthropic "
        "wants about 150 [4].",
        "mythos",
    )
    assert set(found) == {"About 110", "about 150"}


def test_header_cells_that_open_with_a_bound_stay_headers() -> None:
    text = (
        "Pellam Mutual breach.\n\nMembers notified, by age\n\n"
        "| Region | Under 18 | Over 65 |\n"
        "| North | 120,400 | 98,100 |\n"
        "| South | 88,250 | 77,900 |\n"
    )
    found = by_text(text)
    cells = ("120,400", "98,100", "88,250", "77,900")
    assert all(found[c].noun != "|" for c in cells)  # read as cells, not as prose
