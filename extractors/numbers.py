"""Pure number parsing: words and digits → values, qualifiers → intervals.

No spaCy here: the claim component hands in lists of token strings, tests and notebooks can
hand in plain strings. Conventions (the gold set and the warehouse rely on them):

- a range ("50 to 60") has value = its midpoint and interval [a, b];
- a vague amount ("dozens", "several hundred") has value = the lower end of its interval,
  since that is all the sentence commits to;
- ``low <= value <= high`` wherever both bounds exist; ``None`` means unbounded;
- a sign is part of the value: "minus 22" and "-3" are negative;
- every value and bound is a ``Decimal`` computed in decimal arithmetic, so "about 50" is
  [45, 55] and not [45, 55.00000000000001]: no binary float between the text and the warehouse.

What is notation lives here (number words, scales, signs, vague amounts, qualifier phrases);
which currency a symbol means is the claim lexicon's business, handed in as a table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation

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
    "thousand": 10**3,
    "k": 10**3,
    # South Asian scales: "Rs 35 crore" is 350 million, "12 lakh" is 1.2 million.
    "lakh": 10**5,
    "lakhs": 10**5,
    "lac": 10**5,
    "lacs": 10**5,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mln": 10**6,
    "crore": 10**7,
    "crores": 10**7,
    "cr": 10**7,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "bln": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
}
# Abbreviations that are a scale only right after digits ("2.7m", "$40 mn"): as words on their
# own they are letters ("m" for metres, "b" for a grade).
SHORT_SCALES = frozenset({"k", "m", "b", "mn", "bn", "tn"})
_WORD_SCALES = {k: v for k, v in SCALES.items() if k not in SHORT_SCALES}

# Vague plurals: (low, high); the value is the low end. "millions" is [2 million, 9,999,999]:
# a plural commits to at least two, and ten or more would have been "tens of millions".
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "lakhs": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "crores": (20_000_000, 99_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
    "trillions": (2 * 10**12, 10**13 - 1),
}
# "tens of thousands", "hundreds of millions": a vague plural of a plural scale. Tens of X is
# [20 X, 100 X - 1], hundreds of X [200 X, 1000 X - 1].
VAGUE_HEADS = {"tens": 10, "hundreds": 100}
_PLURAL_SCALES = {"thousands": 10**3, "millions": 10**6, "billions": 10**9, "trillions": 10**12}
# "a few hundred", "several dozen": a vague multiple of a multiplier or scale word.
# "a few" is 2 to 5 of them, "several" 3 to 9 (DESIGN.md, "Numeric claims").
VAGUE_MULTIPLES = {"few": (2, 5), "several": (3, 9)}
# Spans of years named by one word: "a decade" is a duration of 10 years.
YEAR_SPANS = {"decade": 10, "century": 100}
# "in the thirties", "the low 50s", "the high teens": a count somewhere in a decade of numbers,
# or in a part of it (scan._decade_here says when the words are a count, not years or an age).
DECADES = {
    "teens": 13, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip
_DECADE_DIGITS = re.compile(r"([1-9]0)'?s")
# The part of a decade a word before it names: "the low 50s" [50, 53], "the high teens" [17, 19].
DECADE_PARTS = {"low": "low", "lower": "low", "high": "high", "upper": "high"}
# "a couple dozen", "a couple hundred": about that many of them (approx, not vague).
APPROX_MULTIPLES = {"couple": 2}
# A sign written as a word: "minus 22 degrees", "negative 3 percent".
SIGN_WORDS = frozenset({"minus", "negative"})
# Larger magnitudes are identifiers or garbage, not quantities a sentence states; the
# warehouse stores DECIMAL(38, 6), which holds anything below.
MAX_MAGNITUDE = Decimal(10) ** 30

# Indian digit grouping ("1,20,000", "12,34,567": lakhs and crores) before the western one.
# A decimal comma, as European outlets write it ("1,8 %", "€27,6bn", "€54,20"): one or two
# digits after the comma, never three ("1,800" groups thousands).
_NUMBER = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
    r"|\d+,\d{1,2}(?!\d))"
)
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")
_DIGITS = re.compile(rf"^{_NUMBER}$")
# A sign glued to the digits: "-3", "+4", "−3.2" (U+2212, as some wires set it). Not the en
# dash: "–" between two numbers is a range.
_SIGN = "+\u2212-"
_SIGNED = re.compile(rf"^[{_SIGN}]?{_NUMBER}$")
# A scale glued to the digits: "1.2bn", "4.3M", "$1million", "35cr"; the tokenizer leaves a
# sentence's full stop on "4.3M.".
_GLUED = re.compile(
    rf"^([{_SIGN}]?{_NUMBER})("
    + "|".join(sorted((k for k in SCALES if k not in ("lac", "lacs")), key=len, reverse=True))
    + r")\.?$",
    re.IGNORECASE,
)
# A leading zero on a whole number ("0134", "020"): a phone number, code or identifier.
_LEADING_ZERO = re.compile(r"^0\d")

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
    ("\u2248",): "approx",  # "≈70"
    # "the right number is closer to 80", "something like 300": a figure put as a rough one
    ("closer", "to"): "approx",
    ("nearer",): "approx",  # "the real figure is nearer 40"
    ("nearer", "to"): "approx",
    ("something", "like"): "approx",
    # "a program near 120 members": a figure put as near that one, either side.
    ("near",): "approx",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("just", "under"): "nearly",
    ("just", "shy", "of"): "nearly",
    ("just", "short", "of"): "nearly",
    ("a", "shade", "under"): "nearly",
    ("the", "better", "part", "of"): "nearly",  # "the better part of 100"
    ("just", "below"): "nearly",
    # "debt nears 96%", "a tally nearing 200": a verb of approach puts it just short.
    ("nears",): "nearly",
    ("neared",): "nearly",
    ("nearing",): "nearly",
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("above",): "more_than",
    ("upwards", "of"): "more_than",
    ("upward", "of"): "more_than",
    ("in", "excess", "of"): "more_than",
    ("north", "of"): "more_than",
    ("past",): "more_than",  # "would take the number past 54,000"
    ("south", "of"): "less_than",
    ("greater", "than"): "more_than",
    ("just", "over"): "more_than",
    ("a", "shade", "over"): "more_than",
    ("a", "shade", "above"): "more_than",
    ("well", "over"): "more_than",
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
    ("as", "much", "as"): "at_most",
    ("as", "high", "as"): "at_most",  # "the count could go as high as 1,400"
    ("a", "maximum", "of"): "at_most",
    # "within 14 days", "within 5 miles": no more than that much.
    ("within",): "at_most",
}
# Qualifiers written after the number: "70 or so", "120 or more", "100-plus".
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "so"): "approx",
    ("-", "odd"): "approx",  # "50-odd": about fifty
    ("odd",): "approx",
    ("or", "more"): "at_least",
    # "aged 65 or over", "children 12 and under"
    ("or", "over"): "at_least",
    ("or", "above"): "at_least",
    ("or", "older"): "at_least",
    ("and", "over"): "at_least",
    ("and", "above"): "at_least",
    ("and", "older"): "at_least",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
    ("or", "under"): "at_most",
    ("or", "younger"): "at_most",
    ("and", "under"): "at_most",
    ("and", "younger"): "at_most",
    ("plus",): "at_least",
    ("-", "plus"): "at_least",
    ("+",): "at_least",
}
_AND_JOINS = frozenset({"hundred", "thousand", "million", "billion"})
_MAX_QUALIFIER_LEN = max(len(k) for k in PRE_QUALIFIERS)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed number and the interval its qualifier implies."""

    value: Decimal
    low: Decimal | None
    high: Decimal | None
    qualifier: str


