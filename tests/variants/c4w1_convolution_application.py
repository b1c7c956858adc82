"""Variants of c4w1-convolution-application."""

import numpy as np

from helpers import fast_layers
from variants import Variants

VARIANTS = Variants("c4w1-convolution-application")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ----------------------------------------------------------------------------------------------
# The callees, looked up in this module's namespace (the checks stand in for them here)

def conv_relu_pool_forward(A_prev, W, b, conv_hparameters, pool_hparameters):
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, conv_hparameters)
    A_relu, relu_cache = fast_layers.relu_forward(Z)
    A, pool_cache = fast_layers.pool_forward(A_relu, pool_hparameters)
    return A, (conv_cache, relu_cache, pool_cache)


def conv_relu_pool_backward(dA, cache):
    conv_cache, relu_cache, pool_cache = cache
    dZ = fast_layers.relu_backward(fast_layers.pool_backward(dA, pool_cache), relu_cache)
    return fast_layers.conv_backward(dZ, conv_cache)


def block_forward_average_pool(A_prev, W, b, conv_hparameters, pool_hparameters):
    """A wrong block (average pooling, no ReLU): the caller's check must not notice it."""
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, conv_hparameters)
    A, pool_cache = fast_layers.pool_forward(Z, pool_hparameters, mode="average")
    return A, (conv_cache, Z, pool_cache)


def block_backward_without_relu(dA, cache):
    """A wrong block backward (skips the ReLU, returns the gradients twice too large)."""
    conv_cache, _, pool_cache = cache
    dA_prev, dW, db = fast_layers.conv_backward(fast_layers.pool_backward(dA, pool_cache), conv_cache)
    return 2 * dA_prev, 2 * dW, 2 * db


# ----------------------------------------------------------------------------------------------
@ok("conv_relu_pool_forward")
def block_forward_fast_layers(A_prev, W, b, conv_hparameters, pool_hparameters):
    return conv_relu_pool_forward(A_prev, W, b, conv_hparameters, pool_hparameters)


@ok("conv_relu_pool_forward")
def block_forward_by_hand(A_prev, W, b, conv_hparameters, pool_hparameters):
    # the convolution with an einsum per position, np.maximum for the ReLU, the fast pooling
    s, p = conv_hparameters["stride"], conv_hparameters["pad"]
    f = W.shape[0]
    A_pad = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    n_H, n_W = (A_pad.shape[1] - f) // s + 1, (A_pad.shape[2] - f) // s + 1
    Z = np.zeros((A_prev.shape[0], n_H, n_W, W.shape[3]))
    for h in range(n_H):
        for w in range(n_W):
            Z[:, h, w, :] = np.einsum("mijk,ijkc->mc", A_pad[:, h * s:h * s + f, w * s:w * s + f, :], W) + b[0, 0, 0]
    A_relu = np.maximum(Z, 0)
    A, pool_cache = fast_layers.pool_forward(A_relu, pool_hparameters, "max")
    return A, ((A_prev, W, b, conv_hparameters), Z, pool_cache)


@ok("conv_relu_pool_forward")
def block_forward_float32(A_prev, W, b, conv_hparameters, pool_hparameters):
    # the ReLU as a product with the mask, and the output returned as float32
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, conv_hparameters)
    A_relu, relu_cache = Z * (Z > 0), Z
    A, pool_cache = fast_layers.pool_forward(A_relu, pool_hparameters, mode="max")
    return A.astype(np.float32), (conv_cache, relu_cache, pool_cache)


@wrong("conv_relu_pool_forward", "apply the ReLU to the convolution's output Z, then pool")
def block_forward_relu_after_pool(A_prev, W, b, conv_hparameters, pool_hparameters):
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, conv_hparameters)
    P, pool_cache = fast_layers.pool_forward(Z, pool_hparameters)
    A, relu_cache = fast_layers.relu_forward(P)
    return A, (conv_cache, relu_cache, pool_cache)


