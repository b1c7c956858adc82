"""Cases of c4w1-convolution-step-by-step.

The loop exercises are checked on small inputs so that a loop version runs in milliseconds
and the recorded calls of the callees (conv_single_step inside conv_forward,
create_mask_from_window / distribute_value inside pool_backward) stay small.
The public examples are drawn as the classic notebook does (``np.random.seed(1)`` then
``np.random.randn``), with a ``RandomState(1)`` here. Inputs have no ties inside a pooling
window, so "the maximum" is unambiguous.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers import fast_layers as fl

# ----------------------------------------------------------------------------------------------
# Loop versions with the typical mistakes switchable, to compute what mistaken code returns


def _conv_forward(A_prev, W, b, hp, slice_stride=None, bias=True):
    s, p = hp["stride"], hp["pad"]
    ss = s if slice_stride is None else slice_stride
    f, _, _, n_C = W.shape
    m, H, Wd, _ = A_prev.shape
    n_H, n_W = (H + 2 * p - f) // s + 1, (Wd + 2 * p - f) // s + 1
    A_pad = fl.zero_pad(A_prev, p)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    win = A_pad[i, h * ss:h * ss + f, w * ss:w * ss + f, :]
                    Z[i, h, w, c] = np.sum(win * W[..., c]) + (b[0, 0, 0, c] if bias else 0)
    return Z


def _conv_backward(dZ, cache, slice_stride=None, accumulate=True, times_dZ=True):
    A_prev, W, _, hp = cache
    s, p = hp["stride"], hp["pad"]
    ss = s if slice_stride is None else slice_stride
    f = W.shape[0]
    m, n_H, n_W, n_C = dZ.shape
    A_pad = fl.zero_pad(A_prev, p)
    dA_pad = np.zeros(A_pad.shape)
    dW, db = np.zeros(W.shape), np.zeros((1, 1, 1, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    sl = (i, slice(h * ss, h * ss + f), slice(w * ss, w * ss + f), slice(None))
                    g = dZ[i, h, w, c]
                    contribution = W[..., c] * (g if times_dZ else 1.0)
                    if accumulate:
                        dA_pad[sl] += contribution
                        dW[..., c] += A_pad[sl] * g
                        db[..., c] += g
                    else:
                        dA_pad[sl] = contribution
                        dW[..., c] = A_pad[sl] * g
                        db[..., c] = g
    H, Wd = A_prev.shape[1:3]
    return dA_pad[:, p:p + H, p:p + Wd, :], dW, db


def _pool_forward(A_prev, hp, mode="max", slice_stride=None):
    f, s = hp["f"], hp["stride"]
    ss = s if slice_stride is None else slice_stride
    m, H, Wd, C = A_prev.shape
    n_H, n_W = (H - f) // s + 1, (Wd - f) // s + 1
    A = np.zeros((m, n_H, n_W, C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(C):
                    win = A_prev[i, h * ss:h * ss + f, w * ss:w * ss + f, c]
                    A[i, h, w, c] = np.max(win) if mode == "max" else np.mean(win)
    return A


def _pool_backward(dA, cache, mode="max", slice_stride=None, accumulate=True, average_by=None):
    A_prev, hp = cache
    f, s = hp["f"], hp["stride"]
    ss = s if slice_stride is None else slice_stride
    dA_prev = np.zeros(A_prev.shape)
    m, n_H, n_W, C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(C):
                    sl = (i, slice(h * ss, h * ss + f), slice(w * ss, w * ss + f), c)
                    if mode == "max":
                        win = A_prev[sl]
                        g = (win == np.max(win)) * dA[i, h, w, c]
                    else:
                        g = np.ones((f, f)) * dA[i, h, w, c] / (average_by or f * f)
                    if accumulate:
                        dA_prev[sl] += g
                    else:
                        dA_prev[sl] = g
    return dA_prev


def _safe(fn):
    """A mistake's output, or None when the mistaken code could not even run on these inputs."""
    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (IndexError, ValueError):
            return None
    return wrapped


