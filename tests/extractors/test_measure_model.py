"""The learned second look at the measure step (extractors/claims/measure_model.py): what it
does with a claim, that the shipped weights are what the documented command trains, and that
it beats the rules alone on dev sets it was not trained on."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from spacy.language import Language

from claimwatch.extractors.claims import discourse_of, mentions_of, to_claims
from claimwatch.extractors.claims.measure import assign_measure
from claimwatch.extractors.claims.measure_model import (
    MEASURE_MODEL_FILE,
    MeasureModel,
    default,
    pairs,
)
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.topic import Topic
from tests.extractors import logistic_fit
from tests.extractors import measure_model as training

TEXT = (
    "Anthropic has opened Mythos to about 50 organizations, people familiar with the matter "
    "said.\n\nA rival's own program covers 35 companies.\n\nThe company wants to add roughly 70 "
    "more."
)


def _rules(nlp: Language, topic: Topic, text: str):
    doc = nlp(text)
    mentions, found = mentions_of(doc), discourse_of(doc)
    gazetteer = Gazetteer.from_entries(topic.gazetteer)
    claims = to_claims(mentions, found, topic.measures, gazetteer, learned=False)
    base = [assign_measure(m, topic.measures) for m in mentions]
    return mentions, claims, found, topic.measures, base, gazetteer.canonicalize


def test_a_model_files_what_scores_past_its_threshold(nlp: Language, mythos: Topic) -> None:
    args = _rules(nlp, mythos, TEXT)
    claims = args[1]
    by_value = {int(c.value): c for c in claims}
    assert by_value[50].measure == "orgs_with_access"
    # A model that trusts the rules alone changes nothing.
    trusting = MeasureModel({"rule_m": 10.0}, bias=-5.0, threshold=0.5)
    assert trusting.apply(*args) == claims
    # One that files every count of the measure's nouns, whatever the rules said, also files
    # a count the rules left out, about the measure's own subject; never the rival's own 35
    # (claims-18: a count its words give to another party); and one that trusts nothing drops
    # every measure claim.
    args = _rules(nlp, mythos, TEXT + "\n\nSome 40 companies sat in on a briefing.")
    by_value = {int(c.value): c for c in args[1]}
    greedy = MeasureModel({"noun_m": 10.0}, bias=-5.0, threshold=0.5)
    moved = {int(c.value): c for c in greedy.apply(*args)}
    assert by_value[40].measure == "other" and moved[40].measure == "orgs_with_access"
    assert moved[40].subject == (by_value[40].subject or "Mythos")
    assert by_value[35].measure == "other" and moved[35].measure == "other"
    nothing = MeasureModel({}, bias=-5.0, threshold=0.5)
    assert {c.measure for c in nothing.apply(*args)} == {"other"}
    # Only the claim's measure and subject change: its value, kind and modality stay the rules'.
    assert replace(moved[40], measure="other", subject=by_value[40].subject) == by_value[40]


def test_pairs_only_offer_measures_of_the_claims_unit(nlp: Language, mythos: Topic) -> None:
    text = TEXT + " The program costs $4 million a year."
    mentions, claims, found, measures, base, _ = _rules(nlp, mythos, text)
    offered = {claims[p.index].quantity for p in pairs(mentions, claims, found, measures, base)}
    assert "money" in {c.quantity for c in claims}
    assert offered == {"count"}  # Mythos' one measure counts organizations


def test_the_shipped_model_is_read_from_its_file() -> None:
    data = json.loads(MEASURE_MODEL_FILE.read_text(encoding="utf-8"))
    model = default()
    assert model.weights == data["weights"] and model.bias == data["bias"]
    assert data["trained_on"] == list(training.TRAIN_SETS)
    assert not {"dev9", "dev10"} & set(data["trained_on"])  # never trained on


@pytest.fixture(scope="module")
def training_texts() -> list[training.Text]:
    return training.load(training.TRAIN_SETS)


def test_retraining_gives_the_shipped_weights(training_texts: list[training.Text]) -> None:
    """The file is what `python -m tests.extractors.measure_model --write` makes from the dev
    sets as they are (a stale file, or one edited by hand, fails here)."""
    model = training.fit(*training.examples(training_texts))
    logistic_fit.assert_same_weights(model, default())


def test_held_out_sets_gain_over_the_rules(training_texts: list[training.Text]) -> None:
    """Leave-one-set-out: trained without dev 8 (and without dev 7), the model finds more of
    their measure claims, and files fewer wrongly, than the rules alone."""
    for held in ("dev7", "dev8"):
        model = training.fit(*training.examples([t for t in training_texts if t.set != held]))
        test = [t for t in training_texts if t.set == held]
        rules, learned = training.figures(test, None), training.figures(test, model)
        assert learned["measure_recall"] > rules["measure_recall"], held
        assert learned["measure_precision"] > rules["measure_precision"], held
