"""The face encoder: its gradients and losses, the verification measures, its training script and
its committed weights.

CI never retrains (that takes most of an hour): a short run shows the script works and the
loss falls, and the committed weights are checked against the figures of their model card.
"""

from __future__ import annotations

import copy
import dataclasses
import json

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from autograder import serialize
from helpers.faces import encoder as enc
from helpers.faces.model import FaceEncoder, load_face_encoder, random_face_encoder
from helpers.faces.verification import (
    balanced_accuracy,
    best_threshold,
    pair_distances,
    roc_auc,
    roc_curve,
)
from helpers.training import faces as training
from helpers.training.common import parse_card

SMALL = ((3, 4, 2), (3, 6, 1), (3, 8, 2))


@pytest.fixture(scope="module")
def encoder():
    return load_face_encoder()


def _numerical_check(loss_of, grads, parameters, names, rng, eps=1e-6):
    for name in names:
        for _ in range(3):
            index = tuple(rng.integers(0, n) for n in parameters[name].shape)
            moved = {k: v.copy() for k, v in parameters.items()}
            moved[name][index] += eps
            up = loss_of(moved)
            moved[name][index] -= 2 * eps
            down = loss_of(moved)
            numerical = (up - down) / (2 * eps)
            assert abs(numerical - grads[name][index]) <= 1e-7 + 1e-5 * abs(numerical), (name, index)


@pytest.mark.parametrize("loss", [enc.batch_all_triplet_loss, enc.batch_hard_triplet_loss])
def test_encoder_and_loss_gradients_agree_with_numerical_ones(loss):
    rng = np.random.default_rng(0)
    parameters = enc.init_parameters(3, SMALL, embedding=6, dtype=np.float64)
    X = rng.random((8, 16, 16, 3))
    labels = np.array([0, 0, 1, 1, 2, 2, 3, 3])

    def loss_of(p):
        Y, _ = enc.forward(p, enc.init_bn_state(p), X, train=True, architecture=SMALL)
        return loss(Y, labels, alpha=0.5)[0]

    Y, cache = enc.forward(parameters, enc.init_bn_state(parameters), X, train=True, architecture=SMALL)
    value, active, dY = loss(Y, labels, alpha=0.5)
    assert value > 0 and 0 < active <= 1
    grads = enc.backward(dY, cache, parameters)
    _numerical_check(loss_of, grads, parameters, ("W_out", "b_out", "W3", "gamma2", "beta1", "W1"), rng)


def test_batch_all_loss_is_the_mean_over_the_triplets_that_break_the_margin():
    Y = np.array([[1.0, 0], [0.8, 0.6], [0, 1.0], [0.6, 0.8]])
    labels = np.array([0, 0, 1, 1])
    loss, _, _ = enc.batch_all_triplet_loss(Y, labels, alpha=0.2)
    D = ((Y[:, None] - Y[None]) ** 2).sum(-1)
    margins = [D[a, p] - D[a, n] + 0.2 for a in range(4) for p in range(4) for n in range(4)
               if a != p and labels[a] == labels[p] and labels[n] != labels[a]]
    active = [m for m in margins if m > 0]
    assert np.isclose(loss, np.mean(active))


def test_verification_measures_agree_with_scikit_learn():
    rng = np.random.default_rng(1)
    Y = rng.standard_normal((40, 5))
    labels = rng.integers(0, 8, 40)
    Y[labels == 3] *= 0.2
    d, same = pair_distances(Y, labels)
    assert len(d) == 40 * 39 // 2
    assert np.isclose(roc_auc(d, same), roc_auc_score(same, -d))
    assert np.isclose(roc_auc(np.round(d, 1), same), roc_auc_score(same, -np.round(d, 1)))
    threshold, accuracy = best_threshold(d, same)
    assert np.isclose(accuracy, balanced_accuracy(d, same, threshold))
    grid = np.linspace(d.min() - 1, d.max() + 1, 2001)
    assert accuracy >= max(balanced_accuracy(d, same, t) for t in grid) - 1e-12
    thresholds, tpr, fpr = roc_curve(d, same)
    assert tpr[0] == fpr[0] == 0 and tpr[-1] == fpr[-1] == 1 and np.all(np.diff(thresholds) > 0)


