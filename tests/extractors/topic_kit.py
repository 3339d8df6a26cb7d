"""Topics and claims for the extractor's rule tests: the shipped Mythos topic or a test file's
own topic (its TOML text), parsed once, and the claims the whole pipeline finds in a text under
it. One place for what each rule-test file used to write out for itself.

    QUAKE = '''name = "quake" ...'''
    found = by_text("Quake toll rises\\n\\nThe quake killed 87 people.", topic_of(QUAKE))
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from claimwatch.extractors.claims import discourse_of, mentions_of, to_claims
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Topic, parse_topic

MYTHOS = "mythos"


@cache
def topic_of(spec: str) -> Topic:
    """The shipped Mythos topic for `MYTHOS`, else the topic a TOML text declares."""
    if spec == MYTHOS:
        text = files("claimwatch.topics").joinpath("mythos.toml").read_text(encoding="utf-8")
        return parse_topic(text, default_name=MYTHOS)
    return parse_topic(spec, default_name="test_topic")


def claims_in(text: str, topic: Topic, year: int | None = 2026) -> list[Claim]:
    """Every claim the pipeline finds in `text` under `topic`, as published in `year` (which
    dates "the 2019 quake" as another event; None: the text's own latest year)."""
    (found,) = extract_many(build_pipeline(topic), [text], topic=topic, years=[year])
    return list(found.claims)


def by_text(text: str, topic: Topic, year: int | None = 2026) -> dict[str, Claim]:
    """The claims by their text as written ("about 70"); a repeated text keeps the last."""
    return {c.value_text: c for c in claims_in(text, topic, year)}


def filed(claim: Claim) -> tuple[str, str, str]:
    """How a claim is filed: its measure, kind and modality."""
    return (claim.measure, claim.kind, claim.modality)


def ruled_claims(text: str, topic: Topic, year: int | None = None) -> list[Claim]:
    """The claims the rules alone give `text` under `topic`, without the learned steps' second
    looks (which may overrule a rule in the shipped pipeline; the dev figures count what
    ships)."""
    doc = build_pipeline(topic)(text)
    gazetteer = Gazetteer.from_entries(topic.gazetteer)
    return to_claims(
        mentions_of(doc), discourse_of(doc), topic.measures, gazetteer, learned=False, year=year
    )
