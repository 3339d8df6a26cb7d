"""The HTML report: self-contained, escaped, both sides of every contradiction, points at
publication time with markers that stay apart, a summary first, and it renders."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimwatch.flows.cli import app
from claimwatch.flows.monitor import run_cycle
from claimwatch.flows.report import SPREAD, H, Point, W, render_report, report_points, write_report
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.store import Warehouse
from tests.support.httpserver import TestServer
from tests.warehouse.test_flags import T0, claim, seed_article

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
    # level/actual, level/proposed, delta/proposed
    assert page.count(f'<svg viewBox="0 0 {W} {H}"') == 3


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


# -- placement, markers and the summary ------------------------------------------------------


# Each outlet tells the story in its own words (alike texts would be one syndicated story,
# and copies of one story never contradict each other).
STORY = {
    "Harbor": "Anthropic and the White House disagree over how widely the Mythos model should be "
    "shared. Officials said its cyber abilities call for a slower rollout, while the company "
    "said demand is strong and that compute deals with cloud providers will ease the strain.",
    "River": "Executives at Anthropic told investors on a call that the Mythos waiting list keeps "
    "growing. Analysts expect regulators in Washington to push back, and several banks said "
    "they are testing the model for fraud detection and for reviewing old software.",
    "Metro": "A White House spokesperson said the administration wants a careful review before "
    "anyone else gets Mythos. Lawmakers from both parties asked for a briefing, and security "
    "researchers warned that the model finds flaws in widely used code faster than people.",
}


def _page(outlet: str, sentence: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{outlet}: the Mythos access dispute</title></head>"
        f"<body><article><h1>{outlet}: the Mythos access dispute</h1><p>{sentence}</p>"
        f"<p>{STORY[outlet]} Nobody involved expects the dispute to end before the new year, "
        "and the next round of talks has not been scheduled.</p></article></body></html>"
    ).encode()


def _rss(base: str, outlet: str, published: datetime) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>{base}/</link><item><title>{outlet}: the Mythos access dispute</title>"
        f"<link>{base}/{outlet}.html</link><guid>{base}/{outlet}.html</guid>"
        f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate></item></channel></rss>"
    ).encode()


def _atom(base: str, outlet: str, published: datetime, updated: datetime) -> bytes:
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{outlet}</title><id>{base}/{outlet}</id><updated>{updated.isoformat()}</updated>"
        f"<entry><title>{outlet}: the Mythos access dispute</title><id>{base}/{outlet}.html</id>"
        f'<link href="{base}/{outlet}.html"/><published>{published.isoformat()}</published>'
        f"<updated>{updated.isoformat()}</updated></entry></feed>"
    ).encode()


@pytest.fixture(scope="module")
def sampled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three outlets' articles published days apart, all fetched by one poll; a second poll
    finds one of them revised (with the update time its feed gives); one feed is dead."""
    db = tmp_path_factory.mktemp("report") / "cw.duckdb"
    dead = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    now = datetime.now(UTC).replace(microsecond=0)
    published = {"Harbor": now - timedelta(days=3), "River": now - timedelta(days=2)}
    published["Metro"] = now - timedelta(days=1)
    said = {
        "Harbor": "About 50 organizations have access to Mythos today, officials said.",
        "River": "More than 100 organizations have access to Mythos now, the company said.",
        "Metro": "About 50 organizations have access to Mythos, according to the White House.",
    }
    with TestServer() as server:
        base = server.base_url
        for outlet, sentence in said.items():
            server.static(f"/{outlet}.html", _page(outlet, sentence))
            if outlet != "Harbor":
                server.static(f"/{outlet}.xml", _rss(base, outlet, published[outlet]))
        harbor = published["Harbor"]
        server.static("/Harbor.xml", _atom(base, "Harbor", harbor, harbor))
        feeds = (*(server.url(f"/{o}.xml") for o in said), dead)
        settings = Settings(db_path=db, feeds=feeds, alerts=False)
        summary = run_cycle(settings)
        revised_at = now - timedelta(hours=12)
        server.static("/Harbor.xml", _atom(base, "Harbor", harbor, revised_at))
        server.static("/Harbor.html", _page("Harbor", said["Harbor"].replace("50", "45")))
        run_cycle(settings)
    return {"wh": Warehouse(db), "dead": dead, "summary": summary, "revised_at": revised_at}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _xs(svg: str) -> list[float]:
    """The x of each point's whisker in a chart."""
    return [float(x) for x in re.findall(r'<line x1="([\d.]+)" x2="\1"[^>]*opacity=".55"', svg)]


