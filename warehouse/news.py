"""What a digest announces beyond the flag rows, as plain data: a dispute's positions when it
changed, the sentences a correction or a changed number replaced, and a count that moved over
time ("now about 55, up from about 30 on Monday").

The outbox records these as developments with a JSON payload; the digest is composed from the
payload alone, so it says what was true when the development was recorded. Pure functions.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from typing import Any

from claimwatch.extractors.topic import Topic

# -- disputes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PositionNews:
    """One position of a dispute as the digest shows it, with its strongest sentence."""

    low: float | None
    high: float | None
    values: tuple[float, ...]
    outlets: tuple[str, ...]
    stories: int
    majority: bool
    outlier: bool
    inconsistent_outlets: tuple[str, ...]
    sentence: str | None
    url: str | None
    published_at: datetime | None
    position: int | None = None  # its number in the dispute (claims name it)


@dataclass(frozen=True, slots=True)
class DisputeNews:
    """A change of one dispute (opened, joined, left, changed, resolved, reopened)."""

    dispute_id: str
    change: str
    measure: str
    kind: str
    modality: str
    subject: str | None
    outlet: str | None  # the outlet that joined or left
    detail: str | None
    positions: tuple[PositionNews, ...]
    resolved_by: ResolvedBy | None = None


@dataclass(frozen=True, slots=True)
class ResolvedBy:
    """The article version that resolved a dispute (a correction, a later version)."""

    outlet: str | None
    url: str | None
    version: int | None
    change_class: str | None

    def words(self) -> str:
        """'version 2 of Harbor Ledger's article (correction)'."""
        whose = f"{self.outlet}'s article" if self.outlet else "an article"
        why = f" ({self.change_class})" if self.change_class else ""
        return f"version {self.version} of {whose}{why}"


def resolved_by(value: Mapping[str, Any] | None) -> ResolvedBy | None:
    if not value:
        return None
    version = value.get("version")
    return ResolvedBy(
        _text(value.get("outlet")),
        _text(value.get("url")),
        None if version is None else int(version),
        _text(value.get("change_class")),
    )


def dispute_news(payload: Mapping[str, Any]) -> DisputeNews:
    positions = tuple(position_news(p) for p in payload.get("positions") or ())
    return DisputeNews(
        dispute_id=str(payload["dispute_id"]),
        change=str(payload["change"]),
        measure=str(payload.get("measure") or ""),
        kind=str(payload.get("kind") or "level"),
        modality=str(payload.get("modality") or "actual"),
        subject=payload.get("subject"),
        outlet=payload.get("outlet"),
        detail=payload.get("detail"),
        positions=positions,
        resolved_by=resolved_by(payload.get("resolved_by")),
    )


def position_news(p: Mapping[str, Any]) -> PositionNews:
    stories = p.get("stories")
    return PositionNews(
        low=_float(p.get("low")),
        high=_float(p.get("high")),
        values=tuple(float(v) for v in p.get("values") or ()),
        outlets=tuple(str(o) for o in p.get("outlets") or ()),
        # the view lists the stories; a count is as good
        stories=len(stories) if isinstance(stories, list) else int(stories or 0),
        majority=bool(p.get("majority")),
        outlier=bool(p.get("outlier")),
        inconsistent_outlets=tuple(str(o) for o in p.get("inconsistent_outlets") or ()),
        sentence=_text(p.get("sentence")),
        url=_text(p.get("url")),
        published_at=_time(p.get("published_at")),
        position=None if p.get("position") is None else int(p["position"]),
    )


# -- sentences a new version replaced -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceChange:
    """A sentence of the earlier version and what replaced it (None: removed, or added)."""

    before: str | None
    after: str | None


MAX_CHANGES = 3  # sentence changes a digest quotes per version
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_SAME_SENTENCE = 0.5  # a removed and an added sentence this alike are one sentence edited
_DIGIT = re.compile(r"\d")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def changed_sentences(old: str, new: str, limit: int = MAX_CHANGES) -> tuple[SentenceChange, ...]:
    """The sentences the new text changed: each removed sentence with the added one most like
    it (an edit), then sentences only added (a correction note) or only removed. Edits and
    sentences with figures first, as they carry the news; at most `limit`."""
    before, after = sentences(old), sentences(new)
    kept_before, kept_after = set(before), set(after)
    removed = [s for s in before if s not in kept_after]
    added = [s for s in after if s not in kept_before]
    pairs: list[SentenceChange] = []
    for r in removed:
        best = max(added, key=lambda a: SequenceMatcher(None, r, a).ratio(), default=None)
        if best is not None and SequenceMatcher(None, r, best).ratio() >= _SAME_SENTENCE:
            pairs.append(SentenceChange(r, best))
            added.remove(best)
        else:
            pairs.append(SentenceChange(r, None))
    pairs += [SentenceChange(None, a) for a in added]

    def rank(c: SentenceChange) -> tuple[int, int]:
        both = c.before is not None and c.after is not None
        figures = bool(_DIGIT.search(c.before or "") or _DIGIT.search(c.after or ""))
        return (not both, not figures)

    return tuple(sorted(pairs, key=rank)[:limit])


