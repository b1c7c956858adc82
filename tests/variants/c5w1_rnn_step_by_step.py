"""Variants of c5w1-rnn-step-by-step."""

import numpy as np

from helpers import rnn as sequence_layers
from helpers.rnn import sigmoid, softmax
from variants import Variants

VARIANTS = Variants("c5w1-rnn-step-by-step")
ok, wrong = VARIANTS.ok, VARIANTS.wrong

GATES = ("f", "i", "c", "o")


# The callees, looked up in this module's namespace (the checks stand in for them here)
def rnn_cell_forward(xt, a_prev, parameters):
    p = parameters
    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])
    return a_next, softmax(p["Wya"] @ a_next + p["by"]), (a_next, a_prev, xt, parameters)


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    p = parameters
    concat = np.concatenate([a_prev, xt])
    ft, it, ot = (sigmoid(p["W" + g] @ concat + p["b" + g]) for g in "fio")
    cct = np.tanh(p["Wc"] @ concat + p["bc"])
    c_next = ft * c_prev + it * cct
    a_next = ot * np.tanh(c_next)
    return a_next, c_next, softmax(p["Wy"] @ a_next + p["by"]), \
        (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)


def rnn_cell_backward(da_next, cache):
    a_next, a_prev, xt, p = cache
    dz = da_next * (1 - a_next ** 2)
    return {"dxt": p["Wax"].T @ dz, "da_prev": p["Waa"].T @ dz, "dWax": dz @ xt.T,
            "dWaa": dz @ a_prev.T, "dba": dz.sum(axis=1, keepdims=True)}


def lstm_cell_backward(da_next, dc_next, cache):
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p = cache
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    d = {"f": dc * c_prev * ft * (1 - ft), "i": dc * cct * it * (1 - it),
         "c": dc * it * (1 - cct ** 2), "o": da_next * tanh_c * ot * (1 - ot)}
    concat = np.concatenate([a_prev, xt])
    dconcat = sum(p["W" + g].T @ d[g] for g in GATES)
    grads = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for g in GATES:
        grads["dW" + g] = d[g] @ concat.T
        grads["db" + g] = d[g].sum(axis=1, keepdims=True)
    return grads


# Wrong callees (with the parameter names of the right ones): a caller that uses them must still pass
def rnn_cell_with_sigmoid(xt, a_prev, parameters):
    p = parameters
    a_next = sigmoid(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])
    return a_next, softmax(p["Wya"] @ a_next + p["by"]), (a_next, a_prev, xt, parameters)


def lstm_cell_not_implemented(xt, a_prev, c_prev, parameters):
    raise NotImplementedError()


def rnn_cell_backward_without_tanh(da_next, cache):
    a_next, a_prev, xt, p = cache
    return {"dxt": p["Wax"].T @ da_next, "da_prev": p["Waa"].T @ da_next, "dWax": da_next @ xt.T,
            "dWaa": da_next @ a_prev.T, "dba": da_next.sum(axis=1, keepdims=True)}


def lstm_cell_backward_returns_none(da_next, dc_next, cache):
    return None


# ----------------------------------------------------------------------------------------------
# rnn_cell_forward


def _rnn_cell(xt, a_prev, p, activation=np.tanh, axis=0, bias=True):
    a_next = activation(np.dot(p["Waa"], a_prev) + np.dot(p["Wax"], xt) + (p["ba"] if bias else 0))
    z = np.dot(p["Wya"], a_next) + p["by"]
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return a_next, e / e.sum(axis=axis, keepdims=True), (a_next, a_prev, xt, p)


@ok("rnn_cell_forward")
def rnn_cell_forward_dot(xt, a_prev, parameters):
    return _rnn_cell(xt, a_prev, parameters)


@ok("rnn_cell_forward")
def rnn_cell_forward_stacked(xt, a_prev, parameters):
    # one matrix [Waa Wax] on the stacked [a_prev; xt]
    W = np.hstack([parameters["Waa"], parameters["Wax"]])
    a_next = np.tanh(W @ np.vstack([a_prev, xt]) + parameters["ba"])
    scores = parameters["Wya"] @ a_next + parameters["by"]
    yt_pred = np.exp(scores) / np.sum(np.exp(scores), axis=0)
    return a_next, yt_pred, (a_next, a_prev, xt, parameters)


@ok("rnn_cell_forward")
def rnn_cell_forward_float32(xt, a_prev, parameters):
    p = {k: v.astype(np.float32) for k, v in parameters.items()}
    a_next = np.tanh(p["Waa"] @ a_prev.astype(np.float32) + p["Wax"] @ xt.astype(np.float32) + p["ba"])
    return a_next, softmax(p["Wya"] @ a_next + p["by"]), (a_next, a_prev, xt, parameters)


@wrong("rnn_cell_forward", "reference implementation")  # delegating to the course's layer
def rnn_cell_forward_through_the_layer(xt, a_prev, parameters):
    a, y, _ = sequence_layers.rnn_sequence_forward(xt[:, :, None], a_prev, parameters)
    return a[:, :, 0], y[:, :, 0], (a[:, :, 0], a_prev, xt, parameters)


@wrong("rnn_cell_forward", "not the sigmoid")
def rnn_cell_forward_sigmoid(xt, a_prev, parameters):
    return _rnn_cell(xt, a_prev, parameters, activation=sigmoid)


@wrong("rnn_cell_forward", "over axis 0")
def rnn_cell_forward_softmax_rows(xt, a_prev, parameters):
    return _rnn_cell(xt, a_prev, parameters, axis=1)


@wrong("rnn_cell_forward", "add the bias ba")
def rnn_cell_forward_no_bias(xt, a_prev, parameters):
    return _rnn_cell(xt, a_prev, parameters, bias=False)


@wrong("rnn_cell_forward", "should have 3 items")
def rnn_cell_forward_no_cache(xt, a_prev, parameters):
    return _rnn_cell(xt, a_prev, parameters)[:2]


# ----------------------------------------------------------------------------------------------
# rnn_forward


def _rnn_loop(x, a0, parameters, carry=True, with_x=True):
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a, y_pred, caches = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next if carry else a0, parameters)
        a[:, :, t], y_pred[:, :, t] = a_next, yt_pred
        caches.append(cache)
    return a, y_pred, ((caches, x) if with_x else caches)


@ok("rnn_forward", callees={"rnn_cell_forward": rnn_cell_with_sigmoid})
def rnn_forward_with_a_wrong_cell(x, a0, parameters):
    return _rnn_loop(x, a0, parameters)


@ok("rnn_forward")
def rnn_forward_stacking_lists(x, a0, parameters):
    a_list, y_list, caches = [], [], []
    a_prev = a0
    for t in range(x.shape[2]):
        a_prev, yt, cache = rnn_cell_forward(x[..., t], a_prev, parameters)
        a_list.append(a_prev)
        y_list.append(yt)
        caches.append(cache)
    return np.stack(a_list, axis=-1), np.stack(y_list, axis=-1), (caches, x)


@ok("rnn_forward")
def rnn_forward_inline(x, a0, parameters):
    # without calling the cell: the same computation written out
    p = parameters
    a_prev, a, y, caches = a0, [], [], []
    for t in range(x.shape[2]):
        a_next = np.tanh(np.dot(p["Wax"], x[:, :, t]) + np.dot(p["Waa"], a_prev) + p["ba"])
        a.append(a_next)
        y.append(softmax(np.dot(p["Wya"], a_next) + p["by"]))
        caches.append((a_next, a_prev, x[:, :, t], p))
        a_prev = a_next
    return np.dstack(a), np.dstack(y), (caches, x)


@wrong("rnn_forward", "reference implementation")
def rnn_forward_through_the_layer(x, a0, parameters):
    a, y_pred, _ = sequence_layers.rnn_sequence_forward(x, a0, parameters)
    return a, y_pred, _rnn_loop(x, a0, parameters)[2]


