"""Proposals identified by proposer (issue 15, item 4), through the real warehouse: each proposed
figure carries who proposes it (Claim.proposal), stored in claim_fact and read by the dispute
builder, so two proposers' figures are two proposals, not a dispute, while one proposal's
figures are compared across outlets and days, and a revised proposal starts another."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from claimwatch.extractors.disputes import Dispute
from claimwatch.extractors.records import Claim
from claimwatch.warehouse.disputes import describe
from claimwatch.warehouse.store import Warehouse
from tests.support.disputes import T0, claim, detect, seed


def proposed(value: int, proposal: str | None) -> Claim:
    return replace(
        claim(value, modality="proposed", sentence=f"A plan would let about {value} use Mythos."),
        proposal=proposal,
    )


def disputes(wh: Warehouse) -> list[dict[str, Any]]:
    columns, rows = wh.query("SELECT * FROM disputes ORDER BY dispute_id")
    return [dict(zip(columns, r, strict=True)) for r in rows]


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "proposals.duckdb", busy_timeout=2.0)
    w.migrate()
    return w


def test_the_proposer_is_stored_and_shown_in_claims(wh: Warehouse) -> None:
    seed(wh, "https://harbor.example/a", "Harbor", [proposed(80, "White House")])
    seed(wh, "https://metro.example/a", "Metro", [claim(50)])
    _, rows = wh.query("SELECT outlet, modality, proposal FROM claims ORDER BY outlet")
    assert rows == [("Harbor", "proposed", "White House"), ("Metro", "actual", None)]


def test_two_proposers_figures_are_two_proposals_not_a_dispute(wh: Warehouse) -> None:
    seed(wh, "https://harbor.example/a", "Harbor", [proposed(80, "White House")])
    seed(wh, "https://metro.example/a", "Metro", [proposed(120, "Anthropic")],
         at=T0 + timedelta(hours=1))  # fmt: skip
    detect(wh)
    assert disputes(wh) == []
    # nor a pairwise contradiction: the flags compare within one proposal too
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]


def test_two_outlets_differing_on_one_proposal_are_a_dispute(wh: Warehouse) -> None:
    seed(wh, "https://harbor.example/a", "Harbor", [proposed(120, "Anthropic")])
    seed(wh, "https://metro.example/a", "Metro", [proposed(200, "Anthropic")],
         at=T0 + timedelta(hours=1))  # fmt: skip
    # The White House's figure is another proposal: it joins neither side.
    seed(wh, "https://river.example/a", "River", [proposed(80, "White House")],
         at=T0 + timedelta(hours=2))  # fmt: skip
    detect(wh)
    [d] = disputes(wh)
    assert (d["modality"], d["proposal"]) == ("proposed", "Anthropic")
    assert [(p["outlets"], [int(v) for v in p["values"]]) for p in d["positions"]] == [
        (["Harbor"], [120]),
        (["Metro"], [200]),
    ]


def test_one_proposal_is_compared_across_days(wh: Warehouse) -> None:
    seed(wh, "https://harbor.example/a", "Harbor", [proposed(120, "Anthropic")])
    seed(wh, "https://metro.example/a", "Metro", [proposed(200, "Anthropic")],
         at=T0 + timedelta(days=5))  # fmt: skip
    detect(wh, T0 + timedelta(days=6))
    [d] = disputes(wh)
    assert d["proposal"] == "Anthropic" and len(d["positions"]) == 2


def test_the_description_names_the_proposal() -> None:
    dispute = Dispute("d", "orgs_with_access", "level", "proposed", "Mythos", (), ())
    assert describe(replace(dispute, proposal="Anthropic/revised")).startswith(
        "Proposed total of orgs_with_access (Mythos), Anthropic's revised proposal:"
    )
    assert describe(dispute).startswith("Proposed total of orgs_with_access (Mythos):")


def test_a_revised_proposal_does_not_dispute_the_original(wh: Warehouse) -> None:
    seed(wh, "https://harbor.example/a", "Harbor", [proposed(120, "Anthropic")])
    seed(wh, "https://metro.example/a", "Metro", [proposed(90, "Anthropic/revised")],
         at=T0 + timedelta(days=1))  # fmt: skip
    detect(wh)
    assert disputes(wh) == []
    # Without the revision mark the same two figures are one proposal in dispute.
    seed(wh, "https://river.example/a", "River", [proposed(90, "Anthropic")],
         at=T0 + timedelta(days=1, hours=1))  # fmt: skip
    detect(wh, T0 + timedelta(days=4))
    [d] = disputes(wh)
    assert d["proposal"] == "Anthropic"
    assert [p["outlets"] for p in d["positions"]] == [["River"], ["Harbor"]]
