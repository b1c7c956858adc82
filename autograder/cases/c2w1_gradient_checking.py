"""Cases of c2w1-gradient-checking.

``backward_propagation_n_corrected`` is the learner's fix of the notebook's provided backward pass,
which has the planted bug ``CLASSIC_BUG``; the correct pass is ``helpers.gc_utils.backward_propagation_n``,
which the learner's function may not call.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.gc_utils import (
    backward_propagation_n,
    dictionary_to_vector,
    forward_propagation_n,
    gradient_check_n_test_case,
    gradients_to_vector,
    vector_to_dictionary,
)


def _example(seed, m, bug=None):
    """Inputs of gradient_check_n: the test network, and the gradients of the correct backward pass
    changed by ``bug`` ({key: (factor, offset)})."""
    X, Y, parameters = gradient_check_n_test_case(seed, m)
    _, cache = forward_propagation_n(X, Y, parameters)
    gradients = backward_propagation_n(X, Y, cache)
    for key, (factor, offset) in (bug or {}).items():
        gradients[key] = gradients[key] * factor + offset
    return parameters, gradients, X, Y


CLASSIC_BUG = {"dW2": (2, 0.0), "db1": (4, 0.0)}   # the bug planted in the notebook's backward_propagation_n


def _gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, *,
                      copy=True, denominator=2.0, relative=True):
    """gradient_check_n with switches for typical mistakes."""
    values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(values)
    for i in range(values.shape[0]):
        theta_plus = np.copy(values) if copy else values
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))
        theta_minus = np.copy(values) if copy else values
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i] = (J_plus - J_minus) / (denominator * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    if not relative:
        return numerator
    return numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def _backward_case(seed, m, note):
    X, Y, parameters = gradient_check_n_test_case(seed, m)
    _, cache = forward_propagation_n(X, Y, parameters)
    return Case((X, Y, cache), note=note)


def _backward_with(bug):
    """The correct backward pass with the gradients named in ``bug`` ({key: factor}) scaled."""
    def backward(X, Y, cache):
        gradients = backward_propagation_n(X, Y, cache)
        return {k: v * bug.get(k, 1) for k, v in gradients.items()}
    return backward


STILL_WRONG = ("a block of your gradients still disagrees with the numerical gradient: run "
               "per_parameter_differences(backward_propagation_n_corrected) and compare the line that computes "
               "it with the formula of that gradient.")


SPECS = {
    "forward_propagation": Spec(
        public=[Case((3, 4), note="x = 3, theta = 4")],
        hidden=[Case((-1.5, 0.3), note="x = -1.5, theta = 0.3"), Case((0.0, 7.0), note="x = 0"),
                Case((2.5, -4.0), note="a negative theta")],
        mistakes=[Mistake("J(theta) = theta * x: a product, not a sum.", lambda x, theta: theta + x),
                  Mistake("J(theta) = theta * x, not theta ** x.", lambda x, theta: theta ** x)],
    ),
    "backward_propagation": Spec(
        public=[Case((3, 4), note="x = 3, theta = 4")],
        hidden=[Case((-1.5, 0.3), note="x = -1.5, theta = 0.3"), Case((2.5, -4.0), note="a negative theta")],
        mistakes=[Mistake("differentiate with respect to theta: dJ/dtheta = x (theta is dJ/dx).",
                          lambda x, theta: theta),
                  Mistake("return the derivative dJ/dtheta = x, not J = theta * x.",
                          lambda x, theta: theta * x)],
    ),
    "gradient_check": Spec(
        public=[Case((3, 4), note="x = 3, theta = 4")],
        hidden=[Case((-2.0, 1.5), note="x = -2, theta = 1.5"),
                Case((10.0, -0.5), {"epsilon": 1e-5}, note="epsilon = 1e-5"),
                Case((0.5, 2.0), {"print_msg": True}, note="print_msg = True")],
        mistakes=[Mistake("the centred difference divides by 2 * epsilon, the width of the interval "
                          "[theta - epsilon, theta + epsilon]: your gradapprox is twice the derivative.",
                          lambda *a, **k: 1 / 3),
                  Mistake("a difference of 1 means gradapprox is 0 or has the wrong sign: "
                          "theta_minus = theta - epsilon and gradapprox = (J_plus - J_minus) / (2 * epsilon).",
                          lambda *a, **k: 1.0)],
    ),
    "gradient_check_n": Spec(
        public=[Case(_example(2, 5, CLASSIC_BUG), note="the notebook's example with the provided (buggy) gradients"),
                Case(_example(2, 5), note="the same network with correct gradients")],
        hidden=[Case(_example(3, 8), note="correct gradients, m = 8"),
                Case(_example(4, 1, CLASSIC_BUG), note="buggy gradients, a single example"),
                Case(_example(5, 12, {"db3": (1, 1e-3)}), {"epsilon": 1e-6},
                     note="db3 off by 0.001, epsilon = 1e-6"),
                Case(_example(6, 4, {"dW3": (-1, 0.0)}), {"print_msg": True},
                     note="dW3 with the wrong sign, print_msg = True")],
        mistakes=[Mistake("copy the parameter vector before perturbing one entry (theta_plus = np.copy(parameters_values)): "
                          "without a copy, theta_plus and theta_minus are the same array as parameters_values.",
                          lambda *a, **k: _gradient_check_n(*a, **k, copy=False)),
                  Mistake("the centred difference divides by 2 * epsilon, not by epsilon.",
                          lambda *a, **k: _gradient_check_n(*a, **k, denominator=1.0)),
                  Mistake("return the *relative* difference: divide ||grad - gradapprox|| by "
                          "||grad|| + ||gradapprox||.",
                          lambda *a, **k: _gradient_check_n(*a, **k, relative=False))],
    ),
    "backward_propagation_n_corrected": Spec(
        public=[_backward_case(2, 5, "the notebook's example: seed 2, m = 5")],
        hidden=[_backward_case(3, 8, "seed 3, m = 8"), _backward_case(4, 1, "a single example"),
                _backward_case(7, 30, "seed 7, m = 30")],
        references=("helpers.gc_utils.backward_propagation_n",),
        mistakes=[Mistake("these are the gradients of the provided backward_propagation_n, unchanged: the table of "
                          "per-parameter differences shows which of them disagree with the numerical gradient.",
                          _backward_with({k: f for k, (f, _) in CLASSIC_BUG.items()})),
                  *(Mistake(STILL_WRONG, _backward_with({key: factor}))
                    for key, (factor, _) in CLASSIC_BUG.items())],
    ),
}