def to_decimal(x: Decimal | int | str | float) -> Decimal:
    """A Decimal of a number; a float goes through its shortest repr ("0.1", not 0.1000...0555),
    so callers handing in floats (tests, notebooks) get the number they wrote."""
    return x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else str(x))


def tidy(x: Decimal) -> Decimal:
    """63.0 -> 63, 49.50 -> 49.5, 1.2E+9 -> 1200000000: the same number, written plainly."""
    if not x.is_finite():
        return x
    n = x.normalize()
    if n.as_tuple().exponent <= 0:  # type: ignore[operator]
        return n
    # Enough digits for any magnitude the parser meets (the default context has 28, and a
    # quantize past them is an error): implausible ones are dropped later, not here.
    return n.quantize(Decimal(1), context=Context(prec=n.adjusted() + 2))


def _clean(word: str) -> str:
    return word.strip().lower().replace("\u2019", "'")


def _signed_decimal(text: str) -> Decimal:
    negative = text[:1] in ("-", "\u2212")
    body = text.lstrip(_SIGN)
    body = body.replace(",", ".") if _DECIMAL_COMMA.match(body) else body.replace(",", "")
    return -Decimal(body) if negative else Decimal(body)


def digit_value(word: str) -> Decimal | None:
    """'1,200' → 1200, '2.5' → 2.5, '-3' → -3, '1.2bn' → 1.2e9, '4.3M' → 4.3e6, '3k' → 3000,
    '35cr' → 3.5e8; anything else → None."""
    w = _clean(word)
    try:
        if _SIGNED.match(w):
            return _signed_decimal(w)
        m = _GLUED.match(w)
        if m:
            return _signed_decimal(m.group(1)) * SCALES[m.group(2).lower()]
    except InvalidOperation:
        return None
    return None


