"""Variants of c2w1-gradient-checking."""

import numpy as np

from helpers.gc_utils import (
    dictionary_to_vector,
    forward_propagation_n,
    gradients_to_vector,
    vector_to_dictionary,
)
from variants import Variants

VARIANTS = Variants("c2w1-gradient-checking")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ---------------------------------------------------------------- forward_propagation
@ok("forward_propagation")
def forward_propagation_dot(x, theta):
    return np.dot(theta, x)


@ok("forward_propagation")
def forward_propagation_multiply(x, theta):
    return np.multiply(x, theta)


@ok("forward_propagation")
def forward_propagation_float(x, theta):
    return float(x) * float(theta)


@wrong("forward_propagation", "a product, not a sum")
def forward_propagation_sum(x, theta):
    return theta + x


@wrong("forward_propagation", "theta ** x")
def forward_propagation_power(x, theta):
    return theta ** x


# ---------------------------------------------------------------- backward_propagation
@ok("backward_propagation")
def backward_propagation_float(x, theta):
    return float(x)


@ok("backward_propagation")
def backward_propagation_numpy(x, theta):
    return np.float64(x) * np.ones(())


@wrong("backward_propagation", "dJ/dtheta = x")
def backward_propagation_wrt_x(x, theta):
    return theta


@wrong("backward_propagation", "not J = theta * x")
def backward_propagation_forward(x, theta):
    return theta * x


# correct callees for the gradient_check variants
def forward_propagation(x, theta):
    return theta * x


def backward_propagation(x, theta):
    return x


def _message(difference, print_msg):
    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))


# ---------------------------------------------------------------- gradient_check
@ok("gradient_check")
def gradient_check_abs(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / 2 / epsilon
    grad = backward_propagation(x, theta)
    difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
    _message(difference, print_msg)
    return difference


@ok("gradient_check")
def gradient_check_arrays(x, theta, epsilon=1e-7, print_msg=False):
    thetas = np.array([theta + epsilon, theta - epsilon])
    J = np.array([forward_propagation(x, t) for t in thetas])
    gradapprox = np.array([(J[0] - J[1]) / (2 * epsilon)])
    grad = np.array([backward_propagation(x, theta)])
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    _message(difference, print_msg)
    return difference


@ok("gradient_check", callees={"forward_propagation": lambda x, theta: theta + x,
                               "backward_propagation": lambda x, theta: theta})
def gradient_check_with_wrong_callees(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    _message(difference, print_msg)
    return difference


@wrong("gradient_check", "2 * epsilon")
def gradient_check_one_epsilon(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / epsilon
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


@wrong("gradient_check", "theta_minus = theta - epsilon")
def gradient_check_both_plus(x, theta, epsilon=1e-7, print_msg=False):
    gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta + epsilon)) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


@wrong("gradient_check", "should be")
def gradient_check_returns_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
    return (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)


# ---------------------------------------------------------------- gradient_check_n
def _relative(grad, gradapprox):
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


@ok("gradient_check_n")
def gradient_check_n_layout_free(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    # perturb the dictionary's arrays directly, restoring each entry afterwards
    params = {k: np.array(v, dtype=float) for k, v in parameters.items()}
    grad, gradapprox = [], []
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        for idx in np.ndindex(params[key].shape):
            old = params[key][idx]
            params[key][idx] = old + epsilon
            J_plus, _ = forward_propagation_n(X, Y, params)
            params[key][idx] = old - epsilon
            J_minus, _ = forward_propagation_n(X, Y, params)
            params[key][idx] = old
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
            grad.append(gradients["d" + key][idx])
    difference = _relative(np.array(grad), np.array(gradapprox))
    _message(difference, print_msg)
    return difference


@ok("gradient_check_n")
def gradient_check_n_classic_one_argument(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    # the classic call vector_to_dictionary(theta) without the layout
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    difference = _relative(grad, gradapprox)
    _message(difference, print_msg)
    return difference


@ok("gradient_check_n")
def gradient_check_n_float32_grad(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients).ravel()
    n = parameters_values.shape[0]
    J_plus, J_minus = np.zeros(n), np.zeros(n)
    for i in range(n):
        step = np.zeros_like(parameters_values)
        step[i] = epsilon
        J_plus[i] = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values + step, layout))[0]
        J_minus[i] = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values - step, layout))[0]
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    return float(_relative(grad, gradapprox))


@wrong("gradient_check_n", "np.copy")
def gradient_check_n_no_copy(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = parameters_values
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))
        theta_minus = parameters_values
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return _relative(grad, gradapprox)


@wrong("gradient_check_n", "not by epsilon")
def gradient_check_n_one_epsilon(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i] = (J_plus - J_minus) / epsilon
    return _relative(grad, gradapprox)


@wrong("gradient_check_n", "*relative* difference")
def gradient_check_n_absolute(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(parameters_values)
    for i in range(parameters_values.shape[0]):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] += epsilon
        theta_minus = np.copy(parameters_values)
        theta_minus[i] -= epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    return np.linalg.norm(grad - gradapprox)


@wrong("gradient_check_n", "should be 0.37")
def gradient_check_n_always_zero(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    return 0.0


# ---------------------------------------------------------------- backward_propagation_n_corrected
def _provided_backward(X, Y, cache):
    """The notebook's provided backward pass, planted bug included."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * 2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


@ok("backward_propagation_n_corrected")
def backward_n_rewritten(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    g = {"dZ3": A3 - Y}
    g["dW3"], g["db3"] = g["dZ3"] @ A2.T / m, g["dZ3"].mean(axis=1, keepdims=True)
    g["dA2"] = W3.T @ g["dZ3"]
    g["dZ2"] = np.where(Z2 > 0, g["dA2"], 0.0)
    g["dW2"], g["db2"] = g["dZ2"] @ A1.T / m, g["dZ2"].mean(axis=1, keepdims=True)
    g["dA1"] = W2.T @ g["dZ2"]
    g["dZ1"] = np.where(Z1 > 0, g["dA1"], 0.0)
    g["dW1"], g["db1"] = g["dZ1"] @ X.T / m, g["dZ1"].mean(axis=1, keepdims=True)
    return g


@ok("backward_propagation_n_corrected")
def backward_n_patched(X, Y, cache):
    """Calls the provided pass and undoes the two wrong factors."""
    g = _provided_backward(X, Y, cache)
    g["dW2"] = g["dW2"] / 2
    g["db1"] = g["db1"] / 4
    return g


@wrong("backward_propagation_n_corrected", "unchanged")
def backward_n_unchanged(X, Y, cache):
    return _provided_backward(X, Y, cache)


@wrong("backward_propagation_n_corrected", "still disagrees")
def backward_n_only_dW2_fixed(X, Y, cache):
    g = _provided_backward(X, Y, cache)
    g["dW2"] = g["dW2"] / 2
    return g


@wrong("backward_propagation_n_corrected", "still disagrees")
def backward_n_only_db1_fixed(X, Y, cache):
    g = _provided_backward(X, Y, cache)
    g["db1"] = g["db1"] / 4
    return g


@wrong("backward_propagation_n_corrected", "course's own reference implementation")
def backward_n_delegates(X, Y, cache):
    from helpers.gc_utils import backward_propagation_n
    return backward_propagation_n(X, Y, cache)
