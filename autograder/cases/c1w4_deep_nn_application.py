"""Cases of c1w4-deep-nn-application.

Both graded functions are training loops. The cases train small networks (a handful of
features and examples) for a few hundred iterations at most, so that the stored references
stay small and the checks fast, with learning rates large enough that every iteration moves
the parameters measurably. Cases with more than 100 iterations record several costs.
The mistakes are computed with the course's reference layers and the provided initialisers.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers import dnn
from helpers.dnn_app_utils import initialize_parameters, initialize_parameters_deep


def _data(seed, n_x, m):
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(np.int64)
    Y[0, 0], Y[0, -1] = 1, 0
    return X, Y


def _case(seed, dims, m, **kwargs):
    X, Y = _data(seed, dims[0], m)
    dims = tuple(dims) if kwargs.pop("tuple_dims", False) else list(dims)
    settings = ", ".join(f"{k} = {v}" for k, v in kwargs.items())
    return Case((X, Y, dims), kwargs, note=f"X {X.shape}, layers_dims {dims}, {settings}")


# ---------------------------------------------------------------- the mistakes
def _train(X, Y, parameters, learning_rate, num_iterations, *, hidden="relu", output="sigmoid",
           sign=-1, update=True, stale=False, every=100):
    """The training loop with a typical mistake switched on."""
    costs = []
    forward_parameters = parameters
    L = len(parameters) // 2
    for i in range(num_iterations):
        caches, A = [], X
        for l in range(1, L + 1):
            A, cache = dnn.linear_activation_forward(A, forward_parameters[f"W{l}"], forward_parameters[f"b{l}"],
                                                     output if l == L else hidden)
            caches.append(cache)
        cost = dnn.compute_cost(A, Y)
        grads = {}
        dA = -(np.divide(Y, A) - np.divide(1 - Y, 1 - A))
        for l in reversed(range(1, L + 1)):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = dnn.linear_activation_backward(
                dA, caches[l - 1], output if l == L else hidden)
        if update:
            parameters = dnn.update_parameters(parameters, grads, -sign * learning_rate)
        if not stale:
            forward_parameters = parameters
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


def _two(init=None, **mistake):
    def output(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        n_x, n_h, n_y = layers_dims
        parameters = init(layers_dims) if init else initialize_parameters(n_x, n_h, n_y)
        return _train(X, Y, parameters, learning_rate, num_iterations, **mistake)
    return output


def _deep(init=None, **mistake):
    def output(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = init(layers_dims) if init else initialize_parameters_deep(layers_dims)
        return _train(X, Y, parameters, learning_rate, num_iterations, **mistake)
    return output


def _small_init(seed):
    return lambda dims: dnn.initialize_parameters_deep(list(dims), seed=seed, scale=0.01)


_NO_UPDATE = ("the parameters never change: `update_parameters` returns the updated parameters, "
              "so assign its result (`parameters = update_parameters(parameters, grads, learning_rate)`).")
_SIGN = ("the cost goes up instead of down: gradient descent steps *against* the gradient "
         "(W = W - learning_rate * dW): check the sign of the learning rate and of dA.")
_EVERY = ("record the cost every 100 iterations only (`if i % 100 == 0: costs.append(cost)`), "
          "not at every iteration.")

SPECS = {
    "two_layer_model": Spec(
        public=[_case(1, (5, 4, 1), 12, learning_rate=0.3, num_iterations=250, tuple_dims=True)],
        hidden=[_case(2, (8, 6, 1), 20, learning_rate=0.5, num_iterations=120, tuple_dims=True),
                _case(3, (3, 2, 1), 7, learning_rate=1.2, num_iterations=30),
                _case(4, (10, 5, 1), 15, num_iterations=20, tuple_dims=True)],
        mistakes=[
            Mistake(_NO_UPDATE, _two(update=False)),
            Mistake("the forward pass keeps using the initial weights: after `update_parameters`, read "
                    "W1, b1, W2, b2 from the updated `parameters` again.", _two(stale=True)),
            Mistake(_SIGN, _two(sign=1)),
            Mistake(_EVERY, _two(every=1)),
            Mistake("the activations are swapped: the hidden layer is RELU and the output layer SIGMOID "
                    "(LINEAR -> RELU -> LINEAR -> SIGMOID), forward and backward.",
                    _two(hidden="sigmoid", output="relu")),
            Mistake("the hidden layer is RELU, not SIGMOID: LINEAR -> RELU -> LINEAR -> SIGMOID, "
                    "forward and backward.", _two(hidden="sigmoid")),
            Mistake("initialise with the provided `initialize_parameters(n_x, n_h, n_y)` "
                    "(randn * 0.01), not with `initialize_parameters_deep`.",
                    _two(init=initialize_parameters_deep)),
        ],
    ),
    "L_layer_model": Spec(
        public=[_case(5, [6, 5, 3, 1], 12, learning_rate=0.1, num_iterations=250)],
        hidden=[_case(6, [4, 3, 1], 9, learning_rate=0.5, num_iterations=150),
                _case(7, [10, 8, 6, 4, 1], 16, num_iterations=30),
                _case(8, [7, 1], 20, learning_rate=0.2, num_iterations=110)],
        mistakes=[
            Mistake(_NO_UPDATE, _deep(update=False)),
            Mistake(_SIGN, _deep(sign=1)),
            Mistake(_EVERY, _deep(every=1)),
            Mistake("the weights are initialised with randn * 0.01: this network uses the provided "
                    "`initialize_parameters_deep(layers_dims)`, W = randn / sqrt(n_prev) after "
                    "np.random.seed(1).", _deep(init=_small_init(1))),
            Mistake("the weights come from the step-by-step initialiser (np.random.seed(3), randn * 0.01): "
                    "use the provided `initialize_parameters_deep(layers_dims)`, W = randn / sqrt(n_prev) "
                    "after np.random.seed(1).", _deep(init=_small_init(3))),
            Mistake("initialise with the provided `initialize_parameters_deep(layers_dims)` "
                    "(randn / sqrt(n_prev)); `initialize_parameters` is the 2-layer one (randn * 0.01).",
                    _deep(init=lambda dims: initialize_parameters(*dims)
                          if len(dims) == 3 else _small_init(1)(dims))),
            Mistake("the hidden layers are RELU: [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.",
                    _deep(hidden="sigmoid")),
        ],
    ),
}
