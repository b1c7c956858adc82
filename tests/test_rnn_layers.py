"""helpers.rnn agrees with step-by-step versions of the same layers and with numerical gradients."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import rnn
from helpers.gradcheck import check_gradients, numerical_gradient, relative_difference

# ----------------------------------------------------------------------------------------------
# Step versions, one cell at a time, in the classic layout


def step_rnn_forward(x, a0, p):
    a_prev, a, y = a0, [], []
    for t in range(x.shape[2]):
        a_prev = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ x[:, :, t] + p["ba"])
        a.append(a_prev)
        y.append(rnn.softmax(p["Wya"] @ a_prev + p["by"]))
    return np.stack(a, axis=2), np.stack(y, axis=2)


def step_rnn_backward(da, x, a0, p):
    a, _ = step_rnn_forward(x, a0, p)
    n_a, m, T = a.shape
    g = {"dx": np.zeros(x.shape), "dWax": np.zeros(p["Wax"].shape), "dWaa": np.zeros(p["Waa"].shape),
         "dba": np.zeros(p["ba"].shape)}
    carried = np.zeros((n_a, m))
    for t in reversed(range(T)):
        a_prev = a[:, :, t - 1] if t > 0 else a0
        dz = (da[:, :, t] + carried) * (1 - a[:, :, t] ** 2)
        g["dx"][:, :, t] = p["Wax"].T @ dz
        g["dWax"] += dz @ x[:, :, t].T
        g["dWaa"] += dz @ a_prev.T
        g["dba"] += dz.sum(axis=1, keepdims=True)
        carried = p["Waa"].T @ dz
    g["da0"] = carried
    return g


def step_lstm_cell(xt, a_prev, c_prev, p):
    concat = np.concatenate([a_prev, xt])
    f = rnn.sigmoid(p["Wf"] @ concat + p["bf"])
    i = rnn.sigmoid(p["Wi"] @ concat + p["bi"])
    cc = np.tanh(p["Wc"] @ concat + p["bc"])
    o = rnn.sigmoid(p["Wo"] @ concat + p["bo"])
    c = f * c_prev + i * cc
    return o * np.tanh(c), c, (concat, f, i, cc, o, c_prev, c)


def step_lstm_forward(x, a0, p):
    a_prev, c_prev = a0, np.zeros(a0.shape)
    a, c, y, caches = [], [], [], []
    for t in range(x.shape[2]):
        a_prev, c_prev, cache = step_lstm_cell(x[:, :, t], a_prev, c_prev, p)
        a.append(a_prev)
        c.append(c_prev)
        y.append(rnn.softmax(p["Wy"] @ a_prev + p["by"]))
        caches.append(cache)
    return np.stack(a, axis=2), np.stack(y, axis=2), np.stack(c, axis=2), caches


def step_lstm_backward(da, x, a0, p):
    *_, caches = step_lstm_forward(x, a0, p)
    n_a, m, T = da.shape
    g = {"dx": np.zeros(x.shape)}
    g.update({f"dW{k}": np.zeros(p[f"W{k}"].shape) for k in "fico"})
    g.update({f"db{k}": np.zeros(p[f"b{k}"].shape) for k in "fico"})
    da_carried, dc_carried = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in reversed(range(T)):
        concat, f, i, cc, o, c_prev, c = caches[t]
        da_t = da[:, :, t] + da_carried
        dc = dc_carried + da_t * o * (1 - np.tanh(c) ** 2)
        pre = {"f": dc * c_prev * f * (1 - f), "i": dc * cc * i * (1 - i),
               "c": dc * i * (1 - cc ** 2), "o": da_t * np.tanh(c) * o * (1 - o)}
        dconcat = sum(p[f"W{k}"].T @ pre[k] for k in "fico")
        for k in "fico":
            g[f"dW{k}"] += pre[k] @ concat.T
            g[f"db{k}"] += pre[k].sum(axis=1, keepdims=True)
        g["dx"][:, :, t] = dconcat[n_a:]
        da_carried, dc_carried = dconcat[:n_a], dc * f
    g["da0"] = da_carried
    return g


# ----------------------------------------------------------------------------------------------
# Inputs

SHAPES = [  # n_x, n_a, n_y, m, T_x
    (3, 5, 2, 10, 4),
    (1, 1, 1, 1, 1),
    (4, 3, 6, 1, 7),
    (2, 6, 3, 3, 1),
]


def _rnn_parameters(rng, n_x, n_a, n_y):
    return {"Wax": rng.standard_normal((n_a, n_x)), "Waa": rng.standard_normal((n_a, n_a)),
            "ba": rng.standard_normal((n_a, 1)), "Wya": rng.standard_normal((n_y, n_a)),
            "by": rng.standard_normal((n_y, 1))}


def _lstm_parameters(rng, n_x, n_a, n_y):
    p = {}
    for k in "fico":
        p[f"W{k}"] = rng.standard_normal((n_a, n_a + n_x))
        p[f"b{k}"] = rng.standard_normal((n_a, 1))
    p["Wy"], p["by"] = rng.standard_normal((n_y, n_a)), rng.standard_normal((n_y, 1))
    return p


def _problem(seed, shape, kind):
    n_x, n_a, n_y, m, T = shape
    rng = np.random.default_rng(seed)
    x, a0 = rng.standard_normal((n_x, m, T)), rng.standard_normal((n_a, m))
    p = _rnn_parameters(rng, n_x, n_a, n_y) if kind == "rnn" else _lstm_parameters(rng, n_x, n_a, n_y)
    return x, a0, p, rng.standard_normal((n_a, m, T)), rng.standard_normal((n_y, m, T))


def _assert_same(got: dict, expected: dict, rtol=1e-10, atol=1e-12):
    assert set(got) == set(expected)
    for k in expected:
        assert got[k].shape == expected[k].shape, k
        np.testing.assert_allclose(got[k], expected[k], rtol=rtol, atol=atol, err_msg=k)


# ----------------------------------------------------------------------------------------------
# RNN


@pytest.mark.parametrize("shape", SHAPES)
def test_rnn_agrees_with_the_step_version(shape):
    x, a0, p, da, _ = _problem(1, shape, "rnn")
    a, y_pred, cache = rnn.rnn_sequence_forward(x, a0, p)
    a_steps, y_steps = step_rnn_forward(x, a0, p)
    _assert_same({"a": a, "y": y_pred}, {"a": a_steps, "y": y_steps})
    np.testing.assert_allclose(y_pred.sum(axis=0), 1.0)
    _assert_same(rnn.rnn_sequence_backward(da, cache), step_rnn_backward(da, x, a0, p))


@pytest.mark.parametrize("shape", SHAPES[:3])
def test_rnn_backward_agrees_with_numerical_gradients(shape):
    x, a0, p, da, _ = _problem(2, shape, "rnn")
    grads = rnn.rnn_sequence_backward(da, rnn.rnn_sequence_forward(x, a0, p)[2])
    inputs = {"x": x, "a0": a0, "Wax": p["Wax"], "Waa": p["Waa"], "ba": p["ba"]}
    diffs = check_gradients(lambda: np.sum(da * rnn.rnn_sequence_forward(x, a0, p)[0]), inputs,
                            {k: grads["d" + k] for k in inputs})
    assert max(diffs.values()) < 1e-7, diffs


def test_rnn_backward_through_the_outputs():
    """With dz, the gradients are those of sum(da * a) + sum(dz * z), z = Wya a + by the scores."""
    x, a0, p, da, dz = _problem(3, (3, 4, 5, 2, 6), "rnn")
    grads = rnn.rnn_sequence_backward(da, rnn.rnn_sequence_forward(x, a0, p)[2], dz=dz)

    def loss():
        a = rnn.rnn_sequence_forward(x, a0, p)[0]
        z = np.einsum("ya,amt->ymt", p["Wya"], a) + p["by"][:, :, None]
        return np.sum(da * a) + np.sum(dz * z)

    inputs = {"x": x, "a0": a0, **p}
    diffs = check_gradients(loss, inputs, {k: grads["d" + k] for k in inputs})
    assert max(diffs.values()) < 1e-7, diffs


# ----------------------------------------------------------------------------------------------
# LSTM


@pytest.mark.parametrize("shape", SHAPES)
def test_lstm_agrees_with_the_step_version(shape):
    x, a0, p, da, _ = _problem(4, shape, "lstm")
    a, y_pred, c, cache = rnn.lstm_sequence_forward(x, a0, p)
    a_steps, y_steps, c_steps, _ = step_lstm_forward(x, a0, p)
    _assert_same({"a": a, "y": y_pred, "c": c}, {"a": a_steps, "y": y_steps, "c": c_steps})
    _assert_same(rnn.lstm_sequence_backward(da, cache), step_lstm_backward(da, x, a0, p))


@pytest.mark.parametrize("shape", SHAPES[:3])
def test_lstm_backward_agrees_with_numerical_gradients(shape):
    x, a0, p, da, _ = _problem(5, shape, "lstm")
    grads = rnn.lstm_sequence_backward(da, rnn.lstm_sequence_forward(x, a0, p)[3])
    inputs = {"x": x, "a0": a0, **{k: v for k, v in p.items() if k[1] in "fico"}}
    diffs = check_gradients(lambda: np.sum(da * rnn.lstm_sequence_forward(x, a0, p)[0]), inputs,
                            {k: grads["d" + k] for k in inputs})
    assert max(diffs.values()) < 1e-7, diffs


def test_lstm_backward_through_the_outputs():
    x, a0, p, da, dz = _problem(6, (2, 3, 4, 2, 5), "lstm")
    grads = rnn.lstm_sequence_backward(da, rnn.lstm_sequence_forward(x, a0, p)[3], dz=dz)

    def loss():
        a = rnn.lstm_sequence_forward(x, a0, p)[0]
        z = np.einsum("ya,amt->ymt", p["Wy"], a) + p["by"][:, :, None]
        return np.sum(da * a) + np.sum(dz * z)

    inputs = {"x": x, "a0": a0, **p}
    diffs = check_gradients(loss, inputs, {k: grads["d" + k] for k in inputs})
    assert max(diffs.values()) < 1e-7, diffs


# ----------------------------------------------------------------------------------------------
# Both


def test_softmax_is_over_axis_0_and_stable():
    z = np.array([[1000.0, -3.0], [1001.0, 2.0], [999.0, 0.5]])
    s = rnn.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=0), 1.0)
    np.testing.assert_allclose(s[:, 1], np.exp(z[:, 1]) / np.exp(z[:, 1]).sum())


def test_sigmoid_is_the_logistic_function_without_overflow():
    x = np.array([-800.0, -3.0, 0.0, 2.5, 800.0])
    with np.errstate(all="raise"):
        s = rnn.sigmoid(x)
    np.testing.assert_allclose(s[1:4], 1 / (1 + np.exp(-x[1:4])))
    assert s[0] == 0.0 and s[-1] == 1.0


@pytest.mark.parametrize("kind", ["rnn", "lstm"])
def test_float32_in_float32_out_and_close_to_float64(kind):
    x, a0, p, da, _ = _problem(7, (3, 5, 2, 4, 6), kind)
    forward = rnn.rnn_sequence_forward if kind == "rnn" else rnn.lstm_sequence_forward
    backward = rnn.rnn_sequence_backward if kind == "rnn" else rnn.lstm_sequence_backward
    p32 = {k: v.astype(np.float32) for k, v in p.items()}
    out32 = forward(x.astype(np.float32), a0.astype(np.float32), p32)
    out64 = forward(x, a0, p)
    assert out32[0].dtype == np.float32
    np.testing.assert_allclose(out32[0], out64[0], atol=1e-5)
    g32 = backward(da.astype(np.float32), out32[-1])
    g64 = backward(da, out64[-1])
    for k in g64:
        assert g32[k].dtype == np.float32, k
        assert relative_difference(g32[k], g64[k]) < 1e-5, k


def test_inputs_are_not_modified():
    x, a0, p, da, dz = _problem(8, (3, 4, 2, 3, 5), "lstm")
    copies = [x.copy(), a0.copy(), {k: v.copy() for k, v in p.items()}, da.copy(), dz.copy()]
    rnn.lstm_sequence_backward(da, rnn.lstm_sequence_forward(x, a0, p)[3], dz=dz)
    x2, a02, p2, da2, dz2 = _problem(8, (3, 4, 2, 3, 5), "rnn")
    rnn.rnn_sequence_backward(da2, rnn.rnn_sequence_forward(x2, a02, p2)[2], dz=dz2)
    assert np.array_equal(x, copies[0]) and np.array_equal(a0, copies[1])
    assert all(np.array_equal(p[k], copies[2][k]) for k in p)
    assert np.array_equal(da, copies[3]) and np.array_equal(dz, copies[4])
    assert np.array_equal(x2, _problem(8, (3, 4, 2, 3, 5), "rnn")[0])


def test_a_gradient_from_the_last_step_reaches_the_first_input():
    """numerical_gradient with an upstream gradient at the last step only, through the whole sequence."""
    x, a0, p, _, _ = _problem(9, (2, 3, 2, 2, 8), "lstm")
    da = np.zeros((3, 2, 8))
    da[:, :, -1] = 1.0
    dx = rnn.lstm_sequence_backward(da, rnn.lstm_sequence_forward(x, a0, p)[3])["dx"]
    numerical = numerical_gradient(lambda v: rnn.lstm_sequence_forward(v, a0, p)[0], x, da)
    assert relative_difference(dx, numerical) < 1e-7
    assert np.abs(dx[:, :, 0]).max() > 0
