"""Variants of c2w1-regularization."""

import numpy as np

from helpers.reg_utils import compute_cost, relu, sigmoid
from variants import Variants

VARIANTS = Variants("c2w1-regularization")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ---------------------------------------------------------------- L2 cost
@ok("compute_cost_with_regularization")
def cost_loop(A3, Y, parameters, lambd):
    m = Y.shape[1]
    total = 0.0
    for l in range(1, len(parameters) // 2 + 1):
        total += float(np.sum(parameters["W" + str(l)] ** 2))
    return compute_cost(A3, Y) + lambd / (2 * m) * total


@ok("compute_cost_with_regularization")
def cost_norm(A3, Y, parameters, lambd):
    m = Y.shape[1]
    frob = sum(np.linalg.norm(parameters[k], "fro") ** 2 for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + 0.5 * lambd * frob / m


@ok("compute_cost_with_regularization")
def cost_own_cross_entropy(A3, Y, parameters, lambd):
    m = Y.shape[1]
    ce = -np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m
    return ce + lambd / (2 * m) * sum(float(np.vdot(W, W)) for W in (parameters["W1"], parameters["W2"], parameters["W3"]))


@wrong("compute_cost_with_regularization", "factor 1/2 is missing")
def cost_no_half(A3, Y, parameters, lambd):
    m = Y.shape[1]
    return compute_cost(A3, Y) + lambd / m * sum(np.sum(np.square(parameters[k])) for k in ("W1", "W2", "W3"))


@wrong("compute_cost_with_regularization", "not the biases")
def cost_with_biases(A3, Y, parameters, lambd):
    m = Y.shape[1]
    return compute_cost(A3, Y) + lambd / (2 * m) * sum(np.sum(np.square(v)) for v in parameters.values())


@wrong("compute_cost_with_regularization", "W1, W2 and W3")
def cost_missing_w3(A3, Y, parameters, lambd):
    m = Y.shape[1]
    return compute_cost(A3, Y) + lambd / (2 * m) * (np.sum(np.square(parameters["W1"])) + np.sum(np.square(parameters["W2"])))


# ---------------------------------------------------------------- L2 backward
def _back(X, Y, cache, lambd, term):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dA2 = W3.T @ dZ3
    dZ2 = np.where(Z2 > 0, dA2, 0.0)
    dA1 = W2.T @ dZ2
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    return {"dZ3": dZ3, "dW3": dZ3 @ A2.T / m + term(lambd, m, W3), "db3": dZ3.sum(axis=1, keepdims=True) / m,
            "dA2": dA2, "dZ2": dZ2, "dW2": dZ2 @ A1.T / m + term(lambd, m, W2),
            "db2": dZ2.sum(axis=1, keepdims=True) / m, "dA1": dA1, "dZ1": dZ1,
            "dW1": dZ1 @ X.T / m + term(lambd, m, W1), "db1": dZ1.sum(axis=1, keepdims=True) / m}


@ok("backward_propagation_with_regularization")
def back_reg_matmul_z(X, Y, cache, lambd):
    return _back(X, Y, cache, lambd, lambda la, m, W: la / m * W)


@ok("backward_propagation_with_regularization")
def back_reg_factored(X, Y, cache, lambd):
    return _back(X, Y, cache, lambd, lambda la, m, W: (la * W) / m)


@ok("backward_propagation_with_regularization")
def back_reg_float32(X, Y, cache, lambd):
    g = _back(X, Y, cache, lambd, lambda la, m, W: la / m * W)
    return {k: v.astype(np.float32).astype(np.float64) if k.startswith("dW") else v for k, v in g.items()}


@wrong("backward_propagation_with_regularization", "divide by m")
def back_reg_no_m(X, Y, cache, lambd):
    return _back(X, Y, cache, lambd, lambda la, m, W: la * W)


@wrong("backward_propagation_with_regularization", "not (lambd / (2m)) * W")
def back_reg_half(X, Y, cache, lambd):
    return _back(X, Y, cache, lambd, lambda la, m, W: la / (2 * m) * W)


@wrong("backward_propagation_with_regularization", "biases are not penalised")
def back_reg_db(X, Y, cache, lambd):
    g = _back(X, Y, cache, lambd, lambda la, m, W: la / m * W)
    m = X.shape[1]
    for l, b in ((1, cache[3]), (2, cache[7]), (3, cache[11])):
        g[f"db{l}"] = g[f"db{l}"] + lambd / m * b
    return g


# ---------------------------------------------------------------- dropout forward
# The check seeds the global generator before each case; a correct function draws D1, then D2,
# with np.random.rand and does not seed it itself.
def _fwd(X, parameters, keep_prob, mask, scale=True, seed=None, draw=np.random.rand):
    if seed is not None:
        np.random.seed(seed)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = mask(draw(*Z1.shape), keep_prob)
    A1 = relu(Z1) * D1 / (keep_prob if scale else 1)
    Z2 = W2 @ A1 + b2
    D2 = mask(draw(*Z2.shape), keep_prob)
    A2 = relu(Z2) * D2 / (keep_prob if scale else 1)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


@ok("forward_propagation_with_dropout")
def fwd_drop_bool_mask(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k).astype(int))


@ok("forward_propagation_with_dropout")
def fwd_drop_where(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: np.where(D < k, 1, 0))


@ok("forward_propagation_with_dropout")
def fwd_drop_float_mask_random_sample(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k) * 1.0,
                draw=lambda *shape: np.random.random_sample(shape))


