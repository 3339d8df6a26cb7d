"""claimwatch on a lake: throughput with 1, 2 and 4 workers, commit conflicts and lock waits,
and a lake commit against a file commit (issue 16, item 8).

    .venv/bin/python bench/lake_workers.py [--quick] [--articles N]

Starts a throwaway PostgreSQL server (tests/support/postgres.py) for the lakes' catalogs and
serves one synthetic corpus (bench/run.py's) as RSS feeds and pages from local HTTP servers on
eight loopback hosts, 127.0.0.2-127.0.0.9, so a cycle's feeds split by host. Then, side by side
in this one run:

1. For 1, 2 and 4 workers, each into a fresh lake (a new catalog database, a new data
   directory): a worker is a process running `run_cycle(..., kind="shard", part=(i, n))`, the
   steps a Prefect worker's shard flow run executes (poll, plan, fetch, store, revisit, extract),
   here without the Prefect server, its work pool or the workers' polling for runs; then one
   process runs the cycle's closing `extract` + `flag` pass over the union, as the sharded
   cycle's own flow does. Articles stored and extracted per second, and 2/1 and 4/1.
2. During the 4-worker run: commits, transactions that failed on a conflict, and waits for the
   lake's write lock, counted inside the worker processes by wrapping
   `Sessions.transaction` and `Lake.advisory_lock` (a patch in the child, nothing added to the
   product), per 1,000 commits.
3. The same small append transaction (`Warehouse.record_feed_polls` of one poll) on a lake and
   on a DuckDB file, interleaved, median milliseconds each.

stdout: one line per figure in bench/run.py's format, then the machine; stderr: the details.
`--quick`: 60 articles and 20 commits, a smoke run. Timings are never asserted anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402  (sets PREFECT_HOME and friends first)
from bench.run import Figure, note  # noqa: E402

HOSTS = tuple(f"127.0.0.{i}" for i in range(2, 10))
WORKERS = (1, 2, 4)
LAKE = "ducklake:postgres:"


# -- what a worker process counts ---------------------------------------------------------


@dataclass
class Tally:
    """What one process's warehouse did: transactions committed or failed, and the advisory
    locks it took (the write lock, the run locks, the migration lock), by name."""

    commits: int = 0
    conflicts: int = 0  # transactions that failed with a DuckDB/DuckLake "conflict"
    failures: int = 0  # transactions that failed otherwise
    acquired: dict[str, int] = field(default_factory=dict)
    waits: dict[str, int] = field(default_factory=dict)  # acquisitions that found it held
    retries: dict[str, int] = field(default_factory=dict)  # tries that found it held
    waited_s: dict[str, float] = field(default_factory=dict)
    held_s: dict[str, float] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.commits += other.commits
        self.conflicts += other.conflicts
        self.failures += other.failures
        for name in ("acquired", "waits", "retries", "waited_s", "held_s"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value


def _bump(counts: dict[str, Any], key: str, by: float = 1) -> None:
    counts[key] = counts.get(key, 0) + by


def _lock_kind(name: str) -> str:
    """The write, migrate and maintain locks by name; every run lock (topic, part) as run."""
    return name if name in ("write", "migrate", "maintain") else "run"


def instrument(tally: Tally) -> None:
    """Count into `tally` in this process: every `Sessions.transaction` (committed, or failed on
    a conflict or otherwise) and every advisory lock taken (how long its acquisition waited and
    how many of its tries, one every half second, found it held). Benchmark-only monkeypatching
    of a worker process; the product is not changed."""
    import claimwatch.warehouse.backend as backend
    from claimwatch.warehouse.sessions import Sessions

    transaction = Sessions.transaction
    advisory_lock = backend.Lake.advisory_lock
    try_lock = backend._try_lock
    trying = threading.local()

    @contextmanager
    def counted_transaction(self: Sessions) -> Iterator[Any]:
        try:
            with transaction(self) as con:
                yield con
        except Exception as exc:
            text = f"{exc} {exc.__cause__ or ''}".lower()
            if "conflict" in text:
                tally.conflicts += 1
            else:
                tally.failures += 1
            raise
        tally.commits += 1

    def counted_try(cur: Any, key: int) -> bool:
        got = try_lock(cur, key)
        if not got:
            _bump(tally.retries, getattr(trying, "kind", "?"))
        return got

    @contextmanager
    def timed_lock(self: Any, name: str, **kwargs: Any) -> Iterator[None]:
        kind = _lock_kind(name)
        trying.kind = kind
        before = tally.retries.get(kind, 0)
        start = time.perf_counter()
        with advisory_lock(self, name, **kwargs):
            got = time.perf_counter()
            _bump(tally.acquired, kind)
            if tally.retries.get(kind, 0) > before:
                _bump(tally.waits, kind)
                _bump(tally.waited_s, kind, got - start)
            try:
                yield
            finally:
                _bump(tally.held_s, kind, time.perf_counter() - got)

    Sessions.transaction = counted_transaction  # type: ignore[method-assign]
    backend.Lake.advisory_lock = timed_lock  # type: ignore[method-assign]
    backend._try_lock = counted_try


# -- one worker process -------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What a child process runs: a shard (`part` = index, count) or the closing pass."""

    db: str
    data: str
    feeds: tuple[tuple[str, str], ...]  # (url, outlet)
    part: tuple[int, int] | None = None


