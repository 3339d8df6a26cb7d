"""Tables whose first row names their columns.

A fact sheet, a surveillance report or a wire table lays its figures out under a header row:

    Region       ED visits   Change   Deaths confirmed
    Central         402       +261        7

or, as a page's HTML table comes out of the main-text step, between bars:

    | Month | Organizations | Change | Source |
    |---|---|---|---|
    | July | 80 | +28 | Anthropic |

A figure alone in its cell says nothing of what it counts; its column's header does ("ED
visits": 402 visits), and a column headed by a change ("Change", "+/-") holds changes of the
column it follows (+261 more visits). Where no column names a thing (versions or years:
"Budget 2026 | Fall update | Change"), the row's label does ("Deficit | 6.8 | 6.1 | -0.7").
This module finds a cell's header from the text alone; the scanner turns it into the figure's
noun, kind, unit and modality (scan._column_cell).

Cells are split by bars, or by runs of two or more spaces (or a tab) in a table aligned with
spaces. Both kinds need the header and every row between it and the cell to have the same
number of cells, so prose with a double space after its full stops is no table.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from claimwatch.extractors import numbers

# A cell holding one figure and nothing else: "402", "+261", "~50", "1,086", "$24.9m", "-2%".
_NUMBER = r"[~\u2248]?[-+\u2212]?[$\u20ac\u00a3\u00a5]?\d[\d.,]*"
# A cell's hedge ("about 2.7 million") and scale words, from the number reader's own lists.
# Not the bounds a header may open with: "Under 18", "Over 65", "Past week", "Some 2026".
_HEADER_BOUNDS = frozenset({"under", "over", "past", "within", "below", "above", "some", "up"})
_HEDGES = "|".join(
    re.escape(" ".join(k))
    for k in sorted(numbers.PRE_QUALIFIERS, key=lambda k: -len(" ".join(k)))
    if all(w.isalpha() for w in k) and k[0] not in _HEADER_BOUNDS
)
_SCALE_WORDS = "|".join(
    re.escape(w)
    for w in sorted(numbers.SCALES, key=len, reverse=True)
    if w.isalpha() and len(w) > 1
)
# A figure alone in its cell: "402", "~50", "$1.2bn", "-0.7", "about 2.7 million".
_FIGURE = re.compile(
    rf"^(?:(?:{_HEDGES})\s+)?{_NUMBER}(?:bn|[mkbMK])?%?(?:\s+(?:{_SCALE_WORDS}))?$", re.IGNORECASE
)
# A figure with its scale and its own noun: "31 million records" (a row's cell, not a header's).
_SCALED = re.compile(rf"^(?:(?:{_HEDGES})\s+)?{_NUMBER}\s+(?:{_SCALE_WORDS})\b", re.IGNORECASE)
_SPACED = re.compile(r" {2,}|\t+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A rule under a header row: "|---|:---:|", "------  ------".
_RULE = re.compile(r"^[\s|:+=-]*-{3,}[\s|:+=-]*$")
# Changes written as signs in a header: "+/-", "±".
_CHANGE_SIGNS = ("+/-", "\u00b1", "+/\u2212")
_MAX_HEADER_WORDS = 5  # a header cell names a column; a longer one is a sentence
_MAX_CAPTION_WORDS = 20  # a longer line over a header row is prose, not its caption
_MAX_CAPTION_CHARS = 200
_MAX_ROWS = 40  # rows a header is looked for above a cell, at most
# A longer line is no table row; the bound keeps each figure's look at its line and the lines
# above it cheap whatever a hostile page holds.
_MAX_ROW_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Column:
    """What a figure's column header says of it. Offsets are characters of the text."""

    start: int  # the header cell naming what the figure is of (its own column's, or for a
    end: int  # change, the column it changes); start == end when no column names it
    change: bool  # its own header names a change: the figure is a delta
    words: tuple[str, ...]  # its own header's words, lower-cased
    # The table's caption (the line over its header row, when short) and header row: what a
    # reader takes the figure to be about ("Heat-related illness by region, week ending ...").
    over: str = ""
    label: tuple[int, int] = (0, 0)  # the row's first cell, its label: "Central", "OpenAI"
    rows: tuple[str, ...] = ()  # the first column's header words: what the rows are
    part: bool = False  # the row is a part of a breakdown whose total row is in the table


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a line, stripped of spaces."""
    if "|" in line:
        # "| a | b |": the outer bars open and close the row, they split nothing
        first = line.find("|") + 1 if not line[: line.find("|")].strip() else 0
        last = line.rfind("|") if not line[line.rfind("|") + 1 :].strip() else len(line)
        parts = _between(line, "|", first, max(first, last))
    else:
        pos, end = len(line) - len(line.lstrip()), len(line.rstrip())
        parts = []
        for m in _SPACED.finditer(line, pos, end):
            parts.append((pos, m.start()))
            pos = m.end()
        parts.append((pos, end))
    out = []
    for a, b in parts:
        cell = line[a:b]
        lead = len(cell) - len(cell.lstrip())
        out.append((a + lead, max(a + lead, a + len(cell.rstrip()))))
    return out


def _between(line: str, bar: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every stretch of line[start:end] between bars, empty ones included ("a | | b": three)."""
    spans, pos = [], start
    for k in range(start, end):
        if line[k] == bar:
            spans.append((pos, k))
            pos = k + 1
    spans.append((pos, end))
    return spans


