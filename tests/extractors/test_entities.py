"""Entity canonicalization: aliases, possessives and a leading "the" map to one name."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimwatch.extractors.entities import Gazetteer, normalize, ruler_patterns
from claimwatch.extractors.nlp import to_extraction
from claimwatch.extractors.topic import GazetteerEntry, Topic

WSJ = GazetteerEntry(
    "The Wall Street Journal", "ORG", ("Wall Street Journal", "WSJ", "the Journal")
)
WH = GazetteerEntry("White House", "ORG", ("the White House", "White House's"))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_entries([WSJ, WH])


@pytest.mark.parametrize(
    "text", ["WSJ", "The Wall Street Journal", "Wall Street Journal", "the Journal", "WSJ's"]
)
def test_journal_aliases(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.canonicalize(text) == "The Wall Street Journal"


@pytest.mark.parametrize(
    "text", ["the White House's", "White House", "the White House", "White House\u2019s"]
)
def test_possessive_and_article_stripped(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.canonicalize(text) == "White House"


def test_unknown_names_are_cleaned_not_invented(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonicalize("the Commerce Department's") == "Commerce Department"
    assert gazetteer.lookup("Commerce Department") is None


def test_normalize_is_case_insensitive() -> None:
    assert normalize("THE white house's") == normalize("White House")


def test_ruler_patterns_carry_the_canonical_id() -> None:
    patterns = ruler_patterns([WH], lambda s: s.replace("'s", " 's").split())
    assert {p["id"] for p in patterns} == {"White House"}
    shapes = [tuple(next(iter(t.values())) for t in p["pattern"]) for p in patterns]
    assert ("White", "House") in shapes
    assert ("the", "White", "House") in shapes  # the possessive 's is not part of the name


def test_pipeline_overrides_model_ner(nlp: Language, mythos: Topic) -> None:
    # en_core_web_sm tags Mythos LOC and Anthropic PERSON; the gazetteer ruler wins.
    ex = to_extraction(nlp("Anthropic showed Mythos to the White House's staff, WSJ said."), mythos)
    got = {(e.canonical, e.label) for e in ex.entities}
    assert ("Anthropic", "ORG") in got
    assert ("Mythos", "PRODUCT") in got
    assert ("White House", "ORG") in got
    assert ("The Wall Street Journal", "ORG") in got
