"""Contradiction and drift flags on a real DuckDB file, one hand-seeded case per rule.

Articles and versions go in through `Warehouse.load_observations`, claims through
`Warehouse.store_extractions`, exactly as a run stores them; each test states the exact flags.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from claimwatch.extractors.near_dup import signature
from claimwatch.extractors.records import ArticleObservation, Claim, Extraction
from claimwatch.extractors.text_norm import content_hash
from claimwatch.warehouse.flags import FlagCounts, all_flags, detect_flags, new_flags_since
from claimwatch.warehouse.store import Warehouse

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MEASURE = "orgs_with_access"
EXTRACTOR = "test-1"


def claim(
    value: float,
    qualifier: str = "approx",
    *,
    kind: str = "level",
    modality: str = "actual",
    negated: bool = False,
    measure: str = MEASURE,
    sentence: str | None = None,
    start: int = 0,
    interval: tuple[float | None, float | None] | None = None,
) -> Claim:
    """A claim with the interval its qualifier implies (the design's table)."""
    if interval is not None:
        low, high = interval
    else:
        low, high = {
            "exact": (value, value),
            "approx": (value * 0.9, value * 1.1),
            "nearly": (value * 0.9, value),
            "more_than": (value, None),
            "at_least": (value, None),
            "less_than": (0.0, value),
            "at_most": (0.0, value),
        }[qualifier]
    text = sentence or f"Officials said {value:g} organizations have access to Mythos."
    return Claim(
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        kind=kind,
        modality=modality,
        negated=negated,
        measure=measure,
        quantity="count",
        noun="organization",
        subject="Anthropic",
        attribution=None,
        value_text=f"{value:g}",
        sentence=text,
        start_char=start,
        end_char=start + 2,
        sentence_start=start,
        sentence_end=start + len(text),
    )


@dataclass(frozen=True)
class Seeded:
    article_id: str
    claim_ids: list[list[str]]  # per version, in claim order


def seed_article(
    wh: Warehouse,
    url: str,
    outlet: str,
    versions: Sequence[Sequence[Claim]],
    *,
    at: datetime = T0,
    body: str | None = None,
    step: timedelta = timedelta(hours=1),
) -> Seeded:
    """Load an article with one version per item of `versions`, each with its claims.

    `body` (40+ words) gives the article a MinHash signature, so that articles with the same
    body are grouped as syndicated copies of one story.
    """
    article_id = ""
    ids: list[list[str]] = []
    for n, claims in enumerate(versions, start=1):
        base = body or f"Coverage of the Mythos access dispute at {url}."
        text = base + f" (version {n}: " + " ".join(c.sentence for c in claims) + ")"
        fetched = at + step * (n - 1)
        observation = ArticleObservation(
            url=url,
            outlet=outlet,
            feed_url="http://127.0.0.1/feed.xml",
            title="Mythos access",
            text=text,
            content_hash=content_hash("Mythos access", text),
            on_topic=True,
            published_at=at,
            updated_at=None,
            fetched_at=fetched,
            signature=signature(body) if body else (),
        )
        [out] = wh.load_observations(f"run-{url}-{n}", [observation])
        assert out.version == n
        article_id = out.article_id
        wh.store_extractions(EXTRACTOR, [(article_id, n, Extraction((), tuple(claims)))])
        _, rows = wh.query(
            f"SELECT claim_id FROM claims WHERE article_id = '{article_id}' AND version = {n}"
            " ORDER BY start_char, claim_id"
        )
        ids.append([r[0] for r in rows])
    return Seeded(article_id, ids)


def flag_rows(wh: Warehouse) -> list[tuple[Any, ...]]:
    _, rows = wh.query(
        "SELECT kind, basis, a_outlet, a_value, b_outlet, b_value FROM contradictions "
        "ORDER BY kind, basis, a_outlet, b_outlet, a_value, b_value"
    )
    return rows


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "flags.duckdb", busy_timeout=2.0)
    w.migrate()
    return w


