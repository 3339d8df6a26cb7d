"""Applying a topic: which measure a mention counts, and its `Claim` with canonical names.

Kept out of the component so one loaded pipeline serves any topic's measures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from claimwatch.extractors import numbers
from claimwatch.extractors.claims import discourse, lexicon, measure_model, modality_model
from claimwatch.extractors.claims.future_years import future_years
from claimwatch.extractors.claims.mention import Discourse, Mention
from claimwatch.extractors.entities import Gazetteer
from claimwatch.extractors.records import REVISED, Claim
from claimwatch.extractors.topic import Measure


def _mentions_term(context: Sequence[str], sentence: str, term: str, table: str = "") -> bool:
    term = term.lower().strip()
    if table and any(_written(form, table) for form in lexicon.context_forms(term)):
        return True  # a table's cell: its caption or headline says it
    if " " in term:
        return _written(term, sentence.lower())
    return any(form in context for form in lexicon.context_forms(term))


def _written(term: str, text: str) -> bool:
    return re.search(r"\b" + re.escape(term) + r"\b", text) is not None


def assign_measure(mention: Mention, measures: Iterable[Measure]) -> str:
    """The first measure whose nouns include the counted noun (plurals aside) and whose context
    the sentence mentions; "other" for everything else (counts of other things, and parts of a
    set: "two of which", "banks (14)"). A sum of money or a percentage is a value of a measure
    of its unit whose nouns name what it is the size of (discourse.amount_measure)."""
    claim = mention.claim
    if mention.amount is not None:
        return discourse.amount_measure(mention, measures)
    if claim.quantity != "count":
        return "other"
    measures = list(measures)
    named = [m for m in measures if discourse.names_compound(m, claim, measures)]
    if claim.noun is None and not named:
        return "other"
    found = [
        m
        for m in measures
        if (m in named or discourse.counts_noun(m, claim.noun or ""))
        and (
            not m.context
            or any(
                _mentions_term(mention.context, claim.sentence, t, mention.table) for t in m.context
            )
            or _event_of(m) in mention.clause
        )
    ]
    if not found:
        return "other"
    # "280 affordable homes": a measure of the kind its phrase names ("affordable home") over
    # one of every home
    found = [m for m in found if m in named] or found
    # Two measures whose words the sentence says ("puts the death toll at 261 and the number of
    # displaced people at 67,500"): the one whose words are nearest the count, in its noun
    # phrase, then in its own clause
    for near in (mention.phrase, mention.clause):
        named = [m for m in found if any(_said_in(near, t) for t in m.context)]
        if len(found) > 1 and named:
            found = named
            break
    if len(found) > 1:
        found = _most_specific(found, mention)
    # "290 of them affordable": a part of the homes, and what the compound measure counts
    return "other" if _a_part(mention, found[0].name, measures) else found[0].name


def _most_specific(found: list[Measure], mention: Mention) -> list[Measure]:
    """Of several measures that count the noun and whose words the sentence says, the ones
    whose longest such term is longest: "421,350 patients have waited more than a year" is
    a count of the year-long waits ("more than a year"), not of the whole list ("waited")."""

    longest = {
        m.name: max(
            (
                len(t.split())
                for t in m.context
                if _mentions_term(mention.context, mention.claim.sentence, t, mention.table)
            ),
            default=0,
        )
        for m in found
    }
    best = max(longest.values())
    return [m for m in found if longest[m.name] == best]


@cache  # asked for each count and candidate measure: read the measure once
def _event_of(measure: Measure) -> str | None:
    """The event a measure's subject names, when it is one ("Cinder Gap Fire" → "fire") and
    the measure is its extent in units ("in acres"): a clause about the event says what such a
    count is as plainly as a context word ("the fire could reach 50,000 acres", "put the fire
    at 54,900 acres"). Not a measure of what the event did to people or homes, which a clause
    about it may count without their being its ("the earthquake injured 1,200 people",
    "crews saved 120 homes from the fire")."""
    if not measure.subject or not discourse.in_units(measure):
        return None
    head = measure.subject.split()[-1].lower()
    return head if head in lexicon.default().event_nouns else None


def _said_in(words: Sequence[str], term: str) -> bool:
    """Whether a phrase's or clause's words hold a context term (each word of a phrase)."""
    return all(
        any(form in words for form in lexicon.context_forms(w)) for w in term.lower().split()
    )


def to_claim(mention: Mention, measures: Iterable[Measure], gazetteer: Gazetteer) -> Claim:
    """A `Claim` record: the mention with a measure and canonical entity names."""
    claim = mention.claim
    return replace(
        claim,
        measure=assign_measure(mention, measures),
        subject=gazetteer.canonicalize(claim.subject) if claim.subject else None,
        attribution=gazetteer.canonicalize(claim.attribution) if claim.attribution else None,
    )


def to_claims(
    mentions: Sequence[Mention],
    found: Discourse,
    measures: Sequence[Measure],
    gazetteer: Gazetteer,
    *,
    learned: bool = True,
    year: int | None = None,
) -> list[Claim]:
    """A document's claims: each mention's measure from its sentence, then from its discourse
    (elliptical counts, asides, counts that belong to another entity; discourse.py), then,
    unless `learned` is False (training them needs the rules' own choices), the learned
    steps' second looks: at those measures (measure_model.py), then at the modality of each
    measure claim (modality_model.py). `year`: when the text was published, if known."""
    mentions = other_events(mentions, found, year)
    base = [assign_measure(m, measures) for m in mentions]
    mentions = _new_as_counted(mentions, base, measures)
    resolved = discourse.resolve(mentions, base, found, measures, gazetteer)
    out = []
    for mention, r in zip(mentions, resolved, strict=True):
        claim = to_claim(mention, (), gazetteer)
        out.append(
            replace(
                claim,
                # A part ("two of which") may still have inherited a measure in discourse.
                measure="other"
                if r.measure != "other" and _a_part(mention, r.measure, measures)
                else r.measure,
                noun=r.noun,
                subject=r.subject if r.subject is not None else claim.subject,
                kind=r.kind or claim.kind,
                modality=r.modality or claim.modality,
                proposal=_proposal(claim, r.modality or claim.modality, found, gazetteer),
            )
        )
    out = _taken_off(out, mentions, measures)
    asks = frozenset(m.name for m in measures if discourse.counts_asks(m))
    if not learned or not measures:
        out = _ahead(out, mentions, found, gazetteer, year)
        return _possible(_stated_asks(out, mentions, asks, found, gazetteer), measures)
    # Measures that count a program's members: their subject is a product ("Mythos").
    programs = frozenset(
        m.name for m in measures if discourse.subject_label(m, gazetteer) == "PRODUCT"
    )
    ruled = out
    out = measure_model.default().apply(
        mentions, out, found, measures, base, gazetteer.canonicalize, programs
    )
    # A figure restating the one before it keeps that one's measure (discourse._continues):
    # its own words decide it, as a figure whose sentence names its measure does.
    out = [
        by_rules if r.restated else by_model
        for by_rules, by_model, r in zip(ruled, out, resolved, strict=True)
    ]
    modalities = modality_model.default().decide(mentions, out, kept=asks)
    out = with_modalities(out, modalities, mentions, found, gazetteer)
    out = _ahead(out, mentions, found, gazetteer, year)
    return _possible(_stated_asks(out, mentions, asks, found, gazetteer), measures)


def _ahead(
    claims: list[Claim],
    mentions: Sequence[Mention],
    found: Discourse,
    gazetteer: Gazetteer,
    year: int | None,
) -> list[Claim]:
    """The claims, a figure for a year after publication a forecast (future_years.py), with
    the proposer that goes with it."""
    modalities = [c.modality for c in future_years(claims, mentions, year)]
    return with_modalities(claims, modalities, mentions, found, gazetteer)


def _stated_asks(
    claims: list[Claim],
    mentions: Sequence[Mention],
    asks: frozenset[str],
    found: Discourse,
    gazetteer: Gazetteer,
) -> list[Claim]:
    """A figure of a measure that counts an ask, proposed by nothing but a word of proposing,
    is actual: "the gang demanded $4.75 million" states the demand the measure records (a modal
    or a condition still proposes it: "would demand $9.5 million if the deadline passes").
    `asks`: the names of the measures that count asks."""
    if not asks:
        return claims
    modalities = [
        "actual"
        if claim.measure in asks
        and claim.modality == "proposed"
        and mention.modality_reason in ("proposal_verb", "proposal_noun")
        else claim.modality
        for claim, mention in zip(claims, mentions, strict=True)
    ]
    return with_modalities(claims, modalities, mentions, found, gazetteer)


def _taken_off(
    claims: list[Claim], mentions: Sequence[Mention], measures: Sequence[Measure]
) -> list[Claim]:
    """A count a verb takes off what it belongs to ("cutting 240 homes", "Velo loses 100";
    Mention.removed) is a fall of its measure (-240, -100), unless the measure counts what is
    cut or lost itself ("cut 1,200 jobs" is a level of job cuts; `counts_removals`)."""
    by_name = {m.name: m for m in measures}
    out = []
    for claim, mention in zip(claims, mentions, strict=True):
        measure = by_name.get(claim.measure)
        if (
            mention.removed
            and measure is not None
            and claim.kind == "level"
            and claim.value > 0
            and claim.qualifier in ("exact", "approx", "range")
            and not counts_removals(measure)
        ):
            q = numbers.Quantity(claim.value, claim.low, claim.high, claim.qualifier)
            q = numbers.negate(q)
            claim = replace(claim, kind="delta", value=q.value, low=q.low, high=q.high)
        out.append(claim)
    return out


@cache
def counts_removals(measure: Measure) -> bool:
    """Whether the measure's name or description (not what it says the measure is not) says
    it counts what is cut, cancelled, closed or lost (lexicon removal_words)."""
    said = measure.name.replace("_", " ") + " " + discourse.affirmed(measure.description)
    return bool(set(_WORD.findall(said.lower())) & lexicon.default().removal_words)


def _new_as_counted(
    mentions: Sequence[Mention], base: Sequence[str], measures: Sequence[Measure]
) -> list[Mention]:
    """The mentions, "new" taken as part of what a measure counts when its nouns hold it: "40
    new hospitals" is a level of a measure of new hospitals, not 40 more of them ("70 new
    organizations" stays 70 more for a measure of organizations). `base`: each mention's
    measure from its own sentence."""
    words = lexicon.default().newness_words
    by_name = {m.name: m for m in measures}
    out = []
    for mention, name in zip(mentions, base, strict=True):
        measure = by_name.get(name)
        noun = mention.claim.noun
        if mention.new_only and measure is not None and noun is not None:
            terms = {n.lower() for n in measure.nouns}
            if any(f"{w} {noun}" in terms for w in words):
                mention = replace(mention, claim=replace(mention.claim, kind="level"))
        out.append(mention)
    return out


def _a_part(mention: Mention, name: str, measures: Sequence[Measure]) -> bool:
    """The mention counts a part of a set (discourse.is_part) that its measure does not name
    by a noun of several words ("290 of them affordable" is what "affordable home" counts)."""
    if not discourse.is_part(mention):
        return False
    measure = next((m for m in measures if m.name == name), None)
    return measure is None or not discourse.names_compound(measure, mention.claim, measures)


def _possible(claims: list[Claim], measures: Sequence[Measure]) -> list[Claim]:
    """The claims, none filed as a value its measure cannot take: there are never fewer than
    no people, so "temperatures that fall to minus 8", read in a paragraph about the
    displaced, is no count of them (a change may be negative: "fell by 12"); and a
    probability is no measure's share unless the measure's words say it is one ("put the
    probability of a downgrade at 40 per cent", "a 30% chance of recession")."""
    # (not a measure of a change: "payrolls were revised to -13,000" jobs added)
    counts = {
        m.name
        for m in measures
        if discourse.units_of(m) == {"count"} and not _CHANGES.search(m.description.lower())
    }
    chances = lexicon.default().chance_nouns
    by_name = {m.name: m for m in measures}
    return [
        replace(c, measure="other")
        if (c.measure in counts and c.kind == "level" and c.value < 0)
        or (c.measure in by_name and _a_chance(c, by_name[c.measure], chances))
        else c
        for c in claims
    ]


# Words by which a measure's description says it counts a change
_CHANGES = re.compile(r"\b(?:net|change|changes|added|gained|lost)\b")
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def _a_chance(claim: Claim, measure: Measure, chances: frozenset[str]) -> bool:
    """The percentage is a probability: a chance word before it in its clause, or right
    after it, with none of the measure's own words between ("the chance that debt crosses 75
    per cent" speaks of debt; "a probability-based survey" is no chance); never when the
    measure's words name a chance."""
    if claim.quantity != "percent":
        return False
    own = discourse.term_words((*measure.nouns, *measure.context))
    if own & chances:
        return False
    at = claim.start_char - claim.sentence_start
    end = claim.end_char - claim.sentence_start
    before = _WORD.findall(re.split(r"[,;:()]", claim.sentence[:at])[-1].lower())
    after = _WORD.findall(claim.sentence[end : end + 20].lower())[:1]
    if after and after[0] in chances:
        return True  # "a 30% chance"
    said = [n for n, w in enumerate(before) if w in chances]
    return bool(said) and not own & set(before[said[-1] + 1 :])


def other_events(mentions: Sequence[Mention], found: Discourse, year: int | None) -> list[Mention]:
    """The mentions, each keeping the dated event its clause is about only when that is
    another event than the story's (its count is then that event's: discourse.resolve,
    measure_model): its words set it apart ("a quake in 2019", "the previous flood"), or its
    year is before the year the text was published (`year`; else the latest year it names).
    "The 2026 floods have killed 41" in 2026 coverage is the story's own."""
    now = year or found.latest_year
    return [
        m
        if m.event_year is None or m.event_apart or (now is not None and m.event_year < now)
        else replace(m, event=None, event_year=None)
        for m in mentions
    ]


def with_modalities(
    claims: Sequence[Claim],
    modalities: Sequence[str],
    mentions: Sequence[Mention],
    found: Discourse,
    gazetteer: Gazetteer,
) -> list[Claim]:
    """The claims with these modalities; a claim whose modality changes gets the proposer
    that goes with it (none for an actual figure)."""
    return [
        claim
        if modality == claim.modality
        else replace(
            claim,
            modality=modality,
            proposal=_proposal(mention.claim, modality, found, gazetteer),
        )
        for claim, modality, mention in zip(claims, modalities, mentions, strict=True)
    ]


def _proposal(claim: Claim, modality: str, found: Discourse, gazetteer: Gazetteer) -> str | None:
    """Claim.proposal with a canonical proposer; a proposal whose clause names no proposer
    ("the company proposed", "a plan to give 70 more") is the text's main organization's."""
    if modality != "proposed":
        return None
    name, revised = claim.proposal or "", False
    if name.endswith(REVISED):
        name, revised = name[: -len(REVISED)], True
    name = name or found.prominent or ""
    name = gazetteer.canonicalize(name) if name else ""
    if revised:
        return name + REVISED
    return name or None
