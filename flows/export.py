"""The public views as Parquet, for other engines (Spark, Polars, pandas, DuckDB elsewhere).

Each view becomes a directory of Hive-partitioned files, one partition per UTC date:

    DIR/claims/date=2026-11-20/data_0.parquet
    DIR/contradictions/date=2026-11-21/data_0.parquet
    ...

A view's directory is replaced on every export, so it never mixes rows of two exports. The
database is opened read-only and for the export only; DuckDB writes the files itself (no
pyarrow needed).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.errors import DatabaseUnusable, WarehouseError
from warehouse.queries import sql
from warehouse.store import Warehouse

# view -> named query; views of later migrations (alerts) are exported when they exist
EXPORTS = {
    "articles": "export_articles",
    "article_versions": "export_article_versions",
    "claims": "export_claims",
    "contradictions": "export_contradictions",
    "claim_drift": "export_claim_drift",
    "feed_health": "export_feed_health",
    "alerts": "export_alerts",
    "stories": "export_stories",
}


def export_parquet(wh: Warehouse, out_dir: Path) -> list[Path]:
    """Write every public view under `out_dir/<view>/date=YYYY-MM-DD/`; returns the files."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnusable(f"cannot create export directory {out_dir}: {exc}") from exc
    written: list[Path] = []
    with wh.session(read_only=True) as con:
        present = {row[0] for row in con.execute(sql("public_views")).fetchall()}
        for view, query in EXPORTS.items():
            if view not in present:
                continue
            target = out_dir / view
            try:
                con.execute(sql(query), [str(target)])
            except duckdb.Error as exc:  # a full disk, a read-only directory, ...
                raise WarehouseError(f"cannot export {view} to {target}: {exc}") from exc
            written.extend(sorted(target.rglob("*.parquet")))
    return written
