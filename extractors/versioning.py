"""Decisions about articles that are not storage: which story a new article joins, and whether
a reading of an article is a new version of it. Pure functions; the warehouse asks them.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence

from claimwatch.extractors.near_dup import SYNDICATION_THRESHOLD, band_keys

# How complete a reading of an article is: page text > feed text > aggregator headline.
SOURCE_RANK = {"discovery": 0, "feed": 1, "page": 2}


def story_for(
    article_id: str,
    signature: Sequence[int],
    candidates: Iterable[tuple[str, Sequence[int]]],
) -> str:
    """The syndication group a new article joins: the story of its nearest near-duplicate among
    `candidates` ((story_id, signature) of articles sharing an LSH band with it), else a story
    of its own (its article id)."""
    if not band_keys(tuple(signature)):
        return article_id
    best: tuple[float, str] | None = None
    for story_id, other in candidates:
        score = _similarity(signature, other)
        if score >= SYNDICATION_THRESHOLD and (best is None or score > best[0]):
            best = (score, story_id)
    return best[1] if best else article_id


def _similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """near_dup.similarity, counted in C: a batch of new articles compares each with every
    candidate sharing a band (tens of thousands of pairs in a busy batch)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


def poorer_reading(source: str, than: str | None) -> bool:
    """Whether a reading from `source` is poorer than one from `than` (feed text after a page
    failure, an aggregator's headline after the page): it is then no new version."""
    return SOURCE_RANK.get(source, 0) < SOURCE_RANK.get(than or "", 0)


def version_outcome(
    latest: tuple[int, str, str | None] | None, content_hash: str, source: str
) -> tuple[str, int]:
    """What a new reading of an article is, given its latest version (number, content hash,
    source) or None: ("new", 1), ("changed", n + 1), or ("unchanged", n)."""
    version, last_hash, last_source = latest if latest else (0, None, None)
    if last_hash == content_hash or poorer_reading(source, last_source):
        return "unchanged", version
    return ("new" if version == 0 else "changed"), version + 1
