"""Variants of c5w1-character-language-model."""

import copy

import numpy as np

from helpers.char_rnn import (
    char_rnn_backward,
    char_rnn_forward,
    get_initial_loss,
    get_sample,
    initialize_parameters,
    smooth,
    softmax,
    update_parameters,
)
from variants import Variants

VARIANTS = Variants("c5w1-character-language-model")
ok, wrong = VARIANTS.ok, VARIANTS.wrong

GRADIENTS = ("dWaa", "dWax", "dWya", "db", "dby")


# The callees, looked up in this module's namespace (the checks stand in for them here)
def clip(gradients, maxValue):
    return {k: np.clip(gradients[k], -maxValue, maxValue) for k in GRADIENTS}


def sample(parameters, char_to_ix, seed):
    p = parameters
    vocab_size, n_a = p["by"].shape[0], p["Waa"].shape[1]
    x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
    newline = char_to_ix["\n"]
    indices = []
    for counter in range(50):
        a = np.tanh(p["Wax"] @ x + p["Waa"] @ a_prev + p["b"])
        y = softmax(p["Wya"] @ a + p["by"])
        np.random.seed(seed + 2 * counter)
        idx = np.random.choice(vocab_size, p=y.ravel())
        indices.append(idx)
        if idx == newline:
            return indices
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
    return indices + [newline]


def optimize(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


# Wrong callees (with the parameter names of the right ones): a caller that uses them must still pass
def clip_not_implemented(gradients, maxValue):
    raise NotImplementedError()


def sample_argmax(parameters, char_to_ix, seed):
    return [char_to_ix["\n"]]


def optimize_without_update(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    return loss, gradients, a[-1]


def optimize_not_implemented(X, Y, a_prev, parameters, learning_rate=0.01):
    raise NotImplementedError()


# ----------------------------------------------------------------------------------------------
@ok("clip")
def clip_new_arrays(gradients, maxValue):
    return {name: np.clip(gradients[name], -maxValue, maxValue) for name in GRADIENTS}


@ok("clip")
def clip_deepcopy_then_in_place(gradients, maxValue):
    # the copy first, so that the caller's arrays stay as they were
    gradients = copy.deepcopy(gradients)
    for name in GRADIENTS:
        np.clip(gradients[name], -maxValue, maxValue, out=gradients[name])
    return {name: gradients[name] for name in GRADIENTS}


@ok("clip")
def clip_minimum_maximum_float32(gradients, maxValue):
    return {name: np.minimum(np.maximum(gradients[name].astype(np.float32), -maxValue), maxValue)
            for name in GRADIENTS}


@wrong("clip", "the biases' gradients too")
def clip_weights_only(gradients, maxValue):
    clipped = {name: gradients[name].copy() for name in GRADIENTS}
    for name in ("dWax", "dWaa", "dWya"):
        clipped[name] = np.clip(clipped[name], -maxValue, maxValue)
    return clipped


@wrong("clip", "the lower bound is -maxValue")
def clip_from_zero(gradients, maxValue):
    return {name: np.clip(gradients[name], 0, maxValue) for name in GRADIENTS}


@wrong("clip", "does not rescale a gradient by its norm")
def clip_by_norm(gradients, maxValue):
    clipped = {}
    for name in GRADIENTS:
        norm = np.linalg.norm(gradients[name])
        clipped[name] = gradients[name] * maxValue / norm if norm > maxValue else gradients[name].copy()
    return clipped


@wrong("clip", "differs from the expected values")
def clip_fixed_bound(gradients, maxValue):
    return {name: np.clip(gradients[name], -10, 10) for name in GRADIENTS}


# ----------------------------------------------------------------------------------------------
def _sample(parameters, char_to_ix, seed, argmax=False, feed=True, carry=True, step=2, stop=True,
            append=True):
    p = parameters
    vocab_size, n_a = p["by"].shape[0], p["Waa"].shape[1]
    x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
    newline = char_to_ix["\n"]
    indices = []
    for counter in range(50):
        a = np.tanh(p["Wax"] @ x + p["Waa"] @ a_prev + p["b"])
        y = softmax(p["Wya"] @ a + p["by"])
        np.random.seed(seed + step * counter)
        idx = int(np.argmax(y)) if argmax else np.random.choice(range(vocab_size), p=y.ravel())
        indices.append(idx)
        if idx == newline and stop:
            return indices
        if feed:
            x = np.zeros((vocab_size, 1))
            x[idx] = 1
        if carry:
            a_prev = a
    return indices + [newline] if append else indices


@ok("sample")
def sample_classic_while(parameters, char_to_ix, seed):
    Waa, Wax, Wya, by, b = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "b"))
    vocab_size, n_a = by.shape[0], Waa.shape[1]
    x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
    indices, idx, counter = [], -1, 0
    newline_character = char_to_ix["\n"]
    while idx != newline_character and counter != 50:
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
        z = np.dot(Wya, a) + by
        e = np.exp(z - z.max())
        y = e / e.sum()
        np.random.seed(counter + seed)
        idx = np.random.choice(list(range(vocab_size)), p=y[:, 0])
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    if counter == 50:
        indices.append(char_to_ix["\n"])
    return indices


