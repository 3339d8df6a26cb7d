"""The `claimwatch` command as a subprocess, the way a person runs it: every CLI test goes
through here, so how the command is started is decided once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

CLI = [sys.executable, "-m", "claimwatch.flows.cli"]


def claimwatch(
    *args: str,
    env: Mapping[str, str] | None = None,
    env_extra: Mapping[str, str] | None = None,
    clean: bool = False,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `claimwatch ARGS`. `env` replaces the environment (default: this process's);
    `clean` drops every CLAIMWATCH_* variable from it first; `env_extra` is added last."""
    base = dict(os.environ if env is None else env)
    if clean:
        base = {k: v for k, v in base.items() if not k.startswith("CLAIMWATCH_")}
    base.update(env_extra or {})
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=timeout, env=base, cwd=cwd
    )
