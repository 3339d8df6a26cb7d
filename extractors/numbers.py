"""Pure number parsing: words and digits → values, qualifiers → intervals.

No spaCy here: the claim component hands in lists of token strings, tests and notebooks can
hand in plain strings. Conventions (the gold set and the warehouse rely on them):

- a range ("50 to 60") has value = its midpoint and interval [a, b];
- a vague plural ("dozens") has value = the lower end of its interval, since that is all
  the sentence commits to;
- ``low <= value <= high`` wherever both bounds exist; ``None`` means unbounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

QUALIFIERS = (
    "exact",
    "approx",
    "nearly",
    "more_than",
    "at_least",
    "less_than",
    "at_most",
    "range",
    "vague",
)

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "dozen" multiplies like "hundred" does: "two dozen" = 24, "a dozen" = 12.
MULTIPLIERS = {"dozen": 12, "hundred": 100}
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# Suffixes glued to digits ("1.2bn", "3k"); single letters only when glued, never as words.
_GLUED_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_WORD_SCALES = {k: v for k, v in SCALES.items() if len(k) > 1 and k not in ("mn", "bn", "tn")}

# Vague plurals: (low, high); the value is the low end.
VAGUE = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e6),
    "billions": (2e9, 9.99e9),
}
# "tens of thousands", "hundreds of thousands", ...: vague plural of a scale.
_VAGUE_OF = {
    ("tens", "thousands"): (2e4, 99999.0),
    ("hundreds", "thousands"): (2e5, 999999.0),
    ("tens", "millions"): (2e7, 9.99e7),
    ("hundreds", "millions"): (2e8, 9.99e8),
}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_GLUED = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(k|m|mn|bn|b|tn)$", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"[\s]+|(?<=[a-z])-(?=[a-z])", re.IGNORECASE)

# Qualifier phrases read right before the number (lower-cased token sequences). Longest wins.
PRE_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("exactly",): "exact",
    ("precisely",): "exact",
    ("only",): "exact",
    ("just",): "exact",
    ("about",): "approx",
    ("around",): "approx",
    ("roughly",): "approx",
    ("some",): "approx",
    ("approximately",): "approx",
    ("approx",): "approx",
    ("approx", "."): "approx",
    ("an", "estimated"): "approx",
    ("estimated",): "approx",
    ("circa",): "approx",
    ("~",): "approx",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("just", "under"): "nearly",
    ("just", "shy", "of"): "nearly",
    ("just", "below"): "nearly",
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("above",): "more_than",
    ("upwards", "of"): "more_than",
    ("upward", "of"): "more_than",
    ("in", "excess", "of"): "more_than",
    ("north", "of"): "more_than",
    ("greater", "than"): "more_than",
    ("at", "least"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("not", "less", "than"): "at_least",
    ("not", "fewer", "than"): "at_least",
    ("less", "than"): "less_than",
    ("fewer", "than"): "less_than",
    ("under",): "less_than",
    ("below",): "less_than",
    ("at", "most"): "at_most",
    ("up", "to"): "at_most",
    ("no", "more", "than"): "at_most",
    ("not", "more", "than"): "at_most",
    ("as", "many", "as"): "at_most",
    ("a", "maximum", "of"): "at_most",
}
# Qualifiers written after the number: "70 or so", "120 or more", "100-plus".
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "so"): "approx",
    ("or", "more"): "at_least",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
    ("plus",): "at_least",
    ("-", "plus"): "at_least",
    ("+",): "at_least",
}
_AND_JOINS = frozenset({"hundred", "thousand", "million", "billion"})
_MAX_QUALIFIER_LEN = max(len(k) for k in PRE_QUALIFIERS)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed number and the interval its qualifier implies."""

    value: float
    low: float | None
    high: float | None
    qualifier: str


def _clean(word: str) -> str:
    return word.strip().lower().replace("\u2019", "'")


def digit_value(word: str) -> float | None:
    """'1,200' → 1200, '2.5' → 2.5, '1.2bn' → 1.2e9, '3k' → 3000; anything else → None."""
    w = _clean(word)
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    m = _GLUED.match(w)
    if m:
        return float(m.group(1).replace(",", "")) * _GLUED_SCALES[m.group(2).lower()]
    return None


