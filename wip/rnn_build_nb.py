"""Writes source/c5w1-rnn-step-by-step/c5w1-rnn-step-by-step.ipynb (authoring aid, not committed)."""
import pathlib

import nbformat

ID = "c5w1-rnn-step-by-step"
cells = []
counters = {"md": 0, "setup": 0}


def meta(grade_id, solution=False, grade=False, locked=True, points=None):
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
         "solution": solution, "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


def md(text):
    counters["md"] += 1
    cells.append(nbformat.v4.new_markdown_cell(text.strip("\n"), metadata=meta(f"md-{counters['md']}")))


def setup(code):
    counters["setup"] += 1
    cells.append(nbformat.v4.new_code_cell(code.strip("\n"),
                                           metadata=meta(f"setup-{counters['setup']}")))


def code(text):
    cells.append(nbformat.v4.new_code_cell(text.strip("\n")))


def exercise(name, solution, points):
    cells.append(nbformat.v4.new_code_cell(solution.strip("\n"),
                                           metadata=meta(name, solution=True, locked=False)))
    code(f'preview("{name}", {name})')
    cells.append(nbformat.v4.new_code_cell(
        f'check("{name}", {name})\n### BEGIN HIDDEN TESTS\n'
        f'check("{name}", {name}, hidden=True)\n### END HIDDEN TESTS',
        metadata=meta(f"test_{name}", grade=True, points=points)))


# ================================================================================================
md(r"""
# Building a recurrent neural network: step by step

Text, speech, music, sensor readings, prices: much of the world's data comes as **sequences**, where what an element means depends on the elements before it. A **recurrent neural network** (RNN) reads a sequence one element at a time and carries a **hidden state** from step to step: a vector that summarises what it has read so far. The same weights are used at every step, so one network handles sequences of any length.

In this notebook you build the two recurrent networks of this part of the course in NumPy, one time step at a time, forward and backward:

1. `rnn_cell_forward` and `rnn_forward`: a plain (tanh) RNN;
2. `lstm_cell_forward` and `lstm_forward`: a **long short-term memory** network (LSTM), whose gates decide what to keep in a memory cell, what to write into it and what to show;
3. `rnn_cell_backward`, `rnn_backward`, `lstm_cell_backward` and `lstm_backward`: backpropagation through time, each checked against numerical gradients.

Then you use your functions to *measure* what happens to a gradient that travels back through 100 time steps in a plain RNN and in an LSTM, and compare your loops with the course's sequence layers (`helpers.rnn`), which the next notebooks train with.

**Notation and layout.** Superscript $\langle t \rangle$ is the time step, superscript $(i)$ the example. As everywhere in this course, examples are **columns**: a batch of $m$ sequences of $T_x$ inputs with $n_x$ features each is an array `x` of shape $(n_x, m, T_x)$, and `x[:, :, t]`, of shape $(n_x, m)$, is the input $x^{\langle t \rangle}$ of every example at step $t$. The hidden states have $n_a$ units, `a` has shape $(n_a, m, T_x)$; the predictions have $n_y$ classes, shape $(n_y, m, T_x)$. (Python counts the steps from 0; the formulas below don't mind.)

Each exercise has a `preview(...)` cell that prints your output next to the expected one, and a one-line `check(...)` cell that grades it on further hidden cases as well.
""")

md(r"""
## 0. Packages

- `numpy` for the exercises, `matplotlib` for a figure;
- `threadpoolctl`, to keep NumPy's matrix library on one thread: the matrices here are tiny, and splitting them over threads costs more than it saves;
- `helpers.rnn`: `sigmoid` and `softmax` for your cells (`softmax` works **over axis 0**: each column, one example, becomes a probability distribution), and the course's sequence layers (section 5);
- `helpers.gradcheck`: the course's gradient checker.
""")

setup(r"""
import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from autograder import load_checks
from helpers import rnn as sequence_layers
from helpers.gradcheck import check_gradients
from helpers.rnn import sigmoid, softmax  # noqa: F401 (for your solutions)

check, preview = load_checks("c5w1-rnn-step-by-step")
threadpool_limits(limits=1)
""")

# ================================================================================================
md(r"""
## 1. The forward pass of a plain RNN

### 1.1 One step: the RNN cell

At step $t$ the cell takes the input $x^{\langle t \rangle}$ and the previous hidden state $a^{\langle t-1 \rangle}$, and computes the new hidden state and a prediction:

$$a^{\langle t \rangle} = \tanh\big(W_{aa}\, a^{\langle t-1 \rangle} + W_{ax}\, x^{\langle t \rangle} + b_a\big) \qquad\qquad \hat{y}^{\langle t \rangle} = \mathrm{softmax}\big(W_{ya}\, a^{\langle t \rangle} + b_y\big)$$

with $W_{aa}$ of shape $(n_a, n_a)$, $W_{ax}$ $(n_a, n_x)$, $b_a$ $(n_a, 1)$, $W_{ya}$ $(n_y, n_a)$ and $b_y$ $(n_y, 1)$, in the dict `parameters` under the keys `"Waa"`, `"Wax"`, `"ba"`, `"Wya"`, `"by"`. For a batch, $x^{\langle t \rangle}$ is $(n_x, m)$ and $a^{\langle t-1 \rangle}$ is $(n_a, m)$; the biases broadcast over the $m$ columns.

**Exercise 1 — `rnn_cell_forward(xt, a_prev, parameters)`.**

1. `a_next` by the formula, with `np.tanh`;
2. `yt_pred` with the provided `softmax` (over axis 0: column $i$ is the distribution of example $i$ over the $n_y$ classes);
3. return `a_next, yt_pred` and `cache = (a_next, a_prev, xt, parameters)`, which the backward pass will need.
""")

