"""The `claimwatch` command. The only place that turns exceptions into messages and exit codes.

Exit codes: 0 the command did its job (a cycle completed, even if some feeds failed);
1 it could not (bad topic, unusable database, bad SQL; a cycle in which every request failed,
or no feed was polled because every feed is backing off from failures); 2 bad usage.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from claimwatch.flows.deployments import MONITOR_INTERVAL

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
    # -h as well as --help, on the app and (inherited by their contexts) on every command
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"claimwatch {version('claimwatch')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("claimwatch (not installed)")
        raise typer.Exit()


@app.callback()
def _app(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Watch how a developing news story is reported: versions, numeric claims, conflicts."""


DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="CLAIMWATCH_DB",
        help="DuckDB warehouse file, or a lake: ducklake:postgres:<conninfo> with --lake-data.",
    ),
]
LakeDataOption = Annotated[
    str | None,
    typer.Option(
        "--lake-data",
        envvar="CLAIMWATCH_LAKE_DATA",
        help="The lake's data directory (with --db ducklake:postgres:...); the same path on "
        "every machine.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Answer from the facts recorded up to this time (e.g. 2026-11-20T12:00Z; UTC "
        "when no offset is given).",
    ),
]


def _as_of(value: str | None) -> datetime | None:
    """--as-of as an aware time, or a usage error naming the value."""
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise _fail(
            f"--as-of must be a time such as 2026-11-20T12:00Z or 2026-11-20, not {value!r}", 2
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


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
    """The run's summary (also of a cycle that ran and failed: it says what failed), or exit
    with the one-line reason a flow run failed."""
    from claimwatch.flows.monitor import CycleFailed

    if state.is_completed():
        return state.result()
    if state.is_failed():
        data = state.result(raise_on_failure=False)
        if isinstance(data, CycleFailed):
            return data.summary
    raise _fail(state.message or f"the run ended {state.type.value.lower()}")


def _check_no_run_in_progress(wh: Any, topic: str, wait: float) -> None:
    """Say so before starting a flow when another run holds the database (the flow checks
    again under the lock; this only spares the user a failed flow run's traceback)."""
    if wait > 0:
        return  # the flow itself waits for the lock
    with wh.run_lock(topic, wait=0):
        pass


def _warehouse(
    db: str, lake_data: str | None, wait: float = 60.0, reader: str | None = None
) -> Any:
    """The warehouse --db and --lake-data name, or a one-line error (a bad lake URL, a lake
    without its data directory). `reader`: conninfo keywords for users' SQL on a lake."""
    from claimwatch.warehouse.errors import WarehouseError
    from claimwatch.warehouse.store import Warehouse

    try:
        return Warehouse(
            db,
            lake_data=lake_data,
            lake_reader=reader,
            busy_timeout=wait,
            on_wait=lambda m: typer.echo(f"waiting: {m}", err=True),
        )
    except WarehouseError as exc:
        raise _fail(str(exc)) from None


@app.command()
def run(
    topic: TopicOption = "mythos",
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
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
    force: Annotated[
        bool,
        typer.Option("--force", help="Also poll feeds that are backing off after failures."),
    ] = False,
) -> None:
    """Run one monitoring cycle (poll, fetch, extract, flag, alert) as a Prefect flow."""
    wh = _warehouse(db, lake_data)  # a bad --db is an error before anything starts
    # Importing Prefect and starting its engine takes seconds: say so before anything else.
    typer.echo("starting (Prefect engine)...", err=True)
    _prefect_defaults()
    from claimwatch.extractors.nlp import ModelNotFound, model_identity
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.console import ConsoleReporter, summary_lines, verdict
    from claimwatch.flows.monitor import monitor, reporter_var

    # Check what can be checked before the flow starts, so a bad topic or database is a
    # one-line error rather than a failed flow run with Prefect's traceback.
    from claimwatch.flows.settings import SettingsError, settings_from_env
    from claimwatch.flows.topic_files import load_topic
    from claimwatch.warehouse.errors import WarehouseError

    try:
        settings_from_env()
        loaded = load_topic(topic, feeds=tuple(feed or ()))
        _warn_topic(loaded)
        wh.migrate()
        _check_no_run_in_progress(wh, loaded.name, wait)
        model_identity(model)  # an unknown --model fails now, not halfway through the cycle
    except (SettingsError, TopicError, WarehouseError, ModelNotFound) as exc:
        raise _fail(str(exc)) from None

    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        state = monitor(
            topic=topic,
            db=db,
            lake_data=lake_data,
            feeds=list(feed or []),
            alerts=not no_alerts,
            model=model,
            wait_for_lock=wait,
            force=force,
            return_state=True,
        )
    finally:
        reporter.close()
        reporter_var.reset(token)
    summary = _summary_or_exit(state)
    for line in summary_lines(summary):
        typer.echo(line)
    # Judged per cycle: it failed when every request failed or every feed is backing off.
    if summary.failure:
        raise _fail(verdict(summary))
    typer.echo(verdict(summary))


@app.command()
def reextract(
    topic: TopicOption = "mythos",
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    model: ModelOption = None,
) -> None:
    """Re-derive entities and claims from stored text with the current extractor (no fetching)."""
    _prefect_defaults()
    from claimwatch.extractors.nlp import ModelNotFound, model_identity
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.console import ConsoleReporter
    from claimwatch.flows.monitor import reextract as reextract_flow
    from claimwatch.flows.monitor import reporter_var
    from claimwatch.flows.topic_files import load_topic
    from claimwatch.warehouse.errors import WarehouseError

    wh = _warehouse(db, lake_data)
    try:
        if not wh.exists():
            raise _fail(f"database {wh.location} does not exist")
        model_identity(model)  # an unknown model is an error even with nothing to re-derive
        _check_no_run_in_progress(wh, load_topic(topic, require_feeds=False).name, 0)
    except (WarehouseError, ModelNotFound, TopicError) as exc:
        raise _fail(str(exc)) from None
    reporter = ConsoleReporter()
    token = reporter_var.set(reporter)
    try:
        state = reextract_flow(
            topic=topic, db=db, lake_data=lake_data, model=model, return_state=True
        )
    finally:
        reporter.close()
        reporter_var.reset(token)
    summary = _summary_or_exit(state)
    c = summary.counts
    typer.echo(f"re-extracted {c['versions_extracted']} article versions: {c['claims']} claims")


# A query may start with a SQL comment ("-- ..."), which is not an option of ours.
@app.command(context_settings={"ignore_unknown_options": True})
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query over the views.")],
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, csv, json or markdown.", case_sensitive=False),
    ] = "table",
    wait: WaitOption = 30.0,
    as_of: AsOfOption = None,
) -> None:
    """Run read-only SQL over the warehouse (views: articles, article_versions, claims, ...)."""
    from claimwatch.flows.console import plain_value
    from claimwatch.flows.settings import SettingsError, settings_from_env

    fmt = fmt.lower()
    if fmt not in ("table", "csv", "json", "markdown"):
        raise _fail(f"--format must be table, csv, json or markdown, not {fmt!r}", 2)
    at = _as_of(as_of)
    try:
        reader = settings_from_env(with_smtp=False).lake_reader
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    wh = _warehouse(db, lake_data, wait, reader)
    with _reading(wh.location):
        columns, rows = wh.query(query, as_of=at)
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
    elif fmt == "markdown":
        from claimwatch.flows.console import markdown_table

        sys.stdout.write(markdown_table(columns, rows))
    else:
        import shutil

        from claimwatch.flows.console import ResultTable

        # On a terminal, a table wider than it becomes one record per block; anywhere else
        # (a file, a pipe) the table is written whole, nothing cut.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        for line in ResultTable(columns, rows).lines(width):
            typer.echo(line)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file for the demo.")] = Path(
        "claimwatch-demo.duckdb"
    ),
    model: ModelOption = None,
) -> None:
    """An offline tour: serve sample coverage locally, poll it twice, show what was stored."""
    _prefect_defaults()
    from claimwatch.flows.demo import run_demo
    from claimwatch.warehouse.errors import WarehouseError

    try:
        run_demo(db, model=model)
    except WarehouseError as exc:  # e.g. --db names a file the demo did not make
        raise _fail(str(exc)) from None
    except Exception as exc:  # the demo is a tour: say what broke instead of a traceback
        raise _fail(f"demo failed: {type(exc).__name__}: {exc}") from None


