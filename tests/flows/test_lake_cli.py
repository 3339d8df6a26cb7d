"""The `claimwatch` commands on a lake (DuckLake on a real PostgreSQL catalog), as a user runs
them: `run` over the bundled sample coverage into a lake and, beside it, into a DuckDB file;
then `sql`, `report`, `status`, `export` on the lake; the views equal on both backends; `--as-of`
through DuckLake snapshots; the sandbox's escapes refused on the lake too; `migrate --to` copies
a file into a lake; `maintain` compacts and expires (and bounds `--as-of`).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.warehouse.backend import Lake
from claimwatch.warehouse.errors import QueryError, WarehouseError
from claimwatch.warehouse.store import Warehouse
from tests.flows.test_safety import REFUSALS, REFUSED_ON_THE_COMMAND_LINE, REFUSED_TOO
from tests.support.cli import claimwatch
from tests.support.postgres import PostgresCluster, postgres  # noqa: F401

pytestmark = pytest.mark.slow

URL = "ducklake:postgres:"


@pytest.fixture(scope="module", autouse=True)
def _close_lakes() -> Iterator[None]:
    """This module's lake connections end with it, not with the test session."""
    yield
    Lake.close_shared()


# The views a reader compares across backends, with the columns that do not depend on when a
# run happened (ids derive from content; recorded and fetched times do not).
COMPARED = {
    "articles": "article_id, url, outlet, title, on_topic, topic",
    "article_versions": "article_id, url, version, content_hash, title, text",
    "claims": "claim_id, article_id, version, measure, subject, value, low, high, qualifier, "
    "kind, modality, attribution, sentence",
    "contradictions": "contradiction_id, kind, measure, a_claim_id, b_claim_id",
    "claim_drift": "measure, outlet, url, version, value, low, high, qualifier",
    "disputes": "dispute_id, measure, kind, modality, subject, positions, outlets, status",
    "feed_health": "feed_url, last_status, consecutive_failures, last_error",
}


@dataclass(frozen=True)
class Ran:
    root: Path
    url: str  # the lake
    data: Path  # its data directory
    conninfo: str
    dbname: str
    file: Path  # the DuckDB file the same cycles ran into
    between: datetime  # after the first cycle, before the second
    cluster: PostgresCluster

    @property
    def lake_args(self) -> list[str]:
        return ["--db", self.url, "--lake-data", str(self.data)]

    def lake(self) -> Warehouse:
        return Warehouse(self.url, lake_data=self.data)