@wrong("conv_relu_pool_forward", "max pooling")
def block_forward_average(A_prev, W, b, conv_hparameters, pool_hparameters):
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, conv_hparameters)
    A_relu, relu_cache = fast_layers.relu_forward(Z)
    A, pool_cache = fast_layers.pool_forward(A_relu, pool_hparameters, mode="average")
    return A, (conv_cache, relu_cache, pool_cache)


@wrong("conv_relu_pool_forward", "KeyError")
def block_forward_swapped_hparameters(A_prev, W, b, conv_hparameters, pool_hparameters):
    Z, conv_cache = fast_layers.conv_forward(A_prev, W, b, pool_hparameters)
    A_relu, relu_cache = fast_layers.relu_forward(Z)
    A, pool_cache = fast_layers.pool_forward(A_relu, conv_hparameters)
    return A, (conv_cache, relu_cache, pool_cache)


@wrong("conv_relu_pool_forward", "should be a tuple of 2 items")
def block_forward_without_cache(A_prev, W, b, conv_hparameters, pool_hparameters):
    return conv_relu_pool_forward(A_prev, W, b, conv_hparameters, pool_hparameters)[0]


# ----------------------------------------------------------------------------------------------
@ok("conv_relu_pool_backward")
def block_backward_fast_layers(dA, cache):
    return conv_relu_pool_backward(dA, cache)


@ok("conv_relu_pool_backward")
def block_backward_where(dA, cache):
    conv_cache, relu_cache, pool_cache = cache
    dA_relu = fast_layers.pool_backward(dA, pool_cache, mode="max")
    dZ = np.where(relu_cache > 0, dA_relu, 0.0)
    A_prev, W, b, hp = conv_cache
    dA_prev, dW, _ = fast_layers.conv_backward(dZ, conv_cache)
    db = dZ.sum(axis=(0, 1, 2), keepdims=True)
    return dA_prev, dW, db


@wrong("conv_relu_pool_backward", "go back through the ReLU too")
def block_backward_no_relu(dA, cache):
    conv_cache, relu_cache, pool_cache = cache
    return fast_layers.conv_backward(fast_layers.pool_backward(dA, pool_cache), conv_cache)


@wrong("conv_relu_pool_backward", "max pooling")
def block_backward_average(dA, cache):
    conv_cache, relu_cache, pool_cache = cache
    dZ = fast_layers.relu_backward(fast_layers.pool_backward(dA, pool_cache, mode="average"), relu_cache)
    return fast_layers.conv_backward(dZ, conv_cache)


@wrong("conv_relu_pool_backward", "in this order")
def block_backward_wrong_order(dA, cache):
    dA_prev, dW, db = conv_relu_pool_backward(dA, cache)
    return dW, dA_prev, db


@wrong("conv_relu_pool_backward", "raised ValueError")
def block_backward_relu_first(dA, cache):
    conv_cache, relu_cache, pool_cache = cache
    dA_relu = fast_layers.relu_backward(dA, relu_cache)          # shapes do not fit
    dZ = fast_layers.pool_backward(dA_relu, pool_cache)
    return fast_layers.conv_backward(dZ, conv_cache)


# ----------------------------------------------------------------------------------------------
def _convnet_forward(X, parameters, hparameters):
    A1, cache1 = conv_relu_pool_forward(X, parameters["W1"], parameters["b1"],
                                        hparameters["conv1"], hparameters["pool1"])
    A2, cache2 = conv_relu_pool_forward(A1, parameters["W2"], parameters["b2"],
                                        hparameters["conv2"], hparameters["pool2"])
    F, flatten_cache = fast_layers.flatten_forward(A2)
    scores, dense_cache = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    return scores, (cache1, cache2, flatten_cache, dense_cache)


@ok("convnet_forward", callees={"conv_relu_pool_forward": block_forward_average_pool})
def convnet_forward_with_wrong_block(X, parameters, hparameters):
    return _convnet_forward(X, parameters, hparameters)


