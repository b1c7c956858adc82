"""Cases of c4w1-convolution-application.

The graded functions are the pieces of a small ConvNet and its training: He initialisation
of convolutional and dense parameters, the forward pass through two conv -> ReLU -> max-pool
blocks and a dense layer (built from the course's fast layers, ``helpers.fast_layers``), the
softmax cross-entropy and its gradient, the backward pass, and one Adam step. The cases are
small (a few 6x6 to 12x12 images) so that the stored caches stay small; inputs are rounded
to 2 decimals for the same reason. The cases of ``convnet_backward`` feed caches made by the
reference forward pass, in the layout the notebook prescribes:

    convnet cache -- (block1_cache, block2_cache, flatten_cache, dense_cache)
    block cache   -- (conv_cache, relu_cache, pool_cache)
"""

import numpy as np

from autograder.cases.adam import adam_mistakes
from autograder.cases.heads import dense_head
from autograder.spec import Case, Mistake, Spec
from helpers import fast_layers as fl

# ----------------------------------------------------------------------------------------------
# The reference computations, with the typical mistakes switchable, to compute what mistaken
# code returns


def _init(shapes, seed=1, fan="in", gain=2.0, reseed=False):
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(shapes) + 1):
        shape = shapes[f"W{l}"]
        if reseed:
            np.random.seed(seed)
        n = {"in": np.prod(shape[:-1]), "n_C_prev": shape[-2], "window": np.prod(shape[:-2]) if len(shape) == 4
             else shape[0], "all": np.prod(shape), "out": shape[-1]}[fan]
        parameters[f"W{l}"] = np.random.randn(*shape) * np.sqrt(gain / n)
        parameters[f"b{l}"] = np.zeros((1, 1, 1, shape[-1]) if len(shape) == 4 else shape[-1])
    return parameters


def _block_forward(A_prev, W, b, conv_hp, pool_hp, mode="max", relu_after_pool=False, activation="relu"):
    Z, conv_cache = fl.conv_forward(A_prev, W, b, conv_hp)
    if relu_after_pool:
        P, pool_cache = fl.pool_forward(Z, pool_hp, mode)
        A, relu_cache = fl.relu_forward(P)
        return A, (conv_cache, relu_cache, pool_cache)
    if activation == "tanh":
        A_act, act_cache = np.tanh(Z), Z
    else:
        A_act, act_cache = fl.relu_forward(Z)
    A, pool_cache = fl.pool_forward(A_act, pool_hp, mode)
    return A, (conv_cache, act_cache, pool_cache)


def _block_backward(dA, cache, mode="max", relu=True):
    conv_cache, relu_cache, pool_cache = cache
    dA_relu = fl.pool_backward(dA, pool_cache, mode)
    dZ = fl.relu_backward(dA_relu, relu_cache) if relu else dA_relu
    return fl.conv_backward(dZ, conv_cache)


def _convnet_forward(X, parameters, hp, last=None, same_hp=False, flatten_transposed=False, **block):
    A1, cache1 = _block_forward(X, parameters["W1"], parameters["b1"], hp["conv1"], hp["pool1"], **block)
    conv2, pool2 = (hp["conv1"], hp["pool1"]) if same_hp else (hp["conv2"], hp["pool2"])
    A2, cache2 = _block_forward(A1, parameters["W2"], parameters["b2"], conv2, pool2, **block)
    scores, flatten_cache, dense_cache = dense_head(A2, parameters["W3"], parameters["b3"], flatten_transposed, last)
    return scores, (cache1, cache2, flatten_cache, dense_cache)


def _convnet_backward(dscores, cache, scale=1.0, **block):
    cache1, cache2, flatten_cache, dense_cache = cache
    dF, dW3, db3 = fl.dense_backward(dscores * scale, dense_cache)
    dA2 = fl.flatten_backward(dF, flatten_cache)
    dA1, dW2, db2 = _block_backward(dA2, cache2, **block)
    _, dW1, db1 = _block_backward(dA1, cache1, **block)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def _softmax_cross_entropy(scores, y, axis=1, mean=True, mean_grad=True, one_hot=True):
    m = scores.shape[0]
    shifted = scores - scores.max(axis=axis, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=axis, keepdims=True)
    picked = np.log(probs[np.arange(m), y])
    cost = float(-picked.mean() if mean else -picked.sum())
    dscores = probs.copy()
    if one_hot:
        dscores[np.arange(m), y] -= 1
    return cost, dscores / m if mean_grad else dscores


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
    _, dscores = _softmax_cross_entropy(scores, y)
    return Case((dscores, cache), note=note + "; dscores of the softmax cross-entropy")


