"""Which database `claimwatch demo` may replace: only one it made itself.

The demo marks its database with a table of its own (`_claimwatch_demo`, written when it
creates the file). Anything else at the demo's path (a real warehouse, a text file, a
directory) is not the demo's to delete.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from claimwatch.warehouse.errors import DatabaseUnusable
from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.store import Warehouse

# A DuckDB file has this at byte 8 (its main header); checked before DuckDB opens the file, so
# a file of another format (SQLite, which DuckDB would try to read with an extension) is never
# handed to it.
_MAGIC = b"DUCK"


def looks_like_duckdb(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(12)[8:12] == _MAGIC
    except OSError:  # a directory, an unreadable file, ...
        return False


def is_demo_database(path: Path, *, busy_timeout: float = 5.0) -> bool:
    """Whether `path` is a DuckDB file marked by the demo. Opens it read-only: nothing in or
    beside it changes. False for anything that cannot be read as such; DatabaseBusy while
    another process keeps it open longer than `busy_timeout`."""
    if not path.is_file() or not looks_like_duckdb(path):
        return False
    try:
        with Warehouse(path, busy_timeout=busy_timeout).session(read_only=True) as con:
            row = con.execute(sql("demo_is_marked")).fetchone()
    except (DatabaseUnusable, duckdb.Error):  # not DuckDB after all, or damaged
        return False
    return bool(row and row[0])


def mark_as_demo(wh: Warehouse) -> None:
    """Record in the database that the demo made it."""
    with wh.transaction() as con:
        con.execute(sql("demo_mark"))
