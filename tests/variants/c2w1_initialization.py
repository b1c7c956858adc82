"""Variants of c2w1-initialization."""

import numpy as np

from variants import Variants

VARIANTS = Variants("c2w1-initialization")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ---------------------------------------------------------------- zeros
@ok("initialize_parameters_zeros")
def zeros_comprehension(layers_dims):
    out = {}
    for l in range(1, len(layers_dims)):
        out.update({f"W{l}": np.zeros((layers_dims[l], layers_dims[l - 1])), f"b{l}": np.zeros((layers_dims[l], 1))})
    return out


@ok("initialize_parameters_zeros")
def zeros_zip(layers_dims):
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layers_dims[:-1], layers_dims[1:], strict=True), start=1):
        parameters["W" + str(l)] = 0.0 * np.ones((n, n_prev))
        parameters["b" + str(l)] = np.zeros(n).reshape(-1, 1)
    return parameters


@ok("initialize_parameters_zeros")
def zeros_float32(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=np.float32)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=np.float32)
    return parameters


@wrong("initialize_parameters_zeros", "the last layer is missing")
def zeros_missing_last(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims) - 1):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@wrong("initialize_parameters_zeros", "not np.ones")
def zeros_ones(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.ones((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@wrong("initialize_parameters_zeros", "one row per unit and one column")
def zeros_bias_row(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((1, layers_dims[l]))
    return parameters


@wrong("initialize_parameters_zeros", "not implemented yet")
def zeros_stub(layers_dims):
    raise NotImplementedError()


# ---------------------------------------------------------------- random and He
def _draw(layers_dims, factor, draw=None, seed_each_layer=False, seed=3, last=True):
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layers_dims) - (0 if last else 1)):
        if seed_each_layer:
            np.random.seed(3)
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        W = (draw or np.random.randn)(n, n_prev)
        parameters["W" + str(l)] = W * factor(n, n_prev)
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters


@ok("initialize_parameters_random")
def random_standard_normal(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = 10 * np.random.standard_normal((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@ok("initialize_parameters_random")
def random_normal_scale(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layers_dims[:-1], layers_dims[1:], strict=True), start=1):
        parameters[f"W{l}"] = np.random.normal(0.0, 10.0, size=(n, n_prev))
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


@ok("initialize_parameters_random")
def random_float32(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10).astype(np.float32)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=np.float32)
    return parameters


@wrong("initialize_parameters_random", "not by 0.01")
def random_small(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: 0.01)


@wrong("initialize_parameters_random", "once, before the loop")
def random_seed_in_loop(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: 10, seed_each_layer=True)


@wrong("initialize_parameters_random", "np.random.seed(3) at the start")
def random_no_seed(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: 10, seed=None)


@wrong("initialize_parameters_random", "not np.random.rand")
def random_uniform(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: 10, draw=np.random.rand)


@wrong("initialize_parameters_random", "shape is transposed")
def random_transposed(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l - 1], layers_dims[l]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@ok("initialize_parameters_he")
def he_divide(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1] / 2)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@ok("initialize_parameters_he")
def he_normal(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layers_dims[:-1], layers_dims[1:], strict=True), start=1):
        parameters[f"W{l}"] = np.random.normal(scale=np.sqrt(2.0 / n_prev), size=(n, n_prev))
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


@ok("initialize_parameters_he")
def he_power(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * (2 / layers_dims[l - 1]) ** 0.5
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


@wrong("initialize_parameters_he", "not layers_dims[l]")
def he_wrong_fan(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: np.sqrt(2 / n))


@wrong("initialize_parameters_he", "Xavier")
def he_xavier(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: np.sqrt(1 / n_prev))


@wrong("initialize_parameters_he", "take the square root")
def he_no_sqrt(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: 2 / n_prev)


@wrong("initialize_parameters_he", "the last layer is missing")
def he_missing_last(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: np.sqrt(2 / n_prev), last=False)


@wrong("initialize_parameters_he", "once, before the loop")
def he_seed_in_loop(layers_dims):
    return _draw(layers_dims, lambda n, n_prev: np.sqrt(2 / n_prev), seed_each_layer=True)
