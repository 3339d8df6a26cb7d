"""One monitoring cycle as plain step functions: poll → plan → fetch → store → revisit →
extract → flag → alert, each taking the `Cycle` it belongs to.

`open_cycle` makes a recorded run under its run lock (the whole topic, or one shard of a
sharded cycle); flows/monitor.py calls the steps as Prefect tasks inside it, and `run_cycle`
calls them plainly (tests, the demo, benchmarks). Each step writes in short transactions and is
safe to rerun: a cycle killed at any point leaves a warehouse that the next cycle completes.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from claimwatch.extractors.records import Extraction, ParsedFeed
from claimwatch.extractors.situate import situate
from claimwatch.extractors.topic import FeedSpec, Topic
from claimwatch.flows.fetch import FetchError
from claimwatch.flows.ingest import EntryWork, fetch_pages, ingest, plan
from claimwatch.flows.poll import FeedOutcome, poll_feeds, poll_record
from claimwatch.flows.revisits import revisit_known_articles
from claimwatch.flows.settings import Settings
from claimwatch.flows.shards import Shard
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import EntrySeen, FeedState, Warehouse


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
    # A sharded cycle's shards that did not complete ("shard 2 of 4", how it ended).
    shard_failures: list[tuple[str, str]] = field(default_factory=list)

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
        if c["shards"] and len(self.shard_failures) >= c["shards"]:
            return f"no shard completed ({c['shards']} started); see each shard's run"
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


# The terminal reporter is process state, not a flow parameter (parameters must serialize).
_SILENT = SilentReporter()  # stateless, so one shared default is safe
reporter_var: ContextVar[Reporter] = ContextVar("claimwatch_reporter", default=_SILENT)  # noqa: B039


@dataclass
class Cycle:
    """One recorded run and what its steps share: the warehouse, the topic, the settings, the
    summary the steps count into, where they report, and (for one shard of a sharded cycle)
    which part of the topic's work is this run's."""

    wh: Warehouse
    topic: Topic
    settings: Settings
    summary: CycleSummary
    reporter: Reporter = field(default_factory=SilentReporter)
    shard: Shard | None = None

    @property
    def feeds(self) -> tuple[FeedSpec, ...]:
        return self.shard.feeds if self.shard is not None else self.topic.feeds

    @property
    def part(self) -> tuple[int, int] | None:
        return (self.shard.index, self.shard.count) if self.shard is not None else None


@dataclass
class Polled:
    """What one poll of the feeds found: each feed's state before, and its outcome."""

    at: datetime
    states: dict[str, FeedState]
    outcomes: list[FeedOutcome]
    fresh: list[tuple[FeedSpec, ParsedFeed]]  # feeds that answered with a new body


@dataclass
class FetchPlan:
    """What to fetch (one item per page), and the entries whose pages are known unchanged."""

    work: list[EntryWork]
    unchanged_ids: list[str]
    unchanged_entries: list[EntrySeen]


# Fetched pages, one per work item: (body, final URL, content type), an error, or None for
# an aggregator's entry that has no page of its own.
Pages = list[tuple[bytes, str, str | None] | FetchError | None]

# A cycle's steps, in order. Each writes in short transactions and is safe to rerun: a cycle
# killed at any point leaves a warehouse that the next cycle completes.


