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
TABLES = ("article", "article_version", "claim", "flag", "development", "run")


def _unpack(name: str, into: Path) -> Path:
    target = into / name.removesuffix(".gz")
    with gzip.open(CASES / name, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


def test_a_release_e4bf2a0_warehouse_upgrades_with_a_backup_and_loses_nothing(
    tmp_path: Path,
) -> None:
    path = _unpack("release-e4bf2a0.duckdb.gz", tmp_path)
    original = path.read_bytes()
    before = _counts(path)
    assert before["article"] > 0 and before["claim"] > 0 and before["flag"] > 0

    wh = Warehouse(path)
    applied = wh.migrate()

    assert applied and applied[0].startswith("0005")
    assert wh.last_backup is not None and wh.last_backup.read_bytes() == original
    assert _counts(path) == before
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
