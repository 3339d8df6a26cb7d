"""Which story a new article joins and which reading makes a version: no database needed."""

from __future__ import annotations

from claimwatch.extractors.near_dup import signature
from claimwatch.extractors.versioning import poorer_reading, story_for, version_outcome

WIRE = " ".join(
    f"Sentence {i} of the wire story says the administration objected to wider access."
    for i in range(30)
)
OTHER = " ".join(f"Unrelated paragraph {i} about a brewery and its beer." for i in range(30))


def test_a_near_duplicate_joins_the_story_of_its_nearest_copy() -> None:
    sig = signature(WIRE)
    edited = signature(WIRE.replace("Sentence 29", "Paragraph 29"))
    candidates = [("story-other", signature(OTHER)), ("story-wire", edited)]
    assert story_for("new-article", sig, candidates) == "story-wire"


def test_an_article_without_a_close_copy_is_a_story_of_its_own() -> None:
    assert story_for("new-article", signature(WIRE), [("s", signature(OTHER))]) == "new-article"
    assert story_for("new-article", signature(WIRE), []) == "new-article"
    assert story_for("new-article", (), [("s", signature(WIRE))]) == "new-article"


def test_the_most_similar_candidate_wins() -> None:
    sig = signature(WIRE)
    far = signature(WIRE.replace("Sentence 2", "Word 2").replace("Sentence 3", "Word 3"))
    assert story_for("n", sig, [("far", far), ("same", sig)]) == "same"


def test_similarity_is_near_dups_estimate() -> None:
    from claimwatch.extractors.near_dup import similarity
    from claimwatch.extractors.versioning import _similarity

    a, b = signature(WIRE), signature(WIRE.replace("Sentence 1 ", "Line 1 "))
    assert _similarity(a, b) == similarity(a, b) and 0 < similarity(a, b) < 1
    assert _similarity(a, ()) == similarity(a, ()) == 0.0


def test_a_poorer_reading_never_makes_a_version() -> None:
    assert poorer_reading("feed", "page") and poorer_reading("discovery", "feed")
    assert not poorer_reading("page", "feed") and not poorer_reading("page", None)
    assert version_outcome((2, "h2", "page"), "h3", "feed") == ("unchanged", 2)
    assert version_outcome((1, "h1", "feed"), "h2", "page") == ("changed", 2)


def test_versions_count_up_only_when_the_content_changes() -> None:
    assert version_outcome(None, "h1", "page") == ("new", 1)
    assert version_outcome((1, "h1", "page"), "h1", "page") == ("unchanged", 1)
    assert version_outcome((1, "h1", "page"), "h2", "page") == ("changed", 2)
