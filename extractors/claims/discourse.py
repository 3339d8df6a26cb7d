"""Measures carried across sentences: the document-level pass after per-sentence mentions.

Reporters elide the counted noun once it is established ("Who can use it today? About 60",
"it asked to admit roughly 30 more", "lift the tally to nearly 90"). Such an elliptical count
takes its measure and noun from its discourse: the most recent count in the same block
(a paragraph, or a heading with the paragraphs under it up to the next heading; a question
heading opens a block for its answer and may itself name the measure). An elliptical count
that opens its block continues the previous block's count when its words say so ("30 more",
"the tally"), or its measure's latest count when its sentence speaks of the measure ("fewer
than 200 would have access"); a delta ("70 more") reaches past paragraphs without counts. Its
kind comes from its own words (total → level, more → delta), read per sentence in syntax.py.
A bare repeat of a count's value ("None of the 52 has ...", "when the 57 would reopen") is
that count, with its measure, noun, kind and modality. A headline is a block of its own; so
is each list item or timeline entry.

A count of a measure's noun (plurals aside) whose sentence lacks the measure's context words
counts for it when its paragraph has them (a headline reads the whole story), when it is an
aside in a block about the measure, when what the counted things get names the measure's
subject, or when it is a delta of a measure the text has already counted ("21 extra firms").
A part ("two of which", "banks (14)") or the whole a part is taken from ("58 of the
district's 71 schools") is no count of the measure. A count whose holder is someone else's
("its own pilot", "the rival's pilot", "Google's program", "its Claude chatbot") leaves the
measure when the measure names what it counts (`Measure.subject`, which is also the default
subject of its claims).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from claimwatch.extractors.claims.mention import Discourse, Mention
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Measure

# A heading is a one-line paragraph of at most this many words that does not end a sentence
# (or ends with "?"): "Who can use it today?", "2. Chips", "By the numbers".
MAX_HEADING_WORDS = 12
# A first heading this long is a story's title (a headline), not a section label ("At a
# glance", "By the numbers") whose list follows.
MIN_TITLE_WORDS = 5
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = tuple('.!,;"\u201d\u2019)')
# A line break before a list item's marker ("• ", "- ", "3. "): the break ends a paragraph.
# So does a short label and a dash or colon opening a line, as timelines and liveblogs write
# their entries ("Oct. 20 \u2014 Strike begins.", "10:41 ET \u2014 ...", "April: ...").
_LIST_ITEM = (
    r"\n(?=[ \t]*(?:[\u2022\u2023\u25aa*\u2013\u2014-]|\d{1,2}[.)])[ \t]"
    r"|[^\n]{1,24}?[ \t][\u2014\u2013][ \t]|[A-Z][^\n:]{0,24}:[ \t])"
)


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of text whose counts share a discourse; offsets are characters."""

    start: int
    end: int
    heading_end: int | None = None  # end of the heading line that opens the block
    question: bool = False  # the heading asks a question its paragraphs answer
    title: bool = False  # the story's headline: it speaks for the whole text


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated when the text has blank lines,
    else one per line (stored texts keep one paragraph per line, text_norm.normalize_text).
    A bulleted or numbered list item starts a paragraph of its own either way. What the
    extract stage reads is a stored text under its headline ("title\n\nP1\nP2"): a lone blank
    line after a one-line first paragraph sets off a title, not paragraphs."""
    blanks = list(_BLANK_LINE.finditer(text))
    titled = len(blanks) == 1 and "\n" not in text[: blanks[0].start()]
    if blanks and not titled:
        sep = re.compile(_BLANK_LINE.pattern + "|" + _LIST_ITEM)
    else:
        sep = re.compile(r"\n")
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


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, in order."""
    return _paragraphs(text)


def _is_heading(line: str) -> bool:
    if "\n" in line or len(line.split()) > MAX_HEADING_WORDS:
        return False
    return line.endswith("?") or not line.endswith(_SENTENCE_END)


