"""Writes source/c5w1-character-language-model/c5w1-character-language-model.ipynb (authoring aid, not committed)."""
import pathlib

import nbformat

ID = "c5w1-character-language-model"
cells = []
counters = {"md": 0, "setup": 0}


def meta(grade_id, solution=False, grade=False, locked=True, points=None):
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
         "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


def md(text):
    counters["md"] += 1
    cells.append(nbformat.v4.new_markdown_cell(text.strip("\n"), metadata=meta(f"md-{counters['md']}")))


def setup(code):
    counters["setup"] += 1
    cells.append(nbformat.v4.new_code_cell(code.strip("\n"), metadata=meta(f"setup-{counters['setup']}")))


def code(text):
    cells.append(nbformat.v4.new_code_cell(text.strip("\n")))


def exercise(name, solution, points):
    cells.append(nbformat.v4.new_code_cell(solution.strip("\n"), metadata=meta(name, solution=True, locked=False)))
    code(f'preview("{name}", {name})')
    cells.append(nbformat.v4.new_code_cell(
        f'check("{name}", {name})\n### BEGIN HIDDEN TESTS\ncheck("{name}", {name}, hidden=True)\n### END HIDDEN TESTS',
        metadata=meta(f"test_{name}", grade=True, points=points)))


md(r"""
# Character-level language model: inventing first names

A **language model** gives a probability to every piece of text. A **character-level** language model does it one character at a time: it reads the characters so far and gives a probability to each possible next character. Such a model can also *write*: draw a character from its prediction, feed it back in, draw the next one, and so on.

Here you train a small recurrent neural network (RNN) on a list of real first names and let it invent new ones. The classic version of this exercise trained on dinosaur names; no package ships such a list. We use the first names that the [Faker](https://faker.readthedocs.io) package (MIT licence) ships for its English-language locales: the United States, Great Britain, Ireland, New Zealand and India (`course/datasets/names.md` tells how the list was made). So the network will invent **first names**.

You will write the four functions of the classic assignment, with its names and arguments:

1. `clip(gradients, maxValue)` — gradient clipping, the usual protection against exploding gradients;
2. `sample(parameters, char_to_ix, seed)` — generate a name, one character at a time;
3. `optimize(X, Y, a_prev, parameters, learning_rate=0.01)` — one training step: forward pass, backpropagation through time, clipping, update;
4. `model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7, vocab_size=27, verbose=False)` — the training loop.

Then you will measure what the training achieved: whether the loss falls, whether the generated names look like names (by a number defined below, not by eye alone), and what happens without clipping.
""")

md(r"""
## 0. Packages

- `numpy`, `matplotlib`, and `threadpoolctl` (the matrices here are tiny, so the matrix products run on one thread);
- `helpers.char_rnn`, the pieces around your functions (the classic kept them in a utility file):
  - `load_names()` — the text of the name list;
  - `initialize_parameters(n_a, n_x, n_y)` — small random weights and zero biases;
  - `char_rnn_forward(X, Y, a0, parameters)` and `char_rnn_backward(X, Y, parameters, cache)` — the forward pass of the RNN over one name with its loss, and backpropagation through time. They are written on top of the course's vectorised RNN layers (`helpers.rnn.rnn_sequence_forward` and `rnn_sequence_backward`, the fast versions of what you wrote step by step in the previous assignment);
  - `update_parameters(parameters, gradients, learning_rate)` — one gradient-descent step;
  - `softmax`, and the small utilities `get_initial_loss`, `smooth`, `get_sample` and `gradient_norm`.
""")

setup(r"""
import time

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

from autograder import load_checks
from helpers.char_rnn import (
    char_rnn_backward,
    char_rnn_forward,
    get_initial_loss,
    get_sample,
    gradient_norm,
    initialize_parameters,
    load_names,
    smooth,
    softmax,  # noqa: F401 (for your sample)
    update_parameters,
)

check, preview = load_checks("c5w1-character-language-model")
""")

md(r"""
## 1. The data

The list holds one name per line, in lowercase, letters only. Its characters are the 26 letters and the newline `"\n"`, which here means *end of name*. Each character gets an index; `"\n"` sorts first, so it is index 0.
""")

