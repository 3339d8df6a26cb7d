"""A logistic model over named binary features, as the learned steps ship it: a JSON file of
weights (trained by the scripts in tests/extractors/, which also print their held-out
figures). Pure Python at run time: no download, no numpy."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self


@dataclass(frozen=True, slots=True)
class Logistic:
    weights: dict[str, float]
    bias: float
    threshold: float  # a decision is taken when its probability is at least this

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )

    @classmethod
    def load(cls, path: Path) -> Self:
        return cls.from_data(json.loads(path.read_text(encoding="utf-8")))

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))
