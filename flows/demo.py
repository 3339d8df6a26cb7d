"""`claimwatch demo`: the offline tour. Serves the bundled sample coverage on 127.0.0.1, polls it
twice with changes in between, and shows what the warehouse kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.console import Console

from claimwatch.flows.alerts import render_preview
from claimwatch.flows.console import ConsoleReporter, result_table, summary_lines
from claimwatch.flows.monitor import reporter_var, run_cycle
from claimwatch.flows.report import write_report
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.settings import settings_from_env
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.demo_db import is_demo_database, mark_as_demo
from claimwatch.warehouse.errors import WarehouseError
from claimwatch.warehouse.lock import RunInProgress, RunLock
from claimwatch.warehouse.outbox import preview_digest
from claimwatch.warehouse.store import Warehouse

# The tour's tables: title -> named query (warehouse/queries/demo_show_*.sql).
SHOW = {
    "articles": "demo_show_articles",
    "versions": "demo_show_versions",
    "stories told by several outlets": "demo_show_stories",
    "claims about orgs_with_access": "demo_show_claims",
    "contradictions and drift": "demo_show_flags",
    "feed health": "demo_show_feed_health",
}


class DemoRefused(WarehouseError):
    """The demo's database path holds something the demo did not make, or is in use."""


def _show(console: Console, wh: Warehouse, title: str, query: str) -> None:
    console.print(result_table(*wh.read(query), title=title))


def _fresh_database(db: Path, console: Console) -> None:
    """Create the demo's database at `db`, replacing only a previous demo database that no run
    holds. Anything else there is left exactly as it was, and the demo refuses to start."""
    wal = Path(f"{db}.wal")
    exists = db.exists() or db.is_symlink()
    # Checked before taking the run lock, so a refusal leaves no lock file beside a stranger.
    if exists and not is_demo_database(db):
        raise DemoRefused(
            f"{db} exists and was not made by `claimwatch demo`; not replacing it "
            "(give the demo another --db, or delete it yourself)"
        )
    if not exists and wal.exists():
        raise DemoRefused(f"{wal} exists without {db}; not touching it (give another --db)")
    try:
        lock = RunLock(db).acquire()
    except RunInProgress as exc:
        who = RunLock(db).holder()
        raise DemoRefused(
            f"{db} is in use by a claimwatch run (pid {who.get('pid', '?')}); not replacing it"
        ) from exc
    except OSError as exc:
        raise DemoRefused(f"cannot use {db}: {exc.strerror or exc}") from exc
    try:
        if exists and not is_demo_database(db):  # again, now that no run can start on it
            raise DemoRefused(f"{db} was not made by `claimwatch demo`; not replacing it")
        if exists:
            # soft_wrap: paths stay whole on narrow terminals, ready to copy
            console.print(f"replacing the previous demo database {db}", soft_wrap=True)
            db.unlink()
            wal.unlink(missing_ok=True)  # the demo's own log, now of a deleted database
        # The mark goes in first: a demo stopped at any later point left a database that the
        # next demo recognises as its own.
        wh = Warehouse(db)
        mark_as_demo(wh)
        wh.migrate()
    finally:
        lock.release()


def run_demo(db: Path, *, model: str | None = None) -> None:
    console = Console(highlight=False)
    _fresh_database(db, console)
    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        with SampleServer() as server:
            topic = load_topic("mythos", require_feeds=False)
            topic = replace(topic, feeds=tuple(feed_specs(server.base_url)))
            settings = settings_from_env(db_path=db, model=model, alerts=False, with_smtp=False)
            console.print(
                f"serving sample coverage from {len(topic.feeds)} fictional feeds "
                f"at {server.base_url}"
            )
            for phase in (1, 2):
                server.set_phase(phase)
                console.rule(f"poll {phase}")
                summary = run_cycle(settings, topic=topic)
                reporter.close()
                for line in summary_lines(summary):
                    console.print(line, markup=False)
    finally:
        reporter.close()
        reporter_var.reset(token)

    wh = Warehouse(db)
    for title, query in SHOW.items():
        _show(console, wh, title, query)

    # Alerts are not configured in the demo: show the digest a subscriber would get.
    pending = preview_digest(wh, topic.name)
    if pending is not None:
        console.rule("the alert digest claimwatch would email")
        console.print(render_preview(pending, topic.alert_subject), markup=False)
    report = write_report(wh, db.with_name(db.stem + "-report.html"))
    console.print(
        f"\nThe demo warehouse is {db}; the report is {report}. Try:\n"
        f'  claimwatch sql --db {db} "SELECT * FROM contradictions"\n'
        f"  claimwatch report --db {db} --out report.html",
        soft_wrap=True,
    )
