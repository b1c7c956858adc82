"""Two-dimensional datasets for the shallow and deep network notebooks, and boundary plots.

All generators are deterministic (seeded); X has shape (2, m) and Y shape (1, m).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import sklearn.datasets


def load_planar_dataset(m=400, petals=4, seed=1):
    """
    The two-class "flower": points along the petals of a rose curve r = a sin(petals * t),
    alternate petals red (0) and blue (1), with noise.

    Returns X -- (2, m) coordinates; Y -- (1, m) labels 0/1
    """
    rng = np.random.RandomState(seed)
    N = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2
        r = a * np.sin(petals * t) + rng.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def load_extra_datasets(m=200, seed=3):
    """
    Other planar sets for experiments: noisy circles, noisy moons, blobs, gaussian quantiles.

    Returns dict name -> (X (2, m), Y (1, m))
    """
    circles = sklearn.datasets.make_circles(n_samples=m, factor=0.5, noise=0.3, random_state=seed)
    moons = sklearn.datasets.make_moons(n_samples=m, noise=0.2, random_state=seed)
    blobs = sklearn.datasets.make_blobs(n_samples=m, random_state=seed, n_features=2, centers=6)
    quantiles = sklearn.datasets.make_gaussian_quantiles(mean=None, cov=0.5, n_samples=m, n_features=2,
                                                         n_classes=2, shuffle=True, random_state=seed)
    blob_X, blob_y = blobs
    sets = {"noisy_circles": circles, "noisy_moons": moons, "blobs": (blob_X, blob_y % 2),
            "gaussian_quantiles": quantiles}
    return {name: (X.T, y.reshape(1, -1)) for name, (X, y) in sets.items()}


def load_circles(n_train=300, n_test=100, noise=0.05, seed=1):
    """Two concentric circles: returns train_X (2, n_train), train_Y (1, n_train), test_X, test_Y."""
    tx, ty = sklearn.datasets.make_circles(n_samples=n_train, noise=noise, random_state=seed)
    vx, vy = sklearn.datasets.make_circles(n_samples=n_test, noise=noise, random_state=seed + 1)
    return tx.T, ty.reshape(1, -1), vx.T, vy.reshape(1, -1)


def load_moons(m=300, noise=0.2, seed=3):
    """Two interleaved half-moons: returns X (2, m), Y (1, m)."""
    X, y = sklearn.datasets.make_moons(n_samples=m, noise=noise, random_state=seed)
    return X.T, y.reshape(1, -1)


def plot_decision_boundary(predict: Callable, X, Y, ax=None, title=None, resolution=0.02):
    """
    Shade the plane by the class ``predict`` gives each point and scatter the data on top.

    predict -- function mapping an (m, 2) array of points to m labels (any shape with m values)
    X -- (2, m); Y -- (1, m)
    """
    ax = ax or plt.gca()
    x_min, x_max = X[0].min() - 1, X[0].max() + 1
    y_min, y_max = X[1].min() - 1, X[1].max() + 1
    xx, yy = np.meshgrid(np.arange(x_min, x_max, resolution), np.arange(y_min, y_max, resolution))
    Z = np.asarray(predict(np.c_[xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral, alpha=0.8)
    ax.scatter(X[0], X[1], c=np.ravel(Y), cmap=plt.cm.Spectral, s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax
