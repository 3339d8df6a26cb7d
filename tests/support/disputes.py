"""Fixture disputes through the real warehouse: articles and versions via
`Warehouse.load_observations`, claims via `Warehouse.store_extractions` (as a run stores them),
flags and disputes via `detect_flags` and `detect_disputes` (as the flag stage does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from claimwatch.extractors.near_dup import signature
from claimwatch.extractors.records import ArticleObservation, Claim, Extraction
from claimwatch.extractors.text_norm import content_hash
from claimwatch.warehouse.disputes import DisputeCounts, detect_disputes
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.store import Warehouse

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MEASURE = "orgs_with_access"
KEY = "test-disputes"
TOPIC = "mythos"
WIRE = (
    "Anthropic and the White House remain at odds over how many organizations should be "
    "allowed to use the Mythos model, according to people familiar with the talks, who said "
    "the list has been revised several times this month and that officials expect a decision "
    "before the end of the year on whether the program is widened further."
)


def claim(
    value: int,
    qualifier: str = "approx",
    *,
    kind: str = "level",
    modality: str = "actual",
    subject: str | None = "Mythos",
    as_of: tuple[datetime, datetime] | None = None,
    sentence: str | None = None,
    start: int = 0,
) -> Claim:
    v = Decimal(value)
    low, high = {
        "exact": (v, v),
        "approx": (v * Decimal("0.9"), v * Decimal("1.1")),
        "more_than": (v, None),
        "vague": (Decimal(24), Decimal(99)),
    }[qualifier]
    text = sentence or f"Officials said about {value} organizations have access to Mythos."
    return Claim(
        value=v, low=low, high=high, qualifier=qualifier, kind=kind, modality=modality,
        negated=False, measure=MEASURE, quantity="count", noun="organization", subject=subject,
        attribution=None, value_text=str(value), sentence=text, start_char=start,
        end_char=start + 2, sentence_start=start, sentence_end=start + len(text),
        as_of_start=as_of[0] if as_of else None, as_of_end=as_of[1] if as_of else None,
    )  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    article_id: str
    claim_ids: list[str]  # of the latest version


def seed(
    wh: Warehouse,
    url: str,
    outlet: str,
    claims: Sequence[Claim],
    *,
    at: datetime = T0,
    version: int = 1,
    wire: bool = False,
) -> Seeded:
    """Store version `version` of the article at `url` (published `at`) saying `claims`. A wire
    article carries the shared wire text, so that copies group into one story."""
    body = WIRE if wire else f"Coverage of the Mythos access talks at {url}."
    text = body + f" (version {version}: " + " ".join(c.sentence for c in claims) + ")"
    observation = ArticleObservation(
        url=url, outlet=outlet, feed_url="http://127.0.0.1/feed.xml", title="Mythos access",
        text=text, content_hash=content_hash("Mythos access", text), on_topic=True,
        published_at=at, updated_at=None, fetched_at=at + timedelta(hours=version - 1),
        signature=signature(WIRE) if wire else (),
    )  # fmt: skip
    [out] = wh.load_observations(f"run-{url}-{version}", [observation], topic=TOPIC)
    assert out.version == version
    wh.store_extractions(
        KEY, [(out.article_id, version, Extraction((), tuple(claims)))], topic=TOPIC
    )
    _, rows = wh.query(
        f"SELECT claim_id FROM claims WHERE article_id = '{out.article_id}' "
        f"AND version = {version} ORDER BY start_char, claim_id"
    )
    return Seeded(out.article_id, [r[0] for r in rows])


def detect(wh: Warehouse, at: datetime = T0 + timedelta(days=3)) -> DisputeCounts:
    detect_flags(wh, at, TOPIC)
    return detect_disputes(wh, at, TOPIC)


def six_against_one(wh: Warehouse) -> dict[str, Seeded]:
    seeded = {}
    for i, outlet in enumerate(["Harbor", "Metro", "River", "Lake", "Plain", "Ridge"]):
        seeded[outlet] = seed(wh, f"https://{outlet.lower()}.example/a", outlet, [claim(120)],
                              at=T0 + timedelta(hours=i))  # fmt: skip
    seeded["Outlier"] = seed(wh, "https://outlier.example/a", "Outlier", [claim(200)],
                             at=T0 + timedelta(hours=2))  # fmt: skip
    return seeded
