"""helpers.fast_layers agrees with plain loop versions and with numerical gradients;
helpers.model trains a tiny problem."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import fast_layers as fl
from helpers.gradcheck import numerical_gradient, relative_difference
from helpers.model import BatchNorm, Conv, Dense, Flatten, MaxPool, Model, ReLU

# ----------------------------------------------------------------------------------------------
# Loop versions, written the way the classic assignment does


def naive_conv_forward(A_prev, W, b, hp):
    s, p = hp["stride"], hp["pad"]
    m, H, Wd, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H, n_W = (H + 2 * p - f) // s + 1, (Wd + 2 * p - f) // s + 1
    A_pad = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    window = A_pad[i, h * s:h * s + f, w * s:w * s + f, :]
                    Z[i, h, w, c] = np.sum(window * W[..., c]) + b[0, 0, 0, c]
    return Z


def naive_conv_backward(dZ, A_prev, W, hp):
    s, p = hp["stride"], hp["pad"]
    f = W.shape[0]
    m, n_H, n_W, n_C = dZ.shape
    A_pad = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    dA_pad = np.zeros_like(A_pad)
    dW = np.zeros_like(W)
    db = np.zeros((1, 1, 1, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    sl = (i, slice(h * s, h * s + f), slice(w * s, w * s + f), slice(None))
                    dA_pad[sl] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += A_pad[sl] * dZ[i, h, w, c]
                    db[..., c] += dZ[i, h, w, c]
    H, Wd = A_prev.shape[1:3]
    return dA_pad[:, p:p + H, p:p + Wd, :], dW, db


def naive_pool_forward(A_prev, hp, mode):
    f, s = hp["f"], hp["stride"]
    m, H, Wd, C = A_prev.shape
    n_H, n_W = (H - f) // s + 1, (Wd - f) // s + 1
    A = np.zeros((m, n_H, n_W, C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(C):
                    window = A_prev[i, h * s:h * s + f, w * s:w * s + f, c]
                    A[i, h, w, c] = window.max() if mode == "max" else window.mean()
    return A


def naive_pool_backward(dA, A_prev, hp, mode):
    f, s = hp["f"], hp["stride"]
    dA_prev = np.zeros_like(A_prev)
    m, n_H, n_W, C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(C):
                    sl = (i, slice(h * s, h * s + f), slice(w * s, w * s + f), c)
                    if mode == "max":
                        window = A_prev[sl]
                        dA_prev[sl] += (window == window.max()) * dA[i, h, w, c]
                    else:
                        dA_prev[sl] += dA[i, h, w, c] / (f * f)
    return dA_prev


CONV_SHAPES = [  # (m, H, W, C), f, n_C, stride, pad
    ((2, 5, 7, 3), 3, 4, 1, 0),
    ((2, 5, 7, 3), 3, 4, 1, 1),
    ((3, 6, 5, 2), 2, 3, 2, 0),
    ((2, 7, 6, 3), 3, 2, 2, 1),
    ((1, 4, 4, 1), 3, 2, 1, 2),
    ((2, 9, 8, 2), 4, 3, 3, 2),
    ((2, 4, 6, 3), 1, 5, 1, 0),
    # more input channels than conv_forward's (3) and conv_backward's (4) channels-first paths take
    ((2, 6, 5, 4), 3, 3, 2, 1),
    ((2, 7, 6, 5), 3, 4, 1, 1),
    ((2, 8, 8, 8), 1, 6, 2, 0),
    ((1, 9, 7, 6), 4, 2, 3, 2),
]
POOL_SHAPES = [((2, 6, 6, 3), 2, 2), ((2, 7, 5, 2), 3, 1), ((3, 8, 9, 2), 3, 2), ((1, 5, 4, 1), 2, 3),
               ((2, 7, 9, 3), 2, 2), ((1, 10, 9, 2), 3, 3)]  # stride f with rows and columns left over


def _conv_data(shape, f, n_C, seed, dtype=np.float64):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    return rng, A, W, b


@pytest.mark.parametrize("k", range(len(CONV_SHAPES)))
def test_conv_forward_and_backward_agree_with_loops(k):
    shape, f, n_C, s, p = CONV_SHAPES[k]
    rng, A, W, b = _conv_data(shape, f, n_C, k)
    hp = {"stride": s, "pad": p}
    Z, cache = fl.conv_forward(A, W, b, hp)
    assert cache[0] is A and cache[1] is W and cache[2] is b and cache[3] is hp
    np.testing.assert_allclose(Z, naive_conv_forward(A, W, b, hp), rtol=0, atol=1e-10)
    dZ = rng.standard_normal(Z.shape)
    for got, want in zip(fl.conv_backward(dZ, cache), naive_conv_backward(dZ, A, W, hp), strict=True):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)


# conv_forward and conv_backward switch to channels-first arrays for few input channels: the
# im2col matrix (forward, and again for dW) up to FEW_CHANNELS_FORWARD, the input's gradient up to
# FEW_CHANNELS_BACKWARD (and conv_backward to one GEMM and col2im for a stride > 1); each path,
# forced on every shape, in both precisions, with and without a bias, agrees with the loops.
PATHS = {"channels-last": (0, 0), "channels-first": (10 ** 6, 10 ** 6),
         "channels-first im2col only": (10 ** 6, 0), "channels-first input gradient only": (0, 10 ** 6)}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("k", range(len(CONV_SHAPES)))
def test_every_conv_path_agrees_with_loops(k, dtype, path, monkeypatch):
    monkeypatch.setattr(fl, "FEW_CHANNELS_FORWARD", PATHS[path][0])
    monkeypatch.setattr(fl, "FEW_CHANNELS_BACKWARD", PATHS[path][1])
    shape, f, n_C, s, p = CONV_SHAPES[k]
    rng, A, W, b = _conv_data(shape, f, n_C, 20 + k, dtype)
    tol = 1e-10 if dtype == np.float64 else 1e-4
    for bias in (b, np.zeros_like(b)):
        hp = {"stride": s, "pad": p}
        Z, cache = fl.conv_forward(A, W, bias, hp)
        assert Z.dtype == dtype and Z.flags.c_contiguous
        np.testing.assert_allclose(Z, naive_conv_forward(A, W, bias, hp), rtol=tol, atol=tol)
        dZ = rng.standard_normal(Z.shape).astype(dtype)
        for got, want in zip(fl.conv_backward(dZ, cache), naive_conv_backward(dZ, A, W, hp), strict=True):
            assert got.shape == want.shape and got.dtype == dtype
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


@pytest.mark.parametrize(("shape", "f", "n_C", "s", "p"), [
    ((4, 32, 32, 3), 3, 16, 2, 1),      # the detector's and the face encoder's first layer, smaller batch
    ((1, 24, 24, 3), 7, 32, 1, 3),      # a style-network layer on a smaller image
    ((4, 16, 16, 4), 3, 4, 1, 1),       # a ResNet bottleneck's 3x3
])
def test_the_channels_first_paths_give_the_channels_last_results(shape, f, n_C, s, p, monkeypatch):
    rng, A, W, b = _conv_data(shape, f, n_C, 7, np.float32)
    hp = {"stride": s, "pad": p}
    Z, cache = fl.conv_forward(A, W, b, hp)
    grads = fl.conv_backward(rng.standard_normal(Z.shape).astype(np.float32), cache)
    monkeypatch.setattr(fl, "FEW_CHANNELS_FORWARD", 0)
    monkeypatch.setattr(fl, "FEW_CHANNELS_BACKWARD", 0)
    rng, A, W, b = _conv_data(shape, f, n_C, 7, np.float32)
    Z_last, cache = fl.conv_forward(A, W, b, hp)
    grads_last = fl.conv_backward(rng.standard_normal(Z.shape).astype(np.float32), cache)
    np.testing.assert_allclose(Z, Z_last, rtol=1e-6, atol=1e-6)
    for got, want in zip(grads, grads_last, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("k", range(len(POOL_SHAPES)))
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_forward_and_backward_agree_with_loops(k, mode):
    shape, f, s = POOL_SHAPES[k]
    rng = np.random.default_rng(10 + k)
    A = rng.standard_normal(shape)
    hp = {"f": f, "stride": s}
    out, cache = fl.pool_forward(A, hp, mode=mode)
    assert cache[0] is A and cache[1] is hp
    np.testing.assert_allclose(out, naive_pool_forward(A, hp, mode), rtol=0, atol=1e-10)
    dA = rng.standard_normal(out.shape)
    np.testing.assert_allclose(fl.pool_backward(dA, cache, mode=mode),
                               naive_pool_backward(dA, A, hp, mode), rtol=0, atol=1e-10)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_max_pool_with_stride_f_is_bit_for_bit_the_general_path(dtype):
    rng = np.random.default_rng(3)
    A = np.round(rng.standard_normal((4, 13, 11, 3)), 1).astype(dtype)   # rounded: many ties
    for f in (2, 3, 4):
        out, cache = fl.pool_forward(A, {"f": f, "stride": f})
        win = fl.windows(A, f, f, f)
        assert out.dtype == dtype and np.array_equal(out, win.max(axis=(3, 4)))
        dA = rng.standard_normal(out.shape).astype(dtype)
        mask = win == win.max(axis=(3, 4))[:, :, :, None, None, :]
        want = fl.add_windows((mask * dA[:, :, :, None, None, :]).astype(dtype), A.shape, f)
        got = fl.pool_backward(dA, cache)
        assert got.dtype == dtype and np.array_equal(got, want)


def test_max_pool_ties_go_to_every_maximum_like_create_mask_from_window():
    A = np.ones((1, 2, 2, 1))
    out, cache = fl.pool_forward(A, {"f": 2, "stride": 2})
    np.testing.assert_array_equal(fl.pool_backward(np.full((1, 1, 1, 1), 3.0), cache), 3 * A)


def test_float32_works_and_keeps_its_dtype():
    shape, f, n_C, s, p = CONV_SHAPES[3]
    rng, A, W, b = _conv_data(shape, f, n_C, 3, np.float32)
    hp = {"stride": s, "pad": p}
    Z, cache = fl.conv_forward(A, W, b, hp)
    assert Z.dtype == np.float32
    np.testing.assert_allclose(Z, naive_conv_forward(A, W, b, hp), rtol=1e-5, atol=1e-5)
    dZ = rng.standard_normal(Z.shape).astype(np.float32)
    grads = fl.conv_backward(dZ, cache)
    assert all(g.dtype == np.float32 for g in grads)
    for got, want in zip(grads, naive_conv_backward(dZ, A, W, hp), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    pooled, pcache = fl.pool_forward(Z, {"f": 2, "stride": 1})
    assert pooled.dtype == np.float32
    assert fl.pool_backward(np.ones_like(pooled), pcache).dtype == np.float32
    out, bcache = fl.spatial_batchnorm_forward(Z, np.ones(n_C, np.float32), np.zeros(n_C, np.float32),
                                               {"mode": "train"})
    assert out.dtype == np.float32


# ----------------------------------------------------------------------------------------------
# Numerical gradients


def _gradcheck(forward, inputs, grads, dout):
    for x, g in zip(inputs, grads, strict=True):
        num = numerical_gradient(lambda _x: forward(), x, dout)
        assert relative_difference(num, g) < 1e-7


@pytest.mark.parametrize("k", [1, 3, 5, 7, 8, 10])
def test_conv_backward_matches_numerical_gradients(k):
    shape, f, n_C, s, p = CONV_SHAPES[k]
    rng, A, W, b = _conv_data(shape, f, n_C, k)
    hp = {"stride": s, "pad": p}
    Z, cache = fl.conv_forward(A, W, b, hp)
    dZ = rng.standard_normal(Z.shape)
    _gradcheck(lambda: fl.conv_forward(A, W, b, hp)[0], (A, W, b), fl.conv_backward(dZ, cache), dZ)


@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_backward_matches_numerical_gradients(mode):
    rng = np.random.default_rng(5)
    A = rng.standard_normal((2, 6, 5, 2))
    hp = {"f": 3, "stride": 2}
    out, cache = fl.pool_forward(A, hp, mode)
    dA = rng.standard_normal(out.shape)
    _gradcheck(lambda: fl.pool_forward(A, hp, mode)[0], (A,), (fl.pool_backward(dA, cache, mode),), dA)


def test_relu_dense_flatten_backward_match_numerical_gradients():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((3, 2, 2, 2))
    out, cache = fl.relu_forward(x)
    dout = rng.standard_normal(out.shape)
    _gradcheck(lambda: fl.relu_forward(x)[0], (x,), (fl.relu_backward(dout, cache),), dout)
    flat, fcache = fl.flatten_forward(x)
    assert flat.shape == (3, 8)
    np.testing.assert_array_equal(fl.flatten_backward(flat, fcache), x)
    x2, W, b = rng.standard_normal((4, 5)), rng.standard_normal((5, 3)), rng.standard_normal(3)
    out, cache = fl.dense_forward(x2, W, b)
    dout = rng.standard_normal(out.shape)
    _gradcheck(lambda: fl.dense_forward(x2, W, b)[0], (x2, W, b), fl.dense_backward(dout, cache), dout)


def test_spatial_batchnorm_normalises_per_channel_and_matches_numerical_gradients():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 3, 3, 2)) * 3 + 5
    gamma, beta = rng.standard_normal(2), rng.standard_normal(2)
    out, cache = fl.spatial_batchnorm_forward(x, np.ones(2), np.zeros(2), {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=(0, 1, 2)), 1, atol=1e-5)
    out, cache = fl.spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dout = rng.standard_normal(out.shape)

    def forward():
        return fl.spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})[0]

    _gradcheck(forward, (x, gamma, beta), fl.spatial_batchnorm_backward(dout, cache), dout)


@pytest.mark.parametrize(("shape", "dtype", "param_dtype"), [
    ((8192, 16), np.float32, np.float32),     # a detector layer's maps, flattened
    ((512, 8), np.float64, np.float64),
    ((300, 5), np.float32, np.float64),       # float64 parameters promote the output
])
def test_batchnorm_gives_the_bits_of_the_textbook_formulas_and_leaves_its_inputs_alone(shape, dtype, param_dtype):
    # batchnorm_forward/backward reuse temporaries; the trained models and the notebooks' numbers
    # depend on their giving exactly the numbers of the plain formulas
    rng = np.random.default_rng(9)
    x = (rng.standard_normal(shape) * 3 + 1).astype(dtype)
    gamma, beta = (rng.standard_normal(shape[1]).astype(param_dtype) for _ in range(2))
    dout = rng.standard_normal(shape).astype(dtype)
    inputs = [a.copy() for a in (x, gamma, beta, dout)]
    bn_param = {"mode": "train", "momentum": 0.8, "running_mean": np.ones(shape[1], dtype)}
    out, cache = fl.batchnorm_forward(x, gamma, beta, bn_param)
    dx, dgamma, dbeta = fl.batchnorm_backward(dout, cache)

    mu, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + 1e-5)
    x_hat = (x - mu) * inv_std
    dx_hat = dout * gamma
    m = shape[0]
    expected = {"out": gamma * x_hat + beta, "x_hat": x_hat, "inv_std": inv_std,
                "running_mean": 0.8 * np.ones(shape[1], dtype) + (1 - 0.8) * mu,
                "running_var": 0.8 * np.ones(shape[1], dtype) + (1 - 0.8) * var,
                "dx": inv_std / m * (m * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)),
                "dgamma": (dout * x_hat).sum(axis=0), "dbeta": dout.sum(axis=0)}
    got = {"out": out, "x_hat": cache[0], "inv_std": cache[2], "running_mean": bn_param["running_mean"],
           "running_var": bn_param["running_var"], "dx": dx, "dgamma": dgamma, "dbeta": dbeta}
    for name, want in expected.items():
        assert got[name].dtype == want.dtype, name
        assert np.array_equal(got[name], want), name
    for before, after in zip(inputs, (x, gamma, beta, dout), strict=True):
        assert np.array_equal(before, after)


def test_batchnorm_running_averages_and_test_mode():
    rng = np.random.default_rng(8)
    bn_param = {"mode": "train", "momentum": 0.5}
    x = rng.standard_normal((50, 2, 2, 3)) * 2 + 1
    for _ in range(30):
        fl.spatial_batchnorm_forward(x, np.ones(3), np.zeros(3), bn_param)
    np.testing.assert_allclose(bn_param["running_mean"], x.mean(axis=(0, 1, 2)), rtol=1e-6)
    np.testing.assert_allclose(bn_param["running_var"], x.var(axis=(0, 1, 2)), rtol=1e-6)
    bn_param["mode"] = "test"
    out, _ = fl.spatial_batchnorm_forward(x[:1], np.ones(3), np.zeros(3), bn_param)
    expected = (x[:1] - x.mean(axis=(0, 1, 2))) / np.sqrt(x.var(axis=(0, 1, 2)) + 1e-5)
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-6)


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(9)
    scores, y = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    loss, dscores = fl.softmax_cross_entropy(scores, y)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert abs(loss - np.mean(-np.log(p[np.arange(5), y]))) < 1e-12
    num = numerical_gradient(lambda s: fl.softmax_cross_entropy(s, y)[0], scores)
    assert relative_difference(num, dscores) < 1e-7
    assert abs(fl.softmax_cross_entropy(np.zeros((3, 6)), [0, 1, 2])[0] - np.log(6)) < 1e-12


# ----------------------------------------------------------------------------------------------
# The model (speed is measured by benchmarks/conv_vs_torch.py and the notebook, not asserted here)


def _toy_images(m, seed):
    """Class 0: a bright vertical bar; class 1: a bright horizontal bar; on noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, 8, 8, 1)) * 0.3
    y = rng.integers(0, 2, m)
    pos = rng.integers(1, 7, m)
    for i in range(m):
        if y[i] == 0:
            X[i, :, pos[i], 0] += 1.0
        else:
            X[i, pos[i], :, 0] += 1.0
    return X, y


