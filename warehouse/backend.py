"""Where the warehouse lives: a DuckDB file (the default) or a lake (DuckLake on PostgreSQL).

`--db PATH` names a file; `--db ducklake:postgres:<conninfo>` with `--lake-data DIR` names a
lake. The two differ in how connections are made, never in what the warehouse modules see:
both give DuckDB connections whose default catalog holds the same tables, macros and views.

A file is opened for short sessions (DuckDB admits one writer process). A lake is attached once
per process (loading the extensions and attaching costs ~283 ms, more than most writes) and
every session is a cursor of that one connection: its own transaction, the lake as its default
catalog. Locks that keep two processes from doing one thing twice (migrations, a topic's cycle)
are PostgreSQL advisory locks on the lake's catalog database, which every machine reaches and
which PostgreSQL releases when the holder's connection ends (a killed process holds nothing).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from claimwatch.warehouse import lake
from claimwatch.warehouse.errors import DatabaseBusy
from claimwatch.warehouse.lake import LakeUnusable, LakeUrl

__all__ = ["ALIAS", "Lake", "Location", "location"]

ALIAS = "lake"  # the lake's catalog name in every connection
_LOCKS = "claimwatch_pg"  # the catalog database attached plainly, for advisory locks
_ATTACH_WAIT = 120.0  # seconds to wait while another process creates a new lake's catalog


@dataclass(frozen=True, slots=True)
class Location:
    """A warehouse: a DuckDB file's path, or a lake URL with its data directory."""

    db: str  # as given: a path, or ducklake:postgres:<conninfo> (a Path would fold its "//")
    lake_data: str | None = None
    # conninfo keywords for users' SQL on a lake, e.g. "user=claimwatch_reader password=...":
    # a PostgreSQL role that may only SELECT the catalog (CLAIMWATCH_LAKE_READER).
    reader: str | None = None

    @property
    def is_lake(self) -> bool:
        return lake.is_lake_url(self.db)

    @property
    def lake_url(self) -> LakeUrl:
        return lake.parse_lake_url(self.db)

    @property
    def reader_url(self) -> LakeUrl:
        """The lake as users' SQL attaches it: with the reader role when one is configured."""
        return self.lake_url.overridden(self.reader) if self.reader else self.lake_url

    def __str__(self) -> str:
        """For messages: the path, or the lake URL without its password."""
        return str(self.lake_url) if self.is_lake else self.db


def location(
    db: str | os.PathLike[str],
    lake_data: str | os.PathLike[str] | None = None,
    reader: str | None = None,
) -> Location:
    """The warehouse `--db` and `--lake-data` name; LakeUnusable (one line) for a bad lake URL
    or a lake without its data directory. A data directory given with a file is ignored, so a
    CLAIMWATCH_LAKE_DATA set for the whole machine does not break `--db some.duckdb`."""
    text = os.fspath(db)
    if not lake.is_lake_url(text):
        return Location(text)
    url = lake.parse_lake_url(text)
    if lake_data is None or not os.fspath(lake_data).strip():
        raise LakeUnusable(
            f"the lake {url} needs its data directory: give --lake-data DIR "
            "(or set CLAIMWATCH_LAKE_DATA), the same path on every machine"
        )
    found = Location(text, os.fspath(lake_data), reader or None)
    found.reader_url  # noqa: B018  (a reader conninfo with bad syntax fails here, in one line)
    return found


