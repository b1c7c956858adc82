"""Vectorised transformer layers with their backward passes: attention, multi-head attention,
layer normalisation and the encoder layer.

These are the course's library layers for attention, as ``helpers.rnn`` is for recurrent
networks: the transformer notebook has the learner write the forward passes, checks them
against these, and trains a small model with them; later notebooks can build on them.

The layout is the classic assignment's (and the usual one for transformers): one row per
token, the batch first.

    x          -- token vectors, (m, T, d_model): m sequences of T tokens
    q, k, v    -- queries (..., T_q, d_k), keys (..., T_k, d_k), values (..., T_k, d_v)
    mask       -- broadcastable to the attention logits (..., T_q, T_k): 1 where a query may
                  attend to a key, 0 where it may not; None for no mask. The masked logits get
                  (1 - mask) * -1e9 added, so their softmax weight is 0.
    weights    -- attention weights, (..., T_q, T_k); every row sums to 1

    positional_encoding(positions, d) -> (1, positions, d)
    create_padding_mask(token_ids) -> (m, 1, T);  create_look_ahead_mask(T) -> (1, T, T)
    attention_forward(q, k, v, mask) -> (output, weights, cache);  attention_backward(d_output, cache) -> (dq, dk, dv)
    multi_head_attention_forward(q_in, k_in, v_in, mask, parameters, num_heads) -> (output, weights, cache)
    multi_head_attention_backward(d_output, cache) -> (dq_in, dk_in, dv_in, gradients)
    layer_norm_forward(x, gamma, beta, epsilon) -> (out, cache);  layer_norm_backward(d_out, cache) -> (dx, dgamma, dbeta)
    encoder_layer_forward(x, mask, parameters, num_heads, epsilon) -> (out, cache)
    encoder_layer_backward(d_out, cache) -> (dx, gradients)
    initialize_encoder_layer(d_model, d_ff, rng) -> parameters

The parameters of multi-head attention (d_model divisible by num_heads; each head works on
depth = d_model // num_heads columns of the projections, head h on columns h * depth to
(h + 1) * depth):

    "Wq", "Wk", "Wv", "Wo" (d_model, d_model) and "bq", "bk", "bv", "bo" (d_model,), with
    Q = q_in @ Wq + bq, ..., and output = concat(heads) @ Wo + bo

and an encoder layer adds "gamma1", "beta1" (d_model,) (the first layer norm), "W1"
(d_model, d_ff), "b1" (d_ff,), "W2" (d_ff, d_model), "b2" (d_model,) (the feed-forward
network) and "gamma2", "beta2" (d_model,) (the second layer norm):

    h = LayerNorm1(x + MultiHeadAttention(x, x, x, mask))
    out = LayerNorm2(h + relu(h @ W1 + b1) @ W2 + b2)

There is no dropout: these are the layers at inference, and the course's models train
without it.
"""

from __future__ import annotations

import math

import numpy as np

MASKED = -1e9   # the logit a masked position gets added


def softmax(x):
    """Softmax over the last axis, stable for large logits."""
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


# ----------------------------------------------------------------------------------------------
# Positions and masks


def positional_encoding(positions, d):
    """
    The sinusoidal positional encodings of "Attention is all you need".

    positions -- number of positions; d -- size of the encoding
    Returns an array of shape (1, positions, d): entry [0, pos, k] is sin(pos / 10000^(2i/d))
    for even k = 2i and cos(pos / 10000^(2i/d)) for odd k = 2i + 1
    """
    pos = np.arange(positions)[:, None]
    i = np.arange(d)[None, :] // 2
    angles = pos / np.power(10000.0, 2 * i / d)
    encoding = np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles))
    return encoding[None]


def create_padding_mask(token_ids):
    """1.0 for the tokens to attend to, 0.0 for padding (token 0): (m, T) -> (m, 1, T)."""
    return (np.asarray(token_ids) != 0).astype(np.float64)[:, None, :]


def create_look_ahead_mask(sequence_length):
    """Lower-triangular ones, (1, T, T): query t may attend to keys 0..t only."""
    return np.tril(np.ones((1, sequence_length, sequence_length)))


# ----------------------------------------------------------------------------------------------
# Scaled dot-product attention


def attention_forward(q, k, v, mask=None):
    """
    Scaled dot-product attention, softmax(q k^T / sqrt(d_k) + (1 - mask) * -1e9) v.

    q -- queries, (..., T_q, d_k); k -- keys, (..., T_k, d_k); v -- values, (..., T_k, d_v),
         with the same leading dimensions "..."
    mask -- None, or broadcastable to (..., T_q, T_k): 1 to attend, 0 not to
    Returns:
    output -- (..., T_q, d_v)
    weights -- attention weights, (..., T_q, T_k)
    cache -- (q, k, v, weights), for attention_backward
    """
    logits = q @ np.swapaxes(k, -1, -2) / math.sqrt(k.shape[-1])   # a Python float keeps float32
    if mask is not None:
        logits = logits + (1.0 - mask) * MASKED
    weights = softmax(logits)
    return weights @ v, weights, (q, k, v, weights)