code(r"""
data = load_names()
names = data.splitlines()
chars = sorted(set(data))
data_size, vocab_size = len(data), len(chars)
print(f"{len(names)} names, {data_size} characters, {vocab_size} distinct characters")
char_to_ix = {ch: i for i, ch in enumerate(chars)}
ix_to_char = {i: ch for i, ch in enumerate(chars)}
print(ix_to_char)
print("every 150th name:", ", ".join(names[::150]))
""")

md(r"""
### 1.1 The model

The network is the RNN of the previous assignment, with one softmax output per time step. It reads a name one character at a time, as one-hot vectors $x^{\langle t \rangle}$ of length `vocab_size`, and at each step predicts the next character:

$$a^{\langle t \rangle} = \tanh\big(W_{ax} x^{\langle t \rangle} + W_{aa} a^{\langle t-1 \rangle} + b\big), \qquad \hat y^{\langle t \rangle} = \mathrm{softmax}\big(W_{ya} a^{\langle t \rangle} + b_y\big)$$

Its parameters are the dict `parameters` with `"Wax"` $(n_a, n_x)$, `"Waa"` $(n_a, n_a)$, `"Wya"` $(n_y, n_a)$, `"b"` $(n_a, 1)$ and `"by"` $(n_y, 1)$, where $n_x = n_y$ = `vocab_size`.

A name becomes two lists of indices. For "ada" (`a` is 1, `d` is 4, the newline 0):

- the inputs `X = [None, 1, 4, 1]`: `None` stands for the zero vector, so that at the first step the network predicts the first letter from nothing;
- the labels `Y = [1, 4, 1, 0]`: `X` shifted left by one, ending with the newline. At step $t$ the network reads `X[t]` and should give a high probability to `Y[t]`.

The loss of a name is the cross-entropy summed over its steps, $\mathcal{L} = -\sum_t \log \hat y^{\langle t \rangle}_{Y[t]}$. Training repeats: forward pass and loss, backward pass (the gradients of all five parameters), clipping, update. Once trained, the network writes names with `sample`.
""")

md(r"""
## 2. Building blocks

### 2.1 Clipping the gradients

Backpropagation through time multiplies, at every step back, by the recurrent weights and the derivative of the activation. Over a long sequence these products can grow very large: the gradient **explodes**, and one step of gradient descent along it throws the parameters far away from where training had brought them. **Clipping** bounds the step: every entry of every gradient is forced into $[-\text{maxValue}, \text{maxValue}]$; an entry above maxValue becomes maxValue, one below $-$maxValue becomes $-$maxValue, the others stay.

**Exercise 1 — `clip(gradients, maxValue)`.** Clip all five gradients, `dWaa`, `dWax`, `dWya`, `db` and `dby`, and return them in a dict with those keys. `np.clip(gradient, -maxValue, maxValue, out=gradient)` clips an array in place; making new arrays (`np.clip(gradient, -maxValue, maxValue)`) is fine as well: both are accepted.
""")

exercise("clip", r'''
def clip(gradients, maxValue):
    """
    Clips the gradients' values between -maxValue and maxValue.

    Arguments:
    gradients -- a dictionary containing the gradients "dWaa", "dWax", "dWya", "db", "dby"
    maxValue -- everything above this number is set to this number, and everything less
                than -maxValue is set to -maxValue

    Returns:
    gradients -- a dictionary with the clipped gradients "dWaa", "dWax", "dWya", "db", "dby"
    """
    dWaa, dWax, dWya = gradients["dWaa"], gradients["dWax"], gradients["dWya"]
    db, dby = gradients["db"], gradients["dby"]
    ### BEGIN SOLUTION
    for gradient in [dWax, dWaa, dWya, db, dby]:
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    ### END SOLUTION
    gradients = {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}
    return gradients
''', 2)

