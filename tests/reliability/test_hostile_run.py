"""One `claimwatch run` against a hostile server beside the good sample coverage.

One local server (127.0.0.2) has one endpoint per hostile case; the bundled sample coverage is
served by its own `SampleServer`. The run is the real command in a subprocess (Prefect flow,
`--no-alerts`, one `--feed` per endpoint and per good feed). It must exit 0, record each bad
feed's error in `feed_health`, store exactly what a run of the good feeds alone stores, keep
the memory of its whole process tree bounded, and never let a local file reach the warehouse.

The drip case is bounded by the default per-request deadline (30 s): `claimwatch run` has no
option to shorten it, so this run lasts about that long.
"""

from __future__ import annotations

import contextlib
import html
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimwatch.extractors.text_norm import MAX_TEXT_CHARS
from claimwatch.flows.fetch import FetchLimits
from claimwatch.flows.sample_server import SampleServer, feed_specs
from tests.reliability._support import MiB, TreeRun, claimwatch_cmd, query, run_watched
from tests.reliability._support import tables_containing as tables_with
from tests.support import hostile
from tests.support.httpserver import TestServer, respond

pytestmark = pytest.mark.slow

CAP = FetchLimits().max_bytes
DEADLINE = FetchLimits().deadline
MEMORY_HEADROOM = 400 * MiB
NOTE_PAGES = 40

ON_TOPIC = (
    "Anthropic said about {n} organizations now have access to its Mythos model, according to "
    "people familiar with the talks, and the White House review of Mythos access continues. "
)
FILLER = (
    "Officials said the review would take weeks, and the company said it had briefed federal "
    "partners throughout the process and expected a conclusion before the end of the month. "
)


def rss(
    title: str, items: list[tuple[str, str, str]], *, prolog: str = "", guids: bool = False
) -> bytes:
    """An RSS 2.0 feed; items are (title, link, description); `prolog` goes before <rss>.
    The guid is the link, or (`guids`) a unique tag per item."""
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{html.escape(f'tag:hostile,2026:{i}' if guids else link)}</guid>"
        f"<description>{html.escape(d)}</description></item>"
        for i, (t, link, d) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>http://127.0.0.2/</link>"
        f"<description>hostile</description>{body}</channel></rss>"
    ).encode()


def article(title: str, paragraphs: list[str]) -> bytes:
    ps = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{ps}</article><footer>Hostile Herald</footer></body></html>"
    ).encode()


@dataclass(frozen=True)
class Case:
    path: str
    expect: str  # "failed": the error must contain `error`; "ok": the feed was read
    error: str = ""


