"""Numeric claims: the spaCy component that finds them and the step that applies a topic.

- lexicon.py + lexicon.toml: every word the component reads, as data;
- scan.py: number phrases, qualifiers, units, and what is no quantity;
- syntax.py: counted noun, kind, modality and negation, subject, attribution;
- mention.py: `Mention`, a topic-free claim as stored on the Doc;
- component.py: the `claimwatch_claims` factory (importing this package registers it);
- measure.py: the topic's part: measure assignment, `to_claims` for a whole document;
- measure_model.py + measure_model.json: a learned second look at the measure step's choices;
- discourse.py: blocks of text, and measures carried across sentences within them;
- lines.py: `claimwatch_lines`, sentence bounds at paragraph and list-item breaks, and
  `claimwatch_entity_bounds`, which cuts named entities at line breaks.
"""

from __future__ import annotations

from claimwatch.extractors.claims.component import ClaimFinder, find_mentions
from claimwatch.extractors.claims.discourse import declared_currencies
from claimwatch.extractors.claims.lexicon import LEXICON_FILE, Lexicon
from claimwatch.extractors.claims.lines import set_line_bounds
from claimwatch.extractors.claims.measure import assign_measure, to_claim, to_claims
from claimwatch.extractors.claims.measure_model import MEASURE_MODEL_FILE
from claimwatch.extractors.claims.mention import Discourse, Mention, discourse_of, mentions_of
from claimwatch.extractors.claims.modality_model import MODALITY_MODEL_FILE

__all__ = [
    "LEXICON_FILE",
    "MEASURE_MODEL_FILE",
    "MODALITY_MODEL_FILE",
    "ClaimFinder",
    "Discourse",
    "Lexicon",
    "Mention",
    "assign_measure",
    "declared_currencies",
    "discourse_of",
    "find_mentions",
    "mentions_of",
    "set_line_bounds",
    "to_claim",
    "to_claims",
]