md(r"""
### 2.2 Sampling

To write a name, the network predicts, draws a character from its prediction, and reads the character it drew as its next input:

1. start with $x^{\langle 1 \rangle} = \vec 0$ (a zero vector of shape `(vocab_size, 1)`) and $a^{\langle 0 \rangle} = \vec 0$ (shape `(n_a, 1)`);
2. one step forward: $a = \tanh(W_{ax} x + W_{aa} a_{prev} + b)$, $z = W_{ya} a + b_y$, $\hat y = \mathrm{softmax}(z)$ (use `softmax`: it works on columns);
3. draw the index of the next character with probabilities $\hat y$: `np.random.choice(range(vocab_size), p=y.ravel())`. Draw at random: taking the most likely character (`np.argmax`) would write the same name every time;
4. append the index to `indices`; make `x` the one-hot vector of that index (a fresh zero vector with a 1 at the index) and carry the hidden state, `a_prev = a`;
5. repeat from step 2 until the drawn character is the newline (`char_to_ix["\n"]`) or 50 characters have been drawn. If the loop ended because `counter` reached 50, append the newline's index, so that every sample ends with it.

**Seeding**, as the classic did, so that your samples and the expected ones agree: just before each draw call `np.random.seed(seed + counter)`, where `counter` counts the characters drawn so far (0 for the first); after each draw add 1 to **both** `seed` and `counter`. (Draw $k$ is therefore seeded with the first seed $+ 2k$.)

**Exercise 2 — `sample(parameters, char_to_ix, seed)`.** Return the list of the sampled indices.
""")

exercise("sample", r'''
def sample(parameters, char_to_ix, seed):
    """
    Sample a sequence of characters from the probability distributions that the RNN outputs.

    Arguments:
    parameters -- dict with "Waa", "Wax", "Wya", "by", "b"
    char_to_ix -- dict from each character to its index
    seed -- the seed of the first draw (see the instructions)

    Returns:
    indices -- list of the indices of the sampled characters, the last one the newline's
    """
    Waa, Wax, Wya, by, b = (parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"],
                            parameters["b"])
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    ### BEGIN SOLUTION
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]
    while idx != newline_character and counter != 50:
        a = np.tanh(Wax @ x + Waa @ a_prev + b)
        z = Wya @ a + by
        y = softmax(z)
        np.random.seed(seed + counter)
        idx = np.random.choice(range(vocab_size), p=y.ravel())
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    if counter == 50:
        indices.append(newline_character)
    ### END SOLUTION
    return indices
''', 3)

md(r"""
## 3. Building the language model

### 3.1 One step of gradient descent

`optimize` trains the network on one name. The helpers do the heavy lifting:

- `loss, cache = char_rnn_forward(X, Y, a_prev, parameters)` — the forward pass from the hidden state `a_prev`, and the loss;
- `gradients, a = char_rnn_backward(X, Y, parameters, cache)` — backpropagation through time: `gradients` holds `dWax`, `dWaa`, `dWya`, `db`, `dby`; `a` is a dict of the hidden states, `a[t]` after step `t` (and `a[-1]` is `a_prev`), so the state after the last step is `a[len(X) - 1]`;
- `update_parameters(parameters, gradients, learning_rate)` — gradient descent, **in place**: it changes the arrays of the `parameters` dict it is given (and returns the same dict).

**Exercise 3 — `optimize(X, Y, a_prev, parameters, learning_rate=0.01)`.** Forward, backward, clip the gradients with your `clip(gradients, 5)`, update. Return the loss, the *clipped* gradients and the last hidden state. The update must reach the caller's `parameters` (update them in place, as `update_parameters` does): `model` calls `optimize` and relies on it.
""")

exercise("optimize", r'''
def optimize(X, Y, a_prev, parameters, learning_rate=0.01):
    """
    Executes one step of the optimization to train the model.

    Arguments:
    X -- list of integers, where each integer is a number that maps to a character in the
         vocabulary; X[0] is None (the zero vector)
    Y -- list of integers, exactly the same as X but shifted one index to the left, ending
         with the newline's index
    a_prev -- previous hidden state, of shape (n_a, 1)
    parameters -- dict with "Wax" (n_a, n_x), "Waa" (n_a, n_a), "Wya" (n_y, n_a),
                  "b" (n_a, 1), "by" (n_y, 1); updated in place
    learning_rate -- learning rate for the model

    Returns:
    loss -- value of the loss function (cross-entropy)
    gradients -- dict with the clipped "dWax", "dWaa", "dWya", "db", "dby"
    a[len(X)-1] -- the last hidden state, of shape (n_a, 1)
    """
    ### BEGIN SOLUTION
    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
    gradients, a = char_rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    ### END SOLUTION
    return loss, gradients, a[len(X) - 1]
''', 2)