def attention_backward(d_output, cache):
    """
    The backward pass of attention_forward (the mask gets no gradient).

    d_output -- gradient of the loss with respect to the output, (..., T_q, d_v)
    cache -- (q, k, v, weights) from attention_forward; weights must have the leading
             dimensions of q (a mask may not add dimensions)
    Returns (dq, dk, dv), of the shapes of q, k and v
    """
    q, k, v, weights = cache
    scale = 1.0 / math.sqrt(k.shape[-1])
    dv = np.swapaxes(weights, -1, -2) @ d_output
    d_weights = d_output @ np.swapaxes(v, -1, -2)
    # softmax backward, row by row: dS = A * (dA - sum(dA * A))
    d_logits = weights * (d_weights - np.sum(d_weights * weights, axis=-1, keepdims=True))
    dq = d_logits @ k * scale
    dk = np.swapaxes(d_logits, -1, -2) @ q * scale
    return dq, dk, dv


# ----------------------------------------------------------------------------------------------
# Multi-head attention

ATTENTION_KEYS = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")


def split_heads(x, num_heads):
    """(m, T, d_model) -> (m, num_heads, T, depth): head h gets columns h * depth to (h + 1) * depth."""
    m, T, d_model = x.shape
    return x.reshape(m, T, num_heads, d_model // num_heads).transpose(0, 2, 1, 3)


def merge_heads(x):
    """(m, num_heads, T, depth) -> (m, T, num_heads * depth), the inverse of split_heads."""
    m, h, T, depth = x.shape
    return x.transpose(0, 2, 1, 3).reshape(m, T, h * depth)


def _dense_grads(x, dy):
    """Gradients of y = x @ W + b for the rows of x (any leading dimensions): dW, db."""
    x2, dy2 = x.reshape(-1, x.shape[-1]), dy.reshape(-1, dy.shape[-1])
    return x2.T @ dy2, dy2.sum(axis=0)


def multi_head_attention_forward(q_in, k_in, v_in, mask, parameters, num_heads):
    """
    Multi-head attention: project, split into heads, attend in each head, merge, project.

    q_in -- (m, T_q, d_model); k_in, v_in -- (m, T_k, d_model)
    mask -- None, or broadcastable to (m, T_q, T_k) with three dimensions, 1 to attend
            ((m, 1, T_k) padding, (1, T_q, T_k) look-ahead); every head uses it
    parameters -- "Wq", "Wk", "Wv", "Wo" (d_model, d_model), "bq", "bk", "bv", "bo" (d_model,)
    num_heads -- number of heads; d_model must be divisible by it
    Returns:
    output -- (m, T_q, d_model)
    weights -- attention weights of every head, (m, num_heads, T_q, T_k)
    cache -- for multi_head_attention_backward
    """
    p = parameters
    Q = split_heads(q_in @ p["Wq"] + p["bq"], num_heads)
    K = split_heads(k_in @ p["Wk"] + p["bk"], num_heads)
    V = split_heads(v_in @ p["Wv"] + p["bv"], num_heads)
    heads, weights, attention_cache = attention_forward(Q, K, V, None if mask is None else mask[:, None])
    concat = merge_heads(heads)
    output = concat @ p["Wo"] + p["bo"]
    return output, weights, (q_in, k_in, v_in, concat, attention_cache, parameters, num_heads)


def multi_head_attention_backward(d_output, cache):
    """
    The backward pass of multi_head_attention_forward.

    d_output -- gradient of the loss with respect to the output, (m, T_q, d_model)
    Returns (dq_in, dk_in, dv_in, gradients): the gradients with respect to the three inputs
    (for self-attention, where they are one array, add them up) and a dict with "dWq",
    "dbq", ..., "dWo", "dbo"
    """
    q_in, k_in, v_in, concat, attention_cache, p, num_heads = cache
    grads = {}
    grads["dWo"], grads["dbo"] = _dense_grads(concat, d_output)
    d_heads = split_heads(d_output @ p["Wo"].T, num_heads)
    dQ, dK, dV = (merge_heads(g) for g in attention_backward(d_heads, attention_cache))
    d_inputs = []
    for name, x, d in (("q", q_in, dQ), ("k", k_in, dK), ("v", v_in, dV)):
        grads["dW" + name], grads["db" + name] = _dense_grads(x, d)
        d_inputs.append(d @ p["W" + name].T)
    gradients = {"d" + key: grads["d" + key] for key in ATTENTION_KEYS}
    return d_inputs[0], d_inputs[1], d_inputs[2], gradients


# ----------------------------------------------------------------------------------------------
# Layer normalisation


def layer_norm_forward(x, gamma, beta, epsilon=1e-6):
    """
    Layer normalisation over the last axis (the features of each token).

    x -- (..., d); gamma, beta -- (d,)
    Returns out = gamma * (x - mean) / sqrt(var + epsilon) + beta, of the shape of x, and a cache
    """
    mean = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + epsilon)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def layer_norm_backward(d_out, cache):
    """The backward pass of layer_norm_forward: (dx, dgamma, dbeta)."""
    x_hat, inv_std, gamma = cache
    d = x_hat.shape[-1]
    dx_hat = d_out * gamma
    dx = inv_std / d * (d * dx_hat - dx_hat.sum(axis=-1, keepdims=True)
                        - x_hat * np.sum(dx_hat * x_hat, axis=-1, keepdims=True))
    axes = tuple(range(d_out.ndim - 1))
    return dx, np.sum(d_out * x_hat, axis=axes), np.sum(d_out, axis=axes)


