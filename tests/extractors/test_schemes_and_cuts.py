"""claims-23 (issue 13): subsets a measure names by a noun of several words, counts a verb takes
off, units a description excludes, and figures whose kind the text's arithmetic gives, as dev
set 17's coverage (the Mythos dispute in eighteen more styles, a town's housing scheme) writes
them.

- A measure of "affordable homes" counts "310 affordable homes", "up to 40 further affordable
  flats", "1,050 homes, 260 of them affordable" (260: a part of the homes, and just what the
  measure counts) and a line "Affordable homes offered: 260"; not the 1,050.
- A description that says "a share given as a percentage is not this measure" makes no
  measure of percentages.
- "cutting 180 homes", "the revised plan removes 180 dwellings": a fall of a measure of homes
  (-180); "cut 1,300 jobs" stays the level of a measure that counts job cuts.
- "the 35 newcomers", "38 additions" are changes of the count, and the measure's (a noun for those
  let in); "a second tranche of 20", "waves of 25 and 30" are changes (one batch of additions),
  not "its initial cohort of about 50" (the program's start).
- A bare count set against a change ("around 20 more organizations, instead of the roughly
  70") is one too.
- "a number in the thirties", "the low 50s" are vague counts ([30, 39], [50, 53]); not "since
  the nineties" (years) or "highs in the upper 80s" (degrees).
- With about 50 organizations in the program (said twice) and 120 proposed in total, a bare
  proposed 70 is the addition (120 - 50), and a bare proposed 20 (below the present 50, in a
  story of additions) is one too; the present count itself stays a level.

The sentences are this file's own, on the Mythos dispute and a made-up town's housing scheme.
"""

from __future__ import annotations

from decimal import Decimal

from claimwatch.extractors.claims.discourse import units_of
from tests.extractors.topic_kit import MYTHOS, by_text, topic_of

HOUSING = """
name = "housing"

[[entities]]
name = "Kestrel Homes"
label = "ORG"
aliases = ["Kestrel"]

[[entities]]
name = "Marlow Fen"
label = "GPE"
aliases = ["the town"]

[[measures]]
name = "homes_planned"
description = \"\"\"How many homes Kestrel Homes' scheme at the Marlow Fen gasworks has, would have
or may have (level), or how many more or fewer (delta). Homes in other schemes are not this
measure.\"\"\"
subject = "Kestrel Homes"
nouns = ["home", "house", "flat", "dwelling", "unit"]
context = ["build", "scheme", "plan", "application", "approve", "permission", "cut", "reduce"]

[[measures]]
name = "affordable_homes"
description = \"\"\"How many of the scheme's homes are affordable (level), or how many more or
fewer (delta). A share given as a percentage is not this measure (it is a percentage).\"\"\"
subject = "Kestrel Homes"
nouns = ["affordable home", "affordable house", "affordable flat", "affordable"]
context = ["affordable", "social rent", "shared ownership"]
"""

JOB_CUTS = """
name = "job_cuts"

[[entities]]
name = "Orvane Motors"
label = "ORG"
aliases = ["Orvane"]

[[measures]]
name = "jobs_cut"
description = "How many jobs Orvane Motors says it will cut or has cut"
subject = "Orvane Motors"
nouns = ["job", "position", "role", "worker"]
context = ["cut", "eliminate", "lay off", "layoff", "redundancy"]
"""


def _measures(text: str, spec: str) -> dict[str, tuple[str, str, Decimal]]:
    """Each claim's (measure, kind, value) by its text as written."""
    return {text: (c.measure, c.kind, c.value) for text, c in by_text(text, topic_of(spec)).items()}


def test_an_exclusion_sentence_names_no_unit_of_the_measure() -> None:
    measures = {m.name: m for m in topic_of(HOUSING).measures}
    assert units_of(measures["affordable_homes"]) == {"count"}
    assert units_of(measures["homes_planned"]) == {"count"}


def test_affordable_homes_by_their_own_words() -> None:
    text = (
        "Kestrel submits gasworks plan\n\n"
        "Kestrel Homes has applied to build 1,050 homes at the old gasworks in Marlow Fen, "
        "260 of them affordable. Residents' groups want 310 affordable homes in the scheme."
    )
    found = _measures(text, HOUSING)
    assert found["1,050"][0] == "homes_planned"
    assert found["260"][0] == "affordable_homes"
    assert found["310"][0] == "affordable_homes"


