"""Revisits through the real cycle, real HTTP servers on loopback, a real DuckDB file and the real
spaCy model: known articles are fetched again whatever their feeds say, conditionally, politely,
within a budget, and a page that is gone becomes a withdrawal."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from claimwatch.extractors.revisit import RevisitSchedule
from claimwatch.extractors.topic import FeedSpec, Topic
from claimwatch.flows.console import one_line, summary_lines
from claimwatch.flows.cycle import CycleSummary
from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.revisits import count_revisits
from claimwatch.flows.settings import Settings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import RevisitRecord, Warehouse
from tests.support.httpserver import TestServer, respond

NOW = datetime.now(UTC)

# Young articles are due again at once (every second, and a due time within the cycle's slack
# counts as now); older than two days, daily; past 30 days, never.
FAST = RevisitSchedule(
    steps=((timedelta(hours=48), timedelta(seconds=1)),), horizon=timedelta(days=30), budget=50
)


def page(title: str, body: str, *, published: datetime, sidebar: str = "Most read") -> bytes:
    """An article page: navigation and a sidebar around the article (the sidebar is boilerplate
    that may change between fetches)."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{published.isoformat()}"></head>
<body><nav><a href="/">Home</a> <a href="/tech/">Tech</a> <a href="/world/">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p></article>
<aside class="related"><h3>{sidebar}</h3><ul><li><a href="/x1.html">Transit fares rise again
</a></li><li><a href="/x2.html">Harbor festival draws record crowd</a></li></ul></aside>
<footer>Copyright The Test Outlet</footer></body></html>""".encode()


def feed(title: str, base: str, items: list[tuple[str, str, datetime]]) -> bytes:
    rows = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate><description>{t}</description></item>"
        for t, link, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{base}/</link>{rows}</channel></rss>"
    ).encode()


def topic_for(feeds: list[tuple[str, str]], schedule: RevisitSchedule) -> Topic:
    base = load_topic("mythos", require_feeds=False)
    return replace(
        base, feeds=tuple(FeedSpec(url, outlet) for url, outlet in feeds), revisit=schedule
    )


def paths(server: TestServer, since: int = 0) -> list[tuple[str, dict[str, str]]]:
    return [(path, headers) for _m, path, headers in server.requests[since:]]


# -- one outlet edits, another takes a page down, a third is polite about robots ---------------

YOUNG = NOW - timedelta(hours=2)
A1 = ("Anthropic widens Mythos preview", "About 50 organizations have access to Mythos, "
      "Anthropic said, as the White House weighed its objections to wider use.")  # fmt: skip
A1_EDITED = A1[1].replace("About 50", "About 70")
A2 = ("White House presses Anthropic on Mythos", "The White House pressed Anthropic for more "
      "time to study the Mythos model before any wider release to companies.")  # fmt: skip
A3 = ("Anthropic's Mythos plan draws a rival count", "About 300 organizations have access to "
      "Mythos, a person briefed on the Anthropic program said.")  # fmt: skip
A4 = ("Mythos briefing set for Congress", "Anthropic will brief lawmakers on the Mythos model "
      "next week, the company said, after questions from the White House.")  # fmt: skip
A5 = ("Mythos notes from the private desk", "Anthropic staff described the Mythos model's "
      "rollout to security teams in a private briefing with the White House.")  # fmt: skip
A6 = ("An old Mythos story", "Anthropic first described the Mythos model to the White House "
      "in a letter that set out its safety testing.")  # fmt: skip
A7 = ("An earlier Mythos story", "Anthropic and the White House met to discuss the Mythos "
      "model and the security of the systems it would be allowed to test.")  # fmt: skip
A8 = ("Mythos brewery opens a taproom", "The Mythos brewery opened a taproom downtown with a "
      "pale ale and a craft beer menu for the winter season.")  # fmt: skip
A9 = ("Mythos access talks stall", "Talks between Anthropic and the White House over the Mythos "
      "model stalled again, people familiar with them said.")  # fmt: skip
A10 = ("Mythos and the grid", "Utilities using the Anthropic Mythos model told the White House "
       "the tool found flaws in old control systems.")  # fmt: skip


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Cycle 1 reads every page through the feeds. Then, with the feeds unchanged, one page is
    edited silently, one answers 404, one changes only its sidebar, one answers 503; cycle 2
    revisits. Cycle 3: the withdrawn page is back; the others are unchanged."""
    db = tmp_path_factory.mktemp("revisits") / "cw.duckdb"
    with (
        TestServer() as one,
        TestServer("127.0.0.2") as two,
        TestServer("127.0.0.3") as three,
    ):
        b1, b2, b3 = one.base_url, two.base_url, three.base_url
        urls = {
            "a1": f"{b1}/harbor/a1.html",
            "a2": f"{b1}/harbor/a2.html",
            "a3": f"{b1}/lakeside/a3.html",
            "a4": f"{b1}/harbor/a4.html",
            "a5": f"{b2}/private/a5.html",
            "a6": f"{b1}/harbor/a6.html",
            "a7": f"{b1}/harbor/a7.html",
            "a8": f"{b1}/harbor/a8.html",
            "a9": f"{b1}/harbor/a9.html",
            "a10": f"{b3}/grid/a10.html",
        }
        published = {k: YOUNG for k in urls}
        published["a6"] = NOW - timedelta(days=40)
        published["a7"] = NOW - timedelta(days=10)
        texts = {"a1": A1, "a2": A2, "a3": A3, "a4": A4, "a5": A5, "a6": A6, "a7": A7, "a8": A8,
                 "a9": A9, "a10": A10}  # fmt: skip
        servers = {b1: one, b2: two, b3: three}

        def serve(key: str, **kw: Any) -> None:
            title, body = texts[key]
            url = urls[key]
            base = next(b for b in servers if url.startswith(b))
            html = page(
                title, body, published=published[key], sidebar=kw.pop("sidebar", "Most read")
            )
            servers[base].static(url.removeprefix(base), html, **kw)

        for key in urls:
            serve(key, headers={"ETag": f'"{key}-v1"'} if key in ("a1", "a2") else None)
        harbor = [k for k in urls if k != "a3"]
        one.static(
            "/harbor.xml",
            feed("Harbor Test", b1, [(texts[k][0], urls[k], published[k]) for k in harbor]),
        )
        one.static("/lakeside.xml", feed("Lakeside Test", b1, [(A3[0], urls["a3"], YOUNG)]))
        two.static("/robots.txt", b"User-agent: claimwatch\nDisallow: /private/\n",
                   content_type="text/plain")  # fmt: skip
        three.route("/robots.txt", lambda h: respond(h, b"down", status=503))
        topic = topic_for(
            [(one.url("/harbor.xml"), "Harbor Test"), (one.url("/lakeside.xml"), "Lakeside Test")],
            FAST,
        )
        settings = Settings(db_path=db, alerts=False)

        summaries = []
        logs: list[dict[str, list[tuple[str, dict[str, str]]]]] = []

        def cycle() -> None:
            marks = {b: len(s.requests) for b, s in servers.items()}
            summaries.append(run_cycle(settings, topic=topic))
            logs.append({b: paths(s, marks[b]) for b, s in servers.items()})

        cycle()
        contradictions_before = Warehouse(db).query(
            "SELECT a_article_id, b_article_id FROM contradictions"
        )[1]
        # The silent edit: a new number, a new ETag, the feed entry untouched.
        texts["a1"] = (A1[0], A1_EDITED)
        serve("a1", headers={"ETag": '"a1-v2"'})
        one.static("/lakeside/a3.html", b"gone", status=404)
        serve("a4", sidebar="Trending now")  # boilerplate only
        one.route("/harbor/a9.html", lambda h: respond(h, b"busy", status=503))
        cycle()
        serve("a3")  # back
        cycle()
    return {
        "db": db,
        "urls": urls,
        "bases": (b1, b2, b3),
        "summaries": summaries,
        "logs": logs,
        "contradictions_before": contradictions_before,
    }


