"""The README's claim-quality commands, run as written (with this interpreter): a dev set's misses,
its oracle ablation, and the learned steps' cross-validation on the sets they train on.
Never the blind set: these list single failures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extractors import modality_model
from tests.extractors.measure_model import TRAIN_SETS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Claim quality: dev and blind", 1)[1].split("\n## ", 1)[0]
COMMANDS = re.findall(r"^    \.venv/bin/python (-m tests\.extractors\.\S+ .*)$", SECTION, re.M)


def _run(command: str) -> str:
    args = command.split()
    if "_model" not in command:  # the learned steps' commands read their training sets only
        assert "--set" in args, f"{command}: a README command that lists failures names a dev set"
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_readme_names_both_commands() -> None:
    modules = sorted(c.split()[1] for c in COMMANDS)
    assert modules == [
        "tests.extractors.blind_gate",
        "tests.extractors.measure_model",
        "tests.extractors.modality_model",
        "tests.extractors.oracle_ablation",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_quality_command_runs_as_written(command: str) -> None:
    out = _run(command)
    if "blind_gate" in command:
        assert re.search(r"^all: texts=\d+ gold_quantities=\d+", out, re.M)
        # --verbose: one line per miss, each naming its text and what went wrong
        assert re.search(r"^\w+ (MISS|WRONG|FALSE) ", out, re.M)
    elif "measure_model" in command:
        # one line per held-out set and one pooled: "dev8: rules R / P / S  learned R / P / S"
        figures = re.findall(
            r"^(\w+): +rules ([\d.]+) / ([\d.]+) / [\d.]+ +learned ([\d.]+) / ([\d.]+) / [\d.]+$",
            out,
            re.M,
        )
        assert [f[0] for f in figures] == [*TRAIN_SETS, "all"]

        def f1(r: str, p: str) -> float:
            return 2 * float(r) * float(p) / (float(r) + float(p))

        _, r0, p0, r1, p1 = figures[-1]
        assert f1(r1, p1) > f1(r0, p0)  # the README's claim: held out, it beats the rules
    elif "modality_model" in command:
        # "dev8: rules 0.927  learned 0.969  (96 claims)", one per held-out set, one pooled
        figures = re.findall(
            r"^(\w+): +rules ([\d.]+) +learned ([\d.]+) +\((\d+) claims\)$", out, re.M
        )
        held = [*modality_model.TRAIN_SETS, "all", *modality_model.UNSEEN_SETS]
        assert [f[0] for f in figures] == held
        _, rules, learned, _ = figures[len(modality_model.TRAIN_SETS)]
        assert float(learned) > float(rules)  # the README's claim: held out, it beats the rules
    else:
        rows = [line.split()[0] for line in out.splitlines()[1:] if line.strip()]
        assert rows == ["none", "heads", "antecedents", "owners", "syntax", "all"]
        recall = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()[1:]}
        assert 0.0 < recall["none"] <= 1.0
