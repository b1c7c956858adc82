"""Variants of c1w2-numpy-basics."""

import math

import numpy as np

from variants import Variants

VARIANTS = Variants("c1w2-numpy-basics")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


@ok("basic_sigmoid")
def basic_sigmoid_exp_form(x):
    return math.exp(x) / (1 + math.exp(x))


@ok("basic_sigmoid")
def basic_sigmoid_numpy(x):
    return 1.0 / (1.0 + np.exp(-x))


@ok("basic_sigmoid")
def basic_sigmoid_tanh(x):
    return 0.5 * (1 + math.tanh(x / 2))


@wrong("basic_sigmoid", "minus sign")
def basic_sigmoid_plus(x):
    return 1 / (1 + math.exp(x))


@wrong("basic_sigmoid", "not implemented yet")
def basic_sigmoid_stub(x):
    raise NotImplementedError()


@wrong("basic_sigmoid", "forget a `return`")
def basic_sigmoid_no_return(x):
    s = 1 / (1 + math.exp(-x))  # noqa: F841


@ok("sigmoid")
def sigmoid_float32(x):
    x = np.asarray(x, dtype=np.float32)
    return 1 / (1 + np.exp(-x))


@ok("sigmoid")
def sigmoid_tanh(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


@ok("sigmoid")
def sigmoid_loops(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        out[idx] = 1 / (1 + math.exp(-x[idx]))
    return out if out.shape else out[()]


@wrong("sigmoid", "minus sign")
def sigmoid_plus(x):
    return 1 / (1 + np.exp(x))


@wrong("sigmoid", "TypeError")
def sigmoid_math(x):
    return 1 / (1 + math.exp(-x))


@wrong("sigmoid", "in place")
def sigmoid_in_place(x):
    x *= -1
    np.exp(x, out=x)
    x += 1
    return 1 / x


@ok("sigmoid_derivative")
def sigmoid_derivative_exp(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


@ok("sigmoid_derivative")
def sigmoid_derivative_two_lines(x):
    s = 1 / (1 + np.exp(-x))
    return s - s ** 2


@wrong("sigmoid_derivative", "not x * (1 - x)")
def sigmoid_derivative_of_x(x):
    return x * (1 - x)


@wrong("sigmoid_derivative", "sigmoid(x) itself")
def sigmoid_derivative_is_sigmoid(x):
    return 1 / (1 + np.exp(-x))


@ok("image2vector")
def image2vector_minus_one(image):
    return image.reshape(-1, 1)


@ok("image2vector")
def image2vector_flatten(image):
    return image.flatten()[:, np.newaxis]


@ok("image2vector")
def image2vector_loops(image):
    a, b, c = image.shape
    v = np.zeros((a * b * c, 1), dtype=image.dtype)
    k = 0
    for i in range(a):
        for j in range(b):
            for d in range(c):
                v[k, 0] = image[i, j, d]
                k += 1
    return v


@wrong("image2vector", "lost dimension")
def image2vector_flat(image):
    return image.reshape(-1)


@wrong("image2vector", "without transposing")
def image2vector_transposed(image):
    return image.T.reshape(-1, 1)


@wrong("image2vector", "shape is transposed")
def image2vector_row(image):
    return image.reshape(1, -1)


@ok("normalize_rows")
def normalize_rows_sqrt(x):
    return x / np.sqrt(np.sum(x * x, axis=1, keepdims=True))


@ok("normalize_rows")
def normalize_rows_loop(x):
    out = np.empty(x.shape)
    for i in range(x.shape[0]):
        out[i] = x[i] / math.sqrt(sum(v * v for v in x[i]))
    return out


@ok("normalize_rows")
def normalize_rows_reshape(x):
    return x / np.linalg.norm(x, axis=1).reshape(-1, 1)


@wrong("normalize_rows", "axis=1")
def normalize_rows_columns(x):
    return x / np.linalg.norm(x, axis=0, keepdims=True)


@wrong("normalize_rows", "keepdims")
def normalize_rows_no_keepdims(x):
    return x / np.linalg.norm(x, axis=1)


@wrong("normalize_rows", "in place")
def normalize_rows_in_place(x):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


@ok("softmax")
def softmax_stable(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@ok("softmax")
def softmax_loops(x):
    out = np.zeros(x.shape)
    for i in range(x.shape[0]):
        total = sum(math.exp(v) for v in x[i])
        for j in range(x.shape[1]):
            out[i, j] = math.exp(x[i, j]) / total
    return out


@ok("softmax")
def softmax_float32(x):
    e = np.exp(x.astype(np.float32))
    return e / e.sum(axis=1, keepdims=True)


@wrong("softmax", "row-wise")
def softmax_columns(x):
    return np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True)


@wrong("softmax", "keepdims")
def softmax_no_keepdims(x):
    return np.exp(x) / np.sum(np.exp(x), axis=1)


@wrong("softmax", "whole matrix")
def softmax_total(x):
    return np.exp(x) / np.sum(np.exp(x))


@ok("L1")
def L1_loop(yhat, y):
    return sum(abs(a - b) for a, b in zip(y, yhat, strict=True))


@ok("L1")
def L1_norm(yhat, y):
    return np.linalg.norm(yhat - y, ord=1)


@wrong("L1", "without np.abs")
def L1_no_abs(yhat, y):
    return np.sum(y - yhat)


@wrong("L1", "not their mean")
def L1_mean(yhat, y):
    return np.mean(np.abs(y - yhat))


@ok("L2")
def L2_sum(yhat, y):
    return np.sum((y - yhat) ** 2)


@ok("L2")
def L2_matmul(yhat, y):
    d = yhat - y
    return d @ d


@ok("L2")
def L2_loop(yhat, y):
    total = 0.0
    for a, b in zip(y, yhat, strict=True):
        total += (a - b) ** 2
    return total


@wrong("L2", "no square root")
def L2_norm(yhat, y):
    return np.linalg.norm(y - yhat)


@wrong("L2", "not their mean")
def L2_mean(yhat, y):
    return np.mean((y - yhat) ** 2)
