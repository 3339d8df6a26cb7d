"""The time each claim speaks of is set where the article's publication time is known (the
extract stage), by a real cycle over the sample feeds and by `reextract` for claims stored
before; the flag stage records disputes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from claimwatch.extractors import nlp as extractor_nlp
from claimwatch.flows import cycle
from claimwatch.flows.monitor import reextract_stored, run_cycle
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.settings import Settings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import Warehouse


def test_reextract_fills_as_of_for_claims_stored_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cw.duckdb"
    # A release before this one stored claims without as_of or the measure's subject.
    monkeypatch.setattr(cycle, "situate", lambda extraction, published_at, topic: extraction)
    with SampleServer() as server:
        topic = replace(
            load_topic("mythos", require_feeds=False), feeds=tuple(feed_specs(server.base_url))
        )
        summary = run_cycle(Settings(db_path=db, alerts=False), topic=topic)
    assert summary.counts["claims"] > 0
    wh = Warehouse(db)
    stored = "SELECT count(*), count(as_of_start), count(as_of_end) FROM claim_fact"
    [(n, starts, ends)] = wh.query(stored)[1]
    assert n > 0 and starts == ends == 0
    # The views read a claim without as_of as speaking of its publication (else first seen).
    _, rows = wh.query(
        "SELECT count(*) FROM claims c JOIN articles a USING (article_id, topic) "
        "WHERE c.as_of_start IS DISTINCT FROM coalesce(a.published_at, a.first_seen_at) "
        "OR c.as_of_end IS DISTINCT FROM c.as_of_start"
    )
    assert rows == [(0,)]

    monkeypatch.undo()
    monkeypatch.setattr(extractor_nlp, "EXTRACTOR_VERSION", "claims-as-of-test")
    again = reextract_stored(Settings(db_path=db))
    assert again.counts["versions_extracted"] > 0
    # Every claim now read carries the time it speaks of; measure claims carry the subject
    # the topic names for their measure.
    _, rows = wh.query(
        "SELECT count(*), count(c.as_of_start), count(c.as_of_end) FROM claim c "
        "JOIN current_extraction e USING (extraction_id)"
    )
    [(total, starts, ends)] = rows
    assert total > 0 and starts == ends == total
    _, rows = wh.query(
        "SELECT count(*) FILTER (WHERE subject IS NULL) FROM claims "
        "WHERE measure = 'orgs_with_access'"
    )
    assert rows == [(0,)]
    _, rows = wh.query("SELECT count(*) FROM claims WHERE as_of_start > as_of_end")
    assert rows == [(0,)]
