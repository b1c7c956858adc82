"""Variants of c2w3-multiclass-batchnorm."""

import math

import numpy as np
import scipy.special

from variants import Variants

VARIANTS = Variants("c2w3-multiclass-batchnorm")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# one_hot_matrix

@ok("one_hot_matrix")
def one_hot_matrix_loops(labels, C):
    labels = np.asarray(labels).ravel()
    one_hot = np.zeros((C, labels.size))
    for j, label in enumerate(labels):
        one_hot[label, j] = 1.0
    return one_hot


@ok("one_hot_matrix")
def one_hot_matrix_compare(labels, C):
    return (np.arange(C).reshape(-1, 1) == np.asarray(labels).reshape(1, -1)).astype(float)


@ok("one_hot_matrix")
def one_hot_matrix_eye_transposed(labels, C):
    return np.eye(C)[np.asarray(labels).reshape(-1)].T


@wrong("one_hot_matrix", "np.eye(C)[:, labels]")
def one_hot_matrix_rows(labels, C):
    return np.eye(C)[np.asarray(labels).reshape(-1)]


@wrong("one_hot_matrix", "largest label + 1")
def one_hot_matrix_max_label(labels, C):
    labels = np.asarray(labels).reshape(-1)
    return np.eye(labels.max() + 1)[:, labels]


@wrong("one_hot_matrix", "shape")
def one_hot_matrix_not_flattened(labels, C):
    return np.eye(C)[:, labels]


# softmax

@ok("softmax")
def softmax_scipy(Z):
    return scipy.special.softmax(Z, axis=0)


@ok("softmax")
def softmax_logsumexp(Z):
    return np.exp(Z - scipy.special.logsumexp(Z, axis=0, keepdims=True))


@ok("softmax")
def softmax_loops(Z):
    A = np.zeros(Z.shape)
    for j in range(Z.shape[1]):
        top = max(Z[:, j])
        total = sum(math.exp(z - top) for z in Z[:, j])
        for i in range(Z.shape[0]):
            A[i, j] = math.exp(Z[i, j] - top) / total
    return A


@wrong("softmax", "axis=0")
def softmax_rows(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@wrong("softmax", "subtract the maximum of each column")
def softmax_naive(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)


@wrong("softmax", "not of the whole matrix")
def softmax_global_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=0, keepdims=True)


@wrong("softmax", "in place")
def softmax_in_place(Z):
    Z -= Z.max(axis=0, keepdims=True)
    np.exp(Z, out=Z)
    return Z / Z.sum(axis=0, keepdims=True)


# compute_cost_softmax

@ok("compute_cost_softmax")
def compute_cost_softmax_mean_of_columns(AL, Y):
    return float(np.mean(-np.sum(Y * np.log(AL), axis=0)))


@ok("compute_cost_softmax")
def compute_cost_softmax_true_class(AL, Y):
    return -np.log(AL[Y == 1]).sum() / Y.shape[1]


@ok("compute_cost_softmax")
def compute_cost_softmax_loops(AL, Y):
    total = 0.0
    for j in range(Y.shape[1]):
        for i in range(Y.shape[0]):
            if Y[i, j]:
                total -= math.log(AL[i, j])
    return total / Y.shape[1]


@wrong("compute_cost_softmax", "does not belong here")
def compute_cost_softmax_binary(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])


@wrong("compute_cost_softmax", "not over all C * m entries")
def compute_cost_softmax_mean_all(AL, Y):
    return float(-np.mean(Y * np.log(AL)))


@wrong("compute_cost_softmax", "divide the sum by m")
def compute_cost_softmax_sum(AL, Y):
    return float(-np.sum(Y * np.log(AL)))


# softmax_backward

@ok("softmax_backward")
def softmax_backward_subtract(AL, Y):
    return np.subtract(AL, Y)


@ok("softmax_backward")
def softmax_backward_float32(AL, Y):
    return AL.astype(np.float32) - Y.astype(np.float32)


@ok("softmax_backward")
def softmax_backward_loops(AL, Y):
    dZ = np.empty(AL.shape)
    for i in range(AL.shape[0]):
        for j in range(AL.shape[1]):
            dZ[i, j] = AL[i, j] - Y[i, j]
    return dZ


@wrong("softmax_backward", "has no 1/m")
def softmax_backward_mean(AL, Y):
    return (AL - Y) / Y.shape[1]


@wrong("softmax_backward", "not Y - AL")
def softmax_backward_sign(AL, Y):
    return Y - AL


