"""Is an article about the topic? A topic's `RelevanceRule` applied to its title and text.

Every `all_of` group needs a match and no `none_of` term may match. Terms match
case-insensitively on word boundaries; the words of a phrase may be separated by any
whitespace (line breaks included). Patterns are compiled once per rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimwatch.extractors.topic import RelevanceRule


@dataclass(frozen=True, slots=True)
class _Compiled:
    all_of: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]
    none_of: tuple[tuple[str, re.Pattern[str]], ...]


def _term_pattern(term: str) -> re.Pattern[str]:
    words = term.split()
    # (?<!\w)/(?!\w) rather than \b: a term that starts or ends with punctuation ("C++",
    # "U.S.") still needs its neighbours not to be letters, which \b would get wrong.
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _compile(rule: RelevanceRule) -> _Compiled:
    return _Compiled(
        all_of=tuple(
            tuple((t, _term_pattern(t)) for t in group if t.strip()) for group in rule.all_of
        ),
        none_of=tuple((t, _term_pattern(t)) for t in rule.none_of if t.strip()),
    )


def _decide(rule: RelevanceRule, title: str, text: str) -> tuple[bool, str]:
    compiled = _compile(rule)
    haystack = f"{title}\n{text}"
    for term, pattern in compiled.none_of:
        if pattern.search(haystack):
            return False, f"off topic: excluded term {term!r} matched"
    matched: list[str] = []
    for i, group in enumerate(compiled.all_of):
        hit = next((term for term, pattern in group if pattern.search(haystack)), None)
        if hit is None:
            terms = ", ".join(repr(t) for t, _ in group)
            return False, f"off topic: no term of group {i + 1} ({terms}) matched"
        matched.append(hit)
    if not matched:
        return True, "on topic: the rule requires no terms and none of its exclusions matched"
    return True, "on topic: matched " + ", ".join(repr(t) for t in matched)


def is_on_topic(rule: RelevanceRule, title: str, text: str) -> bool:
    """True when every all_of group has a matching term and no none_of term matches."""
    return _decide(rule, title, text)[0]


def relevance_reason(rule: RelevanceRule, title: str, text: str) -> str:
    """Why `is_on_topic` decided as it did, naming the term (or group) that decided it."""
    return _decide(rule, title, text)[1]
