"""The warehouse on a lake (DuckLake on a real PostgreSQL catalog) behind the same Warehouse.

A new lake gets the schema the migrations give a DuckDB file; a lake made at an earlier
migration upgrades in place; two processes migrating one lake at once apply each migration
once; the run lock is per topic and held in PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from claimwatch.warehouse import migrator
from claimwatch.warehouse.backend import Lake, location
from claimwatch.warehouse.errors import WarehouseError
from claimwatch.warehouse.lake import LakeUnusable
from claimwatch.warehouse.lock import RunInProgress
from claimwatch.warehouse.store import Warehouse
from tests.support.postgres import PostgresCluster, postgres, postgres_db  # noqa: F401

URL = "ducklake:postgres:"


@pytest.fixture(scope="module", autouse=True)
def _close_lakes() -> Iterator[None]:
    """This module's lake connections end with it, not with the test session."""
    yield
    Lake.close_shared()


LAST_BEFORE_LAKES = 8  # the last migration a lake could have been made at by hand (issue 12)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "lake-data"
    path.mkdir()
    return path


def _schema(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Tables (columns, types, NOT NULL, defaults), views and macros of the current catalog."""
    where = [con.execute("SELECT current_database()").fetchone()[0]]  # type: ignore[index]
    columns = con.execute(
        "SELECT table_name, column_index, column_name, data_type, is_nullable,"
        " coalesce(column_default, 'NULL') FROM duckdb_columns()"
        " WHERE database_name = ? AND table_name IN"
        "  (SELECT table_name FROM duckdb_tables() WHERE database_name = ?)"
        " ORDER BY ALL",
        where * 2,
    ).fetchall()
    views = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = ?"
        " AND table_name IN (SELECT view_name FROM duckdb_views() WHERE database_name = ?)"
        " ORDER BY table_name, column_index",
        where * 2,
    ).fetchall()
    # Macros by name and by what they answer (their text differs in quoting only).
    names = con.execute(
        "SELECT function_name FROM duckdb_functions()"
        " WHERE database_name = ? AND function_type = 'macro' ORDER BY ALL",
        where,
    ).fetchall()
    con.execute("SET VARIABLE claimwatch_as_of = TIMESTAMPTZ '2026-11-20 12:00:00+00'")
    macros = [(name, con.execute(f"SELECT {name}()").fetchone()) for (name,) in names]
    con.execute("RESET VARIABLE claimwatch_as_of")
    migrations = con.execute("SELECT number, name FROM _migrations ORDER BY number").fetchall()
    return {"columns": columns, "views": views, "macros": macros, "migrations": migrations}


def _file_schema(tmp_path: Path) -> dict[str, object]:
    wh = Warehouse(tmp_path / "file.duckdb")
    wh.migrate()
    with wh.session(read_only=True) as con:
        return _schema(con)


def test_a_new_lake_gets_the_schema_the_migrations_give_a_file(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
    tmp_path: Path,
) -> None:
    wh = Warehouse(URL + postgres_db, lake_data=data_dir)
    applied = wh.migrate()
    assert applied == [f"{m.number:04d}_{m.name}" for m in migrator.available()]
    assert wh.migrate() == []  # nothing pending the second time
    with wh.session() as con:
        lake_schema = _schema(con)
        # Every view answers (their text was made for a file; it binds in the lake too).
        for view, *_ in {v[0]: v for v in lake_schema["views"]}.values():  # type: ignore[attr-defined]
            con.execute(f'SELECT * FROM "{view}" LIMIT 1').fetchall()
    assert lake_schema == _file_schema(tmp_path)
    assert wh.exists() and not Warehouse(tmp_path / "none.duckdb").exists()


def test_a_lake_made_at_an_earlier_migration_upgrades_in_place(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
    tmp_path: Path,
) -> None:
    """Migrations after the facts schema run on a lake as written: this is where one that
    DuckLake refuses (a key, an UPDATE beside writers, ...) shows up."""
    wh = Warehouse(URL + postgres_db, lake_data=data_dir)
    made = wh._migrate_lake(upto=LAST_BEFORE_LAKES)
    assert made[-1].startswith(f"{LAST_BEFORE_LAKES:04d}_")
    later = [m for m in migrator.available() if m.number > LAST_BEFORE_LAKES]
    assert wh.migrate() == [f"{m.number:04d}_{m.name}" for m in later]
    with wh.session() as con:
        assert _schema(con) == _file_schema(tmp_path)


def test_a_lake_holding_other_tables_is_not_taken_over(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    wh = Warehouse(URL + postgres_db, lake_data=data_dir)
    with wh.session() as con:
        con.execute("CREATE TABLE somebody_elses (x INTEGER)")
    with pytest.raises(migrator.MigrationError, match="holds tables but no claimwatch schema"):
        wh.migrate()


_MIGRATE = textwrap.dedent(
    """
    import json, sys, time
    from claimwatch.warehouse.store import Warehouse
    wh = Warehouse(sys.argv[1], lake_data=sys.argv[2], busy_timeout=300)
    start = float(sys.argv[3])
    while time.time() < start:  # both processes leave the gate together
        time.sleep(0.005)
    print(json.dumps(wh.migrate()))
    """
)


@pytest.mark.slow
def test_two_processes_migrating_one_lake_apply_each_migration_once(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    import time

    start = str(time.time() + 4)  # after both have imported claimwatch
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _MIGRATE, URL + postgres_db, str(data_dir), start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    everything = [f"{m.number:04d}_{m.name}" for m in migrator.available()]
    # One applied everything; the other waited for the lock and found nothing pending.
    assert sorted(results, key=len) == [[], everything]
    wh = Warehouse(URL + postgres_db, lake_data=data_dir)
    with wh.session() as con:
        numbers = [row[0] for row in con.execute("SELECT number FROM _migrations").fetchall()]
        assert sorted(numbers) == [m.number for m in migrator.available()]  # none twice
        tables = con.execute(
            "SELECT table_name, count(*) FROM duckdb_tables() WHERE database_name = 'lake'"
            " GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        assert tables == []


def test_the_run_lock_of_a_lake_is_per_topic_and_held_in_postgres(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    where = location(URL + postgres_db, data_dir)
    wh = Warehouse(where.db, lake_data=data_dir)
    wh.migrate()
    # Another process's view of the lake: a connection of its own (Lake, not Lake.shared).
    other = Lake(where)
    from claimwatch.warehouse.lock import AdvisoryRunLock

    with wh.run_lock("mythos"):
        with pytest.raises(RunInProgress, match="topic mythos is in progress on the lake"):
            AdvisoryRunLock(other, "mythos", wait=0).acquire()
        with AdvisoryRunLock(other, "another-topic"):  # topics run side by side
            pass
    with AdvisoryRunLock(other, "mythos"):  # released with the holder's transaction
        pass


@pytest.mark.slow
def test_a_killed_holder_releases_the_run_lock(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from claimwatch.warehouse.store import Warehouse
        wh = Warehouse(sys.argv[1], lake_data=sys.argv[2])
        wh.run_lock("mythos").acquire()
        print("held", flush=True)
        time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, URL + postgres_db, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        wh = Warehouse(URL + postgres_db, lake_data=data_dir)
        with pytest.raises(RunInProgress):
            wh.run_lock("mythos", wait=0).acquire()
    finally:
        proc.kill()  # SIGKILL: no cleanup of its own; PostgreSQL ends its session
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    with wh.run_lock("mythos", wait=30):  # free once PostgreSQL has seen the socket close
        pass


def test_a_lake_url_without_a_data_directory_is_one_line() -> None:
    with pytest.raises(LakeUnusable) as caught:
        Warehouse(URL + "dbname=cw password=s3cret host=127.0.0.1")
    message = str(caught.value)
    assert "needs its data directory: give --lake-data DIR" in message
    assert "\n" not in message and "s3cret" not in message


def test_a_data_directory_beside_a_file_is_ignored(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "cw.duckdb", lake_data=tmp_path / "nowhere")
    assert not wh.is_lake and wh.migrate()


def test_copying_refuses_a_file_older_than_the_code_and_leaves_it_as_it_was(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.duckdb"
    Warehouse(path).migrate()
    last = migrator.available()[-1]
    with duckdb.connect(str(path)) as con:  # as a release before the last migration left it
        con.execute("DELETE FROM _migrations WHERE number = ?", [last.number])
        con.execute("CHECKPOINT")
    before = path.read_bytes()
    lake = Warehouse(URL + postgres_db, lake_data=data_dir)
    with pytest.raises(WarehouseError) as caught:
        Warehouse(path).copy_into(lake)
    assert f"predates migration {last.number:04d}_{last.name}: upgrade it first" in str(
        caught.value
    )
    assert path.read_bytes() == before
    with lake.session() as con:  # nothing was created in the lake
        assert migrator.user_tables(con, "lake") == []
