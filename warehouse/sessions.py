"""Opening the warehouse: short sessions, one transaction each, waiting while another
process holds the file; migrations with a backup first; users' read-only SQL.

The warehouse is a DuckDB file or a lake (see backend.py); the modules using a session see
the same tables and views on both. On a lake a session is a cursor of the process's one
attached connection, migrations run under a PostgreSQL advisory lock (two workers starting
together: one migrates, the other waits and finds nothing pending), `as_of` reads a DuckLake
snapshot, and users' SQL runs on a connection of its own (sandbox.py).

DuckDB allows one writer process, and while it writes no other process can open the file even
read-only. So nothing here keeps a connection open across a run: each load opens the file,
writes in one transaction and closes it, and opening waits (with a message) while another
process holds the file. Connections never leave the warehouse package.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from claimwatch.warehouse import lake, migrator, sandbox
from claimwatch.warehouse.backend import ALIAS, Lake, Location, location
from claimwatch.warehouse.errors import DatabaseBusy, DatabaseUnusable, QueryError
from claimwatch.warehouse.lock import AdvisoryRunLock, RunLock
from claimwatch.warehouse.queries import sql

_LOCK_MARKERS = ("could not set lock", "conflicting lock")
# What DuckDB raises when the storage under it fails, as opposed to a bad statement.
_STORAGE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)
# The migration from which every row is a fact with the time it was recorded.
_FACTS = 6
_SOURCE = "claimwatch_source"  # a DuckDB file attached read-only for `migrate --to`


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MARKERS)


class Sessions:
    """The DuckDB file at `path`, or the lake `path` names (a ducklake:postgres: URL) with its
    data directory `lake_data`. Cheap to construct; every call opens a short session."""

    def __init__(
        self,
        path: str | Path,
        *,
        lake_data: str | Path | None = None,
        lake_reader: str | None = None,
        busy_timeout: float = 60.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        # lake_reader: conninfo keywords (a SELECT-only role) for users' SQL on a lake.
        self.location: Location = location(path, lake_data, lake_reader)
        self.path = Path(path)  # the file (of a lake, only its URL: use self.location)
        self.busy_timeout = busy_timeout
        self.on_wait = on_wait
        self.last_backup: Path | None = None

    @property
    def is_lake(self) -> bool:
        return self.location.is_lake

    def _lake(self) -> Lake:
        return Lake.shared(self.location)

    def run_lock(
        self, topic: str, *, wait: float = 0.0, part: str | None = None
    ) -> RunLock | AdvisoryRunLock:
        """The lock a cycle holds: one run at a time per DuckDB file (it admits one writer
        anyway, so the parts of a sharded cycle take turns), one run per topic, or per part
        of a topic's sharded cycle, on a lake (see lock.py)."""
        if self.is_lake:
            return AdvisoryRunLock(self._lake(), topic, wait=wait, part=part)
        return RunLock(self.path, wait=wait)

    def exists(self) -> bool:
        """Whether there is a warehouse to read: the file exists, or the lake holds a schema."""
        if not self.is_lake:
            return self.path.exists()
        with self.session() as con:
            return bool(migrator.applied(con))

    def _open(
        self, read_only: bool, config: sandbox.Config | None = None
    ) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise DatabaseUnusable(f"database {self.path} does not exist (run `claimwatch run`)")
        if not read_only and not self.path.parent.is_dir():
            raise DatabaseUnusable(f"cannot create database {self.path}: no such directory")
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.05
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=config or {})
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise DatabaseUnusable(f"cannot open database {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"database {self.path} is in use by another process "
                        f"(waited {self.busy_timeout:.0f} s): {exc}"
                    ) from exc
                if not told and self.on_wait is not None:
                    self.on_wait(
                        f"database {self.path} is in use by another process; waiting up to "
                        f"{self.busy_timeout:.0f} s"
                    )
                    told = True
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    @contextmanager
    def session(
        self, *, read_only: bool = False, as_of: datetime | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for the warehouse package's own modules (flows never see one). With
        `as_of`, every view shows the facts recorded up to that time (on a lake: the last
        snapshot at or before it)."""
        if self.is_lake:
            cur = self._lake().cursor(as_of=as_of)
            try:
                yield cur
            finally:
                cur.close()
            return
        con = self._open(read_only)
        try:
            if as_of is not None:
                _see_as_of(con, as_of)
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short write session: all of it is committed, or none of it. A write the storage
        refuses (a full disk, a file made read-only) becomes DatabaseUnusable.

        On a lake the transaction runs under the lake's write lock: writers decide what is new
        by reading what is stored (an article's known versions, a version's extraction), and
        DuckLake, having no UNIQUE constraint and letting appends commit side by side, would
        otherwise keep both of two processes' copies of one fact (two shards, or a shard and a
        `monitor`, storing the same page). Taken before the transaction begins, so its reads
        see everything the previous holder committed. A DuckDB file needs no such lock: one
        process at a time holds it open."""
        with self._write_lock(), self.session() as con:
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                except BaseException:
                    with contextlib.suppress(duckdb.Error):  # the failure may have ended it
                        con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            except _STORAGE_ERRORS as exc:
                raise DatabaseUnusable(f"cannot write database {self.location}: {exc}") from exc

    def _write_lock(self) -> contextlib.AbstractContextManager[None]:
        if not self.is_lake:
            return contextlib.nullcontext()
        # No waiting message: writers take turns many times a cycle, each for moments.
        return self._lake().advisory_lock("write", wait=self.busy_timeout, busy=self._write_busy)

    def _write_busy(self) -> DatabaseBusy:
        return DatabaseBusy(
            f"another process has held the lake {self.location}'s write lock for more than "
            f"{self.busy_timeout:.0f} s"
        )

    def migrate(self) -> list[str]:
        """Create or upgrade the schema; returns the names of the migrations applied.

        Upgrading a warehouse that an older release wrote first copies the file beside it
        (`self.last_backup`), so a failed or regretted upgrade loses nothing."""
        self.last_backup = None
        if self.is_lake:
            return self._migrate_lake()
        try:
            with self.session() as con:
                done, todo = migrator.applied(con), migrator.pending(con)
                if done and todo:
                    con.execute("CHECKPOINT")  # the file alone then holds everything
            if done and todo:
                self.last_backup = self._backup(f"v{max(done):04d}")
            with self.session() as con:
                return [f"{m.number:04d}_{m.name}" for m in migrator.migrate(con)]
        except duckdb.Error as exc:  # e.g. a full disk or a read-only directory
            raise DatabaseUnusable(f"cannot write database {self.path}: {exc}") from exc

    def _migrate_lake(self, upto: int | None = None) -> list[str]:
        """Pending migrations on a lake, applied by one process: the others wait for the lock,
        then find nothing pending. No backup here: the catalog is PostgreSQL's to back up
        (pg_dump), the data directory the storage's (DuckLake never rewrites a file in place)."""
        lock = self._lake().advisory_lock(
            "migrate", wait=self.busy_timeout, on_wait=self.on_wait, busy=self._migration_busy
        )
        with lock, self.session() as con:
            done = migrator.migrate_lake(con, upto=upto)
        return [f"{m.number:04d}_{m.name}" for m in done]

    def _migration_busy(self) -> DatabaseBusy:
        return DatabaseBusy(
            f"another process has been migrating the lake {self.location} for more than "
            f"{self.busy_timeout:.0f} s"
        )

    def maintain(self, retention: timedelta) -> dict[str, int]:
        """Flush, merge, expire snapshots older than `retention`, delete unused files (see
        lake.maintain); returns what each step did. A file is only checkpointed ({})."""
        if not self.is_lake:
            with self.session() as con:
                con.execute("CHECKPOINT")
            return {}
        lock = self._lake().advisory_lock("maintain", wait=self.busy_timeout)
        try:
            with lock, self.session() as con:
                return lake.maintain(con, alias=ALIAS, retention=retention)
        except duckdb.Error as exc:
            raise DatabaseUnusable(f"cannot maintain the lake {self.location}: {exc}") from exc

    def copy_into(self, target: Sessions) -> dict[str, int]:
        """Copy this DuckDB file into the empty lake `target`: every table with its rows (facts
        and bookkeeping), the macros and views; returns the rows copied per table. The file is
        attached read-only and never written; a lake that holds anything is refused."""
        if self.is_lake or not target.is_lake:
            raise DatabaseUnusable("migrate --to copies a DuckDB file into a lake")
        if not self.path.is_file():
            raise DatabaseUnusable(f"database {self.path} does not exist")
        lock = target._lake().advisory_lock(
            "migrate", wait=target.busy_timeout, busy=target._migration_busy
        )
        with lock, target.session() as con:
            held = migrator.user_tables(con, ALIAS)
            if held:
                raise DatabaseUnusable(
                    f"the lake {target.location} already holds {len(held)} tables; "
                    "migrate --to copies into an empty lake only"
                )
            try:
                con.execute(f"ATTACH {lake.literal(str(self.path))} AS {_SOURCE} (READ_ONLY)")
            except duckdb.Error as exc:
                raise DatabaseUnusable(f"cannot open database {self.path}: {exc}") from exc
            try:
                todo = migrator.pending(con, _SOURCE)
                if todo:
                    raise DatabaseUnusable(
                        f"{self.path} predates migration {todo[0].number:04d}_{todo[0].name}: "
                        f"upgrade it first (claimwatch migrate --db {self.path}), then copy it"
                    )
                con.execute("BEGIN TRANSACTION")
                try:
                    copied = migrator.replicate(con, _SOURCE, ALIAS)
                    con.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
            finally:
                con.execute(f"USE {ALIAS}")
                con.execute(f"DETACH {_SOURCE}")
        return copied

    def _backup(self, label: str) -> Path:
        """Copy the database to a new file beside it, never over an existing one."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.backup-{label}-{stamp}")
        created = False
        try:
            with self.path.open("rb") as src, target.open("xb") as dst:
                created = True  # "x": the file is new, so it is ours to remove on failure
                shutil.copyfileobj(src, dst, 1 << 20)
        except OSError as exc:
            if created:
                with contextlib.suppress(OSError):
                    target.unlink()  # our own partial copy (a full disk), never another file
            raise DatabaseUnusable(
                f"cannot back up {self.path} before upgrading it: {exc.strerror or exc}"
            ) from exc
        return target

    def query(
        self, text: str, *, as_of: datetime | None = None
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        """Run a user's query, confined to reading this warehouse (see sandbox.py); returns
        column names and rows. With `as_of`, the views answer from the facts recorded up to
        that time (on a lake: the last snapshot at or before it)."""
        if self.is_lake:
            con = sandbox.open_lake(self.location, as_of=as_of)
            try:
                return sandbox.run_query(con, text, lake_catalog=True)
            finally:
                con.close()
        con = self._open(read_only=True, config=sandbox.CONFIG)
        try:
            if as_of is not None:
                _see_as_of(con, as_of)  # before the sandbox locks the session
            return sandbox.run_query(con, text)
        finally:
            con.close()

    def read(
        self, name: str, params: object = None, *, as_of: datetime | None = None
    ) -> tuple[list[str], list[tuple[object, ...]]]:
        """Rows of the named read-only query warehouse/queries/<name>.sql, with its columns."""
        with self.session(read_only=True, as_of=as_of) as con:
            cur = con.execute(sql(name), params)
            columns = [d[0] for d in cur.description or ()]
            return columns, cur.fetchall()


def _see_as_of(con: duckdb.DuckDBPyConnection, as_of: datetime) -> None:
    """Make this session's views read the facts recorded up to `as_of`."""
    if _FACTS not in migrator.applied(con):
        raise QueryError(
            "this warehouse records no times yet: open it once with a newer claimwatch "
            "(`claimwatch run` upgrades it), then ask for --as-of"
        )
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    con.execute(sql("as_of_set"), [as_of])
