"""Cases of c4w1-convolution-application.

The graded functions compose the course's fast layers (``helpers.fast_layers``) into a
conv -> ReLU -> max-pool block and a two-block ConvNet with a dense output layer. The cases
are small (a few 8x8 to 10x10 images) so that the stored caches and the recorded calls of
the callees stay small. Inputs are rounded to 2 decimals for the same reason. The cases of
the backward functions feed caches made by the reference forward pass, in the layout the
notebook prescribes:

    conv_relu_pool cache -- (conv_cache, relu_cache, pool_cache)
    convnet cache        -- (block1_cache, block2_cache, flatten_cache, dense_cache)
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers import fast_layers as fl

# ----------------------------------------------------------------------------------------------
# The composition, with the typical mistakes switchable, to compute what mistaken code returns


def _block_forward(A_prev, W, b, conv_hp, pool_hp, mode="max", relu_after_pool=False):
    Z, conv_cache = fl.conv_forward(A_prev, W, b, conv_hp)
    if relu_after_pool:
        P, pool_cache = fl.pool_forward(Z, pool_hp, mode)
        A, relu_cache = fl.relu_forward(P)
    else:
        A_relu, relu_cache = fl.relu_forward(Z)
        A, pool_cache = fl.pool_forward(A_relu, pool_hp, mode)
    return A, (conv_cache, relu_cache, pool_cache)


def _block_backward(dA, cache, mode="max", relu=True):
    conv_cache, relu_cache, pool_cache = cache
    dA_relu = fl.pool_backward(dA, pool_cache, mode)
    dZ = fl.relu_backward(dA_relu, relu_cache) if relu else dA_relu
    return fl.conv_backward(dZ, conv_cache)


def _convnet_forward(X, parameters, hp, last=None, same_hp=False, flatten_transposed=False):
    A1, cache1 = _block_forward(X, parameters["W1"], parameters["b1"], hp["conv1"], hp["pool1"])
    conv2, pool2 = (hp["conv1"], hp["pool1"]) if same_hp else (hp["conv2"], hp["pool2"])
    A2, cache2 = _block_forward(A1, parameters["W2"], parameters["b2"], conv2, pool2)
    if flatten_transposed:
        F, flatten_cache = A2.reshape(-1, A2.shape[0]).T, A2.shape
    else:
        F, flatten_cache = fl.flatten_forward(A2)
    scores, dense_cache = fl.dense_forward(F, parameters["W3"], parameters["b3"])
    if last == "relu":
        scores = np.maximum(scores, 0)
    elif last == "softmax":
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores = e / e.sum(axis=1, keepdims=True)
    return scores, (cache1, cache2, flatten_cache, dense_cache)


def _convnet_backward(dscores, cache, scale=1.0, relu=True):
    cache1, cache2, flatten_cache, dense_cache = cache
    dF, dW3, db3 = fl.dense_backward(dscores * scale, dense_cache)
    dA2 = fl.flatten_backward(dF, flatten_cache)
    dA1, dW2, db2 = _block_backward(dA2, cache2, relu=relu)
    _, dW1, db1 = _block_backward(dA1, cache1, relu=relu)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def _safe(fn):
    """A mistake's output, or None when the mistaken code could not even run on these inputs."""
    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (IndexError, ValueError, KeyError):
            return None
    return wrapped


# ----------------------------------------------------------------------------------------------
# Inputs


def _r(rng, *shape, scale=1.0):
    return np.round(rng.standard_normal(shape) * scale, 2)


def _block_inputs(seed, shape, f, n_C, conv_hp, pool_hp):
    rng = np.random.default_rng(seed)
    return (_r(rng, *shape), _r(rng, f, f, shape[3], n_C, scale=0.5), _r(rng, 1, 1, 1, n_C, scale=0.2),
            conv_hp, pool_hp)