def aligned(line: str) -> bool:
    """A line of a table aligned with spaces: three or more cells apart by runs of spaces,
    none a sentence ("Central   402   +261   7"; not "It rose.  Then it fell.  Again.")."""
    if "|" in line or not _SPACED.search(line.strip()):
        return False
    cells = [line[a:b] for a, b in _cells(line)]
    return (
        len([c for c in cells if c]) >= 3
        and not any(c.endswith((".", "!", "?")) and not _FIGURE.match(c) for c in cells)
        and all(len(c.split()) <= _MAX_HEADER_WORDS for c in cells)
    )


def _line_at(text: str, char: int) -> tuple[int, int]:
    """(start, end) of the line holding `char`; a line longer than a row is cut short (the
    caller then finds it too long), so the search costs at most a row's length."""
    lo = max(0, char - _MAX_ROW_CHARS - 1)
    a = text.rfind("\n", lo, char) + 1 or lo
    b = text.find("\n", char, char + _MAX_ROW_CHARS + 1)
    if b < 0:
        b = min(len(text), char + _MAX_ROW_CHARS + 1)
    return a, b


def _is_row(line: str, cells: list[tuple[int, int]]) -> bool:
    """A line of figures; not one of years alone, which heads the columns ("| | 2024 | 2025 |")."""
    found = [line[a:b] for a, b in cells[1:]]
    return any(_FIGURE.match(c) or _SCALED.match(c) for c in found) and not all(
        _YEAR.match(c) for c in found
    )


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """The words a table's headers and labels are read with (lexicon.toml's [tables])."""

    change: Collection[str] = ()  # a change column: "Change", "Added", "New"
    bare: Collection[str] = ()  # words that name no thing: "since", "Forecast", "Budget"
    totals: Collection[str] = ()  # a total row's label: "Total", "All sectors", "Statewide"
    places: Collection[str] = ()  # a first column of places: "Region", "County", "District"
    unit_notes: Collection[str] = ()  # a caption's note of a unit: "(in millions)", "(per cent)"


