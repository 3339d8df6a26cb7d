"""The spaCy component that finds numeric claims, and the step that turns them into `Claim`s.

`claimwatch_claims` (registered with `@Language.factory`) reads each sentence's tokens and
dependency parse and writes topic-free `Mention`s (as plain data, see `mentions_of`) to
`doc._.claim_mentions`. `to_claim` then
applies a topic: measure assignment and canonical entity names. Keeping the topic out of the
component means one loaded pipeline serves any topic's measures.

What the parser gives us (DESIGN.md, "What en_core_web_sm 3.8 actually does"): hedges hang off
the number under varying labels, "more than" is amod + quantmod, the number is a nummod of the
counted noun most of the time and a bare pobj/dobj otherwise. So the qualifier is read from the
tokens right before the number (and its left modifiers as a fallback), and the counted noun
from the head chain, "number of X" anchors and, for elided nouns ("add about 70 more"), from
the sentence's other mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors import numbers
from extractors.entities import NAME_LABELS, Gazetteer
from extractors.numbers import Quantity
from extractors.records import Claim
from extractors.topic import Measure

EXTENSION = "claim_mentions"
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)

# Entity labels whose numbers are never claims.
SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "yuan": "CNY",
    "yen": "JPY",
}
PERCENT_WORDS = frozenset({"%", "percent", "pct", "percentage"})

# Nouns that stand for "how many" and point at the counted noun: "the total number of entities".
ANCHOR_NOUNS = frozenset(
    {"number", "total", "count", "tally", "list", "roster", "group", "cohort", "set", "batch"}
)
# Words that make a count a delta when they modify the number or the counted noun.
DELTA_WORDS = frozenset({"additional", "another", "more", "new", "extra", "further"})
# Verbs whose "by N" is a delta ("expand access by 70"); "add N" is a delta outright.
GROWTH_VERBS = frozenset(
    {"expand", "increase", "grow", "extend", "widen", "raise", "boost", "broaden", "rise"}
)
ADD_VERBS = frozenset({"add"})
CHANGE_VERBS = GROWTH_VERBS | {"fall", "drop", "climb", "jump", "decline", "slip", "surge", "gain"}
MODALS = frozenset({"would", "could", "might", "may", "will", "shall", "'d", "'ll", "wo", "ca"})
# A number governed by one of these is not (yet) true: it is proposed, planned or disputed.
PROPOSAL_VERBS = frozenset(
    {
        "propose",
        "plan",
        "seek",
        "want",
        "aim",
        "intend",
        "hope",
        "push",
        "ask",
        "request",
        "consider",
        "weigh",
        "pitch",
        "suggest",
        "lobby",
        "oppose",
        "block",
        "reject",
        "resist",
        "urge",
        "expect",
        "prepare",
        "try",
        "attempt",
        "mull",
        "explore",
    }
)
PROPOSAL_NOUNS = frozenset(
    {"proposal", "plan", "request", "bid", "push", "scheme", "idea", "effort", "pitch", "move"}
)
DENIAL_VERBS = frozenset({"deny", "dispute", "refute", "reject"})
TRUTH_ADJS = frozenset({"true", "accurate", "correct", "right"})
FALSE_ADJS = frozenset({"false", "untrue", "inaccurate", "wrong"})
# Verbs that attribute rather than act: their subject is a source, not the claim's subject.
REPORT_VERBS = frozenset(
    {"say", "report", "tell", "write", "note", "cite", "state", "reveal", "confirm", "claim"}
)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# "let 120 organizations use it": the parser often tags the bare infinitive VBP.
CAUSATIVES = frozenset({"let", "make", "help", "have", "allow", "see"})
TIME_NOUNS = frozenset(
    {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "quarter"}
)
VERBAL_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One number found in a sentence, before a topic gives it a measure."""

    quantity: Quantity
    unit: str  # count|money|percent
    noun: str | None  # counted noun's lemma, or the currency code
    kind: str  # level|delta
    modality: str  # actual|proposed
    negated: bool
    subject: str | None  # surface form (or ruler id) of the subject entity
    attribution: str | None  # surface form (or ruler id) of the source
    value_text: str
    start_char: int
    end_char: int
    sentence: str
    sentence_start: int
    sentence_end: int
    context: tuple[str, ...]  # the sentence's lower-cased words and lemmas, for measures

    def to_data(self) -> dict[str, Any]:
        """Plain msgpack-able data: nlp.pipe(n_process>1) ships Docs between processes."""
        data = {f: getattr(self, f) for f in self.__dataclass_fields__}
        q = self.quantity
        data["quantity"] = [q.value, q.low, q.high, q.qualifier]
        data["context"] = list(self.context)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Mention:
        value, low, high, qualifier = data["quantity"]
        fields = {**data, "quantity": Quantity(value, low, high, qualifier)}
        fields["context"] = tuple(data["context"])
        return cls(**fields)


