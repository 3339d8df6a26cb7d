"""Articles: their names (aliases), versions, checks and stories (syndication groups).

Which story a new article joins and whether a reading is a new version are decided by
extractors/versioning.py; this module only stores and looks up.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from claimwatch.extractors.near_dup import band_keys
from claimwatch.extractors.records import ArticleObservation
from claimwatch.extractors.versioning import story_for, version_outcome
from claimwatch.warehouse.bulk import jsonl
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions
from claimwatch.warehouse.versions import record_text_classes


def article_id_for(url: str) -> str:
    """A stable id for a canonical URL (the same in every process and database)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    article_id: str
    url: str
    outcome: str  # new | changed | unchanged | duplicate
    version: int
    on_topic: bool
    story_id: str


def load_observations(
    db: Sessions,
    run_id: str,
    observations: Sequence[ArticleObservation],
    topic: str | None = None,
) -> list[LoadOutcome]:
    """Store what a poll saw. Idempotent: loading the same observation twice changes nothing
    but the record of the check. The topic defaults to the run's.

    A batch load in a few statements whatever its size: a few reads fetch what the batch's
    articles already are (names, same-headline articles, story candidates, latest versions),
    each observation is decided in order against that and the batch so far (which article,
    which story, which version: extractors/versioning.py), then one bulk insert per fact table.
    """
    if not observations:
        return []
    with tempfile.TemporaryDirectory(prefix="claimwatch-load-") as tmp, db.transaction() as con:
        if topic is None:
            row = con.execute(sql("load_run_topic"), [run_id]).fetchone()
            topic = row[0] if row else None
        batch = _Batch.read(con, Path(tmp), observations)
        outcomes = [_plan_one(batch, obs) for obs in observations]
        batch.write(con, Path(tmp), run_id, topic)
        # What kind of change each new version is, in the transaction that stores it.
        record_text_classes(con, _VERSION_COLUMNS, batch.new_versions)
    return outcomes


@dataclass
class _Known:
    """What a new observation needs of an article already known."""

    article_id: str
    story_id: str
    first_seen_at: datetime
    source: str | None = None


@dataclass
class _Batch:
    """What the warehouse knows of a batch's articles, kept current as the batch is decided,
    and the facts the batch adds."""

    names: dict[str, str] = field(default_factory=dict)  # alias -> article id
    articles: dict[str, _Known] = field(default_factory=dict)
    by_headline: dict[tuple[str, str], list[_Known]] = field(default_factory=dict)
    bands: dict[str, set[tuple[str, tuple[int, ...]]]] = field(default_factory=dict)
    latest: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)
    folded: set[str] = field(default_factory=set)
    band_keys: dict[int, list[str]] = field(default_factory=dict)  # id(observation) -> keys
    new_articles: list[list[object]] = field(default_factory=list)
    new_names: list[tuple[str, str]] = field(default_factory=list)
    new_bands: list[tuple[str, str]] = field(default_factory=list)
    new_folds: list[tuple[str, str]] = field(default_factory=list)
    new_versions: list[list[object]] = field(default_factory=list)
    checks: list[list[object]] = field(default_factory=list)

    @classmethod
    def read(
        cls,
        con: duckdb.DuckDBPyConnection,
        folder: Path,
        observations: Sequence[ArticleObservation],
    ) -> _Batch:
        """Four lookups for the whole batch. Keys go in through JSON-lines files: binding a list
        parameter of a few thousand strings costs seconds in DuckDB's Python client."""

        def keys(name: str, values: Iterable[str]) -> str:
            return jsonl(folder / f"{name}.jsonl", ("k",), ([v] for v in sorted(set(values))))

        batch = cls()
        names = keys("names", (n for obs in observations for n in (obs.url, *obs.aliases)))
        for alias, article_id, story_id, first_seen_at in con.execute(
            sql("load_known_names"), [names]
        ).fetchall():
            batch.names[alias] = article_id
            batch.articles[article_id] = _Known(article_id, story_id, first_seen_at)
        headlines = sorted({(obs.outlet, obs.title) for obs in observations})
        path = jsonl(folder / "headlines.jsonl", ("outlet", "title"), headlines)
        rows = con.execute(sql("load_outlet_titles"), [path]).fetchall()
        seen: set[tuple[str, str, str]] = set()
        for outlet, title, article_id, story_id, first_seen_at, source in rows:
            key = _headline(outlet, title)
            if (article_id, *key) not in seen:
                seen.add((article_id, *key))
                known = _Known(article_id, story_id, first_seen_at, source)
                batch.by_headline.setdefault(key, []).append(known)
                batch.articles.setdefault(article_id, known)
        for obs in observations:
            batch.band_keys[id(obs)] = band_keys(obs.signature)
        bands = {k for keys_ in batch.band_keys.values() for k in keys_}
        shared = (
            con.execute(sql("load_story_candidates"), [keys("bands", bands)]).fetchall()
            if bands
            else []
        )
        if shared:
            signed = {
                article_id: (story_id, tuple(sig))
                for article_id, story_id, sig in con.execute(
                    sql("load_signatures"), [keys("signed", (a for _, a in shared))]
                ).fetchall()
            }
            for band_key, article_id in shared:
                if article_id in signed:
                    batch.bands.setdefault(band_key, set()).add(signed[article_id])
        ids = keys("ids", [*batch.articles, *(article_id_for(obs.url) for obs in observations)])
        for article_id, version, content_hash_, source in con.execute(
            sql("load_latest_versions"), [ids]
        ).fetchall():
            batch.latest[article_id] = (version, content_hash_, source)
        return batch

    def name(self, names: Sequence[str], article_id: str) -> None:
        """Names not taken yet become the article's (the first to claim a name keeps it)."""
        for alias in dict.fromkeys(names):
            if alias not in self.names:
                self.names[alias] = article_id
                self.new_names.append((alias, article_id))

    def write(
        self, con: duckdb.DuckDBPyConnection, folder: Path, run_id: str, topic: str | None
    ) -> None:
        """One bulk insert per fact table."""
        for name, columns, rows, params in (
            ("article_bulk_insert", _ARTICLE_COLUMNS, self.new_articles, [topic]),
            ("alias_bulk_insert", ("alias", "article_id"), self.new_names, []),
            ("story_band_bulk_insert", ("band_key", "article_id"), self.new_bands, []),
            ("fold_bulk_insert", ("article_id", "duplicate_of"), self.new_folds, []),
            ("version_bulk_insert", _VERSION_COLUMNS, self.new_versions, []),
            ("check_bulk_insert", _CHECK_COLUMNS, self.checks, [run_id, topic]),
        ):
            if rows:
                path = jsonl(folder / f"{name}.jsonl", columns, rows)
                con.execute(sql(name), [path, *params])


