"""What the dependency parse says about a number: the noun it counts, its kind (level or delta),
its modality (actual or proposed) and negation, its subject and the sentence's source.

What en_core_web_sm gives us (DESIGN.md, "What en_core_web_sm 3.8 actually does"): the number
is a nummod of the counted noun most of the time and a bare pobj/dobj otherwise, so the counted
noun comes from the head chain, "number of X" anchors and the verb's subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from claimwatch.extractors import numbers
from claimwatch.extractors.claims.lexicon import Lexicon, naive_stems
from claimwatch.extractors.claims.scan import Raw, low, opens_clause, yearish
from claimwatch.extractors.entities import NAME_LABELS

# Tags and parts of speech of the model's scheme (not words: they stay in code).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
VERBAL_POS = frozenset({"VERB", "AUX"})
# Punctuation that sets a phrase off from the clause before it.
# Entities that have a budget, a rate or a shortfall of their own (labels of the model's scheme).
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP"})
# Units whose numbers measure something rather than count it (amount_of).
AMOUNT_UNITS = frozenset({"money", "percent"})
ASIDE_MARKS = frozenset({"\u2014", "\u2013", "-", "--", ":", "(", ";"})


# --------------------------------------------------------------------------- counted noun


def _resolve_anchor(tok: Token, lex: Lexicon, depth: int = 0) -> Token | None:
    """ "number of entities" → entities; "customer count" → customer; "cases of bottled water"
    → water (containers of a substance count the substance); plain nouns → themselves."""
    if tok.lemma_.lower() not in lex.anchor_nouns:
        return _substance(tok) or tok
    if depth > 3:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return _resolve_anchor(pobj, lex, depth + 1)
    for child in tok.lefts:
        if child.dep_ == "compound" and child.pos_ == "NOUN":
            if child.lower_.endswith("ing") and tok.lemma_.lower() in lex.list_nouns:
                # "the waiting list", "a mailing list": the compound says what the list is
                # for, not what it counts; the list is the measure's noun
                return tok
            if child.lemma_.lower() in lex.event_nouns:
                # "the breach toll", "the outbreak total" name the event, not what the toll
                # or total counts (elliptical: its discourse says); "the death toll", "the
                # injury toll" count theirs
                return None
            return child
    # a bare toll counts deaths ("the toll reached 87"; discourse.counts_noun)
    return tok if tok.lemma_.lower() in lex.event_anchor_nouns else None


def _substance(tok: Token) -> Token | None:
    """The mass noun a plural counted noun holds: "9,000 cases of bottled water", "40 tons of
    grain" (a bare singular common noun; not "members of the program", "cases of E. coli")."""
    if tok.tag_ != "NNS":
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                bare = not any(c.dep_ in ("det", "poss") for c in pobj.children)
                if pobj.dep_ == "pobj" and pobj.tag_ == "NN" and bare:
                    return pobj
    return None


def _has_total(tok: Token, lex: Lexicon) -> bool:
    return any(c.lemma_.lower() in lex.total_words for c in tok.children)


def _of_object(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def list_head(raw: Raw) -> Token | None:
    """The noun a list item's number introduces: "About 60: organizations with access",
    "Roughly 130: the total the company has proposed" (the parser makes it an apposition)."""
    doc = raw.root.doc
    if raw.qend + 1 >= len(doc) or doc[raw.qend].text not in (":", "\u2014", "\u2013"):
        return None
    # Read off the tokens: the parser attaches such fragments every which way.
    end = min(len(doc), raw.qend + 6)
    for tok in doc[raw.qend + 1 : end]:
        if tok.pos_ == "PROPN" and tok.dep_ != "compound" and tok.ent_type_:
            continue  # "Roughly 120: the total Anthropic sought": a name counts nothing
        if tok.pos_ in ("NOUN", "PROPN"):
            return _last_of_run(tok, end)
        # "- 4.1%: the fund's return", "- 62.3%: its funded ratio"
        modifier = tok.tag_ in ("POS", "PRP$") or tok.dep_ == "amod"
        if not modifier and tok.pos_ not in ("DET", "ADJ", "ADV", "NOUN", "PROPN", "NUM"):
            return None
    return None


def _last_of_run(tok: Token, end: int) -> Token:
    """The last noun of the run of nouns (and possessives) starting at tok: "the levy
    increase", "the pension fund's return" name an increase and a return."""
    doc, last = tok.doc, tok
    for k in range(tok.i + 1, min(len(doc), end + 2)):
        if doc[k].pos_ == "NOUN" or (doc[k].pos_ == "PROPN" and not doc[k].ent_type_):
            last = doc[k]
        elif doc[k].tag_ != "POS":
            break
    return last


def _shouted_noun(raw: Raw, sent: Span, lex: Lexicon) -> Token | None:
    """An all-capitals headline ("3,300 TEACHERS OUT AS 57 SCHOOLS SHUT") parses badly: the
    capitalised word right after the number (past "MORE", "NEW") is what it counts."""
    doc = sent.doc
    k = raw.qend
    while k < sent.end and doc[k].is_upper and low(doc[k]) in lex.delta_words:
        k += 1
    if k >= sent.end or not (doc[k].is_upper and doc[k].is_alpha and len(doc[k]) > 2):
        return None
    before = [t for t in doc[max(sent.start, raw.qstart - 4) : raw.qstart] if t.is_alpha]
    return doc[k] if before and before[-1].is_upper and len(before[-1]) > 1 else None


def label_noun(raw: Raw, sent: Span) -> Token | None:
    """The noun of a label before a colon, when the number right after it names no noun of its
    own: "- Towns under restrictions: 52 (up 6)", "... expansion. Injuries: 21, up 1". A label
    opens its line (after any bullet), or its sentence when no clause precedes the colon ("a
    spokesman said:" is no label)."""
    doc = sent.doc
    colon = raw.qstart - 1
    if colon <= sent.start or doc[colon].text != ":":
        return None
    if raw.qend < sent.end and doc[raw.qend].pos_ in ("NOUN", "PROPN", "ADJ"):
        return None  # "Quick recap: 57 organizations"
    k = _label_start(sent, colon, 7)
    line_start = _opens_line(doc, k)
    if not line_start and (k > sent.start or colon - k >= 7):
        return None
    while k < colon and (doc[k].is_punct or doc[k].is_space):
        k += 1  # a bullet
    label = doc[k:colon]
    if not line_start and any(t.tag_ in FINITE_TAGS or t.tag_ == "MD" for t in label):
        return None
    noun = next((t for t in label if t.pos_ in ("NOUN", "PROPN") and _label_head(t)), None)
    # A transcript's speaker ("Q:", "A:", "FELD:", "Maria Chen, CFO:") says the number; it
    # does not name what the number counts.
    if noun is None or len(noun.text) <= 2 or noun.ent_type_ == "PERSON" or speaker_label(noun):
        return None
    if noun.ent_type_ in ("DATE", "TIME") and noun.pos_ == "PROPN":
        return None  # "Aug. 17: 11,800": a timeline's date says when (not "Working days lost:")
    return noun


def speaker_label(tok: Token) -> bool:
    """The token names a transcript's speaker: it is in the words that open a line up to a
    colon, all in capitals ("BRANDT:", "MR. OKAFOR:"), and the same words open another line."""
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text and tok.i - start < 3:
        start -= 1
    if not _opens_line(doc, start):
        return False
    end = tok.i + 1
    while end < len(doc) and end - start < 4 and doc[end].text != ":":
        end += 1
    if end >= len(doc) or doc[end].text != ":":
        return False
    words = [t for t in doc[start:end] if not t.is_punct]
    # (in capitals: "Injuries: 21" is a label, and a name in title case is read as a PERSON)
    if not words or not all(t.is_upper for t in words):
        return False
    # A speaker speaks more than once; a fact box's label in capitals ("HOSPITALS OPENED:
    # 12") names its figure once.
    label = doc[start:end].text
    return doc.text.count("\n" + label + ":") + doc.text.startswith(label + ":") >= 2


def _label_head(t: Token) -> bool:
    """A label's word that heads its noun phrase: not a compound ("Towns" in "Town councils"),
    except a common noun the parser hung on a name after it, which a name does not take
    ("Additions Anthropic is seeking:" heads on "Additions")."""
    return t.dep_ != "compound" or (t.pos_ == "NOUN" and not t.ent_type_ and bool(t.head.ent_type_))


def _label_start(sent: Span, colon: int, most: int) -> int:
    """Where the words before a colon start on its line: back to the line's start, the
    sentence's, or `most` tokens, whichever comes first (a count's and an amount's label)."""
    doc, k = sent.doc, colon
    while k > sent.start and colon - k < most and "\n" not in doc[k - 1].text:
        k -= 1
    return k


def _opens_line(doc: Doc, k: int) -> bool:
    """Token k opens its line, past any list marker ("• Sailings cancelled: 310"; the marker
    is a sentence of its own, claims/lines.py)."""
    while k > 0 and doc[k - 1].is_punct and "\n" not in doc[k - 1].text:
        k -= 1
    return k == 0 or "\n" in doc[k - 1].text


def counted_noun(raw: Raw, sent: Span, lex: Lexicon) -> Token | None:
    """The noun the number counts, through "of", the head chain and "number of X" anchors."""
    root = raw.root
    head = root.head
    doc = sent.doc
    # "about 30 more, chiefly hospitals": "more" ends the phrase, the noun is elided and what
    # follows only describes the counted things.
    if (
        raw.qend + 1 < sent.end
        and low(doc[raw.qend]) in lex.delta_words
        and doc[raw.qend + 1].is_punct
    ):
        return None
    listed = list_head(raw)
    if listed is not None:
        return _resolve_anchor(listed, lex)
    labelled = label_noun(raw, sent)
    if labelled is not None:
        return _resolve_anchor(labelled, lex)
    shouted = _shouted_noun(raw, sent, lex)
    if shouted is not None:
        return shouted
    # "date codes from 2409 to 2602": a range hanging off a noun qualifies that noun.
    if (
        raw.quantity.qualifier == "range"
        and root.dep_ == "pobj"
        and head.lower_ == "from"
        and head.head.pos_ in ("NOUN", "PROPN")
    ):
        return _resolve_anchor(head.head, lex)
    # "dozens of companies", "four of the 10 browsers", "hundreds of thousands of users"
    of_obj = _of_object(root)
    if of_obj is not None and of_obj.lemma_.lower() not in numbers.VAGUE:
        inner = _of_object(of_obj) if of_obj.lower_ in numbers.VAGUE else None
        return _resolve_anchor(inner or of_obj, lex)
    if (
        root.dep_ in ("nummod", "compound", "amod", "quantmod")
        and head.pos_ in ("NOUN", "PROPN")
        and not raw.start <= head.i < raw.end
        and head.ent_type_ not in ("DATE", "TIME")  # "March 5 — 120": a date counts nothing
        and not any(c.isdigit() for c in head.text)  # "11,800 (+7,700)": a figure counts nothing
        and not opens_clause(head, lex)
    ):
        if speaker_label(head):
            return None  # "BRANDT: All 40? Finished?": the speaker counts nothing
        if head.lower_ == "dozen":
            head = head.head
        if head.tag_ == "NN" and head.dep_ == "ROOT" and raw.quantity.value != 1:
            return None  # "Another 25 join, ...": a verb the tagger took for a noun
        return _resolve_anchor(head, lex)
    # Bare numbers: the nearest "number/total of X" before it in the sentence.
    for k in range(raw.qstart - 1, sent.start - 1, -1):
        t = doc[k]
        if t.lemma_.lower() in lex.bare_anchor_nouns and t.pos_ == "NOUN":
            total = t.lemma_.lower() in lex.total_words or _has_total(t, lex)
            raw.anchor = "total" if total else "number"
            resolved = _resolve_anchor(t, lex)
            if resolved is not None:
                return resolved
    # A verb of amount ("the list has grown to 120"): its subject carries the noun; so does
    # the plural subject of a verb of exceeding ("cancellations top 2,000").
    for anc in list(root.ancestors)[:3]:
        if anc.pos_ in VERBAL_POS:
            exceeds = bool((_lemmas(anc) | {low(anc)}) & lex.exceed_verbs)
            for child in anc.children:
                if child.dep_ not in ("nsubj", "nsubjpass") or child.pos_ != "NOUN":
                    continue
                if child.lemma_.lower() in lex.anchor_nouns or (exceeds and child.tag_ == "NNS"):
                    return _resolve_anchor(child, lex)
                if child.lemma_.lower() in lex.generic_heads:
                    return child  # "the true figure is nearer 55": a generic head
            break
    return None


# --------------------------------------------------------------------------- kind


def said_kind(raw: Raw, sent: Span, lex: Lexicon, *, fresh: bool = True) -> str | None:
    """level (how many there are or would be) or delta (how many more), as the count's own
    words say it; None when they say nothing. A bare "20" is a level unless the text gives the
    same figure as "20 more" elsewhere (discourse._echoed_kinds). `fresh`: whether "new" on
    the noun says more ("70 new organizations"); without it, what else says so."""
    doc = sent.doc
    delta_words = lex.delta_words if fresh else lex.delta_words - lex.newness_words
    noun = raw.noun
    nxt = raw.qend
    while nxt < sent.end and doc[nxt].is_quote:
        nxt += 1  # "a couple dozen" more: a figure quoted on its own
    after = low(doc[nxt]) if nxt < sent.end else ""
    after2 = low(doc[nxt + 1]) if nxt + 1 < sent.end else ""
    if after == "in" and after2 in lex.in_total_words:
        return "level"
    before = [low(doc[k]) for k in range(max(sent.start, raw.qstart - 2), raw.qstart)]
    if any(w in lex.delta_pre_words for w in before):
        # "another 70", "an additional 70"; before a total the sentence names ("taking the
        # total to 81, and ... a further 20 could follow")
        return "delta"
    if raw.anchor == "total":
        return "level"  # "bringing the total to around 120"
    if (
        noun is not None
        and noun.lemma_.lower() in lex.step_nouns
        and low(doc[raw.qstart - 1]) != "to"
    ):
        return "delta"  # "2.5 points", "a 1.5-point increase"; not "to 8.5 points"
    if noun is not None and not raw.noun_inherited:
        nxt = noun.i + 1
        if nxt + 1 < sent.end and low(doc[nxt]) == "in" and low(doc[nxt + 1]) in lex.in_total_words:
            return "level"
    if len(before) == 2 and before[0] in lex.total_words and before[1] == "of":
        return "level"
    if noun is not None and not raw.noun_inherited and noun.lemma_.lower() in lex.addition_nouns:
        return "delta"  # "the 70 newcomers", "38 additions"
    if _in_a_batch(raw, lex):
        return "delta"  # "a second tranche of 20", "the first wave is 25"
    if after in delta_words:
        # "70 more companies", "add about 70 more"; "1.4 million more than it reported in
        # October": a difference from another figure (as for amounts: Amount.compared)
        return "delta"
    if _per_period(raw, sent, lex):
        return "delta"  # "admit 15 to 25 organizations every 90 days": a pace of additions
    modifiers: list[Token] = list(raw.root.children)
    if noun is not None and not raw.noun_inherited:
        modifiers += [c for c in noun.children if c.dep_ in ("amod", "advmod", "det", "nummod")]
    for m in modifiers:
        if m.lemma_.lower() in delta_words and m.i not in range(raw.qstart, raw.qend):
            nxt_tok = low(doc[m.i + 1]) if m.i + 1 < len(doc) else ""
            if nxt_tok != "than":
                return "delta"
    # Governing verb: "add 70 companies", "expand access by 70".
    via_by = False
    below = raw.root  # the child of `anc` on the path up from the number
    for anc in raw.root.ancestors:
        if anc.pos_ == "ADP" and anc.lower_ == "by":
            via_by = True
        if anc.pos_ in VERBAL_POS:
            lemma = anc.lemma_.lower()
            # What an add verb acts on changes; its doer does not ("the 57 would reopen").
            # Nor what it is added to: "Added to Thursday's 1,140", "add 70 to the roughly 50";
            # nor the total it makes: "adding about 70 more, for around 120".
            added = (
                lemma in lex.add_verbs
                and below.dep_ not in ("nsubj", "csubj")
                and not (below.dep_ == "prep" and below.lower_ in ("to", "onto", "for"))
            )
            if added or (via_by and lemma in lex.growth_verbs):
                return "delta"
            # (not "farms grow 4,000 acres of almonds": what is grown, not by how much)
            grown = below.i == raw.root.i or (
                raw.noun is not None
                and below.i == raw.noun.i
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in raw.noun.children)
            )
            if grown and lemma in lex.growth_amount_verbs and below.dep_ in ("dobj", "npadvmod"):
                return "delta"  # "the fire grew 8,000 acres overnight"
            break
        if (
            anc.pos_ == "ADP"
            and anc.lower_ == "of"
            and (anc.head.lemma_.lower() in lex.growth_nouns | lex.decrease_nouns)
        ):
            return "delta"  # "an increase of about 600 acres", "a drop of 11,400"
        below = anc
        if anc.pos_ == "NOUN" and via_by and anc.head.lemma_.lower() in lex.growth_verbs:
            return "delta"  # "expand access by 70": by hangs off the object
    return None


