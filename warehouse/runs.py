"""Runs: when each monitoring cycle started and how it ended."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from claimwatch.warehouse.queries import sql
from claimwatch.warehouse.sessions import Sessions


def start_run(
    db: Sessions, run_id: str, topic: str, started_at: datetime, part: str | None = None
) -> None:
    """Record a run's start; call it holding its run lock, so any run still marked running
    that held the same lock is one that died."""
    with db.transaction() as con:
        con.execute(sql("run_start"), [run_id, topic, started_at, part])
        con.execute(
            sql("run_mark_abandoned"),
            {"run_id": run_id, "topic": topic, "part": part, "scoped": db.is_lake},
        )


def finish_run(
    db: Sessions, run_id: str, status: str, counts: dict[str, int], errors: int, message: str
) -> None:
    with db.transaction() as con:
        con.execute(
            sql("run_finish"),
            [datetime.now(UTC), status, json.dumps(counts), errors, message, run_id],
        )
