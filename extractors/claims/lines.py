"""Sentence bounds from the text's layout, set before the parser reads it.

The parser joins lines it has no reason to split: a headline runs into the first paragraph,
and a list ("• Unfunded liability: $13.6 billion" under "By the numbers:"), a timeline ("Fri 17
— 1,620") or a table written as lines ("All sectors | 80 | 4,265") becomes one long "sentence"
whose parse ties each line's figure to the next line's label, or which exceeds the claim
finder's sentence limit and is skipped whole. A sentence never crosses a paragraph break, and
a list item, timeline entry or table row is a paragraph of its own (discourse.paragraphs_of),
so each paragraph starts a sentence. The parser respects bounds set before it; it still
splits a paragraph into its sentences, except where a line is one statement: a table row, a
list item without a sentence end inside it, a list item's label and its colon.

A list item's marker ("•", "-") is a sentence of its own: read with the item, the parser makes
the marker the item's root and every word hangs off it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.extractors.claims import columns, discourse

# Characters that open a list item.
_MARKERS = frozenset({"\u2022", "\u2023", "\u25aa", "*", "-", "\u2013", "\u2014"})
# Most tokens a list item's label takes before its colon ("• Unfunded liability, Dec. 31:").
_MAX_LABEL = 10
# A wire story's dateline opening its paragraph: a place in capitals, its state or country,
# the agency, then a dash ("WASHINGTON — ", "ASHBY, Kan. — ", "NEW YORK (Reuters) - ",
# "LONDON, Nov 3 (Reuters) - ").
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z0-9][A-Za-z0-9.]*){0,2})?"
    r"(?: \([A-Za-z .&]+\))?"
    r" ?[—–-]{1,2} (?=[A-Z0-9\"“'])"
)
# A transcript's speaker label opening its paragraph: words in capitals and a colon ("RUTH
# OKAFOR: ", "MR. OKAFOR: ", "Q: ").
_SPEAKER = re.compile(r"([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}:) +(?=\S)")
# Entity labels of numbers themselves: a piece of one that is only a number stays one.
_NUMERIC = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
# A sentence ending inside a line: the line holds more than one statement.
_ENDS = re.compile(r"[.!?][\"\u201d']?\s+\S")


@Language.component("claimwatch_lines")
def set_line_bounds(doc: Doc) -> Doc:
    """Marks the first token of every paragraph (and of a list item's words) as a sentence
    start, and keeps one-statement lines whole."""
    if len(doc) < 2:
        return doc
    text = doc.text
    starts = [t.idx for t in doc]
    for start, end in discourse.paragraphs_of(text):
        first = bisect_left(starts, start)
        if first >= len(doc):
            break
        last = bisect_left(starts, end)  # one past the paragraph's last token
        if first > 0:
            doc[first].is_sent_start = True
        line = text[start:end]
        # "RUTH OKAFOR: Ninety-seven, as of this morning.": a transcript's speaker (the same
        # capitals label opening several paragraphs) is no part of what is said; read with it,
        # the parser may make the name a verb and the answer its object. "ASHBY, Kan. — The
        # county reported 13 new cases": where the story was filed is a sentence of its own,
        # or the parser makes the city part of the subject and the count that city's.
        speaker = _SPEAKER.match(line)
        said = speaker and text.count("\n" + speaker[1]) + text.startswith(speaker[1]) >= 2
        for opening in (speaker if said else None, _DATELINE.match(line)):
            after = bisect_left(starts, start + opening.end()) if opening else first
            if first < after < last:
                doc[after].is_sent_start = True
        marked = doc[first].text in _MARKERS and first + 1 < last
        if marked:
            first += 1
            doc[first].is_sent_start = True
        if "\n" not in line and "|" in line and ":" in line:
            _labelled_cells(doc, first, last)  # "Outlet | proposed total: 120 | added: 70"
        elif (
            "\n" not in line
            and ("|" in line or columns.aligned(line))
            or (marked and not _ENDS.search(line))
        ):
            _keep_whole(doc, first, last)  # a table row, a one-statement item
        elif marked:
            # "• What would change: an extra 35 admitted ...": a label and its colon open the
            # item's first statement.
            colon = next((k for k in range(first, last) if doc[k].text == ":"), None)
            if colon is not None and colon - first <= _MAX_LABEL:
                _keep_whole(doc, first, min(colon + 2, last))
    return doc


@Language.component("claimwatch_entity_bounds")
def keep_entities_in_sentences(doc: Doc) -> Doc:
    """Cuts every named entity at the line breaks inside it or at its edge. The statistical
    NER reads past the bounds set_line_bounds gives the parser: a headline ending "bringing
    the total to 80" over a live blog's "8:40 p.m. ET" gives a TIME "80\n\n", which hides the
    headline's figure. The whitespace is no part of a name; a piece that is only a number, cut
    from a name, date or time, is none of them."""
    if not any(_broken(doc, ent.start, ent.end) for ent in doc.ents):
        return doc
    spans: list[Span] = []
    for ent in doc.ents:
        if not _broken(doc, ent.start, ent.end):
            spans.append(ent)
            continue
        cuts = [k for k in range(ent.start, ent.end) if _line_break(doc[k])]
        bounds = [ent.start, *(k for c in cuts for k in (c, c + 1)), ent.end]
        for a, b in zip(bounds[::2], bounds[1::2], strict=True):
            while a < b and doc[a].is_space:
                a += 1
            while b > a and doc[b - 1].is_space:
                b -= 1
            if a < b and (ent.label_ in _NUMERIC or not all(t.like_num for t in doc[a:b])):
                spans.append(Span(doc, a, b, label=ent.label_, kb_id=ent.kb_id_))
    doc.ents = spans
    return doc


def _line_break(tok: Token) -> bool:
    return tok.is_space and "\n" in tok.text


def _broken(doc: Doc, start: int, end: int) -> bool:
    """The entity holds a line break, or starts a sentence inside it."""
    return any(_line_break(doc[k]) for k in range(start, end)) or any(
        doc[k].is_sent_start for k in range(start + 1, end)
    )


def _labelled_cells(doc: Doc, first: int, end: int) -> None:
    """A table row whose cells carry their own labels ("proposed total: about 120 | added:
    about 70") is a run of one-statement cells: each cell starts a sentence, so its figure
    reads its own label, not the next cell's."""
    start = first
    for k in range(first, end):
        if doc[k].text == "|" and k + 1 < end:
            _keep_whole(doc, start, k + 1)
            doc[k + 1].is_sent_start = True
            start = k + 1
    _keep_whole(doc, start, end)


def _keep_whole(doc: Doc, first: int, end: int) -> None:
    """No sentence starts inside tokens first..end-1 (past the first)."""
    for k in range(first + 1, end):
        doc[k].is_sent_start = False
