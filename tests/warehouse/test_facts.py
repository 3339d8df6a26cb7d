"""Facts, not updates: every write appends a fact, current state is a view; ids derive from
content, so a second writer's copy of a fact and a re-extraction add nothing new; topics share
one warehouse without mixing. A real DuckDB file each, no mocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from claimwatch.extractors.records import ArticleObservation, Claim, Extraction
from claimwatch.extractors.text_norm import content_hash
from claimwatch.warehouse.flags import FlagCounts, all_flags, detect_flags
from claimwatch.warehouse.outbox import record_developments
from claimwatch.warehouse.store import FeedPoll, Warehouse

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "cw.duckdb", busy_timeout=2.0)
    w.migrate()
    return w


def _claim(value: int, start: int = 0) -> Claim:
    return Claim(
        value=value, low=value, high=value, qualifier="exact", kind="level", modality="actual",
        negated=False, measure="orgs_with_access", quantity="count", noun="organization",
        subject=None, attribution=None, value_text=str(value),
        sentence=f"Officials said {value} organizations have access.", start_char=start,
        end_char=start + 2, sentence_start=0, sentence_end=50,
    )  # fmt: skip


def _observation(url: str, outlet: str, text: str, *, on_topic: bool = True) -> ArticleObservation:
    return ArticleObservation(
        url=url,
        outlet=outlet,
        feed_url=f"{url}/feed.xml",
        title="Mythos access",
        text=text,
        content_hash=content_hash("Mythos access", text),
        on_topic=on_topic,
        published_at=T0,
        updated_at=None,
        fetched_at=T0,
    )


def _seed(wh: Warehouse, topic: str, key: str, url: str, outlet: str, value: int) -> str:
    """One article in `topic` saying `value`, read by extraction key `key`; its article id."""
    run_id = f"run-{topic}-{url}"
    wh.start_run(run_id, topic, T0)
    text = f"Officials said {value} organizations have access."
    [out] = wh.load_observations(run_id, [_observation(url, outlet, text)], topic=topic)
    wh.store_extractions(key, [(out.article_id, 1, Extraction((), (_claim(value),)))], topic=topic)
    return out.article_id


def _count(wh: Warehouse, query: str) -> int:
    return int(wh.query(query)[1][0][0])  # type: ignore[arg-type]


def test_reextraction_with_a_new_key_flags_and_announces_nothing_again(wh: Warehouse) -> None:
    a = _seed(wh, "mythos", "key-1", "https://harbor.example/a", "Harbor Ledger", 40)
    b = _seed(wh, "mythos", "key-1", "https://metro.example/b", "Metro Daily", 50)
    assert detect_flags(wh, T0, "mythos") == FlagCounts(1, 0, 0)
    assert record_developments(wh, "mythos", T0) > 0
    claims_before = wh.query("SELECT claim_id FROM claims ORDER BY claim_id")[1]

    # A new extractor reads the same versions and finds the same claims.
    for article_id, value in ((a, 40), (b, 50)):
        extraction = Extraction((), (_claim(value),))
        wh.store_extractions("key-2", [(article_id, 1, extraction)], topic="mythos")
    assert _count(wh, "SELECT count(DISTINCT extractor_version) FROM claims") == 1
    assert wh.query("SELECT claim_id FROM claims ORDER BY claim_id")[1] == claims_before

    later = T0 + timedelta(hours=1)
    assert detect_flags(wh, later, "mythos") == FlagCounts(0, 0, 0)
    assert record_developments(wh, "mythos", later) == 0
    [flag] = all_flags(wh, "mythos")
    assert flag.detected_at == T0 and flag.current


def test_a_second_writers_copy_of_the_same_facts_changes_no_view(wh: Warehouse) -> None:
    _seed(wh, "mythos", "key-1", "https://harbor.example/a", "Harbor Ledger", 40)
    _seed(wh, "mythos", "key-1", "https://metro.example/b", "Metro Daily", 50)
    detect_flags(wh, T0, "mythos")
    record_developments(wh, "mythos", T0)
    views = ("articles", "article_versions", "claims", "contradictions", "developments", "stories")
    before = {v: sorted(map(str, wh.query(f"SELECT * FROM {v}")[1])) for v in views}

    # Another writer stored exactly the same facts (same content, so the same ids): DuckLake
    # would let both appends through, so the views must show each fact once.
    con = duckdb.connect(str(wh.path))
    facts = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%\\_fact' ESCAPE '\\'"
    ).fetchall()]  # fmt: skip
    assert {"article_fact", "article_version_fact", "claim_fact", "flag_fact"} <= set(facts)
    for table in facts:
        con.execute(f"INSERT INTO {table} SELECT * FROM {table}")
    con.close()

    assert {v: sorted(map(str, wh.query(f"SELECT * FROM {v}")[1])) for v in views} == before


def test_feed_state_is_the_latest_poll_and_forgetting_validators_is_a_fact(wh: Warehouse) -> None:
    url = "http://127.0.0.1/feed.xml"

    def poll(at: datetime, status: str, failures: int, **kw: object) -> FeedPoll:
        fields: dict[str, object] = dict(
            feed_url=url, outlet="Harbor", kind="feed", polled_at=at, status=status,
            http_status=200, entries=3, error=None, etag=None, last_modified=None,
            body_hash=None, consecutive_failures=failures, next_poll_at=None,
        )  # fmt: skip
        fields.update(kw)
        return FeedPoll(**fields)  # type: ignore[arg-type]

    wh.record_feed_polls("r1", [poll(T0, "ok", 0, etag='"v1"', body_hash="h1")], topic="t")
    wh.forget_validators([url], topic="t")
    state = wh.feed_states([url], topic="t")[url]
    assert (state.etag, state.body_hash) == (None, None)
    later = T0 + timedelta(hours=1)
    wh.record_feed_polls("r2", [poll(later, "ok", 0, etag='"v2"')], topic="t")
    state = wh.feed_states([url], topic="t")[url]
    assert (state.etag, state.body_hash, state.consecutive_failures) == ('"v2"', None, 0)
    # Another topic polling the same feed starts from its own state.
    assert wh.feed_states([url], topic="other") == {}
    _, rows = wh.query("SELECT count(*), max(status) FROM feed_poll")
    assert rows == [(2, "ok")]


def test_a_run_found_running_by_the_next_run_is_crashed_by_a_fact(wh: Warehouse) -> None:
    wh.start_run("r1", "t", T0)
    wh.start_run("r2", "t", T0 + timedelta(minutes=5))  # r1 died holding nothing
    wh.finish_run("r2", "completed", {"claims": 3}, 0, "monitor")
    _, rows = wh.query("SELECT run_id, status FROM runs ORDER BY run_id")
    assert rows == [("r1", "crashed"), ("r2", "completed")]
    _, events = wh.query("SELECT count(*) FROM run_event_fact")
    assert events == [(4,)]  # started, started, crashed, finished: nothing was updated


def test_two_topics_share_one_warehouse_without_mixing(wh: Warehouse) -> None:
    _seed(wh, "alpha", "alpha-key", "https://harbor.example/a", "Harbor Ledger", 40)
    _seed(wh, "alpha", "alpha-key", "https://metro.example/b", "Metro Daily", 50)
    _seed(wh, "beta", "beta-key", "https://capitol.example/c", "Capitol Circuit", 7)
    # An article both topics saw: on topic for alpha only.
    text = "Officials said 90 organizations have access."
    shared = _observation("https://lakeside.example/d", "Lakeside", text)
    wh.start_run("run-a2", "alpha", T0)
    wh.load_observations("run-a2", [shared], topic="alpha")
    wh.start_run("run-b2", "beta", T0)
    wh.load_observations("run-b2", [_observation(shared.url, "Lakeside", text, on_topic=False)])

    assert [p.article_id for p in wh.pending_texts("beta-key", topic="beta")] == []
    [pending] = wh.pending_texts("alpha-key", topic="alpha")
    assert pending.title == "Mythos access"

    assert detect_flags(wh, T0, "beta") == FlagCounts(0, 0, 0)
    assert detect_flags(wh, T0, "alpha") == FlagCounts(1, 0, 0)
    assert [f.a_outlet for f in all_flags(wh, "alpha")] == ["Harbor Ledger"]
    assert all_flags(wh, "beta") == []

    assert record_developments(wh, "beta", T0) == 2  # its story and its claim value
    assert record_developments(wh, "alpha", T0) == 6  # 3 stories, 2 values, 1 contradiction
    _, rows = wh.query(
        "SELECT topic, count(*) FILTER (WHERE on_topic), count(*) FROM articles GROUP BY topic "
        "ORDER BY topic"
    )
    assert rows == [("alpha", 3, 3), ("beta", 1, 2)]
    _, rows = wh.query("SELECT topic, count(*) FROM claims GROUP BY topic ORDER BY topic")
    assert rows == [("alpha", 2), ("beta", 1)]
    _, rows = wh.query("SELECT DISTINCT topic FROM contradictions")
    assert rows == [("alpha",)]
    _, rows = wh.query("SELECT topic, count(*) FROM runs GROUP BY topic ORDER BY topic")
    assert rows == [("alpha", 3), ("beta", 2)]
    for view in ("articles", "article_versions", "stories", "claims", "entities", "feed_health",
                 "runs", "contradictions", "claim_drift", "derived_levels", "alerts",
                 "developments"):  # fmt: skip
        columns, _ = wh.query(f"SELECT * FROM {view} LIMIT 0")
        assert "topic" in columns, view


def test_as_of_answers_from_the_facts_recorded_up_to_then(wh: Warehouse) -> None:
    import subprocess
    import sys
    import time

    from claimwatch.warehouse.errors import QueryError

    _seed(wh, "mythos", "key-1", "https://harbor.example/a", "Harbor Ledger", 40)
    time.sleep(0.01)
    then = datetime.now(UTC)
    time.sleep(0.01)
    _seed(wh, "mythos", "key-1", "https://metro.example/b", "Metro Daily", 50)
    detect_flags(wh, T0, "mythos")

    query = "SELECT outlet FROM claims ORDER BY outlet"
    assert wh.query(query)[1] == [("Harbor Ledger",), ("Metro Daily",)]
    assert wh.query(query, as_of=then)[1] == [("Harbor Ledger",)]
    assert wh.query("SELECT count(*) FROM contradictions", as_of=then)[1] == [(0,)]
    assert wh.query("SELECT count(*) FROM runs", as_of=then)[1] == [(1,)]
    # The sandbox still holds: the past cannot be rewritten from a query.
    with pytest.raises(QueryError, match="read-only"):
        wh.query("SET VARIABLE claimwatch_as_of = NULL", as_of=then)
    with pytest.raises(QueryError, match="read-only"):
        wh.query("COPY (SELECT 1) TO 'x.csv'", as_of=then)

    cli = [sys.executable, "-m", "claimwatch.flows.cli", "sql", "--db", str(wh.path)]
    out = subprocess.run(
        [*cli, "--format", "csv", "--as-of", then.isoformat(), query],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["outlet", "Harbor Ledger"]
    bad = subprocess.run(
        [*cli, "--as-of", "yesterday", query], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "--as-of must be a time" in bad.stderr


def test_the_report_as_of_a_time_shows_only_what_was_known_then(
    wh: Warehouse, tmp_path: Path
) -> None:
    import time

    from claimwatch.flows.report import write_report

    _seed(wh, "mythos", "key-1", "https://harbor.example/a", "Harbor Ledger", 40)
    time.sleep(0.01)
    then = datetime.now(UTC)
    time.sleep(0.01)
    _seed(wh, "mythos", "key-1", "https://metro.example/b", "Metro Daily", 50)
    now_page = write_report(wh, tmp_path / "now.html").read_text(encoding="utf-8")
    then_page = write_report(wh, tmp_path / "then.html", as_of=then).read_text(encoding="utf-8")
    assert "Metro Daily" in now_page and "Harbor Ledger" in now_page
    assert "Metro Daily" not in then_page and "Harbor Ledger" in then_page


def test_a_batch_loads_exactly_what_one_article_at_a_time_loads(tmp_path: Path) -> None:
    from dataclasses import replace

    from claimwatch.extractors.near_dup import signature
    from claimwatch.warehouse.articles import load_observations_row_by_row

    wire = " ".join(f"Sentence {i} of the wire story on Mythos access." for i in range(30))
    page = _observation("https://harbor.example/a", "Harbor Ledger", "About 40 firms.")
    batches = [
        [
            # An aggregator names a story first; its page arrives later in the same batch.
            replace(
                _observation("https://news.example/x1", "Metro Daily", "Metro headline"),
                title="Mythos widens",
                source="discovery",
            ),  # fmt: skip
            replace(
                _observation("https://metro.example/b", "Metro Daily", "About 50 firms."),
                title="Mythos widens",
            ),  # fmt: skip
            page,
            replace(page, url="https://harbor.example/a?amp", aliases=(page.url,)),  # same one
            replace(
                _observation("https://lake.example/w", "Lakeside", wire), signature=signature(wire)
            ),  # fmt: skip
            replace(
                _observation("https://metro.example/w", "Metro Daily", wire),
                signature=signature(wire),
            ),  # a syndicated copy  # fmt: skip
        ],
        [
            replace(page, text="About 45 firms.", content_hash="changed"),  # a new version
            replace(page, text="About 45 firms.", content_hash="changed", source="feed"),
            replace(
                _observation("https://news.example/x2", "Harbor Ledger", "Harbor"),
                source="discovery",
            ),  # an aggregator item for a fetched page  # fmt: skip
        ],
    ]
    outcomes, views = [], []
    for name in ("batch", "rows"):
        wh = Warehouse(tmp_path / f"{name}.duckdb")
        wh.migrate()
        wh.start_run("r", "t", T0)
        seen = []
        for observations in batches:
            if name == "batch":
                seen += wh.load_observations("r", observations)
            else:
                seen += load_observations_row_by_row(wh, "r", observations, "t")
        outcomes.append(seen)
        views.append(
            {
                v: sorted(map(str, wh.query(f"SELECT * EXCLUDE (recorded_at) FROM {v}")[1]))
                for v in ("article", "article_version", "article_check", "article_alias")
            }
            | {"stories": sorted(map(str, wh.query("SELECT * FROM stories")[1]))}
        )
    assert [o.outcome for o in outcomes[0]] == [
        "new", "new", "new", "unchanged", "new", "new", "changed", "unchanged", "duplicate",
    ]  # fmt: skip
    assert outcomes[0] == outcomes[1]
    assert views[0] == views[1]
    _, folded = Warehouse(tmp_path / "batch.duckdb").query(
        "SELECT count(*) FROM article WHERE duplicate_of IS NOT NULL"
    )
    assert folded == [(1,)]