def mentions_of(doc: Doc) -> list[Mention]:
    """The mentions the component stored on a Doc (none if it did not run)."""
    return [Mention.from_data(d) for d in doc._.get(EXTENSION) or []]


# --------------------------------------------------------------------------- the component


@Language.factory("claimwatch_claims", default_config={"max_sentence_tokens": 400})
def make_claim_finder(nlp: Language, name: str, max_sentence_tokens: int) -> ClaimFinder:
    return ClaimFinder(name, max_sentence_tokens=max_sentence_tokens)


class ClaimFinder:
    """Writes `doc._.claim_mentions`: every quantity except dates, times and ordinals."""

    def __init__(self, name: str = "claimwatch_claims", *, max_sentence_tokens: int = 400):
        self.name = name
        # Run-on "sentences" (tables, lists the parser could not split) give garbage parses.
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = []
        for sent in doc.sents:
            if len(sent) <= self.max_sentence_tokens:
                mentions.extend(find_mentions(sent))
        doc._.set(EXTENSION, [m.to_data() for m in mentions])
        return doc


# --------------------------------------------------------------------------- finding numbers


@dataclass(slots=True)
class _Raw:
    """A number phrase's token boundaries inside a sentence, while it is being read."""

    start: int  # first token of the number itself
    end: int  # one past its last token
    qstart: int  # first token of the mention as written (qualifier, currency)
    qend: int  # one past the mention as written (post-qualifier, % sign)
    quantity: Quantity
    root: Token
    unit: str = "count"
    noun: Token | None = None
    noun_inherited: bool = False  # taken from another mention: its modifiers are not ours
    anchor: str | None = None  # "total"/"number" when the noun came through such an anchor
    currency: str | None = None


def _low(tok: Token) -> str:
    return tok.lower_.replace("\u2019", "'")


def _starts_number(doc: Doc, i: int, end: int) -> bool:
    tok = doc[i]
    w = _low(tok)
    if w in numbers.VAGUE or (w == "tens" and i + 2 < end and _low(doc[i + 1]) == "of"):
        return True
    if w in ("a", "an", "half") and i + 1 < end:
        nxt = _low(doc[i + 1])
        return nxt in ("dozen", "hundred", "thousand", "million", "billion") or (
            w == "half" and nxt == "a" and i + 2 < end and _low(doc[i + 2]) == "dozen"
        )
    return numbers.is_number_word(w) and w not in numbers.SCALES and w not in ("dozen",)


def _extend(doc: Doc, i: int, end: int) -> int:
    """One past the last token of the number phrase starting at i."""
    w = _low(doc[i])
    if w in numbers.VAGUE:
        # "tens/hundreds of thousands"
        if i + 2 < end and _low(doc[i + 1]) == "of" and _low(doc[i + 2]) in numbers.VAGUE:
            return i + 3
        return i + 1
    if w == "tens":
        return i + 3
    j = i + 1
    if w == "half":
        j = i + 3  # half a dozen
        return j
    while j < end:
        cur, prev = _low(doc[j]), _low(doc[j - 1])
        if numbers.is_number_word(cur) and not (_is_digits(prev) or _is_digits(cur)):
            j += 1  # "one hundred", "two dozen": words join words, digits never join digits
        elif _is_digits(prev) and cur in numbers.SCALES and cur not in ("m", "b", "k"):
            j += 1  # "2.5 million"
        elif _is_digits(prev) and cur in ("dozen", "hundred"):
            j += 1
        elif (
            cur in ("-", "and")
            and j + 1 < end
            and (
                (prev in numbers.TENS and _low(doc[j + 1]) in numbers.UNITS and cur == "-")
                or (
                    cur == "and"
                    and prev in ("hundred", "thousand", "million")
                    and _low(doc[j + 1]) in {**numbers.UNITS, **numbers.TENS}
                )
            )
        ):
            j += 2  # "seventy-five", "one hundred and twenty"
        else:
            break
    return j


