"""Finding number phrases in a sentence: where each starts and ends, its value, sign, qualifier
and unit (count, money, percent, duration, age), and which numbers are no quantities at all.

No quantities: dates, years and clock times ("March 15", "the 2023 earthquake", "10 a.m.");
numbers inside names and identifiers ("Section 230", "iPhone 15", "the S&P 500", "1600
Pennsylvania Avenue", "555-0192"); vote tallies and scores ("voted 5-2", "a 6-3 ruling"). Durations
and ages are quantities even where the NER calls them DATE ("for 3 years", "a 50-year-old").

Works on tokens (their text, tags and entity labels); the dependency parse is read in syntax.py,
except for the word a "from" hangs off, which tells a range from a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from claimwatch.extractors import numbers
from claimwatch.extractors.claims import columns, lexicon
from claimwatch.extractors.claims.lexicon import Lexicon
from claimwatch.extractors.entities import NAME_LABELS
from claimwatch.extractors.numbers import Quantity

# Entity labels whose numbers are never claims (labels of the model's scheme, not words).
SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
DASHES = frozenset({"-", "\u2013", "\u2014"})
_RANGE_WORDS = frozenset({"between", "and", "to", "-", "\u2013", "or"})
# Vote counts and scores stay below this; a "5-2" above it is something else.
_MAX_TALLY = 1000


@dataclass(slots=True)
class Raw:
    """A number phrase's token boundaries inside a sentence, while it is being read."""

    start: int  # first token of the number itself
    end: int  # one past its last token
    qstart: int  # first token of the mention as written (qualifier, currency, sign)
    qend: int  # one past the mention as written (post-qualifier, % sign, time unit)
    quantity: Quantity
    root: Token
    unit: str = "count"  # count|money|percent|duration|age
    noun: Token | None = None
    noun_inherited: bool = False  # taken from another mention: its modifiers are not ours
    anchor: str | None = None  # "total"/"number" when the noun came through such an anchor
    currency: str | None = None
    time_unit: str | None = None  # a duration's or age's unit: year, month, week, day, ...
    kind: str | None = None  # "delta" when its own words state a change ("fell 12", "up 3%")
    not_quantity: str | None = None  # why it is found but dropped: "tally", "year", "identifier"
    # A table row's bare figure takes its unit from the table's heading ("Net borrowing, €
    # billion"): the heading's noun, which says what the figure is of.
    heading_noun: Token | None = None
    forecast: bool = False  # ... and its heading or column says the figures are forecasts
    # Alone in a cell under a header row naming its column (columns.py): no name, date or
    # identifier the NER or a neighbouring word suggests ("| +16 | Press reports |" is no ORG).
    cell: bool = False
    table: str = ""  # ... and the text's headline, the table's caption and its header row
    row_label: tuple[int, int] = (0, 0)  # ... and its row's label cell (characters)
    rows_of_owners: bool = False  # ... whose header says the rows are organizations
    part: bool = False  # ... a part of a breakdown whose total row is in the table


def low(tok: Token) -> str:
    """The token's lower-cased text with typographic apostrophes made plain."""
    return tok.lower_.replace("\u2019", "'")


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


# --------------------------------------------------------------------------- tokens


def _glued_currency(tok: Token, lex: Lexicon) -> tuple[str, str] | None:
    """(ISO code, number text) of a token like "RM2.05", "US$89", "INR1", "Rs.40"."""
    text = tok.text
    if not any(c.isdigit() for c in text) or text[:1].isdigit():
        return None
    found = numbers.split_currency(text, lex.currency_symbols)
    if found is None:
        return None
    prefix = text[: len(text) - len(found[1])]
    return None if _lowercase_code(prefix) else found


def _lowercase_code(prefix: str) -> bool:
    # "try 5 times", "rs 5": a currency code written in lower case is a word, not a code.
    letters = prefix.rstrip(".")
    return len(letters) >= 2 and letters.isalpha() and letters.islower()


def _number_text(tok: Token, lex: Lexicon) -> str:
    """The token's number as written, without a currency or degree sign glued to it ("RM2.05"
    → "2.05", "-15C" → "-15")."""
    glued = _glued_currency(tok, lex)
    if glued:
        return glued[1]
    return numbers.split_degrees(tok.text) or tok.text


def _is_digits(w: str) -> bool:
    return numbers.digit_value(w) is not None


def _alternatives(
    doc: Doc,
    sent: Span,
    i: int,
    k: int,
    a: int | None,
    b: int | None,
    low_v: Decimal,
    high_v: Decimal,
) -> bool:
    """ "62 or 70", "75 or 92", "80, 120 or 200", "60 or 85 or 120", "whether it's 80 or 100",
    "20 or 70": figures set against each other, not one rough range. A rough "N or M" gives
    near round figures ("10 or 15", "two or three", "40,000 or 50,000"); a figure that is not
    a multiple of five, a list before or after them, a "whether" before them, or figures far
    apart (the larger over one and a half times the smaller, from ten up) make them
    alternatives. `k`: one past the second figure."""
    if i - 2 >= sent.start and low(doc[i - 1]) in (",", "or") and doc[i - 2].like_num:
        return True
    if k + 1 < sent.end and low(doc[k]) == "or" and doc[k + 1].like_num:
        return True
    if any(low(t) == "whether" for t in doc[max(sent.start, i - 4) : i]):
        return True
    if 10 <= low_v < high_v and high_v > low_v * Decimal("1.5"):
        return True
    return any(x is not None and x >= 10 and x % 5 for x in (a, b))


def _plain_int(text: str) -> int | None:
    """'2023' → 2023; None for '2,023', '20.5', '2bn', '-3': only bare digits."""
    return int(text) if text.isdigit() else None


def _scale_word(w: str) -> bool:
    return w in numbers.MULTIPLIERS or (w in numbers.SCALES and w not in numbers.SHORT_SCALES)


# Words a number phrase can start with; any other token must hold a digit. A cheap first test:
# the scanner looks at every token of every sentence.
_WORD_STARTS = frozenset(
    {*numbers.UNITS, *numbers.TENS, *numbers.VAGUE, *numbers.VAGUE_MULTIPLES}
    | {*numbers.DECADES, *numbers.DECADE_PARTS}
    | {"a", "an", "half", "tens", "dozen", "hundred"}
)


def _may_start(tok: Token) -> bool:
    text = tok.text
    return any(c.isdigit() for c in text) or low(tok) in _WORD_STARTS or "-" in text


def _starts_number(doc: Doc, i: int, end: int, lex: Lexicon) -> bool:
    tok = doc[i]
    w = low(tok)
    if w in numbers.DECADE_PARTS or numbers.decade_base(w) is not None:
        return _decade_here(doc, i, end, lex)
    if w in numbers.VAGUE or (w == "tens" and i + 2 < end and low(doc[i + 1]) == "of"):
        return True
    nxt = low(doc[i + 1]) if i + 1 < end else ""
    if w in ("a", "an") and nxt:
        if nxt in numbers.YEAR_SPANS:
            return True  # "in a decade"
        if nxt in numbers.VAGUE_MULTIPLES or nxt in numbers.APPROX_MULTIPLES:  # "a few hundred"
            return i + 2 < end and _scale_word(low(doc[i + 2]))
        return nxt in ("dozen", "hundred", "thousand", "lakh", "million", "crore", "billion")
    if w == "half" and nxt == "a":
        # "half a dozen", "half a million"
        return i + 2 < end and (low(doc[i + 2]) == "dozen" or _scale_word(low(doc[i + 2])))
    if w in numbers.VAGUE_MULTIPLES:  # "several hundred", "few dozen"
        return _scale_word(nxt)
    if numbers.is_number_word(w):
        return w not in numbers.SCALES and w != "dozen"
    return _glued_currency(tok, lex) is not None or numbers.split_degrees(tok.text) is not None


def _decade_here(doc: Doc, i: int, end: int, lex: Lexicon) -> bool:
    """A decade of numbers as a count: "the low 50s", "the high teens" ("low" and "high" never
    name years, as "early" and "late" do: "the late nineties"), or "in the thirties" after a
    word for the figure under discussion ("a number in the thirties", "somewhere in the 30s";
    lexicon decade_cues); not "since the nineties", "in her thirties" (an age), nor after a
    word for degrees or ages ("highs in the upper 80s"; decade_blocks)."""
    part = low(doc[i]) in numbers.DECADE_PARTS
    k = i + 1 if part else i
    if k >= end or numbers.decade_base(low(doc[k])) is None or i == 0:
        return False
    if low(doc[i - 1]) != "the":
        return False
    before = {low(t) for t in doc[max(0, i - 8) : i - 1]}
    if before & lex.decade_blocks:
        return False  # "highs in the upper 80s": degrees
    if part:
        return True
    return i >= 2 and low(doc[i - 2]) in ("in", "into") and bool(before & lex.decade_cues)