# ----------------------------------------------------------------------------------------------
# Inputs

def _classic(seed, *shapes):
    rs = np.random.RandomState(seed)
    return [rs.randn(*shape) for shape in shapes]


def _short(seed, *shapes):
    """Like _classic, rounded to 2 decimals: the recorded callee calls then stay small in JSON."""
    return [np.round(a, 2) for a in _classic(seed, *shapes)]


def _no_ties(A_prev, f, stride):
    win = fl.windows(A_prev, f, f, stride)
    counts = (win == win.max(axis=(3, 4), keepdims=True)).sum(axis=(3, 4))
    assert counts.max() == 1, "a pooling window of the cases has two maxima"
    return A_prev


rng = np.random.default_rng(41)


def _conv_inputs(shape, f, n_C, stride, pad, seed):
    A_prev, W, b = _short(seed, shape, (f, f, shape[3], n_C), (1, 1, 1, n_C))
    return A_prev, W, b, {"pad": pad, "stride": stride}


CONV = [  # the public example first, then the hidden ones
    _conv_inputs((2, 5, 7, 3), 3, 2, 2, 1, 1),
    _conv_inputs((1, 4, 5, 2), 2, 3, 1, 0, 2),
    _conv_inputs((2, 3, 3, 1), 3, 2, 1, 1, 3),
    _conv_inputs((1, 6, 5, 2), 3, 2, 2, 2, 4),
]


def _conv_backward_case(A_prev, W, b, hp, note):
    Z, cache = fl.conv_forward(A_prev, W, b, hp)
    return Case((Z, cache), note=note)


POOL_PUBLIC = _classic(1, (2, 5, 5, 3))[0]
POOL_BACKWARD_PUBLIC = _short(1, (2, 4, 4, 2), (2, 3, 3, 2))
_no_ties(POOL_BACKWARD_PUBLIC[0], 2, 1)


def _pool_backward_case(shape, f, stride, mode, seed, note):
    r = np.random.default_rng(seed)
    A_prev = _no_ties(np.round(r.standard_normal(shape), 3), f, stride)
    n_H, n_W = (shape[1] - f) // stride + 1, (shape[2] - f) // stride + 1
    dA = np.round(r.standard_normal((shape[0], n_H, n_W, shape[3])), 2)
    return Case((dA, (A_prev, {"stride": stride, "f": f})), {"mode": mode}, note)


STRIDE_HINT = ("the window of output (h, w) starts at vert_start = h * stride, "
               "horiz_start = w * stride: don't forget the stride.")

