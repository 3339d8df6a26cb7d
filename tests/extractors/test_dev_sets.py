"""Dev sets 2 and 3 (tests/extractors/dev2/, dev3/): article-length texts in the blind set's
format, written blind to the extractor and then tuned on, so their figures are dev figures.
The floors are what the extractor reached after tuning; never lower them to let a change pass.

    .venv/bin/python -m tests.extractors.blind_gate --set tests/extractors/dev3 --verbose
"""

from __future__ import annotations

import pytest

from tests.extractors.blind_gate import HERE, score

EPSILON = 0.005
FLOORS = {
    "dev2": {
        "value_f1": 0.977,
        "measure_recall": 0.867,
        "measure_precision": 0.897,
        "strict_measure_recall": 0.8,
    },
    "dev3": {
        "value_f1": 0.951,
        "measure_recall": 0.756,
        "measure_precision": 0.823,
        "strict_measure_recall": 0.594,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_floors(name: str) -> None:
    figures = score(HERE / name)["all"].totals()
    print(f"\n{name}: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    for key, floor in FLOORS[name].items():
        assert figures[key] >= floor - EPSILON, f"{name} {key} {figures[key]} fell below {floor}"