def _extend(doc: Doc, i: int, end: int, lex: Lexicon) -> int:
    """One past the last token of the number phrase starting at i."""
    w = low(doc[i])
    if w in numbers.DECADE_PARTS:
        return i + 2  # "low 50s"
    if numbers.decade_base(w) is not None:
        return i + 1
    if w in numbers.VAGUE:
        # "tens/hundreds of thousands"
        if i + 2 < end and low(doc[i + 1]) == "of" and low(doc[i + 2]) in numbers.VAGUE:
            return i + 3
        return i + 1
    if w == "tens":
        return i + 3
    if w == "half":
        return i + 3  # half a dozen
    j = i + 1 if w in ("a", "an") else i
    if j > i and low(doc[j]) in numbers.YEAR_SPANS:
        return j + 1
    if low(doc[j]) in numbers.VAGUE_MULTIPLES or low(doc[j]) in numbers.APPROX_MULTIPLES:
        # "(a) few hundred thousand", "a couple dozen"
        j += 1
        while j < end and _scale_word(low(doc[j])):
            j += 1
        return j
    j = i + 1
    while j < end:
        cur, prev = low(doc[j]), _number_text(doc[j - 1], lex).lower()
        prev_digits = _is_digits(prev)
        if _spaced_group(doc, j, i):
            j += 1  # "2 300 people", "6 200 km": thousands set off by a space
        elif numbers.is_number_word(cur) and not (prev_digits or _is_digits(cur)):
            j += 1  # "one hundred", "two dozen": words join words, digits never join digits
        elif prev_digits and _scale_token(cur) and not numbers.glued_scale(prev):
            # "2.5 million", "35 crore", "$40 mn"; a single letter only as written glued to the
            # digits, which the tokenizer splits off ("2.7m" → "2.7" "m")
            if len(cur) == 1 and doc[j - 1].whitespace_:
                break
            j += 1
        elif prev_digits and cur in ("dozen", "hundred"):
            j += 1
        elif _hyphenated_scale(doc, j, end, prev_digits):
            j += 2  # "$1.6-billion", "C$68-billion": the Canadian and some US styles
        elif _and_a_half(doc, j, end, prev):
            j += 3  # "seven and a half (million)", "two and a half (years)"
        elif (
            cur in ("-", "and")
            and j + 1 < end
            and (
                (prev in numbers.TENS and low(doc[j + 1]) in numbers.UNITS and cur == "-")
                or (
                    cur == "and"
                    and prev in ("hundred", "thousand", "million")
                    and low(doc[j + 1]) in {**numbers.UNITS, **numbers.TENS}
                )
            )
        ):
            j += 2  # "seventy-five", "one hundred and twenty"
        else:
            break
    return j


def _and_a_half(doc: Doc, j: int, end: int, prev: str) -> bool:
    """Tokens j.. are "and a half" after a number that is no scale ("seven and a half
    million"; not "a million and a half", which names the half of what)."""
    words = [low(doc[k]) for k in range(j, min(j + 3, end))]
    return words == ["and", "a", "half"] and prev not in numbers.SCALES and prev != "dozen"


def _hyphenated_scale(doc: Doc, j: int, end: int, prev_digits: bool) -> bool:
    """Token j is the hyphen of a scale written on with one ("1.6-billion", "850-million"):
    no space either side and a scale word (never a one-letter abbreviation) after it."""
    if not prev_digits or doc[j].text != "-" or j + 1 >= end:
        return False
    if doc[j - 1].whitespace_ or doc[j].whitespace_:
        return False
    nxt = low(doc[j + 1])
    return nxt in numbers.SCALES and nxt not in numbers.SHORT_SCALES


_GROUP = re.compile(r"^\d{3}$")
_LEAD_GROUP = re.compile(r"^\d{1,3}$")


def _spaced_group(doc: Doc, j: int, start: int) -> bool:
    """Token j continues a number written with spaced thousands ("2 300", "1 200 000"): three
    digits after one space, following a group of one to three digits that itself opens the
    number or is such a group, and not followed by a digit group of another kind."""
    prev = doc[j - 1]
    if prev.whitespace_ != " " or not _GROUP.match(doc[j].text):
        return False
    # "27 737 Max jets": a count before a model's name, not 27,737.
    after = doc[j + 1] if j + 1 < len(doc) else None
    more = after is not None and bool(_GROUP.match(after.text)) and doc[j].whitespace_ == " "
    if after is not None and not more and (after.is_title or after.is_upper or after.like_num):
        return False
    if j - 1 == start:
        return bool(_LEAD_GROUP.match(prev.text))
    return bool(_GROUP.match(prev.text)) and doc[j - 2].whitespace_ == " "


def _scale_token(w: str) -> bool:
    # "m." ends a sentence: "profit fell to £612m." is split "612" "m."
    return w in numbers.SCALES or (w.endswith(".") and w[:-1] in numbers.SHORT_SCALES)


