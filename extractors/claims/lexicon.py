"""The claim component's words, loaded from a data file (lexicon.toml next to this module).

A linguist extends the extractor by editing the file: a new hedge, proposal verb or report
verb is a data change, and the extraction key includes the file's hash (extractors/nlp.py
LEXICON_FILES), so stored claims are derived again. Sets are frozen: one Lexicon is shared by
every Doc the component processes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the component reads; lexicon.toml documents each one."""

    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    currency_subunits: dict[str, str]
    percent_words: frozenset[str]
    unit_symbols: frozenset[str]  # scan._identifier
    fraction_words: frozenset[str]  # scan._fraction
    money_measure_words: frozenset[str]  # discourse.units_of
    money_nouns: frozenset[str]  # discourse.units_of
    ratio_words: frozenset[str]  # discourse.units_of
    time_nouns: frozenset[str]
    clock_words: frozenset[str]
    change_words: frozenset[str]
    determiner_hedges: frozenset[str]
    exceed_verbs: frozenset[str]
    cap_words: frozenset[str]  # scan._capped
    anchor_nouns: frozenset[str]
    list_nouns: frozenset[str]  # syntax._resolve_anchor: "the waiting list"
    bare_anchor_nouns: frozenset[str]
    event_anchor_nouns: frozenset[str]  # syntax._resolve_anchor, discourse.counts_noun
    casualty_nouns: frozenset[str]  # discourse.counts_noun
    total_words: frozenset[str]
    in_total_words: frozenset[str]
    generic_heads: frozenset[str]
    label_roles: frozenset[str]  # component.find_mentions
    estimate_verbs: frozenset[str]
    not_counted_nouns: frozenset[str]
    delta_words: frozenset[str]
    delta_pre_words: frozenset[str]
    growth_verbs: frozenset[str]
    growth_amount_verbs: frozenset[str]  # syntax.kind
    growth_nouns: frozenset[str]  # syntax.kind
    decrease_nouns: frozenset[str]  # syntax.kind, scan._change
    add_verbs: frozenset[str]
    adding_verbs: frozenset[str]  # syntax._moved_onto
    subtracting_verbs: frozenset[str]  # syntax._moved_onto
    taking_off_verbs: frozenset[str]  # syntax._moved_onto
    step_nouns: frozenset[str]
    change_verbs: frozenset[str]  # growth verbs included (see `load`)
    drift_verbs: frozenset[str]  # scan._moved_up_to
    modals: frozenset[str]
    proposal_verbs: frozenset[str]
    proposal_nouns: frozenset[str]
    negotiating_places: frozenset[str]  # syntax.modality
    ask_nouns: frozenset[str]  # discourse.counts_asks
    proposal_preps: frozenset[str]
    approval_verbs: frozenset[str]  # syntax._approved
    voting_verbs: frozenset[str]  # syntax._approved
    passing_verbs: frozenset[str]  # syntax._approved
    opposing_verbs: frozenset[str]
    revision_words: frozenset[str]
    revision_verbs: frozenset[str]
    baseline_preps: frozenset[str]
    actual_adjs: frozenset[str]
    causatives: frozenset[str]
    forecast_verbs: frozenset[str]
    forecast_nouns: frozenset[str]
    forecast_adjs: frozenset[str]
    period_nouns: frozenset[str]
    future_words: frozenset[str]
    past_words: frozenset[str]
    start_verbs: frozenset[str]
    present_words: frozenset[str]
    normative_adjs: frozenset[str]
    concession_words: frozenset[str]
    special_kinds: frozenset[str]  # discourse.another_kind
    condition_words: frozenset[str]
    alternative_marks: frozenset[str]  # syntax._alternatives
    perspective_verbs: frozenset[str]  # syntax._conditioned
    negation_words: frozenset[str]
    negation_determiners: frozenset[str]
    denial_verbs: frozenset[str]
    truth_adjs: frozenset[str]
    false_adjs: frozenset[str]
    report_verbs: frozenset[str]
    object_source_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    according_words: frozenset[str]
    contrast_words: frozenset[str]
    rival_words: frozenset[str]
    separate_words: frozenset[str]  # syntax.owner
    taking_verbs: frozenset[str]  # syntax.owner: whose deed a count is
    finding_verbs: frozenset[str]  # syntax.owner: who found or counted the things
    having_verbs: frozenset[str]  # syntax.owner: who has, lacks or loses the things
    decision_nouns: frozenset[str]  # syntax.owner: whose decision brought the count
    finding_nouns: frozenset[str]  # syntax.owner: whose review found them
    scope_words: frozenset[str]
    jurisdiction_nouns: frozenset[str]
    national_scopes: frozenset[str]
    local_units: frozenset[str]
    category_words: frozenset[str]
    state_words: frozenset[str]  # syntax.state
    chance_nouns: frozenset[str]  # measure._possible
    elsewhere_words: frozenset[str]  # syntax.opening_place
    event_nouns: frozenset[str]  # syntax.dated_event
    prior_words: frozenset[str]  # syntax.dated_event
    source_nouns: frozenset[str]
    program_nouns: frozenset[str]
    member_nouns: frozenset[str]
    newness_words: frozenset[str]  # syntax.said_kind, measure._new_as_counted
    building_verbs: frozenset[str]  # syntax.made_new
    addition_nouns: frozenset[str]  # syntax.said_kind
    batch_nouns: frozenset[str]  # syntax._in_a_batch
    decade_cues: frozenset[str]  # scan._decade_here
    decade_blocks: frozenset[str]  # scan._decade_here
    founding_words: frozenset[str]  # syntax._in_a_batch
    group_nouns: frozenset[str]  # syntax._in_a_batch
    admitting_verbs: frozenset[str]  # syntax._in_a_batch
    irregular_past: dict[str, str]  # "grew" → "grow": context words in any tense

    # The general quantity layer (scan.py): currencies, durations and ages, ranges, signs, and
    # numbers that are no quantities (identifiers, addresses, tallies).
    currency_adjectives: dict[str, str]
    time_abbreviations: dict[str, str]
    age_words: frozenset[str]
    range_words: frozenset[str]
    change_nouns: frozenset[str]
    tally_words: frozenset[str]
    identifier_heads: frozenset[str]
    address_words: frozenset[str]
    decrease_verbs: frozenset[str]
    loss_verbs: frozenset[str]
    increase_verbs: frozenset[str]
    reduce_verbs: frozenset[str]
    removal_verbs: frozenset[str]  # syntax.removed
    removal_words: frozenset[str]  # measure.counts_removals
    release_verbs: frozenset[str]
    race_words: frozenset[str]
    year_prepositions: frozenset[str]
    change_units: frozenset[str]
    phone_words: frozenset[str]
    age_nouns: frozenset[str]
    age_superlatives: frozenset[str]
    age_links: frozenset[str]
    level_bounds: frozenset[str]  # scan._change, syntax._amount_of
    ordinal_words: frozenset[str]  # scan._trust_date
    referring_determiners: frozenset[str]  # scan.opens_clause

    # What a sum of money or a percentage measures (syntax.amount_of).
    amount_preps: frozenset[str]
    amount_verbs: frozenset[str]
    rise_nouns: frozenset[str]
    fall_nouns: frozenset[str]
    revision_nouns: frozenset[str]  # discourse._Amounts._continues
    amount_heads: frozenset[str]
    putting_verbs: frozenset[str]
    yardstick_heads: frozenset[str]  # discourse._Amounts._continues
    foreseen_heads: frozenset[str]
    # Two amounts of one series (discourse._coordinated_amounts).
    series_coordinators: frozenset[str]
    series_words: frozenset[str]
    comparative_words: frozenset[str]
    compared_bases: frozenset[str]  # syntax._compared
    smaller_words: frozenset[str]  # syntax._compared
    comparing_preps: frozenset[str]  # syntax.owner, syntax._amount_of
    equity_nouns: frozenset[str]  # syntax._stock
    economy_words: frozenset[str]  # discourse._names_share
    economy_heads: frozenset[str]  # syntax._economy
    economy_modifiers: frozenset[str]  # syntax._economy
    partitive_determiners: frozenset[str]  # measure_model._partitive
    # Tables whose header row names their columns (columns.py, scan._column_cell).
    column_change_words: frozenset[str]
    column_change_links: frozenset[str]
    column_forecast_words: frozenset[str]
    column_version_words: frozenset[str]
    owner_row_headers: frozenset[str]
    total_row_words: frozenset[str]
    place_row_headers: frozenset[str]
    unit_notes: frozenset[str]  # columns._caption_noun
    # The learned modality step's word classes and cue words (modality_model.py).
    forecast_cue_words: frozenset[str]
    goal_words: frozenset[str]
    realised_words: frozenset[str]
    argued_words: frozenset[str]
    negation_cue_words: frozenset[str]
    cue_word_forms: dict[str, str]
    cue_before: frozenset[str]
    cue_pairs_before: frozenset[str]
    cue_after: frozenset[str]


