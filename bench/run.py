"""claimwatch benchmarks: what the pipeline costs beside spaCy, and whether it uses both cores.

    .venv/bin/python bench/run.py [--quick] [--only N[,N...]]

Builds a synthetic corpus from the bundled fixture pages (flows/sample/), paragraphs shuffled
across articles, numbers, attributions and outlets varied so no two texts are alike, then
measures every figure of issue 7 in this one process (figure 7 in a fresh child process, figure
8 in `claimwatch run` subprocesses) and prints one line per figure:

    name: measured (goal ...) PASS|MISS

then the machine. Details (samples, counts, load average) go to stderr. `--quick` runs every
figure on tiny sizes (a smoke run, about two minutes); the full run takes 15-30 minutes on
2 cores. Timings are never asserted anywhere: a MISS is a finding, not a failure (the exit
status is 0 whenever every figure could be measured).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import hashlib
import html
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Before anything imports Prefect (flows.monitor does): a private home, no telemetry.
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="claimwatch-bench-prefect-")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

BIN = Path(sys.executable).parent
T0 = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)


# -- output ---------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure. `ok` is None when the figure has no goal beyond being reported."""

    name: str
    measured: str
    goal: str
    ok: bool | None
    details: list[str] = field(default_factory=list)

    def line(self) -> str:
        verdict = "PASS" if self.ok or self.ok is None else "MISS"
        return f"{self.name}: {self.measured} (goal {self.goal}) {verdict}"