@pytest.fixture(scope="module")
def ran(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Ran:  # noqa: F811
    """Two cycles (sample phases 1 and 2) by `claimwatch run`, into a lake and into a file."""
    root = tmp_path_factory.mktemp("lake-cli")
    data = root / "lake-data"
    data.mkdir()
    dbname = postgres.create_database()
    conninfo = postgres.conninfo_for(dbname)
    file = root / "claimwatch.duckdb"
    between = datetime.now(UTC)
    with SampleServer() as server:
        feeds = [s.url for s in feed_specs(server.base_url) if "gnews" not in s.url]
        feed_args = [arg for url in feeds for arg in ("--feed", url)]
        for phase in (1, 2):
            server.set_phase(phase)
            for target in (["--db", URL + conninfo, "--lake-data", str(data)], ["--db", str(file)]):
                proc = claimwatch("run", *target, "--no-alerts", *feed_args, cwd=root)
                assert proc.returncode == 0, proc.stderr
                assert "cycle completed" in proc.stdout
            if phase == 1:
                time.sleep(1.5)  # a moment no fact of either backend was recorded at
                between = datetime.now(UTC)
                time.sleep(1.5)
    return Ran(root, URL + conninfo, data, conninfo, dbname, file, between, postgres)


def _rows(wh: Warehouse, view: str, as_of: datetime | None = None) -> list[tuple[object, ...]]:
    columns = COMPARED[view]
    return wh.query(f"SELECT {columns} FROM {view} ORDER BY ALL", as_of=as_of)[1]


def _digest(path: Path) -> dict[str, str]:
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


# -- the commands on a lake ----------------------------------------------------------------


def test_sql_report_status_and_export_read_the_lake(ran: Ran, tmp_path: Path) -> None:
    q = "SELECT outlet, count(*) AS n FROM articles WHERE on_topic GROUP BY outlet ORDER BY outlet"
    on_lake = claimwatch("sql", *ran.lake_args, "--format", "json", q, cwd=ran.root)
    assert on_lake.returncode == 0, on_lake.stderr
    on_file = claimwatch("sql", "--db", str(ran.file), "--format", "json", q, cwd=ran.root)
    assert json.loads(on_lake.stdout) == json.loads(on_file.stdout)
    assert {"outlet": "Harbor Ledger", "n": 1} in json.loads(on_lake.stdout)

    report = claimwatch("report", *ran.lake_args, "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    assert "Harbor Ledger" in (tmp_path / "r.html").read_text(encoding="utf-8")

    status = claimwatch("status", *ran.lake_args)
    assert status.returncode == 0, status.stderr
    assert "completed" in status.stdout and "user=postgres" in status.stdout

    export = claimwatch("export", *ran.lake_args, "--parquet", str(tmp_path / "parquet"))
    assert export.returncode == 0, export.stderr
    for view in ("articles", "claims", "contradictions"):
        assert list((tmp_path / "parquet" / view).rglob("*.parquet")), view


def test_the_environment_names_the_lake(ran: Ran) -> None:
    env = {"CLAIMWATCH_DB": ran.url, "CLAIMWATCH_LAKE_DATA": str(ran.data)}
    proc = claimwatch("sql", "--format", "csv", "SELECT count(*) AS n FROM runs", env_extra=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", "2"]


def test_a_lake_without_its_data_directory_is_a_one_line_error(ran: Ran) -> None:
    for command in (["sql", "SELECT 1"], ["status"], ["run", "--no-alerts"]):
        proc = claimwatch(*command, "--db", ran.url, clean=True, cwd=ran.root)
        line = _one_line_error(proc)
        assert "needs its data directory: give --lake-data DIR" in line, command


def test_the_views_are_the_same_on_both_backends(ran: Ran) -> None:
    lake, file = ran.lake(), Warehouse(ran.file)
    for view in COMPARED:
        on_lake = _rows(lake, view)
        assert on_lake == _rows(file, view), view
        assert on_lake or view in ("claim_drift",), view  # the sample coverage fills them


def test_as_of_reads_a_snapshot_of_the_lake(ran: Ran) -> None:
    lake, file = ran.lake(), Warehouse(ran.file)
    for view in ("articles", "article_versions", "claims", "contradictions"):
        assert _rows(lake, view, ran.between) == _rows(file, view, ran.between), view
    then = _rows(lake, "article_versions", ran.between)
    assert then and len(then) < len(_rows(lake, "article_versions"))  # phase 2 came later
    proc = claimwatch(
        "sql", *ran.lake_args, "--as-of", ran.between.isoformat(), "--format", "csv",
        "SELECT count(*) AS n FROM article_versions",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", str(len(then))]
    before = claimwatch("sql", *ran.lake_args, "--as-of", "2020-01-01", "SELECT 1")
    assert "the lake has no snapshot at or before 2020-01-01" in _one_line_error(before)


# -- the sandbox on a lake -----------------------------------------------------------------

# Reaching PostgreSQL or changing the lake through the extensions a lake loads (measured: with
# external access off, postgres_scan still opens a connection to any server and postgres_query
# runs SQL on the catalog database).
LAKE_ESCAPES = [
    "SELECT * FROM postgres_query('__ducklake_metadata_lake', 'SELECT 1')",
    "SELECT * FROM postgres_execute('__ducklake_metadata_lake', 'DROP TABLE ducklake_snapshot')",
    "CALL postgres_execute('__ducklake_metadata_lake', 'DROP TABLE ducklake_snapshot')",
    "SELECT * FROM postgres_scan('{conninfo}', 'public', 'ducklake_snapshot')",
    "SELECT (SELECT count(*) FROM POSTGRES_SCAN('{conninfo}', 'public', 'ducklake_data_file'))",
    "SELECT * FROM __ducklake_metadata_lake.ducklake_snapshot",
    "SELECT * FROM __ducklake_metadata_lake.public.ducklake_snapshot",
    "WITH s AS (SELECT * FROM __ducklake_metadata_lake.ducklake_table) SELECT * FROM s",
    "SELECT * FROM ducklake_expire_snapshots('lake', older_than => now())",
    "SELECT * FROM ducklake_cleanup_old_files('lake', cleanup_all => true)",
    "SELECT * FROM query('SELECT * FROM postgres_query(''__ducklake_metadata_lake'', ''x'')')",
    "EXPLAIN SELECT * FROM postgres_query('__ducklake_metadata_lake', 'SELECT 1')",
    "ATTACH '{conninfo}' AS pg (TYPE postgres)",
    "DETACH lake",
    "INSERT INTO claim_fact SELECT * FROM claim_fact",
]


def _fill(query: str, ran: Ran) -> str:
    fake_db = ran.root / "not-a-warehouse.duckdb"
    secret = ran.root / "secret.txt"
    return query.format(db=fake_db, dir=ran.root, secret=secret, conninfo=ran.conninfo)


def _catalog_state(ran: Ran) -> str:
    return ran.cluster.psql(
        ran.dbname,
        "SELECT (SELECT count(*) FROM ducklake_snapshot) || ' ' ||"
        " (SELECT count(*) FROM ducklake_data_file) || ' ' ||"
        " (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
    )


@pytest.mark.parametrize("query", REFUSED_ON_THE_COMMAND_LINE + REFUSED_TOO + LAKE_ESCAPES)
def test_user_sql_on_a_lake_reads_the_warehouse_and_nothing_else(
    query: str, ran: Ran, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ran.root / "secret.txt").write_text("a file beside the warehouse\n", encoding="utf-8")
    monkeypatch.chdir(ran.root)  # where a relative COPY target would land
    files, catalog = _digest(ran.root), _catalog_state(ran)
    with pytest.raises(QueryError) as refused:
        ran.lake().query(_fill(query, ran))
    message = str(refused.value)
    assert message.startswith(tuple(r.removeprefix("error: ") for r in REFUSALS)), message
    assert "\n" not in message and "a file beside the warehouse" not in message
    assert _digest(ran.root) == files  # neither the lake's files nor any other changed
    assert _catalog_state(ran) == catalog


def test_the_command_line_refuses_a_catalog_escape_in_one_line(ran: Ran) -> None:
    query = _fill(LAKE_ESCAPES[3], ran)
    line = _one_line_error(claimwatch("sql", *ran.lake_args, query, cwd=ran.root))
    assert line == "error: a query reads the warehouse only: postgres_scan() is not allowed here"


def test_user_sql_connects_as_the_configured_select_only_role(ran: Ran) -> None:
    ran.cluster.psql(
        ran.dbname,
        "CREATE ROLE cw_reader LOGIN; GRANT USAGE ON SCHEMA public TO cw_reader;"
        " GRANT SELECT ON ALL TABLES IN SCHEMA public TO cw_reader;",
    )
    query = ["sql", *ran.lake_args, "--format", "csv", "SELECT count(*) AS n FROM runs"]
    as_reader = claimwatch(*query, env_extra={"CLAIMWATCH_LAKE_READER": "user=cw_reader"})
    assert as_reader.returncode == 0, as_reader.stderr
    assert as_reader.stdout.splitlines() == ["n", "2"]
    # The role really is the one connecting: one that does not exist cannot.
    nobody = claimwatch(*query, env_extra={"CLAIMWATCH_LAKE_READER": "user=cw_nobody"})
    line = _one_line_error(nobody)
    assert "cannot connect to the lake's catalog" in line and "cw_nobody" in line


def test_queries_still_read_everything_on_a_lake(ran: Ran) -> None:
    wh = ran.lake()
    for query in (
        "SELECT count(*) FROM claims",
        "-- a leading comment\nSELECT count(*) FROM claims;",
        "DESCRIBE claims",
        "SHOW TABLES",
        "SUMMARIZE runs",
        "EXPLAIN SELECT * FROM claims",
        "SELECT * FROM claim_fact AT (VERSION => 1)",  # DuckLake's own time travel
    ):
        columns, _ = wh.query(query)
        assert columns, query
    assert wh.query("SELECT 1; SELECT 2 AS two") == (["two"], [(2,)])


# -- migrate --to and maintain -------------------------------------------------------------


@pytest.fixture(scope="module")
def copied(ran: Ran, tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, Path]:
    """`claimwatch migrate --to`: the file of `ran` copied into a new, empty lake."""
    data = tmp_path_factory.mktemp("copy") / "lake-data"
    data.mkdir()
    url = URL + ran.cluster.conninfo_for(ran.cluster.create_database())
    before = ran.file.read_bytes()
    proc = claimwatch(
        "migrate", "--db", str(ran.file), "--to", url, "--to-lake-data", str(data), cwd=ran.root
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{ran.file} is unchanged" in proc.stdout
    assert ran.file.read_bytes() == before  # never modified, not even its header
    return Warehouse(url, lake_data=data), data


def test_migrate_to_copies_every_view_row_for_row(ran: Ran, copied: tuple[Warehouse, Path]) -> None:
    lake, file = copied[0], Warehouse(ran.file)
    views = [row[0] for row in file.read("public_views")[1]]
    assert views == [row[0] for row in lake.read("public_views")[1]]
    for view in views:
        # Every column: the copy keeps the recorded times too. now() in a view is fixed for
        # the query's transaction, so each side is read once.
        query = f"SELECT * FROM {view} ORDER BY ALL"
        try:
            expected = file.query(query)
        except WarehouseError:  # a view over a function that is not orderable, e.g. a MAP
            query = f"SELECT count(*) FROM {view}"
            expected = file.query(query)
        assert lake.query(query) == expected, view


def test_migrate_to_refuses_a_lake_that_holds_a_warehouse(
    ran: Ran, copied: tuple[Warehouse, Path]
) -> None:
    lake, data = copied
    args = ["--to", lake.location.db, "--to-lake-data", str(data)]
    line = _one_line_error(claimwatch("migrate", "--db", str(ran.file), *args))
    assert "already holds" in line and "migrate --to copies into an empty lake only" in line


def test_migrate_alone_applies_nothing_twice(ran: Ran) -> None:
    for args in (ran.lake_args, ["--db", str(ran.file)]):
        proc = claimwatch("migrate", *args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip().endswith(": nothing pending")


def test_maintain_compacts_and_expiry_bounds_as_of(
    ran: Ran, copied: tuple[Warehouse, Path]
) -> None:
    lake, data = copied
    args = ["--db", lake.location.db, "--lake-data", str(data)]
    counts = "SELECT (SELECT count(*) FROM claims) || ' ' || (SELECT count(*) FROM articles)"
    before = lake.query(counts)
    proc = claimwatch("maintain", *args, "--retention", "7d")
    assert proc.returncode == 0, proc.stderr
    assert "maintained the lake" in proc.stdout and "--as-of now reaches back 7 days" in proc.stdout
    assert lake.query(counts) == before
    moment = datetime.now(UTC)
    time.sleep(1)
    lake.start_run("after-the-moment", "mythos", datetime.now(UTC))  # a snapshot after it
    # Every snapshot but the latest expired: the past before it is gone, the present unchanged.
    done = lake.maintain(timedelta(0))
    assert done["expired_snapshots"] > 0
    assert lake.query(counts) == before
    line = _one_line_error(claimwatch("sql", *args, "--as-of", moment.isoformat(), "SELECT 1"))
    assert "no snapshot at or before" in line and "older snapshots expired" in line


def test_maintain_on_a_file_has_nothing_to_do(ran: Ran) -> None:
    proc = claimwatch("maintain", "--db", str(ran.file))
    assert proc.returncode == 0, proc.stderr
    assert "is a DuckDB file: nothing to maintain" in proc.stdout
    bad = claimwatch("maintain", "--db", str(ran.file), "--retention", "soon")
    assert bad.returncode == 2 and "--retention must be" in bad.stderr


def test_history_and_disputes_read_the_lake_as_they_read_a_file(ran: Ran) -> None:
    q = "SELECT url FROM article_versions WHERE version = 2 ORDER BY url LIMIT 1"
    changed = ran.lake().query(q)[1]
    assert changed, "the sample's second day changes an article"
    url = str(changed[0][0])
    outputs = []
    for args in (ran.lake_args, ["--db", str(ran.file)]):
        history = claimwatch("history", url, *args, "--topic", "mythos", cwd=ran.root)
        assert history.returncode == 0, history.stderr
        disputes = claimwatch("disputes", *args, "--all", cwd=ran.root)
        assert disputes.returncode == 0, disputes.stderr
        outputs.append((history.stdout, disputes.stdout))
    (lake_history, lake_disputes), (file_history, file_disputes) = outputs
    # The same versions and the same disputes (times of fetching differ between the backends).
    versions = re.compile(r"^version \d+", re.M)
    assert versions.findall(lake_history) == versions.findall(file_history)
    assert "(2 versions)" in lake_history and "version 2" in lake_history
    ids = sorted(set(re.findall(r"dispute-[0-9a-f]{16}", lake_disputes)))
    assert ids and ids == sorted(set(re.findall(r"dispute-[0-9a-f]{16}", file_disputes)))


def test_reextract_on_the_lake_reads_what_a_file_reads(ran: Ran) -> None:
    """Last in this module: it records a run, which the run counts above do not expect."""
    outs = []
    for args in (ran.lake_args, ["--db", str(ran.file)]):
        proc = claimwatch("reextract", *args, cwd=ran.root)
        assert proc.returncode == 0, proc.stderr
        outs.append(re.sub(r"run \S+", "run", proc.stdout))
    assert outs[0] == outs[1]
    assert _rows(ran.lake(), "claims") == _rows(Warehouse(ran.file), "claims")