def _headline(outlet: str, title: str) -> tuple[str, str]:
    return outlet.lower(), title.lower()


def _plan_one(batch: _Batch, obs: ArticleObservation) -> LoadOutcome:
    """Decide one observation against the warehouse and the batch so far; record its facts."""
    names = [obs.url, *obs.aliases]
    matches = [batch.articles[batch.names[n]] for n in names if n in batch.names]
    known = min(matches, key=lambda k: k.first_seen_at) if matches else None
    headline = _headline(obs.outlet, obs.title)
    if known is None and obs.source == "discovery":
        # An aggregator item for a story already fetched from its outlet: just a new name.
        fetched = [
            k
            for k in batch.by_headline.get(headline, ())
            if k.source != "discovery" and k.article_id not in batch.folded
        ]
        if fetched:
            first = min(fetched, key=lambda k: k.first_seen_at)
            batch.name(names, first.article_id)
            return LoadOutcome(
                first.article_id, obs.url, "duplicate", 0, obs.on_topic, first.story_id
            )
    if known is None:
        article_id = article_id_for(obs.url)
        keys = batch.band_keys.get(id(obs)) or band_keys(obs.signature)
        candidates = sorted({c for k in keys for c in batch.bands.get(k, ())})
        story_id = story_for(article_id, obs.signature, candidates)
        batch.new_articles.append(
            [article_id, obs.url, obs.outlet, obs.feed_url, obs.guid, obs.title,
             obs.published_at, obs.updated_at, obs.fetched_at, obs.on_topic, obs.source,
             story_id, list(obs.signature) or None]
        )  # fmt: skip
        known = _Known(article_id, story_id, obs.fetched_at, obs.source)
        batch.articles[article_id] = known
        for k in keys:
            batch.new_bands.append((k, article_id))
            batch.bands.setdefault(k, set()).add((story_id, tuple(obs.signature)))
        if obs.source != "discovery":
            # The aggregator may have named this story first: fold its record into this one.
            for record in batch.by_headline.get(headline, ()):
                if (
                    record.source == "discovery"
                    and record.article_id != article_id
                    and record.article_id not in batch.folded
                ):
                    batch.folded.add(record.article_id)
                    batch.new_folds.append((record.article_id, article_id))
        batch.by_headline.setdefault(headline, []).append(known)
    batch.name(names, known.article_id)

    outcome, version = version_outcome(
        batch.latest.get(known.article_id), obs.content_hash, obs.source
    )
    if outcome != "unchanged":
        batch.latest[known.article_id] = (version, obs.content_hash, obs.source)
        batch.new_versions.append(
            [known.article_id, version, obs.fetched_at, obs.content_hash, obs.title, obs.text,
             obs.source, obs.note]
        )  # fmt: skip
    # The check also records what the article says now: its latest title, dates and verdict.
    batch.checks.append(
        [known.article_id, obs.fetched_at, obs.content_hash, outcome, obs.title,
         obs.published_at, obs.updated_at, obs.on_topic]
    )  # fmt: skip
    return LoadOutcome(known.article_id, obs.url, outcome, version, obs.on_topic, known.story_id)