@wrong("rnn_forward", "a0 is the hidden state before the first step only")
def rnn_forward_always_from_a0(x, a0, parameters):
    return _rnn_loop(x, a0, parameters, carry=False)


@wrong("rnn_forward", "caches = (list of the caches of the steps, x)")
def rnn_forward_caches_without_x(x, a0, parameters):
    return _rnn_loop(x, a0, parameters, with_x=False)


# ----------------------------------------------------------------------------------------------
# lstm_cell_forward


def _lstm_cell(xt, a_prev, c_prev, p, x_first=False, c_rule="right", tanh_cell=True):
    concat = np.concatenate([xt, a_prev] if x_first else [a_prev, xt])
    ft, it, ot = (sigmoid(p["W" + g] @ concat + p["b" + g]) for g in "fio")
    cct = np.tanh(p["Wc"] @ concat + p["bc"])
    c_next = {"right": ft * c_prev + it * cct, "output gate": ft * c_prev + ot * cct,
              "swapped": it * c_prev + ft * cct}[c_rule]
    a_next = ot * (np.tanh(c_next) if tanh_cell else c_next)
    return a_next, c_next, softmax(p["Wy"] @ a_next + p["by"]), \
        (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


@ok("lstm_cell_forward")
def lstm_cell_forward_split_weights(xt, a_prev, c_prev, parameters):
    # no concatenation: the first n_a columns of each W act on a_prev, the others on xt
    n_a = a_prev.shape[0]

    def gate_input(g):
        W = parameters["W" + g]
        return np.dot(W[:, :n_a], a_prev) + np.dot(W[:, n_a:], xt) + parameters["b" + g]

    ft = 1 / (1 + np.exp(-gate_input("f")))
    it = 1 / (1 + np.exp(-gate_input("i")))
    cct = np.tanh(gate_input("c"))
    ot = 1 / (1 + np.exp(-gate_input("o")))
    c_next = np.multiply(ft, c_prev) + np.multiply(it, cct)
    a_next = np.multiply(ot, np.tanh(c_next))
    yt_pred = softmax(np.dot(parameters["Wy"], a_next) + parameters["by"])
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)


@ok("lstm_cell_forward")
def lstm_cell_forward_stacked_gates(xt, a_prev, c_prev, parameters):
    # the four gates as one matrix product
    n_a = a_prev.shape[0]
    W = np.vstack([parameters["W" + g] for g in GATES])
    b = np.vstack([parameters["b" + g] for g in GATES])
    z = W @ np.vstack([a_prev, xt]) + b
    ft, it, ot = sigmoid(z[:n_a]), sigmoid(z[n_a:2 * n_a]), sigmoid(z[3 * n_a:])
    cct = np.tanh(z[2 * n_a:3 * n_a])
    c_next = ft * c_prev + it * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(parameters["Wy"] @ a_next + parameters["by"])
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)


@ok("lstm_cell_forward")
def lstm_cell_forward_float32(xt, a_prev, c_prev, parameters):
    p = {k: v.astype(np.float32) for k, v in parameters.items()}
    out = _lstm_cell(xt.astype(np.float32), a_prev.astype(np.float32), c_prev.astype(np.float32), p)
    return out[0], out[1], out[2], (*out[3][:9], parameters)


@wrong("lstm_cell_forward", "concat = [a_prev; xt]")
def lstm_cell_forward_x_on_top(xt, a_prev, c_prev, parameters):
    return _lstm_cell(xt, a_prev, c_prev, parameters, x_first=True)


@wrong("lstm_cell_forward", "the update gate it (not the output gate) scales the candidate")
def lstm_cell_forward_output_gate_writes(xt, a_prev, c_prev, parameters):
    return _lstm_cell(xt, a_prev, c_prev, parameters, c_rule="output gate")


