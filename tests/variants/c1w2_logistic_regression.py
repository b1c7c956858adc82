"""Variants of c1w2-logistic-regression."""

import math

import numpy as np

from variants import Variants

VARIANTS = Variants("c1w2-logistic-regression")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


def _sig(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- sigmoid
@ok("sigmoid")
def sigmoid_tanh(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))


@ok("sigmoid")
def sigmoid_exp_form(z):
    return np.exp(z) / (1 + np.exp(z))


@wrong("sigmoid", "minus sign")
def sigmoid_plus(z):
    return 1 / (1 + np.exp(z))


@wrong("sigmoid", "TypeError")
def sigmoid_math(z):
    return 1 / (1 + math.exp(-z))


# ---------------------------------------------------------------- initialize_with_zeros
@ok("initialize_with_zeros")
def initialize_with_zeros_int_bias(dim):
    return np.zeros(shape=(dim, 1)), 0


@ok("initialize_with_zeros")
def initialize_with_zeros_float32(dim):
    return np.zeros((dim, 1), dtype=np.float32), np.float32(0)


@wrong("initialize_with_zeros", "shape (dim, 1)")
def initialize_with_zeros_row(dim):
    return np.zeros((1, dim)), 0.0


@wrong("initialize_with_zeros", "lost dimension")
def initialize_with_zeros_flat(dim):
    return np.zeros(dim), 0.0


@wrong("initialize_with_zeros", "should be a tuple of 2 items")
def initialize_with_zeros_only_w(dim):
    return np.zeros((dim, 1))


# ---------------------------------------------------------------- propagate
@ok("propagate")
def propagate_matmul(w, b, X, Y):
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = -(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m
    return {"dw": X @ (A - Y).T / m, "db": np.mean(A - Y)}, cost.item()


@ok("propagate")
def propagate_loops(w, b, X, Y):
    n, m = X.shape
    dw = np.zeros((n, 1))
    db = 0.0
    cost = 0.0
    for i in range(m):
        z = sum(w[k, 0] * X[k, i] for k in range(n)) + b
        a = 1 / (1 + math.exp(-z))
        cost -= Y[0, i] * math.log(a) + (1 - Y[0, i]) * math.log(1 - a)
        for k in range(n):
            dw[k, 0] += X[k, i] * (a - Y[0, i])
        db += a - Y[0, i]
    return {"dw": dw / m, "db": db / m}, cost / m


@ok("propagate")
def propagate_float32(w, b, X, Y):
    X32 = X.astype(np.float32)
    m = X.shape[1]
    A = _sig(np.dot(w.T.astype(np.float32), X32) + np.float32(b))
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": np.dot(X32, (A - Y).T) / m, "db": np.sum(A - Y) / m}, cost


@wrong("propagate", "times the expected")
def propagate_no_mean_dw(w, b, X, Y):
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": X @ (A - Y).T, "db": np.sum(A - Y) / m}, cost


@wrong("propagate", "two terms")
def propagate_half_cost(w, b, X, Y):
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = np.squeeze(-np.sum(Y * np.log(A)) / m)
    return {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y) / m}, cost


@wrong("propagate", "order of the factors")
def propagate_transposed_dw(w, b, X, Y):
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": (A - Y) @ X.T / m, "db": np.sum(A - Y) / m}, cost


@wrong("propagate", "wrong keys")
def propagate_wrong_keys(w, b, X, Y):
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dW": X @ (A - Y).T / m, "db": np.sum(A - Y) / m}, cost


def propagate(w, b, X, Y):  # a correct propagate for the optimize variants below
    m = X.shape[1]
    A = _sig(w.T @ X + b)
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y) / m}, cost


# ---------------------------------------------------------------- optimize
@ok("optimize")
def optimize_in_place_updates(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    w = w.copy()
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@ok("optimize", callees={"propagate": propagate_half_cost})
def optimize_with_a_wrong_propagate(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """A correct optimize keeps its points when the learner's propagate is wrong."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(float(cost))
            if print_cost:
                print(i, cost)
    return {"w": w, "b": b}, grads, costs


@ok("optimize", callees={"propagate": propagate_no_mean_dw})
def optimize_keyword_call(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w=w, b=b, X=X, Y=Y)
        w, b = w - learning_rate * grads["dw"], b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@wrong("optimize", "modified its input `w` in place")
def optimize_modifies_w(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@wrong("optimize", "should have")
def optimize_every_cost(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for _ in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@wrong("optimize", "differs from the expected values")
def optimize_plus(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w + learning_rate * grads["dw"]
        b = b + learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


# ---------------------------------------------------------------- predict
@ok("predict")
def predict_loop(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = _sig(np.dot(w.T, X) + b)
    for i in range(m):
        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
    return Y_prediction


@ok("predict")
def predict_bool_int(w, b, X):
    return (w.T @ X + b > 0).astype(int)


@ok("predict")
def predict_round(w, b, X):
    return np.round(_sig(w.T @ X + b))


@wrong("predict", "not w^T X + b itself")
def predict_no_sigmoid(w, b, X):
    return (w.T @ X + b > 0.5).astype(float)


@wrong("predict", "differs")
def predict_probabilities(w, b, X):
    return _sig(w.T @ X + b)


# ---------------------------------------------------------------- model
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0.0


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    return (_sig(w.T @ X + b) > 0.5).astype(float)


def _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate)
    w, b = params["w"], params["b"]
    return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}


@ok("model")
def model_keywords(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    return _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)


@ok("model", callees={"optimize": optimize_plus, "predict": predict_probabilities})
def model_with_wrong_callees(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                             print_cost=False):
    """A correct model keeps its points when the learner's optimize and predict are wrong."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    d = {"costs": costs, "Y_prediction_test": predict(params["w"], params["b"], X_test),
         "Y_prediction_train": predict(params["w"], params["b"], X_train)}
    d.update(w=params["w"], b=params["b"], learning_rate=learning_rate, num_iterations=num_iterations)
    return d


@wrong("model", "wrong keys")
def model_missing_keys(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    d = _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)
    del d["num_iterations"]
    return d


@wrong("model", "Y_prediction_test")
def model_swapped_predictions(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                              print_cost=False):
    d = _model(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate)
    d["Y_prediction_test"] = d["Y_prediction_train"][:, : X_test.shape[1]]
    return d


@wrong("model", "raised TypeError")
def model_swapped_arguments(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                            print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate, num_iterations)
    w, b = params["w"], params["b"]
    return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
            "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}
