"""Data, mini-batches, Adam and plots for the multiclass / batch-norm notebook (c2w3).

The handwritten digits ship with scikit-learn (no download); see course/datasets/digits.md.
Data is column-per-example: ``X.shape == (64, m)``, labels ``(1, m)`` integers 0..9.
"""

from __future__ import annotations

import math

import numpy as np


def load_digits_split(test_size=360, seed=1):
    """
    scikit-learn's handwritten digits, split into train and test sets (stratified, seeded).

    test_size -- number of test examples (the rest is the training set)
    seed -- random_state of the stratified split
    Returns:
    X_train -- (64, m_train) pixel intensities scaled from 0..16 to [0, 1]
    Y_train -- (1, m_train) integer labels 0..9
    X_test -- (64, m_test)
    Y_test -- (1, m_test)
    images_test -- (m_test, 8, 8) the test images, for display
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    index = np.arange(len(digits.target))
    train, test = train_test_split(index, test_size=test_size, stratify=digits.target, random_state=seed)
    X = digits.data / 16.0
    y = digits.target.astype(np.int64)
    return (X[train].T, y[train].reshape(1, -1), X[test].T, y[test].reshape(1, -1), digits.images[test])


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """
    Shuffle the columns of (X, Y) and cut them into mini-batches, as the classic assignment does.

    X -- (n_x, m); Y -- (n_y, m)
    Returns a list of (mini_batch_X, mini_batch_Y); the last one may be smaller
    """
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    batches = []
    for k in range(math.ceil(m / mini_batch_size)):
        sl = slice(k * mini_batch_size, min((k + 1) * mini_batch_size, m))
        batches.append((shuffled_X[:, sl], shuffled_Y[:, sl]))
    return batches


def initialize_adam(parameters):
    """
    Zero first and second moments for every parameter.

    parameters -- dict of arrays ("W1", "b1", "gamma1", ...)
    Returns v, s -- dicts with keys "d" + name ("dW1", ...), zeros of the parameters' shapes
    """
    v = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """
    One Adam step for every parameter (any keys); v and s are updated in place.

    parameters -- dict of arrays; grads -- dict with "d" + name for each parameter
    t -- the step number, starting at 1 (for the bias correction)
    Returns the new parameters (a new dict)
    """
    updated = {}
    for k, p in parameters.items():
        g = grads["d" + k]
        v["d" + k] = beta1 * v["d" + k] + (1 - beta1) * g
        s["d" + k] = beta2 * s["d" + k] + (1 - beta2) * g ** 2
        v_hat = v["d" + k] / (1 - beta1 ** t)
        s_hat = s["d" + k] / (1 - beta2 ** t)
        updated[k] = p - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return updated


def confusion_matrix(true_labels, predicted_labels, C):
    """
    Counts of (true, predicted) pairs.

    true_labels, predicted_labels -- integer arrays of the same size
    Returns cm -- (C, C) integers; cm[i, j] = examples of class i predicted as j
    """
    cm = np.zeros((C, C), dtype=np.int64)
    np.add.at(cm, (np.ravel(true_labels), np.ravel(predicted_labels)), 1)
    return cm


def plot_confusion_matrix(cm, ax=None, title="Confusion matrix (test set)"):
    """Draw a confusion matrix with its counts."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    ax.imshow(cm, cmap="Blues")
    C = cm.shape[0]
    for i in range(C):
        for j in range(C):
            if cm[i, j]:
                ax.text(j, i, str(cm[i, j]), ha="center", va="center",
                        color="white" if cm[i, j] > cm.max() / 2 else "black", fontsize=8)
    ax.set_xticks(range(C))
    ax.set_yticks(range(C))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(title)
    return ax


def plot_digits(images, titles, ncols=8, size=1.4):
    """Draw 8x8 digit images in a grid, one title each."""
    import matplotlib.pyplot as plt

    n = len(images)
    nrows = max(1, math.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, 1.25 * size * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, images, titles, strict=False):
        ax.imshow(image, cmap="gray_r", interpolation="nearest")
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig
