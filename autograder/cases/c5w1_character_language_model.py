"""Cases of c5w1-character-language-model.

Inputs are drawn with ``np.random.default_rng`` and rounded to 4 decimals, so that the stored
cases stay short; the networks are small (2 to 8 hidden units) for the same reason. The public
cases are the notebook's examples. The hidden ones change the sizes, the vocabulary (fewer
characters, the newline at another index than 0), the seed and the learning rate, and take the
edge cases: gradients already inside the bounds, a network that never samples the newline (the
50-character limit), one that samples it first (an empty name), a one-letter name, more
iterations than names (``model`` goes round the list again).

The mistakes are computed by versions of the reference written here with the typical error
switched on; none of them prints.
"""

import copy

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.char_rnn import (
    char_rnn_backward,
    char_rnn_forward,
    get_sample,
    initialize_parameters,
    softmax,
    update_parameters,
)

GRADIENTS = ("dWaa", "dWax", "dWya", "db", "dby")
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# ----------------------------------------------------------------------------------------------
# Inputs


def _normal(rng, *shape, scale=1.0):
    return np.round(scale * rng.standard_normal(shape), 4)


def _vocabulary(chars):
    """char_to_ix and ix_to_char of the characters in this order."""
    return {c: i for i, c in enumerate(chars)}, dict(enumerate(chars))


ALPHABET = "\n" + LETTERS                                   # the notebook's vocabulary: "\n" is 0
CHAR_TO_IX, IX_TO_CHAR = _vocabulary(ALPHABET)


def _gradients(seed, n_a, n_x, n_y, scale):
    rng = np.random.default_rng(seed)
    return {"dWaa": _normal(rng, n_a, n_a, scale=scale), "dWax": _normal(rng, n_a, n_x, scale=scale),
            "dWya": _normal(rng, n_y, n_a, scale=scale), "db": _normal(rng, n_a, 1, scale=scale),
            "dby": _normal(rng, n_y, 1, scale=scale)}


def _parameters(seed, n_a, vocab_size, scale=1.0, newline=None, newline_bias=0.0):
    """Random parameters; newline_bias shifts the score of the newline (index newline) in by."""
    rng = np.random.default_rng(seed)
    p = {"Wax": _normal(rng, n_a, vocab_size, scale=scale), "Waa": _normal(rng, n_a, n_a, scale=scale),
         "Wya": _normal(rng, vocab_size, n_a, scale=scale), "b": _normal(rng, n_a, 1, scale=scale),
         "by": _normal(rng, vocab_size, 1, scale=scale)}
    if newline is not None:
        p["by"][newline, 0] += newline_bias
    return p


def _sequence(name, char_to_ix):
    """X and Y of one name, as model builds them."""
    X = [None] + [char_to_ix[c] for c in name]
    return X, X[1:] + [char_to_ix["\n"]]


def _optimize_case(seed, name, n_a, note, char_to_ix=CHAR_TO_IX, scale=1.0, a_scale=0.5, **kwargs):
    rng = np.random.default_rng(seed + 1000)
    X, Y = _sequence(name, char_to_ix)
    a_prev = _normal(rng, n_a, 1, scale=a_scale)
    return Case((X, Y, a_prev, _parameters(seed, n_a, len(char_to_ix), scale=scale)), kwargs, note)


# ----------------------------------------------------------------------------------------------
# The reference, with the typical mistakes switchable


def _clip(gradients, maxValue, names=GRADIENTS, low=None, by_norm=False):
    low = -maxValue if low is None else low
    clipped = {}
    for name in GRADIENTS:
        g = np.array(gradients[name], dtype=float)
        if by_norm:
            norm = np.linalg.norm(g)
            clipped[name] = g * maxValue / norm if norm > maxValue else g
        else:
            clipped[name] = np.clip(g, low, maxValue) if name in names else g
    return clipped


def _sample(parameters, char_to_ix, seed, draw="choice", feed=True, carry=True, seed_step=2, stop=True,
            append=True):
    """seed_step: the classic seeds draw k with seed + 2k; 1 forgets `seed += 1`; 0 seeds once."""
    Waa, Wax, Wya, by, b = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "b"))
    vocab_size, n_a = by.shape[0], Waa.shape[1]
    newline = char_to_ix["\n"]
    state = np.random.get_state()
    try:
        x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
        indices, idx, counter = [], -1, 0
        if seed_step == 0:
            np.random.seed(seed)
        while (idx != newline or not stop) and counter != 50:
            a = np.tanh(Wax @ x + Waa @ a_prev + b)
            y = softmax(Wya @ a + by)
            if seed_step:
                np.random.seed(seed + seed_step * counter)
            idx = int(np.argmax(y)) if draw == "argmax" else int(np.random.choice(vocab_size, p=y.ravel()))
            indices.append(idx)
            if feed:
                x = np.zeros((vocab_size, 1))
                x[idx] = 1
            if carry:
                a_prev = a
            counter += 1
        if counter == 50 and append:
            indices.append(newline)
        return indices
    finally:
        np.random.set_state(state)