# -- a count that moved over time ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LevelClaim:
    """A current actual level: what an outlet says there is, and the day it speaks of."""

    measure: str
    subject: str | None
    outlet: str | None
    story_id: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    url: str
    sentence: str
    published_at: datetime | None
    day: date  # the (last) day the claim speaks of: its as_of


@dataclass(frozen=True, slots=True)
class Figure:
    """The figure most stories gave for one day."""

    value: float
    qualifier: str
    low: float | None
    high: float | None
    day: date
    outlets: tuple[str, ...]
    stories: int
    sentence: str
    url: str


@dataclass(frozen=True, slots=True)
class StaleClaim:
    """An outlet stating the earlier figure as current (its claim speaks of the latest day)."""

    outlet: str | None
    value: float
    qualifier: str
    url: str
    sentence: str


@dataclass(frozen=True, slots=True)
class MovedCount:
    measure: str
    subject: str | None
    now: Figure
    before: Figure
    stale: tuple[StaleClaim, ...]

    @property
    def key(self) -> str:
        """One development per measure, latest day, figure and outlets still giving the old
        figure: a rerun over the same claims gives the same key; a new day, a new figure or an
        outlet newly repeating the old one as current is news again."""
        stale = ",".join(sorted({s.outlet or "?" for s in self.stale}))
        day = f"{self.now.day}:{self.now.value:g}"
        return f"moved:{self.measure}:{self.subject or ''}:{day}" + (f":{stale}" if stale else "")


def moved_counts(claims: Iterable[LevelClaim]) -> list[MovedCount]:
    """Per measure (and subject): the latest day's figure against the last earlier day whose
    figure it does not overlap. Days with one figure each are the story developing, not a
    dispute; an outlet still giving the old figure for the latest day is named."""
    groups: dict[tuple[str, str | None], list[LevelClaim]] = defaultdict(list)
    for c in claims:
        groups[(c.measure, c.subject)].append(c)
    out = []
    for (measure, subject), group in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
        days = sorted({c.day for c in group})
        if len(days) < 2:
            continue
        now = _figure([c for c in group if c.day == days[-1]])
        before = next(
            (
                f
                for f in (_figure([c for c in group if c.day == d]) for d in reversed(days[:-1]))
                if not _overlap(f.low, f.high, now.low, now.high)
            ),
            None,
        )
        if before is None:
            continue
        stale = tuple(
            StaleClaim(c.outlet, c.value, c.qualifier, c.url, c.sentence)
            for c in sorted(group, key=lambda c: (c.outlet or "", c.url))
            if c.day == now.day
            and _overlap(c.low, c.high, before.low, before.high)
            and not _overlap(c.low, c.high, now.low, now.high)
        )
        out.append(MovedCount(measure, subject, now, before, stale))
    return out


def _figure(claims: Sequence[LevelClaim]) -> Figure:
    """The value most stories gave (ties: the latest published), with its widest interval."""
    by_value: dict[float, list[LevelClaim]] = defaultdict(list)
    for c in claims:
        by_value[c.value].append(c)

    def weight(v: float) -> tuple[int, float, float]:
        members = by_value[v]
        latest = max((c.published_at.timestamp() for c in members if c.published_at), default=0)
        return (len({c.story_id for c in members}), latest, -v)

    value = max(by_value, key=weight)
    members = sorted(
        by_value[value], key=lambda c: c.published_at.timestamp() if c.published_at else 0
    )
    lows = [c.low for c in members]
    highs = [c.high for c in members]
    top = members[-1]
    return Figure(
        value=value,
        qualifier=top.qualifier,
        low=None if None in lows else min(x for x in lows if x is not None),
        high=None if None in highs else max(x for x in highs if x is not None),
        day=top.day,
        outlets=tuple(sorted({c.outlet or "?" for c in members})),
        stories=len({c.story_id for c in members}),
        sentence=top.sentence,
        url=top.url,
    )


def moved_payload(m: MovedCount) -> str:
    return json.dumps(asdict(m), default=str, sort_keys=True)


