"""Cases of c1w2-logistic-regression."""

import numpy as np

from autograder.spec import Case, Mistake, Spec

rng = np.random.default_rng(22)

W = np.array([[1.0], [2.0]])
B = 1.5
X = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
Y = np.array([[1, 1, 0]])


def _data(n, m, seed):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n, m))
    Y = (g.random((1, m)) > 0.5).astype(int)
    return X, Y


def _propagate_no_bias_term(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    cost = np.squeeze(-np.sum(Y * np.log(A)) / m)
    return {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y) / m}, cost


def _propagate_dw_transposed(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": (A - Y) @ X.T / m, "db": np.sum(A - Y) / m}, cost


def _predict_without_sigmoid(w, b, X):
    return (w.T @ X + b > 0.5).astype(float)


X1, Y1 = _data(4, 6, 1)
X2, Y2 = _data(1, 9, 2)
XT1, YT1 = _data(4, 3, 3)
X3, Y3 = _data(3, 8, 4)
XT3, YT3 = _data(3, 4, 5)

SPECS = {
    "sigmoid": Spec(
        public=[Case((np.array([0, 2]),), note="z = [0, 2]")],
        hidden=[Case((np.array([[-1.0, 0.5], [3.0, -7.0]]),), note="a (2, 2) array"),
                Case((0.0,), note="a scalar"),
                Case((rng.normal(size=(1, 5)) * 4,), note="a (1, 5) row")],
        mistakes=[Mistake("sigmoid is 1 / (1 + exp(-z)): mind the minus sign.",
                          lambda z: 1 / (1 + np.exp(z)))],
    ),
    "initialize_with_zeros": Spec(
        public=[Case((2,), note="dim = 2")],
        hidden=[Case((1,), note="dim = 1"), Case((50,), note="dim = 50")],
        mistakes=[Mistake("w must be a column vector of shape (dim, 1): use np.zeros((dim, 1)).",
                          lambda dim: (np.zeros((1, dim)), 0.0))],
    ),
    "propagate": Spec(
        public=[Case((W, B, X, Y), note="the example of the notebook")],
        hidden=[Case((rng.normal(size=(4, 1)), -0.3, X1, Y1), note="4 features, 6 examples"),
                Case((np.array([[0.5]]), 0.2, X2, Y2), note="1 feature, 9 examples"),
                Case((np.zeros((4, 1)), 0.0, XT1, YT1), note="zero weights: cost ln 2")],
        mistakes=[Mistake("the cost has two terms: y log(a) + (1 - y) log(1 - a).",
                          _propagate_no_bias_term),
                  Mistake("dw = X (A - Y)^T / m has the shape of w, (n_x, 1): mind the order of the factors.",
                          _propagate_dw_transposed)],
    ),
    "optimize": Spec(
        public=[Case((W, B, X, Y), {"num_iterations": 100, "learning_rate": 0.009}, note="the example of the notebook")],
        hidden=[Case((np.zeros((4, 1)), 0.0, X1, Y1), {"num_iterations": 201, "learning_rate": 0.1},
                     note="201 iterations: costs recorded at 0, 100 and 200"),
                Case((np.array([[0.3]]), -0.1, X2, Y2), {"num_iterations": 7, "learning_rate": 0.5},
                     note="7 iterations")],
    ),
    "predict": Spec(
        public=[Case((np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
                     note="the example of the notebook")],
        hidden=[Case((rng.normal(size=(4, 1)), 0.7, X1), note="4 features, 6 examples"),
                Case((np.array([[2.0]]), -1.0, X2), note="1 feature, 9 examples")],
        mistakes=[Mistake("threshold the probability A = sigmoid(w^T X + b), not w^T X + b itself.",
                          _predict_without_sigmoid)],
    ),
    "model": Spec(
        public=[Case((X3, Y3, XT3, YT3), {"num_iterations": 50, "learning_rate": 0.01}, note="small random data")],
        hidden=[Case((X1, Y1, XT1, YT1), {"num_iterations": 120, "learning_rate": 0.5}, note="4 features"),
                Case((X2, Y2, X2[:, :3], Y2[:, :3]), {"num_iterations": 3, "learning_rate": 1.0},
                     note="3 iterations")],
    ),
}
