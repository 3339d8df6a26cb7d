"""Oracle ablation: how far the claim extractor's rules would go if one of its weaker inputs were
perfect, estimated by feeding that input from the gold labels (issue 13: PyPI offers no larger
English model and the coreference packages download weights at run time, so what a better
parser or a coreference model would buy is measured, not guessed).

Each oracle rewrites the mentions the spaCy component found, before the topic's measure step,
for the numbers a gold label matches (span overlap and equal value, as the gate matches):

- `heads`: the counted noun, where the gold noun is a word of the number's own sentence — what
  a parser that attaches every number to its head would give;
- `antecedents`: for a count whose sentence does not name what it counts ("About 60, by the
  company's count", "roughly 30 more"; the gold noun is absent or not in the sentence), the
  noun it refers back to — the gold noun when the label gives one, else a noun of the gold
  measure, else (a count outside every measure) a noun no measure counts. This is what ellipsis
  and coreference resolution would give; the measure step still decides with its own rules;
- `owners`: whose count it is (the topic's own when the gold files it under a measure, else
  the gold subject's) — what resolving "its own", "the rival's" and possessives through
  coreference would give;
- `syntax`: kind and modality — what a perfect reading of the clause would give (they move
  strict recall and the agreement figures, and modality steers some measure choices).

Numbers the extractor did not find at all, and sums of money (the gold labels name no noun for
them), are beyond every oracle here: their headroom is the gap left under `all`.

    .venv/bin/python -m tests.extractors.oracle_ablation --set tests/extractors/dev4
    .venv/bin/python -m tests.extractors.oracle_ablation            # blind: totals, logged

On the blind set it prints totals only and appends them to blind/runs.log, like the gate.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimwatch.extractors.claims import Mention
from claimwatch.extractors.claims.discourse import noun_forms
from claimwatch.extractors.topic import Topic
from tests.extractors import blind_gate

ORACLES = ("heads", "antecedents", "owners", "syntax")
FIGURES = ("measure_recall", "measure_precision", "strict_measure_recall", "measure_found_anywhere")


def matches(mentions: list[Mention], gold: list[Any]) -> list[tuple[Mention, Any]]:
    """(mention, label) pairs, one to one in text order, as the gate pairs claims and labels."""
    free = list(range(len(mentions)))
    out = []
    for label in gold:
        for n in free:
            claim = mentions[n].claim
            if (
                label.start < claim.end_char
                and claim.start_char < label.end
                and blind_gate.same_value(label["value"], claim.value)
            ):
                out.append((mentions[n], label))
                free.remove(n)
                break
    return out


def _in_sentence(noun: str, sentence: str) -> bool:
    """Whether the sentence has the noun in some form ("companies" for "company")."""
    words = re.findall(r"[^\W\d_]+", sentence.lower())
    return bool(noun_forms(noun) & {f for w in words for f in noun_forms(w)})


# The antecedent of a count outside every measure, when its label names no noun: a word no
# topic file lists, so it files the count under no measure, as its real antecedent would.
ELSEWHERE = "item"


def _noun(mention: Mention, noun: str, context: tuple[str, ...] = ()) -> Mention:
    claim = replace(mention.claim, noun=noun.lower())
    words = tuple(sorted(set(mention.context) | set(context)))
    return replace(mention, claim=claim, context=words, elliptical=False, generic=False)


def _antecedent(mention: Mention, label: Any, topic: Topic) -> Mention:
    """The count as if it named its antecedent: the antecedent's noun, and the words of the
    antecedent's sentence that tie it to its measure (the measure's one-word context terms)."""
    measure = next((m for m in topic.measures if m.name == label["measure"]), None)
    if measure is None:
        return _noun(mention, str(label["noun"] or ELSEWHERE))
    noun = str(label["noun"] or (measure.nouns[0] if measure.nouns else ELSEWHERE))
    return _noun(mention, noun, tuple(t.lower() for t in measure.context if " " not in t))


def _owner(mention: Mention, label: Any) -> Mention:
    """Whose count it is, as the gold labels say: one filed under a measure is the topic's own
    (labels name its owner in different ways, "Anthropic" or none); one filed elsewhere with a
    subject belongs to that entity; others (counts of other things) keep what the parse read."""
    if label["measure"] != "other":
        # No other holder or doer; what its words name stays ("the Mythos preview" is a
        # sign of the measure, not of someone else's count).
        return replace(mention, owners=(), cue=None, agents=())
    if label["subject"]:
        return replace(mention, owners=(str(label["subject"]),), products=())
    return mention


def _syntax(mention: Mention, label: Any) -> Mention:
    claim = replace(mention.claim, kind=label["kind"], modality=label["modality"])
    return replace(mention, claim=claim, marked=True, own_modality=True)


def rewriter(oracles: Iterable[str]) -> blind_gate.Rewrite:
    """A rewrite for blind_gate.score that applies the named oracles."""
    chosen = set(oracles)
    unknown = chosen - set(ORACLES)
    if unknown:
        raise ValueError(f"unknown oracle(s): {', '.join(sorted(unknown))}")

    def rewrite(mentions: list[Mention], gold: list[Any], topic: Topic) -> list[Mention]:
        changed: dict[int, Mention] = {}
        for mention, label in matches(mentions, gold):
            new = mention
            if mention.claim.quantity == "count":
                noun = str(label["noun"] or "")
                if noun and _in_sentence(noun, mention.claim.sentence):
                    if "heads" in chosen:
                        new = _noun(new, noun)
                elif "antecedents" in chosen:
                    new = _antecedent(new, label, topic)
            if "owners" in chosen:
                new = _owner(new, label)
            if "syntax" in chosen:
                new = _syntax(new, label)
            changed[id(mention)] = new
        return [changed.get(id(m), m) for m in mentions]

    return rewrite


def ablation(root: Path, runs: dict[str, tuple[str, ...]] | None = None) -> dict[str, dict]:
    """Totals over every text per run: the extractor as it is ("none"), each oracle alone and
    all of them together."""
    runs = runs or {"none": (), **{o: (o,) for o in ORACLES}, "all": ORACLES}
    out = {}
    for name, oracles in runs.items():
        rewrite: Callable | None = rewriter(oracles) if oracles else None
        out[name] = blind_gate.score(root, rewrite=rewrite)["all"].totals()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=blind_gate.BLIND, help="a claim set")
    root = parser.parse_args(argv).set.resolve()
    table = ablation(root)
    lines = [f"{'oracle':12} " + " ".join(f"{f:>22}" for f in FIGURES)]
    for name, totals in table.items():
        lines.append(f"{name:12} " + " ".join(f"{totals[f]:>22}" for f in FIGURES))
    print("\n".join(lines))
    if root == blind_gate.BLIND:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
        with blind_gate.LOG.open("a", encoding="utf-8") as f:
            f.write(f"# {stamp} oracle ablation, commit {blind_gate.commit()}\n")
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
