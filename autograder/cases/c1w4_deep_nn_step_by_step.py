"""Cases of c1w4-deep-nn-step-by-step.

The public cases are the classic test cases (drawn with the legacy ``np.random.seed`` /
``randn`` generator); the L_model_backward cases are consistent networks (AL and the caches
come from a real forward pass). The mistakes are computed with the course's reference layers.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers import dnn


def _randn(seed, *shapes):
    rs = np.random.RandomState(seed)
    return [rs.randn(*shape) for shape in shapes]


# ---------------------------------------------------------------- initialisers
def _init_2(n_x, n_h, n_y, *, scale=0.01, random_biases=False, rand=False):
    np.random.seed(1)
    draw = np.random.rand if rand else np.random.randn
    W1 = draw(n_h, n_x) * scale
    b1 = np.random.randn(n_h, 1) * scale if random_biases else np.zeros((n_h, 1))
    W2 = draw(n_y, n_h) * scale
    b2 = np.random.randn(n_y, 1) * scale if random_biases else np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _init_2_swapped(n_x, n_h, n_y):
    np.random.seed(1)
    W2 = np.random.randn(n_y, n_h) * 0.01
    W1 = np.random.randn(n_h, n_x) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def _init_deep(layer_dims, *, seed=3, scale=0.01, random_biases=False):
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        factor = 1 / np.sqrt(layer_dims[l - 1]) if scale == "xavier" else scale
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * factor
        parameters[f"b{l}"] = (np.random.randn(layer_dims[l], 1) * factor if random_biases
                               else np.zeros((layer_dims[l], 1)))
    return parameters


# ---------------------------------------------------------------- forward
def _linear_forward_case(seed, n_prev, n, m):
    A, W, b = _randn(seed, (n_prev, m), (n, n_prev), (n, 1))
    return Case((A, W, b), note=f"A {A.shape}, W {W.shape}, b {b.shape}")


def _activation_case(seed, n_prev, n, m, activation):
    A_prev, W, b = _randn(seed, (n_prev, m), (n, n_prev), (n, 1))
    return Case((A_prev, W, b, activation), note=f'activation = "{activation}", W {W.shape}, m = {m}')


def _params(seed, dims):
    rs = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rs.randn(dims[l], dims[l - 1])
        parameters[f"b{l}"] = rs.randn(dims[l], 1)
    return parameters


def _classic_L_model_forward_case():
    X, W1, b1, W2, b2, W3, b3 = _randn(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return Case((X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}),
                note="the classic 3-layer example: X (5, 4), layer sizes 5, 4, 3, 1")


def _forward_case(seed, dims, m):
    X = np.random.RandomState(seed + 100).randn(dims[0], m)
    return Case((X, _params(seed, dims)), note=f"layer sizes {dims}, m = {m}")


def _forward_with(X, parameters, hidden, output):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = dnn.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], hidden)
        caches.append(cache)
    AL, cache = dnn.linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], output)
    caches.append(cache)
    return AL, caches


# ---------------------------------------------------------------- cost
def _cost_case(seed, m):
    rs = np.random.RandomState(seed)
    AL = rs.uniform(0.05, 0.95, (1, m))
    Y = (rs.rand(1, m) > 0.5).astype(int)
    return Case((AL, Y), note=f"m = {m}")


# ---------------------------------------------------------------- backward
def _linear_backward_case(seed, n_prev, n, m):
    dZ, A, W, b = _randn(seed, (n, m), (n_prev, m), (n, n_prev), (n, 1))
    return Case((dZ, (A, W, b)), note=f"dZ {dZ.shape}, A_prev {A.shape}, W {W.shape}")


def _activation_backward_case(seed, n_prev, n, m, activation):
    dA, A, W, b, Z = _randn(seed, (n, m), (n_prev, m), (n, n_prev), (n, 1), (n, m))
    return Case((dA, ((A, W, b), Z), activation), note=f'activation = "{activation}", dA {dA.shape}')


def _backward_case(seed, dims, m, note=""):
    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(int)
    Y[0, 0], Y[0, -1] = 1, 0
    parameters = _params(seed + 1, dims)
    AL, caches = dnn.L_model_forward(X, parameters)
    return Case((AL, Y, caches), note=note or f"layer sizes {dims}, m = {m}")


def _backward_with(AL, Y, caches, *, hidden="relu", output="sigmoid", dAL=None):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)) if dAL is None else dAL(AL, Y)
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = dnn.linear_activation_backward(dAL, caches[-1], output)
    for l in reversed(range(L - 1)):
        grads[f"dA{l}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = dnn.linear_activation_backward(
            grads[f"dA{l + 1}"], caches[l], hidden)
    return grads


def _update_case(seed, dims, learning_rate):
    parameters = _params(seed, dims)
    rs = np.random.RandomState(seed + 1)
    grads = {}
    for l in range(1, len(dims)):
        grads[f"dW{l}"] = rs.randn(dims[l], dims[l - 1])
        grads[f"db{l}"] = rs.randn(dims[l], 1)
    return Case((parameters, grads, learning_rate), note=f"layer sizes {dims}, learning_rate = {learning_rate}")


def _classic_update_case():
    W1, b1, W2, b2 = _randn(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = _randn(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return Case(({"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                 {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.1),
                note="the classic example: a 2-layer network, learning_rate = 0.1")


def _update_with(params, grads, learning_rate, *, sign=-1, rate=True, biases=True):
    L = len(params) // 2
    out = dict(params)
    for l in range(1, L + 1):
        lr = learning_rate if rate else 1.0
        out[f"W{l}"] = params[f"W{l}"] + sign * lr * grads[f"dW{l}"]
        if biases:
            out[f"b{l}"] = params[f"b{l}"] + sign * lr * grads[f"db{l}"]
    return out


SWAP = {"sigmoid": "relu", "relu": "sigmoid"}

SPECS = {
    "initialize_parameters": Spec(
        public=[Case((3, 2, 1), note="n_x = 3, n_h = 2, n_y = 1")],
        hidden=[Case((4, 5, 2), note="n_x = 4, n_h = 5, n_y = 2"), Case((2, 7, 1), note="n_x = 2, n_h = 7"),
                Case((1, 1, 1), note="one unit per layer")],
        seed=0,
        mistakes=[
            Mistake("multiply the random weights by 0.01.", lambda n_x, n_h, n_y: _init_2(n_x, n_h, n_y, scale=1.0)),
            Mistake("the biases start at zero (np.zeros((n_h, 1))), not random: drawing them also "
                    "changes the random numbers the weights get.",
                    lambda n_x, n_h, n_y: _init_2(n_x, n_h, n_y, random_biases=True)),
            Mistake("use np.random.randn (Gaussian), not np.random.rand (uniform on [0, 1)).",
                    lambda n_x, n_h, n_y: _init_2(n_x, n_h, n_y, rand=True)),
            Mistake("draw W1 first, then W2.", _init_2_swapped),
        ],
    ),
    "initialize_parameters_deep": Spec(
        public=[Case(([5, 4, 3],), note="layer_dims = [5, 4, 3]")],
        hidden=[Case(([4, 3, 2, 1],), note="layer_dims = [4, 3, 2, 1]"), Case(([2, 1],), note="a single layer"),
                Case(([3, 6, 5, 4, 2],), note="four layers")],
        seed=0,
        mistakes=[
            Mistake("multiply the random weights by 0.01.", lambda layer_dims: _init_deep(layer_dims, scale=1.0)),
            Mistake("here the weights are randn * 0.01, not randn / sqrt(n_prev) (a scaled initialisation "
                    "you will meet later).", lambda layer_dims: _init_deep(layer_dims, scale="xavier")),
            Mistake("call np.random.seed(3) (this function's seed) first.",
                    lambda layer_dims: _init_deep(layer_dims, seed=1)),
            Mistake("the biases start at zero, not random: drawing them also changes the random numbers "
                    "the next weights get.", lambda layer_dims: _init_deep(layer_dims, random_biases=True)),
        ],
    ),
    "linear_forward": Spec(
        public=[_linear_forward_case(1, 3, 1, 2)],
        hidden=[_linear_forward_case(11, 4, 3, 5), _linear_forward_case(12, 2, 2, 1),
                _linear_forward_case(13, 5, 3, 3)],
        mistakes=[
            Mistake("add the bias: Z = np.dot(W, A) + b.", lambda A, W, b: (W @ A, (A, W, b))),
            Mistake("the linear cache is (A, W, b), in this order.", lambda A, W, b: (W @ A + b, (W, A, b))),
            Mistake("Z = W A + b: add b, don't subtract it.", lambda A, W, b: (W @ A - b, (A, W, b))),
        ],
    ),
    "linear_activation_forward": Spec(
        public=[_activation_case(2, 3, 1, 2, "sigmoid"), _activation_case(2, 3, 1, 2, "relu")],
        hidden=[_activation_case(21, 4, 3, 5, "relu"), _activation_case(22, 4, 3, 5, "sigmoid"),
                _activation_case(23, 2, 2, 1, "relu"), _activation_case(24, 3, 5, 2, "sigmoid")],
        mistakes=[
            Mistake("the activations are swapped: \"sigmoid\" calls sigmoid(Z), \"relu\" calls relu(Z).",
                    lambda A_prev, W, b, activation: dnn.linear_activation_forward(A_prev, W, b, SWAP[activation])),
            Mistake("the cache is (linear_cache, activation_cache), in this order.",
                    lambda A_prev, W, b, activation: (lambda A, c: (A, (c[1], c[0])))(
                        *dnn.linear_activation_forward(A_prev, W, b, activation))),
            Mistake("apply the activation: A = g(Z), not Z itself.",
                    lambda A_prev, W, b, activation: (lambda A, c: (c[1], c))(
                        *dnn.linear_activation_forward(A_prev, W, b, activation))),
        ],
    ),
    "L_model_forward": Spec(
        public=[_classic_L_model_forward_case()],
        hidden=[_forward_case(31, [4, 3, 1], 5), _forward_case(32, [3, 1], 4),
                _forward_case(33, [2, 6, 4, 3, 1], 3), _forward_case(34, [3, 4, 1], 1)],
        mistakes=[
            Mistake("the last layer uses \"sigmoid\", the hidden layers \"relu\".",
                    lambda X, parameters: _forward_with(X, parameters, "relu", "relu")),
            Mistake("the hidden layers use \"relu\" (you used the sigmoid everywhere).",
                    lambda X, parameters: _forward_with(X, parameters, "sigmoid", "sigmoid")),
            Mistake("the activations are swapped: \"relu\" in the hidden layers, \"sigmoid\" in the last one.",
                    lambda X, parameters: _forward_with(X, parameters, "sigmoid", "relu")),
        ],
    ),
    "compute_cost": Spec(
        public=[Case((np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
                     note="AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]]")],
        hidden=[_cost_case(41, 5), _cost_case(42, 8), Case((np.array([[0.3]]), np.array([[0]])), note="one example")],
        mistakes=[
            Mistake("the cost has two terms: Y * log(AL) and (1 - Y) * log(1 - AL).",
                    lambda AL, Y: -np.sum(Y * np.log(AL)) / Y.shape[1]),
            Mistake("the second term is (1 - Y) * log(1 - AL).",
                    lambda AL, Y: -np.sum(Y * np.log(AL) + (1 - Y) * np.log(AL)) / Y.shape[1]),
            Mistake("log(AL) goes with Y and log(1 - AL) with 1 - Y.",
                    lambda AL, Y: -np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / Y.shape[1]),
        ],
    ),
    "linear_backward": Spec(
        public=[_linear_backward_case(1, 5, 3, 4)],
        hidden=[_linear_backward_case(51, 3, 2, 6), _linear_backward_case(52, 4, 4, 1),
                _linear_backward_case(53, 2, 5, 3)],
        mistakes=[
            Mistake("dW and db average over the m examples: divide them by m.",
                    lambda dZ, cache: (cache[1].T @ dZ, dZ @ cache[0].T, np.sum(dZ, axis=1, keepdims=True))),
            Mistake("dA_prev = np.dot(W.T, dZ) has no 1/m: the 1/m appears once, in dW and db.",
                    lambda dZ, cache: (cache[1].T @ dZ / cache[0].shape[1], *dnn.linear_backward(dZ, cache)[1:])),
            Mistake("db sums dZ over the examples with keepdims=True: np.sum(dZ, axis=1, keepdims=True) / m.",
                    lambda dZ, cache: (*dnn.linear_backward(dZ, cache)[:2], np.mean(dZ, axis=1))),
            Mistake("return dA_prev, dW, db in this order.",
                    lambda dZ, cache: (lambda a, w, b: (w, a, b))(*dnn.linear_backward(dZ, cache))),
        ],
    ),
    "linear_activation_backward": Spec(
        public=[_activation_backward_case(2, 3, 1, 2, "sigmoid"), _activation_backward_case(2, 3, 1, 2, "relu")],
        hidden=[_activation_backward_case(61, 4, 3, 5, "relu"), _activation_backward_case(62, 4, 3, 5, "sigmoid"),
                _activation_backward_case(63, 2, 2, 1, "relu"), _activation_backward_case(64, 3, 4, 3, "sigmoid")],
        mistakes=[
            Mistake("the activations are swapped: \"relu\" uses relu_backward, \"sigmoid\" uses sigmoid_backward.",
                    lambda dA, cache, activation: dnn.linear_activation_backward(dA, cache, SWAP[activation])),
            Mistake("first turn dA into dZ with the activation's backward function, "
                    "then call linear_backward(dZ, linear_cache).",
                    lambda dA, cache, activation: dnn.linear_backward(dA, cache[0])),
        ],
    ),
    "L_model_backward": Spec(
        public=[_backward_case(3, [4, 3, 1], 2, note="a 2-layer network (sizes 4, 3, 1), m = 2")],
        hidden=[_backward_case(71, [3, 4, 2, 1], 5), _backward_case(72, [3, 1], 4, note="a single layer"),
                _backward_case(73, [2, 5, 3, 2, 1], 3)],
        mistakes=[
            Mistake("the last layer is a sigmoid layer: call linear_activation_backward with \"sigmoid\" for it.",
                    lambda AL, Y, caches: _backward_with(AL, Y, caches, output="relu")),
            Mistake("the hidden layers are ReLU layers: \"relu\" in the loop.",
                    lambda AL, Y, caches: _backward_with(AL, Y, caches, hidden="sigmoid")),
            Mistake("dAL = -(Y / AL - (1 - Y) / (1 - AL)): mind the signs.",
                    lambda AL, Y, caches: _backward_with(AL, Y, caches, dAL=lambda a, y: y / a - (1 - y) / (1 - a))),
            Mistake("dAL = -(Y / AL - (1 - Y) / (1 - AL)) is the derivative of the loss with respect to AL; "
                    "AL - Y is dZ of the last layer, not dAL.",
                    lambda AL, Y, caches: _backward_with(AL, Y, caches, dAL=lambda a, y: a - y)),
        ],
    ),
    "update_parameters": Spec(
        public=[_classic_update_case()],
        hidden=[_update_case(81, [4, 3, 2, 1], 0.5), _update_case(82, [3, 1], 0.01),
                _update_case(83, [2, 5, 4, 3, 1], 1.2)],
        mutable=("params",),
        mistakes=[
            Mistake("gradient descent subtracts: W = W - learning_rate * dW.",
                    lambda params, grads, learning_rate: _update_with(params, grads, learning_rate, sign=1)),
            Mistake("multiply the gradients by the learning rate.",
                    lambda params, grads, learning_rate: _update_with(params, grads, learning_rate, rate=False)),
            Mistake("update the biases too: b = b - learning_rate * db.",
                    lambda params, grads, learning_rate: _update_with(params, grads, learning_rate, biases=False)),
        ],
    ),
}
