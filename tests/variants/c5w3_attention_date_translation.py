"""Variants of c5w3-attention-date-translation."""

import numpy as np

from helpers import date_model as library
from helpers.date_model import bidirectional_encoder, lstm_cell, softmax
from variants import Variants

VARIANTS = Variants("c5w3-attention-date-translation")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# The callees, looked up in this module's namespace (the checks stand in for them here)
def one_step_attention(a, s_prev, parameters):
    T_x = a.shape[1]
    concat = np.concatenate([a, np.repeat(s_prev[:, None, :], T_x, axis=1)], axis=-1)
    e = np.tanh(concat @ parameters["W1"].T + parameters["b1"])
    energies = np.maximum(e @ parameters["W2"].T + parameters["b2"], 0)
    alphas = softmax(energies, axis=1)
    return np.sum(alphas * a, axis=1, keepdims=True), (a, s_prev, concat, e, energies, alphas, parameters)


def decoder_step(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, parameters)
    return softmax(s_next @ parameters["Wy"].T + parameters["by"]), s_next, c_next, cache[5]


# Wrong callees (with the parameter names of the right ones): a caller that uses them must still pass
def attention_with_the_mean(a, s_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    return np.mean(a, axis=1, keepdims=True), cache


def decoder_step_from_the_old_state(a, s_prev, c_prev, parameters):
    y_hat, s_next, c_next, alphas = decoder_step(a, s_prev, c_prev, parameters)
    return y_hat, s_prev, c_prev, alphas


# ----------------------------------------------------------------------------------------------
# one_step_attention


@ok("one_step_attention")
def one_step_attention_loops(a, s_prev, parameters):
    # one example and one input step at a time
    p = parameters
    m, T_x, n_2a = a.shape
    n_e = p["W1"].shape[0]
    concat = np.zeros((m, T_x, n_2a + s_prev.shape[1]), dtype=np.result_type(a, s_prev))
    e = np.zeros((m, T_x, n_e), dtype=concat.dtype)
    energies = np.zeros((m, T_x, 1), dtype=concat.dtype)
    for i in range(m):
        for t in range(T_x):
            concat[i, t] = np.concatenate([a[i, t], s_prev[i]])
            e[i, t] = np.tanh(np.dot(p["W1"], concat[i, t]) + p["b1"])
            energies[i, t, 0] = max(float(np.dot(p["W2"][0], e[i, t]) + p["b2"][0]), 0.0)
    alphas = np.exp(energies - energies.max(axis=1, keepdims=True))
    alphas = alphas / alphas.sum(axis=1, keepdims=True)
    context = np.zeros((m, 1, n_2a), dtype=concat.dtype)
    for i in range(m):
        for t in range(T_x):
            context[i, 0] += alphas[i, t, 0] * a[i, t]
    return context, (a, s_prev, concat, e, energies, alphas, parameters)


@ok("one_step_attention")
def one_step_attention_einsum(a, s_prev, parameters):
    p = parameters
    s_rep = np.broadcast_to(s_prev[:, None, :], (a.shape[0], a.shape[1], s_prev.shape[1]))
    concat = np.concatenate((a, s_rep), axis=2)
    e = np.tanh(np.einsum("mtk,ek->mte", concat, p["W1"]) + p["b1"])
    energies = np.maximum(np.einsum("mte,oe->mto", e, p["W2"]) + p["b2"], 0)
    alphas = softmax(energies, axis=1)
    context = np.einsum("mto,mtk->mok", alphas, a)
    return context, (a, s_prev, concat, e, energies, alphas, parameters)


@wrong("one_step_attention", "softmax over the input steps, axis=1")
def one_step_attention_softmax_last_axis(a, s_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    alphas = softmax(cache[4], axis=-1)
    return np.sum(alphas * a, axis=1, keepdims=True), cache[:5] + (alphas, parameters)


@wrong("one_step_attention", "a first")
def one_step_attention_s_first(a, s_prev, parameters):
    p = parameters
    concat = np.concatenate([np.repeat(s_prev[:, None, :], a.shape[1], axis=1), a], axis=-1)
    e = np.tanh(concat @ p["W1"].T + p["b1"])
    energies = np.maximum(e @ p["W2"].T + p["b2"], 0)
    alphas = softmax(energies, axis=1)
    return np.sum(alphas * a, axis=1, keepdims=True), (a, s_prev, concat, e, energies, alphas, parameters)


@wrong("one_step_attention", "ReLU")
def one_step_attention_without_relu(a, s_prev, parameters):
    p = parameters
    concat = np.concatenate([a, np.repeat(s_prev[:, None, :], a.shape[1], axis=1)], axis=-1)
    e = np.tanh(concat @ p["W1"].T + p["b1"])
    energies = e @ p["W2"].T + p["b2"]
    alphas = softmax(energies, axis=1)
    return np.sum(alphas * a, axis=1, keepdims=True), (a, s_prev, concat, e, energies, alphas, parameters)


@wrong("one_step_attention", "reference implementation")
def one_step_attention_through_the_library(a, s_prev, parameters):
    return library.one_step_attention(a, s_prev, parameters)


# ----------------------------------------------------------------------------------------------
# one_step_attention_backward


def _backward(dcontext, cache, jacobian=True, relu_mask=True, through_concat=True, dtype=None):
    a, s_prev, concat, e, energies, alphas, p = cache
    n_2a = a.shape[2]
    dalphas = (dcontext * a).sum(axis=2, keepdims=True)
    da = alphas * dcontext
    denergies = alphas * (dalphas - (alphas * dalphas).sum(axis=1, keepdims=True)) if jacobian else alphas * dalphas
    dz2 = np.where(energies > 0, denergies, 0) if relu_mask else denergies
    dz1 = np.dot(dz2, p["W2"]) * (1 - np.square(e))
    dconcat = np.dot(dz1, p["W1"])
    if through_concat:
        da = da + dconcat[:, :, :n_2a]
    m_t = -1
    grads = {"dW1": dz1.reshape(m_t, dz1.shape[2]).T @ concat.reshape(m_t, concat.shape[2]),
             "db1": dz1.reshape(m_t, dz1.shape[2]).sum(axis=0),
             "dW2": dz2.reshape(m_t, 1).T @ e.reshape(m_t, e.shape[2]),
             "db2": dz2.reshape(m_t).sum(keepdims=True)}
    return da, dconcat[:, :, n_2a:].sum(axis=1), grads


@ok("one_step_attention_backward")
def backward_reshaped(dcontext, cache):
    # the weight gradients as one matrix product over all (example, step) rows
    return _backward(dcontext, cache)


@ok("one_step_attention_backward")
def backward_loops(dcontext, cache):
    a, s_prev, concat, e, energies, alphas, p = cache
    m, T_x, n_2a = a.shape
    da, ds_prev = np.zeros_like(a), np.zeros_like(s_prev)
    grads = {"dW1": np.zeros_like(p["W1"]), "db1": np.zeros_like(p["b1"]),
             "dW2": np.zeros_like(p["W2"]), "db2": np.zeros_like(p["b2"])}
    for i in range(m):
        dalpha = a[i] @ dcontext[i, 0]                       # (T_x,)
        weights = alphas[i, :, 0]
        jac = np.diag(weights) - np.outer(weights, weights)   # the softmax's Jacobian
        denergy = jac @ dalpha
        for t in range(T_x):
            da[i, t] += weights[t] * dcontext[i, 0]
            dz2 = denergy[t] if energies[i, t, 0] > 0 else 0.0
            grads["dW2"][0] += dz2 * e[i, t]
            grads["db2"][0] += dz2
            dz1 = dz2 * p["W2"][0] * (1 - e[i, t] ** 2)
            grads["dW1"] += np.outer(dz1, concat[i, t])
            grads["db1"] += dz1
            dconcat = p["W1"].T @ dz1
            da[i, t] += dconcat[:n_2a]
            ds_prev[i] += dconcat[n_2a:]
    return da, ds_prev, grads


@wrong("one_step_attention_backward", "the sum term is missing")
def backward_without_the_jacobian_term(dcontext, cache):
    return _backward(dcontext, cache, jacobian=False)


@wrong("one_step_attention_backward", "(energies > 0)")
def backward_without_the_relu(dcontext, cache):
    return _backward(dcontext, cache, relu_mask=False)


@wrong("one_step_attention_backward", "through the concatenation")
def backward_only_through_the_sum(dcontext, cache):
    return _backward(dcontext, cache, through_concat=False)


# ----------------------------------------------------------------------------------------------
# decoder_step


@ok("decoder_step")
def decoder_step_plain(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, parameters)
    z = np.dot(s_next, parameters["Wy"].T) + parameters["by"]
    y_hat = np.exp(z - z.max(axis=1, keepdims=True))
    return y_hat / y_hat.sum(axis=1, keepdims=True), s_next, c_next, cache[5]


@ok("decoder_step", callees={"one_step_attention": attention_with_the_mean})
def decoder_step_with_a_wrong_attention(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context.reshape(context.shape[0], -1), s_prev, c_prev, parameters)
    return softmax(s_next @ parameters["Wy"].T + parameters["by"], axis=-1), s_next, c_next, cache[-2]


@wrong("decoder_step", "the hidden state s first")
def decoder_step_states_swapped(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], c_prev, s_prev, parameters)
    return softmax(s_next @ parameters["Wy"].T + parameters["by"]), s_next, c_next, cache[5]


@wrong("decoder_step", "from the new state s_next")
def decoder_step_output_from_s_prev(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, parameters)
    return softmax(s_prev @ parameters["Wy"].T + parameters["by"]), s_next, c_next, cache[5]


@wrong("decoder_step", "over the n_y characters")
def decoder_step_softmax_over_examples(a, s_prev, c_prev, parameters):
    context, cache = one_step_attention(a, s_prev, parameters)
    s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, parameters)
    return softmax(s_next @ parameters["Wy"].T + parameters["by"], axis=0), s_next, c_next, cache[5]


