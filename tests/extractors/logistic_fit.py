"""Fitting the learned steps' logistic models (extractors/claims/logistic.py) on the dev sets:
ridge logistic regression over named binary features, by Newton's method, so that the same
examples always give the same weights (the tests retrain and compare with the shipped files).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimwatch.extractors.claims.logistic import Logistic


def fit(features: list[frozenset[str]], y: np.ndarray, l2: float) -> tuple[dict[str, float], float]:
    """The weights of every feature seen, and the bias (not penalized), rounded as shipped."""
    names = sorted({f for fs in features for f in fs})
    column = {n: j for j, n in enumerate(names)}
    X = np.zeros((len(features), len(names) + 1))
    X[:, -1] = 1.0  # the bias
    for r, fs in enumerate(features):
        for f in fs:
            X[r, column[f]] = 1.0
    penalty = np.full(X.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(X.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        gradient = X.T @ (p - y) + penalty * w
        hessian = (X.T * (p * (1 - p))) @ X + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {n: round(float(w[j]), 4) for n, j in column.items()}, round(float(w[-1]), 4)


def write(model: Logistic, path: Path, trained_on: Sequence[str], l2: float) -> None:
    """The shipped weights file: what it was trained on and how, then the weights."""
    data = {
        "trained_on": list(trained_on),
        "l2": l2,
        "threshold": model.threshold,
        "bias": model.bias,
        "weights": dict(sorted(model.weights.items())),
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def arguments(description: str, path: Path, argv: list[str]) -> argparse.Namespace:
    """A training script's command line: --cv and --write."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out figures")
    parser.add_argument("--write", action="store_true", help=f"retrain {path.name}")
    return parser.parse_args(argv)


def assert_same_weights(model: Logistic, shipped: Logistic) -> None:
    """A retrained model has the shipped file's weights (rounded as written)."""
    assert set(model.weights) == set(shipped.weights)
    for name, weight in model.weights.items():
        assert weight == pytest.approx(shipped.weights[name], abs=2e-4), name
    assert model.bias == pytest.approx(shipped.bias, abs=2e-4)