md(r"""
### 3.2 Training the model

`model` trains on one name per iteration, going round the list. Most of it is given: the initialisation, the shuffling of the examples (`np.random.seed(0)`, then `np.random.shuffle`), the smoothed loss it prints, and every 2000 iterations a report with `sample_names` sampled names (seeds 0, 1, 2, ...). You write the body of the loop:

1. `idx = j % len(examples)`: the index of this iteration's name, going round the list;
2. the name as indices, `[char_to_ix[ch] for ch in examples[idx]]`, then `X = [None] + those indices` and `Y = X[1:] + [char_to_ix["\n"]]`;
3. one step: `curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate=0.01)`. The hidden state that comes back is the next iteration's `a_prev`: the network carries its state from one name to the next, as the classic did.

The arguments are the classic's, in its order. One is renamed: the classic's `dino_names` (how many dinosaur names to print at each report) is `sample_names` here.

**Exercise 4 — `model(...)`.**
""")

exercise("model", r'''
def model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, sample_names=7, vocab_size=27,
          verbose=False):
    """
    Trains the model and generates names.

    Arguments:
    data_x -- list of the names to train on (strings)
    ix_to_char -- dictionary that maps the index to a character
    char_to_ix -- dictionary that maps a character to an index
    num_iterations -- number of iterations to train the model for (one name each)
    n_a -- number of units of the RNN cell
    sample_names -- number of names to sample at each report (every 2000 iterations)
    vocab_size -- number of unique characters in the vocabulary
    verbose -- print which example is used at the first iterations

    Returns:
    parameters -- learned parameters
    last_name -- the last name sampled (as get_sample gives it: capitalised, ending with "\n")
    """
    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, sample_names)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_name = "abc"

    for j in range(num_iterations):
        ### BEGIN SOLUTION
        idx = j % len(examples)
        single_example_ix = [char_to_ix[ch] for ch in examples[idx]]
        X = [None] + single_example_ix
        Y = X[1:] + [char_to_ix["\n"]]
        curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate=0.01)
        ### END SOLUTION
        if verbose and j in (0, len(examples) - 1, len(examples)):
            print(f"j = {j}, idx = {idx}")
        if verbose and j == 0:
            print(f"single_example = {examples[idx]!r}\nX = {X}\nY = {Y}\n")
        loss = smooth(loss, curr_loss)
        if j % 2000 == 0:
            print(f"Iteration: {j}, Loss: {loss:f}")
            seed = 0
            for _ in range(sample_names):
                sampled_indices = sample(parameters, char_to_ix, seed)
                last_name = get_sample(sampled_indices, ix_to_char)
                print(last_name.replace("\n", ""))
                seed += 1
            print()
    return parameters, last_name
''', 3)

md(r"""
## 4. Training on the names

Now the real run: 22001 iterations, each on one name, with 50 hidden units. The list is read about a dozen times over. The report every 2000 iterations shows the smoothed loss (per name, not per character) and seven sampled names.
""")

code(r"""
num_iterations = 22001
start = time.perf_counter()
with threadpool_limits(1):
    parameters, last_name = model(names, ix_to_char, char_to_ix, num_iterations=num_iterations)
training_seconds = time.perf_counter() - start
print(f"{num_iterations} iterations in {training_seconds:.1f} s")
""")

md(r"""
### 4.1 Does the loss fall?

The smoothed loss above is per name, and names differ in length. A fairer measure is the **loss per character**: the cross-entropy summed over every step of every name in the list, divided by the number of steps (each name read from a zero hidden state). A network that knows nothing predicts every character with probability 1/27, a loss of $\ln 27$ per character. As a yardstick we also compute the loss of a **bigram model**: the probability of each character given only the one before it (or given the start of the name), counted on the same list, with one added to every count (add-one smoothing) so that no probability is zero. The newline serves as both the start and the end of a name.

Both are measured on the names they were trained on, so they say how well each model fits the list, not how well it would do on names it never saw.
""")

