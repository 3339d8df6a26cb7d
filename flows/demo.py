"""`claimwatch demo`: the offline tour. Serves the bundled sample coverage on 127.0.0.1, polls it
twice with changes in between, and shows what the warehouse kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.console import Console

from flows.alerts import render_preview
from flows.console import ConsoleReporter, result_table, summary_lines
from flows.monitor import reporter_var, run_cycle
from flows.report import write_report
from flows.sample_server import SampleServer, feed_specs
from flows.settings import settings_from_env
from flows.topics import load_topic
from warehouse.outbox import preview_digest
from warehouse.store import Warehouse

SHOW = {
    "articles": (
        "SELECT outlet, title, on_topic, versions, syndicated FROM articles "
        "ORDER BY on_topic DESC, outlet, title"
    ),
    "versions": (
        "SELECT outlet, version, strftime(fetched_at, '%Y-%m-%d %H:%M') AS fetched_at, title "
        "FROM article_versions WHERE url IN (SELECT url FROM articles WHERE versions > 1) "
        "ORDER BY url, version"
    ),
    "stories told by several outlets": (
        "SELECT copies, outlets, title FROM stories WHERE copies > 1"
    ),
    "claims about orgs_with_access": (
        "SELECT outlet, version, value_text, low, high, kind, modality, attribution "
        "FROM claims WHERE measure = 'orgs_with_access' ORDER BY outlet, version, value"
    ),
    "contradictions and drift": (
        "SELECT kind, a_outlet, a_value, b_outlet, b_value, basis FROM contradictions "
        "ORDER BY detected_at, kind"
    ),
    "feed health": "SELECT feed_url, last_status, consecutive_failures FROM feed_health",
}


def _show(console: Console, wh: Warehouse, title: str, query: str) -> None:
    console.print(result_table(*wh.query(query), title=title))


def run_demo(db: Path, *, model: str | None = None) -> None:
    console = Console(highlight=False)
    if db.exists():
        console.print(f"removing the previous demo database {db}")
        db.unlink()
        Path(f"{db}.wal").unlink(missing_ok=True)
    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        with SampleServer() as server:
            topic = load_topic("mythos", require_feeds=False)
            topic = replace(topic, feeds=tuple(feed_specs(server.base_url)))
            settings = settings_from_env(db_path=db, model=model, alerts=False)
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
        f"  claimwatch report --db {db} --out report.html"
    )
