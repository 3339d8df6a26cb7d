"""`claimwatch status` and `claimwatch alerts`: real cycles into a real DuckDB file, a real SMTP
server (aiosmtpd on 127.0.0.1), the CLI as a subprocess."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import Warehouse
from tests.support import cli
from tests.support.httpserver import TestServer

pytestmark = pytest.mark.slow

PASSWORD = "pw-Zq8!never-print-me"

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quayside Courier</title><link>{base}/</link>
<item><title>Anthropic's Mythos access plan meets White House doubts</title>
<link>{base}/story.html</link><guid>{base}/story.html</guid>
<pubDate>Wed, 18 Nov 2026 09:00:00 GMT</pubDate>
<description>Anthropic wants about 70 more organizations to get Mythos.</description>
</item></channel></rss>"""

PAGE = b"""<!doctype html><html><head><title>Anthropic's Mythos access plan meets White House
doubts</title></head><body><article><h1>Anthropic's Mythos access plan meets White House
doubts</h1>
<p>Anthropic wants about 70 more organizations to get access to Mythos, and the White House is
not persuaded. Officials said the model's cyber abilities call for a slower rollout, and that
about 50 organizations using it today is enough for now.</p>
<p>Anthropic said demand is strong and that compute deals with several cloud providers will ease
the strain within months. The dispute is the latest in a series between the company and the
administration over AI policy, and neither side expects it to end soon. Industry groups have
asked both to meet again before the end of the year.</p></article></body></html>"""