def _scale_of(doc: Doc, start: int, end: int) -> float:
    for k in range(end - 1, start - 1, -1):
        scale = numbers.SCALES.get(_low(doc[k]))
        if scale:
            return scale
    return 1.0


def _is_digits(w: str) -> bool:
    return numbers.digit_value(w) is not None


def _phrase_words(doc: Doc, start: int, end: int) -> list[str]:
    return [doc[k].text for k in range(start, end)]


def _read_number(doc: Doc, start: int, end: int) -> Quantity | None:
    words = _phrase_words(doc, start, end)
    vague = numbers.vague_interval(words)
    if vague:
        return numbers.interval(vague[0], "vague", vague[1])
    value = numbers.words_value(words)
    return None if value is None else numbers.interval(value, "exact")


def _scan(sent: Span) -> list[_Raw]:
    doc = sent.doc
    out: list[_Raw] = []
    i, end = sent.start, sent.end
    while i < end:
        if not _starts_number(doc, i, end):
            i += 1
            continue
        j = _extend(doc, i, end)
        q = _read_number(doc, i, j)
        if q is None:
            i = j
            continue
        qstart, qend = i, j
        high: Quantity | None = None
        k = j
        # Ranges: "50 to 60", "50-60", "50 or 60", "between 50 and 60"; not "from 50 to 120",
        # which is a change between two levels.
        before = _low(doc[i - 1]) if i > sent.start else ""
        # "rose 20 to 120", "up 20 to 120": a change, then a level; not a range.
        changes = before in ("from", "up", "down", "by") or (
            i > sent.start and doc[i - 1].lemma_.lower() in CHANGE_VERBS
        )
        if q.qualifier != "vague" and j + 1 < end and not changes:
            sep = _low(doc[j])
            joins = sep in ("-", "\u2013", "\u2014", "to", "or") or (
                sep == "and" and before == "between"
            )
            post_or = sep == "or" and _low(doc[j + 1]) in ("so", "more", "fewer", "less")
            if (
                joins
                and not post_or
                and _starts_number(doc, j + 1, end)
                and _low(doc[j + 1]) not in numbers.VAGUE
            ):
                k = _extend(doc, j + 1, end)
                high = _read_number(doc, j + 1, k)
        if high is not None and high.qualifier != "vague":
            lo = q.value
            # "2.5 to 3 million": the second half's scale applies to the first.
            if high.value >= 1000 > lo and not any(
                _low(doc[x]) in numbers.SCALES for x in range(i, j)
            ):
                lo *= _scale_of(doc, j + 1, k)
            q = numbers.interval(lo, "range", high.value)
            qend = j = k
            if before == "between":
                qstart = i - 1
        root = doc[i:j].root
        out.append(_Raw(i, j, qstart, qend, q, root))
        i = j
    return out


def _qualify(raw: _Raw, sent: Span) -> None:
    """Read the qualifier around the number and the unit (money, percent, count)."""
    doc = sent.doc
    start = raw.qstart
    # Currency symbol right before the number: "$380 billion", "up to $200 million".
    if start > sent.start and _low(doc[start - 1]) in CURRENCY_SYMBOLS:
        raw.unit, raw.currency = "money", CURRENCY_SYMBOLS[_low(doc[start - 1])]
        start -= 1
    after = [_low(doc[k]) for k in range(raw.qend, min(raw.qend + 3, sent.end))]
    if after and after[0] in CURRENCY_WORDS:
        raw.unit, raw.currency = "money", CURRENCY_WORDS[after[0]]
    elif after and (after[0] in PERCENT_WORDS or after[:2] == ["per", "cent"]):
        raw.unit = "percent"
        raw.qend += 2 if after[0] == "per" else 1
    elif any(doc[k].ent_type_ == "MONEY" for k in range(raw.start, raw.end)):
        raw.unit = "money"
    elif any(doc[k].ent_type_ == "PERCENT" for k in range(raw.start, raw.end)):
        raw.unit = "percent"

    if raw.quantity.qualifier in ("range", "vague"):
        if raw.quantity.qualifier == "range" and raw.qstart == raw.start:
            raw.qstart = _hedge_start(doc, sent, start)
        elif start < raw.qstart:
            raw.qstart = start
        return
    qualifier = None
    window = [doc[k].text for k in range(max(sent.start, start - 4), start)]
    found = numbers.qualifier_before(window)
    if found:
        qualifier, n = found
        # "some" is a determiner in "some of the 50": only a hedge right before a number.
        start -= n
    else:
        post_words = [doc[k].text for k in range(raw.qend, min(raw.qend + 2, sent.end))]
        post = numbers.qualifier_after(post_words)
        if post:
            qualifier = post[0]
            raw.qend += post[1]
        else:
            # The parser sometimes hangs a hedge off the number away from it.
            for child in raw.root.lefts:
                single = numbers.PRE_QUALIFIERS.get((_low(child),))
                if single and child.i < raw.start and _low(child) not in ("some", "only", "just"):
                    qualifier = single
                    break
    if qualifier:
        raw.quantity = numbers.interval(raw.quantity.value, qualifier)
    raw.qstart = min(start, raw.qstart)


