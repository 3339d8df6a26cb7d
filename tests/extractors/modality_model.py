"""Training and cross-validating the learned second look at a measure claim's modality
(extractors/claims/modality_model.py) on the labelled dev sets.

Each example is a measure claim the extractor files under the measure its gold label has
(span overlap and equal value, paired one to one as the gate pairs them; its measure as the
shipped measure step gives it), labelled 1 when the gold modality is proposed. The features
read the rules' modality (`to_claims(..., learned=False)`), so the model learns when to
overrule them.

    .venv/bin/python -m tests.extractors.modality_model --cv      # leave-one-set-out figures
    .venv/bin/python -m tests.extractors.modality_model --write   # retrain modality_model.json

Trained on TRAIN_SETS (dev sets 2 to 10); the blind set and dev sets written later are never
trained on (UNSEEN_SETS, scored by `--cv` with the model trained on every training set).
`--cv` holds out one training set at a time and scores the model trained on the others
against the rules alone on it. (The measure step under it is the shipped one, trained on dev
sets 2 to 8: a held-out set's claims may be filed by a model that saw it; that decides which
claims are scored, not their modality.)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from claimwatch.extractors.claims import Mention, measure_model, modality_model
from claimwatch.extractors.claims.discourse import counts_asks
from claimwatch.extractors.claims.future_years import future_years
from claimwatch.extractors.records import Claim
from tests.extractors import logistic_fit
from tests.extractors import measure_model as measure_training

# The measure step's training sets and the two written after it (whose misses were read
# before this step's features were chosen).
TRAIN_SETS = (*measure_training.TRAIN_SETS, "dev9", "dev10")
UNSEEN_SETS = tuple(f"dev{n}" for n in range(11, 21))
MODEL_PATH = modality_model.MODALITY_MODEL_FILE
L2 = 1.0  # ridge penalty; chosen by leave-one-set-out agreement among 1, 3 and 10 (dev 2-8)
THRESHOLD = 0.5


@dataclass
class Text:
    """One labelled text's measure claims as the shipped measure step files them, with the
    rules' modality, and the gold label each claim is paired with (when it has one)."""

    set: str
    mentions: list[Mention]
    claims: list[Claim]
    gold: dict[int, Any]  # claim index → its gold label
    # Measures that count asks (a ransom demand): the pipeline keeps the rules' modality there
    # (discourse.counts_asks), so the model neither learns nor decides their claims.
    asks: frozenset[str] = frozenset()
    year: int | None = None  # when it was published


def load(names: Iterable[str]) -> list[Text]:
    return from_rules(measure_training.load(names))


def from_rules(texts: Iterable[measure_training.Text]) -> list[Text]:
    """The texts as the measure step's training loads them, with the shipped measure step."""
    out = []
    for t in texts:
        claims = measure_model.default().apply(*t.args)
        asks = frozenset(m.name for m in t.args[3] if counts_asks(m))
        gold = measure_training._matches(claims, t.gold)
        out.append(Text(t.set, list(t.args[0]), claims, gold, asks, t.year))
    return out


def _scored(t: Text) -> list[int]:
    """The claims whose modality is scored: filed under their gold label's measure."""
    return [
        i
        for i, label in t.gold.items()
        if label["measure"] != "other" and t.claims[i].measure == label["measure"]
    ]


def examples(texts: list[Text]) -> tuple[list[frozenset[str]], np.ndarray]:
    """The scored claims the model decides (not those a trusted rule gave their modality)."""
    features, ys = [], []
    for t in texts:
        for i in _scored(t):
            if t.claims[i].measure in t.asks:
                continue
            if not modality_model.weighed(t.mentions[i], t.claims[i]):
                continue
            features.append(modality_model.features(t.mentions[i], t.claims[i], t.claims))
            ys.append(1.0 if t.gold[i]["modality"] == "proposed" else 0.0)
    return features, np.array(ys)


def fit(
    features: list[frozenset[str]], y: np.ndarray, l2: float = L2
) -> modality_model.ModalityModel:
    weights, bias = logistic_fit.fit(features, y, l2)
    return modality_model.ModalityModel(weights, bias, THRESHOLD)


def agreement(texts: list[Text], model: modality_model.ModalityModel | None) -> tuple[int, int]:
    """(right, scored): how many scored claims have the gold modality, by the rules alone
    (model None) or with the model's second look."""
    right = scored = 0
    for t in texts:
        if model is None:
            decided = [c.modality for c in t.claims]
        else:
            # as the pipeline does: the model's second look, then a figure for a year after
            # publication put ahead (the rules' claims have had that already)
            chosen = model.decide(t.mentions, t.claims, kept=t.asks)
            claims = [replace(c, modality=m) for c, m in zip(t.claims, chosen, strict=True)]
            decided = [c.modality for c in future_years(claims, t.mentions, t.year)]
        for i in _scored(t):
            scored += 1
            right += decided[i] == t.gold[i]["modality"]
    return right, scored


def _line(name: str, texts: list[Text], model: modality_model.ModalityModel) -> str:
    (rules, n), (learned, _) = agreement(texts, None), agreement(texts, model)
    return f"{name}: rules {rules / n:.3f}  learned {learned / n:.3f}  ({n} claims)"


def cross_validate(texts: list[Text]) -> list[str]:
    """One line per held-out set, one for every set pooled (each held out in turn)."""
    lines = []
    pooled = [0, 0, 0]  # rules right, learned right, scored
    for held in TRAIN_SETS:
        model = fit(*examples([t for t in texts if t.set != held]))
        test = [t for t in texts if t.set == held]
        lines.append(_line(held, test, model))
        (rules, n), (learned, _) = agreement(test, None), agreement(test, model)
        pooled = [pooled[0] + rules, pooled[1] + learned, pooled[2] + n]
    rules, learned, n = pooled
    lines.append(f"all:  rules {rules / n:.3f}  learned {learned / n:.3f}  ({n} claims)")
    return lines


def main(argv: list[str]) -> int:
    args = logistic_fit.arguments(__doc__.splitlines()[0], MODEL_PATH, argv)
    texts = load(TRAIN_SETS)
    model = fit(*examples(texts))
    if args.cv:
        print("modality agreement on measure claims, each set held out in turn")
        print("\n".join(cross_validate(texts)))
        print("trained on every training set:")
        for name in UNSEEN_SETS:
            print(_line(name, load([name]), model))
    if args.write:
        logistic_fit.write(model, MODEL_PATH, TRAIN_SETS, L2)
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