code(r"""
newline = char_to_ix["\n"]


def name_indices(name):
    return [char_to_ix[ch] for ch in name]


def loss_per_character(parameters, names):
    # the cross-entropy over every step of every name, divided by the number of steps
    n_a = parameters["Waa"].shape[0]
    total, steps = 0.0, 0
    for name in names:
        X = [None] + name_indices(name)
        Y = X[1:] + [newline]
        loss, _ = char_rnn_forward(X, Y, np.zeros((n_a, 1)), parameters)
        total, steps = total + loss, steps + len(X)
    return total / steps


counts = np.ones((vocab_size, vocab_size))   # add-one smoothing
for name in names:
    ix = [newline] + name_indices(name) + [newline]
    for previous, following in zip(ix[:-1], ix[1:]):
        counts[previous, following] += 1
log_bigram = np.log(counts / counts.sum(axis=1, keepdims=True))


def bigram_log_likelihoods(name):
    # log P(character | the one before) for each character of the name and for its end
    ix = [newline] + name_indices(name) + [newline]
    return [log_bigram[previous, following] for previous, following in zip(ix[:-1], ix[1:])]


def bigram_score(names):
    # the mean log-likelihood per character (the end of each name counts as one) under the bigram model
    values = [v for name in names for v in bigram_log_likelihoods(name)]
    return float(np.mean(values))


untrained = initialize_parameters(50, vocab_size, vocab_size)
loss_untrained = loss_per_character(untrained, names)
loss_trained = loss_per_character(parameters, names)
loss_bigram = -bigram_score(names)
print(f"loss per character, ln 27:               {np.log(27):.3f}")
print(f"loss per character, untrained network:   {loss_untrained:.3f}")
print(f"loss per character, bigram model:        {loss_bigram:.3f}")
print(f"loss per character, trained network:     {loss_trained:.3f}")
""")

md(r"""
The untrained network is at $\ln 27$: it knows nothing. Training brings the loss per character well below it, and below the bigram model's: the RNN's hidden state carries more than the last character.

### 4.2 Do the samples look like names?

"Looks like a name" needs a number. We use the bigram model again: it knows which letters follow which in real names, and how names end (many end in `a`, `n` or `e`, hardly any in `f`, `p` or `q`). Score a piece of text by its **mean log-likelihood per character** under the bigram model (the end of the name counts as a character); the closer to the score of the real names, the more name-like. We sample 300 names from the trained network and 300 from the untrained one, with the seeds 0, 100, 200, ...: `sample` seeds its draw $k$ with seed $+ 2k$, so seeds 100 apart never share a draw (a sample has at most 50 draws).

And a model that only copied the list would score well too, so we also count how many of the trained network's samples are **new**: not empty and not in the list.
""")

code(r"""
n_samples = 300
sample_seeds = list(range(0, 100 * n_samples, 100))


def draw_names(parameters):
    # the sampled names as text, without the newline at the end
    return ["".join(ix_to_char[ix] for ix in sample(parameters, char_to_ix, seed)).rstrip("\n")
            for seed in sample_seeds]


samples_trained = draw_names(parameters)
samples_untrained = draw_names(untrained)
score_names = bigram_score(names)
score_trained = bigram_score(samples_trained)
score_untrained = bigram_score(samples_untrained)
known = set(names)
new_names = [s for s in samples_trained if s and s not in known]
share_new = len(new_names) / n_samples
share_copies = sum(s in known for s in samples_trained) / n_samples
share_empty = sum(s == "" for s in samples_trained) / n_samples
print("mean bigram log-likelihood per character")
print(f"  the names of the list:              {score_names:.3f}")
print(f"  samples of the trained network:     {score_trained:.3f}")
print(f"  samples of the untrained network:   {score_untrained:.3f}")
print(f"mean length: list {np.mean([len(s) for s in names]):.1f}, trained samples "
      f"{np.mean([len(s) for s in samples_trained]):.1f}, untrained samples "
      f"{np.mean([len(s) for s in samples_untrained]):.1f} characters")
print(f"trained samples: {share_new:.0%} new names, {share_copies:.0%} copies of a name of the list, "
      f"{share_empty:.0%} empty")
print("\ntrained:  ", ", ".join(samples_trained[:24]))
print("untrained:", ", ".join(s[:20] for s in samples_untrained[:6]))
""")

code(r"""
per_name = {label: [np.mean(bigram_log_likelihoods(s)) for s in group]
            for label, group in (("names of the list", names), ("trained samples", samples_trained),
                                 ("untrained samples", samples_untrained))}
fig, ax = plt.subplots(figsize=(7, 3.5))
bins = np.linspace(-6, -1, 41)
for label, values in per_name.items():
    ax.hist(values, bins=bins, density=True, histtype="step", linewidth=1.5, label=label)
ax.set_xlabel("mean bigram log-likelihood per character of one name")
ax.set_ylabel("density")
ax.legend()
plt.show()
""")