exercise("rnn_cell_forward", r'''
def rnn_cell_forward(xt, a_prev, parameters):
    """
    One time step of a plain RNN.

    Arguments:
    xt -- input at step t, numpy array of shape (n_x, m)
    a_prev -- hidden state at step t-1, numpy array of shape (n_a, m)
    parameters -- python dictionary containing:
        Waa -- weights of the hidden state, numpy array of shape (n_a, n_a)
        Wax -- weights of the input, numpy array of shape (n_a, n_x)
        Wya -- weights from the hidden state to the output, numpy array of shape (n_y, n_a)
        ba -- bias of the hidden state, numpy array of shape (n_a, 1)
        by -- bias of the output, numpy array of shape (n_y, 1)

    Returns:
    a_next -- hidden state at step t, of shape (n_a, m)
    yt_pred -- prediction at step t, of shape (n_y, m)
    cache -- tuple (a_next, a_prev, xt, parameters), for the backward pass
    """
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    Wya = parameters["Wya"]
    ba = parameters["ba"]
    by = parameters["by"]
    ### BEGIN SOLUTION
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    yt_pred = softmax(Wya @ a_next + by)
    ### END SOLUTION
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache
''', 2)

md(r"""
### 1.2 The whole sequence

An RNN is its cell applied $T_x$ times, the hidden state of each step feeding the next: $a^{\langle 0 \rangle} \to a^{\langle 1 \rangle} \to \dots \to a^{\langle T_x \rangle}$, each step also reading its input $x^{\langle t \rangle}$ and making its prediction $\hat y^{\langle t \rangle}$. The *same* `parameters` serve every step.

**Exercise 2 — `rnn_forward(x, a0, parameters)`.**

1. Read $n_x, m, T_x$ from `x.shape` and $n_y, n_a$ from `parameters["Wya"].shape`; create `a` of shape $(n_a, m, T_x)$ and `y_pred` of shape $(n_y, m, T_x)$ with zeros, and an empty list `caches`.
2. Start from `a_next = a0`. For each step `t`: call your `rnn_cell_forward` on `x[:, :, t]` and the current `a_next`; store the new hidden state in `a[:, :, t]` and the prediction in `y_pred[:, :, t]`; append the cache to `caches`.
3. Return `a, y_pred` and `caches = (caches, x)`: the list of the steps' caches, and the input.

Use your `rnn_cell_forward`. (The check grades this function on its own: while it runs, the calls of `rnn_cell_forward` return the reference results, so a mistake in exercise 1 does not cost points here.)
""")

exercise("rnn_forward", r'''
def rnn_forward(x, a0, parameters):
    """
    The forward pass of a plain RNN over a whole sequence.

    Arguments:
    x -- inputs, numpy array of shape (n_x, m, T_x)
    a0 -- initial hidden state, numpy array of shape (n_a, m)
    parameters -- python dictionary with Waa, Wax, Wya, ba, by (see rnn_cell_forward)

    Returns:
    a -- hidden states of every step, numpy array of shape (n_a, m, T_x)
    y_pred -- predictions of every step, numpy array of shape (n_y, m, T_x)
    caches -- tuple (list of the caches of the steps, x), for the backward pass
    """
    ### BEGIN SOLUTION
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    caches = (caches, x)
    ### END SOLUTION
    return a, y_pred, caches
''', 2)

# ================================================================================================
md(r"""
## 2. The forward pass of an LSTM

The hidden state of a plain RNN is rewritten completely at every step, through a tanh and a matrix product, and so is the gradient that travels back through it (section 4 measures what that does over 100 steps). An LSTM adds a second state, the **memory cell** $c^{\langle t \rangle}$, which is changed only by element-wise operations controlled by three **gates**. Each gate is a vector of values between 0 and 1, computed by a sigmoid from the previous hidden state and the current input, stacked into one column vector $\big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big]$ of size $n_a + n_x$ (**$a^{\langle t-1 \rangle}$ on top**):

$$\begin{aligned}
\Gamma_f^{\langle t \rangle} &= \sigma\big(W_f \big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big] + b_f\big) && \text{forget gate: how much of each entry of the old cell to keep}\\
\Gamma_i^{\langle t \rangle} &= \sigma\big(W_i \big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big] + b_i\big) && \text{update (input) gate: how much of the candidate to write}\\
\tilde c^{\langle t \rangle} &= \tanh\big(W_c \big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big] + b_c\big) && \text{candidate values, between } -1 \text{ and } 1\\
c^{\langle t \rangle} &= \Gamma_f^{\langle t \rangle} \odot c^{\langle t-1 \rangle} + \Gamma_i^{\langle t \rangle} \odot \tilde c^{\langle t \rangle} && \text{the new memory cell}\\
\Gamma_o^{\langle t \rangle} &= \sigma\big(W_o \big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big] + b_o\big) && \text{output gate: how much of the cell to show}\\
a^{\langle t \rangle} &= \Gamma_o^{\langle t \rangle} \odot \tanh\big(c^{\langle t \rangle}\big) \qquad\qquad \hat y^{\langle t \rangle} = \mathrm{softmax}\big(W_y\, a^{\langle t \rangle} + b_y\big)
\end{aligned}$$

$\odot$ is the element-wise product. $W_f, W_i, W_c, W_o$ have shape $(n_a, n_a + n_x)$, their biases $(n_a, 1)$; $W_y$ is $(n_y, n_a)$ and $b_y$ $(n_y, 1)$. A forget gate near 1 and an update gate near 0 leave an entry of the cell as it was: the cell can hold on to something for many steps.

### 2.1 One step: the LSTM cell

**Exercise 3 — `lstm_cell_forward(xt, a_prev, c_prev, parameters)`.**

1. `concat = np.concatenate([a_prev, xt], axis=0)`, of shape $(n_a + n_x, m)$;
2. `ft`, `it`, `cct`, `c_next`, `ot`, `a_next` by the formulas, with the provided `sigmoid` and `np.tanh` (`*` is the element-wise product);
3. `yt_pred` with `softmax`;
4. return `a_next, c_next, yt_pred` and `cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)`.
""")

