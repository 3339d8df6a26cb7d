"""The HTML report: self-contained, escaped, both sides of every contradiction, renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.report import write_report
from tests.warehouse.test_flags import T0, claim, seed_article
from warehouse.flags import detect_flags
from warehouse.store import Warehouse

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)

HOSTILE = 'Officials said <script>alert("x")</script> 40 organizations & more have access.'


@pytest.fixture
def seeded(tmp_path: Path) -> Warehouse:
    wh = Warehouse(tmp_path / "report.duckdb", busy_timeout=2.0)
    wh.migrate()
    seed_article(
        wh,
        "https://harbor.example/a?x=1&y=2",
        "Harbor <Ledger>",
        [[claim(40, sentence=HOSTILE)], [claim(45, sentence="Now 45 organizations have access.")]],
    )
    seed_article(
        wh,
        "https://metro.example/b",
        "Metro Daily",
        [
            [
                claim(
                    70,
                    kind="delta",
                    modality="proposed",
                    start=10,
                    sentence="About 70 additional enterprises would bring the total to around 120.",
                ),
                claim(
                    120,
                    modality="proposed",
                    start=60,
                    sentence="About 70 additional enterprises would bring the total to around 120.",
                ),
            ]
        ],
        at=T0 + timedelta(hours=3),
    )
    seed_article(
        wh,
        "https://river.example/c",
        "River Post",
        [[claim(100, "more_than", sentence="More than 100 organizations now have access.")]],
        at=T0 + timedelta(days=1),
    )
    detect_flags(wh, T0 + timedelta(days=2))
    return wh


def test_report_is_self_contained_escaped_and_shows_both_sentences(
    seeded: Warehouse, tmp_path: Path
) -> None:
    out = write_report(seeded, tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # nothing loaded from elsewhere: no scripts at all, no external styles, fonts or images
    assert "<script" not in page.lower()
    assert not re.search(r"""<(link|img|iframe|object|embed)\b""", page, re.I)
    assert not re.search(r"""\bsrc\s*=""", page, re.I)
    assert "@import" not in page and "url(" not in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs)
    assert all(not h.endswith((".css", ".js")) for h in hrefs)
    # article text is escaped, not interpreted
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Harbor &lt;Ledger&gt;" in page and "Harbor <Ledger>" not in page
    assert 'href="https://harbor.example/a?x=1&amp;y=2"' in page
    # the cross-outlet contradiction (Harbor 40 vs River >100): both sentences and both links
    assert "More than 100 organizations now have access." in page
    assert 'href="https://river.example/c"' in page
    # the drift 40 -> 45 of Harbor's article, and the charts
    assert "Now 45 organizations have access." in page
    assert page.count("<svg") == 3  # level/actual, level/proposed, delta/proposed


def test_report_of_an_empty_warehouse_says_so(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "empty.duckdb")
    wh.migrate()
    page = write_report(wh, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No numeric claims" in page and "No outlets contradict" in page


def test_cli_report_and_a_missing_database(seeded: Warehouse, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli.html"
    ok = runner.invoke(app, ["report", "--db", str(seeded.path), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert f"wrote {out}" in ok.output and out.read_text(encoding="utf-8").startswith("<!DOCTYPE")
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 1 and "error: database" in missing.output
    assert "Traceback" not in missing.output


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (Debian: apt-get install chromium); CI installs it",
)
def test_report_renders_in_headless_chromium(seeded: Warehouse, tmp_path: Path) -> None:
    report = write_report(seeded, tmp_path / "report.html")
    png = tmp_path / "report.png"
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            f"--screenshot={png}",
            "--window-size=1200,2000",
            report.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 2000)
    assert len(data) > 20_000  # a blank page compresses to a few KB; charts and text do not
