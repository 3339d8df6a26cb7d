"""Scoring the claim extractor on the blind set (tests/extractors/blind/, see its GUIDE.md).

The blind set was written and labelled by people who never saw the extractor; it is never used
for tuning (tune on the dev set, tests/extractors/cases/dev.jsonl). Only totals are printed:
diagnosing single failures on it would turn it into a second dev set.

    .venv/bin/python -m tests.extractors.blind_gate --log   # a deliberate run, logged

Matching: a predicted claim and a gold quantity are the same quantity when their character
spans overlap and their values are equal; pairs are matched one to one, in text order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

HERE = Path(__file__).resolve().parent
BLIND = HERE / "blind"
LOG = BLIND / "runs.log"
sys.path.insert(0, str(BLIND))
from blindset import Label, load_labels, load_texts  # noqa: E402


def _topic(name: str) -> Topic:
    if name == "mythos":
        text = files("claimwatch.topics").joinpath("mythos.toml").read_text(encoding="utf-8")
    else:
        text = (BLIND / "topics" / f"{name}.toml").read_text(encoding="utf-8")
    return replace(parse_topic(text, default_name=name), feeds=())


def _same_value(gold: object, predicted: Decimal) -> bool:
    g = Decimal(str(gold))
    return abs(g - predicted) <= max(abs(g), Decimal(1)) * Decimal("1e-6")


def _overlaps(label: Label, claim: Claim) -> bool:
    return label.start < claim.end_char and claim.start_char < label.end


@dataclass
class Score:
    texts: int = 0
    gold_quantities: int = 0
    predicted_quantities: int = 0
    value_matches: int = 0
    gold_measure: int = 0  # gold quantities filed under a topic measure
    measure_found_anywhere: int = 0  # ... whose value the extractor found under any measure
    measure_hits: int = 0  # ... found under the right measure
    predicted_measure: int = 0  # predicted claims filed under a topic measure
    predicted_measure_correct: int = 0
    agree: dict[str, int] = field(
        default_factory=lambda: {"qualifier": 0, "kind": 0, "modality": 0}
    )
    all_right: int = 0  # found under the right measure with qualifier, kind and modality right

    def totals(self) -> dict[str, float | int]:
        p = self.value_matches / self.predicted_quantities if self.predicted_quantities else 1.0
        r = self.value_matches / self.gold_quantities if self.gold_quantities else 1.0
        hits = self.measure_hits or 1
        gold = self.gold_measure or 1
        return {
            "texts": self.texts,
            "gold_quantities": self.gold_quantities,
            "gold_measure_claims": self.gold_measure,
            "value_precision": round(p, 3),
            "value_recall": round(r, 3),
            "value_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "measure_found_anywhere": round(self.measure_found_anywhere / gold, 3),
            "measure_recall": round(self.measure_hits / gold, 3),
            "measure_precision": round(
                self.predicted_measure_correct / self.predicted_measure, 3
            ) if self.predicted_measure else 1.0,
            # Right answers over every gold measure claim: these only rise when the extractor
            # gets more right (agreement, below, is over matches and can fall as recall adds
            # harder matches).
            "strict_measure_recall": round(self.all_right / gold, 3),
            "qualifier_right": round(self.agree["qualifier"] / gold, 3),
            "kind_right": round(self.agree["kind"] / gold, 3),
            "modality_right": round(self.agree["modality"] / gold, 3),
            "qualifier_agreement": round(self.agree["qualifier"] / hits, 3),
            "kind_agreement": round(self.agree["kind"] / hits, 3),
            "modality_agreement": round(self.agree["modality"] / hits, 3),
        }  # fmt: skip


def score(folder: Path = BLIND / "gold", *, model: str | None = None) -> dict[str, Score]:
    """Scores per topic ("all" for every text) of the extractor against the labels in folder."""
    texts = load_texts(BLIND)
    labels = load_labels(texts, folder)
    scores: dict[str, Score] = {"all": Score()}
    by_topic: dict[str, list[str]] = {}
    for text_id in sorted(labels):
        by_topic.setdefault(texts[text_id].topic, []).append(text_id)
    for topic_name, ids in sorted(by_topic.items()):
        topic = _topic(topic_name)
        nlp = build_pipeline(topic, model)
        extractions = extract_many(nlp, [texts[i].full for i in ids], topic=topic)
        for text_id, extraction in zip(ids, extractions, strict=True):
            for s in (scores["all"], scores.setdefault(topic_name, Score())):
                _score_text(s, labels[text_id], list(extraction.claims))
    return scores


def _score_text(s: Score, gold: list[Label], predicted: list[Claim]) -> None:
    s.texts += 1
    s.gold_quantities += len(gold)
    s.predicted_quantities += len(predicted)
    free = list(predicted)
    for label in gold:  # every quantity: span and value
        match = next(
            (c for c in free if _overlaps(label, c) and _same_value(label["value"], c.value)), None
        )
        if match is not None:
            s.value_matches += 1
            free.remove(match)
    measured = [c for c in predicted if c.measure != "other"]
    s.predicted_measure += len(measured)
    free = list(measured)
    for label in gold:
        if label["measure"] == "other":
            continue
        s.gold_measure += 1
        if any(_overlaps(label, c) and _same_value(label["value"], c.value) for c in predicted):
            s.measure_found_anywhere += 1
        match = next(
            (
                c
                for c in free
                if _overlaps(label, c)
                and _same_value(label["value"], c.value)
                and c.measure == label["measure"]
            ),
            None,
        )
        if match is None:
            continue
        free.remove(match)
        s.measure_hits += 1
        s.predicted_measure_correct += 1
        right = [getattr(match, name) == label[name] for name in ("qualifier", "kind", "modality")]
        for name, ok in zip(("qualifier", "kind", "modality"), right, strict=True):
            s.agree[name] += ok
        s.all_right += all(right)


def _commit() -> str:
    out = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(HERE), "status", "--porcelain", "--", "../../extractors", "../../topics"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return out.stdout.strip() + ("+uncommitted" if dirty else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", action="store_true", help=f"append the totals to {LOG.name}")
    args = parser.parse_args(argv)
    scores = score()
    lines = []
    for name, s in scores.items():
        totals = " ".join(f"{k}={v}" for k, v in s.totals().items())
        lines.append(f"{name}: {totals}")
    print("\n".join(lines))
    if args.log:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
        with LOG.open("a", encoding="utf-8") as f:
            f.write(f"# {stamp} commit {_commit()}\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
