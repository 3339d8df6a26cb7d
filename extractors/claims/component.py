"""The spaCy component: `claimwatch_claims` writes each sentence's topic-free mentions (as
plain data, see mention.py) to `doc._.claim_mentions`, and what the discourse pass needs about
the whole text (its blocks' question headings, who owns what) to `doc._.claim_discourse`.

Its words come from lexicon.toml, read once when the component is built (or re-read by
`initialize`, like spaCy's SpanRuler reads its patterns), never per Doc.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, IS_ALPHA, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimwatch.extractors import numbers
from claimwatch.extractors.claims import discourse, scan, syntax
from claimwatch.extractors.claims import lexicon as _lexicon
from claimwatch.extractors.claims.lexicon import Lexicon
from claimwatch.extractors.claims.mention import (
    DISCOURSE_EXTENSION,
    EXTENSION,
    Discourse,
    Mention,
)
from claimwatch.extractors.records import REVISED, Claim

# Words that join an elided number to a later one that lends it its noun: "from 50 to 120
# organizations", "50 or 60 firms" (a closed set of function words, not lexicon).
_DONOR_LINKS = frozenset({"to", "and", "or", "-", "\u2013", "\u2014"})


@Language.factory(
    "claimwatch_claims",
    default_config={"max_sentence_tokens": 400, "lexicon_path": None, "currency_codes": []},
)
def make_claim_finder(
    nlp: Language,
    name: str,
    max_sentence_tokens: int,
    lexicon_path: str | None,
    currency_codes: list[str],
) -> ClaimFinder:
    return ClaimFinder(
        name,
        max_sentence_tokens=max_sentence_tokens,
        lexicon_path=Path(lexicon_path) if lexicon_path else None,
        currency_codes=tuple(currency_codes),
    )


class ClaimFinder:
    """Writes `doc._.claim_mentions`: every quantity except dates, times and ordinals."""

    def __init__(
        self,
        name: str = "claimwatch_claims",
        *,
        max_sentence_tokens: int = 400,
        lexicon_path: Path | None = None,
        currency_codes: tuple[str, ...] = (),
    ):
        self.name = name
        # Run-on "sentences" (tables, lists the parser could not split) give garbage parses.
        self.max_sentence_tokens = max_sentence_tokens
        # A topic's own currencies, by code ("MDK"), read as the lexicon's are
        self.currency_codes = currency_codes
        self.lexicon: Lexicon = self._read(lexicon_path)

    def _read(self, lexicon_path: Path | None) -> Lexicon:
        lex = _lexicon.load(lexicon_path or _lexicon.LEXICON_FILE)
        if not self.currency_codes:
            return lex
        symbols = {**lex.currency_symbols, **{c.lower(): c for c in self.currency_codes}}
        return replace(lex, currency_symbols=symbols)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        lexicon_path: Path | None = None,
    ) -> None:
        """Re-read the lexicon (nlp.initialize() calls this; so may a caller with its own)."""
        self.lexicon = self._read(lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = []
        text = doc.text  # joined from the tokens on each access: read it once
        blocks = discourse.blocks_of(text)
        starts = [b.start for b in blocks]
        asked: list[tuple[int, tuple[str, ...]]] = []
        for sent in doc.sents:
            if _ends_paragraph_asking(sent, text):
                asked.append((sent.start_char, _context(sent)))  # as a sentence is read
            if len(sent) <= self.max_sentence_tokens:
                for m in find_mentions(sent, self.lexicon):
                    # By the mention's own offset: the parser may run a heading and its
                    # answer into one sentence ("Who can use it today?\nAbout 60.").
                    block = max(0, bisect_right(starts, m.claim.start_char) - 1)
                    mentions.append(replace(m, block=block))
        doc._.set(EXTENSION, [m.to_data() for m in mentions])
        if mentions:
            found = Discourse(
                headings=tuple(_heading_words(doc, b) for b in blocks),
                possessions=tuple(syntax.possessions(doc)),
                prominent=syntax.prominent_org(doc),
                paragraphs=_paragraph_words(doc, text),
                titled=blocks[0].title,
                asked=tuple(asked),
                latest_year=syntax.latest_year(doc),
            )
            doc._.set(DISCOURSE_EXTENSION, found.to_data())
        return doc


def _paragraph_words(doc: Doc, text: str) -> tuple[tuple[int, str], ...]:
    """Each paragraph's start and lower-cased words and lemmas, space-separated (the measure
    step reads a count's context from its paragraph when its sentence lacks it). Read off
    arrays of hashes: a Python object per token would cost more than the rest of the
    component."""
    starts = [start for start, _ in discourse.paragraphs_of(text)] or [0]
    rows = doc.to_array([IDX, IS_ALPHA, LOWER, LEMMA])
    strings = doc.vocab.strings
    hashes: list[set[int]] = [set() for _ in starts]
    where = numpy.searchsorted(numpy.asarray(starts), rows[:, 0], side="right") - 1
    for n, alpha, lower, lemma in zip(where.tolist(), *rows[:, 1:].T.tolist(), strict=True):
        if alpha:
            hashes[max(n, 0)].update((lower, lemma))
    out = []
    for start, found in zip(starts, hashes, strict=True):
        out.append((start, " ".join(sorted({strings[h].lower() for h in found}))))
    return tuple(out)


def _heading_words(doc: Doc, block: discourse.Block) -> tuple[str, ...] | None:
    """The lower-cased words and lemmas of a block's question heading."""
    if not block.question or block.heading_end is None:
        return None
    span = doc.char_span(block.start, block.heading_end, alignment_mode="expand")
    if span is None:
        return None
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    # "How many accounts were affected?": the things the question counts, marked, so that an
    # answer is not taken for a count of what the text counted before (discourse).
    words |= {
        discourse.ASKED_NOUN + doc[t.i + 1].lemma_.lower()
        for t in span
        if t.lower_ == "many" and t.i + 1 < span.end and doc[t.i + 1].pos_ == "NOUN"
    }
    return tuple(sorted(words))


