"""One monitoring cycle as plain stage functions: poll and fetch → extract → flag → alert.

flows/monitor.py wraps these stages in Prefect tasks; tests and benchmarks can call them
directly. Each stage writes in short transactions and is safe to rerun: a cycle killed at any
point leaves a warehouse that the next cycle completes.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from claimwatch.extractors.records import Extraction
from claimwatch.extractors.situate import situate
from claimwatch.extractors.topic import Topic
from claimwatch.flows.fetch import FetchError
from claimwatch.flows.ingest import EntryWork, fetch_pages, ingest, plan
from claimwatch.flows.poll import FeedOutcome, poll_feeds, poll_record
from claimwatch.flows.revisits import revisit_known_articles
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import EntrySeen, Warehouse


class Reporter(Protocol):
    """Where a cycle says what it is doing (a terminal, a log, nothing). `advance` is told what
    became of an item: "ok" (it answered), "failed" (the summary says why, once) or "deferred"
    (not asked: a feed backing off after failures)."""

    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, label: str, outcome: str = "ok") -> None: ...
    def info(self, message: str) -> None: ...
    def warn(self, message: str) -> None: ...


class SilentReporter:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, label: str, outcome: str = "ok") -> None:
        pass

    def info(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        pass


@dataclass
class CycleSummary:
    run_id: str
    topic: str
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    counts: Counter[str] = field(default_factory=Counter)
    alert_message: str | None = None
    alert_status: str | None = None  # sent | nothing_new | not_configured | disabled | failed
    feed_errors: list[tuple[str, str]] = field(default_factory=list)  # (feed url, error)
    page_errors: list[tuple[str, str]] = field(default_factory=list)  # (page url, error)
    deferred: list[tuple[str, datetime | None]] = field(default_factory=list)
    # Hosts whose revisits were skipped: their robots.txt could not be read (host, why).
    revisits_skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def all_feeds_failed(self) -> bool:
        polled = self.counts["feeds_polled"]
        return polled > 0 and self.counts["feeds_failed"] == polled

    @property
    def failure(self) -> str | None:
        """Why the cycle as a whole failed, or None. It failed when every feed and page request
        it made failed (revisits are page requests; a 404 on a revisit is an answer, not a
        failure), or when it made none because every feed is backing off from failures;
        a cycle that had nothing due and nothing failing succeeded."""
        c = self.counts
        attempted = c["feeds_polled"] + c["pages_requested"]
        failed = c["feeds_failed"] + c["pages_failed"]
        if attempted and failed >= attempted:
            if c["pages_requested"]:
                pages = c["pages_failed"]
                what = f"every request failed ({c['feeds_failed']} feeds, {pages} pages"
            elif c["feeds_deferred"]:
                what = f"every feed polled failed ({c['feeds_failed']} of {c['feeds_polled']}"
            else:
                what = f"every feed failed ({c['feeds_failed']} of {c['feeds_polled']}"
            if c["feeds_deferred"]:
                what += f"; {c['feeds_deferred']} more backing off after failures, not polled"
            return f"{what}); nothing was read"
        if not attempted and c["feeds_deferred"]:
            n = c["feeds_deferred"]
            every = "the only feed is" if n == 1 else f"all {n} feeds are"
            return f"no feed was polled: {every} backing off after failures"
        return None

    @property
    def unreachable(self) -> bool:
        """Every feed polled failed before any server answered (offline, or no DNS)."""
        polled = self.counts["feeds_polled"]
        return polled > 0 and self.counts["feeds_unreachable"] == polled


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def poll_stage(
    wh: Warehouse, topic: Topic, settings: Settings, summary: CycleSummary, reporter: Reporter
) -> None:
    """Poll the topic's feeds, fetch new and updated pages, store articles and versions."""
    now = datetime.now(UTC)
    states = wh.feed_states([f.url for f in topic.feeds], topic=topic.name)

    reporter.stage("polling feeds", len(topic.feeds))

    def feed_done(o: FeedOutcome) -> None:
        reporter.advance(o.spec.url, o.status if o.status in ("failed", "deferred") else "ok")

    outcomes = asyncio.run(
        poll_feeds(
            topic.feeds,
            states,
            settings.fetch,
            now,
            on_done=feed_done,
            force=settings.force_poll,
        )
    )

    fresh = []
    for o in outcomes:
        if o.status == "deferred":
            summary.counts["feeds_deferred"] += 1
            summary.deferred.append((o.spec.url, o.next_poll_at))
            continue
        summary.counts["feeds_polled"] += 1
        if o.status == "failed":
            summary.counts["feeds_failed"] += 1
            summary.counts["feeds_unreachable"] += o.unreachable
            summary.feed_errors.append((o.spec.url, o.error or "failed"))
        elif o.status in ("not_modified", "unchanged"):
            summary.counts["feeds_not_modified"] += 1
        elif o.parsed is not None:
            summary.counts["feeds_ok"] += 1
            fresh.append((o.spec, o.parsed))
            for warning in o.parsed.warnings:
                reporter.warn(f"{o.spec.url}: {warning}")

    seen = {spec.url: wh.entries_seen(spec.url, topic=topic.name) for spec, _ in fresh}
    work, unchanged_ids, unchanged_entries = plan(fresh, seen)
    summary.counts["articles_unchanged"] += len(unchanged_ids)

    reporter.stage("fetching pages", len(work))
    summary.counts["pages_requested"] += sum(not item.discovery for item in work)

    def page_done(item: EntryWork, error: str | None) -> None:
        reporter.advance(item.url, "failed" if error else "ok")

    pages = asyncio.run(fetch_pages(work, settings.page_limits, on_done=page_done))
    fetched_at = datetime.now(UTC)
    summary.counts["pages_failed"] += sum(isinstance(page, FetchError) for page in pages)
    observed, errors = ingest(work, pages, topic, fetched_at)

    outcomes_stored = wh.load_observations(
        summary.run_id, [obs for obs, _ in observed], topic=topic.name
    )
    entries: list[EntrySeen] = list(unchanged_entries)
    for (_obs, keys), stored in zip(observed, outcomes_stored, strict=True):
        entries.extend(
            EntrySeen(k.feed_url, k.entry_key, k.fingerprint, stored.article_id) for k in keys
        )
        summary.counts[f"articles_{stored.outcome}"] += 1
        if not stored.on_topic and stored.outcome != "unchanged":
            summary.counts["articles_off_topic"] += 1
    wh.record_entries(entries, fetched_at, topic=topic.name)
    # Feeds with an entry still to retry must be read in full next time, not answered by a 304
    # or a matching body hash: their validators are forgotten below, after the polls are stored.
    retry_feeds = {
        item.spec.url
        for item, page in zip(work, pages, strict=True)
        if isinstance(page, FetchError) and page.transient
    }
    wh.record_unchanged(summary.run_id, unchanged_ids, fetched_at, topic=topic.name)
    wh.record_fetch_errors(summary.run_id, errors, fetched_at, topic=topic.name)
    summary.page_errors.extend((url, err) for url, _feed, err in errors)
    summary.counts["page_errors"] += len(errors)

    # Validators and body hashes are recorded last: a cycle killed before this point polls
    # the feeds again next time instead of believing their entries were stored.
    wh.record_feed_polls(
        summary.run_id,
        [poll_record(o, states.get(o.spec.url), now) for o in outcomes if o.status != "deferred"],
        topic=topic.name,
    )
    wh.forget_validators(sorted(retry_feeds), topic=topic.name)

    # Known articles are fetched again on their schedule whatever their feeds said: outlets
    # edit silently. After the polls are stored, so a page just read is not due again.
    revisit_known_articles(wh, topic, settings, summary, reporter)


