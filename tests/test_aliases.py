"""Results that are the same object as another result or as an input (autograder.aliases)."""

from __future__ import annotations

import numpy as np

from autograder.aliases import alias_pairs, alias_problem


def _zeros_like_grads(parameters):
    return {"d" + k: np.zeros_like(p) for k, p in parameters.items()}


PARAMETERS = {"W1": np.ones((2, 3)), "b1": np.ones((2, 1))}


def test_one_dictionary_returned_twice_is_a_problem():
    v = s = {}
    v.update(_zeros_like_grads(PARAMETERS))
    pairs = alias_pairs((v, s), (PARAMETERS,), names=["parameters"])
    assert ["result[0]", "result[1]"] in pairs
    msg = alias_problem([], pairs)
    assert "`result[0]` and `result[1]` are the same object" in msg
    assert "v = s = {}" in msg


def test_two_separate_dictionaries_are_fine():
    v, s = _zeros_like_grads(PARAMETERS), _zeros_like_grads(PARAMETERS)
    assert alias_pairs((v, s), (PARAMETERS,), names=["parameters"]) == []


def test_one_zero_array_in_two_places_is_a_problem():
    v, s = {}, {}
    for k, p in PARAMETERS.items():
        v["d" + k] = s["d" + k] = np.zeros_like(p)
    pairs = alias_pairs((v, s))
    assert ["result[0]['dW1']", "result[1]['dW1']"] in pairs
    assert "same object" in alias_problem([], pairs)


def test_views_that_share_memory_are_aliases():
    a = np.zeros((2, 3))
    assert alias_pairs((a, a[:, :1])) == [["result[0]", "result[1]"]]
    assert alias_pairs((a, a.T)) == [["result[0]", "result[1]"]]
    assert alias_pairs({"dW": a, "db": a.reshape(-1)[:2].reshape(2, 1)}) == [["result['dW']", "result['db']"]]
    assert "share memory" in alias_problem([], alias_pairs((a, a[:, :1])))


def test_disjoint_slices_of_one_buffer_are_independent():
    buffer = np.zeros(8)
    assert alias_pairs((buffer[:6].reshape(2, 3), buffer[6:].reshape(2, 1))) == []


def test_numbers_tuples_and_equal_copies_never_count():
    t = (1.0, 2.0)
    a = np.zeros(3)
    assert alias_pairs((t, t, 0.5, 0.5)) == []
    assert alias_pairs((a, a.copy(), np.zeros(3))) == []
    z = np.array(0.0)
    assert alias_pairs((z, z)) == []  # 0-d arrays are numbers


def _linear_forward(A, W, b):
    return W @ A + b, (A, W, b)


def test_a_cache_that_holds_the_inputs_is_fine_when_the_reference_does_the_same():
    A, W, b = np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1))
    names = ["A", "W", "b"]
    reference = alias_pairs(_linear_forward(A, W, b), (A, W, b), names=names)
    assert ["A", "result[1][0]"] in reference and ["W", "result[1][1]"] in reference
    learner = alias_pairs(_linear_forward(A, W, b), (A, W, b), names=names)
    assert alias_problem(reference, learner) is None
    # copies in the learner's cache are fine too: fewer aliases than the reference
    copied = (W @ A + b, (A.copy(), W.copy(), b.copy()))
    assert alias_problem(reference, alias_pairs(copied, (A, W, b), names=names)) is None


def test_a_cache_that_holds_an_input_the_reference_copies_is_a_problem():
    A, W, b = np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1))
    reference = alias_pairs((W @ A + b, (A.copy(), W.copy(), b.copy())), (A, W, b), names=["A", "W", "b"])
    assert reference == []
    msg = alias_problem(reference, alias_pairs(_linear_forward(A, W, b), (A, W, b), names=["A", "W", "b"]))
    assert "`result[1][0]` is your input `A` itself" in msg


def _update_in_place(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]
    return parameters


def test_returning_a_mutable_input_is_allowed():
    parameters = {k: p.copy() for k, p in PARAMETERS.items()}
    grads = _zeros_like_grads(PARAMETERS)
    result = _update_in_place(parameters, grads, 0.1)
    pairs = alias_pairs(result, (parameters, grads, 0.1), names=["parameters", "grads", "learning_rate"])
    assert ["parameters", "result"] in pairs
    assert ["parameters['W1']", "result['W1']"] in pairs
    assert alias_problem([], pairs, {"parameters"}) is None


def test_returning_an_input_that_is_not_mutable_is_a_problem():
    parameters = {k: p.copy() for k, p in PARAMETERS.items()}
    grads = _zeros_like_grads(PARAMETERS)
    result = _update_in_place(parameters, grads, 0.1)
    pairs = alias_pairs(result, (parameters, grads, 0.1), names=["parameters", "grads", "learning_rate"])
    msg = alias_problem([], pairs)
    assert "is your input `parameters` itself" in msg
    assert alias_problem([], pairs, {"grads"}) is not None


def test_inputs_passed_by_keyword_are_named_by_their_keyword():
    x = np.ones(3)
    assert alias_pairs(x, kwargs={"x": x}) == [["result", "x"]]
    assert alias_pairs(x, (x,)) == [["args[0]", "result"]]
