"""The warehouse: one DuckDB file, opened for short sessions only.

DuckDB allows one writer process, and while it writes no other process can open the file even
read-only. So nothing here keeps a connection open across a run: each load opens the file,
writes in one transaction and closes it, and opening waits (with a message) while another
process holds the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from claimwatch.extractors.near_dup import SYNDICATION_THRESHOLD, band_keys, similarity
from claimwatch.extractors.records import ArticleObservation, Extraction
from claimwatch.warehouse import migrator, sandbox
from claimwatch.warehouse.errors import DatabaseBusy, DatabaseUnusable
from claimwatch.warehouse.queries import sql

_LOCK_MARKERS = ("could not set lock", "conflicting lock")
# What DuckDB raises when the storage under it fails, as opposed to a bad statement.
_STORAGE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)
# How complete a reading of an article is: page text > feed text > aggregator headline.
_SOURCE_RANK = {"discovery": 0, "feed": 1, "page": 2}


def article_id_for(url: str) -> str:
    """A stable id for a canonical URL (the same in every process and database)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MARKERS)


@dataclass(frozen=True, slots=True)
class FeedState:
    feed_url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    consecutive_failures: int
    next_poll_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The outcome of one poll of one feed, as the warehouse records it."""

    feed_url: str
    outlet: str
    kind: str
    polled_at: datetime
    status: str  # ok | not_modified | unchanged | failed
    http_status: int | None
    entries: int
    error: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    consecutive_failures: int
    next_poll_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntrySeen:
    """A feed entry as last seen: its fingerprint decides whether its page is fetched again."""

    feed_url: str
    entry_key: str
    fingerprint: str
    article_id: str | None


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    article_id: str
    url: str
    outcome: str  # new | changed | unchanged
    version: int
    on_topic: bool
    story_id: str


@dataclass(frozen=True, slots=True)
class PendingText:
    """An on-topic article version that the current extractor has not read yet."""

    article_id: str
    version: int
    title: str
    text: str


class Warehouse:
    """The DuckDB file at `path`. Cheap to construct; every method opens a short session."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 60.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.on_wait = on_wait

    # -- sessions ---------------------------------------------------------------------------

    def _open(
        self, read_only: bool, config: sandbox.Config | None = None
    ) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise DatabaseUnusable(f"database {self.path} does not exist (run `claimwatch run`)")
        if not read_only and not self.path.parent.is_dir():
            raise DatabaseUnusable(f"cannot create database {self.path}: no such directory")
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.05
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=config or {})
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise DatabaseUnusable(f"cannot open database {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"database {self.path} is in use by another process "
                        f"(waited {self.busy_timeout:.0f} s): {exc}"
                    ) from exc
                if not told and self.on_wait is not None:
                    self.on_wait(
                        f"database {self.path} is in use by another process; waiting up to "
                        f"{self.busy_timeout:.0f} s"
                    )
                    told = True
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._open(read_only)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short write session: all of it is committed, or none of it. A write the storage
        refuses (a full disk, a file made read-only) becomes DatabaseUnusable."""
        with self.session() as con:
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                except BaseException:
                    with contextlib.suppress(duckdb.Error):  # the failure may have ended it
                        con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            except _STORAGE_ERRORS as exc:
                raise DatabaseUnusable(f"cannot write database {self.path}: {exc}") from exc

    def migrate(self) -> list[str]:
        """Create or upgrade the schema; returns the names of the migrations applied.

        Upgrading a warehouse that an older release wrote first copies the file beside it
        (`self.last_backup`), so a failed or regretted upgrade loses nothing."""
        self.last_backup: Path | None = None
        try:
            with self.session() as con:
                done, todo = migrator.applied(con), migrator.pending(con)
                if done and todo:
                    con.execute("CHECKPOINT")  # the file alone then holds everything
            if done and todo:
                self.last_backup = self._backup(f"v{max(done):04d}")
            with self.session() as con:
                return [f"{m.number:04d}_{m.name}" for m in migrator.migrate(con)]
        except duckdb.Error as exc:  # e.g. a full disk or a read-only directory
            raise DatabaseUnusable(f"cannot write database {self.path}: {exc}") from exc

    def _backup(self, label: str) -> Path:
        """Copy the database to a new file beside it, never over an existing one."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.backup-{label}-{stamp}")
        created = False
        try:
            with self.path.open("rb") as src, target.open("xb") as dst:
                created = True  # "x": the file is new, so it is ours to remove on failure
                shutil.copyfileobj(src, dst, 1 << 20)
        except OSError as exc:
            if created:
                with contextlib.suppress(OSError):
                    target.unlink()  # our own partial copy (a full disk), never another file
            raise DatabaseUnusable(
                f"cannot back up {self.path} before upgrading it: {exc.strerror or exc}"
            ) from exc
        return target

    # -- user SQL ---------------------------------------------------------------------------

    def query(self, text: str) -> tuple[list[str], list[tuple[object, ...]]]:
        """Run a user's query, confined to reading this warehouse (see sandbox.py); returns
        column names and rows."""
        con = self._open(read_only=True, config=sandbox.CONFIG)
        try:
            return sandbox.run_query(con, text)
        finally:
            con.close()

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, run_id: str, topic: str, started_at: datetime) -> None:
        """Record a run's start; call it holding the RunLock, so any run still marked running
        is one that died."""
        with self.transaction() as con:
            con.execute(sql("run_start"), [run_id, topic, started_at])
            con.execute(sql("run_mark_abandoned"), [run_id])

    def finish_run(
        self, run_id: str, status: str, counts: dict[str, int], errors: int, message: str
    ) -> None:
        with self.transaction() as con:
            con.execute(
                sql("run_finish"),
                [datetime.now(UTC), status, json.dumps(counts), errors, message, run_id],
            )

    # -- feeds ------------------------------------------------------------------------------

    def feed_states(self, feed_urls: Sequence[str]) -> dict[str, FeedState]:
        if not feed_urls:
            return {}
        with self.session() as con:
            rows = con.execute(sql("feed_states"), [list(feed_urls)]).fetchall()
        return {row[0]: FeedState(*row) for row in rows}

    def record_feed_polls(self, run_id: str, polls: Sequence[FeedPoll]) -> None:
        with self.transaction() as con:
            for p in polls:
                con.execute(
                    sql("feed_upsert"),
                    [
                        p.feed_url,
                        p.outlet,
                        p.kind,
                        p.etag,
                        p.last_modified,
                        p.body_hash,
                        p.polled_at,
                        p.polled_at if p.status != "failed" else None,
                        p.status,
                        p.http_status,
                        p.consecutive_failures,
                        p.error,
                        p.next_poll_at,
                    ],
                )
                con.execute(
                    sql("feed_poll_insert"),
                    [run_id, p.feed_url, p.polled_at, p.status, p.http_status, p.entries, p.error],
                )

    def forget_validators(self, feed_urls: Sequence[str]) -> None:
        """Make the next poll of these feeds a full read (an entry of theirs awaits a retry)."""
        if feed_urls:
            with self.transaction() as con:
                con.execute(sql("feed_forget_validators"), [list(feed_urls)])

    def entries_seen(self, feed_url: str) -> dict[str, EntrySeen]:
        with self.session() as con:
            rows = con.execute(sql("entries_seen"), [feed_url]).fetchall()
        return {row[1]: EntrySeen(*row) for row in rows}

    def record_entries(self, entries: Sequence[EntrySeen], seen_at: datetime) -> None:
        if not entries:
            return
        with self.transaction() as con:
            for e in entries:
                con.execute(
                    sql("entry_upsert"),
                    [e.feed_url, e.entry_key, e.fingerprint, e.article_id, seen_at],
                )

    def record_unchanged(self, run_id: str, article_ids: Sequence[str], at: datetime) -> None:
        """A poll looked at these articles through their feed entries and saw no change."""
        if not article_ids:
            return
        with self.transaction() as con:
            con.execute(sql("check_unchanged"), [run_id, at, list(article_ids)])

    def record_fetch_errors(
        self, run_id: str, errors: Sequence[tuple[str, str | None, str]], at: datetime
    ) -> None:
        """Page fetches that failed: (url, feed_url, error)."""
        if not errors:
            return
        with self.transaction() as con:
            for url, feed_url, error in errors:
                con.execute(sql("fetch_error_insert"), [run_id, url, feed_url, at, error])

    # -- articles and versions ----------------------------------------------------------------

    def load_observations(
        self, run_id: str, observations: Sequence[ArticleObservation]
    ) -> list[LoadOutcome]:
        """Store what a poll saw. Idempotent: loading the same observation twice changes nothing
        but the record of the check."""
        outcomes = []
        with self.transaction() as con:
            for obs in observations:
                outcomes.append(self._load_one(con, run_id, obs))
        return outcomes

    def _load_one(
        self, con: duckdb.DuckDBPyConnection, run_id: str, obs: ArticleObservation
    ) -> LoadOutcome:
        names = [obs.url, *obs.aliases]
        row = con.execute(sql("article_by_alias"), [names]).fetchone()
        if row is None and obs.source == "discovery":
            # An aggregator item for a story already fetched from its outlet: just a new name.
            known = con.execute(sql("article_by_outlet_title"), [obs.outlet, obs.title]).fetchone()
            if known is not None:
                con.execute(sql("alias_insert"), [names, known[0]])
                return LoadOutcome(known[0], obs.url, "duplicate", 0, obs.on_topic, known[1])
        if row is None:
            article_id = article_id_for(obs.url)
            story_id = self._story_for(con, article_id, obs.signature)
            con.execute(
                sql("article_insert"),
                [
                    article_id,
                    obs.url,
                    obs.outlet,
                    obs.feed_url,
                    obs.guid,
                    obs.title,
                    obs.published_at,
                    obs.updated_at,
                    obs.fetched_at,
                    obs.on_topic,
                    obs.source,
                    story_id,
                    list(obs.signature) or None,
                ],
            )
            if keys := band_keys(obs.signature):
                con.execute(sql("story_band_insert"), [keys, article_id])
            if obs.source != "discovery":
                # The aggregator may have named this story first: fold its record into this one.
                con.execute(sql("discovery_fold"), [article_id, obs.outlet, obs.title, article_id])
        else:
            article_id, story_id = row
            con.execute(
                sql("article_update"),
                [obs.title, obs.updated_at, obs.published_at, obs.on_topic, article_id],
            )
        con.execute(sql("alias_insert"), [names, article_id])

        latest = con.execute(sql("latest_version"), [article_id]).fetchone()
        version, last_hash, last_source = latest if latest else (0, None, None)
        if last_hash == obs.content_hash:
            outcome = "unchanged"
        elif _SOURCE_RANK.get(obs.source, 0) < _SOURCE_RANK.get(last_source or "", 0):
            # A poorer reading (feed text after a page failure, an aggregator's headline) of an
            # article already read from its page is not a new version of it.
            outcome = "unchanged"
        else:
            outcome = "new" if version == 0 else "changed"
            version += 1
            con.execute(
                sql("version_insert"),
                [
                    article_id,
                    version,
                    obs.fetched_at,
                    obs.content_hash,
                    obs.title,
                    obs.text,
                    obs.source,
                    obs.note,
                ],
            )
        con.execute(
            sql("check_insert"),
            [run_id, article_id, obs.fetched_at, obs.content_hash, outcome, None],
        )
        return LoadOutcome(article_id, obs.url, outcome, version, obs.on_topic, story_id)

    @staticmethod
    def _story_for(
        con: duckdb.DuckDBPyConnection, article_id: str, signature: tuple[int, ...]
    ) -> str:
        """The syndication group of a new article: the story of its nearest near-duplicate."""
        keys = band_keys(signature)
        if not keys:
            return article_id
        best: tuple[float, str] | None = None
        for cand_story, cand_sig in con.execute(sql("story_candidates"), [keys]).fetchall():
            score = similarity(signature, tuple(cand_sig))
            if score >= SYNDICATION_THRESHOLD and (best is None or score > best[0]):
                best = (score, cand_story)
        return best[1] if best else article_id

    # -- extraction ---------------------------------------------------------------------------

    def pending_texts(self, extractor_version: str, limit: int = 500) -> list[PendingText]:
        with self.session() as con:
            rows = con.execute(sql("pending_texts"), [extractor_version, limit]).fetchall()
        return [PendingText(*row) for row in rows]

    def store_extractions(
        self, extractor_version: str, items: Sequence[tuple[str, int, Extraction]]
    ) -> int:
        """Store entities and claims of article versions; returns the number of claims.
        Re-storing the same (article, version, extractor) is a no-op.

        A bulk load: rows go through temporary newline-delimited JSON files that DuckDB reads
        in one INSERT per table (row-by-row `executemany` costs ~1-8 ms a row on DuckDB 1.5;
        multi-row VALUES and list parameters with unnest are no better; pandas/pyarrow are not
        installed). JSON keeps NULL, empty strings, newlines and NaN exact, unlike CSV.
        """
        # The first occurrence of an (article, version) wins, as it would row by row.
        wanted: dict[str, tuple[str, int, Extraction]] = {}
        for article_id, version, extraction in items:
            key = f"{article_id}/{version}/{extractor_version}".encode()
            wanted.setdefault(
                hashlib.sha256(key).hexdigest()[:20], (article_id, version, extraction)
            )
        if not wanted:
            return 0
        now = datetime.now(UTC)
        with tempfile.TemporaryDirectory(prefix="claimwatch-load-") as tmp:
            folder = Path(tmp)
            extractions = _jsonl(
                folder / "extraction.jsonl",
                _EXTRACTION_COLUMNS,
                ([e, a, v] for e, (a, v, _) in wanted.items()),
            )
            with self.transaction() as con:
                inserted = {
                    row[0]
                    for row in con.execute(
                        sql("extraction_bulk_insert"), [extractions, extractor_version, now]
                    ).fetchall()
                }
                new = [(e, wanted[e]) for e in wanted if e in inserted]
                claims = [
                    [f"{e}-{i}", e, a, v, c.measure, c.subject, c.value, c.low, c.high,
                     c.qualifier, c.kind, c.modality, c.negated, c.quantity, c.noun,
                     c.attribution, c.value_text, c.sentence, c.start_char, c.end_char,
                     c.sentence_start, c.sentence_end]
                    for e, (a, v, extraction) in new
                    for i, c in enumerate(extraction.claims)
                ]  # fmt: skip
                if claims:
                    path = _jsonl(folder / "claim.jsonl", _CLAIM_COLUMNS, claims)
                    con.execute(sql("claim_bulk_insert"), [path])
                entities = [
                    [e, a, v, n.text, n.label, n.canonical, n.start_char, n.end_char]
                    for e, (a, v, extraction) in new
                    for n in extraction.entities
                ]
                if entities:
                    path = _jsonl(folder / "entity.jsonl", _ENTITY_COLUMNS, entities)
                    con.execute(sql("entity_bulk_insert"), [path])
        return len(claims)


# Field names of the JSON lines the *_bulk_insert queries read (they declare the types).
_EXTRACTION_COLUMNS = ("extraction_id", "article_id", "version")
_CLAIM_COLUMNS = (
    "claim_id", "extraction_id", "article_id", "version", "measure", "subject", "value", "low",
    "high", "qualifier", "kind", "modality", "negated", "quantity", "noun", "attribution",
    "value_text", "sentence", "start_char", "end_char", "sentence_start", "sentence_end",
)  # fmt: skip
_ENTITY_COLUMNS = (
    "extraction_id", "article_id", "version", "text", "label", "canonical", "start_char",
    "end_char",
)  # fmt: skip


def _jsonl(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Write rows as JSON objects, one a line, for a bulk insert's read_json; returns the path."""
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            # Decimals (claim values and bounds) as strings: DuckDB reads them into DECIMAL
            # columns exactly, where a JSON number would pass through a binary float.
            f.write(json.dumps(dict(zip(columns, row, strict=True)), default=_exact))
            f.write("\n")
    return str(path)


def _exact(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")
