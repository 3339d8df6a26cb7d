"""Revisits: known on-topic articles fetched again on a schedule, whatever their feeds say.

Outlets change a number, add a correction or an update paragraph without touching the feed
entry, so a poll alone never sees those versions. Each cycle (its revisit step, after the feed
pages are stored) asks the warehouse for the topic's on-topic articles with page text, lets
extractors/revisit.py pick the due ones from recorded times (most overdue first, at most the
topic's `[revisit] budget`), and fetches them again:

- politely: the same per-host limit as page fetches, and each host's robots.txt (flows/robots.py)
  read once per cycle before its first revisit;
- cheaply: with the ETag / Last-Modified of the last revisit (a 304 costs one small request),
  and a raw-body hash (the same bytes are not even parsed); neither stores a version, so
  neither costs NLP;
- through the ordinary store path when the body differs: the page is read as a poll would read
  it and stored by Warehouse.load_observations, so a boilerplate-only change is no version and a
  changed text is a new version that the extract and flag stages then read;
- without losing anything: a 404 or 410 is a withdrawal (an article check with its time, shown
  in the `withdrawals` view, reversed by a later answer); any other error is a failed check and
  a page error naming the URL, and the cycle goes on.

Revisit requests count as page requests in CycleSummary.failure: a cycle whose only requests
were revisits that all failed read nothing and fails like one whose feeds all failed; one whose
revisits answered read something (a withdrawal, a 404, is an answer, not a failure).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeAlias

import httpx

from claimwatch.extractors.records import ArticleObservation, FeedEntry
from claimwatch.extractors.revisit import RevisitCandidate, plan
from claimwatch.extractors.topic import FeedSpec, Topic
from claimwatch.flows.fetch import (
    FetchError,
    FetchLimits,
    FetchResult,
    HostLimiter,
    HTTPStatusError,
    fetch,
    make_client,
)
from claimwatch.flows.ingest import EntryWork, observe
from claimwatch.flows.robots import HostRules, RobotsCache
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import RevisitRecord, RevisitTarget, Warehouse

if TYPE_CHECKING:  # cycle.py calls this module from its revisit step
    from claimwatch.flows.cycle import CycleSummary, Reporter
    from claimwatch.flows.shards import Shard

# Statuses that say the page is gone (rather than failing): the article is withdrawn.
GONE = frozenset({404, 410})

# An interval runs from the last check, made some time into its cycle; the next cycle's check
# comes at a slightly different point. So that "every 15 minutes" with a cycle every 15 minutes
# means every cycle (not every other one), an article due within this slack is due now.
DUE_SLACK = timedelta(minutes=2)

# HostRules: robots.txt kept us from asking. An explicit alias: mypy sees the claimwatch.* imports
# as Any (it cannot follow the editable install), and takes a bare union of them for a variable.
Answer: TypeAlias = FetchResult | FetchError | HostRules


@dataclass(frozen=True)
class Fetched:
    """What the revisits of a cycle got back, in the order of the targets."""

    answers: list[Answer]
    robots_requests: int


def due_targets(
    wh: Warehouse, topic: Topic, now: datetime, cycle_start: datetime
) -> list[RevisitTarget]:
    """The topic's articles to revisit now: due by the topic's schedule, most overdue first, at
    most its budget; never one whose page this cycle has read already."""
    schedule = topic.revisit
    if schedule.budget <= 0:
        return []
    targets = {
        t.article_id: t
        for t in wh.revisit_targets(topic.name, now - schedule.horizon)
        if t.last_checked_at < cycle_start
    }
    candidates = [
        RevisitCandidate(t.article_id, t.url, t.age_from, t.last_checked_at)
        for t in targets.values()
    ]
    return [targets[c.article_id] for c in plan(candidates, now + DUE_SLACK, schedule)]


async def fetch_revisits(
    targets: Sequence[RevisitTarget],
    limits: FetchLimits,
    *,
    on_done: Callable[[RevisitTarget, Answer], None] | None = None,
) -> Fetched:
    """Fetch each target's page (conditionally when its validators are known), after checking
    its host's robots.txt; one per-host limiter for robots.txt and pages alike."""
    limiter = HostLimiter(limits.per_host)
    async with make_client(limits) as client:
        robots = RobotsCache(client, limits, limiter)

        async def one(target: RevisitTarget) -> Answer:
            try:
                rules: HostRules | None = await robots.rules(target.url)
            except (httpx.InvalidURL, ValueError):
                rules = None  # no host to ask: fetch() refuses the URL itself, as a failure
            answer: Answer
            if rules is not None and not rules.allows(target.url, limits.user_agent):
                answer = rules
            else:
                try:
                    answer = await fetch(
                        client,
                        target.url,
                        limits=limits,
                        limiter=limiter,
                        etag=target.etag,
                        last_modified=target.last_modified,
                    )
                except FetchError as exc:
                    answer = exc
            if on_done is not None:
                on_done(target, answer)
            return answer

        answers = list(await asyncio.gather(*(one(t) for t in targets)))
        return Fetched(answers, robots.requests)