def test_about_40_vs_about_50_is_a_cross_outlet_conflict(wh: Warehouse) -> None:
    a = seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)]])
    b = seed_article(
        wh, "https://metro.example/b", "Metro Daily", [[claim(50)]], at=T0 + timedelta(hours=2)
    )
    assert detect_flags(wh, T0 + timedelta(days=1)) == FlagCounts(1, 0, 0)
    [flag] = all_flags(wh)
    assert (flag.kind, flag.basis, flag.measure) == ("cross_outlet", "stated", MEASURE)
    assert (flag.a_claim_id, flag.b_claim_id) == (a.claim_ids[0][0], b.claim_ids[0][0])
    assert (flag.a_outlet, flag.a_value, flag.b_outlet, flag.b_value) == (
        "Harbor Ledger",
        40.0,
        "Metro Daily",
        50.0,
    )
    assert flag.a_url == "https://harbor.example/a" and flag.b_url == "https://metro.example/b"
    assert flag.a_sentence == "Officials said 40 organizations have access to Mythos."
    assert flag.b_sentence == "Officials said 50 organizations have access to Mythos."
    assert flag.detected_at == T0 + timedelta(days=1)
    assert flag.current and flag.derived_from == ()
    # The id derives from what the claims assert (pair_key) and their content-derived ids.
    ids = sorted([a.claim_ids[0][0], b.claim_ids[0][0]])
    [(pair_key,)] = wh.query("SELECT pair_key FROM contradictions")[1]
    expected_id = hashlib.md5(f"flag/{pair_key}/{ids[0]}/{ids[1]}".encode()).hexdigest()
    assert flag.contradiction_id == expected_id


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(claim(50, "nearly"), claim(50), id="nearly-50-vs-about-50"),
        pytest.param(claim(100, "more_than"), claim(120), id="more-than-100-vs-around-120"),
    ],
)
def test_overlapping_intervals_do_not_conflict(wh: Warehouse, first: Claim, second: Claim) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[first]])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[second]])
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 0)
    assert flag_rows(wh) == []


def test_70_in_total_vs_around_120_in_total_conflict(wh: Warehouse) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(70, "exact")]])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[claim(120)]])
    assert detect_flags(wh, T0) == FlagCounts(1, 0, 0)
    assert flag_rows(wh) == [
        ("cross_outlet", "stated", "Harbor Ledger", 70.0, "Metro Daily", 120.0)
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(claim(70, kind="delta"), claim(120, "exact"), id="70-additional-vs-120-total"),
        pytest.param(claim(40, modality="proposed"), claim(120), id="proposed-vs-actual"),
        pytest.param(claim(40, negated=True), claim(50), id="negated-vs-stated"),
        pytest.param(claim(40, measure="other"), claim(50, measure="other"), id="other-measure"),
    ],
)
def test_incomparable_claims_are_never_flagged(wh: Warehouse, first: Claim, second: Claim) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[first]])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[second]])
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 0)
    assert flag_rows(wh) == []


WIRE = " ".join(
    f"Paragraph {i} of the wire report says the White House objected to wider Mythos access."
    for i in range(12)
)


def test_a_syndicated_copy_is_not_a_second_outlet(wh: Warehouse) -> None:
    # One wire story at two outlets; the copy was edited to a different number.
    wire = seed_article(wh, "https://lakeside.example/wire", "Lakeside", [[claim(40)]], body=WIRE)
    copy = seed_article(wh, "https://metro.example/wire", "Metro Daily", [[claim(50)]], body=WIRE)
    _, stories = wh.query("SELECT copies FROM stories")
    assert stories == [(2,)]
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 0)
    # A third, independent outlet disagreeing with the wire story: one flag per disagreement,
    # not one per copy (the copy saying 40 too adds nothing).
    seed_article(wh, "https://metro.example/wire2", "Metro Daily", [[claim(40)]], body=WIRE)
    seed_article(wh, "https://harbor.example/own", "Harbor Ledger", [[claim(80)]])
    counts = detect_flags(wh, T0 + timedelta(hours=5))
    assert counts == FlagCounts(2, 0, 0)  # wire 40 vs 80; copy 50 vs 80
    assert sorted(tuple(sorted((r[3], r[5]))) for r in flag_rows(wh)) == [(40, 80), (50, 80)]
    assert wire.article_id != copy.article_id


def test_one_articles_versions_120_then_130_is_drift(wh: Warehouse) -> None:
    s = seed_article(
        wh,
        "https://harbor.example/a",
        "Harbor Ledger",
        [[claim(120)], [claim(120)], [claim(130)]],  # v2 repeats v1: only v2 -> v3 drifts
    )
    assert detect_flags(wh, T0) == FlagCounts(0, 1, 0)
    [flag] = all_flags(wh)
    assert (flag.kind, flag.a_version, flag.a_value, flag.b_version, flag.b_value) == (
        "drift",
        2,
        120.0,
        3,
        130.0,
    )
    assert (flag.a_claim_id, flag.b_claim_id) == (s.claim_ids[1][0], s.claim_ids[2][0])
    assert flag.a_outlet == flag.b_outlet == "Harbor Ledger" and flag.current


