"""Fast, vectorised layers for convolutional networks (channels-last images).

These are the course's library layers for Part 3, as the classic's and CS231n's fast
layers were: the convolution notebook has the learner write the same functions with
loops, checks that both agree, and measures the speed-up; the later notebooks (ConvNet
application, ResNets, detection, face verification, style transfer) train with these.

Images are channels-last, ``A.shape == (m, n_H, n_W, n_C)``. Every layer has
``*_forward(...) -> (out, cache)`` and ``*_backward(dout, cache)`` returning the gradients
in the order of the forward's inputs. The convolution and pooling layers have exactly the
signatures and caches of the classic assignment:

    conv_forward(A_prev, W, b, hparameters) -> (Z, (A_prev, W, b, hparameters))
    conv_backward(dZ, cache) -> (dA_prev, dW, db)
    pool_forward(A_prev, hparameters, mode="max") -> (A, (A_prev, hparameters))
    pool_backward(dA, cache, mode="max") -> dA_prev

with ``W.shape == (f, f, n_C_prev, n_C)``, ``b.shape == (1, 1, 1, n_C)``, conv
``hparameters = {"stride": s, "pad": p}`` and pool ``hparameters = {"f": f, "stride": s}``,
so a cache made by the learner's loop version can be fed to the fast backward and vice versa.

How it is fast: the windows of the input are an ``as_strided`` *view* (no copy) of shape
``(m, n_H, n_W, f, f, n_C_prev)``; one reshape of that view into a matrix (the only
copy, "im2col") and one matrix product (GEMM) compute all the outputs. The backward
products are GEMMs too; the only Python loop is over the f*f positions of a filter
(never over pixels or examples), to add the windows' gradients back into the image.
With few input channels (a colour image has 3) a pixel holds too few numbers for copies
and additions pixel by pixel to be fast, so those two steps run on channels-first planes
instead (``FEW_CHANNELS_FORWARD``, ``FEW_CHANNELS_BACKWARD``); a zero bias is not added.
Max pooling with stride f (non-overlapping windows, the usual case) loops over the f*f
positions inside a window with element-wise maxima instead, which gives the same bits
several times faster than reducing the strided windows.
Both float64 and float32 work; the output has the dtype of the input.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

# ----------------------------------------------------------------------------------------------
# Windows (im2col) and their inverse (col2im)


def zero_pad(X, pad):
    """
    Pad the height and width of a batch of images with zeros.

    X -- (m, n_H, n_W, n_C); pad -- int
    Returns X_pad -- (m, n_H + 2 * pad, n_W + 2 * pad, n_C)
    """
    if pad == 0:
        return X
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return X_pad


def output_size(n, f, stride, pad=0):
    """Number of positions of an f-wide window with this stride on n (+ 2 * pad) pixels."""
    return (n + 2 * pad - f) // stride + 1


def windows(X, f_h, f_w, stride):
    """
    All f_h x f_w windows of X as a read-only view (no copy).

    X -- (m, H, W, C), already padded
    Returns a view of shape (m, n_H, n_W, f_h, f_w, C): view[i, h, w] is
    X[i, h*stride : h*stride + f_h, w*stride : w*stride + f_w, :]
    """
    m, H, W, C = X.shape
    s0, s1, s2, s3 = X.strides
    n_H, n_W = (H - f_h) // stride + 1, (W - f_w) // stride + 1
    return as_strided(X, shape=(m, n_H, n_W, f_h, f_w, C),
                      strides=(s0, stride * s1, stride * s2, s1, s2, s3), writeable=False)


def add_windows(dwin, shape, stride):
    """
    The inverse of ``windows`` for gradients ("col2im"): add every window back where it came from.

    dwin -- (m, n_H, n_W, f_h, f_w, C) gradients of the windows
    shape -- (m, H, W, C) of the (padded) image
    Returns dX -- (m, H, W, C); pixels covered by several windows receive the sum
    """
    m, n_H, n_W, f_h, f_w, C = dwin.shape
    dX = np.zeros(shape, dtype=dwin.dtype)
    h_end, w_end = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f_h):        # loop over the filter's f*f positions, not over pixels
        for j in range(f_w):
            dX[:, i:i + h_end:stride, j:j + w_end:stride, :] += dwin[:, :, :, i, j, :]
    return dX


# ----------------------------------------------------------------------------------------------
# Convolution

# Up to FEW_CHANNELS_FORWARD input channels (colour images), the im2col matrix is built
# channels-first, by conv_forward and again by conv_backward for dW: copying windows of 3
# numbers per pixel is slow, copying rows of a plane is not. Up to FEW_CHANNELS_BACKWARD,
# conv_backward adds the windows' gradients back on channels-first planes for the same reason.
# Every path computes the same products and adds them in the same order. The GEMMs of the
# forward pass and of dW see the same matrices on every path and gave the same bits on every
# shape of benchmarks/conv_vs_torch.py (a batch of one image may round differently with
# OpenBLAS's AVX-512 kernels). The input's gradient on the channels-first and one-GEMM paths
# is one GEMM of another shape than the f*f per-position GEMMs, and OpenBLAS's AVX2 kernels
# (which the Makefile pins) round some of its sums differently in the last bit.
# tests/test_fast_layers.py checks every path, forced on every test shape, against the loops.
FEW_CHANNELS_FORWARD = 3
FEW_CHANNELS_BACKWARD = 4


def _columns_channels_first(A_prev, f_h, f_w, stride, pad):
    """
    The im2col matrix of A_prev, transposed: cols_T[i, j, c, e, h, w] is the pixel (i, j) of
    window (h, w) of channel c of example e.

    A_prev -- (m, n_H_prev, n_W_prev, n_C_prev), not padded
    Returns cols_T -- (f_h, f_w, n_C_prev, m, n_H, n_W), C-contiguous
    """
    m, H, W, C = A_prev.shape
    A_cf = np.zeros((C, m, H + 2 * pad, W + 2 * pad), dtype=A_prev.dtype)
    A_cf[:, :, pad:pad + H, pad:pad + W] = A_prev.transpose(3, 0, 1, 2)
    n_H, n_W = output_size(H, f_h, stride, pad), output_size(W, f_w, stride, pad)
    cols_T = np.empty((f_h, f_w, C, m, n_H, n_W), dtype=A_prev.dtype)
    h_end, w_end = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f_h):
        for j in range(f_w):
            cols_T[i, j] = A_cf[:, :, i:i + h_end:stride, j:j + w_end:stride]
    return cols_T


def conv_forward(A_prev, W, b, hparameters):
    """
    Forward pass of a convolutional layer (cross-correlation, as the course defines it).

    A_prev -- (m, n_H_prev, n_W_prev, n_C_prev)
    W -- filters (f, f, n_C_prev, n_C)
    b -- biases (1, 1, 1, n_C)
    hparameters -- {"stride": s, "pad": p}
    Returns:
    Z -- (m, n_H, n_W, n_C), n_H = (n_H_prev - f + 2p) // s + 1 (same for n_W)
    cache -- (A_prev, W, b, hparameters), the classic cache
    """
    stride, pad = hparameters["stride"], hparameters["pad"]
    f_h, f_w, n_C_prev, n_C = W.shape
    W2 = W.reshape(f_h * f_w * n_C_prev, n_C).astype(A_prev.dtype, copy=False)
    if n_C_prev <= FEW_CHANNELS_FORWARD:
        cols_T = _columns_channels_first(A_prev, f_h, f_w, stride, pad)
        m, n_H, n_W = cols_T.shape[3:]
        Z = cols_T.reshape(f_h * f_w * n_C_prev, m * n_H * n_W).T @ W2
    else:
        win = windows(zero_pad(A_prev, pad), f_h, f_w, stride)
        m, n_H, n_W = win.shape[:3]
        cols = win.reshape(m * n_H * n_W, f_h * f_w * n_C_prev)        # im2col: the one copy
        Z = cols @ W2
    if np.any(b):                                   # the course's networks often pass zero biases
        Z += b.reshape(1, n_C).astype(Z.dtype, copy=False)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)


def conv_backward(dZ, cache):
    """
    Backward pass of a convolutional layer.

    dZ -- gradient of the cost with respect to Z, (m, n_H, n_W, n_C)
    cache -- (A_prev, W, b, hparameters) from conv_forward
    Returns:
    dA_prev -- (m, n_H_prev, n_W_prev, n_C_prev)
    dW -- (f, f, n_C_prev, n_C)
    db -- (1, 1, 1, n_C)
    """
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f_h, f_w, n_C_prev, n_C = W.shape
    m, H, Wi = A_prev.shape[:3]
    n_H, n_W = output_size(H, f_h, stride, pad), output_size(Wi, f_w, stride, pad)
    K = f_h * f_w * n_C_prev
    dZ2 = dZ.reshape(m * n_H * n_W, n_C)
    if n_C_prev <= FEW_CHANNELS_FORWARD:                              # im2col again, as the forward did
        cols = _columns_channels_first(A_prev, f_h, f_w, stride, pad).reshape(K, m * n_H * n_W).T
    else:
        cols = windows(zero_pad(A_prev, pad), f_h, f_w, stride).reshape(m * n_H * n_W, K)
    dW = (dZ2.T @ cols).T.reshape(W.shape).astype(W.dtype, copy=False)
    db = (np.ones(dZ2.shape[0], dtype=dZ2.dtype) @ dZ2).reshape(1, 1, 1, n_C)
    del cols
    padded = (m, H + 2 * pad, Wi + 2 * pad, n_C_prev)
    dA_pad = input_gradient(dZ2, W.astype(dZ.dtype, copy=False), padded, stride, (m, n_H, n_W))
    dA_prev = dA_pad[:, pad:pad + H, pad:pad + Wi, :] if pad else dA_pad
    return dA_prev, dW, db


def input_gradient(dZ2, W, shape, stride, out_shape):
    """
    The gradient of the padded input of a convolution ("col2im" of dZ @ W.T).

    dZ2 -- (m * n_H * n_W, n_C) gradient of the output, one row per window
    W -- filters (f_h, f_w, n_C_prev, n_C), of dZ2's dtype
    shape -- (m, H, W, n_C_prev) of the padded input; stride -- int; out_shape -- (m, n_H, n_W)
    Returns dA_pad -- (m, H, W, n_C_prev), possibly a channels-first array seen channels-last
    """
    f_h, f_w, n_C_prev, n_C = W.shape
    m, n_H, n_W = out_shape
    K = f_h * f_w * n_C_prev
    # each filter position (i, j) sends dZ @ W[i, j].T back to the pixels it read
    h_end, w_end = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    if n_C_prev <= FEW_CHANNELS_BACKWARD:
        # Few input channels: one GEMM gives what every position sends, row (i, j, c) for
        # channel c, and the f*f additions run on channels-first planes, whose rows are
        # contiguous, instead of on pixels of n_C_prev numbers.
        sent = (W.reshape(K, n_C) @ dZ2.T).reshape(f_h, f_w, n_C_prev, m, n_H, n_W)
        dA_cf = np.zeros((n_C_prev,) + tuple(shape[:3]), dtype=dZ2.dtype)
        for i in range(f_h):
            for j in range(f_w):
                dA_cf[:, :, i:i + h_end:stride, j:j + w_end:stride] += sent[i, j]
        return dA_cf.transpose(1, 2, 3, 0)
    if stride > 1:
        # Strided windows overlap little: one GEMM for every position ("col2im" of its result)
        # beats f*f small GEMMs whose outputs are added with gaps.
        sent = dZ2 @ W.reshape(K, n_C).T
        return add_windows(sent.reshape(m, n_H, n_W, f_h, f_w, n_C_prev), shape, stride)
    # One small GEMM per position, added into a strided view: no (m*n_H*n_W, f*f*n_C_prev)
    # temporary and no scatter over pixels.
    dA_pad = np.zeros(shape, dtype=dZ2.dtype)
    for i in range(f_h):
        for j in range(f_w):
            dA_pad[:, i:i + h_end:stride, j:j + w_end:stride, :] += \
                (dZ2 @ W[i, j].T).reshape(m, n_H, n_W, n_C_prev)
    return dA_pad


# ----------------------------------------------------------------------------------------------
# Pooling


def pool_forward(A_prev, hparameters, mode="max"):
    """
    Forward pass of a pooling layer (no padding).

    A_prev -- (m, n_H_prev, n_W_prev, n_C)
    hparameters -- {"f": f, "stride": s}
    mode -- "max" or "average"
    Returns A -- (m, n_H, n_W, n_C); cache -- (A_prev, hparameters)
    """
    f, stride = hparameters["f"], hparameters["stride"]
    if mode == "max" and stride == f:
        views = _offsets(A_prev, f)
        A = views[0].copy()
        for view in views[1:]:
            np.maximum(A, view, out=A)
        return A, (A_prev, hparameters)
    win = windows(A_prev, f, f, stride)
    if mode == "max":
        A = win.max(axis=(3, 4))
    elif mode == "average":
        A = win.mean(axis=(3, 4))
    else:
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")
    return A, (A_prev, hparameters)


def pool_backward(dA, cache, mode="max"):
    """
    Backward pass of a pooling layer.

    dA -- gradient of the cost with respect to the pooling output, (m, n_H, n_W, n_C)
    cache -- (A_prev, hparameters) from pool_forward
    mode -- "max" (the gradient goes to the window's maximum; to every entry equal to the
            maximum if there are ties, as ``create_mask_from_window`` does) or "average"
            (spread evenly over the window)
    Returns dA_prev -- (m, n_H_prev, n_W_prev, n_C)
    """
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    if mode == "max" and stride == f:
        A, _ = pool_forward(A_prev, hparameters, mode)
        dA_prev = np.zeros(A_prev.shape, dtype=dA.dtype)
        for view, dview in zip(_offsets(A_prev, f), _offsets(dA_prev, f), strict=True):
            np.multiply(view == A, dA, out=dview)
        return dA_prev
    win = windows(A_prev, f, f, stride)
    if mode == "max":
        mask = win == win.max(axis=(3, 4))[:, :, :, None, None, :]
        dwin = mask * dA[:, :, :, None, None, :]
    elif mode == "average":
        dwin = np.broadcast_to((dA / (f * f))[:, :, :, None, None, :], win.shape)
    else:
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")
    return add_windows(dwin.astype(dA.dtype, copy=False), A_prev.shape, stride)


def _offsets(A, f):
    """The f*f strided views ``A[:, i::f, j::f, :]`` of non-overlapping f x f windows (stride f),
    cropped to the windows' grid: one view per position (i, j) inside a window. An element-wise
    loop over these few views is much faster than reducing the strided windows of ``windows``."""
    n_H, n_W = A.shape[1] // f, A.shape[2] // f
    return [A[:, i::f, j::f, :][:, :n_H, :n_W, :] for i in range(f) for j in range(f)]


# ----------------------------------------------------------------------------------------------
# Activations, batch norm, dense layers, loss


def relu_forward(x):
    """ReLU of any array. Returns out -- max(0, x); cache -- x"""
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """Backward pass of ReLU. Returns dx, the shape of dout."""
    return dout * (cache > 0)


def flatten_forward(x):
    """(m, ...) -> (m, D). Returns out; cache -- the input's shape"""
    return x.reshape(x.shape[0], -1), x.shape


