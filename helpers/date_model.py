"""The date-translation model with attention of c5w3-attention-date-translation, in NumPy.

The architecture is the classic assignment's (after Bahdanau, Cho & Bengio, 2015):

    encoder   -- a bidirectional LSTM (n_a units each way) over the one-hot input characters:
                 a<t> = [forward a<t>; backward a<t>], shape (m, T_x, 2 n_a)
    attention -- for each output step, one_step_attention(a, s_prev): s<t-1> is repeated
                 T_x times and concatenated with a; a dense layer of n_e tanh units and a
                 dense layer of one ReLU unit give an energy per input step; a softmax over
                 the T_x steps gives the attention weights alpha; the context is the
                 alpha-weighted sum of the a<t'>
    decoder   -- a post-attention LSTM (n_s units) whose input at step t is the context; it
                 starts from s = c = 0 and never sees its own outputs
    output    -- softmax(Wy s<t> + by) over the 11 characters of "yyyy-mm-dd"

Layout: batch first, as the classic's Keras tensors: Xoh (m, T_x, n_x), a (m, T_x, 2 n_a),
s and c (m, n_s), a context (m, 1, 2 n_a), outputs (m, T_y, n_y). Dense layers act on the
last axis, x @ W.T + b, with W of shape (n_out, n_in) as elsewhere in the course and biases
of shape (n_out,).

Parameters (one flat dict): "W1" (n_e, 2 n_a + n_s), "b1" (n_e,), "W2" (1, n_e), "b2" (1,)
for the attention; "Wf", "Wi", "Wc", "Wo" (n_s, n_s + 2 n_a) acting on [s<t-1>; context],
"bf", "bi", "bc", "bo" (n_s,) for the decoder LSTM; "Wy" (n_y, n_s), "by" (n_y,); and the
encoder's two LSTMs in the layout of helpers.rnn, with the suffixes "_fw" and "_bw"
("Wf_fw" (n_a, n_a + n_x), "bf_fw" (n_a, 1), ...).

The readable functions (one_step_attention, decoder_step, model_forward) are the ones the
notebook has the learner write; ``loss_and_gradients`` is the training path: the same
computation with the attention's input part computed once per sequence, and the backward
pass through every step (the tests check both against each other and against finite
differences).
"""

from __future__ import annotations

import numpy as np

from helpers import rnn
from helpers.generators.dates import (
    HUMAN_VOCAB,
    INV_MACHINE_VOCAB,
    MACHINE_VOCAB,
    TX,
    TY,
    preprocess,
)
from helpers.paths import dataset_path
from helpers.rnn import sigmoid

N_A, N_S, N_E = 32, 64, 10
GATES = ("f", "i", "c", "o")
WEIGHTS = "date_model.npz"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


N_X, N_Y = len(HUMAN_VOCAB), len(MACHINE_VOCAB)


def initialize_parameters(seed=0, n_x=N_X, n_a=N_A, n_s=N_S, n_e=N_E, n_y=N_Y, dtype=np.float32):
    """Glorot-uniform weights, zero biases (the forget gates' biases 1), as Keras initialises them."""
    rng = np.random.default_rng(seed)

    def glorot(n_out, n_in):
        limit = np.sqrt(6 / (n_in + n_out))
        return rng.uniform(-limit, limit, (n_out, n_in)).astype(dtype)

    p = {}
    for direction in ("fw", "bw"):
        for g in GATES:
            p[f"W{g}_{direction}"] = glorot(n_a, n_a + n_x)
            p[f"b{g}_{direction}"] = np.full((n_a, 1), 1.0 if g == "f" else 0.0, dtype)
    p["W1"], p["b1"] = glorot(n_e, 2 * n_a + n_s), np.zeros(n_e, dtype)
    p["W2"], p["b2"] = glorot(1, n_e), np.zeros(1, dtype)
    for g in GATES:
        p["W" + g] = glorot(n_s, n_s + 2 * n_a)
        p["b" + g] = np.full(n_s, 1.0 if g == "f" else 0.0, dtype)
    p["Wy"], p["by"] = glorot(n_y, n_s), np.zeros(n_y, dtype)
    return p


# ----------------------------------------------------------------------------------------------
# Encoder: a bidirectional LSTM on helpers.rnn