def _tiny_model(seed=1, dtype=np.float32):
    return Model([Conv(3, 1, 4, pad=1), BatchNorm(4), ReLU(), MaxPool(2, 2),
                  Flatten(), Dense(4 * 4 * 4, 2)], seed=seed, dtype=dtype)


def test_model_trains_a_tiny_problem_deterministically(capsys):
    X, y = _toy_images(200, 0)
    X_test, y_test = _toy_images(100, 1)
    model = _tiny_model()
    costs = model.fit(X, y, epochs=8, batch_size=32, learning_rate=0.01, print_every=4)
    out = capsys.readouterr().out
    assert "Cost after epoch 0" in out and "Cost after epoch 4" in out and "Cost after epoch 7" in out
    assert costs[-1] < 0.5 * costs[0]
    assert model.accuracy(X_test, y_test) >= 0.9
    again = _tiny_model()
    assert again.fit(X, y, epochs=8, batch_size=32, learning_rate=0.01, print_every=0) == costs
    assert model.predict(X_test).shape == (100,)
    assert "Conv(3x3, 1->4" in repr(model) and model.n_parameters() == 3 * 3 * 4 + 4 + 8 + 64 * 2 + 2


def test_model_gradients_match_numerical_gradients_in_float64():
    X, y = _toy_images(6, 2)
    model = Model([Conv(3, 1, 2, pad=1), ReLU(), MaxPool(2, 2), Flatten(), Dense(2 * 4 * 4, 2)],
                  seed=3, dtype=np.float64)
    model.loss(X, y)
    for layer in model.layers:
        for name, p in layer.params.items():
            num = numerical_gradient(lambda _p: fl.softmax_cross_entropy(model.forward(X), y)[0], p)
            assert relative_difference(num, layer.grads[name]) < 1e-6, (layer, name)