def blocks_of(text: str) -> list[Block]:
    """The text's blocks in order: each heading with the paragraphs under it up to the next
    heading; every paragraph before the first heading a block of its own. A title (a first
    paragraph that reads as a long heading and asks nothing) is a block of its own: it heads
    the whole story, not one stretch of it, and its counts are not what a paragraph refers to.
    """
    paragraphs = _paragraphs(text)
    blocks: list[Block] = []
    open_heading = False
    for n, (start, end) in enumerate(paragraphs):
        line = text[start:end]
        heading = _is_heading(line) and n + 1 < len(paragraphs)
        if heading and n == 0 and not line.endswith("?") and len(line.split()) >= MIN_TITLE_WORDS:
            blocks.append(Block(start, end, title=True))
            continue
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
    # A bare repeat of an earlier count ("None of the 52 ...") is that count: its kind and
    # modality too. None keeps the mention's own.
    kind: str | None = None
    modality: str | None = None


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

    starts = [start for start, _ in found.paragraphs]

    words_of: dict[int, frozenset[str]] = {}  # paragraph → its words, read when first asked

    def paragraph_of(char: int) -> int:
        return max(0, bisect_right(starts, char) - 1)

    def paragraph_words(char: int) -> frozenset[str]:
        if not starts:
            return frozenset()
        n = paragraph_of(char)
        if n not in words_of:
            if found.titled and n == 0:  # a headline speaks for the whole story
                words_of[n] = frozenset(" ".join(w for _, w in found.paragraphs).split())
            else:
                words_of[n] = frozenset(found.paragraphs[n][1].split())
        return words_of[n]

    present: dict[int, set[str]] = {}
    for m, name in zip(mentions, base, strict=True):
        if name != "other" and not m.elliptical:
            present.setdefault(m.block, set()).add(name)
    for b, seed in seeds.items():
        if seed:
            present.setdefault(b, set()).add(seed)

    last: dict[int, tuple[str, str | None]] = {}  # block → (measure, noun) of its latest count
    seen: dict[str, tuple[str, str | None]] = {}  # measure → its latest count in the text
    latest: list[tuple[str, str | None]] = []  # the text's latest count, whatever its block
    echoes: dict[Decimal, tuple[str, str | None, str, str]] = {}  # value → latest count of it
    # (paragraph, measure) of each count its own sentence filed under the measure so far
    counted: set[tuple[int, str]] = set()
    out: list[Resolution] = []
    for m, name in zip(mentions, base, strict=True):
        claim = m.claim
        noun = claim.noun
        base_name = name
        if claim.quantity != "count":
            out.append(Resolution(name, noun, None))
            continue
        antecedent = last.get(m.block)
        if antecedent is None and seeds.get(m.block):
            antecedent = (seeds[m.block] or "other", None)
        if antecedent is None:
            previous = last.get(m.block - 1) or (
                latest[0] if m.claim.kind == "delta" and latest else None
            )
            antecedent = _past_the_block(m, previous, seen, measures)
        elif antecedent[0] == "other" and m.elliptical and noun is None:
            # "... date codes from 2409 to 2602. Roughly 212,000 are covered.": a count of
            # other things is no antecedent for a sentence that speaks of a measure.
            known = {**seen, **{s: (s, None) for s in [seeds.get(m.block)] if s}}
            antecedent = _named_by_context(m, known, measures) or antecedent
        echo = echoes.get(claim.value) if m.elliptical and noun is None else None
        if echo is not None:
            name, noun = echo[:2]  # "None of the 52 has ...": the 52 companies named before
        elif m.elliptical and noun is None and antecedent is not None:
            name, noun = antecedent  # "About 60, by the company's own count."
        elif m.elliptical and name == "other" and antecedent and antecedent[1] == noun:
            name = antecedent[0]  # "a plan to admit 70 more": the noun lent by "60 agencies"
        elif name == "other" and noun is not None:
            name = _by_holder_or_aside(m, noun, measures, present.get(m.block, set()), canon)
            if name == "other":
                # Not once the paragraph has counted the measure in so many words: "Mythos is
                # available to 40 organizations. Anthropic also has 300 business customers."
                here = paragraph_of(claim.start_char)
                open_measures = [x for x in measures if (here, x.name) not in counted]
                name = _by_paragraph(noun, open_measures, paragraph_words(claim.start_char))
            if name == "other" and claim.kind == "delta":
                name = _continued(noun, measures, seen)  # "21 extra firms", "two more towns"
        if name != "other" and echo is None and is_whole(claim):
            name = "other"  # "58 of the district's 71 schools": the 71 were not shut
        measure = _by_name(measures, name)
        subject: str | None = None
        owners = tuple(canon(o) for o in m.owners)
        if measure is not None and measure.subject:
            name, subject = _whose(m, name, canon(measure.subject), owners, owned, prominent, canon)
        elif owners:
            subject = owners[0]
        # A count filed under a measure is an antecedent even of a source noun ("12,400
        # people receive aid"); "one" is a determiner more often than a count ("one batch").
        if (m.antecedent or name != "other") and (noun is not None or name != "other"):
            if claim.value != 1:
                last[m.block] = seen[name] = (name, noun)
                latest[:] = [(name, noun)]
            if name != "other":
                echoes[claim.value] = (name, noun, claim.kind, claim.modality)
        if base_name != "other" and not m.elliptical and starts:
            counted.add((paragraph_of(claim.start_char), base_name))
        if echo is not None:
            out.append(Resolution(name, noun, subject, kind=echo[2], modality=echo[3]))
        else:
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
    access") continues that measure's latest count anywhere before it. A delta ("70 more")
    always points back: past a paragraph without counts, to the text's latest count."""
    named = _named_by_context(m, seen, measures)
    if named is not None:
        return named
    if m.claim.kind == "delta" or m.generic:
        return previous
    return None


