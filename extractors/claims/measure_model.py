"""A learned second look at the measure step: which topic measure, if any, each number is a
value of, given what the rules decided for it and for the numbers around it.

The rules (measure.py, discourse.py) decide from a sentence and its discourse; each round of
rules written from one dev set's misses lifted that set a lot and unseen coverage by almost
nothing (issue 13). This model is trained on every labelled dev set at once, so what it learns
is what holds across outlets and topics: when a bare figure right after a count of the measure
is that measure's, when a count the rules filed is someone else's or a part of a total. It
reads only topic-free features (how the number relates to the measure's nouns, context words
and the rules' other choices in the text), so one model serves every topic file.

A logistic model over (number, measure) pairs, weights in `measure_model.json`, trained by
`python -m tests.extractors.measure_model --write` (tests/extractors/measure_model.py, which
also prints its leave-one-set-out figures). Pure Python at run time: no download, no numpy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from claimwatch.extractors.claims import discourse, lexicon
from claimwatch.extractors.claims.logistic import Logistic
from claimwatch.extractors.claims.mention import Discourse, Mention
from claimwatch.extractors.records import Claim
from claimwatch.extractors.topic import Measure

MEASURE_MODEL_FILE = Path(__file__).with_name("measure_model.json")
_PART_OR_WHOLE = frozenset({"subset", "whole"})
_CONTEXT = frozenset({"ctx_sent", "ctx_par"})
_WORDS = re.compile(r"[^\W\d_]+")

# Flags of a mention the model reads as they are (mention.py says what each means).
_FLAGS = (
    "generic", "elliptical", "fragment", "aside", "sayer", "program", "reported", "marked",
    "own_modality",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Pair:
    """One candidate: the claim at `index` as a value of `measure`, with its features."""

    index: int
    measure: str
    features: frozenset[str]


@dataclass(frozen=True, slots=True)
class MeasureModel(Logistic):
    """Scores (number, measure) pairs: a claim takes its best measure when that pair scores at
    least the threshold."""

    def apply(
        self,
        mentions: Sequence[Mention],
        claims: Sequence[Claim],
        found: Discourse,
        measures: Sequence[Measure],
        base: Sequence[str],
        canonical: Callable[[str], str] = lambda name: name,
        programs: frozenset[str] = frozenset(),
    ) -> list[Claim]:
        """The claims with each one's measure as the model decides: its best-scoring measure
        when that scores at least the threshold, else "other". Two decisions of the rules
        stand whatever it scores, because they rest on the figure's own words: a figure whose
        own sentence names the measure's noun and context (`base`) keeps its measure; and no
        figure is newly filed under a measure when it is a part or a whole of another figure
        ("two of which", "31 of the 52 cases", "58 of the district's 71 schools"), or counts
        things the measure does not count with none of its context words around ("The model
        found 130 bugs" after "about 130 organizations"), or is another party's by its own
        words ("its own pilot"), or of another kind ("the youth fare of $1"). A claim the
        rules filed under a measure of another unit than its own (which the model scores no
        pair for) stays as they filed it. A claim newly filed under a measure without a subject
        of its own is about the measure's subject. `programs`: the measures that count a
        program's members (their subject a product); a count the rules gave to another
        organization than the program's own is that organization's program's ("OpenAI's
        comparable program had grown to about 45 companies")."""
        best: dict[int, tuple[float, str]] = {}
        features: dict[tuple[int, str], frozenset[str]] = {}
        for pair in pairs(mentions, claims, found, measures, base):
            features[pair.index, pair.measure] = pair.features
            p = self.probability(pair.features)
            if pair.index not in best or p > best[pair.index][0]:
                best[pair.index] = (p, pair.measure)
        by_name = {m.name: m for m in measures}
        out = []
        for i, claim in enumerate(claims):
            p, name = best.get(i, (0.0, "other"))
            name = name if p >= self.threshold else "other"
            if claim.measure != "other" and (i, claim.measure) not in features:
                out.append(claim)  # a pair the model does not score (its unit): not its call
                continue
            dropped = name == "other" and "base_m" in features.get((i, claim.measure), ())
            added = name not in ("other", claim.measure) and (
                _barred(claim, features[i, name])
                or _someone_elses(mentions[i], claim, by_name[name], canonical)
                or _another_kind(mentions[i], by_name[name])
                or (
                    name in programs
                    and _anothers(mentions[i], claim, by_name[name], found, canonical)
                )
            )
            if dropped or added:  # the rules' decision stands
                name = claim.measure
            if name == claim.measure:
                out.append(claim)
                continue
            subject = claim.subject
            if name != "other" and subject is None and by_name[name].subject:
                subject = canonical(by_name[name].subject)
            out.append(replace(claim, measure=name, subject=subject))
        return out


def _another_kind(mention: Mention, measure: Measure) -> bool:
    """An amount whose own words name a special kind the measure does not ("the youth fare of
    $1" for a measure of the base fare: discourse.another_kind)."""
    return mention.amount is not None and discourse.another_kind(mention.amount, measure)


def _barred(claim: Claim, features: frozenset[str]) -> bool:
    """Whether the figure's own words rule out filing it under the measure of `features`."""
    if features & _PART_OR_WHOLE or _partitive(claim):
        return True
    return "noun_else" in features and not features & _CONTEXT


def _someone_elses(
    mention: Mention, claim: Claim, measure: Measure, canonical: Callable[[str], str]
) -> bool:
    """ "Rival lab Keystone AI says its own pilot has grown to 35 companies": a count its own
    words give to a party ("its own", "a rival's") that the rules found is not the measure's
    subject, or another dated event's count, is never newly filed under the measure (issue 13,
    class d)."""
    if mention.event is not None:
        return True  # "a quake in 2019 that killed 61 people" (measure.other_events)
    own = canonical(measure.subject) if measure.subject else None
    return mention.cue in ("own", "rival") and claim.subject != own


def _anothers(
    mention: Mention,
    claim: Claim,
    measure: Measure,
    found: Discourse,
    canonical: Callable[[str], str],
) -> bool:
    """The rules gave the count to an owner of the counted things who neither is the measure's
    subject nor owns it (the text's possessions, its most named organization)."""
    own = canonical(measure.subject) if measure.subject else None
    if claim.subject is None or claim.subject == own:
        return False
    allies = {own} | {canonical(a) for a, b in found.possessions if canonical(b) == own}
    if found.prominent:
        allies.add(canonical(found.prominent))
    owners = {canonical(o) for o in mention.owners}
    return claim.subject in owners and claim.subject not in allies


def _partitive(claim: Claim) -> bool:
    """ "31 of the 52 cases", "two of its 14 partners": the figure is a part of the next one."""
    after = _WORDS.findall(claim.sentence[claim.end_char - claim.sentence_start :][:30].lower())
    return (
        after[:1] == ["of"]
        and after[1:2] != []
        and after[1] in lexicon.default().partitive_determiners
    )


@cache
def default() -> MeasureModel:
    """The model shipped with the package."""
    return MeasureModel.load(MEASURE_MODEL_FILE)


def _context_terms(measure: Measure) -> tuple[frozenset[str], tuple[str, ...]]:
    """A measure's single context words in every form a sentence may write them, and its
    phrases (matched in the sentence as written)."""
    words: set[str] = set()
    phrases = []
    for term in measure.context:
        term = term.lower().strip()
        if " " in term:
            phrases.append(term)
        else:
            words.update(lexicon.context_forms(term))
    return frozenset(words), tuple(phrases)


def pairs(
    mentions: Sequence[Mention],
    claims: Sequence[Claim],
    found: Discourse,
    measures: Sequence[Measure],
    base: Sequence[str],
) -> list[Pair]:
    """Every (claim, measure) pair whose units agree, with its features. `claims` are the
    rules' decisions (their `measure`), `base` each mention's measure from its own sentence
    (measure.assign_measure)."""
    starts = [start for start, _ in found.paragraphs]
    paragraph_words = [frozenset(words.split()) for _, words in found.paragraphs]
    rule = [c.measure for c in claims]
    paragraphs = [discourse.paragraph_index(starts, c.start_char) for c in claims]
    out = []
    for measure in measures:
        units = discourse.units_of(measure)
        nouns = discourse._nouns(measure)
        context_words, phrases = _context_terms(measure)
        values = sorted(c.value for c, r in zip(claims, rule, strict=True) if r == measure.name)
        median = values[len(values) // 2] if values else None
        share = len(values) / max(1, len(claims))
        # What the rules filed under this measure so far, per block and per paragraph
        blocks_so_far: set[int] = set()
        paragraphs_so_far: set[int] = set()
        # how many figures of each sentence (by its start) the rules filed under the measure
        sentences = Counter(
            c.sentence_start for c, r in zip(claims, rule, strict=True) if r == measure.name
        )
        for i, (mention, claim) in enumerate(zip(mentions, claims, strict=True)):
            if i > 0 and rule[i - 1] == measure.name:
                blocks_so_far.add(mentions[i - 1].block)
                paragraphs_so_far.add(paragraphs[i - 1])
            if claim.quantity not in units:
                continue
            f = _features(
                mention, claim, measure, nouns, context_words, phrases, found,
                paragraph_words[paragraphs[i]] if paragraph_words else frozenset(),
            )  # fmt: skip
            mine = rule[i] == measure.name
            f |= {
                "rule_m": mine,
                "rule_other": rule[i] == "other",
                "base_m": base[i] == measure.name,
                "prev1_m": i > 0 and rule[i - 1] == measure.name,
                "prev1_same_block": i > 0 and mentions[i - 1].block == mention.block,
                "prev_block_m": mention.block in blocks_so_far,
                "prev_par_m": paragraphs[i] in paragraphs_so_far,
                "prev3_m": measure.name in rule[max(0, i - 3) : i],
                "sent_other_m": sentences[claim.sentence_start] > (1 if mine else 0),
                "next1_m": i + 1 < len(claims) and rule[i + 1] == measure.name,
                "echo": values.count(claim.value) > (1 if mine else 0),
                "share_hi": share > 0.3,
                "share_lo": share < 0.1,
                "first_par": paragraphs[i] <= 1,
            }
            if median:
                ratio = float(abs(claim.value) / abs(median))
                f["near_med"] = 0.25 <= ratio <= 4
                f["far_med"] = ratio > 20 or 0 < ratio < 0.05
            out.append(Pair(i, measure.name, _with_crosses(f)))
    return out


def _features(
    mention: Mention,
    claim: Claim,
    measure: Measure,
    nouns: frozenset[str],
    context_words: frozenset[str],
    phrases: tuple[str, ...],
    found: Discourse,
    paragraph: frozenset[str],
) -> dict[str, bool]:
    """What the number's own mention, sentence and paragraph say about the measure."""
    noun = claim.noun if mention.amount is None else None  # an amount's noun is its currency
    counted = noun is not None and discourse.counts_noun(measure, noun)
    words = set(mention.context)
    heading = found.headings[mention.block] if mention.block < len(found.headings) else None
    f = {flag: bool(getattr(mention, flag)) for flag in _FLAGS}
    f |= {
        "amount": mention.amount is not None,
        "noun_none": noun is None,
        "noun_m": counted,
        "noun_else": noun is not None and not counted,
        "not_antecedent": not mention.antecedent,
        "cue_rival": mention.cue == "rival",
        "cue_own": mention.cue == "own",
        "owners": bool(mention.owners),
        "category": mention.category is not None,
        "scope": mention.scope is not None,
        "agents": bool(mention.agents),
        "holds": bool(mention.holds),
        "subset": discourse.is_part(mention),
        "whole": discourse.is_whole(claim),
        "ctx_sent": bool(words & context_words)
        or any(p in claim.sentence.lower() for p in phrases),
        "ctx_par": bool(paragraph & context_words),
        "noun_par": bool(paragraph & nouns),
        "noun_sent": bool(words & nouns),
        "heading": bool(heading and set(heading) & (nouns | context_words)),
        "one": claim.value == 1,
        "yearlike": claim.value == int(claim.value) and 1900 <= claim.value <= 2100,
        "small": abs(claim.value) < 10,
        "delta": claim.kind == "delta",
        "proposed": claim.modality == "proposed",
        "approx": claim.qualifier == "approx",
        "negated": claim.negated,
    }
    return f


def _with_crosses(f: dict[str, bool]) -> frozenset[str]:
    """The features that hold, with the conjunctions a linear model cannot form itself."""
    f |= {
        "x_ell_prev": f["noun_none"] and f["prev_block_m"],
        "x_ell_ctx": f["noun_none"] and (f["ctx_sent"] or f["ctx_par"]),
        "x_other_noun_m": f["rule_other"] and f["noun_m"],
        "x_other_noun_m_ctx": f["rule_other"] and f["noun_m"] and f["ctx_par"],
        "x_rule_m_noun_else": f["rule_m"] and f["noun_else"],
        "x_rule_m_ell": f["rule_m"] and f["noun_none"],
        "x_amount_ctx": f["amount"] and f["ctx_sent"],
        "x_amount_prev": f["amount"] and f["prev_par_m"],
        "x_amount_rule": f["amount"] and f["rule_m"],
        "x_amount_other": f["amount"] and f["rule_other"],
    }
    return frozenset(k for k, v in f.items() if v)