def is_signed(word: str) -> bool:
    """True for digits with a sign glued on ("-3", "+4"): a sign, never a range's dash."""
    return _clean(word)[:1] in _SIGN and digit_value(word) is not None


def has_leading_zero(word: str) -> bool:
    """'0134', '020': digits an identifier or phone number is written with, not a quantity."""
    return bool(_LEADING_ZERO.match(word.strip()))


def glued_scale(word: str) -> bool:
    """True when a scale is glued to the digits ("1.2bn", "$1million" → "1million")."""
    return bool(_GLUED.match(_clean(word)))


def scale_of(word: str) -> int:
    """The scale a word is or ends with: "million" → 10**6, "1.2bn" → 10**9, "70" → 1."""
    w = _clean(word)
    if w in SCALES:
        return SCALES[w]
    m = _GLUED.match(w)
    return SCALES[m.group(2).lower()] if m else 1


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


def split_currency(word: str, prefixes: Mapping[str, str]) -> tuple[str, str] | None:
    """A currency written glued to the number, as one token: 'RM2.05' → ('MYR', '2.05'),
    'US$89' → ('USD', '89'), 'EUR3bn' → ('EUR', '3bn'), 'Rs.40' → ('INR', '40'). `prefixes`
    maps lower-cased symbols and codes to ISO codes (the claim lexicon's table); the longest
    prefix wins. None when the token is not a currency and a number."""
    w = _clean(word)
    for n in range(min(len(w) - 1, max(map(len, prefixes), default=0)), 0, -1):
        code = prefixes.get(w[:n])
        if code is None:
            continue
        rest = w[n:]
        if rest[:1] == "." and w[n - 1].isalpha():
            rest = rest[1:]  # "Rs.40": the abbreviation's full stop
        if rest and digit_value(rest) is not None:
            return code, word.strip()[-len(rest) :]
    return None


# A temperature glued to its scale: "-15C", "40F", "21°C".
_DEGREES = re.compile(rf"^([{_SIGN}]?{_NUMBER})°?([CF])\.?$")  # "450C." ends a sentence


