"""The `claimwatch` command. The only place that turns exceptions into messages and exit codes.

Exit codes: 0 the command did its job (a cycle completed, even if some feeds failed);
1 it could not (bad topic, unusable database, every feed failed, bad SQL); 2 bad usage.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.deployments import MONITOR_INTERVAL

STATE_DIR = Path(".claimwatch")  # the project's state directory, in the working directory


def _prefect_defaults() -> None:
    """Prefect settings that make a serverless run work here; the user's own values win.

    Prefect's home (its database and logs) goes in the state directory unless the user
    chose a home or a server."""
    if "PREFECT_HOME" not in os.environ and "PREFECT_API_URL" not in os.environ:
        home = (STATE_DIR / "prefect").resolve()
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The embedded server's default 20 s start-up timeout is too tight on a small machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # Prefect's own INFO lines would drown the progress display; its warnings still show.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Watch how a developing news story is reported: versions, numeric claims, conflicts.",
)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file.")]
TopicOption = Annotated[
    str, typer.Option("--topic", help="Bundled topic name (e.g. mythos) or path to a .toml file.")
]
WaitOption = Annotated[
    float, typer.Option("--wait", help="Seconds to wait while a run holds the database.")
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy model to load (default: en_core_web_sm if installed)."),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _summary_or_exit(state: Any) -> Any:
    """The run's summary, or exit with the one-line reason a flow run failed."""
    if state.is_completed():
        return state.result()
    raise _fail(state.message or f"the run ended {state.type.value.lower()}")


def _check_no_run_in_progress(db: Path, wait: float) -> None:
    """Say so before starting a flow when another run holds the database (the flow checks
    again under the lock; this only spares the user a failed flow run's traceback)."""
    from warehouse.lock import RunLock

    if wait > 0:
        return  # the flow itself waits for the lock
    with RunLock(db, wait=0):
        pass


@app.command()
def run(
    topic: TopicOption = "mythos",
    db: DbOption = Path("claimwatch.duckdb"),
    feed: Annotated[
        list[str] | None,
        typer.Option("--feed", help="Feed URL (repeatable); replaces the topic's feeds."),
    ] = None,
    no_alerts: Annotated[
        bool, typer.Option("--no-alerts", help="Do not send alert email.")
    ] = False,
    model: ModelOption = None,
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait while another run uses the same database."),
    ] = 0.0,
) -> None:
    """Run one monitoring cycle (poll, fetch, extract, flag, alert) as a Prefect flow."""
    _prefect_defaults()
    from extractors.topic import TopicError
    from flows.console import ConsoleReporter, summary_lines
    from flows.monitor import monitor, reporter_var

    # Check what can be checked before the flow starts, so a bad topic or database is a
    # one-line error rather than a failed flow run with Prefect's traceback.
    from flows.settings import SettingsError, settings_from_env
    from flows.topics import load_topic
    from warehouse.errors import WarehouseError
    from warehouse.store import Warehouse

    try:
        settings_from_env()
        load_topic(topic, feeds=tuple(feed or ()))
        Warehouse(db, on_wait=lambda m: typer.echo(f"waiting: {m}", err=True)).migrate()
        _check_no_run_in_progress(db, wait)
    except (SettingsError, TopicError, WarehouseError) as exc:
        raise _fail(str(exc)) from None

    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        state = monitor(
            topic=topic,
            db=str(db),
            feeds=list(feed or []),
            alerts=not no_alerts,
            model=model,
            wait_for_lock=wait,
            return_state=True,
        )
    finally:
        reporter.close()
        reporter_var.reset(token)
    summary = _summary_or_exit(state)
    for line in summary_lines(summary):
        typer.echo(line)
    if summary.all_feeds_failed:
        raise _fail("every feed failed; nothing was polled (see the lines above)")