def _wh(run: dict[str, Any]) -> Warehouse:
    return Warehouse(run["db"])


def _asked(run: dict[str, Any], cycle: int, url: str) -> list[dict[str, str]]:
    """Headers of the requests for `url` in a cycle (0-based)."""
    base = next(b for b in run["bases"] if url.startswith(b))
    return [h for path, h in run["logs"][cycle][base] if path == url.removeprefix(base)]


def test_a_silent_edit_under_an_unchanged_feed_becomes_version_2_and_a_drift_flag(
    edited: dict[str, Any],
) -> None:
    wh = _wh(edited)
    a1 = edited["urls"]["a1"]
    second = edited["summaries"][1]
    assert second.counts["feeds_ok"] == 0  # the feeds said nothing new
    assert second.counts["articles_changed"] == 0
    assert len(_asked(edited, 1, a1)) == 1
    _, rows = wh.query(f"SELECT version, text FROM article_versions WHERE url = '{a1}' ORDER BY 1")
    assert [r[0] for r in rows] == [1, 2]
    assert "About 50" in rows[0][1] and "About 70" in rows[1][1]
    _, rows = wh.query(
        "SELECT a_value, b_value FROM contradictions "
        f"WHERE kind = 'drift' AND a_url = '{a1}' AND b_url = '{a1}'"
    )
    assert sorted(sorted(int(v) for v in r) for r in rows) == [[50, 70]]
    assert second.counts["revisits_changed"] == 1 and second.counts["flags_drift"] == 1