def split_degrees(word: str) -> str | None:
    """'-15C' → '-15', '21°C' → '21': the number of a temperature written as one token."""
    m = _DEGREES.match(word.strip())
    return m.group(1) if m else None


def split_range(word: str, prefixes: Mapping[str, str]) -> tuple[str, str, str | None] | None:
    """A range written as one token: '20bn-$25bn' → ('20bn', '25bn', 'USD'), '10-12%' is split
    by the tokenizer already. Returns (low text, high text, currency of either end)."""
    for dash in ("-", "\u2013"):
        left, sep, right = word.strip().partition(dash)
        if not sep or not left or not right:
            continue
        ends: list[str] = []
        code = None
        for part in (left, right):
            glued = split_currency(part, prefixes)
            if glued:
                code, part = glued
            if digit_value(part) is None or part[:1] in _SIGN:
                return None
            ends.append(part)
        return ends[0], ends[1], code
    return None


def words_value(words: Sequence[str]) -> Decimal | None:
    """Value of a number phrase: ["two", "dozen"] → 24, ["2.5", "million"] → 2.5e6,
    ["one", "hundred", "and", "twenty"] → 120, ["a", "hundred"] → 100,
    ["minus", "22"] → -22, ["35", "crore"] → 3.5e8, ["2.3", "lakh", "crore"] → 2.3e12. None if
    not a number.
    """
    tokens: list[str] = []
    cleaned = [c for c in (_clean(raw) for raw in words) if c]
    sign = Decimal(1)
    if cleaned and cleaned[0] in SIGN_WORDS:
        sign, cleaned = Decimal(-1), cleaned[1:]
    for i, w in enumerate(cleaned):
        pair = _split_hyphenated(w)
        if pair:
            tokens.extend(pair)
        elif w == "-":
            # Only "seventy - five" and a hyphenated scale ("$1.6-billion", the Canadian style)
            # join; "50 - 60" is a range, not 110.
            nxt = cleaned[i + 1] if i + 1 < len(cleaned) else ""
            scaled = bool(tokens) and digit_value(tokens[-1]) is not None and nxt in _WORD_SCALES
            if not (scaled or (tokens and tokens[-1] in TENS and UNITS.get(nxt, 10) < 10)):
                return None
        else:
            tokens.append(w)
    if not tokens:
        return None
    total = Decimal(0)
    current: Decimal | None = None
    seen = False
    half_at = -1  # "seven and a half million": "and a half" adds a half to what it follows
    for i, w in enumerate(tokens):
        d = digit_value(w)
        if w == "and" and seen and current is not None and tokens[i + 1 : i + 3] == ["a", "half"]:
            current += Decimal("0.5")
            half_at = i + 2
            continue
        if half_at >= i:
            continue
        if w in ("a", "an") and i == 0:
            current = Decimal(1)  # "a dozen", "a hundred": only meaningful before a multiplier
            continue
        if w == "and" and seen and i + 1 < len(tokens) and tokens[i - 1] in _AND_JOINS:
            continue  # "one hundred and twenty"; never "50 and 60"
        if w == "half" and i == 0:
            current = Decimal("0.5")  # "half a dozen"
            continue
        if w in ("a", "an") and current == Decimal("0.5"):
            continue
        if d is not None:
            if seen and d < 0:
                return None  # a sign only leads: "5 -3" is no number
            current = (current or Decimal(0)) + d
        elif w in UNITS:
            current = (current or Decimal(0)) + UNITS[w]
        elif w in TENS:
            current = (current or Decimal(0)) + TENS[w]
        elif w in MULTIPLIERS:
            current = (current if current is not None else Decimal(1)) * MULTIPLIERS[w]
        elif w in SCALES or (w.endswith(".") and w[:-1] in SHORT_SCALES):
            # "612 m." at a sentence's end: the tokenizer keeps the full stop on the scale
            scale = SCALES[w.rstrip(".")]
            if current is None and i > 0 and tokens[i - 1].rstrip(".") in SCALES:
                # "Rs 2.3 lakh crore", "1 thousand crore": a scale on a scale multiplies
                total *= scale
            else:
                total += (current if current is not None else Decimal(1)) * scale
            current = None
        else:
            return None
        seen = True
    if not seen:
        return None
    return sign * (total + (current or Decimal(0)))