def flatten_backward(dout, cache):
    """Inverse reshape of flatten_forward. Returns dx of the input's shape."""
    return dout.reshape(cache)


def dense_forward(x, W, b):
    """
    Fully connected layer on row-per-example data.

    x -- (m, D); W -- (D, M); b -- (M,)
    Returns out -- x @ W + b, (m, M); cache -- (x, W, b)
    """
    return x @ W + b, (x, W, b)


def dense_backward(dout, cache):
    """Backward pass of dense_forward. Returns dx (m, D), dW (D, M), db (M,)."""
    x, W, _ = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def batchnorm_forward(x, gamma, beta, bn_param):
    """
    Batch normalisation of row-per-example data (m, D), as in CS231n.

    gamma, beta -- (D,)
    bn_param -- dict: "mode" ("train" or "test"), optional "eps" (1e-5), "momentum" (0.9),
                "running_mean", "running_var" (created and updated in place in train mode)
    Returns out -- (m, D); cache
    """
    mode = bn_param.get("mode", "train")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        # The mean and the variance of every column, as x.mean(axis=0) and x.var(axis=0) compute
        # them (the same operations, so the same bits), with x - mu computed once for both
        mu = x.mean(axis=0)
        x_hat = x - mu
        var = np.add.reduce(np.square(x_hat), axis=0)
        var = np.true_divide(var, np.intp(x.shape[0]), out=var, casting="unsafe")
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = _into(np.multiply, x_hat, inv_std, x_hat)
        out = _into(np.add, gamma * x_hat, beta)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, inv_std)
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, None)
    else:
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', not {mode!r}")
    return out, cache


