"""Variants of c1w4-deep-nn-step-by-step.

The callers (linear_activation_forward, L_model_forward, linear_activation_backward,
L_model_backward) call the module-level callees below by name, as a learner's notebook
does; the ``callees={...}`` variants install *wrong* callees and must still pass.
"""

import copy

import numpy as np

from helpers.dnn import relu, relu_backward, sigmoid, sigmoid_backward
from variants import Variants

VARIANTS = Variants("c1w4-deep-nn-step-by-step")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ================================================================ correct callees, by their notebook names
def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (linear_cache, activation_cache)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    backward = sigmoid_backward if activation == "sigmoid" else relu_backward
    return linear_backward(backward(dA, activation_cache), linear_cache)


# ================================================================ wrong callees (same signatures)
def linear_forward_no_bias(A, W, b):
    return W @ A, (A, W, b)


def linear_activation_forward_swapped(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A, activation_cache = relu(Z) if activation == "sigmoid" else sigmoid(Z)
    return A, ((A_prev, W, b), activation_cache)


def linear_backward_no_mean(dZ, cache):
    A_prev, W, b = cache
    return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)


def linear_activation_backward_swapped(dA, cache, activation):
    linear_cache, activation_cache = cache
    backward = relu_backward if activation == "sigmoid" else sigmoid_backward
    return linear_backward(backward(dA, activation_cache), linear_cache)


def _sig(Z):
    return 1 / (1 + np.exp(-Z))