@wrong("lstm_cell_forward", "the forget gate ft scales the old cell c_prev")
def lstm_cell_forward_gates_swapped(xt, a_prev, c_prev, parameters):
    return _lstm_cell(xt, a_prev, c_prev, parameters, c_rule="swapped")


@wrong("lstm_cell_forward", "a_next = ot * tanh(c_next)")
def lstm_cell_forward_no_tanh(xt, a_prev, c_prev, parameters):
    return _lstm_cell(xt, a_prev, c_prev, parameters, tanh_cell=False)


# ----------------------------------------------------------------------------------------------
# lstm_forward


def _lstm_loop(x, a0, parameters, carry_c=True, c0=None):
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a, c, y, caches = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
    a_next = a0
    c_next = np.zeros((n_a, m)) if c0 is None else c0
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(
            x[:, :, t], a_next, c_next if carry_c else np.zeros((n_a, m)), parameters)
        a[:, :, t], c[:, :, t], y[:, :, t] = a_next, c_next, yt
        caches.append(cache)
    return a, y, c, (caches, x)


@ok("lstm_forward", callees={"lstm_cell_forward": lstm_cell_not_implemented})
def lstm_forward_with_a_wrong_cell(x, a0, parameters):
    return _lstm_loop(x, a0, parameters)


@ok("lstm_forward")
def lstm_forward_stacking_lists(x, a0, parameters):
    states, caches = [], []
    a_prev, c_prev = a0, np.zeros_like(a0)
    for t in range(x.shape[2]):
        a_prev, c_prev, yt, cache = lstm_cell_forward(x[:, :, t], a_prev, c_prev, parameters)
        states.append((a_prev, yt, c_prev))
        caches.append(cache)
    a, y, c = (np.stack([s[k] for s in states], axis=2) for k in range(3))
    return a, y, c, (caches, x)


@wrong("lstm_forward", "reference implementation")
def lstm_forward_through_the_layer(x, a0, parameters):
    a, y, c, _ = sequence_layers.lstm_sequence_forward(x, a0, parameters)
    return a, y, c, _lstm_loop(x, a0, parameters)[3]


@wrong("lstm_forward", "pass each step's c_next on")
def lstm_forward_forgets_the_cell(x, a0, parameters):
    return _lstm_loop(x, a0, parameters, carry_c=False)


@wrong("lstm_forward", "the memory cell starts at zero")
def lstm_forward_cell_from_a0(x, a0, parameters):
    return _lstm_loop(x, a0, parameters, c0=a0)


@wrong("lstm_forward", "should have 4 items")
def lstm_forward_without_c(x, a0, parameters):
    a, y, c, caches = _lstm_loop(x, a0, parameters)
    return a, y, caches


# ----------------------------------------------------------------------------------------------
# rnn_cell_backward


@ok("rnn_cell_backward")
def rnn_cell_backward_dot(da_next, cache):
    a_next, a_prev, xt, parameters = cache
    dtanh = (1 - np.square(a_next)) * da_next
    return {"dxt": np.dot(parameters["Wax"].T, dtanh), "da_prev": np.dot(parameters["Waa"].T, dtanh),
            "dWax": np.dot(dtanh, xt.T), "dWaa": np.dot(dtanh, a_prev.T),
            "dba": np.sum(dtanh, axis=-1, keepdims=True)}


@ok("rnn_cell_backward")
def rnn_cell_backward_einsum(da_next, cache):
    a_next, a_prev, xt, parameters = cache
    dz = da_next * (1 - a_next * a_next)
    return {"dxt": np.einsum("ax,am->xm", parameters["Wax"], dz),
            "da_prev": np.einsum("ab,am->bm", parameters["Waa"], dz),
            "dWax": np.einsum("am,xm->ax", dz, xt), "dWaa": np.einsum("am,bm->ab", dz, a_prev),
            "dba": np.einsum("am->a", dz)[:, None]}


