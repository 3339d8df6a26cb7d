"""Version changes: the word diff and the change classes, one behaviour per test."""

from __future__ import annotations

from claimwatch.extractors.changes import classify, primary_of, render, word_diff

BODY = (
    "The agency said on Monday that about 50 organizations now use the model. Officials "
    "declined to say when more would be admitted, and the company did not comment. The "
    "program began in the spring with a small group of critical-infrastructure operators."
)


def test_the_word_diff_marks_what_was_removed_and_added() -> None:
    new = BODY.replace("about 50", "about 60")
    segments = word_diff(BODY, new)
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [
        ("delete", "50"),
        ("insert", "60"),
    ]
    shown = render(segments, context=3)
    assert "[-50-] {+60+}" in shown and "…" in shown


def test_a_silent_number_change_is_numbers_only_when_values_changed() -> None:
    new = BODY.replace("about 50", "about 60")
    assert classify("T", BODY, "T", new, values_changed=True).classes == ("numbers",)
    # The same words swapped with no claim value changing is no class at all.
    assert classify("T", BODY, "T", BODY).primary is None


def test_a_correction_note_outranks_the_number_it_corrects() -> None:
    new = BODY.replace("about 50", "about 40") + (
        "\n\nCorrection: An earlier version of this article misstated the number of "
        "organizations using the model."
    )
    change = classify("T", BODY, "T", new, values_changed=True)
    assert change.primary == "correction"
    assert set(change.classes) == {"correction", "numbers", "update"}


def test_a_correction_kept_in_a_later_version_is_not_new() -> None:
    corrected = BODY + "\n\nCorrection: an earlier version misstated a date."
    later = corrected + " The agency added that a review is planned."
    assert "correction" not in classify("T", corrected, "T", later).classes


def test_an_update_paragraph_is_an_update() -> None:
    new = BODY + "\n\nUpdate: The company said late on Tuesday that it would respond this week."
    assert classify("T", BODY, "T", new).classes == ("update",)


def test_a_headline_only_change() -> None:
    change = classify("Old headline", BODY, "A sharper headline", BODY)
    assert change.classes == ("headline",) and change.primary == "headline"


def test_most_of_the_text_changed_is_a_rewrite() -> None:
    new = (
        "Lawmakers pressed the White House on Thursday to explain its position, in a letter "
        "signed by a dozen members of the committee who want a public hearing soon."
    )
    change = classify("T", BODY, "T", new)
    assert change.primary == "rewrite" and change.similarity < 0.5


def test_primary_order() -> None:
    assert primary_of({"headline", "update"}) == "update"
    assert primary_of({"headline", "numbers", "rewrite"}) == "numbers"
    assert primary_of(set()) is None


def test_the_diff_rebuilds_both_versions_wherever_the_edits_are() -> None:
    words = BODY.split()
    edits = [
        BODY,  # nothing changed
        "",  # everything removed
        "Breaking: " + BODY,  # at the start
        BODY + " More to come.",  # at the end
        " ".join(words[:5] + ["sixty"] + words[6:]),  # in the middle
        " ".join(words[1:-1]),  # both ends cut
        " ".join(reversed(words)),  # everything moved
    ]
    for new in edits:
        for old, changed in ((BODY, new), (new, BODY)):
            segments = word_diff(old, changed)
            kept_old = [s.text for s in segments if s.op in ("equal", "delete")]
            kept_new = [s.text for s in segments if s.op in ("equal", "insert")]
            assert " ".join(t for t in kept_old if t).split() == old.split()
            assert " ".join(t for t in kept_new if t).split() == changed.split()
