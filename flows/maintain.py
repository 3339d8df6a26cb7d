"""Warehouse maintenance: what `claimwatch maintain` and the daily `maintain` deployment do.

A lake that takes an append every few minutes from several machines collects many small
Parquet files and many snapshots. Maintenance flushes rows inlined in the catalog into files,
merges adjacent small files, expires snapshots older than the retention and deletes the files
nothing refers to any more. Expiry is what bounds time travel: after it, `--as-of` reaches back
the retention and no further. A DuckDB file needs none of this (a CHECKPOINT folds its
write-ahead log into the file, which is all there is to do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from claimwatch.flows.settings import Settings, SettingsError
from claimwatch.warehouse.store import Warehouse

DEFAULT_RETENTION = "7d"
_RETENTION = re.compile(r"\s*(\d+)\s*([hdw])\s*\Z", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_retention(text: str) -> timedelta:
    """'7d', '36h' or '2w' as a duration; SettingsError for anything else (or zero)."""
    match = _RETENTION.match(text)
    amount = int(match[1]) if match else 0
    if not match or amount == 0:
        raise SettingsError(
            f"--retention must be a number of hours, days or weeks such as 36h, 7d or 2w, "
            f"not {text!r}"
        )
    return timedelta(**{_UNITS[match[2].lower()]: amount})


@dataclass(frozen=True, slots=True)
class MaintenanceDone:
    where: str  # the warehouse, for messages (a lake URL without its password)
    lake: bool
    retention: timedelta
    counts: dict[str, int]  # flushed_rows, merged_files, expired_snapshots, deleted_files

    def lines(self) -> list[str]:
        if not self.lake:
            return [f"{self.where} is a DuckDB file: nothing to maintain (checkpointed)"]
        c = self.counts
        return [
            f"maintained the lake {self.where}: {c['flushed_rows']} inlined rows flushed, "
            f"{c['merged_files']} files merged, {c['expired_snapshots']} snapshots older than "
            f"{_days(self.retention)} expired, {c['deleted_files']} unused files deleted",
            f"--as-of now reaches back {_days(self.retention)}",
        ]


def run_maintenance(settings: Settings, retention: timedelta) -> MaintenanceDone:
    """One maintenance pass over the warehouse `settings` names."""
    wh = Warehouse(
        settings.db_path, lake_data=settings.lake_data, busy_timeout=settings.busy_timeout
    )
    counts = wh.maintain(retention)
    return MaintenanceDone(str(wh.location), wh.is_lake, retention, counts)


def _days(span: timedelta) -> str:
    hours = int(span.total_seconds() // 3600)
    if hours % 24:
        return f"{hours} hours"
    return "1 day" if hours == 24 else f"{hours // 24} days"