@dataclass
class _Readings:
    """Bodies to read and store, kept beside the targets they came from."""

    targets: list[RevisitTarget]
    results: list[FetchResult]
    observations: list[ArticleObservation]


def classify(
    targets: Sequence[RevisitTarget], answers: Sequence[Answer], topic: Topic, at: datetime
) -> tuple[list[RevisitRecord], _Readings]:
    """Records for every revisit decided without storing a reading (304, same body, gone,
    failed, blocked, skipped), and the readings of the bodies that differ."""
    records: list[RevisitRecord] = []
    readings = _Readings([], [], [])
    for target, answer in zip(targets, answers, strict=True):
        base = {"article_id": target.article_id, "url": target.url, "revisited_at": at}
        if isinstance(answer, HostRules):
            if answer.error is not None:
                error = f"robots.txt unavailable: {answer.error}"
                records.append(RevisitRecord(**base, outcome="skipped", error=error))
            else:
                error = f"robots.txt of {answer.host} disallows {target.url}"
                records.append(RevisitRecord(**base, outcome="blocked", error=error))
        elif isinstance(answer, FetchError):
            gone = isinstance(answer, HTTPStatusError) and answer.status in GONE
            outcome = "withdrawn" if gone else "failed"
            records.append(
                RevisitRecord(
                    **base, outcome=outcome, http_status=answer.status, error=str(answer),
                    check=outcome,
                )
            )  # fmt: skip
        elif answer.status == 304 or _body_hash(answer.body) == target.body_hash:
            # The page is what the latest version was read from: one request, no parsing.
            records.append(
                RevisitRecord(
                    **base,
                    outcome="not_modified" if answer.status == 304 else "unchanged",
                    http_status=answer.status,
                    etag=answer.etag,
                    last_modified=answer.last_modified,
                    body_hash=target.body_hash,
                    content_hash=target.content_hash,
                    bytes=len(answer.body),
                    check="unchanged",
                    title=target.title or "",
                )
            )
        else:
            page = (answer.body, answer.final_url, answer.content_type)
            obs = observe(_work(target), topic, at, page=page, page_error=None)
            if not obs.text:
                error = f"{obs.note or 'no article text found'} for {target.url}"
                records.append(
                    RevisitRecord(
                        **base, outcome="failed", http_status=answer.status, error=error,
                        bytes=len(answer.body), check="failed",
                    )
                )  # fmt: skip
                continue
            readings.targets.append(target)
            readings.results.append(answer)
            readings.observations.append(obs)
    return records, readings


