"""Text normalization and the content hash that decides whether an article has a new version.

A new version is written only when the normalized title + text changes, so everything that
varies without the article changing (whitespace, non-breaking spaces, zero-width characters,
soft hyphens, compatibility forms) is folded away here, and nothing else is: a changed number,
word or headline still changes the hash. Typographic quotes and dashes are kept as written:
they are part of what an outlet printed, and folding them would not make two outlets' texts
equal anyway.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Invisible characters that CMSs and copy-paste insert and remove at will: zero-width space,
# non-joiner, joiner, word joiner, BOM/zero-width no-break space, soft hyphen, and the bidi
# marks. None of them changes what a reader sees, so none may change the hash.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    )
)

# Any run of whitespace inside a line (str.split() with no argument covers every Unicode
# space, including the ones NFKC leaves alone such as U+3000 after folding).
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def normalize_text(s: str) -> str:
    """NFKC, invisible characters removed, whitespace collapsed per paragraph.

    Paragraphs (lines) are separated by exactly one "\\n"; blank lines and leading/trailing
    whitespace disappear.
    """
    s = unicodedata.normalize("NFKC", s).translate(_INVISIBLE)
    lines = (" ".join(line.split()) for line in _LINE_BREAKS.split(s))
    return "\n".join(line for line in lines if line)


# The most article text claimwatch keeps and reads. The longest real long-reads run to about
# 20,000 words (~120,000 characters of which the claims sit early); a hostile or broken page can
# yield megabytes (a 5 MB page gave 5 million characters), which spaCy refuses outright above
# its max_length (1,000,000: error E088, failing every later run on the stored version) and
# which costs ~3 MiB of parser memory per 1,000 characters below it. Found by
# tests/reliability/test_hostile_run.py.
MAX_TEXT_CHARS = 100_000


def clip_text(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """`text` cut to at most `limit` characters, at the last paragraph (else word) break before
    the limit; and whether it was cut. A prefix, so character offsets into it stay valid."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for sep in ("\n", " "):
        cut = head.rfind(sep)
        if cut > limit // 2:
            return head[:cut], True
    return head, True


def normalize_title(s: str) -> str:
    """A title is one line: normalized like text, with any line breaks made spaces."""
    return " ".join(normalize_text(s).split("\n"))


def content_hash(title: str, text: str) -> str:
    """sha256 hex of the normalized title and text: equal exactly when a reader sees no change."""
    payload = normalize_title(title) + "\n\n" + normalize_text(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