class LexiconError(ValueError):
    """The lexicon file is missing a list, names an unknown one, or holds a wrong value."""


def parse(text: str, where: str = "lexicon") -> Lexicon:
    """A Lexicon from the TOML text; its tables only group the keys, which must be unique."""
    flat: dict[str, object] = {}
    for table, entries in tomllib.loads(text).items():
        if not isinstance(entries, dict):
            raise LexiconError(f"{where}: {table!r} must be a table of word lists")
        for key, value in entries.items():
            if key in flat:
                raise LexiconError(f"{where}: {key!r} is defined twice")
            flat[key] = value
    names = [f.name for f in fields(Lexicon)]
    unknown = sorted(set(flat) - set(names))
    missing = sorted(set(names) - set(flat))
    if unknown or missing:
        raise LexiconError(f"{where}: unknown lists {unknown}, missing lists {missing}")
    values: dict[str, object] = {}
    for name in names:
        raw = flat[name]
        if isinstance(raw, dict):
            values[name] = {str(k).lower(): str(v) for k, v in raw.items()}
        elif isinstance(raw, list) and all(isinstance(w, str) for w in raw):
            values[name] = frozenset(w.lower() for w in raw)
        else:
            raise LexiconError(f"{where}: {name!r} must be a list of words or a table")
    # A growth verb is a change verb too: "rose 20 to 120" is a change, not a range.
    values["change_verbs"] = values["change_verbs"] | values["growth_verbs"]  # type: ignore[operator]
    return Lexicon(**values)  # type: ignore[arg-type]