def is_number_word(word: str) -> bool:
    """True for tokens that can be part of a number phrase ("seventy", "million", "1,200")."""
    w = _clean(word)
    return (
        w in UNITS
        or w in TENS
        or w in MULTIPLIERS
        or w in _WORD_SCALES
        or digit_value(w) is not None
        or _split_hyphenated(w) is not None
    )


def _split_hyphenated(w: str) -> tuple[str, str] | None:
    # "seventy-five" as one token: tens + unit below ten.
    if "-" not in w:
        return None
    left, _, right = w.partition("-")
    if left in TENS and right in UNITS and UNITS[right] < 10:
        return left, right
    return None


def words_value(words: Sequence[str]) -> float | None:
    """Value of a number phrase: ["two", "dozen"] → 24, ["2.5", "million"] → 2.5e6,
    ["one", "hundred", "and", "twenty"] → 120, ["a", "hundred"] → 100. None if not a number.
    """
    tokens: list[str] = []
    cleaned = [c for c in (_clean(raw) for raw in words) if c]
    for i, w in enumerate(cleaned):
        pair = _split_hyphenated(w)
        if pair:
            tokens.extend(pair)
        elif w == "-":
            # Only "seventy - five" joins; "50 - 60" is a range, not 110.
            nxt = cleaned[i + 1] if i + 1 < len(cleaned) else ""
            if not (tokens and tokens[-1] in TENS and UNITS.get(nxt, 10) < 10):
                return None
        else:
            tokens.append(w)
    if not tokens:
        return None
    total = 0.0
    current: float | None = None
    seen = False
    for i, w in enumerate(tokens):
        d = digit_value(w)
        if w in ("a", "an") and i == 0:
            current = 1.0  # "a dozen", "a hundred": only meaningful before a multiplier
            continue
        if w == "and" and seen and i + 1 < len(tokens) and tokens[i - 1] in _AND_JOINS:
            continue  # "one hundred and twenty"; never "50 and 60"
        if w == "half" and i == 0:
            current = 0.5  # "half a dozen"
            continue
        if w in ("a", "an") and current == 0.5:
            continue
        if d is not None:
            current = (current or 0.0) + d
        elif w in UNITS:
            current = (current or 0.0) + UNITS[w]
        elif w in TENS:
            current = (current or 0.0) + TENS[w]
        elif w in MULTIPLIERS:
            current = (current if current is not None else 1.0) * MULTIPLIERS[w]
        elif w in SCALES:
            total += (current if current is not None else 1.0) * SCALES[w]
            current = None
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + (current or 0.0)


def vague_interval(words: Sequence[str]) -> tuple[float, float] | None:
    """'dozens' → (24, 99); 'tens of thousands' → (20000, 99999); otherwise None."""
    ws = [_clean(w) for w in words if _clean(w) not in ("of", "")]
    if len(ws) == 2 and (ws[0], ws[1]) in _VAGUE_OF:
        return _VAGUE_OF[(ws[0], ws[1])]
    if len(ws) == 2 and ws[0] in ("several", "a few", "few") and ws[1] == "dozen":
        return VAGUE["dozens"]
    if len(ws) == 1 and ws[0] in VAGUE:
        return VAGUE[ws[0]]
    return None