@app.command()
def serve(
    topic: TopicOption = "mythos",
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
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
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.serve import ServeError
    from claimwatch.flows.serve import serve as serve_deployments
    from claimwatch.flows.settings import SettingsError, settings_from_env
    from claimwatch.flows.topic_files import load_topic

    # A lake URL stays as given; a file is named by its absolute path, since the runs start in
    # another directory. A lake without its data directory is refused here, in one line.
    where = _warehouse(db, lake_data)
    db = where.location.db if where.is_lake else str(Path(db).resolve())
    try:
        settings_from_env()  # the scheduled runs would each fail on a bad value
        _warn_topic(load_topic(topic))
    except (SettingsError, TopicError) as exc:
        raise _fail(str(exc)) from None
    home = Path(os.environ.get("PREFECT_HOME") or (STATE_DIR / "prefect").resolve())
    os.environ.setdefault("PREFECT_HOME", str(home))
    _prefect_defaults()
    try:
        serve_deployments(
            topic=topic,
            db=db,
            lake_data=str(Path(lake_data).resolve()) if where.is_lake and lake_data else None,
            every=every,
            host=host,
            port=port,
            home=home,
            startup_timeout=startup_timeout,
            say=lambda m: typer.echo(m, err=True),
            show=typer.echo,  # one line per finished cycle
        )
    except ServeError as exc:
        raise _fail(str(exc)) from None


def _db_path(wh: Any) -> Path | str:
    """Settings.db_path for a warehouse: a file's Path, or the lake URL as given."""
    return wh.location.db if wh.is_lake else Path(wh.location.db)


def _lake_dir(lake_data: str | None) -> Path | None:
    return Path(lake_data) if lake_data else None


def _reader(db: str, lake_data: str | None, wait: float) -> Any:
    """A warehouse for a read-only command (report, export); a clear error for a missing file
    or a lake that holds no warehouse yet."""
    wh = _warehouse(db, lake_data, wait)
    with _reading(wh.location):
        if not wh.exists():
            raise _fail(f"database {wh.location} does not exist (run `claimwatch run` first)")
    return wh


@contextmanager
def _reading(db: object) -> Iterator[None]:
    """Warehouse errors of a read-only command as one-line messages."""
    from claimwatch.warehouse.errors import DatabaseBusy, WarehouseError

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
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    wait: WaitOption = 30.0,
    as_of: AsOfOption = None,
) -> None:
    """Write one self-contained HTML page: numbers over time, contradictions, drift."""
    from claimwatch.flows.report import write_report

    at = _as_of(as_of)
    wh = _reader(db, lake_data, wait)
    try:
        with _reading(wh.location):
            path = write_report(wh, out, as_of=at)
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}")