def batchnorm_backward(dout, cache):
    """Backward pass of batchnorm_forward. Returns dx (m, D), dgamma (D,), dbeta (D,)."""
    x_hat, gamma, inv_std = cache
    if inv_std is None:
        raise ValueError("the backward pass of batch norm needs a forward pass in train mode")
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    product = dout * x_hat
    dgamma = product.sum(axis=0)
    dx_hat = dout * gamma
    # dx = inv_std / m * (m * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)),
    # step by step in the same order, reusing two buffers
    sum_dx_hat_x_hat = _into(np.multiply, dx_hat, x_hat, product).sum(axis=0)
    sum_dx_hat = dx_hat.sum(axis=0)
    dx = _into(np.multiply, m, dx_hat, dx_hat)
    dx = _into(np.subtract, dx, sum_dx_hat, dx)
    dx = _into(np.subtract, dx, _into(np.multiply, x_hat, sum_dx_hat_x_hat, product), dx)
    dx = _into(np.multiply, inv_std / m, dx, dx)
    return dx, dgamma, dbeta


def _into(ufunc, a, b, buffer=None):
    """ufunc(a, b), written into buffer (by default the first operand), which must have the shape of
    the result, if it has the result's dtype too: the same numbers as ufunc(a, b), without allocating
    an array. Only for this module's own temporaries."""
    buffer = a if buffer is None else buffer
    if np.result_type(a, b) == buffer.dtype:
        return ufunc(a, b, out=buffer)
    return ufunc(a, b)


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """
    Batch normalisation of conv maps: one mean and variance per channel, over (m, n_H, n_W).

    x -- (m, n_H, n_W, n_C); gamma, beta -- (n_C,); bn_param -- as in batchnorm_forward
    Returns out -- (m, n_H, n_W, n_C); cache
    """
    out, cache = batchnorm_forward(x.reshape(-1, x.shape[-1]), gamma, beta, bn_param)
    return out.reshape(x.shape), cache


def spatial_batchnorm_backward(dout, cache):
    """Backward pass of spatial_batchnorm_forward. Returns dx, dgamma (n_C,), dbeta (n_C,)."""
    dx, dgamma, dbeta = batchnorm_backward(dout.reshape(-1, dout.shape[-1]), cache)
    return dx.reshape(dout.shape), dgamma, dbeta


def softmax_cross_entropy(scores, y):
    """
    Mean softmax cross-entropy loss and its gradient.

    scores -- (m, C) unnormalised class scores; y -- (m,) integer labels in 0..C-1
    Returns loss -- float; dscores -- (m, C), gradient of the loss with respect to scores
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = scores.shape[0]
    y = np.asarray(y).reshape(-1)
    loss = -log_probs[np.arange(m), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(m), y] -= 1
    return float(loss), dscores / m
