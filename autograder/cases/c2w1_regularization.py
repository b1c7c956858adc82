"""Cases of c2w1-regularization.

The graded functions do not call each other (``compute_cost_with_regularization`` calls the
provided, non-graded ``compute_cost`` of helpers.reg_utils), so their references record no calls.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.reg_utils import compute_cost, forward_propagation, relu, sigmoid


def _params(dims, seed):
    g = np.random.default_rng(seed)
    return {k: v for l in range(1, len(dims))
            for k, v in ((f"W{l}", g.normal(size=(dims[l], dims[l - 1]))), (f"b{l}", g.normal(size=(dims[l], 1))))}


def _data(n_x, m, seed):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n_x, m))
    Y = (g.random((1, m)) > 0.5).astype(int)
    return X, Y


def _a3(dims, m, seed):
    X, Y = _data(dims[0], m, seed)
    P = _params(dims, seed + 1)
    return forward_propagation(X, P)[0], Y, P


# ---------------------------------------------------------------- reference pieces for mistakes
def _cost(A3, Y, parameters, lambd, factor=0.5, layers=(1, 2, 3), biases=False, cross_entropy=True):
    m = Y.shape[1]
    penalty = sum(np.sum(np.square(parameters[f"W{l}"])) for l in layers)
    if biases:
        penalty += sum(np.sum(np.square(parameters[f"b{l}"])) for l in layers)
    return (compute_cost(A3, Y) if cross_entropy else 0.0) + lambd * factor / m * penalty


def _back_reg(X, Y, cache, lambd, term=lambda lambd, m, W: lambd / m * W, on_db=False, layers=(1, 2, 3)):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    reg = {l: (term(lambd, m, W) if l in layers else 0) for l, W in ((1, W1), (2, W2), (3, W3))}
    regb = {l: (term(lambd, m, b) if on_db else 0) for l, b in ((1, b1), (2, b2), (3, b3))}
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m + reg[3]
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m + regb[3]
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m + reg[2]
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m + regb[2]
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m + reg[1]
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m + regb[1]
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def _fwd_drop(X, parameters, keep_prob=0.5, scale=True, mask=lambda D, k: (D < k).astype(int), seed=None,
              draw=None):
    """The dropout forward pass; the masks come from the global generator, seeded first if ``seed`` is given."""
    if seed is not None:
        np.random.seed(seed)
    draw = draw or np.random.rand
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    D1 = mask(draw(A1.shape[0], A1.shape[1]), keep_prob)
    A1 = A1 * D1 / (keep_prob if scale else 1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    D2 = mask(draw(A2.shape[0], A2.shape[1]), keep_prob)
    A2 = A2 * D2 / (keep_prob if scale else 1)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def _back_drop(X, Y, cache, keep_prob, scale=lambda dA, k: dA / k, use_mask=True):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = scale(W3.T @ dZ3 * (D2 if use_mask else 1), keep_prob)
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = scale(W2.T @ dZ2 * (D1 if use_mask else 1), keep_prob)
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# ---------------------------------------------------------------- cases
# The check seeds NumPy's global generator with DROPOUT_SEED before each case of
# forward_propagation_with_dropout; the function itself must not seed, or training would draw the
# same masks in every iteration. A seed that differs from the classic's np.random.seed(1) makes a
# function that still seeds itself fail, and the seeds a learner is likely to type get a hint.
DROPOUT_SEED = 7
COMMON_SEEDS = (0, 1, 2, 3, 42)
SELF_SEEDED = ("do not call np.random.seed inside forward_propagation_with_dropout: the check seeds the "
               "generator before each case, and in training a seed inside the function gives the same masks "
               "in every iteration. Draw D1, then D2, with np.random.rand.")


def _cost_case(dims, m, seed, lambd, note):
    A3, Y, P = _a3(dims, m, seed)
    return Case((A3, Y, P, lambd), note=note)


def _back_reg_case(dims, m, seed, lambd, note):
    X, Y = _data(dims[0], m, seed)
    _, cache = forward_propagation(X, _params(dims, seed + 1))
    return Case((X, Y, cache, lambd), note=note)


def _fwd_drop_case(dims, m, seed, keep_prob, note):
    X, _ = _data(dims[0], m, seed)
    P = _params(dims, seed + 1)
    return Case((X, P), {} if keep_prob is None else {"keep_prob": keep_prob}, note=note)


def _back_drop_case(dims, m, seed, keep_prob, note):
    X, Y = _data(dims[0], m, seed)
    _, cache = _fwd_drop(X, _params(dims, seed + 1), keep_prob, seed=1)
    return Case((X, Y, cache, keep_prob), note=note)


SPECS = {
    "compute_cost_with_regularization": Spec(
        public=[_cost_case([3, 2, 3, 1], 5, 1, 0.1, "a [3, 2, 3, 1] network, 5 examples, lambd = 0.1")],
        hidden=[_cost_case([2, 20, 3, 1], 12, 2, 0.7, "the notebook's [2, 20, 3, 1] network, lambd = 0.7"),
                _cost_case([4, 3, 2, 1], 7, 3, 2.5, "lambd = 2.5"),
                _cost_case([3, 4, 4, 1], 6, 4, 0.0, "lambd = 0: the plain cross-entropy")],
        mistakes=[Mistake("the penalty is (1/m) * (lambd/2) * sum of squares: the factor 1/2 is missing.",
                          lambda A3, Y, p, lambd: _cost(A3, Y, p, lambd, factor=1.0)),
                  Mistake("sum the squares of all three weight matrices W1, W2 and W3.",
                          lambda A3, Y, p, lambd: _cost(A3, Y, p, lambd, layers=(1, 2))),
                  Mistake("only the weights are penalised, not the biases b1, b2, b3.",
                          lambda A3, Y, p, lambd: _cost(A3, Y, p, lambd, biases=True)),
                  Mistake("add the penalty to the cross-entropy cost compute_cost(A3, Y); it is not the whole cost.",
                          lambda A3, Y, p, lambd: _cost(A3, Y, p, lambd, cross_entropy=False))],
    ),
    "backward_propagation_with_regularization": Spec(
        public=[_back_reg_case([3, 2, 3, 1], 5, 1, 0.7, "a [3, 2, 3, 1] network, 5 examples, lambd = 0.7")],
        hidden=[_back_reg_case([2, 20, 3, 1], 12, 2, 0.7, "the notebook's [2, 20, 3, 1] network"),
                _back_reg_case([4, 3, 2, 1], 7, 3, 2.5, "lambd = 2.5"),
                _back_reg_case([3, 4, 4, 1], 6, 4, 0.0, "lambd = 0: the plain gradients")],
        mistakes=[Mistake("the regularisation term of dW is (lambd / m) * W: divide by m.",
                          lambda X, Y, c, lambd: _back_reg(X, Y, c, lambd, term=lambda la, m, W: la * W)),
                  Mistake("the derivative of (lambd / (2m)) * W**2 is (lambd / m) * W, not (lambd / (2m)) * W.",
                          lambda X, Y, c, lambd: _back_reg(X, Y, c, lambd,
                                                           term=lambda la, m, W: la / (2 * m) * W)),
                  Mistake("the biases are not penalised: db1, db2, db3 do not change.",
                          lambda X, Y, c, lambd: _back_reg(X, Y, c, lambd, on_db=True)),
                  Mistake("add (lambd / m) * W to each of dW1, dW2 and dW3.",
                          lambda X, Y, c, lambd: _back_reg(X, Y, c, lambd, layers=(2, 3))),
                  Mistake("add (lambd / m) * W to each of dW1, dW2 and dW3.",
                          lambda X, Y, c, lambd: _back_reg(X, Y, c, lambd, layers=(3,)))],
    ),
    "forward_propagation_with_dropout": Spec(
        public=[_fwd_drop_case([3, 2, 3, 1], 5, 1, 0.7, "a [3, 2, 3, 1] network, 5 examples, keep_prob = 0.7")],
        hidden=[_fwd_drop_case([2, 20, 3, 1], 12, 2, 0.86, "the notebook's [2, 20, 3, 1] network, keep_prob = 0.86"),
                _fwd_drop_case([4, 6, 5, 1], 8, 3, None, "the default keep_prob = 0.5"),
                _fwd_drop_case([3, 4, 4, 1], 6, 4, 1.0, "keep_prob = 1: no dropout")],
        seed=DROPOUT_SEED,
        mistakes=[Mistake("inverted dropout divides the kept activations by keep_prob: A1 = A1 / keep_prob "
                          "(and A2 likewise).",
                          lambda X, p, keep_prob=0.5: _fwd_drop(X, p, keep_prob, scale=False, seed=DROPOUT_SEED)),
                  Mistake("a unit is kept when its random number is below keep_prob: D1 = (D1 < keep_prob).",
                          lambda X, p, keep_prob=0.5: _fwd_drop(X, p, keep_prob, seed=DROPOUT_SEED,
                                                                mask=lambda D, k: (D > k).astype(int))),
                  *(Mistake(SELF_SEEDED, lambda X, p, keep_prob=0.5, s=s: _fwd_drop(X, p, keep_prob, seed=s))
                    for s in COMMON_SEEDS),
                  Mistake("draw the masks with np.random.rand (uniform on [0, 1)), not np.random.randn.",
                          lambda X, p, keep_prob=0.5: _fwd_drop(X, p, keep_prob, seed=DROPOUT_SEED,
                                                                draw=np.random.randn))],
    ),
    "backward_propagation_with_dropout": Spec(
        public=[_back_drop_case([3, 2, 3, 1], 5, 1, 0.8, "a [3, 2, 3, 1] network, 5 examples, keep_prob = 0.8")],
        hidden=[_back_drop_case([2, 20, 3, 1], 12, 2, 0.86, "the notebook's [2, 20, 3, 1] network, keep_prob = 0.86"),
                _back_drop_case([4, 6, 5, 1], 8, 3, 0.5, "keep_prob = 0.5"),
                _back_drop_case([3, 4, 4, 1], 6, 4, 1.0, "keep_prob = 1: no dropout")],
        mistakes=[Mistake("divide dA2 and dA1 by keep_prob after applying the masks, as the forward pass did.",
                          lambda X, Y, c, k: _back_drop(X, Y, c, k, scale=lambda dA, kp: dA)),
                  Mistake("divide by keep_prob, don't multiply.",
                          lambda X, Y, c, k: _back_drop(X, Y, c, k, scale=lambda dA, kp: dA * kp)),
                  Mistake("apply the masks: dA2 = dA2 * D2 and dA1 = dA1 * D1, so that the dropped units get no gradient.",
                          lambda X, Y, c, k: _back_drop(X, Y, c, k, use_mask=False))],
    ),
}