def _direction(parameters, direction):
    return {f"{k}{g}": parameters[f"{k}{g}_{direction}"] for k in ("W", "b") for g in GATES}


def bidirectional_encoder(Xoh, parameters):
    """
    The encoder's hidden states.

    Xoh -- one-hot inputs, (m, T_x, n_x)
    Returns a -- (m, T_x, 2 n_a): at each step the forward LSTM's state, then the backward one's
            cache -- for bidirectional_encoder_backward
    """
    x = np.ascontiguousarray(np.transpose(Xoh, (2, 0, 1)))        # (n_x, m, T_x), helpers.rnn's layout
    n_a = parameters["Wf_fw"].shape[0]
    a0 = np.zeros((n_a, x.shape[1]), dtype=np.result_type(x, parameters["Wf_fw"]))
    a_fw, _, _, cache_fw = rnn.lstm_sequence_forward(x, a0, _direction(parameters, "fw"))
    a_bw, _, _, cache_bw = rnn.lstm_sequence_forward(x[:, :, ::-1], a0, _direction(parameters, "bw"))
    a = np.concatenate([a_fw, a_bw[:, :, ::-1]], axis=0)            # (2 n_a, m, T_x)
    return np.ascontiguousarray(np.transpose(a, (1, 2, 0))), (cache_fw, cache_bw, n_a)


def bidirectional_encoder_backward(da, cache):
    """The encoder's parameter gradients ("dWf_fw", ...) from da, the gradient of a, (m, T_x, 2 n_a)."""
    cache_fw, cache_bw, n_a = cache
    da = np.transpose(da, (2, 0, 1))                                 # (2 n_a, m, T_x)
    grads = {}
    for direction, part, c in (("fw", da[:n_a], cache_fw), ("bw", da[n_a:, :, ::-1], cache_bw)):
        g = rnn.lstm_sequence_backward(np.ascontiguousarray(part), c)
        grads.update({f"d{k}{gate}_{direction}": g[f"d{k}{gate}"] for k in ("W", "b") for gate in GATES})
    return grads


# ----------------------------------------------------------------------------------------------
# The readable model (what the learner writes)


def one_step_attention(a, s_prev, parameters):
    """
    One attention step: the context for the next output.

    a -- encoder states, (m, T_x, 2 n_a); s_prev -- the decoder's previous state, (m, n_s)
    Returns context (m, 1, 2 n_a) and cache (a, s_prev, concat, e, energies, alphas, parameters)
    """
    T_x = a.shape[1]
    s_rep = np.repeat(s_prev[:, None, :], T_x, axis=1)                 # (m, T_x, n_s)
    concat = np.concatenate([a, s_rep], axis=-1)                        # (m, T_x, 2 n_a + n_s)
    e = np.tanh(concat @ parameters["W1"].T + parameters["b1"])         # (m, T_x, n_e)
    energies = np.maximum(e @ parameters["W2"].T + parameters["b2"], 0)  # (m, T_x, 1)
    alphas = softmax(energies, axis=1)                                  # over the T_x input steps
    context = np.sum(alphas * a, axis=1, keepdims=True)                 # (m, 1, 2 n_a)
    return context, (a, s_prev, concat, e, energies, alphas, parameters)