def _hedge_start(doc: Doc, sent: Span, start: int) -> int:
    window = [doc[k].text for k in range(max(sent.start, start - 4), start)]
    found = numbers.qualifier_before(window)
    return start - found[1] if found else start


_RANGE_WORDS = frozenset({"between", "and", "to", "-", "\u2013", "or"})


def _trust_date(raw: _Raw, sent: Span) -> bool:
    """Whether a DATE/TIME/ORDINAL tag on the number is believable.

    The small model tags bare numbers DATE surprisingly often ("Between 50 and 60
    organizations", "would add 70"). A tag is trusted when its entity holds a word beyond the
    number (a month, "today", "years") or the number counts a unit of time.
    """
    doc = sent.doc
    tok = doc[raw.start]
    if tok.ent_type_ == "ORDINAL":
        return True
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return True
    noun = raw.root.head
    if raw.root.dep_ == "nummod" and noun.lemma_.lower() in TIME_NOUNS:
        return True
    if raw.root.dep_ == "nummod" and noun.pos_ == "NOUN" and not (ent.start <= noun.i < ent.end):
        return False  # "50 organizations": counts something that is not time
    extra = [
        t
        for t in ent
        if not (raw.start <= t.i < raw.end)
        and not (raw.qstart <= t.i < raw.qend)
        and _low(t) not in _RANGE_WORDS
    ]
    if extra:
        return True
    v = raw.quantity.value
    return len(doc[raw.start].text) == 4 and 1900 <= v <= 2100


def _skip(raw: _Raw, sent: Span) -> bool:
    """Dates, times, ordinals, numbers inside names, years and pronoun "one" are not claims."""
    doc = sent.doc
    toks = [doc[k] for k in range(raw.start, raw.end)]
    if any(t.ent_type_ in SKIP_LABELS for t in toks) and _trust_date(raw, sent):
        return True
    if any(t.ent_type_ in NAME_LABELS for t in toks):
        return True  # "Claude 3", "Section 230"
    if any(_low(t).endswith(("st", "nd", "rd", "th")) and t.text[:1].isdigit() for t in toks):
        return True
    v = raw.quantity.value
    first = toks[0]
    if (
        len(toks) == 1
        and first.text.isdigit()
        and len(first.text) == 4
        and 1900 <= v <= 2100
        and raw.unit == "count"
        and first.dep_ != "nummod"
    ):
        return True  # a year the NER missed
    nxt = _low(doc[raw.qend]) if raw.qend < sent.end else ""
    if _low(first) == "one" and len(toks) == 1 and (first.dep_ != "nummod" or nxt == "of"):
        return True  # "one of the", "no one"
    # Times written as digits: "7:30", "10 a.m."
    return nxt in ("a.m.", "p.m.", "am", "pm", ":")


# --------------------------------------------------------------------------- counted noun


def _resolve_anchor(tok: Token, depth: int = 0) -> Token | None:
    """ "number of entities" → entities; "customer count" → customer; plain nouns → themselves."""
    if tok.lemma_.lower() not in ANCHOR_NOUNS:
        return tok
    if depth > 3:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return _resolve_anchor(pobj, depth + 1)
    for child in tok.lefts:
        if child.dep_ == "compound" and child.pos_ == "NOUN":
            return child
    return None


def _has_total(tok: Token) -> bool:
    return any(c.lemma_.lower() == "total" for c in tok.children)


