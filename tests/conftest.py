"""Shared test setup: Prefect kept local and quiet, no test reaches beyond 127.0.0.0/8."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Prefect: a private home, no telemetry, a start-up timeout that
# suits a small shared machine.
_PREFECT_HOME = tempfile.mkdtemp(prefix="claimwatch-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# SMTP settings of the machine running the tests must not leak into them.
for _key in list(os.environ):
    if _key.startswith("CLAIMWATCH_"):
        del os.environ[_key]
