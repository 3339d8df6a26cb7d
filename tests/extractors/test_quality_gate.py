"""Quality gate on the dev set: precision/recall of access claims on cases/dev.jsonl (one
sentence each) and cases/dev_discourse.jsonl (article-length texts: elliptical counts,
asides, modality per clause, other entities' counts; issue 13 classes a-d).

Run `pytest tests/extractors/test_quality_gate.py -s` to see the figures. The gold labels in
cases/dev.jsonl (the former gold set) were written before the extractor was tuned and are not
relabelled to match its output; the floors in dev_floors.toml (and DISCOURSE_FLOORS below) are
what the extractor reached, never lowered.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.language import Language

from claimwatch.extractors.nlp import extract_many
from claimwatch.extractors.topic import Topic

HERE = Path(__file__).parent
GOLD = HERE / "cases" / "dev.jsonl"
DISCOURSE_GOLD = HERE / "cases" / "dev_discourse.jsonl"
FLOORS = HERE / "dev_floors.toml"
MEASURE = "orgs_with_access"
EPSILON = 0.005

Key = tuple[float, str, str, str, str]


def _key(value: float, qualifier: str, kind: str, modality: str, measure: str) -> Key:
    return (round(float(value), 3), qualifier, kind, modality, measure)


def _gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def measure_quality(nlp: Language, topic: Topic) -> dict[str, float]:
    rows = _gold()
    tp = fp = fn = 0
    clean = distractors = 0
    neg_right = neg_total = 0
    extractions = extract_many(nlp, [r["text"] for r in rows], topic=topic)
    for row, ex in zip(rows, extractions, strict=True):
        gold_claims = [c for c in row["claims"] if c["measure"] == MEASURE]
        gold = Counter(
            _key(c["value"], c["qualifier"], c["kind"], c["modality"], c["measure"])
            for c in gold_claims
        )
        predicted = [c for c in ex.claims if c.measure == MEASURE]
        pred = Counter(_key(c.value, c.qualifier, c.kind, c.modality, c.measure) for c in predicted)
        hit = sum((gold & pred).values())
        tp, fp, fn = tp + hit, fp + sum(pred.values()) - hit, fn + sum(gold.values()) - hit
        if not gold:
            distractors += 1
            clean += not pred
        # Negation is not in the tuple; report it on the matched values.
        by_value = {round(c.value, 3): c.negated for c in predicted}
        for g in gold_claims:
            if round(g["value"], 3) in by_value:
                neg_total += 1
                neg_right += by_value[round(g["value"], 3)] == g["negated"]
    return {
        "sentences": len(rows),
        "mentions": sum(len(r["claims"]) for r in rows),
        "gold_access_claims": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "distractor_sentences": distractors,
        "distractors_clean": clean / distractors if distractors else 1.0,
        "negation_accuracy": neg_right / neg_total if neg_total else 1.0,
    }


def _show(title: str, figures: dict[str, Any]) -> None:
    print(f"\nclaim quality on {title}:")
    for name, value in figures.items():
        print(f"  {name:22} {value:.3f}" if isinstance(value, float) else f"  {name:22} {value}")


def test_gold_set_is_big_enough() -> None:
    rows = _gold()
    assert sum(len(r["claims"]) for r in rows) >= 150
    for row in rows:
        for claim in row["claims"]:
            assert set(claim) >= {"value", "qualifier", "kind", "modality", "negated", "measure"}


def test_quality_floors(nlp: Language, mythos: Topic) -> None:
    figures = measure_quality(nlp, mythos)
    _show("the dev set (cases/dev.jsonl, tuned on)", figures)
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))[MEASURE]
    for name in ("precision", "recall", "distractors_clean"):
        assert floors[name] >= 0.9, f"floor {name} must stay at or above 0.9"
        assert figures[name] >= floors[name] - EPSILON, (
            f"{name} {figures[name]:.3f} fell below its floor {floors[name]:.3f}"
        )


# Floors on cases/dev_discourse.jsonl: what the extractor reached when the texts were added
# (tuned on; the blind gate measures the same classes on unseen text). Never lower them.
DISCOURSE_FLOORS = {
    "precision": 0.967,
    "recall": 0.924,
    "others_kept": 0.95,
    "subject_agreement": 1.0,
}


def measure_discourse_quality(nlp: Language, topic: Topic) -> dict[str, Any]:
    """Access-claim precision/recall on the article-length dev texts, recall per class, the
    share of gold non-access quantities kept out of the measure, and subject agreement."""
    rows = _gold(DISCOURSE_GOLD)
    tp = fp = fn = 0
    by_class: dict[str, list[int]] = {}  # class -> [found, total]
    kept = others = 0
    subject_right = subjects = 0
    for row, ex in zip(
        rows, extract_many(nlp, [r["text"] for r in rows], topic=topic), strict=True
    ):
        access = [c for c in row["claims"] if c["measure"] == MEASURE]
        gold = Counter(
            _key(c["value"], c["qualifier"], c["kind"], c["modality"], MEASURE) for c in access
        )
        predicted = [c for c in ex.claims if c.measure == MEASURE]
        pred = Counter(_key(c.value, c.qualifier, c.kind, c.modality, c.measure) for c in predicted)
        hit = gold & pred
        tp, fp, fn = (
            tp + sum(hit.values()),
            fp + sum((pred - gold).values()),
            fn + sum((gold - pred).values()),
        )
        remaining = Counter(hit)
        for c in access:
            k = _key(c["value"], c["qualifier"], c["kind"], c["modality"], MEASURE)
            tally = by_class.setdefault(c["class"], [0, 0])
            tally[1] += 1
            if remaining[k] > 0:
                remaining[k] -= 1
                tally[0] += 1
        for c in row["claims"]:
            same = [p for p in ex.claims if round(float(p.value), 3) == round(float(c["value"]), 3)]
            if c["measure"] != MEASURE:
                others += 1
                kept += not any(p.measure == MEASURE for p in same)
            if "subject" in c:
                subjects += 1
                subject_right += any(
                    p.subject == c["subject"] and p.measure == c["measure"] for p in same
                )
    return {
        "texts": len(rows),
        "gold_access_claims": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "others_kept": kept / others if others else 1.0,
        "subject_agreement": subject_right / subjects if subjects else 1.0,
        **{f"recall_class_{k}": f"{v[0]}/{v[1]}" for k, v in sorted(by_class.items())},
    }


def test_discourse_cases_are_labelled() -> None:
    rows = _gold(DISCOURSE_GOLD)
    assert len(rows) >= 20
    for row in rows:
        for claim in row["claims"]:
            assert set(claim) >= {"value", "qualifier", "kind", "modality", "measure", "class"}


def test_discourse_floors(nlp: Language, mythos: Topic) -> None:
    figures = measure_discourse_quality(nlp, mythos)
    _show("article-length dev texts (cases/dev_discourse.jsonl, tuned on)", figures)
    for name, floor in DISCOURSE_FLOORS.items():
        assert figures[name] >= floor - EPSILON, f"{name} {figures[name]:.3f} fell below {floor}"