def _optimize(X, Y, a_prev, parameters, learning_rate=0.01, max_value=5, clipped=True, last="last"):
    parameters = copy.deepcopy(parameters)
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = _clip(gradients, max_value) if clipped else gradients
    update_parameters(parameters, gradients, learning_rate)
    state = {"last": a[len(X) - 1], "a_prev": a[-1], "all": a}[last]
    return loss, gradients, state


def _model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7, vocab_size=27,
           verbose=False, shuffle=True, carry=True, start=True, learning_rate=0.01):
    state = np.random.get_state()
    try:
        parameters = initialize_parameters(n_a, vocab_size, vocab_size)
        examples = [x.strip() for x in data_x]
        if shuffle:
            np.random.seed(0)
            np.random.shuffle(examples)
        a_prev = np.zeros((n_a, 1))
        last_name = "abc"
        for j in range(num_iterations):
            X = [char_to_ix[c] for c in examples[j % len(examples)]]
            X = [None] + X if start else X
            Y = X[1:] + [char_to_ix["\n"]]
            loss, cache = char_rnn_forward(X, Y, a_prev if carry else np.zeros((n_a, 1)), parameters)
            gradients, a = char_rnn_backward(X, Y, parameters, cache)
            update_parameters(parameters, _clip(gradients, 5), learning_rate)
            a_prev = a[len(X) - 1]
            if j % 2000 == 0:
                for seed in range(sample_names):
                    last_name = get_sample(_sample(parameters, char_to_ix, seed), ix_to_char)
        return parameters, last_name
    finally:
        np.random.set_state(state)


# ----------------------------------------------------------------------------------------------
# The cases


def _clip_case(seed, shapes, scale, maxValue, note):
    return Case((_gradients(seed, *shapes, scale), maxValue), note=note)


def _sample_case(seed, n_a, chars, sample_seed, note, **kwargs):
    char_to_ix, _ = _vocabulary(chars)
    return Case((_parameters(seed, n_a, len(chars), newline=char_to_ix["\n"], **kwargs), char_to_ix, sample_seed),
                note=note)


NAMES_PUBLIC = ["ada", "bo", "cyra", "dev", "ella", "finn"]
NAMES_HIDDEN = ["liam", "ava", "noah", "mia", "zoe", "kai", "eve", "jo"]
ABC = "\nabc"
ABC_TO_IX, IX_TO_ABC = _vocabulary(ABC)
UNIFORM = "draw the next character at random with np.random.choice(range(vocab_size), p=y.ravel())"

