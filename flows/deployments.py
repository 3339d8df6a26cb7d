"""The scheduled deployments, defined once. `claimwatch serve` builds them from here;
prefect.yaml declares the same ones for a Prefect server with workers (a test keeps the two in
step)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MONITOR_INTERVAL = 15 * 60  # seconds between monitoring cycles
DIGEST_CRON = "0 7 * * *"  # the daily digest, 07:00 UTC
LOCK_WAIT = 600.0  # a scheduled run waits this long for a manual run on the same database
MAINTAIN_CRON = "30 3 * * *"  # lake maintenance, daily at 03:30 UTC (a file: a checkpoint)
MAINTAIN_RETENTION = "7d"  # snapshots kept by maintenance: how far back --as-of reaches
SHARDS = 4  # a sharded cycle's parts at most (one per feed host at most)


@dataclass(frozen=True, slots=True)
class DeploymentSpec:
    name: str
    flow: str  # attribute of claimwatch.flows.monitor
    entrypoint: str  # as prefect.yaml writes it
    description: str
    interval: int | None = None
    cron: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    # Deployed to a Prefect server's work pool only (prefect.yaml), never by `serve`: the
    # sharded cycle and its shards, for workers on several machines writing one lake.
    pool_only: bool = False
    work_queue: str = "default"
    concurrent: bool = False  # several runs at once (the shards of a cycle); else a limit of 1


def deployment_specs(
    topic: str = "mythos", db: str | None = None, lake_data: str | None = None
) -> list[DeploymentSpec]:
    """The deployments for a topic and a warehouse: a DuckDB file, or a lake URL with the
    lake's data directory (then every flow gets `lake_data` too). Without `db` (prefect.yaml)
    the flows write where the worker's CLAIMWATCH_DB and CLAIMWATCH_LAKE_DATA point."""
    where = {"db": db} if db else {}
    lake = {"lake_data": lake_data} if lake_data else {}
    common = {"topic": topic, **where, "wait_for_lock": LOCK_WAIT, **lake}
    return [
        DeploymentSpec(
            name="monitor",
            flow="monitor",
            entrypoint="claimwatch.flows.monitor.monitor",
            description="Poll, fetch, extract, flag and alert for the topic.",
            interval=MONITOR_INTERVAL,
            parameters={**common, "alerts": True},
        ),
        DeploymentSpec(
            name="daily-digest",
            flow="digest",
            entrypoint="claimwatch.flows.monitor.digest",
            description="Send any developments not yet announced; retries a failed digest.",
            cron=DIGEST_CRON,
            parameters=common,
        ),
        DeploymentSpec(
            name="maintain",
            flow="maintain",
            entrypoint="claimwatch.flows.monitor.maintain",
            description="Merge a lake's small files, expire snapshots past the retention, "
            "delete unused files.",
            cron=MAINTAIN_CRON,
            parameters={**where, **lake, "retention": MAINTAIN_RETENTION},
        ),
        DeploymentSpec(
            name="reextract",
            flow="reextract",
            entrypoint="claimwatch.flows.monitor.reextract",
            description="Re-derive claims from stored text after an extractor change (on demand).",
            parameters=common,
        ),
        DeploymentSpec(
            name="cycle",
            flow="cycle",
            entrypoint="claimwatch.flows.monitor.cycle",
            description="A monitoring cycle spread over the pool's workers: shards of the "
            "topic's feeds (by host) run at once, then extract, flag and alert once over all.",
            interval=MONITOR_INTERVAL,
            parameters={**common, "shards": SHARDS, "alerts": True},
            pool_only=True,
            work_queue="cycle",
        ),
        DeploymentSpec(
            name="shard",
            flow="shard",
            entrypoint="claimwatch.flows.monitor.shard",
            description="One shard of a cycle: poll its hosts' feeds, fetch, store, extract "
            "(started by the cycle).",
            parameters=common,
            pool_only=True,
            work_queue="shards",
            concurrent=True,
        ),
    ]
