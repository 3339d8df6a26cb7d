"""Upgrading a warehouse written by an earlier release: a backup first, then the migrations;
articles, versions, claims, flags and developments all survive.

`cases/release-e4bf2a0.duckdb.gz` was written by the release at commit e4bf2a0 (`claimwatch
demo`: two polls of the sample coverage). Keep it, and add a file of each later release whose
schema changed, with a test like this one.
"""

from __future__ import annotations

import gzip
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb

from claimwatch.warehouse import migrator
from claimwatch.warehouse.store import Warehouse

CASES = Path(__file__).resolve().parent / "cases"
# The release's tables; after the upgrade, views of the same names over append-only facts.
TABLES = (
    "article", "article_version", "claim", "flag", "development", "run", "digest", "feed",
    "feed_entry", "article_alias", "extraction", "entity", "article_check", "feed_poll",
)  # fmt: skip
VIEWS = ("articles", "claims", "contradictions", "developments", "alerts", "feed_health", "runs")


def _unpack(name: str, into: Path) -> Path:
    target = into / name.removesuffix(".gz")
    with gzip.open(CASES / name, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _counts(path: Path, names: tuple[str, ...] = TABLES) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in names}  # type: ignore[index]
    finally:
        con.close()


def _feeds(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT DISTINCT feed_url FROM feed_entry").fetchall()]
    finally:
        con.close()


def test_a_release_e4bf2a0_warehouse_upgrades_with_a_backup_and_loses_nothing(
    tmp_path: Path,
) -> None:
    path = _unpack("release-e4bf2a0.duckdb.gz", tmp_path)
    original = path.read_bytes()
    before = _counts(path)
    views_before = _counts(path, VIEWS)
    assert before["article"] > 0 and before["claim"] > 0 and before["flag"] > 0
    assert before["development"] > 0

    wh = Warehouse(path)
    applied = wh.migrate()

    assert applied == [f"{m.number:04d}_{m.name}" for m in migrator.available() if m.number >= 5]
    assert wh.last_backup is not None and wh.last_backup.read_bytes() == original
    assert _counts(path) == before
    assert _counts(path, VIEWS) == views_before
    # Every row became a fact, and the release's topic went with it.
    _, topics = wh.query(
        "SELECT topic FROM articles UNION SELECT topic FROM claims UNION SELECT topic FROM "
        "feed_health UNION SELECT topic FROM feed_entry UNION SELECT topic FROM contradictions"
    )
    assert topics == [("mythos",)]
    # The next run of the topic starts from the feeds' state and entries as they were.
    assert wh.entries_seen(next(iter(_feeds(path))), topic="mythos")
    con = duckdb.connect(str(path), read_only=True)
    done = migrator.applied(con)
    con.close()
    assert done == {m.number for m in migrator.available()}
    # The public views answer, with the bounds now exact decimals.
    _, rows = wh.query("SELECT value, low, high FROM claims WHERE qualifier = 'approx'")
    assert rows and all(isinstance(v, Decimal) for row in rows for v in row)
    assert all(low <= value <= high for value, low, high in rows)
    _, flags = wh.query("SELECT count(*) FROM contradictions")
    assert flags[0][0] == before["flag"]


def test_a_current_warehouse_is_not_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "cw.duckdb"
    wh = Warehouse(path)
    wh.migrate()
    assert wh.last_backup is None  # a new warehouse needs no backup
    assert wh.migrate() == [] and wh.last_backup is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cw.duckdb"]