@app.command()
def history(
    url: Annotated[str, typer.Argument(help="The article's URL (as stored, canonical or alias).")],
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="Topic name whose view of the article to show."),
    ] = None,
    context: Annotated[
        int, typer.Option("--context", help="Unchanged words shown around a change.", min=0)
    ] = 12,
    full: Annotated[bool, typer.Option("--full", help="Show every unchanged word.")] = False,
    wait: WaitOption = 30.0,
    as_of: AsOfOption = None,
) -> None:
    """An article's versions, each change's classes and a word diff between versions."""
    from claimwatch.flows.history import UnknownArticle, article_history, print_history

    at = _as_of(as_of)
    wh = _reader(db, lake_data, wait)
    try:
        with _reading(wh.location):
            found = article_history(wh, url, topic=topic, as_of=at)
    except UnknownArticle:
        where = f" in topic {topic}" if topic else ""
        raise _fail(f"no article {url!r}{where} in {wh.location}") from None
    print_history(found, sys.stdout, context=None if full else context)


@app.command()
def status(
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    runs: Annotated[int, typer.Option("--runs", help="How many recent runs to list.", min=1)] = 5,
    wait: WaitOption = 30.0,
) -> None:
    """One screen: the last runs, failing feeds, open flags and pending alerts."""
    from claimwatch.flows.settings import SettingsError, settings_from_env
    from claimwatch.flows.status import read_status, status_lines

    wh = _reader(db, lake_data, wait)
    with _reading(wh.location):
        found = read_status(wh, runs=runs)
    try:
        configured = settings_from_env().smtp is not None
    except SettingsError as exc:
        typer.echo(f"warning: {exc}", err=True)
        configured = False
    for line in status_lines(found, db=str(wh.location), alerts_configured=configured):
        typer.echo(line)


