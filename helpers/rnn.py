"""Vectorised recurrent layers over a whole sequence: a plain RNN and an LSTM.

These are the course's library layers for Part 4, as ``helpers.fast_layers`` is for Part 3:
the RNN notebook has the learner write the same computations one cell and one step at a
time, checks that both agree, and the later notebooks train with these.

The layout and the parameters are the classic assignment's:

    x  -- inputs, (n_x, m, T_x): column i of x[:, :, t] is example i at time step t
    a0 -- initial hidden state, (n_a, m); the LSTM's initial memory cell is zero
    a  -- hidden states, (n_a, m, T_x); y_pred -- softmax outputs, (n_y, m, T_x)

    RNN:  a<t> = tanh(Waa a<t-1> + Wax x<t> + ba),  y<t> = softmax(Wya a<t> + by)
          Wax (n_a, n_x), Waa (n_a, n_a), ba (n_a, 1), Wya (n_y, n_a), by (n_y, 1)
    LSTM: the gates act on the concatenation [a<t-1>; x<t>] of shape (n_a + n_x, m):
          f = sigmoid(Wf [a; x] + bf), i = sigmoid(Wi [a; x] + bi), o = sigmoid(Wo [a; x] + bo),
          c~ = tanh(Wc [a; x] + bc), c<t> = f * c<t-1> + i * c~, a<t> = o * tanh(c<t>),
          y<t> = softmax(Wy a<t> + by)
          Wf, Wi, Wc, Wo (n_a, n_a + n_x), bf, bi, bc, bo (n_a, 1), Wy (n_y, n_a), by (n_y, 1)

    rnn_sequence_forward(x, a0, parameters) -> (a, y_pred, cache)
    rnn_sequence_backward(da, cache, dz=None) -> {"dx", "da0", "dWax", "dWaa", "dba"[, "dWya", "dby"]}
    lstm_sequence_forward(x, a0, parameters) -> (a, y_pred, c, cache)
    lstm_sequence_backward(da, cache, dz=None) -> {"dx", "da0", "dWf", ..., "dbo"[, "dWy", "dby"]}

``da`` is the gradient of the loss with respect to the hidden states that comes from
outside the recurrence (from the outputs, say), at every step; the gradient that flows back
from step t+1 to step t is added inside. With ``dz``, the gradient of the loss with respect
to the output scores z<t> = Wya a<t> + by (before the softmax; for the cross-entropy loss it is
``y_pred - y``), the backward pass also goes through the output layer: it adds the
gradient that reaches the hidden states from the outputs to ``da`` and returns the
gradients of the output weights too.

How it is fast: the inputs' contribution to every step is one matrix product over the
whole sequence before the loop; the LSTM's four gates are one stacked matrix, so each step
is one matrix product of the hidden state (the loop over time is unavoidable: the
recurrence is sequential); backward, the gradients of all steps are stored and the weight
gradients and dx come from one matrix product each after the loop. Internally the arrays
are laid out (n, T_x, m), so that all the steps side by side are one matrix, (n, T_x * m),
and each step's slice [:, t] is rows of m contiguous values.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), element-wise, without overflow for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def softmax(x):
    """Softmax over axis 0: each column (one example) becomes a probability distribution."""
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _step_major(x):
    """(n, m, T) -> contiguous (n, T, m): the slice [:, t] of one step is rows of m contiguous values."""
    return np.ascontiguousarray(np.swapaxes(x, 1, 2))


def _example_major(h):
    """(n, T, m) -> contiguous (n, m, T), the classic layout."""
    return np.ascontiguousarray(np.swapaxes(h, 1, 2))


def _flat(h):
    """(n, T, m) -> (n, T * m): all steps side by side, for one matrix product over the sequence."""
    return h.reshape(h.shape[0], -1)


def _outputs(W_y, b_y, a):
    """softmax(W_y a<t> + b_y) for every step: (n_y, m, T) from a of shape (n_a, m, T)."""
    n_a, m, T = a.shape
    z = (W_y @ a.reshape(n_a, m * T)).reshape(W_y.shape[0], m, T) + b_y[:, :, None]
    return softmax(z)


def _through_outputs(da, dz, W_y, a):
    """Add the gradient that reaches the hidden states from the outputs; the output layer's gradients."""
    n_a, m, T = a.shape
    n_y = W_y.shape[0]
    dz2 = dz.reshape(n_y, m * T)
    da = da + (W_y.T @ dz2).reshape(n_a, m, T)
    return da, dz2 @ a.reshape(n_a, m * T).T, dz2.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------------------------
