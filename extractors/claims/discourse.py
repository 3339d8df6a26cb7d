"""Measures carried across sentences: the document-level pass after per-sentence mentions.

Reporters elide the counted noun once it is established ("Who can use it today? About 60",
"it asked to admit roughly 30 more", "lift the tally to nearly 90"). Such an elliptical count
takes its measure and noun from its discourse: the most recent count in the same block
(a paragraph, or a heading with the paragraphs under it up to the next heading; a question
heading opens a block for its answer and may itself name the measure). An elliptical count
that opens its block continues the previous block's count when its words say so ("30 more",
"the tally"), or its measure's latest count when its sentence speaks of the measure ("fewer
than 200 would have access"). Its kind comes from its own words (total → level, more →
delta), read per sentence in syntax.py.

A count of a measure's noun whose sentence lacks the measure's context words counts for it
when it is an aside in a block about the measure, or when what the counted things get names
the measure's subject. A count whose holder is someone else's ("its own pilot", "the rival's
pilot", "Google's program", "its Claude chatbot") leaves the measure when the measure names
what it counts (`Measure.subject`, which is also the default subject of its claims).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from claimwatch.extractors.claims.mention import Discourse, Mention
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.topic import Measure

# A heading is a one-line paragraph of at most this many words that does not end a sentence
# (or ends with "?"): "Who can use it today?", "2. Chips", "By the numbers".
MAX_HEADING_WORDS = 12
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = tuple('.!,;"\u201d\u2019)')


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of text whose counts share a discourse; offsets are characters."""

    start: int
    end: int
    heading_end: int | None = None  # end of the heading line that opens the block
    question: bool = False  # the heading asks a question its paragraphs answer


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated when the text has blank lines,
    else one per line (stored texts keep one paragraph per line, text_norm.normalize_text)."""
    sep = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    out = []
    pos = 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + len(chunk.rstrip())))
        pos = m.end() if m else len(text)
    return out


def _is_heading(line: str) -> bool:
    if "\n" in line or len(line.split()) > MAX_HEADING_WORDS:
        return False
    return line.endswith("?") or not line.endswith(_SENTENCE_END)


def blocks_of(text: str) -> list[Block]:
    """The text's blocks in order: each heading with the paragraphs under it up to the next
    heading; every paragraph before the first heading a block of its own."""
    paragraphs = _paragraphs(text)
    blocks: list[Block] = []
    open_heading = False
    for n, (start, end) in enumerate(paragraphs):
        line = text[start:end]
        heading = _is_heading(line) and n + 1 < len(paragraphs)
        if heading:
            blocks.append(Block(start, end, heading_end=end, question=line.endswith("?")))
            open_heading = True
        elif open_heading:
            last = blocks[-1]
            blocks[-1] = Block(last.start, end, last.heading_end, last.question)
        else:
            blocks.append(Block(start, end))
    return blocks or [Block(0, len(text))]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What discourse decides for one mention."""

    measure: str
    noun: str | None
    subject: str | None  # canonical; None keeps the sentence's own subject


def _seed(heading: Sequence[str], measures: Sequence[Measure]) -> str | None:
    """The measure a question heading asks about: "Who can use it today?" → the measure whose
    context includes "use"; "How many organizations have access?" → its nouns and context."""
    words = set(heading)
    for m in measures:
        if any(t.lower() in words for t in m.context) or any(n.lower() in words for n in m.nouns):
            return m.name
    return None


