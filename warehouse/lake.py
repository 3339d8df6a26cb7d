"""DuckLake on a PostgreSQL catalog: the warehouse for several machines.

A lake is named by a URL, `ducklake:postgres:<libpq conninfo>` (keyword=value pairs, e.g.
`ducklake:postgres:dbname=claimwatch host=db.example.org user=claimwatch`), plus a data
directory on storage every machine mounts at the same path. PostgreSQL holds the catalog
(tables, snapshots, which Parquet file holds which rows, and small inserts inlined as rows); the
data directory holds the Parquet files. Any number of processes on any machines can attach it
and commit at once; DuckLake retries a commit that lost the race for the next snapshot id when
the two changes cannot conflict (appends to a table never do).

What a lake does not do, measured on DuckDB 1.5.5 with the ducklake extension of the same
version (tests/warehouse/test_lake.py):

- No PRIMARY KEY or UNIQUE constraint: CREATE TABLE refuses them, so uniqueness is the
  writer's job (content-derived ids, appends only).
- An UPDATE or DELETE conflicts with any concurrent INSERT into the same table, in both orders:
  whichever commits second fails ("Transaction conflict - attempting to delete from table ...
  but another transaction has inserted into it"). Append-only tables are what make concurrent
  writers safe.

The extensions come from PyPI (`duckdb-extension-ducklake`, `duckdb-extension-postgres-scanner`),
each built for exactly one DuckDB version; they are LOADed from their installed files, never
INSTALLed or downloaded, and DuckDB's auto-install is switched off on the connection.

    con = duckdb.connect()
    attach(con, parse_lake_url("ducklake:postgres:dbname=cw host=127.0.0.1"), "/srv/lake")
    con.sql("SELECT count(*) FROM claims")       # the lake is the connection's default catalog

Every failure to use a lake is a LakeUnusable with a one-line message; a password in the
conninfo never appears in it.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from claimwatch.warehouse.errors import DatabaseUnusable

__all__ = [
    "EXTENSIONS",
    "SCHEME",
    "LakeUnusable",
    "LakeUrl",
    "attach",
    "data_directory",
    "extension_file",
    "is_lake_url",
    "literal",
    "load_extensions",
    "maintain",
    "parse_lake_url",
    "redact",
]

SCHEME = "ducklake:postgres:"
# DuckDB extension name -> the PyPI distribution that ships it (its import name is
# duckdb_extension_<name>). The PostgreSQL scanner is what DuckLake talks to its catalog with.
EXTENSIONS: dict[str, str] = {
    "postgres_scanner": "duckdb-extension-postgres-scanner",
    "ducklake": "duckdb-extension-ducklake",
}
_ALIAS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KEYWORD = re.compile(r"[A-Za-z_]+")
_SECRETS = frozenset({"password", "sslpassword"})  # conninfo values never shown


class LakeUnusable(DatabaseUnusable):
    """The lake cannot be used: an extension is missing, its catalog (PostgreSQL) cannot be
    reached or refuses, or its data directory is absent or not writable. One line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))  # one line, whatever DuckDB said


@dataclass(frozen=True, slots=True)
class LakeUrl:
    """A parsed `ducklake:postgres:<conninfo>`. str() never shows a password."""

    conninfo: str  # as given, handed to libpq unchanged
    params: tuple[tuple[str, str], ...]  # its keyword=value pairs, values unquoted

    @property
    def url(self) -> str:
        return SCHEME + self.conninfo

    def overridden(self, extra: str) -> LakeUrl:
        """This lake with some connection keywords replaced, e.g. `user=reader password=...`
        (libpq takes the last of a repeated keyword)."""
        return parse_lake_url(f"{self.url} {extra}")

    def redacted(self) -> str:
        """The conninfo with any password replaced by ***, for messages and logs."""
        return " ".join(
            f"{key}=***" if key in _SECRETS else f"{key}={_quote(value)}"
            for key, value in self.params
        )

    def __str__(self) -> str:
        return SCHEME + self.redacted()

    def __repr__(self) -> str:
        return f"LakeUrl({str(self)!r})"


def is_lake_url(text: str) -> bool:
    """Whether a --db value names a lake (any `ducklake:` URL) rather than a DuckDB file."""
    return text.startswith("ducklake:")


def parse_lake_url(text: str) -> LakeUrl:
    """Parse `ducklake:postgres:<libpq keyword=value conninfo>`; LakeUnusable if it is not one.

    Only the syntax is checked here (libpq's rules: `key=value` pairs separated by spaces, a
    value single-quoted when it holds spaces, backslash escaping a quote or backslash); libpq
    itself judges the keywords and values when the lake is attached."""
    if not text.startswith(SCHEME):
        # DuckLake also takes DuckDB-file and SQLite catalogs; neither admits several writers.
        raise LakeUnusable(
            f"a lake URL is {SCHEME}<PostgreSQL conninfo> (only a PostgreSQL catalog takes "
            f"writers on several machines), not {text.split(' ')[0]!r}"
        )
    conninfo = text[len(SCHEME) :].strip()
    if conninfo.startswith(("postgresql://", "postgres://")):
        raise LakeUnusable(
            "give the lake's PostgreSQL conninfo as keyword=value pairs "
            f"({SCHEME}dbname=... host=... user=...), not a URI"
        )
    return LakeUrl(conninfo=conninfo, params=_parse_conninfo(conninfo))


