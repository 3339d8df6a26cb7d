"""Re-extraction derives claims again from stored text when the extractor changes, fetching
nothing; settings come from the environment through one reader."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest

from claimwatch.extractors import nlp as extractor_nlp
from claimwatch.flows.monitor import reextract_stored, run_cycle
from claimwatch.flows.sample_server import SampleServer, feed_specs
from claimwatch.flows.settings import Settings, SettingsError, settings_from_env
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.store import Warehouse


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

        monkeypatch.setattr(extractor_nlp, "EXTRACTOR_VERSION", "claims-test-next")
        summary = reextract_stored(Settings(db_path=db))
        assert server.requests == []  # nothing fetched

    assert summary.counts["versions_extracted"] > 0
    _, after = wh.query("SELECT count(*), count(DISTINCT extractor_version) FROM claims")
    assert after == [(before[0][0], 1)]
    _, rows = wh.query("SELECT DISTINCT extractor_version FROM claims")
    assert rows[0][0].startswith("claims-test-next+") and rows[0][0] != before[0][1]
    _, rows = wh.query("SELECT count(DISTINCT extractor_version) FROM extraction")
    assert rows == [(2,)]  # history kept
    again = reextract_stored(Settings(db_path=db))
    assert again.counts["versions_extracted"] == 0  # nothing left for this extractor


def test_editing_the_topic_rederives_exactly_the_claims_it_changes(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    with SampleServer() as server:
        topic = replace(
            load_topic("mythos", require_feeds=False), feeds=tuple(feed_specs(server.base_url))
        )
        first = run_cycle(Settings(db_path=db, alerts=False), topic=topic)
    wh = Warehouse(db)
    assert first.counts["versions_extracted"] > 0
    # Unchanged topic and model: nothing to do.
    assert reextract_stored(Settings(db_path=db)).counts["versions_extracted"] == 0

    # A topic file that also watches how many courts hear the lawsuits.
    edited = tmp_path / "mythos.toml"
    source = files("claimwatch.topics").joinpath("mythos.toml").read_text(encoding="utf-8")
    edited.write_text(
        source
        + '\n[[measures]]\nname = "courts"\ndescription = "courts hearing the lawsuits"\n'
        + 'nouns = ["court"]\ncontext = ["lawsuit", "court", "case"]\n',
        encoding="utf-8",
    )
    summary = reextract_stored(Settings(db_path=db, topic=str(edited)))
    assert summary.counts["versions_extracted"] == first.counts["versions_extracted"]
    _, rows = wh.query("SELECT count(*) FROM claims WHERE measure = 'courts'")
    assert rows[0][0] > 0
    assert (
        reextract_stored(Settings(db_path=db, topic=str(edited))).counts["versions_extracted"] == 0
    )


def test_reextract_with_an_unknown_model_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "cw.duckdb"
    Warehouse(db).migrate()
    out = subprocess.run(
        [sys.executable, "-m", "claimwatch.flows.cli", "reextract", "--db", str(db),
         "--model", "no_such_model_xyz"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("error: no spaCy model")
    assert "Traceback" not in out.stderr


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
