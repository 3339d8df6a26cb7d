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
"""

from __future__ import annotations

import duckdb

from claimwatch.warehouse.errors import QueryError

# The connection's settings before the user's text runs. Passed at connect time too, so this
# connection never shares DuckDB's per-process database instance with an unconfined one (a
# global SET on a shared instance would also confine a concurrent export).
Config = dict[str, str | bool | int | float | list[str]]  # what duckdb.connect takes
CONFIG: Config = {"enable_external_access": False}
_ALLOWED = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


def confine(con: duckdb.DuckDBPyConnection) -> None:
    """Switch off file, network and extension access on an open connection, for good."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def run_query(
    con: duckdb.DuckDBPyConnection, text: str
) -> tuple[list[str], list[tuple[object, ...]]]:
    """Run a user's query on `con` (confined first); returns column names and rows of the last
    statement. Every failure is a QueryError with a one-line message."""
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