def child(spec: str) -> None:
    """A worker: import everything, say "ready", wait for "go" on stdin (so every worker of a
    configuration starts at once, interpreter start and imports excluded), run, print JSON."""
    raw = json.loads(spec)
    part = tuple(raw["part"]) if raw["part"] else None
    job = Job(raw["db"], raw["data"], tuple(map(tuple, raw["feeds"])), part)  # type: ignore[arg-type]
    import claimwatch.extractors.nlp  # noqa: F401  (spaCy's import, not the model load)
    from claimwatch.extractors.topic import FeedSpec
    from claimwatch.flows.cycle import extract, flag, run_cycle
    from claimwatch.flows.settings import Settings

    tally = Tally()
    instrument(tally)
    topic = replace(
        bench.mythos_topic(),
        feeds=tuple(FeedSpec(url=url, outlet=outlet, kind="feed") for url, outlet in job.feeds),
    )
    settings = Settings(
        db_path=job.db, lake_data=Path(job.data), alerts=False, lock_wait=900, busy_timeout=900
    )
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.perf_counter()
    if job.part is not None:
        summary = run_cycle(settings, topic=topic, kind="shard", part=job.part)
    else:
        summary = run_cycle(settings, topic=topic, stages=(extract, flag), kind="cycle")
    took = time.perf_counter() - start
    out = {"seconds": took, "counts": dict(summary.counts), "tally": asdict(tally)}
    print(json.dumps(out), flush=True)


def _run_together(jobs: Sequence[Job], logs: Path) -> tuple[float, list[dict[str, Any]]]:
    """Start one process per job, wait until all are ready, start them at once; returns the
    wall time from "go" until the last one finished, and what each printed."""
    procs = []
    for k, job in enumerate(jobs):
        err = (logs / f"child-{os.getpid()}-{time.monotonic_ns()}-{k}.log").open("wb")
        procs.append(
            (
                subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "--child",
                     json.dumps(asdict(job))],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, cwd=ROOT,
                    text=True,
                ),
                err,
            )
        )  # fmt: skip
    try:
        for proc, err in procs:
            line = proc.stdout.readline() if proc.stdout else ""
            if line.strip() != "ready":
                raise RuntimeError(f"a worker did not start: {_tail(err.name)}")
        start = time.perf_counter()
        for proc, _ in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc, err in procs:
            stdout, _ = proc.communicate(timeout=7200)
            if proc.returncode != 0:
                raise RuntimeError(f"a worker exited {proc.returncode}: {_tail(err.name)}")
            results.append(json.loads(stdout.strip().splitlines()[-1]))
        return time.perf_counter() - start, results
    finally:
        for proc, err in procs:
            if proc.poll() is None:  # only after a failure: end the processes we started
                proc.kill()
                proc.wait(timeout=30)
            err.close()


def _tail(path: str) -> str:
    return Path(path).read_text(errors="replace")[-2000:]


# -- 1 and 2: workers into a lake -----------------------------------------------------------


@dataclass
class Configuration:
    """One measured configuration: `workers` shards, then the closing pass."""

    workers: int
    shards_s: float
    pass_s: float
    extracted: int  # versions extracted, by the shards and the closing pass
    articles: int  # rows of the articles view afterwards
    versions: int
    claims: int
    flags: int
    duplicates: int  # ids stored twice in the facts (must be 0)
    tally: Tally

    @property
    def seconds(self) -> float:
        return self.shards_s + self.pass_s

    @property
    def rate(self) -> float:
        return self.extracted / self.seconds


@contextmanager
def served(articles: Sequence[bench.Article], feeds_per_host: int) -> Iterator[list[Any]]:
    """The corpus spread over the eight loopback hosts, `feeds_per_host` feeds each; yields the
    feed specs, every feed with an outlet of its own (bench.run names a server's feeds after
    the first outlets, which would repeat on every host)."""
    from tests.support.httpserver import TestServer

    servers = [TestServer(host) for host in HOSTS]
    per_host = -(-len(articles) // len(servers))
    with contextlib.ExitStack() as stack:
        specs = []
        for h, server in enumerate(servers):
            stack.enter_context(server)
            share = articles[h * per_host : (h + 1) * per_host]
            if share:
                specs += bench.serve_corpus(server, share, min(feeds_per_host, len(share)))
        yield [
            replace(spec, outlet=bench.OUTLETS[k % len(bench.OUTLETS)])
            for k, spec in enumerate(specs)
        ]


# The views every configuration must fill alike, and the facts that must hold each id once.
_COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "versions": "SELECT count(*) FROM article_versions",
    "claims": "SELECT count(*) FROM claims",
    "flags": "SELECT count(*) FROM contradictions",
}
_ONCE = {
    "article_fact": "article_id",
    "article_version_fact": "article_id, version",
    "extraction_fact": "extraction_id",
    "claim_fact": "claim_id",
}


