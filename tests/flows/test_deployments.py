"""prefect.yaml, the deployments `claimwatch serve` builds, and the flows agree."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow

from claimwatch.flows.deployments import deployment_specs

ROOT = Path(__file__).resolve().parents[2]
PREFECT_YAML = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))


def _flow(entrypoint: str) -> Flow[Any, Any]:
    # Module-path entrypoints (what Prefect's import_object loads): no file paths, so a
    # worker imports the installed package and nothing in the checkout can shadow it.
    assert ":" not in entrypoint and entrypoint.startswith("claimwatch."), entrypoint
    path, name = entrypoint.rsplit(".", 1)
    module = importlib.import_module(path)
    flow = getattr(module, name)
    assert isinstance(flow, Flow), entrypoint
    return flow


def test_every_entrypoint_is_a_flow_taking_the_deployment_parameters() -> None:
    for deployment in PREFECT_YAML["deployments"]:
        flow = _flow(deployment["entrypoint"])
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment["parameters"]) <= accepted, deployment["name"]


def test_prefect_yaml_declares_what_serve_builds() -> None:
    by_name = {d["name"]: d for d in PREFECT_YAML["deployments"]}
    specs = deployment_specs()
    assert set(by_name) == {s.name for s in specs}
    for spec in specs:
        declared = by_name[spec.name]
        assert declared["entrypoint"] == spec.entrypoint
        assert declared["parameters"] == spec.parameters
        schedules = declared.get("schedules") or []
        assert [s.get("interval") for s in schedules if "interval" in s] == (
            [spec.interval] if spec.interval else []
        )
        assert [s.get("cron") for s in schedules if "cron" in s] == (
            [spec.cron] if spec.cron else []
        )
        if spec.concurrent:  # the shards of one cycle run at once
            assert "concurrency_limit" not in declared, spec.name
        else:  # never two runs of one deployment
            assert declared["concurrency_limit"]["limit"] == 1, spec.name
        assert declared["work_pool"]["name"] == "claimwatch"
        assert declared["work_pool"]["work_queue_name"] == spec.work_queue, spec.name


def test_the_cycle_has_a_queue_of_its_own_and_serve_leaves_it_to_workers() -> None:
    specs = {s.name: s for s in deployment_specs()}
    # A cycle waits for its shards: on the shards' queue it could hold the slot they need.
    assert specs["cycle"].work_queue != specs["shard"].work_queue
    assert specs["cycle"].pool_only and specs["shard"].pool_only
    assert not any(
        s.pool_only for s in deployment_specs() if s.name != "cycle" and s.name != "shard"
    )


def test_the_monitor_runs_every_15_minutes_and_the_digest_daily() -> None:
    specs = {s.name: s for s in deployment_specs()}
    assert specs["monitor"].interval == 15 * 60
    assert specs["daily-digest"].cron == "0 7 * * *"
    assert specs["reextract"].interval is None and specs["reextract"].cron is None