def one_step_attention_backward(dcontext, cache):
    """
    The backward pass of one_step_attention.

    dcontext -- gradient of the loss with respect to the context, (m, 1, 2 n_a)
    Returns da (m, T_x, 2 n_a), ds_prev (m, n_s), gradients {"dW1", "db1", "dW2", "db2"}
    """
    a, s_prev, concat, e, energies, alphas, parameters = cache
    n_2a = a.shape[2]
    dalphas = np.sum(dcontext * a, axis=2, keepdims=True)               # (m, T_x, 1)
    da = alphas * dcontext
    denergies = alphas * (dalphas - np.sum(alphas * dalphas, axis=1, keepdims=True))
    dz2 = denergies * (energies > 0)
    dW2 = np.einsum("mti,mtj->ij", dz2, e)
    db2 = dz2.sum(axis=(0, 1))
    dz1 = (dz2 @ parameters["W2"]) * (1 - e ** 2)
    dW1 = np.einsum("mti,mtj->ij", dz1, concat)
    db1 = dz1.sum(axis=(0, 1))
    dconcat = dz1 @ parameters["W1"]
    da = da + dconcat[..., :n_2a]
    ds_prev = dconcat[..., n_2a:].sum(axis=1)
    return da, ds_prev, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def lstm_cell(x, s_prev, c_prev, parameters):
    """
    The decoder's LSTM cell, batch first.

    x -- input (m, n_in); s_prev, c_prev -- (m, n_s); the gates act on [s_prev; x]
    Returns s_next, c_next (m, n_s) and a cache for lstm_cell_backward
    """
    z = np.concatenate([s_prev, x], axis=1)
    f = sigmoid(z @ parameters["Wf"].T + parameters["bf"])
    i = sigmoid(z @ parameters["Wi"].T + parameters["bi"])
    cc = np.tanh(z @ parameters["Wc"].T + parameters["bc"])
    o = sigmoid(z @ parameters["Wo"].T + parameters["bo"])
    c_next = f * c_prev + i * cc
    s_next = o * np.tanh(c_next)
    return s_next, c_next, (z, c_prev, f, i, cc, o, c_next)


def lstm_cell_backward(ds_next, dc_next, cache, parameters):
    """Gradients of lstm_cell: dx, ds_prev, dc_prev and {"dWf", ..., "dbo"}."""
    z, c_prev, f, i, cc, o, c_next = cache
    n_s = c_prev.shape[1]
    tanh_c = np.tanh(c_next)
    dc = dc_next + ds_next * o * (1 - tanh_c ** 2)
    dgates = {"f": dc * c_prev * f * (1 - f), "i": dc * cc * i * (1 - i),
              "c": dc * i * (1 - cc ** 2), "o": ds_next * tanh_c * o * (1 - o)}
    grads, dz = {}, 0
    for g, d in dgates.items():
        grads["dW" + g] = d.T @ z
        grads["db" + g] = d.sum(axis=0)
        dz = dz + d @ parameters["W" + g]
    return dz[:, n_s:], dz[:, :n_s], dc * f, grads


def decoder_step(a, s_prev, c_prev, parameters):
    """
    One output step: attention, the decoder LSTM, the softmax output.

    Returns y_hat (m, n_y), s_next (m, n_s), c_next (m, n_s), alphas (m, T_x, 1)
    """
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, parameters)
    y_hat = softmax(s_next @ parameters["Wy"].T + parameters["by"])
    return y_hat, s_next, c_next, cache[5]


def model_forward(Xoh, parameters, Ty=TY):
    """
    The model's forward pass.

    Xoh -- one-hot inputs, (m, T_x, n_x)
    Returns Y_hat (m, Ty, n_y): the output probabilities; attention (m, Ty, T_x): the weights
    """
    a, _ = bidirectional_encoder(Xoh, parameters)
    m, n_s = Xoh.shape[0], parameters["Wf"].shape[0]
    s = np.zeros((m, n_s), dtype=a.dtype)
    c = np.zeros((m, n_s), dtype=a.dtype)
    outputs, weights = [], []
    for _ in range(Ty):
        y_hat, s, c, alphas = decoder_step(a, s, c, parameters)
        outputs.append(y_hat)
        weights.append(alphas[:, :, 0])
    return np.stack(outputs, axis=1), np.stack(weights, axis=1)


# ----------------------------------------------------------------------------------------------
# Training path: forward with caches, backward through every step


