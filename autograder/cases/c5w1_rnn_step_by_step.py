"""Cases of c5w1-rnn-step-by-step.

Inputs are drawn with ``np.random.default_rng`` and rounded to 4 decimals, so that the
stored cases stay short. The public cases are the notebook's example: n_x = 3, n_a = 5,
n_y = 2, m = 10 and, for the sequences, T_x = 4. The hidden ones change every dimension in
turn: one example (m = 1), one time step (T_x = 1), one hidden unit (n_a = 1), one output
(n_y = 1) and larger sizes. The caches that the backward functions take are made by
forward passes written here, so they are what the forward functions return.

The mistakes are computed by loop versions with the typical error switched on.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.rnn import sigmoid

# ----------------------------------------------------------------------------------------------
# Inputs


def _normal(rng, *shape):
    return np.round(rng.standard_normal(shape), 4)


def _rnn_parameters(rng, n_x, n_a, n_y):
    return {"Waa": _normal(rng, n_a, n_a), "Wax": _normal(rng, n_a, n_x), "Wya": _normal(rng, n_y, n_a),
            "ba": _normal(rng, n_a, 1), "by": _normal(rng, n_y, 1)}


def _lstm_parameters(rng, n_x, n_a, n_y):
    p = {}
    for gate in "fico":
        p["W" + gate] = _normal(rng, n_a, n_a + n_x)
        p["b" + gate] = _normal(rng, n_a, 1)
    p["Wy"], p["by"] = _normal(rng, n_y, n_a), _normal(rng, n_y, 1)
    return p


PUBLIC = (3, 5, 2, 10, 4)    # n_x, n_a, n_y, m, T_x: the notebook's example
HIDDEN = [
    ((3, 5, 2, 1, 5), "one example (m = 1), T_x = 5"),
    ((4, 3, 3, 6, 1), "one time step (T_x = 1)"),
    ((2, 1, 3, 4, 5), "one hidden unit (n_a = 1)"),
    ((5, 6, 4, 2, 6), "larger: n_x = 5, n_a = 6, n_y = 4, T_x = 6"),
    ((1, 4, 1, 5, 3), "one input feature and one output (n_x = n_y = 1)"),
]


def _note(sizes):
    return "n_x = {}, n_a = {}, n_y = {}, m = {}, T_x = {}".format(*sizes)


def _cell_inputs(kind, sizes, seed):
    n_x, n_a, n_y, m, _ = sizes
    rng = np.random.default_rng(seed)
    xt, a_prev = _normal(rng, n_x, m), _normal(rng, n_a, m)
    if kind == "rnn":
        return xt, a_prev, _rnn_parameters(rng, n_x, n_a, n_y)
    return xt, a_prev, _normal(rng, n_a, m), _lstm_parameters(rng, n_x, n_a, n_y)


def _sequence_inputs(kind, sizes, seed):
    n_x, n_a, n_y, m, T_x = sizes
    rng = np.random.default_rng(seed)
    x, a0 = _normal(rng, n_x, m, T_x), _normal(rng, n_a, m)
    parameters = (_rnn_parameters if kind == "rnn" else _lstm_parameters)(rng, n_x, n_a, n_y)
    return x, a0, parameters


# ----------------------------------------------------------------------------------------------
# Forward passes with the typical mistakes switchable


def _softmax(z, axis=0):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _rnn_cell(xt, a_prev, p, activation=np.tanh, axis=0, bias=True, scores=False, from_prev=False):
    a_next = activation(p["Waa"] @ a_prev + p["Wax"] @ xt + (p["ba"] if bias else 0))
    z = p["Wya"] @ (a_prev if from_prev else a_next) + p["by"]
    return a_next, (z if scores else _softmax(z, axis)), (a_next, a_prev, xt, p)


def _rnn(x, a0, p, carry=True, with_x=True, backwards=False, **cell):
    T_x = x.shape[2]
    a, y, caches, a_next = [], [], [], a0
    for t in range(T_x):
        step = T_x - 1 - t if backwards else t
        a_next, yt, cache = _rnn_cell(x[:, :, step], a_next if carry else a0, p, **cell)
        a.append(a_next)
        y.append(yt)
        caches.append(cache)
    return np.stack(a, axis=2), np.stack(y, axis=2), ((caches, x) if with_x else caches)


def _relu(z):
    return np.maximum(z, 0)


def _lstm_cell(xt, a_prev, c_prev, p, x_first=False, candidate_gate="i", old_gate="f",
               tanh_cell=True, candidate=np.tanh, axis=0):
    concat = np.concatenate([xt, a_prev] if x_first else [a_prev, xt])
    ft = sigmoid(p["Wf"] @ concat + p["bf"])
    it = sigmoid(p["Wi"] @ concat + p["bi"])
    cct = candidate(p["Wc"] @ concat + p["bc"])
    ot = sigmoid(p["Wo"] @ concat + p["bo"])
    gates = {"f": ft, "i": it, "o": ot}
    c_next = gates[old_gate] * c_prev + gates[candidate_gate] * cct
    a_next = ot * (np.tanh(c_next) if tanh_cell else c_next)
    yt = _softmax(p["Wy"] @ a_next + p["by"], axis)
    return a_next, c_next, yt, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


def _lstm(x, a0, p, carry_a=True, carry_c=True, c0_is_a0=False, with_x=True):
    a, y, c, caches = [], [], [], []
    a_next = a0
    c_next = a0 if c0_is_a0 else np.zeros(a0.shape)
    for t in range(x.shape[2]):
        a_next, c_next, yt, cache = _lstm_cell(x[:, :, t], a_next if carry_a else a0,
                                               c_next if carry_c else np.zeros(a0.shape), p)
        a.append(a_next)
        c.append(c_next)
        y.append(yt)
        caches.append(cache)
    return np.stack(a, axis=2), np.stack(y, axis=2), np.stack(c, axis=2), \
        ((caches, x) if with_x else caches)


# ----------------------------------------------------------------------------------------------
# Backward passes with the typical mistakes switchable


def _rnn_cell_backward(da_next, cache, derivative="right"):
    a_next, a_prev, xt, p = cache
    if derivative == "right":
        dz = da_next * (1 - a_next ** 2)
    elif derivative == "tanh twice":
        dz = da_next * (1 - np.tanh(a_next) ** 2)
    else:
        dz = da_next
    return {"dxt": p["Wax"].T @ dz, "da_prev": p["Waa"].T @ dz, "dWax": dz @ xt.T,
            "dWaa": dz @ a_prev.T, "dba": np.sum(dz, axis=1, keepdims=True)}


def _backward_loop(cell_backward, da, caches, keys, lstm=False, recurrent=True, recurrent_c=True,
                   accumulate=True, forwards=False):
    caches, x = caches
    n_a, m, T_x = da.shape
    dx = np.zeros((x.shape[0], m, T_x))
    totals = {}
    da_prevt, dc_prevt = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in (range(T_x) if forwards else reversed(range(T_x))):
        da_next = da[:, :, t] + (da_prevt if recurrent else 0)
        if lstm:
            g = cell_backward(da_next, dc_prevt if recurrent_c else np.zeros((n_a, m)), caches[t])
            dc_prevt = g["dc_prev"]
        else:
            g = cell_backward(da_next, caches[t])
        dx[:, :, t] = g["dxt"]
        da_prevt = g["da_prev"]
        for k in keys:
            totals[k] = totals.get(k, 0) + g[k] if accumulate else g[k]
    return {"dx": dx, "da0": da_prevt, **{k: totals[k] for k in keys}}


RNN_KEYS = ("dWax", "dWaa", "dba")
LSTM_KEYS = ("dWf", "dWi", "dWc", "dWo", "dbf", "dbi", "dbc", "dbo")


def _rnn_backward(da, caches, **mistake):
    return _backward_loop(_rnn_cell_backward, da, caches, RNN_KEYS, **mistake)


def _lstm_cell_backward(da_next, dc_next, cache, through_a=True, through_a_for_prev=True,
                        split_x_first=False, sigmoid_derivative=True):
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p = cache
    n_a, n_x = a_next.shape[0], xt.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + (da_next * ot * (1 - tanh_c ** 2) if through_a else 0)

    def sig(g):
        return g * (1 - g) if sigmoid_derivative else 1.0

    dot = da_next * tanh_c * sig(ot)
    dcct = dc * it * (1 - cct ** 2)
    dit = dc * cct * sig(it)
    dft = dc * c_prev * sig(ft)
    concat = np.concatenate([a_prev, xt])
    dconcat = p["Wf"].T @ dft + p["Wi"].T @ dit + p["Wc"].T @ dcct + p["Wo"].T @ dot
    if split_x_first:
        dxt, da_prev = dconcat[:n_x], dconcat[n_x:]
    else:
        da_prev, dxt = dconcat[:n_a], dconcat[n_a:]
    dc_prev = (dc if through_a_for_prev else dc_next) * ft
    grads = {"dxt": dxt, "da_prev": da_prev, "dc_prev": dc_prev}
    for name, d in (("f", dft), ("i", dit), ("c", dcct), ("o", dot)):
        grads["dW" + name] = d @ concat.T
        grads["db" + name] = np.sum(d, axis=1, keepdims=True)
    return grads


def _lstm_backward(da, caches, **mistake):
    return _backward_loop(_lstm_cell_backward, da, caches, LSTM_KEYS, lstm=True, **mistake)


# ----------------------------------------------------------------------------------------------
# Cases of the backward functions: an upstream gradient and the cache of a forward pass


def _rnn_cell_backward_case(sizes, seed, note):
    xt, a_prev, p = _cell_inputs("rnn", sizes, seed)
    da_next = _normal(np.random.default_rng(seed + 1000), *a_prev.shape)
    return Case((da_next, _rnn_cell(xt, a_prev, p)[2]), note=note)


def _rnn_backward_case(sizes, seed, note):
    x, a0, p = _sequence_inputs("rnn", sizes, seed)
    a, _, caches = _rnn(x, a0, p)
    return Case((_normal(np.random.default_rng(seed + 1000), *a.shape), caches), note=note)


def _lstm_cell_backward_case(sizes, seed, note):
    xt, a_prev, c_prev, p = _cell_inputs("lstm", sizes, seed)
    rng = np.random.default_rng(seed + 1000)
    da_next, dc_next = _normal(rng, *a_prev.shape), _normal(rng, *a_prev.shape)
    return Case((da_next, dc_next, _lstm_cell(xt, a_prev, c_prev, p)[3]), note=note)


def _lstm_backward_case(sizes, seed, note):
    x, a0, p = _sequence_inputs("lstm", sizes, seed)
    a, _, _, caches = _lstm(x, a0, p)
    return Case((_normal(np.random.default_rng(seed + 1000), *a.shape), caches), note=note)


def _cases(make):
    """The public example and the hidden cases of one function: make(sizes, seed, note)."""
    public = [make(PUBLIC, 1, "the example: " + _note(PUBLIC))]
    hidden = [make(sizes, 10 + k, note) for k, (sizes, note) in enumerate(HIDDEN)]
    return public, hidden


def _forward_case(kind, inputs):
    def make(sizes, seed, note):
        return Case(inputs(kind, sizes, seed), note=note)
    return make


def _spec(make, mistakes, reference):
    public, hidden = _cases(make)
    return Spec(public=public, hidden=hidden, mistakes=mistakes, references=(f"helpers.rnn.{reference}",))


# ----------------------------------------------------------------------------------------------
# Hints

SOFTMAX_AXIS = ("take the softmax over axis 0: each column (one example) is a distribution over "
                "the n_y outputs and sums to 1.")
CACHES = "return caches = (list of the caches of the steps, x): the backward pass unpacks both."
CARRY_A = ("pass each step's a_next on as the a_prev of the next step: a0 is the hidden state "
           "before the first step only.")
RECURRENT = ("at step t the gradient reaching a<t> is da[:, :, t] plus the da_prev that step t+1 "
             "sent back: pass their sum to the cell's backward function.")
ACCUMULATE = ("the same weights serve every time step: add up (+=) their gradients over the "
              "steps, starting from zeros.")

SPECS = {
    "rnn_cell_forward": _spec(_forward_case("rnn", _cell_inputs), [
        Mistake("the hidden state is a_next = tanh(Waa a_prev + Wax xt + ba): use np.tanh, "
                "not the sigmoid.", lambda xt, a, p: _rnn_cell(xt, a, p, activation=sigmoid)),
        Mistake("the hidden state is a_next = tanh(Waa a_prev + Wax xt + ba): use np.tanh, not ReLU.",
                lambda xt, a, p: _rnn_cell(xt, a, p, activation=_relu)),
        Mistake(SOFTMAX_AXIS, lambda xt, a, p: _rnn_cell(xt, a, p, axis=1)),
        Mistake("yt_pred is the softmax of the scores Wya a_next + by, not the scores themselves.",
                lambda xt, a, p: _rnn_cell(xt, a, p, scores=True)),
        Mistake("add the bias ba inside the tanh.", lambda xt, a, p: _rnn_cell(xt, a, p, bias=False)),
        Mistake("compute yt_pred from the new hidden state a_next, not from a_prev.",
                lambda xt, a, p: _rnn_cell(xt, a, p, from_prev=True)),
    ], "rnn_sequence_forward"),
    "rnn_forward": _spec(_forward_case("rnn", _sequence_inputs), [
        Mistake(CARRY_A, lambda x, a0, p: _rnn(x, a0, p, carry=False)),
        Mistake(CACHES, lambda x, a0, p: _rnn(x, a0, p, with_x=False)),
        Mistake("step t reads the input x[:, :, t] and stores its results at index t.",
                lambda x, a0, p: _rnn(x, a0, p, backwards=True)),
    ], "rnn_sequence_forward"),
    "lstm_cell_forward": _spec(_forward_case("lstm", _cell_inputs), [
        Mistake("stack a_prev on top of xt: concat = [a_prev; xt] (the first n_a columns of each "
                "gate's W act on a_prev).", lambda xt, a, c, p: _lstm_cell(xt, a, c, p, x_first=True)),
        Mistake("c_next = ft * c_prev + it * cct: the update gate it (not the output gate) scales "
                "the candidate.", lambda xt, a, c, p: _lstm_cell(xt, a, c, p, candidate_gate="o")),
        Mistake("the forget gate ft scales the old cell c_prev, the update gate it the candidate cct.",
                lambda xt, a, c, p: _lstm_cell(xt, a, c, p, candidate_gate="f", old_gate="i")),
        Mistake("a_next = ot * tanh(c_next): squash the cell with tanh before the output gate.",
                lambda xt, a, c, p: _lstm_cell(xt, a, c, p, tanh_cell=False)),
        Mistake("the candidate cct uses tanh; only the three gates use the sigmoid.",
                lambda xt, a, c, p: _lstm_cell(xt, a, c, p, candidate=sigmoid)),
        Mistake(SOFTMAX_AXIS, lambda xt, a, c, p: _lstm_cell(xt, a, c, p, axis=1)),
    ], "lstm_sequence_forward"),
    "lstm_forward": _spec(_forward_case("lstm", _sequence_inputs), [
        Mistake(CARRY_A, lambda x, a0, p: _lstm(x, a0, p, carry_a=False)),
        Mistake("pass each step's c_next on as the c_prev of the next step: the memory cell "
                "carries information along the sequence.", lambda x, a0, p: _lstm(x, a0, p, carry_c=False)),
        Mistake("the memory cell starts at zero: c_next = np.zeros((n_a, m)) before the loop, "
                "not a0.", lambda x, a0, p: _lstm(x, a0, p, c0_is_a0=True)),
        Mistake(CACHES, lambda x, a0, p: _lstm(x, a0, p, with_x=False)),
    ], "lstm_sequence_forward"),
    "rnn_cell_backward": _spec(_rnn_cell_backward_case, [
        Mistake("go back through the tanh first: dz = da_next * (1 - a_next ** 2), then the "
                "products with dz.", lambda da, cache: _rnn_cell_backward(da, cache, "none")),
        Mistake("a_next is already tanh(...): the derivative is 1 - a_next ** 2, "
                "not 1 - np.tanh(a_next) ** 2.", lambda da, cache: _rnn_cell_backward(da, cache, "tanh twice")),
    ], "rnn_sequence_backward"),
    "rnn_backward": _spec(_rnn_backward_case, [
        Mistake(RECURRENT, lambda da, caches: _rnn_backward(da, caches, recurrent=False)),
        Mistake(ACCUMULATE, lambda da, caches: _rnn_backward(da, caches, accumulate=False)),
        Mistake("go backwards in time, for t in reversed(range(T_x)): the gradient of step t needs "
                "what step t+1 sent back.", lambda da, caches: _rnn_backward(da, caches, forwards=True)),
    ], "rnn_sequence_backward"),
    "lstm_cell_backward": _spec(_lstm_cell_backward_case, [
        Mistake("c_next also reaches the loss through a_next = ot * tanh(c_next): its gradient is "
                "dc_next + da_next * ot * (1 - tanh(c_next) ** 2).",
                lambda da, dc, cache: _lstm_cell_backward(da, dc, cache, through_a=False)),
        Mistake("dc_prev = (dc_next + da_next * ot * (1 - tanh(c_next) ** 2)) * ft: use the whole "
                "gradient of c_next, not dc_next alone.",
                lambda da, dc, cache: _lstm_cell_backward(da, dc, cache, through_a_for_prev=False)),
        Mistake("split dconcat the way concat was stacked, [a_prev; xt]: da_prev = dconcat[:n_a], "
                "dxt = dconcat[n_a:].", lambda da, dc, cache: _lstm_cell_backward(da, dc, cache, split_x_first=True)),
        Mistake("the gates are sigmoids: multiply by their derivative, e.g. ft * (1 - ft) for the "
                "forget gate.", lambda da, dc, cache: _lstm_cell_backward(da, dc, cache, sigmoid_derivative=False)),
    ], "lstm_sequence_backward"),
    "lstm_backward": _spec(_lstm_backward_case, [
        Mistake(RECURRENT, lambda da, caches: _lstm_backward(da, caches, recurrent=False)),
        Mistake("pass the dc_prev of step t+1 as the dc_next of step t: the memory cell sends its "
                "gradient back along the sequence.",
                lambda da, caches: _lstm_backward(da, caches, recurrent_c=False)),
        Mistake(ACCUMULATE, lambda da, caches: _lstm_backward(da, caches, accumulate=False)),
    ], "lstm_sequence_backward"),
}
