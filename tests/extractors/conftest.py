"""Session fixtures: the mythos topic and its pipeline, built once for the whole test run."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimwatch.extractors.nlp import build_pipeline
from claimwatch.extractors.topic import Topic, parse_topic

TOPIC_FILE = Path(__file__).resolve().parents[2] / "topics" / "mythos.toml"


@pytest.fixture(scope="session")
def mythos() -> Topic:
    return parse_topic(TOPIC_FILE.read_text(encoding="utf-8"), default_name="mythos")


@pytest.fixture(scope="session")
def nlp(mythos: Topic) -> Language:
    # build_pipeline caches per process, so extract_claims(topic=mythos) reuses this one.
    return build_pipeline(mythos)
