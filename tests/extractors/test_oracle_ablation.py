"""The oracle ablation (oracle_ablation.py) feeds gold inputs to the real pipeline's measure
step: checked on a small claim set written here, in the blind set's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimwatch.extractors.claims import mentions_of
from claimwatch.extractors.nlp import build_pipeline
from tests.extractors import blind_gate, oracle_ablation

BODY = (
    "Anthropic says 62 organizations can use Mythos today.\n\n"
    "The waiting list is long. Officials expect the tally to settle near 92, people briefed "
    "on the talks said.\n\n"
    "OpenAI says its own pilot covers 35 companies."
)
LABELS = [
    ("62", "orgs_with_access", "organization", None),
    ("near 92", "orgs_with_access", None, None),
    ("35", "other", "company", "OpenAI"),
]


@pytest.fixture(scope="module")
def claim_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("claimset")
    (root / "texts").mkdir()
    (root / "gold").mkdir()
    text = {
        "id": "t01", "topic": "mythos", "outlet": "Test Wire", "style": "wire",
        "published_at": "2026-06-01T10:00:00Z", "title": "Mythos roster", "body": BODY,
    }  # fmt: skip
    (root / "texts" / "t01.json").write_text(json.dumps(text), encoding="utf-8")
    rows = []
    for span, measure, noun, subject in LABELS:
        value = int(span.split()[-1])
        rows.append(
            {
                "span": span,
                "occurrence": 1,
                "value": value,
                "low": value,
                "high": value,
                "qualifier": "exact",
                "kind": "level",
                "modality": "actual",
                "negated": False,
                "measure": measure,
                "unit": None,
                "noun": noun,
                "subject": subject,
                "time_ref": None,
            }  # fmt: skip
        )
    (root / "gold" / "t01.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return root


def test_without_oracles_the_rewrite_path_scores_as_the_gate(claim_set: Path) -> None:
    plain = blind_gate.score(claim_set)["all"].totals()
    rewritten = blind_gate.score(claim_set, rewrite=oracle_ablation.rewriter(()))["all"]
    assert rewritten.totals() == plain
    assert plain["gold_measure_claims"] == 2


def test_the_antecedent_oracle_names_what_an_elliptical_count_counts(claim_set: Path) -> None:
    reader = blind_gate.claimset_kit.reader()
    texts = reader.load_texts(claim_set)
    gold = reader.load_labels(texts, claim_set / "gold")["t01"]
    topic = blind_gate._topic("mythos")
    mentions = mentions_of(build_pipeline(topic)(texts["t01"].full))
    rewrite = oracle_ablation.rewriter(["antecedents", "owners"])
    after = {m.claim.value_text: m for m in rewrite(mentions, gold, topic)}
    # "near 92" names nothing it counts: it gets the measure's noun and context words
    assert after["near 92"].claim.noun == "organization"
    assert not after["near 92"].elliptical
    assert "access" in after["near 92"].context
    # "35 companies" is OpenAI's, as its label says
    assert after["35"].owners == ("OpenAI",)
    # "62 organizations" names its noun in its sentence: the heads oracle's, left alone here
    assert after["62"].claim.noun == "organization"

    totals = oracle_ablation.ablation(claim_set, {"all": oracle_ablation.ORACLES})["all"]
    assert totals["measure_recall"] == 1.0
    assert totals["measure_precision"] == 1.0


def test_an_unknown_oracle_is_refused() -> None:
    with pytest.raises(ValueError, match="parser"):
        oracle_ablation.rewriter(["parser"])
