"""A topic is data: feeds, a relevance rule, an entity gazetteer and the measures to watch.

`parse_topic(text)` turns a topic TOML document into a `Topic`; reading the file is the
caller's business (flows/topics.py), so this module stays pure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit


class TopicError(ValueError):
    """A topic file is malformed; the message names the offending key."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    url: str
    # The outlet's display name; "" = take it from the feed's own title. Aggregator items use
    # their <source> instead.
    outlet: str
    kind: str = "feed"  # feed | google_news (discovery only: items carry no text)


@dataclass(frozen=True, slots=True)
class RelevanceRule:
    """on_topic = every group in all_of has a match, and no none_of phrase matches.

    Terms match case-insensitively on word boundaries in the title and text.
    """

    all_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    canonical: str
    label: str  # spaCy label: ORG, PRODUCT, PERSON, GPE, ...
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    """A number to watch, e.g. how many organizations have access to Mythos.

    A count is assigned to this measure when its counted noun (lemma) is one of `nouns` and
    the sentence mentions one of `context` (lemmas or phrases), when `context` is given.
    """

    name: str
    description: str
    nouns: tuple[str, ...]
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    title: str
    feeds: tuple[FeedSpec, ...]
    relevance: RelevanceRule
    gazetteer: tuple[GazetteerEntry, ...]
    measures: tuple[Measure, ...]
    alert_subject: str = ""  # prefix of alert subjects, e.g. "Mythos access"


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TopicError(f"{where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _require(table: dict[str, object], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TopicError(f"{where}.{key} is required and must be a non-empty string")
    return value.strip()


def _feed(raw: object, i: int) -> FeedSpec:
    where = f"feeds[{i}]"
    if not isinstance(raw, dict):
        raise TopicError(f"{where} must be a table with url and outlet")
    url = _require(raw, "url", where)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TopicError(f"{where}.url must be an http(s) URL, got {url!r}")
    kind = raw.get("kind") or ("google_news" if parts.hostname == "news.google.com" else "feed")
    if kind not in ("feed", "google_news"):
        raise TopicError(f"{where}.kind must be 'feed' or 'google_news', got {kind!r}")
    outlet = raw.get("outlet") or ""
    return FeedSpec(url=url, outlet=str(outlet), kind=str(kind))


def feed_spec_for_url(url: str) -> FeedSpec:
    """A FeedSpec for a bare URL given on the command line (--feed)."""
    return _feed({"url": url}, 0)


def parse_topic(text: str, *, default_name: str = "topic") -> Topic:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"not valid TOML: {exc}") from exc

    name = str(doc.get("name") or default_name)
    title = str(doc.get("title") or name)
    feeds = tuple(_feed(raw, i) for i, raw in enumerate(doc.get("feeds", [])))

    rel = doc.get("relevance", {})
    if not isinstance(rel, dict):
        raise TopicError("relevance must be a table")
    all_of_raw = rel.get("all_of", [])
    if not isinstance(all_of_raw, list):
        raise TopicError("relevance.all_of must be a list of lists of terms")
    all_of = tuple(_strings(g, f"relevance.all_of[{i}]") for i, g in enumerate(all_of_raw))
    none_of = _strings(rel.get("none_of", []), "relevance.none_of") if rel.get("none_of") else ()
    relevance = RelevanceRule(all_of=all_of, none_of=none_of)

    gazetteer = []
    for i, raw in enumerate(doc.get("entities", [])):
        where = f"entities[{i}]"
        if not isinstance(raw, dict):
            raise TopicError(f"{where} must be a table")
        aliases = _strings(raw.get("aliases", []), f"{where}.aliases") if raw.get("aliases") else ()
        gazetteer.append(
            GazetteerEntry(
                canonical=_require(raw, "name", where),
                label=_require(raw, "label", where),
                aliases=aliases,
            )
        )

    measures = []
    for i, raw in enumerate(doc.get("measures", [])):
        where = f"measures[{i}]"
        if not isinstance(raw, dict):
            raise TopicError(f"{where} must be a table")
        measure_name = _require(raw, "name", where)
        if measure_name == "other":
            raise TopicError(f"{where}.name 'other' is reserved for numbers outside every measure")
        measures.append(
            Measure(
                name=measure_name,
                description=str(raw.get("description", "")),
                nouns=_strings(raw.get("nouns", []), f"{where}.nouns"),
                context=_strings(raw.get("context", []), f"{where}.context")
                if raw.get("context")
                else (),
            )
        )
    if len({m.name for m in measures}) != len(measures):
        raise TopicError("measures: names must be unique")

    return Topic(
        name=name,
        title=title,
        feeds=feeds,
        relevance=relevance,
        gazetteer=tuple(gazetteer),
        measures=tuple(measures),
        alert_subject=str(doc.get("alert_subject") or title),
    )