def _parse_conninfo(conninfo: str) -> tuple[tuple[str, str], ...]:
    """libpq's keyword/value syntax (conninfo_parse in fe-connect.c), nothing more."""
    pairs: list[tuple[str, str]] = []
    i, n = 0, len(conninfo)
    while True:
        while i < n and conninfo[i].isspace():
            i += 1
        if i == n:
            break
        match = _KEYWORD.match(conninfo, i)
        if not match:
            raise LakeUnusable(f"bad lake conninfo: expected a keyword at {conninfo[i : i + 20]!r}")
        key, i = match.group(), match.end()
        while i < n and conninfo[i].isspace():
            i += 1
        if i == n or conninfo[i] != "=":
            raise LakeUnusable(f'bad lake conninfo: missing "=" after "{key}"')
        i += 1
        while i < n and conninfo[i].isspace():
            i += 1
        value: list[str] = []
        if i < n and conninfo[i] == "'":
            i += 1
            while i < n and conninfo[i] != "'":
                if conninfo[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(conninfo[i])
                i += 1
            if i == n:
                raise LakeUnusable(f'bad lake conninfo: unterminated quoted value for "{key}"')
            i += 1
        else:
            while i < n and not conninfo[i].isspace():
                if conninfo[i] == "\\" and i + 1 < n:
                    i += 1
                value.append(conninfo[i])
                i += 1
        pairs.append((key, "".join(value)))
    if not pairs:
        raise LakeUnusable(f"the lake URL names no database: {SCHEME}dbname=... host=...")
    return tuple(pairs)


def _quote(value: str) -> str:
    if value and not any(c.isspace() or c in "'\\" for c in value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def literal(text: str) -> str:
    """A SQL string literal (ATTACH and LOAD take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def extension_file(name: str) -> Path:
    """The installed `<name>.duckdb_extension` for the running DuckDB version.

    The wheels lay their file out as `duckdb_extension_<name>/extensions/v<version>/` (the
    layout the `duckdb_extensions` helper package reads); a wheel holds one version only."""
    dist = EXTENSIONS[name]
    pin = f"pip install 'duckdb=={duckdb.__version__}' '{dist}=={duckdb.__version__}'"
    try:
        root = Path(str(importlib.resources.files(f"duckdb_extension_{name}")))
    except ModuleNotFoundError:
        raise LakeUnusable(f"DuckDB extension {name} is not installed: {pin}") from None
    path = root / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        built = sorted(p.name for p in (root / "extensions").glob("v*")) or ["no version"]
        raise LakeUnusable(
            f"DuckDB extension {name} is installed for DuckDB {', '.join(built)}, "
            f"not v{duckdb.__version__}: {pin}"
        )
    return path


def load_extensions(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD the PostgreSQL scanner and DuckLake from their installed files; never download."""
    # Nothing may reach the network for an extension, now or when ATTACH wants one.
    con.execute("SET autoinstall_known_extensions = false")
    for name in EXTENSIONS:
        path = extension_file(name)
        try:
            con.execute(f"LOAD {literal(str(path))}")
        except duckdb.Error as exc:
            raise LakeUnusable(f"cannot load DuckDB extension {name}: {_first_line(exc)}") from exc


def attach(
    con: duckdb.DuckDBPyConnection,
    url: LakeUrl | str,
    data_path: str | os.PathLike[str],
    *,
    alias: str = "lake",
    as_of: datetime | None = None,
    read_only: bool = False,
    metadata_schema: str | None = None,
) -> None:
    """Load the extensions, attach the lake as `alias` and make it the default catalog (USE).

    `data_path` must be an existing directory (writable unless read-only): DuckLake would
    create a missing one silently, and a shared mount that failed to mount must not turn into a
    local directory only one machine sees. A new lake records it in its catalog; later attaches
    must give the same path. `as_of` attaches the lake read-only at the last snapshot at or
    before that time (naive = UTC); expired snapshots are gone. `metadata_schema` keeps the
    catalog tables in that PostgreSQL schema instead of the database's default one.
    """
    lake = url if isinstance(url, LakeUrl) else parse_lake_url(url)
    if not _ALIAS.match(alias):
        raise ValueError(f"not a plain identifier: {alias!r}")
    data = _data_dir(data_path, writable=not (read_only or as_of is not None))
    load_extensions(con)
    options = [f"DATA_PATH {literal(data)}"]
    if metadata_schema is not None:
        options.append(f"METADATA_SCHEMA {literal(metadata_schema)}")
    if as_of is not None:
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        options.append(f"SNAPSHOT_TIME {literal(moment.isoformat())}")
    if read_only:
        options.append("READ_ONLY")
    try:
        con.execute(f"ATTACH {literal(lake.url)} AS {alias} ({', '.join(options)})")
        con.execute(f"USE {alias}")
    except duckdb.Error as exc:
        raise LakeUnusable(_attach_message(lake, data, as_of, exc)) from exc


def data_directory(data_path: str | os.PathLike[str]) -> str:
    """The data directory as DuckLake records it (absolute, trailing slash); LakeUnusable if it
    is not a directory."""
    return _data_dir(data_path, writable=False)


def redact(text: str, lake: LakeUrl) -> str:
    """`text` (a DuckDB message) with the lake's conninfo shown without its password."""
    return _redact(text, lake)


def _data_dir(data_path: str | os.PathLike[str], *, writable: bool) -> str:
    """The data directory as DuckLake records it: absolute, with a trailing slash."""
    path = Path(os.path.abspath(data_path))
    if not path.is_dir():
        what = "is not a directory" if path.exists() else "does not exist"
        raise LakeUnusable(
            f"lake data directory {path} {what} (create it, or mount the shared storage there)"
        )
    if writable:
        try:  # a real write: os.access says yes to root on a read-only mount
            with tempfile.TemporaryFile(dir=path, prefix=".claimwatch-probe-"):
                pass
        except OSError as exc:
            raise LakeUnusable(
                f"lake data directory {path} is not writable: {exc.strerror}"
            ) from exc
    return str(path).rstrip("/") + "/"


def _attach_message(lake: LakeUrl, data: str, as_of: datetime | None, exc: duckdb.Error) -> str:
    text = _redact(str(exc), lake)
    if "Unable to connect to Postgres" in text:
        reason = text.split('": ', 1)[1] if '": ' in text else text
        return (
            f"cannot connect to the lake's catalog, PostgreSQL {lake.redacted()!r}: "
            + (reason.strip().splitlines()[0])
        )
    stored = re.search(r'existing data path in the catalog "([^"]*)"', text)
    if stored:
        return (
            f"lake data directory {data} is not the one this lake was created with "
            f"({stored.group(1)}); mount the shared storage at that path"
        )
    if "No snapshot found" in text and as_of is not None:
        return (
            f"the lake has no snapshot at or before {as_of.isoformat()} "
            "(it is younger, or older snapshots expired)"
        )
    return f"cannot attach the lake {lake}: {_first_line(text)}"


def _redact(text: str, lake: LakeUrl) -> str:
    """DuckDB's messages repeat the conninfo verbatim; a password must not reach a log."""
    text = text.replace(lake.conninfo, lake.redacted())
    for key, value in lake.params:
        if key in _SECRETS and value:
            text = text.replace(value, "***")
    return text


def _first_line(exc: BaseException | str) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def maintain(
    con: duckdb.DuckDBPyConnection,
    *,
    alias: str = "lake",
    retention: timedelta,
    grace: timedelta = timedelta(days=1),
) -> dict[str, int]:
    """One maintenance pass over an attached lake; returns how much each step did.

    1. flush rows inlined in the catalog into Parquet files;
    2. merge adjacent small files (time travel is unaffected: snapshots keep pointing at their
       part of a merged file);
    3. expire snapshots older than `retention`: `AT (TIMESTAMP => ...)` and `--as-of` cannot
       go back further than that afterwards;
    4. delete files that expiry or merging made unused, once unused for longer than `grace`
       (a query that started before may still be reading them).
    """
    if not _ALIAS.match(alias):
        raise ValueError(f"not a plain identifier: {alias!r}")
    steps = {
        "flushed_rows": (
            "SELECT coalesce(sum(rows_flushed), 0) FROM ducklake_flush_inlined_data(?)",
            [alias],
        ),
        "merged_files": (
            "SELECT coalesce(sum(files_processed), 0) FROM ducklake_merge_adjacent_files(?)",
            [alias],
        ),
        "expired_snapshots": (
            "SELECT count(*) FROM ducklake_expire_snapshots(?, older_than => ?)",
            [alias, datetime.now(UTC) - retention],
        ),
        "deleted_files": (
            "SELECT count(*) FROM ducklake_cleanup_old_files(?, older_than => ?)",
            [alias, datetime.now(UTC) - grace],
        ),
    }
    done: dict[str, int] = {}
    for name, (query, params) in steps.items():
        # fetchall, not fetchone: a result left unread keeps its transaction open, and the next
        # step would then not see this one's work (measured: the merge missed the flushed file
        # and the files it merged were never scheduled for deletion).
        rows = con.execute(query, params).fetchall()
        done[name] = int(rows[0][0]) if rows else 0
    return done
