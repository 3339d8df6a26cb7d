"""The one place claimwatch reads its environment. Everything else receives a `Settings`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from pathlib import Path
from typing import TypedDict

from claimwatch.flows.fetch import FetchLimits


class SettingsError(ValueError):
    """An environment variable or option has a value claimwatch cannot use."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None = field(repr=False)  # never printed or logged
    starttls: bool
    sender: str
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Settings:
    # A DuckDB file, or a lake URL (ducklake:postgres:<conninfo>; a str, since a Path would fold
    # a "//" in its conninfo) whose Parquet files live in lake_data.
    db_path: Path | str = Path("claimwatch.duckdb")
    lake_data: Path | None = None
    # conninfo keywords users' SQL on a lake connects with instead, e.g. a role that may only
    # SELECT the catalog: "user=claimwatch_reader password=..." (CLAIMWATCH_LAKE_READER)
    lake_reader: str | None = field(default=None, repr=False)
    topic: str = "mythos"  # a bundled topic name or a path to a topic TOML file
    feeds: tuple[str, ...] = ()  # replaces the topic's feeds when given
    alerts: bool = True
    force_poll: bool = False  # poll feeds that are backing off after failures (run --force)
    model: str | None = None  # spaCy model name; default: en_core_web_sm, else the PyPI re-upload
    n_process: int = 1  # spaCy worker processes for extraction
    # Documents in flight per nlp.pipe batch. spaCy's peak memory grows with it (measured on
    # ~950-token articles: 32 -> 610 MiB, 16 -> 440 MiB, 8 -> 290 MiB) while CPU per
    # article barely changes from 16 up; split across worker processes in the extract step.
    batch_size: int = 16
    busy_timeout: float = 120.0  # seconds to wait for another process holding the database
    lock_wait: float = 0.0  # seconds to wait for another run on the same database to finish
    fetch: FetchLimits = field(default_factory=FetchLimits)
    page_limits: FetchLimits = field(default_factory=FetchLimits)
    smtp: SmtpSettings | None = None

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """A yes/no variable; anything else is an error rather than a silent no."""
    text = env.get(name, "").strip().lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{name} must be one of 1/0, true/false, yes/no, on/off, got {text!r}")


def _address(text: str, name: str) -> str:
    # Only the shape ("Name <a@host>" or a@host): a bad address should fail here, not at
    # the SMTP server hours later.
    local, at, domain = parseaddr(text)[1].rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in local + domain):
        raise SettingsError(f"{name} must hold email addresses (name@host), got {text!r}")
    return text


def _number(text: str) -> int | None:
    # str.isdigit() accepts "²", which int() refuses.
    return int(text) if text.isascii() and text.isdigit() else None


def smtp_from_env(env: Mapping[str, str]) -> SmtpSettings | None:
    host = env.get("CLAIMWATCH_SMTP_HOST", "").strip()
    if not host:
        return None
    port_text = env.get("CLAIMWATCH_SMTP_PORT", "25").strip() or "25"
    port = _number(port_text)
    if port is None or not 1 <= port <= 65535:
        raise SettingsError(
            f"CLAIMWATCH_SMTP_PORT must be a port number from 1 to 65535, got {port_text!r}"
        )
    recipients = tuple(
        _address(r.strip(), "CLAIMWATCH_ALERT_TO")
        for r in env.get("CLAIMWATCH_ALERT_TO", "").split(",")
        if r.strip()
    )
    if not recipients:
        raise SettingsError("CLAIMWATCH_SMTP_HOST is set but CLAIMWATCH_ALERT_TO is empty")
    sender = env.get("CLAIMWATCH_ALERT_FROM", "").strip()
    return SmtpSettings(
        host=host,
        port=port,
        user=env.get("CLAIMWATCH_SMTP_USER") or None,
        password=env.get("CLAIMWATCH_SMTP_PASSWORD") or None,
        starttls=_flag(env, "CLAIMWATCH_SMTP_STARTTLS", False),
        sender=_address(sender, "CLAIMWATCH_ALERT_FROM") if sender else f"claimwatch@{host}",
        recipients=recipients,
    )


class _WarehouseFields(TypedDict, total=False):
    """The Settings fields _warehouse_from_env may fill, typed so that `**` of it checks."""

    db_path: Path | str
    lake_data: Path


def _warehouse_from_env(env: Mapping[str, str]) -> _WarehouseFields:
    """The warehouse CLAIMWATCH_DB and CLAIMWATCH_LAKE_DATA name, where they are set: a flow
    run by a worker writes where its machine's environment points (the CLI reads the same
    variables as its --db and --lake-data defaults)."""
    found: _WarehouseFields = {}
    db = env.get("CLAIMWATCH_DB", "").strip()
    if db:
        from claimwatch.warehouse.lake import is_lake_url  # duckdb only when a db is named

        found["db_path"] = db if is_lake_url(db) else Path(db)
    lake_data = env.get("CLAIMWATCH_LAKE_DATA", "").strip()
    if lake_data:
        found["lake_data"] = Path(lake_data)
    return found


def settings_from_env(
    env: Mapping[str, str] | None = None, *, with_smtp: bool = True, **options: object
) -> Settings:
    """Settings from the environment, overridden by explicit options (the CLI's flags).

    Raises SettingsError for the first unusable value, so a command checks its settings
    before it starts. with_smtp=False: a command that never sends email (the demo) neither
    reads nor checks the SMTP variables."""
    env = os.environ if env is None else env
    processes = env.get("CLAIMWATCH_NLP_PROCESSES", "1").strip() or "1"
    n_process = _number(processes)
    if n_process is None or n_process < 1:
        raise SettingsError(
            f"CLAIMWATCH_NLP_PROCESSES must be a positive number, got {processes!r}"
        )
    base = Settings(
        **_warehouse_from_env(env),
        model=env.get("CLAIMWATCH_SPACY_MODEL") or None,
        n_process=n_process,
        smtp=smtp_from_env(env) if with_smtp else None,
        lake_reader=env.get("CLAIMWATCH_LAKE_READER", "").strip() or None,
    )
    given = {k: v for k, v in options.items() if v is not None}
    return replace(base, **given)  # type: ignore[arg-type]
