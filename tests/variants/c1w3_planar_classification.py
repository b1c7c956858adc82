"""Variants of c1w3-planar-classification."""

import copy

import numpy as np

from variants import Variants

VARIANTS = Variants("c1w3-planar-classification")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


def _sig(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- layer_sizes
@ok("layer_sizes")
def layer_sizes_classic(X, Y):
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


@ok("layer_sizes")
def layer_sizes_len(X, Y):
    return len(X), 4, len(Y)


@ok("layer_sizes")
def layer_sizes_numpy_ints(X, Y):
    return np.int64(np.shape(X)[0]), np.int64(4), np.int64(np.shape(Y)[0])


@wrong("layer_sizes", "not the number of examples")
def layer_sizes_columns(X, Y):
    return X.shape[1], 4, Y.shape[1]


@wrong("layer_sizes", "should have 3 items, but has 2")
def layer_sizes_two(X, Y):
    return X.shape[0], Y.shape[0]


@wrong("layer_sizes", "layer_sizes failed")
def layer_sizes_hardcoded(X, Y):
    return 5, 4, 2


# ---------------------------------------------------------------- initialize_parameters
@ok("initialize_parameters")
def initialize_parameters_classic(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@ok("initialize_parameters")
def initialize_parameters_legacy_state(n_x, n_h, n_y):
    rs = np.random.RandomState(2)  # the same legacy stream as np.random.seed(2)
    W1 = rs.standard_normal((n_h, n_x)) / 100
    W2 = rs.standard_normal((n_y, n_h)) / 100
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@ok("initialize_parameters")
def initialize_parameters_int_bias(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1), dtype=int), "W2": W2, "b2": np.zeros((n_y, 1), dtype=int)}


