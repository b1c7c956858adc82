"""helpers.char_rnn: the character model's forward and backward passes, and the name list's generator."""

from __future__ import annotations

import numpy as np

from helpers.char_rnn import (
    char_rnn_backward,
    char_rnn_forward,
    get_sample,
    initialize_parameters,
    load_names,
    update_parameters,
)
from helpers.generators.names import LOCALES, collect_names
from helpers.gradcheck import check_gradients

PARAMETERS = ("Wax", "Waa", "Wya", "b", "by")


def _parameters(seed, n_a=4, vocab_size=6):
    rng = np.random.default_rng(seed)
    return {"Wax": rng.standard_normal((n_a, vocab_size)), "Waa": 0.5 * rng.standard_normal((n_a, n_a)),
            "Wya": rng.standard_normal((vocab_size, n_a)), "b": rng.standard_normal((n_a, 1)),
            "by": rng.standard_normal((vocab_size, 1))}


def _loop_forward_backward(X, Y, a0, p):
    """The classic's one-step-at-a-time loops, for comparison."""
    vocab_size = p["Wax"].shape[1]
    a, y_hat, x, loss = {-1: a0}, {}, {}, 0.0
    for t, ix in enumerate(X):
        x[t] = np.zeros((vocab_size, 1))
        if ix is not None:
            x[t][ix] = 1
        a[t] = np.tanh(p["Wax"] @ x[t] + p["Waa"] @ a[t - 1] + p["b"])
        z = p["Wya"] @ a[t] + p["by"]
        y_hat[t] = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        loss -= np.log(y_hat[t][Y[t], 0])
    g = {"d" + k: np.zeros_like(v) for k, v in p.items()}
    da_next = np.zeros_like(a0)
    for t in reversed(range(len(X))):
        dy = y_hat[t].copy()
        dy[Y[t]] -= 1
        g["dWya"] += dy @ a[t].T
        g["dby"] += dy
        daraw = (1 - a[t] ** 2) * (p["Wya"].T @ dy + da_next)
        g["db"] += daraw
        g["dWax"] += daraw @ x[t].T
        g["dWaa"] += daraw @ a[t - 1].T
        da_next = p["Waa"].T @ daraw
    return loss, g, a


def test_forward_and_backward_agree_with_the_classic_loops():
    p = _parameters(0)
    X, Y = [None, 1, 4, 2, 2], [1, 4, 2, 2, 0]
    a0 = np.random.default_rng(1).standard_normal((4, 1))
    loss, cache = char_rnn_forward(X, Y, a0, p)
    gradients, a = char_rnn_backward(X, Y, p, cache)
    loop_loss, loop_gradients, loop_a = _loop_forward_backward(X, Y, a0, p)
    assert np.isclose(loss, loop_loss)
    assert set(gradients) == {"dWax", "dWaa", "dWya", "db", "dby"}
    for name, g in loop_gradients.items():
        assert np.allclose(gradients[name], g), name
    assert set(a) == set(loop_a) and all(np.allclose(a[t], loop_a[t]) for t in loop_a)
    assert a[-1] is a0 and a[len(X) - 1].shape == (4, 1)


def test_backward_agrees_with_numerical_gradients():
    p = _parameters(2)
    X, Y = [None, 3, 5, 1], [3, 5, 1, 0]
    a0 = np.zeros((4, 1))
    loss, cache = char_rnn_forward(X, Y, a0, p)
    gradients, _ = char_rnn_backward(X, Y, p, cache)
    differences = check_gradients(lambda: char_rnn_forward(X, Y, a0, p)[0], p,
                                  {k: gradients["d" + k] for k in PARAMETERS})
    assert max(differences.values()) < 1e-7, differences


def test_initialisation_is_the_classics_and_leaves_the_global_generator_alone():
    state = np.random.get_state()[1].copy()
    p = initialize_parameters(5, 3, 3)
    assert np.array_equal(np.random.get_state()[1], state)
    np.random.seed(1)
    assert np.array_equal(p["Wax"], np.random.randn(5, 3) * 0.01)
    assert np.array_equal(p["Waa"], np.random.randn(5, 5) * 0.01)
    assert np.array_equal(p["Wya"], np.random.randn(3, 5) * 0.01)
    assert not p["b"].any() and not p["by"].any()


def test_update_is_in_place_and_get_sample_capitalises():
    p = _parameters(3)
    before = {k: v.copy() for k, v in p.items()}
    arrays = {k: id(v) for k, v in p.items()}
    g = {"d" + k: np.ones_like(v) for k, v in p.items()}
    assert update_parameters(p, g, 0.5) is p
    assert all(id(p[k]) == arrays[k] and np.allclose(p[k], before[k] - 0.5) for k in p)
    assert get_sample([1, 2, 0], {0: "\n", 1: "a", 2: "b"}) == "Ab\n"
    assert get_sample([0], {0: "\n"}) == "\n"


def test_the_name_list_is_lowercase_letters_sorted_and_unique():
    kept, left_out = collect_names()
    assert kept == sorted(set(kept)) and len(kept) > 1000
    assert all(name.isascii() and name.isalpha() and name.islower() for name in kept)
    assert left_out and all(not (n.isascii() and n.isalpha()) for n in left_out)


def test_the_datasheets_figures():
    # course/datasets/names.md
    text = load_names()
    names = text.splitlines()
    assert len(names) == 1805 and len(text) == 12344 and text.endswith("\n")
    assert min(map(len, names)) == 2 and max(map(len, names)) == 11
    assert round(sum(map(len, names)) / len(names), 1) == 5.8
    _, left_out = collect_names()
    assert len(left_out) == 21 and sum("-" in n for n in left_out) == 19 and sum(" " in n for n in left_out) == 2
    assert len(collect_names(LOCALES + ("en_KE", "en_NG", "en_PK", "en_TH"))[0]) == 3069
