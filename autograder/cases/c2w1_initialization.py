"""Cases of c2w1-initialization.

The initialisers seed the global generator themselves (``np.random.seed(3)``, as the classic
did). The check additionally calls ``np.random.seed(1)`` before each case, so that a function
that forgets its own seed returns a reproducible wrong result that can be recognised.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec


def _init(layers_dims, scale, *, seed=3, seed_each_layer=False, draw=np.random.randn, last=True,
          bias=None):
    """What an initialiser returns; ``scale(n, n_prev)`` is the factor of layer l's weights
    (None: zeros). The keyword arguments reproduce typical mistakes."""
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    L = len(layers_dims) - (0 if last else 1)
    for l in range(1, L):
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        if seed_each_layer:
            np.random.seed(seed)
        if scale is None:
            parameters[f"W{l}"] = np.zeros((n, n_prev))
        else:
            parameters[f"W{l}"] = draw(n, n_prev) * scale(n, n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1)) if bias is None else bias(n)
    return parameters


def _no_seed(scale):
    # the check seeds the global generator with 1 before each call
    return lambda layers_dims: _init(layers_dims, scale, seed=1)


LAST_LAYER = ("loop over l = 1, ..., L where L = len(layers_dims) - 1, i.e. `for l in range(1, len(layers_dims))`: "
              "the last layer is missing.")
SEED_ONCE = ("call np.random.seed(3) once, before the loop, not in every iteration: each layer must get "
             "new random numbers.")
NO_SEED = "call np.random.seed(3) at the start of the function, before drawing any weight."
RAND = "use np.random.randn (standard normal), not np.random.rand (uniform on [0, 1))."
BIAS_RANDOM = "the biases start at zero: b = np.zeros((layers_dims[l], 1)); only the weights are random."

X10 = lambda n, n_prev: 10  # noqa: E731
HE = lambda n, n_prev: np.sqrt(2 / n_prev)  # noqa: E731

SHAPES_PUBLIC = [Case(([3, 2, 1],), note="layers_dims = [3, 2, 1]")]
SHAPES_HIDDEN = [Case(([2, 10, 5, 1],), note="the notebook's network [2, 10, 5, 1]"),
                 Case(([4, 1],), note="one layer, [4, 1]"),
                 Case(([5, 3, 4, 2, 1],), note="four layers, [5, 3, 4, 2, 1]")]


def _random_mistakes(scale):
    return [Mistake(LAST_LAYER, lambda layers_dims: _init(layers_dims, scale, last=False)),
            Mistake(SEED_ONCE, lambda layers_dims: _init(layers_dims, scale, seed_each_layer=True)),
            Mistake(NO_SEED, _no_seed(scale)),
            Mistake(RAND, lambda layers_dims: _init(layers_dims, scale, draw=np.random.rand)),
            Mistake(BIAS_RANDOM, lambda layers_dims: _init(layers_dims, scale,
                                                           bias=lambda n: np.random.randn(n, 1) * scale(n, 1)))]


SPECS = {
    "initialize_parameters_zeros": Spec(
        public=SHAPES_PUBLIC,
        hidden=SHAPES_HIDDEN,
        seed=1,
        mistakes=[Mistake(LAST_LAYER, lambda layers_dims: _init(layers_dims, None, last=False)),
                  Mistake("all the parameters are zeros here, the weights included: W = np.zeros((n_l, n_prev)), "
                          "not np.ones.",
                          lambda layers_dims: _init(layers_dims, lambda n, n_prev: 1,
                                                    draw=lambda *shape: np.ones(shape))),
                  Mistake("b has one row per unit and one column: np.zeros((layers_dims[l], 1)).",
                          lambda layers_dims: _init(layers_dims, None, bias=lambda n: np.zeros((1, n))))],
    ),
    "initialize_parameters_random": Spec(
        public=SHAPES_PUBLIC,
        hidden=SHAPES_HIDDEN,
        seed=1,
        mistakes=_random_mistakes(X10) + [
            Mistake("multiply the Gaussian draws by 10 (large weights are the point of this exercise), "
                    "not by 0.01.", lambda layers_dims: _init(layers_dims, lambda n, n_prev: 0.01)),
            Mistake("that is He initialisation; here the factor is 10.",
                    lambda layers_dims: _init(layers_dims, HE))],
    ),
    "initialize_parameters_he": Spec(
        public=SHAPES_PUBLIC,
        hidden=SHAPES_HIDDEN,
        seed=1,
        mistakes=_random_mistakes(HE) + [
            Mistake("He scales by sqrt(2 / n_prev), where n_prev = layers_dims[l - 1] is the number of inputs "
                    "of the layer, not layers_dims[l].", lambda layers_dims: _init(layers_dims, lambda n, n_prev: np.sqrt(2 / n))),
            Mistake("that is Xavier initialisation, sqrt(1 / n_prev); He uses sqrt(2 / n_prev).",
                    lambda layers_dims: _init(layers_dims, lambda n, n_prev: np.sqrt(1 / n_prev))),
            Mistake("take the square root: the factor is np.sqrt(2 / layers_dims[l - 1]), not 2 / layers_dims[l - 1].",
                    lambda layers_dims: _init(layers_dims, lambda n, n_prev: 2 / n_prev))],
    ),
}