BLOCKS = [  # the public example first, then the hidden ones
    _block_inputs(1, (2, 6, 6, 3), 3, 4, {"stride": 1, "pad": 1}, {"f": 2, "stride": 2}),
    _block_inputs(2, (1, 7, 5, 2), 3, 3, {"stride": 2, "pad": 1}, {"f": 2, "stride": 1}),
    _block_inputs(3, (3, 6, 6, 1), 2, 2, {"stride": 1, "pad": 0}, {"f": 3, "stride": 1}),
    _block_inputs(4, (2, 8, 6, 3), 5, 2, {"stride": 1, "pad": 2}, {"f": 4, "stride": 4}),
]
BLOCK_NOTES = ["A_prev (2, 6, 6, 3), 4 filters 3x3 with pad 1 ('same'), 2x2 max pooling with stride 2",
               "stride-2 convolution, overlapping 2x2 pooling with stride 1",
               "2x2 filters without padding, overlapping 3x3 pooling",
               "5x5 filters, pad 2, 4x4 pooling, non-square images"]


def _block_backward_case(args, seed, note):
    A, cache = _block_forward(*args)
    dA = _r(np.random.default_rng(seed), *A.shape)
    return Case((dA, cache), note=note)


HP_PUBLIC = {"conv1": {"stride": 1, "pad": 1}, "pool1": {"f": 2, "stride": 2},
             "conv2": {"stride": 1, "pad": 1}, "pool2": {"f": 2, "stride": 2}}


def _net_inputs(seed, shape, f1, n_C1, f2, n_C2, n_classes, hp):
    rng = np.random.default_rng(seed)
    X = _r(rng, *shape)
    parameters = {"W1": _r(rng, f1, f1, shape[3], n_C1, scale=0.5), "b1": _r(rng, 1, 1, 1, n_C1, scale=0.2),
                  "W2": _r(rng, f2, f2, n_C1, n_C2, scale=0.5), "b2": _r(rng, 1, 1, 1, n_C2, scale=0.2)}
    A1 = _block_forward(X, parameters["W1"], parameters["b1"], hp["conv1"], hp["pool1"])[0]
    A2 = _block_forward(A1, parameters["W2"], parameters["b2"], hp["conv2"], hp["pool2"])[0]
    D = int(np.prod(A2.shape[1:]))
    parameters["W3"] = _r(rng, D, n_classes, scale=0.5)
    parameters["b3"] = _r(rng, n_classes, scale=0.2)
    return X, parameters, hp


NETS = [
    _net_inputs(11, (2, 8, 8, 3), 3, 4, 3, 6, 6, HP_PUBLIC),
    # the first hidden case: the first block's hyperparameters would give the second block's output
    # the same shape with other values, so that mistake is recognised rather than a shape error
    _net_inputs(14, (1, 6, 6, 3), 3, 3, 3, 4, 6,
                {"conv1": {"stride": 1, "pad": 1}, "pool1": {"f": 3, "stride": 1},
                 "conv2": {"stride": 1, "pad": 1}, "pool2": {"f": 2, "stride": 2}}),
    _net_inputs(12, (3, 10, 10, 2), 3, 3, 2, 4, 6,
                {"conv1": {"stride": 1, "pad": 0}, "pool1": {"f": 2, "stride": 2},
                 "conv2": {"stride": 1, "pad": 0}, "pool2": {"f": 2, "stride": 1}}),
    _net_inputs(13, (2, 12, 8, 1), 5, 2, 3, 3, 4,
                {"conv1": {"stride": 2, "pad": 2}, "pool1": {"f": 3, "stride": 1},
                 "conv2": {"stride": 1, "pad": 1}, "pool2": {"f": 2, "stride": 2}}),
]
NET_NOTES = ["X (2, 8, 8, 3); 4 then 6 filters of 3x3, 'same' padding; 2x2 max pooling; 6 classes",
             "one image, overlapping 3x3 pooling with stride 1, then 2x2 pooling with stride 2",
             "no padding, the second pooling with stride 1",
             "non-square one-channel images, a stride-2 first convolution, overlapping pooling, 4 classes"]