def note(message: str) -> None:
    """A detail line: stderr, so stdout holds only the figures and the machine."""
    print(f"  . {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine() -> str:
    import duckdb
    import spacy

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from claimwatch.extractors.nlp import load_model

        meta = load_model().meta
        model = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"
    except Exception as exc:  # the machine line must print even without a model
        model = f"no model ({type(exc).__name__})"
    try:
        import prefect

        prefect_version = prefect.__version__
    except Exception:
        prefect_version = "?"
    return (
        f"machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__} ({model}), "
        f"DuckDB {duckdb.__version__}, Prefect {prefect_version}, {load_average()}"
    )


# -- the synthetic corpus -------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    title: str
    text: str  # paragraphs separated by "\n", as ingestion stores them
    outlet: str


OUTLETS = (
    "Harbor Ledger", "Capitol Circuit", "Metro Tribune", "Policy Brief Weekly", "Lakeside Daily",
    "Northwind Courier", "Granite State Post", "Bayline Journal", "Summit Record",
    "Riverbend Gazette", "Coastal Dispatch", "Prairie Observer", "Ironbridge Times",
    "Westfield Herald", "Cedar Valley News", "Orchard Street Review", "Beacon Wire",
    "Tidewater Examiner", "Highland Monitor", "Union Square Daily",
)  # fmt: skip
ATTRIBUTIONS = (
    "The Wall Street Journal", "Reuters", "Bloomberg", "The Financial Times", "Politico",
    "Axios", "The Information", "The New York Times",
)  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_YEAR = range(1900, 2101)


def fixture_articles() -> list[tuple[str, str]]:
    """(title, text) of every on-topic fixture page, both phases, duplicates dropped."""
    from claimwatch.extractors.main_text import page_text
    from claimwatch.flows.sample_server import load_manifest, phase_files

    on_topic: set[str] = set()
    for phase in ("phase1", "phase2"):
        for a in load_manifest()["expectations"][phase]["articles"]:
            if a.get("on_topic"):
                on_topic.add(a["url"].replace("{base}/", ""))
    seen: set[str] = set()
    out = []
    for phase in (1, 2):
        for path, raw in sorted(phase_files(phase).items()):
            if not path.endswith(".html") or path not in on_topic:
                continue
            body = raw.replace(b"{base}", b"http://bench.invalid")
            read = page_text(body, f"http://bench.invalid/{path}", "text/html; charset=utf-8")
            if read.text and read.text not in seen:
                seen.add(read.text)
                out.append((read.title or "", read.text))
    if not out:
        raise RuntimeError("no on-topic fixture pages found in flows/sample/")
    return out


def _vary_numbers(text: str, rng: random.Random) -> str:
    def swap(m: re.Match[str]) -> str:
        whole, frac = m.group(1), m.group(2)
        value = int(whole.replace(",", ""))
        if frac is None and value in _YEAR and "," not in whole:
            return m.group(0)  # a year stays a year
        factor = rng.uniform(0.6, 1.6)
        if frac:
            return f"{value * factor:.{len(frac) - 1}f}"
        new = max(1, round(value * factor))
        return f"{new:,}" if "," in whole else str(new)

    return _NUMBER.sub(swap, text)


def _vary_names(text: str, rng: random.Random) -> str:
    pick = rng.choice(ATTRIBUTIONS)
    return text.replace("The Wall Street Journal", pick).replace("Wall Street Journal", pick)


def synthetic_corpus(n: int, *, seed: int = 7, words: int = 800) -> list[Article]:
    """`n` articles of about `words` words (~950 spaCy tokens, a typical news article), each
    a fixture headline over fixture paragraphs from several pages, numbers, attributions and
    outlet varied: no two texts are the same, all read like the story's coverage."""
    rng = random.Random(seed)
    pages = fixture_articles()
    paragraphs = [p for _, text in pages for p in text.split("\n") if len(p.split()) >= 8]
    out = []
    for i in range(n):
        title, _ = pages[i % len(pages)]
        chosen: list[str] = []
        count = 0
        pool = paragraphs[:]
        rng.shuffle(pool)
        while count < words:
            if not pool:
                pool = paragraphs[:]
                rng.shuffle(pool)
            p = pool.pop()
            chosen.append(p)
            count += len(p.split())
        text = "\n".join(_vary_names(_vary_numbers(p, rng), rng) for p in chosen)
        out.append(Article(_vary_numbers(title, rng), text, OUTLETS[i % len(OUTLETS)]))
    return out


def nlp_texts(articles: Sequence[Article]) -> list[str]:
    """What the extract stage hands spaCy: headline, blank line, text (flows.cycle._nlp_text)."""
    return [f"{a.title}\n\n{a.text}" if a.title else a.text for a in articles]


def mythos_topic() -> Any:
    from claimwatch.flows.topic_files import load_topic

    return load_topic("mythos", require_feeds=False)


# -- 1. extract stage vs raw nlp.pipe -------------------------------------------------------


def fig_extract_overhead(
    texts: Sequence[str], reps: int, chunk: int = 10, batch_size: int = 32
) -> Figure:
    """Throughput of the extract stage (our pipeline + Extraction objects) over raw nlp.pipe.

    The two alternate chunk by chunk (`chunk` texts each, the order flipping every chunk), so
    a burst of load from other processes on this shared machine hits both sides alike. CPU
    time of this process is the headline (single-process work: time other processes steal
    does not count); wall time is reported too."""
    from claimwatch.extractors.nlp import build_pipeline, extract_many, load_model

    topic = mythos_topic()
    nlp = build_pipeline(topic)
    raw = load_model()

    def run_raw(part: Sequence[str]) -> None:
        for _doc in raw.pipe(part, batch_size=batch_size):
            pass

    def run_ours(part: Sequence[str]) -> None:
        for _extraction in extract_many(nlp, part, topic=topic, batch_size=batch_size):
            pass

    def clock(fn: Callable[[Sequence[str]], None], part: Sequence[str]) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        fn(part)
        return time.perf_counter() - wall, time.process_time() - cpu

    # Warm both (first-call allocations, lazy tables) on a few texts, untimed.
    run_raw(texts[:4])
    run_ours(texts[:4])
    tokens = sum(len(d) for d in raw.tokenizer.pipe(texts))
    cpu_ratios, wall_ratios, raw_wall = [], [], []
    for rep in range(reps):
        totals = {"raw": [0.0, 0.0], "ours": [0.0, 0.0]}
        for k, at in enumerate(range(0, len(texts), chunk)):
            part = texts[at : at + chunk]
            order = [("raw", run_raw), ("ours", run_ours)]
            for name, fn in order if (k + rep) % 2 == 0 else order[::-1]:
                wall, cpu = clock(fn, part)
                totals[name][0] += wall
                totals[name][1] += cpu
        (rw, rc), (ow, oc) = totals["raw"], totals["ours"]
        cpu_ratios.append(rc / oc)  # throughput(ours) / throughput(raw)
        wall_ratios.append(rw / ow)
        raw_wall.append(rw)
        note(f"extract rep {rep + 1}: raw nlp.pipe {rw:.2f} s wall / {rc:.2f} s CPU, extract "
             f"stage {ow:.2f} s wall / {oc:.2f} s CPU; ratio CPU {rc / oc:.3f}, wall "
             f"{rw / ow:.3f} ({load_average()})")  # fmt: skip
    ratio = statistics.median(cpu_ratios)
    wall_ratio = statistics.median(wall_ratios)
    per_s = len(texts) / statistics.median(raw_wall)
    tokens_s = tokens / statistics.median(raw_wall)
    note(f"{len(texts)} texts, {tokens / len(texts):.0f} tokens each; raw nlp.pipe "
         f"{per_s:.1f} articles/s wall ({tokens_s:,.0f} tokens/s)")  # fmt: skip
    return Figure(
        "extract_vs_raw_nlp_pipe",
        f"{ratio:.3f}x raw throughput by CPU time, {wall_ratio:.3f}x by wall time (median of "
        f"{reps}, {len(texts)} articles of ~{tokens / len(texts):.0f} tokens, raw "
        f"{per_s:.1f} art/s)",
        ">= 0.90",
        ratio >= 0.90,
    )


# -- 2. two processes vs one ----------------------------------------------------------------


def fig_two_processes(texts: Sequence[str], reps: int, batch_size: int = 32) -> Figure:
    from claimwatch.extractors.nlp import build_pipeline, extract_many

    topic = mythos_topic()
    nlp = build_pipeline(topic)

    def run(n_process: int) -> Callable[[], None]:
        def go() -> None:
            count = 0
            for _ in extract_many(
                nlp, texts, topic=topic, batch_size=batch_size, n_process=n_process
            ):
                count += 1
            assert count == len(texts)

        return go

    def cpu() -> tuple[float, float]:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time(), kids.ru_utime + kids.ru_stime

    def measured(n_process: int) -> tuple[float, float, float]:
        """Wall time, CPU of this process, CPU of the workers (reaped children)."""
        own0, kids0 = cpu()
        wall = timed(run(n_process))
        own1, kids1 = cpu()
        return wall, own1 - own0, kids1 - kids0

    speedups = []
    for rep in range(reps):
        if rep % 2 == 0:
            (one, cpu1, _), (two, parent2, workers2) = measured(1), measured(2)
        else:
            (two, parent2, workers2), (one, cpu1, _) = measured(2), measured(1)
        speedups.append(one / two)
        # With two idle cores the wall time would be bounded by the busier side: the parent
        # (reading results) or one worker (half of the workers' CPU, batches being even).
        bound = cpu1 / max(parent2, workers2 / 2) if workers2 else float("nan")
        note(f"n_process rep {rep + 1}: 1 process {one:.2f} s ({cpu1:.2f} s CPU), 2 processes "
             f"{two:.2f} s (parent {parent2:.2f} s CPU, workers {workers2:.2f} s CPU); wall "
             f"speed-up {one / two:.2f}x, CPU-bound estimate on 2 idle cores {bound:.2f}x "
             f"({load_average()})")  # fmt: skip
    speedup = statistics.median(speedups)
    return Figure(
        "extract_2_processes_vs_1",
        f"{speedup:.2f}x (median of {reps}, {len(texts)} articles, batch {batch_size})",
        ">= 1.6x",
        speedup >= 1.6,
    )


# -- a synthetic corpus served over HTTP ----------------------------------------------------


def _http_date(when: datetime) -> str:
    return email.utils.format_datetime(when, usegmt=True)


def page_html(url: str, a: Article, published: datetime) -> bytes:
    title = html.escape(a.title)
    outlet = html.escape(a.outlet)
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in a.text.split("\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - {outlet}</title>
<link rel="canonical" href="{html.escape(url)}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published.isoformat()}">
</head><body>
<nav><a href="/">Home</a> <a href="/tech/">Tech</a> <a href="/policy/">Policy</a></nav>
<article><h1>{title}</h1>
<p class="byline">By Staff Reporter</p>
{paragraphs}
</article>
<footer>Copyright {outlet}. All rights reserved.</footer>
</body></html>""".encode()


def feed_xml(outlet: str, base: str, items: Sequence[tuple[str, Article, datetime]]) -> bytes:
    entries = "\n".join(
        f"""<item><title>{html.escape(a.title)}</title><link>{html.escape(url)}</link>
<guid isPermaLink="false">{hashlib.sha256(url.encode()).hexdigest()[:16]}</guid>
<pubDate>{_http_date(when)}</pubDate>
<description>{html.escape(a.text.split(chr(10))[0])}</description></item>"""
        for url, a, when in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{html.escape(outlet)}</title><link>{base}/</link>
<description>News from {html.escape(outlet)}</description>
{entries}
</channel></rss>""".encode()


def serve_corpus(server: Any, articles: Sequence[Article], feeds: int) -> list[Any]:
    """Put `articles` on `server` as `feeds` RSS feeds with pages; every resource has an ETag
    and a Last-Modified, so an unchanged resource answers a conditional GET with 304."""
    from claimwatch.extractors.topic import FeedSpec

    specs = []
    per_feed = -(-len(articles) // feeds)
    for f in range(feeds):
        chunk = articles[f * per_feed : (f + 1) * per_feed]
        if not chunk:
            break
        outlet = OUTLETS[f % len(OUTLETS)]
        items = []
        for j, a in enumerate(chunk):
            path = f"/o{f}/2026/11/story-{j}.html"
            url = server.url(path)
            when = T0 + timedelta(minutes=17 * (f * per_feed + j))
            a = replace(a, outlet=outlet)
            body = page_html(url, a, when)
            server.static(path, body, headers=_validators(body, when))
            items.append((url, a, when))
        body = feed_xml(outlet, server.base_url, items)
        server.static(
            f"/o{f}/feed.xml",
            body,
            headers=_validators(body, T0 + timedelta(days=1)),
            content_type="application/rss+xml",
        )
        specs.append(FeedSpec(url=server.url(f"/o{f}/feed.xml"), outlet=outlet, kind="feed"))
    return specs


def _validators(body: bytes, when: datetime) -> dict[str, str]:
    return {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:24] + '"',
        "Last-Modified": _http_date(when),
    }


def clocked(
    stages: Sequence[Callable[..., None]], spent: dict[str, float]
) -> list[Callable[..., None]]:
    """The cycle's stages, each writing its last run's seconds into `spent` (by name)."""

    def clock(stage: Callable[..., None]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            start = time.perf_counter()
            try:
                stage(*args)
            finally:
                spent[stage.__name__] = time.perf_counter() - start

        return run

    return [clock(stage) for stage in stages]


class NlpCounter:
    """Counts calls into `extractors.nlp.extract_many` (and the texts it yields for) while
    installed; the extract stage imports it from the module at call time, so patching the
    module attribute sees every call. Benchmark-only: restored on exit."""

    def __init__(self) -> None:
        self.calls = 0
        self.docs = 0

    def __enter__(self) -> NlpCounter:
        import claimwatch.extractors.nlp as nlp_module

        self._module = nlp_module
        self._original = nlp_module.extract_many
        original = self._original

        def counting(*args: Any, **kwargs: Any) -> Iterator[Any]:
            self.calls += 1
            for extraction in original(*args, **kwargs):
                self.docs += 1
                yield extraction

        nlp_module.extract_many = counting  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.extract_many = self._original  # type: ignore[assignment]


# -- 3. second poll of unchanged coverage vs the first --------------------------------------


def fig_second_poll(articles: Sequence[Article], feeds: int, reps: int) -> Figure:
    from claimwatch.extractors.nlp import build_pipeline
    from claimwatch.flows.cycle import STAGES
    from claimwatch.flows.monitor import run_cycle
    from claimwatch.flows.settings import Settings
    from tests.support.httpserver import TestServer

    topic = mythos_topic()
    # Process start excluded: imports done and the model loaded before the clock starts, as
    # in a long-running process (`claimwatch serve`) that polls again.
    build_pipeline(topic)
    spent: dict[str, float] = {}
    stages = clocked(STAGES, spent)
    ratios, firsts, seconds, nlp_second = [], [], [], []
    with TestServer() as server:
        specs = serve_corpus(server, articles, feeds)
        topic = replace(topic, feeds=tuple(specs))
        for rep in range(reps):
            with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
                settings = Settings(db_path=Path(tmp) / "poll.duckdb", alerts=False)
                with NlpCounter() as first_count:
                    start = time.perf_counter()
                    s1 = run_cycle(settings, topic=topic, stages=stages)
                    first = time.perf_counter() - start
                before = len(server.requests)
                with NlpCounter() as second_count:
                    spent.clear()
                    start = time.perf_counter()
                    s2 = run_cycle(settings, topic=topic, stages=stages)
                    second = time.perf_counter() - start
                breakdown = ", ".join(f"{k} {v:.3f} s" for k, v in spent.items())
                statuses = [p for _m, p, _h in server.requests[before:]]
            firsts.append(first)
            seconds.append(second)
            ratios.append(second / first)
            nlp_second.append(second_count.calls + second_count.docs)
            note(f"poll rep {rep + 1}: first {first:.2f} s ({s1.counts['articles_new']} new, "
                 f"{s1.counts['versions_extracted']} extracted, {first_count.docs} texts through "
                 f"NLP, {s1.counts['claims']} claims), second {second:.3f} s "
                 f"({s2.counts['feeds_not_modified']} feeds not modified, {len(statuses)} "
                 f"requests, NLP calls {second_count.calls}, texts {second_count.docs}; "
                 f"{breakdown}) ({load_average()})")  # fmt: skip
            if s1.counts["versions_extracted"] == 0:
                raise RuntimeError("the first poll extracted nothing: the corpus did not load")
    ratio = statistics.median(ratios)
    nlp = max(nlp_second)
    return Figure(
        "second_poll_vs_first",
        f"{ratio * 100:.1f} % ({statistics.median(seconds):.3f} s vs "
        f"{statistics.median(firsts):.2f} s, {len(articles)} articles in {len(specs)} feeds, "
        f"median of {reps}), NLP calls on second poll: {nlp}",
        "<= 5 %, 0 NLP calls",
        ratio <= 0.05 and nlp == 0,
    )


# -- 10. revisiting unchanged pages: conditional GET vs full fetches vs feeds only -----------


def fig_revisits(articles: Sequence[Article], feeds: int) -> Figure:
    """Three cycles over the same known articles, none of which changed, side by side: polling
    the (unchanged) feeds only; revisiting every article with its page fetched in full (the
    first revisit: no validators known yet, so each page is downloaded, read and hashed); and
    revisiting every article again with the validators the first revisit recorded (304s)."""
    from claimwatch.extractors.revisit import RevisitSchedule
    from claimwatch.flows.cycle import STAGES
    from claimwatch.flows.monitor import run_cycle
    from claimwatch.flows.settings import Settings
    from claimwatch.warehouse.store import Warehouse
    from tests.support.httpserver import TestServer

    n = len(articles)
    # Every known article due at every cycle (the corpus was published days before "now").
    every_cycle = RevisitSchedule(
        steps=((timedelta(days=3650), timedelta(seconds=1)),),
        horizon=timedelta(days=3660),
        budget=n,
    )
    # Per cycle: poll-and-fetch stage time (where revisits run), requests, page body bytes,
    # NLP calls. The whole cycle's time (flags, alerts) goes to the details.
    rows: dict[str, tuple[float, int, int, int]] = {}
    spent: dict[str, float] = {}
    with TestServer() as server, tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        specs = serve_corpus(server, articles, feeds)
        base = replace(mythos_topic(), feeds=tuple(specs))
        settings = Settings(db_path=Path(tmp) / "revisits.duckdb", alerts=False)
        # Known articles: a first cycle reads and extracts every page (so no measured cycle
        # inherits extraction work).
        run_cycle(settings, topic=replace(base, revisit=replace(every_cycle, budget=0)))
        for name, budget in (("feeds_only", 0), ("full_fetch", n), ("conditional", n)):
            topic = replace(base, revisit=replace(every_cycle, budget=budget))
            before = len(server.requests)
            with NlpCounter() as nlp:
                start = time.perf_counter()
                summary = run_cycle(settings, topic=topic, stages=clocked(STAGES, spent))
                cycle = time.perf_counter() - start
            requests = len(server.requests) - before
            _, got = Warehouse(settings.db_path).query(
                f"SELECT coalesce(sum(bytes), 0) FROM revisits WHERE run_id = '{summary.run_id}'"
            )
            body_bytes = int(got[0][0])  # type: ignore[call-overload]
            poll = spent["poll_and_store"]
            rows[name] = (poll, requests, body_bytes, nlp.calls)
            c = summary.counts
            note(f"revisits {name}: poll stage {poll:.2f} s (cycle {cycle:.2f} s), "
                 f"{requests} requests, {body_bytes} page bytes, "
                 f"{c['revisits']} revisits ({c['revisits_not_modified']} not modified, "
                 f"{c['revisits_unchanged']} unchanged, {c['revisits_changed']} changed), "
                 f"NLP calls {nlp.calls} ({load_average()})")  # fmt: skip
            if budget and c["revisits"] != n:
                raise RuntimeError(f"{name}: {c['revisits']} revisits, expected {n}")
    feeds_only, full, conditional = rows["feeds_only"], rows["full_fetch"], rows["conditional"]
    bytes_ratio = conditional[2] / max(full[2], 1)
    nlp = full[3] + conditional[3]
    return Figure(
        "revisit_unchanged_pages",
        f"{n} unchanged pages in {len(specs)} feeds, poll-stage time: conditional revisit "
        f"{conditional[0]:.2f} s, "
        f"{conditional[1]} requests, {conditional[2]} page bytes; full fetch {full[0]:.2f} s, "
        f"{full[1]} requests, {full[2]} page bytes (conditional/full: time "
        f"{conditional[0] / full[0] * 100:.0f} %, bytes {bytes_ratio * 100:.1f} %); feeds only "
        f"{feeds_only[0]:.2f} s, {feeds_only[1]} requests (conditional revisit/feeds only: time "
        f"x{conditional[0] / feeds_only[0]:.1f}); NLP calls {nlp}",
        "0 NLP calls for unchanged pages, conditional bytes <= 5 % of full",
        nlp == 0 and bytes_ratio <= 0.05,
    )


# -- 4. 100 slow feeds, concurrently, within the per-host limit -----------------------------


class _Gauge:
    """Requests in flight on one server, and the most seen at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


def _slow_feed(gauge: _Gauge, body: bytes, delay: float) -> Callable[[Any], None]:
    from tests.support.httpserver import respond, stopping

    def handler(h: Any) -> None:
        with gauge:
            stopping(h).wait(delay)
            respond(h, body, content_type="application/rss+xml")

    return handler


def fig_parallel_poll(feeds: int, hosts: int, delay: float, reps: int) -> Figure:
    import claimwatch.flows.poll as poll_module
    from claimwatch.extractors.topic import FeedSpec
    from claimwatch.flows.fetch import FetchLimits, HostLimiter
    from claimwatch.flows.poll import poll_feeds
    from tests.support.httpserver import TestServer

    limits = FetchLimits()
    limiters: list[HostLimiter] = []

    class RecordingLimiter(HostLimiter):
        def __init__(self, per_host: int = 2) -> None:
            super().__init__(per_host)
            limiters.append(self)

    servers = [TestServer(f"127.0.0.{2 + i}") for i in range(hosts)]
    gauges = [_Gauge() for _ in servers]
    body = feed_xml(
        "Slow Feed", "http://slow.invalid", [("http://slow.invalid/a.html", Article(
            "Anthropic asks to widen Mythos access", "About 70 more organizations.", "x"), T0)]
    )  # fmt: skip
    specs = []
    for k in range(feeds):
        i = k % hosts
        servers[i].route(f"/feed{k}.xml", _slow_feed(gauges[i], body, delay))
        specs.append(FeedSpec(url=servers[i].url(f"/feed{k}.xml"), outlet=f"Feed {k}"))
    ratios, totals = [], []
    limiter_peak = server_peak = 0
    try:
        for s in servers:
            s.start()
        poll_module.HostLimiter = RecordingLimiter  # type: ignore[misc]
        for rep in range(reps):
            start = time.perf_counter()
            outcomes = asyncio.run(poll_feeds(specs, {}, limits, datetime.now(UTC)))
            total = time.perf_counter() - start
            bad = [o for o in outcomes if o.status != "ok"]
            if bad:
                raise RuntimeError(f"{len(bad)} feeds failed, e.g. {bad[0].error}")
            totals.append(total)
            ratios.append(total / (feeds * delay))
            note(f"poll 100 feeds rep {rep + 1}: {total:.2f} s ({load_average()})")
        limiter_peak = max(max(lim.peaks.values()) for lim in limiters)
        server_peak = max(g.peak for g in gauges)
    finally:
        poll_module.HostLimiter = HostLimiter  # type: ignore[misc]
        for s in servers:
            s.shutdown()
    ratio = statistics.median(ratios)
    within = server_peak <= limits.per_host and limiter_peak <= limits.per_host
    return Figure(
        "poll_100_slow_feeds_vs_sequential",
        f"{ratio:.3f}x ({statistics.median(totals):.2f} s vs {feeds} x {delay:g} s = "
        f"{feeds * delay:g} s; {feeds} feeds on {hosts} hosts, median of {reps}); max per-host "
        f"concurrency seen by servers {server_peak}, by HostLimiter.peaks {limiter_peak} "
        f"(limit {limits.per_host})",
        f"<= 0.1x, per-host <= {limits.per_host}",
        ratio <= 0.1 and within,
    )


# -- 5. bulk load vs executemany ------------------------------------------------------------


def synthetic_extractions(claims: int, *, per_version: int = 10, seed: int = 11) -> list[Any]:
    """(article_id, version, Extraction) items holding `claims` claims and as many entities."""
    from claimwatch.extractors.records import Claim, Entity, Extraction

    rng = random.Random(seed)
    sentences = [p for _, text in fixture_articles() for p in text.split("\n")]
    items = []
    for n in range(-(-claims // per_version)):
        count = min(per_version, claims - n * per_version)
        cs = []
        for k in range(count):
            value = float(rng.randint(5, 500))
            sentence = rng.choice(sentences)
            cs.append(
                Claim(
                    value=value,
                    low=value * 0.9 if k % 2 else None,
                    high=value * 1.1 if k % 2 else None,
                    qualifier=("approx", "exact", "at_least")[k % 3],
                    kind=("level", "delta")[k % 2],
                    modality=("actual", "proposed")[(k // 2) % 2],
                    negated=k % 7 == 0,
                    measure=f"m{rng.randint(0, 999)}",
                    quantity="count",
                    noun="organization" if k % 4 else None,
                    subject="Anthropic" if k % 3 else None,
                    attribution=ATTRIBUTIONS[k % len(ATTRIBUTIONS)] if k % 5 == 0 else None,
                    value_text=f"about {value:g}",
                    sentence=sentence,
                    start_char=10 * k,
                    end_char=10 * k + 8,
                    sentence_start=0,
                    sentence_end=len(sentence),
                )
            )
        es = tuple(
            Entity(name, "ORG", name, 20 * k, 20 * k + len(name))
            for k, name in enumerate(rng.choice(ATTRIBUTIONS) for _ in range(count))
        )
        items.append((f"art{n:07d}", 1 + n % 3, Extraction(entities=es, claims=tuple(cs))))
    return items


def rowwise_load(wh: Any, extractor_version: str, items: Sequence[Any]) -> int:
    """The same rows as `Warehouse.store_extractions` writes, row by row with executemany,
    into the same schema, in one transaction (the baseline of figure 5)."""
    from claimwatch.warehouse.queries import sql

    now = datetime.now(UTC)
    extraction_rows, claim_rows, entity_rows = [], [], []
    for article_id, version, extraction in items:
        eid = hashlib.sha256(f"{article_id}/{version}/{extractor_version}".encode()).hexdigest()[
            :20
        ]
        extraction_rows.append((eid, article_id, version, extractor_version, now))
        claim_rows.extend(
            (f"{eid}-{i}", eid, article_id, version, c.measure, c.subject, c.value, c.low,
             c.high, c.qualifier, c.kind, c.modality, c.negated, c.quantity, c.noun,
             c.attribution, c.value_text, c.sentence, c.start_char, c.end_char,
             c.sentence_start, c.sentence_end)
            for i, c in enumerate(extraction.claims)
        )  # fmt: skip
        entity_rows.extend(
            (eid, article_id, version, e.text, e.label, e.canonical, e.start_char, e.end_char)
            for e in extraction.entities
        )
    insert_extraction = sql("extraction_insert").split("RETURNING")[0]
    with wh.transaction() as con:
        con.executemany(insert_extraction, extraction_rows)
        con.executemany(sql("claim_insert"), claim_rows)
        con.executemany(sql("entity_insert"), entity_rows)
    return len(claim_rows)


def _table_digest(path: Path) -> tuple[object, ...]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        claims = con.execute(
            # Claim ids are not compared: the bulk path derives them from the claim's content.
            "SELECT count(*), sum(hash(extraction_id, article_id, version, measure, "
            "subject, value, low, high, qualifier, kind, modality, negated, quantity, noun, "
            "attribution, value_text, sentence, start_char, end_char, sentence_start, "
            "sentence_end)::HUGEINT) FROM claim"
        ).fetchone()
        entities = con.execute(
            "SELECT count(*), sum(hash(extraction_id, article_id, version, text, label, "
            "canonical, start_char, end_char)::HUGEINT) FROM entity"
        ).fetchone()
        extractions = con.execute(
            "SELECT count(*), sum(hash(extraction_id, article_id, version)::HUGEINT) "
            "FROM extraction"
        ).fetchone()
    finally:
        con.close()
    return (claims, entities, extractions)


def fig_bulk_load(claims: int, baseline_claims: int, reps: int) -> Figure:
    from claimwatch.warehouse.store import Warehouse

    items = synthetic_extractions(claims)
    base_items = synthetic_extractions(baseline_claims)
    bulk_s = []
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:

        def fresh(name: str) -> Any:
            wh = Warehouse(Path(tmp) / f"{name}.duckdb")
            wh.migrate()
            return wh

        for rep in range(reps):
            wh = fresh(f"bulk{rep}")
            start = time.perf_counter()
            stored = wh.store_extractions("bench", items)
            bulk_s.append(time.perf_counter() - start)
            again = wh.store_extractions("bench", items)  # idempotent: nothing the second time
            if stored != claims or again != 0:
                raise RuntimeError(f"store_extractions stored {stored}, then {again}")
            note(f"bulk rep {rep + 1}: {claims:,} claims (+{claims:,} entities) in "
                 f"{bulk_s[-1]:.2f} s ({load_average()})")  # fmt: skip
        # The baseline, and the bulk path on the very same items, for a like-for-like check.
        wh_rows, wh_bulk = fresh("rows"), fresh("bulk_same")
        start = time.perf_counter()
        rowwise_load(wh_rows, "bench", base_items)
        rows_s = time.perf_counter() - start
        start = time.perf_counter()
        wh_bulk.store_extractions("bench", base_items)
        same_s = time.perf_counter() - start
        same = _table_digest(wh_rows.path) == _table_digest(wh_bulk.path)
        note(f"row-by-row executemany: {baseline_claims:,} claims (+entities) in {rows_s:.2f} s "
             f"({rows_s / baseline_claims * 1000:.2f} ms a claim); bulk on the same items "
             f"{same_s:.2f} s; identical tables: {same} ({load_average()})")  # fmt: skip
        if not same:
            raise RuntimeError("bulk and row-by-row loads wrote different rows")
    bulk_rate = claims / statistics.median(bulk_s)
    rows_rate = baseline_claims / rows_s
    speedup = bulk_rate / rows_rate
    scaled = "" if baseline_claims == claims else (
        f"; executemany measured on {baseline_claims:,} claims ({rows_s:.1f} s; extrapolated "
        f"{claims / rows_rate:.0f} s for {claims:,}), per-claim rates compared; "
        f"same-size ratio {rows_s / same_s:.0f}x"
    )  # fmt: skip
    return Figure(
        "bulk_load_vs_executemany",
        f"{speedup:.0f}x (store_extractions {claims:,} claims + {claims:,} entities in "
        f"{statistics.median(bulk_s):.2f} s, median of {reps}{scaled})",
        ">= 20x",
        speedup >= 20,
    )


# -- 9. loading articles: one batch vs one article at a time ---------------------------------


def _observations(articles: int, seed: int) -> list[Any]:
    """New articles as a poll would hand them to the warehouse (page text, aliases, MinHash)."""
    from claimwatch.extractors.near_dup import signature
    from claimwatch.extractors.records import ArticleObservation
    from claimwatch.extractors.text_norm import content_hash

    out = []
    for i, a in enumerate(synthetic_corpus(articles, seed=seed, words=300)):
        url = f"https://o{i % 20}.example/2026/11/story-{seed}-{i}.html"
        out.append(
            ArticleObservation(
                url=url, outlet=a.outlet, feed_url=f"https://o{i % 20}.example/feed.xml",
                title=a.title, text=a.text, content_hash=content_hash(a.title, a.text),
                on_topic=True, published_at=T0, updated_at=None, fetched_at=T0,
                guid=f"guid-{seed}-{i}", aliases=(f"guid:o{i % 20}:{seed}-{i}",),
                signature=signature(a.text),
            )
        )  # fmt: skip
    return out


def fig_article_load(articles: int, baseline_articles: int, reps: int) -> Figure:
    """load_observations of `articles` new articles into a warehouse that already holds as many,
    against the row-by-row path (articles.load_observations_row_by_row) in the same run."""
    from claimwatch.warehouse.articles import load_observations_row_by_row
    from claimwatch.warehouse.store import Warehouse

    batch_ms, rows_ms = [], []
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        for rep in range(reps):
            for path_name, timings in (("batch", batch_ms), ("rows", rows_ms)):
                wh = Warehouse(Path(tmp) / f"{path_name}{rep}.duckdb")
                wh.migrate()
                wh.start_run("earlier", "bench", T0)
                wh.load_observations("earlier", _observations(articles, seed=100 + rep))
                wh.start_run("now", "bench", T0)
                n = articles if path_name == "batch" else baseline_articles
                new = _observations(n, seed=200 + rep)
                start = time.perf_counter()
                if path_name == "batch":
                    outcomes = wh.load_observations("now", new)
                else:
                    outcomes = load_observations_row_by_row(wh, "now", new, "bench")
                timings.append((time.perf_counter() - start) * 1000 / n)
                if [o.outcome for o in outcomes] != ["new"] * n:
                    raise RuntimeError(f"{path_name}: not every article was new")
            note(f"load rep {rep + 1}: batch {batch_ms[-1]:.2f} ms/article ({articles:,}), "
                 f"row by row {rows_ms[-1]:.2f} ms/article ({baseline_articles:,}) "
                 f"({load_average()})")  # fmt: skip
    batch, rows = statistics.median(batch_ms), statistics.median(rows_ms)
    return Figure(
        "article_load_ms_per_article",
        f"{batch:.2f} ms/article in one batch of {articles:,} new articles beside {articles:,} "
        f"stored (row by row: {rows:.1f} ms/article on {baseline_articles:,}; "
        f"{rows / batch:.0f}x), median of {reps}",
        "<= 2 ms/article",
        batch <= 2.0,
    )


# -- 6. contradiction queries at scale ------------------------------------------------------


def fig_flags_scale(sizes: Sequence[int], reps: int) -> Figure:
    from bench.flags_scale import build
    from claimwatch.warehouse.flags import detect_flags
    from claimwatch.warehouse.store import Warehouse

    medians = {}
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        for n in sizes:
            pristine = Path(tmp) / f"pristine{n}.duckdb"
            built = timed(lambda n=n, p=pristine: build(p, n))  # type: ignore[misc]
            runs = []
            for rep in range(reps):
                work = Path(tmp) / f"work{n}.duckdb"
                shutil.copyfile(pristine, work)  # every rep flags the same fresh warehouse
                wh = Warehouse(work)
                start = time.perf_counter()
                counts = detect_flags(wh, datetime(2026, 11, 3, tzinfo=UTC))
                runs.append(time.perf_counter() - start)
                rerun = ""
                if rep == 0:
                    later = datetime(2026, 11, 4, tzinfo=UTC)
                    again = timed(lambda wh=wh, at=later: detect_flags(wh, at))  # type: ignore[misc]
                    rerun = f"; rerun with nothing new {again:.2f} s"
                note(f"detect_flags {n:,} claims rep {rep + 1}: {runs[-1]:.2f} s -> "
                     f"{counts.total:,} flags{rerun} (built in {built:.1f} s; "
                     f"{load_average()})")  # fmt: skip
                work.unlink()
            medians[n] = statistics.median(runs)
            pristine.unlink()
    small, big = min(sizes), max(sizes)
    growth = medians[big] / medians[small]
    scale = big / small
    limit = 5.0
    ok = growth <= 1.3 * scale and medians[big] < limit
    return Figure(
        "detect_flags_scale",
        f"{medians[small]:.2f} s at {small:,} claims, {medians[big]:.2f} s at {big:,} "
        f"(1k measures, median of {reps}); growth {growth:.1f}x for {scale:g}x claims",
        f"growth <= {1.3 * scale:g}x (near-linear), {big:,} under {limit:g} s",
        ok,
    )


# -- 7. peak RSS ----------------------------------------------------------------------------


class TreeMemory:
    """Samples, every `interval` s, the summed RSS and PSS of this process and its children
    (/proc smaps_rollup). PSS counts a page shared by n processes as 1/n in each, so the sum is
    what the tree really holds; summed RSS counts forked, shared pages once per process."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    @staticmethod
    def _pids() -> list[str]:
        pids = [str(os.getpid())]
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                pids += (task / "children").read_text().split()
        return pids

    @staticmethod
    def _rollup(pid: str) -> tuple[int, int]:
        rss = pss = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        except (OSError, ValueError):
            pass
        return rss, pss

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            rss = pss = 0
            for pid in self._pids():
                r, p = self._rollup(pid)
                rss += r
                pss += p
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.samples += 1

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def rss_child(articles: int, n_process: int) -> None:
    """In a fresh process: store `articles` synthetic articles, extract them with the extract
    stage (n_process workers), and print peak RSS of this process and its children as JSON."""
    from claimwatch.extractors.text_norm import content_hash
    from claimwatch.flows.cycle import Cycle, CycleSummary, extract
    from claimwatch.flows.settings import Settings
    from claimwatch.warehouse.store import Warehouse

    topic = mythos_topic()
    corpus = synthetic_corpus(articles, seed=23)
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        wh = Warehouse(Path(tmp) / "rss.duckdb")
        wh.migrate()
        start = time.perf_counter()
        observations = []
        from claimwatch.extractors.records import ArticleObservation

        for i, a in enumerate(corpus):
            url = f"https://o{i % 20}.example/2026/11/story-{i}.html"
            observations.append(
                ArticleObservation(
                    url=url, outlet=a.outlet, feed_url=f"https://o{i % 20}.example/feed.xml",
                    title=a.title, text=a.text, content_hash=content_hash(a.title, a.text),
                    on_topic=True, published_at=T0, updated_at=None, fetched_at=T0,
                )
            )  # fmt: skip
        for k in range(0, len(observations), 200):
            wh.load_observations("rss", observations[k : k + 200])
        loaded = time.perf_counter() - start
        settings = Settings(db_path=wh.path, alerts=False, n_process=n_process)
        summary = CycleSummary(run_id="rss", topic=topic.name)
        start = time.perf_counter()
        with TreeMemory() as tree:
            extract(Cycle(wh, topic, settings, summary))
        extracted = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "self_kib": own,
                "children_kib": children,
                "tree_rss_kib": tree.peak_rss_kib,
                "tree_pss_kib": tree.peak_pss_kib,
                "samples": tree.samples,
                "versions": summary.counts["versions_extracted"],
                "claims": summary.counts["claims"],
                "load_s": loaded,
                "extract_s": extracted,
            }
        )
    )


