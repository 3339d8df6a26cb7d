"""The public views as Hive-partitioned Parquet, one directory per view, written by DuckDB
itself (no pyarrow needed). Which directory may be written is the caller's business
(flows/export.py keeps the manifest); this module only refuses to write into a non-empty one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from claimwatch.warehouse.errors import WarehouseError
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.store import Warehouse

# view -> named query (partitioned by a UTC date). Every view the README lists, in its order,
# then the views of later migrations (alerts), exported when the database has them.
EXPORTS = {
    "articles": "export_articles",
    "article_versions": "export_article_versions",
    "stories": "export_stories",
    "claims": "export_claims",
    "entities": "export_entities",
    "feed_health": "export_feed_health",
    "runs": "export_runs",
    "contradictions": "export_contradictions",
    "claim_drift": "export_claim_drift",
    "derived_levels": "export_derived_levels",
    "revisits": "export_revisits",
    "withdrawals": "export_withdrawals",
    "disputes": "export_disputes",
    "dispute_changes": "export_dispute_changes",
    "mutes": "export_mutes",
    "rejections": "export_rejections",
    "alerts": "export_alerts",
}


class ParquetWriter:
    """Writes views through one read-only session (see `parquet_writer`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        present = {row[0] for row in con.execute(sql("public_views")).fetchall()}
        self.views = [view for view in EXPORTS if view in present]

    def write(self, view: str, target: Path) -> None:
        """Write `view` under `target`, which must not exist or be empty (DuckDB refuses a
        directory holding files: nothing is ever overwritten here)."""
        try:
            self._con.execute(sql(EXPORTS[view]), [str(target)])
        except duckdb.Error as exc:  # a full disk, a read-only directory, ...
            message = str(exc).strip().splitlines()[0]
            raise WarehouseError(f"cannot export {view} to {target}: {message}") from exc


@contextmanager
def parquet_writer(wh: Warehouse) -> Iterator[ParquetWriter]:
    with wh.session(read_only=True) as con:
        yield ParquetWriter(con)