SPECS = {
    "zero_pad": Spec(
        public=[Case((_classic(1, (4, 3, 3, 2))[0], 3), note="x of shape (4, 3, 3, 2), pad = 3")],
        hidden=[Case((rng.standard_normal((2, 4, 5, 3)), 1), note="non-square images, pad = 1"),
                Case((rng.standard_normal((1, 2, 2, 1)), 2), note="one 2x2 image, pad = 2"),
                Case((rng.standard_normal((3, 3, 2, 2)), 0), note="pad = 0")],
        mistakes=[Mistake("pad only the height and the width (axes 1 and 2): the examples (axis 0) "
                          "and the channels (axis 3) keep their size.",
                          lambda X, pad: np.pad(X, pad)),
                  Mistake("pad with zeros (constant_values=0), not with the edge values.",
                          lambda X, pad: np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge"))],
    ),
    "conv_single_step": Spec(
        public=[Case(tuple(_classic(1, (4, 4, 3), (4, 4, 3), (1, 1, 1))),
                     note="a_slice_prev and W of shape (4, 4, 3), b of shape (1, 1, 1)")],
        hidden=[Case(tuple(_classic(5, (3, 3, 2), (3, 3, 2), (1, 1, 1))), note="3x3x2 slices"),
                Case(tuple(_classic(6, (2, 2, 1), (2, 2, 1), (1, 1, 1))), note="2x2x1 slices"),
                Case(tuple(_classic(7, (5, 5, 4), (5, 5, 4), (1, 1, 1))), note="5x5x4 slices")],
        mistakes=[Mistake("add the bias b to the sum.", lambda a, W, b: np.sum(a * W)),
                  Mistake("sum the element-wise product first, then add the bias once "
                          "(not b to every element).", lambda a, W, b: np.sum(a * W + b)),
                  Mistake("multiply element-wise (a_slice_prev * W), then sum.",
                          lambda a, W, b: np.sum(a) * np.sum(W) + b.item())],
    ),
    "conv_forward": Spec(
        public=[Case(CONV[0], note="A_prev (2, 5, 7, 3), W (3, 3, 3, 2), pad = 1, stride = 2")],
        hidden=[Case(CONV[1], note="stride 1, pad 0"),
                Case(CONV[2], note="3x3 images, 3x3 filters, pad 1 ('same')"),
                Case(CONV[3], note="stride 2, pad 2, non-square")],
        mistakes=[Mistake(STRIDE_HINT, _safe(lambda A, W, b, hp: (_conv_forward(A, W, b, hp, slice_stride=1),
                                                                   (A, W, b, hp)))),
                  Mistake("add the bias b[:, :, :, c] of each filter.",
                          lambda A, W, b, hp: (_conv_forward(A, W, b, hp, bias=False), (A, W, b, hp)))],
    ),
    "pool_forward": Spec(
        public=[Case((POOL_PUBLIC, {"stride": 1, "f": 3}), note="A_prev (2, 5, 5, 3), f = 3, stride = 1, max"),
                Case((POOL_PUBLIC, {"stride": 1, "f": 3}), {"mode": "average"}, note="the same, average")],
        hidden=[Case((rng.standard_normal((2, 4, 6, 2)), {"stride": 2, "f": 2}), note="f = 2, stride 2, max"),
                Case((rng.standard_normal((1, 5, 4, 3)), {"stride": 2, "f": 3}), {"mode": "average"},
                     note="f = 3, stride 2, average"),
                Case((rng.standard_normal((2, 3, 4, 1)), {"stride": 1, "f": 2}), {"mode": "max"},
                     note="f = 2, stride 1, max")],
        mistakes=[Mistake(STRIDE_HINT, _safe(lambda A, hp, mode="max": (_pool_forward(A, hp, mode, 1), (A, hp)))),
                  Mistake("average pooling takes the mean of the window, not its sum.",
                          lambda A, hp, mode="max": (fl.pool_forward(A, hp, "average")[0] * hp["f"] ** 2, (A, hp))),
                  Mistake("mode='average' must take the mean of the window, and mode='max' its maximum.",
                          lambda A, hp, mode="max": fl.pool_forward(A, hp, "average" if mode == "max" else "max"))],
    ),
    "conv_backward": Spec(
        public=[_conv_backward_case(*CONV[0], "dZ = Z and the cache of the conv_forward example")],
        hidden=[_conv_backward_case(*CONV[1], "stride 1, pad 0"),
                _conv_backward_case(*CONV[2], "3x3 filters, pad 1"),
                _conv_backward_case(*CONV[3], "stride 2, pad 2, non-square")],
        mistakes=[Mistake(STRIDE_HINT, _safe(lambda dZ, cache: _conv_backward(dZ, cache, slice_stride=1))),
                  Mistake("windows overlap and every example adds to dW and db: accumulate with `+=`, "
                          "don't assign with `=`.", lambda dZ, cache: _conv_backward(dZ, cache, accumulate=False)),
                  Mistake("each window's contribution to dA_prev is W[:, :, :, c] * dZ[i, h, w, c]: "
                          "multiply by dZ.", lambda dZ, cache: _conv_backward(dZ, cache, times_dZ=False)),
                  Mistake("return (dA_prev, dW, db) in this order.",
                          lambda dZ, cache: (lambda g: (g[1], g[0], g[2]))(fl.conv_backward(dZ, cache)))],
    ),
    "create_mask_from_window": Spec(
        public=[Case(tuple(_classic(1, (2, 3))), note="x of shape (2, 3)")],
        hidden=[Case((rng.standard_normal((3, 3)),), note="a 3x3 window"),
                Case((np.array([[-3.0, -1.5], [-2.0, -4.0]]),), note="all entries negative"),
                Case((rng.standard_normal((1, 4)),), note="a 1x4 window")],
        mistakes=[Mistake("the mask marks the maximum of the window (x == np.max(x)), not the minimum.",
                          lambda x: x == np.min(x)),
                  Mistake("the mask marks where x equals its maximum, not where x is positive.",
                          lambda x: x > 0),
                  Mistake("take the maximum of the whole window (np.max(x)), not of each column.",
                          lambda x: x == np.max(x, axis=0)),
                  Mistake("take the maximum of the whole window (np.max(x)), not of each row.",
                          lambda x: x == np.max(x, axis=1, keepdims=True))],
    ),
    "distribute_value": Spec(
        public=[Case((2.0, (2, 2)), note="dz = 2, shape = (2, 2)")],
        hidden=[Case((3.0, (3, 3)), note="dz = 3, shape = (3, 3)"),
                Case((-1.2, (2, 3)), note="dz = -1.2, shape = (2, 3)"),
                Case((0.5, (1, 4)), note="dz = 0.5, shape = (1, 4)")],
        mistakes=[Mistake("divide dz by the number of entries of the window, n_H * n_W.",
                          lambda dz, shape: np.ones(shape) * dz),
                  Mistake("the window has n_H * n_W entries, not n_H + n_W.",
                          lambda dz, shape: np.ones(shape) * dz / (shape[0] + shape[1])),
                  Mistake("divide by n_H * n_W, not by n_H alone.",
                          lambda dz, shape: np.ones(shape) * dz / shape[0])],
    ),
    "pool_backward": Spec(
        public=[Case((POOL_BACKWARD_PUBLIC[1], (POOL_BACKWARD_PUBLIC[0], {"stride": 1, "f": 2})),
                     {"mode": "max"}, note="A_prev (2, 4, 4, 2), f = 2, stride = 1, max"),
                Case((POOL_BACKWARD_PUBLIC[1], (POOL_BACKWARD_PUBLIC[0], {"stride": 1, "f": 2})),
                     {"mode": "average"}, note="the same, average")],
        hidden=[_pool_backward_case((2, 4, 4, 2), 2, 2, "max", 51, "f = 2, stride 2, max"),
                _pool_backward_case((1, 4, 5, 1), 3, 1, "average", 52, "f = 3, stride 1, average"),
                _pool_backward_case((1, 5, 4, 2), 2, 1, "max", 53, "f = 2, stride 1, max"),
                _pool_backward_case((1, 5, 5, 2), 3, 2, "average", 54, "f = 3, stride 2, average")],
        mistakes=[Mistake(STRIDE_HINT, _safe(lambda dA, cache, mode="max": _pool_backward(dA, cache, mode, 1))),
                  Mistake("windows overlap when stride < f: accumulate into dA_prev with `+=`, "
                          "don't assign with `=`.",
                          lambda dA, cache, mode="max": _pool_backward(dA, cache, mode, accumulate=False)),
                  Mistake("in average mode each entry of the window receives dA / (f * f).",
                          lambda dA, cache, mode="max": _pool_backward(dA, cache, mode, average_by=1)),
                  Mistake("mode='max' routes the gradient through the mask, mode='average' spreads it evenly.",
                          lambda dA, cache, mode="max": fl.pool_backward(dA, cache,
                                                                         "average" if mode == "max" else "max"))],
    ),
}