def fig_peak_rss(articles: int, n_process: int) -> Figure:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--rss-child", str(articles),
         "--n-process", str(n_process)],
        capture_output=True, text=True, cwd=ROOT, timeout=3600,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"RSS child failed: {proc.stderr.strip()[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    own = data["self_kib"] / 1024
    child = data["children_kib"] / 1024
    # RUSAGE_CHILDREN's ru_maxrss is the largest single child: n workers are bounded by n x.
    workers = n_process if n_process > 1 else 0
    total = own + workers * child
    tree_rss, tree_pss = data["tree_rss_kib"] / 1024, data["tree_pss_kib"] / 1024
    note(f"sampled during extraction ({data['samples']} samples): peak summed RSS of the tree "
         f"{tree_rss:.0f} MiB, peak summed PSS {tree_pss:.0f} MiB")  # fmt: skip
    note(f"RSS child: parent {own:.0f} MiB, largest worker {child:.0f} MiB x {workers}; "
         f"{data['versions']} versions, {data['claims']} claims; stored in "
         f"{data['load_s']:.1f} s, extracted in {data['extract_s']:.1f} s "
         f"({data['versions'] / data['extract_s']:.1f} articles/s)")  # fmt: skip
    if data["versions"] != articles:
        raise RuntimeError(f"the RSS child extracted {data['versions']} of {articles} articles")
    return Figure(
        "peak_rss_2000_articles" if articles == 2000 else f"peak_rss_{articles}_articles",
        f"{total:.0f} MiB ru_maxrss (parent {own:.0f} MiB + {workers} x largest worker "
        f"{child:.0f} MiB; {articles:,} articles stored and extracted, n_process={n_process}); "
        f"sampled tree peak: RSS {tree_rss:.0f} MiB, PSS {tree_pss:.0f} MiB",
        "< 1 GiB",
        total < 1024,
    )