md(r"""
The trained network's samples score close to the real names and far above the untrained network's. The untrained network predicts every character with a probability close to 1/27 (its loss per character is $\ln 27$), so its samples are long strings of letters in nearly random order. Nearly all the trained network's samples are new names rather than copies of the list. Judge the examples yourself: some could be first names, others less so; the bigram score says only that their letters follow each other as they do in real names.

## 5. Exploding gradients, with and without clipping

Each step that backpropagation through time goes back multiplies the gradient by the recurrent weights (and the derivative of $\tanh$) once more, so exploding gradients are a problem of long sequences, and a name is short. To see them we train the same network, with the same initialisation, the same learning rate (0.01) and the same clipping (maxValue 5) as `model`, on longer sequences: the list read as **one stream of text** (the names in a shuffled order, each followed by its newline), **150 characters at a time**, the hidden state carried from one piece to the next, as character models of longer texts are trained. The loop below is `optimize`'s step written out, so that we can measure the norm of the gradient, $\sqrt{\sum \text{(every entry of the five gradients)}^2}$, *before* clipping. Four runs (each with its own initialisation seed and its own starting place in the stream), each once with your `clip` and once without.
""")

code(r"""
order = np.random.default_rng(0).permutation(len(names))
stream = [ix for k in order for ix in name_indices(names[k]) + [newline]]
sequence_length, stream_iterations, stream_seeds = 150, 300, (1, 2, 3, 4)
stream_learning_rate, stream_max_value = 0.01, 5   # as in model and optimize


def train_on_stream(seed, clipping, n_a=50):
    # optimize's step on 150-character pieces of the stream; returns, for every iteration, the
    # gradient's norm and its largest entry (both before clipping) and the loss per character
    parameters = initialize_parameters(n_a, vocab_size, vocab_size, seed=seed)
    a_prev = np.zeros((n_a, 1))
    first = 1000 * seed
    norms, largest, losses = [], [], []
    with np.errstate(all="ignore"):   # a run that blows up may overflow: its numbers say so
        for j in range(stream_iterations):
            s = (first + j * sequence_length) % (len(stream) - sequence_length - 1)
            X, Y = stream[s:s + sequence_length], stream[s + 1:s + sequence_length + 1]
            loss, cache = char_rnn_forward(X, Y, a_prev, parameters)
            gradients, a = char_rnn_backward(X, Y, parameters, cache)
            norms.append(gradient_norm(gradients))
            largest.append(max(float(np.max(np.abs(g))) for g in gradients.values()))
            losses.append(loss / sequence_length)
            if clipping:
                gradients = clip(gradients, stream_max_value)
            update_parameters(parameters, gradients, stream_learning_rate)
            a_prev = a[len(X) - 1]
    return np.array(norms), np.array(largest), np.array(losses)


start = time.perf_counter()
stream_runs = {"clipped": [], "not clipped": []}
with threadpool_limits(1):
    for seed in stream_seeds:
        for label, clipping in (("clipped", True), ("not clipped", False)):
            norms, largest, losses = train_on_stream(seed, clipping)
            above = np.flatnonzero(norms > 1000)
            stream_runs[label].append({
                "seed": seed, "norms": norms, "largest": largest, "losses": losses,
                "start_norm": float(np.median(norms[:20])),
                "share_beyond": float(np.mean(largest > stream_max_value)),
                "max_norm": float(np.max(norms)), "first_above_1000": int(above[0]) if len(above) else None,
                "final_loss": float(np.mean(losses[-50:]))})
stream_seconds = time.perf_counter() - start
print(f"{2 * len(stream_seeds)} runs of {stream_iterations} iterations in {stream_seconds:.1f} s\n")
print(f"{'run':<18}{'start norm':>12}{'largest norm':>14}{'first > 1000':>14}{'entry > 5':>11}"
      f"{'final loss':>12}")
for label, runs in stream_runs.items():
    for run in runs:
        first_above = "-" if run["first_above_1000"] is None else run["first_above_1000"]
        print(f"{label + ' seed ' + str(run['seed']):<18}{run['start_norm']:>12.1f}{run['max_norm']:>14.1f}"
              f"{first_above!s:>14}{run['share_beyond']:>11.0%}{run['final_loss']:>12.2f}")
print("start norm: the median gradient norm (before clipping) of the first 20 iterations; first > 1000:\n"
      "the first iteration whose gradient norm passed 1000; entry > 5: the share of the iterations in\n"
      "which an entry of the gradient was beyond 5; final loss: the loss per character of the last 50\n"
      "iterations")
blown_up = {label: sum(run["max_norm"] > 1000 for run in runs) for label, runs in stream_runs.items()}
print(f"\nruns whose gradient norm went above 1000: {blown_up['not clipped']} of {len(stream_seeds)} "
      f"without clipping, {blown_up['clipped']} of {len(stream_seeds)} with clipping")
first_losses = [run["losses"][0] for runs in stream_runs.values() for run in runs]
print(f"loss per character at the first iteration: {min(first_losses):.3f} to {max(first_losses):.3f} "
      f"in the eight runs; ln 27 = {np.log(27):.3f}")
""")

