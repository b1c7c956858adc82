"""Data files: checksums, regeneration, the classic layout, and the story the cat data must carry."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from helpers.build_data import TRAINED, build, read_manifest, sha256
from helpers.data import load_cat_dataset, load_photo
from helpers.dnn_app_utils import logistic_regression, predict_logistic
from helpers.paths import DATASETS_DIR

GROUP_SUFFIX = ""


def test_every_file_matches_the_manifest():
    manifest = read_manifest()
    assert manifest, "datasets/SHA256SUMS is empty"
    on_disk = {p.relative_to(DATASETS_DIR).as_posix() for p in DATASETS_DIR.rglob("*")
               if p.is_file() and p.name != "SHA256SUMS"}
    assert on_disk == set(manifest), "datasets/ and datasets/SHA256SUMS disagree"
    for name, digest in manifest.items():
        assert sha256(DATASETS_DIR / name) == digest, f"{name} does not match its checksum"


def test_regeneration_reproduces_the_manifest(tmp_path):
    fresh = build(out_dir=tmp_path)
    recorded = read_manifest()
    assert set(fresh) | set(TRAINED) == set(recorded), "datasets/SHA256SUMS lists a file nothing makes"
    assert not set(fresh) & set(TRAINED)
    assert fresh == {name: recorded[name] for name in fresh}, \
        "a rebuilt data file differs from the committed one: run `make data`"


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


# Logistic regression is the one of helpers.dnn_app_utils. The prototype network below is the
# classic model, vectorised, with one shortcut that makes it ~20x faster: gradient descent only
# ever adds combinations of the training columns to the first-layer weights
# (dW1 = dZ1 @ X.T / m), so W1 = W1_init + B @ X.T and W1 @ X = W1_init @ X + B @ K with the
# (m, m) Gram matrix K = X.T @ X. The iterates are those of the plain code, up to rounding.

def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _relu_net(X, Y, Xt, layer_dims, scale, num_iterations=2500, learning_rate=0.0075):
    """ReLU hidden layers, sigmoid output; np.random.seed(1), W = randn * scale(n_prev), b = 0."""
    np.random.seed(1)
    Ws = [np.random.randn(n, n_prev) * scale(n_prev) for n_prev, n in zip(layer_dims, layer_dims[1:], strict=False)]
    bs = [np.zeros((n, 1)) for n in layer_dims[1:]]
    m, L = X.shape[1], len(Ws)
    K, Kt = X.T @ X, X.T @ Xt
    W1X, W1Xt = Ws[0] @ X, Ws[0] @ Xt
    B = np.zeros((layer_dims[1], m))  # W1 = W1_init + B @ X.T

    def forward(Z1):
        As, Zs, A = [], [], None
        for l in range(L):
            Z = (Z1 if l == 0 else Ws[l] @ A) + bs[l]
            A = np.maximum(Z, 0) if l < L - 1 else _sigmoid(Z)
            As.append(A)
            Zs.append(Z)
        return As, Zs

    for _ in range(num_iterations):
        As, Zs = forward(W1X + B @ K)
        dZ = As[-1] - Y
        for l in range(L - 1, -1, -1):
            db = dZ.sum(axis=1, keepdims=True) / m
            if l > 0:
                dW, dA = dZ @ As[l - 1].T / m, Ws[l].T @ dZ
                Ws[l] -= learning_rate * dW
                bs[l] -= learning_rate * db
                dZ = np.where(Zs[l - 1] > 0, dA, 0.0)
            else:
                B -= learning_rate * dZ / m
                bs[0] -= learning_rate * db
    return forward(W1X + B @ K)[0][-1] > 0.5, forward(W1Xt + B @ Kt)[0][-1] > 0.5


def test_cat_data_story_logistic_regression_overfits_and_a_two_layer_net_does_better(cat_data):
    X, Y, Xt, Yt = cat_data
    w, b, costs = logistic_regression(X, Y, num_iterations=2000, learning_rate=0.005)
    assert abs(costs[0] - np.log(2)) < 1e-6
    lr_train, lr_test = np.mean(predict_logistic(w, b, X) == Y), np.mean(predict_logistic(w, b, Xt) == Yt)
    assert lr_train > 0.9 and 0.6 <= lr_test <= 0.8 and lr_train - lr_test >= 0.15, (lr_train, lr_test)

    # the classic two-layer net: 12288 -> 7 (ReLU) -> 1, weights randn * 0.01 after np.random.seed(1)
    train_pred, test_pred = _relu_net(X, Y, Xt, [X.shape[0], 7, 1], scale=lambda n_prev: 0.01)
    net_train, net_test = np.mean(train_pred == Y), np.mean(test_pred == Yt)
    assert net_train > 0.95, net_train
    assert net_test >= lr_test + 2 / Yt.shape[1], (lr_test, net_test)
