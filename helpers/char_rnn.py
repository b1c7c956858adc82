"""The character-level language model of c5w1-character-language-model: data, forward and backward passes.

What the classic assignment kept in its utility module, for one name at a time, on top of the
course's vectorised RNN (``helpers.rnn``): the learner writes ``clip``, ``sample``,
``optimize`` and ``model`` and calls these.

A name is a list of character indices. Its input sequence is ``X = [None] + indices`` (``None``
is the zero vector: the first character is predicted from nothing) and its labels are
``Y = indices + [newline index]``: at step t the network reads X[t] and is trained to predict
Y[t] = X[t + 1], and after the last letter it must predict the end of the name. The network
is the classic's, with the classic's parameter names:

    a<t> = tanh(Wax x<t> + Waa a<t-1> + b),   y_hat<t> = softmax(Wya a<t> + by)
    Wax (n_a, n_x), Waa (n_a, n_a), b (n_a, 1), Wya (n_y, n_a), by (n_y, 1)

and the loss of a name is the cross-entropy summed over its steps,
``-sum_t log y_hat<t>[Y[t]]``. ``helpers.rnn`` calls the hidden bias ``ba``; here it is ``b``.

    load_names() -> str                                     the text of datasets/names.txt
    initialize_parameters(n_a, n_x, n_y) -> parameters      small random weights, zero biases
    char_rnn_forward(X, Y, a0, parameters) -> (loss, cache)
    char_rnn_backward(X, Y, parameters, cache) -> (gradients, a)
    update_parameters(parameters, gradients, learning_rate) -> parameters   (in place)
    get_initial_loss, smooth, get_sample                     the classic's small utilities
"""

from __future__ import annotations

import numpy as np

from helpers.paths import dataset_path
from helpers.rnn import rnn_sequence_backward, rnn_sequence_forward, softmax

__all__ = ["char_rnn_backward", "char_rnn_forward", "get_initial_loss", "get_sample", "gradient_norm",
           "initialize_parameters", "load_names", "smooth", "softmax", "update_parameters"]

NAMES_FILE = "names.txt"
PARAMETERS = ("Wax", "Waa", "Wya", "b", "by")
GRADIENTS = ("dWax", "dWaa", "dWya", "db", "dby")


def load_names() -> str:
    """The text of datasets/names.txt: lowercase first names, one per line (course/datasets/names.md)."""
    return dataset_path(NAMES_FILE).read_text(encoding="ascii")


def initialize_parameters(n_a, n_x, n_y, scale=0.01, seed=1):
    """
    Small random weights and zero biases, drawn as the classic did (seed 1, then Wax, Waa, Wya).

    n_a -- number of hidden units; n_x, n_y -- sizes of the input and output (the vocabulary)
    scale -- standard deviation of the weights (the classic's 0.01)
    Returns parameters -- dict with "Wax" (n_a, n_x), "Waa" (n_a, n_a), "Wya" (n_y, n_a),
                          "b" (n_a, 1), "by" (n_y, 1)
    The draws come from their own generator, np.random.RandomState(seed): the same numbers as
    np.random.seed(seed) followed by np.random.randn, without touching the global generator.
    """
    rng = np.random.RandomState(seed)
    Wax = rng.randn(n_a, n_x) * scale
    Waa = rng.randn(n_a, n_a) * scale
    Wya = rng.randn(n_y, n_a) * scale
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}


def _one_hot(X, vocab_size):
    """The inputs of a sequence as one-hot columns, (vocab_size, 1, T_x); None is the zero vector."""
    x = np.zeros((vocab_size, 1, len(X)))
    for t, ix in enumerate(X):
        if ix is not None:
            x[ix, 0, t] = 1.0
    return x


def _rnn_parameters(parameters):
    """The parameters under helpers.rnn's names (the hidden bias b is its ba)."""
    return {"Wax": parameters["Wax"], "Waa": parameters["Waa"], "ba": parameters["b"],
            "Wya": parameters["Wya"], "by": parameters["by"]}


def char_rnn_forward(X, Y, a0, parameters):
    """
    The forward pass over one sequence and its loss.

    X -- list of input indices, length T_x; None stands for the zero vector (the start)
    Y -- list of label indices, length T_x: the character the network must predict at each step
    a0 -- hidden state before the first step, (n_a, 1)
    parameters -- dict with "Wax", "Waa", "Wya", "b", "by" (see the module docstring)
    Returns:
    loss -- cross-entropy summed over the steps, -sum_t log y_hat<t>[Y[t]] (a float)
    cache -- for char_rnn_backward
    """
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same length, got {len(X)} and {len(Y)} (Y is X shifted "
                         "left by one, with the newline's index at the end)")
    x = _one_hot(X, parameters["Wax"].shape[1])
    a, y_hat, rnn_cache = rnn_sequence_forward(x, a0, _rnn_parameters(parameters))
    steps = np.arange(len(Y))
    loss = -float(np.sum(np.log(y_hat[np.asarray(Y), 0, steps])))
    return loss, (y_hat, a, a0, rnn_cache)


def char_rnn_backward(X, Y, parameters, cache):
    """
    The backward pass of char_rnn_forward: the gradients of the loss, through time.

    X, Y, parameters -- as given to char_rnn_forward
    cache -- from char_rnn_forward
    Returns:
    gradients -- dict with "dWax", "dWaa", "dWya", "db", "dby" (the shapes of the parameters)
    a -- dict of the hidden states, as the classic's: a[t], of shape (n_a, 1), is the state
         after step t for t = 0 .. T_x - 1, and a[-1] is a0. The last state is a[len(X) - 1].
    """
    y_hat, a, a0, rnn_cache = cache
    steps = np.arange(len(Y))
    dz = y_hat.copy()                       # softmax + cross-entropy: dL/dz<t> = y_hat<t> - y<t>
    dz[np.asarray(Y), 0, steps] -= 1.0
    g = rnn_sequence_backward(np.zeros_like(a), rnn_cache, dz)
    gradients = {"dWax": g["dWax"], "dWaa": g["dWaa"], "dWya": g["dWya"], "db": g["dba"], "dby": g["dby"]}
    states = {t: a[:, :, t] for t in range(len(X))}
    states[-1] = a0
    return gradients, states


def update_parameters(parameters, gradients, learning_rate):
    """
    One step of gradient descent, in place, as the classic: parameters["Wax"] += -lr * dWax, ...

    parameters -- dict of the five parameters (changed in place: the caller's arrays move)
    gradients -- dict with "dWax", "dWaa", "dWya", "db", "dby"
    Returns parameters (the same dict).
    """
    for name in PARAMETERS:
        parameters[name] += -learning_rate * gradients["d" + name]
    return parameters


def gradient_norm(gradients):
    """The global L2 norm of the five gradients, sqrt(sum of all their squared entries)."""
    return float(np.sqrt(sum(np.sum(np.square(gradients[name])) for name in GRADIENTS)))


def get_initial_loss(vocab_size, seq_length):
    """The loss of a model that guesses uniformly, over seq_length characters: seq_length * ln(vocab_size)."""
    return -np.log(1.0 / vocab_size) * seq_length


def smooth(loss, cur_loss):
    """An exponential moving average of the loss, weight 0.001 on the newest value (as the classic)."""
    return loss * 0.999 + cur_loss * 0.001


def get_sample(sample_ix, ix_to_char):
    """The text of a list of indices, its first letter capitalised (the newline at its end is kept)."""
    txt = "".join(ix_to_char[ix] for ix in sample_ix)
    return txt[:1].upper() + txt[1:]
