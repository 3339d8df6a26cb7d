"""Shards: how a cycle's work is split (flows/shards.py), that the split covers everything once,
and that two processes storing the same coverage into one lake at once store it once.

The Prefect side (a cycle starting shard runs on two workers, a killed shard started again) is
tests/flows/test_workers.py; here the shards run as plain processes, in seconds.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimwatch.extractors.records import ArticleObservation
from claimwatch.extractors.text_norm import content_hash
from claimwatch.extractors.topic import FeedSpec
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.shards import Shard, host_of, shard_count
from claimwatch.warehouse.backend import Lake
from claimwatch.warehouse.store import Warehouse
from tests.flows.test_lake_cli import COMPARED
from tests.support.postgres import PostgresCluster, postgres  # noqa: F401

T0 = datetime(2026, 11, 30, 9, tzinfo=UTC)

# Facts that hold one row per key whoever stores them, and that key. (The views keep the first
# row of a key, so duplicates are looked for in the facts.) A claim's id is the same in every
# extraction that reads it unchanged (a new extractor re-reads a version), so a claim is stored
# once per extraction.
STORED_ONCE = {
    "article_fact": "article_id",
    "article_alias_fact": "alias",
    "article_version_fact": "article_id, version",
    "extraction_fact": "extraction_id",
    "claim_fact": "claim_id, extraction_id",
    "flag_fact": "contradiction_id",
}


def assert_stored_once(wh: Warehouse) -> None:
    """No id of STORED_ONCE twice in its facts (and something stored)."""
    for table, key in STORED_ONCE.items():
        _, rows = wh.query(f"SELECT count(*), count(DISTINCT ({key})) FROM {table}")
        assert rows[0][0] == rows[0][1], (table, rows)
        assert rows[0][0] > 0 or table == "flag_fact", table


def _feeds(*urls: str) -> tuple[FeedSpec, ...]:
    return tuple(FeedSpec(url=u, outlet=None) for u in urls)


FEEDS = _feeds(
    "https://wire.example/a.xml",
    "https://wire.example/b.xml",
    "https://wire.example/c.xml",
    "https://paper.example/rss",
    "https://PAPER.example:8443/other.rss",  # the same host: port and case do not matter
    "https://blog.example/feed",
    "https://tv.example/feed",
    "https://trade.example/feed",
)


def test_every_feed_is_in_exactly_one_shard_and_a_host_never_spans_two() -> None:
    for count in range(1, 6):
        shards = [Shard(i, count, FEEDS) for i in range(count)]
        polled = Counter(f.url for s in shards for f in s.feeds)
        assert polled == Counter(f.url for f in FEEDS), count
        for host in {host_of(f.url) for f in FEEDS}:
            owners = {s.index for s in shards for f in s.feeds if host_of(f.url) == host}
            assert len(owners) == 1, (count, host)


def test_shards_poll_about_as_many_feeds_each() -> None:
    # 5 hosts: wire (3 feeds), paper (2), blog, tv, trade (1 each). Two shards: 4 and 4.
    sizes = sorted(len(Shard(i, 2, FEEDS).feeds) for i in range(2))
    assert sizes == [4, 4]
    sizes = sorted(len(Shard(i, 3, FEEDS).feeds) for i in range(3))
    assert sizes == [2, 3, 3]


def test_a_cycle_runs_at_most_one_shard_per_host() -> None:
    assert shard_count(FEEDS, 4) == 4
    assert shard_count(FEEDS, 40) == 5
    assert shard_count(FEEDS[:3], 4) == 1  # one host
    assert shard_count(FEEDS, 0) == 1


def test_pages_go_to_the_shard_that_polls_their_host_else_by_a_stable_hash() -> None:
    shards = [Shard(i, 3, FEEDS) for i in range(3)]
    wire = next(s for s in shards if any("wire.example" in f.url for f in s.feeds))
    assert wire.owns_page("https://wire.example/2026/11/30/story.html")
    pages = [f"https://publisher{i}.example/story-{i}.html" for i in range(40)]
    for page in pages:  # a host no shard polls: exactly one shard, the same every time
        assert sum(s.owns_page(page) for s in shards) == 1
        assert [s.owns_page(page) for s in shards] == [
            Shard(s.index, 3, FEEDS).owns_page(page) for s in shards
        ]
    with pytest.raises(ValueError, match="not within"):
        Shard(3, 3, FEEDS)


def _observation(i: int) -> ArticleObservation:
    text = f"Anthropic has opened Mythos to about {40 + i} organizations, outlet {i} reports."
    title = f"Mythos access story {i}"
    return ArticleObservation(
        url=f"https://o{i}.example/story-{i}.html", outlet=f"Outlet {i}",
        feed_url=f"https://o{i}.example/feed.xml", title=title, text=text,
        content_hash=content_hash(title, text), on_topic=True, published_at=T0,
        updated_at=None, fetched_at=T0,
    )  # fmt: skip


def test_the_shards_shares_of_pending_versions_cover_them_all_once(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "cw.duckdb")
    wh.migrate()
    wh.start_run("r1", "mythos", T0)
    wh.load_observations("r1", [_observation(i) for i in range(60)], topic="mythos")
    everything = {p.article_id for p in wh.pending_texts("k", limit=1000, topic="mythos")}
    assert len(everything) == 60
    for count in (1, 2, 3, 5):
        shares = [
            {
                p.article_id
                for p in wh.pending_texts("k", limit=1000, topic="mythos", part=(i, count))
            }
            for i in range(count)
        ]
        assert sum(len(s) for s in shares) == 60, count
        assert set().union(*shares) == everything, count
        # The warehouse splits as the shard does (extract reads its share through SQL).
        for i, share in enumerate(shares):
            assert all(Shard(i, count, FEEDS).owns_article(a) for a in share)


# -- two processes, one lake ------------------------------------------------------------

# One run in a fresh interpreter: the whole topic (`monitor`), or a shard `INDEX/COUNT`.
RUN = r"""
import sys
from pathlib import Path
from claimwatch.flows.cycle import run_cycle
from claimwatch.flows.settings import Settings

