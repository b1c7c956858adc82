"""Variants of c1w4-deep-nn-application: other correct training loops, and typical mistakes."""

import numpy as np

from helpers import dnn
from helpers.dnn_app_utils import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)
from variants import Variants

VARIANTS = Variants("c1w4-deep-nn-application")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


def _two_layer(X, Y, layers_dims, learning_rate, num_iterations, *, hidden="relu", output="sigmoid",
               every=100, assign=True, refresh=True, sign=1, init=None):
    n_x, n_h, n_y = layers_dims
    parameters = init(layers_dims) if init else initialize_parameters(n_x, n_h, n_y)
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, hidden)
        A2, cache2 = linear_activation_forward(A1, W2, b2, output)
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, output)
        _, dW1, db1 = linear_activation_backward(dA1, cache1, hidden)
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        updated = update_parameters(parameters, grads, sign * learning_rate)
        if assign:
            parameters = updated
        if refresh:
            W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


# ---------------------------------------------------------------- two_layer_model: correct
@ok("two_layer_model")
def two_layer_model_by_hand(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Every step written out with NumPy, float64 weights drawn as the classic (seed 1, randn * 0.01)."""
    n_x, n_h, n_y = layers_dims
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        Z1 = np.dot(W1, X) + b1
        A1 = np.maximum(Z1, 0)
        A2 = 1 / (1 + np.exp(-(np.dot(W2, A1) + b2)))
        cost = float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
        dZ2 = A2 - Y
        dW2 = np.dot(dZ2, A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = np.dot(W2.T, dZ2) * (Z1 > 0)
        dW1 = np.dot(dZ1, X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
        if i % 100 == 0:
            costs.append(cost)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, costs


@ok("two_layer_model")
def two_layer_model_deep_blocks(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """The 2-layer network as an L-layer one with the reference blocks, np.squeeze'd costs, in-place updates."""
    parameters = initialize_parameters(*layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = np.squeeze(compute_cost(AL, Y))
        grads = L_model_backward(AL, Y, caches)
        for key in parameters:
            parameters[key] = parameters[key] - learning_rate * grads["d" + key]
        if i % 100 == 0:
            costs.append(cost)
        if print_cost and i % 100 == 0:
            print(f"Cost after iteration {i}: {cost}")
    return parameters, costs


@ok("two_layer_model")
def two_layer_model_in_place(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """The provided blocks, weights read from the dict at each step and updated in place with -=."""
    parameters = initialize_parameters(*layers_dims)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        if i % 100 == 0:
            costs.append(compute_cost(A2, Y))
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        for key, grad in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2)):
            parameters[key] -= learning_rate * grad
    return parameters, costs


# ---------------------------------------------------------------- two_layer_model: mistakes
@wrong("two_layer_model", "`update_parameters` returns the updated parameters")
def two_layer_model_no_assign(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, assign=False)


@wrong("two_layer_model", "read W1, b1, W2, b2 from the updated `parameters` again")
def two_layer_model_stale_weights(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, refresh=False)


@wrong("two_layer_model", "steps *against* the gradient")
def two_layer_model_ascent(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, sign=-1)


@wrong("two_layer_model", "every 100 iterations only")
def two_layer_model_every_cost(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, every=1)


@wrong("two_layer_model", "the activations are swapped")
def two_layer_model_swapped(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    with np.errstate(all="ignore"):
        return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, hidden="sigmoid", output="relu")


@wrong("two_layer_model", "the hidden layer is RELU, not SIGMOID")
def two_layer_model_sigmoid_hidden(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, hidden="sigmoid")


@wrong("two_layer_model", "not with `initialize_parameters_deep`")
def two_layer_model_deep_init(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _two_layer(X, Y, layers_dims, learning_rate, num_iterations, init=initialize_parameters_deep)


# ---------------------------------------------------------------- L_layer_model: correct
@ok("L_layer_model")
def L_layer_model_by_hand(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Every step written out with NumPy and @, float64 weights drawn as the classic (seed 1, randn / sqrt)."""
    np.random.seed(1)
    L = len(layers_dims) - 1
    W = [None] + [np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1])
                  for l in range(1, L + 1)]
    b = [None] + [np.zeros((layers_dims[l], 1)) for l in range(1, L + 1)]
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        A, Zs = [X], [None]
        for l in range(1, L + 1):
            Z = W[l] @ A[-1] + b[l]
            Zs.append(Z)
            A.append(1 / (1 + np.exp(-Z)) if l == L else np.maximum(Z, 0))
        AL = A[-1]
        cost = float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
        dZ = AL - Y
        for l in range(L, 0, -1):
            dW = dZ @ A[l - 1].T / m
            db = dZ.sum(axis=1, keepdims=True) / m
            if l > 1:
                dZ = (W[l].T @ dZ) * (Zs[l - 1] > 0)
            W[l] = W[l] - learning_rate * dW
            b[l] = b[l] - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"], parameters[f"b{l}"] = W[l], b[l]
    return parameters, costs


@ok("L_layer_model")
def L_layer_model_float64_reference(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """The reference layers of helpers.dnn directly, with float64 initial weights."""
    parameters = dnn.initialize_parameters_deep(layers_dims, seed=1, scale="xavier")
    costs = []
    for i in range(num_iterations):
        AL, caches = dnn.L_model_forward(X, parameters)
        cost = dnn.compute_cost(AL, Y)
        parameters = dnn.update_parameters(parameters, dnn.L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs


@ok("L_layer_model")
def L_layer_model_while(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """A while loop, the cost as a 0-d array, parameters updated key by key."""
    parameters = initialize_parameters_deep(layers_dims)
    costs = []
    i = 0
    while i < num_iterations:
        AL, caches = L_model_forward(X, parameters)
        cost = np.array(compute_cost(AL, Y))
        grads = L_model_backward(AL, Y, caches)
        parameters = {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
        if i % 100 == 0:
            costs.append(cost)
        i += 1
    return parameters, costs


# ---------------------------------------------------------------- L_layer_model: mistakes
def _L_layer(X, Y, layers_dims, learning_rate, num_iterations, *, init=None, assign=True, sign=1, every=100,
             hidden="relu"):
    parameters = init(layers_dims) if init else initialize_parameters_deep(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters, hidden=hidden)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches, hidden=hidden)
        updated = update_parameters(parameters, grads, sign * learning_rate)
        if assign:
            parameters = updated
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


@wrong("L_layer_model", "`update_parameters` returns the updated parameters")
def L_layer_model_no_assign(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations, assign=False)


@wrong("L_layer_model", "steps *against* the gradient")
def L_layer_model_plus(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations, sign=-1)


@wrong("L_layer_model", "every 100 iterations only")
def L_layer_model_every_cost(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations, every=1)


@wrong("L_layer_model", "initialised with randn * 0.01")
def L_layer_model_small_init(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations,
                    init=lambda dims: dnn.initialize_parameters_deep(dims, seed=1, scale=0.01))


@wrong("L_layer_model", "step-by-step initialiser")
def L_layer_model_step_by_step_init(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    def init(layer_dims):
        np.random.seed(3)
        parameters = {}
        for l in range(1, len(layer_dims)):
            parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
            parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
        return parameters
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations, init=init)


@wrong("L_layer_model", "the hidden layers are RELU")
def L_layer_model_sigmoid_hidden(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return _L_layer(X, Y, layers_dims, learning_rate, num_iterations, hidden="sigmoid")