def test_a_revisit_sends_the_validators_and_a_304_costs_no_version_and_no_nlp(
    edited: dict[str, Any],
) -> None:
    wh = _wh(edited)
    urls = edited["urls"]
    third = edited["summaries"][2]
    # Cycle 2 learnt each page's ETag; cycle 3 sends it and the server answers 304.
    for key, etag in (("a1", '"a1-v2"'), ("a2", '"a2-v1"')):
        (headers,) = _asked(edited, 2, urls[key])
        assert headers.get("If-None-Match") == etag
    _, rows = wh.query(
        "SELECT r.url, r.outcome, r.http_status, r.bytes FROM revisits r "
        f"WHERE r.run_id = '{third.run_id}' AND r.url IN ('{urls['a1']}', '{urls['a2']}')"
    )
    assert sorted(rows) == sorted([(urls["a1"], "not_modified", 304, 0),
                                   (urls["a2"], "not_modified", 304, 0)])  # fmt: skip
    assert third.counts["revisits_not_modified"] == 2
    _, rows = wh.query(f"SELECT max(version) FROM article_versions WHERE url = '{urls['a2']}'")
    assert rows == [(1,)]
    # Nothing new to read in cycle 3: the extractor never ran.
    assert third.counts["versions_extracted"] == 0 and third.counts["claims"] == 0


def test_a_boilerplate_only_change_is_no_version_and_the_same_body_is_not_even_read(
    edited: dict[str, Any],
) -> None:
    wh = _wh(edited)
    a4 = edited["urls"]["a4"]
    _, rows = wh.query(f"SELECT count(*) FROM article_versions WHERE url = '{a4}'")
    assert rows == [(1,)]
    _, rows = wh.query(f"SELECT outcome FROM revisits WHERE url = '{a4}' ORDER BY revisited_at")
    # Cycle 2: a new sidebar, read and found to say the same; cycle 3: the same bytes again.
    assert rows == [("unchanged",), ("unchanged",)]
    _, rows = wh.query(
        f"SELECT count(DISTINCT body_hash), count(DISTINCT content_hash) FROM revisits "
        f"WHERE url = '{a4}'"
    )
    assert rows == [(1, 1)]