@app.command()
def reextract(
    topic: TopicOption = "mythos",
    db: DbOption = Path("claimwatch.duckdb"),
    model: ModelOption = None,
) -> None:
    """Re-derive entities and claims from stored text with the current extractor (no fetching)."""
    _prefect_defaults()
    from flows.console import ConsoleReporter
    from flows.monitor import reextract as reextract_flow
    from flows.monitor import reporter_var
    from warehouse.errors import WarehouseError

    if not db.exists():
        raise _fail(f"database {db} does not exist")
    try:
        _check_no_run_in_progress(db, 0)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        state = reextract_flow(topic=topic, db=str(db), model=model, return_state=True)
    finally:
        reporter.close()
        reporter_var.reset(token)
    summary = _summary_or_exit(state)
    c = summary.counts
    typer.echo(f"re-extracted {c['versions_extracted']} article versions: {c['claims']} claims")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query over the views.")],
    db: DbOption = Path("claimwatch.duckdb"),
    fmt: Annotated[
        str, typer.Option("--format", help="table, csv or json.", case_sensitive=False)
    ] = "table",
    wait: WaitOption = 30.0,
) -> None:
    """Run read-only SQL over the warehouse (views: articles, article_versions, claims, ...)."""
    from flows.console import plain_value
    from warehouse.store import Warehouse

    fmt = fmt.lower()
    if fmt not in ("table", "csv", "json"):
        raise _fail(f"--format must be table, csv or json, not {fmt!r}", 2)
    wh = Warehouse(db, busy_timeout=wait, on_wait=lambda m: typer.echo(f"waiting: {m}", err=True))
    with _reading(db):
        columns, rows = wh.query(query)
    if fmt == "json":
        typer.echo(
            json.dumps(
                [dict(zip(columns, map(plain_value, r), strict=True)) for r in rows], default=str
            )
        )
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[plain_value(v) for v in r] for r in rows])
    else:
        from rich.console import Console

        from flows.console import result_table

        Console(highlight=False).print(result_table(columns, rows))


@app.command()
def demo(
    db: DbOption = Path("claimwatch-demo.duckdb"),
    model: ModelOption = None,
) -> None:
    """An offline tour: serve sample coverage locally, poll it twice, show what was stored."""
    _prefect_defaults()
    from flows.demo import run_demo

    try:
        run_demo(db, model=model)
    except Exception as exc:  # the demo is a tour: say what broke instead of a traceback
        raise _fail(f"demo failed: {type(exc).__name__}: {exc}") from None


@app.command()
def serve(
    topic: TopicOption = "mythos",
    db: DbOption = Path("claimwatch.duckdb"),
    host: Annotated[str, typer.Option("--host", help="Prefect server address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Prefect server port.")] = 4200,
    every: Annotated[
        float, typer.Option("--every", help="Minutes between monitoring cycles.", min=0.5)
    ] = MONITOR_INTERVAL / 60,
    startup_timeout: Annotated[
        float, typer.Option("--startup-timeout", help="Seconds to wait for the server.")
    ] = 120.0,
) -> None:
    """Run the scheduled deployments (monitor every 15 min, daily digest) until Ctrl-C."""
    from extractors.topic import TopicError
    from flows.serve import ServeError
    from flows.serve import serve as serve_deployments
    from flows.topics import load_topic

    try:
        load_topic(topic)
    except TopicError as exc:
        raise _fail(str(exc)) from None
    home = Path(os.environ.get("PREFECT_HOME") or (STATE_DIR / "prefect").resolve())
    os.environ.setdefault("PREFECT_HOME", str(home))
    _prefect_defaults()
    try:
        serve_deployments(
            topic=topic,
            db=db,
            every=every,
            host=host,
            port=port,
            home=home,
            startup_timeout=startup_timeout,
            say=lambda m: typer.echo(m, err=True),
        )
    except ServeError as exc:
        raise _fail(str(exc)) from None


def _reader(db: Path, wait: float) -> Any:
    """A warehouse for a read-only command (report, export); a clear error for a missing file."""
    from warehouse.store import Warehouse

    if not db.exists():
        raise _fail(f"database {db} does not exist (run `claimwatch run` first)")
    return Warehouse(db, busy_timeout=wait, on_wait=lambda m: typer.echo(f"waiting: {m}", err=True))


@contextmanager
def _reading(db: Path) -> Iterator[None]:
    """Warehouse errors of a read-only command as one-line messages."""
    from warehouse.errors import DatabaseBusy, WarehouseError

    try:
        yield
    except DatabaseBusy:
        raise _fail(
            f"database {db} is being written by a claimwatch run; try again when it finishes "
            f"(or pass --wait SECONDS)"
        ) from None
    except WarehouseError as exc:
        raise _fail(str(exc)) from None


@app.command()
def report(
    db: DbOption = Path("claimwatch.duckdb"),
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    wait: WaitOption = 30.0,
) -> None:
    """Write one self-contained HTML page: numbers over time, contradictions, drift."""
    from flows.report import write_report

    wh = _reader(db, wait)
    try:
        with _reading(db):
            path = write_report(wh, out)
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}")


@app.command()
def export(
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Directory for Parquet files, partitioned by date.")
    ],
    db: DbOption = Path("claimwatch.duckdb"),
    wait: WaitOption = 30.0,
) -> None:
    """Export the public views as Parquet: DIR/<view>/date=YYYY-MM-DD/*.parquet."""
    from flows.export import export_parquet

    wh = _reader(db, wait)
    with _reading(db):
        files = export_parquet(wh, parquet)
    views = sorted({f.relative_to(parquet).parts[0] for f in files})
    typer.echo(f"wrote {len(files)} Parquet files under {parquet} ({', '.join(views)})")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
