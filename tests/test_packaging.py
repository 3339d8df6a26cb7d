"""claimwatch installs as `claimwatch.*` only: generic names (`flows`, `extractors`, `warehouse`,
`topics`) belong to whoever else shares the environment."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("flows", "extractors", "warehouse", "topics")


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_every_package_folder_is_installed_under_claimwatch() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        "claimwatch." + ".".join(init.parent.relative_to(ROOT).parts)
        for folder in FOLDERS
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert on_disk == listed


def test_the_package_imports_from_another_directory(tmp_path: Path) -> None:
    code = (
        "import claimwatch.flows.cli, claimwatch.flows.monitor, claimwatch.warehouse.store\n"
        "from claimwatch.extractors import extract_claims\n"
        "from importlib.resources import files\n"
        "assert files('claimwatch.topics').joinpath('mythos.toml').is_file()\n"
        "assert files('claimwatch.warehouse.migrations').joinpath('0001_ingestion.sql').is_file()\n"
        "print('ok')"
    )
    out = _run(code, tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_no_generic_top_level_names_are_installed(tmp_path: Path) -> None:
    for name in FOLDERS:
        out = _run(f"import {name}", tmp_path)
        assert out.returncode != 0 and "ModuleNotFoundError" in out.stderr, name


def test_the_code_never_imports_the_folders_by_their_bare_names() -> None:
    # From the checkout (python -m pytest, Prefect's engine) a bare `import flows` would still
    # resolve to the folder and give a second copy of every module it touches.
    offenders = []
    for folder in (*FOLDERS, "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                stripped = line.strip()
                for name in FOLDERS:
                    if stripped.startswith(
                        (f"from {name}.", f"from {name} import", f"import {name}")
                    ):
                        offenders.append(f"{path.relative_to(ROOT)}:{n}: {stripped}")
    assert not offenders, "\n".join(offenders)