exercise("lstm_cell_forward", r'''
def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """
    One time step of an LSTM.

    Arguments:
    xt -- input at step t, numpy array of shape (n_x, m)
    a_prev -- hidden state at step t-1, numpy array of shape (n_a, m)
    c_prev -- memory cell at step t-1, numpy array of shape (n_a, m)
    parameters -- python dictionary containing:
        Wf, bf -- forget gate, of shapes (n_a, n_a + n_x) and (n_a, 1)
        Wi, bi -- update gate, same shapes
        Wc, bc -- candidate values, same shapes
        Wo, bo -- output gate, same shapes
        Wy, by -- output layer, of shapes (n_y, n_a) and (n_y, 1)

    Returns:
    a_next -- hidden state at step t, of shape (n_a, m)
    c_next -- memory cell at step t, of shape (n_a, m)
    yt_pred -- prediction at step t, of shape (n_y, m)
    cache -- tuple (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    """
    Wf = parameters["Wf"]
    bf = parameters["bf"]
    Wi = parameters["Wi"]
    bi = parameters["bi"]
    Wc = parameters["Wc"]
    bc = parameters["bc"]
    Wo = parameters["Wo"]
    bo = parameters["bo"]
    Wy = parameters["Wy"]
    by = parameters["by"]
    ### BEGIN SOLUTION
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    it = sigmoid(Wi @ concat + bi)
    cct = np.tanh(Wc @ concat + bc)
    c_next = ft * c_prev + it * cct
    ot = sigmoid(Wo @ concat + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wy @ a_next + by)
    ### END SOLUTION
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache
''', 3)

md(r"""
### 2.2 The whole sequence

**Exercise 4 — `lstm_forward(x, a0, parameters)`.** As `rnn_forward`, with a memory cell that also goes from step to step:

1. read $n_x, m, T_x$ from `x.shape` and $n_y, n_a$ from `parameters["Wy"].shape`; create `a`, `c` of shape $(n_a, m, T_x)$ and `y` of shape $(n_y, m, T_x)$ with zeros;
2. start from `a_next = a0` and a memory cell of **zeros**, `c_next = np.zeros((n_a, m))`;
3. for each step `t`, call your `lstm_cell_forward` on `x[:, :, t]`, `a_next` and `c_next`; store `a_next`, `c_next` and the prediction at index `t` of `a`, `c` and `y`; append the cache;
4. return `a, y, c` and `caches = (caches, x)`.
""")

exercise("lstm_forward", r'''
def lstm_forward(x, a0, parameters):
    """
    The forward pass of an LSTM over a whole sequence; the memory cell starts at zero.

    Arguments:
    x -- inputs, numpy array of shape (n_x, m, T_x)
    a0 -- initial hidden state, numpy array of shape (n_a, m)
    parameters -- python dictionary with Wf, bf, Wi, bi, Wc, bc, Wo, bo, Wy, by
                  (see lstm_cell_forward)

    Returns:
    a -- hidden states of every step, numpy array of shape (n_a, m, T_x)
    y -- predictions of every step, numpy array of shape (n_y, m, T_x)
    c -- memory cells of every step, numpy array of shape (n_a, m, T_x)
    caches -- tuple (list of the caches of the steps, x), for the backward pass
    """
    ### BEGIN SOLUTION
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    a_next = a0
    c_next = np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)
        a[:, :, t] = a_next
        c[:, :, t] = c_next
        y[:, :, t] = yt
        caches.append(cache)
    caches = (caches, x)
    ### END SOLUTION
    return a, y, c, caches
''', 2)

# ================================================================================================
md(r"""
## 3. Backpropagation through time

**The convention of the backward functions.** A loss $\mathcal{L}$ is computed from the hidden states (through the predictions, usually). The backward functions of this notebook start from its gradient **with respect to the hidden states**: `da`, of shape $(n_a, m, T_x)$, holds at index `t` the part of $\partial \mathcal{L} / \partial a^{\langle t \rangle}$ that comes from **outside** the recurrence — from the prediction $\hat y^{\langle t \rangle}$ and its loss, say. That is not all of it: $a^{\langle t \rangle}$ also feeds step $t+1$, and the gradient that comes back from there is **added inside** your loop. The output layer ($W_{ya}$, $b_y$) is not part of these functions: its gradient is computed where the loss is (the next notebook does it). So, whatever the loss, `rnn_backward(da, caches)` returns exactly the gradients of

$$\mathcal{L} = \sum_{t} \sum_{\text{entries}} \texttt{da}[:, :, t] \odot a^{\langle t \rangle}$$

with respect to $x$, $a^{\langle 0 \rangle}$ and the weights, and so does `lstm_backward`. The cell functions follow the same rule: `da_next` (and, for the LSTM, `dc_next`) is the gradient of the loss with respect to $a^{\langle t \rangle}$ itself (and $c^{\langle t \rangle}$), and the derivatives of the cell's own activation functions are taken inside the cell function. (If you have notes from another version of this exercise, check them against this convention.)

Each backward function is checked against numerical gradients right after its exercise: `check_gradients` nudges every entry of every input by $\pm\varepsilon$, reruns *your* forward function and compares the change of $\mathcal{L}$ with your gradient, through the relative difference $\frac{\lVert g - g_{num}\rVert}{\lVert g\rVert + \lVert g_{num}\rVert}$. Below $10^{-7}$ means the backward pass is right.

### 3.1 The RNN cell

Write $z = W_{aa}\, a^{\langle t-1 \rangle} + W_{ax}\, x^{\langle t \rangle} + b_a$, so $a^{\langle t \rangle} = \tanh(z)$. The derivative of tanh is $1 - \tanh^2$, and $\tanh(z)$ is `a_next` itself, so

$$dz = da_{next} \odot \big(1 - (a^{\langle t \rangle})^2\big)$$

and then, as for any linear layer with examples in columns:

$$dx^{\langle t \rangle} = W_{ax}^T\, dz \qquad da^{\langle t-1 \rangle} = W_{aa}^T\, dz \qquad dW_{ax} = dz\; x^{\langle t \rangle T} \qquad dW_{aa} = dz\; a^{\langle t-1 \rangle T} \qquad db_a = \sum_{\text{examples}} dz$$

**Exercise 5 — `rnn_cell_backward(da_next, cache)`.** Unpack `cache = (a_next, a_prev, xt, parameters)`, compute the five gradients (`db_a` with `np.sum(..., axis=1, keepdims=True)`) and return them in the dict `{"dxt": ..., "da_prev": ..., "dWax": ..., "dWaa": ..., "dba": ...}`.
""")