def poll(c: Cycle) -> Polled:
    """Poll the feeds (conditional GETs; feeds backing off after failures wait their turn)."""
    now = datetime.now(UTC)
    summary, reporter = c.summary, c.reporter
    states = c.wh.feed_states([f.url for f in c.feeds], topic=c.topic.name)
    reporter.stage("polling feeds", len(c.feeds))

    def feed_done(o: FeedOutcome) -> None:
        reporter.advance(o.spec.url, o.status if o.status in ("failed", "deferred") else "ok")

    outcomes = asyncio.run(
        poll_feeds(
            c.feeds, states, c.settings.fetch, now, on_done=feed_done, force=c.settings.force_poll
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
    return Polled(now, states, outcomes, fresh)


def plan_fetches(c: Cycle, polled: Polled) -> FetchPlan:
    """Decide which entries' pages to fetch: new ones, and those whose fingerprint changed."""
    seen = {spec.url: c.wh.entries_seen(spec.url, topic=c.topic.name) for spec, _ in polled.fresh}
    work, unchanged_ids, unchanged_entries = plan(polled.fresh, seen)
    c.summary.counts["articles_unchanged"] += len(unchanged_ids)
    return FetchPlan(work, unchanged_ids, unchanged_entries)


def fetch(c: Cycle, planned: FetchPlan) -> Pages:
    """Fetch the planned pages (politely per host, within the page limits)."""
    c.reporter.stage("fetching pages", len(planned.work))
    c.summary.counts["pages_requested"] += sum(not item.discovery for item in planned.work)

    def page_done(item: EntryWork, error: str | None) -> None:
        c.reporter.advance(item.url, "failed" if error else "ok")

    pages = asyncio.run(fetch_pages(planned.work, c.settings.page_limits, on_done=page_done))
    c.summary.counts["pages_failed"] += sum(isinstance(page, FetchError) for page in pages)
    return pages


def store(c: Cycle, polled: Polled, planned: FetchPlan, pages: Pages) -> None:
    """Store articles and versions, the entries seen, fetch errors, and then the feed polls."""
    wh, topic, summary = c.wh, c.topic, c.summary
    fetched_at = datetime.now(UTC)
    observed, errors = ingest(planned.work, pages, topic, fetched_at)
    outcomes_stored = wh.load_observations(
        summary.run_id, [obs for obs, _ in observed], topic=topic.name
    )
    entries: list[EntrySeen] = list(planned.unchanged_entries)
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
        for item, page in zip(planned.work, pages, strict=True)
        if isinstance(page, FetchError) and page.transient
    }
    wh.record_unchanged(summary.run_id, planned.unchanged_ids, fetched_at, topic=topic.name)
    wh.record_fetch_errors(summary.run_id, errors, fetched_at, topic=topic.name)
    summary.page_errors.extend((url, err) for url, _feed, err in errors)
    summary.counts["page_errors"] += len(errors)

    # Validators and body hashes are recorded last: a cycle killed before this point polls
    # the feeds again next time instead of believing their entries were stored.
    wh.record_feed_polls(
        summary.run_id,
        [
            poll_record(o, polled.states.get(o.spec.url), polled.at)
            for o in polled.outcomes
            if o.status != "deferred"
        ],
        topic=topic.name,
    )
    wh.forget_validators(sorted(retry_feeds), topic=topic.name)


def revisit(c: Cycle) -> None:
    """Fetch known articles again on their schedule whatever their feeds said: outlets edit
    silently. After the polls are stored, so a page just read is not due again."""
    revisit_known_articles(c.wh, c.topic, c.settings, c.summary, c.reporter, shard=c.shard)


def poll_and_store(c: Cycle) -> None:
    """Poll, plan, fetch, store and revisit: every step that reads the web."""
    polled = poll(c)
    planned = plan_fetches(c, polled)
    store(c, polled, planned, fetch(c, planned))
    revisit(c)


def extract(c: Cycle) -> None:
    """Extract entities and claims from every on-topic version not yet read by this extractor
    (a shard: from its share of them)."""
    from claimwatch.extractors.nlp import extraction_key

    wh, topic, settings, summary, reporter = c.wh, c.topic, c.settings, c.summary, c.reporter

    # What would produce the claims now (code, topic, model, lexicon): versions whose newest
    # extraction was made otherwise are read again.
    key = extraction_key(topic, settings.model)
    pending = wh.pending_texts(key, limit=settings.batch_size * 32, topic=topic.name, part=c.part)
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
                years=[p.published_at.year if p.published_at else None for p in pending],
            ),
            strict=True,
        ):
            if p.published_at is not None:  # the time each claim speaks of, its subject
                extraction = situate(extraction, p.published_at, topic)
            results.append((p.article_id, p.version, extraction))
            reporter.advance(f"{p.article_id} v{p.version}")
        summary.counts["claims"] += wh.store_extractions(key, results, topic=topic.name)
        summary.counts["versions_extracted"] += len(results)
        pending = wh.pending_texts(
            key, limit=settings.batch_size * 32, topic=topic.name, part=c.part
        )


def _nlp_text(title: str, text: str) -> str:
    """What the NLP stage reads: the headline, a blank line, the body. Claim offsets refer to it."""
    return f"{title}\n\n{text}" if title else text


