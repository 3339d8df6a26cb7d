"""Measures that count an ask (a ransom demand, a bid): a verb or noun of proposing names the
thing counted, so it states the figure rather than proposing it (dev set 18's misses). The
sentences are this file's own, on a made-up ransomware topic."""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims.measure import counts_asks
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic
from tests.extractors.topic_kit import MYTHOS, claims_in, topic_of

RANSOM = topic_of(
    """
name = "ferry_ransomware"

[[entities]]
name = "Orrin Bay Ferries"
label = "ORG"
aliases = ["the ferry operator"]

[[measures]]
name = "ransom_demand"
description = "The ransom the attackers demanded of Orrin Bay Ferries, in any currency"
subject = "Orrin Bay Ferries"
nouns = ["ransom", "demand"]
context = ["ransom", "demanded", "extortion", "bitcoin"]

[[measures]]
name = "vessels_idle"
description = "How many of Orrin Bay Ferries' vessels the attack kept in port"
subject = "Orrin Bay Ferries"
nouns = ["vessel", "ferry", "boat"]
context = ["idle", "in port", "docked", "attack", "cancelled"]
"""
)


def _claims(topic: Topic, text: str) -> dict[Decimal, Claim]:
    return {c.value: c for c in claims_in(text, topic)}


def test_a_measure_counts_asks_by_its_nouns() -> None:
    by_name = {m.name: m for m in RANSOM.measures}
    assert counts_asks(by_name["ransom_demand"]) and not counts_asks(by_name["vessels_idle"])
    assert not any(counts_asks(m) for m in topic_of(MYTHOS).measures)


def test_a_demand_stated_is_actual_and_a_threatened_one_proposed() -> None:
    text = (
        "Hackers idle Orrin Bay ferries\n\n"
        "The gang behind the attack on Orrin Bay Ferries has demanded $3.2 million in bitcoin, "
        "the ferry operator said on Monday.\n\n"
        "If the company does not pay by Friday, the gang would demand $6.4 million, its note "
        "said.\n\n"
        "On Thursday the gang cut its demand to $1.9 million."
    )
    found = _claims(RANSOM, text)
    stated = found[Decimal(3_200_000)]
    assert (stated.measure, stated.modality, stated.proposal) == ("ransom_demand", "actual", None)
    assert found[Decimal(6_400_000)].modality == "proposed"  # a condition and a modal
    cut = found[Decimal(1_900_000)]
    assert (cut.measure, cut.modality) == ("ransom_demand", "actual")


def test_an_ask_of_a_measure_that_counts_no_asks_stays_proposed() -> None:
    text = "Anthropic has asked the White House to let about 70 more organizations use Mythos."
    asked = _claims(topic_of(MYTHOS), text)[Decimal(70)]
    assert (asked.measure, asked.modality) == ("orgs_with_access", "proposed")
