"""A topic is data: feeds, a relevance rule, an entity gazetteer and the measures to watch.

`parse_topic(text)` turns a topic TOML document into a `Topic`; reading the file is the
caller's business (flows/topic_files.py), so this module stays pure.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from claimwatch.extractors.revisit import RevisitSchedule, schedule_from_table
from claimwatch.extractors.timeref import DEFAULT_WINDOW


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
    subject: str | None = None  # what the measure counts for, e.g. "Mythos" (a product, program)
    unit: str | None = None  # count|money|percent; None: read off description and context


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    title: str
    feeds: tuple[FeedSpec, ...]
    relevance: RelevanceRule
    gazetteer: tuple[GazetteerEntry, ...]
    measures: tuple[Measure, ...]
    alert_subject: str = ""  # prefix of alert subjects, e.g. "Mythos access"
    revisit: RevisitSchedule = field(default_factory=RevisitSchedule)  # [revisit], optional
    # Actual figures are compared when the times they speak of are this close (as_of_window_hours)
    as_of_window: timedelta = DEFAULT_WINDOW


# Every key a topic file may use, per table. A key not listed is an error (a misspelled
# `[relevence]` would otherwise drop the relevance rule without a word); a key added here
# later must be optional, so that every topic file valid before stays valid.
TOP_KEYS = (
    "name", "title", "alert_subject", "feeds", "relevance", "entities", "measures", "revisit",
    "as_of_window_hours",
)  # fmt: skip
REVISIT_KEYS = ("steps", "daily_until_days", "budget")
FEED_KEYS = ("url", "outlet", "kind")
RELEVANCE_KEYS = ("all_of", "none_of")
ENTITY_KEYS = ("name", "label", "aliases")
MEASURE_KEYS = ("name", "description", "nouns", "context", "subject", "unit")
# What a measure's values are (optional `unit`; without it the measure step reads it off the
# description and context: "in dollars" → money, "percent" → percent, else count).
MEASURE_UNITS = ("count", "money", "percent")


def _check_keys(table: dict[str, object], known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key in known:
            continue
        place = f" in {where}" if where else ""
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        raise TopicError(f"unknown key {key!r}{place} ({hint})")


def _tables(doc: dict[str, object], key: str) -> list[object]:
    """An array of tables (`[[key]]`); absent = empty."""
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise TopicError(f"{key} must be an array of tables, written [[{key}]]")
    return value


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


def _optional(table: dict[str, object], key: str, where: str) -> str | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise TopicError(f"{where}.{key} must be a non-empty string when given")
    return value.strip()


def _url_problem(url: str) -> str | None:
    """Why `url` cannot be a feed URL, or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an http(s) URL"
    return None


def _kind_for(url: str) -> str:
    return "google_news" if urlsplit(url).hostname == "news.google.com" else "feed"


def _feed(raw: object, i: int) -> FeedSpec:
    where = f"feeds[{i}]"
    if not isinstance(raw, dict):
        raise TopicError(f"{where} must be a table with url and outlet")
    _check_keys(raw, FEED_KEYS, where)
    url = _require(raw, "url", where)
    problem = _url_problem(url)
    if problem:
        raise TopicError(f"{where}.url {problem}, got {url!r}")
    kind = raw.get("kind") or _kind_for(url)
    if kind not in ("feed", "google_news"):
        raise TopicError(f"{where}.kind must be 'feed' or 'google_news', got {kind!r}")
    outlet = raw.get("outlet") or ""
    return FeedSpec(url=url, outlet=str(outlet), kind=str(kind))


def feed_spec_for_url(url: str) -> FeedSpec:
    """A FeedSpec for a bare URL given on the command line (--feed). The error names only the
    problem; the caller says where the URL came from."""
    url = url.strip()
    problem = _url_problem(url)
    if problem:
        raise TopicError(problem)
    return FeedSpec(url=url, outlet="", kind=_kind_for(url))


