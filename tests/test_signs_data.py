"""The rendered hand-signs data set: classic SIGNS layout, loader, and room for the ConvNet story.

That a rebuild reproduces the files byte for byte is tested with every data set in test_datasets.py.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from helpers.signs_data import DATASETS_DIR, block_average, convert_to_one_hot, load_signs_dataset

SPLITS = (("train", 1080, 180), ("test", 120, 20))


@pytest.mark.parametrize(("split", "m", "per_class"), SPLITS)
def test_signs_files_have_the_classic_layout(split, m, per_class):
    with h5py.File(DATASETS_DIR / f"{split}_signs.h5", "r") as f:
        assert set(f) == {f"{split}_set_x", f"{split}_set_y", "list_classes"}
        x, y = f[f"{split}_set_x"], f[f"{split}_set_y"]
        assert x.shape == (m, 64, 64, 3) and x.dtype == np.uint8
        assert y.shape == (m,) and y.dtype == np.int64
        assert x.compression == "gzip" and y.compression == "gzip"
        assert np.bincount(y[:], minlength=6).tolist() == [per_class] * 6
        assert f["list_classes"][:].tolist() == [0, 1, 2, 3, 4, 5]
        images = x[:]
    # real pictures, not blank or constant frames, and no two identical images
    assert images.reshape(m, -1).std(axis=1).min() > 10
    assert len({image.tobytes() for image in images}) == m


def test_loader_and_one_hot():
    X_train_orig, Y_train_orig, X_test_orig, Y_test_orig, classes = load_signs_dataset()
    assert X_train_orig.shape == (1080, 64, 64, 3) and X_train_orig.dtype == np.uint8
    assert Y_train_orig.shape == (1, 1080)
    assert X_test_orig.shape == (120, 64, 64, 3) and Y_test_orig.shape == (1, 120)
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    Y = convert_to_one_hot(Y_train_orig, 6)
    assert Y.shape == (6, 1080)
    assert np.array_equal(Y.sum(axis=0), np.ones(1080))
    assert np.array_equal(Y.argmax(axis=0), Y_train_orig[0])
    assert convert_to_one_hot(np.array([[1, 0, 2]]), 3).tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 1]]


def test_block_average_takes_the_mean_of_each_block():
    images = np.arange(2 * 4 * 6 * 3).reshape(2, 4, 6, 3)
    small = block_average(images, 2)
    assert small.shape == (2, 2, 3, 3)
    assert small[1, 0, 2, 1] == images[1, 0:2, 4:6, 1].mean()
    assert np.allclose(small.mean(axis=(1, 2)), images.mean(axis=(1, 2)))


def test_dense_baseline_is_above_chance_but_leaves_room_for_a_convnet():
    """A fully connected net on raw pixels learns something, but far from all (the ConvNet's story)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    X_train_orig, Y_train_orig, X_test_orig, Y_test_orig, _ = load_signs_dataset()
    scaler = StandardScaler().fit(X_train_orig.reshape(1080, -1) / 255.0)
    X, Xt = (scaler.transform(x.reshape(len(x), -1) / 255.0) for x in (X_train_orig, X_test_orig))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier((8,), alpha=1e-4, batch_size=64, max_iter=30, random_state=0).fit(X, Y_train_orig[0])
    train_acc, test_acc = mlp.score(X, Y_train_orig[0]), mlp.score(Xt, Y_test_orig[0])
    assert train_acc > 0.5, train_acc
    assert 0.25 <= test_acc <= 0.9, test_acc
