"""Warehouse exceptions. Only the CLI turns them into messages for people.

WarehouseError
├── DatabaseBusy        another process holds the file (DuckDB allows one writer)
├── DatabaseUnusable    the file or its directory cannot be opened or created
├── MigrationError      a migration failed; nothing of it was applied
└── QueryError          a user's SQL failed (bad syntax, unknown view, a write attempt)
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Base of every warehouse failure."""


class DatabaseBusy(WarehouseError):
    """Another process holds the database file; try again when it is done."""


class DatabaseUnusable(WarehouseError):
    """The database file or its directory cannot be opened or created."""


class MigrationError(WarehouseError):
    """A schema migration failed and was rolled back."""


class QueryError(WarehouseError):
    """A query given by a user failed."""