def build_server(server: TestServer, canary_file: Path) -> list[Case]:
    """Mount every hostile case; return what each feed endpoint must end as."""
    base = server.base_url
    canary_url = canary_file.as_uri()
    cases: list[Case] = []

    def add(path: str, handler: object, expect: str = "failed", error: str = "") -> None:
        server.route(path, handler)  # type: ignore[arg-type]
        cases.append(Case(path, expect, error))

    def feed(path: str, body: bytes, expect: str = "ok", error: str = "", **kw: str) -> None:
        ctype = kw.get("content_type", "application/rss+xml")
        add(path, lambda h: respond(h, body, content_type=ctype), expect, error)

    over = f"over the {CAP}-byte limit"
    add("/gzip-bomb.xml", hostile.gzip_bomb(), error=f"decoded body {over}")
    add("/stacked-gzip.xml", hostile.stacked_gzip(), error="refusing stacked Content-Encoding")
    add("/deflate-bomb.xml", hostile.deflate_bomb(), error=f"decoded body {over}")
    # A redirect whose body is a bomb: the body is never read, the feed behind it is.
    add("/redirect-bomb.xml", hostile.redirect_with_bomb("/after-bomb.xml"), expect="ok")
    server.static(
        "/after-bomb.xml",
        rss(
            "Redirected Feed",
            [("Mythos access widens", f"{base}/pages/after-bomb.html", "After the bomb.")],
        ),
        content_type="application/rss+xml",
    )
    server.static(
        "/pages/after-bomb.html",
        article("Mythos access widens", [ON_TOPIC.format(n=60), FILLER, FILLER, FILLER]),
    )
    add("/loop/a.xml", hostile.redirect("/loop/b.xml"), error="redirect loop back to")
    server.route("/loop/b.xml", hostile.redirect("/loop/a.xml"))
    add("/endless/0", hostile.endless_redirects(), error="more than 5 redirects")
    for n in range(1, 12):
        server.route(f"/endless/{n}", hostile.endless_redirects())
    add("/redirect-file.xml", hostile.redirect(canary_url), error="refusing redirect to 'file:")
    add(
        "/redirect-javascript.xml",
        hostile.redirect_to_javascript(),
        error="refusing redirect to 'javascript:alert(1)'",
    )
    add("/drip.xml", hostile.drip(b"<" * 600), error=f"deadline of {DEADLINE:g}s exceeded")
    add("/huge.xml", hostile.oversized(200 * MiB), error=f"body {over}")
    add(
        "/huge-declared.xml",
        hostile.oversized(200 * MiB, declare_length=True),
        error=f"Content-Length {200 * MiB} over the {CAP}-byte limit",
    )
    good_items = [("Mythos item", f"{base}/pages/after-bomb.html", "x")]
    whole = rss("Cut Feed", good_items)
    # Content-Length shorter than the body: the body is cut there (HTTP framing), so the
    # feed is an unreadable fragment.
    add(
        "/short-length.xml",
        hostile.short_content_length(whole, declared=60),
        error="not an RSS/Atom feed",
    )
    add(
        "/long-length.xml",
        hostile.long_content_length(whole, declared=len(whole) + 500),
        error="RemoteProtocolError",
    )
    add("/reset.xml", hostile.reset_mid_body(), error="ReadError")
    bad_utf8 = rss(
        "Broken Bytes",
        [("Mythos BADBYTES bytes", f"{base}/pages/invalid-utf8.html", "x")],
    )
    feed("/invalid-utf8.xml", bad_utf8.replace(b"BADBYTES", b"\xff\xfe"))
    latin = rss("Caf\u00e9 Feed", [("Mythos \u2018quoted\u2019", f"{base}/pages/cp1252.html", "x")])
    feed("/mislabelled.xml", latin.decode().encode("cp1252"))
    server.static(
        "/pages/invalid-utf8.html",
        article("Mythos bytes", [ON_TOPIC.format(n=55), FILLER, FILLER]).replace(
            b"Officials", b"Offici\xff\xfels"
        ),
    )
    server.static(
        "/pages/cp1252.html",
        article("Mythos \u2018quoted\u2019", [ON_TOPIC.format(n=65), FILLER, FILLER])
        .decode()
        .encode("cp1252"),
    )
    feed(
        "/html.xml",
        article("Not a feed", ["just a page"]),
        expect="failed",
        error="it looks like an HTML page",
        content_type="text/html",
    )
    feed("/empty.xml", b"", expect="failed", error="empty body")
    feed(
        "/path-body.xml",
        str(canary_file).encode(),
        expect="failed",
        error="not an RSS/Atom feed",
    )
    feed("/url-body.xml", canary_url.encode(), expect="failed", error="not an RSS/Atom feed")
    add("/404.xml", hostile.status(404), error="HTTP 404 Not Found")
    add("/410.xml", hostile.status(410), error="HTTP 410 Gone")
    add(
        "/429.xml",
        hostile.too_many_requests("7200"),
        error="HTTP 429 Too Many Requests (retry after 3600s)",
    )
    add("/500.xml", hostile.status(500), error="HTTP 500 Internal Server Error")
    add("/503.xml", hostile.unavailable("30"), error="HTTP 503 Service Unavailable")

    # 2,000 entries (a feed of updates) naming 40 pages: every entry is read and recorded;
    # 2,000 distinct pages would cost minutes here (about 0.1 s per new article, mostly
    # warehouse inserts), which is a throughput matter, not a hostile-input one.
    many = [
        (f"Brewery note {i}", f"{base}/pages/note?n={i % NOTE_PAGES}", f"Hops {i}.")
        for i in range(2000)
    ]
    feed("/two-thousand.xml", rss("Busy Feed", many, guids=True))
    server.static(
        "/pages/note", article("Brewery note", ["The Mythos brewery poured a new hazy IPA."])
    )

    entity = '<!DOCTYPE rss [<!ENTITY a "{}">]>\n'.format("x" * 1000)
    blowup = rss("Blowup", [("&a;&a;&a;", f"{base}/pages/after-bomb.html", "&a;" * 5000)])
    feed(
        "/entity-blowup.xml",
        blowup.replace(b"<rss", entity.encode() + b"<rss", 1).replace(b"&amp;a;", b"&a;"),
        expect="failed",
        error="declares XML entities",
    )
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    feed(
        "/billion-laughs.xml",
        rss(
            "Laughs", [("&l9;", f"{base}/x", "&l9;")], prolog=f"<!DOCTYPE rss [{laughs}]>\n"
        ).replace(b"&amp;l9;", b"&l9;"),
        expect="failed",
        error="declares XML entities",
    )
    xxe = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{canary_url}">]>\n'
    feed(
        "/xxe.xml",
        rss("XXE", [("&xxe;", f"{base}/pages/after-bomb.html", "&xxe;")], prolog=xxe).replace(
            b"&amp;xxe;", b"&xxe;"
        ),
        expect="failed",
        error="declares XML entities",
    )

    links = [
        ("Mythos javascript", "javascript:alert(document.cookie)", "x"),
        ("Mythos data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "x"),
        ("Mythos file", canary_url, "x"),
        ("Mythos vbscript", "vbscript:msgbox(1)", "x"),
    ]
    feed("/bad-links.xml", rss("Bad Links", links))

    huge_page = article(
        "Mythos access, the long read",
        [ON_TOPIC.format(n=70) + f"Part {i}. " + FILLER for i in range(14_000)],
    )
    assert 4.5 * MiB < len(huge_page) < 5.5 * MiB
    server.static("/pages/huge.html", huge_page)
    feed(
        "/huge-page.xml",
        rss("Long Reads", [("Mythos, the long read", f"{base}/pages/huge.html", "Long.")]),
    )
    return cases


@dataclass(frozen=True)
class Runs:
    good: TreeRun
    hostile: TreeRun
    good_db: Path
    hostile_db: Path
    good_feeds: list[str]
    cases: list[Case]
    base: str
    canary: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Runs]:
    tmp = tmp_path_factory.mktemp("hostile")
    canary = f"CANARY-{secrets.token_hex(16)}"
    canary_file = tmp / "secret.txt"
    canary_file.write_text(f"root:x:0:0:{canary}:/root:/bin/sh\n")
    with SampleServer() as sample, TestServer("127.0.0.2") as server:
        cases = build_server(server, canary_file)
        good_feeds = [s.url for s in feed_specs(sample.base_url)]
        good_db, hostile_db = tmp / "good.duckdb", tmp / "hostile.duckdb"

        def cmd(db: Path, feeds: list[str]) -> list[str]:
            args = ["run", "--db", str(db), "--no-alerts"]
            for url in feeds:
                args += ["--feed", url]
            return claimwatch_cmd(*args)

        env = dict(os.environ, NO_COLOR="1")
        good = run_watched(cmd(good_db, good_feeds), env=env)
        bad = run_watched(
            cmd(hostile_db, good_feeds + [server.url(c.path) for c in cases]), env=env
        )
        capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            print(
                f"\nhostile run: {len(cases)} hostile feeds + {len(good_feeds)} good feeds: "
                f"{bad.seconds:.1f} s, tree peak {bad.peak_tree / MiB:.0f} MiB "
                f"(main process {bad.peak_main / MiB:.0f} MiB, {bad.processes} processes)"
                f"\ngood-only run: {len(good_feeds)} feeds: {good.seconds:.1f} s, tree peak "
                f"{good.peak_tree / MiB:.0f} MiB (main process {good.peak_main / MiB:.0f} MiB, "
                f"{good.processes} processes)"
            )
        yield Runs(good, bad, good_db, hostile_db, good_feeds, cases, server.base_url, canary)