code(r"""
fig, (ax_norm, ax_loss) = plt.subplots(1, 2, figsize=(12, 4))
for label, colour in (("not clipped", "tab:red"), ("clipped", "tab:blue")):
    for k, run in enumerate(stream_runs[label]):
        ax_norm.semilogy(run["norms"], color=colour, alpha=0.6, linewidth=0.8,
                         label=label if k == 0 else None)
        smoothed = np.convolve(run["losses"], np.ones(10) / 10, mode="valid")
        ax_loss.semilogy(smoothed, color=colour, alpha=0.8, label=label if k == 0 else None)
ax_norm.axhline(1000, color="grey", linestyle="--", linewidth=0.8)
ax_norm.set_xlabel("iteration")
ax_norm.set_ylabel("gradient norm before clipping (log scale)")
ax_loss.axhline(np.log(27), color="grey", linestyle=":", label="ln 27 (the untrained network)")
ax_loss.set_xlabel("iteration")
ax_loss.set_ylabel("loss per character, mean of 10 iterations (log scale)")
for ax in (ax_norm, ax_loss):
    ax.legend()
plt.tight_layout()
plt.show()
""")

md(r"""
All eight runs start from the same loss, $\ln 27$. Over 150 characters a gradient is a sum of 150 terms, and in every run some of its entries are beyond 5 in most iterations (the column "entry > 5"): clipping is at work from the start, and the clipped runs' gradients differ from the unclipped ones' from the first iterations on.

**Without clipping**, most runs meet a gradient whose norm passes 1000, more than a hundred times its size at the start, and in every run where that happens the loss per character jumps and stays, to the end of the run, above $\ln 27$: the network now does worse than one that knows nothing, because it predicts wrong characters with confidence. The large steps along the exploding gradients have thrown the weights somewhere that training does not bring them back from within the run. **With clipping**, no run's gradient norm passes 1000 and every run's loss falls steadily. An unclipped run that met no exploding gradient ends at the same loss as the clipped runs: here, clipping did not slow training down.

Clipping is cheap: it changes nothing while the gradients are small, and it turns an exploding gradient into a bounded step (no entry of the step is larger than learning rate × maxValue) instead of the end of the training run.
""")

md(r"""
## What to remember

- A character-level language model predicts the next character from the ones before; trained on a list of names, it writes new ones by **sampling**: draw a character from the softmax, feed it back as the next input, stop at the newline. Draw at random: the most likely character every time gives the same name every time.
- Training an RNN: forward pass with the loss summed over the time steps, backpropagation through time, **clip**, update; the hidden state can be carried from one sequence to the next.
- Measure, don't just look: the loss per character against $\ln(\text{vocabulary size})$ and a bigram model; the samples' bigram score against real names and against an untrained network; how many samples are new rather than copied.
- **Exploding gradients** come from long chains of time steps. One huge gradient step can wreck the weights for the rest of a training run; clipping each entry to $[-\text{maxValue}, \text{maxValue}]$ bounds every step and costs nothing when the gradients are small.
""")

nb = nbformat.v4.new_notebook()
nb.cells = cells
nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
               "language_info": {"name": "python"}}
for i, c in enumerate(nb.cells):
    g = c.metadata.get("nbgrader", {}).get("grade_id")
    c["id"] = g.replace("_", "-") if g else f"cell-{i}"
out = pathlib.Path(f"/work/main/source/{ID}/{ID}.ipynb")
out.parent.mkdir(parents=True, exist_ok=True)
nbformat.write(nb, out)
print("wrote", out)