disputes_app = typer.Typer(
    invoke_without_command=True,
    help="Open disputes (--all: resolved too); `disputes mute ID` silences one's alerts.",
)
app.add_typer(disputes_app, name="disputes")
claims_app = typer.Typer(
    no_args_is_help=True, help="`claims reject ID --why TEXT`: take a wrongly read claim out."
)
app.add_typer(claims_app, name="claims")
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who says so (default: $USER).", show_default=False)
]
UndoOption = Annotated[bool, typer.Option("--undo", help="Take it back (one more fact).")]


@disputes_app.callback()
def disputes(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Resolved disputes too.")] = False,
    topic: TopicOption = "mythos",
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    wait: WaitOption = 30.0,
    as_of: AsOfOption = None,
) -> None:
    """Print the open disputes (or all): measure, positions side by side, status, id."""
    if ctx.invoked_subcommand is not None:
        return
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.disputes_cli import print_disputes
    from claimwatch.flows.topic_files import load_topic
    from claimwatch.warehouse.disputes import list_disputes

    at = _as_of(as_of)
    try:
        t = load_topic(topic, require_feeds=False)
    except TopicError as exc:
        raise _fail(str(exc)) from None
    wh = _reader(db, lake_data, wait)
    with _reading(wh.location):
        rows = list_disputes(wh, t.name, include_resolved=all_, as_of=at)
    print_disputes(rows, sys.stdout, topic=t, all_=all_)


def _analyst_word(db: str, lake_data: str | None, wait: float, act: Any) -> None:
    """Run a mute or rejection on the warehouse (upgraded first if older): its line, or one
    line and exit 1 for an unknown id."""
    from claimwatch.flows.disputes_cli import UnknownTarget

    wh = _reader(db, lake_data, wait)
    try:
        with _reading(wh.location):
            wh.migrate()
            outcome = act(wh)
    except UnknownTarget as exc:
        raise _fail(str(exc)) from None
    typer.echo(outcome.message)


@disputes_app.command("mute")
def disputes_mute(
    dispute_id: Annotated[
        str, typer.Argument(help="The dispute's id (see `claimwatch disputes`).")
    ],
    undo: UndoOption = False,
    why: Annotated[str | None, typer.Option("--why", help="Why (shown in the report).")] = None,
    by: ByOption = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only in this topic.")] = None,
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    wait: WaitOption = 30.0,
) -> None:
    """Silence a dispute's alerts (it stays listed, marked muted); --undo lifts that."""
    from claimwatch.flows.disputes_cli import analyst, speak

    _analyst_word(
        db, lake_data, wait,
        lambda wh: speak(wh, "dispute", dispute_id, undo=undo, who=by or analyst(), why=why,
                         topic=topic),
    )  # fmt: skip


@claims_app.command("reject")
def claims_reject(
    claim_id: Annotated[str, typer.Argument(help="The claim's id (claims.claim_id).")],
    why: Annotated[
        str | None, typer.Option("--why", help="Why the claim is wrong (required to reject).")
    ] = None,
    undo: UndoOption = False,
    by: ByOption = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only in this topic.")] = None,
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    wait: WaitOption = 30.0,
) -> None:
    """Take a wrongly read claim out of disputes and contradictions; --undo puts it back."""
    from claimwatch.flows.disputes_cli import analyst, speak

    if not undo and not (why or "").strip():
        raise _fail("claims reject needs --why TEXT (say what was read wrong)", 2)
    _analyst_word(
        db, lake_data, wait,
        lambda wh: speak(wh, "claim", claim_id, undo=undo, who=by or analyst(), why=why,
                         topic=topic),
    )  # fmt: skip


