"""DuckLake on a real PostgreSQL catalog: what claimwatch relies on, checked on the real parts.

Several OS processes commit into one lake at once; PRIMARY KEY is not enforced (refused);
time travel sees the past; an UPDATE beside a concurrent INSERT into the same table conflicts
(append-only tables are what make concurrent writers safe); maintenance keeps time travel up to
its retention; every failure to use a lake is one line that names the problem.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from claimwatch.warehouse import lake
from claimwatch.warehouse.errors import DatabaseUnusable, WarehouseError
from tests.support.postgres import PostgresCluster, postgres, postgres_db  # noqa: F401

URL = lake.SCHEME


def _connect(
    conninfo: str,
    data: Path,
    *,
    as_of: datetime | None = None,
    metadata_schema: str | None = None,
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    lake.attach(con, URL + conninfo, data, as_of=as_of, metadata_schema=metadata_schema)
    return con


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "lake-data"
    path.mkdir()
    return path


# -- extensions and URLs (no server needed) ----------------------------------------------


def test_extensions_load_from_their_installed_files_without_installing() -> None:
    con = duckdb.connect()
    lake.load_extensions(con)
    for name in lake.EXTENSIONS:
        path = lake.extension_file(name)
        assert "site-packages" in path.parts and path.name == f"{name}.duckdb_extension"
    loaded = dict(
        con.sql("SELECT extension_name, installed FROM duckdb_extensions() WHERE loaded").fetchall()
    )
    # Loaded, and never installed into ~/.duckdb (nothing was copied, nothing downloaded).
    assert loaded["ducklake"] is False and loaded["postgres_scanner"] is False
    assert con.sql("SELECT current_setting('autoinstall_known_extensions')").fetchone() == (False,)


def test_an_extension_for_another_duckdb_names_the_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(duckdb, "__version__", "9.9.9")
    with pytest.raises(lake.LakeUnusable) as caught:
        lake.extension_file("ducklake")
    message = str(caught.value)
    assert "\n" not in message
    assert "not v9.9.9" in message and "pip install 'duckdb==9.9.9'" in message


def test_lake_urls_parse_with_libpq_quoting_and_never_show_a_password() -> None:
    url = lake.parse_lake_url(
        "ducklake:postgres:dbname=cw host=db.example.org  port = 5433 "
        r"user=claim application_name='claim watch' password='s3cr\'et'"
    )
    assert dict(url.params) == {
        "dbname": "cw",
        "host": "db.example.org",
        "port": "5433",
        "user": "claim",
        "application_name": "claim watch",
        "password": "s3cr'et",
    }
    assert url.conninfo.startswith("dbname=cw host=")  # handed to libpq as given
    for shown in (str(url), repr(url), url.redacted()):
        assert "s3cr" not in shown and "password=***" in shown
    assert lake.is_lake_url("ducklake:postgres:dbname=x") and not lake.is_lake_url("cw.duckdb")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ducklake:postgres:", "names no database"),
        ("ducklake:postgres:dbname", 'missing "=" after "dbname"'),
        ("ducklake:postgres:dbname='cw host=x", "unterminated quoted value"),
        ("ducklake:postgres:postgresql://u@h/db", "not a URI"),
        ("ducklake:sqlite:meta.sqlite", "only a PostgreSQL catalog"),
        ("ducklake:meta.ducklake", "only a PostgreSQL catalog"),
    ],
)
def test_bad_lake_urls_fail_in_one_line_naming_the_problem(text: str, names: str) -> None:
    with pytest.raises(lake.LakeUnusable) as caught:
        lake.parse_lake_url(text)
    assert names in str(caught.value) and "\n" not in str(caught.value)
    # Callers that handle the DuckDB file's errors handle the lake's.
    assert isinstance(caught.value, DatabaseUnusable | WarehouseError)


def test_a_missing_data_directory_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "not-mounted"
    with pytest.raises(lake.LakeUnusable) as caught:
        # No server is contacted: the directory is checked first.
        _connect("dbname=cw host=127.0.0.1 port=1", missing)
    assert str(caught.value) == (
        f"lake data directory {missing} does not exist "
        "(create it, or mount the shared storage there)"
    )
    assert not missing.exists()  # DuckLake itself would have created it silently


def test_a_data_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(lake.LakeUnusable, match="is not a directory"):
        _connect("dbname=cw host=127.0.0.1 port=1", path)


# -- failures against a real server ------------------------------------------------------


def test_an_unreachable_catalog_fails_in_one_line_without_the_password(data_dir: Path) -> None:
    port = _closed_port()
    with pytest.raises(lake.LakeUnusable) as caught:
        _connect(f"dbname=cw host=127.0.0.1 port={port} password=hunter2", data_dir)
    message = str(caught.value)
    assert "\n" not in message and "hunter2" not in message
    assert message.startswith("cannot connect to the lake's catalog, PostgreSQL ")
    assert "password=***" in message and "Connection refused" in message


def test_a_missing_database_and_a_bad_keyword_are_named(
    postgres: PostgresCluster,  # noqa: F811
    data_dir: Path,
) -> None:
    conninfo = postgres.conninfo_for("no_such_db")
    with pytest.raises(lake.LakeUnusable) as caught:
        _connect(conninfo, data_dir)
    assert 'database "no_such_db" does not exist' in str(caught.value)
    assert "\n" not in str(caught.value)

    with pytest.raises(lake.LakeUnusable) as caught:
        _connect(postgres.conninfo + " colour=blue", data_dir)
    assert 'invalid connection option "colour"' in str(caught.value)


def test_a_lake_keeps_the_data_directory_it_was_created_with(
    postgres_db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _connect(postgres_db, first).close()
    with pytest.raises(lake.LakeUnusable) as caught:
        _connect(postgres_db, second)
    assert str(caught.value) == (
        f"lake data directory {second}/ is not the one this lake was created with "
        f"({first}/); mount the shared storage at that path"
    )


def test_as_of_before_the_first_snapshot_is_named(postgres_db: str, data_dir: Path) -> None:  # noqa: F811
    _connect(postgres_db, data_dir).close()
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    with pytest.raises(lake.LakeUnusable) as caught:
        _connect(postgres_db, data_dir, as_of=long_ago)
    assert str(caught.value) == (
        "the lake has no snapshot at or before 2000-01-01T00:00:00+00:00 "
        "(it is younger, or older snapshots expired)"
    )


# -- what a lake does and does not do ----------------------------------------------------


def test_the_lake_is_the_default_catalog_and_keeps_its_rows(
    postgres: PostgresCluster,  # noqa: F811
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    con = _connect(postgres_db, data_dir, metadata_schema="claimwatch_lake")
    con.execute("CREATE TABLE facts (id VARCHAR, n INTEGER)")
    con.execute("INSERT INTO facts VALUES ('a', 1)")
    assert con.sql("SELECT current_database()").fetchone() == ("lake",)
    con.close()
    again = _connect(postgres_db, data_dir, metadata_schema="claimwatch_lake")
    assert again.sql("SELECT * FROM facts").fetchall() == [("a", 1)]
    # The catalog lives in PostgreSQL, in the schema asked for.
    dbname = postgres_db.split()[0].removeprefix("dbname=")
    tables = postgres.psql(
        dbname, "SELECT count(*) FROM pg_tables WHERE schemaname = 'claimwatch_lake'"
    )
    assert int(tables) > 10


def test_primary_key_and_unique_are_refused_so_duplicates_are_the_writers_job(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    con = _connect(postgres_db, data_dir)
    for constraint in ("id VARCHAR PRIMARY KEY", "id VARCHAR UNIQUE"):
        with pytest.raises(duckdb.NotImplementedException, match="not supported in DuckLake"):
            con.execute(f"CREATE TABLE keyed ({constraint})")
    con.execute("CREATE TABLE facts (id VARCHAR)")
    con.execute("INSERT INTO facts VALUES ('same')")
    con.execute("INSERT INTO facts VALUES ('same')")
    assert con.sql("SELECT count(*) FROM facts WHERE id = 'same'").fetchone() == (2,)


def test_time_travel_sees_the_past(postgres_db: str, data_dir: Path) -> None:  # noqa: F811
    con = _connect(postgres_db, data_dir)
    con.execute("CREATE TABLE facts (n INTEGER)")
    con.execute("INSERT INTO facts VALUES (1)")
    (then_version,) = con.sql("SELECT id FROM lake.current_snapshot()").fetchone() or (0,)
    time.sleep(0.05)
    then = datetime.now(UTC)
    time.sleep(0.05)
    con.execute("INSERT INTO facts VALUES (2)")
    con.execute("DELETE FROM facts WHERE n = 1")

    assert con.sql("SELECT n FROM facts").fetchall() == [(2,)]
    past_by_version = f"SELECT n FROM facts AT (VERSION => {then_version})"
    assert con.sql(past_by_version).fetchall() == [(1,)]
    assert con.execute("SELECT n FROM facts AT (TIMESTAMP => ?)", [then]).fetchall() == [(1,)]
    # The whole lake as it stood then: every table at that snapshot, and nothing can be written.
    past = _connect(postgres_db, data_dir, as_of=then)
    assert past.sql("SELECT n FROM facts").fetchall() == [(1,)]
    with pytest.raises(duckdb.Error, match="read-only"):
        past.execute("INSERT INTO facts VALUES (3)")


def test_maintenance_merges_flushes_expires_and_cleans_up(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    con = _connect(postgres_db, data_dir)
    con.execute("CREATE TABLE facts (n INTEGER)")
    for batch in range(6):  # 20 rows each: above the inlining limit, one Parquet file each
        con.execute("INSERT INTO facts SELECT range + ? FROM range(20)", [batch * 20])
    con.execute("INSERT INTO facts VALUES (-1)")  # a small insert: inlined in the catalog
    (old_version,) = con.sql("SELECT id FROM lake.current_snapshot()").fetchone() or (0,)
    assert len(list(data_dir.rglob("*.parquet"))) == 6

    kept = lake.maintain(con, retention=timedelta(days=7), grace=timedelta(days=1))
    assert kept["flushed_rows"] == 1 and kept["merged_files"] >= 6
    assert kept["expired_snapshots"] == 0 and kept["deleted_files"] == 0
    assert con.sql(f"SELECT count(*) FROM facts AT (VERSION => {old_version - 1})").fetchone()

    gone = lake.maintain(con, retention=timedelta(0), grace=timedelta(0))
    assert gone["expired_snapshots"] > 0 and gone["deleted_files"] >= 6
    assert con.sql("SELECT count(*), min(n), max(n) FROM facts").fetchone() == (121, -1, 119)
    assert len(list(data_dir.rglob("*.parquet"))) == 1
    with pytest.raises(duckdb.Error, match="No snapshot found"):
        con.sql(f"SELECT count(*) FROM facts AT (VERSION => {old_version - 1})").fetchall()


# -- several processes -------------------------------------------------------------------

# A writer process: attaches, says "ready", waits for "go" on stdin so all start together,
# then runs its statements one commit each and prints what failed as JSON.
_WRITER = textwrap.dedent(
    """
    import json, sys
    import duckdb
    from claimwatch.warehouse import lake
    conninfo, data, statement, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    con = duckdb.connect()
    lake.attach(con, lake.SCHEME + conninfo, data)
    print("ready", flush=True)
    sys.stdin.readline()
    failures = []
    for i in range(n):
        try:
            con.execute(statement.replace("{i}", str(i)))
        except duckdb.Error as exc:
            failures.append(type(exc).__name__ + ": " + " ".join(str(exc).split()))
    print(json.dumps({"commits": n - len(failures), "failures": failures}), flush=True)
    """
)


def _run_together(
    conninfo: str, data: Path, statements: list[str], commits: int
) -> list[tuple[int, list[str]]]:
    """Start one process per statement, release them at once; (commits made, failures) each."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, conninfo, str(data), statement, str(commits)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for statement in statements
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.strip() == "ready", (line, proc.stderr.read() if proc.stderr else "")
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reports = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            report = json.loads(out.strip().splitlines()[-1])
            reports.append((int(report["commits"]), list(report["failures"])))
        return reports
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


