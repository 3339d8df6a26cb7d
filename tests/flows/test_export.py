"""Parquet export: one Hive-partitioned directory per public view, read back with DuckDB."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from claimwatch.flows.cli import app
from claimwatch.flows.export import ExportRefused, export_parquet
from claimwatch.warehouse.disputes import detect_disputes
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.store import Warehouse
from tests.warehouse.test_flags import T0, claim, seed_article


@pytest.fixture
def seeded(tmp_path: Path) -> Warehouse:
    wh = Warehouse(tmp_path / "export.duckdb", busy_timeout=2.0)
    wh.migrate()
    seed_article(wh, "https://harbor.example/a", "Harbor Ledger", [[claim(40)], [claim(45)]])
    # the next day, yet within the one-day window of the times the claims speak of
    seed_article(
        wh, "https://metro.example/b", "Metro Daily", [[claim(80)]], at=T0 + timedelta(hours=20)
    )
    detect_flags(wh, T0 + timedelta(days=2))
    detect_disputes(wh, T0 + timedelta(days=2))
    return wh


def _count(wh: Warehouse, view: str) -> int:
    _, rows = wh.query(f"SELECT count(*) FROM {view}")
    return int(rows[0][0])  # type: ignore[call-overload]


def test_views_are_written_partitioned_by_date_and_read_back(
    seeded: Warehouse, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    files = export_parquet(seeded, out)
    assert files and all(f.suffix == ".parquet" and f.is_file() for f in files)
    rel = {str(f.relative_to(out).parent) for f in files}
    assert {
        "claims/date=2026-11-20",
        "claims/date=2026-11-21",
        "contradictions/date=2026-11-22",
        "articles/date=2026-11-20",
        "articles/date=2026-11-21",
        "claim_drift/date=2026-11-20",
        "disputes/date=2026-11-22",
        "dispute_changes/date=2026-11-22",
    } <= rel
    con = duckdb.connect()
    views = ("articles", "article_versions", "claims", "contradictions", "claim_drift", "disputes")
    for view in views:
        glob = str(out / view / "**" / "*.parquet")
        [(n,)] = con.execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", [glob]
        ).fetchall()
        assert n == _count(seeded, view), view
    rows = con.execute(
        "SELECT kind, a_value, b_value, CAST(date AS VARCHAR) FROM read_parquet(?, "
        "hive_partitioning = true)",
        [str(out / "contradictions" / "**" / "*.parquet")],
    ).fetchall()
    assert sorted(rows) == [
        ("cross_outlet", 40.0, 80.0, "2026-11-22"),
        ("cross_outlet", 45.0, 80.0, "2026-11-22"),
        ("drift", 40.0, 45.0, "2026-11-22"),
    ]
    con.close()


def test_a_second_export_replaces_the_first_when_asked(seeded: Warehouse, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    first = export_parquet(seeded, out)
    with pytest.raises(ExportRefused, match="--overwrite"):
        export_parquet(seeded, out)
    second = export_parquet(seeded, out, overwrite=True)
    assert sorted(first) == sorted(second)
    [(n,)] = (
        duckdb.connect()
        .execute("SELECT count(*) FROM read_parquet(?)", [str(out / "claims" / "**" / "*.parquet")])
        .fetchall()
    )
    assert n == _count(seeded, "claims")  # not doubled


def test_cli_export_and_its_errors(seeded: Warehouse, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli-parquet"
    result = runner.invoke(app, ["export", "--parquet", str(out), "--db", str(seeded.path)])
    assert result.exit_code == 0, result.output
    assert "Parquet files under" in result.output and (out / "claims").is_dir()
    missing = runner.invoke(
        app, ["export", "--parquet", str(out), "--db", str(tmp_path / "nope.duckdb")]
    )
    assert missing.exit_code == 1
    assert "error: database" in missing.output and "does not exist" in missing.output
    assert "Traceback" not in missing.output