def find_mentions(sent: Span, lexicon: Lexicon | None = None) -> list[Mention]:
    """The sentence's quantities, read with `lexicon` (the installed one by default)."""
    lex = lexicon or _lexicon.default()
    raws = scan.scan(sent, lex)
    for raw in raws:
        scan.qualify(raw, sent, lex)
    raws = [r for r in raws if not scan.skip(r, sent, lex) and not _list_marker(r, sent)]
    generic: set[int] = set()  # raws whose head is "the total", "the tally", ...
    for idx, raw in enumerate(raws):
        if raw.unit == "count":
            # a table's cell counts what its column's header names ("ED visits" over "402")
            noun = raw.heading_noun if raw.cell else syntax.counted_noun(raw, sent, lex)
            lemma = noun.lemma_.lower() if noun is not None else ""
            # (not "put the illness count at 64": the anchor names what it counts)
            put = (noun is None or lemma in lex.generic_heads) and _put_at(raw, sent, lex)
            # "Peak: 109", "White House ceiling: 20": a label that names the figure's role
            label = syntax.label_noun(raw, sent) if lemma in lex.label_roles else None
            role = noun is not None and label is not None and label.i == noun.i
            anchored = noun is None and raw.anchor is not None
            # "We checked five figures", "Three numbers, one program": the number counts the
            # figures themselves (a plural its number modifies), not the thing they measure
            # (or "five different tallies of who can use it": an anchor counted, not read
            # through)
            head = raw.root.head
            figures = (
                not raw.cell
                and raw.root.dep_ == "nummod"
                and head.tag_ == "NNS"
                and head.lemma_.lower() in lex.generic_heads | lex.bare_anchor_nouns
            )
            if figures:
                noun, lemma, raw.anchor = head, head.lemma_.lower(), None
            heads = frozenset() if figures else lex.generic_heads
            if put or role or anchored or lemma in heads:
                generic.add(idx)
            # "roughly 50 today", "lift the tally to 90": no counted thing is named.
            named_nothing = lemma in lex.not_counted_nouns or lemma in heads or role
            raw.noun = None if named_nothing or put else noun
    # Elided nouns: "50 organizations have access and it hopes to add about 70 more"; a later
    # number lends its noun only from close by ("from 50 to 120 organizations").
    lent: dict[int, int] = {}  # raw → the raw that lent it its noun
    for idx, raw in enumerate(raws):
        # A generic head ("the true figure is nearer 55", "staff at two firms put it at 58")
        # refers to what the discourse is about, not to the sayers counted before it.
        if raw.unit == "count" and raw.noun is None and idx not in generic:
            # Not from a count of sources or of time: "three officials said ... 6 more".
            earlier = [
                r
                for r in raws[:idx][::-1]
                if r.unit == "count" and r.noun and not _lends_nothing(r, lex)
            ]
            later = [
                r
                for r in raws[idx + 1 :]
                if r.unit == "count" and r.noun and _linked(sent.doc, raw.qend, r.qstart)
            ]
            donors = earlier + later[:1]
            if donors:
                raw.noun, raw.noun_inherited = donors[0].noun, True
                lent[idx] = raws.index(donors[0])
    if not raws:
        return []
    attribution = syntax.attribution(sent, lex)
    scene = syntax.opening_place(sent, lex)
    context = _context(sent)
    doc = sent.doc
    out: list[Mention] = []
    owned: dict[int, syntax.Ownership] = {}
    for idx, raw in enumerate(raws):
        read = syntax.modality(raw, sent, lex)
        first, last = doc[raw.qstart], doc[raw.qend - 1]
        noun_text: str | None
        if raw.unit == "money":
            noun_text = raw.currency or "USD"
        elif raw.unit == "percent":
            noun_text = None
        elif raw.unit in ("duration", "age"):
            noun_text = raw.time_unit  # the time unit: "year", "day", ...
        else:
            noun_text = raw.noun.lemma_.lower() if raw.noun is not None else None
        q = raw.quantity
        amount = syntax.amount_of(raw, sent, lex) if raw.unit in syntax.AMOUNT_UNITS else None
        said: str | None = raw.kind
        new_only = False
        if raw.unit == "count":
            said = said or syntax.said_kind(raw, sent, lex)
            kind = said or "level"
            new_only = (
                raw.kind is None
                and said == "delta"
                and syntax.said_kind(raw, sent, lex, fresh=False) != "delta"
                and not syntax.made_new(raw, lex)
            )
        elif amount is not None and (amount.change_noun or amount.direction):
            # "a 4 percent rise", "raised the rate 2.9 percent"; not where the change lands,
            # set off after it ("a 1.5-point increase, to 5.5%")
            before = [t.lower_ for t in doc[max(sent.start, raw.qstart - 2) : raw.qstart]]
            kind = "level" if before == [",", "to"] else "delta"
        elif amount is not None and amount.compared:
            # "$700 million smaller than projected": a difference, signed by its comparative
            kind = "delta"
            if amount.compared < 0 and raw.kind is None and q.value > 0:
                q = numbers.negate(q)
        else:
            kind = "level"
        claim = Claim(
            value=q.value,
            low=q.low,
            high=q.high,
            qualifier=q.qualifier,
            # The scanner reads a stated change ("fell 12", "up 3%") for every unit.
            kind=raw.kind or kind,
            modality=read.modality,
            negated=read.negated,
            measure="other",  # the topic's measure step decides (measure.py)
            quantity=raw.unit,
            noun=noun_text,
            subject=syntax.subject(raw, lex),
            attribution=attribution,
            # The span's text, not doc.text[...]: doc.text joins the whole document each time.
            value_text=doc[raw.qstart : raw.qend].text,
            sentence=_one_line(sent.text),
            start_char=first.idx,
            end_char=last.idx + len(last.text),
            sentence_start=sent.start_char + len(sent.text) - len(sent.text.lstrip()),
            sentence_end=sent.start_char + len(sent.text.rstrip()),
            # As written; measure.to_claims canonicalizes it and supplies a proposer unnamed
            # in the clause (records.Claim.proposal).
            proposal=_proposal(syntax.proposer(raw, lex)) if read.modality == "proposed" else None,
        )
        whose = (
            syntax.owner(raw, lex, amount=amount is not None)
            if raw.unit == "count" or amount is not None
            else syntax.Ownership()
        )
        donor = owned.get(lent.get(idx, -1))
        if donor is not None and not (whose.owners or whose.cue):
            # "its own pilot covers 35 companies and it hopes to reach 60": whose the things
            # are goes with the noun the elided count borrows
            whose = replace(whose, owners=donor.owners, cue=donor.cue)
        owned[idx] = whose
        phrase, clause = syntax.nearest_words(raw) if raw.unit == "count" else ((), ())
        dated = syntax.dated_event(raw, lex)
        out.append(
            Mention(
                claim=claim,
                context=context,
                phrase=phrase,
                clause=clause,
                elliptical=(raw.unit == "count" and (raw.noun is None or raw.noun_inherited))
                or (amount is not None and amount.elliptical),
                generic=idx in generic,
                antecedent=noun_text not in lex.source_nouns and noun_text not in lex.time_nouns,
                sayer=raw.unit == "count" and syntax.among_sayers(raw, lex),
                aside=raw.unit == "count" and syntax.aside(raw, sent),
                program=raw.unit == "count" and syntax.about_program(raw, lex),
                reported=raw.unit == "count" and syntax.reported_figure(raw, lex),
                does=syntax.bare_subject_of(raw) if raw.unit == "count" else (),
                removed=raw.unit == "count" and syntax.removed(raw, lex),
                table=raw.table,
                part=raw.part,
                scene=scene,
                event=dated.name if dated else None,
                event_year=dated.year if dated else None,
                event_apart=dated.apart if dated else False,
                scope=syntax.scope(raw, lex) if raw.unit == "count" else None,
                category=(syntax.category(raw, lex) or syntax.state(raw, lex))
                if raw.unit == "count"
                else None,
                owners=whose.owners,
                named=whose.named,
                offered=whose.offered,
                products=whose.products,
                places=syntax.places(sent) if amount is not None else (),
                cue=whose.cue,
                agents=whose.agents,
                referred=whose.referred,
                holds=whose.holds,
                holders=whose.holders,
                amount=amount,
                marked=read.marked,
                # (a table's cell: its column says, "Added" or "Cumulative")
                kind_said=said is not None or raw.unit != "count" or raw.cell,
                new_only=new_only,
                own_modality=read.own,
                fragment=read.fragment,
                modality_reason=read.reason,
            )
        )
    return out


