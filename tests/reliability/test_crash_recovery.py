"""Runs killed with SIGKILL during polling, extraction, flagging and alerting, then run again.

Each run is a subprocess running one cycle (`flows.monitor.run_cycle`, the stages without the
Prefect engine, so a run costs seconds rather than a Prefect server start) against the bundled
sample coverage and a real SMTP server (aiosmtpd on 127.0.0.1). A test-side `-c` wrapper reads
`CW_TEST_KILL=module:Attr.path:before|after:N` and replaces that function with one that
SIGKILLs its own process before or after its N-th call; the product has no test hooks.

Two chains of crashes, each ended by one clean run, are compared with clean uninterrupted runs
of the same coverage: phase 1 (a fresh warehouse, the baseline digest), then phase 2 (a
correction, new stories, a digest). After every kill the warehouse must open; after the clean
run every article, version, claim, flag and development is there exactly once, and every
development was announced in exactly one message (a message the server accepted just before
the kill is sent again with the same Message-ID, so a mail client shows it once).
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller

from claimwatch.flows.sample_server import SampleServer, feed_specs
from tests.reliability._support import RUN_CYCLE

pytestmark = pytest.mark.slow


# (kill point, the stage it interrupts); each chain ends with a clean run.
PHASE1_KILLS = [
    # inside the transaction that stores articles and versions (3rd article of the poll)
    ("claimwatch.warehouse.articles:_plan_one:before:3", "polling"),
    # while spaCy reads the second version
    ("claimwatch.extractors.nlp:_extraction:before:2", "extraction"),
    # the SMTP server accepted the baseline digest; it is not marked sent
    ("claimwatch.flows.alerts:send:after:1", "alerting"),
]
PHASE2_KILLS = [
    # articles, versions and entries stored; feed validators not yet recorded
    ("claimwatch.warehouse.store:Warehouse.record_entries:after:1", "polling"),
    # claims of the new versions stored; flags not detected
    ("claimwatch.warehouse.store:Warehouse.store_extractions:after:1", "extraction"),
    # flags detected; developments not recorded
    ("claimwatch.warehouse.flags:detect_flags:after:1", "flagging"),
    # developments recorded; no digest yet
    ("claimwatch.flows.alerts:record_developments:after:1", "alerting"),
    # digest composed and stored; not sent
    ("claimwatch.flows.alerts:send:before:1", "alerting"),
]


@dataclass
class Mailbox:
    """An aiosmtpd handler keeping every accepted message."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd hook
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, email.message.EmailMessage)
        self.messages.append(msg)
        return "250 OK"

    def take(self) -> list[email.message.EmailMessage]:
        out, self.messages = self.messages, []
        return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Env:
    sample: SampleServer
    mailbox: Mailbox
    smtp_port: int
    tmp: Path

    def run(self, db: Path, kill: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env.update(
            CLAIMWATCH_SMTP_HOST="127.0.0.1",
            CLAIMWATCH_SMTP_PORT=str(self.smtp_port),
            CLAIMWATCH_ALERT_TO="reader@example.com",
            CLAIMWATCH_ALERT_FROM="claimwatch@alerts.example",
        )
        env.pop("CW_TEST_KILL", None)
        if kill:
            env["CW_TEST_KILL"] = kill
        feeds = [s.url for s in feed_specs(self.sample.base_url)]
        return subprocess.run(
            [sys.executable, "-c", RUN_CYCLE, str(db), *feeds],
            capture_output=True,
            text=True,
            timeout=240,
            env=env,
        )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with SampleServer() as sample:
            yield Env(sample, mailbox, controller.port, tmp_path_factory.mktemp("crash"))
    finally:
        controller.stop()


# -- what a warehouse holds ---------------------------------------------------------------------

STATE = {
    "articles": "SELECT url, outlet, title, on_topic, source FROM articles",
    "versions": "SELECT url, version, content_hash, source FROM article_versions",
    "claims": "SELECT url, version, measure, value, low, high, qualifier, kind, modality, "
    "sentence FROM claims",
    "contradictions": "SELECT kind, measure, a_url, a_value, b_url, b_value FROM contradictions",
    "developments": "SELECT development_key, kind, title FROM development",
    "aliases": "SELECT alias FROM article_alias",
    "entries": "SELECT feed_url, entry_key, fingerprint FROM feed_entry",
}
# Tables whose rows must exist exactly once whatever the crashes (runs, checks and polls
# legitimately grow with every run).
ONCE = ("article", "article_version", "extraction", "claim", "entity", "flag", "development")


def state(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, object] = {
            name: Counter(con.execute(q).fetchall()) for name, q in STATE.items()
        }
        for table in ONCE:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[f"rows:{table}"] = row[0] if row else None
        out["unsent"] = con.execute("SELECT count(*) FROM digest WHERE sent_at IS NULL").fetchone()
        out["undigested"] = con.execute(
            "SELECT count(*) FROM development WHERE digest_id IS NULL"
        ).fetchone()
        return out
    finally:
        con.close()


def opens(db: Path) -> None:
    """The warehouse a killed run left opens, read-only and for writing."""
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SELECT count(*) FROM article").fetchall()
    con.close()
    con = duckdb.connect(str(db))
    con.execute("CHECKPOINT")
    con.close()


def announced(messages: list[email.message.EmailMessage]) -> list[tuple[str, str]]:
    """(subject, digest id) of each distinct message, in the order first received."""
    seen: dict[str, tuple[str, str]] = {}
    for m in messages:
        seen.setdefault(str(m["Message-ID"]), (str(m["Subject"]), str(m["X-Claimwatch-Digest"])))
    return list(seen.values())


# -- the test -----------------------------------------------------------------------------------


def _crash_chain(env: Env, db: Path, kills: list[tuple[str, str]]) -> None:
    for kill, stage in kills:
        proc = env.run(db, kill)
        assert proc.returncode == -signal.SIGKILL, (
            f"{kill} ({stage}) was not reached: rc {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
        opens(db)
    clean = env.run(db)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_killed_runs_lose_nothing_and_repeat_nothing(env: Env) -> None:
    reference, crashed = env.tmp / "reference.duckdb", env.tmp / "crashed.duckdb"

    # Phase 1 on a fresh warehouse: the uninterrupted run, then the chain of crashes.
    env.sample.set_phase(1)
    first = env.run(reference)
    assert first.returncode == 0, first.stdout + first.stderr
    want1, sent1 = state(reference), announced(env.mailbox.take())
    assert want1["rows:claim"] and len(sent1) == 1 and sent1[0][0].startswith("Mythos")
    shutil.copy(reference, env.tmp / "reference-phase1.duckdb")

    _crash_chain(env, crashed, PHASE1_KILLS)
    got1, mail1 = state(crashed), env.mailbox.take()
    assert got1 == want1
    assert [s for s, _ in announced(mail1)] == [s for s, _ in sent1]
    # The digest the server accepted just before the kill went out again, with its Message-ID.
    assert len(mail1) == 2 and len({m["Message-ID"] for m in mail1}) == 1

    # Phase 2: corrections and new stories.
    env.sample.set_phase(2)
    second = env.run(reference)
    assert second.returncode == 0, second.stdout + second.stderr
    want2, sent2 = state(reference), announced(env.mailbox.take())
    assert want2["rows:article_version"] > want1["rows:article_version"]  # type: ignore[operator]
    assert len(sent2) == 1

    _crash_chain(env, crashed, PHASE2_KILLS)
    got2, mail2 = state(crashed), env.mailbox.take()
    assert got2 == want2
    assert [s for s, _ in announced(mail2)] == [s for s, _ in sent2]
    assert len(mail2) == 1
    assert got2["unsent"] == (0,) and got2["undigested"] == (0,)