def flag(c: Cycle) -> None:
    """Flag new contradictions between outlets and drift between versions, and record the
    disputes that opened, changed, resolved or reopened."""
    from claimwatch.warehouse.disputes import detect_disputes
    from claimwatch.warehouse.flags import detect_flags

    wh, topic, summary = c.wh, c.topic, c.summary

    now = datetime.now(UTC)
    counts = detect_flags(wh, now, topic.name, window=topic.as_of_window)
    summary.counts["flags_cross_outlet"] += counts.new_cross_outlet
    summary.counts["flags_drift"] += counts.new_drift
    summary.counts["flags_derived"] += counts.new_derived
    disputes = detect_disputes(wh, now, topic.name, window=topic.as_of_window)
    summary.counts["disputes_opened"] += disputes.opened + disputes.reopened
    summary.counts["disputes_resolved"] += disputes.resolved


def alert(c: Cycle) -> None:
    """Record this run's developments in the outbox and send the digest (if SMTP is set)."""
    from claimwatch.flows.alerts import deliver_alerts

    summary = c.summary
    outcome = deliver_alerts(c.wh, c.topic, c.settings, summary.started_at)
    summary.counts["developments"] += outcome.recorded
    summary.counts["alerts_sent"] += len(outcome.sent)
    summary.alert_message = outcome.message
    summary.alert_status = outcome.status
    if outcome.status == "failed":
        c.reporter.warn(outcome.message)


@contextmanager
def open_cycle(
    settings: Settings,
    *,
    topic: Topic | None = None,
    kind: str = "monitor",
    part: tuple[int, int] | None = None,
) -> Iterator[Cycle]:
    """One recorded run under the run lock: the steps run inside the with-block, and the run
    is recorded as completed, or failed with the reason, when it ends. `part` (index, count)
    makes it one shard of a sharded cycle. Raises only when the run cannot happen at all (bad
    topic, unusable database, another run of the same work in progress)."""
    reporter = reporter_var.get()
    topic = topic or load_topic(
        settings.topic, feeds=settings.feeds, require_feeds=kind in ("monitor", "shard")
    )
    shard = Shard(part[0], part[1], topic.feeds) if part is not None else None
    wh = Warehouse(
        settings.db_path,
        lake_data=settings.lake_data,
        busy_timeout=settings.busy_timeout,
        on_wait=reporter.warn,
    )
    wh.migrate()
    part_name = shard.lock_name if shard is not None else None
    with wh.run_lock(topic.name, wait=settings.lock_wait, part=part_name):
        now = datetime.now(UTC)
        summary = CycleSummary(run_id=new_run_id(now), topic=topic.name, started_at=now)
        wh.start_run(summary.run_id, topic.name, now, part_name)
        status, message = "failed", "run did not finish"
        try:
            yield Cycle(wh, topic, settings, summary, reporter, shard)
            # A cycle that read nothing because every request failed (or every feed is backing
            # off) is a failed run, in the warehouse and in Prefect alike.
            failure = summary.failure
            status = "failed" if failure else "completed"
            message = failure or (f"{kind} ({shard})" if shard is not None else kind)
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            errors = len(summary.feed_errors) + len(summary.page_errors)
            wh.finish_run(summary.run_id, status, dict(summary.counts), errors, message)


def run_cycle(
    settings: Settings,
    *,
    topic: Topic | None = None,
    stages: Sequence[Callable[[Cycle], None]] | None = None,
    kind: str = "monitor",
    part: tuple[int, int] | None = None,
) -> CycleSummary:
    """Run `stages` (default: all of a cycle's steps; a shard's, given `part`) as one recorded
    run, without Prefect."""
    if stages is None:
        stages = SHARD_STEPS if part is not None else STAGES
    with open_cycle(settings, topic=topic, kind=kind, part=part) as c:
        for stage in stages:
            stage(c)
    return c.summary


# The steps of a whole cycle, for callers without Prefect (tests, the demo, benchmarks);
# flows/monitor.py spells the same steps out as Prefect tasks.
STAGES: tuple[Callable[[Cycle], None], ...] = (poll_and_store, extract, flag, alert)
SHARD_STEPS: tuple[Callable[[Cycle], None], ...] = (poll_and_store, extract)
