"""A learned second look at a measure claim's modality: whether the figure is true now
(actual) or put forward, planned, forecast or argued for (proposed).

The rules (syntax.modality, discourse._settle_modality) read a figure's clause through the
parse; they miss what the small model parses wrong, and what no single word decides: a figure
a forecaster "sees" or "pegs" ("the office pegs the shortfall at $7.9 billion"), one named as
someone's position ("Anthropic says roughly 100. The White House says nearer 75."), a figure
argued for ("the right number is closer to 80"), the earlier figure in "up from". This model
weighs the rules' decision with the words around the figure, grouped into the lexicon's
classes (modals, proposal and forecast words, negations, realised verbs, ...), and with the
modality the rules gave the same value elsewhere in the text. Only measure claims: modality
matters where claims are compared, and the dev sets' labels of other figures are looser.

Weights in `modality_model.json`, trained on the labelled dev sets by
`python -m tests.extractors.modality_model --write` (tests/extractors/modality_model.py, which
also prints its leave-one-set-out figures).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimwatch.extractors.claims import lexicon
from claimwatch.extractors.claims.logistic import Logistic
from claimwatch.extractors.claims.mention import Mention
from claimwatch.extractors.records import Claim

MODALITY_MODEL_FILE = Path(__file__).with_name("modality_model.json")
# Words, numbers and the marks that end a clause-ish stretch of words. Before the figure a
# comma ends it too: in "wants to extend it to 110, up from the 45 that were admitted", the
# wanting is no word of the 45's clause.
_TOKENS = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[;:—–()\"“”,]")
_BOUNDARY_BEFORE = frozenset({";", ":", "—", "–", "(", "“", '"', "”", ","})
_BOUNDARY_AFTER = frozenset({";", ":", "—", "–", ")", "("})
_CLAUSE_WORDS, _AFTER_WORDS = 12, 8

# Flags of a mention the model reads as they are (mention.py says what each means).
_FLAGS = (
    "marked", "own_modality", "fragment", "aside", "reported", "generic", "elliptical", "program",
)  # fmt: skip


@cache
def _classes() -> dict[str, frozenset[str]]:
    """The word classes, by the feature name each gives."""
    lex = lexicon.default()
    return {
        "modal": lex.modals,
        "pverb": lex.proposal_verbs,
        "pnoun": lex.proposal_nouns,
        "fverb": lex.forecast_verbs | lex.forecast_cue_words,
        "fnoun": lex.forecast_nouns,
        "fadj": lex.forecast_adjs,
        "future": lex.future_words,
        "past": lex.past_words,
        "present": lex.present_words,
        "norm": lex.normative_adjs | lex.argued_words,
        "cond": lex.condition_words,
        "concede": lex.concession_words,
        "neg": lex.negation_words | lex.negation_cue_words,
        "put": lex.putting_verbs,
        "report": lex.report_verbs,
        "actadj": lex.actual_adjs,
        "goal": lex.goal_words,
        "realise": lex.realised_words,
    }


# Classes of nouns: a word is in one as written or as a plural ("estimates"), not by a verb's
# stem ("pushing" is no "push" for more access).
_NOUN_CLASSES = frozenset({"pnoun", "fnoun"})


@cache
def word_classes(word: str) -> tuple[str, ...]:
    """The classes a word is in, by itself or a naive stem ("hopes" → "hope")."""
    w = word.lower()
    plural = lexicon.naive_stems(w, lexicon.PLURAL_ENDINGS)
    forms = {w} | plural | lexicon.naive_stems(w, lexicon.VERB_ENDINGS)
    irregular = lexicon.default().cue_word_forms.get(w)
    if irregular is not None:
        forms.add(irregular)
    return tuple(
        name
        for name, words in _classes().items()
        if (({w} | plural) if name in _NOUN_CLASSES else forms) & words
    )


# The rules whose decision stands whatever the model scores. Most rest on a word that decides
# the figure's modality by itself (its time, "next year's"; a label, "Projected deficit:"; a
# proposal noun or a verb that puts a figure forward; a plan as subject; "if"; "Even at 92";
# an infinitive aim; an imperative; a denial; an estimate granted, "even at $300m a day"):
# the rules were right on all but 3 of the 192 dev-set claims they decided (dev sets 2 to
# 10), and the model's features cannot tell their clauses from the ones they resemble. Two
# more are where the model, held out, did worse than the rules: a proposal verb (0.926 vs
# 0.934 of 122 claims) and a figure no word decides (a fragment: 0.730 vs 0.787 of 89).
# Modals, relative clauses, baselines, "now" and tenses are weighed (there, held out, the
# model is right more often: tenses 0.809 vs 0.780 of 487 claims, modals 0.962 vs 0.943).
# "approved" (a proposal a verb carried out) and "already" ("the 50 already in") came after
# the model was last weighed against the rules; they are trusted as the other words are.
TRUSTED = frozenset({
    "time", "label", "proposal_noun", "put", "planned", "condition", "concession", "aim",
    "imperative", "denied", "granted", "proposal_verb", "none", "approved", "already",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ModalityModel(Logistic):
    """The probability that a measure claim is proposed; at least the threshold makes it so."""

    def decide(
        self, mentions: Sequence[Mention], claims: Sequence[Claim], kept: Collection[str] = ()
    ) -> list[str]:
        """Each claim's modality: the model's for a measure claim, the rules' for the rest, for
        a claim one of the TRUSTED rules gave its modality and for the claims of the measures
        `kept` (those that count asks: the model reads a word of proposing as proposing, where
        there it names the thing counted, "cut its demand to $2.9 million"). Every claim is
        scored on the rules' decisions, so the order of claims does not matter."""
        out = []
        for i, claim in enumerate(claims):
            if claim.measure in kept or not weighed(mentions[i], claim):
                out.append(claim.modality)
                continue
            p = self.probability(features(mentions[i], claim, claims))
            out.append("proposed" if p >= self.threshold else "actual")
        return out