def _scores(seed, m, C, scale=2.0, shift=0.0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    scores = (_r(rng, m, C, scale=scale) + shift).astype(dtype)
    y = rng.integers(0, C, m)
    return scores, y


def _adam_inputs(seed, shapes, t, zero=False):
    rng = np.random.default_rng(seed)
    parameters = {name: _r(rng, *shape) for name, shape in shapes.items()}
    grads = {"d" + name: _r(rng, *shape, scale=0.5) for name, shape in shapes.items()}
    v = {d: np.zeros_like(g) if zero else _r(rng, *g.shape, scale=0.1) for d, g in grads.items()}
    s = {d: np.zeros_like(g) if zero else np.abs(_r(rng, *g.shape, scale=0.1)) for d, g in grads.items()}
    return parameters, grads, v, s, t


SMALL_NET = {"W1": (2, 2, 1, 2), "b1": (1, 1, 1, 2), "W2": (8, 3), "b2": (3,)}
CONV_NET = {"W1": (3, 3, 2, 2), "b1": (1, 1, 1, 2), "W2": (2, 2, 2, 3), "b2": (1, 1, 1, 3),
            "W3": (12, 4), "b3": (4,)}
DENSE_NET = {"W1": (5, 4), "b1": (4,), "W2": (4, 3), "b2": (3,), "W3": (3, 2), "b3": (2,)}

# ----------------------------------------------------------------------------------------------
# Hints

FAN_IN = ("the fan-in of a convolution is what one output value adds up: the f x f window of all the "
          "n_C_prev input channels, f * f * n_C_prev (for a dense layer, n_in).")
RELU_FIRST = ("the block is conv -> ReLU -> max pool: apply the ReLU to the convolution's output Z, then "
              "pool the ReLU's output. (With max pooling the block's output comes out the same either way, "
              "but the caches do not, and the backward pass needs the right ones.)")
MAX_POOL = "the blocks use max pooling: fast_layers.pool_forward / pool_backward with mode=\"max\"."

SPECS = {
    "initialize_parameters": Spec(
        public=[Case(({"W1": (2, 2, 3, 2), "W2": (3, 3, 2, 3), "W3": (12, 4)},),
                     note="two small convolutions (2x2 then 3x3 filters) and a dense layer 12 -> 4, seed=1")],
        hidden=[Case(({"W1": (5, 4), "W2": (4, 3)},), {"seed": 3}, note="two dense layers only, seed=3"),
                Case(({"W1": (3, 3, 1, 2), "W2": (1, 1, 2, 3), "W3": (5, 5, 3, 2), "W4": (8, 2)},), {"seed": 0},
                     note="four layers: 3x3, 1x1 and 5x5 filters, then a dense layer, seed=0"),
                Case(({"W1": (3, 3, 3, 8), "W2": (3, 3, 8, 4), "W3": (64, 6)},), {"seed": 2},
                     note="the notebook's first convolution, seed=2")],
        mistakes=[Mistake(FAN_IN, lambda *a, **k: _init(*a, **k, fan="n_C_prev")),
                  Mistake(FAN_IN, lambda *a, **k: _init(*a, **k, fan="window")),
                  Mistake("the fan-in counts the inputs of one output value, not every weight of the layer: "
                          "leave out the last dimension (n_C or n_out).",
                          lambda *a, **k: _init(*a, **k, fan="all")),
                  Mistake("He initialisation divides by the fan-in (the inputs), not the fan-out "
                          "(the last dimension).",
                          lambda *a, **k: _init(*a, **k, fan="out")),
                  Mistake("He's variance is 2 / fan-in: scale by np.sqrt(2 / fan_in) (1 / fan-in is LeCun's).",
                          lambda *a, **k: _init(*a, **k, gain=1.0)),
                  Mistake("seed once, before the loop (as given): seeding again for every layer draws the "
                          "same numbers each time.",
                          lambda *a, **k: _init(*a, **k, reseed=True))],
    ),
    "convnet_forward": Spec(
        public=[Case(NETS[0], note=NET_NOTES[0])],
        hidden=[Case(args, note=note) for args, note in zip(NETS[1:], NET_NOTES[1:], strict=True)],
        mistakes=[Mistake("the output layer is linear: return its scores as they are "
                          "(no ReLU after the dense layer).",
                          lambda *args: _convnet_forward(*args, last="relu")),
                  Mistake("return the scores before the softmax: the softmax is part of the loss "
                          "(softmax_cross_entropy).",
                          lambda *args: _convnet_forward(*args, last="softmax")),
                  Mistake("the second block uses hparameters[\"conv2\"] and hparameters[\"pool2\"].",
                          _safe(lambda *args: _convnet_forward(*args, same_hp=True))),
                  Mistake("flatten each example into one row: A2.reshape(m, -1), i.e. "
                          "fast_layers.flatten_forward(A2); reshape(-1, m).T mixes the examples.",
                          lambda *args: _convnet_forward(*args, flatten_transposed=True)),
                  Mistake(RELU_FIRST, lambda *args: _convnet_forward(*args, relu_after_pool=True)),
                  Mistake(MAX_POOL, lambda *args: _convnet_forward(*args, mode="average")),
                  Mistake("the activation of the blocks is the ReLU, max(0, Z), not tanh.",
                          lambda *args: _convnet_forward(*args, activation="tanh"))],
    ),
    "softmax_cross_entropy": Spec(
        public=[Case(_scores(41, 4, 6), note="4 examples, 6 classes")],
        hidden=[Case(_scores(42, 1, 2), note="one example, 2 classes"),
                Case(_scores(43, 5, 3, shift=1000.0),
                     note="scores around 1000: np.exp overflows unless each row's maximum is subtracted first"),
                Case(_scores(44, 7, 4, scale=5.0, dtype=np.float32), note="7 examples, 4 classes, float32"),
                Case((np.zeros((3, 5)), np.array([4, 4, 0])), note="all scores 0: the cost is log(5)")],
        mistakes=[Mistake("the softmax normalises each example, i.e. each *row*: take the max and the sum "
                          "over axis=1 with keepdims=True.",
                          _safe(lambda scores, y: _softmax_cross_entropy(scores, y, axis=0))),
                  Mistake("the cost is the *mean* over the m examples, not their sum.",
                          lambda scores, y: _softmax_cross_entropy(scores, y, mean=False)),
                  Mistake("dscores is the gradient of the *mean* cost: divide (p - one_hot) by m.",
                          lambda scores, y: _softmax_cross_entropy(scores, y, mean_grad=False)),
                  Mistake("subtract 1 at the true class of each example: dscores = (p - [c = y]) / m.",
                          lambda scores, y: _softmax_cross_entropy(scores, y, one_hot=False))],
    ),
    "convnet_backward": Spec(
        public=[_net_backward_case(NETS[0], 31, "the cache of the convnet_forward example")],
        hidden=[_net_backward_case(args, 31 + k, note)
                for k, (args, note) in enumerate(zip(NETS[1:], NET_NOTES[1:], strict=True), start=1)],
        mistakes=[Mistake("dscores is already the gradient of the *mean* cost (it contains the 1/m): "
                          "don't divide by m again.",
                          lambda dscores, cache: _convnet_backward(dscores, cache, scale=1 / dscores.shape[0])),
                  Mistake("go back through the ReLUs: between pool_backward and conv_backward, "
                          "relu_backward zeroes the gradient where Z <= 0.",
                          lambda dscores, cache: _convnet_backward(dscores, cache, relu=False)),
                  Mistake(MAX_POOL, lambda dscores, cache: _convnet_backward(dscores, cache, mode="average"))],
    ),
    "update_parameters_with_adam": Spec(
        public=[Case(_adam_inputs(51, SMALL_NET, 2),
                     note="a 2x2 convolution and a dense layer, t = 2")],
        hidden=[Case(_adam_inputs(52, CONV_NET, 10), {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99},
                     note="two convolutions and a dense layer, other betas, t = 10"),
                Case(_adam_inputs(53, DENSE_NET, 1, zero=True), note="the first step, t = 1, from zero averages"),
                Case(_adam_inputs(54, SMALL_NET, 3), {"epsilon": 1e-2}, note="a large epsilon = 0.01")],
        mutable=("parameters", "v", "s"),
        mistakes=adam_mistakes(),
    ),
}