def test_encoders_travel_through_reference_cases():
    model = random_face_encoder(5, (4,), 8)
    again = serialize.decode(json.loads(json.dumps(serialize.encode(model))))
    assert again == model and again is not model and copy.deepcopy(model) == model
    X = np.random.default_rng(2).random((3, 64, 64, 3))
    assert np.array_equal(again.predict_on_batch(X), model.predict_on_batch(X))
    assert not np.allclose(np.linalg.norm(model.predict_on_batch(X), axis=1), 1)   # not normalised
    assert random_face_encoder(6, (4,), 8) != model
    photo = serialize.DataFile("faces/ada_1.png")
    back = serialize.decode(serialize.encode(photo))
    assert back == photo and back.name_in_datasets == "faces/ada_1.png" and str(back).endswith("faces/ada_1.png")
    assert copy.deepcopy(back).name_in_datasets == "faces/ada_1.png"


def test_the_grader_never_builds_objects_from_what_a_kernel_sends():
    # a kernel could describe a huge encoder or any file; the grader only compares descriptions
    huge = {"__object__": "FaceEncoder", "state": {"seed": 1, "channels": [10 ** 6] * 9, "embedding": 10 ** 9}}
    described = serialize.decode(huge, trusted=False)
    assert isinstance(described, serialize.ObjectDescription) and described != random_face_encoder(1)
    elsewhere = serialize.decode({"__datafile__": "../../../etc/passwd"}, trusted=False)
    assert isinstance(elsewhere, serialize.ObjectDescription)
    model, photo = random_face_encoder(2), serialize.DataFile("faces/bruno_1.png")
    assert serialize.decode(serialize.encode(model), trusted=False) == model
    assert serialize.decode(serialize.encode(photo), trusted=False) == photo
    assert serialize.decode(serialize.encode(photo), trusted=False) != serialize.DataFile("faces/ada_1.png")


def test_a_few_training_steps_lower_the_loss():
    settings = training.Settings(train_identities=64, portraits_per_identity=4, identities_per_batch=16,
                                 warmup_steps=5, learning_rate=2e-3)
    encoder, history = training.train(settings, max_steps=40, progress=False, log=lambda line: None)
    losses = history["step_losses"]
    assert len(losses) == 40 and all(np.isfinite(losses))
    assert np.mean(losses[-10:]) < 0.9 * np.mean(losses[:10]), losses
    assert isinstance(encoder, FaceEncoder)
    assert np.allclose(np.linalg.norm(encoder.encode(np.zeros((2, 64, 64, 3), np.uint8)), axis=1), 1, atol=1e-5)


def test_the_committed_weights_come_from_the_recorded_settings(encoder):
    settings = json.loads(json.dumps(dataclasses.asdict(training.Settings())))
    assert encoder.meta["settings"] == settings
    steps = encoder.meta["history"]["step"]
    assert steps[-1] == settings["steps"] and len(steps) == settings["steps"] // settings["validate_every"]
    assert encoder.output_shape == (None, settings["embedding"])


def test_the_committed_weights_reproduce_the_model_card(encoder):
    figures = training.card_figures(encoder)
    card = parse_card(training.CARD.read_text())
    assert abs(figures["auc"] - card["ROC AUC"]) < 6e-5
    assert abs(figures["threshold"] - card["threshold (chosen on validation)"]) < 6e-4
    assert abs(figures["accuracy"] - card["balanced verification accuracy at that threshold"]) < 6e-5
    assert abs(figures["lookalike_rejected"] - card["look-alike pairs told apart at that threshold"]) < 6e-5
    assert figures["accuracy"] >= 0.95 and figures["auc"] > 0.98
