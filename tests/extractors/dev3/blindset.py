"""Reading the blind claim set (see GUIDE.md). Pure Python: no claimwatch import, so the people
who write and label the set never need to look at the extractor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUALIFIERS = {"exact", "approx", "nearly", "more_than", "at_least", "less_than", "at_most",
              "range", "vague"}
KINDS = {"level", "delta"}
MODALITIES = {"actual", "proposed"}
REQUIRED = {"span", "occurrence", "value", "low", "high", "qualifier", "kind", "modality",
            "negated", "measure", "unit", "noun", "subject", "time_ref"}
OPTIONAL = {"attribution", "note"}


@dataclass(frozen=True)
class Text:
    id: str
    topic: str
    outlet: str
    style: str
    published_at: str
    title: str
    body: str

    @property
    def full(self) -> str:
        return self.title + "\n\n" + self.body


@dataclass(frozen=True)
class Label:
    text_id: str
    start: int  # character offsets of `span` in the full text
    end: int
    fields: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.fields.get(key)


def load_texts(root: Path = HERE) -> dict[str, Text]:
    out = {}
    for path in sorted((root / "texts").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        out[raw["id"]] = Text(**{k: raw[k] for k in Text.__dataclass_fields__})
    return out


def locate(full: str, span: str, occurrence: int) -> int:
    """Start offset of the occurrence-th `span` in `full`; -1 when there is no such one."""
    start = -1
    for _ in range(occurrence):
        start = full.find(span, start + 1)
        if start < 0:
            return -1
    return start


def load_labels(texts: dict[str, Text], folder: Path) -> dict[str, list[Label]]:
    out: dict[str, list[Label]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        text = texts[path.stem]
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            start = locate(text.full, raw["span"], int(raw["occurrence"]))
            rows.append(Label(text.id, start, start + len(raw["span"]), raw))
        out[text.id] = rows
    return out


def expected_interval(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None] | None:
    """The interval GUIDE.md gives a qualifier; None where it depends on more than the value."""
    if qualifier == "exact":
        return value, value
    if qualifier == "approx":
        a, b = value * Decimal("0.9"), value * Decimal("1.1")
        return min(a, b), max(a, b)
    if qualifier == "nearly":
        a = value * Decimal("0.9")
        return min(a, value), max(a, value)
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("less_than", "at_most"):
        return Decimal(0), value
    return None
