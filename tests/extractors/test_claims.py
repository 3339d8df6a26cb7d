"""Claim extraction on single sentences: one behaviour per test.

The pipeline is built once per session (conftest.py); `extract_claims` reuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import (
    EXTRACTOR_VERSION,
    ModelNotFound,
    build_pipeline,
    extract_many,
    extraction_key,
    load_model,
    model_identity,
)
from claimwatch.extractors.pipeline import extract_claims
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic

ACCESS = "orgs_with_access"
Run = Callable[[str], list[Claim]]


@pytest.fixture(scope="module")
def run(nlp: Language, mythos: Topic) -> Run:
    def _run(text: str) -> list[Claim]:
        return extract_claims(text, topic=mythos)

    return _run


def only(claims: list[Claim], measure: str = ACCESS) -> Claim:
    picked = [c for c in claims if c.measure == measure]
    assert len(picked) == 1, [(c.value_text, c.measure) for c in claims]
    return picked[0]


# A paragraph with the reference article's facts, in our own words.
STORY = (
    "Anthropic has asked the Trump administration to let it widen access to its Mythos model. "
    "According to The Wall Street Journal, the company proposed granting about 70 additional "
    "enterprises and institutions access, a change that would bring the total number of "
    "organizations permitted to use Mythos to around 120. "
    "Today, access covers about 50 organizations that run critical infrastructure. "
    "The two sides are already fighting over Pentagon contracts in two different courts. "
    "Anthropic first opened a preview of the model in early April, and last week it said it "
    "was investigating possible unauthorized access."
)


def test_reference_story(run: Run) -> None:
    claims = run(STORY)
    access = [c for c in claims if c.measure == ACCESS]
    got = {(c.value, c.kind, c.modality) for c in access}
    assert got == {(70, "delta", "proposed"), (120, "level", "proposed"), (50, "level", "actual")}
    by_value = {c.value: c for c in access}
    assert (by_value[70].low, by_value[70].high) == pytest.approx((63, 77))
    assert (by_value[120].low, by_value[120].high) == pytest.approx((108, 132))
    assert (by_value[50].low, by_value[50].high) == pytest.approx((45, 55))
    assert by_value[70].attribution == "The Wall Street Journal"
    assert by_value[120].attribution == "The Wall Street Journal"
    # "two different courts", "early April", "last week" are no access counts.
    courts = [c for c in claims if c.noun == "court"]
    assert [(c.value, c.measure) for c in courts] == [(2, "other")]
    assert all("April" not in c.value_text and "week" not in c.value_text for c in claims)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("About 50 organizations have access to Mythos.", 50, "approx"),
        ("Roughly 50 organizations have access to Mythos.", 50, "approx"),
        ("An estimated 50 organizations have access to Mythos.", 50, "approx"),
        ("Nearly 50 organizations have access to Mythos.", 50, "nearly"),
        ("More than 50 organizations have access to Mythos.", 50, "more_than"),
        ("At least 50 organizations have access to Mythos.", 50, "at_least"),
        ("Fewer than 50 organizations have access to Mythos.", 50, "less_than"),
        ("Up to 50 organizations have access to Mythos.", 50, "at_most"),
        ("Exactly 50 organizations have access to Mythos.", 50, "exact"),
        ("Between 50 and 60 organizations have access to Mythos.", 55, "range"),
        ("Dozens of organizations have access to Mythos.", 24, "vague"),
        ("50 or more organizations have access to Mythos.", 50, "at_least"),
    ],
)
def test_qualifiers(run: Run, text: str, value: float, qualifier: str) -> None:
    c = only(run(text))
    assert (c.value, c.qualifier) == (value, qualifier)


def test_hedge_is_part_of_the_mention_and_offsets_point_at_it(run: Run) -> None:
    text = "For now, about 50 organizations have access to Mythos."
    c = only(run(text))
    assert c.value_text == "about 50"
    assert text[c.start_char : c.end_char] == "about 50"
    assert text[c.sentence_start : c.sentence_end] == c.sentence


def test_number_words(run: Run) -> None:
    c = only(run("Seventy-five additional enterprises would gain access to Mythos."))
    assert (c.value, c.kind) == (75, "delta")


def test_two_dozen(run: Run) -> None:
    assert only(run("Two dozen banks are using the Mythos preview.")).value == 24


@pytest.mark.parametrize(
    "text",
    [
        "Anthropic would give another 70 organizations access to Mythos.",
        "Anthropic would give 70 more companies access to Mythos.",
        "Anthropic wants to expand Mythos access by 70 companies.",
        "Anthropic wants to add 70 companies to the Mythos preview.",
    ],
)
def test_delta(run: Run, text: str) -> None:
    assert only(run(text)).kind == "delta"


def test_total_is_a_level(run: Run) -> None:
    claims = run("About 70 additional firms would get access, bringing the total to around 120.")
    kinds = {c.value: c.kind for c in claims if c.measure == ACCESS}
    assert kinds == {70: "delta", 120: "level"}


def test_counted_noun_through_number_of(run: Run) -> None:
    c = only(run("The count of entities cleared to use the model would rise to 120."))
    assert (c.noun, c.value, c.modality) == ("entity", 120, "proposed")


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("About 50 organizations currently have access to Mythos.", "actual"),
        ("About 120 organizations would have access to Mythos.", "proposed"),
        ("Anthropic plans to grant access to 70 more firms.", "proposed"),
        ("Anthropic's proposal covers about 70 new companies with access.", "proposed"),
        ("The White House opposes giving 120 companies access to Mythos.", "proposed"),
        ("Mythos access now extends to 62 organizations.", "actual"),
    ],
)
def test_modality(run: Run, text: str, modality: str) -> None:
    assert only(run(text)).modality == modality


def test_baseline_after_from_is_actual(run: Run) -> None:
    claims = run("The plan would expand access from about 50 organizations to around 120.")
    got = {c.value: c.modality for c in claims if c.measure == ACCESS}
    assert got == {50: "actual", 120: "proposed"}


@pytest.mark.parametrize(
    "text",
    [
        "Anthropic has not given 70 more companies access to Mythos.",
        "Anthropic denied a report that it had given 200 companies access to Mythos.",
        "Anthropic has no plans to give access to 500 companies.",
    ],
)
def test_negation(run: Run, text: str) -> None:
    assert only(run(text)).negated is True


def test_unnegated_by_default(run: Run) -> None:
    assert only(run("About 50 organizations have access to Mythos.")).negated is False


@pytest.mark.parametrize(
    "text",
    [
        "According to WSJ, about 50 organizations have access to Mythos.",
        "The Wall Street Journal reported that about 50 organizations have access to Mythos.",
        "About 50 organizations have access to Mythos, the Journal said.",
    ],
)
def test_attribution_is_canonical(run: Run, text: str) -> None:
    assert only(run(text)).attribution == "The Wall Street Journal"


def test_a_measure_claim_has_the_measures_subject(run: Run) -> None:
    # topics/mythos.toml: orgs_with_access counts for "Mythos", whoever proposes the change.
    c = only(run("The White House's plan would let 30 agencies use Mythos."))
    assert c.subject == "Mythos"


def test_without_a_measure_subject_the_sentence_subject_is_canonical(mythos: Topic) -> None:
    bare = replace(mythos, measures=tuple(replace(m, subject=None) for m in mythos.measures))
    claims = extract_claims("The White House's plan would let 30 agencies use Mythos.", topic=bare)
    assert only(claims).subject == "White House"


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Anthropic was valued at $380 billion by investors with access to Mythos.", "money"),
        ("About 40% of the companies with access to Mythos are banks.", "percent"),
        ("Some 40 percent of the companies with access to Mythos are banks.", "percent"),
    ],
)
def test_money_and_percent_are_other(run: Run, text: str, quantity: str) -> None:
    c = only(run(text), "other")
    assert c.quantity == quantity
    assert not [x for x in run(text) if x.measure == ACCESS]


@pytest.mark.parametrize(
    "text",
    [
        "In 2026, Anthropic opened Mythos access in early April.",
        "The first companies got access to Mythos on April 7.",
    ],
)
def test_dates_times_ordinals_are_not_claims(run: Run, text: str) -> None:
    assert run(text) == []


def test_a_duration_is_a_quantity_but_never_a_count_of_a_measure(run: Run) -> None:
    # DESIGN.md: durations and ages are quantities with a time unit, stored as `other`.
    c = only(run("Officials met for three hours to discuss access to Mythos."), "other")
    assert (c.value, c.quantity, c.noun) == (3, "duration", "hour")


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("Lawsuits over access to the model are pending in two different courts.", "court"),
        ("Anthropic signed deals with three partners to expand access.", "partner"),
        ("A Mythos game guide sold 5 million copies.", "copy"),
    ],
)
def test_counts_of_other_things_are_other(run: Run, text: str, noun: str) -> None:
    c = only(run(text), "other")
    assert c.noun == noun


def test_context_is_required(run: Run) -> None:
    # Business customers in general are not customers with access to Mythos.
    assert only(run("Anthropic has more than 300,000 business customers."), "other").value == 3e5


def test_without_topic_everything_is_other(nlp: Language) -> None:
    claims = extract_claims("About 50 organizations have access to Mythos.")
    assert [(c.value, c.measure) for c in claims] == [(50, "other")]


def test_extract_many_keeps_order(nlp: Language, mythos: Topic) -> None:
    texts = ["About 50 organizations have access.", "No numbers here.", "Two courts."]
    out = list(extract_many(nlp, texts, topic=mythos, batch_size=2))
    assert [[c.value for c in ex.claims] for ex in out] == [[50], [], [2]]


def test_pipeline_is_built_once(nlp: Language, mythos: Topic) -> None:
    assert build_pipeline(mythos) is nlp
    assert "claimwatch_claims" in nlp.pipe_names
    assert nlp.pipe_names.index("claimwatch_gazetteer") < nlp.pipe_names.index("ner")


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFound, match="no_such_model_xyz"):
        load_model("no_such_model_xyz")


def test_the_extraction_key_names_code_topic_model_and_lexicon(mythos: Topic) -> None:
    key = extraction_key(mythos)
    assert key.startswith(EXTRACTOR_VERSION + "+topic:")
    assert "+model:" in key and "@3.8.0" in key and "+lexicon:" in key
    assert extraction_key(mythos) == key  # deterministic
    # A new measure, a changed noun list or a new alias is another key; feeds are not.
    more = replace(mythos, measures=(*mythos.measures, replace(mythos.measures[0], name="x")))
    assert extraction_key(more) != key
    nouns = replace(mythos.measures[0], nouns=(*mythos.measures[0].nouns, "hospital"))
    assert extraction_key(replace(mythos, measures=(nouns,))) != key
    assert extraction_key(replace(mythos, gazetteer=mythos.gazetteer[:-1])) != key
    assert extraction_key(replace(mythos, feeds=())) == key


def test_an_unknown_model_is_an_error_before_anything_loads() -> None:
    with pytest.raises(ModelNotFound, match="no_such_model_xyz"):
        model_identity("no_such_model_xyz")


def test_extract_many_across_processes(nlp: Language, mythos: Topic) -> None:
    # Docs travel between processes as msgpack: the component must store plain data.
    texts = ["About 50 organizations have access to Mythos, WSJ reported.", "Two courts."] * 2
    out = list(extract_many(nlp, texts, topic=mythos, batch_size=1, n_process=2))
    assert [[(c.value, c.measure) for c in ex.claims] for ex in out] == [
        [(50, ACCESS)],
        [(2, "other")],
    ] * 2
    assert out[0].claims[0].attribution == "The Wall Street Journal"


def test_the_package_entry_point_reads_the_readme_example() -> None:
    from claimwatch.extractors import extract_claims
    from claimwatch.flows.topic_files import load_topic

    text = (
        "According to The Wall Street Journal, Anthropic proposed giving about 70 additional "
        "enterprises access to Mythos, a move that would lift the total to around 120."
    )
    claims = extract_claims(text, topic=load_topic("mythos", require_feeds=False))
    got = [(c.measure, c.value, c.qualifier, c.kind, c.modality, c.attribution) for c in claims]
    wsj = "The Wall Street Journal"
    assert got == [
        ("orgs_with_access", 70.0, "approx", "delta", "proposed", wsj),
        ("orgs_with_access", 120.0, "approx", "level", "proposed", wsj),
    ]


def test_a_sentence_is_one_line_and_its_offsets_trimmed(nlp: Language, mythos: Topic) -> None:
    text = "Mythos access grows\n\nAbout 50 organizations have access to Mythos.\n\nMore later."
    (extraction,) = extract_many(nlp, [text], topic=mythos)
    (claim,) = [c for c in extraction.claims if c.value == 50]
    assert "\n" not in claim.sentence and claim.sentence == claim.sentence.strip()
    span = text[claim.sentence_start : claim.sentence_end]
    assert span == span.strip() and " ".join(span.split()) == claim.sentence
    assert claim.sentence.endswith("have access to Mythos.")