def test_the_run_completes_and_exits_zero(runs: Runs) -> None:
    bad = runs.hostile
    assert bad.returncode == 0, bad.stdout + bad.stderr
    assert "Traceback" not in bad.stderr, bad.stderr
    assert runs.good.returncode == 0, runs.good.stdout + runs.good.stderr
    # The drip is cut at the deadline; nothing else holds the run much longer.
    assert bad.seconds < runs.good.seconds + DEADLINE + 90


def test_each_bad_feed_fails_with_its_error_recorded(runs: Runs) -> None:
    rows = query(
        runs.hostile_db,
        "SELECT feed_url, last_status, consecutive_failures, last_error FROM feed_health",
    )
    health = {r[0]: r[1:] for r in rows}
    problems = []
    for case in runs.cases:
        url = runs.base + case.path
        if url not in health:
            problems.append(f"{case.path}: no feed_health row")
            continue
        status, failures, error = health[url]
        if case.expect == "failed":
            if status != "failed" or failures != 1 or case.error not in (error or ""):
                problems.append(f"{case.path}: {status} {failures} {error!r}; want {case.error!r}")
            elif url not in error:
                problems.append(f"{case.path}: error does not name the feed: {error!r}")
        elif case.expect == "ok" and (status != "ok" or error):
            problems.append(f"{case.path}: {status} {error!r}; want ok")
        elif status not in ("ok", "failed") or (status == "failed") != bool(error):
            problems.append(f"{case.path}: {status} {error!r}")
    assert problems == []
    for url in runs.good_feeds:
        assert health[url][0] == "ok" and health[url][2] is None


