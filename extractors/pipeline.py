"""The documented entry points for notebooks and one-off use.

    from claimwatch.extractors.pipeline import extract_claims
    claims = extract_claims(text, topic=topic)

Every quantity in the text except dates, times and ordinals becomes a claim. With a topic,
claims get the topic's measures and canonical entity names; without one, measure is "other".
The pipeline is built once per process and per topic gazetteer.
"""

from __future__ import annotations

from claimwatch.extractors.nlp import build_pipeline, to_extraction
from claimwatch.extractors.records import Claim, Extraction
from claimwatch.extractors.topic import Topic


def extract(text: str, *, topic: Topic | None = None, model: str | None = None) -> Extraction:
    """Entities and claims of one text."""
    nlp = build_pipeline(topic, model)
    return to_extraction(nlp(text), topic)


def extract_claims(
    text: str, *, topic: Topic | None = None, model: str | None = None
) -> list[Claim]:
    """The numeric claims of one text, in reading order."""
    return list(extract(text, topic=topic, model=model).claims)