@wrong("initialize_parameters", "np.random.seed(2)")
def initialize_parameters_no_seed(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "not np.random.rand")
def initialize_parameters_uniform(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.rand(n_h, n_x) * 0.01
    W2 = np.random.rand(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "draw W1 first")
def initialize_parameters_w2_first(n_x, n_h, n_y):
    np.random.seed(2)
    W2 = np.random.randn(n_y, n_h) * 0.01
    W1 = np.random.randn(n_h, n_x) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@wrong("initialize_parameters", "biases start at zero")
def initialize_parameters_random_biases(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.random.randn(n_h, 1) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.random.randn(n_y, 1) * 0.01
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@wrong("initialize_parameters", "shape")
def initialize_parameters_transposed(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_x, n_h) * 0.01
    W2 = np.random.randn(n_h, n_y) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


# ---------------------------------------------------------------- forward_propagation
@ok("forward_propagation")
def forward_propagation_matmul(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@ok("forward_propagation")
def forward_propagation_exp_formulas(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = (np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = np.exp(Z2) / (1 + np.exp(Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@ok("forward_propagation")
def forward_propagation_loops(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    Z1 = np.zeros((W1.shape[0], m))
    Z2 = np.zeros((W2.shape[0], m))
    for i in range(m):
        Z1[:, i] = W1 @ X[:, i] + b1[:, 0]
    A1 = np.tanh(Z1)
    for i in range(m):
        Z2[:, i] = W2 @ A1[:, i] + b2[:, 0]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@ok("forward_propagation")
def forward_propagation_float32(X, parameters):
    p = {k: v.astype(np.float32) for k, v in parameters.items()}
    Z1 = np.dot(p["W1"], X.astype(np.float32)) + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@wrong("forward_propagation", "shapes of two operands do not fit")
def forward_propagation_transposed_weights(X, parameters):
    Z1 = parameters["W1"].T @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"].T @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@wrong("forward_propagation", "not the sigmoid")
def forward_propagation_sigmoid_hidden(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = _sig(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@wrong("forward_propagation", "A2 is a probability")
def forward_propagation_tanh_output(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = np.tanh(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@wrong("forward_propagation", "wrong keys")
def forward_propagation_short_cache(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2}


@wrong("forward_propagation", "Z1 = W1 X + b1")
def forward_propagation_no_bias(X, parameters):
    Z1 = parameters["W1"] @ X
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


# ---------------------------------------------------------------- compute_cost
@ok("compute_cost")
def compute_cost_dot(A2, Y):
    m = Y.shape[1]
    cost = -(np.dot(np.log(A2), Y.T) + np.dot(np.log(1 - A2), (1 - Y).T)) / m
    return float(np.squeeze(cost))


@ok("compute_cost")
def compute_cost_mean(A2, Y):
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


@ok("compute_cost")
def compute_cost_loop(A2, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        total -= np.log(A2[0, i]) if Y[0, i] == 1 else np.log(1 - A2[0, i])
    return total / m


@wrong("compute_cost", "two terms")
def compute_cost_one_term(A2, Y):
    return float(-np.sum(Y * np.log(A2)) / Y.shape[1])


@wrong("compute_cost", "times the expected")
def compute_cost_no_mean(A2, Y):
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


@wrong("compute_cost", "minus sign")
def compute_cost_positive(A2, Y):
    return float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / Y.shape[1])


@wrong("compute_cost", "log(0)")
def compute_cost_swapped_factors(A2, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(np.log(Y), A2) + np.multiply(np.log(1 - Y), 1 - A2)
    return float(-np.sum(logprobs) / m)


@wrong("compute_cost", "np.squeeze")
def compute_cost_one_by_one_array(A2, Y):
    # np.dot of a (1, m) row and an (m, 1) column, never squeezed: a (1, 1) array
    m = Y.shape[1]
    return -(np.dot(np.log(A2), Y.T) + np.dot(np.log(1 - A2), (1 - Y).T)) / m


# ---------------------------------------------------------------- backward_propagation
@ok("backward_propagation")
def backward_propagation_matmul(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.mean(axis=1, keepdims=True),
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.mean(axis=1, keepdims=True)}


@ok("backward_propagation")
def backward_propagation_from_z1(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.dot(parameters["W2"].T, dZ2) / np.cosh(cache["Z1"]) ** 2
    return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1).reshape(-1, 1) / m,
            "dW2": np.dot(dZ2, cache["A1"].T) / m, "db2": np.sum(dZ2, axis=1).reshape(-1, 1) / m}


@ok("backward_propagation")
def backward_propagation_loops(parameters, cache, X, Y):
    m = X.shape[1]
    W2, A1, A2 = parameters["W2"], cache["A1"], cache["A2"]
    grads = {"dW1": np.zeros_like(parameters["W1"]), "db1": np.zeros_like(parameters["b1"]),
             "dW2": np.zeros_like(W2), "db2": np.zeros_like(parameters["b2"])}
    for i in range(m):
        dz2 = A2[:, i:i + 1] - Y[:, i:i + 1]
        dz1 = (W2.T @ dz2) * (1 - A1[:, i:i + 1] ** 2)
        grads["dW2"] += dz2 @ A1[:, i:i + 1].T / m
        grads["db2"] += dz2 / m
        grads["dW1"] += dz1 @ X[:, i:i + 1].T / m
        grads["db1"] += dz1 / m
    return grads


@wrong("backward_propagation", "1 - a^2")
def backward_propagation_sigmoid_derivative(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * A1 * (1 - A1)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@wrong("backward_propagation", "lost dimension")
def backward_propagation_no_keepdims(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@wrong("backward_propagation", "times the expected")
def backward_propagation_no_mean(parameters, cache, X, Y):
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T, "db1": np.sum(dZ1, axis=1, keepdims=True),
            "dW2": dZ2 @ A1.T, "db2": np.sum(dZ2, axis=1, keepdims=True)}


@wrong("backward_propagation", "tanh derivative is missing")
def backward_propagation_no_derivative(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = parameters["W2"].T @ dZ2
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@wrong("backward_propagation", "axis")
def backward_propagation_sum_over_units(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=0, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@wrong("backward_propagation", "transposed")
def backward_propagation_transposed_dw1(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": X @ dZ1.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


@wrong("backward_propagation", "modified its input `cache` in place")
def backward_propagation_overwrites_a2(parameters, cache, X, Y):
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"]
    dZ2 -= Y  # changes the caller's A2
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}


# ---------------------------------------------------------------- update_parameters
@ok("update_parameters")
def update_parameters_loop(parameters, grads, learning_rate=1.2):
    return {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}


@ok("update_parameters")
def update_parameters_classic_in_place(parameters, grads, learning_rate=1.2):
    """The classic style: assign new arrays into the caller's dictionary."""
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


@ok("update_parameters")
def update_parameters_deepcopy(parameters, grads, learning_rate=1.2):
    parameters = copy.deepcopy(parameters)
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters


@ok("update_parameters")
def update_parameters_float32(parameters, grads, learning_rate=1.2):
    return {key: (parameters[key] - learning_rate * grads["d" + key]).astype(np.float32)
            for key in ("W1", "b1", "W2", "b2")}


@wrong("update_parameters", "modified its input `grads` in place")
def update_parameters_scales_grads_in_place(parameters, grads, learning_rate=1.2):
    new = {}
    for key in ("W1", "b1", "W2", "b2"):
        grads["d" + key] *= learning_rate
        new[key] = parameters[key] - grads["d" + key]
    return new


@wrong("update_parameters", "update the biases too")
def update_parameters_weights_only(parameters, grads, learning_rate=1.2):
    return {"W1": parameters["W1"] - learning_rate * grads["dW1"], "b1": parameters["b1"],
            "W2": parameters["W2"] - learning_rate * grads["dW2"], "b2": parameters["b2"]}


@wrong("update_parameters", "*against* the gradient")
def update_parameters_plus(parameters, grads, learning_rate=1.2):
    return {key: parameters[key] + learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}


@wrong("update_parameters", "differs from the expected values")
def update_parameters_fixed_rate(parameters, grads, learning_rate=1.2):
    return {key: parameters[key] - 1.2 * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}


# ---------------------------------------------------------------- correct callees for the variants below
def layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y):
    return initialize_parameters_classic(n_x, n_h, n_y)


def forward_propagation(X, parameters):
    return forward_propagation_matmul(X, parameters)


def compute_cost(A2, Y):
    return compute_cost_mean(A2, Y)


def backward_propagation(parameters, cache, X, Y):
    return backward_propagation_matmul(parameters, cache, X, Y)


def update_parameters(parameters, grads, learning_rate=1.2):
    return update_parameters_loop(parameters, grads, learning_rate)


# ---------------------------------------------------------------- nn_model
@ok("nn_model")
def nn_model_classic(X, Y, n_h, num_iterations=10000, print_cost=False):
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))  # noqa: UP031 (the classic style)
    return parameters


@ok("nn_model", callees={"layer_sizes": layer_sizes_columns,
                         "initialize_parameters": initialize_parameters_no_seed,
                         "forward_propagation": forward_propagation_sigmoid_hidden,
                         "compute_cost": compute_cost_one_term,
                         "backward_propagation": backward_propagation_no_mean,
                         "update_parameters": update_parameters_weights_only})
def nn_model_with_wrong_callees(X, Y, n_h, num_iterations=10000, print_cost=False):
    """A correct nn_model keeps its points when every function it calls is wrong."""
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


@ok("nn_model", callees={"backward_propagation": backward_propagation_sigmoid_derivative})
def nn_model_keywords_no_cost(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Shapes read directly, keyword calls, explicit learning rate, cost only when printed."""
    parameters = initialize_parameters(n_x=X.shape[0], n_h=n_h, n_y=Y.shape[0])
    for i in range(num_iterations):
        A2, cache = forward_propagation(X=X, parameters=parameters)
        grads = backward_propagation(parameters=parameters, cache=cache, X=X, Y=Y)
        parameters = update_parameters(parameters, grads, learning_rate=1.2)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {compute_cost(A2, Y):f}")
    return parameters


@wrong("nn_model", "not the 4 that layer_sizes returns")
def nn_model_layer_sizes_n_h(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, n_h, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for _ in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
    return parameters


@wrong("nn_model", "keep the updated parameters")
def nn_model_discards_update(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for _ in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        update_parameters(parameters, grads)
    return parameters


@wrong("nn_model", "differs from the expected values")
def nn_model_small_learning_rate(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for _ in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate=0.5)
    return parameters


@wrong("nn_model", "differs from the expected values")
def nn_model_one_iteration_short(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for _ in range(1, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
    return parameters


# ---------------------------------------------------------------- predict
@ok("predict")
def predict_classic(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return A2 > 0.5


@ok("predict")
def predict_round(parameters, X):
    A2, _ = forward_propagation(X, parameters)
    return np.round(A2)


@ok("predict", callees={"forward_propagation": forward_propagation_tanh_output})
def predict_loop_with_wrong_forward(parameters, X):
    """A correct predict keeps its point when the learner's forward_propagation is wrong."""
    A2, _ = forward_propagation(X, parameters)
    predictions = np.zeros(A2.shape, dtype=int)
    for i in range(A2.shape[1]):
        predictions[0, i] = 1 if A2[0, i] > 0.5 else 0
    return predictions


@wrong("predict", "not Z2")
def predict_threshold_z2(parameters, X):
    _, cache = forward_propagation(X, parameters)
    return cache["Z2"] > 0.5


@wrong("predict", "return labels, not probabilities")
def predict_probabilities(parameters, X):
    return forward_propagation(X, parameters)[0]


@wrong("predict", "labels are inverted")
def predict_inverted(parameters, X):
    return forward_propagation(X, parameters)[0] < 0.5
