"""Never lose a user's data: the demo replaces only its own database, user SQL reads the
warehouse and nothing else, the Parquet export deletes only what it wrote.

Everything is real: a warehouse filled by a monitoring cycle against the bundled sample
coverage on a local HTTP server, the `claimwatch` command as a subprocess, files compared
byte for byte before and after.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from claimwatch.flows.export import MANIFEST, ExportRefused, export_parquet
from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.settings import Settings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.demo_db import mark_as_demo
from claimwatch.warehouse.errors import QueryError
from claimwatch.warehouse.lock import RunLock
from claimwatch.warehouse.store import Warehouse
from tests.support.cli import claimwatch

pytestmark = pytest.mark.slow

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def digest(path: Path) -> dict[str, str]:
    """Every file under `path` (or `path` itself) by relative name -> sha256 of its bytes."""
    if path.is_file():
        return {".": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "/"
        for p in sorted(path.rglob("*"))
    }


def assert_one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real warehouse: two monitoring cycles over the sample coverage (phase 1, phase 2)."""
    db = tmp_path_factory.mktemp("real") / "claimwatch.duckdb"
    with SampleServer() as server:
        topic = replace(
            load_topic("mythos", require_feeds=False), feeds=tuple(feed_specs(server.base_url))
        )
        for phase in (1, 2):
            server.set_phase(phase)
            run_cycle(Settings(db_path=db, alerts=False), topic=topic)
    return db


