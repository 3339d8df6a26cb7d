"""A whole monitoring cycle against the bundled sample coverage on a real local HTTP server,
into a real DuckDB file, with the real spaCy model: the manifest says what must be stored."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.sample_server import SampleServer, feed_specs, load_manifest
from claimwatch.flows.settings import Settings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import Warehouse

MANIFEST = load_manifest()
EXPECT = MANIFEST["expectations"]


@pytest.fixture(scope="module")
def polled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Poll phase 1, then phase 2, then phase 2 again; keep each cycle's summary."""
    db = tmp_path_factory.mktemp("cycle") / "cw.duckdb"
    with SampleServer() as server:
        topic = replace(
            load_topic("mythos", require_feeds=False), feeds=tuple(feed_specs(server.base_url))
        )
        settings = Settings(db_path=db, alerts=False)
        summaries = []
        logs = []
        for phase in (1, 2, 2):
            server.set_phase(phase)
            server.clear_requests()
            summaries.append(run_cycle(settings, topic=topic))
            logs.append(list(server.requests))
        return {"db": db, "base": server.base_url, "summaries": summaries, "logs": logs}


def _wh(polled: dict[str, Any]) -> Warehouse:
    return Warehouse(polled["db"])


def _expected(phase: str, base: str) -> dict[str, dict[str, Any]]:
    return {a["url"].replace("{base}", base): a for a in EXPECT[phase]["articles"]}


def test_every_article_is_stored_once_with_the_right_relevance(polled: dict[str, Any]) -> None:
    expected = _expected("phase2", polled["base"])
    _, rows = _wh(polled).query(
        "SELECT url, on_topic, versions FROM articles WHERE source <> 'discovery' ORDER BY url"
    )
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        url: (a["on_topic"], a["versions"]) for url, a in expected.items()
    }


def test_tracking_parameters_and_canonical_links_name_one_article(polled: dict[str, Any]) -> None:
    base = polled["base"]
    _, rows = _wh(polled).query(
        "SELECT url FROM articles WHERE url LIKE '%utm_%' OR url LIKE '%ref=%'"
    )
    assert rows == []
    harbor = f"{base}/harbor-ledger/2026/11/anthropic-mythos-access.html"
    _, rows = _wh(polled).query(
        "SELECT count(*) FROM article_alias x JOIN articles a USING (article_id) "
        f"WHERE a.url = '{harbor}'"
    )
    assert rows[0][0] >= 2  # the tracking link and the guid from both Harbor feeds


def test_a_correction_is_a_new_version_and_boilerplate_is_not(polled: dict[str, Any]) -> None:
    base = polled["base"]
    wh = _wh(polled)
    _, rows = wh.query(
        "SELECT version, text FROM article_versions WHERE url = "
        f"'{base}/harbor-ledger/2026/11/anthropic-mythos-access.html' ORDER BY version"
    )
    assert [r[0] for r in rows] == [1, 2]
    assert "120" in rows[0][1] and "130" in rows[1][1]
    _, rows = wh.query(
        "SELECT version FROM article_versions WHERE url = "
        f"'{base}/lakeside-daily/2026/11/17/white-house-opposes-mythos-expansion.html'"
    )
    assert rows == [(1,)]
    _, rows = wh.query("SELECT text FROM article_versions WHERE text ILIKE '%cookie%'")
    assert rows == []


def test_syndicated_copies_are_one_story(polled: dict[str, Any]) -> None:
    base = polled["base"]
    groups = EXPECT["phase2"]["syndication_groups"]
    _, rows = _wh(polled).query("SELECT urls FROM stories WHERE copies > 1")
    assert sorted(sorted(r[0]) for r in rows) == sorted(
        sorted(u.replace("{base}", base) for u in g["urls"]) for g in groups
    )


def test_discovery_items_fold_into_fetched_articles_and_never_reach_google(
    polled: dict[str, Any],
) -> None:
    for log in polled["logs"]:
        assert all("news.google.com" not in r.path for r in log)
    base = polled["base"]
    _, rows = _wh(polled).query("SELECT outlet, url FROM articles WHERE source = 'discovery'")
    resolved = [d for d in EXPECT["phase2"]["discovery_items"] if d["resolves_to"]]
    outside = [d for d in EXPECT["phase2"]["discovery_items"] if not d["resolves_to"]]
    # Items describing fetched stories become aliases; the others stay as discovery records.
    assert sorted(r[0] for r in rows) == sorted(d["publisher"] for d in outside)
    _, aliased = _wh(polled).query(
        "SELECT count(*) FROM article_alias WHERE alias LIKE 'https://news.google.com/%'"
    )
    assert aliased[0][0] >= len(resolved)
    assert all(base not in r[1] for r in rows)