def test_drift_ignores_a_version_that_restates_every_number(wh: Warehouse) -> None:
    both = [claim(120, start=0), claim(50, start=80)]
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [both, list(reversed(both))])
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 0)


def _delta_and_total(start: int = 0) -> list[Claim]:
    sentence = (
        "The proposal would give about 70 additional enterprises access, bringing the total "
        "to around 120."
    )
    return [
        claim(70, kind="delta", modality="proposed", sentence=sentence, start=start + 27),
        claim(120, modality="proposed", sentence=sentence, start=start + 95),
    ]


def test_a_derived_level_agrees_with_about_50_now(wh: Warehouse) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [_delta_and_total()])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[claim(50)]])
    _, derived = wh.query("SELECT value, low, high, derived_from FROM derived_levels")
    [(value, low, high, _)] = derived
    assert (value, low, high) == (50.0, pytest.approx(31.0), pytest.approx(69.0))
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 0)
    assert flag_rows(wh) == []


def test_a_derived_level_contradicts_20_now_naming_its_sources(wh: Warehouse) -> None:
    a = seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [_delta_and_total()])
    b = seed_article(wh, "https://metro.example/b", "Metro Daily", [[claim(20, "exact")]])
    assert detect_flags(wh, T0) == FlagCounts(0, 0, 1)
    [flag] = all_flags(wh)
    assert (flag.kind, flag.basis, flag.claim_kind, flag.modality) == (
        "cross_outlet",
        "derived",
        "level",
        "actual",
    )
    assert flag.derived_from == tuple(a.claim_ids[0])  # the delta, then the total
    assert flag.a_claim_id.startswith("derived-") and flag.b_claim_id == b.claim_ids[0][0]
    assert (flag.a_low, flag.a_high) == (pytest.approx(31.0), pytest.approx(69.0))
    assert (flag.a_outlet, flag.b_outlet, flag.b_value) == ("Harbor Ledger", "Metro Daily", 20.0)
    assert "about 70 additional" in flag.a_sentence and "20 organizations" in flag.b_sentence


def test_a_rerun_adds_nothing_and_keeps_the_first_detection_time(wh: Warehouse) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)]])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[claim(50)]])
    first = T0 + timedelta(days=1)
    assert detect_flags(wh, first) == FlagCounts(1, 0, 0)
    before = wh.query("SELECT * FROM flag")[1]
    assert detect_flags(wh, first + timedelta(hours=1)) == FlagCounts(0, 0, 0)
    assert wh.query("SELECT * FROM flag")[1] == before
    [flag] = all_flags(wh)
    assert flag.detected_at == first


def test_detection_is_incremental(wh: Warehouse) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)]])
    seed_article(wh, "https://metro.example/b", "Metro Daily", [[claim(50)]])
    first, second = T0 + timedelta(days=1), T0 + timedelta(days=2)
    detect_flags(wh, first)
    # Harbor publishes a new version restating 40 (same contradiction: no new flag), and a third
    # outlet says 80 (a new contradiction with each of them).
    seed_article(
        wh,
        "https://harbor.example/a",
        "Harbor Ledger",
        [[claim(40)], [claim(40, sentence="Still, 40 organizations have access.")]],
    )
    seed_article(
        wh, "https://river.example/c", "River Post", [[claim(80)]], at=T0 + timedelta(hours=3)
    )
    assert detect_flags(wh, second) == FlagCounts(2, 0, 0)
    new = new_flags_since(wh, second)
    assert sorted((f.a_value, f.b_value) for f in new) == [(40.0, 80.0), (50.0, 80.0)]
    old = [f for f in all_flags(wh) if f.detected_at == first]
    assert [(f.a_value, f.b_value, f.a_version) for f in old] == [(40.0, 50.0, 1)]
    assert old[0].current  # Harbor's latest version says 40 again, in another sentence


def test_a_corrected_number_leaves_a_flag_that_is_no_longer_current(wh: Warehouse) -> None:
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)], [claim(50)]])
    seed_article(
        wh, "https://metro.example/b", "Metro Daily", [[claim(50)]], at=T0 + timedelta(minutes=30)
    )
    assert detect_flags(wh, T0 + timedelta(days=1)) == FlagCounts(1, 1, 0)
    by_kind = {f.kind: f for f in all_flags(wh)}
    assert (by_kind["cross_outlet"].a_value, by_kind["cross_outlet"].b_value) == (40.0, 50.0)
    assert not by_kind["cross_outlet"].current  # Harbor now says 50 too
    assert (by_kind["drift"].a_value, by_kind["drift"].b_value) == (40.0, 50.0)
    assert by_kind["drift"].current