exercise("rnn_cell_backward", r'''
def rnn_cell_backward(da_next, cache):
    """
    The backward pass of one RNN cell.

    Arguments:
    da_next -- gradient of the loss with respect to the hidden state a_next, of shape (n_a, m)
    cache -- tuple (a_next, a_prev, xt, parameters), from rnn_cell_forward

    Returns:
    gradients -- python dictionary containing:
        dxt -- gradient with respect to the input xt, of shape (n_x, m)
        da_prev -- gradient with respect to the previous hidden state, of shape (n_a, m)
        dWax -- gradient with respect to Wax, of shape (n_a, n_x)
        dWaa -- gradient with respect to Waa, of shape (n_a, n_a)
        dba -- gradient with respect to ba, of shape (n_a, 1)
    """
    (a_next, a_prev, xt, parameters) = cache
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    ### BEGIN SOLUTION
    dz = da_next * (1 - a_next ** 2)
    dxt = Wax.T @ dz
    dWax = dz @ xt.T
    da_prev = Waa.T @ dz
    dWaa = dz @ a_prev.T
    dba = np.sum(dz, axis=1, keepdims=True)
    ### END SOLUTION
    gradients = {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients
''', 2)

md(r"""
The numerical check: the loss $\sum da_{next} \odot a^{\langle t \rangle}$ of one cell (3 inputs, 5 hidden units, 4 examples), differentiated with respect to each input of your `rnn_cell_forward`.
""")

code(r"""
rng = np.random.default_rng(0)
n_x, n_a, n_y, m = 3, 5, 2, 4
xt_gc, a_prev_gc = rng.standard_normal((n_x, m)), rng.standard_normal((n_a, m))
rnn_parameters_gc = {"Waa": rng.standard_normal((n_a, n_a)), "Wax": rng.standard_normal((n_a, n_x)),
                     "Wya": rng.standard_normal((n_y, n_a)), "ba": rng.standard_normal((n_a, 1)),
                     "by": rng.standard_normal((n_y, 1))}
da_next_gc = rng.standard_normal((n_a, m))
_, _, cache_gc = rnn_cell_forward(xt_gc, a_prev_gc, rnn_parameters_gc)
grads_gc = rnn_cell_backward(da_next_gc, cache_gc)
rnn_cell_differences = check_gradients(
    lambda: np.sum(da_next_gc * rnn_cell_forward(xt_gc, a_prev_gc, rnn_parameters_gc)[0]),
    {"xt": xt_gc, "a_prev": a_prev_gc, "Wax": rnn_parameters_gc["Wax"],
     "Waa": rnn_parameters_gc["Waa"], "ba": rnn_parameters_gc["ba"]},
    {"xt": grads_gc["dxt"], "a_prev": grads_gc["da_prev"], "Wax": grads_gc["dWax"],
     "Waa": grads_gc["dWaa"], "ba": grads_gc["dba"]})
for name, difference in rnn_cell_differences.items():
    print(f"rnn_cell_backward  d{name:7s} relative difference {difference:.1e}")
""")

md(r"""
### 3.2 The RNN over the whole sequence

Going backwards from the last step, step $t$ receives two gradients with respect to its hidden state $a^{\langle t \rangle}$: `da[:, :, t]` from outside, and the `da_prev` that step $t+1$ sent back. Their **sum** goes into the cell's backward pass. The weights are the same at every step, so their gradients **add up** over the steps.

**Exercise 6 — `rnn_backward(da, caches)`.**

1. Unpack `caches = (caches, x)`; read $n_a, m, T_x$ from `da.shape` and $n_x$ from `x.shape`.
2. Initialise with zeros `dx` $(n_x, m, T_x)$, `dWax` $(n_a, n_x)$, `dWaa` $(n_a, n_a)$, `dba` $(n_a, 1)$, and `da_prevt` $(n_a, m)$, the gradient coming back from the step after (nothing comes back from after the last step).
3. For `t` in `reversed(range(T_x))`: `gradients = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])`; store `gradients["dxt"]` in `dx[:, :, t]`; set `da_prevt = gradients["da_prev"]`; add the step's `dWax`, `dWaa`, `dba` to the totals.
4. After the loop, `da0` is the last `da_prevt`. Return the dict `{"dx": ..., "da0": ..., "dWax": ..., "dWaa": ..., "dba": ...}`.

Use your `rnn_cell_backward` (during the check, its calls return the reference results).
""")

exercise("rnn_backward", r'''
def rnn_backward(da, caches):
    """
    The backward pass of a plain RNN over a whole sequence (backpropagation through time).

    Arguments:
    da -- gradient of the loss with respect to the hidden states from outside the recurrence,
          of shape (n_a, m, T_x); the gradient from step t+1 to step t is added here
    caches -- tuple (list of the caches of the steps, x), from rnn_forward

    Returns:
    gradients -- python dictionary containing:
        dx -- gradient with respect to the inputs, of shape (n_x, m, T_x)
        da0 -- gradient with respect to the initial hidden state, of shape (n_a, m)
        dWax -- gradient with respect to Wax, of shape (n_a, n_x)
        dWaa -- gradient with respect to Waa, of shape (n_a, n_a)
        dba -- gradient with respect to ba, of shape (n_a, 1)
    """
    ### BEGIN SOLUTION
    (caches, x) = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        step = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dx[:, :, t] = step["dxt"]
        da_prevt = step["da_prev"]
        dWax += step["dWax"]
        dWaa += step["dWaa"]
        dba += step["dba"]
    da0 = da_prevt
    ### END SOLUTION
    gradients = {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients
''', 2)

