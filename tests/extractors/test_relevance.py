"""The Mythos model, not the Mythos video game, brewery or racehorse."""

from __future__ import annotations

import pytest

from claimwatch.extractors.relevance import is_on_topic, relevance_reason
from claimwatch.extractors.topic import RelevanceRule

RULE = RelevanceRule(
    all_of=(
        ("Mythos",),
        ("Anthropic", "Claude", "White House", "Trump administration", "AI model"),
    ),
    none_of=("video game", "PlayStation", "brewery", "craft beer", "racehorse", "Kentucky Derby"),
)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "White House presses Anthropic on Mythos access",
            "Officials asked how the company picks the groups that may use the model.",
        ),
        ("Talks over the model continue", "Anthropic's MYTHOS pilot now covers about 50 groups."),
        ("Access dispute", "The White\nHouse wants the Mythos expansion paused."),
    ],
)
def test_mythos_model_stories_are_on_topic(title: str, text: str) -> None:
    assert is_on_topic(RULE, title, text)


@pytest.mark.parametrize(
    ("title", "text", "decider"),
    [
        (
            "Mythos sequel delayed",
            "The studio said the Mythos video game will reach PlayStation in the spring. "
            "Its AI model for enemies was rewritten.",
            "video game",
        ),
        (
            "Mythos Brewing opens a taproom",
            "The brewery's Mythos pale ale is named after the White House garden tour.",
            "brewery",
        ),
        (
            "Mythos wins at Churchill Downs",
            "The racehorse Mythos, owned by a White House donor, won by two lengths.",
            "racehorse",
        ),
    ],
)
def test_other_mythoses_are_off_topic(title: str, text: str, decider: str) -> None:
    assert not is_on_topic(RULE, title, text)
    assert repr(decider) in relevance_reason(RULE, title, text)


def test_every_group_needs_a_match() -> None:
    title, text = "Mythos explained", "A primer on Greek myths and where they come from."
    assert not is_on_topic(RULE, title, text)
    assert "group 2" in relevance_reason(RULE, title, text)


def test_word_boundaries() -> None:
    # "Mythology" and "Anthropical" contain the terms but are other words.
    assert not is_on_topic(RULE, "Mythology and Anthropic", "")
    assert not is_on_topic(RULE, "Mythos", "an Anthropical study")


def test_reason_names_the_matching_terms() -> None:
    reason = relevance_reason(RULE, "Mythos", "The Trump administration objected.")
    assert reason.startswith("on topic") and "'Trump administration'" in reason
