"""A real PostgreSQL server for the tests: one throwaway cluster per test session.

    from tests.support.postgres import postgres, postgres_db  # noqa: F401  (the fixtures)

    def test_something(postgres_db: str) -> None:      # a fresh, empty database per test
        duckdb ... ATTACH 'ducklake:postgres:' + postgres_db ...

    def test_other(postgres: PostgresCluster) -> None:  # the cluster itself
        postgres.conninfo                               # its session database
        postgres.create_database()                      # conninfo of a new database

The cluster listens on 127.0.0.1 only, on a free port, with trust authentication for loopback
and its own socket directory (nothing else on the machine is touched), and is stopped and
deleted at the end of the session (or at interpreter exit, if pytest never got there). Tests
skip only when no PostgreSQL server binaries exist (`pg_config --bindir`, then Debian's
/usr/lib/postgresql/<version>/bin); a cluster that fails to start is an error, with its log.

`initdb` refuses to run as root, so as root the server runs as `nobody`, in a directory that
user owns, made with mkdtemp under the system temp dir (pytest's own temp root is private to
root, so `nobody` could not enter it).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["PostgresCluster", "find_bindir", "postgres", "postgres_db"]

# The unprivileged account the server runs as when the tests run as root.
SERVER_USER = "nobody"
SUPERUSER = "postgres"  # the cluster's own superuser role (not an OS account)
START_TIMEOUT = 60  # seconds pg_ctl waits for the server to accept connections
# Settings for a disposable test server: no durability, enough connections for several
# processes that each pool a few (DuckLake), plus a Prefect server.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def find_bindir() -> Path | None:
    """The folder holding `initdb`, `pg_ctl` and `postgres`, or None if there is none."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    # Debian installs the server outside PATH, one folder per major version; newest first.
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: _major(p.parent.name), reverse=True)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    return None


def _major(name: str) -> int:
    return int(name) if name.isdigit() else -1


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL cluster in a temporary directory, started as an unprivileged user."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.host = "127.0.0.1"
        self.port = 0
        self.root = Path(tempfile.mkdtemp(prefix="claimwatch-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_user: list[str] = []
        self._running = False
        self.database = ""  # the session's database, made by start()

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        if os.geteuid() == 0:
            self._as_user = _drop_to(SERVER_USER)
            shutil.chown(self.root, SERVER_USER, _group_of(SERVER_USER))
        self.root.chmod(0o700)
        self._server_cmd(
            "initdb",
            "-D", str(self.data),
            "-U", SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        # Trust, but only over this cluster's own socket directory and the loopback address.
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n", encoding="utf-8"
        )
        for attempt in range(3):  # a free port can be taken between probing it and binding
            self.port = _free_port()
            options = [f"-c {key}={value}" for key, value in SERVER_SETTINGS.items()]
            options += [f"-p {self.port}", f"-k {self.root}"]
            try:
                self._server_cmd(
                    "pg_ctl",
                    "-D", str(self.data),
                    "-l", str(self.log),
                    "-o", " ".join(options),
                    "-t", str(START_TIMEOUT),
                    "-w", "start",
                )  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2 or "could not bind" not in self._log_tail():
                    raise
        self._running = True
        atexit.register(self.stop)
        self.database = self.create_database("claimwatch_session")

    def stop(self) -> None:
        """Stop the server and delete its directory; safe to call twice."""
        if self._running:
            self._running = False
            with contextlib.suppress(RuntimeError):
                self._server_cmd("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- use ------------------------------------------------------------------------------

    def conninfo_for(self, dbname: str) -> str:
        """A libpq keyword=value conninfo for one database of this cluster."""
        return f"dbname={dbname} host={self.host} port={self.port} user={SUPERUSER}"

    @property
    def conninfo(self) -> str:
        """The conninfo of the session's database."""
        return self.conninfo_for(self.database)

    def create_database(self, name: str | None = None) -> str:
        """Create a new, empty database; returns its name."""
        name = name or f"cw_{uuid.uuid4().hex[:12]}"
        self._client("createdb", name)
        return name

    def psql(self, dbname: str, sql: str) -> str:
        """Run SQL with psql on one database; returns its unaligned output."""
        return self._client("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dbname,
                            "-c", sql)  # fmt: skip

    # -- plumbing -------------------------------------------------------------------------

    def _server_cmd(self, tool: str, *args: str) -> str:
        """initdb/pg_ctl, as the unprivileged user when we are root."""
        return self._run([*self._as_user, str(self.bindir / tool), *args])

    def _client(self, tool: str, *args: str) -> str:
        """createdb/psql over TCP as the cluster's superuser role (any OS user may)."""
        connection = ["-h", self.host, "-p", str(self.port), "-U", SUPERUSER]
        return self._run([str(self.bindir / tool), *connection, *args])

    def _run(self, cmd: list[str]) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # no stray PGHOST
        env["LC_ALL"] = "C.UTF-8"
        try:
            out = subprocess.run(
                cmd, cwd=self.root, env=env, capture_output=True, text=True,
                timeout=START_TIMEOUT + 30,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"{Path(cmd[-1]).name} timed out: {exc}") from exc
        if out.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()}\n"
                f"server log:\n{self._log_tail()}"
            )
        return out.stdout

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"


def _drop_to(user: str) -> list[str]:
    """The command prefix that runs a program as `user` (we are root)."""
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--"]
    if shutil.which("setpriv"):
        import pwd

        entry = pwd.getpwnam(user)
        return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                "--clear-groups", "--"]  # fmt: skip
    raise RuntimeError(f"running as root and neither runuser nor setpriv can switch to {user}")


def _group_of(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_gid


# -- fixtures ----------------------------------------------------------------------------

_CLUSTER: PostgresCluster | None = None


def _shared_cluster() -> PostgresCluster:
    """One cluster per session even if several test modules import the fixtures."""
    global _CLUSTER
    if _CLUSTER is None or not _CLUSTER._running:
        bindir = find_bindir()
        if bindir is None:
            pytest.skip(
                "no PostgreSQL server binaries (pg_config --bindir has no initdb); "
                "install Debian's postgresql-15"
            )
        cluster = PostgresCluster(bindir)
        try:
            cluster.start()
        except BaseException:
            cluster.stop()
            raise
        _CLUSTER = cluster
    return _CLUSTER


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A running PostgreSQL cluster for the whole session, with one session database."""
    cluster = _shared_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_db(postgres: PostgresCluster) -> str:
    """The conninfo of a fresh, empty database of the session's cluster."""
    return postgres.conninfo_for(postgres.create_database())
