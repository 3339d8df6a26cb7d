"""Entity canonicalization against a topic's gazetteer.

"WSJ", "Wall Street Journal" and "the Journal" all mean The Wall Street Journal; "the White
House's" means White House. Matching ignores a leading "the", a trailing possessive and case,
so one alias list covers the forms news copy actually uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimwatch.extractors.topic import GazetteerEntry

# Labels that name things; numeric labels (CARDINAL, DATE, ...) are claims' business.
NAME_LABELS = frozenset(
    {"ORG", "PERSON", "PRODUCT", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW"}
)

_POSSESSIVE = re.compile(r"(?:'s|'|\u2019s|\u2019)$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The matching key of a name: trimmed, possessive and leading "the" stripped, casefolded."""
    t = _SPACES.sub(" ", text.strip().strip('.,;:"()[]'))
    t = _POSSESSIVE.sub("", t).strip()
    t = _LEADING_THE.sub("", t).strip()
    return t.casefold()


def clean_surface(text: str) -> str:
    """A readable name for an entity outside the gazetteer: possessive and leading "the" gone."""
    t = _SPACES.sub(" ", text.strip().strip('.,;:"()[]'))
    t = _POSSESSIVE.sub("", t).strip()
    return _LEADING_THE.sub("", t).strip()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Alias → canonical lookup built from a topic's entity list."""

    by_key: dict[str, GazetteerEntry]

    @classmethod
    def from_entries(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        by_key: dict[str, GazetteerEntry] = {}
        for entry in entries:
            for name in (entry.canonical, *entry.aliases):
                key = normalize(name)
                # First entry wins: a topic lists the more important entity first.
                if key:
                    by_key.setdefault(key, entry)
        return cls(by_key)

    def lookup(self, text: str) -> GazetteerEntry | None:
        return self.by_key.get(normalize(text))

    def canonicalize(self, text: str) -> str:
        """The gazetteer's canonical name for `text`, or its cleaned surface form."""
        entry = self.lookup(text)
        return entry.canonical if entry else clean_surface(text)


EMPTY = Gazetteer({})


def ruler_patterns(
    entries: Iterable[GazetteerEntry], tokenize: Callable[[str], Sequence[str]]
) -> list[dict[str, Any]]:
    """EntityRuler token patterns for a gazetteer, case-sensitive on the name's own words.

    `tokenize` splits a name the way the pipeline's tokenizer will ("White House's" → White,
    House, 's). A possessive is dropped (the 's stays outside the entity), and a leading "the"
    matches any case. Aliases like "the Journal" keep their "the": a bare "Journal" is too
    ambiguous to tag. The pattern id is the canonical name, so `ent.ent_id_` carries it.
    """
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for entry in entries:
        for name in (entry.canonical, *entry.aliases):
            words = [w for w in tokenize(name) if w.strip()]
            while words and _POSSESSIVE.fullmatch(words[-1]):
                words.pop()
            if not words:
                continue
            variants = [words]
            if words[0].lower() == "the" and len(words) > 2:
                variants.append(words[1:])  # "the White House" also as "White House"
            for variant in variants:
                key = (entry.canonical, tuple(variant))
                if key in seen:
                    continue
                seen.add(key)
                pattern = [
                    {"LOWER": w.lower()} if i == 0 and w.lower() == "the" else {"ORTH": w}
                    for i, w in enumerate(variant)
                ]
                patterns.append({"label": entry.label, "pattern": pattern, "id": entry.canonical})
    return patterns
