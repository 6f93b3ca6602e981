"""Fitting the matcher's weights (权重拟合): a logistic model over (target, point) pairs — the labelled
point positive, every other point negative — solved by Newton's method with a small L2 penalty, so that
the weights come from labelled bundles and not from tuning by hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from classify.matcher import FEATURES


@dataclass
class Example:
    rows: list[list[float]]  # one feature row per point
    positives: set[int]  # indices of the labelled points


def fit(examples: list[Example], l2: float = 1.0, iterations: int = 25) -> dict:
    """{"bias", "weights"} maximising the penalised likelihood; positives and negatives weigh the same
    in total, so that the score of a labelled point is not pulled down by the many others."""
    x = np.array([row for e in examples for row in e.rows], dtype=float)
    y = np.array([float(i in e.positives) for e in examples for i in range(len(e.rows))])
    if not len(x) or y.sum() == 0 or y.sum() == len(y):
        raise ValueError("拟合需要既有正例又有反例的样本")
    balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    x1 = np.hstack([np.ones((len(x), 1)), x])
    beta = np.zeros(x1.shape[1])
    penalty = l2 * np.eye(x1.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x1 @ beta)))
        grad = x1.T @ (balance * (y - p)) - penalty @ beta
        hess = (x1 * (balance * p * (1 - p))[:, None]).T @ x1 + penalty
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-6:
            break
    return {
        "bias": round(float(beta[0]), 4),
        "weights": {f: round(float(b), 4) for f, b in zip(FEATURES, beta[1:], strict=True)},
    }
