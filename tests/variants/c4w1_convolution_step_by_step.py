"""Variants of c4w1-convolution-step-by-step."""

import numpy as np

from helpers import fast_layers
from variants import Variants

VARIANTS = Variants("c4w1-convolution-step-by-step")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# The callees, looked up in this module's namespace (the checks stand in for them here)
def zero_pad(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def conv_single_step(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W) + b.item()


def create_mask_from_window(x):
    return x == np.max(x)


def distribute_value(dz, shape):
    return np.full(shape, dz / (shape[0] * shape[1]))


# Wrong callees: a caller that uses them correctly must still pass
def zero_pad_wrong(X, pad):
    return np.pad(X, pad)


def conv_single_step_no_bias(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W)


def mask_of_minimum(x):
    return x == np.min(x)


def distribute_without_average(dz, shape):
    return np.ones(shape) * dz


# ----------------------------------------------------------------------------------------------
@ok("zero_pad")
def zero_pad_slices(X, pad):
    m, n_H, n_W, n_C = X.shape
    out = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C))
    out[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return out


@ok("zero_pad")
def zero_pad_default_mode(X, pad):
    return np.pad(X, [(0, 0), (pad, pad), (pad, pad), (0, 0)])


@wrong("zero_pad", "reference implementation")  # calling the course's fast layer is not doing the exercise
def zero_pad_fast(X, pad):
    return fast_layers.zero_pad(X, pad)


@wrong("zero_pad", "axes 1 and 2")
def zero_pad_all_axes(X, pad):
    return np.pad(X, pad)


@wrong("zero_pad", "edge values")
def zero_pad_edge(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge")


@wrong("zero_pad", "shape")
def zero_pad_one_side(X, pad):
    return np.pad(X, ((0, 0), (pad, 0), (pad, 0), (0, 0)))


# ----------------------------------------------------------------------------------------------
@ok("conv_single_step")
def conv_single_step_float(a_slice_prev, W, b):
    return float(np.sum(np.multiply(a_slice_prev, W)) + b[0, 0, 0])


@ok("conv_single_step")
def conv_single_step_dot(a_slice_prev, W, b):
    return a_slice_prev.ravel() @ W.ravel() + b.item()


@ok("conv_single_step")
def conv_single_step_loops(a_slice_prev, W, b):
    total = 0.0
    for idx in np.ndindex(W.shape):
        total += a_slice_prev[idx] * W[idx]
    return total + b.item()


@wrong("conv_single_step", "add the bias")
def conv_single_step_without_bias(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W)


@wrong("conv_single_step", "not b to every element")
def conv_single_step_bias_everywhere(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W + b)


@wrong("conv_single_step", "np.squeeze")
def conv_single_step_bias_as_array(a_slice_prev, W, b):
    # b has shape (1, 1, 1): adding it turns the number into a (1, 1, 1) array
    return np.sum(a_slice_prev * W) + b


@wrong("conv_single_step", "element-wise")
def conv_single_step_product_of_sums(a_slice_prev, W, b):
    return np.sum(a_slice_prev) * np.sum(W) + b.item()


# ----------------------------------------------------------------------------------------------
def _conv_forward_loops(A_prev, W, b, hparameters, slice_stride=None, bias=True):
    stride, pad = hparameters["stride"], hparameters["pad"]
    ss = stride if slice_stride is None else slice_stride
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H = (n_H_prev - f + 2 * pad) // stride + 1
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    a_slice = A_prev_pad[i, h * ss:h * ss + f, w * ss:w * ss + f, :]
                    bc = b[:, :, :, c] if bias else np.zeros((1, 1, 1))
                    Z[i, h, w, c] = conv_single_step(a_slice, W[:, :, :, c], bc)
    return Z, (A_prev, W, b, hparameters)


@ok("conv_forward", callees={"zero_pad": zero_pad_wrong, "conv_single_step": conv_single_step_no_bias})
def conv_forward_with_wrong_callees(A_prev, W, b, hparameters):
    return _conv_forward_loops(A_prev, W, b, hparameters)


@wrong("conv_forward", "reference implementation")  # calling the course's fast layer is not doing the exercise
def conv_forward_fast(A_prev, W, b, hparameters):
    return fast_layers.conv_forward(A_prev, W, b, hparameters)


@ok("conv_forward")
def conv_forward_einsum_per_position(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    A = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    n_H = (A.shape[1] - f) // stride + 1
    n_W = (A.shape[2] - f) // stride + 1
    Z = np.zeros((A.shape[0], n_H, n_W, W.shape[3]))
    for h in range(n_H):
        for w in range(n_W):
            window = A[:, h * stride:h * stride + f, w * stride:w * stride + f, :]
            Z[:, h, w, :] = np.einsum("mijk,ijkc->mc", window, W) + b[0, 0, 0]
    return Z, (A_prev, W, b, hparameters)


@wrong("conv_forward", "don't forget the stride")
def conv_forward_no_stride(A_prev, W, b, hparameters):
    return _conv_forward_loops(A_prev, W, b, hparameters, slice_stride=1)


@wrong("conv_forward", "add the bias")
def conv_forward_no_bias(A_prev, W, b, hparameters):
    return _conv_forward_loops(A_prev, W, b, hparameters, bias=False)


@wrong("conv_forward", "should be a tuple of 2 items")
def conv_forward_without_cache(A_prev, W, b, hparameters):
    return _conv_forward_loops(A_prev, W, b, hparameters)[0]


# ----------------------------------------------------------------------------------------------
def _pool_forward_loops(A_prev, hparameters, mode, slice_stride=None, reducer=None):
    f, stride = hparameters["f"], hparameters["stride"]
    ss = stride if slice_stride is None else slice_stride
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    window = A_prev[i, h * ss:h * ss + f, w * ss:w * ss + f, c]
                    if reducer is not None:
                        A[i, h, w, c] = reducer(window)
                    else:
                        A[i, h, w, c] = np.max(window) if mode == "max" else np.mean(window)
    return A, (A_prev, hparameters)


@ok("pool_forward")
def pool_forward_loops(A_prev, hparameters, mode="max"):
    return _pool_forward_loops(A_prev, hparameters, mode)


@wrong("pool_forward", "reference implementation")  # calling the course's fast layer is not doing the exercise
def pool_forward_fast(A_prev, hparameters, mode="max"):
    return fast_layers.pool_forward(A_prev, hparameters, mode)


@ok("pool_forward")
def pool_forward_vectorised_channels(A_prev, hparameters, mode="max"):
    f, s = hparameters["f"], hparameters["stride"]
    m, H, W_, C = A_prev.shape
    n_H, n_W = (H - f) // s + 1, (W_ - f) // s + 1
    A = np.zeros((m, n_H, n_W, C), dtype=np.float32)
    reduce = np.max if mode == "max" else np.mean
    for h in range(n_H):
        for w in range(n_W):
            A[:, h, w, :] = reduce(A_prev[:, h * s:h * s + f, w * s:w * s + f, :], axis=(1, 2))
    return A, (A_prev, hparameters)


@wrong("pool_forward", "don't forget the stride")
def pool_forward_no_stride(A_prev, hparameters, mode="max"):
    return _pool_forward_loops(A_prev, hparameters, mode, slice_stride=1)


@wrong("pool_forward", "not its sum")
def pool_forward_sum(A_prev, hparameters, mode="max"):
    return _pool_forward_loops(A_prev, hparameters, mode,
                               reducer=np.max if mode == "max" else np.sum)


@wrong("pool_forward", "mode='average' must take the mean")
def pool_forward_ignores_mode(A_prev, hparameters, mode="max"):
    return _pool_forward_loops(A_prev, hparameters, "max")


# ----------------------------------------------------------------------------------------------
def _conv_backward_loops(dZ, cache, accumulate=True, slice_stride=None):
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    ss = stride if slice_stride is None else slice_stride
    f = W.shape[0]
    m, n_H, n_W, n_C = dZ.shape
    _, n_H_prev, n_W_prev, _ = A_prev.shape
    dA_prev = np.zeros(A_prev.shape)
    dW, db = np.zeros(W.shape), np.zeros(b.shape)
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    sl = (i, slice(h * ss, h * ss + f), slice(w * ss, w * ss + f), slice(None))
                    if accumulate:
                        dA_prev_pad[sl] += W[:, :, :, c] * dZ[i, h, w, c]
                        dW[:, :, :, c] += A_prev_pad[sl] * dZ[i, h, w, c]
                        db[:, :, :, c] += dZ[i, h, w, c]
                    else:
                        dA_prev_pad[sl] = W[:, :, :, c] * dZ[i, h, w, c]
                        dW[:, :, :, c] = A_prev_pad[sl] * dZ[i, h, w, c]
                        db[:, :, :, c] = dZ[i, h, w, c]
    dA_prev = dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db


@ok("conv_backward", callees={"zero_pad": zero_pad_wrong})
def conv_backward_with_wrong_zero_pad(dZ, cache):
    return _conv_backward_loops(dZ, cache)


@wrong("conv_backward", "reference implementation")  # calling the course's fast layer is not doing the exercise
def conv_backward_fast(dZ, cache):
    return fast_layers.conv_backward(dZ, cache)


@ok("conv_backward")
def conv_backward_einsum_per_position(dZ, cache):
    A_prev, W, b, hp = cache
    s, p = hp["stride"], hp["pad"]
    f = W.shape[0]
    A = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    dA = np.zeros(A.shape)
    dW = np.zeros(W.shape)
    for h in range(dZ.shape[1]):
        for w in range(dZ.shape[2]):
            g = dZ[:, h, w, :]
            dA[:, h * s:h * s + f, w * s:w * s + f, :] += np.einsum("ijkc,mc->mijk", W, g)
            dW += np.einsum("mijk,mc->ijkc", A[:, h * s:h * s + f, w * s:w * s + f, :], g)
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, -1)
    return dA[:, p:p + A_prev.shape[1], p:p + A_prev.shape[2], :], dW, db


@wrong("conv_backward", "accumulate with `+=`")
def conv_backward_assigns(dZ, cache):
    return _conv_backward_loops(dZ, cache, accumulate=False)


@wrong("conv_backward", "don't forget the stride")
def conv_backward_no_stride(dZ, cache):
    return _conv_backward_loops(dZ, cache, slice_stride=1)


@wrong("conv_backward", "ValueError")
def conv_backward_minus_pad_slice(dZ, cache):
    A_prev, W, b, hp = cache
    pad = hp["pad"]
    dA, dW, db = conv_backward_einsum_per_position(dZ, cache)
    dA_prev_pad = zero_pad(dA, pad)
    dA_prev = np.zeros(A_prev.shape)
    for i in range(A_prev.shape[0]):
        dA_prev[i, :, :, :] = dA_prev_pad[i, pad:-pad, pad:-pad, :]     # empty when pad == 0
    return dA_prev, dW, db


@wrong("conv_backward", "in this order")
def conv_backward_wrong_order(dZ, cache):
    dA, dW, db = conv_backward_einsum_per_position(dZ, cache)
    return dW, dA, db


# ----------------------------------------------------------------------------------------------
@ok("create_mask_from_window")
def mask_max_float(x):
    return (x == x.max()).astype(float)


@ok("create_mask_from_window")
def mask_argmax(x):
    mask = np.zeros(x.shape, dtype=bool)
    mask[np.unravel_index(np.argmax(x), x.shape)] = True
    return mask


@ok("create_mask_from_window")
def mask_isclose(x):
    return np.isclose(x, np.amax(x), rtol=0, atol=0)


@wrong("create_mask_from_window", "not the minimum")
def mask_min(x):
    return x == np.min(x)


@wrong("create_mask_from_window", "not of each column")
def mask_column_max(x):
    return x == np.max(x, axis=0)


@wrong("create_mask_from_window", "not where x is positive")
def mask_positive(x):
    return x > 0


# ----------------------------------------------------------------------------------------------
@ok("distribute_value")
def distribute_full(dz, shape):
    return np.full(shape, dz / np.prod(shape))


@ok("distribute_value")
def distribute_ones(dz, shape):
    n_H, n_W = shape
    return np.ones((n_H, n_W)) * dz / n_H / n_W


@wrong("distribute_value", "divide dz by the number of entries")
def distribute_no_average(dz, shape):
    return np.ones(shape) * dz


@wrong("distribute_value", "not n_H + n_W")
def distribute_sum_of_sides(dz, shape):
    return np.ones(shape) * dz / (shape[0] + shape[1])


@wrong("distribute_value", "shape")
def distribute_transposed(dz, shape):
    return np.ones(shape[::-1]) * dz / (shape[0] * shape[1])


# ----------------------------------------------------------------------------------------------
def _pool_backward_loops(dA, cache, mode, accumulate=True, slice_stride=None, average_by=None):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    ss = stride if slice_stride is None else slice_stride
    dA_prev = np.zeros(A_prev.shape)
    m, n_H, n_W, n_C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    sl = (i, slice(h * ss, h * ss + f), slice(w * ss, w * ss + f), c)
                    if mode == "max":
                        g = create_mask_from_window(A_prev[sl]) * dA[i, h, w, c]
                    elif average_by is not None:
                        g = np.ones((f, f)) * dA[i, h, w, c] / average_by
                    else:
                        g = distribute_value(dA[i, h, w, c], (f, f))
                    if accumulate:
                        dA_prev[sl] += g
                    else:
                        dA_prev[sl] = g
    return dA_prev


@ok("pool_backward", callees={"create_mask_from_window": mask_of_minimum,
                              "distribute_value": distribute_without_average})
def pool_backward_with_wrong_callees(dA, cache, mode="max"):
    return _pool_backward_loops(dA, cache, mode)


@wrong("pool_backward", "reference implementation")  # calling the course's fast layer is not doing the exercise
def pool_backward_fast(dA, cache, mode="max"):
    return fast_layers.pool_backward(dA, cache, mode)


@ok("pool_backward")
def pool_backward_vectorised_channels(dA, cache, mode="max"):
    A_prev, hp = cache
    f, s = hp["f"], hp["stride"]
    dA_prev = np.zeros(A_prev.shape)
    for h in range(dA.shape[1]):
        for w in range(dA.shape[2]):
            window = A_prev[:, h * s:h * s + f, w * s:w * s + f, :]
            g = dA[:, h, w, :][:, None, None, :]
            if mode == "max":
                dA_prev[:, h * s:h * s + f, w * s:w * s + f, :] += (
                    window == window.max(axis=(1, 2), keepdims=True)) * g
            else:
                dA_prev[:, h * s:h * s + f, w * s:w * s + f, :] += g / (f * f)
    return dA_prev


@wrong("pool_backward", "accumulate into dA_prev")
def pool_backward_assigns(dA, cache, mode="max"):
    return _pool_backward_loops(dA, cache, mode, accumulate=False)


@wrong("pool_backward", "don't forget the stride")
def pool_backward_no_stride(dA, cache, mode="max"):
    return _pool_backward_loops(dA, cache, mode, slice_stride=1)


@wrong("pool_backward", "dA / (f * f)")
def pool_backward_average_not_divided(dA, cache, mode="max"):
    return _pool_backward_loops(dA, cache, mode, average_by=1)