def _in_a_batch(raw: Raw, lex: Lexicon) -> bool:
    """The count is the size of one batch of additions (lexicon batch_nouns): "a second
    tranche of 20", "waves of 25, 30 and 15", "the first tranche is only 25", "35 in a first
    wave". A batch is let in on top of those already in: a change."""

    def batch(t: Token) -> bool:
        # not the batch a program began with: "its initial cohort of about 50"
        return t.lemma_.lower() in lex.batch_nouns and not any(
            c.dep_ == "amod" and c.lower_ in lex.founding_words for c in t.children
        )

    def let_in(t: Token) -> bool:
        # "a group of 16 was admitted", "approved a round of 20 slots": a set let in
        return (
            t.lemma_.lower() in lex.group_nouns
            and t.dep_ in ("nsubjpass", "dobj")
            and t.head.lemma_.lower() in lex.admitting_verbs
            and not any(c.dep_ == "amod" and c.lower_ in lex.founding_words for c in t.children)
        )

    tok = raw.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "batches of 25 and 20": the first conjunct says it for both
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and batch(head.head):
        return True
    held = raw.noun if tok.dep_ == "nummod" and raw.noun is not None else tok
    if held.dep_ == "pobj" and held.head.lower_ == "of" and let_in(held.head.head):
        return True
    if tok.dep_ in ("attr", "acomp", "nsubj") and head.lemma_.lower() == "be":
        return any(c.dep_ in ("nsubj", "attr") and c.i != tok.i and batch(c) for c in head.children)
    holders = [tok] + ([raw.noun] if raw.noun is not None and not raw.noun_inherited else [])
    return any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(p.dep_ == "pobj" and batch(p) for p in c.children)
        for h in holders
        for c in h.children
    )


# Words that make the time after them a recurring period: "every 90 days", "each quarter",
# "per month" (a closed set of function words, not lexicon; not "a": "27 a week ago").
_EVERY = frozenset({"every", "each", "per"})


def _per_period(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """The count is a number per recurring period, right after it or its noun (an adverb
    between): "15 to 25 every quarter", "20 organizations roughly every 90 days", "30 per
    month". So many each time is a pace of change, not how many there are."""
    doc = sent.doc
    k = raw.qend
    if raw.noun is not None and not raw.noun_inherited and raw.noun.i >= k:
        k = raw.noun.i + 1
    while k < sent.end and doc[k].pos_ == "ADV":
        k += 1
    if k + 1 >= sent.end:
        return False
    periods = lex.time_nouns | lex.period_nouns
    if low(doc[k]) not in _EVERY:
        return False
    ahead = doc[k + 1 : min(sent.end, k + 3)]
    return any(t.lemma_.lower() in periods for t in ahead)


# --------------------------------------------------------------------------- modality


def _lemmas(tok: Token) -> set[str]:
    """The lemma plus naive stems: the small model's lemmatizer slips ("hopes" → "hop")."""
    w = low(tok)
    return {tok.lemma_.lower(), w} | naive_stems(w)


def _has_modal(tok: Token, lex: Lexicon) -> bool:
    # A proposal verb mis-tagged as an auxiliary ("officials oppose granting") counts too.
    return any(
        c.dep_ == "aux" and (low(c) in lex.modals or _lemmas(c) & lex.proposal_verbs)
        for c in tok.children
    )


def _is_finite(tok: Token, lex: Lexicon) -> bool:
    if tok.tag_ == "VBP" and tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_ in lex.causatives:
        return False
    if tok.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in tok.children)


def _approved(proposal: Token, lex: Lexicon) -> bool:
    """The proposal is what a verb of approving did approve: "the White House has approved
    Anthropic's request", "the plan was accepted" (not "would approve", "has not approved",
    "if approved", "wants to approve")."""
    verb = proposal.head
    lemma = verb.lemma_.lower()
    passed = (  # "the plan passed 31-8": carried, with nothing it passed
        proposal.dep_ == "nsubj"
        and lemma in lex.passing_verbs
        and not any(c.dep_ == "dobj" for c in verb.children)
    )
    if not passed and (
        proposal.dep_ not in ("dobj", "nsubjpass") or lemma not in lex.approval_verbs
    ):
        return False
    if (
        verb.dep_ in ("xcomp", "advcl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.lemma_.lower() in lex.voting_verbs
        and verb.head.tag_ == "VBD"
        and not _negates(verb.head, lex)
    ):
        verb = verb.head  # "The Senate voted 31-8 to approve a $52.4 billion spending plan"
    if _negates(verb, lex) or _has_modal(verb, lex) or verb.dep_ in ("xcomp", "advcl"):
        return False
    helpers = {low(c) for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and bool(helpers & {"has", "have", "had", "was", "were"})
    )


def _negates(tok: Token, lex: Lexicon) -> bool:
    return any(
        c.dep_ == "neg"
        or (c.dep_ == "det" and low(c) in lex.negation_determiners)
        or low(c) in lex.negation_words
        for c in tok.children
    )


@dataclass(frozen=True, slots=True)
class Modality:
    """A number's modality as its sentence reads it. `marked` says whether its words decide
    it (a modal, a proposal or forecast word, a realised past, a time phrase): an unmarked
    one ("the gap stands at $52 million", a verbless fragment) may take the modality its
    measure's figure has elsewhere in the text (discourse.py)."""

    modality: str
    negated: bool
    marked: bool
    # Its own phrase decides it, not the clause around it: a relative clause or participle
    # ("the 50 admitted in April"), a time ("last year's"), a baseline ("up from 60").
    own: bool = False
    # No verb governs it (a headline fragment, an answer under a question heading).
    fragment: bool = False
    # Which of the rules below decided it ("modal", "relative", "tense", ...; "none": no word
    # did): the learned modality step weighs how far each is to be trusted.
    reason: str = "none"


def modality(raw: Raw, sent: Span, lex: Lexicon) -> Modality:
    """The modality from the number's own phrase (its time: "next year's", "last spring's";
    a forecast: "a projected $48 million gap"), then from the chain of heads above it."""
    if raw.cell:
        # a table's cell is in no clause: its column or caption says if it is a forecast
        said = "proposed" if raw.forecast else "actual"
        return Modality(said, negated=False, marked=True, own=True, reason="label")
    phrase = list_head(raw) or _own_phrase(raw)
    phrase_time = _phrase_time(phrase, raw, lex)
    label_time = None if phrase_time else _label_time(raw, sent, lex)
    timed = phrase_time or label_time
    found: str | None = timed or ("actual" if _baseline(raw, sent, lex) else None)
    reason = "time" if phrase_time else "label" if label_time else "baseline" if found else ""
    foreseen = any(c.lower_ in lex.forecast_adjs for c in phrase.children)  # "a projected"
    if (
        phrase_time == "proposed"
        and phrase.pos_ == "NOUN"
        and not foreseen
        and _approved(phrase, lex)
    ):
        # "voted to approve a $52.4 billion spending plan for the fiscal year that begins July
        # 1", "approved a $2 billion budget for next year": a plan for a year to come, adopted
        found, reason = "actual", "approved"
    if found is None and _already(raw, sent):
        found, reason = "actual", "already"
    # Whether the words decide it; None: whatever decided it below is a word of the sentence.
    marked: bool | None = True if found is not None else None
    own = found is not None
    negated = False
    # A list item reads its clause off the noun it introduces: "130: the total the company
    # has proposed".
    tok: Token = list_head(raw) or raw.root
    below: Token | None = None  # the token on the way up just under `tok`
    granted = False
    seen = 0
    while found is None and seen < 40:
        seen += 1
        lemma = tok.lemma_.lower()
        # (not the counted noun itself: "30 schemes", "two offers" count those things)
        counted = _counted_noun(raw, tok) and raw.root.head.i == tok.i
        noun_like = tok.pos_ in ("NOUN", "PROPN") and tok.i != raw.root.i
        proposal = noun_like and not counted and lemma in lex.proposal_nouns
        if proposal and _approved(tok, lex):
            found, reason = "actual", "approved"  # "approved its request to give 25 more"
            break
        if proposal:  # "a plan to give 70 more companies"
            found, negated, reason = "proposed", negated or _negates(tok, lex), "proposal_noun"
            break
        if (tok.i == raw.root.i or noun_like) and _from_proposal(tok, lex):
            found, reason = "proposed", "proposal_noun"
            break
        if tok.i == raw.root.i and raw.unit != "count" and _conceded(tok, lex):
            granted = True  # "Even at $300m a day, the losses are heavy": an estimate granted
        if tok.i == raw.root.i and raw.unit == "count" and _conceded(tok, lex):
            # "Even at 92, it is a tiny program": a figure not (yet) true; whatever the text
            # says of the same figure elsewhere when the clause says what would be ("Even at
            # 150, the program would reach a sliver"), not what is ("Even at 110, it is the
            # worst outbreak": the 110 as it stands)
            verb = next((a for a in tok.ancestors if a.pos_ in VERBAL_POS), None)
            found, own = "proposed", verb is not None and _has_modal(verb, lex)
            reason = "concession"
            break
        # The number itself may head the clause: "up from the 60 that were admitted".
        if noun_like or tok.i == raw.root.i:
            for rel in tok.children:
                # "the 50 organizations that already have access": the relative clause says
                # what is true of the counted things, whatever the main clause does.
                if rel.dep_ == "relcl" and rel.pos_ in VERBAL_POS:
                    # "the 70 companies it wants to add", "the total the company proposed"
                    # "the 75 he floated in June": a figure put forward
                    floated = bool(_lemmas(rel) & lex.putting_verbs)
                    if _proposes(rel, lex) or floated:
                        # a verb that puts the figure forward decides, as it does in a main
                        # clause ("proposal_verb", which the learned step trusts)
                        found, reason = "proposed", "proposal_verb"
                    elif _has_modal(rel, lex):
                        found, reason = "proposed", "relative"
                    elif _is_finite(rel, lex) and not _afterthought(rel):
                        found, reason = "actual", "relative"
                    negated = negated or _negates(rel, lex)
                elif rel.dep_ == "acl" and rel.tag_ == "VBN" and _definite(raw):
                    # "the 50 admitted in April": a realised participle (unless it proposes:
                    # "the 70 proposed for access")
                    found = "proposed" if _proposes(rel, lex) else "actual"
                    reason = "participle"
            if found is not None:
                own = True
                break
        if tok.pos_ in VERBAL_POS or tok.pos_ == "ADJ":
            if tok.dep_ == "ROOT" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
            ):
                found, reason = "proposed", "aim"  # "To admit another 40 or so by spring."
                break
            if any(c.dep_ == "mark" and c.lower_ in lex.condition_words for c in tok.children):
                found, reason = "proposed", "condition"  # "If you stop at 120, ..."
                break
            if _alternatives(tok, raw, lex):
                found, reason = "proposed", "alternatives"  # "whether it's 80 or 100"
                break
            if _conditioned(tok, lex):
                # "if everything goes to plan you end up at 83": what a condition would bring
                # about (not a way of counting: "if you count the agencies, it's 66")
                found, reason = "proposed", "condition"
                break
            if _imperative(tok) and not _lemmas(tok) & lex.perspective_verbs:
                # "Hold the increase to 4 percent" (not a way of counting: "Start with the
                # roughly 50 in the preview", "Then add the 16 admitted since")
                found, reason = "proposed", "imperative"
                break
            # "has floated 5.25 percent", "lawmakers floated 200 organizations": a figure put
            # forward (a count only as the verb's own object)
            put = raw.unit in AMOUNT_UNITS or (below is not None and below.dep_ == "dobj")
            if put and tok.pos_ == "VERB" and _lemmas(tok) & lex.putting_verbs:
                found, reason = "proposed", "put"
                break
            # "We never said 200": a figure denied as ever put forward is a disputed proposal,
            # not a fact (a plain "the chamber says $1.2bn" stays what it reports).
            reported = below is not None and below.dep_ in ("dobj", "ccomp")
            if reported and _lemmas(tok) & lex.report_verbs and _negates(tok, lex):
                found, negated, reason = "proposed", True, "denied"
                break
            if _proposes(tok, lex) and not _moves(tok, lex):
                found, negated = "proposed", negated or _negates(tok, lex)
                reason = "proposal_verb"
                break
            if tok.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "nsubjpass")
                and c.lemma_.lower() in lex.proposal_nouns
                and not _counted_noun(raw, c)  # not "approved 30 schemes"
                for c in tok.children
            ):
                found, reason = "proposed", "proposal_noun"  # "scaled back its request to 90"
                break
            negated = negated or _negates(tok, lex)
            if _has_modal(tok, lex):
                found, reason = "proposed", "modal"
                break
            if (
                raw.unit == "count"
                and _is_finite(tok, lex)
                and any(
                    c.dep_ in ("advmod", "npadvmod") and c.lower_ in lex.present_words
                    for c in tok.children
                )
            ):
                # "the program already reaches 80", "are allowed now" (not an amount: "the
                # gap now stands at $52 million" is still a projection)
                found, reason = "actual", "present"
                break
            if tok.pos_ in VERBAL_POS and _is_finite(tok, lex):
                # "the proposal covers 70 new companies": the plan is the subject
                subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                # (not the counted noun: "nine finished schemes had opened")
                # (nor a plan carried out, told in the past: "A compromise in July admitted 28
                # organizations", "The deal signed in June added 30"; not a plan that added to
                # another: "the revised plan added 250 layoffs to her preliminary proposal")
                carried = (
                    tok.tag_ == "VBD"
                    and bool(_lemmas(tok) & lex.admitting_verbs)
                    and not any(o.lemma_.lower() in lex.proposal_nouns for o in _pobjs(tok))
                )
                planned = not carried and any(
                    c.lemma_.lower() in lex.proposal_nouns
                    for c in subjects
                    if not _counted_noun(raw, c)
                )
                # "the number on the table is 90": a figure under negotiation
                planned = planned or any(
                    p.dep_ == "prep"
                    and p.lower_ == "on"
                    and any(o.lemma_.lower() in lex.negotiating_places for o in p.children)
                    for c in subjects
                    for p in c.children
                )
                # "The 120 was a long-term ceiling": what the figure is said to be
                planned = planned or any(
                    c.dep_ == "attr" and c.lemma_.lower() in lex.proposal_nouns
                    for c in tok.children
                )
                # "the right number is closer to 75": a figure argued for
                planned = planned or any(
                    a.dep_ == "amod" and a.lower_ in lex.normative_adjs
                    for c in subjects
                    for a in c.children
                )
                # "The shortfall for the fiscal year that begins July 1 stands at ...": the
                # subject's own time decides; else a past tense states what happened, a
                # present tense says nothing of its own.
                # So does a source that is a forecast: "..., according to the April estimate".
                sources = [
                    p
                    for c in tok.children
                    if c.dep_ == "prep" and c.lemma_.lower() in lex.according_words
                    for p in c.subtree
                    if p.dep_ == "pobj"
                ]
                when = next(
                    (w for c in (*subjects, *sources[:1]) if (w := _phrase_time(c, raw, lex))),
                    None,
                )
                found = "proposed" if planned else (when or "actual")
                reason = "planned" if planned else "time" if when else "tense"
                marked = planned or when is not None or tok.tag_ == "VBD" or _past(tok)
                break
        # Prepositional frames on the way up: "under the proposal", "under the plan".
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in lex.proposal_preps:
                for pobj in child.children:
                    if pobj.lemma_.lower() in lex.proposal_nouns:
                        found, reason = "proposed", "proposal_noun"
        if found is not None or tok.head.i == tok.i:
            break
        below, tok = tok, tok.head
    fragment = found is None
    if found is None:
        found, marked = "actual", False
    return Modality(
        found,
        negated or _denied(tok, lex),
        True if marked is None else marked,
        own,
        fragment,
        "granted" if granted else reason or "none",
    )