def _of_object(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def _counted_noun(raw: _Raw, sent: Span) -> Token | None:
    root = raw.root
    head = root.head
    # "dozens of companies", "four of the 10 browsers", "hundreds of thousands of users"
    of_obj = _of_object(root)
    if of_obj is not None and of_obj.lemma_.lower() not in numbers.VAGUE:
        inner = _of_object(of_obj) if of_obj.lower_ in numbers.VAGUE else None
        return _resolve_anchor(inner or of_obj)
    if (
        root.dep_ in ("nummod", "compound", "amod", "quantmod")
        and head.pos_ in ("NOUN", "PROPN")
        and not raw.start <= head.i < raw.end
    ):
        if head.lower_ == "dozen":
            head = head.head
        return _resolve_anchor(head)
    # Bare numbers: the nearest "number/total of X" before it in the sentence.
    doc = sent.doc
    for k in range(raw.qstart - 1, sent.start - 1, -1):
        t = doc[k]
        if t.lemma_.lower() in ("number", "total", "count", "tally") and t.pos_ == "NOUN":
            raw.anchor = "total" if t.lemma_.lower() == "total" or _has_total(t) else "number"
            resolved = _resolve_anchor(t)
            if resolved is not None:
                return resolved
    # A verb of amount ("the list has grown to 120"): its subject carries the noun.
    for anc in list(root.ancestors)[:3]:
        if anc.pos_ in VERBAL_POS:
            for child in anc.children:
                if (
                    child.dep_ in ("nsubj", "nsubjpass")
                    and child.pos_ == "NOUN"
                    and child.lemma_.lower() in ANCHOR_NOUNS
                ):
                    return _resolve_anchor(child)
            break
    return None


# --------------------------------------------------------------------------- kind, modality


def _kind(raw: _Raw, sent: Span) -> str:
    doc = sent.doc
    noun = raw.noun
    after = _low(doc[raw.qend]) if raw.qend < sent.end else ""
    after2 = _low(doc[raw.qend + 1]) if raw.qend + 1 < sent.end else ""
    if after == "in" and after2 == "total":
        return "level"
    if raw.anchor == "total":
        return "level"  # "bringing the total to around 120"
    if noun is not None and not raw.noun_inherited:
        nxt = noun.i + 1
        if nxt + 1 < sent.end and _low(doc[nxt]) == "in" and _low(doc[nxt + 1]) == "total":
            return "level"
    before = [_low(doc[k]) for k in range(max(sent.start, raw.qstart - 2), raw.qstart)]
    if before[-2:] == ["total", "of"]:
        return "level"
    if any(w in ("another", "additional", "further", "extra") for w in before):
        return "delta"  # "another 70", "an additional 70"
    if after in DELTA_WORDS and after2 != "than":
        return "delta"  # "70 more companies", "add about 70 more"
    modifiers: list[Token] = list(raw.root.children)
    if noun is not None and not raw.noun_inherited:
        modifiers += [c for c in noun.children if c.dep_ in ("amod", "advmod", "det", "nummod")]
    for m in modifiers:
        if m.lemma_.lower() in DELTA_WORDS and m.i not in range(raw.qstart, raw.qend):
            nxt_tok = _low(doc[m.i + 1]) if m.i + 1 < len(doc) else ""
            if nxt_tok != "than":
                return "delta"
    # Governing verb: "add 70 companies", "expand access by 70".
    via_by = False
    for anc in raw.root.ancestors:
        if anc.pos_ == "ADP" and anc.lower_ == "by":
            via_by = True
        if anc.pos_ in VERBAL_POS:
            lemma = anc.lemma_.lower()
            if lemma in ADD_VERBS or (via_by and lemma in GROWTH_VERBS):
                return "delta"
            break
        if anc.pos_ == "NOUN" and via_by and anc.head.lemma_.lower() in GROWTH_VERBS:
            return "delta"  # "expand access by 70": by hangs off the object
    return "level"


def _lemmas(tok: Token) -> set[str]:
    """The lemma plus naive stems: the small model's lemmatizer slips ("hopes" → "hop")."""
    w = _low(tok)
    forms = {tok.lemma_.lower(), w}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            forms.add(w[: -len(suffix)])
    return forms


def _has_modal(tok: Token) -> bool:
    # A proposal verb mis-tagged as an auxiliary ("officials oppose granting") counts too.
    return any(
        c.dep_ == "aux" and (_low(c) in MODALS or _lemmas(c) & PROPOSAL_VERBS) for c in tok.children
    )


def _is_finite(tok: Token) -> bool:
    if tok.tag_ == "VBP" and tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_ in CAUSATIVES:
        return False
    if tok.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in tok.children)