def weighed(mention: Mention, claim: Claim) -> bool:
    """Whether the model decides the claim's modality: a measure claim none of the TRUSTED
    rules gave its modality, and not a definite repeat of a figure the text gave before
    ("when the 57 would reopen", "the $1.6bn hole is a floor") that took that figure's
    modality in discourse (right on all 5 dev-set claims of the kind)."""
    echoed = mention.claim.modality != claim.modality
    decided = mention.modality_reason in TRUSTED and not echoed
    before = _TOKENS.findall(claim.sentence[: claim.start_char - claim.sentence_start])
    repeated = echoed and before[-1:] in (["the"], ["The"])
    return claim.measure != "other" and not decided and not repeated


def features(mention: Mention, claim: Claim, claims: Sequence[Claim]) -> frozenset[str]:
    """What the rules decided for the figure, the words around it by class, and how the
    rules read the same value of its measure elsewhere in the text."""
    lex = lexicon.default()
    f: set[str] = {"rule_p" if claim.modality == "proposed" else "rule_a"}
    f.update(flag for flag in _FLAGS if getattr(mention, flag))
    f.add(f"by_{mention.modality_reason}")  # the rule that decided (syntax.Modality.reason)
    if mention.claim.modality != claim.modality:
        f.add("disc_changed")  # the discourse pass gave it another figure's modality
    if claim.negated:
        f.add("negated")
    f |= {f"kind_{claim.kind}", f"q_{claim.qualifier}"}
    f.add("count" if mention.amount is None else "amount")

    start = claim.start_char - claim.sentence_start
    end = claim.end_char - claim.sentence_start
    before = _TOKENS.findall(claim.sentence[:start])
    after = _TOKENS.findall(claim.sentence[end:])
    near = [w.lower() for w in before[-3:]]
    clause = _stretch(reversed(before), _BOUNDARY_BEFORE, _CLAUSE_WORDS)
    following = _stretch(after, _BOUNDARY_AFTER, _AFTER_WORDS)
    everything = [w.lower() for w in (*before, *after)]
    # The counted noun names what is counted, not a proposal: "completed 30 schemes", "closed
    # 12 deals".
    for window, words in (
        ("n", near), ("c", clause), ("a", following[:4]), ("A", following), ("s", everything),
    ):  # fmt: skip
        f.update(
            f"{window}:{name}"
            for w in words
            for name in word_classes(w)
            if not (name == "pnoun" and _names_counted(w, claim.noun))
        )
    if near and near[-1] in lex.cue_before:
        f.add(f"p1={near[-1]}")
    if " ".join(near[-2:]) in lex.cue_pairs_before:
        f.add(f"p2={' '.join(near[-2:])}")
    if following and following[0] in lex.cue_after:
        f.add(f"n1={following[0]}")
    if not before:
        f.add("starts")
    if claim.sentence.strip().endswith("?"):
        f.add("question")

    same = [c for c in claims if c is not claim and c.measure == claim.measure]
    echoes = {c.modality for c in same if c.value == claim.value}
    f |= {f"echo_{'p' if m == 'proposed' else 'a'}" for m in echoes & {"proposed", "actual"}}
    values = sorted(c.value for c in (*same, claim))
    if len(values) > 2 and claim.value == values[-1]:
        f.add("max")  # the largest figure of its measure: often the ask
    if claim.value > values[len(values) // 2]:
        f.add("above_med")
    return frozenset(f)


def _names_counted(word: str, noun: str | None) -> bool:
    """The word is the counted noun, as written or as a plural (word_classes' noun forms)."""
    return noun is not None and (
        word == noun or noun in lexicon.naive_stems(word, lexicon.PLURAL_ENDINGS)
    )


def _stretch(words: Iterable[str], boundary: frozenset[str], limit: int) -> list[str]:
    """The words up to the first clause boundary, at most `limit`, lower-cased."""
    out: list[str] = []
    for w in words:
        if w in boundary:
            break
        out.append(w.lower())
        if len(out) >= limit:
            break
    return out


@cache
def default() -> ModalityModel:
    """The model shipped with the package."""
    return ModalityModel.load(MODALITY_MODEL_FILE)
