"""Documented means tested: the README's example digest is the text part of a digest claimwatch
really sends, for the scenario of tests/flows/test_digest_disputes.py (a dispute opens, an
outlet joins it, a correction resolves it), with a real warehouse and a real SMTP server."""

from __future__ import annotations

import re
from pathlib import Path

from claimwatch.flows.alerts import deliver_alerts
from claimwatch.warehouse.store import Warehouse
from tests.flows import test_alerts
from tests.flows.test_alerts import (
    HARBOR,
    TOPIC,
    Recorder,
    parts,
    poll,
    settings_for,
    smtp_at,
)
from tests.flows.test_digest_disputes import (
    FORTY_LAKESIDE,
    FORTY_METRO,
    HARBOR_CORRECTED,
    HOUR,
    T0,
)

recorder = test_alerts.recorder
wh = test_alerts.wh

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "### What the alert digest says"


def readme_example() -> list[str]:
    """The lines of the one ```text block between the heading and the next heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"\n{HEADING}\n", 1)[1]
    section = re.split(r"^#{1,6} ", section, maxsplit=1, flags=re.M)[0]
    blocks = re.findall(r"^```text\n(.*?)^```$", section, flags=re.S | re.M)
    assert len(blocks) == 1, f"expected one ```text block under {HEADING!r}"
    return blocks[0].splitlines()


def holds_run(lines: list[str], run: list[str]) -> bool:
    """Whether `run` appears in `lines` as consecutive whole lines."""
    return any(lines[i : i + len(run)] == run for i in range(len(lines) - len(run) + 1))


def test_the_readme_digest_example_is_the_text_of_a_digest_really_sent(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    example = readme_example()
    assert example, "the README's example digest is empty"

    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    steps = [
        [HARBOR, FORTY_METRO],  # Harbor says about 50, Metro about 40: a dispute opens
        [HARBOR, FORTY_METRO, FORTY_LAKESIDE],  # Lakeside joins those saying about 40
        [HARBOR_CORRECTED, FORTY_METRO, FORTY_LAKESIDE],  # Harbor's correction resolves it
    ]
    for n, items in enumerate(steps):
        at = T0 + n * HOUR
        poll(wh, at, items)
        assert deliver_alerts(wh, TOPIC, settings, at).status == "sent"

    texts = [parts(msg)[0].splitlines() for msg in server.accepted]
    assert len(texts) == len(steps)
    matching = [lines for lines in texts if holds_run(lines, example)]
    shown = "\n\n".join("\n".join(lines) for lines in texts)
    assert matching, f"the README example is not in any digest sent; they read:\n\n{shown}"
    # the example starts at the digest's headline, as a reader sees it
    assert matching[0][0] == example[0]