# -- 8. fixed cost of `claimwatch run` ------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_env(home: Path, api_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLAIMWATCH_", "PREFECT_API_", "PREFECT_HOME"))
    }
    env.update(
        PREFECT_HOME=str(home),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def _claimwatch_run(cwd: Path, db: Path, feed: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "claimwatch"), "run", "--db", str(db), "--feed", feed, "--no-alerts"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(
            f"claimwatch run exited {proc.returncode}: {(proc.stderr or proc.stdout)[-1500:]}"
        )
    return took


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"prefect server not healthy after {timeout:g} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # the group this benchmark started, by its id
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def fig_fixed_cost(reps: int, fresh_home: bool) -> Figure:
    from tests.support.httpserver import TestServer

    corpus = synthetic_corpus(3, seed=31, words=300)
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp_name, TestServer() as srv:
        tmp = Path(tmp_name)
        [spec] = serve_corpus(srv, corpus, feeds=1)
        db = tmp / "fixed.duckdb"
        home = tmp / "prefect-home"
        env = _run_env(home, None)
        primed = _claimwatch_run(tmp, db, spec.url, env)  # stores and extracts: not timed
        embedded = []
        for rep in range(reps):
            embedded.append(_claimwatch_run(tmp, db, spec.url, env))
            note(f"claimwatch run, nothing new, embedded server, rep {rep + 1}: "
                 f"{embedded[-1]:.2f} s ({load_average()})")  # fmt: skip
        note(f"(priming run that stored and extracted {len(corpus)} articles: {primed:.1f} s)")
        fresh = None
        if fresh_home:
            fresh = _claimwatch_run(tmp, db, spec.url, _run_env(tmp / "fresh-home", None))
            note(f"claimwatch run, nothing new, embedded server, new PREFECT_HOME: {fresh:.2f} s")
        port = _free_port()
        server_home = tmp / "server-home"
        log = (tmp / "prefect-server.log").open("wb")
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
             str(port), "--no-ui", "--analytics-off"],
            cwd=tmp, env=_run_env(server_home, None), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_healthy(f"http://127.0.0.1:{port}/api/health", proc, timeout=180)
            server_start = time.perf_counter() - start
            note(f"prefect server start on 127.0.0.1:{port}: healthy after {server_start:.1f} s")
            api_env = _run_env(home, f"http://127.0.0.1:{port}/api")
            with_server = []
            for rep in range(reps):
                with_server.append(_claimwatch_run(tmp, db, spec.url, api_env))
                note(f"claimwatch run, nothing new, server up, rep {rep + 1}: "
                     f"{with_server[-1]:.2f} s ({load_average()})")  # fmt: skip
        finally:
            _stop(proc)
            log.close()
    fresh_text = f", {fresh:.1f} s with a new PREFECT_HOME" if fresh is not None else ""
    return Figure(
        "claimwatch_run_fixed_cost",
        f"{statistics.median(embedded):.1f} s with the embedded Prefect server{fresh_text}; "
        f"{statistics.median(with_server):.1f} s with a Prefect server already up "
        f"(median of {reps}; that server took {server_start:.1f} s to become healthy)",
        "none, reported",
        None,
    )


