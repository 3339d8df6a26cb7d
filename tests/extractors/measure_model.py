"""Training and cross-validating the measure step's learned second look
(extractors/claims/measure_model.py) on the labelled dev sets.

Each (number, measure) pair the model scores is labelled from the gold: 1 when the number the
extractor found (span overlap and equal value, paired one to one as the gate pairs them) is a
value of that measure, else 0. The features are the rules' own choices (`to_claims(...,
learned=False)`), so what the model learns is when to overrule them.

    .venv/bin/python -m tests.extractors.measure_model --cv      # leave-one-set-out figures
    .venv/bin/python -m tests.extractors.measure_model --write   # retrain measure_model.json

Trained on TRAIN_SETS only: dev set 9 and the blind set are never trained on, so their
figures are unseen ones. `--cv` holds out one training set at a time and scores the model
trained on the others against the rules alone on it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from claimwatch.extractors.claims import discourse_of, measure_model, mentions_of, to_claims
from claimwatch.extractors.claims.measure import assign_measure, other_events
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.nlp import build_pipeline
from claimwatch.extractors.records import Claim
from tests.extractors import blind_gate, claimset_kit, logistic_fit

HERE = Path(__file__).resolve().parent
TRAIN_SETS = ("dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8")
MODEL_PATH = measure_model.MEASURE_MODEL_FILE
L2 = 1.0  # ridge penalty (per example); chosen by leave-one-set-out F1 among 0.3, 1, 3, 10
THRESHOLD = 0.5


@dataclass
class Text:
    """One labelled text as the rules leave it: its claims, pairs and gold labels."""

    set: str
    claims: list[Claim]
    pairs: list[measure_model.Pair]
    gold: list[Any]
    args: tuple  # what MeasureModel.apply needs besides the model
    year: int | None = None  # when the text was published (claims.future_years reads it)


def _matches(claims: list[Claim], gold: list[Any]) -> dict[int, Any]:
    """claim index → its gold label, one to one in text order, as the gate pairs them."""
    free = list(range(len(claims)))
    out = {}
    for label in gold:
        for n in free:
            c = claims[n]
            if blind_gate._overlaps(label, c) and blind_gate.same_value(label["value"], c.value):
                out[n] = label
                free.remove(n)
                break
    return out


def load(names: Iterable[str]) -> list[Text]:
    """Every text of the named sets, run through the pipeline with the rules alone."""
    reader = claimset_kit.reader()
    out = []
    for name in names:
        root = HERE / name
        texts = reader.load_texts(root)
        labels = reader.load_labels(texts, root / "gold")
        by_topic: dict[str, list[str]] = {}
        for text_id in sorted(labels):
            by_topic.setdefault(texts[text_id].topic, []).append(text_id)
        for topic_name, ids in sorted(by_topic.items()):
            topic = blind_gate._topic(topic_name, root)
            gazetteer = Gazetteer.from_entries(topic.gazetteer)
            nlp = build_pipeline(topic, None)
            for text_id, doc in zip(ids, nlp.pipe(texts[i].full for i in ids), strict=True):
                year = blind_gate.published_year(texts[text_id])
                found = discourse_of(doc)
                mentions = other_events(mentions_of(doc), found, year)
                claims = to_claims(
                    mentions, found, topic.measures, gazetteer, learned=False, year=year
                )
                base = [assign_measure(m, topic.measures) for m in mentions]
                pairs = measure_model.pairs(mentions, claims, found, topic.measures, base)
                args = (mentions, claims, found, topic.measures, base, gazetteer.canonicalize)
                out.append(Text(name, claims, pairs, labels[text_id], args, year))
    return out


def examples(texts: list[Text]) -> tuple[list[frozenset[str]], np.ndarray]:
    features, ys = [], []
    for t in texts:
        gold = _matches(t.claims, t.gold)
        for pair in t.pairs:
            label = gold.get(pair.index)
            features.append(pair.features)
            ys.append(1.0 if label is not None and label["measure"] == pair.measure else 0.0)
    return features, np.array(ys)


def fit(
    features: list[frozenset[str]], y: np.ndarray, l2: float = L2
) -> measure_model.MeasureModel:
    weights, bias = logistic_fit.fit(features, y, l2)
    return measure_model.MeasureModel(weights, bias, THRESHOLD)


def figures(texts: list[Text], model: measure_model.MeasureModel | None) -> dict[str, float]:
    """Measure recall and precision, as the gate counts them, of the rules alone (model None)
    or of the rules with the model's second look."""
    s = blind_gate.Score()
    for t in texts:
        claims = t.claims if model is None else model.apply(*t.args)
        blind_gate._score_text(s, t.gold, claims)
    totals = s.totals()
    return {k: totals[k] for k in ("measure_recall", "measure_precision", "strict_measure_recall")}


def cross_validate(texts: list[Text]) -> list[str]:
    """One line per held-out set, and one for every set pooled, each held out in turn."""
    lines = []
    pooled: list[Text] = []
    for held in TRAIN_SETS:
        model = fit(*examples([t for t in texts if t.set != held]))
        test = [t for t in texts if t.set == held]
        lines.append(
            f"{held}: rules {_fmt(figures(test, None))}  learned {_fmt(figures(test, model))}"
        )
        # Each held-out text with the claims its fold's model gives, for the pooled line
        pooled += [replace(t, claims=model.apply(*t.args)) for t in test]
    lines.append(f"all:  rules {_fmt(figures(texts, None))}  learned {_fmt(figures(pooled, None))}")
    return lines


def _fmt(f: dict[str, float]) -> str:
    return " / ".join(f"{f[k]:.3f}" for k in ("measure_recall", "measure_precision",
                                             "strict_measure_recall"))  # fmt: skip


def main(argv: list[str]) -> int:
    args = logistic_fit.arguments(__doc__.splitlines()[0], MODEL_PATH, argv)
    texts = load(TRAIN_SETS)
    if args.cv:
        print("measure recall / precision / strict recall, each set held out in turn")
        print("\n".join(cross_validate(texts)))
    if args.write:
        logistic_fit.write(fit(*examples(texts)), MODEL_PATH, TRAIN_SETS, L2)
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