def _has_scale(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    return any(
        low(doc[x]) in numbers.SCALES or numbers.glued_scale(_number_text(doc[x], lex))
        for x in range(start, end)
    )


def _scale_of(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    for k in range(end - 1, start - 1, -1):
        scale = numbers.scale_of(_number_text(doc[k], lex))
        if scale > 1:
            return scale
    return 1


def _read_number(doc: Doc, start: int, end: int, lex: Lexicon) -> Quantity | None:
    words = [doc[k].text for k in range(start, end)]
    words[0] = _number_text(doc[start], lex)
    vague = numbers.vague_interval(words) or numbers.decade_interval(words)
    if vague:
        return numbers.interval(vague[0], "vague", vague[1])
    about = numbers.approx_multiple(words)
    if about is not None:
        return numbers.interval(about, "approx")
    if len(words) == 2 and words[1].lower() in numbers.YEAR_SPANS:
        return numbers.interval(numbers.YEAR_SPANS[words[1].lower()], "exact")
    if len(words) > 1 and all(_spaced_group(doc, k, start) for k in range(start + 1, end)):
        return numbers.interval(Decimal("".join(words)), "exact")  # "2 300"
    value = numbers.words_value(words)
    return None if value is None else numbers.interval(value, "exact")


def _currency_before(doc: Doc, sent: Span, k: int, lex: Lexicon) -> tuple[str, int] | None:
    """(ISO code, how many tokens) of a currency written right before token k: "$", "US$",
    "Rs" (and "Rs ." as the tokenizer splits "Rs."), "USD"."""
    if k - 1 < sent.start:
        return None
    tok = doc[k - 1]
    n = 1
    if tok.text == "." and k - 2 >= sent.start and low(doc[k - 2]) + "." in lex.currency_symbols:
        tok, n = doc[k - 2], 2
        code = lex.currency_symbols[low(tok) + "."]
    else:
        code = lex.currency_symbols.get(low(tok))
    if code is None or _lowercase_code(tok.text):
        return None
    return code, n


# --------------------------------------------------------------------------- scanning


def scan(sent: Span, lex: Lexicon) -> list[Raw]:
    """Every number phrase of the sentence, ranges joined, in order. Tallies, year spans and
    digit chains (phone numbers) are found whole and marked `not_quantity`, so their parts never
    pair up with a neighbour."""
    doc = sent.doc
    out: list[Raw] = []
    i, end = sent.start, sent.end
    while i < end:
        if not _may_start(doc[i]):
            i += 1
            continue
        glued_range = _glued_range(doc[i], lex)
        if glued_range is not None:
            out.append(glued_range)
            i += 1
            continue
        if not _starts_number(doc, i, end, lex):
            i += 1
            continue
        j = _extend(doc, i, end, lex)
        q = _read_number(doc, i, j, lex)
        if q is None:
            i = j
            continue
        raw = Raw(i, j, i, j, q, doc[i:j].root)
        if low(doc[j - 1]) in numbers.YEAR_SPANS:
            raw.unit, raw.time_unit = "duration", "year"  # "a decade": 10 years
        glued = _glued_currency(doc[i], lex)
        if glued:
            raw.unit, raw.currency = "money", glued[0]
        _join(raw, sent, lex)
        raw.root = doc[raw.start : raw.end].root
        out.append(raw)
        i = raw.end
    return out


def _glued_range(tok: Token, lex: Lexicon) -> Raw | None:
    """A range the tokenizer left as one token: "$20bn-$25bn" → "$" "20bn-$25bn"."""
    if len(tok.text) < 3 or not any(c in tok.text for c in "-\u2013") or not tok.text[0].isdigit():
        return None
    found = numbers.split_range(tok.text, lex.currency_symbols)
    if found is None:
        return None
    a, b = numbers.digit_value(found[0]), numbers.digit_value(found[1])
    if a is None or b is None:
        return None
    a = numbers.scaled_low(a, b, numbers.glued_scale(found[0]), numbers.scale_of(found[1]))
    if a > b:
        return None
    raw = Raw(tok.i, tok.i + 1, tok.i, tok.i + 1, numbers.interval(a, "range", b), tok)
    if found[2]:
        raw.unit, raw.currency = "money", found[2]
    return raw


def _join(raw: Raw, sent: Span, lex: Lexicon) -> None:
    """Read what follows the number: a second end that makes a range ("50 to 60", "US$14 to $16
    billion", "1.5% to 2%"), or a pair that is no range at all (a tally "5-2", a fiscal year
    "2010-11", a phone number "555-0192")."""
    doc = sent.doc
    i, j, end = raw.start, raw.end, sent.end
    q = raw.quantity
    before_k = i - 1
    cur = _currency_before(doc, sent, i, lex)
    if cur:
        before_k -= cur[1]
    k = before_k
    while k > sent.start and (doc[k].tag_ in ("DT", "PRP$") or low(doc[k]) in lex.actual_adjs):
        k -= 1  # "from the current $2.00 to $2.50", "from its present 60 to 140"
    if k < before_k and low(doc[k]) == "from":
        before_k = k
    before = low(doc[before_k]) if before_k >= sent.start else ""
    # "rose from 50 to 120", "up 20 to 120", "rose 20 to 120": a change, then a level; but
    # "fines range from $50,000 to $1.5 million" and "settlements from $200,000 to $414
    # million" are one range.
    from_range = before == "from" and _from_is_range(doc[before_k], sent, lex)
    changes = (before in lex.change_words and not from_range) or (
        before_k >= sent.start and _lemma(doc[before_k]) in lex.change_verbs
    )
    a_text = _number_text(doc[i], lex) if j == i + 1 else ""
    if j == i + 1 and _digit_chain(doc, sent, i):
        return
    if q.qualifier == "vague" or changes:
        return
    u = j
    percent_first = u < end and low(doc[u]) in lex.percent_words
    if percent_first:
        u += 1  # "1.5% to 2%"
    if u + 1 >= end:
        return
    sep = low(doc[u])
    joins = sep in DASHES or sep in ("to", "or") or (sep == "and" and before == "between")
    if not joins or (sep == "or" and low(doc[u + 1]) in ("so", "more", "fewer", "less")):
        return
    # A dash set off by spaces sets off a clause, not a range's end: "Thu 16 — 1,140", "the 50
    # — 60 by May". Only a spaced en dash between plain figures is a range.
    spaced = sep in DASHES and bool(doc[u - 1].whitespace_ and doc[u].whitespace_)
    if spaced and (sep != "\u2013" or doc[i].ent_type_ in SKIP_LABELS):
        return
    n = u + 1
    second_currency = _currency_before(doc, sent, n + 1, lex) if n + 1 < end else None
    if second_currency:
        n += second_currency[1]  # "US$14 to $16 billion"
    if n >= end or not _starts_number(doc, n, end, lex) or low(doc[n]) in numbers.VAGUE:
        return
    k = _extend(doc, n, end, lex)
    high = _read_number(doc, n, k, lex)
    if high is None or high.qualifier == "vague":
        return
    if percent_first and not (k < end and low(doc[k]) in lex.percent_words):
        return
    b_text = _number_text(doc[n], lex) if k == n + 1 else ""
    a_int, b_int = _plain_int(a_text), _plain_int(b_text)
    if sep == "or" and _alternatives(doc, sent, i, k, a_int, b_int, q.value, high.value):
        return
    nxt_plural = k < end and doc[k].tag_ in PLURAL_TAGS
    if numbers.has_leading_zero(a_text) or numbers.has_leading_zero(b_text):
        raw.end = raw.qend = k
        raw.not_quantity = "identifier"  # "555-0192"
        return
    if yearish(a_text):
        if (yearish(b_text) or (sep in DASHES and len(b_text) == 2 and b_int is not None)) and (
            not nxt_plural
        ):
            raw.end = raw.qend = k
            raw.not_quantity = "year"  # "the 2010-11 budget", "from 2010 to 2015"
            return
        wider = (
            len(b_text) == len(a_text) and b_int is not None and a_int is not None and b_int > a_int
        )
        if not yearish(b_text) and not (sep in DASHES and wider):
            return  # "in 1964 to 73 percent": the year stands alone; "2000-2400 workers" no year
    plain = not cur and not percent_first and not (k < end and low(doc[k]) in lex.percent_words)
    if (
        a_int is not None
        and b_int is not None
        and max(a_int, b_int) < _MAX_TALLY
        and plain
        and _tally(doc, sent, i, k, sep, a_int, b_int, lex)
    ):
        raw.end = raw.qend = k
        raw.not_quantity = "tally"
        return
    lo = numbers.scaled_low(
        q.value, high.value, _has_scale(doc, i, j, lex), _scale_of(doc, n, k, lex)
    )
    if lo > high.value:
        return  # "leading 48% to 44%": two numbers; ranges are written low to high
    raw.quantity = numbers.interval(lo, "range", high.value)
    raw.end = raw.qend = k
    if before == "between":
        raw.qstart = before_k
    # "between US$14 and $16 billion": the currency of either end is the range's.
    found = cur or _currency_before(doc, sent, n, lex)
    glued = _glued_currency(doc[n], lex)
    if raw.currency is None and (found or glued):
        raw.unit, raw.currency = "money", found[0] if found else glued[0]  # type: ignore[index]


def _from_is_range(from_tok: Token, sent: Span, lex: Lexicon) -> bool:
    """Whether "from N to M" spans a range rather than a change between two levels: a range
    word before it ("range from", "anywhere from"), or a noun it hangs off that no change
    governs ("settlements from $200,000 to $414 million"; not "an increase from 7 to 73", not
    "expand access from 50 to 120"). Under any other verb it is a change, as it always was."""
    doc = sent.doc
    prev = doc[from_tok.i - 1] if from_tok.i > sent.start else None
    if prev is not None and (_lemma(prev) in lex.range_words or low(prev) in lex.range_words):
        return True
    head = from_tok.head
    if _lemma(head) in lex.range_words:
        return True
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    tok = head
    for _ in range(3):  # the noun, and what governs it: "expand access from", "rise in X from"
        if _changes(tok, lex):
            return False
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return True


def _changes(tok: Token, lex: Lexicon) -> bool:
    lemma = _lemma(tok)
    return (
        lemma in lex.change_verbs
        or lemma in lex.increase_verbs
        or lemma in lex.decrease_verbs
        or lemma in lex.reduce_verbs
        or lemma in lex.change_nouns
    )


def yearish(text: str) -> bool:
    """Four bare digits a year is written with: "1964", "2023"; never "2,023" or "2023.5"."""
    v = _plain_int(text)
    return v is not None and len(text) == 4 and 1800 <= v <= 2100


def _tally(doc: Doc, sent: Span, i: int, k: int, sep: str, a: int, b: int, lex: Lexicon) -> bool:
    """A vote tally or score: "voted 5-2", "a 6-3 ruling", "ended 2-2", "won 112-98", "passed
    the bill 68 to 32". Ranges are written low to high, so "5-2" is never one; "lost 1-3" is a
    tally by the verb before it, "drew 40-50 people" stays a range by the noun after it."""
    after = doc[k] if k < sent.end else None
    noun_after = after is not None and after.pos_ in ("NOUN", "PROPN")
    tally_after = any(
        _lemma(doc[x]) in lex.tally_words and doc[x].pos_ == "NOUN"
        for x in range(k, min(k + 3, sent.end))
    )
    verb_before = any(
        _lemma(t) in lex.tally_words and t.pos_ in ("VERB", "AUX")
        for t in doc[max(sent.start, i - 6) : i]
    )
    if sep in DASHES:
        if a >= b:
            return True
        return tally_after or (
            verb_before and _lemma(doc[i - 1]) in lex.tally_words and not noun_after
        )
    return sep == "to" and a > b and (verb_before or tally_after)


def _split_tally(doc: Doc, sent: Span, raw: Raw, lex: Lexicon) -> bool:
    """Either side of a tally whose noun splits it: "by 88 votes to 61", "14 votes to 9"."""

    def tally(n: int, noun: int) -> bool:  # the number at n, its tally noun, "to", a number
        return (
            noun + 2 < sent.end
            and _plain_int(doc[n].text) is not None
            and doc[noun].pos_ == "NOUN"
            and _lemma(doc[noun]) in lex.tally_words
            and low(doc[noun + 1]) == "to"
            and _plain_int(doc[noun + 2].text) is not None
        )

    if raw.end != raw.start + 1:
        return False
    i = raw.start
    return tally(i, i + 1) or (i - 3 >= sent.start and tally(i - 3, i - 2))


def _digit_chain(doc: Doc, sent: Span, i: int) -> bool:
    """ "202-555-0147", "2024-05-01", "(212) 555-0134": digit groups joined by dashes, three or
    more, are a phone number, date or code. Marks nothing; the caller's range test stops."""
    k, groups = i, 1
    while (
        k + 2 < sent.end and low(doc[k + 1]) in DASHES and _plain_int(doc[k + 2].text) is not None
    ):
        k += 2
        groups += 1
    return groups >= 3


# --------------------------------------------------------------------------- units, sign


def qualify(raw: Raw, sent: Span, lex: Lexicon) -> None:
    """Read the qualifier, sign and unit (money, percent, duration, age, count) around the
    number, and whether its own words state a change."""
    doc = sent.doc
    if raw.not_quantity:
        return
    if _chain_member(raw, sent, lex):
        raw.not_quantity = "identifier"
        return
    if doc[raw.start].text.startswith("+") and not (
        raw.start > sent.start and low(doc[raw.start - 1]) in _AT_A_LEVEL
    ):
        raw.kind = "delta"  # "11,800 (+7,700)": a plus sign writes a change ("stands at +12")
    start = raw.qstart
    cur = _currency_before(doc, sent, raw.start, lex)
    if cur and raw.qstart == raw.start:
        raw.unit, raw.currency = "money", cur[0]
        start -= cur[1]
    end = sent.end
    after = [low(doc[k]) for k in range(raw.qend, min(raw.qend + 4, end))]
    subunit = _subunit_after(after, lex) if raw.currency is None else None
    code = _currency_after(after, lex) if raw.unit != "money" else None
    if subunit:
        code, words = subunit
        raw.unit, raw.currency = "money", code
        raw.quantity = _scaled(raw.quantity, Decimal("0.01"))
        raw.qend = min(end, raw.qend + words)
    elif code:
        raw.unit, raw.currency = "money", code
    elif after and (after[0] in lex.percent_words or after[:2] == ["per", "cent"]):
        raw.unit = "percent"
        raw.qend += 2 if after[0] == "per" else 1
        if after[0] == "percentage" and after[1:2] in (["point"], ["points"]):
            raw.qend += 1
    elif (
        raw.unit != "money"
        and any(doc[k].ent_type_ == "MONEY" for k in range(raw.start, raw.end))
        and not (raw.qend < end and doc[raw.qend].tag_ in PLURAL_TAGS)
    ):
        raw.unit = "money"  # the NER's word, unless the number visibly counts something
    elif raw.unit == "count" and any(
        doc[k].ent_type_ == "PERCENT" for k in range(raw.start, raw.end)
    ):
        raw.unit = "percent"
    if raw.unit == "count":
        _time(raw, sent, lex, start)
    if raw.unit in ("count", "money", "percent"):
        _table_cell(raw, sent, lex)  # the NER may call a bare cell MONEY or PERCENT

    # A sign written as a word: "minus 22 degrees".
    if start > sent.start and low(doc[start - 1]) in numbers.SIGN_WORDS:
        raw.quantity = numbers.negate(raw.quantity)
        start -= 1

    if raw.quantity.qualifier in ("range", "vague"):
        if raw.quantity.qualifier == "range" and raw.qstart == raw.start:
            raw.qstart = _hedge_start(doc, sent, start)
        elif start < raw.qstart:
            raw.qstart = start
        _change(raw, sent, lex, raw.qstart)
        return
    qualifier = None
    window = [doc[k].text for k in range(max(sent.start, start - 4), start)]
    found = numbers.qualifier_before(window)
    if found and _between_alternatives(doc, sent, raw, window[-found[1] :]):
        found = None  # "lands nearer 75 or 92": which of two figures, neither a rough one
    if found and _moved_up_to(doc, sent, start - found[1], found, lex):
        found = None  # "revised up to $44.4bn", "crept back up to 1,216": where it went
    if found:
        qualifier, n = found
        start -= n
    else:
        post_words = [doc[k].text for k in range(raw.qend, min(raw.qend + 2, sent.end))]
        post = numbers.qualifier_after(post_words)
        if post:
            qualifier = post[0]
            raw.qend += post[1]
        else:
            # The parser sometimes hangs a hedge off the number away from it; "some" is a
            # determiner in "some of the 50": only a hedge right before a number.
            for child in raw.root.lefts:
                single = numbers.PRE_QUALIFIERS.get((low(child),))
                if single and child.i < raw.start and low(child) not in lex.determiner_hedges:
                    qualifier = single
                    break
            before = doc[start - 1] if start > sent.start else None
            exceeds = (
                before is not None
                and before.pos_ == "VERB"
                and (before.lemma_.lower() in lex.exceed_verbs or low(before) in lex.exceed_verbs)
            )
            if qualifier is None and exceeds:
                qualifier = "more_than"  # "cancellations top 2,000", "topped $26 million"
            if qualifier is None and _capped(raw, sent, lex):
                qualifier = "at_most"
    if qualifier == "more_than" and _denied_beyond(doc, sent, start):
        qualifier = "at_most"  # "will not exceed 100", "won't go past 100": a ceiling
    if qualifier == "more_than" and raw.unit == "duration" and low(doc[start]) in ("over", "past"):
        qualifier = "exact"  # "spent over five years", "over 68 weeks": a period, not a bound
    if qualifier:
        q = raw.quantity
        raw.quantity = numbers.interval(q.value, qualifier)
    raw.qstart = min(start, raw.qstart)
    _change(raw, sent, lex, start)


def _moved_up_to(doc: Doc, sent: Span, at: int, found: tuple[str, int], lex: Lexicon) -> bool:
    """ "up to" right after a verb of drifting (lexicon drift_verbs: "was revised up to
    $44.4bn", "would edge up to 39.2 per cent") or after "back" ("crept back up to 1,216"): the
    figure a change reached, no bound ("would admit up to 30", "house up to 20,000 people" stay
    bounds)."""
    if found[1] != 2 or low(doc[at]) != "up" or at <= sent.start:
        return False
    before = doc[at - 1]
    return before.lemma_.lower() in lex.drift_verbs or low(before) == "back"


def _denied_beyond(doc: Doc, sent: Span, start: int) -> bool:
    """The verb right before a lower bound is negated: "the total will not exceed 100", "won't
    go past 100", "has never topped 90" bound the figure from above."""
    verb = doc[start - 1] if start > sent.start else None
    return (
        verb is not None
        and verb.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "neg" for c in verb.children)
    )


def _capped(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """A limit sets the number: "a ceiling of 20 more", "the 2,900 ceiling", "an 80-entity cap",
    "capped at 150 organizations", "cap it at 80". A limit is a bound, not a count that holds:
    writers and readers take "a cap of 75" as "no more than 75". (A period is no limit's
    value: "a 90-day limit" says how long.)"""
    if raw.unit in ("duration", "age"):
        return False
    verb = raw.root.head
    if raw.root.dep_ == "nsubj" and verb.lemma_.lower() == "be":
        # "150 is the ceiling", "118 was the cap for this year": the limit the figure is
        return any(c.dep_ == "attr" and c.lemma_.lower() in lex.cap_words for c in verb.children)
    node = raw.root
    for _ in range(3):  # up the number's own phrase: "20" -> "organizations" -> "of"
        head = node.head
        if head.i == node.i or not sent.start <= head.i < sent.end:
            return False
        if head.lemma_.lower() in lex.cap_words and head.pos_ == "NOUN" and head.i > node.i:
            return node.dep_ in ("nummod", "compound", "amod", "npadvmod")  # "the 2,900 ceiling"
        if low(head) in ("of", "at") and node.dep_ == "pobj":
            # "a ceiling of 20" (the limit's "of"); "capped at 150", "cap it at 80" (its "at").
            limit = head.head
            wanted = "NOUN" if low(head) == "of" else "VERB"
            return limit.lemma_.lower() in lex.cap_words and limit.pos_ == wanted
        if node.dep_ not in ("nummod", "compound", "amod", "quantmod"):
            return False
        node = head
    return False


# --------------------------------------------------------------------------- tables as lines

# A cell may carry its own currency, scale and percent sign ("$24.9m", "-2%").
_CELL = r"[-+\u2212]?[$\u20ac\u00a3\u00a5]?\d[\d.,]*(?:bn|[mkb])?%?"
# A heading that names its columns in a bracketed list at its end: "Results by fiscal year
# (operating deficit, fare revenue, trips)".
_NAMED_COLUMNS = re.compile(r"\(([^()]*,[^()]*)\)[\s:.]*$")
# A table row written as a line: an optional label and its colon, bar or dot leader, then
# figures only, in cells between bars ("2025-26: 14.9 | 16.1 | +1.2", "2026-27: 95.9", "Q1 |
# 14 | 15", "Total shortfall ........ 1,600").
_LEADER = r"\.{3,}|(?:\. ){2,}\.?"
_ROW = re.compile(
    rf"^(?:[^\n:|]{{1,40}}?(?:[:|]|[ \t]*(?:{_LEADER})))?[ \t]*{_CELL}"
    rf"(?:[ \t]*\|[ \t]*{_CELL})*[ \t]*$"
)
# A percentage a heading declares, no figure before it: "% of GDP", "per cent of output".
_HEADING_PERCENT = re.compile(r"(?<![\d.\s])\s*(?:%|\bper ?cent\b|\bpercent\b)|^\s*%")
_TABLE_LOOKBACK = 12  # lines a table's rows run under their heading, at most
_MAX_ROW_TOKENS = 30  # tokens a table row takes either side of a figure, at most


def _table_cell(raw: Raw, sent: Span, lex: Lexicon) -> None:
    """A bare figure in a table written as lines takes the unit and scale its heading declares
    ("Net borrowing, € billion: October | March | change" over "2026-27: 15.5 | 17.8 | +2.3":
    €15.5 billion), what the heading names as what it is of, and a change when its column is
    headed by a word for one."""
    doc = sent.doc
    if raw.qend < sent.end and doc[raw.qend].is_alpha:
        return  # "14 banks": the figure says what it counts
    in_cells, marked = _in_cells(doc, raw.start), _row_marked(doc, raw.start)
    if not (in_cells or marked):
        return  # no row: spare joining the document's text
    text = doc.text  # joined from the tokens on each access: only for a row's figures, once
    if in_cells and _column_cell(raw, sent, lex, text):
        return
    if not marked:
        return
    a, b = text.rfind("\n", 0, sent.start_char) + 1, text.find("\n", sent.start_char)
    b = len(text) if b < 0 else b
    if not _ROW.match(text[a:b]):
        return
    heading = _table_heading(text, a)
    if heading is None:
        return
    h_start, line = heading
    column = text.count("|", a, doc[raw.start].idx)
    named = _named_column(doc, h_start, line, column, text[a:b].count("|") + 1)
    if raw.currency is not None or (raw.unit == "percent" and "%" in doc[raw.qend - 1].text):
        # "$24.9m", "-2%": the cell says its unit and scale; the heading only what it is of
        raw.heading_noun = named
        return
    declared = _declared_unit(line, lex)
    if declared is None:
        return
    unit, currency, scale = declared
    raw.unit, raw.currency = unit, currency
    if scale != 1:
        raw.quantity = _scaled(raw.quantity, scale)
    label = re.match(r"\s*(?:table|chart|figure)\s+\w+[.:]\s*", line, re.I)
    label_start = label.end() if label else 0
    label_end = min((k for k in (line.find(c, label_start) for c in ",:(") if k >= 0), default=-1)
    if label_end > label_start:
        span = doc.char_span(h_start + label_start, h_start + label_end, alignment_mode="contract")
        nouns = [t for t in span or () if t.pos_ in ("NOUN", "PROPN")]
        if nouns:
            raw.heading_noun = nouns[-1]
    raw.heading_noun = named or _leader_label(doc, a, text[a:b]) or raw.heading_noun
    columns = line.split(":", 1)[-1].split("|") if "|" in line else []
    header = columns[column].lower().split() if column < len(columns) else []
    if header and header[-1] in lex.change_nouns:
        raw.kind = "delta"
    # Forecasts: its column says so, or the heading does and no column tells the figures apart
    # ("Debt, % of GDP, March forecast"); a change between forecasts is one too.
    words = lex.forecast_nouns | lex.forecast_adjs
    in_columns = [bool(set(c.lower().split()) & words) for c in columns]
    raw.forecast = (
        bool(set(header) & words)
        or (not any(in_columns) and bool(set(re.findall(r"[a-z]+", line.lower())) & words))
        or (raw.kind == "delta" and any(in_columns))
    )


def _column_cell(raw: Raw, sent: Span, lex: Lexicon, text: str) -> bool:
    """A figure alone in a cell of a table whose header row names its columns ("ED visits"
    over "402") is of what its column's header names, and a change when that header is one
    ("Change" over "+261": more ED visits); the header may declare a unit ("Cost, $m").
    Whether it was one. `text` is the document's text."""
    doc = sent.doc
    words = columns.HeaderWords(
        change=lex.column_change_words,
        bare=lex.column_change_links | lex.column_forecast_words | lex.column_version_words,
        totals=lex.total_row_words,
        places=lex.place_row_headers,
        unit_notes=lex.unit_notes,
    )
    column = columns.column_of(text, doc[raw.start].idx, words)
    if column is None:
        return False
    raw.cell, raw.row_label, raw.part = True, column.label, column.part
    raw.rows_of_owners = bool(
        {x for w in column.rows for x in (w, *lexicon.naive_stems(w))} & lex.owner_row_headers
    )
    first_break = text.find("\n", 0, _MAX_TITLE_CHARS)  # a headline is a short first line
    title = text[:first_break] if first_break > 0 else ""
    raw.table = f"{title}\n{column.over}".lower()
    if column.change:
        raw.kind = "delta"
    # Its name, not its unit: "Restoration cost" of "Restoration cost ($ million)"
    header = text[column.start : column.end]
    name_end = column.start + min(
        (k for k in map(header.find, "(,[") if k > 0), default=len(header)
    )
    span = doc.char_span(column.start, name_end, alignment_mode="expand")
    # A header or label is a noun phrase the tagger reads out of any clause: its head is its
    # last word before a preposition ("Interest on debt", "Net debt to GDP"), but a
    # participle or particle after it ("Deaths confirmed", "Customers out").
    named: list[Token] = []
    for t in span or ():
        if named and t.tag_ in ("IN", "TO"):
            break
        if t.is_alpha and t.tag_ not in _POSTMODIFIER_TAGS:
            named.append(t)
    raw.heading_noun = named[-1] if named else None
    # the unit its header or label declares ("Cost ($ million)", "Net debt to GDP (%)"),
    # else the caption in brackets ("2026-27 fiscal summary (C$ billions)"; not a caption's
    # own figure: "How Mythos compares with a $100 million program")
    declared = _declared_unit(text[column.start : column.end], lex)
    for noted in _BRACKETED.findall(column.over.split("\n", 1)[0]):
        declared = declared or _declared_unit(noted, lex)
    if declared is not None and raw.currency is None and raw.unit == "count":
        unit, currency, scale = declared
        raw.unit, raw.currency = unit, currency
        if scale != 1:
            raw.quantity = _scaled(raw.quantity, scale)
    elif (
        raw.currency is None
        and raw.unit == "count"
        and not _has_scale(doc, raw.qstart, raw.qend, lex)
    ):
        scale = _caption_scale(column.over.split("\n", 1)[0])
        if scale != 1:
            raw.quantity = _scaled(raw.quantity, scale)
    # "Forecast", "Projected", "Proposed", "Target": its column holds figures not (yet) true
    stems = {x for w in column.words for x in lexicon.naive_stems(w)}
    raw.forecast = bool(set(column.words) & lex.column_forecast_words or stems & lex.proposal_verbs)
    return True


# A scale a caption declares for counts: "treatments, millions", "(list size in millions of
# pathways)", "change in thousands"; not after a figure or "of" ("tens of thousands").
_COUNT_SCALE = re.compile(r"\b(thousands|millions|billions)\b", re.I)
_NOT_A_SCALE_AFTER = re.compile(r"(?:\d|\bof)\s*$", re.I)


def _caption_scale(caption: str) -> int:
    """The scale a table's caption declares for its counts ("(list size in millions of
    pathways)"), when it declares one; a caption with several ("waiting list, millions;
    monthly change in thousands") leaves which column is in which to the reader."""
    found = {
        m.group(1).lower()
        for m in _COUNT_SCALE.finditer(caption)
        if not _NOT_A_SCALE_AFTER.search(caption[: m.start()])
    }
    return numbers.scale_of(found.pop().removesuffix("s")) if len(found) == 1 else 1


# Words before a signed figure that make it a level: "stands at +12", "temperatures of +41C".
_AT_A_LEVEL = frozenset({"at", "of", "to", "is", "was", "are", "were", "be", "reach", "reached"})
_MAX_TITLE_CHARS = 300
_BRACKETED = re.compile(r"\(([^()]*)\)")

# Tags of a header's words after its head noun: "Deaths confirmed", "Customers out".
_POSTMODIFIER_TAGS = frozenset({"VBN", "VBD", "RP", "IN", "RB"})


def _in_cells(doc: Doc, i: int) -> bool:
    """The line holding token i has a bar or a run of spaces (a table's cells)."""
    return _on_line(doc, i, lambda t: t.text == "|" or t.is_space)


def _leader_label(doc: Doc, a: int, row: str) -> Token | None:
    """The noun of a row's label set off by a dot leader: "Total shortfall ....... 1,600" is
    a shortfall, "Corporate income tax ....... 780" a tax, whatever the heading is of."""
    leader = re.search(_LEADER, row)
    if leader is None:
        return None
    span = doc.char_span(a, a + leader.start(), alignment_mode="contract")
    nouns = [t for t in span or () if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1] if nouns else None


def _named_column(doc: Doc, h_start: int, line: str, column: int, cells: int) -> Token | None:
    """The noun that names a cell's column in a heading listing its columns in brackets,
    one name for each cell of the row ("(operating deficit, fare revenue, trips)" over "2024:
    $24.9m | $60.8m | 36.9m": the second cell is fare revenue)."""
    found = _NAMED_COLUMNS.search(line)
    if found is None:
        return None
    names = found.group(1).split(",")
    if len(names) != cells or column >= cells:
        return None
    start = found.start(1) + sum(len(n) + 1 for n in names[:column])
    span = doc.char_span(
        h_start + start, h_start + start + len(names[column]), alignment_mode="expand"
    )
    nouns = [t for t in span or () if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1] if nouns else None


def _row_marked(doc: Doc, i: int) -> bool:
    """The line holding token i has a colon or bar (the parser may split a row)."""
    return _on_line(doc, i, lambda t: t.text in (":", "|") or _DOTS.match(t.text) is not None)


def _on_line(doc: Doc, i: int, mark: Callable[[Token], bool]) -> bool:
    """Some token within a row's reach of token i, on its line, is a `mark`."""
    for step in (-1, 1):
        k = i
        for _ in range(_MAX_ROW_TOKENS):
            k += step
            if not 0 <= k < len(doc) or "\n" in doc[k].text:
                break
            if mark(doc[k]):
                return True
    return False


_DOTS = re.compile(r"^\.{3,}$")  # a dot leader: "Total shortfall ....... 1,600"


def _table_heading(text: str, row_start: int) -> tuple[int, str] | None:
    """(start, text) of the line that heads the rows above and including the one at
    `row_start`: the nearest line before it that is no row."""
    end = row_start
    for _ in range(_TABLE_LOOKBACK):
        if end <= 0:
            return None
        prev_end = len(text[:end].rstrip())
        start = text.rfind("\n", 0, prev_end) + 1
        line = text[start:prev_end]
        if not _ROW.match(line):
            return start, line
        end = start
    return None


def _declared_unit(line: str, lex: Lexicon) -> tuple[str, str | None, int] | None:
    """The unit and scale a heading declares with no figure of its own: "€ billion", "£bn",
    "$ millions", "billions of euros" → ("money", code, scale); "% of GDP" → ("percent", ...)."""
    words = re.findall(r"[^\W\d_]+|[^\w\s,.:;()|]+", line.lower())
    for n, w in enumerate(words):
        code = lex.currency_symbols.get(w) or lex.currency_words.get(w)
        if code is None:
            continue
        near = words[max(0, n - 2) : n + 3]  # "€ billion", "billions of euros"
        scale = max(numbers.scale_of(x.removesuffix("s")) for x in near)
        if w in lex.currency_words and scale == 1:
            continue  # "won", "rand": a word that names a currency only beside a scale
        return "money", code, scale
    coded = _CODE_AND_SCALE.search(line)
    if coded and coded.group(1).lower() in lex.currency_symbols:
        # "Deficit, SEK bn", "Deficit, MDK bn" (a topic's own currency): a code in capitals
        code = lex.currency_symbols[coded.group(1).lower()]
        return "money", code, numbers.scale_of(coded.group(2).lower().removesuffix("s"))
    if _HEADING_PERCENT.search(line):
        return "percent", None, 1
    return None


# Three capitals and a scale in a heading ("SEK bn", "NOK millions"): a currency's code when
# the lexicon lists it (or the topic declares it: ClaimFinder's currency_codes).
_CODE_AND_SCALE = re.compile(r"\b([A-Z]{3})\s*(bn|billions?|mn|m|millions?|tn|trillions?)\b")


def _between_alternatives(doc: Doc, sent: Span, raw: Raw, words: list[str]) -> bool:
    """A comparative ("nearer", "closer to") before "X or Y" asks which, not how much."""
    return (
        words[0].lower() in ("nearer", "closer")
        and raw.qend + 1 < sent.end
        and low(doc[raw.qend]) == "or"
        and doc[raw.qend + 1].like_num
    )


def _subunit_after(after: list[str], lex: Lexicon) -> tuple[str, int] | None:
    """(currency, words taken) of a hundredth of a currency named right after the number: "40
    cents", "a 50-cent increase", "10 pence", "20 euro cents" (EUR)."""
    skip = 1 if after[:1] == ["-"] else 0
    words = after[skip:]
    if words and words[0] in lex.currency_subunits:
        return lex.currency_subunits[words[0]], skip + 1
    if len(words) > 1 and words[0] in lex.currency_words and words[1] in lex.currency_subunits:
        return lex.currency_words[words[0]], skip + 2
    return None


def _scaled(q: Quantity, factor: Decimal | int) -> Quantity:
    """The quantity in another unit: its value and interval times `factor`."""
    return Quantity(
        q.value * factor,
        None if q.low is None else q.low * factor,
        None if q.high is None else q.high * factor,
        q.qualifier,
    )


def _currency_after(after: list[str], lex: Lexicon) -> str | None:
    """The currency named right after the number: "10 billion rupees", "3.2 billion Swiss
    francs", "millions of dollars", "a 1.2 trillion-yen package". Not a weight: "50 pounds of
    cocaine", "a 300-pound bear"."""
    words = after[1:] if after[:1] in (["of"], ["-"]) else after
    code = None
    if words and words[0] in lex.currency_words:
        code, unit_at = lex.currency_words[words[0]], 0
    elif len(words) > 1 and words[0] in lex.currency_adjectives and words[1] in lex.currency_words:
        code, unit_at = lex.currency_adjectives[words[0]], 1
    if code is None:
        return None
    weight = words[unit_at] in ("pound", "pounds") and (
        after[:1] == ["-"] or words[unit_at + 1 : unit_at + 2] == ["of"]
    )
    return None if weight else code


def _time_unit(tok: Token, lex: Lexicon) -> str | None:
    w = low(tok)
    if w in lex.time_abbreviations:
        return lex.time_abbreviations[w]
    lemma = _lemma(tok)
    if lemma in lex.time_nouns:
        return lemma
    return w.rstrip("s") if w.rstrip("s") in lex.time_nouns else None


def _time(raw: Raw, sent: Span, lex: Lexicon, start: int) -> None:
    """Durations and ages: "3 years", "a 90-day pause", "a 50-year-old", "aged 71", "at the
    age of 71", and a bare age set off by commas after a person ("Mum, 42, scoops")."""
    doc = sent.doc
    end = sent.end
    k = raw.qend
    if k + 1 < end and low(doc[k]) in DASHES:
        k += 1  # "90-day", "50-year-old"
    unit = _time_unit(doc[k], lex) if k < end else None
    if unit == "quarter" and k + 1 < end and low(doc[k + 1]) == "of":
        unit = None  # "three quarters of the vote": a fraction
    age_before = start > sent.start and (
        low(doc[start - 1]) in lex.age_words
        or (
            low(doc[start - 1]) == "of"
            and start - 2 >= sent.start
            and low(doc[start - 2]) in lex.age_words
        )
    )
    if unit is None:
        unit = _every_again(sent, start, lex)
        k = raw.qend - 1 if unit is not None else k
    if unit is not None:
        raw.unit, raw.time_unit, raw.qend = "duration", unit, k + 1
        if k + 2 < end and low(doc[k + 1]) in DASHES and low(doc[k + 2]) == "old":
            raw.unit, raw.qend = "age", k + 3
        elif k + 1 < end and low(doc[k + 1]) == "old":
            raw.unit, raw.qend = "age", k + 2
        elif age_before:
            raw.unit = "age"
        return
    if (
        age_before
        or _age_bound(raw, sent, lex, start)
        or _age_named(raw, sent, lex, start)
        or _age_joined(raw, sent, lex, start)
        or _age_of_person(raw, sent)
    ):
        raw.unit, raw.time_unit = "age", "year"
        return
    # "Mum, 42, scoops", "Dad-of-two, 39, who": a bare whole number in commas right after a
    # person's name or noun.
    v = _plain_int(doc[raw.start].text) if raw.end == raw.start + 1 else None
    if (
        v is not None
        and start - 2 >= sent.start
        and low(doc[start - 1]) == ","
        and (
            doc[start - 2].pos_ in ("PROPN", "NOUN")
            or (start - 3 >= sent.start and low(doc[start - 3]) in DASHES)
        )
        and (raw.qend >= end or low(doc[raw.qend]) == ",")
    ):
        if 0 < v < 120:
            raw.unit, raw.time_unit = "age", "year"
        else:
            raw.not_quantity = "identifier"  # "The hotline, 988, received"


def _every_again(sent: Span, start: int, lex: Lexicon) -> str | None:
    """The time unit of a bare "every 15" after "every 30 minutes" in its sentence ("buses
    every 30 minutes instead of every 15"): the same unit, elided."""
    doc = sent.doc
    if start <= sent.start or low(doc[start - 1]) not in ("every", "each"):
        return None
    for k in range(start - 2, sent.start, -1):
        if low(doc[k - 1]) in ("every", "each") and k + 1 < start and doc[k].like_num:
            return _time_unit(doc[k + 1], lex)
    return None


def _age_named(raw: Raw, sent: Span, lex: Lexicon, start: int) -> bool:
    """A bare whole number a few linking words after an age or the youngest or oldest of a
    group: "the median age was 67", "ranged in age from 19 to 97", "the youngest victim was 34
    and the oldest 93". An age, never a count."""
    doc = sent.doc
    v = _plain_int(doc[raw.start].text)  # a range's first end: "from 19 to 97"
    if v is None or not 0 < v < 120:
        return False
    if raw.qend < sent.end and doc[raw.qend].pos_ == "NOUN":
        return False  # "the oldest 12 members": a count of members
    k = start - 1
    while k >= sent.start and k >= start - 4 and low(doc[k]) in lex.age_links:
        k -= 1
    if k < sent.start:
        return False
    if low(doc[k]) in lex.age_words or low(doc[k]) in lex.age_superlatives:
        return True
    # "the youngest victim was 34": the superlative on the noun the number is said of
    return (
        doc[k].pos_ == "NOUN"
        and k - 1 >= sent.start
        and low(doc[k - 1]) in lex.age_superlatives
        and k < start - 1  # a linking word between: not "the oldest victim 34 ..."
    )


def _one_age(raw: Raw, doc: Doc) -> bool:
    """The number is one token, a whole number a person's age can be (1 to 119)."""
    v = _plain_int(doc[raw.start].text) if raw.end == raw.start + 1 else None
    return v is not None and 0 < v < 120


def _age_joined(raw: Raw, sent: Span, lex: Lexicon, start: int) -> bool:
    """The second of two ages joined after an age word: "aged 19 and 23"."""
    doc = sent.doc
    if start - 3 < sent.start:
        return False
    return (
        _one_age(raw, doc)
        and low(doc[start - 1]) in ("and", "or")
        and _plain_int(doc[start - 2].text) is not None
        and low(doc[start - 3]) in lex.age_words
    )


def _age_of_person(raw: Raw, sent: Span) -> bool:
    """A bare whole number a person is, ending its clause: "She was 84.", "He is 71,"."""
    doc = sent.doc
    tok = doc[raw.start]
    if not _one_age(raw, doc) or tok.dep_ != "attr" or tok.head.lemma_ != "be":
        return False
    if raw.qend < sent.end and not doc[raw.qend].is_punct:
        return False  # "He was 84 votes short"
    subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
    return any(low(c) in ("he", "she") or c.ent_type_ == "PERSON" for c in subjects)


def _age_bound(raw: Raw, sent: Span, lex: Lexicon, start: int) -> bool:
    """ "children under 5", "people over 65": a bare bound on people is an age."""
    doc = sent.doc
    k = start - 1
    if k - 1 < sent.start or low(doc[k]) not in ("under", "over", "below", "above"):
        return False
    if raw.end != raw.start + 1 or raw.qend < sent.end and doc[raw.qend].pos_ == "NOUN":
        return False
    return _lemma(doc[k - 1]) in lex.age_nouns or low(doc[k - 1]) in lex.age_nouns


def _change(raw: Raw, sent: Span, lex: Lexicon, start: int) -> None:
    """A change its own words state: "rose 12%", "up 6%", "fell by 8%", "closed 0.4% higher"
    make a delta; a decrease is negative ("fell 12" is -12; "cut emissions by 45%" is -45%).
    "lost 15% of their weight" and "fell to 120" state no change of this number."""
    if raw.quantity.qualifier == "vague" or raw.unit in ("duration", "age"):
        return
    doc = sent.doc
    if any(low(t) in lex.level_bounds for t in doc[start : raw.start]):
        # "fell below $200 billion", "dipped just under 37%": a level crossed, not a change
        return
    after = low(doc[raw.qend]) if raw.qend < sent.end else ""
    if after in ("of", "short"):
        # "fell 15% of ...", and "will fall $900 million short of budget": the size of a
        # shortfall (a level), not a fall by that much
        return
    found = _change_before(doc, sent, start, lex, percent=raw.unit == "percent")
    sign = found[0] if found else None
    if found and found[1] and raw.unit == "count" and raw.qend < sent.end:
        # "fell 412 points" is a change, "fell 30 feet from a ladder" and "sank two miles off
        # the coast" are distances: after a verb, a count changes only in its own units.
        nouns = doc[raw.qend : min(raw.qend + 2, sent.end)]  # "12 basis points"
        if nouns[0].pos_ in ("NOUN", "PROPN") and not any(
            _lemma(t) in lex.change_units for t in nouns
        ):
            sign = None
    if sign is None and raw.unit == "count" and _released(raw, lex):
        sign = -1
    if sign is None and _of_a_decrease(raw, lex):
        sign = -1  # "a drop of 11,400", "a further fall of about 392,000"
    if after and _lemma(doc[raw.qend]) in lex.change_units and raw.qend + 1 < sent.end:
        after = low(doc[raw.qend + 1])  # "0.2 points lower than forecast"
    if sign is None and after in ("higher", "lower", "fewer"):
        sign = 1 if after == "higher" else -1  # "50 fewer companies" is -50
    if sign is None:
        return
    raw.kind = "delta"
    if sign < 0 and raw.quantity.value > 0:
        raw.quantity = numbers.negate(raw.quantity)


def _of_a_decrease(raw: Raw, lex: Lexicon) -> bool:
    """The number is what "of" after a noun of decrease names ("a drop of 11,400 in March")."""
    of = raw.root.head
    if raw.root.dep_ == "nummod":
        of = of.head  # "a drop of 9,800 pathways", "a drop of 2%": through what it counts
    return of.lower_ == "of" and of.dep_ == "prep" and _lemma(of.head) in lex.decrease_nouns


def _released(raw: Raw, lex: Lexicon) -> bool:
    """The count is what a release verb's "for" names: "lifted for 29,000 homes", "lifted for
    the north zone — 29,000 homes" (taken off the measure: a negative change)."""
    tok = raw.root
    for _ in range(4):
        if tok.head is tok:
            return False
        tok = tok.head
        if low(tok) == "for" and tok.dep_ == "prep":
            return _lemma(tok.head) in lex.release_verbs
    return False


def _change_before(
    doc: Doc, sent: Span, start: int, lex: Lexicon, depth: int = 0, percent: bool = False
) -> tuple[int, bool] | None:
    """(+1 or -1, whether a verb right before states it) when the words ending at `start`
    state a change ("fell 12", "fell by 12", "down 12"), else None."""
    k = start - 1
    if k < sent.start:
        return None
    tok = doc[k]
    w = low(tok)
    if w == "by":
        # "fell by 8%", "cut emissions by roughly 45%": the verb a few words back, past the
        # object's modifiers ("cut the projected 2040 shortfall by $9.5 billion").
        particle = 0  # "brought the deficit down by", "pushed it up by": the particle says
        for v in reversed(doc[max(sent.start, k - 8) : k]):
            if v.dep_ in ("amod", "compound") and v.head.i < k:
                continue
            if low(v) in ("down", "up") and v.dep_ in ("prt", "advmod") and v.head.i < v.i:
                particle = -1 if low(v) == "down" else 1
                continue
            if v.pos_ in ("VERB", "AUX") or _lemma(v) in lex.decrease_verbs:
                lemma = _lemma(v)
                if lemma in lex.decrease_verbs or lemma in lex.reduce_verbs:
                    return -1, False
                if lemma in lex.change_verbs or lemma in lex.increase_verbs:
                    return 1, False
                return (particle, False) if particle else None
        return None
    if w == "or" and depth == 0 and k - 1 >= sent.start and low(doc[k - 1]) == ",":
        # "slid $1.42, or 1.7%", "fell 412 points, or 1%": a restated change keeps the sign
        # of the number before the comma.
        for x in range(k - 2, max(sent.start, k - 5) - 1, -1):
            if _is_digits(_number_text(doc[x], lex)):
                while x - 1 >= sent.start and (
                    _is_digits(_number_text(doc[x - 1], lex))
                    or low(doc[x - 1]) in lex.currency_symbols
                    or (low(doc[x - 1]),) in numbers.PRE_QUALIFIERS
                ):
                    x -= 1
                return _change_before(doc, sent, x, lex, depth + 1, percent)
        return None
    if w in ("down", "up") and tok.dep_ != "prt":
        # Not a phrasal verb's particle: "turned down 9 banks", "signed up 14 partners".
        return (-1 if w == "down" else 1), False
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if k - 1 >= sent.start and doc[k - 1].text == "-" and not doc[k - 1].whitespace_:
        return None  # "a jaw-dropping 257,000": half of a hyphenated adjective, no verb
    lemma = _lemma(tok)
    if lemma in lex.decrease_verbs:
        return -1, True
    if lemma in lex.loss_verbs and percent:
        return -1, True  # "shares lost 1.1%"; but "lost 300 customers" counts what was lost
    if lemma in lex.increase_verbs:
        return 1, True
    if percent and lemma in lex.change_verbs:
        return 1, True  # "the economy expanded 0.3%": a percentage right after a change is one
    return None


def _hedge_start(doc: Doc, sent: Span, start: int) -> int:
    window = [doc[k].text for k in range(max(sent.start, start - 4), start)]
    found = numbers.qualifier_before(window)
    return start - found[1] if found else start


def _chain_member(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """Part of a phone number or code: "202-555-0147", "(212) 555-0134", "020 7946 0018"."""
    doc = sent.doc
    if raw.end != raw.start + 1:
        return False
    text = _number_text(doc[raw.start], lex)
    if numbers.has_leading_zero(text):
        return True
    x = raw.start
    while x - 2 >= sent.start and low(doc[x - 1]) in DASHES and _plain_int(doc[x - 2].text):
        x -= 2
    if _digit_chain(doc, sent, x):
        return True
    if _dialing_code(doc, sent, raw.start):
        return True
    # "(212) 555-0134": an area code in brackets before more digits.
    return (
        raw.start > sent.start
        and doc[raw.start - 1].text == "("
        and raw.end + 1 < sent.end
        and doc[raw.end].text == ")"
        and _plain_int(doc[raw.end + 1].text) is not None
    )


def _dialing_code(doc: Doc, sent: Span, i: int) -> bool:
    """ "+1 415 555 0199", "+44 (20) 7946", "+388 21 600 4412": a country code written with
    its plus before the number's digit groups."""
    text = doc[i].text
    if not (text[:1] == "+" and text[1:].isdigit() and len(text) <= 4) or i + 1 >= sent.end:
        return False
    nxt = doc[i + 1]
    return nxt.text == "(" or (nxt.text.isdigit() and doc[i].whitespace_ != "")


# --------------------------------------------------------------------------- no quantities


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def _trust_date(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """Whether a DATE/TIME/ORDINAL tag on the number is believable.

    The small model tags bare numbers DATE surprisingly often ("Between 50 and 60
    organizations", "would add 70"), and a scaled amount ORDINAL ("35cr"). A tag is trusted when
    its entity holds a word beyond the number (a month, "today") or the number is a year.
    """
    doc = sent.doc
    tok = doc[raw.start]
    if tok.ent_type_ == "ORDINAL":
        return not numbers.glued_scale(tok.text)
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return True
    noun = raw.root.head
    if raw.root.dep_ == "nummod" and noun.pos_ == "NOUN" and not (ent.start <= noun.i < ent.end):
        return False  # "50 organizations": counts something that is not time
    if raw.qend < ent.end and doc[raw.qend].pos_ == "DET":
        return False  # "down from 35 a year earlier": the date phrase starts after the number
    if _THOUSANDS.fullmatch(tok.text):
        return False  # "past 54,000": no date is written with a thousands separator
    extra = [
        t
        for t in ent
        if not (raw.start <= t.i < raw.end)
        and not (raw.qstart <= t.i < raw.qend)
        and low(t) not in _RANGE_WORDS
    ]
    if not extra:
        return yearish(tok.text)
    if (
        raw.quantity.value > _HOURS
        and any(low(t) in _RANGE_WORDS for t in ent)
        and all(_plain_figure(t) for t in [tok, *extra])
    ):
        return False  # "gone from 52 to 58": figures joined, none a year or an hour
    after = [t for t in extra if t.i >= raw.qend]
    if after and after[0].i == raw.qend and low(after[0]) in _RELATIVE_DATE:
        return False  # "put it at 95 last week": the date phrase is the words after it
    if (
        after
        and after[0].i == raw.qend
        and low(after[0]) in lex.not_counted_nouns
        and raw.quantity.value > _HOURS
    ):
        return False  # "from ~80 today": the day is its own word (not "at 5 today", a time)
    # Before it only, a month, day or time word makes it a date ("May 5", "week 12"); not
    # "take the tally past 100".
    return bool(after) or any(
        t.pos_ == "PROPN"
        or (t.like_num and low(t) not in lex.ordinal_words)
        or _lemma(t) in lex.time_nouns | lex.period_nouns
        for t in extra
    )  # (not "the first 80", which the model tags a date)


def _plain_figure(tok: Token) -> bool:
    """A number that can be neither a year nor a clock's hour (nor a part of an identifier:
    "0199" in a phone number)."""
    if not tok.like_num or yearish(tok.text) or numbers.has_leading_zero(tok.text):
        return False
    try:
        return Decimal(tok.text.replace(",", "")) > _HOURS
    except ArithmeticError:
        return False


# A clock's hours: "at 5 today" may be a time, "~80 today" is not.
_HOURS = 24
# Words that open a date phrase of their own after a number: "95 last week", "40 this year".
_RELATIVE_DATE = frozenset({"last", "next", "this", "earlier", "later"})


def _identifier(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """A number that names rather than counts: "Section 230", "Flight 370", "iPhone 15", "the
    Nasdaq 100 lost", "Boeing delivered 27 737 Max jets", "1600 Pennsylvania Avenue"."""
    doc = sent.doc
    if raw.unit != "count" or raw.qstart != raw.start or raw.kind:
        return False
    i, j = raw.start, raw.end
    prev = doc[i - 1] if i > sent.start else None
    nxt = doc[j] if j < sent.end else None
    if _named_by_head(doc, sent, i, lex):
        return True  # (also "Ep. 212", split from its head by the sentence splitter)
    if prev is not None:
        if (
            low(prev) in ("and", "or", ",", "&")
            and i - 2 >= sent.start
            and _plain_int(doc[i - 2].text) is not None
            and _named_by_head(doc, sent, i - 2, lex)
        ):
            return True  # "between junctions 10 and 11"
        if _lemma(prev) in lex.phone_words and not (nxt is not None and nxt.pos_ == "NOUN"):
            return True  # "dial 311", "call 911"; not "called 50 people"
        if _plain_int(prev.text) is not None and prev.whitespace_:
            return True  # "27 737 Max jets": digits never follow a count directly
        text = prev.text
        mixed = text[:1].islower() and any(c.isupper() for c in text[1:])
        if mixed or "&" in text:
            return True  # "iPhone 15", "S&P 500"
        if prev.tag_ == "NNP" and prev.ent_type_ not in SKIP_LABELS:
            counts = nxt is not None and (
                nxt.tag_ in PLURAL_TAGS or low(nxt) in lex.delta_words or nxt.pos_ == "ADJ"
            )
            if not counts:
                return True  # "the Nasdaq 100 lost", "Windows 10 have until", "Apollo 11"
    if nxt is not None and _address(doc, sent, j, lex):
        return True
    # In an all-capitals headline ("IN THE HANDS OF 52 FIRMS") every word looks like a name.
    shouted = prev is not None and prev.is_upper and prev.is_alpha and len(prev) > 1
    if nxt is not None and not _spaced(doc, j) and _letter_mark(nxt):
        return True  # "a 4G signal", "5G", "3D": a number a letter is glued to names a thing
    unit = nxt is not None and low(nxt) in lex.unit_symbols  # "500 MW of batteries"
    if (
        nxt is not None
        and nxt.tag_ == "NNP"
        and nxt.ent_type_ not in SKIP_LABELS
        and not shouted
        and not unit
    ):
        after = doc[j + 1] if j + 1 < sent.end else None
        if (after is None or after.pos_ not in ("NOUN", "PROPN")) and not opens_clause(nxt, lex):
            return True  # "the 737 Max,"
    return False


def _fraction(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """The number is part of a fraction, a share and no count: the numerator of "two-thirds
    of Republicans", "almost three quarters of pupils" (a denominator word after it, joined
    by a hyphen or followed by "of": not "the last two quarters"), or the denominator of "one
    in five adults"."""
    doc = sent.doc
    k = raw.qend
    hyphen = k < sent.end and doc[k].text == "-"
    k += hyphen
    if k < sent.end and low(doc[k]) in lex.fraction_words:
        return hyphen or (k + 1 < sent.end and low(doc[k + 1]) == "of")
    before = [low(doc[x]) for x in range(max(sent.start, raw.qstart - 2), raw.qstart)]
    if before in (["one", "in"], ["1", "in"]):
        return True
    after = [low(doc[x]) for x in range(raw.qend, min(sent.end, raw.qend + 2))]
    return (
        raw.quantity.value == 1
        and after[:1] == ["in"]
        and len(after) == 2
        and (doc[raw.qend + 1].like_num)
    )


def _spaced(doc: Doc, j: int) -> bool:
    """Whether whitespace separates token j from the one before it."""
    return j > 0 and bool(doc[j - 1].whitespace_)


def _letter_mark(tok: Token) -> bool:
    """One capital letter glued after a number that is no scale or temperature ("4G", "3D"; not
    "5B", "10K", "2M", "40F")."""
    return len(tok.text) == 1 and tok.text.isupper() and tok.text not in "KMBTCF"


def _in_a_name(doc: Doc, start: int, end: int) -> bool:
    """The tokens are part of a name the NER found, with words of its own beyond them ("Claude
    3", "Section 230"); not a name that is the number alone ("4.3M users", read as a
    PRODUCT)."""
    if not any(doc[k].ent_type_ in NAME_LABELS for k in range(start, end)):
        return False
    before = doc[start].ent_iob_ == "I"  # the name began before the number
    after = end < len(doc) and doc[end].ent_iob_ == "I"
    return before or after


def _footnote_marker(raw: Raw, doc: Doc) -> bool:
    """ "110 organizations [3]": a note's number in square brackets counts nothing (a marker
    glued to the word before it is split off whole by the tokenizer: nlp.FOOTNOTE_SUFFIXES)."""
    return (
        raw.start == raw.qstart
        and raw.end == raw.qend
        and raw.end - raw.start == 1
        and raw.start > 0
        and raw.end < len(doc)
        and doc[raw.start - 1].text == "["
        and doc[raw.end].text == "]"
        and doc[raw.start].text.isdigit()
        and len(doc[raw.start].text) <= 3
    )


# Entity labels of parties that act (a clause's subject), never a product's name.
_PARTIES = frozenset({"ORG", "PERSON", "GPE"})


def opens_clause(name: Token, lex: Lexicon) -> bool:
    """ "the 30 Anthropic had asked for": a named party right after a number is the subject
    of a clause on it (a relative clause without "that"), neither a name the number is part
    of nor what it counts."""
    doc = name.doc
    verb = name.i + 1
    while verb < len(doc) and doc[verb].pos_ == "ADV":
        verb += 1  # "the 120 Anthropic first asked for", "... originally proposed"
    return (
        name.tag_ == "NNP"  # one party, not a people ("40 Americans were briefed")
        and name.ent_type_ in _PARTIES
        and verb < len(doc)
        and doc[verb].pos_ in ("VERB", "AUX")
        and doc[name.i - 1].like_num
        # "the 40", "those 30", "the about 120 Anthropic sought"
        and any(low(t) in lex.referring_determiners for t in doc[max(0, name.i - 4) : name.i - 1])
    )


def _named_by_head(doc: Doc, sent: Span, i: int, lex: Lexicon) -> bool:
    """The word before token i is an identifier head: "Section 230", "No. 2", "junctions 10"."""
    if i < 1:
        return False
    prev = doc[i - 1]
    head = low(prev)
    # "No. 2" tokenized "No" "."; the splitter may even end a sentence there ("Ep. 212:"),
    # when the head is capitalized (not "a spokesperson said no. 50 organizations have")
    dotted_head = low(doc[i - 2]) + "." if head == "." and i >= 2 else ""
    if i - 1 < sent.start and not (
        dotted_head in lex.identifier_heads and doc[i - 2].text[:1].isupper()
    ):
        return False
    if dotted_head:
        head = dotted_head
    if head == "-" and i - 2 >= sent.start and not prev.whitespace_:
        prev = doc[i - 2]  # "stage-two", "Category-4": the head glued on by a hyphen
        head = low(prev)
    return head in lex.identifier_heads and prev.pos_ != "VERB"


def _race_distance(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """ "the 400m world record", "the 100m final": metres naming a race, not 400 million."""
    doc = sent.doc
    if raw.unit != "count":
        return False  # "a $500m world tour" is money
    last = doc[raw.end - 1]
    glued_m = low(last) == "m" and raw.end - 2 >= raw.start and not doc[raw.end - 2].whitespace_
    glued_m = glued_m or (
        raw.end == raw.start + 1 and low(last).endswith("m") and last.text[0].isdigit()
    )
    if not glued_m or raw.qend >= sent.end:
        return False
    return any(low(t) in lex.race_words for t in doc[raw.qend : min(raw.qend + 2, sent.end)])


def _address(doc: Doc, sent: Span, j: int, lex: Lexicon) -> bool:
    """ "221 Baker Street", "350 Fifth Avenue", "the 4300 block of"."""
    if low(doc[j]) == "block" and j + 1 < sent.end and low(doc[j + 1]) == "of":
        return True
    for k in range(j, min(j + 4, sent.end)):
        t = doc[k]
        if low(t) in lex.address_words and k > j and t.text[:1].isupper():
            return True
        if not t.text[:1].isupper():
            return False
    return False


def _unit_note(raw: Raw, sent: Span) -> bool:
    """A bracketed note of a table's unit, no amount: "(millions of dollars)", "(in
    billions)", "($ millions)"."""
    if raw.quantity.qualifier != "vague":
        return False
    doc = sent.doc
    k = raw.qstart - 1
    while k >= sent.start and low(doc[k]) in ("in", "$", "€", "£"):
        k -= 1
    if k < sent.start or doc[k].text != "(":
        return False
    j = raw.qend
    if j < sent.end and low(doc[j]) == "of":
        j += 2  # "of dollars", "of euros"
    return j < sent.end and doc[j].text == ")"


def skip(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """Dates, times, ordinals, years, numbers inside names and identifiers, tallies and pronoun
    "one" are not claims; durations and ages are, whatever the NER calls them."""
    doc = sent.doc
    if raw.not_quantity:
        return True
    if raw.unit == "count" and _split_tally(doc, sent, raw, lex):
        return True
    if not numbers.plausible(raw.quantity):
        return True  # a 40-digit "number" is an identifier or garbage, not a quantity
    if raw.unit in ("duration", "age"):
        return False
    toks = [doc[k] for k in range(raw.start, raw.end)]
    # "the low 50s", "in the thirties": the scanner took the decade for a count by its words
    # (_decade_here), whatever the NER calls it
    decade = raw.quantity.qualifier == "vague" and numbers.decade_base(low(toks[-1])) is not None
    if raw.cell or decade:
        pass  # alone in its cell: its neighbours are other cells, not its name or date
    elif (
        any(t.ent_type_ in SKIP_LABELS for t in toks)
        and not any(numbers.split_degrees(t.text) for t in toks)  # "72F by noon" is no time
        and _trust_date(raw, sent, lex)
    ):
        return True
    elif raw.currency is None and _in_a_name(doc, raw.start, raw.end):
        return True  # "Claude 3", "Section 230"
    if any(low(t).endswith(("st", "nd", "rd", "th")) and t.text[:1].isdigit() for t in toks):
        return True
    if not raw.cell and (
        _identifier(raw, sent, lex) or _race_distance(raw, sent, lex) or _unit_note(raw, sent)
    ):
        return True
    if _footnote_marker(raw, doc):
        return True
    if raw.unit == "count" and _fraction(raw, sent, lex):
        return True
    first = toks[0]
    nxt_tok = doc[raw.qend] if raw.qend < sent.end else None
    if (
        len(toks) == 1
        and raw.unit == "count"
        and raw.quantity.qualifier == "exact"
        and raw.kind is None
        and yearish(first.text)
        and not (
            nxt_tok is not None
            and nxt_tok.tag_ in PLURAL_TAGS
            and not (raw.start > sent.start and low(doc[raw.start - 1]) in lex.year_prepositions)
        )
    ):
        return True  # a year the NER missed: "the 2023 earthquake", "2020 presidential votes"
    nxt = low(nxt_tok) if nxt_tok is not None else ""
    if low(first) == "one" and len(toks) == 1 and (first.dep_ != "nummod" or nxt == "of"):
        return True  # "one of the", "no one"
    if (
        low(first) == "zero"
        and len(toks) == 1
        and (nxt == "-" or (raw.start > sent.start and low(doc[raw.start - 1]) == "net"))
    ):
        return True  # "net zero", "zero-sum": terms, not amounts
    # Times written as digits: "10 a.m."
    return nxt in lex.clock_words
