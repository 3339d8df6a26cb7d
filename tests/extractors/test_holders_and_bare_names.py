"""Whose count it is when a named entity has it, numbers the NER takes for names, and ages said
plainly (dev set 21's and quantity batch 5's misses, claims-34): a count another named entity
has, lacks or loses is that one's, not the measure's (a reporter or finder of a count is only
its source); "4.3M" or "Sixty" alone is no name; "aged 19 and 23" and "She was 84." are ages.
The sentences are this file's own."""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims import Mention, discourse, lexicon, mentions_of
from claimwatch.extractors.nlp import build_pipeline
from tests.extractors.topic_kit import MYTHOS, by_text, claims_in, topic_of

NURSES = topic_of(
    """
name = "nurse_posts"

[[entities]]
name = "Orlen Health Service"
label = "ORG"
aliases = ["the health service", "OHS"]

[[entities]]
name = "Dunmore Royal Infirmary"
label = "ORG"
aliases = ["the Royal", "Dunmore Royal"]

[[measures]]
name = "nurse_vacancies"
description = "How many nursing posts in the Orlen Health Service are unfilled"
subject = "Orlen Health Service"
nouns = ["vacancy", "post", "position", "job"]
context = ["unfilled", "vacant", "empty", "short"]
"""
)


def _mention(text: str, value: str) -> Mention:
    doc = build_pipeline(NURSES)(text)
    return next(m for m in mentions_of(doc) if m.claim.value_text == value)


def test_a_count_another_named_entity_has_is_that_ones() -> None:
    has = _mention("Within the service, Westbrook High has 11 vacancies on a staff of 74.", "11")
    reports = _mention("Westbrook High reported 11 vacancies on its wards.", "11")
    assert has.holders == ("Westbrook High",)
    assert reports.holders == ()  # who reports a count is its source, not its holder

    def whose(m: Mention) -> tuple[str, str | None]:
        own = "Orlen Health Service"
        return discourse._whose(m, "nurse_vacancies", own, (), set(), None, str)

    assert whose(has) == ("other", "Westbrook High")
    assert whose(reports) == ("nurse_vacancies", "Orlen Health Service")
    # the measure's own subject, or its text's most named organization, keeps the count
    own = _mention("The Orlen Health Service has 2,400 vacancies.", "2,400")
    assert whose(own) == ("nurse_vacancies", "Orlen Health Service")
    prominent = discourse._whose(
        has, "nurse_vacancies", "Orlen Health Service", (), set(), "Westbrook High", str
    )
    assert prominent == ("nurse_vacancies", "Orlen Health Service")


def test_who_reports_or_finds_a_count_is_only_its_source() -> None:
    found = by_text(
        "Dunmore Royal Infirmary reported 2,400 vacancies across the health service's wards, "
        "which remain unfilled.\n\n"
        "The Orlen Health Service's own audit found 2,350 unfilled posts in March.",
        NURSES,
    )
    assert found["2,400"].measure == "nurse_vacancies"
    assert found["2,350"].measure == "nurse_vacancies"


def test_having_verbs_are_data() -> None:
    assert {"have", "face", "lose"} <= lexicon.default().having_verbs
    assert not {"report", "find", "clear", "offer"} & lexicon.default().having_verbs


def test_a_number_alone_is_no_name_whatever_the_ner_says() -> None:
    mythos = topic_of(MYTHOS)
    values = [(c.value, c.quantity) for c in claims_in("The app now has 4.3M users.", mythos)]
    assert values == [(Decimal(4_300_000), "count")]
    # a name with a word of its own stays a name
    names = claims_in("Section 230 shields the platform, the court held.", mythos)
    assert names == []


def test_ages_joined_or_said_of_a_person() -> None:
    mythos = topic_of(MYTHOS)
    joined = claims_in("Two other passengers, aged 19 and 23, were treated for cuts.", mythos)
    assert [(c.value, c.quantity) for c in joined][-2:] == [
        (Decimal(19), "age"),
        (Decimal(23), "age"),
    ]
    said = claims_in("The founder of the bakery has died. She was 91.", mythos)
    assert [(c.value, c.quantity) for c in said] == [(Decimal(91), "age")]
    # not a count said of a thing, nor one with a noun after it
    tally = claims_in("The final tally was 91.", mythos)
    short = claims_in("She was 91 votes short of a majority.", mythos)
    assert [c.quantity for c in tally] == ["count"]
    assert [c.quantity for c in short] == ["count"]