def test_retry_after_is_honoured_and_capped(runs: Runs) -> None:
    [(next_at, polled_at)] = query(
        runs.hostile_db,
        "SELECT next_poll_at, last_polled_at FROM feed_health WHERE feed_url = ?",
        [runs.base + "/429.xml"],
    )
    wait = (next_at - polled_at).total_seconds()  # type: ignore[operator]
    assert 3600 <= wait <= 3600 * 1.01


GOOD_ARTICLES = """
    SELECT a.url, a.outlet, a.title, a.on_topic, v.version, v.content_hash
    FROM articles a JOIN article_versions v USING (article_id)
    WHERE a.url LIKE ? ORDER BY a.url, v.version
"""
GOOD_CLAIMS = """
    SELECT url, version, measure, value, low, high, qualifier, kind, modality, sentence
    FROM claims WHERE url LIKE ? ORDER BY ALL
"""


def test_the_good_feeds_are_stored_as_when_polled_alone(runs: Runs) -> None:
    sample_base = runs.good_feeds[0].split("/", 3)[:3]
    like = "/".join(sample_base) + "/%"
    good_articles = query(runs.good_db, GOOD_ARTICLES, [like])
    assert len(good_articles) >= 6
    assert query(runs.hostile_db, GOOD_ARTICLES, [like]) == good_articles
    good_claims = query(runs.good_db, GOOD_CLAIMS, [like])
    assert good_claims
    assert query(runs.hostile_db, GOOD_CLAIMS, [like]) == good_claims
    # Discovery records (the Google News-shaped feed) too.
    discovery = "SELECT url, outlet, title FROM articles WHERE source = 'discovery' ORDER BY url"
    assert query(runs.hostile_db, discovery) == query(runs.good_db, discovery)