def run_configuration(cluster: Any, specs: Sequence[Any], workers: int, tmp: Path) -> Configuration:
    from claimwatch.warehouse.backend import Lake
    from claimwatch.warehouse.store import Warehouse

    db = LAKE + cluster.conninfo_for(cluster.create_database())
    data = tmp / f"lake-{workers}-workers"
    data.mkdir()
    wh = Warehouse(db, lake_data=data)
    # The schema first, untimed, so the workers start on equal terms (migrating is the
    # deployment's one-off `claimwatch migrate`, not a cycle's work).
    wh.migrate()
    feeds = tuple((s.url, s.outlet) for s in specs)
    shards_s, shards = _run_together(
        [Job(db, str(data), feeds, (i, workers)) for i in range(workers)], tmp
    )
    pass_s, (closing,) = _run_together([Job(db, str(data), feeds)], tmp)
    tally = Tally()
    for result in shards:
        tally.add(Tally(**result["tally"]))
    counts = {name: int(wh.query(q)[1][0][0]) for name, q in _COUNTS.items()}  # type: ignore[call-overload]
    duplicates = 0
    for table, key in _ONCE.items():
        _, rows = wh.query(f"SELECT count(*) - count(DISTINCT ({key})) FROM {table}")
        duplicates += int(rows[0][0])  # type: ignore[call-overload]
    Lake.close_shared()  # this configuration's catalog connections end here
    extracted = sum(r["counts"].get("versions_extracted", 0) for r in [*shards, closing])
    config = Configuration(
        workers, shards_s, pass_s, extracted, counts["articles"], counts["versions"],
        counts["claims"], counts["flags"], duplicates, tally,
    )  # fmt: skip
    per_shard = ", ".join(
        f"{r['counts'].get('versions_extracted', 0)} extracted in {r['seconds']:.1f} s"
        for r in shards
    )
    note(f"{workers} worker(s): shards {shards_s:.1f} s ({per_shard}), closing extract+flag "
         f"pass {pass_s:.1f} s ({closing['counts'].get('versions_extracted', 0)} extracted); "
         f"{config.articles} articles, {config.versions} versions, {config.claims} claims, "
         f"{config.flags} flags, {duplicates} duplicate ids; {config.rate:.2f} articles/s "
         f"({bench.load_average()})")  # fmt: skip
    return config


def measure_workers(
    cluster: Any, articles: Sequence[bench.Article], feeds_per_host: int
) -> list[Configuration]:
    """Every configuration of WORKERS over the same served corpus, each into a fresh lake."""
    with (
        served(articles, feeds_per_host) as specs,
        tempfile.TemporaryDirectory(prefix="claimwatch-bench-lake-") as tmp,
    ):
        note(f"{len(articles)} articles in {len(specs)} feeds on {len(HOSTS)} hosts")
        return [run_configuration(cluster, specs, n, Path(tmp)) for n in WORKERS]


def fig_throughput(configs: Sequence[Configuration]) -> Figure:
    by = {c.workers: c for c in configs}
    one = by[1].rate
    parts = [
        f"{c.workers} worker{'s' if c.workers > 1 else ''} {c.rate:.2f} art/s "
        f"({c.shards_s:.0f} s shards + {c.pass_s:.0f} s extract+flag)"
        for c in configs
    ]
    cores = os.cpu_count() or 0
    return Figure(
        "lake_workers_throughput",
        f"{'; '.join(parts)}; 2/1 {by[2].rate / one:.2f}x, 4/1 {by[4].rate / one:.2f}x "
        f"({configs[0].articles:,} articles, {configs[0].claims:,} claims each; {cores} cores"
        f"{f': {max(WORKERS)} workers cannot beat {cores}' if cores < max(WORKERS) else ''})",
        "reported (shards as plain processes, no Prefect server)",
        None,
    )


