"""The course's one gradient checker: central finite differences and relative differences.

Notebooks and tests use it to confirm that a backward pass agrees with the numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable, x: np.ndarray, dout: np.ndarray | None = None,
                       epsilon: float = 1e-6) -> np.ndarray:
    """
    Numerical gradient of f at x by central differences.

    f -- function of x; returns a scalar, or an array when dout is given
    x -- float array of any shape; perturbed in place one element at a time and restored
    dout -- upstream gradient of f's output (same shape as f(x)); the result is then the
            gradient of sum(f(x) * dout), i.e. what a backward pass returns for x
    epsilon -- the step
    Returns grad -- array of the shape of x
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + epsilon
        plus = f(x)
        x[i] = old - epsilon
        minus = f(x)
        x[i] = old
        if dout is None:
            grad[i] = (float(plus) - float(minus)) / (2 * epsilon)
        else:
            grad[i] = np.sum((np.asarray(plus) - np.asarray(minus)) * dout) / (2 * epsilon)
        it.iternext()
    return grad


def relative_difference(a, b) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def check_gradients(f: Callable, inputs: dict, analytic: dict, dout: np.ndarray | None = None,
                    epsilon: float = 1e-6) -> dict:
    """
    Compare analytic gradients with numerical ones, input by input.

    f -- function of no arguments that reads the arrays in ``inputs`` (they are perturbed in place)
    inputs -- {name: array}; analytic -- {name: gradient of the same shape}
    Returns {name: relative difference}
    """
    return {name: relative_difference(numerical_gradient(lambda _x: f(), x, dout, epsilon), analytic[name])
            for name, x in inputs.items()}


def dictionary_to_vector(parameters: dict, keys=None) -> tuple[np.ndarray, list]:
    """
    Stack the arrays of a dict into one column vector.

    parameters -- {"W1": ..., "b1": ..., ...}; keys -- the order (default: the dict's order)
    Returns theta -- (n, 1); layout -- list of (key, shape) to undo it with vector_to_dictionary
    """
    keys = list(keys or parameters)
    theta = np.concatenate([np.asarray(parameters[k], dtype=np.float64).reshape(-1, 1) for k in keys])
    return theta, [(k, np.shape(parameters[k])) for k in keys]


def vector_to_dictionary(theta: np.ndarray, layout: list) -> dict:
    """Inverse of dictionary_to_vector."""
    out, start = {}, 0
    for key, shape in layout:
        size = int(np.prod(shape))
        out[key] = theta[start:start + size].reshape(shape)
        start += size
    return out
