"""Cases of c1w2-numpy-basics."""

import numpy as np

from autograder.spec import Case, Mistake, Spec

rng = np.random.default_rng(12)


def _sig(x):
    return 1 / (1 + np.exp(-x))


SPECS = {
    "basic_sigmoid": Spec(
        public=[Case((1,), note="x = 1")],
        hidden=[Case((-2.5,)), Case((0,)), Case((3.7,))],
        mistakes=[Mistake("sigmoid is 1 / (1 + exp(-x)): mind the minus sign.",
                          lambda x: 1 / (1 + np.exp(x))),
                  Mistake("sigmoid is 1 / (1 + exp(-x)), not exp(-x) / (1 + x).",
                          lambda x: np.exp(-x) / (1 + x))],
    ),
    "sigmoid": Spec(
        public=[Case((np.array([1.0, 2.0, 3.0]),), note="x = [1, 2, 3]")],
        hidden=[Case((rng.normal(size=(3, 4)) * 3,), note="a (3, 4) array"),
                Case((np.array([[-1.5], [0.0], [4.0]]),), note="a column"),
                Case((np.float64(-0.7),), note="a scalar")],
        mistakes=[Mistake("sigmoid is 1 / (1 + exp(-x)): mind the minus sign.",
                          lambda x: 1 / (1 + np.exp(x))),
                  Mistake("use np.exp, not math.exp, so that the function works on arrays; "
                          "and sigmoid is 1 / (1 + exp(-x)), not 1 / exp(-x).", lambda x: np.exp(x))],
    ),
    "sigmoid_derivative": Spec(
        public=[Case((np.array([1.0, 2.0, 3.0]),), note="x = [1, 2, 3]")],
        hidden=[Case((rng.normal(size=(2, 5)) * 2,), note="a (2, 5) array"),
                Case((np.array([[0.0], [-3.0]]),), note="a column with a zero")],
        mistakes=[Mistake("the derivative is s * (1 - s) where s = sigmoid(x), not x * (1 - x).",
                          lambda x: x * (1 - x)),
                  Mistake("that is sigmoid(x) itself; the derivative is s * (1 - s).", _sig),
                  Mistake("the derivative is s * (1 - s), not s * (1 + s).",
                          lambda x: _sig(x) * (1 + _sig(x)))],
    ),
    "image2vector": Spec(
        public=[Case((np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647],
                                 [0.4215251, 0.45017551]],
                                [[0.92814219, 0.96677647], [0.85304703, 0.52351845],
                                 [0.19981397, 0.27417313]],
                                [[0.60659855, 0.00533165], [0.10820313, 0.49978937],
                                 [0.34144279, 0.94630077]]]),), note="a (3, 3, 2) image")],
        hidden=[Case((rng.random((4, 5, 3)),), note="a (4, 5, 3) image"),
                Case((rng.random((2, 2, 1)),), note="a (2, 2, 1) image"),
                Case((rng.integers(0, 255, (3, 2, 3)).astype(np.uint8),), note="a uint8 image")],
        mistakes=[Mistake("the order of the values matters: reshape the image as it is "
                          "(image.reshape(-1, 1)), without transposing it first.",
                          lambda image: image.T.reshape(-1, 1)),
                  Mistake("the values must be in the order of image.reshape: don't use order='F'.",
                          lambda image: image.reshape(-1, 1, order="F"))],
    ),
    "normalize_rows": Spec(
        public=[Case((np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]),), note="x = [[0, 3, 4], [1, 6, 4]]")],
        hidden=[Case((rng.normal(size=(4, 3)),), note="a (4, 3) matrix"),
                Case((rng.normal(size=(3, 3)),), note="a square matrix"),
                Case((np.array([[2.0, -1.0, 0.5, 3.0, 1.0]]),), note="a single row")],
        mistakes=[Mistake("normalise each row: take the norm with axis=1 (axis=0 gives the norms of the columns).",
                          lambda x: x / np.linalg.norm(x, axis=0, keepdims=True)),
                  Mistake("the norms must keep their dimension (keepdims=True) so that each row is "
                          "divided by its own norm, not broadcast across columns.",
                          lambda x: x / np.linalg.norm(x, axis=1)),
                  Mistake("divide by the Euclidean norm (square root of the sum of squares), "
                          "not by the sum of squares.",
                          lambda x: x / np.sum(x ** 2, axis=1, keepdims=True))],
    ),
    "softmax": Spec(
        public=[Case((np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]]),),
                     note="a (2, 5) matrix")],
        hidden=[Case((rng.normal(size=(3, 4)) * 2,), note="a (3, 4) matrix"),
                Case((rng.normal(size=(4, 4)),), note="a square matrix"),
                Case((np.array([[1.0, 2.0, 3.0]]),), note="a single row")],
        mistakes=[Mistake("softmax here is row-wise: sum over axis=1, one distribution per row.",
                          lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True)),
                  Mistake("keep the row sums as a column (keepdims=True) so each row is divided by its own sum.",
                          lambda x: np.exp(x) / np.sum(np.exp(x), axis=1)),
                  Mistake("divide by the sum over the row only, not over the whole matrix.",
                          lambda x: np.exp(x) / np.sum(np.exp(x)))],
    ),
    "L1": Spec(
        public=[Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])),
                     note="the five predictions of the notebook")],
        hidden=[Case((rng.random(7), rng.integers(0, 2, 7)), note="7 predictions"),
                Case((np.array([0.3]), np.array([1])), note="one prediction")],
        mistakes=[Mistake("L1 is the sum of absolute differences; without np.abs, "
                          "positive and negative errors cancel.", lambda yhat, y: np.sum(y - yhat)),
                  Mistake("L1 is the sum of absolute differences, not their mean.",
                          lambda yhat, y: np.mean(np.abs(y - yhat)))],
    ),
    "L2": Spec(
        public=[Case((np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])),
                     note="the five predictions of the notebook")],
        hidden=[Case((rng.random(7), rng.integers(0, 2, 7)), note="7 predictions"),
                Case((np.array([0.3]), np.array([1])), note="one prediction")],
        mistakes=[Mistake("L2 is the sum of squared differences, not the Euclidean norm (no square root).",
                          lambda yhat, y: np.sqrt(np.sum((y - yhat) ** 2))),
                  Mistake("L2 squares each difference: that looks like the L1 loss.",
                          lambda yhat, y: np.sum(np.abs(y - yhat))),
                  Mistake("L2 is the sum of squared differences, not their mean.",
                          lambda yhat, y: np.mean((y - yhat) ** 2))],
    ),
}