alerts_app = typer.Typer(
    no_args_is_help=True,
    help="Alert email: `alerts test` checks the SMTP settings, `alerts send` sends the digest now.",
)
app.add_typer(alerts_app, name="alerts")


def _smtp() -> Any:
    """The SMTP settings, or a one-line error saying what to set."""
    from claimwatch.flows.settings import SettingsError, settings_from_env

    try:
        settings = settings_from_env()
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    if settings.smtp is None:
        raise _fail(
            "alerts are not configured: set CLAIMWATCH_SMTP_HOST and CLAIMWATCH_ALERT_TO (and "
            "CLAIMWATCH_SMTP_PORT, _USER, _PASSWORD, _STARTTLS, CLAIMWATCH_ALERT_FROM as needed)"
        )
    return settings.smtp


@alerts_app.command("test")
def alerts_test() -> None:
    """Send a test email with the configured SMTP settings (CLAIMWATCH_SMTP_*)."""
    from claimwatch.flows.alerts import AlertSendError, compose_test, send

    smtp = _smtp()
    try:
        send(compose_test(smtp), smtp)
    except AlertSendError as exc:
        raise _fail(f"test message not sent: {exc}") from None
    tls = " with STARTTLS" if smtp.starttls else ""
    typer.echo(
        f"sent a test message from {smtp.sender} to {', '.join(smtp.recipients)} "
        f"via {smtp.host}:{smtp.port}{tls}"
    )


@alerts_app.command("send")
def alerts_send(
    topic: TopicOption = "mythos",
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait while another run uses the same database."),
    ] = 30.0,
) -> None:
    """Send the pending digest now (what the daily digest does): every development not yet
    emailed, and first any digest that could not be sent before."""
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.cycle import alert
    from claimwatch.flows.monitor import run_cycle
    from claimwatch.flows.settings import settings_from_env
    from claimwatch.warehouse.errors import WarehouseError

    _smtp()
    wh = _reader(db, lake_data, wait)
    try:
        settings = settings_from_env(
            topic=topic, db_path=_db_path(wh), lake_data=_lake_dir(lake_data), lock_wait=wait
        )
        summary = run_cycle(settings, stages=(alert,), kind="digest")
    except (TopicError, WarehouseError) as exc:
        raise _fail(str(exc)) from None
    if summary.alert_status == "failed":
        raise _fail(summary.alert_message or "the digest was not sent")
    typer.echo(summary.alert_message or "no new developments to send")


@app.command()
def export(
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Directory for Parquet files, partitioned by date.")
    ],
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    wait: WaitOption = 30.0,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Replace an earlier export in DIR (only the files it wrote)."
        ),
    ] = False,
) -> None:
    """Export the public views as Parquet: DIR/<view>/date=YYYY-MM-DD/*.parquet."""
    from claimwatch.flows.export import ExportRefused, export_parquet

    wh = _reader(db, lake_data, wait)
    try:
        with _reading(wh.location):
            files = export_parquet(wh, parquet, overwrite=overwrite)
    except ExportRefused as exc:
        raise _fail(str(exc)) from None
    views = sorted({f.relative_to(parquet).parts[0] for f in files})
    typer.echo(f"wrote {len(files)} Parquet files under {parquet} ({', '.join(views)})")


@app.command()
def migrate(
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Copy the DuckDB file --db into this empty lake (ducklake:postgres:<conninfo>).",
        ),
    ] = None,
    to_lake_data: Annotated[
        str | None,
        typer.Option("--to-lake-data", help="Data directory of the --to lake (or --lake-data)."),
    ] = None,
    wait: WaitOption = 120.0,
) -> None:
    """Apply pending schema migrations (a file or a lake), or copy a file into a lake (--to)."""
    wh = _warehouse(db, None if to else lake_data, wait)
    if to is None:
        with _reading(wh.location):
            applied = wh.migrate()
        backup = f" (the previous file is kept as {wh.last_backup})" if wh.last_backup else ""
        done = f"applied {', '.join(applied)}{backup}" if applied else "nothing pending"
        typer.echo(f"{wh.location}: {done}")
        return
    target = _warehouse(to, to_lake_data or lake_data, wait)
    if wh.is_lake or not target.is_lake:
        raise _fail(
            "--to copies a DuckDB file (--db PATH) into a lake (--to ducklake:postgres:...)"
        )
    with _reading(target.location):
        copied = wh.copy_into(target)
    rows = sum(n for table, n in copied.items() if table != "_migrations")
    typer.echo(
        f"copied {wh.location} into {target.location}: {len(copied)} tables, {rows} rows; "
        f"{wh.location} is unchanged"
    )


