"""Counts, round 11 (issue 13, dev set 7): which measure a count is, in more outlet styles.

- A transcript's speaker label ("Q:", "A:", "Maria Chen:") says a number; it does not name
  what the number counts, so the answer is a bare count that its question names. A question
  that asks how many of other things ("How many patients complained?") lends its answer no
  measure.
- A topic's context words match a sentence in any tense: "destroyed" matches a present-tense
  headline's "destroys", "grew" a forecast's "could grow". A regular past gives its present
  forms, not its bare stem, so "leveled" does not match the noun in "Level 2 warnings".
- A count of what a block's question heading asks about answers it, with or without the
  measure's context words ("How far has the water spread?" / "... covered 4,000 acres").
- A count of the measure's own noun that its clause holds by the measure's subject is the
  measure's: "The Quillon beta now spans 44 firms".

The sentences and the topics are this file's own.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims.lexicon import context_forms
from tests.extractors.test_round10_counts import claims  # one pipeline per topic text, cached

FLOOD = """
name = "flood"

[[entities]]
name = "Kessen River flood"
label = "EVENT"
aliases = ["the Kessen flood"]

[[measures]]
name = "homes_lost"
description = "How many homes the Kessen River flood has destroyed."
subject = "Kessen River flood"
nouns = ["home", "house"]
context = ["destroyed", "leveled", "lost"]

[[measures]]
name = "area"
description = "The area the Kessen River flood has put under water."
subject = "Kessen River flood"
nouns = ["acre", "hectare"]
context = ["flooded", "grew", "spread"]
"""

CLINICS = """
name = "clinics"

[[entities]]
name = "Vantor"
label = "ORG"
aliases = ["Vantor Health"]

[[measures]]
name = "clinics_enrolled"
description = "How many clinics have signed up for Vantor's telehealth scheme."
subject = "Vantor"
nouns = ["clinic", "practice"]
context = ["signed", "enrolled", "joined"]
"""

BETA = """
name = "beta"

[[entities]]
name = "Quillon"
label = "PRODUCT"
aliases = []

[[measures]]
name = "seats"
description = "How many organisations have, or would have, access to Quillon"
subject = "Quillon"
nouns = ["organisation", "organization", "company", "firm"]
context = ["access", "use", "admit"]
"""


# --------------------------------------------------------------------------- transcripts


def test_an_answer_after_a_speaker_label_is_the_questions_count() -> None:
    found = claims(
        CLINICS,
        "Vantor Health's chief executive talked to us about the scheme's first year.\n\n"
        "Q: How many clinics have signed up so far?\n\n"
        "A: Thirty-one. We expect a few more by the spring.",
    )
    answer = found[Decimal(31)]
    assert answer.noun != "a"
    assert answer.measure == "clinics_enrolled"


def test_a_named_speaker_is_no_counted_noun() -> None:
    found = claims(
        CLINICS,
        "Vantor Health held its annual meeting on Tuesday.\n\n"
        "Q: How many practices have joined the scheme?\n\n"
        "Ruth Okoye: Twenty-seven, at the last count.",
    )
    assert found[Decimal(27)].noun not in ("okoye", "ruth")
    assert found[Decimal(27)].measure == "clinics_enrolled"


def test_an_answer_to_how_many_of_other_things_is_not_the_measures() -> None:
    found = claims(
        CLINICS,
        "Vantor Health's chief executive talked to us about the scheme's first year.\n\n"
        "Q: How many clinics have signed up so far?\n\n"
        "A: Thirty-one.\n\n"
        "Q: How many patients complained last month?\n\n"
        "A: Fewer than twenty, and we answered each of them.",
    )
    assert found[Decimal(31)].measure == "clinics_enrolled"
    assert found[Decimal(20)].measure == "other"


def test_a_label_that_names_a_noun_still_counts_it() -> None:
    found = claims(
        CLINICS,
        "Vantor Health published its figures for the quarter.\n\n"
        "Clinics enrolled: 64\n\nStaff trained: 410",
    )
    assert found[Decimal(64)].noun == "clinic"
    assert found[Decimal(410)].measure == "other"


# --------------------------------------------------------------------------- tense


def test_context_forms_inflect_a_regular_past_and_look_up_an_irregular_one() -> None:
    assert {"destroys", "destroying"} <= set(context_forms("destroyed"))
    assert "razes" in context_forms("razed")
    assert "grow" in context_forms("grew")
    assert "level" not in context_forms("leveled")
    assert context_forms("access") == ("access",)


def test_a_present_tense_headline_matches_a_past_context_word() -> None:
    found = claims(FLOOD, "Kessen River flood destroys 120 homes as levees give way")
    assert found[Decimal(120)].measure == "homes_lost"


def test_a_forecast_matches_an_irregular_past_context_word() -> None:
    found = claims(
        FLOOD,
        "Hydrologists said the Kessen River flood could grow to 9,000 acres by the weekend.",
    )
    assert found[Decimal(9000)].measure == "area"
    assert found[Decimal(9000)].modality == "proposed"


def test_a_noun_that_spells_a_context_words_stem_is_no_match() -> None:
    found = claims(
        FLOOD,
        "The Kessen River flood has destroyed 40 homes.\n\n"
        "Level 2 warnings still cover about 700 homes downstream.",
    )
    assert found[Decimal(40)].measure == "homes_lost"
    assert found[Decimal(700)].measure == "other"


# --------------------------------------------------------------------------- question blocks


def test_a_count_of_what_the_question_heading_asks_about_answers_it() -> None:
    found = claims(
        FLOOD,
        "The Kessen River flood is the worst the valley has seen in forty years.\n\n"
        "How far has the water spread?\n\n"
        "By Thursday the water covered about 4,000 acres. Crews reopened two bridges.",
    )
    assert found[Decimal(4000)].measure == "area"
    assert found[Decimal(2)].measure == "other"


def test_a_count_of_another_measures_noun_under_the_heading_keeps_its_own() -> None:
    found = claims(
        FLOOD,
        "The Kessen River flood is the worst the valley has seen in forty years.\n\n"
        "How far has the water spread?\n\n"
        "It now covers 4,000 acres, and 300 houses sit inside the evacuation zone.",
    )
    assert found[Decimal(4000)].measure == "area"
    assert found[Decimal(300)].measure != "area"


# --------------------------------------------------------------------------- held by the subject


def test_the_subjects_own_count_of_the_measures_noun_needs_no_context_word() -> None:
    found = claims(BETA, "The Quillon beta now spans 44 firms across three continents.")
    assert found[Decimal(44)].measure == "seats"


def test_another_products_count_of_the_noun_stays_other() -> None:
    found = claims(BETA, "Quillon found flaws in software from 44 firms.")
    assert found[Decimal(44)].measure == "other"


# --------------------------------------------------------------------------- one of N


def test_one_of_n_things_names_no_holder_of_the_n() -> None:
    found = claims(
        FLOOD,
        "Mrs Tan's bungalow is one of 40 homes the Kessen River flood has destroyed, the "
        "council said.",
    )
    assert found[Decimal(40)].measure == "homes_lost"


# --------------------------------------------------------------------------- imperatives


def test_an_imperative_after_a_semicolon_proposes_its_figure() -> None:
    found = claims(
        BETA,
        "The Quillon beta gives 30 firms access today. The rules are simple; admit 60 firms "
        "to the beta and the queue disappears.",
    )
    assert found[Decimal(30)].modality == "actual"
    assert found[Decimal(60)].modality == "proposed"
