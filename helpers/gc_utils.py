"""Utilities of the gradient-checking notebook (the classic ``gc_utils``), on top of helpers.gradcheck.

The N-dimensional exercise checks a 3-layer network LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID with layer sizes [4, 5, 3, 1]. Its parameters are rolled into one column
vector in the fixed order W1, b1, W2, b2, W3, b3 (and its gradients in the order dW1, db1,
..., db3), as in the classic assignment.
"""

from __future__ import annotations

import numpy as np

from helpers import gradcheck

KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")
LAYER_DIMS = (4, 5, 3, 1)


def _layout(layer_dims=LAYER_DIMS) -> list:
    layout = []
    for l in range(1, len(layer_dims)):
        layout += [(f"W{l}", (layer_dims[l], layer_dims[l - 1])), (f"b{l}", (layer_dims[l], 1))]
    return layout


def sigmoid(x):
    """Sigmoid of x, any shape."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """max(0, x), any shape."""
    return np.maximum(0, x)


def dictionary_to_vector(parameters):
    """
    Roll the parameters into one column vector, in the order W1, b1, W2, b2, W3, b3.

    parameters -- dict with "W1" (5, 4), "b1" (5, 1), "W2" (3, 5), "b2" (3, 1), "W3" (1, 3), "b3" (1, 1)
    Returns theta -- (47, 1); layout -- list of (key, shape), to undo it with vector_to_dictionary
    """
    return gradcheck.dictionary_to_vector(parameters, KEYS)


def vector_to_dictionary(theta, layout=None):
    """
    Unroll a column vector into the parameters dict (the inverse of dictionary_to_vector).

    theta -- (n, 1); layout -- as returned by dictionary_to_vector (default: the [4, 5, 3, 1] network)
    Returns parameters -- dict "W1", "b1", ..., "b3"
    """
    return gradcheck.vector_to_dictionary(theta, layout if layout is not None else _layout())


def gradients_to_vector(gradients):
    """
    Roll dW1, db1, dW2, db2, dW3, db3 into one column vector (other entries such as dZ1 are ignored).

    gradients -- dict from backward_propagation_n
    Returns theta -- (n, 1), in the same order as dictionary_to_vector's
    """
    return gradcheck.dictionary_to_vector(gradients, ["d" + k for k in KEYS])[0]


def forward_propagation_n(X, Y, parameters):
    """
    Forward pass and cost of LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    X -- (4, m); Y -- (1, m) labels 0/1; parameters -- dict W1, b1, W2, b2, W3, b3
    Returns cost -- the cross-entropy cost; cache -- (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    log_probs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1.0 / m * np.sum(log_probs)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache


def backward_propagation_n(X, Y, cache):
    """
    The correct backward pass of forward_propagation_n.

    Returns gradients -- dict dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def gradient_check_n_test_case(seed=1, m=3):
    """
    The small random example of the notebook: np.random.seed(seed), then X (4, m), W1, b1, W2, b2,
    W3, b3 drawn with np.random.randn in that order; Y alternates 1, 1, 0, 1, 1, 0, ...

    Returns X -- (4, m); Y -- (1, m); parameters -- dict W1 (5, 4), b1 (5, 1), ..., b3 (1, 1)
    """
    np.random.seed(seed)
    X = np.random.randn(4, m)
    Y = np.array([[1, 1, 0] * (m // 3) + [1, 1, 0][: m % 3]])
    parameters = {}
    for key, shape in _layout():
        parameters[key] = np.random.randn(*shape)
    return X, Y, parameters
