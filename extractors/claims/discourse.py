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
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from claimwatch.extractors.claims import columns, lexicon
from claimwatch.extractors.claims.mention import Discourse, Mention
from claimwatch.extractors.claims.syntax import Amount
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import GazetteerEntry, Measure

# Marks the noun a question heading counts among its words ("How many accounts ...?" →
# "many:account"): component._heading_words writes it, _asks_for_a_count reads it.
ASKED_NOUN = "many:"
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
# their entries ("Oct. 20 \u2014 Strike begins.", "10:41 ET \u2014 ...", "April: ..."), and
# a table written as lines its rows ("All sectors | 80 | 4,265").
_LIST_ITEM = (
    r"\n(?=[ \t]*(?:[\u2022\u2023\u25aa*\u2013\u2014-]|\d{1,2}[.)])[ \t]"
    r"|[^\n]{1,24}?[ \t][\u2014\u2013][ \t]|[A-Z][^\n:]{0,24}:[ \t]|[^\n]*\|)"
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
            out.extend(_rows_apart(text, pos + lead, pos + len(chunk.rstrip())))
        pos = m.end() if m else len(text)
    return out


def _rows_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph whose lines include rows of a table aligned with spaces, each row a
    paragraph of its own (the lines around them stay together): [(start, end)] otherwise."""
    if "\n" not in text[start:end] or "  " not in text[start:end]:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    group: tuple[int, int] | None = None
    pos = start
    for line in text[start:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            continue
        if columns.aligned(line):
            if group is not None:
                out.append(group)
                group = None
            out.append((a + len(line) - len(line.lstrip()), a + len(line.rstrip())))
        else:
            group = (
                group[0] if group else a + len(line) - len(line.lstrip()),
                a + len(line.rstrip()),
            )
    if group is not None:
        out.append(group)
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
    # Filed as the figure before it in its sentence, restated, carried on or compared with
    # ("£96bn this year, 3.4% of GDP"): a decision of its own words the learned step keeps.
    restated: bool = False


def subject_label(measure: Measure, gazetteer: Gazetteer) -> str | None:
    """The entity label the topic's gazetteer gives the measure's subject ("ORG" for a company
    whose measures count what it does, "PRODUCT" for a program's members), if it has one."""
    entry = gazetteer.lookup(measure.subject) if measure.subject else None
    return entry.label if entry is not None else None


@cache
def term_words(terms: tuple[str, ...]) -> frozenset[str]:
    """The lower-cased words of a measure's terms ("damage inspection" → damage, inspection)."""
    return frozenset(w.lower() for t in terms for w in t.split())


def _asking(heading: Sequence[str], measures: Sequence[Measure]) -> Sequence[Measure]:
    """The measures that count what a question heading asks how many of ("How many homes have
    burned?" asks of a measure of homes, though "burned" is a context word of the area's), or
    every measure when it asks of none of their things."""
    things = [w[len(ASKED_NOUN) :] for w in heading if w.startswith(ASKED_NOUN)]
    counting = [m for m in measures if any(counts_noun(m, t) for t in things)]
    return counting or measures


def _seed(heading: Sequence[str], measures: Sequence[Measure]) -> str | None:
    """The measure a question heading asks about: "Who can use it today?" → the measure whose
    context includes "use"; "How many organizations have access?" → its nouns and context."""
    words = set(heading)
    # What happened to them names the measure before whom it happened to: "How many people
    # have died?" asks about deaths, though displaced people are people too.
    named = _by_context(words, measures)
    if named is not None:
        return named
    for m in measures:
        if any(n.lower() in words for n in m.nouns):
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
    # Measure subjects that are organizations (the topic's gazetteer says so): they do what
    # their measures count.
    organizations = frozenset(
        canon(x.subject) for x in measures if x.subject and subject_label(x, gazetteer) == "ORG"
    )
    asked = {b: (h, _asking(h, measures)) for b, h in enumerate(found.headings) if h}
    seeds = {b: _seed(h, of) for b, (h, of) in asked.items()}
    deeds = {b: _by_context(h, of) for b, (h, of) in asked.items()}
    subjects = {canon(x.subject) for x in measures if x.subject}

    starts = [start for start, _ in found.paragraphs]

    words_of: dict[int, frozenset[str]] = {}  # paragraph → its words, read when first asked

    def paragraph_of(char: int) -> int:
        return paragraph_index(starts, char)

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
    sizes: dict[int, Decimal] = {}  # block → the size of its latest count
    seen: dict[str, tuple[str, str | None]] = {}  # measure → its latest count in the text
    latest: list[tuple[str, str | None]] = []  # the text's latest count, whatever its block
    filed: list[tuple[str, str | None]] = []  # the text's latest count filed under a measure
    echoes: dict[Decimal, tuple[str, str | None, str, str]] = {}  # value → latest count of it
    # (paragraph, measure) of each count its own sentence filed under the measure so far
    counted: set[tuple[int, str]] = set()
    # block → index of its latest count of anything; and, per bare count, the count it
    # follows (a later pass may file that one under a measure: _followed)
    recent: dict[int, int] = {}
    follows: dict[int, int] = {}
    out: list[Resolution] = []
    amounts = _Amounts(
        measures,
        found,
        lambda m, n, own: _whose(
            m, n, own, tuple(map(canon, m.owners)), owned, prominent, canon, organizations
        ),
        canon,
    )
    for i, (m, name) in enumerate(zip(mentions, base, strict=True)):
        claim = m.claim
        noun = claim.noun
        base_name = name
        if m.amount is not None:
            out.append(amounts.resolve(m, name, paragraph_words(claim.start_char)))
            continue
        if claim.quantity != "count":
            out.append(Resolution(name, noun, None))
            continue
        antecedent = last.get(m.block)
        size = sizes.get(m.block)
        if m.elliptical and antecedent is not None and size and claim.value > _SCALE_GAP * size:
            # "44 schools remain shut. The union says 3,650 are still out.": a bare count
            # many times the block's latest count counts something else
            antecedent = _named_by_context(m, seen, measures)
        if antecedent is None and seeds.get(m.block):
            antecedent = (seeds[m.block] or "other", None)
        if antecedent is None and m.elliptical and noun is None:
            asks = _asked(found, claim.start_char, paragraph_of, measures)
            antecedent = (asks, None) if asks else None
        if antecedent is None and filed and _asks_for_a_count(found, m.block, measures):
            antecedent = filed[0]  # "How many more does it want to add?\nRoughly 70."
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
        if (
            noun is None
            and antecedent
            and antecedent[0] == "other"
            and not any(counts_noun(x, antecedent[1] or "") for x in measures)
            and filed
            and _the_figure(claim)
        ):
            # "put the figure at 95" after "101 organisations ... approved the last 15
            # applicants": the figure under discussion is the measure's, not the latest count
            # of other things (but a rival's "350 companies" is what "the correct figure"
            # corrects)
            antecedent = filed[0]
        # "None of the 52 has ...", and "four of its members were among the 90", whose
        # noun the parser lends from the partitive before it
        bare = m.elliptical and (noun is None or _the_bare(claim))
        echo = echoes.get(claim.value) if bare else None
        if echo is not None and noun is not None:
            m = replace(m, owners=())  # the lender's owner ("its members") is not the 90's
        # "an estimated 61,000 displaced", "66,000 are displaced": what a bare count's people
        # underwent names its measure before any antecedent does
        deed = _by_context(m.does, measures) if m.elliptical and m.does else None
        if echo is not None:
            name, noun = echo[:2]  # "None of the 52 has ...": the 52 companies named before
        elif deed:
            name = deed
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
            answered = _by_name(measures, deeds.get(m.block) or "")
            if name == "other" and answered is not None and counts_noun(answered, noun):
                # "How fast did it grow?" / "... had covered roughly 3,200 acres by nightfall":
                # a count of what the block's heading asks about answers it. Not a heading
                # that names only the things ("How many people were hurt?" asks of no measure
                # of displaced people).
                name = answered.name
            # "21 extra firms", "two more towns"; not a change made elsewhere ("lifted
            # contributions by 1 point at the Kentucky system")
            elsewhere = {canon(n) for n in m.offered} - subjects
            if name == "other" and claim.kind == "delta" and not elsewhere:
                name = _continued(noun, measures, seen)
        if name == "other" and m.elliptical and claim.noun is None:
            # "At 120, Mythos would ...", "the program would reach roughly 75"
            name = _by_program(m, measures, seen, canon)
            if name == "other":
                name = _by_deed(m.does, measures)  # "34 had died in all"
            noun = noun if name == "other" else None
        if name != "other" and echo is None and is_whole(claim):
            name = "other"  # "58 of the district's 71 schools": the 71 were not shut
        measure = _by_name(measures, name)
        subject: str | None = None
        owners = tuple(canon(o) for o in m.owners)
        if measure is not None and measure.subject:
            name, subject = _whose(
                m, name, canon(measure.subject), owners, owned, prominent, canon, organizations
            )
        elif owners:
            subject = owners[0]
        # A count filed under a measure is an antecedent even of a source noun ("12,400
        # people receive aid"); "one" is a determiner more often than a count ("one batch").
        points_back = m.antecedent and not m.sayer
        if (points_back or name != "other") and (noun is not None or name != "other"):
            if claim.value != 1:
                last[m.block] = seen[name] = (name, noun)
                sizes[m.block] = abs(claim.value)
                latest[:] = [(name, noun)]
            if name != "other":
                # An echo whose own words leave its modality open passes on the one it took
                # ("You promised 40." ... "All 40? Finished?" ... "will it still be 40?")
                prior = echoes.get(claim.value)
                said_before = claim.modality if m.marked or prior is None else prior[3]
                echoes[claim.value] = (name, noun, claim.kind, said_before)
                filed[:] = [(name, noun)]
        if base_name != "other" and not m.elliptical and starts:
            counted.add((paragraph_of(claim.start_char), base_name))
        before = recent.get(m.block)  # a bare count opening its block points back to none
        # not set off from the clause: "his cousin, Mele Tuilagi, 29" is an age
        if m.elliptical and name == "other" and before is not None and not m.aside:
            follows[i] = before
        if m.antecedent and not m.sayer and claim.value != 1:
            recent[m.block] = i
        if echo is not None:
            # Its own phrase may still say otherwise ("the 50 admitted in April"); the
            # clause around it does not ("when the 57 would reopen").
            # A figure once proposed may since have come true ("promised 40 hospitals ...
            # all 40 have now been completed"): its clause's own actual stands.
            came_true = (
                echo[3] == "proposed"
                and m.marked
                and claim.modality == "actual"
                and m.modality_reason in _CAME_TRUE
            )
            said = None if m.own_modality or came_true else echo[3]
            # and its own words may say its kind: "the company wanted roughly 70 more" after
            # "some 70 companies" is a change, whatever the 70 before it was
            kind = None if m.kind_said and m.claim.quantity == "count" else echo[2]
            out.append(Resolution(name, noun, subject, kind=kind, modality=said))
        else:
            out.append(Resolution(name, noun, subject))

    def whose(m: Mention, name: str) -> tuple[str, str | None]:
        measure = _by_name(measures, name)
        if measure is None or not measure.subject:
            return name, None
        owners = tuple(canon(o) for o in m.owners)
        return _whose(
            m, name, canon(measure.subject), owners, owned, prominent, canon, organizations
        )

    out = _labelled_figures(mentions, out, found, measures, whose)
    out = _repeated_figures(mentions, out, measures, whose)
    out = _by_theme(mentions, base, out, measures, whose)
    out = _sibling_totals(mentions, out, whose)
    out = _followed(mentions, out, follows, measures, whose)
    out = _repeated_figures(mentions, out, measures, whose)
    out = _coordinated_amounts(mentions, out, whose)
    out = _summed_parts(mentions, out)
    out = _strangers(mentions, out, measures, gazetteer)
    out = _echoed_kinds(mentions, out)
    out = _contrasted_kinds(mentions, out)
    return _arithmetic_kinds(mentions, _settle_modality(mentions, out, found, paragraph_of))


# "put the figure at", "lift the tally to", "the number is now": a generic head for the figure
# under discussion, right before the count (not "the number trading above their opening price
# fell by 12", whose words say what it counts, nor "expects that number to reach 2,000", which
# points back at the count before it).
_THE_FIGURE = re.compile(
    r"\b(?:the|its)\s+(?:[a-z]+\s+)?(?:figure|tally|number|count|"
    r"total|toll)\s+(?:at|to|is|was|stood|stands|now|had|has|would|will|could|near|around)\b"
    r"[^.;:!?]{0,25}$",
    re.IGNORECASE,
)


def _the_bare(claim: Claim) -> bool:
    """The count follows "the" ("among the 90"): with no noun of its own (the caller knows),
    the figure named before."""
    before = claim.sentence[: claim.start_char - claim.sentence_start]
    return before.lower().endswith("the ")


def _the_figure(claim: Claim) -> bool:
    """The count completes a generic head for the figure under discussion (`_THE_FIGURE`)."""
    before = claim.sentence[: claim.start_char - claim.sentence_start][-80:]
    return _THE_FIGURE.search(before) is not None


def paragraph_index(starts: Sequence[int], char: int) -> int:
    """The paragraph a character offset is in, given the paragraphs' start offsets in order
    (Discourse.paragraphs); 0 when there are none."""
    return max(0, bisect_right(starts, char) - 1)


def _by_context(words: Collection[str], measures: Sequence[Measure]) -> str | None:
    """The first measure one of whose context terms is among `words` (lower-cased, a short
    set: a heading's, a clause's). A term of several words is among them when each of its
    words is ("How many people have lost their homes?": "lost their homes")."""
    for m in measures:
        for t in m.context:
            if " " in t and set(t.lower().split()) <= set(words):
                return m.name
            if any(f in words for f in lexicon.context_forms(t)):
                return m.name
    return None


def _labelled_figures(
    mentions: Sequence[Mention],
    out: list[Resolution],
    found: Discourse,
    measures: Sequence[Measure],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """A figure that stands alone as a paragraph, its label the paragraph after it ("62" /
    "The number of organizations that now hold access to Mythos."; a "numbers of the week"
    or fact-box layout), counts what its label names: a measure's noun or a member noun, with
    the measure's context words (or the topic's one count measure). The label's words say
    its kind ("additional licences": delta) and modality ("revised request": proposed)."""
    lex = lexicon.default()
    starts = [start for start, _ in found.paragraphs]
    counts = [x for x in measures if units_of(x) == {"count"}]
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        claim = m.claim
        if r.measure != "other" or claim.quantity != "count" or claim.noun is not None:
            continue
        if claim.sentence.strip() != claim.value_text.strip():
            continue
        n = bisect_right(starts, claim.start_char)  # the paragraph after the figure's
        if n >= len(starts) or starts[n - 1] != claim.start_char:
            continue  # not "In hospital: 9", a label before its figure
        words = frozenset(found.paragraphs[n][1].split())
        members = bool(words & lex.member_nouns)
        for measure in counts:
            names = members or any(counts_noun(measure, w) for w in words)
            said = any(all(w in words for w in t.lower().split()) for t in measure.context)
            if names and (said or len(counts) == 1):
                name, subject = whose(m, measure.name)
                if name == "other":
                    break
                kind = "delta" if words & lex.delta_words else None
                proposed = words & (lex.proposal_nouns | lex.proposal_verbs)
                settled[i] = replace(
                    r,
                    measure=name,
                    subject=subject or r.subject,
                    kind=kind,
                    modality="proposed" if proposed else None,
                )
                break
    return settled


def _asked(
    found: Discourse, char: int, paragraph_of: Callable[[int], int], measures: Sequence[Measure]
) -> str | None:
    """The measure a question asks about when a bare count answers it: the question ends the
    paragraph right before the count's, or comes before the count in its own paragraph
    ("PRIYA: How many access holders are there?" / "FELD: The last number was 61.")."""
    words = _question_before(found, char, paragraph_of)
    return None if words is None else _seed(words, measures)


def _question_before(
    found: Discourse, char: int, paragraph_of: Callable[[int], int]
) -> tuple[str, ...] | None:
    """The words of the latest question before this point when it ends the paragraph before
    or comes earlier in the same one (a transcript's question and its answer)."""
    here = paragraph_of(char)
    for start, words in reversed(found.asked):
        if start >= char:
            continue
        return words if paragraph_of(start) in (here, here - 1) else None
    return None


def _names_category(category: str, terms: tuple[str, ...]) -> bool:
    """The measure's words name the category ("probable") or the state ("injured", or its
    noun "injuries": a state's word without its "-ed" starts a measure's word of its own; not
    a word of a longer term, "damage inspection" names no damaged homes)."""
    if category in term_words(terms):
        return True
    stem = category.removesuffix("ed")
    singles = [t.lower() for t in terms if " " not in t.strip()]
    return stem != category and len(stem) >= 4 and any(w.startswith(stem) for w in singles)


def _by_deed(does: tuple[str, ...], measures: Sequence[Measure]) -> str:
    """The measure whose context names what a bare count's subjects did or underwent: "34 had
    died in all", "about 900 were evacuated"; "other" when none does."""
    return _by_context(does, measures) or "other"


def _followed(
    mentions: Sequence[Mention],
    out: list[Resolution],
    follows: dict[int, int],
    measures: Sequence[Measure],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """A bare count left outside every measure whose antecedent (its block's latest count) a
    later pass filed under one: "the program had 85 members. It has 80",
    "In May the plan was 120. Now it is 90." Not a count many times its antecedent, nor a
    whole ("of the 71"), nor one that names other things than its antecedent does, nor one
    whose antecedent names things its measure does not count ("floods cut three roads. The
    real figure is nearer 40"; members, "85 members", are the program's)."""
    members = lexicon.default().member_nouns
    settled = list(out)
    for i, j in sorted(follows.items()):
        m, r, ante = mentions[i], settled[i], settled[j]
        claim = m.claim
        if r.measure != "other" or ante.measure == "other" or is_whole(claim):
            continue
        measure = _by_name(measures, ante.measure)
        said = mentions[j].claim.noun
        if measure is None or not (said is None or said in members or counts_noun(measure, said)):
            continue
        if r.noun is not None and r.noun != said and r.noun != ante.noun:
            continue
        if abs(claim.value) > _SCALE_GAP * abs(mentions[j].claim.value):
            continue
        name, subject = whose(m, ante.measure)
        if name != "other":
            settled[i] = replace(r, measure=name, noun=ante.noun, subject=subject or r.subject)
    return settled


def _strangers(
    mentions: Sequence[Mention],
    out: list[Resolution],
    measures: Sequence[Measure],
    gazetteer: Gazetteer,
) -> list[Resolution]:
    """A count whose sentence makes another entity of the measure subject's own kind its doer
    or holder ("Cyclone Orun displaced 61,000 people" in a story about Cyclone Mireva) is that
    entity's count: a name the topic does not know that shares a word with the subject's
    names without being part of them (not "Brenton" for the Brenton Water Authority); among
    the names in its holders ("Neighboring Delford County has confirmed 6 cases" in a story
    about Marlow County), one that does not hold the subject's whole name ("the Mythos
    preview" does).

    A count whose own clause gives it a wider area than a place the measure is about
    ("statewide", "nationally", "the state reported 218"; syntax.scope) is that area's, unless
    the measure's description names the area ("the nationwide death toll"); a count of another
    category of the measure's things ("11 probable cases"; syntax.category), or of people in
    another state ("1,034 injured"; syntax.state), is not the measure's unless its context or
    nouns name that category or state; a count of another, dated event ("a quake in 2019 that
    killed 61 people"; measure.other_events) is that event's."""
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        if r.measure == "other" or m.claim.quantity != "count":
            continue
        measure = _by_name(measures, r.measure)
        if measure is None:
            continue
        if "count" not in units_of(measure) and m.claim.noun not in lexicon.default().step_nouns:
            # "55 of the 74 children": a count of a rate's people is not the rate ("6.6
            # points" is a step of it)
            settled[i] = replace(r, measure="other")
            continue
        if m.sayer and (m.elliptical or not counts_noun(measure, m.claim.noun or "")):
            # "Nine said they plan to add seats", "two participants put their costs at ...":
            # a count of those who give a figure or a view is of the sources, not the measure;
            # not one the measure names by its own noun ("About 40 companies said they had
            # received access": they say it of themselves)
            settled[i] = replace(r, measure="other")
            continue
        if not measure.subject:
            continue
        kin = _subject_words(measure.subject, gazetteer)
        whole = set(_name_words(measure.subject))
        for n, own in enumerate((m.claim.subject, *m.named)):
            if not own or gazetteer.lookup(own) is not None:
                continue
            words = set(_name_words(own))
            if words & kin and not words <= kin and (n == 0 or not whole <= words):
                settled[i] = replace(r, measure="other", subject=gazetteer.canonicalize(own))
                break
        if settled[i].measure == "other":
            continue
        e = gazetteer.lookup(measure.subject)
        if e is not None and e.label in ("GPE", "LOC") and m.scope and _wider(m.scope, measure, e):
            settled[i] = replace(r, measure="other", subject=None)
        if m.category and not _names_category(m.category, (*measure.context, *measure.nouns)):
            settled[i] = replace(r, measure="other")
    for i, (m, r) in enumerate(zip(mentions, settled, strict=True)):
        if r.measure != "other" and m.event is not None:
            # "a quake in 2019 that killed 61 people": another event's count (measure.other_events)
            settled[i] = replace(r, measure="other", subject=m.event)
    places = any(e.label in ("GPE", "LOC") for e in gazetteer.by_key.values())
    for i, (m, r) in enumerate(zip(mentions, settled, strict=True)):
        # "In Marinda, authorities say 9,500 people fled": a sentence set in a place the topic
        # does not know, when the topic lists the places it is about, counts elsewhere.
        where = m.scene if places else None
        if r.measure == "other" or where is None or gazetteer.lookup(where) is not None:
            continue
        if m.claim.quantity == "count":
            settled[i] = replace(r, measure="other", subject=where)
    return settled


def _wider(scope: str, measure: Measure, place: GazetteerEntry) -> bool:
    """The area a count's clause gives it ("statewide", "the country") is wider than the place
    the measure is about: every such area for a place smaller than a state ("Marlow County"),
    a nation or the world for any other, unless the measure's description names the area
    ("the nationwide death toll")."""
    lex = lexicon.default()
    if scope in set(re.findall(r"[\w-]+", measure.description.lower())):
        return False
    names = {w.lower() for n in (place.canonical, *place.aliases) for w in n.split()}
    return bool(names & lex.local_units) or scope in lex.national_scopes


def _name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", name.lower()) if w not in ("the", "of", "s")]


def _subject_words(subject: str, gazetteer: Gazetteer) -> frozenset[str]:
    """The words of a measure subject's canonical name and aliases."""
    entry = gazetteer.lookup(subject)
    names = (entry.canonical, *entry.aliases) if entry is not None else (subject,)
    return frozenset(w for n in names for w in _name_words(n))


def _sibling_totals(
    mentions: Sequence[Mention],
    out: list[Resolution],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """A total or tally that names nothing ("asked to add about 70 more, which would have
    lifted the total to around 120") is the total of what its own sentence counts under a
    measure, whatever count came before the sentence."""
    filed: dict[int, str] = {}  # sentence start → the measure a count of it is filed under
    for m, r in zip(mentions, out, strict=True):
        if r.measure != "other" and m.claim.quantity == "count":
            filed.setdefault(m.claim.sentence_start, r.measure)
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        claim = m.claim
        name = filed.get(claim.sentence_start)
        if r.measure != "other" or name is None or not m.generic or claim.noun is not None:
            continue
        if claim.quantity != "count" or is_whole(claim) or is_subset(claim):
            continue
        name, subject = whose(m, name)
        if name != "other":
            settled[i] = replace(r, measure=name, noun=None, subject=subject or r.subject)
    return settled


def _by_theme(
    mentions: Sequence[Mention],
    base: Sequence[str],
    out: list[Resolution],
    measures: Sequence[Measure],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """A text that counts one measure only (its sentences file counts under no other count
    measure) is about that count: a bare number no sentence before it explains ("About 60, and
    every one of them is vetted.", "is it still seeking to add 70?") or a count of members
    ("200 members", "70 new slots") is that count, unless it is another entity's, a part or a
    whole of a set, or an aside. With two count measures in play, nothing is guessed."""
    lex = lexicon.default()
    counts = {x.name for x in measures if units_of(x) == {"count"}}
    named = {n for n in base if n in counts} | {r.measure for r in out if r.measure in counts}
    if not named and len(counts) == 1:
        # No sentence names the measure's words ("Read three reports on the expansion ..."),
        # but the text puts forward counts of its things ("wanted to add about 70
        # organizations"): the topic's one count measure is what it is about.
        (only,) = counts
        if _put_forward(mentions, out, _by_name(measures, only)):
            named = {only}
    if len(named) != 1:
        return out
    (theme,) = named
    measure = _by_name(measures, theme)
    assert measure is not None
    hooks = {t.lower() for t in measure.context} | lex.program_nouns
    hooks |= {measure.subject.lower()} if measure.subject else set()
    # Its figures set the scale: "2.7m patient records" is no count of a 120-member club.
    largest = max(
        (
            m.claim.value
            for m, b, r in zip(mentions, base, out, strict=True)
            if m.claim.quantity == "count" and (theme in (b, r.measure) or _puts(m, r, measure))
        ),
        default=Decimal(0),
    )
    # Blocks that count for someone else ("India runs a program of its own ... 42 utilities"):
    # their other figures may be that one's too ("a proposal would widen it to 200").
    foreign = {
        m.block
        for m in mentions
        if m.claim.quantity == "count" and (m.cue or whose(m, theme)[0] == "other")
    }
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        claim = m.claim
        if r.measure != "other" or claim.quantity != "count" or claim.value == 1:
            continue
        if claim.value > 10 * largest:
            continue
        # A generic head ("The final count was 7.") continues only its previous paragraph,
        # unless a figure is put forward for it ("could accept a total of about 90").
        # (Not a figure a source gives: "Even the count is disputed: one outlet says 78".)
        generic = m.generic and (r.modality or claim.modality) == "actual" and not m.reported
        bare = m.elliptical and claim.noun is None and not m.aside and not generic
        # ... and only a bare number that speaks of a change, a plan or the measure's words
        # ("is it still seeking to add 70?", "We are not opposed to 90."): not "It took 7."
        # ... or a figure a source gives ("two outlets have reported 85").
        bare = bare and (
            claim.kind == "delta"
            or claim.modality != "actual"
            or bool(hooks & set(m.context))
            or m.reported
        )
        # A list item's figure whose label names nothing ("- 200: the figure one outlet
        # reported") counts what the list counts.
        listed = m.elliptical and claim.noun is None and _list_figure(claim)
        # A figure put forward for the measure's own things ("lawmakers floated 200
        # organizations", "trimmed the ask to 90 organizations") is a figure of it; not things
        # whose own words propose ("turned down 9 banks that had asked to join").
        put = (
            claim.noun is not None
            and not m.own_modality
            and m.block not in foreign
            and counts_noun(measure, claim.noun)
            and (r.modality or claim.modality) == "proposed"
        )
        if not (bare or listed or put or claim.noun in lex.member_nouns) or not m.antecedent:
            continue
        if m.cue or is_whole(claim) or is_subset(claim) or _names_back(claim):
            continue
        name, subject = whose(m, theme)
        if name != "other":
            noun = r.noun if put else None
            settled[i] = replace(r, measure=name, noun=noun, subject=subject or r.subject)
    return settled


def _puts(m: Mention, r: Resolution, measure: Measure | None) -> bool:
    """A count of the measure's own things put forward or added ("proposed 200
    organizations", "add about 70 organizations"), its own words saying so."""
    claim = m.claim
    return (
        measure is not None
        and claim.quantity == "count"
        and claim.noun is not None
        and counts_noun(measure, claim.noun)
        and not m.cue
        and not m.own_modality
        and ((r.modality or claim.modality) == "proposed" or claim.kind == "delta")
    )


def _put_forward(
    mentions: Sequence[Mention], out: Sequence[Resolution], measure: Measure | None
) -> bool:
    return any(_puts(m, r, measure) for m, r in zip(mentions, out, strict=True))


_BACK = re.compile(r"\b(?:the|these|those|both|all)\s+$", re.I)


def _names_back(claim: Claim) -> bool:
    """A small count in words after a definite determiner points back at things just named
    ("Amazon, Google and Broadcom ... the three partners", "the two companies"): it counts
    them, not the measure's tally ("the 70 new slots" is a figure, and stays one)."""
    at = claim.start_char - claim.sentence_start
    before = claim.sentence[:at]
    spelled = claim.value_text.strip().split()[-1].isalpha()
    return claim.value <= 10 and spelled and bool(_BACK.search(before))


def _by_program(
    m: Mention,
    measures: Sequence[Measure],
    seen: dict[str, tuple[str, str | None]],
    canon: Callable[[str], str],
) -> str:
    """An elliptical count whose clause is about a measure's subject ("At 120, Mythos would
    still trail its rivals") or a program ("a program capped at 120", "the pilot would reach
    roughly 75") counts what that measure counts: the one the text last counted, when several
    share the subject."""
    named = {canon(n) for n in m.named}
    fits = [
        x
        for x in measures
        if units_of(x) == {"count"} and x.subject and (m.program or canon(x.subject) in named)
    ]
    if len(fits) > 1:
        fits = [x for x in fits if x.name in seen][-1:] or fits[:1]
    return fits[0].name if fits else "other"


_SERIES_WORD = re.compile(r"[^\W\d_]+|\d[\d\-\u2013/]*|[^\s\w]")


def _coordinated_amounts(
    mentions: Sequence[Mention],
    out: list[Resolution],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """An amount that names nothing of its own, joined to the amount before it in its sentence
    by a coordinator or a comma with only times and qualifiers between, is of the same
    measure: "deficits of $4.2 billion next year and $1.6 billion in 2028-29". Not one that
    compares ("$300 million smaller than forecast"): that is a difference."""
    lex = lexicon.default()
    allowed = lex.series_words | lex.series_coordinators
    settled = list(out)
    previous: int | None = None
    for i, m in enumerate(mentions):
        if m.amount is None:
            continue
        j, previous = previous, i
        if j is None or settled[i].measure != "other" or settled[j].measure == "other":
            continue
        here, there = m.claim, mentions[j].claim
        if (
            m.amount.nouns
            or m.amount.change_noun
            or here.quantity != there.quantity
            or here.sentence_start != there.sentence_start
        ):
            continue
        between = here.sentence[
            there.end_char - here.sentence_start : here.start_char - here.sentence_start
        ]
        words = _SERIES_WORD.findall(between.lower())
        if len(words) > 8 or not (set(words) & lex.series_coordinators or "," in words):
            continue
        if not all(w[0].isdigit() or w in allowed or w in {",", "-", "\u2013"} for w in words):
            continue
        after = here.sentence[here.end_char - here.sentence_start :].lower().split()[:2]
        if set(after) & lex.comparative_words:
            continue  # "$6.1 billion, $700 million smaller than projected": their difference
        name, subject = whose(m, settled[j].measure)
        if name != "other":
            settled[i] = replace(settled[i], measure=name, subject=subject or settled[i].subject)
    return settled


def _repeated_figures(
    mentions: Sequence[Mention],
    out: list[Resolution],
    measures: Sequence[Measure],
    whose: Callable[[Mention, str], tuple[str, str | None]],
) -> list[Resolution]:
    """A count left outside every measure that repeats a figure the text gives a measure
    (before or after it: a headline comes first) is that figure again: "120 customers",
    "Let it loose on 120 companies", "at least 120 organizations" in a story that has the
    measure at 120. Only of the measure's own nouns, of members ("120 users") or of nothing,
    never a part or a whole of a set, and never another entity's count."""
    lex = lexicon.default()
    figures: dict[Decimal, tuple[str, str]] = {}  # value → (measure, kind) it was given
    for m, r in zip(mentions, out, strict=True):
        if r.measure != "other" and m.claim.quantity == "count" and m.claim.value != 1:
            figures.setdefault(m.claim.value, (r.measure, r.kind or m.claim.kind))
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        claim = m.claim
        if r.measure != "other" or claim.quantity != "count" or claim.value not in figures:
            continue
        name, kind = figures[claim.value]
        measure = _by_name(measures, name)
        noun = r.noun
        fits = noun is None or noun in lex.member_nouns or (measure and counts_noun(measure, noun))
        # A whole a part is taken from may be the figure itself: "55 of the 74 confirmed
        # patients" after "74 confirmed cases" (not in a count of another noun: "71 schools").
        own_noun = noun is not None and measure is not None and counts_noun(measure, noun)
        whole = is_whole(claim) and not own_noun
        if not fits or not m.antecedent or whole or is_subset(claim):
            continue
        name, subject = whose(m, name)
        if name != "other":
            # the figure's kind too: "18 of the 30" repeats "18 additional institutions"
            settled[i] = replace(r, measure=name, subject=subject or r.subject, kind=kind)
    return settled


def _echoed_kinds(mentions: Sequence[Mention], out: list[Resolution]) -> list[Resolution]:
    """A count of a measure whose own words say neither level nor delta (a bare "20", "the
    45") is a change when the text gives that figure of the measure only as a change ("no
    more than 20 more", "another 45"), before or after it: a story that asked for "about 70
    more" argues over "the 70". Not when the text also gives it as a level in so many words
    ("about 70 in total"): then the bare one could be either."""
    said: dict[tuple[str, Decimal], set[str]] = {}
    for m, r in zip(mentions, out, strict=True):
        if r.measure != "other" and m.claim.quantity == "count" and m.kind_said:
            said.setdefault((r.measure, m.claim.value), set()).add(r.kind or m.claim.kind)
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        if r.measure == "other" or m.kind_said or r.kind is not None:
            continue
        if not m.elliptical and (r.modality or m.claim.modality) != "proposed":
            # a count with a noun of its own that holds ("opens it to about 50 organisations")
            # is no echo of an ask; one argued over may be ("opposes giving 45 organizations
            # access" after "asked to admit 45 more")
            continue
        if said.get((r.measure, m.claim.value)) == {"delta"}:
            settled[i] = replace(r, kind="delta")
    return settled


# Words that set one figure against another of the same kind: "around 20 additional
# organisations, instead of the roughly 70", "45 rather than 70", "20, not 45".
_CONTRAST = re.compile(
    r"^[^.;:!?]{0,40}?(?:\binstead of|\brather than|\bnot|\bversus|\bvs\.?|\bdown from|\bup from)"
    r"\s+(?:the\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)


def _contrasted_kinds(mentions: Sequence[Mention], out: list[Resolution]) -> list[Resolution]:
    """A count of a measure whose own words say neither level nor delta, set against another
    count of it in the same sentence ("instead of", "rather than", "not"), has that one's
    kind when it is a change: "around 20 additional organisations, instead of the roughly 70"
    (70 more), "45 rather than 70 more"."""
    settled = list(out)
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        ra, rb = settled[i], settled[i + 1]
        if a.claim.sentence_start != b.claim.sentence_start or ra.measure != rb.measure:
            continue
        if ra.measure == "other" or a.claim.quantity != "count" or b.claim.quantity != "count":
            continue
        between = a.claim.sentence[
            a.claim.end_char - a.claim.sentence_start : b.claim.start_char - b.claim.sentence_start
        ]
        if not _CONTRAST.search(between):
            continue
        kind_a, kind_b = ra.kind or a.claim.kind, rb.kind or b.claim.kind
        said_a = a.kind_said or ra.kind is not None
        said_b = b.kind_said or rb.kind is not None
        if said_a and not said_b and kind_a == "delta":
            settled[i + 1] = replace(rb, kind="delta")
        elif said_b and not said_a and kind_b == "delta":
            settled[i] = replace(ra, kind="delta")
    return settled


# What opens a breakdown between a total and its parts: "27: three plants, ...", "146 (97
# residences, 49 minor structures)", "27 — three plants ...", "That includes three plants".
_BREAKDOWN_OPENS = re.compile(r"[:(\u2014]|\binclud|\bcompris|\bmade up of\b|\bsplit\b", re.I)


def _summed_parts(mentions: Sequence[Mention], out: list[Resolution]) -> list[Resolution]:
    """Counts of different things that follow a measure's count in its sentence or the next
    and add up to it are its breakdown, not more of the measure: "the tally is 27: three
    treatment plants, 18 pumping stations and six control systems", "the total was 27. That
    includes three plants, 18 stations and six systems"."""
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        total = m.claim
        if r.measure == "other" or total.quantity != "count" or total.value <= 2:
            continue
        if (r.kind or total.kind) != "level":
            continue
        parts: list[int] = []
        reach = None  # the sentence after the total's, once a part is in it
        summed = Decimal(0)
        for j in range(i + 1, len(mentions)):
            c = mentions[j].claim
            if c.sentence_start != total.sentence_start:
                reach = reach if reach is not None else c.sentence_start
                if c.sentence_start != reach:
                    break
            if c.quantity != "count" or c.noun is None or mentions[j].elliptical:
                break
            parts.append(j)
            summed += c.value
            if summed >= total.value:
                break
        nouns = {mentions[j].claim.noun for j in parts}
        if len(parts) < 2 or summed != total.value or len(nouns) < 2:
            continue
        # set out as a breakdown (not "1,247 before 35 duplicates were removed, bringing it
        # to 1,212")
        first = mentions[parts[0]].claim
        gap = first.sentence[: first.start_char - first.sentence_start]
        if first.sentence_start == total.sentence_start:
            gap = gap[total.end_char - total.sentence_start :]
        if _BREAKDOWN_OPENS.search(gap):
            for j in parts:
                settled[j] = replace(out[j], measure="other")
    return settled


# The rules' reasons (syntax.Modality.reason) for an actual figure that say it came true by
# its clause's own verb: "all 40 have now been completed", "were opened last year", "the 40
# already open" (not a time word of a phrase: "what it is now asking for is about 90").
_CAME_TRUE = frozenset({"present", "already", "approved", "participle", "relative", "tense"})
# Right after a count: the whole it is a part of ("32 of the 40", "nine of 40").
_OF_A_WHOLE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?\d")


def _arithmetic_kinds(mentions: Sequence[Mention], out: list[Resolution]) -> list[Resolution]:
    """A proposed count of a measure whose own words say neither level nor delta is a change
    when the text's own figures say it cannot be a level. The present count is the actual
    level the text gives more often than any other ("About 50 organizations have access",
    "the 50 with access"); the proposed figure is then the difference between a proposed
    total said as one ("about 120 in total") and that count ("its proposal of 70"), or, in a
    text whose proposals add to the count ("15 more"), at most half of it ("officials have
    floated 20": a level of 20 would be a cut nobody proposed). Not the present count itself,
    nor a cap ("no more than 120 in service" bounds the count)."""
    present: dict[str, list[Decimal]] = {}  # measure → its actual levels
    totals: dict[str, list[Decimal]] = {}  # measure → proposed levels said as levels
    adds: set[str] = set()  # measures with a proposed addition said as one
    for m, r in zip(mentions, out, strict=True):
        if r.measure == "other" or m.claim.quantity != "count":
            continue
        kind, modality = r.kind or m.claim.kind, r.modality or m.claim.modality
        if kind == "level" and modality == "actual":
            present.setdefault(r.measure, []).append(m.claim.value)
        elif not m.kind_said:
            continue
        elif kind == "level":
            totals.setdefault(r.measure, []).append(m.claim.value)
        elif modality == "proposed" and m.claim.value > 0:
            adds.add(r.measure)
    settled = list(out)
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        claim = m.claim
        if r.measure == "other" or m.kind_said or r.kind is not None or claim.value <= 0:
            continue
        if claim.quantity != "count" or (r.modality or claim.modality) != "proposed":
            continue
        if claim.qualifier == "at_most":
            continue  # a cap bounds the count itself: "no more than 120 in service"
        if _OF_A_WHOLE.match(claim.sentence, claim.end_char - claim.sentence_start):
            continue  # "expects 32 of the 40 to be open": a part of a whole, a level
        # the present count: the one the text gives more often than any other, and more
        # than once; a text that gives several as often has no one present count
        top = Counter(present.get(r.measure, ())).most_common(2) + [(Decimal(0), 0)] * 2
        (now, times), (_, second) = top[0], top[1]
        if times < 2 or times == second or abs(claim.value - now) <= now / 10:
            continue  # no present count, or this is it ("About 50", "51")
        below = r.measure in adds and claim.value <= now / 2
        gap = any(
            abs(claim.value - (total - now)) <= claim.value / 10
            for total in totals.get(r.measure, ())
            if total > now
        )
        if below or gap:
            settled[i] = replace(r, kind="delta")
    return settled


def _settle_modality(
    mentions: Sequence[Mention],
    out: list[Resolution],
    found: Discourse,
    paragraph_of: Callable[[int], int],
) -> list[Resolution]:
    """A figure of a measure whose own words leave its modality open ("the gap stands at $52
    million", a headline's "$52 million hole", a fragment) keeps the modality the text gives
    that figure where its words do say it ("a projected $52.3 million shortfall"): the nearest
    such mention before it, else the first after it (a headline comes before its story). A
    fragment under a question heading that proposes ("What is the executive proposing?",
    "What number would you pick?") is proposed."""
    lex = lexicon.default()

    def figure(m: Mention, r: Resolution) -> Claim:
        return replace(m.claim, kind=r.kind or m.claim.kind)

    said: list[tuple[int, str, Claim, str]] = []  # (index, measure, claim, modality) marked
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        # (not a figure set as one of two alternatives, "whether 80 use it or 800": the
        # other mentions of 80 may be the count that holds)
        alternative = m.modality_reason == "alternatives"
        if m.marked and r.measure != "other" and r.modality is None and not alternative:
            said.append((i, r.measure, figure(m, r), m.claim.modality))
    settled = list(out)
    answered: set[int] = set()  # blocks whose first count has been read
    for i, (m, r) in enumerate(zip(mentions, out, strict=True)):
        heading = found.headings[m.block] if m.block < len(found.headings) else None
        first = m.block not in answered and m.claim.quantity == "count"
        answered |= {m.block} if m.claim.quantity == "count" else set()
        answer = first and m.elliptical and m.claim.noun is None and not m.generic
        if heading and r.measure != "other" and answer:
            # "How many more does it want to add?\nRoughly 70." (not "the total, 120")
            words = set(heading)
            if m.claim.quantity == "count" and {"how", "many"} <= words and words & lex.delta_words:
                r = settled[i] = replace(r, kind="delta")
        if m.marked or r.measure == "other" or r.modality is not None:
            continue
        asks = lex.proposal_verbs | lex.forecast_verbs | lex.modals
        if m.fragment and heading and set(heading) & asks:
            settled[i] = replace(r, modality="proposed")
            continue
        # A transcript's answer to a question about what will be: "How many will you have by
        # 2030?" / "KELLER: More than 30."
        # (not an answer with a verb of its own: "Would you say it works?" / "We have 61")
        question = _question_before(found, m.claim.start_char, paragraph_of)
        bare = m.fragment or m.modality_reason == "none"
        if bare and question is not None and set(question) & asks:
            settled[i] = replace(r, modality="proposed")
            continue
        same = [x for x in said if x[1] == r.measure and _same_figure(x[2], figure(m, r))]
        before = [x for x in same if x[0] < i]
        source = before[-1] if before else next((x for x in same if x[0] > i), None)
        if source is not None:
            settled[i] = replace(r, modality=source[3])
    return settled


# Qualifiers that give one figure, not a bound or a spread.
_POINT_QUALIFIERS = frozenset({"exact", "approx", "nearly"})


def _same_figure(a: Claim, b: Claim) -> bool:
    """Two mentions give the same figure: the same value, or one within the other's
    interval ("$52 million" and "about $52.3 million")."""
    if a.kind != b.kind:
        return False
    if a.value == b.value:
        return True
    if not {a.qualifier, b.qualifier} <= _POINT_QUALIFIERS:
        return False  # "fewer than 200" holds 50, but does not give it

    def within(v: Decimal, c: Claim) -> bool:
        return (c.low is None or c.low <= v) and (c.high is None or v <= c.high)

    return within(a.value, b) or within(b.value, a)


def _asks_for_a_count(found: Discourse, block: int, measures: Sequence[Measure]) -> bool:
    """The block's question heading asks how many, or for the number, without naming what:
    "How many more does Anthropic want to add?", "So what's the right number?"; not "How many
    accounts were affected?" when no measure counts accounts."""
    heading = found.headings[block] if block < len(found.headings) else None
    if not heading:
        return False
    words = set(heading)
    things = [w[len(ASKED_NOUN) :] for w in words if w.startswith(ASKED_NOUN)]
    if things and not any(counts_noun(m, n) for m in measures for n in things):
        return False
    return {"how", "many"} <= words or bool(words & lexicon.default().generic_heads)


def _whose(
    m: Mention,
    name: str,
    own: str,
    owners: tuple[str, ...],
    owned: set[tuple[str, str]],
    prominent: str | None,
    canon: Callable[[str], str],
    organizations: frozenset[str] = frozenset(),
) -> tuple[str, str | None]:
    """(measure, subject) of a count filed under a measure that counts for `own`: another
    entity's count ("a rival says its own pilot covers 35 companies", "OpenAI's pilot",
    "businesses that pay for its Claude chatbot") leaves the measure with that entity as
    subject. Who owns `own` comes from the text ("Anthropic's Mythos"); the organization it
    names most often counts as the owner too, except against an explicit "its own"."""
    named = {canon(n) for n in m.named} | set(owners)
    if own in named:
        return name, own
    # A name that is part of the subject's own name holds it: "Missouri's pension hole" for
    # the Missouri Public Employees Pension Trust, "Brenton's homes" for the Brenton Water
    # Authority.
    within = {o for o in owners if o != own and set(o.lower().split()) <= set(own.lower().split())}
    owners_of_own = {own} | {a for a, b in owned if b == own} | within
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
    # "Westridge High has 11 vacancies": a count another named entity has is that one's
    holders = [h for h in (canon(x) for x in m.holders) if h not in allies]
    if holders:
        return "other", holders[0]
    # "Harbor Air has cancelled 190": when the measure counts what an organization does, the
    # same deed done by another organization is that one's count.
    doers = [a for a in (canon(x) for x in (*m.agents, *m.referred)) if a not in allies]
    if doers and own in organizations:
        return "other", doers[0]
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


# A bare count this many times the count before it in its block is not a count of the same
# things (the biggest real jumps, a program tripling or a total of several days, stay below).
_SCALE_GAP = 20
# What may stand before a list item's figure in its sentence: a marker, read with the item.
_LIST_MARKS = " \u2022\u2023\u25aa*-\u2013\u2014"


def _list_figure(claim: Claim) -> bool:
    """The count opens its sentence (a list item's or a line's) and a label follows it ("- 200:
    the figure reported"): a list's items count the same thing."""
    at = claim.start_char - claim.sentence_start
    after = claim.sentence[at + len(claim.value_text) :].lstrip()
    return after.startswith(":") and not claim.sentence[:at].strip(_LIST_MARKS)


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
            all(w in words for w in f.split())
            for t in measure.context
            for f in lexicon.context_forms(t)
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


# "two of which", "9 of those towns", "1,140 of you": a part of a set named before, not how
# many the set holds (a closed set of function words, not lexicon).
_SUBSET_AFTER = re.compile(r"\s+of\s+(?:which|whom|those|these|them|you|us)\b", re.IGNORECASE)
# "58 of the district's 71 schools": what comes before the whole a part is taken from.
# So is what a share is a share of: "a sliver of the roughly 4,500 banks", "a fraction of
# the nation's 6,000 hospitals".
_WHOLE_BEFORE = re.compile(
    r"(?:\d|\b(?:sliver|fraction|share|portion|minority|majority|handful))"
    r"\s+of\s+(?:(?:the|its|their|\w+'s)\s+)*$",
    re.IGNORECASE,
)
# "banks (14), hospitals (22)": a breakdown's parts, each in brackets after what it counts.
# "Of those, 598 are single-family homes and 235 outbuildings", "Among them, 14 banks": a
# sentence that opens on the set before it breaks it down.
_OF_THOSE = re.compile(
    r"\s*(?:of|among)\s+(?:those|these|them|the\s+\d(?:[\d,.]*\d)?(?:\s+[a-z]+)?)\s*,(?!\d)",
    re.IGNORECASE,
)
# ... each part a kind of the set's things ("598 are homes", "14 banks"); not what happened to
# some of them ("Of those, 15 occurred after the heat wave began", "3,100 were destroyed",
# "12,000 workers walked out": the measure's still).
_BREAKDOWN_AFTER = re.compile(
    r"\s+(?:are|were|is|was)\s+(?![a-z]+(?:ed|en)\b)|\s+[a-z-]+s\b(?!\s+[a-z]+(?:ed|en)\b)"
)
_PART_BEFORE = re.compile(r"[^\W\d]\s*\(\s*$")
_PART_AFTER = re.compile(r"\s*\)")
# "The toll is 34: 25 in Sandu Province and nine in North Kaval": after a total and a colon,
# counts each set in a named place are its breakdown.
_TOTAL_COLON = re.compile(r"\d[^:;.]*:\s")
_IN_PLACE_AFTER = re.compile(r"(?:\s+[a-z]+)?\s+(?:in|at)\s+(?:the\s+)?[A-Z]")


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


def is_part(mention: Mention) -> bool:
    """The mention counts a part: of a set its sentence refers back to (`is_subset`), or a
    row of a breakdown whose total row is in its table (Mention.part)."""
    return mention.part or is_subset(mention.claim)


def is_subset(claim: Claim) -> bool:
    """The count is a part of a set the sentence refers back to ("14 burn injuries, two of
    which required hospital treatment") or of a breakdown ("banks (14), hospitals (22)",
    "34 dead: 25 in the south and nine in the north", "Of those, 598 are homes")."""
    sentence, size = claim.sentence, len(claim.value_text)
    opening = _OF_THOSE.match(sentence)
    for at in _places(claim):
        if opening and at >= opening.end() and _BREAKDOWN_AFTER.match(sentence, at + size):
            return True
        if _SUBSET_AFTER.match(sentence, at + size):
            return True
        if _PART_BEFORE.search(sentence, 0, at) and _PART_AFTER.match(sentence, at + size):
            return True
        if _IN_PLACE_AFTER.match(sentence, at + size) and _TOTAL_COLON.search(sentence, 0, at):
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
    members = noun in lexicon.default().member_nouns  # "a 120-seat Mythos plan": by name only
    # Members are the subject's whoever names it, doer too: "Mythos won't reach 120 licences";
    # its own noun when the subject has, reaches or is the count ("The Mythos program is 58
    # institutions"), not where it acted ("Mythos found flaws at 40 companies").
    holding = named | {canon(n) for n in (m.named if members else m.holds)}
    for measure in measures:
        own_noun = counts_noun(measure, noun)
        if not own_noun and not (members and units_of(measure) == {"count"}):
            continue
        if measure.subject and canon(measure.subject) in holding:
            return measure.name
        if own_noun and m.aside and measure.name in present:
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
    """Whether the measure counts things named `noun` (a lemma), plurals aside; a toll counts
    deaths ("the toll reached 87")."""
    lex = lexicon.default()
    if noun in lex.event_anchor_nouns and lex.casualty_nouns & _nouns(measure):
        return True
    return bool(noun_forms(noun) & _nouns(measure))


def names_compound(measure: Measure, claim: Claim, measures: Sequence[Measure]) -> bool:
    """Whether one of the measure's nouns of several words ("affordable home") names the
    count: its other words are among the few words right after the number, before any
    punctuation ("280 affordable homes", "up to 58 further affordable dwellings", "290 of them
    affordable", "of which 290 would be affordable"; not "1,160 homes, 290 of them
    affordable" for 1,160), or in the label its line opens with ("Affordable homes offered:
    290"); and the counted noun, if the count names one, is its head or a noun a measure
    counts with its head ("348 affordable dwellings")."""
    at = claim.start_char - claim.sentence_start
    after = claim.sentence[claim.end_char - claim.sentence_start :][:80].lower()
    words = _FEW_WORDS.findall(_CLAUSE_BREAK.split(after, maxsplit=1)[0])[:4]
    label = _LINE_LABEL.search(claim.sentence[:at].lower())
    if label:
        words += _FEW_WORDS.findall(label.group(1))
    for term in measure.nouns:
        *modifiers, head = term.lower().split()
        if not modifiers or not all(w in words for w in modifiers):
            continue
        if claim.noun is None or noun_forms(head) & noun_forms(claim.noun):
            return True
        kin = [m for m in measures if counts_noun(m, head)]
        if any(counts_noun(m, claim.noun) for m in kin):
            return True
    return False


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]| - ")
_FEW_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")
# A line's label before its figure: "Affordable homes offered: ", "Total affordable — "
_LINE_LABEL = re.compile(
    r"(?:^|\n)\s*(?:[-\u2022*]\s*)?([a-z][a-z' -]{0,48}?)\s*(?::|\u2014|\u2013| - )\s*$"
)


@cache
def _noun_set(nouns: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for n in nouns for f in noun_forms(n))


def _nouns(measure: Measure) -> frozenset[str]:
    return _noun_set(measure.nouns)


# --------------------------------------------------------------------------- amounts


# "in dukats (MDK)", "in kronor (SEK)": a measure's description naming its currency by code.
_IN_A_CODED_CURRENCY = re.compile(r"\bin [a-z]+ \(([A-Z]{3})\)")


def declared_currencies(measures: Sequence[Measure]) -> tuple[str, ...]:
    """The currency codes the measures' descriptions declare ("in dukats (MDK)"): the claim
    finder reads them before a figure as it reads the lexicon's ("MDK 43.6bn")."""
    return tuple(sorted({c for m in measures for c in _IN_A_CODED_CURRENCY.findall(m.description)}))


@cache
def units_of(measure: Measure) -> frozenset[str]:
    """What a measure's values are: its `unit`, else read off its name, nouns, description and
    context ("in dollars", "in euros", "in any currency", "ransom" → money; "percent",
    "percentage points" → percent; "how much" → either), else counts."""
    if measure.unit:
        return frozenset({measure.unit})
    lex = lexicon.default()
    said = affirmed(measure.description)
    text = " ".join([measure.name.replace("_", " "), said, *measure.context, *measure.nouns])
    words = set(re.findall(r"[^\W\d_]+|[$%\u20ac\u00a3\u00a5\u20b9]", text.lower()))
    units = set()
    # (a count's own description may say what its things cost: "how many jobs the closure costs")
    counting = "how many" in text.lower()
    money = set(lex.currency_words) | set(lex.currency_symbols)
    # (its nouns, not its name: "budget_votes" counting votes is no sum; nor a ratio's nouns,
    # "deficit ratio")
    named = _noun_words(measure)
    if words & (money if counting else money | lex.money_measure_words):
        units.add("money")
    elif not counting and named & lex.money_nouns and not named & lex.ratio_words:
        units.add("money")  # "the total size of a government's budget": a sum
    elif _IN_A_CODED_CURRENCY.search(measure.description):
        units.add("money")  # "in dukats (MDK)": a currency the lexicon need not know
    if words & (lex.percent_words | {"%"}):
        units.add("percent")
    elif (
        not counting
        and _AS_A_SHARE.search(" ".join([said, *measure.context]))
        and words & lex.economy_words
    ):
        units.add("percent")  # "in money or as a share of GDP": a deficit of 4.5% of GDP
    if not units and "how much" in text.lower() and "how many" not in text.lower():
        # "How much land the fire has burned, in acres": a measure in units its nouns name
        # counts them ("3,500 acres" is a count of acres); else money or a percentage. Not
        # a count measure's change: "How many patients are on the list ..., or how much it
        # grew"
        units = {"count"} if in_units(measure) else {"money", "percent"}
    return frozenset(units or {"count"})


# "as a share of GDP", "as a proportion of output", "relative to GDP": a measure whose values
# may be percentages of the economy.
_AS_A_SHARE = re.compile(
    r"\b(?:share|proportion|percentage|ratio)\s+of\b|\brelative\s+to\b|\bof\s+gdp\b", re.IGNORECASE
)


# A description's sentence that says what the measure is not ("A share given as a percentage
# is not this measure", "Injuries ... are not this measure", "nor the council's target",
# "Does not count: ...").
_EXCLUDING = re.compile(
    r"\b(?:is|are|was|were)\s+not\b|\bnot\s+(?:this|the)\s+measure\b|\bnor\b|\bexclud"
    r"|\bdoes\s+not\s+count\b",
    re.IGNORECASE,
)


def affirmed(description: str) -> str:
    """The description without the sentences that exclude things from the measure: a unit
    they name ("a percentage is not this measure") is not the measure's."""
    sentences = re.split(r"(?<=[.;])\s+", description)
    return " ".join(s for s in sentences if not _EXCLUDING.search(s))


def in_units(measure: Measure) -> bool:
    """The measure is an extent in units its nouns name, as its description says after a comma
    ("How much land the fire has burned, in acres"; not "how much the Treasury collects in
    tariffs")."""
    described = measure.description.lower()
    return any(re.search(rf",\s*in {re.escape(n.lower())}s?\b", described) for n in measure.nouns)


def _phrase_matches(measure: Measure, phrase: str) -> bool:
    """The measure's nouns name the phrase, plurals aside ("interest cost" for "interest
    costs")."""
    return counts_noun(measure, phrase)


def _own_kind(amount: Amount, measure: Measure) -> bool:
    """A compound before the amount's noun names which one it is: "a 5.5% discount rate" is no
    contribution rate. It is the measure's when the measure's words use the modifier too
    ("contribution rate", "funding gap") or there is none."""
    lex = lexicon.default()
    # The amount's own unit, which the parser may make a compound ("a 25% increase", "a
    # 50-cent rise"), says nothing of which one it is.
    units = lex.percent_words | set(lex.currency_subunits) | set(lex.currency_symbols)
    modifiers = [m for m in amount.modifiers if m not in units and m not in lex.currency_words]
    if not modifiers:
        return True
    words = _measure_words(measure)
    return any(m in words or counts_noun(measure, m) for m in modifiers)


def _names_own(amount: Amount, measure: Measure) -> bool:
    """The amount's own noun is one of the measure's ("a $40m shortfall", "the gap grew to
    ...")."""
    if any(_phrase_matches(measure, p) for p in amount.nouns[1:]):
        return True  # a compound the measure names: "budget gap"
    return bool(
        amount.nouns
        and _phrase_matches(measure, amount.nouns[0])
        and _own_kind(amount, measure)
        and not another_kind(amount, measure)
    )


def another_kind(amount: Amount, measure: Measure) -> bool:
    """The amount's noun is of a special kind the measure does not name (lexicon
    special_kinds): "the youth fare of $1", "a $1.25 low-income fare", "their reduced fare"
    are not a measure of the base fare (unless its words name them: a measure of the senior
    fare)."""
    if any(_phrase_matches(measure, p) for p in amount.nouns[1:]):
        return False  # a kind the measure names: "income tax revenue" for "tax revenue"
    special = lexicon.default().special_kinds
    words = _measure_words(measure)
    return any(
        w in special and w not in words for phrase in amount.nouns[1:] for w in phrase.split()[:-1]
    )


@cache  # asked for each amount and candidate measure: read the measure once
def _measure_words(measure: Measure) -> frozenset[str]:
    """The lower-cased words of a measure's nouns and context terms ("contribution rate" →
    contribution, rate)."""
    return frozenset(w for t in (*measure.nouns, *measure.context) for w in t.lower().split())


_NOUN_WORDS = re.compile(r"[^\W_]+")


@cache
def _noun_words(measure: Measure) -> frozenset[str]:
    """The lower-cased words of a measure's nouns ("debt-to-GDP" → debt, to, gdp)."""
    return frozenset(w for n in measure.nouns for w in _NOUN_WORDS.findall(n.lower()))


def _names_share(amount: Amount, measure: Measure) -> bool:
    """A percentage of the economy (lexicon economy_words: "of GDP", "of the province's
    economy") for a ratio measure whose nouns name it ("debt-to-GDP"), when its clause names
    that measure's numerator or nothing: "$214.6 billion, or 38.9% of GDP"; not "a deficit of
    1.2% of GDP" for it, nor "30 per cent of the province's debt"."""
    economy = lexicon.default().economy_words
    if amount.share_of not in economy:
        return False  # a share of the economy, not "30 per cent of Norland's debt"
    words = _noun_words(measure)
    if not words & economy:
        return False
    own = [n for n in amount.nouns[:1] if n != amount.share_of]
    # of what its clause names, or of nothing named ("or 38.6 per cent of GDP", "finish this
    # year at 38.6 per cent of GDP"; a subject the amount's verb does not join to it, as in
    # "Health care accounts for 12 per cent of the economy", is not seen: a known misfire)
    return not own or own[0] in words


def counts_asks(measure: Measure) -> bool:
    """Whether the measure counts an ask: one of its nouns is a word of asking ("ransom
    demand" by its noun "demand", a bid, a request; not a "scheme" or a "plan", whose measure
    counts what the plan does, so that "expects 32 hospitals" stays a forecast)."""
    asking = lexicon.default().ask_nouns
    return any(n.lower() in asking for n in measure.nouns)


def _names_ask(amount: Amount, measure: Measure) -> bool:
    """The amount is what a verb of proposing asks, and the measure counts such asks: by that
    verb's noun ("demanded $4.75 million" for a measure of ransom demands) or by another word
    of proposing ("asked for $4.75 million")."""
    return amount.asked is not None and (counts_noun(measure, amount.asked) or counts_asks(measure))


def _names_measure(amount: Amount, measure: Measure) -> bool:
    """The amount is of one of the measure's nouns (`_names_own`), or of the noun a few words
    before it, or a rise (fall) stated by a verb of something the measure is about ("raised
    the rate 2.9 percent" for a measure of rises whose words name the tax rate)."""
    if _names_own(amount, measure):
        return True
    if any(_phrase_matches(measure, p) for p in amount.near):
        return True
    if _same_change(amount, measure):
        return True
    if amount.degree_of and amount.degree_of in {t.lower() for t in measure.context}:
        return True  # "5% contained" for a measure whose words say "contained"
    if not amount.direction or not amount.changed:
        return False
    lex = lexicon.default()
    if any(_phrase_matches(measure, p) for p in _of_forecast(amount.changed, lex)):
        return True  # "raised its deficit forecast by €2bn": a change of the deficit (foreseen)
    changes = lex.rise_nouns if amount.direction > 0 else lex.fall_nouns
    if not any(n.lower() in changes for n in measure.nouns):
        return False
    terms = [t.lower() for t in (*measure.nouns, *measure.context)]
    bare = len(amount.changed) == 1  # "the rate": no compound says which rate
    head = amount.changed[0]
    return any(t in amount.changed or (bare and t.split()[-1] == head) for t in terms)


def _names_moved(amount: Amount, measure: Measure) -> bool:
    """A sum put onto or taken off what a level measure names: "adds $4.3bn to the deficit",
    "shaves £2bn off borrowing" (syntax._moved_onto) is a change of the deficit. Sums only: a
    percentage a verb moves something by may be a change relative to it."""
    if not amount.direction or len(amount.changed) == 0:
        return False
    lex = lexicon.default()
    if any(n.lower() in lex.rise_nouns | lex.fall_nouns for n in measure.nouns):
        return False  # a measure of rises or cuts: _names_measure reads those
    return _phrase_matches(measure, amount.changed[0])


def _same_change(amount: Amount, measure: Measure) -> bool:
    """ "the full 25% jump" for a measure of increases: a rise is one whatever its word."""
    if not amount.bare_change or not _own_kind(amount, measure):
        return False
    lex = lexicon.default()
    return any(
        amount.nouns[0] in family and any(n.lower() in family for n in measure.nouns)
        for family in (lex.rise_nouns, lex.fall_nouns)
    )


def _of_forecast(phrases: Sequence[str], lex: lexicon.Lexicon) -> tuple[str, ...]:
    """What a generic head's compound names: "deficit forecast" → "deficit", "borrowing
    estimate" → "borrowing" (a forecast, estimate or figure of that thing)."""
    out = []
    for p in phrases:
        words = p.split()
        if len(words) > 1 and words[-1] in lex.amount_heads:
            out.append(" ".join(words[:-1]))
    return tuple(out)


def amount_measure(mention: Mention, measures: Sequence[Measure]) -> str:
    """The measure a sum of money or a percentage is a value of, from its own sentence."""
    amount = mention.amount
    if amount is None:
        return "other"
    # The amount's own noun comes first: "Interest on the debt will cost $11.6 billion" is of
    # interest, whatever measure the noun a few words before it ("debt") names.
    for names in (_names_own, _names_ask, _names_share, _names_measure):
        for measure in measures:
            if mention.claim.quantity in units_of(measure) and names(amount, measure):
                return "other" if is_subset(mention.claim) else measure.name
    if mention.claim.quantity == "money":
        for measure in measures:
            if "money" in units_of(measure) and _names_moved(amount, measure):
                return measure.name
    return "other"


_LETTERS = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    """A sentence's lower-cased words and their plural stems ("deficits" → "deficit")."""
    out = set()
    for w in _LETTERS.findall(text.lower()):
        out.add(w)
        out.update(lexicon.naive_stems(w, lexicon.PLURAL_ENDINGS))
    return out


# What joins an amount to the one before it when it restates it: ", or", "(", ", equivalent
# to" ("a deficit of 5.8% of GDP last year, or about €169bn"), after at most a few words with
# no clause break or "and" between, nor a rate's "per" or "each" (the total "or about $660m"
# after "$360 per vehicle" is another figure); a bare comma or dash only before a share of GDP
# ("£138bn this year, 4.5% of GDP").
_BEFORE_JOIN = r"^(?:(?!\band\b|\bbut\b|\bwhile\b|\bper\b|\beach\b)[^,;:.!?]){0,60}?"
_RESTATED = re.compile(
    _BEFORE_JOIN + r"\s*(?:,\s*(?:or|i\.e\.|equivalent\s+to|equal\s+to)|\(|—\s*or)\s*$",
    re.IGNORECASE,
)
_RESTATED_AS_SHARE = re.compile(_BEFORE_JOIN + r"\s*(?:,|—|–)\s*$", re.IGNORECASE)
# ... and when the clause carries on with a participle of change: ", falling to", ", rising
# to", ", narrowing to", ", before easing to".
_CARRIED_ON = re.compile(
    _BEFORE_JOIN + r"\s*,\s*(?:and\s+|before\s+|then\s+)?[a-z]+ing\s+"
    r"(?:back\s+|further\s+|again\s+)?(?:to|from)\s*$",
    re.IGNORECASE,
)

# A figure that is a rate: "$12,000 per student", "£4,800 a household", "$3 each".
_A_RATE = re.compile(
    r"^\s*(?:per\b|a\s+(?:head|household|person|resident)\b|each\b|apiece\b)", re.IGNORECASE
)
# A sentence that opens by pointing back at the figure before it: "That was", "This is", "It
# was", "That is" ...
_POINTS_BACK = re.compile(
    r"^\s*(?:that|this|it)\s+(?:was|is|would\s+be|will\s+be|'s)\b", re.IGNORECASE
)
# ... to set it against another time, or a forecast of it: "more than in the same month last
# year", "higher than a year earlier", "smaller than forecast".
_THAN_A_TIME = re.compile(
    r"^\s*(?:[a-z]+\s+)?than\s+(?:\S+\s+){0,4}?(?:years?|months?|quarters?|weeks?|earlier|ago|"
    r"last|previous|prior|forecasts?|expected|projected|budgeted|planned|estimated)\b",
    re.IGNORECASE,
)


def _own_nouns(amount: Amount) -> list[str]:
    """An amount's own nouns but for the whole it is a share of ("GDP")."""
    return [n for n in amount.nouns if n != amount.share_of]


def _ratio_free_words(measure: Measure) -> frozenset[str]:
    """The words of a measure's nouns but the economy's and a ratio's ("debt-to-GDP" → debt)."""
    economy = lexicon.default().economy_words
    return _noun_words(measure) - economy - {"to", "of", "the", "ratio", "share"}


# ... or names that change: ", a reduction of", "— an upward revision of", ", a $3.2bn".
_NAMED_CHANGE = re.compile(
    _BEFORE_JOIN + r"\s*(?:,|—|–)\s*(?:an?|the|its)\s+(?:[a-z-]+\s+)?(?:[a-z-]+\s+of\s*)?$",
    re.IGNORECASE,
)
# ... or is set beside another of the same thing: "compared with", "against the", "versus",
# "well above the", "larger than Germany's".
_COMPARED_WITH = re.compile(
    _BEFORE_JOIN + r"\s*,?\s*(?:(?:as\s+)?compared\s+(?:with|to)|against|versus|vs\.?"
    r"|(?:well\s+|far\s+)?(?:above|below)"
    r"|(?:(?!rather|other|later|earlier)[a-z]+er|more|less)\s+than)"
    r"\s+(?:the\s+|[A-Z][\w.]*(?:'s|’s)\s+)?$",
    re.IGNORECASE,
)
# ... or with the change that led to it: ", up 1.2 points on a year ago", ", down by $2bn".
_CHANGED_SINCE = re.compile(_BEFORE_JOIN + r"\s*,\s*(?:up|down)(?:\s+by)?\s*$", re.IGNORECASE)


class _Amounts:
    """The discourse of sums of money and percentages: an elliptical one ("It was $31.2
    million", "the right number is closer to $60 million", "Even at $52 million", "About $52.3
    million" under "How big is the gap?") takes the measure of the latest amount of its unit
    filed under a measure in its block; failing that, of a measure of its unit whose nouns its
    paragraph or heading names; failing that, for a generic head ("the right number"), of the
    text's latest amount of its unit. A bare repeat of a measure's value is that value. A rise
    inherited stays a rise ("floated 5.25 percent" after "a 4 percent rise")."""

    def __init__(
        self,
        measures: Sequence[Measure],
        found: Discourse,
        whose: Callable[[Mention, str, str], tuple[str, str | None]],
        canon: Callable[[str], str],
    ):
        self.measures = measures
        self.headings = found.headings
        self.whose = whose
        self.canon = canon
        # (block, unit) → (measure, kind, modality) of its latest amount filed under a measure
        self.last: dict[tuple[int, str], tuple[str, str, str | None]] = {}
        self.seen: dict[str, tuple[str, str, str | None]] = {}  # unit → the latest such
        self.echoes: dict[tuple[str, Decimal], tuple[str, str, str]] = {}
        # block → the measure and values of its latest two sums of money filed as levels
        self.levels: dict[int, tuple[str, list[Decimal]]] = {}
        # (sentence start, unit) → the measure of its latest amount filed under a measure
        self.in_sentence: dict[tuple[int, str], str] = {}
        self.askers: set[str] = set()  # who made the asks filed under a measure of asks
        # sentence start → (end, measure, kind, modality) of its latest amount filed under one
        self.before: dict[int, tuple[int, str, str, str]] = {}
        self.block_last: dict[int, str] = {}  # block → the measure of its latest amount, any unit

    def _difference(self, m: Mention) -> str | None:
        """The measure whose latest two levels in the block the amount is the difference of:
        "costs $2.40, up from $2.00. That's 40 cents a trip, or 20%" (a change stated again
        as its size, in money or as a share of the level it left)."""
        measure, values = self.levels.get(m.block, ("", []))
        if len(values) < 2:
            return None
        a, b = values[-2:]
        gap, value = abs(a - b), m.claim.value
        if m.claim.quantity == "money":
            return measure if gap and value == gap else None
        if m.claim.quantity != "percent" or not gap:
            return None
        shares = [100 * gap / v for v in (a, b) if v > 0]
        return measure if any(abs(x - value) <= Decimal("0.05") * value for x in shares) else None

    def _named_nearby(self, m: Mention, unit: str, words: frozenset[str]) -> str | None:
        heading = self.headings[m.block] if m.block < len(self.headings) else None
        near = words | frozenset(heading or ())
        for measure in self.measures:
            if unit in units_of(measure) and any(
                all(w in near for w in n.lower().split()) for n in measure.nouns
            ):
                return measure.name
        return None

    def _head_named_nearby(
        self, m: Mention, unit: str, words: frozenset[str], head: str
    ) -> str | None:
        named = self._named_nearby(m, unit, words)
        measure = _by_name(self.measures, named) if named else None
        if measure is None or not any(
            " " in n and n.lower().split()[-1] == head for n in measure.nouns
        ):
            return None
        return named

    def _changed_nearby(
        self, m: Mention, unit: str, words: frozenset[str], change: str
    ) -> str | None:
        named = self._named_nearby(m, unit, words)
        measure = _by_name(self.measures, named) if named else None
        if measure is None or change not in {t.lower() for t in measure.context}:
            return None
        if m.amount is not None and not _own_kind(m.amount, measure):
            return None  # "a £26bn tax rise" is a rise in taxes, whatever its paragraph says
        return named

    def _without_askers(self, m: Mention) -> Mention:
        """The mention with the askers of the text's asks dropped from whoever holds it."""

        def kept(names: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(n for n in names if self.canon(n) not in self.askers)

        return replace(m, agents=kept(m.agents), owners=kept(m.owners), products=kept(m.products))

    def _other_place(self, m: Mention, measure: Measure | None) -> str | None:
        """A place other than the measure's subject that holds the amount (its possessor or
        a name in its holder phrase): a province's deficit beside another's."""
        if measure is None or not measure.subject:
            return None
        own = self.canon(measure.subject)
        places = {self.canon(p) for p in m.places}
        for held in (self.canon(x) for x in (*m.owners, *m.named)):
            if held in places and held != own and held.lower() not in own.lower():
                return held
        return None

    def _share_in_block(self, m: Mention) -> str | None:
        """The measure of the block's latest amount, of any unit, when it takes this one's."""
        measure = _by_name(self.measures, self.block_last.get(m.block, ""))
        return measure.name if measure and m.claim.quantity in units_of(measure) else None

    def _continues(self, m: Mention, base: str) -> tuple[str, str, str | None] | None:
        """The measure, kind and modality of the amount right before this one in its sentence
        when this one only restates it in another unit ("£138bn this year, 4.5% of GDP", "a
        deficit of 5.8% of GDP, or about €169bn") or carries its clause on ("sees the deficit
        at £112bn in 2026-27, falling to £49bn by 2029-30"). Only an amount with no noun of
        its own, whose measure takes its unit."""
        claim, amount = m.claim, m.amount
        assert amount is not None
        if amount.changed or amount.asked or amount.compared:
            return None
        if _A_RATE.match(claim.sentence[claim.end_char - claim.sentence_start :]):
            return None  # "a $40 million budget, or $12,000 per student": another figure
        # a noun of its own that names a measure says what it is
        own = _own_nouns(amount)
        if any(_phrase_matches(x, n) for x in self.measures for n in own):
            return None
        before = self.before.get(claim.sentence_start)
        if before is None:
            return None
        end, name, kind, modality = before
        between = claim.sentence[
            end - claim.sentence_start : claim.start_char - claim.sentence_start
        ]
        measure = _by_name(self.measures, name)
        if measure is None:
            return None
        # A share of GDP restates whatever its noun (the parser's pick of a verb's subject: "the
        # watchdog expects ..., 4.5% of GDP"); another figure only with none of its own ("$40
        # million budget, or $12,000 per student" is no restatement)
        restates = _RESTATED.search(between) and (not own or amount.share_of == "gdp")
        if restates or (amount.share_of == "gdp" and _RESTATED_AS_SHARE.search(between)):
            # the same figure in another unit; if its measure takes no such unit, the figure
            # is still no value of another measure ("outlays of $7.0 trillion, or 23.3% of GDP"
            # is no debt ratio)
            if claim.quantity not in units_of(measure):
                # ... unless the measure it would have is the ratio of the same thing: "net
                # debt of $214.6 billion, or 38.9 per cent of GDP" for debt-to-GDP
                ratio = _by_name(self.measures, base)
                if ratio is not None and _ratio_free_words(ratio) & _ratio_free_words(measure):
                    return None
                return "other", claim.kind, claim.modality
            return name, kind, modality
        if claim.quantity not in units_of(measure):
            return None
        lex = lexicon.default()
        if own and own[0] in lex.rise_nouns | lex.fall_nouns | lex.revision_nouns:
            # "down from Rs 16.13 lakh crore, a reduction of roughly Rs 44,000 crore", "put
            # borrowing at £118bn — an upward revision of £20bn": the change that led to it
            return (name, "delta", modality) if _NAMED_CHANGE.search(between) else None
        yardstick = not own or own[0] in lex.yardstick_heads | lex.amount_heads
        if yardstick and _COMPARED_WITH.search(between):
            # "4.5% of GDP, compared with 4.8% in 2024-25", "larger than Germany's 2.8%", "well
            # above the 3.8 percent average": the figure set beside it is one of the same
            # measure, true when its own words say (not one with a noun of its own: "higher
            # than Chelsea's $250 million wage bill")
            return name, claim.kind, None
        # (a noun of its own here names no measure: the parser's pick of the clause's doer, "the
        # council sees the deficit at £81bn, falling to £52bn")
        if _CARRIED_ON.search(between):
            return name, claim.kind, modality
        if _CHANGED_SINCE.search(between):
            return name, "delta", modality  # "stood at 95.3% ..., up 1.2 points on a year ago"
        return None

    def resolve(self, m: Mention, name: str, words: frozenset[str]) -> Resolution:
        claim, amount = m.claim, m.amount
        assert amount is not None
        unit = claim.quantity
        kind: str | None = None
        modality: str | None = None
        echo = self.echoes.get((unit, claim.value))
        # "Today's ratio is 94.6%" where the paragraph says "debt ratio": the head of a
        # measure's noun stands for it
        headed = (
            self._head_named_nearby(m, unit, words, amount.nouns[0])
            if name == "other" and amount.nouns and not amount.change_noun
            else None
        )
        difference = self._difference(m) if not amount.nouns and not amount.direction else None
        # (a share of GDP with no noun of its own restates the figure before it, whatever
        # ratio measure the share alone would give it)
        nounless = not _own_nouns(amount)
        continued = (
            self._continues(m, name) if name == "other" or (amount.share_of and nounless) else None
        )
        # "The deficit ... Its estimate for this year is 3.9% of GDP": an elliptical share of
        # GDP is of the measure its block was last about, whatever ratio measure the share
        # alone would give it
        shared = self._share_in_block(m) if amount.elliptical and amount.share_of == "gdp" else None
        if amount.compared:
            # "$6.1 billion, $700 million smaller than projected", "The deficit came in $1.3
            # billion below its own projection": a difference of the figure before it in its
            # sentence, or of what its sentence names before it (not "Revenue was $2 billion
            # higher than expected, narrowing the deficit")
            before = claim.sentence[: claim.start_char - claim.sentence_start]
            if name == "other" and not amount.nouns:
                name = self.in_sentence.get((claim.sentence_start, unit)) or (
                    self._named_nearby(m, unit, frozenset(_words(before))) or "other"
                )
                after = claim.sentence[claim.end_char - claim.sentence_start :]
                if name == "other" and _POINTS_BACK.match(before) and _THAN_A_TIME.match(after):
                    # "That was £2.3bn more than a year earlier": the block's latest figure set
                    # against another time or a forecast of it (not "... more than the district
                    # collects in taxes", another thing)
                    name = self.last.get((m.block, unit), ("other",))[0]
            kind = "delta" if name != "other" else None
        elif difference is not None and (name == "other" or name == difference):
            name, kind = difference, "delta"
        elif name == "other" and not amount.nouns and echo is not None:
            name, kind, modality = echo  # the $48.6 million named before
        elif continued is not None:
            name, kind, modality = continued
        elif shared is not None:
            name = shared
        elif headed is not None:
            name = headed
        elif name == "other" and amount.change_noun and amount.nouns:
            # "That is a rise of 2.5 points": a change named by its noun alone is a change of
            # the measure of its unit whose words for a change it uses and whose nouns its
            # paragraph or heading names ("the employee contribution would go from 6% ...").
            name = self._changed_nearby(m, unit, words, amount.nouns[0]) or "other"
            kind = "delta" if name != "other" else None
        elif name == "other" and amount.elliptical:
            before = self.last.get((m.block, unit))
            if before is not None:
                name, inherited, modality = before
            else:
                name = self._named_nearby(m, unit, words) or "other"
                inherited, modality = self.seen.get(unit, ("", "level", None))[1:]
                if name == "other" and unit in self.seen:
                    # "the right number is closer to $60 million": it refers to the figure
                    # under discussion, wherever it was last given.
                    name = self.seen[unit][0]
            if name != "other" and inherited == "delta" and claim.kind == "level":
                kind = "delta"
        if m.marked and continued is None:
            modality = None  # its own words say it: "the 6.5 percent Whitcomb is asking for"
        forecast = amount.forecast or (
            amount.direction
            and amount.changed[:1]
            and (amount.changed[0] in lexicon.default().forecast_nouns)
        )
        if forecast:
            # a table's forecast column ("March forecast"); a forecast revised by a verb
            modality = "proposed"
        measure = _by_name(self.measures, name)
        if measure is not None and another_kind(amount, measure):
            # "the youth fare of $1" beside a paragraph about the base fare: whatever the
            # discourse says, its own words name another kind than the measure's
            name, measure = "other", None
        subject = None
        place = self._other_place(m, measure)
        if place is not None:
            # "Alberta trimmed its deficit forecast to $2.6bn", "Ontario expects a deficit of
            # $8.5bn": a government's own deficit or budget, not the measure's subject's
            name, subject = "other", place
        elif measure is not None and measure.subject and forecast and m.cue is None:
            # "the Council has shaved its deficit forecast": whose forecast it is names the
            # forecaster, not whose deficit (unless the words mark it: "its own forecast")
            subject = self.canon(measure.subject)
        elif measure is not None and measure.subject:
            if counts_asks(measure):
                # "Nightvane demanded $6.2 million, then lowered it to $4.75 million in its
                # post": who asks is the other party to the ask, not another holder of it
                if amount.asked and m.claim.proposal:
                    self.askers.add(self.canon(m.claim.proposal))
                m = self._without_askers(m)
            name, subject = self.whose(m, name, self.canon(measure.subject))
        if name != "other" and amount.compared:
            self.echoes[(unit, claim.value)] = (name, "delta", modality or claim.modality)
        elif name != "other":
            self.in_sentence[(claim.sentence_start, unit)] = name
            self.block_last[m.block] = name
            self.before[claim.sentence_start] = (
                claim.end_char,
                name,
                kind or claim.kind,
                modality or claim.modality,
            )
            # What a later elliptical amount inherits: a rise ("a 4 percent rise"), not the
            # size of a change of a level ("up $3.7 million").
            rise = amount.change_noun or amount.direction != 0 or kind == "delta"
            said = (name, kind or claim.kind, modality or claim.modality)
            self.last[(m.block, unit)] = self.seen[unit] = (
                name,
                "delta" if rise else "level",
                said[2],
            )
            self.echoes[(unit, claim.value)] = said
            if unit == "money" and said[1] == "level" and not rise:
                held, values = self.levels.get(m.block, (name, []))
                self.levels[m.block] = (
                    name,
                    [*values, claim.value][-2:] if held == name else [claim.value],
                )
        return Resolution(
            name,
            claim.noun,
            subject,
            kind=kind,
            modality=modality,
            restated=continued is not None and name != "other",
        )
