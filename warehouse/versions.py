"""Versions of an article: the classes of each change, and an article's versions read back.

Text classes (headline, correction, update, rewrite: extractors/changes.py) are recorded in
the transaction that stores the version, against the version before it; `numbers` is recorded
by flag detection (flags.py), which compares claim values between versions. Both are
version_class_fact rows (migration 0009); `article_versions` shows them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from claimwatch.extractors.changes import classify
from claimwatch.warehouse.bulk import jsonl
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


def record_text_classes(
    con: duckdb.DuckDBPyConnection, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> int:
    """Class each new version after the first (rows of `columns`, among them article_id,
    version, content_hash, title and text) against the version before it, as stored (in this
    transaction or earlier); returns how many class facts were written. A version whose
    predecessor is unknown is not classed."""
    versions = [dict(zip(columns, row, strict=True)) for row in rows]
    later = [v for v in versions if int(str(v["version"])) > 1]
    if not later:
        return 0
    with tempfile.TemporaryDirectory(prefix="claimwatch-classes-") as tmp:
        folder = Path(tmp)
        wanted = sorted({(str(v["article_id"]), int(str(v["version"])) - 1) for v in later})
        keys = jsonl(folder / "previous.jsonl", ("article_id", "version"), wanted)
        previous = {
            (article_id, version): (title or "", text or "")
            for article_id, version, title, text in con.execute(
                sql("version_class_previous"), [keys]
            ).fetchall()
        }
        classes: list[list[object]] = []
        for v in later:
            before = previous.get((str(v["article_id"]), int(str(v["version"])) - 1))
            if before is None:
                continue
            change = classify(*before, str(v["title"] or ""), str(v["text"] or ""))
            classes.extend(
                [v["article_id"], v["version"], v["content_hash"], c] for c in change.classes
            )
        if not classes:
            return 0
        path = jsonl(
            folder / "classes.jsonl", ("article_id", "version", "content_hash", "class"), classes
        )
        con.execute(sql("version_class_text_insert"), [path])
    return len(classes)


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One version of an article as stored, with its change classes (by precedence)."""

    version: int
    fetched_at: datetime
    content_hash: str
    title: str
    text: str
    classes: tuple[str, ...]  # () for version 1 and for a change no class describes
    primary: str | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article found by one of its names, and its versions, oldest first."""

    article_id: str
    url: str
    outlet: str | None
    topic: str | None
    versions: tuple[StoredVersion, ...]


def article_by_names(
    db: Sessions,
    names: Sequence[str],
    topic: str | None = None,
    *,
    as_of: datetime | None = None,
) -> StoredArticle | None:
    """The article any of `names` (its URL, a canonical form, an alias) names, with its
    versions as `topic` sees them (None: the first topic it belongs to), or None."""
    params = {"names": list(dict.fromkeys(names)), "topic": topic}
    with db.session(read_only=True, as_of=as_of) as con:
        found = con.execute(sql("history_article"), params).fetchone()
        if found is None:
            return None
        article_id, url, outlet, article_topic = found
        rows = con.execute(
            sql("history_versions"), {"article_id": article_id, "topic": article_topic}
        ).fetchall()
    versions = tuple(
        StoredVersion(n, at, h, title or "", text or "", tuple(cs or ()), primary)
        for n, at, h, title, text, cs, primary in rows
    )
    return StoredArticle(article_id, url, outlet, article_topic, versions)