# -- main -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    extract_articles: int
    extract_reps: int
    mp_articles: int
    mp_reps: int
    poll_articles: int
    poll_feeds: int
    poll_reps: int
    slow_feeds: int
    slow_hosts: int
    slow_delay: float
    slow_reps: int
    load_claims: int
    baseline_claims: int
    load_reps: int
    flag_sizes: tuple[int, int]
    flag_reps: int
    rss_articles: int
    rss_n_process: int
    run_reps: int
    run_fresh_home: bool
    load_articles: int = 2000
    baseline_articles: int = 200
    article_reps: int = 3
    revisit_articles: int = 1000
    revisit_feeds: int = 20


FULL = Sizes(
    extract_articles=100, extract_reps=4, mp_articles=240, mp_reps=2,
    poll_articles=60, poll_feeds=10, poll_reps=3,
    slow_feeds=100, slow_hosts=25, slow_delay=0.2, slow_reps=3,
    load_claims=100_000, baseline_claims=10_000, load_reps=3,
    flag_sizes=(100_000, 1_000_000), flag_reps=3,
    rss_articles=2000, rss_n_process=2, run_reps=3, run_fresh_home=True,
)  # fmt: skip
QUICK = Sizes(
    extract_articles=8, extract_reps=1, mp_articles=16, mp_reps=1,
    poll_articles=6, poll_feeds=2, poll_reps=1,
    slow_feeds=100, slow_hosts=25, slow_delay=0.2, slow_reps=1,
    load_claims=2_000, baseline_claims=300, load_reps=1,
    flag_sizes=(2_000, 20_000), flag_reps=1,
    rss_articles=20, rss_n_process=2, run_reps=1, run_fresh_home=False,
    load_articles=60, baseline_articles=20, article_reps=1,
    revisit_articles=20, revisit_feeds=2,
)  # fmt: skip


