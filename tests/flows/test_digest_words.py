"""The digest's words for disputes, counts that moved and changed versions (warehouse/news.py,
flows/alerts.py), on plain dataclasses: no warehouse, no server."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from claimwatch.flows.alerts import compose, render_preview
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.news import (
    LevelClaim,
    changed_sentences,
    measure_label,
    moved_counts,
    moved_payload,
)
from claimwatch.warehouse.outbox import Development, Digest
from tests.flows.test_alerts import parts

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LABELS = {"orgs_with_access": "organizations with access"}
NASTY = '<script>alert("x")</script>'


def position(n: int, value: float, outlets: list[str], stories: int, **kw: object) -> dict:
    return {
        "position": n, "low": value * 0.9, "high": value * 1.1, "values": [value],
        "outlets": outlets, "stories": [f"story-{n}-{i}" for i in range(stories)],
        "urls": [], "claim_ids": [], "majority": False, "outlier": False,
        "inconsistent_outlets": [], "sentence": f"About {value:g} organizations.",
        "url": f"https://{n}.example/a", "published_at": "2026-11-19 08:00:00+00", **kw,
    }  # fmt: skip


def dispute(change: str, positions: list[dict], **kw: object) -> Development:
    payload = {
        "dispute_id": "d-1", "change": change, "measure": "orgs_with_access", "kind": "level",
        "modality": "proposed", "subject": "Mythos", "outlet": None, "detail": None,
        "positions": positions, "resolved_by": None, **kw,
    }  # fmt: skip
    return Development(
        key=f"dispute:{change}", kind="dispute", title=None, url=None, outlet=None,
        measure="orgs_with_access", detail=None, a_url=None, a_outlet=None, a_value=None,
        a_sentence=None, b_url=None, b_outlet=None, b_value=None, b_sentence=None,
        observed_at=T0, payload=payload,
    )  # fmt: skip


THREE = [
    position(1, 80, ["Lone Post"], 1, low=80, high=80, outlier=True),
    position(2, 120, ["A", "B", "C", "D", "E"], 6, majority=True, inconsistent_outlets=["A"]),
    position(3, 200, ["F"], 1, outlier=True),
]


def test_three_positions_read_like_the_news_highest_first() -> None:
    digest = Digest("d", "mythos", T0, False, (dispute("opened", THREE),))
    text = render_preview(digest, "Mythos access", LABELS)
    assert text.startswith("Mythos access: 1 dispute opened\n")
    assert (
        "* Proposed total of organizations with access: one outlet says about 200; five outlets "
        "(six stories) say about 120; one says 80." in text
    )
    assert text.index("- about 200 (outlier): F") < text.index("- about 120 (majority)")
    assert "A (inconsistent: also in another position), B, C, D, E" in text
    assert '"About 120 organizations."' in text and "https://2.example/a (2026-11-19)" in text


def test_changes_of_one_dispute_are_one_item_and_the_subject_counts_disputes() -> None:
    joined = dispute("joined", THREE, outlet="E")
    digest = Digest("d", "mythos", T0, False, (dispute("opened", THREE), joined))
    text = render_preview(digest, "Mythos access", LABELS)
    assert text.startswith("Mythos access: 1 dispute opened\n")  # opened says enough
    assert text.count("* Proposed total") == 1
    assert "Dispute opened." in text and "E joined those saying about 120." in text


def test_every_field_of_the_new_kinds_is_escaped_in_html() -> None:
    hostile = [
        position(1, 50, [NASTY], 1, sentence=NASTY, url="javascript:alert(1)"),
        position(2, 90, ["B"], 1, inconsistent_outlets=[NASTY]),
    ]
    correction = Development(
        key="revision:a:2", kind="correction", title=NASTY, url="https://ok.example/a",
        outlet=NASTY, measure=None, detail=None, a_url=None, a_outlet=None, a_value="version 1",
        a_sentence=None, b_url=None, b_outlet=None, b_value="version 2", b_sentence=None,
        observed_at=T0, payload={"classes": ["correction"],
                                 "changes": [{"before": NASTY, "after": NASTY + "!"}]},
    )  # fmt: skip
    digest = Digest("d", "mythos", T0, False, (dispute("opened", hostile), correction))
    _text, rich = parts(compose(digest, "Mythos access", Settings(), labels=LABELS))
    assert "<script" not in rich and "javascript:" not in rich
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rich


def level(outlet: str, value: float, day: date, story: str | None = None) -> LevelClaim:
    return LevelClaim(
        measure="sites_affected", subject=None, outlet=outlet, story_id=story or outlet,
        value=value, low=value * 0.9, high=value * 1.1, qualifier="approx",
        url=f"https://{outlet.lower()}.example/{value:g}", sentence=f"About {value:g} sites.",
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC), day=day,
    )  # fmt: skip


MON, TUE, WED = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)


def test_a_count_that_moved_names_the_day_and_the_outlet_still_giving_the_old_figure() -> None:
    claims = [level("A", 30, MON), level("B", 31, TUE), level("C", 55, WED), level("D", 55, WED)]
    [moved] = moved_counts(claims)
    assert (moved.before.value, moved.before.day, moved.now.value, moved.now.day) == (
        31,
        TUE,
        55,
        WED,
    )  # the last earlier day whose figure differs; 30 and 31 agree
    assert moved.stale == ()
    stale = [*claims, level("E", 30, WED)]
    [moved_again] = moved_counts(stale)
    assert [s.outlet for s in moved_again.stale] == ["E"]
    assert moved_again.key != moved.key  # naming E is news again
    news = Development(
        key=moved_again.key, kind="moved", title=None, url=None, outlet=None,
        measure="sites_affected", detail=None, a_url=None, a_outlet=None, a_value=None,
        a_sentence=None, b_url=None, b_outlet=None, b_value=None, b_sentence=None,
        observed_at=T0, payload=json.loads(moved_payload(moved_again)),
    )  # fmt: skip
    text = render_preview(Digest("d", "t", T0, False, (news,)), "Outage")
    assert "Sites affected: now about 55, up from about 31 on Tuesday" in text
    assert "E still says about 30 as the current figure" in text


def test_agreeing_days_and_a_single_day_are_not_a_moved_count() -> None:
    assert moved_counts([level("A", 30, MON), level("B", 32, WED)]) == []
    assert moved_counts([level("A", 30, WED), level("B", 55, WED)]) == []


def test_changed_sentences_pair_an_edit_and_keep_a_new_note() -> None:
    old = "Officials said about 50 groups have access. The talks go on. Nobody commented."
    new = (
        "Officials said about 40 groups have access. The talks go on. Nobody commented. "
        "Correction: an earlier version misstated the number."
    )
    [edit, note] = changed_sentences(old, new)
    assert (edit.before, edit.after) == (
        "Officials said about 50 groups have access.",
        "Officials said about 40 groups have access.",
    )
    assert (note.before, note.after) == (
        None,
        "Correction: an earlier version misstated the number.",
    )
    assert changed_sentences(old, old) == ()


def test_measure_names_are_spelled_out_from_the_measure_nouns() -> None:
    assert measure_label("orgs_with_access", ("organization", "enterprise")) == (
        "organizations with access"
    )
    assert measure_label("sites_affected") == "sites affected"
    assert measure_label("labs_in_program", ("laboratory",)) == "laboratories in program"