def test_a_404_is_a_withdrawal_its_claims_leave_comparisons_and_a_200_reinstates_it(
    edited: dict[str, Any],
) -> None:
    wh = _wh(edited)
    a3 = edited["urls"]["a3"]
    article_id = wh.query(f"SELECT article_id FROM articles WHERE url = '{a3}'")[1][0][0]
    before = edited["contradictions_before"]
    assert any(article_id in pair for pair in before)  # 300 against 50: a cross-outlet flag
    second, third = edited["summaries"][1:]
    assert second.counts["revisits_withdrawn"] == 1
    # As the warehouse stood after cycle 2: withdrawn, out of comparisons, still stored.
    two = _finished_at(wh, second.run_id)
    _, rows = wh.query(
        f"SELECT withdrawn_at, topic FROM withdrawals WHERE article_id = '{article_id}'", as_of=two
    )
    assert len(rows) == 1 and rows[0][1] == "mythos"
    _, rows = wh.query(
        f"SELECT count(*) FROM contradictions WHERE '{article_id}' IN (a_article_id, b_article_id)",
        as_of=two,
    )
    assert rows == [(0,)]
    _, rows = wh.query(
        f"SELECT count(*) FROM flag_claims WHERE article_id = '{article_id}'", as_of=two
    )
    assert rows == [(0,)]
    _, rows = wh.query(
        f"SELECT (SELECT count(*) FROM article_versions WHERE article_id = '{article_id}'), "
        f"(SELECT count(*) FROM claims WHERE article_id = '{article_id}')",
        as_of=two,
    )
    assert rows[0][0] == 1 and rows[0][1] >= 1
    _, rows = wh.query(
        f"SELECT outcome, error FROM article_check WHERE article_id = '{article_id}' "
        "AND outcome = 'withdrawn'"
    )
    assert len(rows) == 1 and "404" in rows[0][1] and a3 in rows[0][1]
    # Cycle 3: the page answers again, so it is no longer withdrawn and its flag is back.
    assert third.counts["revisits_withdrawn"] == 0
    _, rows = wh.query(f"SELECT count(*) FROM withdrawals WHERE article_id = '{article_id}'")
    assert rows == [(0,)]
    _, rows = wh.query(
        f"SELECT count(*) FROM contradictions WHERE '{article_id}' IN (a_article_id, b_article_id)"
    )
    assert rows[0][0] >= 1


def _finished_at(wh: Warehouse, run_id: str) -> datetime:
    _, rows = wh.query(f"SELECT finished_at FROM runs WHERE run_id = '{run_id}'")
    assert isinstance(rows[0][0], datetime)
    return rows[0][0]


def test_robots_txt_is_read_once_per_host_and_honoured(edited: dict[str, Any]) -> None:
    urls = edited["urls"]
    b1, b2, b3 = edited["bases"]
    second = edited["summaries"][1]
    log = edited["logs"][1]
    # The disallowed page is not asked again; its host's robots.txt once, with our agent.
    assert _asked(edited, 1, urls["a5"]) == []
    robots = [h for path, h in log[b2] if path == "/robots.txt"]
    assert len(robots) == 1 and robots[0]["User-Agent"].startswith("claimwatch/")
    assert [path for path, _ in log[b1]].count("/robots.txt") == 1  # 404: everything allowed
    assert second.counts["revisits_blocked_by_robots"] == 1
    # A robots.txt answering 503: that host's revisits wait for a later cycle, and say so.
    assert _asked(edited, 1, urls["a10"]) == []
    assert second.revisits_skipped and second.revisits_skipped[0][0] == b3
    assert "503" in second.revisits_skipped[0][1]
    text = "\n".join(summary_lines(second))
    assert f"revisits skipped: {b3}: robots.txt unavailable" in text


def test_only_due_on_topic_articles_within_the_horizon_are_revisited(
    edited: dict[str, Any],
) -> None:
    urls = edited["urls"]
    for cycle in (1, 2):
        # a6: published 40 days ago, past the horizon; a7: ten days old, due daily, checked
        # seconds ago; a8: off topic.
        for key in ("a6", "a7", "a8"):
            assert _asked(edited, cycle, urls[key]) == [], key
        for key in ("a1", "a2", "a4"):
            assert len(_asked(edited, cycle, urls[key])) == 1, key


def test_a_failed_revisit_is_a_failed_check_and_a_page_error_and_the_run_goes_on(
    edited: dict[str, Any],
) -> None:
    wh = _wh(edited)
    a9 = edited["urls"]["a9"]
    second = edited["summaries"][1]
    assert [url for url, _ in second.page_errors] == [a9]
    assert "503" in second.page_errors[0][1] and a9 in second.page_errors[0][1]
    assert second.counts["revisits_failed"] == 1 and second.failure is None
    _, rows = wh.query(f"SELECT error FROM fetch_error WHERE url = '{a9}'")
    assert len(rows) >= 1 and a9 in rows[0][0]
    _, rows = wh.query(
        "SELECT c.outcome FROM article_check c JOIN articles a USING (article_id) "
        f"WHERE a.url = '{a9}' AND c.outcome = 'failed'"
    )
    assert len(rows) >= 1
    _, rows = wh.query(f"SELECT count(*) FROM withdrawals w JOIN articles a USING (article_id) "
                       f"WHERE a.url = '{a9}'")  # fmt: skip
    assert rows == [(0,)]