def column_of(text: str, char: int, lex: HeaderWords) -> Column | None:
    """The column of the figure starting at `char`, when it is alone in a cell of a table
    whose header row names its columns; None otherwise (a figure in prose, a label's
    figure, a table without a header row). A header of change and bare words alone
    ("Change since July", "Proposed", "Forecast") names nothing the figure counts: the
    nearest column before it that names something does ("Organizations | Change"); where
    none does, the row's label names it ("Deficit | 6.8 | 6.1" under "Line | Budget 2026 |
    Fall update")."""
    a, b = _line_at(text, char)
    line = text[a:b]
    if len(line) > _MAX_ROW_CHARS or ("|" not in line and not aligned(line)):
        return None
    cells = _cells(line)
    own = next((n for n, (s, e) in enumerate(cells) if s <= char - a < e), None)
    if own is None or own == 0 or not _FIGURE.match(line[slice(*cells[own])]):
        return None  # the first column labels the rows; a cell with words says what it is
    header = _header(text, a, len(cells))
    if header is None:
        return None
    h_start, h_line, h_cells = header
    heads = [_words(h_line[slice(*c)]) for c in h_cells]
    words = tuple(heads[own])
    change = _changes(words, h_line[slice(*h_cells[own])], lex.change)

    def bare(n: int) -> bool:
        # its head says when or which version ("Midyear update", "2026", "Change since July")
        plain = [w for w in heads[n] if w not in lex.change and w not in lex.bare]
        return not plain or heads[n][-1] in lex.bare

    named = own
    if bare(own):
        named = next(
            (
                n
                for n in range(own - 1, 0, -1)
                if not bare(n) and _FIGURE.match(line[slice(*cells[n])])
            ),
            -1,
        )
    over = f"{_caption(text, h_start)}\n{h_line}"
    label = (a + cells[0][0], a + cells[0][1])
    rows = tuple(heads[0])
    if named >= 0:
        s, e = h_cells[named]
        part = _part(text, h_start + len(h_line), len(cells), line[slice(*cells[0])], rows, lex)
        return Column(h_start + s, h_start + e, change, words, over, label, rows, part)
    noted = _caption_noun(text, h_start, lex.unit_notes)
    if noted is not None:
        # no column names a thing, the caption's note does: "Mythos access by stage
        # (organizations)" over "Stage | Timing | Added | Cumulative"
        return Column(*noted, change, words, over, label, rows)
    if _words(line[slice(*cells[0])]):
        # no column names a thing ("Budget 2026 | Fall update | Change", "2024 | 2025"): the
        # rows' labels do ("Deficit | 6.8 | 6.1 | -0.7"), each a line of its own, no part
        return Column(*label, change, words, over, label, rows)
    return None  # neither says what the figure is


def _part(
    text: str, after_header: int, width: int, own: str, rows: tuple[str, ...], lex: HeaderWords
) -> bool:
    """The row is one part of a breakdown whose table has a total row ("Power and water | 31"
    over "All sectors | 80"): a count of a part, not of the whole. Not places ("Central |
    402" over "Statewide | 1,086"): a count for a place is that place's, for the measure to
    judge."""
    if set(rows) & set(lex.places) or set(_words(own)) & set(lex.totals):
        return False
    for _, line in _lines(text, after_header + 1, down=True):
        if _RULE.match(line):
            continue
        cells = _cells(line)
        if len(cells) != width or not _is_row(line, cells):
            return False
        if set(_words(line[slice(*cells[0])])) & set(lex.totals):
            return True
    return False


def _lines(text: str, pos: int, *, down: bool) -> Iterator[tuple[int, str]]:
    """(start, line) of the lines with words from `pos` on: down from the line starting at
    `pos`, or up from the line ending right before it; at most _MAX_ROWS lines (blank ones
    included), and none past one too long for a row (the walk ends there)."""
    for _ in range(_MAX_ROWS):
        if (pos >= len(text)) if down else (pos <= 0):
            return
        a, b = _line_at(text, pos if down else pos - 1)  # up: pos - 1 is the line's newline
        pos = b + 1 if down else a
        line = text[a:b]
        if len(line) > _MAX_ROW_CHARS:
            return
        if line.strip():
            yield a, line