def claimwatch(*args: str, **kw: Any) -> Any:
    return cli.claimwatch(*args, clean=True, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two cycles: one feed with an on-topic article, one feed that cannot be reached (failed,
    then backing off). Alerts are not configured, so what is new waits in the outbox."""
    db = tmp_path_factory.mktemp("status") / "cw.duckdb"
    dead = f"http://127.0.0.1:{_free_port()}/feed.xml"
    with TestServer() as server:
        server.static("/feed.xml", FEED.replace(b"{base}", server.base_url.encode()))
        server.static("/story.html", PAGE)
        settings = Settings(db_path=db, feeds=(server.url("/feed.xml"), dead))
        summaries = [run_cycle(settings) for _ in range(2)]
    return {"db": db, "dead": dead, "summaries": summaries}


def test_status_shows_runs_failing_feeds_flags_and_pending_alerts(
    warehouse: dict[str, Any],
) -> None:
    db, dead = warehouse["db"], warehouse["dead"]
    proc = claimwatch("status", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"claimwatch status of {db} (topic mythos)"
    runs = Warehouse(db).query("SELECT started_at FROM runs ORDER BY started_at DESC")[1]
    listed = [line for line in lines if line.startswith("  20")]
    assert len(listed) == len(runs) == 2
    for line, (started,) in zip(listed, runs, strict=True):
        assert line.startswith(f"  {started:%Y-%m-%d %H:%M} UTC  completed ")
    assert "articles 1 new" in listed[1] and "1 deferred" in listed[0]
    assert "feeds failing: 1 of 2" in lines
    assert any(line.startswith(f"  {dead}: failed 1 time in a row, last at ") for line in lines)
    assert "    ConnectError (All connection attempts failed)" in lines
    _, [(pending,)] = Warehouse(db).query("SELECT count(*) FROM developments WHERE sent_at IS NULL")
    assert pending > 0
    assert f"alerts pending: {pending} developments not yet emailed" in lines
    assert "  email is not configured (CLAIMWATCH_SMTP_HOST is not set)" in lines
    assert any(line.startswith("flags open: ") for line in lines)
    _, [(disputes,)] = Warehouse(db).query("SELECT count(*) FROM disputes WHERE status = 'open'")
    assert f"disputes open: {disputes} (claimwatch disputes lists them)" in lines
    assert len(lines) <= 24  # one screen


def test_status_of_a_missing_database_is_one_line(tmp_path: Path) -> None:
    proc = claimwatch("status", "--db", str(tmp_path / "nope.duckdb"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"error: database {tmp_path / 'nope.duckdb'} does not exist (run `claimwatch run` first)"
    ]


# -- alerts ---------------------------------------------------------------------------------


class Recorder:
    """An aiosmtpd handler that keeps what it accepts, or refuses everything with 451."""

    def __init__(self) -> None:
        self.accepted: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 Try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.accepted.append(msg)
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, dict[str, str]]]:
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    env = {
        "CLAIMWATCH_SMTP_HOST": "127.0.0.1",
        "CLAIMWATCH_SMTP_PORT": str(controller.port),
        "CLAIMWATCH_ALERT_FROM": "claimwatch@example.test",
        "CLAIMWATCH_ALERT_TO": "desk@example.test, editor@example.test",
    }
    try:
        yield handler, env
    finally:
        controller.stop()


def test_alerts_test_sends_a_test_message_with_the_configured_settings(
    smtp: tuple[Recorder, dict[str, str]],
) -> None:
    handler, env = smtp
    proc = claimwatch("alerts", "test", env_extra=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "sent a test message from claimwatch@example.test to desk@example.test, "
        f"editor@example.test via 127.0.0.1:{env['CLAIMWATCH_SMTP_PORT']}\n"
    )
    [message] = handler.accepted
    assert message["Subject"] == "claimwatch test message"
    assert message["From"] == "claimwatch@example.test"
    assert handler.envelopes == [["desk@example.test", "editor@example.test"]]
    assert "claimwatch alerts test" in message.get_content()


def test_alerts_test_failures_are_one_line(smtp: tuple[Recorder, dict[str, str]]) -> None:
    handler, env = smtp
    handler.refuse = True
    refused = claimwatch("alerts", "test", env_extra={**env, "CLAIMWATCH_SMTP_PASSWORD": PASSWORD})
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"error: test message not sent: 127.0.0.1:{env['CLAIMWATCH_SMTP_PORT']} refused the "
        "message: 451 4.3.0 Try again later"
    ]
    assert PASSWORD not in refused.stdout + refused.stderr
    closed = claimwatch(
        "alerts", "test", env_extra={**env, "CLAIMWATCH_SMTP_PORT": str(_free_port())}
    )
    assert closed.returncode == 1 and len(closed.stderr.splitlines()) == 1
    assert "cannot reach 127.0.0.1:" in closed.stderr
    unset = claimwatch("alerts", "test")
    assert unset.returncode == 1
    assert unset.stderr.startswith("error: alerts are not configured: set CLAIMWATCH_SMTP_HOST")


def test_alerts_send_sends_the_pending_digest_now(
    warehouse: dict[str, Any], smtp: tuple[Recorder, dict[str, str]], tmp_path: Path
) -> None:
    handler, env = smtp
    db = tmp_path / "cw.duckdb"
    shutil.copy(warehouse["db"], db)
    _, [(pending,)] = Warehouse(db).query("SELECT count(*) FROM developments WHERE sent_at IS NULL")

    sent = claimwatch("alerts", "send", "--db", str(db), env_extra=env)
    assert sent.returncode == 0, sent.stderr
    [message] = handler.accepted
    assert sent.stdout == f"alert email sent: {message['Subject']}\n"
    assert message["X-Claimwatch-Digest"]
    _, rows = Warehouse(db).query("SELECT count(*) FROM developments WHERE sent_at IS NULL")
    assert rows == [(0,)] and pending > 0
    _, runs = Warehouse(db).query("SELECT status, message FROM runs ORDER BY started_at DESC")
    assert runs[0] == ("completed", "digest")  # recorded like the daily digest's runs
    status = claimwatch("status", "--db", str(db), env_extra=env)
    assert "alerts pending: 0 developments not yet emailed" in status.stdout

    again = claimwatch("alerts", "send", "--db", str(db), env_extra=env)
    assert again.returncode == 0 and again.stdout == "no new developments to send\n"
    assert len(handler.accepted) == 1

    handler.refuse = True
    other = tmp_path / "other.duckdb"
    shutil.copy(warehouse["db"], other)
    unsent = claimwatch("alerts", "send", "--db", str(other), env_extra=env)
    assert unsent.returncode == 1
    assert unsent.stderr.startswith("error: alert email not sent, will retry next run: ")


def test_alerts_send_without_smtp_or_database_is_one_line(tmp_path: Path) -> None:
    unset = claimwatch("alerts", "send", "--db", str(tmp_path / "cw.duckdb"))
    assert unset.returncode == 1 and len(unset.stderr.splitlines()) == 1
    assert "alerts are not configured" in unset.stderr
    missing = claimwatch(
        "alerts",
        "send",
        "--db",
        str(tmp_path / "cw.duckdb"),
        env_extra={"CLAIMWATCH_SMTP_HOST": "127.0.0.1", "CLAIMWATCH_ALERT_TO": "a@example.test"},
    )
    assert missing.returncode == 1
    assert missing.stderr == (
        f"error: database {tmp_path / 'cw.duckdb'} does not exist (run `claimwatch run` first)\n"
    )