def test_the_summary_and_runs_count_revisits_and_what_they_found(edited: dict[str, Any]) -> None:
    wh = _wh(edited)
    first, second, third = edited["summaries"]
    assert first.counts["revisits"] == 0  # nothing was known before cycle 1
    # a1, a2, a3, a4, a9 asked; a5 blocked; a10 skipped.
    assert second.counts["revisits"] == 5
    assert second.counts["revisits_robots_txt"] == 3
    assert "revisits 5, 1 changed, 1 withdrawn" in one_line(second)
    assert any(line.startswith("revisits: 5 pages asked again, 1 changed") for line in
               summary_lines(second))  # fmt: skip
    _, rows = wh.query(
        "SELECT run_id, revisits, revisits_changed, revisits_withdrawn, "
        "json_extract(counts, '$.revisits_not_modified')::INT FROM runs ORDER BY started_at"
    )
    assert [r[1:4] for r in rows] == [(0, 0, 0), (5, 1, 1), (5, 0, 0)]
    assert rows[2][4] == third.counts["revisits_not_modified"] == 2


# -- the budget: most overdue first -------------------------------------------------------------


def test_a_budget_of_2_with_5_due_revisits_the_2_most_overdue(tmp_path: Path) -> None:
    keys = [f"b{i}" for i in range(1, 6)]
    with TestServer() as server:
        base = server.base_url
        items = []
        for i, key in enumerate(keys):
            title = f"Mythos access, part {i + 1}"
            body = (f"Anthropic and the White House disagree about the Mythos model, part "
                    f"{i + 1} of a series on who should use it.")  # fmt: skip
            server.static(f"/{key}.html", page(title, body, published=YOUNG))
            items.append((title, f"{base}/{key}.html", YOUNG))
        settings = Settings(db_path=tmp_path / "cw.duckdb", alerts=False)
        url = server.url("/feed.xml")
        no_revisits = topic_for([(url, "Budget Test")], replace(FAST, budget=0))
        two = topic_for([(url, "Budget Test")], replace(FAST, budget=2))

        server.static("/feed.xml", feed("Budget Test", base, items[:2]))
        run_cycle(settings, topic=no_revisits)  # b1, b2 read first
        server.static("/feed.xml", feed("Budget Test", base, items))
        run_cycle(settings, topic=no_revisits)  # b3..b5 read later: less overdue

        def revisited(topic: Topic) -> set[str]:
            mark = len(server.requests)
            summary = run_cycle(settings, topic=topic)
            assert summary.counts["revisits"] == 2
            got = {p.strip("/").removesuffix(".html") for _m, p, _h in server.requests[mark:]}
            return got & set(keys)

        assert revisited(two) == {"b1", "b2"}
        # Now b3..b5 are the most overdue (b1 and b2 were just checked): two of them.
        third = revisited(two)
        assert len(third) == 2 and third <= {"b3", "b4", "b5"}


# -- how revisit requests count in the cycle's failure rules ------------------------------------


def test_revisits_count_as_page_requests_in_the_failure_rules() -> None:
    at = datetime.now(UTC)

    def summary(outcomes: list[str], deferred: int) -> CycleSummary:
        s = CycleSummary(run_id="r", topic="t")
        s.counts["feeds_deferred"] = deferred
        records = [RevisitRecord(f"id{i}", f"https://x.example/{i}", at, o)
                   for i, o in enumerate(outcomes)]  # fmt: skip
        count_revisits(s, records, robots=1)
        return s

    # Every feed backing off, every revisit failed: nothing was read, the cycle failed.
    failed = summary(["failed", "failed"], deferred=2)
    assert failed.counts["pages_requested"] == 2 and failed.counts["pages_failed"] == 2
    assert failed.failure is not None and "every request failed" in failed.failure
    # A 404 is an answer (a withdrawal), and a revisit that answered read something.
    assert summary(["failed", "withdrawn"], deferred=2).failure is None
    assert summary(["failed", "not_modified"], deferred=2).failure is None
    # A page robots.txt kept us from asking is no request.
    blocked = summary(["blocked", "skipped"], deferred=0)
    assert blocked.counts["revisits"] == 0 and blocked.counts["pages_requested"] == 0
    assert Counter(blocked.counts)["revisits_blocked_by_robots"] == 1
