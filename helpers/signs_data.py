"""Loader of the rendered hand-signs data set (the classic SIGNS layout) and one-hot encoding."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

DATASETS_DIR = Path(__file__).resolve().parents[1] / "datasets"


def _path(filename):
    path = DATASETS_DIR / filename
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make data` (python -m helpers.build_data) "
                                "in the course folder to rebuild the data files.")
    return path


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
    with h5py.File(_path("train_signs.h5"), "r") as train:
        X_train_orig = np.array(train["train_set_x"][:])
        Y_train_orig = np.array(train["train_set_y"][:])
    with h5py.File(_path("test_signs.h5"), "r") as test:
        X_test_orig = np.array(test["test_set_x"][:])
        Y_test_orig = np.array(test["test_set_y"][:])
        classes = np.array(test["list_classes"][:])
    return X_train_orig, Y_train_orig.reshape(1, -1), X_test_orig, Y_test_orig.reshape(1, -1), classes


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