db, data, which, *feeds = sys.argv[1:]
settings = Settings(db_path=db, lake_data=Path(data), feeds=tuple(feeds), alerts=False,
                    lock_wait=120)
if which == "monitor":
    summary = run_cycle(settings)
else:
    index, count = map(int, which.split("/"))
    summary = run_cycle(settings, kind="shard", part=(index, count))
print(summary.run_id, dict(summary.counts))
"""


@pytest.fixture()
def sample() -> Iterator[SampleServer]:
    with SampleServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _close_lakes() -> Iterator[None]:
    yield
    Lake.close_shared()


def _at_once(*argvs: list[str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for argv in argvs
    ]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=900)
        out.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return out


@pytest.mark.slow
def test_two_processes_storing_the_same_feeds_into_one_lake_store_everything_once(
    tmp_path: Path,
    postgres: PostgresCluster,  # noqa: F811
    sample: SampleServer,
) -> None:
    """A whole-topic run and a one-shard run of the same feeds, started together: they hold
    different run locks, so they poll, fetch, store and extract the same coverage at the same
    time. The lake's write lock makes each store see the other's rows: every view equals a
    single run's over a DuckDB file, and no id is stored twice."""
    url = "ducklake:postgres:" + postgres.conninfo_for(postgres.create_database())
    data = tmp_path / "lake-data"
    data.mkdir()
    feeds = [s.url for s in feed_specs(sample.base_url) if s.kind != "google_news"]
    # The schema first, so both processes start on equal terms (migrations have their own
    # lock; a race there is the migrations test's business).
    Warehouse(url, lake_data=data).migrate()
    runs = _at_once(
        *(
            [sys.executable, "-c", RUN, url, str(data), which, *feeds]
            for which in ("monitor", "0/1")
        )
    )
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]

    file = tmp_path / "one.duckdb"
    single = subprocess.run(
        [sys.executable, "-c", RUN, str(file), str(data), "monitor", *feeds],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert single.returncode == 0, single.stderr[-3000:]

    lake = Warehouse(url, lake_data=data)
    assert_stored_once(lake)
    for view in ("articles", "article_versions", "claims"):
        cols = COMPARED[view]
        query = f"SELECT {cols} FROM {view} ORDER BY ALL"
        assert lake.query(query)[1] == Warehouse(file).query(query)[1], view
    # Neither run took the other, running under another lock, for a dead one.
    _, statuses = lake.query("SELECT part, status FROM runs ORDER BY ALL")
    assert statuses == [("shard-0-of-1", "completed"), (None, "completed")]