# ----------------------------------------------------------------------------------------------
# The encoder layer

ENCODER_KEYS = ATTENTION_KEYS + ("gamma1", "beta1", "W1", "b1", "W2", "b2", "gamma2", "beta2")


def encoder_layer_forward(x, mask, parameters, num_heads, epsilon=1e-6):
    """
    One encoder layer: self-attention, residual, layer norm, feed-forward (ReLU), residual,
    layer norm. No dropout.

    x -- (m, T, d_model); mask -- None or broadcastable to (m, T, T), 1 to attend
    parameters -- the eight of multi-head attention, "gamma1", "beta1", "W1" (d_model, d_ff),
                  "b1" (d_ff,), "W2" (d_ff, d_model), "b2", "gamma2", "beta2" (d_model,)
    Returns:
    out -- (m, T, d_model)
    cache -- for encoder_layer_backward; cache["weights"] holds the attention weights,
             (m, num_heads, T, T)
    """
    p = parameters
    attention, weights, attention_cache = multi_head_attention_forward(x, x, x, mask, p, num_heads)
    h, norm1_cache = layer_norm_forward(x + attention, p["gamma1"], p["beta1"], epsilon)
    hidden = np.maximum(h @ p["W1"] + p["b1"], 0)
    ffn = hidden @ p["W2"] + p["b2"]
    out, norm2_cache = layer_norm_forward(h + ffn, p["gamma2"], p["beta2"], epsilon)
    cache = {"attention": attention_cache, "weights": weights, "norm1": norm1_cache, "h": h,
             "hidden": hidden, "norm2": norm2_cache, "parameters": p}
    return out, cache


def encoder_layer_backward(d_out, cache):
    """
    The backward pass of encoder_layer_forward.

    d_out -- gradient of the loss with respect to the layer's output, (m, T, d_model)
    Returns (dx, gradients): dx of shape (m, T, d_model), gradients a dict with "d" + the
    name of every parameter ("dWq", ..., "dbeta2")
    """
    p = cache["parameters"]
    grads = {}
    d_sum2, grads["dgamma2"], grads["dbeta2"] = layer_norm_backward(d_out, cache["norm2"])
    grads["dW2"], grads["db2"] = _dense_grads(cache["hidden"], d_sum2)
    d_hidden = (d_sum2 @ p["W2"].T) * (cache["hidden"] > 0)
    grads["dW1"], grads["db1"] = _dense_grads(cache["h"], d_hidden)
    dh = d_sum2 + d_hidden @ p["W1"].T
    d_sum1, grads["dgamma1"], grads["dbeta1"] = layer_norm_backward(dh, cache["norm1"])
    dq, dk, dv, attention_grads = multi_head_attention_backward(d_sum1, cache["attention"])
    grads.update(attention_grads)
    dx = d_sum1 + dq + dk + dv
    return dx, {"d" + key: grads["d" + key] for key in ENCODER_KEYS}


def initialize_encoder_layer(d_model, d_ff, rng, dtype=np.float64):
    """
    Parameters of an encoder layer: weights drawn from N(0, 1 / fan-in), biases 0, gammas 1.

    rng -- a numpy Generator (np.random.default_rng(seed)); the draws are, in order,
           Wq, Wk, Wv, Wo, W1, W2
    """
    def weights(rows, columns):
        return (rng.standard_normal((rows, columns)) / np.sqrt(rows)).astype(dtype)

    p = {}
    for name in ("q", "k", "v", "o"):
        p["W" + name] = weights(d_model, d_model)
        p["b" + name] = np.zeros(d_model, dtype)
    p["gamma1"], p["beta1"] = np.ones(d_model, dtype), np.zeros(d_model, dtype)
    p["W1"], p["b1"] = weights(d_model, d_ff), np.zeros(d_ff, dtype)
    p["W2"], p["b2"] = weights(d_ff, d_model), np.zeros(d_model, dtype)
    p["gamma2"], p["beta2"] = np.ones(d_model, dtype), np.zeros(d_model, dtype)
    return {key: p[key] for key in ENCODER_KEYS}