def _alternatives(verb: Token, raw: Raw, lex: Lexicon) -> bool:
    """The verb's clause is an indirect question ("whether") that sets the number against
    another as its alternative: "whether it's 80 or 100", "whether it ends at 80 or at 120"
    (not "asked whether agencies were included in the 51")."""
    if not any(c.dep_ == "mark" and c.lower_ in lex.alternative_marks for c in verb.children):
        return False
    own = range(raw.qstart, raw.qend)
    clause = [t for t in verb.subtree if t.i not in own]
    return any(t.like_num for t in clause) and any(t.lower_ == "or" for t in clause)


def _counted_noun(raw: Raw, tok: Token) -> bool:
    """`tok` is the noun the number counts: a proposal noun there ("30 schemes", "12 deals")
    names what is counted, not a proposal."""
    return raw.noun is not None and tok.i == raw.noun.i


def _conditioned(verb: Token, lex: Lexicon) -> bool:
    """The verb's clause is the consequence of a condition ("If approved, the program reaches
    96", "you end up at 83 if everything goes to plan"): an "if" clause hangs off it, one
    that sets a condition, not a way of counting ("if you count the agencies")."""
    return any(
        c.dep_ == "advcl"
        and c.lemma_.lower() not in lex.perspective_verbs
        and any(g.dep_ == "mark" and g.lower_ in lex.condition_words for g in c.children)
        for c in verb.children
    )


def _from_proposal(tok: Token, lex: Lexicon) -> bool:
    """A generic head taken from a proposal: "120: the figure in the company's original ask",
    "the total under the plan"."""
    if tok.lemma_.lower() not in lex.generic_heads | lex.amount_heads:
        return False
    return any(
        prep.dep_ == "prep"
        and any(
            p.dep_ == "pobj" and p.lemma_.lower() in lex.proposal_nouns | lex.forecast_nouns
            for p in prep.children
        )
        for prep in tok.children
    )


def _conceded(tok: Token, lex: Lexicon) -> bool:
    """ "Even at 92, ...": a count conceded (a sum is not: "even at $450m a day" grants an
    estimate, which its own words read)."""
    if tok.dep_ == "nummod" and tok.head.pos_ == "NOUN":
        tok = tok.head  # "even at 20,000 people"
    head = tok.head
    return (
        tok.dep_ == "pobj"
        and head.lower_ == "at"
        and head.i > 0
        and (tok.doc[head.i - 1].lower_ in lex.concession_words)
    )


def _label_time(raw: Raw, sent: Span, lex: Lexicon) -> str | None:
    """A figure after a label that opens its line reads its modality off the label: a forecast
    ("Projected liability in 2032: $18.9 billion", "Actuaries' 2040 projection: $8.7 to $9.4
    billion") or a proposal ("Plan: 120") is proposed. The label is no clause of the figure's:
    the parser joins the two any which way."""
    doc = sent.doc
    # The label may end the sentence before: the parser often splits "Proposed total: | 85".
    line_start = sent.start
    while line_start > 0 and "\n" not in doc[line_start - 1].text:
        line_start -= 1
    colon = raw.qstart - 1
    while colon > line_start and doc[colon].is_space:
        colon -= 1
    if colon <= line_start or doc[colon].text != ":":
        return None
    k = colon
    while k > line_start and "\n" not in doc[k - 1].text and doc[k - 1].text != "|":
        k -= 1  # a table cell's label starts after its bar
    for tok in doc[k:colon]:
        if _finite_verb(tok, lex) and tok.dep_ != "amod":
            # "the company said: 120" is a clause, not a label; "proposed total:" modifies
            return None
        lemma = tok.lemma_.lower()
        if (tok.pos_ == "NOUN" and lemma in lex.forecast_nouns | lex.proposal_nouns) or (
            tok.lower_ in lex.forecast_adjs
        ):
            return "proposed"
        if (tok.tag_ in ("VBN", "JJ") or tok.dep_ == "amod") and _lemmas(tok) & lex.proposal_verbs:
            return "proposed"  # "Proposed total: about 120", a table cell's label
    return None


def _finite_verb(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ in VERBAL_POS and _is_finite(tok, lex)


def _definite(raw: Raw) -> bool:
    """A bare number after "the": "the 50 admitted in April" names a set already there."""
    doc = raw.root.doc
    return raw.qstart > 0 and low(doc[raw.qstart - 1]) == "the" and raw.root.i == raw.qend - 1


def _afterthought(rel: Token) -> bool:
    """A relative clause set off by a comma that says what follows from the figure ("4
    percent, which leaves $8 million to find"), not what is true of the counted things; a
    past tense still tells what happened ("60, which were admitted in May")."""
    edge = rel.left_edge.i
    return edge > 0 and rel.doc[edge - 1].text == "," and rel.tag_ != "VBD" and not _past(rel)


def _past(verb: Token) -> bool:
    """A past tense carried by an auxiliary: "has risen", "was cut"."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _imperative(verb: Token) -> bool:
    """A bare verb opening its sentence, or a clause after a semicolon, with no subject: "Hold
    the increase to 4 percent"; "...; open it to 300 firms and you invite worse"."""
    if verb.dep_ != "ROOT" or verb.tag_ != "VB":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in verb.children):
        return False
    k = verb.i - 1
    start = verb.sent.start
    while k >= start and (verb.doc[k].is_space or verb.doc[k].pos_ in ("ADV", "INTJ", "CCONJ")):
        k -= 1
    while k >= start and verb.doc[k].is_punct and verb.doc[k].text != ";":
        k -= 1  # opening quotes and dashes
    return k < start or verb.doc[k].text == ";"


def _own_phrase(raw: Raw) -> Token:
    """The noun phrase the number belongs to: its counted noun or what an amount modifies."""
    doc = raw.root.doc
    phrase = doc[raw.qstart : raw.qend].root
    if phrase.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") and (
        phrase.head.pos_ in ("NOUN", "PROPN") and not raw.qstart <= phrase.head.i < raw.qend
    ):
        return phrase.head
    return phrase


# Arcs that leave a noun phrase for another clause or a phrase beside it.
_OTHER_PHRASE = frozenset({"conj", "appos", "cc", "parataxis", "advcl", "punct", "ccomp"})


def _phrase_time(head: Token, raw: Raw, lex: Lexicon) -> str | None:
    """ "proposed" or "actual" when a noun phrase says when it holds or that it is a forecast:
    "a projected $48.6 million shortfall", "the $48.6 million estimate", "the shortfall for
    the fiscal year that begins July 1", "in next year's budget" → proposed; "in the current
    year's budget", "the rise commissioners adopted last spring" → actual. None if it does
    not say."""
    doc = head.doc
    if head.dep_ == "appos" and any(
        0 <= k < len(doc) and low(doc[k]) in lex.present_words for k in (raw.qstart - 1, raw.qend)
    ):
        return "actual"  # "The adult base fare, $2.25 today, would climb to $2.75"
    stack = [head]
    seen = 0
    while stack and seen < 30:
        tok = stack.pop()
        seen += 1
        stack.extend(c for c in tok.children if c.dep_ not in _OTHER_PHRASE)
        for c in tok.children:
            # "about 50 organizations, as it is today": a comparison with now
            as_now = c.dep_ == "advcl" and any(low(x) == "as" for x in c.children)
            if (
                as_now
                and raw.unit == "count"
                and any(x.lower_ in lex.present_words for x in c.subtree)
            ):
                return "actual"
        if raw.qstart <= tok.i < raw.qend:
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.forecast_nouns:
            return "proposed"
        if (
            tok.lower_ in lex.forecast_adjs
            and tok.dep_ in ("amod", "compound", "advmod")
            and not _part_of_number(raw)  # "opened six of 25 projected clinics": the 25's
        ):
            return "proposed"
        if (
            tok.dep_ in ("relcl", "acl")
            and tok.pos_ == "VERB"
            and _lemmas(tok) & lex.forecast_verbs
        ):
            return "proposed"  # "the $48.6 million the executive projected"
        now = tok.lower_ in lex.present_words and tok.dep_ in ("advmod", "npadvmod")
        if now and raw.unit == "count":
            return "actual"  # "organisations using Mythos today", "some 50 now"
        if tok.lemma_.lower() in lex.period_nouns:
            marks = {low(c) for c in tok.children if c.dep_ in ("amod", "det", "compound")}
            if marks & lex.future_words:
                return "proposed"
            if marks & lex.past_words:
                return "actual"
            for rel in tok.children:
                # "the fiscal year that begins July 1": a period whose start is to come
                if rel.dep_ == "relcl" and rel.lemma_.lower() in lex.start_verbs:
                    return "proposed" if rel.tag_ in ("VBZ", "VBP") else "actual"
    return None


def made_new(raw: Raw, lex: Lexicon) -> bool:
    """The count is what a verb of building or opening made ("opened five new hospitals this
    year"): its "new" says more of them (not "nine of the 40 new hospitals", past a
    preposition)."""
    for anc in raw.root.ancestors:
        if anc.pos_ == "ADP":
            return False
        if anc.pos_ in VERBAL_POS:
            return bool(_lemmas(anc) & lex.building_verbs)
    return False


def _part_of_number(raw: Raw) -> bool:
    """The number is the part in "six of 25 clinics" (the parser hangs it on the whole): the
    words on the noun ("projected") describe the whole."""
    root = raw.root
    return (
        root.dep_ == "quantmod"
        and root.head.like_num
        and any(c.dep_ == "quantmod" and c.lower_ == "of" for c in root.head.children)
    )