def moved_news(payload: Mapping[str, Any]) -> MovedCount:
    def figure(f: Mapping[str, Any]) -> Figure:
        return Figure(
            value=float(f["value"]),
            qualifier=str(f["qualifier"]),
            low=_float(f.get("low")),
            high=_float(f.get("high")),
            day=date.fromisoformat(str(f["day"])),
            outlets=tuple(f.get("outlets") or ()),
            stories=int(f.get("stories") or 0),
            sentence=str(f.get("sentence") or ""),
            url=str(f.get("url") or ""),
        )

    return MovedCount(
        measure=str(payload["measure"]),
        subject=payload.get("subject"),
        now=figure(payload["now"]),
        before=figure(payload["before"]),
        stale=tuple(
            StaleClaim(
                s.get("outlet"), float(s["value"]), str(s["qualifier"]), s["url"], s["sentence"]
            )
            for s in payload.get("stale") or ()
        ),
    )


def day_words(day: date, reference: date) -> str:
    """'on Monday' within the week before `reference`, else 'on 3 November'."""
    if timedelta(0) < reference - day < timedelta(days=7):
        return f"on {day:%A}"
    return f"on {day.day} {day:%B}" + (f" {day.year}" if day.year != reference.year else "")


# -- figures in words ---------------------------------------------------------------------------

_QUALIFIED = {
    "approx": "about {v}",
    "nearly": "nearly {v}",
    "more_than": "more than {v}",
    "at_least": "at least {v}",
    "less_than": "fewer than {v}",
    "at_most": "up to {v}",
}


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def figure_words(value: float, qualifier: str | None) -> str:
    """'about 55', 'more than 100', '40'."""
    return _QUALIFIED.get(qualifier or "", "{v}").format(v=number(value))


def position_words(p: PositionNews) -> str:
    """What a position says: 'about 120' for one hedged value, '80' for an exact one,
    '115 to 125' for several."""
    if not p.values:
        return f"{number(p.low)} to {number(p.high)}"
    if len(p.values) > 1:
        return f"{number(min(p.values))} to {number(max(p.values))}"
    v = p.values[0]
    exact = p.low is not None and p.high is not None and p.low == p.high == v
    return number(v) if exact else f"about {number(v)}"


_SMALL = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def count_words(n: int) -> str:
    return _SMALL[n] if 0 <= n < len(_SMALL) else str(n)


def measure_labels(topic: Topic) -> dict[str, str]:
    """Each of the topic's measures in words (see measure_label)."""
    return {m.name: measure_label(m.name, m.nouns) for m in topic.measures}


def measure_label(name: str, nouns: Sequence[str] = ()) -> str:
    """A measure's name in words: "orgs_with_access" with the noun "organization" reads
    "organizations with access" (an abbreviated word is spelled out from the measure's nouns)."""
    words = []
    for word in name.replace("-", "_").split("_"):
        stem = word[:-1] if word.endswith("s") else word
        full = next((n for n in nouns if len(stem) >= 3 and n.startswith(stem)), None)
        words.append(_plural_noun(full) if full and word != full else word)
    return " ".join(w for w in words if w)


def _plural_noun(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def headline(measure: str, kind: str, modality: str, labels: Mapping[str, str]) -> str:
    """ "Proposed total of organizations with access", "Organizations with access"."""
    label = labels.get(measure) or measure_label(measure)
    if kind == "delta":
        words = f"{'proposed increase' if modality == 'proposed' else 'increase'} in {label}"
    else:
        words = f"proposed total of {label}" if modality == "proposed" else label
    return words[:1].upper() + words[1:]


def in_order(positions: Sequence[PositionNews]) -> list[PositionNews]:
    """Highest figure first, as a reader says it."""
    return sorted(positions, key=lambda p: -(max(p.values) if p.values else p.low or 0))


def positions_sentence(positions: Sequence[PositionNews], *, past: bool = False) -> str:
    """A dispute's positions in one sentence, highest figure first, the noun again only where
    the count is new: one outlet says about 200; five outlets (six stories) say about 120; one
    says 80."""
    clauses, said = [], set()
    for p in in_order(positions):
        n = len(p.outlets)
        noun = "" if n in said else (" outlet" if n == 1 else " outlets")
        said.add(n)
        stories = f" ({count_words(p.stories)} stories)" if p.stories > n else ""
        verb = "said" if past else "says" if n == 1 else "say"
        clauses.append(f"{count_words(n)}{noun}{stories} {verb} {position_words(p)}")
    return "; ".join(clauses)


def _overlap(
    a_low: float | None, a_high: float | None, b_low: float | None, b_high: float | None
) -> bool:
    lo_ok = a_low is None or b_high is None or a_low <= b_high
    hi_ok = b_low is None or a_high is None or b_low <= a_high
    return lo_ok and hi_ok


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _time(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None
