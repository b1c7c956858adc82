"""Loader of the rendered hand-signs data set (the classic SIGNS layout) and one-hot encoding."""

from __future__ import annotations

import numpy as np

from helpers.data import load_classic_h5
from helpers.paths import DATASETS_DIR

__all__ = ["DATASETS_DIR", "block_average", "convert_to_one_hot", "load_signs_dataset"]


def load_signs_dataset():
    """
    The rendered hand-signs data set (0-5 raised fingers), in the classic layout.

    Returns:
    X_train_orig -- (1080, 64, 64, 3) uint8 images
    Y_train_orig -- (1, 1080) int64 labels in 0..5, the number of raised fingers
    X_test_orig -- (120, 64, 64, 3) uint8 images
    Y_test_orig -- (1, 120) int64 labels
    classes -- array([0, 1, 2, 3, 4, 5])
    """
    return load_classic_h5("signs")


def block_average(images, k):
    """
    Smaller images: the mean of each k x k block of pixels.

    images -- (m, n_H, n_W, n_C), n_H and n_W multiples of k
    Returns (m, n_H // k, n_W // k, n_C), in the dtype numpy's mean gives (float64 for integers)
    """
    m, n_H, n_W, n_C = images.shape
    return images.reshape(m, n_H // k, k, n_W // k, k, n_C).mean(axis=(2, 4))


def convert_to_one_hot(Y, C):
    """
    One-hot encoding of integer labels, one column per example.

    Arguments:
    Y -- labels in 0..C-1, of shape (1, m) or (m,)
    C -- number of classes

    Returns:
    Y_one_hot -- (C, m) array with Y_one_hot[Y[j], j] = 1 and zeros elsewhere
    """
    Y = np.eye(C)[np.asarray(Y).reshape(-1)].T
    return Y