@pytest.fixture
def real_copy(warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "claimwatch.duckdb"
    shutil.copyfile(warehouse, db)
    return db


# -- the demo replaces only its own database -------------------------------------------------


def test_demo_refuses_a_real_warehouse_and_leaves_it_byte_for_byte(
    real_copy: Path, tmp_path: Path
) -> None:
    before = digest(tmp_path)
    proc = claimwatch("demo", "--db", str(real_copy), cwd=tmp_path)
    line = assert_one_line_error(proc)
    assert str(real_copy) in line and "not made by `claimwatch demo`" in line
    assert digest(tmp_path) == before  # nothing changed, not even a lock file appeared
    _, rows = Warehouse(real_copy).query("SELECT count(*) FROM runs")
    assert rows == [(2,)]


@pytest.mark.parametrize("kind", ["text file", "directory", "stray wal"])
def test_demo_refuses_what_is_not_a_database(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "claimwatch-demo.duckdb"
    if kind == "text file":
        target.write_text("my notes, not a database\n", encoding="utf-8")
    elif kind == "directory":
        target.mkdir()
        (target / "keep.txt").write_text("mine\n", encoding="utf-8")
    else:  # a write-ahead log whose database is gone: not the demo's to throw away
        Path(f"{target}.wal").write_bytes(b"\x00\x01 not the demo's")
    before = digest(tmp_path)
    proc = claimwatch("demo", "--db", str(target), cwd=tmp_path)
    line = assert_one_line_error(proc)
    assert "not made by `claimwatch demo`" in line or "not touching it" in line
    assert digest(tmp_path) == before


def test_demo_refuses_a_demo_database_a_run_holds(tmp_path: Path) -> None:
    db = tmp_path / "claimwatch-demo.duckdb"
    wh = Warehouse(db)
    wh.migrate()
    mark_as_demo(wh)  # a demo database, as the demo marks it
    with RunLock(db):  # a run is writing it
        before = digest(db)
        proc = claimwatch("demo", "--db", str(db), cwd=tmp_path)
        line = assert_one_line_error(proc)
        assert "in use by a claimwatch run" in line and f"pid {os.getpid()}" in line
        assert digest(db) == before and not Path(f"{db}.wal").exists()


def test_demo_replaces_its_own_previous_database(tmp_path: Path) -> None:
    db = tmp_path / "claimwatch-demo.duckdb"
    first = claimwatch("demo", "--db", str(db), cwd=tmp_path)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr
    second = claimwatch("demo", "--db", str(db), cwd=tmp_path)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr
    assert f"replacing the previous demo database {db}" in second.stdout
    # A fresh database: the two polls of this demo, not four.
    _, rows = Warehouse(db).query("SELECT count(*) FROM runs")
    assert rows == [(2,)]


# -- user SQL reads the warehouse and nothing else ---------------------------------------------

REFUSED_ON_THE_COMMAND_LINE = [
    "COPY (SELECT 1 AS x) TO '{db}' (FORMAT csv)",
    "COPY (SELECT * FROM claims) TO 'leak.csv'",
    "SELECT * FROM read_text('{secret}')",
    "SET enable_external_access = true",
    "ATTACH '{dir}/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "PRAGMA enable_profiling = 'json'",
    "PRAGMA profiling_output = '{dir}/profile.json'",
    "",
    "   \n\t ",
    "-- only a comment",
    "/* only a comment */ ;",
]

# Measured on DuckDB 1.5: with external access off and the configuration locked, these still
# wrote the warehouse's own files; only the statement check stops them.
REFUSED_TOO = [
    "COPY (SELECT 1 AS x) TO '{db}' (FORMAT csv, USE_TMP_FILE false)",
    "COPY (SELECT 1 AS x) TO '{db}.wal' (FORMAT csv)",
    "COPY (SELECT 1 AS x) TO '{db}.wal'",
    "SELECT 1; COPY (SELECT * FROM claims) TO 'leak.csv'",
    "EXPORT DATABASE '{dir}/dump'",
    "CALL enable_logging(storage = 'file', storage_path = '{dir}/logs')",
    "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM read_csv('{secret}')",
    "SET lock_configuration = false",
    "RESET enable_external_access",
    "DELETE FROM article",
]


# The three ways a query is turned away, each one line.
REFUSALS = (
    "error: read-only: only queries (SELECT, EXPLAIN) run here, not ",
    "error: a query reads the warehouse only: ",
    "error: the query is empty",
)


def _fill(query: str, db: Path) -> str:
    secret = db.parent / "secret.txt"
    return query.format(db=db, dir=db.parent, secret=secret)


@pytest.mark.parametrize("query", REFUSED_ON_THE_COMMAND_LINE)
def test_sql_refuses_anything_but_reading_the_warehouse(query: str, real_copy: Path) -> None:
    folder = real_copy.parent
    (folder / "secret.txt").write_text("a file beside the warehouse\n", encoding="utf-8")
    before = digest(folder)
    proc = claimwatch("sql", "--db", str(real_copy), _fill(query, real_copy), cwd=folder)
    line = assert_one_line_error(proc)
    assert line.startswith(REFUSALS), line
    assert proc.stdout == "" and "a file beside the warehouse" not in line
    assert digest(folder) == before  # the warehouse unchanged, no file created


@pytest.mark.parametrize("query", REFUSED_ON_THE_COMMAND_LINE + REFUSED_TOO)
def test_every_user_query_path_is_confined(
    query: str, real_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = real_copy.parent
    (folder / "secret.txt").write_text("a file beside the warehouse\n", encoding="utf-8")
    monkeypatch.chdir(folder)  # where a relative COPY target would land
    before = digest(folder)
    with pytest.raises(QueryError) as refused:
        Warehouse(real_copy).query(_fill(query, real_copy))
    reasons = tuple(r.removeprefix("error: ") for r in REFUSALS)
    assert str(refused.value).startswith(reasons), refused.value
    assert "\n" not in str(refused.value)
    assert digest(folder) == before


def test_queries_still_read_everything_and_may_start_with_a_comment(
    real_copy: Path, tmp_path: Path
) -> None:
    proc = claimwatch(
        "sql",
        "--db",
        str(real_copy),
        "--format",
        "json",
        "-- how many runs\nSELECT count(*) AS n FROM runs",
        cwd=real_copy.parent,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"n": 2}]
    wh = Warehouse(real_copy)
    for query in (
        "SELECT count(*) FROM claims",
        "-- a leading comment\nSELECT count(*) FROM claims;",
        "DESCRIBE claims",
        "SHOW TABLES",
        "PRAGMA show_tables",
        "SUMMARIZE runs",
        "EXPLAIN SELECT * FROM claims",
    ):
        columns, rows = wh.query(query)
        assert columns and rows, query
    assert wh.query("SELECT 1; SELECT 2 AS two") == (["two"], [(2,)])
    # DuckDB shares one database instance per file within a process: the confined query's
    # settings must not stay on it and stop a later export from writing its files.
    assert export_parquet(wh, tmp_path / "parquet")


# -- the export deletes only what it wrote -----------------------------------------------------


def _readme_views() -> set[str]:
    """The view names in the README's two view tables (the warehouse's and the cookbook's)."""
    names: set[str] = set()
    for heading in ("## The warehouse", "## SQL cookbook"):
        section = README.split(heading, 1)[1].split("\n## ", 1)[0]
        for row in re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", section, flags=re.M):
            names.update(re.findall(r"`([a-z_]+)`", row))
    return names


def test_export_writes_every_readme_view_and_a_manifest_of_exactly_its_files(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    files = export_parquet(Warehouse(warehouse), out)
    views = {f.relative_to(out).parts[0] for f in files}
    documented = _readme_views()
    assert {"entities", "runs", "derived_levels", "claims", "disputes"} <= documented
    # Every documented view with rows is written; one with none gets no folder (this run
    # revisited nothing and nobody muted or rejected anything).
    wh = Warehouse(warehouse)
    expected = {v for v in documented if wh.query(f"SELECT count(*) FROM {v}")[1] != [(0,)]}
    assert {"entities", "runs", "derived_levels", "claims"} <= expected
    assert expected <= views
    assert not (documented - expected) & views
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {MANIFEST}
    assert sorted(manifest["files"]) == sorted(f.relative_to(out).as_posix() for f in files)
    # Each view reads back with as many rows as the warehouse has.
    con = duckdb.connect()
    for view in expected:
        glob = str(out / view / "**" / "*.parquet")
        [(n,)] = con.execute("SELECT count(*) FROM read_parquet(?)", [glob]).fetchall()
        assert [(n,)] == Warehouse(warehouse).query(f"SELECT count(*) FROM {view}")[1], view
    con.close()


def test_export_leaves_no_empty_folder(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    export_parquet(Warehouse(warehouse), out)
    [(alerts,)] = Warehouse(warehouse).query("SELECT count(*) FROM alerts")[1]
    assert alerts == 0  # no alerts in this warehouse (run with alerts off)...
    assert not (out / "alerts").exists()  # ...so no alerts folder
    for d in (p for p in out.rglob("*") if p.is_dir()):
        assert any(d.iterdir()), f"empty folder {d}"


def test_export_never_deletes_a_file_it_did_not_write(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    assert export_parquet(Warehouse(warehouse), out)
    notes = out / "claims" / "notes.txt"
    notes.write_text("my notes about these claims\n", encoding="utf-8")
    before = digest(out)
    for extra in ([], ["--overwrite"]):
        proc = claimwatch(
            "export", "--parquet", str(out), "--db", str(warehouse), *extra, cwd=tmp_path
        )
        line = assert_one_line_error(proc)
        assert "claims/notes.txt" in line and "did not write" in line
        assert digest(out) == before


def test_export_refuses_a_folder_of_someone_elses_files(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "claims").mkdir(parents=True)
    (out / "claims" / "data_0.parquet").write_bytes(b"my own parquet, not claimwatch's")
    (out / "empty-folder-of-mine").mkdir()
    before = digest(out)
    for overwrite in (False, True):
        with pytest.raises(ExportRefused, match="did not write"):
            export_parquet(Warehouse(warehouse), out, overwrite=overwrite)
        assert digest(out) == before


def test_an_earlier_export_is_replaced_only_with_overwrite(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    first = claimwatch("export", "--parquet", str(out), "--db", str(warehouse), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = digest(out)
    again = claimwatch("export", "--parquet", str(out), "--db", str(warehouse), cwd=tmp_path)
    assert "--overwrite" in assert_one_line_error(again)
    assert digest(out) == before
    replaced = claimwatch(
        "export", "--parquet", str(out), "--db", str(warehouse), "--overwrite", cwd=tmp_path
    )
    assert replaced.returncode == 0, replaced.stderr
    after = digest(out)
    # The same files with the same rows (the manifest's time aside), nothing doubled.
    assert set(after) == set(before)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {MANIFEST}
    con = duckdb.connect()
    [(n,)] = con.execute(
        "SELECT count(*) FROM read_parquet(?)", [str(out / "claims" / "**" / "*.parquet")]
    ).fetchall()
    con.close()
    assert [(n,)] == Warehouse(warehouse).query("SELECT count(*) FROM claims")[1]


def test_export_into_an_empty_folder_or_a_file(warehouse: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_parquet(Warehouse(warehouse), empty)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n", encoding="utf-8")
    proc = claimwatch("export", "--parquet", str(a_file), "--db", str(warehouse), cwd=tmp_path)
    assert "not a directory" in assert_one_line_error(proc)
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"
