"""Re-extraction derives claims again from stored text when the extractor changes, fetching
nothing; settings come from the environment through one reader."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import extractors.nlp
from flows.monitor import reextract_stored, run_cycle
from flows.sample_server import SampleServer, feed_specs
from flows.settings import Settings, SettingsError, settings_from_env
from flows.topics import load_topic
from warehouse.store import Warehouse


def test_reextract_rederives_claims_without_fetching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cw.duckdb"
    with SampleServer() as server:
        topic = replace(
            load_topic("mythos", require_feeds=False), feeds=tuple(feed_specs(server.base_url))
        )
        run_cycle(Settings(db_path=db, alerts=False), topic=topic)
        wh = Warehouse(db)
        _, before = wh.query("SELECT count(*), min(extractor_version) FROM claims")
        server.clear_requests()

        monkeypatch.setattr(extractors.nlp, "EXTRACTOR_VERSION", "claims-test-next")
        summary = reextract_stored(Settings(db_path=db))
        assert server.requests == []  # nothing fetched

    assert summary.counts["versions_extracted"] > 0
    _, after = wh.query(
        "SELECT count(*), min(extractor_version), max(extractor_version) FROM claims"
    )
    assert after == [(before[0][0], "claims-test-next", "claims-test-next")]
    _, rows = wh.query("SELECT DISTINCT extractor_version FROM extraction ORDER BY 1")
    assert [r[0] for r in rows] == [before[0][1], "claims-test-next"]  # history kept
    again = reextract_stored(Settings(db_path=db))
    assert again.counts["versions_extracted"] == 0  # nothing left for this extractor


def test_settings_come_from_the_environment_and_options_win() -> None:
    env = {
        "CLAIMWATCH_SMTP_HOST": "127.0.0.1",
        "CLAIMWATCH_SMTP_PORT": "2525",
        "CLAIMWATCH_SMTP_PASSWORD": "hunter2",
        "CLAIMWATCH_ALERT_TO": "a@example.org, b@example.org",
        "CLAIMWATCH_NLP_PROCESSES": "2",
        "CLAIMWATCH_SPACY_MODEL": "en_core_web_md",
    }
    settings = settings_from_env(env, model="en_core_web_sm")
    assert settings.smtp is not None and settings.smtp.recipients == (
        "a@example.org",
        "b@example.org",
    )
    assert settings.n_process == 2 and settings.model == "en_core_web_sm"
    assert "hunter2" not in repr(settings)
    with pytest.raises(SettingsError, match="CLAIMWATCH_SMTP_PORT"):
        settings_from_env({**env, "CLAIMWATCH_SMTP_PORT": "smtp"})
    with pytest.raises(SettingsError, match="CLAIMWATCH_ALERT_TO"):
        settings_from_env({"CLAIMWATCH_SMTP_HOST": "127.0.0.1"})
    assert settings_from_env({}).smtp is None
