"""Cases of c1w3-planar-classification.

Inputs are drawn with the legacy ``np.random.RandomState`` (as the classic test cases); the
backward-propagation caches come from a real forward pass, so every case is a consistent
network. ``nn_model``'s cases are tiny (few examples, few iterations) because every call it
makes to the graded functions it calls is recorded in the references.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec

KEYS = ("W1", "b1", "W2", "b2")


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _params(seed, n_x, n_h, n_y, scale=1.0):
    rs = np.random.RandomState(seed)
    return {"W1": rs.randn(n_h, n_x) * scale, "b1": rs.randn(n_h, 1) * scale,
            "W2": rs.randn(n_y, n_h) * scale, "b2": rs.randn(n_y, 1) * scale}


def _data(seed, n_x, m):
    rs = np.random.RandomState(seed)
    X = rs.randn(n_x, m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    return X, Y


# ---------------------------------------------------------------- reference pieces (for mistakes)
def _init(n_x, n_h, n_y, *, seed=2, draw="randn", random_biases=False, swapped=False):
    np.random.seed(seed)
    fn = getattr(np.random, draw)
    if swapped:
        W2 = fn(n_y, n_h) * 0.01
        W1 = fn(n_h, n_x) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
    W1 = fn(n_h, n_x) * 0.01
    b1 = fn(n_h, 1) * 0.01 if random_biases else np.zeros((n_h, 1))
    W2 = fn(n_y, n_h) * 0.01
    b2 = fn(n_y, 1) * 0.01 if random_biases else np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _forward(X, p, hidden=np.tanh, output=_sigmoid):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = hidden(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = output(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


def _backward(p, cache, X, Y, *, hidden_derivative=None):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    derivative = (1 - A1 ** 2) if hidden_derivative is None else hidden_derivative(A1)
    dZ1 = (p["W2"].T @ dZ2) * derivative
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _update(p, g, learning_rate=1.2, keys=KEYS):
    return {k: p[k] - learning_rate * g["d" + k] if k in keys else p[k] for k in KEYS}


def _nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, fixed_n_h=None):
    p = _init(X.shape[0], fixed_n_h or n_h, Y.shape[0])
    for _ in range(num_iterations):
        A2, cache = _forward(X, p)
        p = _update(p, _backward(p, cache, X, Y))
    return p


# ---------------------------------------------------------------- cases
def _forward_case(seed, n_x, n_h, n_y, m, note):
    X, _ = _data(seed + 50, n_x, m)
    return Case((X, _params(seed, n_x, n_h, n_y)), note=note)


def _cost_case(seed, m, note, *, extreme=False):
    rs = np.random.RandomState(seed)
    A2 = rs.uniform(0.001, 0.999, (1, m)) if extreme else _sigmoid(rs.randn(1, m))
    Y = (rs.rand(1, m) > 0.5).astype(float)
    return Case((A2, Y), note=note)


def _backward_case(seed, n_x, n_h, m, note):
    X, Y = _data(seed + 50, n_x, m)
    p = _params(seed, n_x, n_h, 1)
    _, cache = _forward(X, p)
    return Case((p, cache, X, Y), note=note)


def _update_case(seed, n_x, n_h, note, **kwargs):
    p = _params(seed, n_x, n_h, 1)
    g = {"d" + k: v for k, v in _params(seed + 1, n_x, n_h, 1, scale=0.1).items()}
    return Case((p, g), kwargs, note=note)


def _nn_case(seed, n_x, m, n_h, iterations, note, **kwargs):
    X, Y = _data(seed, n_x, m)
    return Case((X, Y, n_h), {"num_iterations": iterations, **kwargs}, note=note)


X_SIZES, Y_SIZES = _data(1, 5, 3)

SPECS = {
    "layer_sizes": Spec(
        public=[Case((X_SIZES, np.random.RandomState(2).randn(2, 3)), note="X (5, 3), Y (2, 3)")],
        hidden=[Case(_data(3, 2, 40), note="X (2, 40), Y (1, 40)"),
                Case((np.zeros((7, 2)), np.zeros((3, 2))), note="X (7, 2), Y (3, 2)"),
                Case((np.ones((1, 9)), np.ones((1, 9))), note="X (1, 9), Y (1, 9)")],
        mistakes=[Mistake("n_x and n_y are the numbers of *rows* (features, outputs): X.shape[0] and "
                          "Y.shape[0], not the number of examples X.shape[1].",
                          lambda X, Y: (X.shape[1], 4, Y.shape[1]))],
    ),
    "initialize_parameters": Spec(
        public=[Case((2, 4, 1), note="n_x = 2, n_h = 4, n_y = 1")],
        hidden=[Case((3, 5, 2), note="n_x = 3, n_h = 5, n_y = 2"),
                Case((1, 1, 1), note="one unit everywhere"),
                Case((6, 20, 1), note="n_h = 20")],
        seed=0,
        mistakes=[Mistake("call np.random.seed(2) at the start of the function, as the instructions say.",
                          lambda n_x, n_h, n_y: _init(n_x, n_h, n_y, seed=0)),
                  Mistake("use np.random.randn (a normal distribution), not np.random.rand (uniform).",
                          lambda n_x, n_h, n_y: _init(n_x, n_h, n_y, draw="rand")),
                  Mistake("the biases start at zero: b1 = np.zeros((n_h, 1)), b2 = np.zeros((n_y, 1)).",
                          lambda n_x, n_h, n_y: _init(n_x, n_h, n_y, random_biases=True)),
                  Mistake("draw W1 first, then W2: the order of the random draws matters.",
                          lambda n_x, n_h, n_y: _init(n_x, n_h, n_y, swapped=True))],
    ),
    "forward_propagation": Spec(
        public=[_forward_case(1, 2, 4, 1, 3, "X (2, 3), n_h = 4")],
        hidden=[_forward_case(2, 3, 5, 1, 7, "X (3, 7), n_h = 5"),
                _forward_case(3, 2, 1, 1, 1, "one example, one hidden unit"),
                _forward_case(4, 4, 6, 2, 5, "two output units")],
        mistakes=[Mistake("the hidden layer uses tanh (np.tanh), the output layer the sigmoid.",
                          lambda X, p: _forward(X, p, hidden=_sigmoid, output=np.tanh)),
                  Mistake("the hidden layer uses tanh (np.tanh), not the sigmoid.",
                          lambda X, p: _forward(X, p, hidden=_sigmoid)),
                  Mistake("the output layer uses the sigmoid, so A2 is a probability.",
                          lambda X, p: _forward(X, p, output=np.tanh)),
                  Mistake("add the bias: Z1 = W1 X + b1 (b1 of shape (n_h, 1) is broadcast over the columns).",
                          lambda X, p: _forward(X, {**p, "b1": np.zeros_like(p["b1"])}))],
    ),
    "compute_cost": Spec(
        public=[_cost_case(1, 3, "A2 and Y of shape (1, 3)")],
        hidden=[_cost_case(2, 10, "m = 10"), _cost_case(3, 1, "a single example"),
                _cost_case(4, 25, "probabilities close to 0 and 1", extreme=True)],
        mistakes=[Mistake("the cross-entropy has two terms: Y log(A2) + (1 - Y) log(1 - A2).",
                          lambda A2, Y: float(-np.sum(Y * np.log(A2)) / Y.shape[1])),
                  Mistake("mind the minus sign in front of the sum: J = -(1/m) sum(...) is positive.",
                          lambda A2, Y: -_cost(A2, Y))],
    ),
    "backward_propagation": Spec(
        public=[_backward_case(1, 2, 4, 3, "X (2, 3), n_h = 4")],
        hidden=[_backward_case(2, 3, 5, 7, "X (3, 7), n_h = 5"),
                _backward_case(3, 2, 1, 1, "one example, one hidden unit"),
                _backward_case(4, 5, 20, 9, "n_h = 20")],
        mistakes=[Mistake("the derivative of tanh is 1 - a^2 = 1 - np.power(A1, 2).",
                          lambda p, c, X, Y: _backward(p, c, X, Y, hidden_derivative=lambda A1: A1 * (1 - A1))),
                  Mistake("dZ1 = W2^T dZ2 * (1 - A1^2): the tanh derivative is missing.",
                          lambda p, c, X, Y: _backward(p, c, X, Y, hidden_derivative=lambda A1: 1.0))],
    ),
    "update_parameters": Spec(
        public=[_update_case(1, 2, 4, "n_x = 2, n_h = 4, default learning rate 1.2")],
        hidden=[_update_case(2, 3, 5, "learning_rate = 0.01", learning_rate=0.01),
                _update_case(3, 1, 1, "one unit everywhere, learning_rate = 2.5", learning_rate=2.5),
                _update_case(4, 4, 20, "n_h = 20, default learning rate")],
        mutable=("parameters",),
        mistakes=[Mistake("update the biases too: b1 := b1 - learning_rate * db1, b2 := b2 - learning_rate * db2.",
                          lambda p, g, learning_rate=1.2: _update(p, g, learning_rate, keys=("W1", "W2"))),
                  Mistake("gradient descent moves *against* the gradient: W1 = W1 - learning_rate * dW1.",
                          lambda p, g, learning_rate=1.2: _update(p, g, -learning_rate))],
    ),
    "nn_model": Spec(
        public=[_nn_case(1, 2, 5, 4, 5, "X (2, 5), n_h = 4, 5 iterations")],
        hidden=[_nn_case(2, 3, 6, 3, 4, "X (3, 6), n_h = 3, 4 iterations"),
                _nn_case(3, 2, 4, 1, 3, "n_h = 1, 3 iterations, print_cost=True", print_cost=True),
                _nn_case(4, 2, 3, 6, 2, "n_h = 6, 2 iterations")],
        mistakes=[Mistake("build the network with the n_h passed to nn_model, not the 4 that layer_sizes returns.",
                          lambda X, Y, n_h, num_iterations=10000, print_cost=False:
                          _nn_model(X, Y, n_h, num_iterations, fixed_n_h=4)),
                  Mistake("keep the updated parameters: parameters = update_parameters(parameters, grads).",
                          lambda X, Y, n_h, num_iterations=10000, print_cost=False:
                          _init(X.shape[0], n_h, Y.shape[0]))],
    ),
    "predict": Spec(
        public=[Case((_params(15, 2, 4, 1), _data(65, 2, 3)[0]), note="X (2, 3), n_h = 4")],
        hidden=[Case((_params(2, 3, 5, 1), _data(52, 3, 12)[0]), note="X (3, 12), n_h = 5"),
                Case((_params(3, 2, 1, 1), _data(53, 2, 1)[0]), note="one example"),
                Case((_params(4, 2, 20, 1, scale=3.0), _data(54, 2, 12)[0]), note="n_h = 20, 12 examples")],
        mistakes=[Mistake("threshold the probability A2 at 0.5, not Z2.",
                          lambda p, X: _forward(X, p)[1]["Z2"] > 0.5),
                  Mistake("return labels, not probabilities: 1 where A2 > 0.5, 0 elsewhere.",
                          lambda p, X: _forward(X, p)[0]),
                  Mistake("blue (1) is the class of A2 > 0.5, the probability of blue: the labels are inverted.",
                          lambda p, X: _forward(X, p)[0] <= 0.5)],
    ),
}