SPECS = {
    "clip": Spec(
        mutable=("gradients",),
        public=[_clip_case(1, (5, 3, 2), 10.0, 10, "gradients of n_a = 5, n_x = 3, n_y = 2 (x 10), maxValue 10")],
        hidden=[_clip_case(2, (4, 27, 27), 6.0, 5, "n_a = 4, vocabulary 27, maxValue 5"),
                _clip_case(3, (3, 2, 4), 1.0, 0.5, "maxValue 0.5"),
                _clip_case(4, (2, 3, 3), 0.1, 5, "every entry already inside [-5, 5]: nothing changes"),
                _clip_case(5, (1, 1, 1), 20.0, 2.5, "one hidden unit, one input, one output; maxValue 2.5")],
        mistakes=[Mistake("clip all five gradients, dWax, dWaa, dWya, db and dby: the biases' gradients too.",
                          lambda g, m: _clip(g, m, names=("dWaa", "dWax", "dWya"))),
                  Mistake("clip each entry to [-maxValue, maxValue]: np.clip(gradient, -maxValue, maxValue); "
                          "the lower bound is -maxValue, not 0.", lambda g, m: _clip(g, m, low=0)),
                  Mistake("clip each entry to [-maxValue, maxValue] with np.clip; this exercise does not "
                          "rescale a gradient by its norm.", lambda g, m: _clip(g, m, by_norm=True))],
    ),
    "sample": Spec(
        public=[_sample_case(11, 8, ALPHABET, 0, "n_a = 8, the notebook's 27 characters, seed 0")],
        hidden=[_sample_case(12, 5, ALPHABET, 7, "n_a = 5, seed 7"),
                _sample_case(13, 4, "ab\ncd", 3, "5 characters, the newline at index 2, seed 3"),
                _sample_case(14, 6, ALPHABET, 1, "the newline is never likely: the 50-character limit",
                             newline_bias=-20.0),
                _sample_case(15, 3, "\nxyz", 2, "the newline is almost certain: an empty name", newline_bias=20.0),
                _sample_case(16, 7, ALPHABET, 24, "n_a = 7, weights x 2, seed 24", scale=2.0)],
        mistakes=[Mistake(UNIFORM + ", not the most likely character (np.argmax): a language model that "
                          "always picks its favourite writes the same name every time.",
                          lambda p, c, s: _sample(p, c, s, draw="argmax")),
                  Mistake("after each draw, set x to the one-hot vector of the character you drew (x[idx] = 1 "
                          "in a fresh zero vector): it is the next step's input.",
                          lambda p, c, s: _sample(p, c, s, feed=False)),
                  Mistake("after each step, carry the hidden state: a_prev = a.",
                          lambda p, c, s: _sample(p, c, s, carry=False)),
                  Mistake("seed every draw with np.random.seed(seed + counter) and then add 1 to both seed "
                          "and counter (draw k is seeded with the first seed + 2k).",
                          lambda p, c, s: _sample(p, c, s, seed_step=1)),
                  Mistake("seed every draw, inside the loop, with np.random.seed(seed + counter), then add 1 "
                          "to both seed and counter.", lambda p, c, s: _sample(p, c, s, seed_step=0)),
                  Mistake("stop as soon as the newline character (char_to_ix['\\n']) is drawn: it ends the name.",
                          lambda p, c, s: _sample(p, c, s, stop=False)),
                  Mistake("when the loop stops at 50 characters, append the newline's index, "
                          "char_to_ix['\\n'], so that every sample ends with it.",
                          lambda p, c, s: _sample(p, c, s, append=False))],
    ),
    "optimize": Spec(
        updates=("parameters",),
        public=[_optimize_case(21, "ada", 5, "the name 'ada', n_a = 5, default learning rate")],
        hidden=[_optimize_case(22, "caoilfhionn", 4, "a long name, n_a = 4, learning rate 0.05", learning_rate=0.05),
                _optimize_case(23, "jo", 6, "a short name, weights x 2: many gradients beyond 5", scale=2.0),
                _optimize_case(24, "x", 3, "a one-letter name, n_a = 3, learning rate 0.1", learning_rate=0.1),
                _optimize_case(25, "abcab", 2, "4 characters, the newline at index 2, n_a = 2",
                               char_to_ix=_vocabulary("ab\nc")[0], scale=1.5)],
        mistakes=[Mistake("clip the gradients with your clip(gradients, 5) before the update, and return the "
                          "clipped gradients.", lambda *a, **k: _optimize(*a, clipped=False, **k)),
                  Mistake("clip with maxValue = 5: gradients = clip(gradients, 5).",
                          lambda *a, **k: _optimize(*a, max_value=10, **k)),
                  Mistake("return the last hidden state, a[len(X) - 1]: a[-1] is the state before the "
                          "first step (a_prev).", lambda *a, **k: _optimize(*a, last="a_prev", **k)),
                  Mistake("return the last hidden state a[len(X) - 1], not the whole dict a.",
                          lambda *a, **k: _optimize(*a, last="all", **k))],
    ),
    "model": Spec(
        public=[Case((NAMES_PUBLIC, IX_TO_CHAR, CHAR_TO_IX), {"num_iterations": 8, "n_a": 4, "sample_names": 2},
                     "6 names, 8 iterations, n_a = 4, 2 names sampled")],
        hidden=[Case((NAMES_HIDDEN, IX_TO_CHAR, CHAR_TO_IX), {"num_iterations": 12, "n_a": 3, "sample_names": 3},
                     "8 names, 12 iterations: round the list again"),
                Case((["abc\n", " cab", "ba", "c", "aab"], IX_TO_ABC, ABC_TO_IX),
                     {"num_iterations": 7, "n_a": 2, "sample_names": 1, "vocab_size": 4},
                     "4 characters (vocab_size 4), names with spaces and newlines to strip"),
                Case((["zed", "yvonne"], IX_TO_CHAR, CHAR_TO_IX), {"num_iterations": 1, "n_a": 5},
                     "one iteration, default 7 names sampled")],
        mistakes=[Mistake("shuffle the examples first, as given: np.random.seed(0), then "
                          "np.random.shuffle(examples).", lambda *a, **k: _model(*a, shuffle=False, **k)),
                  Mistake("pass the hidden state on: a_prev = the last hidden state that optimize returns, "
                          "the input of the next iteration.", lambda *a, **k: _model(*a, carry=False, **k)),
                  Mistake("X starts with None (the zero vector), so that the network also learns to predict "
                          "the first letter: X = [None] + [char_to_ix[ch] for ch in the name].",
                          lambda *a, **k: _model(*a, start=False, **k)),
                  Mistake("optimize with the learning rate 0.01.",
                          lambda *a, **k: _model(*a, learning_rate=0.05, **k))],
    ),
}