def _moves(verb: Token, lex: Lexicon) -> bool:
    """ "pushing the total to 14,500": a verb that moves a total states a change, not a wish
    (as "push for" would)."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lex.anchor_nouns for c in verb.children)


def _proposes(verb: Token, lex: Lexicon) -> bool:
    """A verb of proposing or of forecasting ("the $48 million Whitcomb projected")."""
    return verb.pos_ == "VERB" and bool(_lemmas(verb) & (lex.proposal_verbs | lex.forecast_verbs))


def _already(raw: Raw, sent: Span) -> bool:
    """The count's own phrase says it holds already: "the roughly 50 operators already in its
    preview", "the 53 organizations already participating", "the fifty who already have it"
    (an "already" hung on the counted noun, or on the phrase or clause that describes it)."""
    doc = sent.doc
    last = raw.noun.i if raw.noun is not None and not raw.noun_inherited else raw.qend - 1
    after = doc[last + 1] if last + 1 < sent.end else None
    # Right after the phrase, whatever the parser hung it on ("the roughly 50 operators
    # already in its preview": it may take "already in" for the verb's); a relative clause's
    # ("who already have it") says the same.
    if after is not None and low(after) == "already":
        return True
    return (
        after is not None
        and low(after) in ("who", "that", "which")
        and any(low(t) == "already" for t in doc[last + 2 : min(last + 4, sent.end)])
    )


def _baseline(raw: Raw, sent: Span, lex: Lexicon) -> bool:
    """The number is the starting point of a change, so true now or before: "up from 50",
    "up from the 60", "from its current 60 companies to about 140", "its current 60"."""
    doc = sent.doc
    before = low(doc[raw.qstart - 1]) if raw.qstart > sent.start else ""
    if before in lex.baseline_preps:
        # "from $48.6 million to $60 million" is one range, not a change from its low end
        return raw.quantity.qualifier != "range"
    phrase = raw.root
    noun = raw.noun if raw.noun is not None and not raw.noun_inherited else None
    if noun is not None and raw.root.head.i == noun.i:
        phrase = noun
        if any(c.dep_ == "amod" and c.lemma_.lower() in lex.actual_adjs for c in noun.children):
            return True
    if phrase.dep_ == "pobj" and phrase.head.lower_ == "of":
        # "from its current size of roughly 50": the size is current
        size = phrase.head.head
        if any(c.dep_ == "amod" and c.lemma_.lower() in lex.actual_adjs for c in size.children):
            return True
    # (not the end the change goes to, which the parser may hang there too: "expand its fleet
    # from 400 to 1,200 vehicles")
    return phrase.dep_ == "pobj" and phrase.head.lower_ in lex.baseline_preps and before != "to"


def _denied(tok: Token, lex: Lexicon) -> bool:
    """A clause under "denied (a report) that ..." or "it is not true that ..."."""
    for anc in [tok, *tok.ancestors]:
        lemma = anc.lemma_.lower()
        if anc.pos_ == "VERB" and lemma in lex.denial_verbs and anc.i < tok.i:
            return True
        if anc.pos_ in VERBAL_POS:
            for c in anc.children:
                if c.dep_ == "acomp" and c.lemma_.lower() in lex.truth_adjs and _negates(anc, lex):
                    return True
                if c.dep_ == "acomp" and c.lemma_.lower() in lex.false_adjs:
                    return True
    return False


# --------------------------------------------------------------------------- who and per whom


def _entity_of(tok: Token) -> Span | None:
    """The named entity `tok` is part of, or the first one in its subtree."""
    doc = tok.doc
    if tok.ent_type_ in NAME_LABELS:
        ent = _entity_at(doc, tok.i)
        return None if _misread(ent) else ent
    left, right = tok.left_edge.i, tok.right_edge.i
    found = _entities_in(doc, left, right)
    return found[0] if found else None


# Read entities off the tokens' IOB tags: `doc.ents` builds every Span anew on each access,
# and these helpers run for every number.
def _entity_at(doc: Doc, i: int) -> Span:
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _entities_in(doc: Doc, left: int, right: int) -> list[Span]:
    """The named entities lying wholly within tokens left..right."""
    out = []
    for k in range(left, right + 1):
        t = doc[k]
        if t.ent_iob_ == "B" and t.ent_type_ in NAME_LABELS:
            ent = _entity_at(doc, k)
            if ent.end - 1 <= right and not _misread(ent):
                out.append(ent)
    return out


def _misread(ent: Span) -> bool:
    """An "entity" opening with a list marker ("• Customers" in "• Customers affected: 560,000")
    is the model misreading a list item's label, not a name."""
    return not any(c.isalnum() for c in ent[0].text)


def _ent_name(ent: Span | None) -> str | None:
    if ent is None:
        return None
    return ent[0].ent_id_ or ent.text


def subject(raw: Raw, lex: Lexicon) -> str | None:
    """The entity the count is about: the counted noun's possessor, else the acting verb's
    subject (not a reporting verb's: that is the source)."""
    if raw.noun is not None:
        for c in raw.noun.children:
            if c.dep_ == "poss":
                ent = _entity_of(c)
                if ent is not None:
                    return _ent_name(ent)
    tok = raw.root
    for anc in [tok, *tok.ancestors]:
        if anc.pos_ in VERBAL_POS and anc.lemma_.lower() not in lex.report_verbs:
            for c in anc.children:
                if c.dep_ in ("nsubj", "nsubjpass") and raw.noun is not c and c.pos_ != "PRON":
                    ent = _entity_of(c)
                    if ent is not None:
                        return _ent_name(ent)
                    if c.pos_ == "PROPN":
                        return _proper_name(c)
    return None


def _proper_name(tok: Token) -> str:
    """A name the entity recognizer missed, read off the parse: a proper noun with the proper
    nouns compounded into it ("Cyclone Orun displaced 61,000 people")."""
    parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join(t.text for t in [*parts, tok])


def attribution(sent: Span, lex: Lexicon) -> str | None:
    """ "according to X", "X reported/said", "told X", "citing X", "reported by X"."""
    found: list[tuple[int, Span]] = []  # (priority, entity)
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in lex.according_words or tok.lower_ in lex.according_words:
            for prep in tok.children:
                if prep.lower_ == "to":
                    for pobj in prep.children:
                        ent = _entity_of(pobj)
                        if ent is not None:
                            found.append((0, ent))
        elif lemma in lex.report_verbs and tok.pos_ in VERBAL_POS:
            citing = lemma in lex.citing_verbs
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") or (
                    lemma in lex.object_source_verbs and c.dep_ == "dobj"
                ):
                    ent = _entity_of(c) if c.pos_ != "PRON" else None
                    if ent is not None:
                        found.append((3 if citing else 1, ent))
                if citing and c.dep_ == "dobj":
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


def bare_subject_of(raw: Raw) -> tuple[str, ...]:
    """The verb a bare count is the subject of, as written and as its lemma: "34 had died",
    "12 were evacuated overnight", or the state right after it ("23 dead", "61,000
    displaced"); what happened to them names what they are."""
    root = raw.root
    head = root.head
    if raw.noun is not None:
        return ()
    doc = root.doc
    after = doc[raw.qend] if raw.qend < len(doc) else None
    if after is not None and after.tag_ in ("JJ", "VBN") and after.head.i in (root.i, raw.qend):
        # "Officials reported 23 dead", "an estimated 61,000 displaced": the state they are in
        return (after.lower_, after.lemma_.lower())
    if head is root or root.dep_ not in ("nsubj", "nsubjpass") or head.pos_ not in VERBAL_POS:
        return ()
    return (head.lower_, head.lemma_.lower())


def removed(raw: Raw, lex: Lexicon) -> bool:
    """The count, or the noun it counts, is the object of a verb that takes them off what
    they belong to: "cutting 240 homes", "Velo loses 100", "removes 240 dwellings from the
    application" (not "cut the levy by 2 percent", "cut to 1,160": no object)."""
    tok = raw.root
    if tok.dep_ == "nummod" and raw.noun is not None and tok.head.i == raw.noun.i:
        tok = tok.head
    verb = tok.head
    return (
        tok.dep_ == "dobj"
        and verb.i != tok.i
        and verb.pos_ in VERBAL_POS
        and verb.lemma_.lower() in lex.removal_verbs
    )


def reported_figure(raw: Raw, lex: Lexicon) -> bool:
    """A bare number that is what a source says, the object of a reporting verb: "two outlets
    have reported 85", "one broadcaster says 78", "Anthropic's announcement said 80"; the
    figure a source gives for what the text counts."""
    root = raw.root
    head = root.head
    return (
        raw.noun is None
        and head is not root
        and root.dep_ in ("dobj", "ccomp", "attr", "npadvmod")
        and head.pos_ in VERBAL_POS
        and head.lemma_.lower() in lex.report_verbs
    )


@dataclass(frozen=True, slots=True)
class Proposer:
    """Who puts a proposed figure forward, as its clause says (see `proposer`)."""

    name: str | None = None  # as written (or the ruler's id); None: not named in the clause
    revised: bool = False  # the proposal is reported as revised or new


def proposer(raw: Raw, lex: Lexicon) -> Proposer:
    """The proposer of a proposed figure: the subject of the verb that proposes it ("Anthropic
    proposed giving about 70 more", "the White House wants to cap it at 80", "lawmakers want
    200"), the holder of the proposal noun above it or framing its clause ("Anthropic's plan
    would give 120", "a proposal from lawmakers", "under the White House plan"), or of the
    relative clause on its noun ("the 70 companies it wants to add"). A pronoun or "the
    company" names no one here: the caller reads it as the text's main organization. Revised: a
    revision word on the proposal noun or verb on the way up ("a revised plan", "now
    proposes"), or a revision verb taking a proposal as its object ("scaled back its request
    to 90")."""
    revised = False
    tok: Token = list_head(raw) or raw.root
    for anc in [tok, *tok.ancestors][:40]:
        revised = revised or _revises(anc, lex)
        lemma = anc.lemma_.lower()
        if anc.pos_ in ("NOUN", "PROPN") and anc.i != raw.root.i:
            if lemma in lex.proposal_nouns:
                name = _holder(anc) or _doer(anc.head, lex)
                return Proposer(name, revised)
            for rel in anc.children:
                if rel.dep_ == "relcl" and _puts_forward(rel, lex):
                    return Proposer(_doer(rel, lex), revised or _revises(rel, lex))
        if anc.pos_ not in VERBAL_POS:
            continue
        # "A new proposal from Anthropic would give 150", "under a revised plan, ... 90".
        for plan in _proposals_of(anc, lex):
            return Proposer(_holder(plan) or _doer(anc, lex), revised or _revises(plan, lex))
        if _puts_forward(anc, lex):
            # "wants to cap it at 80": the subject is the proposing verb's, up the xcomps.
            return Proposer(_doer(anc, lex), revised)
    return Proposer(None, revised)


def _proposals_of(verb: Token, lex: Lexicon) -> list[Token]:
    """Proposal nouns that are the verb's subject or object, or that frame it ("under the
    plan")."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in lex.proposal_preps:
            found.extend(p for p in c.children if p.dep_ == "pobj")
    return [c for c in found if _is_proposal(c, lex)]


def _puts_forward(verb: Token, lex: Lexicon) -> bool:
    lemmas = _lemmas(verb)
    return (
        verb.pos_ in VERBAL_POS
        and bool(lemmas & (lex.proposal_verbs | lex.putting_verbs))
        and not lemmas & lex.opposing_verbs
    ) or any(
        # A proposal verb mis-tagged as an auxiliary ("the company hopes granting").
        c.dep_ == "aux" and _lemmas(c) & lex.proposal_verbs and not _lemmas(c) & lex.opposing_verbs
        for c in verb.children
    )


def _is_proposal(tok: Token, lex: Lexicon) -> bool:
    return tok.lemma_.lower() in lex.proposal_nouns


def _revises(tok: Token, lex: Lexicon) -> bool:
    """ "a revised plan", "now proposes", "scaled back its request"."""
    if any(c.dep_ in ("amod", "advmod", "compound") and low(c) in lex.revision_words
           for c in tok.children):  # fmt: skip
        return _is_proposal(tok, lex) or tok.pos_ in VERBAL_POS
    if tok.pos_ == "VERB" and _lemmas(tok) & lex.revision_verbs:
        return any(_is_proposal(c, lex) for c in tok.children if c.dep_ == "dobj")
    return False


def _holder(noun: Token) -> str | None:
    """Whose proposal noun this is: "Anthropic's plan", "the White House plan", "a proposal
    by lawmakers"."""
    for c in noun.children:
        if c.dep_ in ("poss", "compound") and c.pos_ != "PRON":
            ent = _entity_of(c)
            if ent is not None:
                return _ent_name(ent)
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    return _who(pobj)
    return None


def _doer(verb: Token, lex: Lexicon) -> str | None:
    """The subject of a verb, or of the verb it complements ("wants to cap"), or its passive
    agent ("proposed by the White House")."""
    for v in [verb, *verb.ancestors][:6]:
        if v.pos_ not in VERBAL_POS:
            break
        for c in v.children:
            if c.dep_ == "nsubj":
                return _who(c)
            if c.dep_ == "agent":
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        return _who(pobj)
        if v.dep_ not in ("xcomp", "ccomp", "conj", "advcl"):
            break
    return None


def _who(tok: Token) -> str | None:
    """A named entity in the phrase, else a bare plural that names a group ("lawmakers",
    "Senate Democrats"); a pronoun or a definite singular ("the company") names no one."""
    if tok.pos_ == "PRON":
        return None
    ent = _entity_of(tok)
    if ent is not None:
        return _ent_name(ent)
    if tok.tag_ == "NNS" and not any(c.dep_ == "det" for c in tok.children):
        return tok.lower_
    return None


# --------------------------------------------------------------------------- whose count


def _speaker(pron: Token) -> Token | None:
    """What a possessive pronoun refers to: the subject of the nearest clause above it that
    does not contain it ("OpenAI says its own pilot ..."); "its" skips plural subjects
    ("Anthropic lets 50 firms use its model" → Anthropic)."""
    singular = low(pron) in ("its", "it")
    for anc in pron.head.ancestors:
        if anc.pos_ not in VERBAL_POS:
            continue
        for c in anc.children:
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if c.left_edge.i <= pron.i <= c.right_edge.i:
                continue
            if singular and c.tag_ in ("NNS", "NNPS"):
                continue
            if c.tag_ in ("WDT", "WP") and anc.dep_ == "relcl":
                return anc.head  # "Anthropic, which says ... its Claude chatbot"
            return c
    return _previous_subject(pron) if low(pron) == "its" else None


def _previous_subject(pron: Token) -> Token | None:
    """A named organization that is the subject of the sentence right before the pronoun's, in
    its paragraph, when the pronoun's own sentence has no subject outside it: "OpenAI runs a
    rival scheme. Its pilot has 33 participants." → OpenAI."""
    sent = pron.sent
    if sent.start == 0 or "\n" in pron.doc[sent.start - 1].text:
        return None
    before = pron.doc[sent.start - 1].sent
    root = before.root
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.tag_ == "NNP"]
    if len(subjects) == 1 and subjects[0].ent_type_ == "ORG":
        return subjects[0]
    return None


def _is_rival(tok: Token, lex: Lexicon) -> bool:
    """ "rival", "a rival lab", "competing program": the phrase names a competitor."""
    words = [tok, *(c for c in tok.children if c.i < tok.i)]
    return any(w.lemma_.lower() in lex.rival_words or low(w) in lex.rival_words for w in words)


