"""Numbered .sql migrations, applied in order, each together with its record in one transaction.

Files are warehouse/migrations/NNNN_name.sql. `applied()` and `pending()` never write.

On a lake (DuckLake) the same files make the same schema, in two ways:

- A new lake is born at the current schema: the migrations run in a scratch in-memory DuckDB
  attached beside the lake, and its tables (columns, types, NOT NULL, defaults; no keys),
  macros and views are then created in the lake in one transaction. The early migrations
  (0001-0005) build mutable tables with PRIMARY KEY and UNIQUE constraints that DuckLake
  refuses and change a column's type in a way it refuses (DOUBLE to DECIMAL: it only widens);
  0006 turns them into facts and drops them, so on a new lake they were never more than
  scaffolding. `replicate` is also what `claimwatch migrate --to` copies a file with.
- A lake made by an earlier release applies the pending files in place. Migrations from 0006
  on keep to what a lake accepts (no keys; inserts into facts; views and macros).

A lake's `_migrations` has no PRIMARY KEY (DuckLake has none); the callers hold a PostgreSQL
advisory lock while migrating, so no migration is applied or recorded twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

import duckdb

from claimwatch.warehouse.errors import MigrationError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    sql: str


def available() -> list[Migration]:
    found = []
    for entry in files("claimwatch.warehouse.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.number)
    numbers = [m.number for m in found]
    if len(set(numbers)) != len(numbers):
        raise MigrationError(f"two migrations share a number: {numbers}")
    return found


def applied(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> set[int]:
    """Numbers of the migrations recorded in `catalog` (default: the connection's own)."""
    where = _catalog(con, catalog)
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_name = '_migrations' AND table_catalog = ?",
        [where],
    ).fetchone()
    if not exists or not exists[0]:
        return set()
    rows = con.execute(f"SELECT number FROM {_ident(where)}.main._migrations").fetchall()
    return {row[0] for row in rows}


def pending(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> list[Migration]:
    done = applied(con, catalog)
    return [m for m in available() if m.number not in done]


def _catalog(con: duckdb.DuckDBPyConnection, catalog: str | None) -> str:
    if catalog is not None:
        return catalog
    row = con.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else "memory"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply pending migrations; returns those applied. Each is all-or-nothing."""
    todo = pending(con)
    if not todo:
        return []
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        " number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    return _apply(con, todo)


def _apply(con: duckdb.DuckDBPyConnection, todo: list[Migration]) -> list[Migration]:
    for migration in todo:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO _migrations (number, name) VALUES (?, ?)",
                [migration.number, migration.name],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise MigrationError(
                f"migration {migration.number:04d}_{migration.name} failed: {exc}"
            ) from exc
    return todo


# -- lakes ------------------------------------------------------------------------------------

_SCRATCH = "claimwatch_scratch"


def migrate_lake(con: duckdb.DuckDBPyConnection, *, upto: int | None = None) -> list[Migration]:
    """Bring the lake that is `con`'s default catalog to the current schema (or to migration
    `upto`); returns the migrations applied. The caller holds the lake's migration lock."""
    lake = _catalog(con, None)
    wanted = [m for m in pending(con) if upto is None or m.number <= upto]
    if not wanted:
        return []
    if applied(con):
        return _apply(con, wanted)
    strangers = user_tables(con, lake)
    if strangers:
        raise MigrationError(
            f"the lake holds tables but no claimwatch schema ({', '.join(strangers)}); "
            "use an empty lake"
        )
    con.execute(f"ATTACH ':memory:' AS {_SCRATCH}")
    try:
        con.execute(f"USE {_SCRATCH}")
        migrate_upto = [m for m in available() if upto is None or m.number <= upto]
        con.execute(
            "CREATE TABLE _migrations (number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        _apply(con, migrate_upto)
        con.execute(f"USE {_ident(lake)}")
        con.execute("BEGIN TRANSACTION")
        try:
            replicate(con, _SCRATCH, lake)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        raise MigrationError(f"cannot create the warehouse schema in the lake: {exc}") from exc
    finally:
        con.execute(f"USE {_ident(lake)}")
        con.execute(f"DETACH {_SCRATCH}")
    return wanted


def user_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT internal"
        " ORDER BY table_name",
        [catalog],
    ).fetchall()
    return [row[0] for row in rows]


def replicate(con: duckdb.DuckDBPyConnection, source: str, target: str) -> dict[str, int]:
    """Create `source`'s tables (with their rows), macros and views in the empty catalog
    `target`, inside the caller's transaction; returns the rows copied per table.

    Tables are made from their columns (name, type, NOT NULL, default), without PRIMARY KEY or
    UNIQUE, which a lake cannot hold; views and macros from the text DuckDB keeps of them."""
    src, dst = _ident(source), _ident(target)
    copied: dict[str, int] = {}
    for table in user_tables(con, source):
        columns = con.execute(
            "SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns()"
            " WHERE database_name = ? AND table_name = ? AND schema_name = 'main'"
            " ORDER BY column_index",
            [source, table],
        ).fetchall()
        body = ", ".join(
            f"{_ident(name)} {kind}"
            + ("" if nullable else " NOT NULL")
            + ("" if default is None else f" DEFAULT {default}")
            for name, kind, nullable, default in columns
        )
        con.execute(f"CREATE TABLE {dst}.main.{_ident(table)} ({body})")
        names = ", ".join(_ident(c[0]) for c in columns)
        con.execute(
            f"INSERT INTO {dst}.main.{_ident(table)} ({names}) "
            f"SELECT {names} FROM {src}.main.{_ident(table)}"
        )
        row = con.execute(f"SELECT count(*) FROM {src}.main.{_ident(table)}").fetchone()
        copied[table] = int(row[0]) if row else 0
    macros = con.execute(
        "SELECT function_name, function_type, parameters, macro_definition FROM duckdb_functions()"
        " WHERE database_name = ? AND function_type IN ('macro', 'table_macro') AND NOT internal",
        [source],
    ).fetchall()
    for name, kind, parameters, definition in macros:
        table = "TABLE " if kind == "table_macro" else ""
        signature = f"{dst}.main.{_ident(name)}({', '.join(parameters)})"
        con.execute(f"CREATE MACRO {signature} AS {table}{definition}")
    views = con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE database_name = ? AND NOT internal",
        [source],
    ).fetchall()
    current = _catalog(con, None)
    con.execute(f"USE {dst}")  # the views' text names tables without a catalog
    try:
        for text in _in_dependency_order(dict(views)):
            con.execute(text)
    finally:
        con.execute(f"USE {_ident(current)}")
    return copied


def _in_dependency_order(views: dict[str, str]) -> list[str]:
    """The views' CREATE statements, each after the views it names. A view may read one that
    was created after it (a later migration replaced the one it reads), so creation order will
    not do, and a failed CREATE would abort the transaction. A name that only appears in a
    string or an alias adds an edge that costs nothing."""
    names = {name: re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in views}
    reads = {
        view: {other for other, pattern in names.items() if other != view and pattern.search(text)}
        for view, text in views.items()
    }
    ordered: list[str] = []
    done: set[str] = set()
    while len(done) < len(views):
        ready = sorted(v for v in views if v not in done and reads[v] <= done)
        if not ready:  # a cycle of names (aliases): fall back to the rest in name order
            ready = sorted(v for v in views if v not in done)
        for view in ready:
            ordered.append(views[view])
            done.add(view)
    return ordered
