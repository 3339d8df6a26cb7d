"""Each new version is classed (headline, numbers, correction, update, rewrite) and the classes
are facts `article_versions` shows. Two real cycles over one outlet's feed and pages on a local
server, with the real spaCy model: between them the outlet corrects one article with a note,
adds a paragraph to another, retitles a third, changes a number in a fourth without a word,
and changes only the boilerplate around a fifth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest

from claimwatch.extractors import nlp as extractor_nlp
from claimwatch.flows.monitor import reextract_stored, run_cycle
from claimwatch.flows.settings import Settings
from claimwatch.warehouse.store import Warehouse
from tests.support.httpserver import TestServer

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
# Five stories in their own words (alike texts would be one syndicated story).
TEXTS = {
    "corrected": (
        "Mythos access stays narrow",
        "About 50 organizations have access to Mythos today, officials at the White House said. "
        "The administration wants a careful review before anyone else gets the AI model, and "
        "lawmakers from both parties asked Anthropic for a briefing on its plans this week.",
    ),
    "updated": (
        "Anthropic defends its Mythos rollout",
        "Executives at Anthropic told investors that the Mythos waiting list keeps growing. "
        "Analysts expect the White House to push back, and several banks said they are testing "
        "the AI model for fraud detection and for reviewing old software in their branches.",
    ),
    "retitled": (
        "Mythos talks stall",
        "Talks between Anthropic and the White House over the Mythos AI model have stalled, "
        "people familiar with the matter said. Neither side expects a deal before the new year, "
        "and the next round of meetings has not been put on anyone's calendar so far.",
    ),
    "silent": (
        "Who can use Mythos now",
        "About 60 organizations have access to Mythos, the AI model Anthropic built, according "
        "to the company. Most run power grids or water systems, and the White House has said it "
        "will not approve a wider release until a security review is finished.",
    ),
    "boilerplate": (
        "Security researchers weigh in on Mythos",
        "Security researchers warned that Mythos, the Anthropic AI model at the center of a "
        "dispute with the White House, finds flaws in widely used code faster than people can "
        "fix them, and urged both sides to agree on rules for disclosing what it finds.",
    ),
}
CORRECTION = (
    "Correction: An earlier version of this article misstated the number of organizations "
    "with access to Mythos."
)
UPDATE = "Update: Anthropic said late on Tuesday that it would answer the White House this week."


def page(title: str, body: str, *, chrome: str = "") -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>{chrome}"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


COOKIES = (
    '<div class="cookie-bar"><p>We have updated our cookie policy. The Desk and selected '
    "partners use cookies for site features, analytics and advertising.</p>"
    "<button>Got it</button></div>"
    '<nav><a href="/">The Desk</a> <a href="/local/">Local</a> <a href="/world/">World</a></nav>'
)


def feed(base: str, titles: dict[str, str], at: datetime) -> bytes:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{base}/{key}.html</link>"
        f"<guid>{base}/{key}.html</guid><pubDate>{format_datetime(at, usegmt=True)}</pubDate>"
        "</item>"
        for key, t in titles.items()
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>The Desk</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def classed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db: Path = tmp_path_factory.mktemp("classes") / "cw.duckdb"
    with TestServer() as server:
        base = server.base_url
        for key, (title, body) in TEXTS.items():
            server.static(f"/{key}.html", page(title, body))
        titles = {key: title for key, (title, _) in TEXTS.items()}
        server.static("/desk.xml", feed(base, titles, T0))
        settings = Settings(db_path=db, feeds=(server.url("/desk.xml"),), alerts=False)
        first = run_cycle(settings)

        edits = dict(TEXTS)
        title, body = TEXTS["corrected"]
        edits["corrected"] = (title, body.replace("About 50", "About 40") + "\n\n" + CORRECTION)
        title, body = TEXTS["updated"]
        edits["updated"] = (title, body + "\n\n" + UPDATE)
        edits["retitled"] = (
            "Anthropic and White House talks on Mythos stall",
            TEXTS["retitled"][1],
        )
        title, body = TEXTS["silent"]
        edits["silent"] = (title, body.replace("About 60", "About 75"))
        for key, (title, body) in edits.items():
            chrome = COOKIES if key == "boilerplate" else ""
            server.static(f"/{key}.html", page(title, body, chrome=chrome))
        # The feed says each entry was updated, so every page is read again.
        titles = {key: title for key, (title, _) in edits.items()}
        server.static("/desk.xml", feed(base, titles, T0 + timedelta(hours=5)))
        second = run_cycle(settings)
    return {"db": db, "base": base, "summaries": (first, second)}


def _classes(wh: Warehouse, base: str) -> dict[str, list[tuple[int, list[str] | None, str | None]]]:
    _, rows = wh.query(
        "SELECT url, version, change_classes, change_class FROM article_versions "
        "ORDER BY url, version"
    )
    out: dict[str, list[tuple[int, list[str] | None, str | None]]] = {}
    for url, version, classes, primary in rows:
        key = url.removeprefix(f"{base}/").removesuffix(".html")
        out.setdefault(key, []).append((version, classes, primary))
    return out


def test_every_change_gets_its_classes_and_boilerplate_makes_no_version(
    classed: dict[str, Any],
) -> None:
    first, second = classed["summaries"]
    assert first.counts["articles_new"] == 5
    assert second.counts["articles_changed"] == 4
    assert _classes(Warehouse(classed["db"]), classed["base"]) == {
        "corrected": [(1, None, None), (2, ["correction", "numbers", "update"], "correction")],
        "updated": [(1, None, None), (2, ["update"], "update")],
        "retitled": [(1, None, None), (2, ["headline"], "headline")],
        "silent": [(1, None, None), (2, ["numbers"], "numbers")],
        "boilerplate": [(1, None, None)],
    }


def test_a_number_changed_without_a_note_is_numbers_and_drift(classed: dict[str, Any]) -> None:
    wh = Warehouse(classed["db"])
    silent = f"{classed['base']}/silent.html"
    _, flags = wh.query(
        f"SELECT a_value, b_value FROM contradictions WHERE kind = 'drift' AND b_url = '{silent}'"
    )
    assert [(int(a), int(b)) for a, b in flags] == [(60, 75)]
    # The class is a fact of the flag stage, tied to the extraction that read the numbers.
    _, facts = wh.query(
        "SELECT class, topic, extractor_version IS NOT NULL FROM version_class_fact "
        "WHERE class = 'numbers' ORDER BY article_id"
    )
    assert facts == [("numbers", "mythos", True)] * 2


def test_reextraction_and_reruns_add_no_class_twice(
    classed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    wh = Warehouse(classed["db"])
    before = _classes(wh, classed["base"])
    _, facts_before = wh.query("SELECT count(*) FROM version_class_fact")
    # The same extractor again: nothing to read, nothing to record.
    reextract_stored(Settings(db_path=classed["db"]))
    _, facts = wh.query("SELECT count(*) FROM version_class_fact")
    assert facts == facts_before
    # A new extractor reads every version again; the view shows each class once.
    monkeypatch.setattr(extractor_nlp, "EXTRACTOR_VERSION", "claims-test-classes")
    summary = reextract_stored(Settings(db_path=classed["db"]))
    assert summary.counts["versions_extracted"] > 0
    assert _classes(wh, classed["base"]) == before
    _, numbers = wh.query(
        "SELECT count(*), count(DISTINCT extractor_version) FROM version_class_fact "
        "WHERE class = 'numbers'"
    )
    assert numbers == [(4, 2)]  # each numbers change under each extraction that saw it