def test_the_second_poll_uses_validators_and_the_third_changes_nothing(
    polled: dict[str, Any],
) -> None:
    first, second, third = polled["summaries"]
    outside = [d for d in EXPECT["phase1"]["discovery_items"] if not d["resolves_to"]]
    assert first.counts["feeds_failed"] == 0
    # Discovery records of publishers outside the corpus are articles of their own.
    assert first.counts["articles_new"] == EXPECT["phase1"]["article_count"] + len(outside)
    assert second.counts["articles_new"] == 2 and second.counts["articles_changed"] == 1
    assert third.counts["articles_new"] == third.counts["articles_changed"] == 0
    assert third.counts["feeds_ok"] == 0  # every feed 304 or byte-identical
    statuses = {r.status for r in polled["logs"][2]}
    assert 304 in statuses
    # Lakeside's feed sends no validators: the body-hash fallback recognised it unchanged.
    _, rows = _wh(polled).query(
        "SELECT last_status FROM feed_health WHERE feed_url LIKE '%lakeside-daily%'"
    )
    assert rows == [("unchanged",)]
    # Nothing new means nothing fetched beyond the feeds themselves.
    assert all(r.path.endswith((".xml",)) for r in polled["logs"][2])


def test_each_check_is_recorded(polled: dict[str, Any]) -> None:
    _, rows = _wh(polled).query(
        "SELECT outcome, count(*) FROM article_check GROUP BY outcome ORDER BY outcome"
    )
    outcomes = dict(rows)
    assert outcomes["new"] >= EXPECT["phase2"]["article_count"]
    assert outcomes["changed"] == 1
    assert outcomes["unchanged"] > 0


def test_claims_match_the_manifest(polled: dict[str, Any]) -> None:
    base = polled["base"]
    _, rows = _wh(polled).query(
        "SELECT c.url, c.value, c.qualifier, c.kind, c.modality FROM claims c "
        "JOIN articles a USING (article_id) "
        "WHERE c.measure = 'orgs_with_access' AND c.version = a.versions"
    )
    got: dict[str, set[tuple[Any, ...]]] = {}
    for url, value, qualifier, kind, modality in rows:
        got.setdefault(url, set()).add((round(value), qualifier, kind, modality))
    want = {
        url: {(c["value"], c["qualifier"], c["kind"], c["modality"]) for c in a.get("claims", [])}
        for url, a in _expected("phase2", base).items()
        if a["on_topic"] and a.get("claims")
    }
    assert got == want


def test_the_summary_names_no_failures(polled: dict[str, Any]) -> None:
    for summary in polled["summaries"]:
        assert summary.feed_errors == [] and summary.page_errors == []


def test_the_run_is_recorded(polled: dict[str, Any]) -> None:
    _, rows = _wh(polled).query("SELECT status, errors FROM runs ORDER BY started_at")
    assert rows == [("completed", 0)] * 3


def test_store_path_is_a_real_file(polled: dict[str, Any]) -> None:
    assert Path(polled["db"]).stat().st_size > 0


def test_flags_match_the_manifest(polled: dict[str, Any]) -> None:
    """Every expected contradiction is flagged, and nothing else among these articles."""
    base = polled["base"]
    _, rows = _wh(polled).query("SELECT kind, a_url, a_value, b_url, b_value FROM contradictions")
    got = [(kind, (round(av), au), (round(bv), bu)) for kind, au, av, bu, bv in rows]

    def matches(claim: tuple[int, str], side: dict[str, Any]) -> bool:
        # A side naming several URLs is one syndicated report: any one of them may be named.
        urls = {u.replace("{base}", base) for u in side["urls"]}
        return claim[0] == side["value"] and claim[1] in urls

    expected = EXPECT["phase2"]["contradictions"]
    assert len(got) == len(expected)
    for flag in expected:
        assert any(
            kind == flag["kind"]
            and (
                (matches(a, flag["a"]) and matches(b, flag["b"]))
                or (matches(a, flag["b"]) and matches(b, flag["a"]))
            )
            for kind, a, b in got
        ), flag["why"]


def test_no_email_without_smtp_but_developments_are_kept(polled: dict[str, Any]) -> None:
    first = polled["summaries"][0]
    assert first.alert_message and "not configured" in first.alert_message
    assert polled["summaries"][2].counts["developments"] == 0  # nothing new, nothing recorded
    _, rows = _wh(polled).query("SELECT count(*) FROM developments WHERE sent_at IS NULL")
    assert rows[0][0] > 0
