"""Dev sets 2 to 6 (tests/extractors/dev2/ ... dev6/): article-length texts in the blind set's
format, written blind to the extractor. All five have since been tuned on (set 4 from round 6
of issue 13, set 5 from round 7, set 6 from claims-9), so their figures are dev figures. The
floors are what the extractor reached; never lower them to let a change pass.

    .venv/bin/python -m tests.extractors.blind_gate --set tests/extractors/dev3 --verbose
"""

from __future__ import annotations

import pytest

from tests.extractors.blind_gate import HERE, score

EPSILON = 0.005
FLOORS = {
    "dev2": {
        "value_f1": 0.985,
        "measure_recall": 0.940,
        "measure_precision": 0.916,
        "strict_measure_recall": 0.867,
    },
    "dev3": {
        "value_f1": 0.968,
        "measure_recall": 0.904,
        "measure_precision": 0.908,
        "strict_measure_recall": 0.761,
    },
    "dev4": {
        "value_f1": 0.976,
        "measure_recall": 0.794,
        "measure_precision": 0.885,
        "strict_measure_recall": 0.608,
    },
    "dev5": {
        "value_f1": 0.980,
        "measure_recall": 0.807,
        "measure_precision": 0.879,
        "strict_measure_recall": 0.662,
    },
    "dev6": {
        "value_f1": 0.966,
        "measure_recall": 0.671,
        "measure_precision": 0.684,
        "strict_measure_recall": 0.503,
    },
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_floors(name: str) -> None:
    figures = score(HERE / name)["all"].totals()
    print(f"\n{name}: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    for key, floor in FLOORS[name].items():
        assert figures[key] >= floor - EPSILON, f"{name} {key} {figures[key]} fell below {floor}"