# Plain RNN


def rnn_sequence_forward(x, a0, parameters):
    """
    The forward pass of a tanh RNN over a whole sequence.

    x -- inputs, (n_x, m, T_x)
    a0 -- initial hidden state, (n_a, m)
    parameters -- dict with "Wax" (n_a, n_x), "Waa" (n_a, n_a), "ba" (n_a, 1),
                  "Wya" (n_y, n_a), "by" (n_y, 1)
    Returns:
    a -- hidden states, (n_a, m, T_x)
    y_pred -- softmax outputs, (n_y, m, T_x)
    cache -- for rnn_sequence_backward
    """
    Waa = parameters["Waa"]
    n_x, m, T = x.shape
    xs = _step_major(x)
    pre = (parameters["Wax"] @ _flat(xs) + parameters["ba"]).reshape(-1, T, m)
    h = np.empty(pre.shape, dtype=np.result_type(pre, a0))
    a_prev = a0
    for t in range(T):
        a_prev = np.tanh(pre[:, t] + Waa @ a_prev)
        h[:, t] = a_prev
    a = _example_major(h)
    y_pred = _outputs(parameters["Wya"], parameters["by"], a)
    return a, y_pred, (xs, a0, h, a, parameters)


def rnn_sequence_backward(da, cache, dz=None):
    """
    The backward pass of rnn_sequence_forward.

    da -- gradient of the loss with respect to the hidden states from outside the recurrence,
          (n_a, m, T_x); the gradient from step t+1 to step t is added here
    cache -- from rnn_sequence_forward
    dz -- optional, gradient of the loss with respect to the output scores Wya a<t> + by,
          (n_y, m, T_x)
    Returns a dict of gradients: "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax", "dWaa", "dba"
    (shapes of the parameters), and "dWya", "dby" when dz is given
    """
    xs, a0, h, a, parameters = cache
    Wax, Waa = parameters["Wax"], parameters["Waa"]
    output_gradients = {}
    if dz is not None:
        da, output_gradients["dWya"], output_gradients["dby"] = _through_outputs(
            da, dz, parameters["Wya"], a)
    da = _step_major(da)
    n_a, T, m = h.shape
    dpre = np.empty_like(h)                       # gradient of tanh's input at every step
    carried = np.zeros((n_a, m), dtype=h.dtype)   # gradient from step t+1 to a<t>
    for t in reversed(range(T)):
        dpre[:, t] = (da[:, t] + carried) * (1 - h[:, t] ** 2)
        carried = Waa.T @ dpre[:, t]
    previous = np.concatenate([a0[:, None, :].astype(h.dtype), h[:, :-1]], axis=1)   # a<t-1>
    gradients = {
        "dx": _example_major((Wax.T @ _flat(dpre)).reshape(-1, T, m)),
        "da0": carried,
        "dWax": _flat(dpre) @ _flat(xs).T,
        "dWaa": _flat(dpre) @ _flat(previous).T,
        "dba": _flat(dpre).sum(axis=1, keepdims=True),
    }
    gradients.update(output_gradients)
    return gradients


# ----------------------------------------------------------------------------------------------
# LSTM

GATES = ("f", "i", "o", "c")   # the order of the stacked gates: the three sigmoids, then tanh


def _stacked(parameters, n_a):
    """The gates' weights stacked: W_h (4 n_a, n_a) for a<t-1>, W_x (4 n_a, n_x) for x<t>, b."""
    W = np.concatenate([parameters["W" + g] for g in GATES])
    b = np.concatenate([parameters["b" + g] for g in GATES])
    return W[:, :n_a], W[:, n_a:], b


