"""The README opens with the two commands, CI runs the second as written, every command is
documented."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from claimwatch.flows.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _opening_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_opens_with_the_two_commands() -> None:
    before_first_section = README.split("\n## ", 1)[0]
    install_run, install_test = _opening_commands()
    assert install_run in before_first_section and install_test in before_first_section
    assert install_run.endswith("claimwatch run")
    assert "pytest" in install_test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _opening_commands()[1] in ci.splitlines()


def test_every_command_is_documented() -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    for name in commands:
        assert f"`claimwatch {name}" in README, f"claimwatch {name} is not in the README"


def test_the_python_example_prints_what_the_readme_says(tmp_path: Path) -> None:
    import subprocess
    import sys

    section = README.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)\n```", section, flags=re.S)
    assert code
    expected = [
        line.removeprefix("# ") for line in code.group(1).splitlines() if line.startswith("# ")
    ]
    assert expected, "the example shows its output as '# ' comment lines"
    out = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        cwd=tmp_path,  # from another directory: the installed package, not the checkout
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == expected
