"""What the deep-network application notebook imports, as the classic imported ``dnn_app_utils``.

The building blocks are the course's reference layers of :mod:`helpers.dnn` (so a mistake made
in the step-by-step notebook does not spoil the application), plus the two classic
initialisers with their classic signatures and draws, and a short logistic regression to
compare against.

The initialisers return **float32** parameters by default. Trained on float32 data, every
matrix product then runs in single precision, which takes about half the time of double
precision; the draws are the classic ones (``np.random.seed(1)``, then ``randn``), rounded to
float32. Pass ``dtype=np.float64`` for the classic double-precision parameters.
"""

from __future__ import annotations

import numpy as np

from helpers import dnn
from helpers.dnn import (
    L_model_backward,
    L_model_forward,
    accuracy,
    compute_cost,
    linear_activation_backward,
    linear_activation_forward,
    predict,
    relu,
    sigmoid,
    update_parameters,
)

__all__ = ["L_model_backward", "L_model_forward", "accuracy", "compute_cost", "initialize_parameters",
           "initialize_parameters_deep", "linear_activation_backward", "linear_activation_forward",
           "logistic_regression", "predict", "predict_logistic", "relu", "sigmoid", "update_parameters"]


def _as(parameters, dtype):
    return {key: value.astype(dtype) for key, value in parameters.items()}


def initialize_parameters(n_x, n_h, n_y, dtype=np.float32):
    """
    Parameters of a 2-layer network, as the classic: np.random.seed(1), W = randn * 0.01, b = 0.

    Arguments:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer
    dtype -- dtype of the returned arrays (float32 by default, see the module's docstring)

    Returns:
    parameters -- dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)
    """
    return _as(dnn.initialize_parameters_deep([n_x, n_h, n_y], seed=1, scale=0.01), dtype)


def initialize_parameters_deep(layer_dims, dtype=np.float32):
    """
    Parameters of an L-layer network, as the classic application:
    np.random.seed(1), W = randn(n_l, n_{l-1}) / sqrt(n_{l-1}), b = 0.

    Arguments:
    layer_dims -- list [n_x, n_1, ..., n_L] of the layer sizes
    dtype -- dtype of the returned arrays (float32 by default, see the module's docstring)

    Returns:
    parameters -- dict with "W1" (n_1, n_x), "b1" (n_1, 1), ..., "WL", "bL"
    """
    return _as(dnn.initialize_parameters_deep(layer_dims, seed=1, scale="xavier"), dtype)


def logistic_regression(X, Y, num_iterations=2000, learning_rate=0.005):
    """
    Logistic regression trained by full-batch gradient descent from w = 0, b = 0, as in c1w2.

    The iterates are those of the plain loop ``A = sigmoid(w.T X + b)``,
    ``w -= learning_rate * X (A - Y).T / m``, ``b -= learning_rate * sum(A - Y) / m``, computed
    faster: starting from zero, every update adds a combination of the training images to w,
    so w = X c for a vector c of m coefficients, and w.T X = c.T (X.T X). Each iteration then
    costs an (m, m) product instead of two products with the (n_x, m) data. Computed in float64.

    Arguments:
    X -- data of shape (n_x, m)
    Y -- labels 0/1 of shape (1, m)
    num_iterations -- number of gradient-descent iterations
    learning_rate -- the step size

    Returns:
    w -- weights (n_x, 1); b -- bias, a float; costs -- the cost every 100 iterations
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    m = X.shape[1]
    gram = X.T @ X
    c = np.zeros((m, 1))
    b = 0.0
    costs = []
    for i in range(num_iterations):
        A = 1 / (1 + np.exp(-(c.T @ gram + b)))
        if i % 100 == 0:
            costs.append(compute_cost(A, Y))
        c = c - learning_rate * (A - Y).T / m
        b = b - learning_rate * float(np.sum(A - Y)) / m
    return X @ c, b, costs


def predict_logistic(w, b, X):
    """Labels (1, m) of 0/1 floats predicted by logistic regression: 1 where sigmoid(w.T X + b) > 0.5."""
    return (1 / (1 + np.exp(-(w.T @ X + b))) > 0.5).astype(float)
