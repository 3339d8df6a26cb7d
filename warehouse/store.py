"""The warehouse: one DuckDB file, opened for short sessions only.

`Warehouse` is the facade the flows use; each concern lives in its own module:

- sessions.py: opening the file, transactions, waiting while another process holds it,
  migrations (with a backup first) and users' read-only SQL;
- runs.py: when cycles started and how they ended;
- feeds.py: polls, feed state (validators, backoff) and feed entries;
- articles.py: articles, their aliases, versions, checks and stories;
- extractions.py: entities and claims read from article versions;
- flags.py: contradiction and drift flags; outbox.py: developments and digests;
- bulk.py: the JSON-lines files bulk loads and batch lookups go through.

Every table is append-only: a write inserts facts (tables named *_fact, each row with the time
it was recorded) and current state is a view over them (migration 0006). Connections never
leave the warehouse package; every statement is a named query in warehouse/queries/. Writers
take an optional topic; without one, facts of a run take the run's topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from claimwatch.extractors.records import ArticleObservation, Extraction
from claimwatch.warehouse import articles, extractions, feeds, revisits, runs
from claimwatch.warehouse.articles import LoadOutcome, article_id_for
from claimwatch.warehouse.extractions import PendingText
from claimwatch.warehouse.feeds import EntrySeen, FeedPoll, FeedState
from claimwatch.warehouse.revisits import RevisitRecord, RevisitTarget
from claimwatch.warehouse.sessions import Sessions

__all__ = [
    "EntrySeen",
    "FeedPoll",
    "FeedState",
    "LoadOutcome",
    "PendingText",
    "RevisitRecord",
    "RevisitTarget",
    "Warehouse",
    "article_id_for",
]


class Warehouse(Sessions):
    """The DuckDB file at `path`. Cheap to construct; every method opens a short session."""

    # -- runs -------------------------------------------------------------------------------

    def start_run(
        self, run_id: str, topic: str, started_at: datetime, part: str | None = None
    ) -> None:
        runs.start_run(self, run_id, topic, started_at, part)

    def finish_run(
        self, run_id: str, status: str, counts: dict[str, int], errors: int, message: str
    ) -> None:
        runs.finish_run(self, run_id, status, counts, errors, message)

    # -- feeds ------------------------------------------------------------------------------

    def feed_states(
        self, feed_urls: Sequence[str], *, topic: str | None = None
    ) -> dict[str, FeedState]:
        return feeds.feed_states(self, feed_urls, topic)

    def record_feed_polls(
        self, run_id: str, polls: Sequence[FeedPoll], *, topic: str | None = None
    ) -> None:
        feeds.record_feed_polls(self, run_id, polls, topic)

    def forget_validators(self, feed_urls: Sequence[str], *, topic: str | None = None) -> None:
        feeds.forget_validators(self, feed_urls, topic)

    def entries_seen(self, feed_url: str, *, topic: str | None = None) -> dict[str, EntrySeen]:
        return feeds.entries_seen(self, feed_url, topic)

    def record_entries(
        self, entries: Sequence[EntrySeen], seen_at: datetime, *, topic: str | None = None
    ) -> None:
        feeds.record_entries(self, entries, seen_at, topic)

    # -- articles ---------------------------------------------------------------------------

    def load_observations(
        self,
        run_id: str,
        observations: Sequence[ArticleObservation],
        *,
        topic: str | None = None,
    ) -> list[LoadOutcome]:
        return articles.load_observations(self, run_id, observations, topic)

    def record_unchanged(
        self, run_id: str, article_ids: Sequence[str], at: datetime, *, topic: str | None = None
    ) -> None:
        articles.record_unchanged(self, run_id, article_ids, at, topic)

    def record_fetch_errors(
        self,
        run_id: str,
        errors: Sequence[tuple[str, str | None, str]],
        at: datetime,
        *,
        topic: str | None = None,
    ) -> None:
        articles.record_fetch_errors(self, run_id, errors, at, topic)

    # -- revisits ---------------------------------------------------------------------------

    def revisit_targets(self, topic: str, since: datetime) -> list[RevisitTarget]:
        return revisits.revisit_targets(self, topic, since)

    def record_revisits(
        self, run_id: str, records: Sequence[RevisitRecord], *, topic: str | None = None
    ) -> None:
        revisits.record_revisits(self, run_id, records, topic)

    # -- extractions ------------------------------------------------------------------------

    def pending_texts(
        self,
        extractor_version: str,
        limit: int = 500,
        *,
        topic: str | None = None,
        part: tuple[int, int] | None = None,
    ) -> list[PendingText]:
        return extractions.pending_texts(self, extractor_version, limit, topic, part)

    def store_extractions(
        self,
        extractor_version: str,
        items: Sequence[tuple[str, int, Extraction]],
        *,
        topic: str | None = None,
    ) -> int:
        return extractions.store_extractions(self, extractor_version, items, topic)
