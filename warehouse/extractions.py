"""Extractions: the entities and claims an extractor read in article versions.

An extraction is keyed on (article, version, extraction key); storing one twice is a no-op.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from claimwatch.extractors.records import Extraction
from claimwatch.warehouse.bulk import jsonl
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


@dataclass(frozen=True, slots=True)
class PendingText:
    """An on-topic article version that the current extractor has not read yet."""

    article_id: str
    version: int
    title: str
    text: str
    published_at: datetime | None = None  # publication time, else first seen: claims' as_of


def pending_texts(
    db: Sessions,
    extractor_version: str,
    limit: int = 500,
    topic: str | None = None,
    part: tuple[int, int] | None = None,
) -> list[PendingText]:
    """Versions on topic for `topic` (None: any) the extraction key has not read, oldest first;
    with `part` (index, count), only the share of that part (a shard of a cycle)."""
    index, count = part if part is not None else (None, None)
    params = {
        "key": extractor_version,
        "limit": limit,
        "topic": topic,
        "part": index,
        "parts": count,
    }
    with db.session() as con:
        rows = con.execute(sql("pending_texts"), params).fetchall()
    # Unpacked by name: mypy cannot tell how many fields a slice of a row fills. fetched_at is
    # selected only for the DISTINCT ... ORDER BY.
    return [
        PendingText(article_id, version, title, text, published_at=published_at)
        for article_id, version, title, text, _fetched_at, published_at in rows
    ]


def store_extractions(
    db: Sessions,
    extractor_version: str,
    items: Sequence[tuple[str, int, Extraction]],
    topic: str | None = None,
) -> int:
    """Store entities and claims of article versions; returns the number of claims.
    Re-storing the same (article, version, extractor) is a no-op.

    A bulk load (see bulk.py): one INSERT per table, whatever the number of rows. Claim ids
    derive from the claims' content (claim_bulk_insert).
    """
    # The first occurrence of an (article, version) wins, as it would row by row.
    wanted: dict[str, tuple[str, int, Extraction]] = {}
    for article_id, version, extraction in items:
        key = f"{article_id}/{version}/{extractor_version}".encode()
        wanted.setdefault(hashlib.sha256(key).hexdigest()[:20], (article_id, version, extraction))
    if not wanted:
        return 0
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="claimwatch-load-") as tmp:
        folder = Path(tmp)
        extractions = jsonl(
            folder / "extraction.jsonl",
            _EXTRACTION_COLUMNS,
            ([e, a, v] for e, (a, v, _) in wanted.items()),
        )
        with db.transaction() as con:
            # The new ids first, then the insert: DuckLake has no INSERT ... RETURNING.
            inserted = {
                row[0] for row in con.execute(sql("extraction_bulk_new"), [extractions]).fetchall()
            }
            con.execute(sql("extraction_bulk_insert"), [extractions, extractor_version, now, topic])
            new = [(e, wanted[e]) for e in wanted if e in inserted]
            claims = [
                [e, a, v, c.measure, c.subject, c.value, c.low, c.high,
                 c.qualifier, c.kind, c.modality, c.negated, c.quantity, c.noun,
                 c.attribution, c.value_text, c.sentence, c.start_char, c.end_char,
                 c.sentence_start, c.sentence_end, c.as_of_start, c.as_of_end, c.proposal]
                for e, (a, v, extraction) in new
                for c in extraction.claims
            ]  # fmt: skip
            if claims:
                path = jsonl(folder / "claim.jsonl", _CLAIM_COLUMNS, claims)
                con.execute(sql("claim_bulk_insert"), [path, topic])
            entities = [
                [e, a, v, n.text, n.label, n.canonical, n.start_char, n.end_char]
                for e, (a, v, extraction) in new
                for n in extraction.entities
            ]
            if entities:
                path = jsonl(folder / "entity.jsonl", _ENTITY_COLUMNS, entities)
                con.execute(sql("entity_bulk_insert"), [path])
    return len(claims)


# Field names of the JSON lines the *_bulk_insert queries read (they declare the types).
_EXTRACTION_COLUMNS = ("extraction_id", "article_id", "version")
_CLAIM_COLUMNS = (
    "extraction_id", "article_id", "version", "measure", "subject", "value", "low",
    "high", "qualifier", "kind", "modality", "negated", "quantity", "noun", "attribution",
    "value_text", "sentence", "start_char", "end_char", "sentence_start", "sentence_end",
    "as_of_start", "as_of_end", "proposal",
)  # fmt: skip
_ENTITY_COLUMNS = (
    "extraction_id", "article_id", "version", "text", "label", "canonical", "start_char",
    "end_char",
)  # fmt: skip
