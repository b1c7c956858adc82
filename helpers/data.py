"""Loaders of the course's data sets and of real photographs for the notebooks."""

from __future__ import annotations

import h5py
import numpy as np
from PIL import Image

from helpers.paths import dataset_path


def load_cat_dataset():
    """
    The rendered cat vs non-cat data set, in the classic layout.

    Returns:
    train_set_x_orig -- (209, 64, 64, 3) uint8 images
    train_set_y -- (1, 209) labels, 1 = cat
    test_set_x_orig -- (50, 64, 64, 3)
    test_set_y -- (1, 50)
    classes -- array([b'non-cat', b'cat'])
    """
    return load_classic_h5("catvnoncat")


def load_classic_h5(stem):
    """
    train_{stem}.h5 and test_{stem}.h5 of datasets/, in the classic layout.

    Returns (train_set_x_orig, train_set_y (1, m_train), test_set_x_orig, test_set_y (1, m_test), classes).
    """
    with h5py.File(dataset_path(f"train_{stem}.h5"), "r") as train:
        train_set_x_orig = np.array(train["train_set_x"][:])
        train_set_y = np.array(train["train_set_y"][:])
    with h5py.File(dataset_path(f"test_{stem}.h5"), "r") as test:
        test_set_x_orig = np.array(test["test_set_x"][:])
        test_set_y = np.array(test["test_set_y"][:])
        classes = np.array(test["list_classes"][:])
    return (train_set_x_orig, train_set_y.reshape(1, -1), test_set_x_orig, test_set_y.reshape(1, -1), classes)


def _square(image: Image.Image, size: int) -> np.ndarray:
    w, h = image.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    image = image.convert("RGB").crop((left, top, left + side, top + side))
    return np.asarray(image.resize((size, size), Image.LANCZOS), dtype=np.uint8)


def load_photo(name: str = "chelsea", size: int = 64) -> np.ndarray:
    """
    A real photograph shipped with scikit-image, centre-cropped and resized.

    name -- "chelsea" (a cat), "coffee" (a cup of coffee), "astronaut", "rocket", ...
    Returns image -- (size, size, 3) uint8
    """
    import skimage.data

    return _square(Image.fromarray(getattr(skimage.data, name)()), size)


def load_image_file(path, size: int = 64) -> np.ndarray:
    """A picture of your own (JPEG, PNG...), centre-cropped and resized to (size, size, 3) uint8."""
    with Image.open(path) as image:
        return _square(image, size)
