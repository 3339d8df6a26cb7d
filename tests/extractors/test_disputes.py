"""Disputes: comparable claims clustered into positions, one behaviour per test. The first ten
follow the fixtures of issue 15, item 8 (muting and rejecting are the warehouse's)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from claimwatch.extractors.disputes import (
    Dispute,
    DisputeClaim,
    build_disputes,
    carry_ids,
    compare_runs,
    dispute_id,
    is_narrow,
    positions_of,
    time_slices,
)
from claimwatch.extractors.timeref import resolve_as_of

T0 = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)
MONDAY = datetime(2026, 4, 13, tzinfo=UTC)  # the week of a developing story


def about(v: int) -> tuple[Decimal, Decimal]:
    d = Decimal(v)
    return d * Decimal("0.9"), d * Decimal("1.1")


def claim(
    cid: str,
    outlet: str,
    value: int,
    *,
    bounds: tuple[Decimal | None, Decimal | None] | None = None,
    story: str | None = None,
    published: datetime = T0,
    sentence: str | None = None,
    measure: str = "organizations",
    kind: str = "level",
    modality: str = "proposed",
    subject: str | None = "Mythos",
    derived: bool = False,
    proposal: str | None = None,
) -> DisputeClaim:
    low, high = bounds if bounds is not None else about(value)
    as_of = resolve_as_of(sentence, published) if sentence is not None else None
    return DisputeClaim(
        claim_id=cid,
        outlet=outlet,
        story_id=story or f"story-{cid}",
        url=f"https://{outlet.lower().replace(' ', '')}.example/{cid}",
        measure=measure,
        kind=kind,
        modality=modality,
        subject=subject,
        value=Decimal(value),
        low=low,
        high=high,
        published_at=published,
        as_of=as_of,
        derived=derived,
        proposal=proposal,
    )


def majority_of_six() -> list[DisputeClaim]:
    """Six outlets, six stories: a proposed total of about 120."""
    return [claim(f"m{i}", f"Outlet {i}", 120, published=T0 + timedelta(hours=i)) for i in range(6)]


def only(disputes: tuple[Dispute, ...]) -> Dispute:
    assert len(disputes) == 1, disputes
    return disputes[0]


def at(day_offset: int, hour: int) -> datetime:
    return MONDAY + timedelta(days=day_offset, hours=hour)


def rising_story() -> list[DisputeClaim]:
    """Sites affected: about 30 on Monday, about 55 on Wednesday, told by seven outlets on the
    days themselves and the days after."""
    c = lambda cid, outlet, value, published, sentence: claim(  # noqa: E731
        cid, outlet, value, published=published, sentence=sentence, measure="sites",
        modality="actual", subject="outage",
    )  # fmt: skip
    return [
        c("a", "A", 30, at(0, 10), "About 30 sites are affected."),
        c("b", "B", 30, at(0, 16), "Some 30 sites were down, officials said."),
        c("c", "C", 30, at(1, 9), "By Monday evening, about 30 sites were affected."),
        c("d", "D", 55, at(2, 11), "About 55 sites are now affected."),
        c("e", "E", 55, at(2, 18), "Roughly 55 sites were down."),
        c("f", "F", 55, at(3, 8), "On Wednesday, about 55 sites were affected."),
        c("g", "G", 55, at(3, 9), "On Wednesday about 55 sites were hit."),
    ]


# --- the fixtures of issue 15, item 8 --------------------------------------------------------


def test_one_outlier_against_a_majority_is_one_dispute_of_two_positions() -> None:
    dispute = only(build_disputes([*majority_of_six(), claim("x", "Outlier", 200)]))
    low, high = dispute.positions
    assert (low.values, high.values) == ((Decimal(120),), (Decimal(200),))
    assert low.majority and not high.majority
    assert len(low.outlets) == 6 and high.outlets == ("Outlier",)
    assert dispute.outlets == tuple(sorted({*low.outlets, "Outlier"}))


def test_three_positions_read_like_the_news() -> None:
    claims = [
        *majority_of_six()[:5],
        claim("m5b", "Outlet 4", 120, story="story-m5b"),  # five outlets, six stories
        claim("x", "High", 200),
        claim("y", "Low", 80, bounds=(Decimal(80), Decimal(80))),  # "80 in all"
    ]
    dispute = only(build_disputes(claims))
    assert [p.values for p in dispute.positions] == [
        (Decimal(80),),
        (Decimal(120),),
        (Decimal(200),),
    ]
    middle = dispute.positions[1]
    assert middle.majority and (len(middle.outlets), len(middle.stories)) == (5, 6)


def test_a_syndicated_majority_counts_once() -> None:
    wire = [claim(f"w{i}", f"Paper {i}", 120, story="wire-1") for i in range(5)]
    independent = [claim("i1", "Daily", 200), claim("i2", "Weekly", 200)]
    dispute = only(build_disputes([*wire, *independent]))
    by_value = {p.values: p for p in dispute.positions}
    assert by_value[(Decimal(120),)].stories == ("wire-1",)
    assert len(by_value[(Decimal(120),)].outlets) == 5
    # Two stories beat five copies of one.
    assert by_value[(Decimal(200),)].majority and not by_value[(Decimal(120),)].majority


def test_a_wide_claim_compatible_with_two_positions_joins_the_larger() -> None:
    more_than = claim("mt", "Vague", 100, bounds=(Decimal(100), None))  # "more than 100"
    claims = [*majority_of_six()[:3], claim("x", "Outlier", 200), more_than]
    dispute = only(build_disputes(claims))
    assert len(dispute.positions) == 2  # it neither splits nor adds a position
    larger = dispute.majority
    assert "mt" in larger.claim_ids and larger.joined_claim_ids == ("mt",)
    assert "mt" not in dispute.positions[1].claim_ids


def test_a_dispute_resolved_by_a_correction() -> None:
    before = build_disputes([*majority_of_six(), claim("x", "Outlier", 200)])
    corrected = claim("x2", "Outlier", 120, story="story-x")  # the corrected version
    after = build_disputes([*majority_of_six(), corrected])
    assert after == ()
    [change] = compare_runs(before, after)
    assert (change.change, change.dispute_id) == ("resolved", before[0].dispute_id)


def test_a_new_outlet_joining_a_position_keeps_the_dispute() -> None:
    claims = [*majority_of_six()[:3], claim("x", "Outlier", 200)]
    before = only(build_disputes(claims))
    joiner = claim("n", "Newcomer", 118, published=T0 + timedelta(days=2))
    after = only(build_disputes([*claims, joiner]))
    assert after.dispute_id == before.dispute_id
    assert "Newcomer" in after.majority.outlets
    [change] = compare_runs([before], [after])
    assert (change.change, change.outlet) == ("outlet_joined", "Newcomer")
    assert change.position == after.majority


def test_an_off_subject_count_stays_out() -> None:
    rival = claim("r", "Rival News", 35, subject="Rival Corp")  # its own pilot's count
    assert build_disputes([*majority_of_six(), rival]) == ()


def test_a_count_rising_day_by_day_across_outlets_is_no_dispute() -> None:
    claims = rising_story()
    assert build_disputes(claims) == ()
    assert [len(s) for s in time_slices(claims)] == [3, 4]


def test_a_same_day_outlier_inside_a_rising_story_is_a_dispute() -> None:
    outlier = claim(
        "x", "Outlier", 90, published=at(2, 15), sentence="About 90 sites are affected.",
        measure="sites", modality="actual", subject="outage",
    )  # fmt: skip
    dispute = only(build_disputes([*rising_story(), outlier]))
    assert dispute.anchor == date(2026, 4, 15)  # Wednesday
    majority, outlying = dispute.positions
    assert majority.majority and majority.outlets == ("D", "E", "F", "G")
    assert outlying.outlets == ("Outlier",)
    assert not {"a", "b", "c"} & dispute.claim_ids  # Monday's figures are not in it


def test_initially_about_35_and_since_early_march_about_45_conflict() -> None:
    published = datetime(2026, 4, 15, 12, 0, tzinfo=UTC)
    first = claim(
        "i", "One", 35, published=published, modality="actual",
        sentence="Initially, about 35 organizations had access.",
    )  # fmt: skip
    since = claim(
        "s", "Two", 45, published=published + timedelta(hours=3), modality="actual",
        sentence="Since early March, about 45 organizations have had access.",
    )  # fmt: skip
    dispute = only(build_disputes([first, since]))
    assert [p.outlets for p in dispute.positions] == [("One",), ("Two",)]


# --- how positions are formed -----------------------------------------------------------------


def test_narrow_means_at_most_half_the_value_wide() -> None:
    assert is_narrow(claim("a", "A", 120))  # about 120: 0.2
    assert is_narrow(claim("r", "A", 55, bounds=(Decimal(50), Decimal(60))))  # 50 to 60
    assert not is_narrow(claim("d", "A", 24, bounds=(Decimal(24), Decimal(99))))  # dozens
    assert not is_narrow(claim("u", "A", 50, bounds=(Decimal(0), Decimal(50))))  # up to 50
    assert not is_narrow(claim("m", "A", 100, bounds=(Decimal(100), None)))  # more than 100


def test_a_position_is_mutually_overlapping_and_its_range_is_the_common_core() -> None:
    # about 40 [36, 44], about 50 [45, 55], nearly 50 [45, 50]: 40 and 50 do not overlap.
    claims = [
        claim("a", "A", 40),
        claim("b", "B", 50),
        claim("c", "C", 50, bounds=(Decimal(45), Decimal(50))),
    ]
    positions, _ = positions_of(claims)
    assert [p.claim_ids for p in positions] == [("a",), ("b", "c")]
    assert (positions[1].low, positions[1].high) == (Decimal(45), Decimal(50))


def test_a_narrow_claim_between_two_positions_sides_with_the_larger() -> None:
    # about 45 [40.5, 49.5] agrees with about 40 and with the five about 50.
    fifty = [claim(f"f{i}", f"F{i}", 50) for i in range(5)]
    positions, _ = positions_of([claim("a", "A", 40), claim("m", "M", 45), *fifty])
    assert positions[0].claim_ids == ("a",)
    assert "m" in positions[1].claim_ids and len(positions[1].stories) == 6


def test_the_clustering_does_not_depend_on_input_order() -> None:
    claims = [
        *majority_of_six(),
        claim("x", "High", 200),
        claim("y", "Low", 80, bounds=(Decimal(80), Decimal(80))),
        claim("m", "M", 100, bounds=(Decimal(100), None)),
        claim("z", "Mid", 140),
    ]
    expected = build_disputes(claims)
    rng = random.Random(15)
    for _ in range(20):
        rng.shuffle(claims)
        assert build_disputes(claims) == expected


def test_a_derived_level_joins_but_never_starts_a_position() -> None:
    derived = claim("dv", "Outlier", 200, derived=True)
    assert build_disputes([*majority_of_six(), derived]) == ()
    joining = claim("dj", "Joiner", 118, derived=True)
    dispute = only(build_disputes([*majority_of_six(), claim("x", "X", 200), joining]))
    assert "dj" in dispute.majority.joined_claim_ids


def test_a_wide_claim_compatible_with_no_position_is_unplaced_and_no_dispute() -> None:
    dozens = claim("dz", "Vague", 24, bounds=(Decimal(24), Decimal(99)))
    assert build_disputes([*majority_of_six(), dozens]) == ()
    dispute = only(build_disputes([*majority_of_six(), dozens, claim("x", "X", 200)]))
    assert dispute.unplaced_claim_ids == ("dz",)


def test_an_outlet_in_two_positions_is_marked_inconsistent_in_both() -> None:
    claims = [*majority_of_six()[:3], claim("x", "Outlet 0", 200), claim("y", "Other", 200)]
    dispute = only(build_disputes(claims))
    assert all(p.inconsistent_outlets == ("Outlet 0",) for p in dispute.positions)


def test_one_article_revising_itself_is_no_dispute() -> None:
    claims = [claim("v1", "A", 120, story="s"), claim("v2", "A", 200, story="s")]
    assert build_disputes(claims) == ()


def test_an_outlet_alone_disagreeing_with_itself_is_no_dispute() -> None:
    assert build_disputes([claim("a", "A", 120), claim("b", "A", 200)]) == ()


def test_the_figures_of_one_proposal_are_compared_across_time() -> None:
    late = claim("late", "Late", 200, published=T0 + timedelta(days=30))
    dispute = only(build_disputes([*majority_of_six(), late]))
    assert dispute.anchor is None and len(dispute.positions) == 2


def test_a_revised_proposal_is_another_group() -> None:
    revised = claim("rv", "Late", 200, proposal="revised")
    assert build_disputes([*majority_of_six(), revised]) == ()


def test_a_position_lists_its_links_values_and_dates() -> None:
    claims = [*majority_of_six()[:2], claim("x", "X", 200), claim("w", "W", 121)]
    majority = only(build_disputes(claims)).majority
    assert majority.values == (Decimal(120), Decimal(121))
    assert majority.urls == (
        "https://outlet0.example/m0",
        "https://outlet1.example/m1",
        "https://w.example/w",
    )
    assert (majority.first_published_at, majority.last_published_at) == (
        T0,
        T0 + timedelta(hours=1),
    )


def test_time_slices_never_chain_a_stream_of_reports() -> None:
    # A report every 10 hours for five days: each slice's claims lie within a day of each other.
    claims = [
        claim(
            f"c{i}", f"O{i}", 30 + 5 * i, published=T0 + timedelta(hours=10 * i), modality="actual"
        )
        for i in range(12)
    ]
    for piece in time_slices(claims):
        times = [c.published_at for c in piece]
        assert max(times) - min(times) < timedelta(days=1)


# --- ids and runs ------------------------------------------------------------------------------


def test_the_id_is_the_group_and_anchor_only() -> None:
    dispute = only(build_disputes([*majority_of_six(), claim("x", "Outlier", 200)]))
    assert dispute.dispute_id == dispute_id("organizations", "level", "proposed", "Mythos")
    again = only(build_disputes([*majority_of_six(), claim("x", "Outlier", 250)]))
    assert again.dispute_id == dispute.dispute_id  # other figures, same disagreement


def test_actual_disputes_on_different_days_have_different_ids() -> None:
    def pair(day: int) -> list[DisputeClaim]:
        return [
            claim(f"a{day}", "A", 30, published=at(day, 9), modality="actual"),
            claim(f"b{day}", "B", 90, published=at(day, 10), modality="actual"),
        ]

    first, second = build_disputes([*pair(0), *pair(3)])
    assert (first.anchor, second.anchor) == (date(2026, 4, 13), date(2026, 4, 16))
    assert first.dispute_id != second.dispute_id


def test_carry_ids_keeps_the_id_when_an_earlier_dated_claim_moves_the_anchor() -> None:
    def c(cid: str, outlet: str, value: int, hour: int) -> DisputeClaim:
        return claim(cid, outlet, value, published=at(1, hour), modality="actual")

    base = [c("a", "A", 30, 9), c("b", "B", 30, 10), c("x", "X", 90, 11)]
    before = build_disputes(base)
    earlier = claim("e", "E", 30, published=at(0, 20), modality="actual")  # Monday evening
    moved = build_disputes([*base, earlier])
    assert moved[0].dispute_id != before[0].dispute_id  # the anchor moved to Monday
    [kept] = carry_ids(before, moved)
    assert kept.dispute_id == before[0].dispute_id
    assert [ch.change for ch in compare_runs(before, [kept])] == ["outlet_joined"]


def test_compare_runs_announces_a_new_dispute_and_a_new_position() -> None:
    claims = [*majority_of_six()[:3], claim("x", "High", 200)]
    first = build_disputes(claims)
    assert [c.change for c in compare_runs((), first)] == ["opened"]
    second = build_disputes([*claims, claim("y", "Low", 80, bounds=(Decimal(80), Decimal(80)))])
    [change] = compare_runs(first, second)
    assert change.change == "position_added" and change.position is not None
    assert change.position.outlets == ("Low",)


def test_compare_runs_says_an_outlet_left_a_position() -> None:
    claims = [*majority_of_six()[:3], claim("x", "High", 200), claim("y", "Also high", 205)]
    before = build_disputes(claims)
    after = build_disputes([c for c in claims if c.claim_id != "y"])
    [change] = compare_runs(before, after)
    assert (change.change, change.outlet) == ("outlet_left", "Also high")


def test_a_rerun_gives_the_same_disputes() -> None:
    claims = [
        *rising_story(),
        replace(
            rising_story()[3],
            claim_id="x",
            outlet="X",
            value=Decimal(90),
            low=Decimal(81),
            high=Decimal(99),
            story_id="sx",
        ),
    ]
    assert build_disputes(claims) == build_disputes(list(reversed(claims)))
    assert compare_runs(build_disputes(claims), build_disputes(claims)) == ()
