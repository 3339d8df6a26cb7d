"""Settings are checked when a command starts, and only the settings it uses: a bad SMTP value
stops `run` and `serve` in one line before they touch anything, and the demo ignores SMTP."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from claimwatch.flows.settings import SettingsError, settings_from_env
from tests.support import cli

SMTP = {"CLAIMWATCH_SMTP_HOST": "127.0.0.1", "CLAIMWATCH_ALERT_TO": "ops@example.org"}


def claimwatch(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return cli.claimwatch(*args, clean=True, **{"timeout": 120, **kw})


def test_an_smtp_port_must_be_1_to_65535() -> None:
    for port in ("1", "587", "65535"):
        smtp = settings_from_env({**SMTP, "CLAIMWATCH_SMTP_PORT": port}).smtp
        assert smtp is not None and smtp.port == int(port)
    for port in ("99999", "65536", "0", "-5", "smtp", "2.5", "²"):
        with pytest.raises(SettingsError) as err:
            settings_from_env({**SMTP, "CLAIMWATCH_SMTP_PORT": port})
        assert str(err.value) == (
            f"CLAIMWATCH_SMTP_PORT must be a port number from 1 to 65535, got {port!r}"
        )


def test_starttls_is_a_yes_or_no_word_and_anything_else_an_error() -> None:
    words = {
        "1": True, "true": True, "TRUE": True, "Yes": True, " on ": True,
        "0": False, "false": False, "False": False, "NO": False, "off": False, "": False,
    }  # fmt: skip
    for text, value in words.items():
        smtp = settings_from_env({**SMTP, "CLAIMWATCH_SMTP_STARTTLS": text}).smtp
        assert smtp is not None and smtp.starttls is value, text
    for text in ("maybe", "2", "y e s", "enabled"):
        with pytest.raises(SettingsError) as err:
            settings_from_env({**SMTP, "CLAIMWATCH_SMTP_STARTTLS": text})
        assert str(err.value) == (
            "CLAIMWATCH_SMTP_STARTTLS must be one of 1/0, true/false, yes/no, on/off, "
            f"got {text.lower()!r}"
        )


def test_alert_addresses_must_look_like_addresses() -> None:
    ok = settings_from_env(
        {
            **SMTP,
            "CLAIMWATCH_ALERT_TO": "ops@example.org, Desk <desk@example.org>",
            "CLAIMWATCH_ALERT_FROM": "claimwatch <cw@example.org>",
        }
    ).smtp
    assert ok is not None
    assert ok.recipients == ("ops@example.org", "Desk <desk@example.org>")
    assert ok.sender == "claimwatch <cw@example.org>"
    with pytest.raises(SettingsError, match="^CLAIMWATCH_ALERT_TO must hold email addresses"):
        settings_from_env({**SMTP, "CLAIMWATCH_ALERT_TO": "ops@example.org, desk"})
    with pytest.raises(SettingsError, match="^CLAIMWATCH_ALERT_FROM must hold email addresses"):
        settings_from_env({**SMTP, "CLAIMWATCH_ALERT_FROM": "claimwatch@"})


def test_nlp_processes_that_only_look_like_digits_are_an_error() -> None:
    with pytest.raises(SettingsError, match="^CLAIMWATCH_NLP_PROCESSES must be a positive"):
        settings_from_env({"CLAIMWATCH_NLP_PROCESSES": "²"})


def test_without_smtp_the_smtp_variables_are_neither_read_nor_checked() -> None:
    env = {**SMTP, "CLAIMWATCH_SMTP_PORT": "-5", "CLAIMWATCH_SMTP_STARTTLS": "maybe"}
    settings = settings_from_env(env, with_smtp=False, alerts=False)
    assert settings.smtp is None
    with pytest.raises(SettingsError):
        settings_from_env(env)  # the commands that send email still refuse them


def test_the_environment_names_the_warehouse_and_options_override_it() -> None:
    lake = "ducklake:postgres:dbname=cw host=db.example.org"
    found = settings_from_env({"CLAIMWATCH_DB": lake, "CLAIMWATCH_LAKE_DATA": "/srv/lake"})
    assert found.db_path == lake and found.lake_data == Path("/srv/lake")  # a URL stays a str
    assert settings_from_env({"CLAIMWATCH_DB": "team.duckdb"}).db_path == Path("team.duckdb")
    assert settings_from_env({}).db_path == Path("claimwatch.duckdb")
    given = settings_from_env({"CLAIMWATCH_DB": lake}, db_path=Path("mine.duckdb"))
    assert given.db_path == Path("mine.duckdb")


def test_run_refuses_a_bad_smtp_port_before_touching_the_database(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    proc = claimwatch(
        "run", "--db", str(db), "--feed", "http://127.0.0.1:9/feed.xml",
        env_extra={**SMTP, "CLAIMWATCH_SMTP_PORT": "99999"},
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    assert [line for line in proc.stderr.splitlines() if line.startswith("error:")] == [
        "error: CLAIMWATCH_SMTP_PORT must be a port number from 1 to 65535, got '99999'"
    ]
    assert "Traceback" not in proc.stderr
    assert not db.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_a_bad_starttls_flag_before_starting_a_server(tmp_path: Path) -> None:
    proc = claimwatch(
        "serve", "--db", str(tmp_path / "cw.duckdb"), "--port", str(_free_port()),
        env_extra={
            **SMTP,
            "CLAIMWATCH_SMTP_STARTTLS": "maybe",
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
        },
        cwd=tmp_path,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: CLAIMWATCH_SMTP_STARTTLS must be one of 1/0, true/false, yes/no, on/off, "
        "got 'maybe'\n"
    )
    assert not (tmp_path / "prefect-home").exists()


@pytest.mark.slow
def test_the_demo_ignores_smtp_settings_it_never_uses(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    proc = claimwatch(
        "demo", "--db", str(db),
        env_extra={
            "CLAIMWATCH_SMTP_HOST": "127.0.0.1",  # and no CLAIMWATCH_ALERT_TO
            "CLAIMWATCH_SMTP_PORT": "-5",
            "CLAIMWATCH_SMTP_STARTTLS": "maybe",
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
        },
        cwd=tmp_path,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr and "must be" not in proc.stdout + proc.stderr
    assert db.exists()
