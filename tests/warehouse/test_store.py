"""The warehouse on a real DuckDB file: migrations, idempotent versioned loads, short sessions."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from claimwatch.extractors.records import ArticleObservation, Claim, Entity, Extraction
from claimwatch.extractors.text_norm import content_hash
from claimwatch.warehouse import migrator
from claimwatch.warehouse.errors import DatabaseBusy, DatabaseUnusable, QueryError
from claimwatch.warehouse.store import FeedPoll, Warehouse, article_id_for

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def obs(url: str, text: str, *, title: str = "Headline", at: datetime = T0, **kw: object):
    return ArticleObservation(
        url=url,
        outlet=str(kw.pop("outlet", "Harbor Ledger")),
        feed_url="http://127.0.0.1/feed.xml",
        title=title,
        text=text,
        content_hash=content_hash(title, text),
        on_topic=bool(kw.pop("on_topic", True)),
        published_at=at,
        updated_at=None,
        fetched_at=at,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "cw.duckdb", busy_timeout=2.0)
    w.migrate()
    return w


def test_migrations_apply_once_and_pending_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    con = duckdb.connect(str(path))
    assert [m.number for m in migrator.pending(con)] == [m.number for m in migrator.available()]
    assert migrator.applied(con) == set()  # looking did not create the record table
    applied = migrator.migrate(con)
    assert applied and migrator.pending(con) == []
    assert migrator.migrate(con) == []
    sql = "SELECT view_name FROM duckdb_views() WHERE NOT internal"
    views = {r[0] for r in con.execute(sql).fetchall()}
    assert {"articles", "article_versions", "feed_health", "claims", "stories"} <= views
    con.close()


def test_new_version_only_when_text_changes(wh: Warehouse) -> None:
    url = "https://harbor.example/2026/mythos"
    first = wh.load_observations("r1", [obs(url, "About 50 organizations have access.")])
    again = wh.load_observations("r2", [obs(url, "About 50 organizations have access.")])
    fixed = wh.load_observations("r3", [obs(url, "About 55 organizations have access.")])
    assert [first[0].outcome, again[0].outcome, fixed[0].outcome] == ["new", "unchanged", "changed"]
    _, rows = wh.query("SELECT version, text FROM article_versions ORDER BY version")
    assert rows == [
        (1, "About 50 organizations have access."),
        (2, "About 55 organizations have access."),
    ]
    _, checks = wh.query("SELECT outcome FROM article_check ORDER BY checked_at, run_id")
    assert [c[0] for c in checks] == ["new", "unchanged", "changed"]


def test_aliases_make_one_article_of_two_names(wh: Warehouse) -> None:
    url = "https://harbor.example/a"
    wh.load_observations("r1", [obs(url, "Text one.", aliases=("guid:tag:harbor,1",))])
    other = obs("https://harbor.example/a-amp", "Text one.", aliases=("guid:tag:harbor,1",))
    out = wh.load_observations("r2", [other])
    assert out[0].article_id == article_id_for(url)
    assert out[0].outcome == "unchanged"
    _, rows = wh.query("SELECT count(*) FROM articles")
    assert rows == [(1,)]


def test_syndicated_copies_share_a_story(wh: Warehouse) -> None:
    from claimwatch.extractors.near_dup import signature

    body = " ".join(
        f"Sentence {i} of the wire story says the administration objected to wider access."
        for i in range(30)
    )
    a = obs("https://lakeside.example/wire", body, signature=signature(body), outlet="Lakeside")
    b = obs("https://metro.example/wire", body, signature=signature(body), outlet="Metro")
    other_text = " ".join(
        f"Unrelated paragraph {i} about a brewery and its beer." for i in range(30)
    )
    c = obs("https://other.example/x", other_text, signature=signature(other_text))
    out = wh.load_observations("r1", [a, b, c])
    assert out[0].story_id == out[1].story_id == out[0].article_id
    assert out[2].story_id == out[2].article_id
    _, rows = wh.query("SELECT copies, outlets FROM stories WHERE copies > 1")
    assert rows == [(2, ["Lakeside", "Metro"])]


def test_feed_failures_keep_last_good_validators(wh: Warehouse) -> None:
    url = "http://127.0.0.1/feed.xml"

    def poll(status: str, failures: int, **kw: object) -> FeedPoll:
        base = dict(
            feed_url=url,
            outlet="Harbor",
            kind="feed",
            polled_at=T0,
            status=status,
            http_status=200,
            entries=3,
            error=None,
            etag=None,
            last_modified=None,
            body_hash=None,
            consecutive_failures=failures,
            next_poll_at=None,
        )
        base.update(kw)
        return FeedPoll(**base)  # type: ignore[arg-type]

    wh.record_feed_polls("r1", [poll("ok", 0, etag='"v1"', body_hash="h1")])
    later = T0 + timedelta(hours=1)
    wh.record_feed_polls(
        "r2", [poll("failed", 1, http_status=503, error="503 from server", next_poll_at=later)]
    )
    state = wh.feed_states([url])[url]
    assert (state.etag, state.body_hash, state.consecutive_failures) == ('"v1"', "h1", 1)
    _, rows = wh.query("SELECT last_status, last_error, next_poll_at FROM feed_health")
    assert rows == [("failed", "503 from server", later)]


def _claim(value: float) -> Claim:
    return Claim(
        value=value,
        low=value * 0.9,
        high=value * 1.1,
        qualifier="approx",
        kind="level",
        modality="actual",
        negated=False,
        measure="orgs_with_access",
        quantity="count",
        noun="organization",
        subject="Anthropic",
        attribution=None,
        value_text=f"about {value}",
        sentence=f"About {value} organizations have access.",
        start_char=0,
        end_char=8,
        sentence_start=0,
        sentence_end=40,
    )


def test_extractions_are_stored_once_and_pending_shrinks(wh: Warehouse) -> None:
    out = wh.load_observations("r1", [obs("https://h.example/a", "About 50 organizations.")])
    pending = wh.pending_texts("x-1")
    assert [(p.article_id, p.version) for p in pending] == [(out[0].article_id, 1)]
    ext = Extraction(
        entities=(Entity("Anthropic", "ORG", "Anthropic", 0, 9),), claims=(_claim(50),)
    )
    assert wh.store_extractions("x-1", [(out[0].article_id, 1, ext)]) == 1
    assert wh.store_extractions("x-1", [(out[0].article_id, 1, ext)]) == 0
    assert wh.pending_texts("x-1") == []
    assert len(wh.pending_texts("x-2")) == 1  # a new extractor version reads it again
    _, rows = wh.query("SELECT value, low, high, outlet, measure FROM claims")
    [(value, low, high, outlet, measure)] = rows
    assert (value, outlet, measure) == (50.0, "Harbor Ledger", "orgs_with_access")
    assert (low, high) == (pytest.approx(45.0), pytest.approx(55.0))


def test_off_topic_articles_are_not_extracted(wh: Warehouse) -> None:
    wh.load_observations(
        "r1", [obs("https://arcade.example/m", "5 million copies", on_topic=False)]
    )
    assert wh.pending_texts("x-1") == []


def test_user_sql_is_read_only_and_errors_are_clean(wh: Warehouse) -> None:
    with pytest.raises(QueryError, match="read-only"):
        wh.query("DELETE FROM article")
    with pytest.raises(QueryError, match="nosuchview"):
        wh.query("SELECT * FROM nosuchview")


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="no such directory"):
        Warehouse(tmp_path / "missing" / "cw.duckdb").migrate()


def test_a_writer_in_another_process_makes_us_wait_then_give_up(wh: Warehouse) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(wh.path)!r})
                print("locked", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        told: list[str] = []
        busy = Warehouse(wh.path, busy_timeout=1.0, on_wait=told.append)
        with pytest.raises(DatabaseBusy, match="in use by another process"):
            busy.query("SELECT 1")
        assert told and "waiting" in told[0]
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()  # type: ignore[union-attr]
    assert Warehouse(wh.path).query("SELECT count(*) FROM articles")[1] == [(0,)]


def test_claim_bounds_are_stored_as_exact_decimals(wh: Warehouse, tmp_path: Path) -> None:
    from decimal import Decimal

    from claimwatch.extractors.numbers import interval

    outcome = wh.load_observations("run-1", [obs("https://a.example/x", "About 50 firms.")])[0]
    quantities = [interval(50, "approx"), interval(90, "approx"), interval("0.3", "approx")]
    claims = tuple(
        Claim(
            value=q.value, low=q.low, high=q.high, qualifier=q.qualifier, kind="level",
            modality="actual", negated=False, measure="orgs_with_access", quantity="count",
            noun="firm", subject=None, attribution=None, value_text="about", sentence="s",
            start_char=i, end_char=i + 1, sentence_start=0, sentence_end=1,
        )
        for i, q in enumerate(quantities)
    )  # fmt: skip
    wh.store_extractions("k", [(outcome.article_id, outcome.version, Extraction((), claims))])
    _, rows = wh.query("SELECT value, low, high, typeof(high) FROM claims ORDER BY start_char")
    assert rows == [
        (Decimal(50), Decimal(45), Decimal(55), "DECIMAL(38,6)"),
        (Decimal(90), Decimal(81), Decimal(99), "DECIMAL(38,6)"),
        (Decimal("0.3"), Decimal("0.27"), Decimal("0.33"), "DECIMAL(38,6)"),
    ]
    # What people read: 55, not 55.00000000000001 (nor 55.000000).
    out = subprocess.run(
        [sys.executable, "-m", "claimwatch.flows.cli", "sql", "--db", str(wh.path),
         "--format", "csv", "SELECT value, low, high FROM claims ORDER BY start_char"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.stdout.splitlines() == ["value,low,high", "50,45,55", "90,81,99", "0.3,0.27,0.33"]


def test_an_old_warehouse_with_float_bounds_upgrades_to_decimals(tmp_path: Path) -> None:
    from decimal import Decimal

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE _migrations (number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    for m in migrator.available():
        if m.number < 5:  # the schema of the release whose bounds were DOUBLE
            con.execute(m.sql)
            con.execute("INSERT INTO _migrations (number, name) VALUES (?, ?)", [m.number, m.name])
    assert con.execute(
        "SELECT data_type FROM information_schema.columns"
        " WHERE table_name = 'claim' AND column_name = 'high'"
    ).fetchone() == ("DOUBLE",)
    con.execute(
        "INSERT INTO claim (claim_id, extraction_id, article_id, version, measure, value, low,"
        " high, qualifier, kind, modality, negated, quantity, sentence)"
        " VALUES ('c1', 'e1', 'a1', 1, 'm', 50, 45, 55.00000000000001, 'approx', 'level',"
        " 'actual', false, 'count', 's')"
    )
    con.close()

    Warehouse(path).migrate()
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT value, low, high FROM claim").fetchall() == [
        (Decimal(50), Decimal(45), Decimal(55))
    ]
    con.close()