def _proposal(found: syntax.Proposer) -> str | None:
    """The surface form of Claim.proposal: "name", "name/revised", "/revised" or None."""
    if found.revised:
        return f"{found.name or ''}{REVISED}"
    return found.name


def _list_marker(raw: scan.Raw, sent: Span) -> bool:
    """ "2. Refund pace: ...", "3) Cribs": a small whole number opening a line, followed by a
    period or parenthesis, numbers a list item; it counts nothing."""
    doc = sent.doc
    if raw.end - raw.start != 1 or raw.qend != raw.end or raw.qend >= len(doc):
        return False
    tok = doc[raw.start]
    if not (tok.is_digit and len(tok.text) <= 2) or doc[raw.end].text not in (".", ")"):
        return False
    # A line break is a whitespace token of its own (or the text's start).
    if not (tok.i == 0 or "\n" in doc[tok.i - 1].text):
        return False
    # An item of a list has a neighbour ("57." or "59." opening another line), or opens it:
    # "58. That's Anthropic's figure", under a question, answers it.
    n = int(tok.text)
    mark = doc[raw.end].text
    return n <= 1 or any(
        re.search(rf"(?:^|\n)[ \t]*{k}{re.escape(mark)}", doc.text) for k in (n - 1, n + 1)
    )


def _lends_nothing(raw: scan.Raw, lex: Lexicon) -> bool:
    """A count of time, of figures, or of the sources a sentence cites ("according to three
    officials", "two people familiar with it said"), is not what a later bare number counts."""
    noun = raw.noun
    assert noun is not None
    lemma = noun.lemma_.lower()
    if lemma in lex.time_nouns:
        return True
    if lemma in lex.generic_heads | lex.bare_anchor_nouns:
        return True  # "two numbers in circulation: 50 and 120" counts the figures, not them
    if lemma not in lex.source_nouns:
        return False
    for anc in list(noun.ancestors)[:3]:
        if anc.lemma_.lower() in lex.according_words or (
            anc.pos_ == "VERB" and anc.lemma_.lower() in lex.report_verbs
        ):
            return True
    return False