# ----------------------------------------------------------------------------------------------
# model_forward


@ok("model_forward")
def model_forward_preallocated(Xoh, parameters, Ty=10):
    a, _ = bidirectional_encoder(Xoh, parameters)
    m, T_x = a.shape[:2]
    n_s, n_y = parameters["Wf"].shape[0], parameters["Wy"].shape[0]
    s, c = np.zeros((m, n_s), a.dtype), np.zeros((m, n_s), a.dtype)
    Y_hat, attention = np.zeros((m, Ty, n_y), a.dtype), np.zeros((m, Ty, T_x), a.dtype)
    for t in range(Ty):
        Y_hat[:, t], s, c, alphas = decoder_step(a, s, c, parameters)
        attention[:, t] = alphas[..., 0]
    return Y_hat, attention


@ok("model_forward", callees={"decoder_step": decoder_step_from_the_old_state})
def model_forward_with_a_wrong_step(Xoh, parameters, Ty=10):
    a, _ = bidirectional_encoder(Xoh, parameters)
    state = (np.zeros((Xoh.shape[0], parameters["Wf"].shape[0])),) * 2
    outputs = []
    for _ in range(Ty):
        y_hat, s, c, alphas = decoder_step(a, *state, parameters)
        state = (s, c)
        outputs.append((y_hat, alphas.squeeze(-1)))
    return np.stack([y for y, _ in outputs], 1), np.stack([w for _, w in outputs], 1)


@wrong("model_forward", "s, c = s_next, c_next")
def model_forward_from_zeros_every_step(Xoh, parameters, Ty=10):
    a, _ = bidirectional_encoder(Xoh, parameters)
    zeros = np.zeros((Xoh.shape[0], parameters["Wf"].shape[0]))
    steps = [decoder_step(a, zeros, zeros, parameters) for _ in range(Ty)]
    return np.stack([y for y, *_ in steps], 1), np.stack([w[..., 0] for *_, w in steps], 1)


@wrong("model_forward", "attention has shape (m, Ty, T_x)")
def model_forward_attention_transposed(Xoh, parameters, Ty=10):
    a, _ = bidirectional_encoder(Xoh, parameters)
    s = c = np.zeros((Xoh.shape[0], parameters["Wf"].shape[0]))
    outputs, weights = [], []
    for _ in range(Ty):
        y_hat, s, c, alphas = decoder_step(a, s, c, parameters)
        outputs.append(y_hat)
        weights.append(alphas[:, :, 0])
    return np.stack(outputs, axis=1), np.stack(weights, axis=2)


@wrong("model_forward", "reference implementation")
def model_forward_through_the_library(Xoh, parameters, Ty=10):
    return library.model_forward(Xoh, parameters, Ty)