def extract_stage(
    wh: Warehouse, topic: Topic, settings: Settings, summary: CycleSummary, reporter: Reporter
) -> None:
    """Extract entities and claims from every on-topic version not yet read by this extractor."""
    from claimwatch.extractors.nlp import extraction_key

    # What would produce the claims now (code, topic, model, lexicon): versions whose newest
    # extraction was made otherwise are read again.
    key = extraction_key(topic, settings.model)
    pending = wh.pending_texts(key, limit=settings.batch_size * 32, topic=topic.name)
    if not pending:
        return
    # spaCy is imported and the model loaded only when there is something to read.
    from claimwatch.extractors.nlp import build_pipeline, extract_many

    nlp = build_pipeline(topic, settings.model)
    reporter.stage("extracting claims")
    while pending:
        texts = [_nlp_text(p.title, p.text) for p in pending]
        results: list[tuple[str, int, Extraction]] = []
        for p, extraction in zip(
            pending,
            extract_many(
                nlp,
                texts,
                topic=topic,
                # The same number of documents in flight whatever the number of workers.
                batch_size=max(4, settings.batch_size // settings.n_process),
                n_process=settings.n_process,
            ),
            strict=True,
        ):
            if p.published_at is not None:  # the time each claim speaks of, its subject
                extraction = situate(extraction, p.published_at, topic)
            results.append((p.article_id, p.version, extraction))
            reporter.advance(f"{p.article_id} v{p.version}")
        summary.counts["claims"] += wh.store_extractions(key, results, topic=topic.name)
        summary.counts["versions_extracted"] += len(results)
        pending = wh.pending_texts(key, limit=settings.batch_size * 32, topic=topic.name)


def _nlp_text(title: str, text: str) -> str:
    """What the NLP stage reads: the headline, a blank line, the body. Claim offsets refer to it."""
    return f"{title}\n\n{text}" if title else text


def flag_stage(
    wh: Warehouse, topic: Topic, settings: Settings, summary: CycleSummary, reporter: Reporter
) -> None:
    """Flag new contradictions between outlets and drift between versions, and record the
    disputes that opened, changed, resolved or reopened."""
    from claimwatch.warehouse.disputes import detect_disputes
    from claimwatch.warehouse.flags import detect_flags

    now = datetime.now(UTC)
    counts = detect_flags(wh, now, topic.name, window=topic.as_of_window)
    summary.counts["flags_cross_outlet"] += counts.new_cross_outlet
    summary.counts["flags_drift"] += counts.new_drift
    summary.counts["flags_derived"] += counts.new_derived
    disputes = detect_disputes(wh, now, topic.name, window=topic.as_of_window)
    summary.counts["disputes_opened"] += disputes.opened + disputes.reopened
    summary.counts["disputes_resolved"] += disputes.resolved


def alert_stage(
    wh: Warehouse, topic: Topic, settings: Settings, summary: CycleSummary, reporter: Reporter
) -> None:
    """Record this run's developments in the outbox and send the digest (if SMTP is set)."""
    from claimwatch.flows.alerts import deliver_alerts

    outcome = deliver_alerts(wh, topic, settings, summary.started_at)
    summary.counts["developments"] += outcome.recorded
    summary.counts["alerts_sent"] += len(outcome.sent)
    summary.alert_message = outcome.message
    summary.alert_status = outcome.status
    if outcome.status == "failed":
        reporter.warn(outcome.message)


STAGES = (poll_stage, extract_stage, flag_stage, alert_stage)
