"""helpers.resnet: the plain block and network, the parameters, the network layer."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fast_layers as fl
from helpers.gradcheck import check_gradients
from helpers.resnet import (
    block_parameters,
    build_network,
    conv_gradient_norms,
    conv_weights,
    flat_items,
    network_bn_params,
    network_parameters,
    plain_block_backward,
    plain_block_forward,
    plain_network_backward,
    plain_network_forward,
)


@pytest.mark.parametrize(("shape", "filters", "f", "s"), [((3, 4, 4, 3), (2, 3, 4), 3, 1),
                                                          ((2, 5, 4, 2), (3, 2, 3), 3, 2),
                                                          ((2, 3, 3, 2), (2, 2, 2), 1, 1)])
def test_plain_block_backward_agrees_with_numerical_gradients(shape, filters, f, s):
    rng = np.random.default_rng(7)
    X = rng.standard_normal(shape)
    parameters = block_parameters(rng, shape[3], filters, f)
    bn_params = [{"mode": "train"} for _ in range(3)]
    A, cache = plain_block_forward(X, f, parameters, bn_params, s=s)
    assert A.shape == (shape[0], (shape[1] - 1) // s + 1, (shape[2] - 1) // s + 1, filters[2])
    assert (A >= 0).all()
    dA = rng.standard_normal(A.shape)
    dX, grads = plain_block_backward(dA, cache)
    assert set(grads) == {"d" + name for name in parameters}
    differences = check_gradients(lambda: plain_block_forward(X, f, parameters, bn_params, s=s)[0],
                                  {"X": X, **parameters},
                                  {"X": dX, **{name: grads["d" + name] for name in parameters}}, dout=dA)
    assert max(differences.values()) < 1e-7, differences


def test_block_parameters_shapes_and_initialisation():
    p = block_parameters(np.random.default_rng(0), 5, (2, 3, 4), 3, shortcut=True, dtype=np.float32)
    shapes = {"W1": (1, 1, 5, 2), "W2": (3, 3, 2, 3), "W3": (1, 1, 3, 4), "W_s": (1, 1, 5, 4)}
    for name, shape in shapes.items():
        assert p[name].shape == shape and p[name].dtype == np.float32
        suffix = name[1:]
        assert (p["gamma" + suffix] == 1).all() and (p["beta" + suffix] == 0).all()
        assert p["gamma" + suffix].shape == (shape[3],)
    assert set(p) == {k + s for s in ("1", "2", "3", "_s") for k in ("W", "gamma", "beta")}
    big = block_parameters(np.random.default_rng(0), 64, (64, 64, 64), 3)
    assert abs(big["W2"].std() - np.sqrt(2 / (9 * 64))) < 0.01          # He initialisation


def test_network_parameters_layout_and_same_seed_same_weights():
    p = network_parameters(np.random.default_rng(0), 3, (4, 6), (2, 1), 2, 5)
    assert p["W0"].shape == (3, 3, 3, 4) and p["W_fc"].shape == (6, 5) and p["b_fc"].shape == (5,)
    assert len(p["stage1"]) == 2 and len(p["stage2"]) == 2
    assert p["stage1"][0]["W3"].shape == (1, 1, 2, 4) and p["stage2"][0]["W_s"].shape == (1, 1, 4, 6)
    assert "W_s" not in p["stage2"][1]
    bn = network_bn_params(p)
    assert len(bn["stage1"][0]) == 3 and len(bn["stage2"][0]) == 4 and bn["bn0"] == {"mode": "train"}
    resnet = build_network(plain_network_forward, plain_network_backward, (2, 1), (4, 6), 2, seed=3)
    plain = build_network(plain_network_forward, plain_network_backward, (2, 1), (4, 6), 2, seed=3, shortcuts=False)
    shared = resnet.layers[0].params
    assert set(shared) - set(plain.layers[0].params) == {"stage2.0.W_s", "stage2.0.gamma_s", "stage2.0.beta_s"}
    for name, value in plain.layers[0].params.items():
        assert np.array_equal(value, shared[name])
    assert resnet.n_parameters() - plain.n_parameters() == 4 * 6 + 6 + 6


def test_plain_network_backward_agrees_with_numerical_gradients():
    rng = np.random.default_rng(5)
    parameters = network_parameters(rng, 2, (3, 4), (1, 1), 2, 3)
    for name in ("W_s", "gamma_s", "beta_s"):
        del parameters["stage2"][0][name]
    X, y = rng.standard_normal((4, 6, 6, 2)), np.array([0, 1, 2, 1])
    bn_params = network_bn_params(parameters)
    scores, cache = plain_network_forward(X, parameters, bn_params)
    assert scores.shape == (4, 3)
    _, dscores = fl.softmax_cross_entropy(scores, y)
    grads = plain_network_backward(dscores, cache)
    flat = dict(flat_items(parameters))
    analytic = dict(flat_items(grads))
    differences = check_gradients(
        lambda: fl.softmax_cross_entropy(plain_network_forward(X, parameters, bn_params)[0], y)[0], flat,
        {name: analytic[name.rsplit(".", 1)[0] + ".d" + name.rsplit(".", 1)[-1] if "." in name else "d" + name]
         for name in flat})
    assert max(differences.values()) < 1e-6, differences
    norms = conv_gradient_norms(grads)
    assert len(norms) == 1 + 3 * 3 and norms[0] == pytest.approx(float(np.linalg.norm(grads["dW0"])))
    assert len(conv_weights(parameters)) == len(norms)


def test_network_layer_trains_switches_mode_and_is_seeded():
    X = np.random.default_rng(0).random((24, 8, 8, 3))
    y = np.arange(24) % 6
    runs = []
    for _ in range(2):
        model = build_network(plain_network_forward, plain_network_backward, (1, 1), (4, 8), 2, seed=3,
                              shortcuts=False)
        costs = model.fit(X, y, epochs=6, batch_size=8, learning_rate=0.01, print_every=0)
        runs.append(costs)
        assert model.predict(X).shape == (24,)
        assert model.layers[0].bn_params["bn0"]["mode"] == "test"
        model.loss(X[:8], y[:8])
        assert model.layers[0].bn_params["stage2"][0][2]["mode"] == "train"
        assert set(model.layers[0].grads) == set(model.layers[0].params)
    assert runs[0] == runs[1]
    assert runs[0][-1] < runs[0][0]
