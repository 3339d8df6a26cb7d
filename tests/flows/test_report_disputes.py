"""The report leads with disputes: a real warehouse (DuckDB in tmp_path) filled as a cycle fills
it (tests/flows/test_alerts.py: pages through the real page reader, claims stored, flags and
disputes detected), the analyst's word recorded, a page withdrawn on a revisit; then the page
`claimwatch report` writes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimwatch.flows.report import write_report
from claimwatch.warehouse.disputes import record_verdict
from claimwatch.warehouse.revisits import RevisitRecord
from claimwatch.warehouse.store import Warehouse
from tests.flows.test_alerts import HARBOR, TOPIC, Item, count_claim, page, poll, story_text
from tests.flows.test_digest_disputes import FORTY_LAKESIDE, FORTY_METRO, HARBOR_CORRECTED

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
S120 = "The plan would bring the total to about 120 organizations, officials said."
S200 = 'A draft <b>seen by</b> "us" would lift the total to about 200 organizations.'


def proposed(url: str, outlet: str, title: str, sentence: str, value: float) -> Item:
    c = replace(count_claim(value, sentence), modality="proposed")
    return Item(
        url, outlet, page(title, story_text(f"{outlet}'s Mythos reporting", sentence)), (c,)
    )


RIVER = proposed("https://river.example/plan", "River Post", "The Mythos plan", S120, 120)
WIRE = proposed("https://wire.example/draft", "Wire <Daily>", "Draft: Mythos access", S200, 200)
GONE = Item(
    "https://gone.example/mythos",
    "Gone Gazette",
    page("Mythos access story", story_text("Anthropic's Mythos access", "Talks go on.")),
)


@pytest.fixture
def filled(tmp_path: Path) -> Warehouse:
    """One dispute resolved by a correction, one open (and muted) over a proposed total, a
    rejected claim, and a page taken down."""
    wh = Warehouse(tmp_path / "report.duckdb", busy_timeout=5.0)
    wh.migrate()
    poll(wh, T0, [HARBOR, FORTY_METRO, GONE])
    poll(wh, T0 + HOUR, [HARBOR, FORTY_METRO, FORTY_LAKESIDE, RIVER, WIRE])
    poll(wh, T0 + 2 * HOUR, [HARBOR_CORRECTED, FORTY_METRO, FORTY_LAKESIDE, RIVER, WIRE])
    _, [(open_id,)] = wh.query("SELECT dispute_id FROM disputes WHERE status = 'open'")
    record_verdict(
        wh, "dispute", str(open_id), "mute", who="ana", why="draft <figures>",
        topic=TOPIC.name, at=T0 + 3 * HOUR,
    )  # fmt: skip
    _, [(claim_id,)] = wh.query(
        "SELECT claim_id FROM claims WHERE outlet = 'Metro Daily' ORDER BY version DESC LIMIT 1"
    )
    record_verdict(
        wh, "claim", str(claim_id), "reject", who="ben", why="misread: a quote of 2025",
        topic=TOPIC.name, at=T0 + 4 * HOUR,
    )  # fmt: skip
    _, [(gone_id,)] = wh.query(f"SELECT article_id FROM articles WHERE url = '{GONE.url}'")
    wh.start_run("run-revisit", TOPIC.name, T0 + 5 * HOUR)
    wh.record_revisits(
        "run-revisit",
        [RevisitRecord(str(gone_id), GONE.url, T0 + 5 * HOUR, "withdrawn", 410, check="withdrawn")],
        topic=TOPIC.name,
    )
    return wh


def test_report_leads_with_dispute_cards_and_shows_timelines_and_the_analysts_word(
    filled: Warehouse, tmp_path: Path
) -> None:
    page_ = write_report(filled, tmp_path / "r.html").read_text(encoding="utf-8")
    body = page_[page_.index("<body>") :]

    # The summary names what is in dispute; the first section after it is the dispute cards.
    summary = re.search(r'<dl class="summary">(.*?)</dl>', body, re.S)
    assert summary is not None
    said = re.sub(r"<[^>]+>", " ", summary.group(1))
    assert "In dispute" in said and "1 open dispute" in said
    assert "Proposed total of organizations with access" in said and "(muted)" in said
    first_h2 = re.search(r"<h2[^>]*>(.*?)</h2>", body)
    assert first_h2 is not None and first_h2.group(1) == "Disputes"
    cards = re.findall(r'<article class="dispute (\w+)" id="dispute-[^"]+">', body)
    assert cards == ["open", "resolved"]  # open before resolved
    assert body.index('class="dispute open"') < body.index("<h2>Numbers over time</h2>")

    open_card = body[body.index('class="dispute open"') : body.index('class="dispute resolved"')]
    # positions side by side, with their figures, outlets, strongest sentence, link and date
    assert open_card.count('<div class="position"') == 2
    assert "about 200" in open_card and "about 120" in open_card
    assert "River Post" in open_card and "Wire &lt;Daily&gt;" in open_card
    assert "&lt;b&gt;seen by&lt;/b&gt; &quot;us&quot;" in open_card and "<b>seen by" not in body
    assert 'href="https://river.example/plan"' in open_card and "2026-11-20" in open_card
    assert '<span class="badge muted">muted</span>' in open_card
    assert '<span class="badge majority">majority</span>' in open_card
    # its chart: inline SVG, one band per position and a dot per claim
    chart = re.search(r'<svg class="dispute-chart".*?</svg>', open_card, re.S)
    assert chart is not None
    assert chart.group(0).count('class="position-band"') == 2
    assert chart.group(0).count("<circle") == 2

    resolved = body[body.index('class="dispute resolved"') :]
    resolved = resolved[: resolved.index("</article>")]
    assert "resolved" in resolved and "version 2 of Harbor Ledger" in resolved
    assert "(correction)" in resolved and '<span class="badge outlier">outlier</span>' in resolved

    # The analyst's word: who, when, why (escaped)
    word = body[body.index('id="verdicts"') :]
    assert "muted dispute" in word and "ana" in word and "draft &lt;figures&gt;" in word
    assert "rejected claim" in word and "ben" in word and "misread: a quote of 2025" in word
    assert "2026-11-20 15:00 UTC" in word and "2026-11-20 16:00 UTC" in word

    # A timeline per article: versions with their change classes, and the page taken down.
    timeline = body[body.index('id="timelines"') : body.index('id="verdicts"')]
    harbor = timeline[timeline.index(HARBOR.url) :].split("</tr>")[0]
    assert "v1" in harbor and "v2" in harbor
    assert '<span class="badge">correction</span>' in harbor
    assert '<span class="badge">numbers</span>' in harbor
    gone = timeline[timeline.index(GONE.url) :].split("</tr>")[0]
    assert "taken down" in gone and "2026-11-20 17:00 UTC" in gone

    # self-contained: no scripts, nothing loaded from elsewhere
    assert "<script" not in page_.lower() and not re.search(r"\bsrc\s*=", page_)


def test_report_without_disputes_says_so(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "quiet.duckdb")
    wh.migrate()
    poll(wh, T0, [HARBOR])
    body = write_report(wh, tmp_path / "q.html").read_text(encoding="utf-8")
    assert "No disputes" in body
    said = re.sub(r"<[^>]+>", " ", body[body.index('<dl class="summary">') :])
    assert "In dispute" in said and "nothing" in said
