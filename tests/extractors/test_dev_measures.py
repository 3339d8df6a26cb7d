"""Measure assignment on article-length dev texts in three new topics and Mythos.

cases/dev_measures.jsonl holds 21 texts (wire, tabloid, explainer with question headings,
liveblog, newsletter bullets, corrections, timelines, analysis with other entities' counts) on
four topics (cases/topics/drought.toml, recall.toml, strike.toml and topics/mythos.toml), two
measures each except Mythos. The topic files' nouns and context were written before the texts
and are not edited to fit them. Gold claims name their span (text + occurrence), value,
qualifier, kind, modality, negation and measure; counts of other things, of other entities and
parts of a set ("banks (14)", "two of which") are labelled `other` as distractors.

A measure claim is found when the claim overlapping its span has its value (sign aside) and
measure; precision is over every claim filed under a measure; others_kept is the share of
gold `other` quantities that no claim files under a measure.

Six texts (`"heldout": true`) were set aside when the texts were written and scored once,
totals only, after the first round of tuning on the other 15; the extractor was tuned on them
afterwards, so their figures since are dev figures too. `DEV_MEASURES_VERBOSE=1` lists each
miss. The same texts in the form the extract stage reads (headline, blank line, one paragraph
per line) score the same with claims-3 (claims-2: 0.707 recall, 0.783 precision on the 15).

                       15 tuning texts (92 measure claims)   6 held-out texts (42)
                       claims-2   claims-3                   claims-2  blind once  claims-3
  value found          0.978      0.989                      0.976     0.976       0.976
  measure recall       0.728      0.946                      0.786     0.810       0.905
  measure precision    0.770      0.906                      0.805     0.773       0.844
  others kept          0.831      0.873                      0.806     0.742       0.774
  qualifier agreement  0.970      0.977                      1.000     1.000       1.000
  kind agreement       0.881      0.954                      0.909     0.941       0.947
  modality agreement   0.910      0.977                      0.939     0.941       0.947

What is left (see the verbose misses): counts of other entities or other times in topics whose
measures name no subject ("Portland's 2023 strike closed 81 schools", "in neighbouring Dace
County, 18 towns"), parts named by the measure's own participle ("81,000 of the recalled
heaters have been returned"), topic context words that cut both ways ("kept 13 schools
open"), and parser slips (a DATE entity swallowing "another 35 next year", "staff join" read
as a noun).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from claimwatch.extractors.claims.discourse import blocks_of
from claimwatch.extractors.nlp import build_pipeline, extract_many
from claimwatch.extractors.records import Claim
from claimwatch.extractors.text_norm import normalize_text
from claimwatch.extractors.topic import Topic, parse_topic

HERE = Path(__file__).parent
CASES = HERE / "cases" / "dev_measures.jsonl"
TOPIC_FILES = {
    "mythos": HERE.parents[1] / "topics" / "mythos.toml",
    "drought": HERE / "cases" / "topics" / "drought.toml",
    "recall": HERE / "cases" / "topics" / "recall.toml",
    "strike": HERE / "cases" / "topics" / "strike.toml",
}
OTHER = "other"
EPSILON = 0.005

# What claims-3 reached (tuned on both parts since the held-out scoring); never lower them.
FLOORS = {
    False: {"recall": 0.946, "precision": 0.906, "others_kept": 0.873, "kind_agreement": 0.954,
            "modality_agreement": 0.977, "qualifier_agreement": 0.977},
    True: {"recall": 0.905, "precision": 0.844, "others_kept": 0.774, "kind_agreement": 0.947,
           "modality_agreement": 0.947, "qualifier_agreement": 1.0},
}  # fmt: skip


@cache
def topic_of(name: str) -> Topic:
    return parse_topic(TOPIC_FILES[name].read_text(encoding="utf-8"), default_name=name)


def rows(heldout: bool) -> list[dict[str, Any]]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, filter(None, lines)) if r["heldout"] == heldout]


def span_of(text: str, span: str, occurrence: int) -> tuple[int, int]:
    # Whole numbers only: "52" must not match inside "252", "1,052" or "10:52".
    pattern = re.compile(r"(?<![\w,.:$])" + re.escape(span) + r"(?![\w]|[.,:]\d)")
    hit = list(pattern.finditer(text))[occurrence - 1]
    return hit.start(), hit.end()


def _same_value(claim: Claim, value: float) -> bool:
    return abs(abs(float(claim.value)) - abs(value)) < 1e-6


def as_stored(text: str) -> str:
    """The text as the extract stage reads it: the headline, a blank line, then the body as
    claimwatch stores it (text_norm.normalize_text: one paragraph per line, no blank lines)."""
    title, _, body = text.partition("\n\n")
    return f"{title}\n\n{normalize_text(body)}"


def score(heldout: bool = False, stored: bool = False) -> dict[str, Any]:
    """Measure recall/precision (a claim counts when the prediction overlapping the gold span
    has the gold value and measure), others kept out of every measure, and qualifier / kind /
    modality agreement on the measure hits."""
    gold_n = hit = found = pred_n = pred_right = others = kept = 0
    agree = {"qualifier": 0, "kind": 0, "modality": 0}
    misses: list[str] = []
    for row in rows(heldout):
        topic = topic_of(row["topic"])
        text = as_stored(row["text"]) if stored else row["text"]
        (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
        spans = []
        for g in row["claims"]:
            start, end = span_of(text, g["span"], g["occurrence"])
            spans.append((start, end, g))
            near = [c for c in ex.claims if c.start_char < end and start < c.end_char]
            same = [c for c in near if _same_value(c, g["value"])]
            if g["measure"] == OTHER:
                others += 1
                kept += not any(c.measure != OTHER for c in near)
                if any(c.measure != OTHER for c in near):
                    misses.append(f"{row['id']}: {g['span']!r} other -> {near[0].measure}")
                continue
            gold_n += 1
            found += bool(same)
            right = [c for c in same if c.measure == g["measure"]]
            if right:
                hit += 1
                c = right[0]
                agree["qualifier"] += c.qualifier == g["qualifier"]
                agree["kind"] += c.kind == g["kind"]
                agree["modality"] += c.modality == g["modality"]
                for k in ("qualifier", "kind", "modality"):
                    if getattr(c, k) != g[k]:
                        misses.append(f"{row['id']}: {g['span']!r} {k} {getattr(c, k)} != {g[k]}")
            else:
                got = ", ".join(f"{c.value_text}={c.measure}/{c.noun}" for c in near) or "none"
                misses.append(f"{row['id']}: {g['span']!r} {g['measure']} missed ({got})")
        for c in ex.claims:
            if c.measure == OTHER:
                continue
            pred_n += 1
            gold = [g for s, e, g in spans if c.start_char < e and s < c.end_char]
            ok = any(g["measure"] == c.measure and _same_value(c, g["value"]) for g in gold)
            pred_right += ok
            if not ok and not gold:
                misses.append(f"{row['id']}: unlabelled {c.value_text!r} -> {c.measure}")
    return {
        "texts": len(rows(heldout)),
        "gold_measure_claims": gold_n,
        "value_found": found / gold_n,
        "recall": hit / gold_n,
        "precision": pred_right / pred_n if pred_n else 1.0,
        "others_kept": kept / others if others else 1.0,
        "qualifier_agreement": agree["qualifier"] / hit if hit else 1.0,
        "kind_agreement": agree["kind"] / hit if hit else 1.0,
        "modality_agreement": agree["modality"] / hit if hit else 1.0,
        "misses": misses,
    }


def _print(title: str, figures: dict[str, Any], verbose: bool) -> None:
    print(f"\n{title}")
    for name, value in figures.items():
        if name != "misses":
            print(
                f"  {name:22} {value:.3f}" if isinstance(value, float) else f"  {name:22} {value}"
            )
    if verbose:
        for miss in figures["misses"]:
            print("   ", miss)


def test_cases_are_labelled() -> None:
    for heldout in (False, True):
        for row in rows(heldout):
            assert row["topic"] in TOPIC_FILES
            names = {m.name for m in topic_of(row["topic"]).measures} | {OTHER}
            for g in row["claims"]:
                assert g["measure"] in names, (row["id"], g)
                span_of(row["text"], g["span"], g["occurrence"])


def test_dev_measure_floors() -> None:
    verbose = bool(os.environ.get("DEV_MEASURES_VERBOSE"))
    for heldout, title in ((False, "tuning texts"), (True, "held-out texts (tuned on since)")):
        figures = score(heldout)
        _print(f"measures on cases/dev_measures.jsonl, {title}:", figures, verbose)
        for name, floor in FLOORS[heldout].items():
            assert figures[name] >= floor - EPSILON, (
                f"{title}: {name} {figures[name]:.3f} fell below {floor}"
            )


def test_stored_texts_score_as_written() -> None:
    """The extract stage reads "headline\n\nP1\nP2" (no blank lines in the body): the same
    texts in that form keep the floors."""
    for heldout in (False, True):
        figures = score(heldout, stored=True)
        for name, floor in FLOORS[heldout].items():
            assert figures[name] >= floor - EPSILON, f"stored {name} {figures[name]:.3f} < {floor}"


# --------------------------------------------------------------------------- behaviours
# One short test per rule the figures above rest on (the topics are the dev ones).


def claims_in(topic_name: str, text: str) -> dict[float, Claim]:
    topic = topic_of(topic_name)
    (ex,) = extract_many(build_pipeline(topic), [text], topic=topic)
    return {float(c.value): c for c in ex.claims}


def test_a_headline_is_a_block_of_its_own() -> None:
    text = "Teachers walk out across Halden as talks fail\n\nFirst paragraph.\n\nSecond one."
    assert [text[b.start : b.end] for b in blocks_of(text)][0] == text.split("\n\n")[0]


def test_list_items_are_paragraphs_of_their_own() -> None:
    text = "Intro.\n\n\u2022 One item.\n\u2022 Another item.\n- A third."
    assert len(blocks_of(text)) == 4


def test_a_measure_context_may_sit_elsewhere_in_the_paragraph() -> None:
    text = "Picket lines are up at every high school. The union says 3,250 members are out."
    assert claims_in("strike", text)[3250].measure == "workers_on_strike"


def test_a_headline_count_reads_its_context_from_the_story() -> None:
    text = "Kestrel heater fault: 212,000 units affected\n\nThe company is recalling the heaters."
    assert claims_in("recall", text)[212000].measure == "units_recalled"


def test_a_delta_of_a_measure_noun_continues_the_measure() -> None:
    text = (
        "Water restrictions now apply in 34 towns.\n\n"
        "Officials expect two more towns to join the list next week."
    )
    c = claims_in("drought", text)[2]
    assert (c.measure, c.kind) == ("towns_restricted", "delta")


def test_a_bare_repeat_of_a_count_is_that_count() -> None:
    text = (
        "Halden's strike has shut 57 schools this week.\n\n"
        "Officials admitted they had no idea when the 57 would reopen."
    )
    c = [
        c
        for c in extract_many(build_pipeline(topic_of("strike")), [text], topic=topic_of("strike"))
    ][0].claims[-1]
    assert (float(c.value), c.measure, c.kind, c.modality) == (
        57,
        "schools_closed",
        "level",
        "actual",
    )


def test_a_count_of_people_under_a_measure_is_an_antecedent() -> None:
    text = (
        "Officials said about 12,400 people were receiving drought assistance. "
        "That figure was 9,800 at the start of the month."
    )
    assert claims_in("drought", text)[9800].measure == "people_aided"


def test_a_count_of_sources_lends_no_noun() -> None:
    text = (
        "About 48 organizations use Mythos. In July the administration rejected a plan to add "
        "25 firms, according to three officials, and Anthropic instead admitted 6 more."
    )
    c = claims_in("mythos", text)[6]
    assert (c.measure, c.noun, c.kind) == ("orgs_with_access", "firm", "delta")


def test_a_label_before_a_colon_names_the_counted_thing() -> None:
    text = "The recall covers 257,000 units. Injuries: 21, up 1 since last week."
    assert claims_in("recall", text)[21].measure == "injuries_reported"


def test_subsets_and_breakdowns_count_no_measure() -> None:
    text = "Kestrel has had 14 burn injuries reported, two of which required hospital treatment."
    assert claims_in("recall", text)[2].measure == "other"
    text = "About 65 organizations have access to Mythos: banks (14) and hospitals (22)."
    got = claims_in("mythos", text)
    assert (got[65].measure, got[14].measure, got[22].measure) == (
        "orgs_with_access",
        "other",
        "other",
    )


def test_the_whole_of_a_part_counts_no_measure() -> None:
    got = claims_in("strike", "The strike closed 58 of the district's 71 schools on Monday.")
    assert (got[58].measure, got[71].measure) == ("schools_closed", "other")


def test_a_list_marker_is_not_a_quantity() -> None:
    text = "Recall desk\n\n1. The heater recall covers 257,000 units.\n2. Injuries: 21."
    assert set(claims_in("recall", text)) == {257000, 21}


def test_a_phrasal_verb_particle_states_no_change() -> None:
    c = claims_in("mythos", "Officials turned down 9 banks that had asked to join.")[9]
    assert (c.value, c.kind) == (9, "level")


def test_a_number_hyphenated_to_an_identifier_head_is_a_name() -> None:
    text = "The authority added seven communities to its stage-two list of water restrictions."
    assert set(claims_in("drought", text)) == {7}


def test_an_all_capitals_headline_counts_the_word_after_the_number() -> None:
    text = "CLASS WAR: 3,300 TEACHERS OUT AS 57 SCHOOLS SHUT\n\nParents scrambled for childcare."
    got = claims_in("strike", text)
    assert (got[3300].noun, got[57].measure) == ("teacher", "schools_closed")


def test_an_infinitive_fragment_is_proposed() -> None:
    text = "What does Anthropic want?\n\nTo admit another 40 organizations to Mythos by spring."
    assert claims_in("mythos", text)[40].modality == "proposed"


def test_moving_a_total_is_no_proposal() -> None:
    text = (
        "3,000 extra households signed up for relief, pushing the total on the aid list to 14,500."
    )
    assert claims_in("drought", text)[14500].modality == "actual"


def test_what_an_add_verb_acts_on_changes_but_not_its_doer() -> None:
    text = "The district reopened three schools, and said the other 52 schools would reopen soon."
    got = claims_in("strike", text)
    assert (got[3].kind, got[52].kind) == ("delta", "level")


def test_a_stored_text_under_its_headline_keeps_one_paragraph_per_line() -> None:
    text = "Halden teachers walk out as talks fail\n\nFirst paragraph.\nSecond one.\nThird."
    assert len(blocks_of(text)) == 4


def test_a_paragraph_that_counted_its_measure_lends_no_context() -> None:
    text = "Mythos is available to about 40 organizations. Anthropic also has 300 customers."
    assert claims_in("mythos", text)[300].measure == "other"