def _negates(tok: Token) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ == "det" and _low(c) == "no") or _low(c) == "never"
        for c in tok.children
    )


def _modality(raw: _Raw, sent: Span) -> tuple[str, bool]:
    """(modality, negated) from the chain of heads above the number."""
    doc = sent.doc
    before = _low(doc[raw.qstart - 1]) if raw.qstart > sent.start else ""
    modality: str | None = "actual" if before == "from" else None  # "up from 50": a baseline
    negated = False
    tok: Token = raw.root
    seen = 0
    while modality is None and seen < 40:
        seen += 1
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and tok.i != raw.root.i:
            if lemma in PROPOSAL_NOUNS:  # "a plan to give 70 more companies access"
                modality, negated = "proposed", negated or _negates(tok)
                break
            for rel in tok.children:
                # "the 50 organizations that already have access": the relative clause says
                # what is true of the counted things, whatever the main clause does.
                if rel.dep_ == "relcl" and rel.pos_ in VERBAL_POS:
                    if _has_modal(rel):
                        modality = "proposed"
                    elif _is_finite(rel):
                        modality = "actual"
                    negated = negated or _negates(rel)
            if modality is not None:
                break
        if tok.pos_ in VERBAL_POS or tok.pos_ == "ADJ":
            if _lemmas(tok) & PROPOSAL_VERBS and tok.pos_ == "VERB":
                modality, negated = "proposed", negated or _negates(tok)
                break
            negated = negated or _negates(tok)
            if _has_modal(tok):
                modality = "proposed"
                break
            if tok.pos_ in VERBAL_POS and _is_finite(tok):
                # "the proposal covers 70 new companies": the plan is the subject
                subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                planned = any(c.lemma_.lower() in PROPOSAL_NOUNS for c in subjects)
                modality = "proposed" if planned else "actual"
                break
        # Prepositional frames on the way up: "under the proposal", "under the plan".
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "under":
                for pobj in child.children:
                    if pobj.lemma_.lower() in PROPOSAL_NOUNS:
                        modality = "proposed"
        if modality is not None or tok.head.i == tok.i:
            break
        tok = tok.head
    if modality is None:
        modality = "actual"
    return modality, negated or _denied(tok)


def _denied(tok: Token) -> bool:
    """A clause under "denied (a report) that ..." or "it is not true that ..."."""
    for anc in [tok, *tok.ancestors]:
        lemma = anc.lemma_.lower()
        if anc.pos_ == "VERB" and lemma in DENIAL_VERBS and anc.i < tok.i:
            return True
        if anc.pos_ in VERBAL_POS:
            for c in anc.children:
                if c.dep_ == "acomp" and c.lemma_.lower() in TRUTH_ADJS and _negates(anc):
                    return True
                if c.dep_ == "acomp" and c.lemma_.lower() in FALSE_ADJS:
                    return True
    return False


# --------------------------------------------------------------------------- who and per whom


def _entity_of(tok: Token) -> Span | None:
    """The named entity `tok` is part of, or the first one in its subtree."""
    doc = tok.doc
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and ent.start <= tok.i < ent.end:
            return ent
    left, right = tok.left_edge.i, tok.right_edge.i
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and left <= ent.start and ent.end - 1 <= right:
            return ent
    return None


def _ent_name(ent: Span | None) -> str | None:
    if ent is None:
        return None
    return ent.ent_id_ or ent.text


def _subject(raw: _Raw) -> str | None:
    if raw.noun is not None:
        for c in raw.noun.children:
            if c.dep_ == "poss":
                ent = _entity_of(c)
                if ent is not None:
                    return _ent_name(ent)
    tok = raw.root
    for anc in [tok, *tok.ancestors]:
        if anc.pos_ in VERBAL_POS and anc.lemma_.lower() not in REPORT_VERBS:
            for c in anc.children:
                if c.dep_ in ("nsubj", "nsubjpass") and raw.noun is not c and c.pos_ != "PRON":
                    ent = _entity_of(c)
                    if ent is not None:
                        return _ent_name(ent)
    return None


