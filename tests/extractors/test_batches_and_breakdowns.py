"""A set let in is a batch (a change); a figure repeated after "the" is the one named before,
whatever noun the parser lends it; counts that add up to a total just before them are its
breakdown; a proposal approved, and a count "already" in, are actual (dev set 18's misses,
claims-30). The sentences are this file's own."""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.records import Claim
from tests.extractors.topic_kit import MYTHOS, by_text, claims_in, topic_of

ACCESS = topic_of(MYTHOS)

OUTAGE = topic_of(
    """
name = "canal_outage"

[[entities]]
name = "Brackwater Canal Trust"
label = "ORG"
aliases = ["the trust"]

[[measures]]
name = "locks_closed"
description = "How many of the Brackwater Canal Trust's locks, bridges and pumping sites shut"
subject = "Brackwater Canal Trust"
nouns = ["lock", "bridge", "site", "pumping site", "asset"]
context = ["shut", "closed", "flood", "out of action"]
"""
)


def _one(text: str, written: str) -> Claim:
    return by_text(text, ACCESS)[written]


def test_a_group_let_in_is_a_change_a_group_that_is_the_program_is_not() -> None:
    text = (
        "Mythos, Anthropic's security model, now reaches 71 organizations. A second group of 19 "
        "was admitted to Mythos in August, and the White House approved a round of 12 slots "
        "for hospitals in October."
    )
    found = by_text(text, ACCESS)
    assert (found["19"].measure, found["19"].kind) == ("orgs_with_access", "delta")
    assert found["12"].kind == "delta"
    program = _one(
        "Anthropic opened Mythos in April to a closed group of about 50 organizations.",
        "about 50",
    )
    assert (program.measure, program.kind) == ("orgs_with_access", "level")


def test_a_figure_after_the_is_the_one_named_before_not_a_count_of_the_lenders_noun() -> None:
    text = (
        "Anthropic said on Tuesday that Mythos now reaches 92 organizations.\n\n"
        "The Harbor Credit Union League, which represents 410 lenders, said only three of its "
        "members were among the 92 and called the rollout too slow."
    )
    found = claims_in(text, ACCESS)
    among = [c for c in found if c.value == 92][-1]
    assert (among.measure, among.kind, among.subject) == ("orgs_with_access", "level", "Mythos")
    assert next(c for c in found if c.value == 3).measure == "other"


def test_counts_that_add_up_to_the_total_before_them_are_its_breakdown() -> None:
    text = (
        "The Brackwater Canal Trust's tally of assets the flood shut is 23: four locks, 15 "
        "pumping sites and four bridges. By Friday the trust had closed 23 sites in all. That "
        "includes five locks, 14 pumping sites and four bridges."
    )
    found = claims_in(text, OUTAGE)
    totals = [c for c in found if c.value == 23]
    assert [c.measure for c in totals] == ["locks_closed", "locks_closed"]
    parts = [c for c in found if c.value != 23]
    assert len(parts) == 6 and all(c.measure == "other" for c in parts)


def test_counts_that_merely_subtract_are_no_breakdown() -> None:
    text = (
        "The trust counted 31 assets shut on Monday before it removed six duplicate entries, "
        "bringing the tally of shut locks and bridges to 25."
    )
    found = {c.value: c for c in claims_in(text, OUTAGE)}
    assert found[Decimal(25)].measure == "locks_closed"


def test_an_approved_request_is_carried_out_a_pending_one_is_not() -> None:
    done = _one(
        "The White House has approved Anthropic's request to give 25 more organizations access "
        "to its Mythos model.",
        "25",
    )
    assert (done.kind, done.modality) == ("delta", "actual")
    for pending in (
        "The White House has not approved Anthropic's request to give 25 more organizations "
        "access to its Mythos model.",
        "The White House would approve Anthropic's request to give 25 more organizations "
        "access to its Mythos model.",
    ):
        assert _one(pending, "25").modality == "proposed", pending


def test_a_count_already_in_is_actual_inside_a_clause_about_a_limit() -> None:
    text = (
        "The White House told Anthropic that Mythos should not grow beyond the roughly 50 "
        "operators already in its preview until federal agencies are served."
    )
    held = _one(text, "roughly 50")
    assert (held.measure, held.modality) == ("orgs_with_access", "actual")
