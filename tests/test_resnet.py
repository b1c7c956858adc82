"""helpers.resnet: the plain block, parameters, block layers and the two networks of equal depth."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fast_layers as fl
from helpers.gradcheck import check_gradients
from helpers.model import Conv
from helpers.resnet import (
    Block,
    block_parameters,
    build_plain_net,
    build_resnet,
    conv_gradient_norms,
    plain_block_backward,
    plain_block_forward,
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


def test_block_layer_switches_batch_norm_mode_and_returns_named_grads():
    block = Block(plain_block_forward, plain_block_backward, 3, (2, 2, 3), name="PlainBlock")
    block.init(np.random.default_rng(0), np.float64)
    X = np.random.default_rng(1).standard_normal((4, 4, 4, 3))
    out = block.forward(X, train=True)
    assert all(p["mode"] == "train" and "running_mean" in p for p in block.bn_params)
    dx = block.backward(np.ones_like(out))
    assert dx.shape == X.shape and set(block.grads) == set(block.params)
    block.forward(X, train=False)
    assert all(p["mode"] == "test" for p in block.bn_params)
    assert repr(block) == "PlainBlock(3->(2, 2, 3), f=3)"


def _shortcut_block_forward(X, f, parameters, bn_params, s=2):
    # a stand-in with the convolutional block's signature: plain main path + conv-BN shortcut
    A, cache = plain_block_forward(X, f, parameters, bn_params, s=s)
    b = np.zeros((1, 1, 1, parameters["W_s"].shape[3]))
    Z_s, conv_cache = fl.conv_forward(X, parameters["W_s"], b, {"stride": s, "pad": 0})
    N_s, bn_cache = fl.spatial_batchnorm_forward(Z_s, parameters["gamma_s"], parameters["beta_s"], bn_params[3])
    return A + N_s, (cache, conv_cache, bn_cache)


def _shortcut_block_backward(dA, cache):
    main_cache, conv_cache, bn_cache = cache
    dX, grads = plain_block_backward(dA, main_cache)
    dZ_s, grads["dgamma_s"], grads["dbeta_s"] = fl.spatial_batchnorm_backward(dA, bn_cache)
    dX_s, grads["dW_s"], _ = fl.conv_backward(dZ_s, conv_cache)
    return dX + dX_s, grads


def _networks(**kwargs):
    # stand-ins for the learner's blocks, with the same signatures
    identity = (plain_block_forward, plain_block_backward)
    return build_resnet(identity, (_shortcut_block_forward, _shortcut_block_backward), **kwargs), \
        build_plain_net(**kwargs)


def test_resnet_and_plain_net_have_the_same_main_path():
    resnet, plain = _networks(n_identity=(2, 1), channels=(4, 6), bottleneck=2, image_size=8)
    names = [type(layer).__name__ for layer in resnet.layers]
    assert names == [type(layer).__name__ for layer in plain.layers]
    assert [layer.name for layer in resnet.layers if isinstance(layer, Block)] == \
        ["IdentityBlock"] * 2 + ["ConvolutionalBlock"] + ["IdentityBlock"]
    assert {layer.name for layer in plain.layers if isinstance(layer, Block)} == {"PlainBlock"}
    X = np.random.default_rng(0).random((5, 8, 8, 3))
    y = np.arange(5) % 6
    for model in (resnet, plain):
        assert model.forward(X).shape == (5, 6)
        model.loss(X, y)
        norms = conv_gradient_norms(model)
        assert len(norms) == 1 + 3 * 4 and all(n > 0 for n in norms)
    # the shortcut's convolution and batch norm are the only extra parameters
    assert resnet.n_parameters() - plain.n_parameters() == 4 * 6 + 6 + 6
    stem = next(layer for layer in plain.layers if isinstance(layer, Conv))
    assert conv_gradient_norms(plain)[0] == pytest.approx(float(np.linalg.norm(stem.grads["W"])))


def test_networks_are_seeded_and_train():
    X = np.random.default_rng(0).random((24, 8, 8, 3))
    y = np.arange(24) % 6
    runs = []
    for _ in range(2):
        resnet, _ = _networks(n_identity=(1, 1), channels=(4, 8), bottleneck=2, image_size=8, seed=3)
        costs = resnet.fit(X, y, epochs=6, batch_size=8, learning_rate=0.01, print_every=0)
        runs.append(costs)
        assert resnet.predict(X).shape == (24,)
    assert runs[0] == runs[1]
    assert runs[0][-1] < runs[0][0]
