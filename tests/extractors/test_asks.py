"""Measures that count an ask (a ransom demand, a bid): a verb or noun of proposing names the
thing counted, so it states the figure rather than proposing it (dev set 18's misses). The
sentences are this file's own, on a made-up ransomware topic."""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims.discourse import counts_asks
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


def test_an_ask_revised_by_pronoun_stays_the_ask_of_the_topics_subject() -> None:
    # The operator is named most, so it (not the gang) is the text's prominent entity: the
    # gang that asks, and lowers "it" in "its" post, is the other party, not another holder.
    text = (
        "Orrin Bay Ferries kept four vessels in port on Tuesday. Orrin Bay Ferries said the "
        "attack hit its booking system, and Orrin Bay Ferries will not pay.\n\n"
        "- Ransom: the Saltmark gang first demanded $5.1 million in an email on May 2, lowered "
        "it to $3.8 million in its public post the next day, then to $2.6 million on May 9 and "
        "to $1.2 million on May 20. Orrin Bay Ferries made no payment."
    )
    found = _claims(RANSOM, text)
    for value in (5_100_000, 3_800_000, 2_600_000, 1_200_000):
        claim = found[Decimal(value)]
        assert (claim.measure, claim.subject) == ("ransom_demand", "Orrin Bay Ferries"), value
    assert found[Decimal(1_200_000)].modality == "actual"


def test_asking_for_a_sum_in_a_cryptocurrency_is_the_ask() -> None:
    text = (
        "The Saltmark gang's first note to Orrin Bay Ferries asked for 52 BTC, then worth about "
        "$3.4 million; its second note asks for 30 BTC. The ferry operator says the gang is "
        "asking for $3.4 million in all."
    )
    found = claims_in(text, RANSOM)
    coins = [c for c in found if c.noun == "BTC"]
    assert [(c.value, c.quantity, c.measure) for c in coins] == [
        (Decimal(52), "money", "ransom_demand"),
        (Decimal(30), "money", "ransom_demand"),
    ]
    assert all(c.measure == "ransom_demand" for c in found if c.value == 3_400_000)
