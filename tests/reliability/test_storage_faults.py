"""Storage faults: a missing or read-only database directory and a full disk.

Each gives a clear one-line error (exit 1, no traceback) and leaves nothing half-written: no
file appears where none was, a file that was there keeps its bytes, and after a full disk the
data stored before is all there and the next run (with space again) completes.

The tests run as root here, which ignores file permissions, so "read-only" is a read-only bind
mount and "full" is a small tmpfs; where mounting is not allowed they skip, saying why.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.warehouse.store import Warehouse
from tests.reliability._support import RUN_CYCLE, claimwatch, query

pytestmark = pytest.mark.slow

ONCE = ("article", "article_version", "extraction", "claim", "development")


def _mount(*args: str) -> None:
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount here (needs root and CAP_SYS_ADMIN): {proc.stderr.strip()}")


@contextlib.contextmanager
def mounted(where: Path, *args: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    _mount(*args, str(where))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@contextlib.contextmanager
def read_only_dir(directory: Path) -> Iterator[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(directory), str(directory))
    try:
        proc = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(directory)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {proc.stderr.strip()}")
        probe = directory / ".probe"
        with pytest.raises(OSError):
            probe.write_text("x")
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def digest(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def fill(directory: Path) -> Path:
    """Write a file until the file system is full; returns it."""
    filler = directory / "filler"
    block = b"\0" * (64 * 1024)
    with filler.open("wb", buffering=0) as f:
        while True:
            try:
                f.write(block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    with contextlib.suppress(OSError), filler.open("ab", buffering=0) as f:
        while f.write(b"\0"):  # the last partial block
            pass
    return filler


def contents(db: Path) -> dict[str, set[str]]:
    """Every row of the tables that hold stored data, as text (rows hold lists)."""
    return {t: {repr(r) for r in query(db, f"SELECT * FROM {t}")} for t in ONCE}


def assert_clear_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: "), proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


def test_a_missing_directory_is_a_clear_error_and_nothing_is_created(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "cw.duckdb"
    run = claimwatch("run", "--db", str(db), "--no-alerts", "--feed", "http://127.0.0.1:9/x")
    assert_clear_error(run, "no such directory", str(db))
    sql = claimwatch("sql", "--db", str(db), "SELECT 1")
    assert_clear_error(sql, "does not exist")
    assert not (tmp_path / "missing").exists()


def test_a_read_only_directory_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    empty, kept = tmp_path / "empty", tmp_path / "kept"
    kept.mkdir()
    Warehouse(kept / "cw.duckdb").migrate()
    Warehouse(kept / "cw.duckdb").start_run("before", "mythos", datetime.now(UTC))
    before = digest(kept)
    with read_only_dir(empty), read_only_dir(kept):
        feed = ["--no-alerts", "--feed", "http://127.0.0.1:9/x"]
        new = claimwatch("run", "--db", str(empty / "cw.duckdb"), *feed)
        old = claimwatch("run", "--db", str(kept / "cw.duckdb"), *feed)
        # Reading needs no write access.
        runs = "SELECT run_id FROM runs"
        sql = claimwatch("sql", "--db", str(kept / "cw.duckdb"), "--format", "csv", runs)
        assert_clear_error(new, str(empty / "cw.duckdb"))
        assert_clear_error(old, str(kept / "cw.duckdb"))
        assert "read-only" in (new.stderr + old.stderr).lower()
        assert sql.returncode == 0 and sql.stdout.splitlines() == ["run_id", "before"], sql.stderr
    assert list(empty.iterdir()) == []
    assert digest(kept) == before


def _run_cycle(db: Path, feeds: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CYCLE, str(db), *feeds],
        capture_output=True,
        text=True,
        timeout=240,
        env=dict(os.environ),
    )


@dataclass(frozen=True)
class FullDisk:
    full: subprocess.CompletedProcess[str]  # `claimwatch run` on the full disk
    stored: dict[str, set[str]]  # before it
    after: dict[str, set[str]]  # after it, space freed again
    again: subprocess.CompletedProcess[str]  # the next run, with space
    versions: object  # the highest article version after that run


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory: pytest.TempPathFactory) -> FullDisk:
    small = tmp_path_factory.mktemp("storage") / "small"
    with mounted(small, "-t", "tmpfs", "-o", "size=24m", "tmpfs") as disk, SampleServer() as sample:
        db = disk / "cw.duckdb"
        feeds = [s.url for s in feed_specs(sample.base_url)]
        first = _run_cycle(db, feeds)
        assert first.returncode == 0, first.stdout + first.stderr
        stored = contents(db)
        assert stored["claim"]

        sample.set_phase(2)  # corrections and new stories: there is something to write
        filler = fill(disk)
        args = ["run", "--db", str(db), "--no-alerts"]
        for url in feeds:
            args += ["--feed", url]
        full = claimwatch(*args)
        filler.unlink()

        after = contents(db)
        again = _run_cycle(db, feeds)
        [(versions,)] = query(db, "SELECT max(version) FROM article_versions")
        return FullDisk(full, stored, after, again, versions)


def test_a_full_disk_fails_the_run_and_keeps_what_was_stored(full_disk: FullDisk) -> None:
    assert full_disk.full.returncode != 0
    assert "No space left on device" in full_disk.full.stderr
    for table, rows in full_disk.stored.items():
        missing = rows - full_disk.after[table]
        assert not missing, f"{table}: {len(missing)} rows lost"
    # With space again, the next run completes and stores the corrections.
    assert full_disk.again.returncode == 0, full_disk.again.stdout + full_disk.again.stderr
    assert full_disk.versions == 2


def test_a_full_disk_is_a_clear_error(full_disk: FullDisk) -> None:
    assert_clear_error(full_disk.full, "No space left on device")
