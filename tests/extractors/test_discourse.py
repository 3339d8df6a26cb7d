"""Claims across sentences (issue 13 classes a-d): one behaviour per test.

Elliptical counts take their measure from their paragraph or heading block, asides and list
items count for the measure their block is about, modality is read per clause, and a count
that belongs to another entity leaves the measure. The article-length cases behind the
figures are in cases/dev_discourse.jsonl (scored by test_quality_gate.py).
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
from spacy.language import Language

from claimwatch.extractors.claims import LEXICON_FILE, Mention, mentions_of
from claimwatch.extractors.claims.component import ClaimFinder
from claimwatch.extractors.claims.discourse import blocks_of
from claimwatch.extractors.claims.lexicon import LexiconError, parse
from claimwatch.extractors.nlp import LEXICON_FILES, extract_many, extraction_key
from claimwatch.extractors.records import CLAIM_FIELDS, Claim
from claimwatch.extractors.topic import Topic

ACCESS = "orgs_with_access"


def claims_of(nlp: Language, topic: Topic, text: str) -> list[Claim]:
    (extraction,) = extract_many(nlp, [text], topic=topic)
    return list(extraction.claims)


def by_value(claims: list[Claim]) -> dict[float, Claim]:
    return {float(c.value): c for c in claims}


# --------------------------------------------------------------------------- blocks


def test_blank_lines_separate_paragraphs() -> None:
    text = "One paragraph.\nStill the same one.\n\nAnother paragraph."
    assert [text[b.start : b.end] for b in blocks_of(text)] == [
        "One paragraph.\nStill the same one.",
        "Another paragraph.",
    ]


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    # Stored texts keep one paragraph per line (text_norm.normalize_text).
    assert len(blocks_of("First paragraph.\nSecond paragraph.")) == 2


def test_a_question_heading_opens_a_block_for_its_answer() -> None:
    text = "Intro here.\n\nWho can use it?\n\nAbout 60.\n\nMore on that.\n\nWhat next?\n\nA vote."
    blocks = blocks_of(text)
    assert [(text[b.start : b.end], b.question) for b in blocks] == [
        ("Intro here.", False),
        ("Who can use it?\n\nAbout 60.\n\nMore on that.", True),
        ("What next?\n\nA vote.", True),
    ]


# --------------------------------------------------------------------------- a. ellipsis


def test_an_elliptical_count_inherits_the_measure_of_its_paragraph(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Roughly 45 organizations can use Mythos today. "
        "The company hopes to admit about 25 more by the autumn."
    )
    c = by_value(claims_of(nlp, mythos, text))[25]
    assert (c.measure, c.kind, c.modality, c.noun) == (ACCESS, "delta", "proposed", "organization")


def test_a_generic_head_is_a_level_of_the_inherited_measure(nlp: Language, mythos: Topic) -> None:
    text = (
        "Mythos is available to some 45 organizations. "
        "A pending request would lift the tally to nearly 80."
    )
    c = by_value(claims_of(nlp, mythos, text))[80]
    assert (c.measure, c.kind, c.qualifier, c.modality) == (ACCESS, "level", "nearly", "proposed")


def test_a_question_heading_names_the_measure_of_its_answer(nlp: Language, mythos: Topic) -> None:
    text = "Who has access to Mythos now?\n\nAbout 45, the company says."
    c = by_value(claims_of(nlp, mythos, text))[45]
    assert (c.measure, c.kind, c.modality) == (ACCESS, "level", "actual")


def test_a_generic_count_continues_only_the_previous_paragraph(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Roughly 45 organizations can use Mythos today.\n\n"
        "The harbour board met on Tuesday to discuss mooring fees.\n\n"
        "The final count was 7."
    )
    assert by_value(claims_of(nlp, mythos, text))[7].measure == "other"


def test_a_bare_number_opening_a_paragraph_stays_other(nlp: Language, mythos: Topic) -> None:
    text = "Roughly 45 organizations can use Mythos today.\n\nThe board voted on it. It took 7."
    assert by_value(claims_of(nlp, mythos, text))[7].measure == "other"


def test_the_latest_count_decides_not_the_latest_access_count(nlp: Language, mythos: Topic) -> None:
    text = (
        "About 45 organizations use Mythos. "
        "The company employs about 2,000 people and plans to hire 300 more this year."
    )
    c = by_value(claims_of(nlp, mythos, text))[300]
    assert (c.measure, c.noun) == ("other", "people")


def test_counts_of_sources_are_not_antecedents(nlp: Language, mythos: Topic) -> None:
    text = (
        "The plan would open Mythos to about 110 organizations, according to three people "
        "who have read it. Even at 110, the preview would stay small."
    )
    claims = [c for c in claims_of(nlp, mythos, text) if c.value == 110]
    assert [c.measure for c in claims] == [ACCESS, ACCESS]


def test_a_delta_opening_a_paragraph_continues_the_latest_count(
    nlp: Language, mythos: Topic
) -> None:
    text = "About 45 organizations use Mythos.\nThe company wants to add 30 more."
    c = by_value(claims_of(nlp, mythos, text))[30]
    assert (c.measure, c.kind) == (ACCESS, "delta")


# --------------------------------------------------------------------------- b. asides


def test_a_count_between_dashes_counts_for_its_blocks_measure(nlp: Language, mythos: Topic) -> None:
    text = (
        "Its present reach — some 45 agencies, most of them hospitals — is small. "
        "The proposal would extend the preview to about 110 organizations."
    )
    c = by_value(claims_of(nlp, mythos, text))[45]
    assert (c.measure, c.qualifier, c.modality) == (ACCESS, "approx", "actual")


def test_a_list_item_under_a_colon(nlp: Language, mythos: Topic) -> None:
    text = (
        "At a glance\nAbout 45: organizations with access to Mythos.\n"
        "Roughly 110: the total proposed."
    )
    got = {float(c.value): (c.measure, c.modality) for c in claims_of(nlp, mythos, text)}
    assert got == {45: (ACCESS, "actual"), 110: (ACCESS, "proposed")}


def test_a_count_given_the_measures_subject_needs_no_context_word(
    nlp: Language, mythos: Topic
) -> None:
    text = "Anthropic will open its Mythos model to as many as 150 organizations next year."
    c = by_value(claims_of(nlp, mythos, text))[150]
    assert (c.measure, c.qualifier, c.modality) == (ACCESS, "at_most", "proposed")


def test_what_the_subject_does_to_companies_is_not_access(nlp: Language, mythos: Topic) -> None:
    text = "In tests, Mythos found serious flaws at 40 companies."
    assert by_value(claims_of(nlp, mythos, text))[40].measure == "other"


def test_a_company_count_without_access_words_in_a_clause_stays_other(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic opened Mythos to about 45 organizations in April. "
        "It also counts more than 300 companies among its enterprise customers."
    )
    assert by_value(claims_of(nlp, mythos, text))[300].measure == "other"


# --------------------------------------------------------------------------- c. modality


def test_a_relative_clause_on_the_number_is_actual_inside_a_plan(
    nlp: Language, mythos: Topic
) -> None:
    text = (
        "Anthropic wants to extend the preview to about 110 organizations, "
        "up from the 45 that were admitted in the spring."
    )
    got = {float(c.value): c.modality for c in claims_of(nlp, mythos, text)}
    assert got == {110: "proposed", 45: "actual"}


def test_the_baseline_of_a_counterfactual_change_is_actual(nlp: Language, mythos: Topic) -> None:
    text = "The draft would have expanded Mythos access from its current 45 companies to 110."
    got = {float(c.value): c.modality for c in claims_of(nlp, mythos, text)}
    assert got == {45: "actual", 110: "proposed"}


def test_a_relative_clause_with_a_proposal_verb_is_proposed(nlp: Language, mythos: Topic) -> None:
    text = "Officials reviewed the 110 organizations that Anthropic wants to admit to Mythos."
    assert by_value(claims_of(nlp, mythos, text))[110].modality == "proposed"


# --------------------------------------------------------------------------- d. subject


def test_its_own_pilot_is_another_entitys_count(nlp: Language, mythos: Topic) -> None:
    text = "OpenAI says its own restricted preview now covers about 35 companies."
    c = by_value(claims_of(nlp, mythos, text))[35]
    assert (c.measure, c.subject) == ("other", "OpenAI")


def test_a_rivals_pilot_is_not_the_measure(nlp: Language, mythos: Topic) -> None:
    text = "A rival's preview program now covers roughly 35 companies with access to its model."
    assert by_value(claims_of(nlp, mythos, text))[35].measure == "other"


def test_a_named_other_owner_is_the_subject(nlp: Language, mythos: Topic) -> None:
    text = (
        "Anthropic's Mythos preview is open to about 45 organizations. "
        "Google's comparable preview covers 20 agencies."
    )
    got = by_value(claims_of(nlp, mythos, text))
    assert (got[45].measure, got[45].subject) == (ACCESS, "Mythos")
    assert (got[20].measure, got[20].subject) == ("other", "Google")


def test_the_storys_own_company_keeps_the_measure(nlp: Language, mythos: Topic) -> None:
    text = "Anthropic's preview now includes some 45 organizations that use the model."
    c = by_value(claims_of(nlp, mythos, text))[45]
    assert (c.measure, c.subject) == (ACCESS, "Mythos")


def test_customers_of_another_product_are_not_the_measure(nlp: Language, mythos: Topic) -> None:
    text = (
        "More than 300,000 businesses pay for its Claude chatbot, and about 45 organizations "
        "have access to Mythos."
    )
    got = by_value(claims_of(nlp, mythos, text))
    assert (got[300000].measure, got[45].measure) == ("other", ACCESS)


# --------------------------------------------------------------------------- structure


def test_mentions_carry_a_claim_and_travel_as_plain_data(nlp: Language) -> None:
    doc = nlp("About 45 organizations have access to Mythos.")
    (mention,) = mentions_of(doc)
    assert Mention.from_data(mention.to_data()) == mention
    # The Claim schema is defined once (records.py); a mention holds one, it does not re-list it.
    assert [f.name for f in fields(Mention)][0] == "claim"
    assert tuple(f.name for f in fields(Claim)) == CLAIM_FIELDS


def test_the_lexicon_file_is_part_of_the_extraction_key(mythos: Topic) -> None:
    assert LEXICON_FILE in LEXICON_FILES
    assert "+lexicon:" in extraction_key(mythos)


def test_a_proposal_verb_is_a_data_change(tmp_path: Path, nlp: Language) -> None:
    text = "Anthropic mooted giving 45 more companies access to Mythos."
    (before,) = mentions_of(nlp(text))
    assert before.claim.modality == "actual"
    edited = LEXICON_FILE.read_text(encoding="utf-8").replace(
        "proposal_verbs = [", 'proposal_verbs = [\n  "moot",', 1
    )
    custom = tmp_path / "lexicon.toml"
    custom.write_text(edited, encoding="utf-8")
    other = ClaimFinder(lexicon_path=custom)
    (after,) = mentions_of(other(nlp(text)))
    assert after.claim.modality == "proposed"


def test_an_unknown_lexicon_list_is_an_error() -> None:
    text = LEXICON_FILE.read_text(encoding="utf-8") + '\n[extra]\nhedges_typo = ["about"]\n'
    with pytest.raises(LexiconError, match="hedges_typo"):
        parse(text)


def test_a_measure_without_a_subject_keeps_another_entitys_count(
    nlp: Language, mythos: Topic
) -> None:
    # The subject key is optional: without it nothing is taken out of the measure.
    bare = replace(mythos, measures=tuple(replace(m, subject=None) for m in mythos.measures))
    text = "OpenAI says its own restricted preview now covers about 35 companies."
    assert by_value(claims_of(nlp, bare, text))[35].measure == ACCESS