def load(path: Path = LEXICON_FILE) -> Lexicon:
    return parse(path.read_text(encoding="utf-8"), str(path))


@cache
def default() -> Lexicon:
    """The installed lexicon, read once per process (for callers without a component)."""
    return load()


PLURAL_ENDINGS = ("s", "es")
VERB_ENDINGS = ("ed", "d", "ing")


def naive_stems(word: str, endings: tuple[str, ...] = PLURAL_ENDINGS + VERB_ENDINGS) -> set[str]:
    """The word without each of these endings it has, where enough is left ("hopes" → "hope",
    "hop"): the small model's lemmatizer slips, so a word list is matched by stems too."""
    return {word[: -len(end)] for end in endings if word.endswith(end) and len(word) > len(end) + 2}


@cache
def context_forms(term: str) -> tuple[str, ...]:
    """A topic's context word and the forms a sentence may write it in: topic files list past
    forms ("destroyed", "grew") that headlines and forecasts write in the present or future
    ("destroys", "could grow"); a sentence's context holds each word and its lemma. A regular
    past gives its present forms, not its bare stem: "leveled" must not match the noun in
    "Level 3 notices"."""
    term = term.lower()
    irregular = default().irregular_past.get(term)
    if irregular is not None:
        return (term, irregular)
    if not term.endswith("ed") or len(term) < 5:
        return (term,)
    stems = {term[:-2], term[:-1]}  # "burned" → "burn"; "razed" → "raze"
    if term.endswith("ied"):
        stems.add(term[:-3] + "y")  # "emptied" → "empty"
    if term[-3] == term[-4]:
        stems.add(term[:-3])  # "scrapped" → "scrap"
    return (term, *sorted({s + end for s in stems for end in ("s", "es", "ing")}))
