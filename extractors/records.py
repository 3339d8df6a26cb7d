"""Plain records that cross package boundaries.

flows/ produces them from the network, extractors/ from text, warehouse/ stores them.
spaCy Docs and DuckDB rows never leave their packages; these frozen dataclasses do.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed RSS/Atom feed, already sanitized (plain text, http/https links)."""

    feed_url: str
    guid: str | None
    link: str | None  # absolute http(s) URL, or None when the feed gave none we accept
    title: str
    summary: str  # plain text
    content: str  # plain text of the full content (content:encoded, atom:content); may be ""
    published_at: datetime | None
    updated_at: datetime | None
    source_name: str | None = None  # <source> element: the publisher, on aggregator feeds
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed after parsing: its entries and what was dropped on the way, said in words."""

    feed_url: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageText:
    """The main text of an article page and what the page says about itself."""

    title: str | None
    text: str
    canonical_url: str | None  # <link rel=canonical>, resolved and http(s) only
    published_at: datetime | None
    updated_at: datetime | None
    site_name: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleObservation:
    """What one poll learned about one article: the input to a versioned load."""

    url: str  # canonical URL: the article's identity
    outlet: str
    feed_url: str
    title: str
    text: str  # normalized main text (title excluded)
    content_hash: str  # hash of the normalized title + text; a new hash is a new version
    on_topic: bool
    published_at: datetime | None
    updated_at: datetime | None
    fetched_at: datetime
    guid: str | None = None
    aliases: tuple[str, ...] = ()  # other URLs and guids that name this article
    source: str = "page"  # page | feed (page failed or too thin) | discovery (aggregator item)
    note: str | None = None  # why the feed text was used instead of the page, etc.
    signature: tuple[int, ...] = field(default=(), compare=False)  # MinHash, for syndication


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity in an article version, with its canonical name from the gazetteer."""

    text: str
    label: str
    canonical: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A number a sentence asserts, with the interval its qualifier implies.

    low/high None means unbounded on that side. Offsets are character offsets in the text
    the claim was extracted from.
    """

    value: Decimal  # decimal arithmetic throughout: "about 50" is [45, 55], never 55.000...01
    low: Decimal | None
    high: Decimal | None
    qualifier: str  # exact|approx|nearly|more_than|at_least|less_than|at_most|range|vague
    kind: str  # level|delta
    modality: str  # actual|proposed
    negated: bool
    measure: str  # a topic measure's name, or "other"
    quantity: str  # count|money|percent|duration|age
    noun: str | None  # the counted noun's lemma ("enterprise"), or the currency
    subject: str | None  # canonical entity the claim is about ("Anthropic")
    attribution: str | None  # canonical source ("The Wall Street Journal")
    value_text: str  # the mention as written: "about 70"
    sentence: str
    start_char: int  # the mention's offsets
    end_char: int
    sentence_start: int
    sentence_end: int
    # The time the claim speaks of, [start, end) in UTC (extractors/timeref.py): set when the
    # article's publication time is known (the extract stage), None before.
    as_of_start: datetime | None = None
    as_of_end: datetime | None = None
    # Which proposal a proposed figure belongs to (issue 15): its proposer's canonical name
    # ("Anthropic", "The White House", "lawmakers"), with "/revised" when the proposal is
    # reported as revised or new ("a revised plan", "now proposes"); "/revised" alone when no
    # proposer is read. None for actual figures and for proposals whose proposer is unknown.
    proposal: str | None = None


# The suffix of Claim.proposal that marks a proposal reported as revised or new.
REVISED = "/revised"


# The one definition of a claim's columns, in order: code that copies, ships or stores claims
# (the claim component's plain-data Docs, the warehouse's inserts) derives its field list here.
CLAIM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Claim))
# Fields annotated Decimal (value, low, high): plain data carries them as strings.
CLAIM_DECIMAL_FIELDS = frozenset(f.name for f in fields(Claim) if "Decimal" in str(f.type))
# Fields annotated datetime (as_of_start, as_of_end): plain data carries them as ISO strings.
CLAIM_DATETIME_FIELDS = frozenset(f.name for f in fields(Claim) if "datetime" in str(f.type))


def claim_to_data(claim: Claim) -> dict[str, Any]:
    """A claim as plain msgpack/JSON-able data: Decimals become strings (a float would bring
    the binary noise back), everything else is already plain."""
    data = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    for name in CLAIM_DECIMAL_FIELDS:
        if data[name] is not None:
            data[name] = str(data[name])
    for name in CLAIM_DATETIME_FIELDS:
        if data[name] is not None:
            data[name] = data[name].isoformat()
    return data


def claim_from_data(data: dict[str, Any]) -> Claim:
    # Data written before a field was added lacks it: the field's default stands.
    values = {name: data[name] for name in CLAIM_FIELDS if name in data}
    for name in CLAIM_DECIMAL_FIELDS:
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    for name in CLAIM_DATETIME_FIELDS:
        if values.get(name) is not None:
            values[name] = datetime.fromisoformat(values[name])
    return Claim(**values)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the NLP stage derives from one text."""

    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
