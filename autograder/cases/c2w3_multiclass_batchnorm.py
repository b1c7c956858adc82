"""Cases of c2w3-multiclass-batchnorm."""

import numpy as np

from autograder.spec import Case, Mistake, Spec

rng = np.random.default_rng(23)


def _one_hot(labels, C):
    labels = np.asarray(labels).reshape(-1)
    return np.eye(C)[:, labels]


def _softmax(Z, axis=0):
    e = np.exp(Z - np.max(Z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _probs(C, m, seed, scale=2.0):
    g = np.random.default_rng(seed)
    AL = _softmax(g.normal(size=(C, m)) * scale)
    Y = _one_hot(g.integers(0, C, m), C)
    return AL, Y


def _bn_forward(Z, gamma, beta, bn_param, axis=1, ddof=0, eps_inside=True, test_uses_batch=False,
                swap_momentum=False):
    """Batch-norm forward with switches that reproduce typical mistakes (for the hints)."""
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    if swap_momentum:
        momentum = 1 - momentum
    n = Z.shape[0]
    running_mean = bn_param.get("running_mean", np.zeros((n, 1)))
    running_var = bn_param.get("running_var", np.zeros((n, 1)))
    if mode == "train" or test_uses_batch:
        mu = np.mean(Z, axis=axis, keepdims=True)
        var = np.var(Z, axis=axis, keepdims=True, ddof=ddof)
        if mode == "train":
            bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
            bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mu, var = running_mean, running_var
    Z_norm = (Z - mu) / np.sqrt(var + eps) if eps_inside else (Z - mu) / (np.sqrt(var) + eps)
    return gamma * Z_norm + beta, (Z, Z_norm, mu, var, gamma, beta, eps)


def _bn_case(n, m, seed, mode="train", running=False, **extra):
    g = np.random.default_rng(seed)
    Z = g.normal(size=(n, m)) * g.uniform(0.5, 4, size=(n, 1)) + g.normal(size=(n, 1)) * 3
    gamma = g.uniform(0.5, 2, size=(n, 1))
    beta = g.normal(size=(n, 1))
    bn_param = {"mode": mode, **extra}
    if running:
        bn_param["running_mean"] = g.normal(size=(n, 1))
        bn_param["running_var"] = g.uniform(0.5, 3, size=(n, 1))
    return Z, gamma, beta, bn_param


def _bn_backward_case(n, m, seed, eps=1e-5):
    Z, gamma, beta, _ = _bn_case(n, m, seed)
    _, cache = _bn_forward(Z, gamma, beta, {"mode": "train", "eps": eps})
    dout = np.random.default_rng(seed + 100).normal(size=(n, m))
    return dout, cache


def _bn_backward_constant_stats(dout, cache):
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    return (dout * gamma / np.sqrt(var + eps), np.sum(dout * Z_norm, axis=1, keepdims=True),
            np.sum(dout, axis=1, keepdims=True))


def _bn_backward_dgamma_of_Z(dout, cache):
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    m = Z.shape[1]
    dZn = dout * gamma
    dZ = (m * dZn - dZn.sum(axis=1, keepdims=True)
          - Z_norm * np.sum(dZn * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
    return dZ, np.sum(dout * Z, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


def _bn_backward_without_gamma(dout, cache):
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    m = Z.shape[1]
    dZn = dout
    dZ = (m * dZn - dZn.sum(axis=1, keepdims=True)
          - Z_norm * np.sum(dZn * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
    return dZ, np.sum(dout * Z_norm, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


# The example of the notebook: 3 classes, 4 examples
Z_EXAMPLE = np.array([[1.0, 2.0, -1.0, 0.5], [2.0, 0.0, 3.0, 0.5], [0.5, -1.0, 0.0, 0.5]])
AL_EXAMPLE = _softmax(Z_EXAMPLE)
Y_EXAMPLE = _one_hot(np.array([1, 0, 1, 2]), 3)

AL1, Y1 = _probs(10, 7, 1)
AL2, Y2 = _probs(4, 1, 2)
AL3, Y3 = _probs(2, 9, 3, scale=4.0)
AL4, Y4 = _probs(5, 6, 4, scale=0.3)

SPECS = {
    "one_hot_matrix": Spec(
        public=[Case((np.array([1, 2, 3, 0, 2, 1]), 4), note="labels [1, 2, 3, 0, 2, 1], C = 4")],
        hidden=[Case((np.array([[0, 9, 3, 3, 7]]), 10), note="a (1, 5) row of labels, C = 10"),
                Case((np.array([0, 1, 0]), 5), note="C = 5 but only labels 0 and 1 present"),
                Case((np.array([2]), 3), note="a single example"),
                Case((rng.integers(0, 6, 20), 6), note="20 labels, C = 6")],
        mistakes=[Mistake("one column per example: the result has shape (C, m); np.eye(C)[labels] "
                          "gives (m, C), take np.eye(C)[:, labels] (or transpose).",
                          lambda labels, C: np.eye(C)[np.asarray(labels).reshape(-1)]),
                  Mistake("the number of rows is C, not the largest label + 1: a batch need not "
                          "contain every class.",
                          lambda labels, C: _one_hot(labels, int(np.max(labels)) + 1))],
    ),
    "softmax": Spec(
        public=[Case((Z_EXAMPLE,), note="the (3, 4) scores of the notebook")],
        hidden=[Case((rng.normal(size=(10, 6)) * 3,), note="10 classes, 6 examples"),
                Case((np.array([[1000.0, -3.0], [1001.0, 2.0], [998.0, 0.5]]),),
                     note="scores near 1000 in one column: the shift avoids overflow"),
                Case((np.array([[2000.0, -2000.0], [1999.0, -2001.0]]),),
                     note="columns on very different scales: subtract each column's own maximum"),
                Case((rng.normal(size=(4, 1)),), note="a single example")],
        mistakes=[Mistake("the softmax runs down each column (axis=0): one example per column.",
                          lambda Z: _softmax(Z, axis=1)),
                  Mistake("subtract the maximum of each column before np.exp "
                          "(np.max(Z, axis=0, keepdims=True)); without it np.exp overflows to inf.",
                          lambda Z: np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)),
                  Mistake("subtract the maximum of each *column* (axis=0, keepdims=True), not of the "
                          "whole matrix: a column far below the overall maximum underflows to 0/0.",
                          lambda Z: np.exp(Z - np.max(Z)) / np.sum(np.exp(Z - np.max(Z)), axis=0, keepdims=True)),
                  Mistake("divide each column by its own sum (axis=0, keepdims=True), not by the sum "
                          "of the whole matrix.", lambda Z: np.exp(Z) / np.sum(np.exp(Z)))],
    ),
    "compute_cost_softmax": Spec(
        public=[Case((AL_EXAMPLE, Y_EXAMPLE), note="the softmax of the notebook's example")],
        hidden=[Case((AL1, Y1), note="10 classes, 7 examples"),
                Case((AL2, Y2), note="4 classes, 1 example"),
                Case((AL3, Y3), note="2 classes, 9 examples"),
                Case((np.full((5, 3), 0.2), _one_hot([0, 4, 2], 5)), note="uniform guess: cost log 5")],
        mistakes=[Mistake("the multiclass cost is -sum(Y * log(AL)) / m; the binary cost's "
                          "(1 - Y) log(1 - AL) term does not belong here.",
                          lambda AL, Y: float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])),
                  Mistake("average over the m examples (the columns), not over all C * m entries: "
                          "sum, then divide by Y.shape[1].",
                          lambda AL, Y: float(-np.mean(Y * np.log(AL)))),
                  Mistake("the cost is the mean over the examples: divide the sum by m = Y.shape[1].",
                          lambda AL, Y: float(-np.sum(Y * np.log(AL))))],
    ),
    "softmax_backward": Spec(
        public=[Case((AL_EXAMPLE, Y_EXAMPLE), note="the softmax of the notebook's example")],
        hidden=[Case((AL1, Y1), note="10 classes, 7 examples"),
                Case((AL4, Y4), note="5 classes, 6 examples"),
                Case((AL2, Y2), note="a single example")],
        mistakes=[Mistake("in this course's convention dZ = AL - Y has no 1/m: linear_backward "
                          "divides by m (see the instructions).",
                          lambda AL, Y: (AL - Y) / Y.shape[1]),
                  Mistake("dZ = AL - Y (prediction minus label), not Y - AL.", lambda AL, Y: Y - AL),
                  Mistake("through softmax and cross-entropy together the gradient is simply "
                          "AL - Y; the sigmoid's AL * (1 - AL) factor does not belong here.",
                          lambda AL, Y: (AL - Y) * AL * (1 - AL))],
    ),
    "batchnorm_forward": Spec(
        public=[Case(_bn_case(3, 4, 1, "train", momentum=0.9, eps=1e-5),
                     note="train mode, 3 features, 4 examples, no running averages yet")],
        hidden=[Case(_bn_case(5, 8, 2, "train", running=True, momentum=0.8, eps=1e-5),
                     note="train mode with running averages and momentum 0.8"),
                Case(_bn_case(4, 6, 3, "train", running=True),
                     note="train mode, eps and momentum absent: defaults 1e-5 and 0.9"),
                Case(_bn_case(4, 6, 4, "test", running=True, momentum=0.9, eps=1e-5),
                     note="test mode: normalise with the running averages, leave them unchanged"),
                Case(_bn_case(3, 5, 5, "train", eps=0.1),
                     note="train mode with eps = 0.1 (inside the square root)"),
                Case(_bn_case(2, 1, 6, "test", running=True, eps=1e-3),
                     note="test mode, a batch of one example")],
        updates=("bn_param",),
        mistakes=[Mistake("normalise each feature (row) over the examples: mean and variance along "
                          "axis=1 with keepdims=True, shape (n, 1).",
                          lambda Z, g, b, p: _bn_forward(Z, g, b, p, axis=0)),
                  Mistake("the variance divides by m (np.var's default ddof=0), not by m - 1.",
                          lambda Z, g, b, p: _bn_forward(Z, g, b, p, ddof=1)),
                  Mistake("eps goes inside the square root: (Z - mu) / np.sqrt(var + eps).",
                          lambda Z, g, b, p: _bn_forward(Z, g, b, p, eps_inside=False)),
                  Mistake("in test mode normalise with bn_param['running_mean'] and "
                          "bn_param['running_var'], not with the statistics of the batch.",
                          lambda Z, g, b, p: _bn_forward(Z, g, b, p, test_uses_batch=True))],
    ),
    "batchnorm_backward": Spec(
        public=[Case(_bn_backward_case(3, 4, 1), note="3 features, 4 examples")],
        hidden=[Case(_bn_backward_case(5, 8, 2), note="5 features, 8 examples"),
                Case(_bn_backward_case(1, 10, 3), note="one feature, 10 examples"),
                Case(_bn_backward_case(4, 3, 4, eps=0.1), note="eps = 0.1"),
                Case(_bn_backward_case(6, 32, 5), note="6 features, 32 examples")],
        mistakes=[Mistake("mu and var depend on every example of the batch: dZ has two more terms "
                          "than dZ_norm / sqrt(var + eps) (see the formula).", _bn_backward_constant_stats),
                  Mistake("dgamma = sum(dout * Z_norm, axis=1): gamma multiplies the *normalised* Z.",
                          _bn_backward_dgamma_of_Z),
                  Mistake("out = gamma * Z_norm + beta, so dZ_norm = dout * gamma: don't forget gamma.",
                          _bn_backward_without_gamma)],
    ),
}
