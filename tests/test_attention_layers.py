"""helpers.attention agrees with loop versions of the same layers and with numerical gradients."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import attention
from helpers.gradcheck import check_gradients, numerical_gradient, relative_difference

# ----------------------------------------------------------------------------------------------
# Loop versions: one sequence, one head, one query at a time


def loop_attention(q, k, v, mask):
    """q (m, T_q, d), k (m, T_k, d), v (m, T_k, d_v), mask (m or 1, T_q or 1, T_k) or None."""
    m, T_q, d = q.shape
    out, weights = np.zeros((m, T_q, v.shape[-1])), np.zeros((m, T_q, k.shape[1]))
    for i in range(m):
        for t in range(T_q):
            scores = np.array([q[i, t] @ k[i, s] / np.sqrt(d) for s in range(k.shape[1])])
            if mask is not None:
                row = mask[min(i, mask.shape[0] - 1), min(t, mask.shape[1] - 1)]
                scores = np.where(row == 1, scores, -1e9)
            e = np.exp(scores - scores.max())
            weights[i, t] = e / e.sum()
            out[i, t] = sum(weights[i, t, s] * v[i, s] for s in range(k.shape[1]))
    return out, weights


def loop_multi_head(q_in, k_in, v_in, mask, p, num_heads):
    m, T_q, d_model = q_in.shape
    depth = d_model // num_heads
    Q, K, V = q_in @ p["Wq"] + p["bq"], k_in @ p["Wk"] + p["bk"], v_in @ p["Wv"] + p["bv"]
    heads, weights = [], []
    for h in range(num_heads):
        cols = slice(h * depth, (h + 1) * depth)
        out, w = loop_attention(Q[..., cols], K[..., cols], V[..., cols], mask)
        heads.append(out)
        weights.append(w)
    return np.concatenate(heads, axis=-1) @ p["Wo"] + p["bo"], np.stack(weights, axis=1)


def loop_layer_norm(x, gamma, beta, epsilon=1e-6):
    out = np.zeros_like(x)
    for index in np.ndindex(x.shape[:-1]):
        row = x[index]
        out[index] = gamma * (row - row.mean()) / np.sqrt(row.var() + epsilon) + beta
    return out


def loop_encoder(x, mask, p, num_heads):
    h = loop_layer_norm(x + loop_multi_head(x, x, x, mask, p, num_heads)[0], p["gamma1"], p["beta1"])
    ffn = np.maximum(h @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]
    return loop_layer_norm(h + ffn, p["gamma2"], p["beta2"])


# ----------------------------------------------------------------------------------------------
# Inputs

SHAPES = [  # m, T, d_model, num_heads, d_ff
    (2, 5, 8, 2, 12),
    (1, 1, 4, 1, 3),
    (3, 4, 12, 3, 6),
]


def _parameters(rng, d_model, d_ff):
    p = attention.initialize_encoder_layer(d_model, d_ff, rng)
    for name in ("bq", "bk", "bv", "bo", "beta1", "beta2", "b1", "b2"):
        p[name] = 0.1 * rng.standard_normal(p[name].shape)
    for name in ("gamma1", "gamma2"):
        p[name] = 1 + 0.2 * rng.standard_normal(p[name].shape)
    return p


def _masks(m, T):
    lengths = [T - i % T for i in range(m)]
    padding = attention.create_padding_mask(np.array([[1] * n + [0] * (T - n) for n in lengths]))
    return {"none": None, "padding": padding, "look-ahead": attention.create_look_ahead_mask(T),
            "both": padding * attention.create_look_ahead_mask(T)}


# ----------------------------------------------------------------------------------------------
# Positions and masks


def test_positional_encoding_is_the_formula():
    pe = attention.positional_encoding(7, 6)
    assert pe.shape == (1, 7, 6)
    for pos in range(7):
        for k in range(6):
            angle = pos / 10000 ** (2 * (k // 2) / 6)
            assert pe[0, pos, k] == pytest.approx(np.sin(angle) if k % 2 == 0 else np.cos(angle), abs=1e-15)
    assert attention.positional_encoding(3, 5).shape == (1, 3, 5)


def test_masks():
    mask = attention.create_padding_mask(np.array([[7, 0, 2], [0, 0, 1]]))
    np.testing.assert_array_equal(mask, [[[1, 0, 1]], [[0, 0, 1]]])
    np.testing.assert_array_equal(attention.create_look_ahead_mask(3)[0], np.tril(np.ones((3, 3))))
    assert attention.create_look_ahead_mask(3).shape == (1, 3, 3)


# ----------------------------------------------------------------------------------------------
# Forward passes against the loops


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mask_kind", ["none", "padding", "look-ahead", "both"])
def test_forward_passes_agree_with_the_loops(shape, mask_kind):
    m, T, d_model, num_heads, d_ff = shape
    rng = np.random.default_rng(1)
    x, p = rng.standard_normal((m, T, d_model)), _parameters(rng, d_model, d_ff)
    mask = _masks(m, T)[mask_kind]
    out, weights, _ = attention.attention_forward(x, x, x, mask)
    loop_out, loop_weights = loop_attention(x, x, x, mask)
    np.testing.assert_allclose(out, loop_out, atol=1e-12)
    np.testing.assert_allclose(weights, loop_weights, atol=1e-12)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, atol=1e-12)
    out, weights, _ = attention.multi_head_attention_forward(x, x, x, mask, p, num_heads)
    loop_out, loop_weights = loop_multi_head(x, x, x, mask, p, num_heads)
    assert weights.shape == (m, num_heads, T, T)
    np.testing.assert_allclose(out, loop_out, atol=1e-12)
    np.testing.assert_allclose(weights, loop_weights, atol=1e-12)
    out, cache = attention.encoder_layer_forward(x, mask, p, num_heads)
    np.testing.assert_allclose(out, loop_encoder(x, mask, p, num_heads), atol=1e-10)
    assert cache["weights"].shape == (m, num_heads, T, T)


def test_masked_weights_are_exactly_zero():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 6, 4))
    mask = _masks(2, 6)["both"]
    weights = attention.attention_forward(x, x, x, mask)[1]
    assert np.all(weights[np.broadcast_to(mask, weights.shape) == 0] == 0.0)


def test_cross_attention_with_other_lengths():
    rng = np.random.default_rng(3)
    q, kv = rng.standard_normal((2, 3, 8)), rng.standard_normal((2, 5, 8))
    p = _parameters(rng, 8, 4)
    mask = attention.create_padding_mask(np.array([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]]))
    out, weights, _ = attention.multi_head_attention_forward(q, kv, kv, mask, p, 4)
    loop_out, loop_weights = loop_multi_head(q, kv, kv, mask, p, 4)
    assert out.shape == (2, 3, 8) and weights.shape == (2, 4, 3, 5)
    np.testing.assert_allclose(out, loop_out, atol=1e-12)
    np.testing.assert_allclose(weights, loop_weights, atol=1e-12)


# ----------------------------------------------------------------------------------------------
# Backward passes against numerical gradients


@pytest.mark.parametrize("leading", [(), (2,), (2, 3)])
def test_attention_backward(leading):
    rng = np.random.default_rng(4)
    q, k = rng.standard_normal((*leading, 4, 5)), rng.standard_normal((*leading, 6, 5))
    v, d_out = rng.standard_normal((*leading, 6, 3)), rng.standard_normal((*leading, 4, 3))
    mask = np.ones((4, 6))
    mask[:, -2:] = 0
    mask[0, 1] = 0
    dq, dk, dv = attention.attention_backward(d_out, attention.attention_forward(q, k, v, mask)[2])
    diffs = check_gradients(lambda: np.sum(d_out * attention.attention_forward(q, k, v, mask)[0]),
                            {"q": q, "k": k, "v": v}, {"q": dq, "k": dk, "v": dv})
    assert max(diffs.values()) < 1e-7, diffs
    assert np.all(dk[..., -2:, :] == 0) and np.all(dv[..., -2:, :] == 0)   # masked keys get nothing


def test_multi_head_attention_backward_cross_attention():
    rng = np.random.default_rng(5)
    q_in, k_in, v_in = rng.standard_normal((2, 3, 6)), rng.standard_normal((2, 4, 6)), rng.standard_normal((2, 4, 6))
    p = {k: v for k, v in _parameters(rng, 6, 2).items() if k in attention.ATTENTION_KEYS}
    mask = attention.create_padding_mask(np.array([[1, 1, 1, 1], [1, 1, 1, 0]]))
    d_out = rng.standard_normal((2, 3, 6))
    _, _, cache = attention.multi_head_attention_forward(q_in, k_in, v_in, mask, p, 3)
    dq, dk, dv, grads = attention.multi_head_attention_backward(d_out, cache)
    inputs = {"q_in": q_in, "k_in": k_in, "v_in": v_in, **{k: v for k, v in p.items() if k != "bk"}}
    analytic = {"q_in": dq, "k_in": dk, "v_in": dv, **{k: grads["d" + k] for k in p if k != "bk"}}

    def loss():
        return np.sum(d_out * attention.multi_head_attention_forward(q_in, k_in, v_in, mask, p, 3)[0])

    diffs = check_gradients(loss, inputs, analytic)
    assert max(diffs.values()) < 1e-7, diffs
    # the keys' bias shifts every score of a query equally: the softmax ignores it
    assert np.abs(grads["dbk"]).max() < 1e-12
    assert np.abs(numerical_gradient(lambda _: loss(), p["bk"])).max() < 1e-8


def test_layer_norm_backward():
    rng = np.random.default_rng(6)
    x, gamma, beta, d_out = (rng.standard_normal(s) for s in ((3, 4, 5), (5,), (5,), (3, 4, 5)))
    out, cache = attention.layer_norm_forward(x, gamma, beta)
    np.testing.assert_allclose(out, loop_layer_norm(x, gamma, beta), atol=1e-12)
    dx, dgamma, dbeta = attention.layer_norm_backward(d_out, cache)
    diffs = check_gradients(lambda: np.sum(d_out * attention.layer_norm_forward(x, gamma, beta)[0]),
                            {"x": x, "gamma": gamma, "beta": beta}, {"x": dx, "gamma": dgamma, "beta": dbeta})
    assert max(diffs.values()) < 1e-7, diffs


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mask_kind", ["none", "both"])
def test_encoder_layer_backward(shape, mask_kind):
    m, T, d_model, num_heads, d_ff = shape
    rng = np.random.default_rng(7)
    x, p = rng.standard_normal((m, T, d_model)), _parameters(rng, d_model, d_ff)
    mask = _masks(m, T)[mask_kind]
    d_out = rng.standard_normal((m, T, d_model))
    dx, grads = attention.encoder_layer_backward(d_out, attention.encoder_layer_forward(x, mask, p, num_heads)[1])
    assert set(grads) == {"d" + k for k in attention.ENCODER_KEYS}
    checked = {"x": x, **{k: v for k, v in p.items() if k != "bk"}}
    diffs = check_gradients(lambda: np.sum(d_out * attention.encoder_layer_forward(x, mask, p, num_heads)[0]),
                            checked, {"x": dx, **{k: grads["d" + k] for k in checked if k != "x"}})
    assert max(diffs.values()) < 1e-7, diffs
    assert np.abs(grads["dbk"]).max() < 1e-12


# ----------------------------------------------------------------------------------------------
# Dtypes, inputs, initialisation


def test_float32_in_float32_out_and_close_to_float64():
    rng = np.random.default_rng(8)
    x, p = rng.standard_normal((2, 4, 8)), _parameters(rng, 8, 16)
    mask = _masks(2, 4)["padding"]
    x32, p32 = x.astype(np.float32), {k: v.astype(np.float32) for k, v in p.items()}
    out32, cache32 = attention.encoder_layer_forward(x32, mask.astype(np.float32), p32, 2)
    out64, cache64 = attention.encoder_layer_forward(x, mask, p, 2)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, out64, atol=1e-4)
    d_out = rng.standard_normal(out64.shape)
    dx32, g32 = attention.encoder_layer_backward(d_out.astype(np.float32), cache32)
    dx64, g64 = attention.encoder_layer_backward(d_out, cache64)
    assert dx32.dtype == np.float32
    assert relative_difference(dx32, dx64) < 1e-4
    for k in g64:
        if k != "dbk":
            assert g32[k].dtype == np.float32, k
            assert relative_difference(g32[k], g64[k]) < 1e-4, k


def test_inputs_are_not_modified():
    rng = np.random.default_rng(9)
    x, p = rng.standard_normal((2, 4, 8)), _parameters(rng, 8, 16)
    mask, d_out = _masks(2, 4)["both"], rng.standard_normal((2, 4, 8))
    copies = [x.copy(), {k: v.copy() for k, v in p.items()}, mask.copy(), d_out.copy()]
    attention.encoder_layer_backward(d_out, attention.encoder_layer_forward(x, mask, p, 2)[1])
    assert np.array_equal(x, copies[0]) and np.array_equal(mask, copies[2]) and np.array_equal(d_out, copies[3])
    assert all(np.array_equal(p[k], copies[1][k]) for k in p)


def test_initialisation_is_seeded_and_scaled():
    a = attention.initialize_encoder_layer(16, 32, np.random.default_rng(0))
    b = attention.initialize_encoder_layer(16, 32, np.random.default_rng(0))
    assert list(a) == list(attention.ENCODER_KEYS)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert a["W1"].shape == (16, 32) and a["W2"].shape == (32, 16) and a["b1"].shape == (32,)
    assert np.all(a["gamma1"] == 1) and np.all(a["beta2"] == 0) and np.all(a["bq"] == 0)
    assert abs(a["W2"].std() - 1 / np.sqrt(32)) < 0.03


def test_softmax_is_over_the_last_axis_and_stable():
    z = np.array([[1000.0, 1001.0, 999.0], [-3.0, 2.0, 0.5]])
    s = attention.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=-1), 1.0)
    np.testing.assert_allclose(s[1], np.exp(z[1]) / np.exp(z[1]).sum())