def _caption(text: str, header_start: int) -> str:
    """The first line with words over a table's header row, when it is short enough to be
    its caption ("Count over time", "Heat-related illness by region, week ending July 15")."""
    start, end = _caption_at(text, header_start)
    return text[start:end].strip()


def _caption_at(text: str, header_start: int) -> tuple[int, int]:
    """Where `_caption` is in the text; (0, 0) when there is none."""
    end = header_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not _short(line) and line.endswith(":"):
            # a line too long to be a caption, but its last sentence introduces the table:
            # "Our model projects ... We ran three scenarios (list size in millions):"
            ends = list(_SENTENCE_END.finditer(text, start, end))
            start = ends[-1].end() if ends else start
            line = text[start:end].strip()
        if line:
            return (start, end) if _short(line) else (0, 0)
        end = start - 1
    return 0, 0


# A sentence's end inside a line: its stop, a footnote mark glued to it ("removals.⁵"), space.
_SENTENCE_END = re.compile(r"[.!?]\S{0,3}\s+")


def _short(line: str) -> bool:
    return len(line) <= _MAX_CAPTION_CHARS and len(line.split()) <= _MAX_CAPTION_WORDS


# A caption's bracketed note of what its figures count: "Mythos access by stage (organizations)";
# lower-case words (not a source's or a code's name: "(Reuters)", "(USD)").
_NOTED_NOUN = re.compile(r"\(([a-z][a-z -]{0,40})\)")
# A note's scale words declare a unit too ("(in millions)", "(C$ billions)").
_SCALE_NOTES = frozenset(w.lower().removesuffix("s") for w in numbers.SCALES)


def _caption_noun(
    text: str, header_start: int, unit_notes: Collection[str]
) -> tuple[int, int] | None:
    """Where the caption's bracketed note names what the table's figures count, when it does:
    "(organizations)"; not a unit's note ("(C$ billions)", "(in millions)")."""
    start, end = _caption_at(text, header_start)
    found = _NOTED_NOUN.search(text, start, end) if end else None
    if found is None:
        return None
    words = {w.lower().removesuffix("s") for w in found.group(1).split()}
    if words & _SCALE_NOTES or words & set(unit_notes):
        return None
    return found.start(1), found.end(1)


def _words(cell: str) -> list[str]:
    return re.findall(r"[a-z]+", cell.lower())


def _changes(words: tuple[str, ...], cell: str, change_words: Collection[str]) -> bool:
    """The header names a change: "Change", "+/-", "Net change", "Added since July", "New
    cases"."""
    return any(s in cell for s in _CHANGE_SIGNS) or any(w in change_words for w in words)


def _header(text: str, row_start: int, width: int) -> tuple[int, str, list[tuple[int, int]]] | None:
    """(start, line, cells) of the header row over the row at `row_start`: the nearest line
    above with as many cells and no figure in them, every line between being a row of the
    same table (or a rule under the header)."""
    barred = "|" in text[slice(*_line_at(text, row_start))]
    for start, line in _lines(text, row_start, down=False):
        if _RULE.match(line):
            continue  # a rule under the header
        cells = _cells(line)
        if len(cells) != width or ("|" in line) != barred:
            return None
        if _is_row(line, cells):
            continue
        if ":" in line[slice(*cells[0])] or line.rstrip().endswith(":"):
            # a heading whose label runs into the first column, or a lead-in naming the
            # columns in its words ("Counts cited (source | figure):"): scan._table_cell reads
            # those
            return None
        named = [line[a:b] for a, b in cells[1:]]
        # names, or years ("Budget 2026", "FY2027", "2025"), never figures
        if not all(
            c
            and len(c.split()) <= _MAX_HEADER_WORDS
            and (_YEAR.match(c) or not (_FIGURE.match(c) or _SCALED.match(c)))
            for c in named
        ):
            return None
        return start, line, cells
    return None