@ok("rnn_cell_backward")
def rnn_cell_backward_float32(da_next, cache):
    a_next, a_prev, xt, parameters = cache
    grads = rnn_cell_backward(da_next.astype(np.float32),
                              (a_next.astype(np.float32), a_prev.astype(np.float32),
                               xt.astype(np.float32),
                               {k: v.astype(np.float32) for k, v in parameters.items()}))
    return grads


@wrong("rnn_cell_backward", "go back through the tanh first")
def rnn_cell_backward_no_tanh_derivative(da_next, cache):
    return rnn_cell_backward_without_tanh(da_next, cache)


@wrong("rnn_cell_backward", "not 1 - np.tanh(a_next) ** 2")
def rnn_cell_backward_tanh_twice(da_next, cache):
    a_next, a_prev, xt, parameters = cache
    dz = da_next * (1 - np.tanh(a_next) ** 2)
    return {"dxt": parameters["Wax"].T @ dz, "da_prev": parameters["Waa"].T @ dz,
            "dWax": dz @ xt.T, "dWaa": dz @ a_prev.T, "dba": dz.sum(axis=1, keepdims=True)}


@wrong("rnn_cell_backward", "keepdims=True")
def rnn_cell_backward_bias_without_keepdims(da_next, cache):
    grads = rnn_cell_backward(da_next, cache)
    grads["dba"] = grads["dba"].ravel()
    return grads


# ----------------------------------------------------------------------------------------------
# rnn_backward


def _rnn_backward_loop(da, caches, recurrent=True, accumulate=True):
    caches, x = caches
    n_a, m, T_x = da.shape
    dx = np.zeros((x.shape[0], m, T_x))
    totals = {"dWax": 0.0, "dWaa": 0.0, "dba": 0.0}
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t] + (da_prevt if recurrent else 0), caches[t])
        dx[:, :, t] = g["dxt"]
        da_prevt = g["da_prev"]
        for k in totals:
            totals[k] = totals[k] + g[k] if accumulate else g[k]
    return {"dx": dx, "da0": da_prevt, **totals}


@ok("rnn_backward", callees={"rnn_cell_backward": rnn_cell_backward_without_tanh})
def rnn_backward_with_a_wrong_cell(da, caches):
    return _rnn_backward_loop(da, caches)


@ok("rnn_backward")
def rnn_backward_inline(da, caches):
    # without calling the cell: the steps' caches stacked, one product per step
    steps, x = caches
    p = steps[0][3]
    a = np.stack([s[0] for s in steps], axis=2)
    a_prev = np.stack([s[1] for s in steps], axis=2)
    dz = np.zeros(da.shape)
    carried = np.zeros(da.shape[:2])
    for t in range(da.shape[2] - 1, -1, -1):
        dz[:, :, t] = (da[:, :, t] + carried) * (1 - a[:, :, t] ** 2)
        carried = p["Waa"].T @ dz[:, :, t]
    return {"dx": np.einsum("ax,amt->xmt", p["Wax"], dz), "da0": carried,
            "dWax": np.einsum("amt,xmt->ax", dz, x), "dWaa": np.einsum("amt,bmt->ab", dz, a_prev),
            "dba": dz.sum(axis=(1, 2))[:, None]}


@wrong("rnn_backward", "reference implementation")
def rnn_backward_through_the_layer(da, caches):
    steps, x = caches
    return sequence_layers.rnn_sequence_backward(
        da, sequence_layers.rnn_sequence_forward(x, steps[0][1], steps[0][3])[2])


@wrong("rnn_backward", "plus the da_prev that step t+1 sent back")
def rnn_backward_no_recurrent_gradient(da, caches):
    return _rnn_backward_loop(da, caches, recurrent=False)


@wrong("rnn_backward", "add up (+=) their gradients")
def rnn_backward_assigns(da, caches):
    return _rnn_backward_loop(da, caches, accumulate=False)