def fig_conflicts(config: Configuration) -> Figure:
    t = config.tally
    per = 1000 / max(t.commits, 1)
    waits = t.waits.get("write", 0)
    waited = t.waited_s.get("write", 0.0)
    retries = t.retries.get("write", 0)
    held = t.held_s.get("write", 0.0)
    note(f"{config.workers} workers, every advisory lock: acquired {t.acquired}, waited "
         f"{t.waits} ({ {k: round(v, 1) for k, v in t.waited_s.items()} } s), held "
         f"{ {k: round(v, 1) for k, v in t.held_s.items()} } s; failed transactions "
         f"{t.failures}")  # fmt: skip
    return Figure(
        "lake_commit_conflicts",
        f"{config.workers} workers: {t.commits} commits, {t.conflicts} conflicts "
        f"({t.conflicts * per:.1f} per 1,000 commits), {waits} write-lock waits "
        f"({waits * per:.0f} per 1,000 commits, {retries} retries at 0.5 s, {waited:.1f} s "
        f"waited in all, {waited / max(t.commits, 1) * 1000:.0f} ms a commit); the write lock "
        f"was held {held:.1f} s of {config.workers} x {config.shards_s:.0f} s",
        "reported; 0 conflicts, 0 ids stored twice",
        t.conflicts == 0 and config.duplicates == 0,
    )


# -- 3. a lake commit against a file commit ---------------------------------------------------


def fig_commit(cluster: Any, commits: int) -> Figure:
    from claimwatch.warehouse.backend import Lake
    from claimwatch.warehouse.feeds import FeedPoll
    from claimwatch.warehouse.store import Warehouse

    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-commit-") as tmp:
        data = Path(tmp) / "lake-data"
        data.mkdir()
        sides = {
            "lake": Warehouse(LAKE + cluster.conninfo_for(cluster.create_database()),
                              lake_data=data),
            "file": Warehouse(Path(tmp) / "commit.duckdb"),
        }  # fmt: skip
        now = datetime.now(UTC)
        for wh in sides.values():
            wh.migrate()
            wh.start_run("bench-commit", "mythos", now)

        def poll(k: int) -> FeedPoll:
            return FeedPoll(
                feed_url=f"http://127.0.0.2/o{k % 16}/feed.xml", outlet="Harbor Ledger",
                kind="feed", polled_at=now + timedelta(seconds=k), status="not_modified",
                http_status=304, entries=0, error=None, etag=f'"e{k}"', last_modified=None,
                body_hash=None, consecutive_failures=0, next_poll_at=None,
            )  # fmt: skip

        spent: dict[str, list[float]] = {name: [] for name in sides}
        for k in range(-1, commits):  # k = -1: warm-up (the lake's attach), not counted
            order = list(sides.items()) if k % 2 == 0 else list(sides.items())[::-1]
            for name, wh in order:
                start = time.perf_counter()
                wh.record_feed_polls("bench-commit", [poll(k)], topic="mythos")
                if k >= 0:
                    spent[name].append(time.perf_counter() - start)
        for name, wh in sides.items():
            stored = wh.query("SELECT count(*) FROM feed_poll_fact")[1][0][0]
            if stored != commits + 1:
                raise RuntimeError(f"{name}: {stored} polls stored, {commits + 1} written")
        Lake.close_shared()
    lake, file = (statistics.median(spent[n]) * 1000 for n in ("lake", "file"))
    p95 = {n: sorted(v)[int(0.95 * (len(v) - 1))] * 1000 for n, v in spent.items()}
    note(f"commit samples: lake p95 {p95['lake']:.1f} ms, file p95 {p95['file']:.1f} ms "
         f"({bench.load_average()})")  # fmt: skip
    return Figure(
        "lake_commit_vs_file_commit",
        f"lake {lake:.1f} ms, file {file:.1f} ms, lake/file {lake / file:.2f}x (median of "
        f"{commits} interleaved `record_feed_polls` of one poll; the lake keeps its connection "
        f"and takes the write lock, the file is opened and closed per transaction)",
        "reported",
        None,
    )


# -- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--articles", type=int, help="articles in the corpus (default 2000)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    from tests.support.postgres import PostgresCluster, find_bindir

    articles = args.articles or (60 if args.quick else 2000)
    commits = 20 if args.quick else 200
    feeds_per_host = 1 if args.quick else 2
    bindir = find_bindir()
    if bindir is None:
        print("no PostgreSQL server binaries (pg_config --bindir): install postgresql-15")
        return 1
    print(f"lake workers benchmark ({articles} articles), {bench.load_average()}",
          file=sys.stderr, flush=True)  # fmt: skip
    corpus = bench.synthetic_corpus(articles)
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
        start = time.perf_counter()
        configs = measure_workers(cluster, corpus, feeds_per_host)
        note(f"figures 1 and 2 took {time.perf_counter() - start:.0f} s")
        print(fig_throughput(configs).line(), flush=True)
        print(fig_conflicts(configs[-1]).line(), flush=True)
        print(fig_commit(cluster, commits).line(), flush=True)
    finally:
        cluster.stop()
    print(f"{bench.machine()}, PostgreSQL from {bindir}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
