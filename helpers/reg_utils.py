"""The provided pieces of the 3-layer network of the regularisation notebook (c2w1-regularization).

LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, with the classic flat cache
``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` and gradients dict
``{"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}``.
Data is column-per-example: X of shape (n_x, m), Y of shape (1, m).
"""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    """Sigmoid of x, an array of any shape."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """ReLU of x, an array of any shape."""
    return np.maximum(0, x)


def initialize_parameters(layer_dims):
    """
    np.random.seed(3), then W{l} = randn(n_l, n_{l-1}) / sqrt(n_{l-1}) and b{l} = zeros((n_l, 1)).

    layer_dims -- list [n_x, n_1, ..., n_L]
    Returns parameters -- dict "W1", "b1", ..., "WL", "bL"
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """
    Forward pass of the 3-layer network without dropout.

    X -- (n_x, m); parameters -- dict with W1 (n_1, n_x), b1 (n_1, 1), ..., W3 (1, n_2), b3 (1, 1)
    Returns A3 -- (1, m); cache -- (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X, Y, cache):
    """
    Gradients of the cross-entropy cost of the 3-layer network without regularisation.

    X -- (n_x, m); Y -- (1, m); cache -- from forward_propagation
    Returns gradients -- dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_cost(a3, Y, epsilon=1e-15):
    """
    Cross-entropy cost, with a3 clipped to [epsilon, 1 - epsilon] so that a saturated output
    gives a large finite cost instead of inf/nan (the classic used np.nansum).

    a3 -- probabilities, (1, m); Y -- labels 0/1, (1, m)
    Returns cost -- a float
    """
    m = Y.shape[1]
    a3 = np.clip(a3, epsilon, 1 - epsilon)
    logprobs = -Y * np.log(a3) - (1 - Y) * np.log(1 - a3)
    return float(np.sum(logprobs) / m)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent; returns a new dict (the input is not modified)."""
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


def predict(X, parameters):
    """Labels 0/1 of the examples X (n_x, m) as a (1, m) integer array (no dropout at test time)."""
    a3, _ = forward_propagation(X, parameters)
    return (a3 > 0.5).astype(int)


def accuracy(X, Y, parameters):
    """Fraction of the examples of X whose predicted label equals Y (1, m)."""
    return float(np.mean(predict(X, parameters) == Y))
