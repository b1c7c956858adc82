"""Vectorised building blocks of fully connected networks, with the classic keys and caches.

These are the course's reference layers: later notebooks import them so that a mistake
made in an earlier exercise does not spoil a later one. Data is column-per-example,
``X.shape == (n_x, m)``; parameters are ``{"W1": ..., "b1": ..., ...}``; caches are
``linear_cache = (A_prev, W, b)``, ``activation_cache = Z`` and
``cache = (linear_cache, activation_cache)``.
"""

from __future__ import annotations

import numpy as np


def sigmoid(Z):
    """
    Sigmoid activation.

    Z -- array of any shape
    Returns A -- sigmoid(Z), same shape as Z; cache -- Z
    """
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    """
    ReLU activation.

    Z -- array of any shape
    Returns A -- max(0, Z), same shape as Z; cache -- Z
    """
    return np.maximum(0, Z), Z


def tanh(Z):
    """tanh activation. Returns A -- tanh(Z); cache -- Z"""
    return np.tanh(Z), Z


def sigmoid_backward(dA, cache):
    """
    Backward pass of a sigmoid unit.

    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z of the forward pass
    Returns dZ -- gradient of the cost with respect to Z
    """
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """Backward pass of a ReLU unit. Returns dZ, the same shape as dA."""
    return np.where(cache > 0, dA, 0.0)


def tanh_backward(dA, cache):
    """Backward pass of a tanh unit. Returns dZ."""
    return dA * (1 - np.tanh(cache) ** 2)


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_backward), "relu": (relu, relu_backward),
               "tanh": (tanh, tanh_backward)}


def initialize_parameters_deep(layer_dims, seed=1, scale="xavier"):
    """
    Random weights and zero biases for an L-layer network.

    layer_dims -- list [n_x, n_1, ..., n_L]
    seed -- np.random.seed(seed) is called first (None: don't seed)
    scale -- a number (W = randn * scale), "xavier" (randn / sqrt(n_prev)) or "he" (randn * sqrt(2 / n_prev))
    Returns parameters -- dict with "W1" (n_1, n_x), "b1" (n_1, 1), ..., "WL", "bL"
    """
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        if scale == "xavier":
            factor = 1 / np.sqrt(n_prev)
        elif scale == "he":
            factor = np.sqrt(2 / n_prev)
        else:
            factor = float(scale)
        parameters[f"W{l}"] = np.random.randn(n, n_prev) * factor
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def linear_forward(A, W, b):
    """
    A -- activations of the previous layer, (n_prev, m); W -- (n, n_prev); b -- (n, 1)
    Returns Z -- (n, m); cache -- (A, W, b)
    """
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """
    LINEAR -> ACTIVATION.

    activation -- "sigmoid", "relu" or "tanh"
    Returns A -- (n, m); cache -- (linear_cache, activation_cache)
    """
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = ACTIVATIONS[activation][0](Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters, hidden="relu", output="sigmoid"):
    """
    [LINEAR -> hidden] * (L-1) -> LINEAR -> output.

    X -- (n_x, m); parameters -- dict of W1, b1, ..., WL, bL
    Returns AL -- (n_L, m); caches -- list of L caches

    Parameters stacked along a leading axis (W1 (K, n_1, n_x), b1 (K, n_1, 1), ...) run
    K networks side by side on the same X: AL is then (K, n_L, m).
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], hidden)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], output)
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """
    Cross-entropy cost of a sigmoid output.

    AL -- probabilities, (1, m); Y -- labels 0/1, (1, m)
    Returns cost -- a float
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    return float(-np.sum(np.nan_to_num(logprobs, nan=0.0)) / m)


def linear_backward(dZ, cache):
    """
    dZ -- (n, m); cache -- (A_prev, W, b)
    Returns dA_prev -- (n_prev, m); dW -- (n, n_prev); db -- (n, 1)

    A stack of networks trained side by side works too: dZ, W and b may carry leading
    axes, e.g. dZ (K, n, m) and W (K, n, n_prev), and A_prev (n_prev, m) or (K, n_prev, m).
    """
    A_prev, W, _ = cache
    m = A_prev.shape[-1]
    dW = dZ @ np.swapaxes(A_prev, -1, -2) / m
    db = np.sum(dZ, axis=-1, keepdims=True) / m
    dA_prev = np.swapaxes(W, -1, -2) @ dZ
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward pass of LINEAR -> ACTIVATION. Returns dA_prev, dW, db."""
    linear_cache, activation_cache = cache
    dZ = ACTIVATIONS[activation][1](dA, activation_cache)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches, hidden="relu"):
    """
    Gradients of the cross-entropy cost of a sigmoid-output network.

    AL -- (1, m); Y -- (1, m); caches -- from L_model_forward
    Returns grads -- dict with "dA0", ..., "dA{L-1}", "dW1", "db1", ..., "dWL", "dbL"

    For a stack of K networks (parameters with a leading axis, W1 (K, n_1, n_x), ...),
    AL is (K, 1, m), Y stays (1, m) and every gradient gets the leading axis.
    """
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape[-2:])
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(dAL, caches[-1], "sigmoid")
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads[f"dA{l + 1}"], caches[l], hidden)
        grads[f"dA{l}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = dA_prev, dW, db
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent; returns a new dict (the input is not modified)."""
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


def predict(X, parameters, hidden="relu"):
    """
    Labels predicted by an L-layer sigmoid-output network.

    X -- (n_x, m)
    Returns p -- (1, m) array of 0/1 floats
    """
    AL, _ = L_model_forward(X, parameters, hidden)
    return (AL > 0.5).astype(float)


def accuracy(predictions, Y):
    """Fraction of columns where predictions equal the labels Y (both (1, m))."""
    return float(np.mean(predictions == Y))