def _work(target: RevisitTarget) -> EntryWork:
    """The article as a poll would hand it to observe(): its own feed entry, as stored. The
    entry has no text, so a page that yields too little is never swapped for feed text."""
    feed_url = target.feed_url or target.url
    entry = FeedEntry(
        feed_url=feed_url,
        guid=target.guid,
        link=target.url,
        title=target.title or "",
        summary="",
        content="",
        published_at=target.published_at,
        updated_at=None,
    )
    outlet = target.outlet or ""
    return EntryWork(
        url=target.url,
        entry=entry,
        spec=FeedSpec(url=feed_url, outlet=outlet),
        outlet=outlet,
        discovery=False,
    )


def _body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def revisit_known_articles(
    wh: Warehouse,
    topic: Topic,
    settings: Settings,
    summary: CycleSummary,
    reporter: Reporter,
    *,
    shard: Shard | None = None,
) -> None:
    """Revisit the topic's due articles (a shard: those on its hosts), store what they found,
    count it in the summary."""
    targets = due_targets(wh, topic, datetime.now(UTC), summary.started_at)
    if shard is not None:
        targets = [t for t in targets if shard.owns_page(t.url)]
    if not targets:
        return
    reporter.stage("revisiting pages", len(targets))

    def done(target: RevisitTarget, answer: Answer) -> None:
        failed = isinstance(answer, FetchError) and not (
            isinstance(answer, HTTPStatusError) and answer.status in GONE
        )
        reporter.advance(target.url, "failed" if failed else "ok")

    fetched = asyncio.run(fetch_revisits(targets, settings.page_limits, on_done=done))
    at = datetime.now(UTC)
    records, readings = classify(targets, fetched.answers, topic, at)
    stored = wh.load_observations(summary.run_id, readings.observations, topic=topic.name)
    for target, result, obs, outcome in zip(
        readings.targets, readings.results, readings.observations, stored, strict=True
    ):
        records.append(
            RevisitRecord(
                article_id=target.article_id,
                url=target.url,
                revisited_at=at,
                outcome="changed" if outcome.outcome in ("new", "changed") else "unchanged",
                http_status=result.status,
                etag=result.etag,
                last_modified=result.last_modified,
                body_hash=_body_hash(result.body),
                content_hash=obs.content_hash,
                bytes=len(result.body),
            )
        )
    wh.record_revisits(summary.run_id, records, topic=topic.name)
    failed = [(r.url, r.error or "failed") for r in records if r.outcome == "failed"]
    wh.record_fetch_errors(
        summary.run_id, [(url, None, error) for url, error in failed], at, topic=topic.name
    )
    summary.page_errors.extend(failed)
    count_revisits(summary, records, fetched.robots_requests)
    for host, why in sorted(
        {(a.host, a.error) for a in fetched.answers if isinstance(a, HostRules) and a.error}
    ):
        summary.revisits_skipped.append((host, why))
        reporter.warn(f"revisits of {host} skipped this cycle: robots.txt unavailable ({why})")


def count_revisits(summary: CycleSummary, records: Sequence[RevisitRecord], robots: int) -> None:
    """Revisit counts; revisit requests are page requests too (see the module docstring)."""
    c = summary.counts
    by_outcome = Counter(r.outcome for r in records)
    asked = len(records) - by_outcome["blocked"] - by_outcome["skipped"]
    c["revisits"] += asked
    c["pages_requested"] += asked
    c["pages_failed"] += by_outcome["failed"]
    c["page_errors"] += by_outcome["failed"]
    c["revisits_robots_txt"] += robots
    for outcome, key in _COUNT_KEYS.items():
        c[key] += by_outcome[outcome]


_COUNT_KEYS = {
    "not_modified": "revisits_not_modified",
    "unchanged": "revisits_unchanged",
    "changed": "revisits_changed",
    "withdrawn": "revisits_withdrawn",
    "failed": "revisits_failed",
    "blocked": "revisits_blocked_by_robots",
    "skipped": "revisits_skipped_robots_unavailable",
}
