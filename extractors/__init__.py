"""Pure transformations: feeds, page text, URLs, numbers, claims, relevance.

`extract_claims(text, *, topic=None)` is the entry point for notebooks and other programs;
it is imported lazily so that the light modules here do not pull in spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimwatch.extractors.records import Claim
    from claimwatch.extractors.topic import Topic

__all__ = ["extract_claims"]


def extract_claims(
    text: str, *, topic: Topic | None = None, model: str | None = None
) -> list[Claim]:
    """The numeric claims of `text` (see extractors.pipeline.extract_claims)."""
    from claimwatch.extractors.pipeline import extract_claims as _extract_claims

    return _extract_claims(text, topic=topic, model=model)