def _attribution(sent: Span) -> str | None:
    """ "according to X", "X reported/said", "told X", "citing X", "reported by X"."""
    found: list[tuple[int, Span]] = []  # (priority, entity)
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma == "accord" or tok.lower_ == "according":
            for prep in tok.children:
                if prep.lower_ == "to":
                    for pobj in prep.children:
                        ent = _entity_of(pobj)
                        if ent is not None:
                            found.append((0, ent))
        elif lemma in REPORT_VERBS and tok.pos_ in VERBAL_POS:
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") or (lemma == "tell" and c.dep_ == "dobj"):
                    ent = _entity_of(c) if c.pos_ != "PRON" else None
                    if ent is not None:
                        found.append((1 if lemma != "cite" else 3, ent))
                if lemma == "cite" and c.dep_ == "dobj":
                    ent = _entity_of(c)
                    if ent is not None:
                        found.append((2, ent))
                if c.dep_ == "agent":
                    for pobj in c.children:
                        ent = _entity_of(pobj)
                        if ent is not None:
                            found.append((1, ent))
    if not found:
        return None
    found.sort(key=lambda pe: (pe[0], pe[1].start))
    return _ent_name(found[0][1])


# --------------------------------------------------------------------------- assembly


def _context(sent: Span) -> tuple[str, ...]:
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    return tuple(sorted(words))


def find_mentions(sent: Span) -> list[Mention]:
    raws = [r for r in _scan(sent)]
    for raw in raws:
        _qualify(raw, sent)
    raws = [r for r in raws if not _skip(r, sent)]
    for raw in raws:
        if raw.unit == "count":
            raw.noun = _counted_noun(raw, sent)
    # Elided nouns: "50 organizations have access and it hopes to add about 70 more".
    for idx, raw in enumerate(raws):
        if raw.unit == "count" and raw.noun is None:
            donors = [r for r in raws[:idx][::-1] + raws[idx + 1 :] if r.unit == "count" and r.noun]
            if donors:
                raw.noun, raw.noun_inherited = donors[0].noun, True
    if not raws:
        return []
    attribution = _attribution(sent)
    context = _context(sent)
    doc = sent.doc
    out = []
    for raw in raws:
        modality, negated = _modality(raw, sent)
        first, last = doc[raw.qstart], doc[raw.qend - 1]
        noun_text: str | None
        if raw.unit == "money":
            noun_text = raw.currency or "USD"
        elif raw.unit == "percent":
            noun_text = None
        else:
            noun_text = raw.noun.lemma_.lower() if raw.noun is not None else None
        out.append(
            Mention(
                quantity=raw.quantity,
                unit=raw.unit,
                noun=noun_text,
                kind=_kind(raw, sent) if raw.unit == "count" else "level",
                modality=modality,
                negated=negated,
                subject=_subject(raw),
                attribution=attribution,
                value_text=doc.text[first.idx : last.idx + len(last.text)],
                start_char=first.idx,
                end_char=last.idx + len(last.text),
                sentence=sent.text,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                context=context,
            )
        )
    return out


def _mentions_term(context: Sequence[str], sentence: str, term: str) -> bool:
    term = term.lower().strip()
    if " " in term:
        return re.search(r"\b" + re.escape(term) + r"\b", sentence.lower()) is not None
    return term in context


def assign_measure(mention: Mention, measures: Iterable[Measure]) -> str:
    """The first measure whose nouns include the counted noun and whose context the sentence
    mentions; "other" for everything else (money, percentages, counts of other things)."""
    if mention.unit != "count" or mention.noun is None:
        return "other"
    for m in measures:
        if mention.noun in {n.lower() for n in m.nouns} and (
            not m.context
            or any(_mentions_term(mention.context, mention.sentence, t) for t in m.context)
        ):
            return m.name
    return "other"


def to_claim(mention: Mention, measures: Iterable[Measure], gazetteer: Gazetteer) -> Claim:
    """A `Claim` record: the mention with a measure and canonical entity names."""
    q = mention.quantity
    return Claim(
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        kind=mention.kind,
        modality=mention.modality,
        negated=mention.negated,
        measure=assign_measure(mention, measures),
        quantity=mention.unit,
        noun=mention.noun,
        subject=gazetteer.canonicalize(mention.subject) if mention.subject else None,
        attribution=gazetteer.canonicalize(mention.attribution) if mention.attribution else None,
        value_text=mention.value_text,
        sentence=mention.sentence,
        start_char=mention.start_char,
        end_char=mention.end_char,
        sentence_start=mention.sentence_start,
        sentence_end=mention.sentence_end,
    )


__all__ = ["ClaimFinder", "Mention", "assign_measure", "find_mentions", "mentions_of", "to_claim"]