@wrong("rnn_backward", "go backwards in time")
def rnn_backward_forwards_in_time(da, caches):
    steps, x = caches
    n_a, m, T_x = da.shape
    dx, da_prevt = np.zeros((x.shape[0], m, T_x)), np.zeros((n_a, m))
    totals = {"dWax": 0.0, "dWaa": 0.0, "dba": 0.0}
    for t in range(T_x):
        g = rnn_cell_backward(da[:, :, t] + da_prevt, steps[t])
        dx[:, :, t], da_prevt = g["dxt"], g["da_prev"]
        for k in totals:
            totals[k] = totals[k] + g[k]
    return {"dx": dx, "da0": da_prevt, **totals}


# ----------------------------------------------------------------------------------------------
# lstm_cell_backward


def _lstm_cell_backward(da_next, dc_next, cache, through_a=True, split_x_first=False):
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p = cache
    n_a, n_x = a_next.shape[0], xt.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + (da_next * ot * (1 - tanh_c ** 2) if through_a else 0)
    d = {"f": dc * c_prev * ft * (1 - ft), "i": dc * cct * it * (1 - it),
         "c": dc * it * (1 - cct ** 2), "o": da_next * tanh_c * ot * (1 - ot)}
    concat = np.concatenate([a_prev, xt])
    dconcat = sum(p["W" + g].T @ d[g] for g in GATES)
    if split_x_first:
        grads = {"dxt": dconcat[:n_x], "da_prev": dconcat[n_x:]}
    else:
        grads = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a]}
    grads["dc_prev"] = dc * ft
    for g in GATES:
        grads["dW" + g] = d[g] @ concat.T
        grads["db" + g] = d[g].sum(axis=1, keepdims=True)
    return grads


@ok("lstm_cell_backward")
def lstm_cell_backward_split_weights(da_next, dc_next, cache):
    # no concatenation: each W split into the columns for a_prev and for xt
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    n_a = a_next.shape[0]
    dc = dc_next + da_next * ot * (1 - np.tanh(c_next) ** 2)
    d = {"f": dc * c_prev * ft * (1 - ft), "i": dc * cct * it * (1 - it),
         "c": dc * it * (1 - cct ** 2), "o": da_next * np.tanh(c_next) * ot * (1 - ot)}
    grads = {"dxt": 0, "da_prev": 0, "dc_prev": dc * ft}
    for g in GATES:
        W = parameters["W" + g]
        grads["da_prev"] = grads["da_prev"] + np.dot(W[:, :n_a].T, d[g])
        grads["dxt"] = grads["dxt"] + np.dot(W[:, n_a:].T, d[g])
        grads["dW" + g] = np.hstack([np.dot(d[g], a_prev.T), np.dot(d[g], xt.T)])
        grads["db" + g] = np.sum(d[g], axis=1, keepdims=True)
    return grads


@ok("lstm_cell_backward")
def lstm_cell_backward_stacked_gates(da_next, dc_next, cache):
    # the four gates' gradients stacked into one array, one product for all
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    dgates = np.vstack([dc * c_prev * ft * (1 - ft), dc * cct * it * (1 - it),
                        dc * it * (1 - cct ** 2), da_next * tanh_c * ot * (1 - ot)])
    W = np.vstack([parameters["W" + g] for g in GATES])
    dconcat = W.T @ dgates
    dW = dgates @ np.vstack([a_prev, xt]).T
    db = dgates.sum(axis=1, keepdims=True)
    grads = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for k, g in enumerate(GATES):
        grads["dW" + g] = dW[k * n_a:(k + 1) * n_a]
        grads["db" + g] = db[k * n_a:(k + 1) * n_a]
    return grads


@wrong("lstm_cell_backward", "c_next also reaches the loss through a_next")
def lstm_cell_backward_cell_gradient_from_dc_next_only(da_next, dc_next, cache):
    return _lstm_cell_backward(da_next, dc_next, cache, through_a=False)