def test_what_hostile_feeds_did_deliver_is_stored_safely(runs: Runs) -> None:
    host = runs.base + "/%"
    rows = query(runs.hostile_db, "SELECT url FROM articles WHERE url LIKE ?", [host])
    urls = {r[0] for r in rows}
    # Behind the redirect with a bomb in its body, the feed and its article were read.
    assert runs.base + "/pages/after-bomb.html" in urls
    # Feeds and pages with broken or mislabelled bytes are read leniently.
    texts = dict(
        query(
            runs.hostile_db,
            "SELECT url, title || ' ' || text FROM article_versions WHERE url LIKE ?",
            [host],
        )
    )
    assert "\u2018quoted\u2019" in str(texts[runs.base + "/pages/cp1252.html"])
    assert "about 55 organizations" in str(texts[runs.base + "/pages/invalid-utf8.html"])
    # 2,000 entries were read and recorded; their pages became off-topic articles, and
    # nothing went further down the pipeline.
    [(entries,)] = query(
        runs.hostile_db,
        "SELECT entries FROM feed_poll WHERE feed_url = ?",
        [runs.base + "/two-thousand.xml"],
    )
    assert entries == 2000
    [(recorded,)] = query(
        runs.hostile_db,
        "SELECT count(*) FROM feed_entry WHERE feed_url = ?",
        [runs.base + "/two-thousand.xml"],
    )
    assert recorded == 2000
    notes = [u for u in urls if "/pages/note?n=" in u]
    assert len(notes) == NOTE_PAGES
    [(on_topic_notes,)] = query(
        runs.hostile_db,
        "SELECT count(*) FROM articles WHERE url LIKE ? AND on_topic",
        [runs.base + "/pages/note%"],
    )
    assert on_topic_notes == 0
    # No link other than http(s) became an article or an alias.
    for table, column in (("articles", "url"), ("article_alias", "alias")):
        [(n,)] = query(
            runs.hostile_db,
            f"SELECT count(*) FROM {table} WHERE NOT regexp_matches({column}, '^https?://')"
            " AND NOT starts_with({column}, 'guid:')".replace("{column}", column),
        )
        assert n == 0, f"{table}.{column} holds non-http links"


def test_the_five_megabyte_page_is_bounded(runs: Runs) -> None:
    rows = query(
        runs.hostile_db,
        "SELECT length(text), version, note FROM article_versions WHERE url = ?",
        [runs.base + "/pages/huge.html"],
    )
    assert rows, "the long page was not stored"
    [(length, version, note)] = rows
    assert version == 1 and MAX_TEXT_CHARS // 2 < length <= MAX_TEXT_CHARS  # type: ignore[operator]
    assert f"text cut to its first {MAX_TEXT_CHARS} characters" in str(note)
    # ... and its claims were read from what was kept.
    [(claims,)] = query(
        runs.hostile_db,
        "SELECT count(*) FROM claims WHERE url = ?",
        [runs.base + "/pages/huge.html"],
    )
    assert claims > 0


def test_no_local_file_reaches_the_warehouse(runs: Runs) -> None:
    assert tables_with(runs.hostile_db, runs.canary) == []
    # The scan does find what is there (it is not vacuous).
    assert "article_fact.url" in tables_with(runs.hostile_db, "/pages/after-bomb.html")


def test_peak_memory_of_the_process_tree_is_bounded(runs: Runs) -> None:
    good, bad = runs.good, runs.hostile
    assert good.peak_tree > 0 and bad.peak_tree > 0
    assert bad.peak_tree < good.peak_tree + MEMORY_HEADROOM, (
        f"hostile {bad.peak_tree / MiB:.0f} MiB vs good-only {good.peak_tree / MiB:.0f} MiB"
    )