def interval(value: float, qualifier: str, high_value: float | None = None) -> Quantity:
    """The interval a qualifier implies (DESIGN.md, "Numeric claims").

    For `range`, `value` is the low end and `high_value` the high end; the returned value is the
    midpoint. For `vague`, pass the vague interval as value/high_value.
    """
    v = float(value)
    if qualifier == "exact":
        return Quantity(v, v, v, qualifier)
    if qualifier == "approx":
        a, b = 0.9 * v, 1.1 * v
        return Quantity(v, min(a, b), max(a, b), qualifier)
    if qualifier == "nearly":
        # [0.9v, v): high is stored as v, the open end is a reading convention.
        return Quantity(v, min(0.9 * v, v), max(0.9 * v, v), qualifier)
    if qualifier in ("more_than", "at_least"):
        return Quantity(v, v, None, qualifier)
    if qualifier in ("less_than", "at_most"):
        return Quantity(v, min(0.0, v), v, qualifier)
    if qualifier in ("range", "vague"):
        hi = v if high_value is None else float(high_value)
        lo, hi = min(v, hi), max(v, hi)
        # Halves first: (lo + hi) / 2 overflows to inf for ends near 1e308 (a 309-digit number
        # in a page), giving value > high; the clamp absorbs rounding at the subnormal end.
        # Found by tests/reliability/test_fuzz.py.
        mid = lo if qualifier == "vague" else min(max(lo / 2 + hi / 2, lo), hi)
        return Quantity(mid, lo, hi, qualifier)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def qualifier_before(words: Sequence[str]) -> tuple[str, int] | None:
    """The qualifier ending right before a number: the longest phrase from PRE_QUALIFIERS that
    is a suffix of `words`. Returns (qualifier, how many words it used)."""
    ws = [_clean(w) for w in words]
    for n in range(min(_MAX_QUALIFIER_LEN, len(ws)), 0, -1):
        q = PRE_QUALIFIERS.get(tuple(ws[-n:]))
        if q:
            return q, n
    return None


def qualifier_after(words: Sequence[str]) -> tuple[str, int] | None:
    """A qualifier starting right after a number ("or so", "or more", "+")."""
    ws = [_clean(w) for w in words]
    for n in (2, 1):
        q = POST_QUALIFIERS.get(tuple(ws[:n]))
        if q and len(ws) >= n:
            return q, n
    return None


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|or)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)


def _phrase_value(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    words = [w for w in re.split(r"\s+", text) if w]
    return words_value(words)


def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole mention: "about 70", "more than 2.5 million", "between 50 and 60",
    "50-60", "dozens", "a dozen", "120 or more". Returns None when there is no number."""
    if not isinstance(text, str):
        return None
    words = [w for w in re.split(r"\s+", text.strip().replace("\u2013", "-")) if w]
    if not words:
        return None
    vague = vague_interval(words)
    if vague:
        return interval(vague[0], "vague", vague[1])

    qualifier = "exact"
    pre = None
    # The qualifier is the longest known phrase at the start.
    for n in range(min(_MAX_QUALIFIER_LEN, len(words) - 1), 0, -1):
        q = PRE_QUALIFIERS.get(tuple(_clean(w) for w in words[:n]))
        if q:
            pre = (q, n)
            break
    if pre:
        qualifier = pre[0]
        words = words[pre[1] :]
    post = None
    for n in (2, 1):
        if len(words) > n:
            q = POST_QUALIFIERS.get(tuple(_clean(w) for w in words[-n:]))
            if q:
                post = (q, n)
                break
    if post:
        qualifier = post[0] if qualifier == "exact" else qualifier
        words = words[: -post[1]]
    body = " ".join(words)

    m = _BETWEEN.match(body)
    if m:
        a, b = _phrase_value(m.group(1)), _phrase_value(m.group(2))
        if a is not None and b is not None:
            return interval(a, "range", b)
        return None
    value = _phrase_value(body)
    if value is not None:
        return interval(value, qualifier)
    # "50-60", "50 to 60", "60 or 80": split once on the separator.
    parts = _RANGE_SEP.split(body, maxsplit=1)
    if len(parts) == 2:
        a, b = _phrase_value(parts[0]), _phrase_value(parts[1])
        if a is not None and b is not None:
            # "2.5 to 3 million": the scale of the second half applies to the first.
            if b >= 1000 and a < 1000 and not _has_scale(parts[0]):
                a *= _scale_of(parts[1])
            return interval(a, "range", b)
    return None


def _has_scale(text: str) -> bool:
    return any(_clean(w) in SCALES for w in text.split()) or bool(_GLUED.match(text.strip()))


def _scale_of(text: str) -> float:
    for w in reversed(text.split()):
        if _clean(w) in SCALES:
            return SCALES[_clean(w)]
    return 1.0