md(r"""
The numerical check of the whole backward pass: $\mathcal{L} = \sum \texttt{da} \odot a$ over a sequence of 6 steps, with respect to every input of your `rnn_forward`.
""")

code(r"""
rng = np.random.default_rng(1)
T_x = 6
x_gc, a0_gc = rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m))
da_gc = rng.standard_normal((n_a, m, T_x))
_, _, caches_gc = rnn_forward(x_gc, a0_gc, rnn_parameters_gc)
grads_gc = rnn_backward(da_gc, caches_gc)
rnn_differences = check_gradients(
    lambda: np.sum(da_gc * rnn_forward(x_gc, a0_gc, rnn_parameters_gc)[0]),
    {"x": x_gc, "a0": a0_gc, "Wax": rnn_parameters_gc["Wax"], "Waa": rnn_parameters_gc["Waa"],
     "ba": rnn_parameters_gc["ba"]},
    {name: grads_gc["d" + name] for name in ("x", "a0", "Wax", "Waa", "ba")})
for name, difference in rnn_differences.items():
    print(f"rnn_backward  d{name:4s} relative difference {difference:.1e}")
""")

md(r"""
### 3.3 The LSTM cell

The cell receives `da_next` and `dc_next`, the gradients of the loss with respect to $a^{\langle t \rangle}$ and $c^{\langle t \rangle}$. The memory cell $c^{\langle t \rangle}$ reaches the loss in two ways: directly (through the next step: that is `dc_next`), and through $a^{\langle t \rangle} = \Gamma_o \odot \tanh(c^{\langle t \rangle})$. The whole gradient of $c^{\langle t \rangle}$ is therefore

$$dc = dc_{next} + da_{next} \odot \Gamma_o \odot \big(1 - \tanh^2(c^{\langle t \rangle})\big)$$

From there, each gate's input (its argument *before* the sigmoid or the tanh) gets its gradient; with $\sigma' = \sigma (1 - \sigma)$ and $\tanh' = 1 - \tanh^2$:

$$\begin{aligned}
d\Gamma_o &= da_{next} \odot \tanh(c^{\langle t \rangle}) \odot \Gamma_o \odot (1 - \Gamma_o) &\qquad
d\tilde c &= dc \odot \Gamma_i \odot \big(1 - (\tilde c^{\langle t \rangle})^2\big)\\
d\Gamma_i &= dc \odot \tilde c^{\langle t \rangle} \odot \Gamma_i \odot (1 - \Gamma_i) &\qquad
d\Gamma_f &= dc \odot c^{\langle t-1 \rangle} \odot \Gamma_f \odot (1 - \Gamma_f)
\end{aligned}$$

(in the code: `dot`, `dcct`, `dit`, `dft`). Each gate is a linear layer on $\big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big]$, so

$$dW_f = d\Gamma_f \,\big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big]^T, \quad db_f = \sum_{\text{examples}} d\Gamma_f \quad (\text{and the same for } i, c, o)$$

$$d\big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big] = W_f^T\, d\Gamma_f + W_i^T\, d\Gamma_i + W_c^T\, d\tilde c + W_o^T\, d\Gamma_o$$

whose first $n_a$ rows are $da^{\langle t-1 \rangle}$ and the other $n_x$ rows $dx^{\langle t \rangle}$ (the concatenation had $a^{\langle t-1 \rangle}$ on top). Finally, $c^{\langle t-1 \rangle}$ entered only through $\Gamma_f \odot c^{\langle t-1 \rangle}$:

$$dc^{\langle t-1 \rangle} = dc \odot \Gamma_f$$

**Exercise 7 — `lstm_cell_backward(da_next, dc_next, cache)`.** Compute all of the above and return the dict with the keys `dxt`, `da_prev`, `dc_prev`, `dWf`, `dbf`, `dWi`, `dbi`, `dWc`, `dbc`, `dWo`, `dbo`.
""")

exercise("lstm_cell_backward", r'''
def lstm_cell_backward(da_next, dc_next, cache):
    """
    The backward pass of one LSTM cell.

    Arguments:
    da_next -- gradient of the loss with respect to the hidden state a_next, of shape (n_a, m)
    dc_next -- gradient of the loss with respect to the memory cell c_next (from the steps
               after this one), of shape (n_a, m)
    cache -- tuple (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters),
             from lstm_cell_forward

    Returns:
    gradients -- python dictionary containing:
        dxt -- gradient with respect to the input xt, of shape (n_x, m)
        da_prev -- gradient with respect to the previous hidden state, of shape (n_a, m)
        dc_prev -- gradient with respect to the previous memory cell, of shape (n_a, m)
        dWf, dWi, dWc, dWo -- gradients with respect to the gates' weights, of shape (n_a, n_a + n_x)
        dbf, dbi, dbc, dbo -- gradients with respect to the gates' biases, of shape (n_a, 1)
    """
    (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) = cache
    n_a = a_next.shape[0]
    ### BEGIN SOLUTION
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    dot = da_next * tanh_c * ot * (1 - ot)
    dcct = dc * it * (1 - cct ** 2)
    dit = dc * cct * it * (1 - it)
    dft = dc * c_prev * ft * (1 - ft)

    concat = np.concatenate([a_prev, xt], axis=0)
    dWf = dft @ concat.T
    dWi = dit @ concat.T
    dWc = dcct @ concat.T
    dWo = dot @ concat.T
    dbf = np.sum(dft, axis=1, keepdims=True)
    dbi = np.sum(dit, axis=1, keepdims=True)
    dbc = np.sum(dcct, axis=1, keepdims=True)
    dbo = np.sum(dot, axis=1, keepdims=True)

    dconcat = (parameters["Wf"].T @ dft + parameters["Wi"].T @ dit
               + parameters["Wc"].T @ dcct + parameters["Wo"].T @ dot)
    da_prev = dconcat[:n_a]
    dxt = dconcat[n_a:]
    dc_prev = dc * ft
    ### END SOLUTION
    gradients = {"dxt": dxt, "da_prev": da_prev, "dc_prev": dc_prev, "dWf": dWf, "dbf": dbf,
                 "dWi": dWi, "dbi": dbi, "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients
''', 3)

