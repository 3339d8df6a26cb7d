"""Disputes stored as facts, on a real DuckDB file: articles and versions go in through
`Warehouse.load_observations`, claims through `Warehouse.store_extractions` (as a run stores
them), disputes through `detect_disputes` (as the flag stage does); each test reads the public
views `disputes`, `dispute_changes`, `contradictions`, `mutes` and `rejections`."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from claimwatch.warehouse.disputes import DisputeCounts, detect_disputes, record_verdict
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.store import Warehouse
from tests.support.disputes import MEASURE, T0, TOPIC, claim, detect, seed, six_against_one


def disputes(wh: Warehouse, where: str = "true") -> list[dict[str, Any]]:
    columns, rows = wh.query(f"SELECT * FROM disputes WHERE {where} ORDER BY dispute_id")
    return [dict(zip(columns, r, strict=True)) for r in rows]


def sides(d: dict[str, Any]) -> list[tuple[list[str], list[int], bool, bool]]:
    """Each position as (outlets, values, majority, outlier), lowest first."""
    return [
        (p["outlets"], [int(v) for v in p["values"]], p["majority"], p["outlier"])
        for p in d["positions"]
    ]


def changes(wh: Warehouse) -> list[tuple[str, str | None]]:
    _, rows = wh.query(
        "SELECT change, outlet FROM dispute_changes ORDER BY changed_at, change, outlet"
    )
    return [(c, o) for c, o in rows]


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "disputes.duckdb", busy_timeout=2.0)
    w.migrate()
    return w


def test_one_outlier_against_a_majority_is_one_dispute(wh: Warehouse) -> None:
    six_against_one(wh)
    assert detect(wh) == DisputeCounts(opened=1)
    [d] = disputes(wh)
    assert sides(d) == [
        (["Harbor", "Lake", "Metro", "Plain", "Ridge", "River"], [120], True, False),
        (["Outlier"], [200], False, True),
    ]
    assert (d["status"], d["measure"], d["kind"], d["modality"], d["subject"]) == (
        "open", MEASURE, "level", "actual", "Mythos",
    )  # fmt: skip
    assert d["first_detected_at"] == T0 + timedelta(days=3) and d["resolved_at"] is None
    assert d["muted"] is False and d["anchor_day"].isoformat() == "2026-11-20"
    assert len(d["outlets"]) == 7
    outlier = d["positions"][1]
    assert outlier["sentence"] == "Officials said about 200 organizations have access to Mythos."
    assert outlier["url"] == "https://outlier.example/a"
    assert outlier["published_at"] == T0 + timedelta(hours=2)
    # The six pairwise contradictions all carry the dispute's id.
    _, rows = wh.query("SELECT count(*), list(DISTINCT dispute_id) FROM contradictions")
    assert rows == [(6, [d["dispute_id"]])]
    assert changes(wh) == [("opened", None)]
    _, [(detail,)] = wh.query("SELECT detail FROM dispute_changes")
    assert detail == (
        "Opened: Actual total of orgs_with_access (Mythos): six outlets say 120; "
        "one outlet says 200"
    )


def test_a_rerun_with_nothing_new_appends_nothing_and_keeps_the_id(wh: Warehouse) -> None:
    six_against_one(wh)
    detect(wh)
    [before] = disputes(wh)
    assert detect(wh, T0 + timedelta(days=4)) == DisputeCounts()
    [after] = disputes(wh)
    assert after == before
    assert wh.query("SELECT count(*) FROM dispute_fact")[1] == [(1,)]


def test_three_positions(wh: Warehouse) -> None:
    for outlet, value in [("A", 80), ("B", 120), ("C", 120), ("D", 200), ("E", 120)]:
        seed(wh, f"https://{outlet.lower()}.example/x", outlet, [claim(value, modality="proposed")])
    detect(wh)
    [d] = disputes(wh)
    assert sides(d) == [
        (["A"], [80], False, True),
        (["B", "C", "E"], [120], True, False),
        (["D"], [200], False, True),
    ]
    assert d["modality"] == "proposed" and d["anchor_day"] is None


def test_a_syndicated_majority_counts_once(wh: Warehouse) -> None:
    # Three copies of one wire story say 120; two independent outlets say 200.
    for outlet in ("Wire", "Copy One", "Copy Two"):
        seed(wh, f"https://{outlet.replace(' ', '').lower()}.example/w", outlet, [claim(120)],
             wire=True)  # fmt: skip
    seed(wh, "https://d.example/x", "D", [claim(200)])
    seed(wh, "https://e.example/x", "E", [claim(200)])
    detect(wh)
    [d] = disputes(wh)
    low, high = d["positions"]
    assert len(low["outlets"]) == 3 and len(low["stories"]) == 1
    assert high["outlets"] == ["D", "E"] and len(high["stories"]) == 2
    assert high["majority"] and not low["majority"] and low["outlier"]


def test_a_claim_compatible_with_two_positions_joins_the_larger(wh: Warehouse) -> None:
    for outlet in ("A", "B", "C"):
        seed(wh, f"https://{outlet.lower()}.example/x", outlet, [claim(120)])
    seed(wh, "https://d.example/x", "D", [claim(200)])
    # "more than 100" overlaps both 120 and 200: it joins the larger position, starts none.
    seed(wh, "https://e.example/x", "E", [claim(100, "more_than")])
    detect(wh)
    [d] = disputes(wh)
    assert [p["outlets"] for p in d["positions"]] == [["A", "B", "C", "E"], ["D"]]
    # The strongest sentence of the majority is a narrow claim's, not the joiner's.
    assert "about 120" in d["positions"][0]["sentence"]


def test_a_correction_resolves_the_dispute_and_a_new_outlet_joins(wh: Warehouse) -> None:
    six = six_against_one(wh)
    detect(wh, T0 + timedelta(days=1))
    [d] = disputes(wh)
    did = d["dispute_id"]
    # A seventh outlet agrees with the majority: same dispute, a 'joined' change.
    seed(wh, "https://late.example/a", "Late", [claim(120)], at=T0 + timedelta(hours=8))
    assert detect(wh, T0 + timedelta(days=2)) == DisputeCounts(changed=1)
    [d] = disputes(wh)
    assert d["dispute_id"] == did and "Late" in d["positions"][0]["outlets"]
    assert changes(wh) == [("opened", None), ("joined", "Late")]
    # The outlier corrects its figure in a second version: resolved, by that version.
    seed(wh, "https://outlier.example/a", "Outlier", [claim(120)], at=T0 + timedelta(hours=2),
         version=2)  # fmt: skip
    assert detect(wh, T0 + timedelta(days=3)) == DisputeCounts(resolved=1)
    [d] = disputes(wh)
    assert (d["dispute_id"], d["status"]) == (did, "resolved")
    assert d["resolved_at"] == T0 + timedelta(days=3)
    _, [(version_id,)] = wh.query(
        f"SELECT version_id FROM article_versions WHERE article_id = "
        f"'{six['Outlier'].article_id}' AND version = 2"
    )
    assert d["resolved_by_version"] == version_id
    assert d["first_detected_at"] == T0 + timedelta(days=1)
    assert d["last_changed_at"] == T0 + timedelta(days=3)
    # The resolved row keeps the positions that were disputed.
    assert [p["values"] for p in d["positions"]] == [[Decimal(120)], [Decimal(200)]]
    assert changes(wh)[-1] == ("resolved", None)
    # Nothing further on a rerun; the corrected pairs are no longer current, the revision is
    # drift (no dispute of an outlet with itself).
    assert detect(wh, T0 + timedelta(days=4)) == DisputeCounts()
    _, rows = wh.query(
        "SELECT kind, a_outlet, b_outlet, dispute_id FROM contradictions WHERE current"
    )
    assert rows == [("drift", "Outlier", "Outlier", None)]


def test_an_off_subject_count_stays_out(wh: Warehouse) -> None:
    seed(wh, "https://a.example/x", "A", [claim(120)])
    seed(wh, "https://b.example/x", "B", [claim(120)])
    # A rival's program: another subject, never compared with Mythos's count.
    seed(wh, "https://c.example/x", "C", [claim(35, subject="OpenAI")])
    assert detect(wh) == DisputeCounts()
    assert disputes(wh) == []
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]


def test_a_muted_dispute_stays_listed_and_its_changes_are_marked(wh: Warehouse) -> None:
    six_against_one(wh)
    detect(wh, T0 + timedelta(days=1))
    [d] = disputes(wh)
    record_verdict(wh, "dispute", d["dispute_id"], "mute", who="ana", why="known typo",
                   topic=TOPIC, at=T0 + timedelta(days=1, hours=1))  # fmt: skip
    seed(wh, "https://late.example/a", "Late", [claim(120)], at=T0 + timedelta(hours=8))
    detect(wh, T0 + timedelta(days=2))
    [d] = disputes(wh)
    assert d["muted"] is True and d["status"] == "open"
    _, rows = wh.query("SELECT change, muted FROM dispute_changes ORDER BY changed_at")
    assert rows == [("opened", True), ("joined", True)]
    _, rows = wh.query("SELECT dispute_id, who, muted_at, why, undone_at, active FROM mutes")
    assert rows == [(d["dispute_id"], "ana", T0 + timedelta(days=1, hours=1), "known typo",
                     None, True)]  # fmt: skip
    record_verdict(wh, "dispute", d["dispute_id"], "undo", who="bo", why=None, topic=TOPIC,
                   at=T0 + timedelta(days=2, hours=1))  # fmt: skip
    assert disputes(wh)[0]["muted"] is False
    _, rows = wh.query("SELECT undone_at, undone_by, active FROM mutes")
    assert rows == [(T0 + timedelta(days=2, hours=1), "bo", False)]


def test_a_rejected_claim_leaves_disputes_and_contradictions_until_undone(wh: Warehouse) -> None:
    six = six_against_one(wh)
    detect(wh, T0 + timedelta(days=1))
    [wrong] = six["Outlier"].claim_ids
    record_verdict(wh, "claim", wrong, "reject", who="ana", why="a realised number read as "
                   "proposed", topic=TOPIC, at=T0 + timedelta(days=1, hours=1))  # fmt: skip
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]
    assert detect(wh, T0 + timedelta(days=2)) == DisputeCounts(resolved=1)
    [d] = disputes(wh)
    assert d["status"] == "resolved" and d["resolved_by_version"] is None
    _, rows = wh.query("SELECT claim_id, who, why, active, outlet, value FROM rejections")
    assert rows == [(wrong, "ana", "a realised number read as proposed", True, "Outlier",
                     Decimal(200))]  # fmt: skip
    # Undo: the claim is back, the dispute reopens under its id.
    record_verdict(wh, "claim", wrong, "undo", who="ana", why=None, topic=TOPIC,
                   at=T0 + timedelta(days=2, hours=1))  # fmt: skip
    assert detect(wh, T0 + timedelta(days=3)) == DisputeCounts(reopened=1)
    [again] = disputes(wh)
    assert (again["dispute_id"], again["status"]) == (d["dispute_id"], "open")
    assert [c for c, _ in changes(wh)] == ["opened", "resolved", "reopened"]
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(6,)]


def _day(n: int) -> tuple[datetime, datetime]:
    start = T0.replace(hour=0) + timedelta(days=n)
    return start, start + timedelta(days=1)


def test_a_count_rising_day_by_day_is_no_dispute(wh: Warehouse) -> None:
    # 30 sites on Monday, 55 on Wednesday, 80 on Friday: each outlet reports its day.
    for n, (outlet, value) in enumerate([("A", 30), ("B", 55), ("C", 80)]):
        at = T0 + timedelta(days=2 * n)
        seed(wh, f"https://{outlet.lower()}.example/x", outlet, [claim(value)], at=at)
        # Another outlet repeats the day's count, speaking of that day explicitly.
        seed(wh, f"https://{outlet.lower()}2.example/x", outlet + "2",
             [claim(value, as_of=_day(2 * n))], at=at + timedelta(hours=5))  # fmt: skip
    assert detect(wh) == DisputeCounts()
    assert disputes(wh) == []
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]
    assert wh.query("SELECT count(*) FROM flag_fact")[1] == [(0,)]


def test_a_same_day_outlier_inside_a_rising_story_is_a_dispute(wh: Warehouse) -> None:
    for n, (outlet, value) in enumerate([("A", 30), ("B", 55), ("C", 80)]):
        seed(wh, f"https://{outlet.lower()}.example/x", outlet, [claim(value)],
             at=T0 + timedelta(days=2 * n))  # fmt: skip
    # On Wednesday (B's day), another outlet says 120.
    seed(wh, "https://d.example/x", "D", [claim(120)], at=T0 + timedelta(days=2, hours=3))
    detect(wh)
    [d] = disputes(wh)
    assert sides(d) == [(["B"], [55], True, False), (["D"], [120], False, False)]
    assert d["anchor_day"].isoformat() == "2026-11-22"
    _, rows = wh.query("SELECT a_outlet, b_outlet, dispute_id FROM contradictions")
    assert rows == [("B", "D", d["dispute_id"])]


def test_stable_ids_across_reruns_and_fresh_warehouses(tmp_path: Path) -> None:
    ids = []
    for name in ("one", "two"):
        w = Warehouse(tmp_path / f"{name}.duckdb", busy_timeout=2.0)
        w.migrate()
        six_against_one(w)
        detect(w)
        detect(w, T0 + timedelta(days=5))
        ids.append([d["dispute_id"] for d in disputes(w)])
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_flags_of_a_developing_count_found_before_leave_the_view(wh: Warehouse) -> None:
    # Flags found before the window applied (here: a detection with a 30-day window) stay
    # facts, but the view compares as the topic does (one day unless recorded otherwise).
    seed(wh, "https://a.example/x", "A", [claim(30)])
    seed(wh, "https://b.example/x", "B", [claim(55)], at=T0 + timedelta(days=2))
    detect_flags(wh, T0 + timedelta(days=3), TOPIC, window=timedelta(days=30))
    assert wh.query("SELECT count(*) FROM flag_fact")[1] == [(1,)]
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]
    # A topic comparing over three days sees the pair, and a dispute holding it.
    wide = detect_disputes(wh, T0 + timedelta(days=3), TOPIC, window=timedelta(days=3))
    assert wide.opened == 1
    [d] = disputes(wh)
    _, rows = wh.query("SELECT a_outlet, b_outlet, dispute_id FROM contradictions")
    assert rows == [("A", "B", d["dispute_id"])]
    # Back to a day: the pair leaves the view, the dispute resolves.
    assert detect_disputes(wh, T0 + timedelta(days=4), TOPIC).resolved == 1
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]
