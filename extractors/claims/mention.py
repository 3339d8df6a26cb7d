"""`Mention`: a claim as the component finds it, before a topic gives it a measure.

A mention holds a `Claim` (records.py defines the schema once) whose measure is still "other"
and whose subject and attribution are names as written, plus what the measure step needs
beyond the claim: the sentence's words.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from spacy.tokens import Doc

from claimwatch.extractors.claims.syntax import Amount
from claimwatch.extractors.records import Claim, claim_from_data, claim_to_data

EXTENSION = "claim_mentions"
DISCOURSE_EXTENSION = "claim_discourse"
for _name in (EXTENSION, DISCOURSE_EXTENSION):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True, slots=True)
class Mention:
    """One number found in a sentence, before a topic gives it a measure."""

    claim: Claim  # measure "other"; subject/attribution: surface form (or ruler id)
    context: tuple[str, ...]  # the sentence's lower-cased words and lemmas, for measures
    # ... of the noun phrase the count is in, and of its own clause (syntax.nearest_words)
    phrase: tuple[str, ...] = ()
    clause: tuple[str, ...] = ()
    # For the discourse pass (discourse.py):
    block: int = 0  # index of the paragraph or heading block the sentence is in
    # A count that names no noun of its own: none or a generic one ("the total"), or one lent
    # by another number in its sentence ("50 organizations ... 70 more").
    elliptical: bool = False
    generic: bool = False  # its head is a generic one: "the total", "the tally", "the figure"
    # Whether a later elliptical count may refer back to it: not counts of sources ("two
    # people familiar with ...") or of time ("within 30 days").
    antecedent: bool = True
    # It counts those who give a figure ("staff at two firms put it at 58"): no antecedent of
    # a later elliptical count, though it may still be a figure itself.
    sayer: bool = False
    aside: bool = False  # in an apposition, after a dash or colon, or in a verbless fragment
    owners: tuple[str, ...] = ()  # possessors of the count's holders ("Google's program")
    named: tuple[str, ...] = ()  # entities named in those holders ("the Mythos preview")
    offered: tuple[str, ...] = ()  # of those, the ones not in an agent ("use its Mythos")
    products: tuple[str, ...] = ()  # the PRODUCT entities among them ("its Claude chatbot")
    places: tuple[str, ...] = ()  # the places (GPE) its sentence names: "Alberta", "Ottawa"
    cue: str | None = None  # "rival" or "own" when the words mark someone else's count
    agents: tuple[str, ...] = ()  # organizations named as its doer ("Harbor Air cancelled 190")
    # ... and those a pronoun doer stands for ("Norvik Auto, which is cutting 2,500 jobs"): kept
    # apart, as the learned measure step was fitted on named doers alone
    referred: tuple[str, ...] = ()
    holds: tuple[str, ...] = ()  # named as what has or is the count ("Quillon spans 44 firms")
    holders: tuple[str, ...] = ()  # ... that subject itself, not a reporter ("Westridge has 11")
    # A sum of money or a percentage: what it is the size of (syntax.amount_of).
    amount: Amount | None = None
    # Whether its own words decide its modality (syntax.Modality): an unmarked one may take
    # the modality its measure's figure has elsewhere in the text.
    marked: bool = True
    own_modality: bool = False  # its own phrase says it ("the 50 admitted in April")
    # Whether its own words say level or delta (syntax.said_kind): a bare count may take the
    # kind its figure has elsewhere in the text ("20 more" ... "the White House's 20").
    kind_said: bool = True
    # ... and whether only "new" on its noun says delta ("40 new hospitals"): a level when its
    # measure's nouns hold "new hospital" (measure.to_claims)
    new_only: bool = False
    fragment: bool = False  # no verb governs it ("About 60, by its own count.")
    modality_reason: str = "none"  # which rule decided its modality (syntax.Modality.reason)
    program: bool = False  # its clause is about a program's reach ("a program capped at 120")
    reported: bool = False  # a bare figure a source gives: "two outlets have reported 85"
    scene: str | None = None  # the place its sentence opens in: "In Marinda, ..."
    # An event dated by its year that its clause is about ("2019 quake"; syntax.dated_event),
    # its year, and whether its words set it apart from the story's own event
    event: str | None = None
    event_year: int | None = None
    event_apart: bool = False
    scope: str | None = None  # a wider area its clause gives it: "statewide", "the state"
    # another category of its noun ("11 probable cases"), or a state its people are in
    # ("1,034 injured"): a group the measure counts only if its words name it
    category: str | None = None
    does: tuple[str, ...] = ()  # a bare count's verb, as written and lemma: "34 had died"
    removed: bool = False  # what a verb takes off: "cutting 240 homes" (syntax.removed)
    # Alone in a table's cell: the text's headline, the table's caption and its header row,
    # lower-cased; they say what the cell's figure is about where its row says nothing.
    table: str = ""
    part: bool = False  # ... a row of a breakdown whose total row is in the table

    def to_data(self) -> dict[str, Any]:
        """Plain msgpack-able data: nlp.pipe(n_process>1) ships Docs between processes."""
        return {
            "claim": claim_to_data(self.claim),
            "context": list(self.context),
            "phrase": list(self.phrase),
            "clause": list(self.clause),
            "block": self.block,
            "elliptical": self.elliptical,
            "generic": self.generic,
            "antecedent": self.antecedent,
            "sayer": self.sayer,
            "aside": self.aside,
            "owners": list(self.owners),
            "named": list(self.named),
            "offered": list(self.offered),
            "products": list(self.products),
            "places": list(self.places),
            "cue": self.cue,
            "agents": list(self.agents),
            "referred": list(self.referred),
            "holds": list(self.holds),
            "holders": list(self.holders),
            "amount": _amount_to_data(self.amount),
            "marked": self.marked,
            "own_modality": self.own_modality,
            "kind_said": self.kind_said,
            "new_only": self.new_only,
            "fragment": self.fragment,
            "modality_reason": self.modality_reason,
            "program": self.program,
            "reported": self.reported,
            "scene": self.scene,
            "event": self.event,
            "event_year": self.event_year,
            "event_apart": self.event_apart,
            "scope": self.scope,
            "category": self.category,
            "does": list(self.does),
            "removed": self.removed,
            "table": self.table,
            "part": self.part,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Mention:
        return cls(
            claim=claim_from_data(data["claim"]),
            context=tuple(data["context"]),
            phrase=tuple(data.get("phrase", ())),
            clause=tuple(data.get("clause", ())),
            block=data["block"],
            elliptical=data["elliptical"],
            generic=data["generic"],
            antecedent=data["antecedent"],
            sayer=data.get("sayer", False),
            aside=data["aside"],
            owners=tuple(data["owners"]),
            named=tuple(data["named"]),
            offered=tuple(data["offered"]),
            products=tuple(data["products"]),
            places=tuple(data.get("places", ())),
            cue=data["cue"],
            agents=tuple(data.get("agents", ())),
            referred=tuple(data.get("referred", ())),
            holds=tuple(data.get("holds", ())),
            holders=tuple(data.get("holders", ())),
            amount=_amount_from_data(data.get("amount")),
            marked=data.get("marked", True),
            own_modality=data.get("own_modality", False),
            kind_said=data.get("kind_said", True),
            new_only=data.get("new_only", False),
            fragment=data.get("fragment", False),
            modality_reason=data.get("modality_reason", "none"),
            program=data.get("program", False),
            reported=data.get("reported", False),
            scene=data.get("scene"),
            event=data.get("event"),
            event_year=data.get("event_year"),
            event_apart=data.get("event_apart", False),
            scope=data.get("scope"),
            category=data.get("category"),
            does=tuple(data.get("does", ())),
            removed=data.get("removed", False),
            table=data.get("table", ""),
            part=data.get("part", False),
        )


def _amount_to_data(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    out: dict[str, Any] = {}
    for f in fields(Amount):
        value = getattr(amount, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _amount_from_data(data: dict[str, Any] | None) -> Amount | None:
    """An Amount from its data; a field the data lacks (stored by an older version) takes its
    default."""
    if data is None:
        return None
    given = {
        f.name: tuple(data[f.name]) if isinstance(data[f.name], list) else data[f.name]
        for f in fields(Amount)
        if f.name in data
    }
    return Amount(**given)


@dataclass(frozen=True, slots=True)
class Discourse:
    """What the discourse pass needs beyond the mentions: per block, the words of its
    question heading (None when it has none); the (possessor, possessed) names the text
    states ("Anthropic's Mythos"); the organization it names most often (the story's own
    company, whose counts are not another entity's)."""

    headings: tuple[tuple[str, ...] | None, ...] = ()
    possessions: tuple[tuple[str, str], ...] = ()
    prominent: str | None = None  # the organization the text names most often
    # Per paragraph, its start offset and its lower-cased words and lemmas, space-separated
    # (split only when asked): a measure's context may sit in the paragraph rather than in the
    # count's own sentence ("Picket lines are up. The union says 3,250 members are out.").
    paragraphs: tuple[tuple[int, str], ...] = ()
    titled: bool = False  # the first paragraph is the story's headline
    # Questions that end a paragraph, each its start and its lower-cased words and lemmas: an
    # answer right after one ("How many are there? / The last number was 61.") takes its
    # measure from the question.
    asked: tuple[tuple[int, tuple[str, ...]], ...] = ()
    latest_year: int | None = None  # the latest year the text names (syntax.latest_year)

    def to_data(self) -> dict[str, Any]:
        return {
            "headings": [list(h) if h is not None else None for h in self.headings],
            "possessions": [list(p) for p in self.possessions],
            "prominent": self.prominent,
            "paragraphs": [[start, words] for start, words in self.paragraphs],
            "titled": self.titled,
            "asked": [[start, list(words)] for start, words in self.asked],
            "latest_year": self.latest_year,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Discourse:
        if not data:
            return cls()
        return cls(
            headings=tuple(tuple(h) if h is not None else None for h in data["headings"]),
            possessions=tuple((a, b) for a, b in data["possessions"]),
            prominent=data["prominent"],
            paragraphs=tuple((start, words) for start, words in data.get("paragraphs", ())),
            titled=bool(data.get("titled", False)),
            asked=tuple((start, tuple(words)) for start, words in data.get("asked", ())),
            latest_year=data.get("latest_year"),
        )


def mentions_of(doc: Doc) -> list[Mention]:
    """The mentions the component stored on a Doc (none if it did not run)."""
    return [Mention.from_data(d) for d in doc._.get(EXTENSION) or []]


def discourse_of(doc: Doc) -> Discourse:
    """The block and possession data the component stored on a Doc."""
    return Discourse.from_data(doc._.get(DISCOURSE_EXTENSION))
