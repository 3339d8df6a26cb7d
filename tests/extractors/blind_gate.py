"""Scoring the claim extractor on a labelled claim set: the blind set, or a dev set in its format.

The blind set (tests/extractors/blind/, see its GUIDE.md) was written and labelled by people who
never saw the extractor; it is never used for tuning. Only its totals are printed: diagnosing
single failures on it would turn it into a second dev set. Dev sets in the same format
(tests/extractors/dev2/) may be scored with `--verbose`, which lists every miss.

    .venv/bin/python -m tests.extractors.blind_gate --log                 # blind: totals, logged
    .venv/bin/python -m tests.extractors.blind_gate --set tests/extractors/dev2 --verbose

Matching: a predicted claim and a gold quantity are the same quantity when their character
spans overlap and their values are equal; pairs are matched one to one, in text order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

from claimwatch.extractors.claims import Mention, discourse_of, mentions_of, to_claims
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic
from tests.extractors import claimset_kit

HERE = Path(__file__).resolve().parent
BLIND = HERE / "blind"
LOG = BLIND / "runs.log"


def published_year(text: Any) -> int | None:
    """The year a set's text was published ("2026-04-21T14:05:00Z"), if its date reads."""
    try:
        return datetime.fromisoformat(str(text.published_at).replace("Z", "+00:00")).year
    except ValueError:
        return None


def _topic(name: str, root: Path = BLIND) -> Topic:
    if name == "mythos":
        text = files("claimwatch.topics").joinpath("mythos.toml").read_text(encoding="utf-8")
    else:
        text = (root / "topics" / f"{name}.toml").read_text(encoding="utf-8")
    return replace(parse_topic(text, default_name=name), feeds=())


def same_value(gold: object, predicted: Decimal) -> bool:
    g = Decimal(str(gold))
    return abs(g - predicted) <= max(abs(g), Decimal(1)) * Decimal("1e-6")


def _overlaps(label: Any, claim: Claim) -> bool:
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


# Rewrites a text's mentions before the measure step, knowing its gold labels: the oracle
# ablation (oracle_ablation.py) feeds gold heads, antecedents or owners in this way.
Rewrite = Callable[[list[Mention], list[Any], Topic], list[Mention]]


def score(
    root: Path = BLIND,
    *,
    model: str | None = None,
    misses: list[str] | None = None,
    rewrite: Rewrite | None = None,
) -> dict[str, Score]:
    """Scores per topic ("all" for every text) of the extractor against root's gold labels.
    `misses`, when given, receives one line per measure claim missed or wrongly filed (never
    pass it for the blind set). `rewrite`, when given, changes each text's mentions (with its
    gold labels in hand) before the topic's measure step runs."""
    reader = claimset_kit.reader()  # the blind set's reader serves every set in its format
    texts = reader.load_texts(root)
    labels = reader.load_labels(texts, root / "gold")
    scores: dict[str, Score] = {"all": Score()}
    by_topic: dict[str, list[str]] = {}
    for text_id in sorted(labels):
        by_topic.setdefault(texts[text_id].topic, []).append(text_id)
    for topic_name, ids in sorted(by_topic.items()):
        topic = _topic(topic_name, root)
        nlp = build_pipeline(topic, model)
        if rewrite is None:
            found = [
                list(e.claims)
                for e in extract_many(
                    nlp,
                    [texts[i].full for i in ids],
                    topic=topic,
                    years=[published_year(texts[i]) for i in ids],
                )
            ]
        else:
            gazetteer = Gazetteer.from_entries(topic.gazetteer)
            found = [
                to_claims(
                    rewrite(mentions_of(doc), labels[text_id], topic),
                    discourse_of(doc),
                    topic.measures,
                    gazetteer,
                    year=published_year(texts[text_id]),
                )
                for text_id, doc in zip(ids, nlp.pipe(texts[i].full for i in ids), strict=True)
            ]
        for text_id, claims in zip(ids, found, strict=True):
            for s in (scores["all"], scores.setdefault(topic_name, Score())):
                _score_text(s, labels[text_id], claims)
            if misses is not None:
                misses.extend(_misses(texts[text_id].full, labels[text_id], claims))
    return scores


def _misses(full: str, gold: list[Any], predicted: Any) -> list[str]:
    """Measure claims not found right, and claims filed under a measure that no gold one is."""
    out = []

    def where(start: int, end: int) -> str:
        a, b = full.rfind("\n", 0, start) + 1, full.find("\n", end)
        line = full[a : b if b >= 0 else len(full)]
        return line[max(0, start - a - 90) : end - a + 90].replace("\n", " ")

    used: set[int] = set()
    for label in gold:
        near = [c for c in predicted if _overlaps(label, c)]
        same = [c for c in near if same_value(label["value"], c.value)]
        for c in same:
            if c.measure != "other":
                used.add(id(c))
        if label["measure"] == "other":
            wrong = [c for c in same if c.measure != "other"]
            if wrong:
                out.append(
                    f"{label.text_id} FALSE {wrong[0].measure} for gold other "
                    f"{label['span']!r} (subject={label['subject']}): "
                    f"{where(label.start, label.end)}"
                )
            continue
        got = next((c for c in same if c.measure == label["measure"]), None)
        want = f"{label['measure']}/{label['kind']}/{label['modality']}/{label['qualifier']}"
        if got is None:
            seen = ", ".join(f"{c.value}:{c.measure}/{c.kind}/{c.modality}" for c in near) or "none"
            out.append(
                f"{label.text_id} MISS {label['span']!r} want {want} got [{seen}]: "
                f"{where(label.start, label.end)}"
            )
            continue
        have = f"{got.measure}/{got.kind}/{got.modality}/{got.qualifier}"
        if have != want:
            out.append(
                f"{label.text_id} WRONG {label['span']!r} want {want} got {have}: "
                f"{where(label.start, label.end)}"
            )
    for c in predicted:
        if c.measure != "other" and id(c) not in used:
            out.append(
                f"?? EXTRA {c.measure} {c.value_text!r} {c.value}: "
                f"{where(c.start_char, c.end_char)}"
            )
    return out


def _score_text(s: Score, gold: list[Any], predicted: list[Claim]) -> None:
    s.texts += 1
    s.gold_quantities += len(gold)
    s.predicted_quantities += len(predicted)
    free = list(predicted)
    for label in gold:  # every quantity: span and value
        match = next(
            (c for c in free if _overlaps(label, c) and same_value(label["value"], c.value)), None
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
        if any(_overlaps(label, c) and same_value(label["value"], c.value) for c in predicted):
            s.measure_found_anywhere += 1
        match = next(
            (
                c
                for c in free
                if _overlaps(label, c)
                and same_value(label["value"], c.value)
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


def commit() -> str:
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
    parser.add_argument("--set", type=Path, default=BLIND, help="a dev set in the same format")
    parser.add_argument("--verbose", action="store_true", help="list every miss (dev sets only)")
    args = parser.parse_args(argv)
    root = args.set.resolve()
    if args.verbose and root == BLIND:
        parser.error("--verbose lists single failures: never on the blind set")
    if args.log and root != BLIND:
        parser.error("--log records runs of the blind set only")
    misses: list[str] | None = [] if args.verbose else None
    scores = score(root, misses=misses)
    if misses:
        print("\n".join(misses))
    lines = []
    for name, s in scores.items():
        totals = " ".join(f"{k}={v}" for k, v in s.totals().items())
        lines.append(f"{name}: {totals}")
    print("\n".join(lines))
    if args.log:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
        with LOG.open("a", encoding="utf-8") as f:
            f.write(f"# {stamp} commit {commit()}\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