@wrong("forward_propagation_with_dropout", "A1 = A1 / keep_prob")
def fwd_drop_not_inverted(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k).astype(int), scale=False)


@wrong("forward_propagation_with_dropout", "below keep_prob")
def fwd_drop_flipped_mask(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D > k).astype(int))


@wrong("forward_propagation_with_dropout", "do not call np.random.seed")
def fwd_drop_classic_seed(X, parameters, keep_prob=0.5):
    """The classic's np.random.seed(1) inside the function: the same masks at every call."""
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k).astype(int), seed=1)


@wrong("forward_propagation_with_dropout", "do not call np.random.seed")
def fwd_drop_seed_zero(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k).astype(int), seed=0)


@wrong("forward_propagation_with_dropout", "not np.random.randn")
def fwd_drop_randn(X, parameters, keep_prob=0.5):
    return _fwd(X, parameters, keep_prob, lambda D, k: (D < k).astype(int), draw=np.random.randn)


# ---------------------------------------------------------------- dropout backward
def _bwd(X, Y, cache, keep_prob, scale, use_mask=True):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dA2 = scale(np.dot(W3.T, dZ3) * (D2 if use_mask else 1), keep_prob)
    dZ2 = dA2 * (A2 > 0)
    dA1 = scale(np.dot(W2.T, dZ2) * (D1 if use_mask else 1), keep_prob)
    dZ1 = dA1 * (A1 > 0)
    return {"dZ3": dZ3, "dW3": np.dot(dZ3, A2.T) / m, "db3": np.mean(dZ3, axis=1, keepdims=True),
            "dA2": dA2, "dZ2": dZ2, "dW2": np.dot(dZ2, A1.T) / m, "db2": np.mean(dZ2, axis=1, keepdims=True),
            "dA1": dA1, "dZ1": dZ1, "dW1": np.dot(dZ1, X.T) / m, "db1": np.mean(dZ1, axis=1, keepdims=True)}


@ok("backward_propagation_with_dropout")
def back_drop_mean(X, Y, cache, keep_prob):
    return _bwd(X, Y, cache, keep_prob, lambda dA, k: dA / k)


@ok("backward_propagation_with_dropout")
def back_drop_times_inverse(X, Y, cache, keep_prob):
    return _bwd(X, Y, cache, keep_prob, lambda dA, k: dA * (1.0 / k))


@ok("backward_propagation_with_dropout")
def back_drop_where(X, Y, cache, keep_prob):
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    m = X.shape[1]
    dZ3 = A3 - Y
    dA2 = np.where(D2 == 1, W3.T @ dZ3, 0.0) / keep_prob
    dZ2 = np.where(A2 > 0, dA2, 0.0)
    dA1 = np.where(D1 == 1, W2.T @ dZ2, 0.0) / keep_prob
    dZ1 = np.where(A1 > 0, dA1, 0.0)
    return {"dZ3": dZ3, "dW3": dZ3 @ A2.T / m, "db3": dZ3.sum(1, keepdims=True) / m, "dA2": dA2, "dZ2": dZ2,
            "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(1, keepdims=True) / m, "dA1": dA1, "dZ1": dZ1,
            "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(1, keepdims=True) / m}


@wrong("backward_propagation_with_dropout", "as the forward pass did")
def back_drop_no_scale(X, Y, cache, keep_prob):
    return _bwd(X, Y, cache, keep_prob, lambda dA, k: dA)


@wrong("backward_propagation_with_dropout", "don't multiply")
def back_drop_multiply(X, Y, cache, keep_prob):
    return _bwd(X, Y, cache, keep_prob, lambda dA, k: dA * k)


@wrong("backward_propagation_with_dropout", "apply the masks")
def back_drop_no_mask(X, Y, cache, keep_prob):
    return _bwd(X, Y, cache, keep_prob, lambda dA, k: dA / k, use_mask=False)