@ok("sample")
def sample_for_loop_python_ints(parameters, char_to_ix, seed):
    return [int(i) for i in _sample(parameters, char_to_ix, seed)]


@wrong("sample", "not the most likely character")
def sample_argmax_wrong(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, argmax=True)


@wrong("sample", "set x to the one-hot vector")
def sample_without_feeding_back(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, feed=False)


@wrong("sample", "carry the hidden state")
def sample_without_carrying(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, carry=False)


@wrong("sample", "add 1 to both seed and counter")
def sample_seed_plus_counter_only(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, step=1)


@wrong("sample", "stop as soon as the newline")
def sample_past_the_newline(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, stop=False)


@wrong("sample", "append the newline's index")
def sample_without_final_newline(parameters, char_to_ix, seed):
    return _sample(parameters, char_to_ix, seed, append=False)


# ----------------------------------------------------------------------------------------------
@ok("optimize")
def optimize_classic(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


@ok("optimize")
def optimize_own_update(X, Y, a_prev, parameters, learning_rate=0.01):
    # the update written out: replacing the dict's entries also reaches the caller's dict
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, maxValue=5)
    for name in ("Wax", "Waa", "Wya", "b", "by"):
        parameters[name] = parameters[name] - learning_rate * gradients["d" + name]
    last = a[len(X) - 1]
    return loss, gradients, last


@ok("optimize", callees={"clip": clip_not_implemented})
def optimize_with_wrong_clip(X, Y, a_prev, parameters, learning_rate=0.01):
    return optimize_classic(X, Y, a_prev, parameters, learning_rate)


@wrong("optimize", "clip the gradients with your clip(gradients, 5)")
def optimize_without_clipping(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


@wrong("optimize", "clip with maxValue = 5")
def optimize_clip_ten(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = {k: np.clip(v, -10, 10) for k, v in gradients.items()}
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


@wrong("optimize", "a[-1] is the state before")
def optimize_returns_a_minus_one(X, Y, a_prev, parameters, learning_rate=0.01):
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[-1]


@wrong("optimize", "must update `parameters` in place")
def optimize_on_a_copy(X, Y, a_prev, parameters, learning_rate=0.01):
    parameters = copy.deepcopy(parameters)
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


# ----------------------------------------------------------------------------------------------
def _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size, shuffle=True,
           carry=True, start=True, learning_rate=0.01):
    parameters = initialize_parameters(n_a, vocab_size, vocab_size)
    loss = get_initial_loss(vocab_size, sample_names)
    examples = [x.strip() for x in data_x]
    if shuffle:
        np.random.seed(0)
        np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_name = "abc"
    for j in range(num_iterations):
        X = [char_to_ix[ch] for ch in examples[j % len(examples)]]
        X = [None] + X if start else X
        Y = X[1:] + [char_to_ix["\n"]]
        curr_loss, gradients, state = optimize(X, Y, a_prev if carry else np.zeros((n_a, 1)), parameters,
                                               learning_rate=learning_rate)
        a_prev = state
        loss = smooth(loss, curr_loss)
        if j % 2000 == 0:
            for seed in range(sample_names):
                last_name = get_sample(sample(parameters, char_to_ix, seed), ix_to_char)
    return parameters, last_name


@ok("model")
def model_classic(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7, vocab_size=27,
                  verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size)


@ok("model")
def model_map_and_modulo(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7,
                         vocab_size=27, verbose=False):
    parameters = initialize_parameters(n_a, vocab_size, vocab_size)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_name = "abc"
    for j in range(num_iterations):
        X = [None, *map(char_to_ix.get, examples[j % len(examples)])]
        Y = [*X[1:], char_to_ix["\n"]]
        _, _, a_prev = optimize(X, Y, a_prev, parameters)
        if j % 2000 == 0:
            names = [get_sample(sample(parameters, char_to_ix, seed), ix_to_char) for seed in range(sample_names)]
            last_name = names[-1]
    return parameters, last_name


@ok("model", callees={"optimize": optimize_without_update, "sample": sample_argmax})
def model_with_wrong_callees(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7,
                             vocab_size=27, verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size)


@ok("model", callees={"optimize": optimize_not_implemented, "clip": clip_not_implemented})
def model_with_optimize_not_implemented(data_x, ix_to_char, char_to_ix, num_iterations=35000,
                                        n_a=50, sample_names=7, vocab_size=27, verbose=False):
    # the stand-in of optimize updates `parameters` as the reference did, so that sample and the
    # next optimize see the trained parameters
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size)


@wrong("model", "shuffle the examples first")
def model_without_shuffle(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7,
                          vocab_size=27, verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size, shuffle=False)


@wrong("model", "pass the hidden state on")
def model_without_carrying_the_state(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50,
                                     sample_names=7, vocab_size=27, verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size, carry=False)


@wrong("model", "X starts with None")
def model_without_start(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7,
                        vocab_size=27, verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size, start=False)


@wrong("model", "learning rate 0.01")
def model_learning_rate(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7,
                        vocab_size=27, verbose=False):
    return _model(data_x, ix_to_char, char_to_ix, num_iterations, n_a, sample_names, vocab_size,
                  learning_rate=0.05)