def test_a_further_count_of_affordable_flats() -> None:
    text = (
        "Kestrel's gasworks scheme approved\n\n"
        "The committee approved the scheme on Tuesday. If sales beat the forecast, Kestrel must "
        "provide up to 40 further affordable flats at the gasworks."
    )
    assert _measures(text, HOUSING)["up to 40"][0] == "affordable_homes"


def test_a_line_label_names_the_subset() -> None:
    text = (
        "Kestrel's revised gasworks application\n\n"
        "The revised application for the Marlow Fen gasworks scheme, in brief:\n\n"
        "Homes applied for: 1,050\n\n"
        "Affordable homes offered: 260\n"
    )
    found = _measures(text, HOUSING)
    assert found["260"][0] == "affordable_homes"
    assert found["1,050"][0] != "affordable_homes"


def test_homes_cut_from_a_scheme_are_a_fall_of_it() -> None:
    text = (
        "Kestrel trims gasworks scheme\n\n"
        "Kestrel Homes said it had listened to residents, cutting 180 homes from its gasworks "
        "scheme in Marlow Fen."
    )
    measure, kind, value = _measures(text, HOUSING)["180"]
    assert (measure, kind, value) == ("homes_planned", "delta", Decimal(-180))


def test_a_measure_of_cuts_keeps_them_as_its_level() -> None:
    text = "Orvane to cut jobs\n\nOrvane Motors said on Monday it would cut 1,300 jobs this year."
    assert _measures(text, JOB_CUTS)["1,300"] == ("jobs_cut", "level", Decimal(1300))


MYTHOS_STORY = (
    "White House and Anthropic far apart on Mythos\n\n"
    "About 50 organizations have access to Mythos today. Anthropic has asked the White House to "
    "approve about 120 in total.\n\n"
    "Anthropic's proposal of 70 was an opening bid. Officials say they would accept 15 more this "
    "quarter, and have floated 20 for the year, according to two people briefed on the talks.\n\n"
    "Whatever the outcome, the 50 organizations with access keep it."
)


def test_a_bare_proposal_is_an_addition_when_the_arithmetic_says_so() -> None:
    found = by_text(MYTHOS_STORY, topic_of(MYTHOS))
    assert (found["20"].measure, found["20"].kind) == ("orgs_with_access", "delta")
    assert (found["70"].measure, found["70"].kind) == ("orgs_with_access", "delta")
    # the present count and the proposed total stay levels
    assert found["About 50"].kind == "level"
    assert found["about 120"].kind == "level"


def test_newcomers_and_batches_are_additions() -> None:
    text = (
        "Mythos deal reached\n\n"
        "Anthropic gave access to Mythos to an initial cohort of about 50 organizations in "
        "April. Under Wednesday's deal, Anthropic may admit 35 newcomers to the program by June "
        "30, and a second tranche of 20 could follow after a security review."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert (found["35"].measure, found["35"].kind) == ("orgs_with_access", "delta")
    assert (found["20"].measure, found["20"].kind) == ("orgs_with_access", "delta")
    assert found["about 50"].kind == "level"


def test_a_figure_set_against_a_change_is_one() -> None:
    text = (
        "White House counters on Mythos\n\n"
        "About 50 organizations use Mythos today. The White House would approve around 20 more "
        "organizations, instead of the roughly 70 that Anthropic had requested."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert (found["roughly 70"].measure, found["roughly 70"].kind) == ("orgs_with_access", "delta")


def test_decades_of_numbers_are_vague_counts() -> None:
    text = (
        "Mythos talks narrow\n\n"
        "Mythos is in the low 50s today, and officials say a number in the thirties could be "
        "added. Rules on such models have changed since the nineties. Highs in the upper 80s "
        "are forecast for the capital."
    )
    found = by_text(text, topic_of(MYTHOS))
    assert (found["low 50s"].low, found["low 50s"].high) == (50, 53)
    assert found["low 50s"].qualifier == "vague"
    assert (found["thirties"].low, found["thirties"].high) == (30, 39)
    assert "nineties" not in found
    assert "upper 80s" not in found
