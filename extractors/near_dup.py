"""Near-duplicate detection for syndication: one wire story at several URLs is one report.

MinHash over word 5-shingles estimates the Jaccard similarity of two texts; LSH band keys let
the warehouse find candidate pairs with an equality join instead of comparing every pair.
Signatures are stored, so they must be identical across processes and machines: shingles are
hashed with blake2b (never Python's randomized `hash`) and the permutation parameters are
derived from fixed seeds.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from claimwatch.extractors.text_norm import normalize_text

SYNDICATION_THRESHOLD = 0.7  # estimated Jaccard at or above which two texts are one story
MIN_WORDS = 40  # shorter texts (teasers, captions) share too much by chance to be grouped
SHINGLE_WORDS = 5

_MERSENNE = (1 << 61) - 1
_WORD = re.compile(r"\w+")


def _h64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[tuple[int, int], ...]:
    """(a, b) of the universal hashes h -> (a*h + b) mod p, from fixed seeds."""
    out = []
    for i in range(num_perm):
        a = _h64(b"claimwatch-minhash-a-%d" % i) % (_MERSENNE - 1) + 1
        b = _h64(b"claimwatch-minhash-b-%d" % i) % _MERSENNE
        out.append((a, b))
    return tuple(out)


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(normalize_text(text).lower())
    if len(words) < MIN_WORDS:
        return set()
    return {
        _h64(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"))
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str, *, num_perm: int = 64) -> tuple[int, ...]:
    """MinHash signature of `text`; () when it has fewer than MIN_WORDS words."""
    if num_perm <= 0:
        raise ValueError("num_perm must be positive")
    hashes = _shingles(text)
    if not hashes:
        return ()
    p = _MERSENNE
    return tuple(min((a * h + b) % p for h in hashes) for a, b in _permutations(num_perm))


def band_keys(sig: tuple[int, ...], bands: int = 16) -> list[str]:
    """LSH keys: texts sharing any key are candidates. [] for an empty signature.

    With 64 permutations in 16 bands of 4 rows, a pair at Jaccard 0.7 shares a key with
    probability ~0.99, a pair at 0.3 with ~0.12.
    """
    if not sig:
        return []
    if bands <= 0 or len(sig) % bands:
        raise ValueError(f"a signature of {len(sig)} values cannot be cut into {bands} bands")
    rows = len(sig) // bands
    keys = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows]
        digest = hashlib.blake2b(",".join(map(str, chunk)).encode("ascii"), digest_size=8)
        keys.append(f"{band}:{digest.hexdigest()}")
    return keys


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures; 0.0 when either is empty or they differ
    in length (signatures of different sizes are not comparable)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