@pytest.mark.slow
def test_points_sit_at_publication_time_not_at_fetch_time(sampled: dict[str, Any]) -> None:
    wh = sampled["wh"]
    points = report_points(wh)
    _, rows = wh.query("SELECT article_id, published_at FROM articles")
    published = dict(rows)
    first = [p for p in points if p.version == 1]
    assert len(first) == 3 and all(p.placed_at == published[p.article_id] for p in first)
    assert {p.placed_by for p in first} == {"published"}
    # one poll fetched them all within seconds; they were published two days apart
    fetched = [p.observed_at for p in first]
    assert max(fetched) - min(fetched) < timedelta(minutes=5)
    placed = [p.placed_at for p in first]
    assert max(placed) - min(placed) == timedelta(days=2)
    # the revision sits at the update time its feed gave, not at the poll that found it
    [revised] = [p for p in points if p.version > 1]
    assert (revised.placed_at, revised.placed_by) == (sampled["revised_at"], "updated")
    assert revised.value == 45
    page = render_report(points, [], datetime.now(UTC))
    charts = re.findall(r"<svg viewBox.*?</svg>", page, re.S)
    xs = [x for chart in charts for x in _xs(chart)]
    assert len(xs) == len(points)
    # the main chart's points are spread over its width, not stacked in one column
    main = max(charts, key=lambda c: len(_xs(c)))
    assert max(_xs(main)) - min(_xs(main)) > W / 3


def test_overlapping_markers_stay_apart_each_outlet_with_its_own_shape() -> None:
    at = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

    def point(outlet: str, value: float, n: int) -> Point:
        return Point(
            measure="orgs_with_access",
            kind="level",
            modality="actual",
            outlet=outlet,
            url=f"https://{outlet.lower()}.example/{n}",
            article_id=f"{outlet}-{n}",
            version=1,
            observed_at=at,
            value=value,
            low=value * 0.9,
            high=value * 1.1,
            qualifier="approx",
            sentence=f"About {value:g} organizations have access.",
            placed_at=at,
            placed_by="published",
        )

    # Four outlets said the same number at the same time, one of them twice.
    points = [point(o, 50, 1) for o in ("Alpha", "Bravo", "Charlie", "Delta")]
    points += [point("Alpha", 50, 2), point("Bravo", 120, 3)]
    page = render_report(points, [], at + timedelta(days=1))
    [chart] = re.findall(r"<svg viewBox=\"0 0 1000.*?</svg>", page, re.S)
    xs = _xs(chart)
    same = sorted(xs[:5])  # the five equal claims
    assert all(b - a >= SPREAD - 0.5 for a, b in zip(same, same[1:], strict=False)), same
    assert xs[5] == pytest.approx(sorted(xs[:5])[2])  # 120 is clear of them: not moved
    # one shape per outlet, and the legend shows each outlet's shape
    assert "<circle" in chart and "<rect" in chart and "<polygon" in chart
    legend = re.search(r'<div class="legend">(.*?)</div>', page)
    assert legend is not None
    for outlet, tag in (("Alpha", "<circle"), ("Bravo", "<rect"), ("Charlie", "<polygon")):
        item = re.search(rf"<span><svg[^>]*>(.*?)</svg>{outlet}</span>", legend.group(1))
        assert item is not None and tag in item.group(1), outlet


@pytest.mark.slow
def test_the_report_opens_with_topic_last_run_failing_feeds_and_open_flags(
    sampled: dict[str, Any], tmp_path: Path
) -> None:
    wh = sampled["wh"]
    page = write_report(wh, tmp_path / "report.html").read_text(encoding="utf-8")
    summary = re.search(r'<dl class="summary">(.*?)</dl>', page)
    assert summary is not None and page.index('<dl class="summary">') < page.index("<h2>")
    text = re.sub(r"<[^>]+>", " ", summary.group(1))
    _, [(started,)] = wh.query("SELECT max(started_at) FROM runs")
    assert "Topic" in text and "mythos" in text
    assert started.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") in text
    assert "1 of 4" in text and sampled["dead"] in text and "(1 failure)" in text
    assert f'href="{sampled["dead"]}"' in summary.group(1)
    _, [(cross, drift)] = wh.query(
        "SELECT count(*) FILTER (WHERE kind = 'cross_outlet'), count(*) FILTER (WHERE kind = "
        "'drift') FROM contradictions WHERE current"
    )
    assert cross > 0
    assert f"{cross} contradiction" in text and f"{drift} drift" in text