def _names_in(tok: Token) -> list[str]:
    """The entities named in a noun phrase up to its head: "Google's comparable program",
    "the Mythos preview", "Mythos"."""
    names = (_ent_name(ent) for ent in _entities_in(tok.doc, tok.left_edge.i, tok.i))
    return [n for n in names if n]


@dataclass(frozen=True, slots=True)
class Ownership:
    """Whose count a number is, as its sentence says (see `owner`)."""

    owners: tuple[str, ...] = ()  # possessors of its holders: "Google's program", "its own"
    named: tuple[str, ...] = ()  # every entity named in its holders
    offered: tuple[str, ...] = ()  # those named in what is given or used, not in an agent
    products: tuple[str, ...] = ()  # the PRODUCT entities among `named`
    cue: str | None = None  # "rival" or "own" when the words mark someone else's count
    agents: tuple[str, ...] = ()  # organizations named as the doer: "Harbor Air cancelled 190"
    referred: tuple[str, ...] = ()  # ... or a pronoun doer stands for: "Norvik, which is cutting"
    # named in the subject of a clause whose object or complement is the counted noun: what
    # has, reaches or is the count ("the Quillon beta spans 44 firms"; not "Quillon found
    # flaws at 40 firms", where the firms are where it acted)
    holds: tuple[str, ...] = ()
    # ... those among them that are that subject itself, by a verb of having (lexicon
    # having_verbs): "Westridge High has 11 vacancies" (not "Okafor's plan would cut 1,100
    # jobs", nor "the White House cleared 15 more organizations")
    holders: tuple[str, ...] = ()


def _row_owner(raw: Raw) -> Ownership:
    """The names in a table row's label: organizations own its figures, products are named.
    Names the topic knows, and others only where the first column's header says the rows are
    organizations ("Program", "Company"): the NER reads many a district or region in a row
    label as an organization."""
    a, b = raw.row_label
    ents = [
        e
        for e in raw.root.doc.ents
        if a <= e.start_char and e.end_char <= b and (e.ent_id_ or raw.rows_of_owners)
    ]
    return Ownership(
        owners=tuple(e.text for e in ents if e.label_ in ("ORG", "PERSON")),
        named=tuple(e.text for e in ents),
        products=tuple(e.text for e in ents if e.label_ == "PRODUCT"),
    )


def owner(raw: Raw, lex: Lexicon, *, amount: bool = False) -> Ownership:
    """Whose count this is.

    The holders of a count are the counted noun, the subject of the verb that governs it (the
    program that "covers 35 companies"), that verb's object and prepositional objects (the
    product they "use", "pay for", get "access to"). The owners are the holders' possessors
    ("Google's program"; "its own pilot" → the speaker). An entity named in an active
    subject acts on the counted things ("Mythos found flaws at 40 companies"); named in the
    other holders, it is what they get ("open its Mythos model to 150 organizations").

    An `amount` (money, a percentage) belongs to whoever has it: the subject of its clause
    ("Brennan County raised its rate by 8 percent", "which faced a $19 million shortfall of
    its own"), past verbs that have none ("... to close a $19 million gap").

    A table's cell belongs to whatever its row's label names ("OpenAI Aardvark | 140")."""
    if raw.cell:
        return _row_owner(raw)
    counted = raw.noun if raw.noun is not None and not raw.noun_inherited else raw.root
    if amount:
        phrase = _amount_phrase(raw, lex)
        modifies = phrase.dep_ in ("nummod", "compound", "amod", "quantmod")
        counted = phrase.head if modifies and phrase.head.pos_ in ("NOUN", "PROPN") else phrase
    holders: list[Token] = [counted] if counted is not raw.root else []
    described: list[Token] = []  # what a relative clause around the count describes
    if counted is not raw.root and counted.dep_ == "compound" and not amount:
        holders.append(counted.head)  # "a 120-seat Mythos plan": the plan holds the seats
    # "Her home is one of 151 houses the fire destroyed": the subject is one of the counted
    # things, not their holder.
    member = counted.head.lower_ in ("of", "among") and counted.head.head.lower_ == "one"
    cue: str | None = None
    step = counted  # the token just under `anc` on the path up from the count
    for anc in counted.ancestors:
        if anc.pos_ not in VERBAL_POS:
            if (
                not amount
                and step.lower_ in ("for", "of")
                and anc.lemma_.lower() in lex.program_nouns
            ):
                # "OpenAI runs a separate program for about 40 companies": the program the
                # counted things are in holds them (not "the White House's review of 50")
                holders.append(anc)
                if any(low(c) in lex.separate_words for c in anc.children if c.i < anc.i):
                    cue = "own"
            step = anc
            continue
        has_subject = False
        for c in anc.children:
            if c.left_edge.i <= counted.i <= c.right_edge.i:
                continue
            if member and c.dep_ in ("nsubj", "nsubjpass"):
                continue
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                has_subject = has_subject or c.dep_ != "dobj"
                holders.append(c)
                if c.dep_ == "dobj":
                    holders.extend(_pobjs(c))  # "access to its own models"
            elif c.dep_ == "prep" and not (amount and c.lower_ in lex.comparing_preps):
                # (not what an amount is set against: "came in $1.3 billion below its own
                # projection" is no other party's deficit)
                holders.extend(p for p in c.children if p.dep_ == "pobj")
        if anc.dep_ == "relcl" and anc.head.pos_ in ("NOUN", "PROPN"):
            # "Nebraska's plan, where members pay 4.8% of pay"
            described.append(anc.head)
        elif anc.dep_ == "relcl" and anc.head.lemma_.lower() in lex.contrast_words:
            described.append(anc.head)  # "a program of its own, which covers 18"
        # "OpenAI's program is said to include about 40 companies": a verb raised under a
        # passive has its subject there (not "BlackVeil claimed to hold 38 million records",
        # whose claimant need not hold the counted things)
        raised = (
            not has_subject
            and anc.dep_ == "xcomp"
            and any(c.dep_ == "nsubjpass" for c in anc.head.children)
        )
        if (not amount and not raised) or has_subject:
            break
        if anc.dep_ not in ("xcomp", "advcl", "ccomp", "conj"):
            break
    owners: list[str] = []
    named: list[str] = []
    offered: list[str] = []
    products: list[str] = []
    agents: list[str] = []
    referred: list[str] = []
    holds: list[str] = []
    having: list[str] = []
    doc = raw.root.doc
    direct = counted is not raw.root and counted.dep_ in ("dobj", "attr")
    for h in holders:
        if amount and h.dep_ in ("nsubj", "nsubjpass") and h.tag_ in ("WDT", "WP"):
            owners.extend(n for n in _names_in(h.head.head) if n)  # "County, which faced"
        if h.pos_ == "PRON":
            # "Google said about 35 companies had joined it": what they joined is the speaker's.
            if low(h) == "it" and h.dep_ in ("dobj", "pobj") and not amount:
                speaker = _organization(_speaker(h))
                if speaker:
                    owners.append(speaker)
            doer = _pronoun_doer(h, lex) if not amount else None
            if doer:
                referred.append(doer)
            continue
        for ent in _entities_in(doc, h.left_edge.i, h.i):
            name = _ent_name(ent)
            if name:
                named.append(name)
                if h.dep_ != "nsubj":
                    offered.append(name)
                elif ent[0].ent_type_ == "ORG" and h.head.lemma_.lower() not in (
                    lex.taking_verbs | lex.finding_verbs
                ):
                    # (not a taker of someone's things, nor who found or counted them: lexicon)
                    agents.append(name)
                if direct and h.dep_ == "nsubj" and h.head.i == counted.head.i:
                    holds.append(name)
                    if ent.start <= h.i < ent.end and h.head.lemma_.lower() in lex.having_verbs:
                        having.append(name)
                if ent[0].ent_type_ == "PRODUCT":
                    products.append(name)
        if _is_rival(h, lex):
            cue = "rival"
        if any(c.lemma_.lower() in lex.contrast_words for c in h.children if c.i < h.i):
            cue = cue or "own"
        own_of = [p for p in _pobjs(h) if p.lemma_.lower() in lex.contrast_words]
        if own_of:  # "a $19 million shortfall of its own"
            cue = cue or "own"
        if amount and h.dep_ in ("nsubj", "nsubjpass"):
            # who has the amount: a place or an organization, not the person who names it
            holders_names = _entities_in(doc, h.left_edge.i, h.i)
            owners.extend(
                n for e in holders_names if e.label_ in _OWNER_LABELS for n in [_ent_name(e)] if n
            )
        # "the commission's count is 21": whoever owns a count, tally or figure is its
        # source, not the holder of the counted things.
        # So is whoever owns the review or audit that found them ("The commission's review
        # found 63 incidents involving Velo's cars").
        counts_for_someone = h.lemma_.lower() in (
            lex.anchor_nouns | lex.generic_heads | lex.finding_nouns
        )
        # "Anthropic's latest request asks for 40 more slots": whoever owns a proposal for a
        # count proposes it; the things are still the program's (not "a rival's plan").
        # Nor does whoever owns the decision that brought it about ("the Department's
        # approval brought the number to 105").
        proposes = not amount and h.lemma_.lower() in lex.proposal_nouns | lex.decision_nouns
        for c in [*h.children, *(x for p in own_of for x in p.children)]:
            if c.dep_ != "poss" or counts_for_someone:
                continue
            if proposes and not _is_rival(c, lex):
                continue
            possessor = _relative_head(c) if c.tag_ == "WP$" else c
            possessor = _speaker(possessor) if possessor and possessor.pos_ == "PRON" else possessor
            if possessor is None:
                continue
            if _is_rival(possessor, lex):
                cue = "rival"
            found = _entity_of(possessor) if possessor.pos_ != "PRON" else None
            owner_name = _ent_name(found)
            if owner_name:
                owners.append(owner_name)
    for noun in described:  # whose the thing is, not what it names: "Nebraska's plan"
        # "a program of its own, which covers 18 institutions": someone else's program
        mine = [p for p in _pobjs(noun) if p.lemma_.lower() in lex.contrast_words]
        if mine or any(w.lemma_.lower() in lex.contrast_words for w in (noun, *noun.lefts)):
            cue = cue or "own"
        for c in noun.children:
            found = _entity_of(c) if c.dep_ == "poss" and c.pos_ != "PRON" else None
            if found is not None and (name := _ent_name(found)):
                owners.append(name)
    return Ownership(
        owners=tuple(dict.fromkeys(owners)),
        named=tuple(dict.fromkeys(named)),
        offered=tuple(dict.fromkeys(offered)),
        products=tuple(dict.fromkeys(products)),
        cue=cue,
        agents=tuple(dict.fromkeys(agents)),
        referred=tuple(dict.fromkeys(referred)),
        holds=tuple(dict.fromkeys(holds)),
        holders=tuple(dict.fromkeys(having)),
    )


