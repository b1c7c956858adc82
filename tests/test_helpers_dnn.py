"""The reference layers agree with the course's gradient checker."""

import numpy as np

from helpers import dnn
from helpers.gradcheck import (
    dictionary_to_vector,
    numerical_gradient,
    relative_difference,
    vector_to_dictionary,
)


def test_L_model_backward_matches_numerical_gradient():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 6))
    Y = (rng.random((1, 6)) > 0.5).astype(float)
    params = dnn.initialize_parameters_deep([4, 5, 3, 1], seed=2)
    AL, caches = dnn.L_model_forward(X, params)
    grads = dnn.L_model_backward(AL, Y, caches)
    for key in params:
        numeric = numerical_gradient(lambda _p: dnn.compute_cost(dnn.L_model_forward(X, params)[0], Y), params[key])
        assert relative_difference(numeric, grads["d" + key]) < 1e-7, key


def test_activation_backward_matches_numerical_gradient():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(3, 4))
    dA = rng.normal(size=(3, 4))
    for name, (forward, backward) in dnn.ACTIVATIONS.items():
        numeric = numerical_gradient(lambda z, f=forward: f(z)[0], Z, dA)
        assert relative_difference(numeric, backward(dA, Z)) < 1e-8, name


def test_gradient_checker_catches_a_wrong_gradient():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 2))
    numeric = numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert relative_difference(numeric, 3 * x ** 2) < 1e-8
    assert relative_difference(numeric, 2 * x ** 2) > 1e-2


def test_dictionary_vector_round_trip():
    params = dnn.initialize_parameters_deep([3, 2, 1], seed=0)
    theta, layout = dictionary_to_vector(params)
    assert theta.shape == (3 * 2 + 2 + 2 + 1, 1)
    back = vector_to_dictionary(theta, layout)
    assert all(np.array_equal(back[k], params[k]) for k in params)


def test_a_stack_of_networks_gives_each_network_its_own_gradients():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    nets = [dnn.initialize_parameters_deep([2, 5, 2, 1], seed=s, scale="he") for s in (3, 4, 5)]
    stacked = {key: np.stack([p[key] for p in nets]) for key in nets[0]}
    AL, caches = dnn.L_model_forward(X, stacked)
    grads = dnn.L_model_backward(AL, Y, caches)
    assert AL.shape == (3, 1, 7)
    for k, params in enumerate(nets):
        AL_k, caches_k = dnn.L_model_forward(X, params)
        grads_k = dnn.L_model_backward(AL_k, Y, caches_k)
        assert np.allclose(AL[k], AL_k, rtol=1e-12, atol=0)
        for key in params:
            assert grads["d" + key].shape == (3, *params[key].shape), key
            assert np.allclose(grads["d" + key][k], grads_k["d" + key], rtol=1e-10, atol=1e-14), key