def _named_by_context(
    m: Mention, known: dict[str, tuple[str, str | None]], measures: Sequence[Measure]
) -> tuple[str, str | None] | None:
    """The latest count of the first known measure whose context words the sentence uses."""
    for measure in measures:
        if measure.name in known and any(t.lower() in m.context for t in measure.context):
            return known[measure.name]
    return None


def _by_paragraph(noun: str, measures: Sequence[Measure], words: frozenset[str]) -> str:
    """A count of a measure's noun whose context words sit elsewhere in its paragraph:
    "Picket lines are up at every school. The union says 3,250 members are out today."."""
    for measure in measures:
        if counts_noun(measure, noun) and any(
            all(w in words for w in t.lower().split()) for t in measure.context
        ):
            return measure.name
    return "other"


def _continued(
    noun: str, measures: Sequence[Measure], seen: dict[str, tuple[str, str | None]]
) -> str:
    """A delta points back to the count it changes: "21 extra firms", "another 8 towns" of a
    measure's noun continue that measure once the text has given it a count."""
    for measure in measures:
        if measure.name in seen and counts_noun(measure, noun):
            return measure.name
    return "other"


# "two of which", "9 of those towns", "some of them": a part of a set named before, not how
# many the set holds (a closed set of function words, not lexicon).
_SUBSET_AFTER = re.compile(r"\s+of\s+(?:which|whom|those|these|them)\b", re.IGNORECASE)
# "58 of the district's 71 schools": what comes before the whole a part is taken from.
_WHOLE_BEFORE = re.compile(r"\d\s+of\s+(?:(?:the|its|their|\w+'s)\s+)*$", re.IGNORECASE)
# "banks (14), hospitals (22)": a breakdown's parts, each in brackets after what it counts.
_PART_BEFORE = re.compile(r"[^\W\d]\s*\(\s*$")
_PART_AFTER = re.compile(r"\s*\)")


def _places(claim: Claim) -> list[int]:
    """Where the mention's text stands in its sentence (as a whole number, not a digit run)."""
    sentence, text = claim.sentence, claim.value_text
    out, at = [], sentence.find(text)
    while at >= 0:
        end = at + len(text)
        before = sentence[at - 1] if at else " "
        after = sentence[end : end + 2]
        if not (before.isalnum() or before in ",.") and not (
            after[:1].isdigit() or (after[:1] in ",." and after[1:2].isdigit())
        ):
            out.append(at)
        at = sentence.find(text, at + 1)
    return out


def is_whole(claim: Claim) -> bool:
    """The count is the whole a part is taken from: "shutting 58 of the district's 71
    schools" (the 71 are not what was shut)."""
    return any(_WHOLE_BEFORE.search(claim.sentence, 0, at) for at in _places(claim))


def is_subset(claim: Claim) -> bool:
    """The count is a part of a set the sentence refers back to ("14 burn injuries, two of
    which required hospital treatment") or of a breakdown ("banks (14), hospitals (22)")."""
    sentence, size = claim.sentence, len(claim.value_text)
    for at in _places(claim):
        if _SUBSET_AFTER.match(sentence, at + size):
            return True
        if _PART_BEFORE.search(sentence, 0, at) and _PART_AFTER.match(sentence, at + size):
            return True
    return False


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
        if not counts_noun(measure, noun):
            continue
        if measure.subject and canon(measure.subject) in named:
            return measure.name
        if m.aside and measure.name in present:
            return measure.name
    return "other"


def noun_forms(noun: str) -> set[str]:
    """A counted noun's lemma and its singular as a plural's stem: the lemmatizer leaves
    headline capitals alone ("52 FIRMS" → "firms") and topic files may list plurals."""
    noun = noun.lower()
    forms = {noun}
    if noun.endswith("ies") and len(noun) > 4:
        forms.add(noun[:-3] + "y")
    elif noun.endswith("es") and len(noun) > 3:
        forms |= {noun[:-1], noun[:-2]}
    elif noun.endswith("s") and not noun.endswith("ss") and len(noun) > 2:
        forms.add(noun[:-1])
    return forms


def counts_noun(measure: Measure, noun: str) -> bool:
    """Whether the measure counts things named `noun` (a lemma), plurals aside."""
    return bool(noun_forms(noun) & _nouns(measure))


@cache
def _noun_set(nouns: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for n in nouns for f in noun_forms(n))


def _nouns(measure: Measure) -> frozenset[str]:
    return _noun_set(measure.nouns)