md(r"""
The numerical check of one LSTM cell, with the loss $\sum da_{next} \odot a^{\langle t \rangle} + \sum dc_{next} \odot c^{\langle t \rangle}$ (the two states the cell passes on):
""")

code(r"""
rng = np.random.default_rng(2)
lstm_parameters_gc = {}
for gate in ("f", "i", "c", "o"):
    lstm_parameters_gc["W" + gate] = rng.standard_normal((n_a, n_a + n_x))
    lstm_parameters_gc["b" + gate] = rng.standard_normal((n_a, 1))
lstm_parameters_gc["Wy"], lstm_parameters_gc["by"] = rng.standard_normal((n_y, n_a)), rng.standard_normal((n_y, 1))
c_prev_gc, dc_next_gc = rng.standard_normal((n_a, m)), rng.standard_normal((n_a, m))


def lstm_cell_loss():
    a_next, c_next, _, _ = lstm_cell_forward(xt_gc, a_prev_gc, c_prev_gc, lstm_parameters_gc)
    return np.sum(da_next_gc * a_next) + np.sum(dc_next_gc * c_next)


grads_gc = lstm_cell_backward(da_next_gc, dc_next_gc,
                              lstm_cell_forward(xt_gc, a_prev_gc, c_prev_gc, lstm_parameters_gc)[3])
gate_parameters = ["Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo"]
lstm_cell_differences = check_gradients(
    lstm_cell_loss,
    {"xt": xt_gc, "a_prev": a_prev_gc, "c_prev": c_prev_gc,
     **{name: lstm_parameters_gc[name] for name in gate_parameters}},
    {name: grads_gc["d" + name] for name in ["xt", "a_prev", "c_prev", *gate_parameters]})
for name, difference in lstm_cell_differences.items():
    print(f"lstm_cell_backward  d{name:7s} relative difference {difference:.1e}")
""")

md(r"""
### 3.4 The LSTM over the whole sequence

The loop of `rnn_backward`, with a second gradient carried backwards: the memory cell's. Nothing outside the recurrence uses the cells, so the only gradient of $c^{\langle t \rangle}$ besides the path through $a^{\langle t \rangle}$ is the `dc_prev` sent back by step $t+1$ (zero after the last step).

**Exercise 8 — `lstm_backward(da, caches)`.**

1. Unpack `caches = (caches, x)`; read the shapes; initialise with zeros `dx` $(n_x, m, T_x)$, the eight weight and bias gradients (shapes of the parameters), and `da_prevt`, `dc_prevt` $(n_a, m)$.
2. For `t` in `reversed(range(T_x))`: `gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])`; store `dx[:, :, t]`; set `da_prevt` and `dc_prevt` from the step's `da_prev` and `dc_prev`; add the step's weight and bias gradients to the totals.
3. `da0` is the last `da_prevt`. Return the dict with the keys `dx`, `da0`, `dWf`, `dbf`, `dWi`, `dbi`, `dWc`, `dbc`, `dWo`, `dbo`.
""")

exercise("lstm_backward", r'''
def lstm_backward(da, caches):
    """
    The backward pass of an LSTM over a whole sequence (backpropagation through time).

    Arguments:
    da -- gradient of the loss with respect to the hidden states from outside the recurrence,
          of shape (n_a, m, T_x); the gradients from step t+1 to step t are added here
    caches -- tuple (list of the caches of the steps, x), from lstm_forward

    Returns:
    gradients -- python dictionary containing:
        dx -- gradient with respect to the inputs, of shape (n_x, m, T_x)
        da0 -- gradient with respect to the initial hidden state, of shape (n_a, m)
        dWf, dWi, dWc, dWo -- gradients with respect to the gates' weights, of shape (n_a, n_a + n_x)
        dbf, dbi, dbc, dbo -- gradients with respect to the gates' biases, of shape (n_a, 1)
    """
    ### BEGIN SOLUTION
    (caches, x) = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    totals = {}
    for gate in ("f", "i", "c", "o"):
        totals["dW" + gate] = np.zeros((n_a, n_a + n_x))
        totals["db" + gate] = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        step = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        dx[:, :, t] = step["dxt"]
        da_prevt = step["da_prev"]
        dc_prevt = step["dc_prev"]
        for name in totals:
            totals[name] += step[name]
    da0 = da_prevt
    gradients = {"dx": dx, "da0": da0, **totals}
    ### END SOLUTION
    return gradients
''', 2)

md(r"""
The numerical check of the whole backward pass, $\mathcal{L} = \sum \texttt{da} \odot a$ over 6 steps:
""")

code(r"""
_, _, _, caches_gc = lstm_forward(x_gc, a0_gc, lstm_parameters_gc)
grads_gc = lstm_backward(da_gc, caches_gc)
lstm_differences = check_gradients(
    lambda: np.sum(da_gc * lstm_forward(x_gc, a0_gc, lstm_parameters_gc)[0]),
    {"x": x_gc, "a0": a0_gc, **{name: lstm_parameters_gc[name] for name in gate_parameters}},
    {name: grads_gc["d" + name] for name in ["x", "a0", *gate_parameters]})
for name, difference in lstm_differences.items():
    print(f"lstm_backward  d{name:3s} relative difference {difference:.1e}")

gradient_checks = {"rnn_cell_backward": rnn_cell_differences, "rnn_backward": rnn_differences,
                   "lstm_cell_backward": lstm_cell_differences, "lstm_backward": lstm_differences}
largest_difference = max(max(d.values()) for d in gradient_checks.values())
print(f"\nlargest relative difference of the four checks: {largest_difference:.1e}")
""")