def _net_backward_case(args, seed, note):
    scores, cache = _convnet_forward(*args)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, scores.shape[1], scores.shape[0])
    _, dscores = fl.softmax_cross_entropy(scores, y)
    return Case((dscores, cache), note=note + "; dscores of the softmax cross-entropy")


RELU_FIRST = ("the block is conv -> ReLU -> max pool: apply the ReLU to the convolution's output Z, then "
              "pool the ReLU's output. (With max pooling the block's output comes out the same either way, "
              "but the caches do not, and the backward pass needs the right ones.)")
MAX_POOL = "the block uses max pooling: call fast_layers.pool_forward / pool_backward with mode=\"max\"."

SPECS = {
    "conv_relu_pool_forward": Spec(
        public=[Case(BLOCKS[0], note=BLOCK_NOTES[0])],
        hidden=[Case(args, note=note) for args, note in zip(BLOCKS[1:], BLOCK_NOTES[1:], strict=True)],
        mistakes=[Mistake(RELU_FIRST, lambda *args: _block_forward(*args, relu_after_pool=True)),
                  Mistake(MAX_POOL, lambda *args: _block_forward(*args, mode="average"))],
    ),
    "conv_relu_pool_backward": Spec(
        public=[_block_backward_case(BLOCKS[0], 21, "dA of the block's output shape, the cache of the example above")],
        hidden=[_block_backward_case(args, 21 + k, note)
                for k, (args, note) in enumerate(zip(BLOCKS[1:], BLOCK_NOTES[1:], strict=True), start=1)],
        mistakes=[Mistake("go back through the ReLU too: dZ = fast_layers.relu_backward(dA_relu, relu_cache) "
                          "zeroes the gradient where Z <= 0, before conv_backward.",
                          lambda dA, cache: _block_backward(dA, cache, relu=False)),
                  Mistake(MAX_POOL, lambda dA, cache: _block_backward(dA, cache, mode="average")),
                  Mistake("return (dA_prev, dW, db) in this order.",
                          lambda dA, cache: (lambda g: (g[1], g[0], g[2]))(_block_backward(dA, cache)))],
    ),
    "convnet_forward": Spec(
        public=[Case(NETS[0], note=NET_NOTES[0])],
        hidden=[Case(args, note=note) for args, note in zip(NETS[1:], NET_NOTES[1:], strict=True)],
        mistakes=[Mistake("the output layer is linear: return its scores W3, b3 as they are "
                          "(no ReLU after the dense layer).",
                          lambda *args: _convnet_forward(*args, last="relu")),
                  Mistake("return the scores before the softmax: the softmax is part of the loss "
                          "(fast_layers.softmax_cross_entropy).",
                          lambda *args: _convnet_forward(*args, last="softmax")),
                  Mistake("the second block uses hparameters[\"conv2\"] and hparameters[\"pool2\"].",
                          _safe(lambda *args: _convnet_forward(*args, same_hp=True))),
                  Mistake("flatten each example into one row: A2.reshape(m, -1), i.e. "
                          "fast_layers.flatten_forward(A2); reshape(-1, m).T mixes the examples.",
                          lambda *args: _convnet_forward(*args, flatten_transposed=True))],
    ),
    "convnet_backward": Spec(
        public=[_net_backward_case(NETS[0], 31, "the cache of the convnet_forward example")],
        hidden=[_net_backward_case(args, 31 + k, note)
                for k, (args, note) in enumerate(zip(NETS[1:], NET_NOTES[1:], strict=True), start=1)],
        mistakes=[Mistake("dscores is already the gradient of the *mean* loss (it contains the 1/m): "
                          "don't divide by m again.",
                          lambda dscores, cache: _convnet_backward(dscores, cache, scale=1 / dscores.shape[0])),
                  Mistake("go back through the ReLUs: conv_relu_pool_backward handles each block's pool, "
                          "ReLU and convolution.",
                          lambda dscores, cache: _convnet_backward(dscores, cache, relu=False))],
    ),
}
