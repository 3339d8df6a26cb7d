"""Every query of the README's SQL cookbook runs on a seeded warehouse and answers something."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest

from claimwatch.warehouse.disputes import detect_disputes
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.store import Warehouse
from tests.warehouse.test_flags import T0, WIRE, claim, seed_article

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COOKBOOK_TEXT = README.split("\n## SQL cookbook\n", 1)[1].split("\n## ", 1)[0]
QUERIES = re.findall(r"```sql\n(.*?)```", COOKBOOK_TEXT, re.S)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("cookbook") / "cookbook.duckdb", busy_timeout=5.0)
    wh.migrate()
    # Harbor: 40, then corrected to 45 (drift); Metro: a proposal implying 31-69 now;
    # River: "more than 100" (uncorroborated, contradicts both); a wire story and its copy.
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)], [claim(45)]])
    sentence = "About 70 additional enterprises would bring the total to around 120."
    seed_article(
        wh,
        "https://metro.example/b",
        "Metro Daily",
        [
            [
                claim(70, kind="delta", modality="proposed", sentence=sentence, start=6),
                claim(120, modality="proposed", sentence=sentence, start=60),
            ]
        ],
        at=T0 + timedelta(hours=3),
    )
    seed_article(
        wh,
        "https://river.example/c",
        "River Post",
        [[claim(100, "more_than")]],
        # within a day of the others: actual figures further apart are not compared (as_of)
        at=T0 + timedelta(hours=20),
    )
    # Valley: about 80 the same day, where the wire story says about 50 (a dispute)
    seed_article(
        wh, "https://valley.example/d", "Valley News", [[claim(80)]], at=T0 + timedelta(hours=2)
    )
    seed_article(wh, "https://lakeside.example/wire", "Lakeside", [[claim(50)]], body=WIRE)
    seed_article(wh, "https://gazette.example/wire", "Gazette", [[claim(50)]], body=WIRE)
    detect_flags(wh, T0 + timedelta(days=2))
    detect_disputes(wh, T0 + timedelta(days=2))  # the flag stage builds both
    return wh


def test_the_cookbook_has_the_questions_users_ask() -> None:
    text = COOKBOOK_TEXT
    for heading in (
        "Which outlets changed a number",
        "What did outlet X claim on date D",
        "Which claims does no other outlet corroborate",
        "Which stories are syndicated copies",
        "Current contradictions",
        "What is in dispute",
    ):
        assert f"## {heading}" in text
    assert len(QUERIES) >= 8


@pytest.mark.parametrize("query", QUERIES, ids=[f"query-{i}" for i in range(len(QUERIES))])
def test_every_cookbook_query_runs_and_answers(seeded: Warehouse, query: str) -> None:
    columns, rows = seeded.query(query)
    assert columns and rows, query


def test_the_answers_are_the_right_ones(seeded: Warehouse) -> None:
    by_heading = dict(
        re.findall(
            r"^### (.+?)\n.*?```sql\n(.*?)```",
            COOKBOOK_TEXT,
            re.S | re.M,
        )
    )
    _, changed = seeded.query(by_heading["Which outlets changed a number, and when?"])
    assert [(r[0], r[2], r[3]) for r in changed] == [("Harbor Ledger", 40.0, 45.0)]
    _, harbor = seeded.query(by_heading["What did outlet X claim on date D?"])
    assert [(r[1], r[6]) for r in harbor] == [(2, 45.0)]  # the latest version by then
    _, alone = seeded.query(by_heading["Which claims does no other outlet corroborate?"])
    # by measure and value: Harbor's first 40 (36-44) overlaps nobody's interval; the
    # proposal's numbers and River's "more than 100" stand alone too
    assert [(r[0], r[4]) for r in alone] == [
        ("Harbor Ledger", 40.0),
        ("Metro Daily", 70.0),
        ("Valley News", 80.0),
        ("River Post", 100.0),
        ("Metro Daily", 120.0),
    ]
    _, stories = seeded.query(by_heading["Which stories are syndicated copies?"])
    assert [(r[1], sorted(cast(list[str], r[2]))) for r in stories] == [
        (2, ["Gazette", "Lakeside"])
    ]
    _, current = seeded.query(by_heading["Current contradictions between outlets"])
    # Harbor's old 40 vs the wire's 50 is flagged but no longer current (Harbor says 45 now);
    # the wire story's copy at Gazette adds no second flag against River
    assert sorted((r[1], r[2], r[7]) for r in current) == [
        ("derived", "Metro Daily", "River Post"),
        ("derived", "Metro Daily", "Valley News"),
        ("stated", "Harbor Ledger", "River Post"),
        ("stated", "Harbor Ledger", "Valley News"),
        ("stated", "Lakeside", "River Post"),
        ("stated", "Lakeside", "Valley News"),
        ("stated", "Valley News", "River Post"),
    ]
    _, positions = seeded.query(by_heading["What is in dispute, and who says what?"])
    # seven pairs, one dispute: Valley's 80 against the 45-50 that Harbor's corrected figure,
    # the wire story (two copies, one story) and Metro's derived level share; River's "more
    # than 100" is unbounded, so it starts no position and fits none
    assert [(r[3], sorted(r[7]), r[8], r[9]) for r in positions] == [
        (1, ["Gazette", "Harbor Ledger", "Lakeside", "Metro Daily"], 3, True),
        (2, ["Valley News"], 1, False),
    ]