def figures(sizes: Sizes) -> dict[int, Callable[[], Figure]]:
    texts = nlp_texts(synthetic_corpus(max(sizes.extract_articles, sizes.mp_articles)))
    s = sizes
    return {
        1: lambda: fig_extract_overhead(texts[: s.extract_articles], s.extract_reps),
        2: lambda: fig_two_processes(texts[: s.mp_articles], s.mp_reps),
        3: lambda: fig_second_poll(
            synthetic_corpus(s.poll_articles, seed=17), s.poll_feeds, s.poll_reps
        ),
        4: lambda: fig_parallel_poll(s.slow_feeds, s.slow_hosts, s.slow_delay, s.slow_reps),
        5: lambda: fig_bulk_load(s.load_claims, s.baseline_claims, s.load_reps),
        6: lambda: fig_flags_scale(s.flag_sizes, s.flag_reps),
        7: lambda: fig_peak_rss(s.rss_articles, s.rss_n_process),
        8: lambda: fig_fixed_cost(s.run_reps, s.run_fresh_home),
        9: lambda: fig_article_load(s.load_articles, s.baseline_articles, s.article_reps),
        10: lambda: fig_revisits(
            synthetic_corpus(s.revisit_articles, seed=23, words=400), s.revisit_feeds
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--only", default="", help="comma-separated figure numbers (1-10)")
    parser.add_argument("--rss-child", type=int, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child is not None:
        rss_child(args.rss_child, args.n_process)
        return 0
    wanted = [int(x) for x in args.only.split(",") if x.strip()] or list(range(1, 11))
    sizes = QUICK if args.quick else FULL
    print(f"claimwatch benchmarks ({'quick' if args.quick else 'full'} run), {load_average()}",
          file=sys.stderr, flush=True)  # fmt: skip
    table = figures(sizes)
    failed = 0
    for number in wanted:
        start = time.perf_counter()
        try:
            fig = table[number]()
        except Exception as exc:
            failed += 1
            print(f"figure {number}: ERROR {type(exc).__name__}: {exc}", flush=True)
            continue
        print(fig.line(), flush=True)
        note(f"figure {number} took {time.perf_counter() - start:.0f} s")
    print(machine(), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