def vague_interval(words: Sequence[str]) -> tuple[int, int] | None:
    """'dozens' → (24, 99); 'tens of thousands' → (20000, 99999); 'several hundred' →
    (300, 900); 'a few dozen' → (24, 60); 'millions' → (2000000, 9999999); otherwise None."""
    ws = [c for c in (_clean(w) for w in words) if c not in ("of", "")]
    if ws[:1] in (["a"], ["an"]):
        ws = ws[1:]
    if len(ws) == 1 and ws[0] in VAGUE:
        return VAGUE[ws[0]]
    if len(ws) == 2 and ws[0] in VAGUE_HEADS and ws[1] in _PLURAL_SCALES:
        unit = VAGUE_HEADS[ws[0]] * _PLURAL_SCALES[ws[1]]
        return 2 * unit, 10 * unit - 1
    if len(ws) >= 2 and ws[0] in VAGUE_MULTIPLES:
        rest = ws[1:]
        if rest == ["dozens"]:
            rest = ["dozen"]  # "several dozens", as some wires write it
        if all(w in MULTIPLIERS or w in _WORD_SCALES for w in rest):
            each = words_value(rest)
            if each is not None:
                lo, hi = VAGUE_MULTIPLES[ws[0]]
                return int(lo * each), int(hi * each)
    return None


def decade_base(word: str) -> int | None:
    """The first number of a decade the word names: "thirties" → 30, "50s" → 50, "teens" → 13."""
    w = _clean(word)
    if w in DECADES:
        return DECADES[w]
    m = _DECADE_DIGITS.fullmatch(w)
    return int(m.group(1)) if m else None


def decade_interval(words: Sequence[str]) -> tuple[int, int] | None:
    """'thirties' → (30, 39); 'low 50s' → (50, 53); 'high teens' → (17, 19); otherwise None."""
    ws = [_clean(w) for w in words]
    part = DECADE_PARTS.get(ws[0]) if len(ws) == 2 else None
    if len(ws) != (2 if part else 1):
        return None
    base = decade_base(ws[-1])
    if base is None:
        return None
    top = base + (6 if base == 13 else 9)
    if part == "low":
        return base, min(top, base + 3)
    if part == "high":
        return max(base, top - 2), top
    return base, top


def approx_multiple(words: Sequence[str]) -> int | None:
    """'a couple dozen' → 24, 'a couple hundred' → 200; otherwise None."""
    ws = [c for c in (_clean(w) for w in words) if c]
    if ws[:1] in (["a"], ["an"]):
        ws = ws[1:]
    if len(ws) < 2 or ws[0] not in APPROX_MULTIPLES:
        return None
    rest = ws[1:]
    if not all(w in MULTIPLIERS or w in _WORD_SCALES for w in rest):
        return None
    unit = words_value(rest)
    return None if unit is None else int(APPROX_MULTIPLES[ws[0]] * unit)