# ---------------------------------------------------------------- initialize_parameters
@ok("initialize_parameters")
def initialize_parameters_normal(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.normal(0.0, 0.01, (n_h, n_x))
    W2 = np.random.normal(0.0, 0.01, (n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@ok("initialize_parameters")
def initialize_parameters_zeros_first(n_x, n_h, n_y):
    np.random.seed(1)
    parameters = {"b1": np.zeros((n_h, 1)), "b2": np.zeros((n_y, 1))}
    parameters["W1"] = 0.01 * np.random.randn(n_h, n_x)
    parameters["W2"] = 0.01 * np.random.randn(n_y, n_h)
    return parameters


@ok("initialize_parameters")
def initialize_parameters_float32_free_divide(n_x, n_h, n_y):
    np.random.seed(1)
    return {"W1": np.random.randn(n_h, n_x) / 100, "b1": np.zeros(shape=(n_h, 1)),
            "W2": np.random.randn(n_y, n_h) / 100, "b2": np.zeros(shape=(n_y, 1))}


@wrong("initialize_parameters", "multiply the random weights by 0.01")
def initialize_parameters_unscaled(n_x, n_h, n_y):
    np.random.seed(1)
    return {"W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "draw W1 first")
def initialize_parameters_w2_first(n_x, n_h, n_y):
    np.random.seed(1)
    W2 = np.random.randn(n_y, n_h) * 0.01
    W1 = np.random.randn(n_h, n_x) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "not np.random.rand")
def initialize_parameters_uniform(n_x, n_h, n_y):
    np.random.seed(1)
    return {"W1": np.random.rand(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.rand(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "shape is transposed")
def initialize_parameters_transposed(n_x, n_h, n_y):
    np.random.seed(1)
    return {"W1": np.random.randn(n_x, n_h) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_h, n_y) * 0.01, "b2": np.zeros((n_y, 1))}


# ---------------------------------------------------------------- initialize_parameters_deep
@ok("initialize_parameters_deep")
def initialize_parameters_deep_fstrings(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:], strict=True), start=1):
        parameters[f"W{l}"] = 0.01 * np.random.randn(n, n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


@ok("initialize_parameters_deep")
def initialize_parameters_deep_normal(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.normal(scale=0.01, size=(layer_dims[l], layer_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros(layer_dims[l]).reshape(-1, 1)
    return parameters


@ok("initialize_parameters_deep")
def initialize_parameters_deep_while(layer_dims):
    np.random.seed(3)
    parameters, l = {}, 1
    while l < len(layer_dims):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / 100
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        l += 1
    return parameters


@wrong("initialize_parameters_deep", "np.random.seed(3)")
def initialize_parameters_deep_seed1(layer_dims):
    np.random.seed(1)
    return {k: v for l in range(1, len(layer_dims))
            for k, v in ((f"W{l}", np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01),
                         (f"b{l}", np.zeros((layer_dims[l], 1))))}


@wrong("initialize_parameters_deep", "not randn / sqrt(n_prev)")
def initialize_parameters_deep_xavier(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@wrong("initialize_parameters_deep", "wrong keys")
def initialize_parameters_deep_off_by_one(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims) - 1):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# ---------------------------------------------------------------- linear_forward
@ok("linear_forward")
def linear_forward_dot(A, W, b):
    return np.dot(W, A) + b, (A, W, b)


@ok("linear_forward")
def linear_forward_loops(A, W, b):
    Z = np.zeros((W.shape[0], A.shape[1]))
    for i in range(W.shape[0]):
        for j in range(A.shape[1]):
            Z[i, j] = sum(W[i, k] * A[k, j] for k in range(W.shape[1])) + b[i, 0]
    return Z, (A, W, b)


@ok("linear_forward")
def linear_forward_einsum(A, W, b):
    return np.einsum("ik,kj->ij", W, A) + b, (A, W, b)


@wrong("linear_forward", "add the bias")
def linear_forward_without_bias(A, W, b):
    return W @ A, (A, W, b)


@wrong("linear_forward", "(A, W, b), in this order")
def linear_forward_cache_order(A, W, b):
    return W @ A + b, (W, A, b)


@wrong("linear_forward", "shapes of two operands")
def linear_forward_swapped_product(A, W, b):
    return A @ W + b, (A, W, b)


# ---------------------------------------------------------------- linear_activation_forward
@ok("linear_activation_forward")
def linear_activation_forward_shared(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = {"sigmoid": sigmoid, "relu": relu}[activation](Z)
    return A, (linear_cache, activation_cache)


@ok("linear_activation_forward")
def linear_activation_forward_inline(A_prev, W, b, activation):
    """Computes Z itself instead of calling linear_forward: also correct."""
    Z = np.dot(W, A_prev) + b
    A = _sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)


@ok("linear_activation_forward", callees={"linear_forward": linear_forward_no_bias})
def linear_activation_forward_with_wrong_linear_forward(A_prev, W, b, activation):
    """A correct linear_activation_forward keeps its points when linear_forward is wrong."""
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)


@wrong("linear_activation_forward", "activations are swapped")
def linear_activation_forward_swapped_activations(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = relu(Z) if activation == "sigmoid" else sigmoid(Z)
    return A, (linear_cache, activation_cache)


@wrong("linear_activation_forward", "(linear_cache, activation_cache), in this order")
def linear_activation_forward_cache_swapped(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (activation_cache, linear_cache)


@wrong("linear_activation_forward", "not Z itself")
def linear_activation_forward_no_activation(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    return Z, (linear_cache, Z)


# ---------------------------------------------------------------- L_model_forward
@ok("L_model_forward")
def L_model_forward_fstrings(X, parameters):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches


@ok("L_model_forward", callees={"linear_activation_forward": linear_activation_forward_swapped})
def L_model_forward_with_wrong_linear_activation_forward(X, parameters):
    """A correct L_model_forward keeps its points when linear_activation_forward is wrong."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)],
                                             activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)],
                                          activation="sigmoid")
    caches.append(cache)
    return AL, caches


@ok("L_model_forward", callees={"linear_activation_forward": linear_activation_forward_swapped,
                                "linear_forward": linear_forward_no_bias})
def L_model_forward_own_activations(X, parameters):
    """Calls linear_forward and the activations itself (bypassing linear_activation_forward):
    also correct, and also immune to a wrong linear_forward."""
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        Z, linear_cache = linear_forward(A, parameters["W" + str(l)], parameters["b" + str(l)])
        A, activation_cache = sigmoid(Z) if l == L else relu(Z)
        caches.append((linear_cache, activation_cache))
    return A, caches


@wrong("L_model_forward", "the last layer uses \"sigmoid\"")
def L_model_forward_relu_everywhere(X, parameters):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    return A, caches


@wrong("L_model_forward", "should have")
def L_model_forward_missing_last_cache(X, parameters):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, _ = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    return AL, caches


@wrong("L_model_forward", "you used the sigmoid everywhere")
def L_model_forward_sigmoid_everywhere(X, parameters):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "sigmoid")
        caches.append(cache)
    return A, caches


# ---------------------------------------------------------------- compute_cost
@ok("compute_cost")
def compute_cost_dot(AL, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return np.squeeze(cost)


@ok("compute_cost")
def compute_cost_mean_float(AL, Y):
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


@ok("compute_cost")
def compute_cost_loop(AL, Y):
    total = 0.0
    for a, y in zip(AL[0], Y[0], strict=True):
        total += -np.log(a) if y == 1 else -np.log(1 - a)
    return total / Y.shape[1]


@wrong("compute_cost", "two terms")
def compute_cost_one_term(AL, Y):
    return np.squeeze(-np.sum(Y * np.log(AL)) / Y.shape[1])


@wrong("compute_cost", "times the expected one")
def compute_cost_no_mean(AL, Y):
    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


@wrong("compute_cost", "log(AL) goes with Y")
def compute_cost_swapped_logs(AL, Y):
    return np.squeeze(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / Y.shape[1])


@wrong("compute_cost", "np.squeeze")
def compute_cost_one_by_one_array(AL, Y):
    # the classic np.dot form without the final np.squeeze: a (1, 1) array, not a number
    m = Y.shape[1]
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m


# ---------------------------------------------------------------- linear_backward
@ok("linear_backward")
def linear_backward_matmul(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, (1 / m) * dZ @ A_prev.T, (1 / m) * dZ.sum(axis=1).reshape(-1, 1)


@ok("linear_backward")
def linear_backward_loop_over_examples(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW, db = np.zeros(W.shape), np.zeros(b.shape)
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        dz, a = dZ[:, i:i + 1], A_prev[:, i:i + 1]
        dW += dz @ a.T
        db += dz
        dA_prev[:, i:i + 1] = W.T @ dz
    return dA_prev, dW / m, db / m


@ok("linear_backward")
def linear_backward_mean(dZ, cache):
    A_prev, W, b = cache
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / A_prev.shape[1], np.mean(dZ, axis=1, keepdims=True)


@wrong("linear_backward", "divide them by m")
def linear_backward_without_mean(dZ, cache):
    return linear_backward_no_mean(dZ, cache)


@wrong("linear_backward", "has no 1/m")
def linear_backward_dA_mean(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ / m, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


@wrong("linear_backward", "keepdims=True")
def linear_backward_db_flat(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1) / m


# ---------------------------------------------------------------- linear_activation_backward
@ok("linear_activation_backward")
def linear_activation_backward_inline(dA, cache, activation):
    """Computes dZ itself: dA * s * (1 - s) for the sigmoid, dA where Z > 0 for ReLU."""
    (A_prev, W, b), Z = cache
    if activation == "sigmoid":
        s = _sig(Z)
        dZ = dA * s * (1 - s)
    else:
        dZ = dA * (Z > 0)
    return linear_backward(dZ, (A_prev, W, b))


@ok("linear_activation_backward", callees={"linear_backward": linear_backward_no_mean})
def linear_activation_backward_with_wrong_linear_backward(dA, cache, activation):
    """A correct linear_activation_backward keeps its points when linear_backward is wrong."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


@ok("linear_activation_backward", callees={"linear_backward": linear_backward_no_mean})
def linear_activation_backward_keywords(dA, cache, activation):
    linear_cache, activation_cache = cache
    backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}[activation]
    return linear_backward(dZ=backward(dA, activation_cache), cache=linear_cache)


@wrong("linear_activation_backward", "activations are swapped")
def linear_activation_backward_swapped_activations(dA, cache, activation):
    return linear_activation_backward_swapped(dA, cache, activation)


@wrong("linear_activation_backward", "then call linear_backward(dZ, linear_cache)")
def linear_activation_backward_no_dZ(dA, cache, activation):
    return linear_backward(dA, cache[0])


# ---------------------------------------------------------------- L_model_backward
@ok("L_model_backward")
def L_model_backward_fstrings(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads[f"dA{l - 1}"] = dA
    return grads


@ok("L_model_backward", callees={"linear_activation_backward": linear_activation_backward_swapped})
def L_model_backward_with_wrong_linear_activation_backward(AL, Y, caches):
    """A correct L_model_backward keeps its points when linear_activation_backward is wrong."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, activation="sigmoid")
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = dA_prev, dW, db
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], activation="relu")
        grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dA_prev, dW, db
    return grads


@ok("L_model_backward", callees={"linear_activation_backward": linear_activation_backward_swapped,
                                 "linear_backward": linear_backward_no_mean})
def L_model_backward_dZ_shortcut(AL, Y, caches):
    """Uses dZ = AL - Y for the sigmoid layer and calls linear_backward directly, and its own
    ReLU backward for the hidden layers: also correct, and immune to wrong callees."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        linear_cache, Z = caches[l - 1]
        if l < L:
            dZ = grads[f"dA{l}"] * (Z > 0)
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, linear_cache)
    return grads


@wrong("L_model_backward", "the last layer is a sigmoid layer")
def L_model_backward_relu_last(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "relu")
        grads[f"dA{l - 1}"] = dA
    return grads


@wrong("L_model_backward", "mind the signs")
def L_model_backward_dAL_sign(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = Y / AL - (1 - Y) / (1 - AL)
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads[f"dA{l - 1}"] = dA
    return grads


@wrong("L_model_backward", "wrong keys")
def L_model_backward_keys_shifted(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads[f"dA{l}"] = dA
    return grads


@wrong("L_model_backward", "AL - Y is dZ of the last layer")
def L_model_backward_dAL_is_dZ(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = AL - Y
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads[f"dA{l - 1}"] = dA
    return grads


# ---------------------------------------------------------------- update_parameters
@ok("update_parameters")
def update_parameters_in_place(params, grads, learning_rate):
    """The classic style without the copy: updates the caller's dict entries (allowed)."""
    L = len(params) // 2
    for l in range(L):
        params["W" + str(l + 1)] = params["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        params["b" + str(l + 1)] = params["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return params


@ok("update_parameters")
def update_parameters_comprehension(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


@ok("update_parameters")
def update_parameters_deepcopy_augmented(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    for l in range(1, len(parameters) // 2 + 1):
        parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters


@wrong("update_parameters", "gradient descent subtracts")
def update_parameters_ascent(params, grads, learning_rate):
    return {key: value + learning_rate * grads["d" + key] for key, value in params.items()}


@wrong("update_parameters", "update the biases too")
def update_parameters_weights_only(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] if key.startswith("W") else value
            for key, value in params.items()}


@wrong("update_parameters", "multiply the gradients by the learning rate")
def update_parameters_no_rate(params, grads, learning_rate):
    return {key: value - grads["d" + key] for key, value in params.items()}