def loss_and_gradients(Xoh, Y, parameters, Ty=TY):
    """
    The mean cross-entropy over examples and output steps, and its gradients.

    Xoh -- (m, T_x, n_x) one-hot inputs; Y -- (m, Ty) indices of the right characters
    Returns loss (float), gradients {"d" + name: array of the parameter's shape}, Y_hat (m, Ty, n_y)
    """
    p = parameters
    a, enc_cache = bidirectional_encoder(Xoh, p)
    m, T_x, n_2a = a.shape
    n_s = p["Wf"].shape[0]
    W1a, W1s = p["W1"][:, :n_2a], p["W1"][:, n_2a:]
    a_part = a @ W1a.T + p["b1"]                                  # the input part, once per sequence
    s = np.zeros((m, n_s), dtype=a.dtype)
    c = np.zeros((m, n_s), dtype=a.dtype)
    steps, Y_hat = [], []
    for _ in range(Ty):
        e = np.tanh(a_part + (s @ W1s.T)[:, None, :])
        energies = np.maximum(e @ p["W2"].T + p["b2"], 0)
        alphas = softmax(energies, axis=1)
        context = np.sum(alphas * a, axis=1)
        s_next, c_next, lstm_cache = lstm_cell(context, s, c, p)
        y_hat = softmax(s_next @ p["Wy"].T + p["by"])
        steps.append((s, e, energies, alphas, lstm_cache, s_next))
        Y_hat.append(y_hat)
        s, c = s_next, c_next
    Y_hat = np.stack(Y_hat, axis=1)
    picked = np.take_along_axis(Y_hat, Y[:, :, None], axis=2)[:, :, 0]
    loss = float(-np.mean(np.log(np.maximum(picked, 1e-12))))

    grads = {"d" + k: np.zeros_like(v) for k, v in p.items()}
    dz_all = Y_hat.copy()
    np.put_along_axis(dz_all, Y[:, :, None], np.take_along_axis(dz_all, Y[:, :, None], axis=2) - 1, axis=2)
    dz_all /= m * Ty
    da = np.zeros_like(a)
    da_part = np.zeros_like(a_part)
    ds, dc = np.zeros((m, n_s), a.dtype), np.zeros((m, n_s), a.dtype)
    for t in reversed(range(Ty)):
        s_prev, e, energies, alphas, lstm_cache, s_next = steps[t]
        dz = dz_all[:, t]
        grads["dWy"] += dz.T @ s_next
        grads["dby"] += dz.sum(axis=0)
        ds = ds + dz @ p["Wy"]
        dcontext, ds_prev, dc, g = lstm_cell_backward(ds, dc, lstm_cache, p)
        for k, v in g.items():
            grads[k] += v
        dalphas = np.sum(dcontext[:, None, :] * a, axis=2, keepdims=True)
        da += alphas * dcontext[:, None, :]
        dz2 = alphas * (dalphas - np.sum(alphas * dalphas, axis=1, keepdims=True)) * (energies > 0)
        grads["dW2"] += np.einsum("mti,mtj->ij", dz2, e)
        grads["db2"] += dz2.sum(axis=(0, 1))
        dz1 = (dz2 @ p["W2"]) * (1 - e ** 2)                     # (m, T_x, n_e)
        da_part += dz1
        ds_from_attention = dz1.sum(axis=1)                       # (m, n_e)
        grads["dW1"][:, n_2a:] += ds_from_attention.T @ s_prev
        ds = ds_prev + ds_from_attention @ W1s
    grads["dW1"][:, :n_2a] += np.einsum("mti,mtj->ij", da_part, a)
    grads["db1"] += da_part.sum(axis=(0, 1))
    da += da_part @ W1a
    grads.update(bidirectional_encoder_backward(da, enc_cache))
    return loss, grads, Y_hat


# ----------------------------------------------------------------------------------------------
# Using the model


def translate(texts, parameters, batch=500):
    """The ISO dates the model writes for human-readable dates (a list of strings)."""
    out = []
    for start in range(0, len(texts), batch):
        _, _, Xoh, _ = preprocess([(t, "0000-00-00") for t in texts[start:start + batch]])
        Y_hat, _ = model_forward(Xoh.astype(np.float32), parameters)
        out += ["".join(INV_MACHINE_VOCAB[int(i)] for i in row) for row in Y_hat.argmax(axis=2)]
    return out


def load_date_model(path=None):
    """The trained parameters (datasets/date_model.npz), float32."""
    with np.load(path or dataset_path(WEIGHTS), allow_pickle=False) as f:
        return {k: f[k] for k in f.files if not k.startswith("_")}


__all__ = ["N_A", "N_E", "N_S", "TX", "TY", "bidirectional_encoder", "decoder_step", "initialize_parameters",
           "load_date_model", "loss_and_gradients", "lstm_cell", "model_forward", "one_step_attention",
           "one_step_attention_backward", "translate"]