def interval(
    value: Decimal | int | str | float,
    qualifier: str,
    high_value: Decimal | int | str | float | None = None,
) -> Quantity:
    """The interval a qualifier implies (DESIGN.md, "Numeric claims"), in decimal arithmetic.

    For `range`, `value` is the low end and `high_value` the high end; the returned value is the
    midpoint. For `vague`, pass the vague interval as value/high_value. low <= high always,
    for negative values too ("about -10" is [-11, -9]).
    """
    v = tidy(to_decimal(value))
    if qualifier == "exact":
        return Quantity(v, v, v, qualifier)
    if qualifier == "approx":
        a, b = tidy(v * _NINE_TENTHS), tidy(v * _ELEVEN_TENTHS)
        return Quantity(v, min(a, b), max(a, b), qualifier)
    if qualifier == "nearly":
        # [0.9v, v): high is stored as v, the open end is a reading convention.
        a = tidy(v * _NINE_TENTHS)
        return Quantity(v, min(a, v), max(a, v), qualifier)
    if qualifier in ("more_than", "at_least"):
        return Quantity(v, v, None, qualifier)
    if qualifier in ("less_than", "at_most"):
        # [0, v] for a count; below a negative number ("under -5") nothing bounds it.
        return Quantity(v, Decimal(0) if v >= 0 else None, v, qualifier)
    if qualifier in ("range", "vague"):
        hi = v if high_value is None else tidy(to_decimal(high_value))
        lo, hi = min(v, hi), max(v, hi)
        mid = lo if qualifier == "vague" else tidy(min(max((lo + hi) / 2, lo), hi))
        return Quantity(mid, lo, hi, qualifier)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def negate(q: Quantity) -> Quantity:
    """The same quantity with the opposite sign: "fell 12" after reading "12". Bounds swap, so
    low <= value <= high still holds; an unbounded side stays unbounded on the other side."""
    return Quantity(
        -q.value,
        None if q.high is None else -q.high,
        None if q.low is None else -q.low,
        q.qualifier,
    )


_NINE_TENTHS = Decimal("0.9")
_ELEVEN_TENTHS = Decimal("1.1")


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


def scaled_low(low: Decimal, high: Decimal, low_has_scale: bool, high_scale: int) -> Decimal:
    """The low end of "N to M <scale>": "2.5 to 3 million" and "US$89 to $93 billion" share the
    high end's scale when the low end has none of its own and is far below without it;
    "$200,000 to $414 million" and "500 to 3 million" keep each end as written."""
    if low_has_scale or high_scale == 1 or not abs(high) >= 1000 > abs(low):
        return low
    return low * high_scale if abs(low * high_scale) <= abs(high) else low


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|or)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)


def _phrase_value(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    words = [w for w in re.split(r"\s+", text) if w]
    return words_value(words)


def parse_quantity(text: str) -> Quantity | None:
    """See `_parse_quantity`; None also for magnitudes no sentence states (MAX_MAGNITUDE)."""
    q = _parse_quantity(text)
    if q is None or not plausible(q):
        return None
    return q


def plausible(q: Quantity) -> bool:
    """A value and bounds the warehouse can hold exactly: finite and below MAX_MAGNITUDE."""
    return all(
        x is None or (x.is_finite() and abs(x) < MAX_MAGNITUDE) for x in (q.value, q.low, q.high)
    )


def _parse_quantity(text: str) -> Quantity | None:
    """Parse a whole mention: "about 70", "more than 2.5 million", "between 50 and 60",
    "50-60", "dozens", "several hundred", "a dozen", "120 or more", "minus 22", "-3",
    "2.7m", "35 crore". Returns None when there is no number."""
    if not isinstance(text, str):
        return None
    words = [w for w in re.split(r"\s+", text.strip().replace("\u2013", "-")) if w]
    if not words:
        return None
    vague = vague_interval(words)
    if vague:
        return interval(vague[0], "vague", vague[1])
    about = approx_multiple(words)
    if about is not None:
        return interval(about, "approx")

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
            a = scaled_low(a, b, _has_scale(m.group(1)), _scale_of(m.group(2)))
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
            a = scaled_low(a, b, _has_scale(parts[0]), _scale_of(parts[1]))
            return interval(a, "range", b)
    return None


def _has_scale(text: str) -> bool:
    return any(_clean(w) in SCALES or glued_scale(w) for w in text.split())


def _scale_of(text: str) -> int:
    for w in reversed(text.split()):
        if scale_of(w) > 1:
            return scale_of(w)
    return 1