@ok("convnet_forward")
def convnet_forward_by_hand(X, parameters, hparameters):
    # reshape and a matrix product instead of the fast flatten and dense layers
    A = X
    caches = []
    for k in ("1", "2"):
        A, c = conv_relu_pool_forward(A, parameters["W" + k], parameters["b" + k],
                                      hparameters["conv" + k], hparameters["pool" + k])
        caches.append(c)
    F = A.reshape(A.shape[0], -1)
    scores = np.dot(F, parameters["W3"]) + parameters["b3"].reshape(1, -1)
    return scores, (caches[0], caches[1], A.shape, (F, parameters["W3"], parameters["b3"]))


@wrong("convnet_forward", "no ReLU after the dense layer")
def convnet_forward_relu_scores(X, parameters, hparameters):
    scores, cache = _convnet_forward(X, parameters, hparameters)
    return np.maximum(scores, 0), cache


@wrong("convnet_forward", "the softmax is part of the loss")
def convnet_forward_softmax(X, parameters, hparameters):
    scores, cache = _convnet_forward(X, parameters, hparameters)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), cache


@wrong("convnet_forward", "hparameters[\"conv2\"]")
def convnet_forward_first_hparameters_twice(X, parameters, hparameters):
    return _convnet_forward(X, parameters, {**hparameters, "conv2": hparameters["conv1"],
                                            "pool2": hparameters["pool1"]})


@wrong("convnet_forward", "mixes the examples")
def convnet_forward_flatten_transposed(X, parameters, hparameters):
    A1, cache1 = conv_relu_pool_forward(X, parameters["W1"], parameters["b1"],
                                        hparameters["conv1"], hparameters["pool1"])
    A2, cache2 = conv_relu_pool_forward(A1, parameters["W2"], parameters["b2"],
                                        hparameters["conv2"], hparameters["pool2"])
    F = A2.reshape(-1, A2.shape[0]).T
    scores, dense_cache = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    return scores, (cache1, cache2, A2.shape, dense_cache)


# ----------------------------------------------------------------------------------------------
def _convnet_backward(dscores, cache):
    cache1, cache2, flatten_cache, dense_cache = cache
    dF, dW3, db3 = fast_layers.dense_backward(dscores, dense_cache)
    dA2 = fast_layers.flatten_backward(dF, flatten_cache)
    dA1, dW2, db2 = conv_relu_pool_backward(dA2, cache2)
    _, dW1, db1 = conv_relu_pool_backward(dA1, cache1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


@ok("convnet_backward", callees={"conv_relu_pool_backward": block_backward_without_relu})
def convnet_backward_with_wrong_block(dscores, cache):
    return _convnet_backward(dscores, cache)


@ok("convnet_backward")
def convnet_backward_by_hand(dscores, cache):
    # the dense layer's gradients and the un-flattening written out
    cache1, cache2, A2_shape, (F, W3, b3) = cache
    dW3 = F.T @ dscores
    db3 = np.sum(dscores, axis=0)
    dA2 = (dscores @ W3.T).reshape(A2_shape)
    dA1, dW2, db2 = conv_relu_pool_backward(dA2, cache2)
    dX, dW1, db1 = conv_relu_pool_backward(dA1, cache1)
    return {"dW3": dW3, "db3": db3, "dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


@wrong("convnet_backward", "don't divide by m again")
def convnet_backward_divides_by_m(dscores, cache):
    return _convnet_backward(dscores / dscores.shape[0], cache)


@wrong("convnet_backward", "go back through the ReLUs")
def convnet_backward_no_relu(dscores, cache):
    cache1, cache2, flatten_cache, dense_cache = cache
    dF, dW3, db3 = fast_layers.dense_backward(dscores, dense_cache)
    dA2 = fast_layers.flatten_backward(dF, flatten_cache)
    dA1, dW2, db2 = fast_layers.conv_backward(fast_layers.pool_backward(dA2, cache2[2]), cache2[0])
    _, dW1, db1 = fast_layers.conv_backward(fast_layers.pool_backward(dA1, cache1[2]), cache1[0])
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


@wrong("convnet_backward", "raised ValueError")
def convnet_backward_caches_swapped(dscores, cache):
    cache1, cache2, flatten_cache, dense_cache = cache
    return _convnet_backward(dscores, (cache2, cache1, flatten_cache, dense_cache))