@app.command()
def maintain(
    db: DbOption = "claimwatch.duckdb",
    lake_data: LakeDataOption = None,
    retention: Annotated[
        str,
        typer.Option(
            "--retention",
            help="Keep snapshots this long (36h, 7d, 2w): --as-of reaches back this far.",
        ),
    ] = "7d",
    wait: WaitOption = 120.0,
) -> None:
    """Merge a lake's small files, expire snapshots older than --retention, delete unused files."""
    from claimwatch.flows.maintain import parse_retention, run_maintenance
    from claimwatch.flows.settings import SettingsError, settings_from_env

    try:
        keep = parse_retention(retention)
    except SettingsError as exc:
        raise _fail(str(exc), 2) from None
    wh = _reader(db, lake_data, wait)
    settings = settings_from_env(
        db_path=_db_path(wh), lake_data=_lake_dir(lake_data), busy_timeout=wait, with_smtp=False
    )
    with _reading(wh.location):
        done = run_maintenance(settings, keep)
    for line in done.lines():
        typer.echo(line)


def _warn_topic(topic: Any) -> None:
    from claimwatch.extractors.topic import topic_warnings

    for warning in topic_warnings(topic):
        typer.echo(f"warning: {warning}", err=True)


def _plural(n: int, noun: str, nouns: str = "") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {nouns or noun + 's'}"


topics_app = typer.Typer(
    invoke_without_command=True,
    help="List the bundled topics; `claimwatch topics check PATH` checks a topic file.",
)
app.add_typer(topics_app, name="topics")


@topics_app.callback()
def topics(ctx: typer.Context) -> None:
    """List the bundled topics (use one with --topic NAME); `topics check PATH` checks a file."""
    if ctx.invoked_subcommand is not None:
        return
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.topic_files import bundled_topics, load_topic

    rows = [("topic", "feeds", "measures", "title")]
    try:
        for name in bundled_topics():
            t = load_topic(name, require_feeds=False)
            rows.append((name, str(len(t.feeds)), str(len(t.measures)), t.title))
    except TopicError as exc:
        raise _fail(str(exc)) from None
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    for name, feeds, measures, title in rows:
        typer.echo(
            f"{name:<{width[0]}}  {feeds:>{width[1]}}  {measures:>{width[2]}}  {title}".rstrip()
        )


@topics_app.command("check")
def topics_check(
    path: Annotated[str, typer.Argument(help="A topic .toml file (or a bundled topic's name).")],
) -> None:
    """Check a topic file: a summary and exit 0, or what is wrong and exit 1."""
    from claimwatch.extractors.topic import TopicError
    from claimwatch.flows.topic_files import load_topic

    try:
        t = load_topic(path, require_feeds=False)
    except TopicError as exc:
        raise _fail(str(exc)) from None
    rule = t.relevance
    relevance = (
        f"relevance: {_plural(len(rule.all_of), 'term group')}, "
        f"{_plural(len(rule.none_of), 'exclusion')}"
        if rule.all_of or rule.none_of
        else "no relevance rule (every article is on topic)"
    )
    measures = ", ".join(m.name for m in t.measures)
    typer.echo(
        f"ok: {path}: topic {t.name}: {_plural(len(t.feeds), 'feed')}, "
        f"{_plural(len(t.measures), 'measure')}{f' ({measures})' if measures else ''}, "
        f"{_plural(len(t.gazetteer), 'entity', 'entities')}, {relevance}"
    )
    _warn_topic(t)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
