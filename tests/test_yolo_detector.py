"""The road-scene detector: its loss and gradients, its training script, and its committed weights.

CI never retrains (that takes most of an hour): a short run shows the script works and the
loss falls, and the committed weights are checked against the figures of their model card.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from helpers.detection import network as net
from helpers.detection.evaluate import average_precision, detect, suppress
from helpers.generators import roads
from helpers.training import yolo


@pytest.fixture(scope="module")
def detector():
    return yolo.load_detector()


def test_loss_gradients_agree_with_numerical_ones():
    rng = np.random.default_rng(0)
    anchors = np.array([[0.5, 1.0], [1.5, 1.2], [2.5, 3.0]])
    parameters = net.init_parameters(3, 4, seed=1, dtype=np.float64)
    X = rng.random((2, 32, 32, 3))
    boxes = [np.array([[0.1, 0.1, 0.4, 0.5], [0.5, 0.2, 0.9, 0.95]]), np.array([[0.3, 0.3, 0.35, 0.5]])]
    labels = [np.array([0, 2]), np.array([3])]

    def cost(p):
        raw, cache = net.forward(p, net.init_bn_state(p), X, 3, train=True)
        value, _, draw = net.yolo_loss(raw, boxes, labels, anchors)
        return value, draw, cache

    _, draw, cache = cost(parameters)
    grads = net.backward(draw, cache)
    eps = 1e-6
    for name in ("W_out", "b_out", "W6", "gamma3", "beta2", "W1"):
        for _ in range(3):
            index = tuple(rng.integers(0, n) for n in parameters[name].shape)
            moved = {k: v.copy() for k, v in parameters.items()}
            moved[name][index] += eps
            up = cost(moved)[0]
            moved[name][index] -= 2 * eps
            down = cost(moved)[0]
            numerical = (up - down) / (2 * eps)
            assert abs(numerical - grads[name][index]) <= 1e-6 + 1e-5 * abs(numerical), (name, index)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_leaky_relu_gives_the_bits_of_the_textbook_formula(dtype):
    # the committed weights and the notebooks' numbers depend on it: max(Z, 0.1 Z) and a table of slopes
    # must give exactly np.where's numbers, zeros of both signs, subnormals, infinities and NaNs included
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 8, 8, 16)).astype(dtype)
    dA = rng.standard_normal(Z.shape).astype(dtype)
    tiny = np.finfo(dtype).smallest_subnormal
    Z.flat[:7] = [0.0, -0.0, np.nan, -tiny, tiny, -np.inf, np.inf]
    dA.flat[7:11] = [np.nan, -0.0, np.inf, -np.inf]
    A, cache = net.leaky_relu_forward(Z)
    dZ = net.leaky_relu_backward(dA, cache)
    want_A = np.where(Z > 0, Z, net.LEAK * Z)
    want_dZ = np.where(Z > 0, dA, net.LEAK * dA)
    bits = np.int32 if dtype == np.float32 else np.int64
    assert A.dtype == dZ.dtype == dtype
    assert np.array_equal(A.view(bits), want_A.view(bits))
    assert np.array_equal(dZ.view(bits), want_dZ.view(bits))


def test_targets_put_each_object_in_its_cell_with_its_best_anchor():
    anchors = np.array([[1.0, 3.0], [3.0, 1.0]])
    boxes = [np.array([[0.0, 0.0, 0.125, 0.375], [0.5, 0.5, 0.875, 0.625]])]    # tall: 1 x 3 cells, wide: 3 x 1
    (image, row, col, anchor), txy, twh, cls = net.build_targets(boxes, [np.array([4, 1])], anchors, 8)
    assert list(zip(row, col, anchor, strict=True)) == [(1, 0, 0), (4, 5, 1)]
    assert np.allclose(txy, 0.5) and np.allclose(twh, 0) and list(cls) == [4, 1]


def test_a_few_training_steps_lower_the_loss():
    settings = yolo.Settings(train_scenes=480, epochs=1, batch_size=16, warmup_steps=5)
    _, history = yolo.train(settings, max_steps=30, progress=False, log=lambda line: None)
    losses = history["step_losses"]
    assert len(losses) == 30
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5]), losses


def test_kmeans_anchors_fit_the_box_shapes_better_than_random_ones():
    data = roads.scenes("train", 0, 200)
    wh = (data["boxes"][:, 2:] - data["boxes"][:, :2]) / 16
    anchors = yolo.kmeans_anchors(wh, 5)
    assert anchors.shape == (5, 2) and np.all(np.diff(anchors.prod(axis=1)) >= 0)
    best = net.centre_iou(wh, anchors).max(axis=1).mean()
    chosen = wh[np.random.default_rng(0).choice(len(wh), 5, replace=False)]
    assert best > net.centre_iou(wh, chosen).max(axis=1).mean()


def test_the_committed_weights_come_from_the_recorded_settings(detector):
    settings = json.loads(json.dumps(dataclasses.asdict(yolo.Settings())))
    assert detector.meta["settings"] == settings
    assert len(detector.meta["history"]["loss"]) == settings["epochs"]
    assert detector.classes == roads.CLASSES
    assert detector.anchors.shape == (settings["n_anchors"], 2)


def test_the_committed_weights_reproduce_the_model_card(detector):
    figures = yolo.card_figures(detector)
    ap, mean = yolo.parse_card(yolo.CARD.read_text())
    assert set(ap) == set(roads.CLASSES)
    for name in roads.CLASSES:
        assert abs(figures["ap"][name] - ap[name]) < 6e-5, name
    assert abs(figures["map"] - mean) < 6e-5
    assert mean > 0.6


def test_detect_suppresses_per_class_and_by_score():
    boxes = np.array([[0, 0, 1, 1], [0, 0, 1, 0.9], [0, 0, 1, 1], [2, 2, 3, 3]], dtype=float)
    keep = suppress(boxes, np.array([0.5, 0.9, 0.7, 0.9]), np.array([0, 0, 1, 0]))
    assert keep.tolist() == [1, 3, 2]
    raw = np.full((2, 2, 1, 7), -9.0)
    raw[1, 0, 0, :5] = 0, 0, 0, 0, 9       # one confident box centred in cell (row 1, column 0)
    raw[1, 0, 0, 5] = 9
    boxes, scores, classes = detect(raw, np.array([[1.0, 1.0]]))
    assert np.allclose(boxes, [[0, 0.5, 0.5, 1.0]]) and classes.tolist() == [0] and scores[0] > 0.99


def test_average_precision_of_known_rankings():
    assert average_precision([True, True], 2) == 1.0
    assert average_precision([False, True], 1) == 0.5
    assert abs(average_precision([True, False, True], 4) - (0.25 * 1 + 0.25 * 2 / 3)) < 1e-12
    assert np.isnan(average_precision([], 0))