def resolve(
    mentions: Sequence[Mention],
    base: Sequence[str],
    found: Discourse,
    measures: Sequence[Measure],
    gazetteer: Gazetteer,
) -> list[Resolution]:
    """One Resolution per mention, in order.

    `base` is each mention's measure from its own sentence (measure.assign_measure); `found`
    what the component stored about the text's blocks and who owns what."""
    canon = gazetteer.canonicalize
    owned = {(canon(a), canon(b)) for a, b in found.possessions}
    prominent = canon(found.prominent) if found.prominent else None
    seeds = {b: _seed(h, measures) for b, h in enumerate(found.headings) if h}
    present: dict[int, set[str]] = {}
    for m, name in zip(mentions, base, strict=True):
        if name != "other" and not m.elliptical:
            present.setdefault(m.block, set()).add(name)
    for b, seed in seeds.items():
        if seed:
            present.setdefault(b, set()).add(seed)

    last: dict[int, tuple[str, str | None]] = {}  # block → (measure, noun) of its latest count
    seen: dict[str, tuple[str, str | None]] = {}  # measure → its latest count in the text
    out: list[Resolution] = []
    for m, name in zip(mentions, base, strict=True):
        claim = m.claim
        noun = claim.noun
        if claim.quantity != "count":
            out.append(Resolution(name, noun, None))
            continue
        antecedent = last.get(m.block)
        if antecedent is None and seeds.get(m.block):
            antecedent = (seeds[m.block] or "other", None)
        if antecedent is None:
            antecedent = _past_the_block(m, last.get(m.block - 1), seen, measures)
        measure = _by_name(measures, name)
        if m.elliptical and noun is None and antecedent is not None:
            name, noun = antecedent  # "About 60, by the company's own count."
        elif m.elliptical and name == "other" and antecedent and antecedent[1] == noun:
            name = antecedent[0]  # "a plan to admit 70 more": the noun lent by "60 agencies"
        elif name == "other" and noun is not None:
            name = _by_holder_or_aside(m, noun, measures, present.get(m.block, set()), canon)
        measure = _by_name(measures, name)
        subject: str | None = None
        owners = tuple(canon(o) for o in m.owners)
        if measure is not None and measure.subject:
            name, subject = _whose(m, name, canon(measure.subject), owners, owned, prominent, canon)
        elif owners:
            subject = owners[0]
        if m.antecedent and (noun is not None or name != "other"):
            last[m.block] = seen[name] = (name, noun)
        out.append(Resolution(name, noun, subject))
    return out


def _whose(
    m: Mention,
    name: str,
    own: str,
    owners: tuple[str, ...],
    owned: set[tuple[str, str]],
    prominent: str | None,
    canon: Callable[[str], str],
) -> tuple[str, str | None]:
    """(measure, subject) of a count filed under a measure that counts for `own`: another
    entity's count ("a rival says its own pilot covers 35 companies", "OpenAI's pilot",
    "businesses that pay for its Claude chatbot") leaves the measure with that entity as
    subject. Who owns `own` comes from the text ("Anthropic's Mythos"); the organization it
    names most often counts as the owner too, except against an explicit "its own"."""
    named = {canon(n) for n in m.named} | set(owners)
    if own in named:
        return name, own
    owners_of_own = {own} | {a for a, b in owned if b == own}
    allies = owners_of_own | ({prominent} if prominent else set())
    products = [p for p in (canon(x) for x in m.products) if p != own]
    foreign = [o for o in owners if o not in allies]
    if m.cue == "rival":
        return "other", foreign[0] if foreign else (owners[0] if owners else None)
    if m.cue == "own" and not (owners and set(owners) <= owners_of_own):
        return "other", owners[0] if owners else None
    if products:
        return "other", products[0]
    if foreign:
        return "other", foreign[0]
    return name, own


def _past_the_block(
    m: Mention,
    previous: tuple[str, str | None] | None,
    seen: dict[str, tuple[str, str | None]],
    measures: Sequence[Measure],
) -> tuple[str, str | None] | None:
    """The antecedent of an elliptical count that opens its block, if its words still point
    back: "roughly 30 more", "the tally", "the total" continue the previous block's latest
    count; a bare number whose sentence speaks of a measure ("fewer than 200 would have
    access") continues that measure's latest count anywhere before it."""
    if m.claim.kind == "delta" or m.generic:
        return previous
    for measure in measures:
        if measure.name in seen and any(t.lower() in m.context for t in measure.context):
            return seen[measure.name]
    return None


def _by_name(measures: Sequence[Measure], name: str) -> Measure | None:
    return next((m for m in measures if m.name == name), None)


def _by_holder_or_aside(
    m: Mention,
    noun: str,
    measures: Sequence[Measure],
    present: set[str],
    canon: Callable[[str], str],
) -> str:
    """A count of a measure's noun whose sentence lacks the measure's context words still
    counts for it when what it gets names the measure's subject ("open its Mythos model to 150
    organizations"; not "Mythos found flaws at 40 companies"), or when it is an aside in a
    block about the measure ("its reach — some 60 agencies, most of them hospitals —")."""
    named = {canon(n) for n in (*m.offered, *m.owners)}
    for measure in measures:
        if noun not in _nouns(measure):
            continue
        if measure.subject and canon(measure.subject) in named:
            return measure.name
        if m.aside and measure.name in present:
            return measure.name
    return "other"


def _nouns(measure: Measure) -> set[str]:
    return {n.lower() for n in measure.nouns}
