"""A rendered 2-D dataset on which a small network overfits (c2w1-regularization).

Stands in for the classic "football field" data: points uniform in a square, labelled by which side
of a smooth curve they fall on, with label noise that is strongest near the curve (ambiguous
positions) plus a few flipped labels anywhere (outliers). Deterministic; see
course/datasets/regularization-2d.md.
"""

from __future__ import annotations

import numpy as np

BASE_FLIP = 0.03      # probability that any label is flipped
EDGE_FLIP = 0.30      # extra flip probability at the curve, decaying with the distance to it
EDGE_WIDTH = 0.12     # length scale of that decay


def boundary(x1):
    """The true class boundary x2 = f(x1): label 1 above the curve, 0 below."""
    return 0.3 * np.sin(2.5 * x1) - 0.1


def make_points(m, seed):
    """
    m points of the dataset, drawn with np.random.default_rng(seed).

    Returns X -- (2, m) coordinates in [-0.75, 0.75]^2; Y -- (1, m) labels 0/1 (int)
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-0.75, 0.75, size=(2, m))
    distance = X[1] - boundary(X[0])
    y = (distance > 0).astype(int)
    p_flip = BASE_FLIP + EDGE_FLIP * np.exp(-(distance / EDGE_WIDTH) ** 2)
    flips = rng.random(m) < p_flip
    y = np.where(flips, 1 - y, y)
    return X, y.reshape(1, -1)


def load_2D_dataset(n_train=211, n_test=200, seed=4):
    """
    Train and test sets drawn independently from the same distribution (seeds seed and seed + 100).

    Returns train_X (2, n_train), train_Y (1, n_train), test_X (2, n_test), test_Y (1, n_test)
    """
    train_X, train_Y = make_points(n_train, seed)
    test_X, test_Y = make_points(n_test, seed + 100)
    return train_X, train_Y, test_X, test_Y