@wrong("lstm_cell_backward", "da_prev = dconcat[:n_a]")
def lstm_cell_backward_split_the_wrong_way(da_next, dc_next, cache):
    return _lstm_cell_backward(da_next, dc_next, cache, split_x_first=True)


@wrong("lstm_cell_backward", "missing keys ['dc_prev']")
def lstm_cell_backward_without_dc_prev(da_next, dc_next, cache):
    grads = _lstm_cell_backward(da_next, dc_next, cache)
    del grads["dc_prev"]
    return grads


# ----------------------------------------------------------------------------------------------
# lstm_backward


def _lstm_backward_loop(da, caches, recurrent_a=True, recurrent_c=True, accumulate=True):
    steps, x = caches
    n_a, m, T_x = da.shape
    dx = np.zeros((x.shape[0], m, T_x))
    totals = {f"{kind}{g}": 0.0 for kind in ("dW", "db") for g in GATES}
    da_prevt, dc_prevt = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        g = lstm_cell_backward(da[:, :, t] + (da_prevt if recurrent_a else 0),
                               dc_prevt if recurrent_c else np.zeros((n_a, m)), steps[t])
        dx[:, :, t] = g["dxt"]
        da_prevt, dc_prevt = g["da_prev"], g["dc_prev"]
        for k in totals:
            totals[k] = totals[k] + g[k] if accumulate else g[k]
    return {"dx": dx, "da0": da_prevt, **totals}


@ok("lstm_backward", callees={"lstm_cell_backward": lstm_cell_backward_returns_none})
def lstm_backward_with_a_wrong_cell(da, caches):
    return _lstm_backward_loop(da, caches)


@ok("lstm_backward")
def lstm_backward_inline(da, caches):
    # without calling the cell: the cell's backward pass written into the loop
    steps, x = caches
    n_a, m, T_x = da.shape
    p = steps[0][9]
    W = np.vstack([p["W" + g] for g in GATES])
    dx = np.zeros((x.shape[0], m, T_x))
    dW, db = np.zeros(W.shape), np.zeros((4 * n_a, 1))
    da_next, dc_next = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in range(T_x - 1, -1, -1):
        a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, _ = steps[t]
        da_t = da[:, :, t] + da_next
        dc = dc_next + da_t * ot * (1 - np.tanh(c_next) ** 2)
        dgates = np.vstack([dc * c_prev * ft * (1 - ft), dc * cct * it * (1 - it),
                            dc * it * (1 - cct ** 2), da_t * np.tanh(c_next) * ot * (1 - ot)])
        dconcat = W.T @ dgates
        dx[:, :, t] = dconcat[n_a:]
        dW += dgates @ np.vstack([a_prev, xt]).T
        db += dgates.sum(axis=1, keepdims=True)
        da_next, dc_next = dconcat[:n_a], dc * ft
    grads = {"dx": dx, "da0": da_next}
    for k, g in enumerate(GATES):
        grads["dW" + g] = dW[k * n_a:(k + 1) * n_a]
        grads["db" + g] = db[k * n_a:(k + 1) * n_a]
    return grads


@wrong("lstm_backward", "reference implementation")
def lstm_backward_through_the_layer(da, caches):
    steps, x = caches
    return sequence_layers.lstm_sequence_backward(
        da, sequence_layers.lstm_sequence_forward(x, steps[0][2], steps[0][9])[3])


@wrong("lstm_backward", "plus the da_prev that step t+1 sent back")
def lstm_backward_no_recurrent_gradient(da, caches):
    return _lstm_backward_loop(da, caches, recurrent_a=False)


@wrong("lstm_backward", "pass the dc_prev of step t+1 as the dc_next of step t")
def lstm_backward_forgets_the_cell(da, caches):
    return _lstm_backward_loop(da, caches, recurrent_c=False)


@wrong("lstm_backward", "add up (+=) their gradients")
def lstm_backward_assigns(da, caches):
    return _lstm_backward_loop(da, caches, accumulate=False)
