"""Data files: checksums, regeneration, the classic layout, and the story the cat data must carry."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from helpers import dnn
from helpers.build_data import build, read_manifest, sha256
from helpers.data import load_cat_dataset, load_photo
from helpers.paths import DATASETS_DIR

GROUP_SUFFIX = ""


def test_every_file_matches_the_manifest():
    manifest = read_manifest()
    assert manifest, "datasets/SHA256SUMS is empty"
    on_disk = {p.name for p in DATASETS_DIR.iterdir() if p.name != "SHA256SUMS"}
    assert on_disk == set(manifest), "datasets/ and datasets/SHA256SUMS disagree"
    for name, digest in manifest.items():
        assert sha256(DATASETS_DIR / name) == digest, f"{name} does not match its checksum"


def test_regeneration_reproduces_the_manifest(tmp_path):
    fresh = build(out_dir=tmp_path)
    assert fresh == read_manifest(), "a rebuilt data file differs from the committed one: run `make data`"


def test_cat_files_have_the_classic_layout():
    for split, m, cats in (("train", 209, 72), ("test", 50, 33)):
        with h5py.File(DATASETS_DIR / f"{split}_catvnoncat.h5") as f:
            assert set(f) == {f"{split}_set_x", f"{split}_set_y", "list_classes"}
            x, y = f[f"{split}_set_x"], f[f"{split}_set_y"]
            assert x.shape == (m, 64, 64, 3) and x.dtype == np.uint8
            assert y.shape == (m,) and int(np.sum(y[:])) == cats
            assert list(f["list_classes"][:]) == [b"non-cat", b"cat"]
    train_x, train_y, test_x, test_y, classes = load_cat_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_y.shape == (1, 209)
    assert test_x.shape == (50, 64, 64, 3) and test_y.shape == (1, 50)
    assert classes.tolist() == [b"non-cat", b"cat"]


def test_real_photos_load():
    for name in ("chelsea", "coffee"):
        image = load_photo(name)
        assert image.shape == (64, 64, 3) and image.dtype == np.uint8


@pytest.fixture(scope="module")
def cat_data():
    train_x, train_y, test_x, test_y, _ = load_cat_dataset()
    return (train_x.reshape(209, -1).T / 255.0, train_y, test_x.reshape(50, -1).T / 255.0, test_y)


def _logistic_regression(X, Y, num_iterations=2000, learning_rate=0.005):
    w, b = np.zeros((X.shape[0], 1)), 0.0
    first_cost = None
    for _ in range(num_iterations):
        A = 1 / (1 + np.exp(-(w.T @ X + b)))
        if first_cost is None:
            first_cost = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
        w = w - learning_rate * X @ (A - Y).T / X.shape[1]
        b = b - learning_rate * float(np.mean(A - Y))
    return (lambda X: (1 / (1 + np.exp(-(w.T @ X + b))) > 0.5)), first_cost


def test_cat_data_story_logistic_regression_overfits_and_a_two_layer_net_does_better(cat_data):
    X, Y, Xt, Yt = cat_data
    predict, first_cost = _logistic_regression(X, Y)
    assert abs(first_cost - np.log(2)) < 1e-6
    lr_train, lr_test = np.mean(predict(X) == Y), np.mean(predict(Xt) == Yt)
    assert lr_train > 0.9 and 0.6 <= lr_test <= 0.8 and lr_train - lr_test >= 0.15, (lr_train, lr_test)

    # the classic two-layer net: 12288 -> 7 (ReLU) -> 1, weights randn * 0.01 after np.random.seed(1)
    params = dnn.initialize_parameters_deep([X.shape[0], 7, 1], seed=1, scale=0.01)
    for _ in range(2500):
        AL, caches = dnn.L_model_forward(X, params)
        params = dnn.update_parameters(params, dnn.L_model_backward(AL, Y, caches), 0.0075)
    net_test = dnn.accuracy(dnn.predict(Xt, params), Yt)
    assert net_test >= lr_test + 2 / Yt.shape[1], (lr_test, net_test)
