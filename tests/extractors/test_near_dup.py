"""Syndication: one wire story at several outlets groups; different stories do not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimwatch.extractors.near_dup import SYNDICATION_THRESHOLD, band_keys, signature, similarity

CASES = Path(__file__).parent / "cases"
WIRE = (CASES / "wire_story.txt").read_text(encoding="utf-8")
OTHER = (CASES / "other_story.txt").read_text(encoding="utf-8")

# How two outlets dress the same wire copy: their own intro line and sign-off.
HARBOR_COPY = (
    "This article was originally published by Tidewater Wire.\n"
    + WIRE
    + "\nReporting by Tidewater Wire staff; additional reporting by The Harbor Ledger."
)
LANTERN_COPY = (
    WIRE.replace("  ", " ")
    + "\nRead more: The Lantern Review's coverage of AI policy.\nCopyright 2025 Tidewater Wire."
)


def test_syndicated_copies_group() -> None:
    a, b = signature(HARBOR_COPY), signature(LANTERN_COPY)
    assert len(a) == 64
    assert similarity(a, b) >= SYNDICATION_THRESHOLD
    assert set(band_keys(a)) & set(band_keys(b))


def test_different_stories_do_not_group() -> None:
    a, b = signature(WIRE), signature(OTHER)
    assert similarity(a, b) < 0.2
    assert not set(band_keys(a)) & set(band_keys(b))


def test_short_texts_get_no_signature_and_never_group() -> None:
    teaser = "The White House asked Anthropic to pause the Mythos expansion, officials said."
    assert signature(teaser) == ()
    assert band_keys(()) == []
    assert similarity((), ()) == 0.0


def test_signature_ignores_case_and_whitespace() -> None:
    assert signature(WIRE) == signature("  " + WIRE.upper().replace(" ", "\u00a0 "))


@pytest.mark.slow  # spawns an interpreter
def test_signature_is_stable_across_processes() -> None:
    code = (
        "from pathlib import Path; from claimwatch.extractors.near_dup import signature; "
        f"print(signature(Path({str(CASES / 'wire_story.txt')!r}).read_text('utf-8')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert out.strip() == str(signature(WIRE))