@pytest.mark.slow
def test_four_processes_append_concurrently_and_nothing_is_lost(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    con = _connect(postgres_db, data_dir)
    con.execute("CREATE TABLE facts (writer INTEGER, i INTEGER)")
    (before,) = con.sql("SELECT id FROM lake.current_snapshot()").fetchone() or (0,)
    statements = [f"INSERT INTO facts VALUES ({w}, {{i}})" for w in range(4)]

    reports = _run_together(postgres_db, data_dir, statements, commits=20)

    assert reports == [(20, [])] * 4
    rows = con.sql("SELECT writer, list(i ORDER BY i) FROM facts GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [(w, list(range(20))) for w in range(4)]
    # Every commit is its own snapshot: 80 of them, none merged or lost.
    (after,) = con.sql("SELECT id FROM lake.current_snapshot()").fetchone() or (0,)
    assert after - before == 80


def test_an_update_conflicts_with_a_concurrent_insert_in_either_order(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
) -> None:
    a, b = _connect(postgres_db, data_dir), _connect(postgres_db, data_dir)
    a.execute("CREATE TABLE facts (k INTEGER, v VARCHAR)")
    a.execute("INSERT INTO facts VALUES (1, 'a')")

    # The UPDATE commits second: it deleted rows from a table another writer inserted into.
    a.execute("BEGIN")
    a.execute("UPDATE facts SET v = 'b' WHERE k = 1")
    b.execute("INSERT INTO facts VALUES (2, 'x')")
    with pytest.raises(duckdb.TransactionException, match="Transaction conflict"):
        a.execute("COMMIT")

    # The INSERT commits second: the table it inserted into lost rows meanwhile.
    b.execute("BEGIN")
    b.execute("INSERT INTO facts VALUES (3, 'y')")
    a.execute("UPDATE facts SET v = 'c' WHERE k = 1")
    with pytest.raises(duckdb.TransactionException, match="Transaction conflict"):
        b.execute("COMMIT")

    # Two inserts never conflict.
    b.execute("BEGIN")
    b.execute("INSERT INTO facts VALUES (4, 'z')")
    a.execute("INSERT INTO facts VALUES (5, 'z')")
    b.execute("COMMIT")
    assert a.sql("SELECT k, v FROM facts ORDER BY k").fetchall() == [
        (1, "c"),
        (2, "x"),
        (4, "z"),
        (5, "z"),
    ]


@pytest.mark.slow
def test_updates_beside_a_concurrent_inserter_lose_commits_but_never_rows(
    postgres_db: str,  # noqa: F811
    data_dir: Path,
    record_property: Callable[[str, object], None],
) -> None:
    """How often is timing; what is certain: every commit that reported success is there."""
    con = _connect(postgres_db, data_dir)
    con.execute("CREATE TABLE facts (k INTEGER, v VARCHAR)")
    con.execute("INSERT INTO facts VALUES (0, '')")
    update = "UPDATE facts SET v = v || 'u' WHERE k = 0"
    insert = "INSERT INTO facts VALUES (1, '{i}')"

    (updates, update_failures), (inserts, insert_failures) = _run_together(
        postgres_db, data_dir, [update, insert], commits=40
    )

    failures = update_failures + insert_failures
    assert all("Transaction conflict" in f for f in failures), failures
    assert con.sql("SELECT length(v) FROM facts WHERE k = 0").fetchone() == (updates,)
    assert con.sql("SELECT count(*) FROM facts WHERE k = 1").fetchone() == (inserts,)
    record_property("update_conflicts_of_40", 40 - updates)
    record_property("insert_conflicts_of_40", 40 - inserts)
    print(f"conflicts: {40 - updates}/40 updates, {40 - inserts}/40 inserts")


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