def _relevance(doc: dict[str, object]) -> RelevanceRule:
    rel = doc.get("relevance", {})
    if not isinstance(rel, dict):
        raise TopicError("relevance must be a table")
    _check_keys(rel, RELEVANCE_KEYS, "relevance")
    all_of_raw = rel.get("all_of", [])
    if not isinstance(all_of_raw, list):
        raise TopicError("relevance.all_of must be a list of lists of terms")
    all_of = tuple(_strings(g, f"relevance.all_of[{i}]") for i, g in enumerate(all_of_raw))
    none_of = _strings(rel.get("none_of", []), "relevance.none_of") if rel.get("none_of") else ()
    return RelevanceRule(all_of=all_of, none_of=none_of)


def _entity(raw: object, i: int) -> GazetteerEntry:
    where = f"entities[{i}]"
    if not isinstance(raw, dict):
        raise TopicError(f"{where} must be a table")
    _check_keys(raw, ENTITY_KEYS, where)
    aliases = _strings(raw.get("aliases", []), f"{where}.aliases") if raw.get("aliases") else ()
    return GazetteerEntry(
        canonical=_require(raw, "name", where),
        label=_require(raw, "label", where),
        aliases=aliases,
    )


def _measure(raw: object, i: int) -> Measure:
    where = f"measures[{i}]"
    if not isinstance(raw, dict):
        raise TopicError(f"{where} must be a table")
    _check_keys(raw, MEASURE_KEYS, where)
    measure_name = _require(raw, "name", where)
    if measure_name == "other":
        raise TopicError(f"{where}.name 'other' is reserved for numbers outside every measure")
    return Measure(
        name=measure_name,
        description=str(raw.get("description", "")),
        nouns=_strings(raw.get("nouns", []), f"{where}.nouns"),
        context=_strings(raw.get("context", []), f"{where}.context") if raw.get("context") else (),
        subject=_optional(raw, "subject", where),
        unit=_unit(raw, where),
    )


def _unit(raw: dict[str, object], where: str) -> str | None:
    unit = _optional(raw, "unit", where)
    if unit is not None and unit not in MEASURE_UNITS:
        raise TopicError(f"{where}.unit must be one of {', '.join(MEASURE_UNITS)}, got {unit!r}")
    return unit


def parse_topic(text: str, *, default_name: str = "topic") -> Topic:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"not valid TOML: {exc}") from exc
    _check_keys(doc, TOP_KEYS, "")

    name = str(doc.get("name") or default_name)
    title = str(doc.get("title") or name)
    feeds = tuple(_feed(raw, i) for i, raw in enumerate(_tables(doc, "feeds")))
    relevance = _relevance(doc)
    gazetteer = tuple(_entity(raw, i) for i, raw in enumerate(_tables(doc, "entities")))
    measures = tuple(_measure(raw, i) for i, raw in enumerate(_tables(doc, "measures")))
    if len({m.name for m in measures}) != len(measures):
        raise TopicError("measures: names must be unique")

    revisit_raw = doc.get("revisit", {})
    if not isinstance(revisit_raw, dict):
        raise TopicError("revisit must be a table, written [revisit]")
    _check_keys(revisit_raw, REVISIT_KEYS, "revisit")
    try:
        revisit = schedule_from_table(revisit_raw)
    except ValueError as exc:
        raise TopicError(str(exc)) from exc

    return Topic(
        name=name,
        title=title,
        feeds=feeds,
        relevance=relevance,
        gazetteer=gazetteer,
        measures=measures,
        alert_subject=str(doc.get("alert_subject") or title),
        revisit=revisit,
        as_of_window=_window(doc),
    )


def _window(doc: dict[str, object]) -> timedelta:
    """as_of_window_hours: how close in time two actual figures must speak of to be compared
    (0 = only overlapping times; default 24)."""
    if "as_of_window_hours" not in doc:
        return DEFAULT_WINDOW
    hours = doc["as_of_window_hours"]
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= 8760:
        raise TopicError(
            f"as_of_window_hours must be a number of hours from 0 to 8760, got {hours!r}"
        )
    return timedelta(hours=hours)


def topic_warnings(topic: Topic) -> tuple[str, ...]:
    """What a valid topic silently gives up, one line each, for the caller to show."""
    warnings = []
    if not topic.feeds:
        warnings.append(f"topic {topic.name} has no feeds: run it with --feed URL")
    if not topic.measures:
        warnings.append(
            f"topic {topic.name} has no measures: every number will be stored as 'other'"
        )
    return tuple(warnings)
