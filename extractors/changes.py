"""What changed between two versions of an article: a word-level diff (what NewsDiffs shows on
an article page) and the change's classes.

Pure functions over text; the warehouse records the classes as facts, `claimwatch history`
prints the diff. Classes (DESIGN.md, "Versions"), several may hold at once:

- `headline`: the title changed;
- `numbers`: a claim's value changed (known only after extraction, so passed in);
- `correction`: a correction or clarification note appeared;
- `update`: text was added (an "Update:" paragraph, new paragraphs, a longer text);
- `rewrite`: most of the text changed.

The primary class is the first that holds in the order correction > numbers > rewrite >
update > headline: what a reader most needs to hear about.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

PRIORITY = ("correction", "numbers", "rewrite", "update", "headline")

# A note an outlet appends when it corrects or clarifies a story. Matched in the new text and
# not in the old, so a correction repeated in a later version is not a new correction.
_CORRECTION = re.compile(
    r"\b(correction|clarification)s?\s*[:.\u2014-]"
    r"|\ban earlier version of this (article|story|report)\b"
    r"|\bthis (article|story|report) (has been|was) (corrected|updated to correct|clarified)\b"
    r"|\bwe (incorrectly|mistakenly|wrongly) (said|reported|stated)\b",
    re.IGNORECASE,
)
_UPDATE_NOTE = re.compile(r"\b(update|updated)\s*[:\u2014-]", re.IGNORECASE)
# Below this share of unchanged words the text is a rewrite rather than an edit.
REWRITE_BELOW = 0.5
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words that is the same in both versions, or was removed or added."""

    op: str  # equal | delete | insert
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    classes: tuple[str, ...]  # in PRIORITY order
    primary: str | None  # None when nothing a reader would notice changed
    similarity: float  # share of words kept, 0..1


def word_diff(old: str, new: str) -> list[Segment]:
    """The word-level difference of two texts; a replacement is a delete then an insert."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            out.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("insert", " ".join(b[j1:j2])))
    return out


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes for two word lists, with the words both share at the start
    and at the end set aside first. Outlets edit in place (a number, an added paragraph, a
    note at the end), so what is left to match is short: SequenceMatcher costs about 15 ms on
    two 500-word versions, and a cycle may class hundreds of them."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    middle = SequenceMatcher(None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False)
    ops = [("equal", 0, head, 0, head)] if head else []
    ops += [(op, i1 + head, i2 + head, j1 + head, j2 + head) for op, i1, i2, j1, j2 in
            middle.get_opcodes() if (i1, i2, j1, j2) != (0, 0, 0, 0)]  # fmt: skip
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def render(segments: Sequence[Segment], *, context: int | None = 12) -> str:
    """A diff as text, `git diff --word-diff` style: [-removed-]{+added+}. With `context`,
    long unchanged runs keep only that many words at each end."""
    return " ".join(
        f"[-{s.text}-]" if s.op == "delete" else f"{{+{s.text}+}}" if s.op == "insert" else s.text
        for s in shown(segments, context=context)
    )


def shown(segments: Sequence[Segment], *, context: int | None = 12) -> list[Segment]:
    """The segments as a diff shows them: with `context`, an unchanged run longer than twice
    that keeps `context` words next to each change and "…" for the rest. Empty runs go."""
    out = []
    for n, s in enumerate(segments):
        text = s.text
        if s.op == "equal":
            words = text.split(" ")
            if context is not None and len(words) > 2 * context + 1:
                head = words[:context] if n > 0 else []
                tail = words[-context:] if n < len(segments) - 1 else []
                text = " ".join([*head, "…", *tail])
        if text:
            out.append(Segment(s.op, text))
    return out


def similarity(old: str, new: str) -> float:
    """The share of words kept from one text to the other (of the longer one), 0..1."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    return _share_kept(a, b, _opcodes(a, b))


def _share_kept(
    a: Sequence[str], b: Sequence[str], ops: Sequence[tuple[str, int, int, int, int]]
) -> float:
    if not a and not b:
        return 1.0
    return sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal") / max(len(a), len(b))


def classify(
    old_title: str,
    old_text: str,
    new_title: str,
    new_text: str,
    *,
    values_changed: bool = False,
) -> Change:
    """The classes of the change from one version to the next (see the module docstring)."""
    found: set[str] = set()
    if " ".join(old_title.split()) != " ".join(new_title.split()):
        found.add("headline")
    if values_changed:
        found.add("numbers")
    if _notes(_CORRECTION, new_text) - _notes(_CORRECTION, old_text):
        found.add("correction")
    a, b = _WORD.findall(old_text), _WORD.findall(new_text)
    ops = _opcodes(a, b)
    kept = _share_kept(a, b, ops)
    if kept < REWRITE_BELOW:
        found.add("rewrite")
    else:
        added = sum(j2 - j1 for op, _, _, j1, j2 in ops if op in ("insert", "replace"))
        if _notes(_UPDATE_NOTE, new_text) - _notes(_UPDATE_NOTE, old_text) or (
            added and len(b) > len(a)
        ):
            found.add("update")
    classes = tuple(c for c in PRIORITY if c in found)
    return Change(classes, classes[0] if classes else None, round(kept, 3))


def primary_of(classes: Collection[str]) -> str | None:
    """The primary class of a set of classes (numbers can be added after extraction)."""
    return next((c for c in PRIORITY if c in classes), None)


def _notes(pattern: re.Pattern[str], text: str) -> set[str]:
    """The sentences of `text` that carry a note of this kind, whitespace-normalized."""
    out: set[str] = set()
    if not pattern.search(text):  # most texts carry no note: skip splitting them
        return out
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if pattern.search(sentence):
            out.add(" ".join(sentence.split()).lower())
    return out