@wrong("softmax_backward", "does not belong here")
def softmax_backward_sigmoid_factor(AL, Y):
    return (AL - Y) * AL * (1 - AL)


# batchnorm_forward

@ok("batchnorm_forward")
def batchnorm_forward_explicit(Z, gamma, beta, bn_param):
    n, m = Z.shape
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    if bn_param["mode"] == "train":
        mu = Z.sum(axis=1, keepdims=True) / m
        var = ((Z - mu) ** 2).sum(axis=1, keepdims=True) / m
        bn_param["running_mean"] = momentum * bn_param.get("running_mean", np.zeros((n, 1))) + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param.get("running_var", np.zeros((n, 1))) + (1 - momentum) * var
    else:
        mu, var = bn_param["running_mean"], bn_param["running_var"]
    Z_norm = (Z - mu) / np.sqrt(var + eps)
    return gamma * Z_norm + beta, (Z, Z_norm, mu, var, gamma, beta, eps)


@ok("batchnorm_forward")
def batchnorm_forward_in_place_running(Z, gamma, beta, bn_param):
    """Updates the running averages of the caller's arrays in place (after making sure they exist)."""
    n = Z.shape[0]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    if "running_mean" not in bn_param:
        bn_param["running_mean"] = np.zeros((n, 1))
        bn_param["running_var"] = np.zeros((n, 1))
    if bn_param["mode"] == "train":
        mu = np.mean(Z, axis=1).reshape(n, 1)
        var = np.var(Z, axis=1).reshape(n, 1)
        bn_param["running_mean"] *= momentum
        bn_param["running_mean"] += (1 - momentum) * mu
        bn_param["running_var"] *= momentum
        bn_param["running_var"] += (1 - momentum) * var
    else:
        mu = bn_param["running_mean"]
        var = bn_param["running_var"]
    std = np.sqrt(var + eps)
    Z_norm = (Z - mu) / std
    return Z_norm * gamma + beta, (Z, Z_norm, mu, var, gamma, beta, eps)


@ok("batchnorm_forward")
def batchnorm_forward_loops(Z, gamma, beta, bn_param):
    n, m = Z.shape
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    train = bn_param["mode"] == "train"
    mu, var = np.zeros((n, 1)), np.zeros((n, 1))
    rm = bn_param.get("running_mean", np.zeros((n, 1)))
    rv = bn_param.get("running_var", np.zeros((n, 1)))
    for i in range(n):
        if train:
            mu[i, 0] = sum(Z[i]) / m
            var[i, 0] = sum((z - mu[i, 0]) ** 2 for z in Z[i]) / m
        else:
            mu[i, 0], var[i, 0] = rm[i, 0], rv[i, 0]
    if train:
        bn_param["running_mean"] = momentum * rm + (1 - momentum) * mu
        bn_param["running_var"] = momentum * rv + (1 - momentum) * var
    Z_norm = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            Z_norm[i, j] = (Z[i, j] - mu[i, 0]) / math.sqrt(var[i, 0] + eps)
    return gamma * Z_norm + beta, (Z, Z_norm, mu, var, gamma, beta, eps)


def _bn(Z, gamma, beta, bn_param, axis=1, ddof=0, eps_inside=True, test_uses_batch=False, update=True,
        swap=False):
    n = Z.shape[0]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    rm = bn_param.get("running_mean", np.zeros((n, 1)))
    rv = bn_param.get("running_var", np.zeros((n, 1)))
    if bn_param["mode"] == "train" or test_uses_batch:
        mu = np.mean(Z, axis=axis, keepdims=True)
        var = np.var(Z, axis=axis, keepdims=True, ddof=ddof)
        if bn_param["mode"] == "train" and update:
            a, b = (1 - momentum, momentum) if swap else (momentum, 1 - momentum)
            bn_param["running_mean"] = a * rm + b * mu
            bn_param["running_var"] = a * rv + b * var
    else:
        mu, var = rm, rv
    Z_norm = (Z - mu) / (np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps)
    return gamma * Z_norm + beta, (Z, Z_norm, mu, var, gamma, beta, eps)


@wrong("batchnorm_forward", "axis=1")
def batchnorm_forward_axis0(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, axis=0)


@wrong("batchnorm_forward", "not by m - 1")
def batchnorm_forward_unbiased(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, ddof=1)


@wrong("batchnorm_forward", "eps goes inside the square root")
def batchnorm_forward_eps_outside(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, eps_inside=False)