def lstm_sequence_forward(x, a0, parameters):
    """
    The forward pass of an LSTM over a whole sequence; the memory cell starts at zero.

    x -- inputs, (n_x, m, T_x)
    a0 -- initial hidden state, (n_a, m)
    parameters -- dict with "Wf", "Wi", "Wc", "Wo" (n_a, n_a + n_x), acting on [a<t-1>; x<t>],
                  "bf", "bi", "bc", "bo" (n_a, 1), and optionally "Wy" (n_y, n_a), "by" (n_y, 1)
    Returns:
    a -- hidden states, (n_a, m, T_x)
    y_pred -- softmax outputs, (n_y, m, T_x); None without "Wy"
    c -- memory cells, (n_a, m, T_x)
    cache -- for lstm_sequence_backward
    """
    n_a = a0.shape[0]
    n_x, m, T = x.shape
    W_h, W_x, b = _stacked(parameters, n_a)
    xs = _step_major(x)
    gates = (W_x @ _flat(xs) + b).reshape(4 * n_a, T, m)   # input part, then the gates in place
    if gates.dtype != np.result_type(gates, a0):
        gates = gates.astype(np.result_type(gates, a0))
    h = np.empty((n_a, T, m), dtype=gates.dtype)
    cells = np.empty_like(h)
    tanh_cells = np.empty_like(h)
    a_prev, c_prev = a0, np.zeros((n_a, m), dtype=gates.dtype)
    sigmoids = slice(0, 3 * n_a)
    for t in range(T):
        g = gates[:, t]
        g += W_h @ a_prev
        g[sigmoids] = sigmoid(g[sigmoids])
        g[3 * n_a:] = np.tanh(g[3 * n_a:])
        f, i, o, cc = g[:n_a], g[n_a:2 * n_a], g[2 * n_a:3 * n_a], g[3 * n_a:]
        c_prev = f * c_prev + i * cc
        cells[:, t] = c_prev
        tanh_cells[:, t] = np.tanh(c_prev)
        a_prev = o * tanh_cells[:, t]
        h[:, t] = a_prev
    a = _example_major(h)
    # an LSTM without an output layer (an encoder, say) has no "Wy": y_pred is None
    y_pred = _outputs(parameters["Wy"], parameters["by"], a) if "Wy" in parameters else None
    cache = (xs, a0, h, a, cells, tanh_cells, gates, parameters)
    return a, y_pred, _example_major(cells), cache


def lstm_sequence_backward(da, cache, dz=None):
    """
    The backward pass of lstm_sequence_forward.

    da -- gradient of the loss with respect to the hidden states from outside the recurrence,
          (n_a, m, T_x); the gradients from step t+1 to step t (through a<t> and c<t>) are
          added here
    cache -- from lstm_sequence_forward
    dz -- optional, gradient of the loss with respect to the output scores Wy a<t> + by,
          (n_y, m, T_x)
    Returns a dict of gradients: "dx" (n_x, m, T_x), "da0" (n_a, m), "dWf", "dWi", "dWc",
    "dWo", "dbf", "dbi", "dbc", "dbo" (shapes of the parameters), and "dWy", "dby" when dz is
    given
    """
    xs, a0, h, a, cells, tanh_cells, gates, parameters = cache
    n_a, T, m = h.shape
    W_h, W_x, _ = _stacked(parameters, n_a)
    output_gradients = {}
    if dz is not None:
        da, output_gradients["dWy"], output_gradients["dby"] = _through_outputs(
            da, dz, parameters["Wy"], a)
    da = _step_major(da)
    dgates = np.empty_like(gates)                 # gradients of the gates' inputs, every step
    da_carried = np.zeros((n_a, m), dtype=h.dtype)
    dc_carried = np.zeros((n_a, m), dtype=h.dtype)
    zeros = np.zeros((n_a, m), dtype=h.dtype)
    for t in reversed(range(T)):
        g, d = gates[:, t], dgates[:, t]
        f, i, o, cc = g[:n_a], g[n_a:2 * n_a], g[2 * n_a:3 * n_a], g[3 * n_a:]
        c_prev = cells[:, t - 1] if t > 0 else zeros
        tanh_c = tanh_cells[:, t]
        da_t = da[:, t] + da_carried
        dc = dc_carried + da_t * o * (1 - tanh_c ** 2)
        d[:n_a] = dc * c_prev * f * (1 - f)
        d[n_a:2 * n_a] = dc * cc * i * (1 - i)
        d[2 * n_a:3 * n_a] = da_t * tanh_c * o * (1 - o)
        d[3 * n_a:] = dc * i * (1 - cc ** 2)
        da_carried = W_h.T @ d
        dc_carried = dc * f
    previous = np.concatenate([a0[:, None, :].astype(h.dtype), h[:, :-1]], axis=1)
    dW = np.concatenate([_flat(dgates) @ _flat(previous).T, _flat(dgates) @ _flat(xs).T], axis=1)
    db = _flat(dgates).sum(axis=1, keepdims=True)
    gradients = {"dx": _example_major((W_x.T @ _flat(dgates)).reshape(-1, T, m)), "da0": da_carried}
    for k, g in enumerate(GATES):
        gradients["dW" + g] = dW[k * n_a:(k + 1) * n_a]
        gradients["db" + g] = db[k * n_a:(k + 1) * n_a]
    gradients.update(output_gradients)
    return gradients