md(r"""
Every relative difference is far below $10^{-7}$: your backward functions compute the gradients of the functions your forward functions compute.

## 4. A gradient over 100 steps: plain RNN against LSTM

How far back can a gradient travel? Take sequences of $T_x = 100$ steps and put a gradient on the **last** hidden state only: `da` is zero except at the last step. Your backward pass carries it back step by step, and `dx[:, :, t]` says how much the last hidden state depends on the input of step $t$ — how much a loss at the end could teach the network about what it read at step $t$. Below, the norm of `dx[:, :, t]` at every step, divided by its norm at the last step.

Why it can shrink or grow: going back one step in a plain RNN multiplies the gradient by $W_{aa}^T$ and by the derivative of tanh, $1 - (a^{\langle t \rangle})^2 \le 1$; over 100 steps that is a product of 100 such factors. The LSTM has a second way back, through the memory cell: $c^{\langle t \rangle} = \Gamma_f \odot c^{\langle t-1 \rangle} + \dots$, so one step back along it multiplies the gradient by the forget gate $\Gamma_f$, element-wise — no weight matrix, no derivative of tanh.

The networks are random, as at the start of training: 4 inputs, 16 hidden units, 8 sequences, weights drawn from $\mathcal{N}(0, 1/\text{fan-in})$ (fan-in: the number of inputs of a unit), biases zero, except:

- **RNN**, and **RNN with $W_{aa}$ three times larger**;
- **LSTM**, and **LSTM with forget bias 3** ($b_f = 3$: the forget gates start mostly open, $\sigma(3) \approx 0.95$).

Each network is drawn 5 times (5 seeds); the figure shows the first draw.
""")

code(r"""
T_long, n_x_long, n_a_long, n_y_long, m_long = 100, 4, 16, 2, 8
seeds = range(5)
networks = {"RNN": ("rnn", 1.0), "RNN, W_aa x 3": ("rnn", 3.0),
            "LSTM": ("lstm", 0.0), "LSTM, forget bias 3": ("lstm", 3.0)}


def random_weights(rng, rows, columns):
    return rng.standard_normal((rows, columns)) / np.sqrt(columns)


def random_network(kind, setting, rng):
    if kind == "rnn":
        return {"Waa": setting * random_weights(rng, n_a_long, n_a_long),
                "Wax": random_weights(rng, n_a_long, n_x_long),
                "Wya": random_weights(rng, n_y_long, n_a_long),
                "ba": np.zeros((n_a_long, 1)), "by": np.zeros((n_y_long, 1))}
    parameters = {}
    for gate in ("f", "i", "c", "o"):
        parameters["W" + gate] = random_weights(rng, n_a_long, n_a_long + n_x_long)
        parameters["b" + gate] = np.zeros((n_a_long, 1))
    parameters["bf"] += setting
    parameters["Wy"] = random_weights(rng, n_y_long, n_a_long)
    parameters["by"] = np.zeros((n_y_long, 1))
    return parameters


def gradient_reaching_each_step(kind, parameters, x, a0, da):
    # the norm of dx[:, :, t] at every step t, relative to the last step; and the mean forget gate
    if kind == "rnn":
        caches = rnn_forward(x, a0, parameters)[2]
        dx, forget = rnn_backward(da, caches)["dx"], None
    else:
        caches = lstm_forward(x, a0, parameters)[3]
        dx = lstm_backward(da, caches)["dx"]
        forget = float(np.mean([cache[4] for cache in caches[0]]))
    norms = np.linalg.norm(dx, axis=(0, 1))
    return norms / norms[-1], forget


relative_norms = {name: [] for name in networks}
mean_forget_gate = {name: [] for name in networks if networks[name][0] == "lstm"}
for seed in seeds:
    rng = np.random.default_rng(seed)
    x_long = rng.standard_normal((n_x_long, m_long, T_long))
    a0_long = np.zeros((n_a_long, m_long))
    da_long = np.zeros((n_a_long, m_long, T_long))
    da_long[:, :, -1] = rng.standard_normal((n_a_long, m_long))   # a gradient at the last step only
    for name, (kind, setting) in networks.items():
        parameters = random_network(kind, setting, rng)
        norms, forget = gradient_reaching_each_step(kind, parameters, x_long, a0_long, da_long)
        relative_norms[name].append(norms)
        if forget is not None:
            mean_forget_gate[name].append(forget)

first_to_last = {name: [float(n[0]) for n in runs] for name, runs in relative_norms.items()}
smallest = {name: min(float(n.min()) for n in runs) for name, runs in relative_norms.items()}
largest = {name: max(float(n.max()) for n in runs) for name, runs in relative_norms.items()}
print("||dx<1>|| / ||dx<100>|| in the 5 draws, and the range of ||dx<t>|| / ||dx<100>|| over all steps")
for name in networks:
    ratios = "  ".join(f"{r:8.1e}" for r in first_to_last[name])
    print(f"{name:20s} {ratios}   range {smallest[name]:.1e} .. {largest[name]:.1e}")
for name, values in mean_forget_gate.items():
    print(f"{name:20s} mean forget gate {min(values):.3f} .. {max(values):.3f} over the draws")

fig, ax = plt.subplots(figsize=(8, 4))
for name in networks:
    ax.semilogy(np.arange(1, T_long + 1), relative_norms[name][0], label=name)
ax.set_xlabel("time step t")
ax.set_ylabel("||dx<t>|| / ||dx<100>||")
ax.set_title("The gradient of the last hidden state, carried back to each input")
ax.legend()
plt.tight_layout()
plt.show()
""")