@wrong("batchnorm_forward", "not with the statistics of the batch")
def batchnorm_forward_test_uses_batch(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, test_uses_batch=True)


@wrong("batchnorm_forward", "must update `bn_param` in place")
def batchnorm_forward_no_running_update(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, update=False)


@wrong("batchnorm_forward", "`bn_param` after the call")
def batchnorm_forward_momentum_swapped(Z, gamma, beta, bn_param):
    return _bn(Z, gamma, beta, bn_param, swap=True)


@wrong("batchnorm_forward", "unexpected keys ['eps', 'momentum']")
def batchnorm_forward_setdefault(Z, gamma, beta, bn_param):
    bn_param.setdefault("eps", 1e-5)
    bn_param.setdefault("momentum", 0.9)
    return _bn(Z, gamma, beta, bn_param)


@wrong("batchnorm_forward", "modified its input `Z` in place")
def batchnorm_forward_centres_Z_in_place(Z, gamma, beta, bn_param):
    out, cache = _bn(Z.copy(), gamma, beta, bn_param)
    Z -= cache[2]
    return out, (Z + cache[2],) + cache[1:]


# batchnorm_backward

@ok("batchnorm_backward")
def batchnorm_backward_graph(dout, cache):
    """Step by step through the computational graph (CS231n style)."""
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    m = Z.shape[1]
    dbeta = dout.sum(axis=1, keepdims=True)
    dgamma = (dout * Z_norm).sum(axis=1, keepdims=True)
    dZ_norm = dout * gamma
    inv_std = 1 / np.sqrt(var + eps)
    Z_mu = Z - mu
    dvar = np.sum(dZ_norm * Z_mu, axis=1, keepdims=True) * -0.5 * inv_std ** 3
    dmu = np.sum(-dZ_norm * inv_std, axis=1, keepdims=True) + dvar * np.mean(-2 * Z_mu, axis=1, keepdims=True)
    dZ = dZ_norm * inv_std + dvar * 2 * Z_mu / m + dmu / m
    return dZ, dgamma, dbeta


@ok("batchnorm_backward")
def batchnorm_backward_means(dout, cache):
    _, Z_norm, _, var, gamma, _, eps = cache
    dZ_norm = dout * gamma
    dZ = (dZ_norm - dZ_norm.mean(axis=1, keepdims=True)
          - Z_norm * (dZ_norm * Z_norm).mean(axis=1, keepdims=True)) / np.sqrt(var + eps)
    return dZ, np.sum(dout * Z_norm, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


@ok("batchnorm_backward")
def batchnorm_backward_jacobian(dout, cache):
    """Row by row with the explicit m x m Jacobian of each normalised feature."""
    Z, Z_norm, mu, var, gamma, beta, eps = cache
    n, m = Z.shape
    dZ = np.zeros((n, m))
    for i in range(n):
        std = math.sqrt(var[i, 0] + eps)
        jac = (np.eye(m) - 1 / m - np.outer(Z_norm[i], Z_norm[i]) / m) / std
        dZ[i] = jac.T @ (dout[i] * gamma[i, 0])
    return dZ, np.sum(dout * Z_norm, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


@wrong("batchnorm_backward", "two more terms")
def batchnorm_backward_constant_stats(dout, cache):
    _, Z_norm, _, var, gamma, _, eps = cache
    return (dout * gamma / np.sqrt(var + eps), np.sum(dout * Z_norm, axis=1, keepdims=True),
            np.sum(dout, axis=1, keepdims=True))


@wrong("batchnorm_backward", "gamma multiplies the *normalised* Z")
def batchnorm_backward_dgamma_of_Z(dout, cache):
    dZ, _, dbeta = batchnorm_backward_means(dout, cache)
    return dZ, np.sum(dout * cache[0], axis=1, keepdims=True), dbeta


@wrong("batchnorm_backward", "don't forget gamma")
def batchnorm_backward_without_gamma(dout, cache):
    _, Z_norm, _, var, gamma, _, eps = cache
    dZ = (dout - dout.mean(axis=1, keepdims=True)
          - Z_norm * (dout * Z_norm).mean(axis=1, keepdims=True)) / np.sqrt(var + eps)
    return dZ, np.sum(dout * Z_norm, axis=1, keepdims=True), np.sum(dout, axis=1, keepdims=True)


@wrong("batchnorm_backward", "shape")
def batchnorm_backward_no_keepdims(dout, cache):
    dZ, dgamma, dbeta = batchnorm_backward_means(dout, cache)
    return dZ, dgamma.ravel(), dbeta.ravel()
