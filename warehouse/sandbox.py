"""SQL a person typed, confined to reading the warehouse.

Opening the file read-only protects the database from UPDATE and DELETE, not the filesystem:
`COPY ... TO` writes any file, `read_text('/etc/hostname')` reads one, ATTACH and INSTALL reach
further. Two guards, both needed:

1. DuckDB's external access is switched off and the configuration locked before the query
   runs, so no statement can reach a file other than the warehouse or switch access back on.
2. Only queries run (SELECT, EXPLAIN; SHOW, DESCRIBE and SUMMARIZE are SELECTs to DuckDB's
   parser). DuckDB still lets a statement *write* the files it counts as the database's own
   while access is off: measured on DuckDB 1.5, `COPY (SELECT 1) TO '<warehouse>' (FORMAT csv,
   USE_TMP_FILE false)` replaced the warehouse with two bytes, and `COPY ... TO '<db>.wal'`
   replaced its write-ahead log. So COPY, EXPORT and every other statement kind are refused by
   the type DuckDB's own parser gives them, before anything runs.

On a lake (DuckLake on PostgreSQL) the connection is the sandbox's own, never the process's
shared one: the extensions are loaded and the lake attached read-only (at the snapshot `--as-of`
asks for) first, then only the lake's data directory is allowed, then access is switched off
and the configuration locked. That is not enough, measured on DuckDB 1.5.5: the PostgreSQL
scanner's functions reach PostgreSQL whatever enable_external_access says.
`postgres_scan('<any conninfo>', ...)` opens a new connection to any server,
`postgres_query('__ducklake_metadata_lake', ...)` runs SQL on the catalog database, and
`__ducklake_metadata_lake.ducklake_snapshot` reads its tables. So on a lake a third guard reads
each query's parse tree (json_serialize_sql) and refuses the postgres and ducklake functions,
functions that run SQL given as a string (`query`, `query_table`), and any table of the
catalog database; a query whose tree cannot be read is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from claimwatch.warehouse import lake
from claimwatch.warehouse.errors import QueryError

if TYPE_CHECKING:
    from claimwatch.warehouse.backend import Location

# The connection's settings before the user's text runs. Passed at connect time too, so this
# connection never shares DuckDB's per-process database instance with an unconfined one (a
# global SET on a shared instance would also confine a concurrent export).
Config = dict[str, str | bool | int | float | list[str]]  # what duckdb.connect takes
CONFIG: Config = {"enable_external_access": False}
_ALLOWED = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
# On a lake: functions that reach PostgreSQL or change the lake, and those that run a string as
# SQL (which the parse tree cannot see into).
_LAKE_REFUSED_PREFIXES = ("postgres_", "ducklake_", "pg_clear_cache")
_LAKE_REFUSED = frozenset({"query", "query_table", "read_postgres_binary"})
_METADATA = "__ducklake_metadata"  # DuckLake's name for the attached catalog database
_EXPLAIN = re.compile(r"\s*EXPLAIN(\s+ANALYZE)?\b", re.IGNORECASE)


def open_lake(where: Location, *, as_of: datetime | None = None) -> duckdb.DuckDBPyConnection:
    """A connection of the sandbox's own to the lake: attached read-only (at `as_of`), then
    confined to the lake's data directory. run_query switches access off and locks it."""
    from claimwatch.warehouse.backend import ALIAS

    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    try:
        con.execute("SET enable_progress_bar = false")  # drawn on stdout, the command's output
        data = where.lake_data or ""
        lake.attach(con, where.reader_url, data, alias=ALIAS, read_only=True, as_of=as_of)
        con.execute("SET allowed_directories = ?", [[lake.data_directory(data)]])
    except BaseException:
        con.close()
        raise
    return con


def confine(con: duckdb.DuckDBPyConnection) -> None:
    """Switch off file, network and extension access on an open connection, for good."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def run_query(
    con: duckdb.DuckDBPyConnection, text: str, *, lake_catalog: bool = False
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Run a user's query on `con` (confined first); returns column names and rows of the last
    statement. Every failure is a QueryError with a one-line message. `lake_catalog`: `con`
    has a lake attached, so the PostgreSQL and DuckLake functions are refused too."""
    confine(con)
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from exc
    if not statements:
        raise QueryError('the query is empty: give a SELECT, e.g. "SELECT * FROM claims"')
    for statement in statements:
        if statement.type not in _ALLOWED:
            raise QueryError(
                f"read-only: only queries (SELECT, EXPLAIN) run here, not {_kind(statement)}"
            )
        if lake_catalog:
            _refuse_catalog_access(con, statement)
    try:
        cur = None
        for statement in statements:
            cur = con.execute(statement)
    except duckdb.PermissionException as exc:
        raise QueryError(f"a query reads the warehouse only: {_one_line(exc)}") from exc
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from exc
    if cur is None or cur.description is None:
        return [], []
    return [d[0] for d in cur.description], cur.fetchall()


def _kind(statement: duckdb.Statement) -> str:
    """The statement's first keyword as typed (INSTALL and LOAD share a type), else its type."""
    words = statement.query.split()
    if words and words[0].isalpha() and words[0].upper() != "WITH":
        return words[0].upper()
    return statement.type.name.replace("_", " ")


def _one_line(exc: BaseException) -> str:
    """DuckDB's message on one line, without the query excerpt and caret it appends
    ("LINE 1: ..."); hints such as "Candidate bindings: ..." are kept."""
    kept: list[str] = []
    for line in str(exc).splitlines():
        if line.startswith("LINE "):
            break
        if line.strip():
            kept.append(line.strip())
    return " ".join(kept) or type(exc).__name__


def _refuse_catalog_access(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> None:
    """QueryError if the statement calls a function or reads a table that reaches past the
    lake's tables and views (see the module docstring)."""
    query = _EXPLAIN.sub("", statement.query, count=1)
    row = con.execute("SELECT json_serialize_sql(?)", [query]).fetchone()
    tree = json.loads(row[0]) if row else {"error": True}
    if tree.get("error"):
        raise QueryError(
            "a query reads the warehouse only: on a lake, only a query that can be checked runs "
            "(it could not be: "
            f"{tree.get('error_message', 'no parse tree')})"
        )
    for node in _nodes(tree):
        name = str(node.get("function_name", "")).lower()
        if name and (name in _LAKE_REFUSED or name.startswith(_LAKE_REFUSED_PREFIXES)):
            raise QueryError(f"a query reads the warehouse only: {name}() is not allowed here")
        if node.get("type") == "BASE_TABLE":
            names = (str(node.get("catalog_name", "")), str(node.get("schema_name", "")))
            if any(n.lower().startswith(_METADATA) for n in names):
                raise QueryError(
                    "a query reads the warehouse only: the lake's catalog database is not "
                    "readable here"
                )


def _nodes(tree: object) -> Iterator[dict[str, object]]:
    """Every JSON object in a parse tree, depth first."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