md(r"""
What the numbers show, for these random networks:

- **RNN.** In every draw the gradient that reaches the first input is more than ten orders of magnitude smaller than at the last step: it **vanishes**. A loss at the end of the sequence can teach this network almost nothing about the beginning.
- **RNN with $W_{aa}$ three times larger.** The gradient **explodes** instead: in every draw it is more than a hundred times larger at the first step than at the last. Which of the two happens depends on the size of the recurrent weights, and training changes them.
- **LSTM.** With its forget gates around 0.5 on average, the way back through the memory cell halves the gradient at each step, and it vanishes as in the RNN (more than ten orders of magnitude in every draw).
- **LSTM with forget bias 3.** With forget gates around 0.95, the gradient at every step of every draw stays within a factor of 100 of the gradient at the last step (the range printed above): over 100 steps it neither vanishes nor explodes.

So the LSTM's advantage is not automatic: it is a path that the forget gates can keep open, and that training can learn to open where the task needs a long memory. That is why LSTMs are commonly initialised with a positive forget-gate bias (Gers, Schmidhuber & Cummins, 2000; Jozefowicz, Zaremba & Sutskever, 2015, recommend 1). A plain RNN has no such path. Exploding gradients have a simple remedy, **clipping** them, which the next notebook uses.
""")

# ================================================================================================
md(r"""
## 5. Your loops against the course's sequence layers

The next notebooks train recurrent networks on real sequences. They use `helpers.rnn`: `rnn_sequence_forward(x, a0, parameters)` and `rnn_sequence_backward(da, cache)`, `lstm_sequence_forward(x, a0, parameters)` and `lstm_sequence_backward(da, cache)`, with the same layout, the same parameter dicts and the same convention for `da` as your functions (and an optional `dz`, the gradient of the loss with respect to the output scores, to go through the output layer as well). They still loop over time — the recurrence is sequential — but each step is one matrix product: the LSTM's four gates are stacked into one matrix, the inputs' contributions to all steps are computed before the loop, and the weight gradients of all steps come from one matrix product after it. Their caches are their own: use each backward function with its own forward function.

Do they compute the same numbers as yours? The largest absolute difference over the outputs and the gradients, on sequences of 10 steps:
""")

code(r"""
rng = np.random.default_rng(3)
x_cmp, a0_cmp = rng.standard_normal((n_x, m, 10)), rng.standard_normal((n_a, m))
da_cmp = rng.standard_normal((n_a, m, 10))

a_yours, y_yours, caches_yours = rnn_forward(x_cmp, a0_cmp, rnn_parameters_gc)
a_layer, y_layer, cache_layer = sequence_layers.rnn_sequence_forward(x_cmp, a0_cmp, rnn_parameters_gc)
rnn_yours = {"a": a_yours, "y_pred": y_yours, **rnn_backward(da_cmp, caches_yours)}
rnn_layer = {"a": a_layer, "y_pred": y_layer,
             **sequence_layers.rnn_sequence_backward(da_cmp, cache_layer)}

a_yours, y_yours, c_yours, caches_yours = lstm_forward(x_cmp, a0_cmp, lstm_parameters_gc)
a_layer, y_layer, c_layer, cache_layer = sequence_layers.lstm_sequence_forward(x_cmp, a0_cmp,
                                                                               lstm_parameters_gc)
lstm_yours = {"a": a_yours, "y": y_yours, "c": c_yours, **lstm_backward(da_cmp, caches_yours)}
lstm_layer = {"a": a_layer, "y": y_layer, "c": c_layer,
              **sequence_layers.lstm_sequence_backward(da_cmp, cache_layer)}

layer_agreement = {}
for network, yours, layer in (("RNN", rnn_yours, rnn_layer), ("LSTM", lstm_yours, lstm_layer)):
    for name in yours:
        layer_agreement[f"{network} {name}"] = float(np.max(np.abs(yours[name] - layer[name])))
    print(f"{network}: {len(yours)} arrays, largest difference "
          f"{max(layer_agreement[f'{network} {name}'] for name in yours):.1e}")
""")

md(r"""
The same numbers, up to rounding.

## What to remember

- An RNN applies the same cell, with the same weights, at every time step; the hidden state $a^{\langle t \rangle}$ carries what the network has read so far from one step to the next. Examples are columns: `x[:, :, t]` is $(n_x, m)$.
- An LSTM adds a memory cell $c^{\langle t \rangle}$, changed only element-wise by three sigmoid gates: forget ($\Gamma_f$, what to keep), update ($\Gamma_i$, what to write) and output ($\Gamma_o$, what to show). The gates read $\big[a^{\langle t-1 \rangle}; x^{\langle t \rangle}\big]$.
- Backpropagation through time goes backwards over the steps; at each step the gradient of the hidden state is what comes from outside plus what comes back from the next step (for the LSTM also the memory cell's), and the weight gradients **add up** over the steps.
- Over long sequences, a plain RNN's gradient vanishes or explodes, depending on the size of its recurrent weights. The LSTM's memory cell is a way back where each step multiplies the gradient by the forget gate only: with open forget gates, the gradient survives 100 steps.
- Check every backward pass against numerical gradients.
""")

nb = nbformat.v4.new_notebook()
nb.cells = cells
nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                              "name": "python3"},
               "language_info": {"name": "python"}}
for i, c in enumerate(nb.cells):
    g = c.metadata.get("nbgrader", {}).get("grade_id")
    c["id"] = g.replace("_", "-") if g else f"cell-{i}"
out = pathlib.Path(f"/work/main/source/{ID}/{ID}.ipynb")
out.parent.mkdir(parents=True, exist_ok=True)
nbformat.write(nb, out)
print("wrote", out)