def _put_at(raw: scan.Raw, sent: Span, lex: Lexicon) -> bool:
    """An estimate of the figure under discussion: "reports put it at 85", "analysts peg the
    number at 90" (a verb of lex.estimate_verbs, a pronoun or generic head, then "at N")."""
    doc, k = sent.doc, raw.qstart
    if k - 3 < sent.start or doc[k - 1].lower_ != "at":
        return False
    what = doc[k - 2]
    if what.lower_ not in ("it", "them") and what.lemma_.lower() not in lex.generic_heads:
        return False
    verb = doc[k - 3] if what.lower_ in ("it", "them") else what.head
    return verb.lemma_.lower() in lex.estimate_verbs or verb.lower_ in lex.estimate_verbs


def _context(sent: Span) -> tuple[str, ...]:
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    return tuple(sorted(words))


def _ends_paragraph_asking(sent: Span, text: str) -> bool:
    """The sentence is a question that ends its paragraph: an interviewer's turn or a reader's
    question whose answer follows ("How many access holders are there?" / "About 60.")."""
    body = sent.text.rstrip()
    if not body.endswith("?"):
        return False
    end = sent.start_char + len(body)
    rest = text[end : end + 3]
    return not rest.strip() or rest.lstrip(" \t").startswith("\n")


def _one_line(text: str) -> str:
    """A sentence as readers see it in a table or a CSV cell: spaCy keeps trailing newlines and
    paragraph breaks in a sentence's text; collapse every run of whitespace to one space."""
    return " ".join(text.split())


def _linked(doc: Doc, end: int, start: int) -> bool:
    """Only linking words stand between the end of one number and the start of the next."""
    between = [doc[k].lower_ for k in range(end, start)]
    return 0 < len(between) <= 2 and all(w in _DONOR_LINKS for w in between)