# Field names of the JSON lines the *_bulk_insert queries read (they declare the types).
_ARTICLE_COLUMNS = (
    "article_id", "url", "outlet", "feed_url", "guid", "title", "published_at", "updated_at",
    "first_seen_at", "on_topic", "source", "story_id", "signature",
)  # fmt: skip
_VERSION_COLUMNS = (
    "article_id", "version", "fetched_at", "content_hash", "title", "text", "source", "note",
)  # fmt: skip
_CHECK_COLUMNS = (
    "article_id", "checked_at", "content_hash", "outcome", "title", "published_at",
    "updated_at", "on_topic",
)  # fmt: skip


def load_observations_row_by_row(
    db: Sessions,
    run_id: str,
    observations: Sequence[ArticleObservation],
    topic: str | None = None,
) -> list[LoadOutcome]:
    """What load_observations does, one article at a time (about 9 statements each): the
    baseline bench/run.py measures the batch load against."""
    with db.transaction() as con:
        return [_load_one(con, run_id, obs, topic) for obs in observations]


def _load_one(
    con: duckdb.DuckDBPyConnection, run_id: str, obs: ArticleObservation, topic: str | None
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
        keys = band_keys(obs.signature)
        candidates = con.execute(sql("story_candidates"), [keys]).fetchall() if keys else []
        story_id = story_for(article_id, obs.signature, candidates)
        con.execute(
            sql("article_insert"),
            {
                "article_id": article_id,
                "url": obs.url,
                "outlet": obs.outlet,
                "feed_url": obs.feed_url,
                "guid": obs.guid,
                "title": obs.title,
                "published_at": obs.published_at,
                "updated_at": obs.updated_at,
                "first_seen_at": obs.fetched_at,
                "on_topic": obs.on_topic,
                "source": obs.source,
                "story_id": story_id,
                "signature": list(obs.signature) or None,
                "topic": topic,
                "run_id": run_id,
            },
        )
        if keys:
            con.execute(sql("story_band_insert"), [keys, article_id])
        if obs.source != "discovery":
            # The aggregator may have named this story first: fold its record into this one.
            con.execute(sql("discovery_fold"), [article_id, obs.outlet, obs.title])
    else:
        article_id, story_id = row
    con.execute(sql("alias_insert"), [names, article_id])

    latest = con.execute(sql("latest_version"), [article_id]).fetchone()
    outcome, version = version_outcome(latest, obs.content_hash, obs.source)
    if outcome != "unchanged":
        stored = [article_id, version, obs.fetched_at, obs.content_hash, obs.title, obs.text,
                  obs.source, obs.note]  # fmt: skip
        con.execute(sql("version_insert"), stored)
        record_text_classes(con, _VERSION_COLUMNS, [stored])
    # The check also records what the article says now: its latest title, dates and verdict.
    con.execute(
        sql("check_insert"),
        {
            "run_id": run_id,
            "topic": topic,
            "article_id": article_id,
            "checked_at": obs.fetched_at,
            "content_hash": obs.content_hash,
            "outcome": outcome,
            "title": obs.title,
            "published_at": obs.published_at,
            "updated_at": obs.updated_at,
            "on_topic": obs.on_topic,
        },
    )
    return LoadOutcome(article_id, obs.url, outcome, version, obs.on_topic, story_id)


def record_unchanged(
    db: Sessions,
    run_id: str,
    article_ids: Sequence[str],
    at: datetime,
    topic: str | None = None,
) -> None:
    """A poll looked at these articles through their feed entries and saw no change."""
    if not article_ids:
        return
    with db.transaction() as con:
        con.execute(sql("check_unchanged"), [run_id, topic, at, list(article_ids)])


def record_fetch_errors(
    db: Sessions,
    run_id: str,
    errors: Sequence[tuple[str, str | None, str]],
    at: datetime,
    topic: str | None = None,
) -> None:
    """Page fetches that failed: (url, feed_url, error)."""
    if not errors:
        return
    with db.transaction() as con:
        for url, feed_url, error in errors:
            con.execute(sql("fetch_error_insert"), [run_id, topic, url, feed_url, at, error])