def _pronoun_doer(pron: Token, lex: Lexicon) -> str | None:
    """The organization a pronoun doer stands for: "Norvik Auto said it would eliminate 2,500
    jobs", "Norvik Auto, which is cutting 2,500 jobs" (the doer of a count, as a name would
    be: `owner`'s agents)."""
    if pron.dep_ != "nsubj" or pron.head.lemma_.lower() in lex.taking_verbs:
        return None
    if pron.tag_ == "WDT" and pron.head.dep_ == "relcl":  # "which", "that"; not "who"
        ref: Token | None = pron.head.head
    elif low(pron) == "it":
        ref = _speaker(pron)
    else:
        return None
    if ref is None or ref.pos_ != "PROPN":
        return None
    # A name the small model's tagger missed ("Rival Norvik Auto said it would ..."), or took
    # for a person's where a person would take "who" ("Arclight Mobility, which runs 700
    # cars"): its proper nouns (a person's name the tagger missed would be taken too; a
    # pronoun doer of a count is an organization far more often)
    if not ref.ent_type_ or (ref.ent_type_ == "PERSON" and low(pron) == "which"):
        words = [t.text for t in ref.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        words = [w for w in words if w.lower() not in lex.rival_words]
        return " ".join([*words, ref.text]) if words else None
    return _organization(ref)


def _organization(tok: Token | None) -> str | None:
    """The name of the organization `tok` is part of (or the first its phrase names), if any."""
    found = _entity_of(tok) if tok is not None else None
    return _ent_name(found) if found is not None and found[0].ent_type_ == "ORG" else None


def _relative_head(whose: Token) -> Token | None:
    """What "whose" stands for: the noun its relative clause hangs off ("the Kentucky
    Employees Retirement System, whose gap sits around $13bn")."""
    for anc in whose.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    return None


def _pobjs(tok: Token) -> list[Token]:
    return [
        p for prep in tok.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"
    ]


def _own_clause(raw: Raw) -> list[Token]:
    """The number, its counted noun and its head chain up to the first verb that governs it:
    the clause a count is stated in (not a clause that reports it: "..., the state said")."""
    chain = [raw.root]
    if raw.noun is not None and not raw.noun_inherited:
        chain.append(raw.noun)
    for anc in raw.root.ancestors:
        chain.append(anc)
        if anc.pos_ in VERBAL_POS:
            break
    return chain


# Arcs from a count up to the subject of a verb of saying: "staff at two firms put it at 58".
_SAYER_ARCS = frozenset({"nsubj", "nsubjpass", "pobj", "prep", "nummod"})


def among_sayers(raw: Raw, lex: Lexicon) -> bool:
    """The count is in the subject of a verb that says or estimates a figure: "staff at two
    participating firms put it at 58", "three analysts said ..." (no antecedent of it)."""
    tok = raw.noun if raw.noun is not None and not raw.noun_inherited else raw.root
    for anc in tok.ancestors:
        if tok.dep_ not in _SAYER_ARCS:
            return False  # not through a compound a shouted headline misparses
        if anc.pos_ in VERBAL_POS:
            lemma = anc.lemma_.lower()
            says = lemma in lex.report_verbs or lemma in lex.estimate_verbs
            # finite: not "with the 50-odd participants reporting what they found"; the only
            # subject: not "About 45, the company says"
            subjects = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")]
            # ("Two outlets have reported 85": finite through its auxiliary)
            return says and _is_finite(anc, lex) and subjects == [tok]
        tok = anc
    return False


def scope(raw: Raw, lex: Lexicon) -> str | None:
    """The wider area a count's own clause gives it ("lists 76 cases statewide", "Nationally,
    the agency has counted 212", "bringing the statewide total to 54") or the jurisdiction
    that does the counting ("the state reported 218 cases"): a word of lex.scope_words or a
    definite noun of lex.jurisdiction_nouns as its verb's subject. The measure step decides
    whether that area is the measure's own (discourse._strangers)."""
    chain = _own_clause(raw)
    for tok in chain:
        for c in tok.children:
            near = [c, *c.children] if c.lemma_.lower() in lex.anchor_nouns else [c]
            for w in near:
                if low(w) in lex.scope_words:
                    return low(w)
            if (
                tok.pos_ in VERBAL_POS
                and c.dep_ in ("nsubj", "nsubjpass")
                and c.lemma_.lower() in lex.jurisdiction_nouns
                and any(d.lower_ == "the" for d in c.children)
                and not any(d.dep_ == "prep" for d in c.children)
            ):
                return c.lemma_.lower()
    return None


def category(raw: Raw, lex: Lexicon) -> str | None:
    """A category word on the counted noun that marks a kind of the thing other than the
    plain one: "11 probable cases", "three suspected infections" (lex.category_words)."""
    if raw.noun is None or raw.noun_inherited:
        return None
    for c in raw.noun.children:
        if c.dep_ in ("amod", "compound") and low(c) in lex.category_words:
            return low(c)
    return None


def state(raw: Raw, lex: Lexicon) -> str | None:
    """What its clause says the counted people are, when that is one of lex.state_words: "142
    dead, 1,034 injured and 57 missing", "904 people injured", "38 people were still missing",
    "63 people are listed as missing"."""
    doc = raw.root.doc
    # its own noun ("904 people injured"; not "23 injured people", who may have died); not
    # one an anchor or another count lends it ("the toll is 142 dead, 1,034 injured")
    own = raw.noun is not None and not raw.noun_inherited and raw.anchor is None
    counted = raw.noun if own else None
    head = counted if counted is not None else raw.root
    after = counted.i + 1 if counted is not None else raw.qend
    next_to = counted is None or counted.i == raw.qend
    words: list[Token] = [doc[after]] if after < len(doc) and next_to else []
    verbs = [c for c in head.children if c.dep_ == "acl" and c.i > head.i]  # "57 listed as"
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in VERBAL_POS:
        verbs.append(head.head)  # "were injured"
    for verb in verbs:
        words.append(verb)
        for c in verb.children:
            if c.dep_ in ("acomp", "oprd", "xcomp"):
                words.append(c)  # "were still missing"
            elif c.dep_ == "prep" and c.lower_ == "as":
                words += [p for p in c.children if p.dep_ in ("pobj", "pcomp", "amod", "acomp")]
    for w in words:
        if low(w) in lex.state_words or w.lemma_.lower() in lex.state_words:
            return low(w)
    return None


# Clauses of their own inside a count's clause: their words say nothing of the count.
_OWN_CLAUSES = frozenset({"conj", "ccomp", "advcl", "parataxis", "relcl"})


def nearest_words(raw: Raw) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words, as written and as lemmas, of the noun phrase a count is in ("the number of
    displaced people at 67,500"), and of its own clause ("about 38,000 people are in
    shelters", not the clause "the toll is 142" it is joined to): where a sentence names two
    measures' words, those nearest the count say which it is."""
    counted = raw.noun if raw.noun is not None and not raw.noun_inherited else raw.root
    phrase = counted
    for anc in counted.ancestors:
        if anc.pos_ in VERBAL_POS:
            break
        if anc.pos_ in ("NOUN", "PROPN"):
            phrase = anc
    verb = next((a for a in counted.ancestors if a.pos_ in VERBAL_POS), None)
    clause: list[Token] = []
    if verb is not None:
        inside = {t.i for t in counted.subtree}
        skip = {
            t.i
            for c in verb.children
            if c.dep_ in _OWN_CLAUSES and not any(t.i in inside for t in c.subtree)
            for t in c.subtree
        }
        clause = [t for t in verb.subtree if t.i not in skip]
    return _forms([*phrase.subtree, *counted.subtree]), _forms(clause)


def _forms(tokens: Iterable[Token]) -> tuple[str, ...]:
    return tuple(sorted({low(t) for t in tokens} | {t.lemma_.lower() for t in tokens}))


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """An event, dated by its year, that a count's clause is about (`dated_event`)."""

    name: str  # "2019 quake"
    year: int
    apart: bool  # its words set it apart from the story's own event (see `dated_event`)


def dated_event(raw: Raw, lex: Lexicon) -> DatedEvent | None:
    """The event, dated by its year, that the count's clause is about: "a quake in 2019 that
    killed 61 people", "the deadliest quake, in 1957, killed about 1,300" (lex.event_nouns);
    None for a clause about no such event. The year is the event's own ("the 2019 quake", "a
    quake in 2019", "the Labor Day fires of 2020"), tagged a date: not "since 1998", "2000
    acres" or "1840 Canyon Road".

    Whether it is another event than the story's is for the measure step to say, knowing when
    the text was published (measure.to_claims: "The 2026 floods have killed 41" in 2026 coverage
    is the story's own); `apart` says its words set it apart whatever the date: an indefinite
    article ("a quake in 2019"), a comparison or superlative ("a smaller quake", "the deadliest
    quake"), or lex.prior_words ("the previous flood", "its unrelated 2025 breach")."""
    tok = raw.noun if raw.noun is not None and not raw.noun_inherited else raw.root
    verb = tok.head
    for _ in range(4):
        if verb.lower_ in lex.comparing_preps:
            return None  # "far fewer than the 96 who have died": the clause compared with
        if verb.pos_ in VERBAL_POS or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in VERBAL_POS:
        return None
    while verb.dep_ == "conj" and verb.head.pos_ in VERBAL_POS:
        verb = verb.head  # "that hit Piravale in 2019 and killed 61 people"
    events = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        events.append(verb.head)  # "a quake ... that killed 61"
    doc = verb.doc
    that = next((e for e in events if e.tag_ in ("WDT", "WP")), None)
    if that is not None and verb.dep_ != "relcl":
        # "a quake in 2019 that killed 61", parsed as a clause of its own: the relative
        # pronoun's noun is the nearest before it
        before = [t for t in doc[max(0, that.i - 5) : that.i] if t.pos_ == "NOUN"]
        events += before[-1:]
    for event in events:
        if event.lemma_.lower() not in lex.event_nouns:
            continue
        # (with a relative pronoun after it, the words up to the pronoun are the event's)
        upto = that.i if that is not None and event.i < that.i else event.i + 1
        year = _event_year(event, verb, upto)
        if year is not None:
            return DatedEvent(f"{year} {event.lower_}", year, _set_apart(event, lex))
    return None


def _event_year(event: Token, verb: Token, upto: int) -> int | None:
    """The year an event noun carries ("the 2019 quake", "a quake in 2019", "the quake, in
    1957,"), or that the words after it up to `upto` give ("a quake in 2019 that killed",
    whatever the parser hung "in 2019" on)."""
    doc = event.doc
    names = [
        event,
        *(c for c in event.children if c.dep_ == "appos"),
    ]  # "the 2020 Bear Hollow Fire"
    near = [
        c for n in names for c in n.children if c.dep_ in ("nummod", "compound", "amod", "npadvmod")
    ]
    for holder in (*names, verb):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "of"):
                continue
            if holder is not verb or (prep.lower_ == "in" and prep.i < verb.i):
                near += [p for p in prep.children if p.dep_ == "pobj"]
    near += [t for t in doc[event.i + 1 : upto] if low(doc[t.i - 1]) in ("in", ",")]
    for t in near:
        # tagged a date, or a modifier of the event's own name ("its 2025 breach", which the
        # model may call a cardinal)
        dated = t.ent_type_ == "DATE" or (t.head in names and t.dep_ in ("nummod", "compound"))
        if dated and yearish(t.text):
            return int(t.text)
    return None


def _set_apart(event: Token, lex: Lexicon) -> bool:
    return any(
        low(w) in ("a", "an") or w.tag_ in ("JJR", "JJS", "RBR", "RBS") or low(w) in lex.prior_words
        for w in event.lefts
    )


def latest_year(doc: Doc) -> int | None:
    """The latest year a text names (tagged a date): what it treats as now, near enough."""
    years = [int(t.text) for t in doc if t.ent_type_ == "DATE" and yearish(t.text)]
    return max(years, default=None)


def possessions(doc: Doc) -> list[tuple[str, str]]:
    """(possessor, possessed) entity names stated in the text: "Anthropic's Mythos model",
    "Anthropic ... its Mythos model". The measure step reads them to know who owns the
    measure's subject, so that owner's counts stay the measure's."""
    out: list[tuple[str, str]] = []
    for tok in doc:
        if tok.dep_ != "poss":
            continue
        possessor = _speaker(tok) if tok.pos_ == "PRON" else tok
        if possessor is None or possessor.pos_ == "PRON":
            continue
        owner_name = _ent_name(_entity_of(possessor))
        if not owner_name:
            continue
        for name in _names_in(tok.head):
            if name != owner_name:
                out.append((owner_name, name))
    return list(dict.fromkeys(out))


# Prepositions that open a sentence by setting its scene: "In Marinda, ...".
_SCENE_PREPS = frozenset({"in", "across"})


def opening_place(sent: Span, lex: Lexicon) -> str | None:
    """The place a sentence opens by setting its scene in ("In Marinda, officials said ...",
    "In neighbouring Brenzia, ..."): proper nouns between the preposition (and a word of
    lex.elsewhere_words) and a comma, none of them a date ("In March, ...")."""
    doc = sent.doc
    start = sent.start
    while start < sent.end and doc[start].is_space:
        start += 1
    if start + 2 >= sent.end or doc[start].lower_ not in _SCENE_PREPS:
        return None
    first = start + 1
    while first < start + 3 and low(doc[first]) in lex.elsewhere_words:
        first += 1  # "In neighbouring Brenzia,": the place is the name (not "In coastal X,")
    k = first
    while k < sent.end and doc[k].pos_ == "PROPN" and doc[k].ent_type_ not in _NOT_PLACES:
        k += 1
    if k == first or k >= sent.end or doc[k].text != ",":
        return None
    return doc[first:k].text


# (Not PERSON: the small model takes unfamiliar places for people, and "In Ostrava," is a
# place whatever it thinks; "In Congress," is no place to count elsewhere.)
_NOT_PLACES = frozenset({"DATE", "TIME", "EVENT", "ORG", "PRODUCT"})


def aside(raw: Raw, sent: Span) -> bool:
    """The count is set off from any clause: an apposition ("its reach, some 60 agencies"),
    after a dash, colon or parenthesis ("— some 60 agencies —", "By the numbers: about 60
    agencies"), or in a fragment no verb governs."""
    doc = sent.doc
    phrase = raw.root
    if raw.noun is not None and not raw.noun_inherited and raw.root.head.i == raw.noun.i:
        phrase = raw.noun
    if phrase.dep_ == "appos":
        return True
    if raw.qstart > sent.start and doc[raw.qstart - 1].text in ASIDE_MARKS:
        return True
    return not any(a.pos_ in VERBAL_POS for a in phrase.ancestors) and phrase.pos_ not in VERBAL_POS


def about_program(raw: Raw, lex: Lexicon) -> bool:
    """The number's clause is about a program or a product's reach, without naming what it
    counts: "the program would reach roughly 75", "a program capped at 120", "Even at 120, the
    pilot would stay small", "its initial cohort of about 50"."""
    for anc in [raw.root, *list(raw.root.ancestors)[:6]]:
        if anc.i != raw.root.i and anc.pos_ in ("NOUN", "PROPN"):
            return anc.lemma_.lower() in lex.program_nouns
        if anc.pos_ in VERBAL_POS:
            subjects = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(c.lemma_.lower() in lex.program_nouns for c in subjects):
                return True
            if _is_finite(anc, lex) or _has_modal(anc, lex):
                return False
    return False


def prominent_org(doc: Doc) -> str | None:
    """The organization the text names most often (first named on a tie): in a story about a
    company's product, that company's counts are its product's, not another entity's."""
    counts: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "ORG":
            name = _ent_name(ent)
            if name:
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


# --------------------------------------------------------------------------- what an amount is of


@dataclass(frozen=True, slots=True)
class Amount:
    """What a sum of money or a percentage is the size of, as its sentence says.

    A count names what it counts ("60 agencies"); an amount names what it measures in other
    ways: the noun it modifies ("a $40m shortfall", "a 4 percent rise"), the noun it is "of"
    ("a rise of 0.06 points"), the subject or object of the verb it completes ("the gap widened
    to $52 million", "cut the increase to 4 percent"), or, stated as a change by a verb, the
    change of that verb's object ("raised the rate 2.9 percent": a rise of the rate)."""

    nouns: tuple[str, ...] = ()  # the noun's lemma, and its compounds with it ("budget gap")
    # The thing a verb of change changes by the amount ("the property tax rate"), and which
    # way: the amount is then a rise (or fall) of that thing.
    changed: tuple[str, ...] = ()
    direction: int = 0  # +1 a rise, -1 a fall, 0 no change stated by a verb
    # It names nothing of its own but completes a clause about something named before: "It
    # was $31.2 million", "the right number is closer to $60 million", "Even at $52 million".
    elliptical: bool = False
    change_noun: bool = False  # its noun names a change ("a 9 percent jump"): a delta
    # The noun a few words before it, past a verb or preposition ("budget gap grows to
    # $52.3M"): a second guess where the parse of a headline goes astray.
    near: tuple[str, ...] = ()
    # The nouns compounded before its noun ("discount" in "a 5.5% discount rate"): they may
    # say that it is some other thing of the measure noun's kind.
    modifiers: tuple[str, ...] = ()
    # The state a percentage is the degree of: "5% contained", "had it 15 percent contained",
    # "80 percent complete" (the word it modifies as an adverbial noun).
    degree_of: str | None = None
    # A table's figure whose heading or column says it is a forecast ("March forecast").
    forecast: bool = False
    # It modifies its noun ("a 25% jump"), and that noun names no other thing it is of ("a 9
    # percent jump in costs"): a change of what the discourse is about.
    bare_change: bool = False
    # It is the difference between two figures (a delta): +1 for "$800 million more than last
    # year" (or a comparison that gives no direction: "$1.8 billion more pessimistic than"),
    # -1 for "$700 million smaller than projected", "$1.3 billion below its own projection".
    compared: int = 0
    # What a percentage is a share of ("38.9% of GDP", "of the province's economy"): the
    # noun's lemma. A ratio measure names it ("debt-to-GDP").
    share_of: str | None = None
    # The verb of proposing whose object it is ("demanded $4.75 million": "demand"): the size
    # of that ask, for a measure whose nouns name it (a ransom demand).
    asked: str | None = None


def _phrases(noun: Token) -> tuple[str, ...]:
    """A noun's lemma and its compound phrase: "the property tax rate" → ("rate", "property tax
    rate"); a plural's singular stands in for a lemma the tagger left alone."""
    lemma = noun.lemma_.lower()
    if low(noun).endswith("ing") and not lemma.endswith("ing"):
        lemma = low(noun)  # a gerund names the doing: "Borrowing ... totalled" is "borrowing"
    compounds = [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.i == noun.i - 1]
    k = noun.i
    while compounds:
        k = compounds[0].i
        compounds = [c for c in noun.doc[k].lefts if c.dep_ == "compound" and c.i == k - 1]
    words = [low(t) for t in noun.doc[k : noun.i]] + [lemma]
    out = [lemma]
    for n in range(len(words) - 1):
        out.append(" ".join(words[n:]))
    return tuple(dict.fromkeys(out))


def _amount_phrase(raw: Raw, lex: Lexicon) -> Token:
    """The head of the amount as written ("$48.6 million", "6.5 percent"): the token of its
    span whose head lies outside it, or the currency word it is the number of ("68 BTC", "10
    billion rupees"), which the parser makes a noun the number modifies."""
    doc = raw.root.doc
    root = doc[raw.qstart : raw.qend].root
    unit = root.head
    if root.dep_ == "nummod" and unit.i >= raw.qend and low(unit) in lex.currency_words:
        return unit
    return root


def places(sent: Span) -> tuple[str, ...]:
    """The places (governments, jurisdictions) a sentence names: whose deficit or budget an
    amount is, when one of them holds it ("Alberta trimmed its deficit forecast")."""
    return tuple(dict.fromkeys(e.text for e in sent.ents if e.label_ == "GPE"))


def amount_of(raw: Raw, sent: Span, lex: Lexicon) -> Amount:
    """What an amount (money, a percentage) is of; see `Amount`."""
    found = _amount_of(raw, sent, lex)
    phrase = _amount_phrase(raw, lex)
    if raw.unit == "percent" and phrase.dep_ == "npadvmod" and phrase.head.pos_ in ("VERB", "ADJ"):
        found = replace(found, degree_of=phrase.head.lower_)
    if not found.forecast and _foreseen_by_subject(phrase, lex):
        found = replace(found, forecast=True)
    compared = _compared(raw, sent, lex)
    if compared:
        found = replace(found, compared=compared)
    if raw.unit == "percent":
        whole = _share_of(phrase)
        if whole is not None:
            share = "gdp" if _economy(whole, lex) else whole.lemma_.lower()
            found = replace(found, share_of=share)
    near = _noun_before(raw, sent)
    if near is not None and _stock(near, lex):
        # "Its shares were down 4.1%": the stock's move, whatever its own words left it
        return found if found.nouns else replace(found, nouns=("stock",), elliptical=False)
    if near is None or found.nouns[:1] == (near.lemma_.lower(),):
        return found
    if found.nouns and near.head.dep_ == "prep" and near.head.head.lemma_.lower() == found.nouns[0]:
        return found  # "Interest on the debt is about 27 billion": of interest, not of debt
    if found.elliptical and _own_label(near, sent, lex):
        found = replace(found, elliptical=False)
    return replace(found, near=_phrases(near))


# Most words between a comparative and its "than": "$1.8 billion more pessimistic than".
_MAX_BEFORE_THAN = 2


def _restates(phrase: Token) -> bool:
    """ "(a deficit of) $6.8 billion, or 1.2%": an amount joined by "or" to the noun whose
    figure comes right before it."""
    head = phrase.head
    if phrase.dep_ != "conj" or head.pos_ not in ("NOUN", "PROPN") or head.i > phrase.i:
        return False
    doc = phrase.doc
    left = phrase.left_edge.i
    return (
        left >= 2
        and low(doc[left - 1]) == "or"
        and any(t.like_num for t in doc[max(head.i + 1, left - 6) : left - 1])
    )


def _economy(noun: Token, lex: Lexicon) -> bool:
    """A noun for a whole economy's output: "GDP", "the economy", and spelt out, "gross
    domestic product", "national income" (lexicon economy_words, economy_modifiers)."""
    lemma = noun.lemma_.lower()
    if lemma in lex.economy_words:
        return True
    return lemma in lex.economy_heads and any(
        c.dep_ in ("amod", "compound") and c.lower_ in lex.economy_modifiers for c in noun.children
    )


def _share_of(phrase: Token) -> Token | None:
    """The noun of the "of" right after a percentage: "38.9% of GDP", "5.8 per cent of
    revenue"."""
    for child in phrase.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next(
                (p for p in child.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")),
                None,
            )
    return None


def _compared(raw: Raw, sent: Span, lex: Lexicon) -> int:
    """Whether the amount is followed by a comparison that makes it a difference, and which
    way (Amount.compared): a comparative and its "than" ("$700 million smaller than
    projected", "$1.8 billion more pessimistic than"), "below" or "above" ("$1.3 billion below
    its own projection"), or "under"/"over" a budget, plan or forecast (lexicon
    compared_bases)."""
    doc = sent.doc
    if raw.qend >= sent.end:
        return 0
    word = low(doc[raw.qend])
    after = [t for t in doc[raw.qend + 1 : min(sent.end, raw.qend + 2 + _MAX_BEFORE_THAN)]]
    if word in ("below", "above"):
        compares = bool(after) and not after[0].like_num and after[0].pos_ != "SYM"
    elif word in ("under", "over"):
        # "$200 million under budget"; not "$7.3 million under the staff plan" (by its terms)
        compares = bool(after) and after[0].lemma_.lower() in lex.compared_bases
    else:
        compares = word in lex.comparative_words and any(low(t) == "than" for t in after)
    if not compares:
        return 0
    # "$1.8 billion more (less) pessimistic than": the adjective says no direction, nor do
    # "better" and "worse" (a smaller deficit, a larger revenue): a difference's size
    unsigned = word in ("more", "less") and after[0].pos_ == "ADJ" and low(after[0]) != "than"
    return -1 if word in lex.smaller_words and not unsigned else 1


def _foreseen_by_subject(phrase: Token, lex: Lexicon) -> bool:
    """ "Her forecast for 2028 puts the gap at $40m to $55m", "the projection has the rate at
    4%": the verb that places the amount has a forecast for its subject."""
    verb = next((a for a in phrase.ancestors if a.pos_ in VERBAL_POS), None)
    return verb is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex.foreseen_heads
        for c in verb.children
    )


# Most tokens a line's label takes before the colon that gives its figure.
_MAX_LINE_LABEL = 16


def _line_label(raw: Raw, sent: Span, lex: Lexicon) -> Amount | None:
    """ "- Projected operating deficit, fiscal 2027, before the cuts: $48.6 million", "Vaccine
    coverage, county schools (2024-25): 81.4%": a line that opens with a label and gives its
    figure after the label's colon is a figure of what the label's first phrase names (its
    first run of nouns, before any comma, bracket or preposition: what follows only says
    when, where or under what). A forecast word in the label makes the figure a forecast; a
    label with a verb is a statement, not a label; a generic head ("Projection:") names
    nothing here."""
    doc = sent.doc
    colon = raw.qstart - 1
    if colon < sent.start or not doc[colon].text.endswith(":"):  # "(2024-25):" is one token
        return None
    first = _label_start(sent, colon, _MAX_LINE_LABEL)
    if not _opens_line(doc, first):
        return None
    words = doc[first:colon]
    if any(t.pos_ == "AUX" or t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words):
        return None
    head = None
    for t in words:  # the last noun before a comma, bracket or preposition
        if t.text in (",", "(", ";") or (t.pos_ == "ADP" and head is not None):
            break
        if (
            t.pos_ == "NOUN"
            or (t.pos_ == "PROPN" and not t.ent_type_)
            or (t.tag_ == "VBG" and t.i == first)  # "Borrowing 2029-30: £49bn"
        ):
            head = t
    if head is None or head.lemma_.lower() in lex.amount_heads | lex.generic_heads:
        return None
    forecast = bool({low(t) for t in words} & (lex.forecast_adjs | lex.forecast_nouns))
    return replace(_named(head, lex), forecast=forecast)


def _own_label(near: Token, sent: Span, lex: Lexicon) -> bool:
    """ "- Health overspend: €0.6bn": a label before a colon names what the amount is, not
    the figure under discussion; a label with a generic head ("2040 projection under the
    bill:") names nothing."""
    doc = sent.doc
    if near.i + 1 >= sent.end or doc[near.i + 1].text != ":":
        return False
    generic = lex.amount_heads | lex.generic_heads
    return not any(t.lemma_.lower() in generic for t in doc[sent.start : near.i + 1])


def _noun_before(raw: Raw, sent: Span) -> Token | None:
    """The noun a clause about the amount opens with, read off the words when the parse is
    off (headlines): "budget gap grows to $52.3M", "The gap — $52.3 million"."""
    doc = sent.doc
    k = raw.qstart - 1
    skipped = 0
    while k >= sent.start and skipped < 4:
        t = doc[k]
        if t.pos_ in ("NOUN", "PROPN"):
            return t if skipped else None  # right before it: it is a label, not a clause
        if t.pos_ not in ("VERB", "AUX", "ADP", "ADV", "PART") and t.text not in ASIDE_MARKS:
            return None
        skipped += 1
        k -= 1
    return None


def _amount_of(raw: Raw, sent: Span, lex: Lexicon) -> Amount:
    doc = sent.doc
    if raw.heading_noun is not None:
        # a table's figure: what its heading names
        return replace(_named(raw.heading_noun, lex), forecast=raw.forecast)
    listed = list_head(raw) if _opens_line(doc, raw.qstart) else None
    if listed is not None and listed.pos_ == "NOUN":
        return _named(listed, lex)  # "- 62.3%: its funded ratio at the last count"
    label = _line_label(raw, sent, lex)
    if label is not None:
        return label
    phrase = _amount_phrase(raw, lex)
    if phrase.dep_ == "prep" and phrase.lower_ in lex.level_bounds and phrase.i < raw.qend:
        # The bound is the amount's own qualifier ("a ratio under 37 per cent", "get the
        # deficit below $5 billion", "debt fell below 37%"): the amount is of what it bounds
        if phrase.head.pos_ in ("NOUN", "PROPN"):
            return _named(phrase.head, lex)
        if phrase.head.pos_ in VERBAL_POS:
            return _by_verb(raw, phrase, phrase.head, phrase, lex)
    if phrase.lower_ == "between" and phrase.dep_ == "prep":
        # "to land between €18bn and €20bn": the range's first end stands for it
        phrase = next((c for c in phrase.children if c.dep_ == "pobj"), phrase)
    # "$31.2 million, not $13.2 million", "about $52.3 million, up $3.7 million": an amount set
    # beside another, or its change, is of what that one is of.
    for _ in range(3):
        head = phrase.head
        if head.i == phrase.i:
            break
        if phrase.dep_ in ("appos", "conj", "quantmod") and head.pos_ == "NUM":
            # also "from the current $5.00 to $5.60": the first end hung on the second
            phrase = head
        elif _restates(phrase):
            # "a deficit of $6.8 billion, or 1.2% of GDP": the parser may hang the restated
            # figure on the noun the first one is of
            return _named(head, lex)
        elif (
            phrase.dep_ == "pobj"
            and head.lower_ in lex.comparing_preps
            and head.head.pos_ == "NUM"
            and head.head.i != phrase.i
        ):
            phrase = head.head  # "about €16bn, well above the €12bn pencilled in"
        elif low(head) in ("up", "down") and head.head.pos_ in ("NUM", "NOUN", "PROPN"):
            phrase = head.head  # "up $3.7 million from ...", "The gap, up from $48.6 million"
        elif phrase.dep_ == "pobj" and head.lower_ == "from" and low(head.head) in ("up", "down"):
            if head.head.head.pos_ in VERBAL_POS:
                # "will cost €9.6bn, up from €7.1bn": of what the verb's own amount is of
                verb = head.head.head
                own = _verb_amount(verb, raw)
                if own is None:
                    return Amount(elliptical=True)  # "That is up from the $48.6 million ..."
                found = _by_verb(raw, own, verb, None, lex)
                # "a ride costs $2.40, up from $2.00": the noun before the verb's own amount
                near = _noun_before(replace(raw, qstart=own.left_edge.i), sent)
                return found if near is None else replace(found, near=_phrases(near))
            phrase = head.head.head
        else:
            break
    written = raw.qstart <= phrase.i < raw.qend or phrase.i == _amount_phrase(raw, lex).i
    if phrase.pos_ in ("NOUN", "PROPN") and not written:
        return _named(phrase, lex)
    changed = _changed_to(phrase, lex)
    if changed is not None:
        # "a 50-cent increase, to $2.50", "the fare increase adopted in April, to $2.40": the
        # level a change reaches (or leaves) is a level of what the change is of
        return replace(_named(changed, lex), change_noun=False)
    head = phrase.head
    in_span = raw.qstart <= head.i < raw.qend
    modifies = phrase.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod")
    if modifies and not in_span and head.pos_ in ("NOUN", "PROPN"):
        name = head
        while name.pos_ == "PROPN" and name.dep_ == "compound" and name.head.pos_ == "PROPN":
            name = name.head  # "(the $27 million) Mayor Dana Reyes projected"
        if name.dep_ == "compound" and name.head.pos_ == "NOUN" and name.head.i > name.i:
            head = name = name.head  # "a 50-cent fare hike" is a hike (of the fare)
        if _reduced_relative(name):
            # "the $48.6 million Whitcomb projected", "the 2.9 percent rise commissioners
            # adopted": the parser made the clause's subject the amount's noun.
            own = doc[raw.qend] if raw.qend < name.i else None
            if own is not None and own.pos_ == "NOUN":
                return _named(own, lex)
            return Amount(elliptical=True)
        found = _named(head, lex)
        complements = [
            p
            for c in head.rights
            if c.dep_ == "prep" and c.lower_ in ("in", "of")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return replace(found, bare_change=found.change_noun and not complements)
    if phrase.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        placed = _placed_object(head.head, lex)
        if placed is not None:
            return _named(placed, lex)
        return _named(head.head, lex)  # "a rise of 0.06 percentage points"
    if phrase.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN"):
        return _named(head, lex)  # "The gap — $52.3 million at last count"
    for child in phrase.rights:  # "6 percent of the general fund", "$14 million in cuts"
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            for pobj in child.children:
                if pobj.dep_ != "pobj" or pobj.pos_ not in ("NOUN", "PROPN") or _when(pobj):
                    continue
                if _economy(pobj, lex):
                    break  # "2.9% of GDP" is a share (Amount.share_of) of what its clause names
                return _named(pobj, lex)
    governing, via = _verb_of(phrase)
    if governing is not None:
        return _by_verb(raw, phrase, governing, via, lex)
    # A fragment no verb governs: an answer under a question heading ("About $52.3 million,
    # according to the budget office"), a list item.
    # The parser may run a heading and its answer into one sentence ("How big is the hole?\n
    # About $52.3 million"): a verb on another line governs nothing here.
    return Amount(
        elliptical=not any(
            a.pos_ in VERBAL_POS
            and not any("\n" in t.text for t in doc[min(a.i, phrase.i) : max(a.i, phrase.i)])
            for a in phrase.ancestors
        )
    )


def _when(noun: Token) -> bool:
    """ "$11.6 billion in FY2027", "in fiscal 2027": a time the amount is in, not a thing it
    is of (the tagger makes "FY2027" a proper noun the NER leaves alone)."""
    return noun.ent_type_ in ("DATE", "TIME") or any(c.isdigit() for c in noun.text)


def _changed_to(phrase: Token, lex: Lexicon) -> Token | None:
    """The noun whose "to" or "from" takes the amount, directly or through a participle on it:
    a change's ("the increase adopted in April, to"), or the thing that goes from one level to
    another ("bring net borrowing down from €16.1bn to €11.4bn")."""
    if phrase.dep_ != "pobj" or phrase.head.lower_ not in ("to", "from"):
        return None
    noun = phrase.head.head
    if noun.dep_ == "acl" and noun.tag_ == "VBN":
        noun = noun.head
    return noun if noun.pos_ == "NOUN" else None


def _placed_object(whole: Token, lex: Lexicon) -> Token | None:
    """ "put borrowing in a range of €17bn to €19.5bn", "sees growth in a band of 1% to 2%": a
    generic head (lexicon amount_heads) a verb's preposition takes says where the verb puts its
    object, as "put borrowing at €17bn" does: the amount is of that object."""
    if whole.lemma_.lower() not in lex.amount_heads or whole.dep_ != "pobj":
        return None
    verb = whole.head.head
    if whole.head.dep_ != "prep" or verb.pos_ not in VERBAL_POS:
        return None
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None
    )


def _verb_amount(verb: Token, raw: Raw) -> Token | None:
    """The amount a verb takes as its object or complement, other than `raw`'s."""
    for c in verb.children:
        own = raw.qstart <= c.i < raw.qend
        # "£9m": the parser may hang "9" under "m"
        if (
            c.dep_ in ("dobj", "attr")
            and not own
            and (c.like_num or any(t.like_num for t in c.children))
        ):
            return c
    return None


def _reduced_relative(head: Token) -> bool:
    """`head` is the subject of a relative clause without "that" that the parser hung off
    it: "(the $48.6 million) Whitcomb projected", "(the rise) commissioners adopted"."""
    if head.pos_ == "NOUN" and head.tag_ != "NNS":
        return False  # "a $40m shortfall driven by ...": a participle on the amount's noun
    return any(
        c.dep_ in ("acl", "relcl")
        and c.tag_ in ("VBD", "VBN")
        and c.i == head.i + 1
        and not any(d.dep_ in ("dobj", "nsubj") for d in c.children)
        for c in head.children
    )


def _verb_of(phrase: Token) -> tuple[Token | None, Token | None]:
    """The verb the amount completes, and the preposition between them, if any."""
    if phrase.dep_ in ("attr", "dobj", "npadvmod", "acomp", "oprd") and (
        phrase.head.pos_ in VERBAL_POS
    ):
        return phrase.head, None
    if phrase.dep_ == "pobj" and phrase.head.dep_ == "conj" and phrase.head.pos_ == "ADP":
        # "lowered it to $4.75 million, then to $2.9 million on March 27 and to $1.5
        # million": the parser hangs a later "to" on the phrase before it; the verb above
        # the run of prepositions is the one it completes
        above = phrase.head.head
        while above.pos_ == "ADP" and above.dep_ in ("prep", "conj"):
            above = above.head
        if above.pos_ in VERBAL_POS:
            return above, phrase.head
    if phrase.dep_ == "pobj" and phrase.head.dep_ == "prep":
        above = phrase.head.head
        if above.pos_ in ("ADJ", "ADV", "ADP") and above.dep_ in ("acomp", "advmod", "prt"):
            above = above.head  # "is closer to $55 million", "bring borrowing down from $16bn"
        if above.pos_ in VERBAL_POS:
            return above, phrase.head
    return None, None


def _by_verb(raw: Raw, phrase: Token, verb: Token, via: Token | None, lex: Lexicon) -> Amount:
    lemma = verb.lemma_.lower()
    prep = via.lower_ if via is not None else None
    others = [c for c in verb.children if c.i != phrase.i and (via is None or c.i != via.i)]
    obj = next((c for c in others if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
    subj = next((c for c in others if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subj = verb.head  # "a budget that topped $26 million"
    if subj is None:
        subj = _participle_subject(others)
    if subj is None:
        # "Borrowing in the first seven months totalled £116.8bn": a gerund the parser made
        # the clausal subject is what the clause is about
        subj = next(
            (
                c
                for c in others
                if c.dep_ == "csubj"
                and c.tag_ == "VBG"
                and not any(d.dep_ in ("nsubj", "dobj", "nsubjpass") for d in c.children)
            ),
            None,
        )
    if subj is None:
        subj = _shared_subject(verb)
    # "Even at $52 million, the rise would cover ...": a condition set before its clause.
    fronted = via is not None and prep == "at" and via.i < verb.i
    if (
        fronted
        and via is not None
        and (any(low(c) == "even" for c in via.children) or via.i == verb.sent.start)
    ):
        return Amount(elliptical=True)
    direction = 0
    if (prep == "by" or (prep is None and phrase.dep_ == "npadvmod")) and obj is not None:
        if lemma in lex.growth_verbs or lemma in lex.increase_verbs:
            direction = 1
        elif lemma in lex.decrease_verbs or lemma in lex.reduce_verbs:
            direction = -1
    if direction:  # "raised the rate 2.9 percent", "cut the levy by 2 percent"
        assert obj is not None
        return Amount(changed=_phrases(obj), direction=direction)
    if prep is None and phrase.dep_ == "dobj":
        moved = _moved_onto(verb, others, lex)
        if moved is not None:  # "adds $4.3bn to the deficit", "shaves £2bn off borrowing"
            return Amount(changed=_phrases(moved[0]), direction=moved[1])
    if prep is None and phrase.dep_ == "dobj" and _lemmas(verb) & lex.putting_verbs:
        return Amount(elliptical=True)  # "has floated 5.25 percent": the figure proposed
    if lemma in lex.proposal_verbs and (
        (prep is None and phrase.dep_ == "dobj") or (prep == "for" and verb.pos_ == "VERB")
    ):
        return Amount(asked=lemma)  # "the gang demanded $4.75 million", "is asking for $4.75m"
    saying = lex.forecast_verbs | lex.report_verbs | lex.proposal_verbs | lex.amount_verbs
    if prep is None and phrase.dep_ == "dobj" and verb.pos_ == "VERB" and lemma not in saying:
        # "expects the government to borrow €17.8bn": the size of the verb's doing, named by
        # its gerund (a measure of "borrowing", "spending")
        return Amount(nouns=(_gerund(lemma),))
    if prep is None and lemma in lex.amount_verbs and _to_do(others):
        return Amount()  # "Each trip cost the agency $6.85 to provide": the price of a deed
    if prep in lex.amount_preps or (prep is None and lemma in lex.amount_verbs):
        # "cut the increase to 4 percent" (what the verb acts on), "the gap widened to $52
        # million", "it was $31.2 million" (what the clause is about)
        topic_word = obj if obj is not None and prep is not None else subj
        if (
            prep is not None
            and obj is None
            and any(c.dep_ == "dobj" and c.tag_ == "PRP" for c in others)
        ):
            # "lowered it to $4.75 million": what "it" is, the discourse says
            return Amount(elliptical=True)
        if topic_word is None:
            return Amount(elliptical=prep is None)
        return _named(topic_word, lex, predicate=True)
    return Amount()


def _moved_onto(verb: Token, others: list[Token], lex: Lexicon) -> tuple[Token, int] | None:
    """What a verb puts its object amount onto or takes it off, and which way: "adds roughly
    $4.3bn to the deficit" (+1), "would shave £2.1bn off borrowing", "takes $900 million from
    the gap" (-1). The amount is a change of that noun, as "raised the deficit by" makes it."""
    lemma = verb.lemma_.lower()
    preps: tuple[str, ...]
    if lemma in lex.adding_verbs:
        preps, direction = ("to", "onto"), 1
    elif lemma in lex.subtracting_verbs:
        preps, direction = ("off", "from"), -1
    elif lemma in lex.taking_off_verbs:
        preps, direction = ("off",), -1
    else:
        return None
    for c in others:
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            target = next((p for p in c.children if p.dep_ == "pobj"), None)
            if target is None and c.dep_ == "prt" and c.i + 1 < len(c.doc):
                # "shave £2bn off borrowing" parsed with "off" a particle: the noun after it
                target = next(
                    (t for t in c.doc[c.i + 1 : c.i + 4] if t.pos_ in ("NOUN", "PROPN")), None
                )
            # (a gerund too: "shave £1.4bn off borrowing", which the tagger may make a verb)
            if target is not None and (target.pos_ in ("NOUN", "PROPN") or target.tag_ == "VBG"):
                return target, direction
    return None


def _to_do(children: list[Token]) -> bool:
    """The verb has whom it costs, or what for ("cost the agency $6.85", "cost $6.85 to
    provide"): the amount is the price of doing that, not a size of the verb's subject."""
    return any(
        c.dep_ == "dative" or (c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children))
        for c in children
    )


def _participle_subject(children: list[Token]) -> Token | None:
    """ "the deficit for the year now ending would come in at €16bn": the parser read the
    participle after a noun phrase as a clausal subject and the noun as its subject; the noun
    is the clause's subject."""
    for c in children:
        if c.dep_ == "csubj" and c.tag_ in ("VBG", "VBN"):
            return next(
                (
                    s
                    for s in c.children
                    if s.dep_ in ("nsubj", "nsubjpass") and s.i < c.i and s.pos_ == "NOUN"
                ),
                None,
            )
    return None


def _gerund(lemma: str) -> str:
    """The noun a verb's doing is named by: borrow → borrowing, raise → raising, tie → tying
    (a doubled final consonant, "cutting", is left out: those verbs name no measure)."""
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        return lemma[:-1] + "ing"
    return lemma + "ing"


def _shared_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the clause it continues: "debt stood at 94.6% and is
    forecast to rise to 95.9% before edging down to 95.2%" (rise, edging: debt)."""
    v = verb
    for _ in range(5):
        obj = next((c for c in v.head.children if c.dep_ == "dobj"), None)
        if v.dep_ == "xcomp" and obj is not None and obj.i < v.i:
            # "we expect the deficit to land between ...": the object is what lands ("expects
            # it to keep rising, peaking at 97.6%": what "it" is, the discourse says)
            return obj if obj.pos_ in ("NOUN", "PROPN") or _thing_pronoun(obj) else None
        if v.dep_ == "xcomp" and not any(c.dep_ == "auxpass" for c in v.head.children):
            # "officials hoped to reach 30%": the subject of an active verb is who hopes,
            # not what reaches; "is forecast to rise": a passive raises its subject
            return None
        if v.dep_ in ("xcomp", "conj", "advcl"):
            v = v.head
        elif v.dep_ == "pcomp" and v.head.dep_ == "prep":
            v = v.head.head
        else:
            return None
        if v.pos_ not in VERBAL_POS:
            return None
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj if subj.pos_ in ("NOUN", "PROPN") or _thing_pronoun(subj) else None
    return None


def _thing_pronoun(tok: Token) -> bool:
    """A pronoun that stands for a thing, not a person: "it", "this", "that"."""
    return tok.pos_ == "PRON" and low(tok) in ("it", "this", "that")


def _named(noun: Token, lex: Lexicon, *, predicate: bool = False) -> Amount:
    """The amount is of `noun`; a pronoun or a generic noun ("the figure", "the right
    number", "the estimate") names nothing, and a predicate about one is elliptical."""
    lemma = noun.lemma_.lower()
    if noun.pos_ == "PRON" or lemma in lex.amount_heads:
        # "revenue forecasts of $41 billion": a compound says what a generic head is of
        # (not a time: a "full-year forecast" is no forecast of the year)
        compounds = [
            c
            for c in noun.lefts
            if c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() not in lex.time_nouns
        ]
        if compounds and noun.pos_ != "PRON":
            # "its deficit forecast": a forecast of the deficit
            forecast = lemma in lex.foreseen_heads
            return replace(_named(compounds[-1], lex), forecast=forecast)
        return Amount(elliptical=predicate or noun.pos_ != "PRON")
    if _stock(noun, lex):
        return Amount(nouns=("stock",))
    return Amount(
        nouns=_phrases(noun),
        change_noun=lemma in lex.rise_nouns or lemma in lex.fall_nouns,
        modifiers=_modifiers(noun),
    )


def _stock(noun: Token, lex: Lexicon) -> bool:
    """ "Its shares fell 3.2%", "Corvane shares were down 1.4%": a company's stock, the subject
    of its move; no proportion of anything ("a share of the vehicles", "their shares of the
    vote", "increased their shares, to 14%")."""
    return (
        noun.tag_ == "NNS"
        and noun.lemma_.lower() in lex.equity_nouns
        and noun.dep_ in ("nsubj", "nsubjpass")
        and not _of_object(noun)
    )


def _modifiers(noun: Token) -> tuple[str, ...]:
    """The nouns compounded right before `noun`: "5.5% discount rate" → ("discount",)."""
    out: list[str] = []
    k = noun.i
    while k > 0 and noun.doc[k - 1].dep_ == "compound" and noun.doc[k - 1].pos_ == "NOUN":
        k -= 1
        out.append(noun.doc[k].lemma_.lower())
    return tuple(out)