def lock_key(name: str) -> int:
    """A PostgreSQL advisory lock key (a signed 64-bit integer) for a name. PostgreSQL scopes
    advisory locks to the database they are taken in, the lake's catalog database, so a key
    names only what is locked within the lake (`migrate`, `run:<topic>`, ...)."""
    digest = hashlib.sha256(f"claimwatch:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Lake:
    """A lake attached once in this process; sessions are cursors of that connection."""

    _shared: dict[tuple[int, str, str], Lake] = {}
    _shared_guard = threading.Lock()

    def __init__(self, where: Location) -> None:
        self.where = where
        self.url = where.lake_url
        self.data = where.lake_data or ""
        self._con: duckdb.DuckDBPyConnection | None = None
        self._snapshots: dict[datetime, str] = {}
        self._guard = threading.Lock()

    @classmethod
    def shared(cls, where: Location) -> Lake:
        """This process's Lake for `where` (a forked child makes its own: a DuckDB connection
        and its PostgreSQL sockets must not cross a fork)."""
        key = (os.getpid(), where.db, os.path.abspath(where.lake_data or ""))
        with cls._shared_guard:
            found = cls._shared.get(key)
            if found is None:
                found = cls._shared[key] = cls(where)
            return found

    @classmethod
    def close_shared(cls) -> None:
        """Close this process's shared lakes (their PostgreSQL connections end with them); a
        later session attaches again. For a process done with its lakes, e.g. a test module."""
        with cls._shared_guard:
            lakes, cls._shared = list(cls._shared.values()), {}
        for found in lakes:
            with found._guard:
                if found._con is not None:
                    found._con.close()
                    found._con = None
                found._snapshots.clear()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con = duckdb.connect(config={"autoinstall_known_extensions": False})
            try:
                lake.load_extensions(con)
                self._catalog_db(con)
                # The first ATTACH of a new lake creates DuckLake's catalog tables; two
                # processes doing it at once collide in PostgreSQL (measured: "duplicate key
                # value violates unique constraint pg_type_typname_nsp_index"), so attaching
                # is done under a lock of its own.
                with _held(con.cursor(), "attach", wait=_ATTACH_WAIT, busy=None, on_wait=None):
                    lake.attach(con, self.url, self.data, alias=ALIAS)
            except BaseException:
                con.close()
                raise
            self._con = con
        return self._con

    def cursor(self, *, as_of: datetime | None = None) -> duckdb.DuckDBPyConnection:
        """A new connection to the attached lake (the caller closes it), with the lake as it
        stands or, with `as_of`, at the last snapshot at or before that time."""
        with self._guard:
            con = self._connection()
            alias = ALIAS if as_of is None else self._at(con, as_of)
            cur = con.cursor()
        cur.execute(f"USE {alias}")
        # No progress bar (a per-connection setting): DuckDB draws it on stdout, which is the
        # commands' output, when a query over the lake runs for more than two seconds.
        cur.execute("SET enable_progress_bar = false")
        return cur

    def _at(self, con: duckdb.DuckDBPyConnection, as_of: datetime) -> str:
        """The alias of the lake attached read-only at `as_of` (once per distinct time)."""
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        alias = self._snapshots.get(moment)
        if alias is None:
            alias = f"{ALIAS}_at_{len(self._snapshots) + 1}"
            lake.attach(con, self.url, self.data, alias=alias, as_of=moment)
            self._snapshots[moment] = alias
        return alias

    def _catalog_db(self, con: duckdb.DuckDBPyConnection) -> None:
        """The catalog's PostgreSQL database, attached plainly (advisory locks go through it)."""
        rows = con.execute("SELECT database_name FROM duckdb_databases()").fetchall()
        attached = {row[0] for row in rows}
        if _LOCKS not in attached:
            try:
                con.execute(f"ATTACH {lake.literal(self.url.conninfo)} AS {_LOCKS} (TYPE postgres)")
            except duckdb.Error as exc:
                raise LakeUnusable(
                    f"cannot reach the lake's catalog {self.url} for a lock: "
                    + lake.redact(str(exc), self.url).splitlines()[0]
                ) from exc

    @contextmanager
    def advisory_lock(
        self,
        name: str,
        *,
        wait: float,
        on_wait: Callable[[str], None] | None = None,
        busy: Callable[[], Exception] | None = None,
    ) -> Iterator[None]:
        """Hold PostgreSQL's advisory lock for `name` on the catalog database.

        A transaction-level lock (pg_try_advisory_xact_lock) in a DuckDB transaction kept open
        on a cursor of its own: the PostgreSQL scanner runs a DuckDB transaction on one
        PostgreSQL connection, so the lock lives exactly as long as that transaction (a
        session-level lock could be taken on one pooled connection and released on another).
        Tries every half second up to `wait` seconds, then raises `busy()` (DatabaseBusy by
        default)."""
        with self._guard:
            cur = self._connection().cursor()
        with _held(cur, name, wait=wait, busy=busy, on_wait=on_wait):
            yield


@contextmanager
def _held(
    cur: duckdb.DuckDBPyConnection,
    name: str,
    *,
    wait: float,
    busy: Callable[[], Exception] | None,
    on_wait: Callable[[str], None] | None,
) -> Iterator[None]:
    """The advisory lock `name`, taken in a transaction on `cur` (closed afterwards)."""
    key = lock_key(name)
    try:
        cur.execute("BEGIN TRANSACTION")
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(cur, key):
            if time.monotonic() >= deadline:
                raise (busy or (lambda: DatabaseBusy(f"another process holds the lake's {name}")))()
            if not told and on_wait is not None:
                on_wait(f"another process holds the lake's {name} lock; waiting up to {wait:.0f} s")
                told = True
            time.sleep(0.5)
        yield
    finally:
        with contextlib.suppress(duckdb.Error):
            cur.execute("ROLLBACK")  # ends the PostgreSQL transaction: the lock goes with it
        cur.close()


def _try_lock(cur: duckdb.DuckDBPyConnection, key: int) -> bool:
    query = f"SELECT pg_try_advisory_xact_lock({key}) AS got"
    row = cur.execute(
        f"SELECT got FROM postgres_query('{_LOCKS}', {lake.literal(query)})"
    ).fetchall()
    return bool(row and row[0][0])
