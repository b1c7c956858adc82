"""Cases of c4w2-residual-networks.

The blocks are checked on small batches (2 or 3 images of at most 6x6 pixels, a few
channels) so that the stored caches stay small. Inputs are float64 with batch norm in
train mode (the state dicts start empty or with running averages), plus a hidden case in
test mode. The backward cases feed the cache of the reference forward pass, so a mistake in
a forward function does not cost the points of its backward function.

The mistakes are computed by one parametrised implementation of the blocks, built from the
course's fast layers, with the typical mistake switched on.
"""

import copy

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers import fast_layers as fl
from helpers.resnet import block_parameters

# ----------------------------------------------------------------------------------------------
# The blocks with a typical mistake switched on


def _conv(X, W, stride, pad):
    return fl.conv_forward(X, W, np.zeros((1, 1, 1, W.shape[3])), {"stride": stride, "pad": pad})


def _main_path(X, f, p, bn_params, s=1, stride_on_middle=False, relu_before_add=False):
    s1, s2 = (1, s) if stride_on_middle else (s, 1)
    Z1, c1 = _conv(X, p["W1"], s1, 0)
    N1, b1 = fl.spatial_batchnorm_forward(Z1, p["gamma1"], p["beta1"], bn_params[0])
    A1, r1 = fl.relu_forward(N1)
    Z2, c2 = _conv(A1, p["W2"], s2, (f - 1) // 2)
    N2, b2 = fl.spatial_batchnorm_forward(Z2, p["gamma2"], p["beta2"], bn_params[1])
    A2, r2 = fl.relu_forward(N2)
    Z3, c3 = _conv(A2, p["W3"], 1, 0)
    N3, b3 = fl.spatial_batchnorm_forward(Z3, p["gamma3"], p["beta3"], bn_params[2])
    if relu_before_add:
        N3 = np.maximum(N3, 0)
    return N3, (c1, b1, r1, c2, b2, r2, c3, b3)


def _finish(main, shortcut, how):
    """The end of a block: add the shortcut, then the final ReLU (or the mistaken variants)."""
    if how == "add after relu":
        A, relu_cache = fl.relu_forward(main)
        return A + shortcut, relu_cache
    if how == "no relu":
        return main + shortcut, main + shortcut
    if how == "no shortcut":
        return fl.relu_forward(main)
    return fl.relu_forward(main + shortcut)


def _identity_forward(X, f, parameters, bn_params, how="ok", relu_before_add=False):
    N3, caches = _main_path(X, f, parameters, bn_params, relu_before_add=relu_before_add)
    A, relu_cache = _finish(N3, X, how)
    return A, caches + (relu_cache,)


def _convolutional_forward(X, f, parameters, bn_params, s=2, how="ok", stride_on_middle=False,
                           shortcut_bn=True):
    N3, caches = _main_path(X, f, parameters, bn_params, s, stride_on_middle)
    Zs, cs = _conv(X, parameters["W_s"], s, 0)
    if shortcut_bn:
        Ns, bs = fl.spatial_batchnorm_forward(Zs, parameters["gamma_s"], parameters["beta_s"], bn_params[3])
    else:
        Ns, bs = Zs, None
    A, relu_cache = _finish(N3, Ns, how)
    return A, caches + (cs, bs, relu_cache)


def _main_path_backward(dN3, caches, grads, skip_bn=False):
    c1, b1, r1, c2, b2, r2, c3, b3 = caches[:8]
    dout = dN3
    for k, conv_cache, bn_cache, relu_cache in ((3, c3, b3, None), (2, c2, b2, r2), (1, c1, b1, r1)):
        if relu_cache is not None:
            dout = fl.relu_backward(dout, relu_cache)
        if skip_bn:
            dZ = dout
        else:
            dZ, grads[f"dgamma{k}"], grads[f"dbeta{k}"] = fl.spatial_batchnorm_backward(dout, bn_cache)
        dout, grads[f"dW{k}"], _ = fl.conv_backward(dZ, conv_cache)
    return dout


def _identity_backward(dA, cache, drop_shortcut=False, skip_final_relu=False, shortcut_before_relu=False,
                       skip_bn=False):
    grads = {}
    dS = dA if skip_final_relu else fl.relu_backward(dA, cache[8])
    dX = _main_path_backward(dS, cache, grads, skip_bn)
    if not drop_shortcut:
        dX = dX + (dA if shortcut_before_relu else dS)
    return dX, grads


def _convolutional_backward(dA, cache, drop_shortcut=False, skip_final_relu=False, skip_shortcut_bn=False,
                            skip_bn=False):
    grads = {}
    dS = dA if skip_final_relu else fl.relu_backward(dA, cache[10])
    dX = _main_path_backward(dS, cache, grads, skip_bn)
    if skip_shortcut_bn:
        dZs = dS
    else:
        dZs, grads["dgamma_s"], grads["dbeta_s"] = fl.spatial_batchnorm_backward(dS, cache[9])
    dXs, grads["dW_s"], _ = fl.conv_backward(dZs, cache[8])
    if not drop_shortcut:
        dX = dX + dXs
    return dX, grads


class _Anything:
    """Stands for a part of a mistaken output that is not compared (any value equals it)."""

    __array_ufunc__ = None      # numpy hands `array == _Anything()` over to __eq__ below
    __hash__ = None

    def __eq__(self, other):
        return True

    def __repr__(self):
        return "<anything>"


ANYTHING = _Anything()


def _output_only(mistake):
    """The mistaken block's output with its cache (or grads) not compared: the first item decides."""
    def output(*args, **kwargs):
        return mistake(*args, **kwargs)[0], ANYTHING
    return output


# ----------------------------------------------------------------------------------------------
# Inputs


def _block_inputs(seed, shape, filters, f, shortcut, mode="train", running=False):
    """X, parameters (He, with gammas and betas drawn away from 1 and 0) and batch-norm states."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.standard_normal(shape), 3)
    parameters = block_parameters(rng, shape[3], filters, f, shortcut)
    for name in parameters:
        if name.startswith("gamma"):
            parameters[name] = np.round(1 + 0.3 * rng.standard_normal(parameters[name].shape), 3)
        elif name.startswith("beta"):
            parameters[name] = np.round(0.2 * rng.standard_normal(parameters[name].shape), 3)
        else:
            parameters[name] = np.round(parameters[name], 3)
    sizes = list(filters) + ([filters[2]] if shortcut else [])
    bn_params = []
    for F in sizes:
        state = {"mode": mode}
        if running:
            state.update(running_mean=np.round(0.1 * rng.standard_normal(F), 3),
                         running_var=np.round(1 + 0.2 * rng.random(F), 3), momentum=0.8)
        bn_params.append(state)
    return X, f, parameters, bn_params


def _backward_case(forward, inputs, kwargs, seed, note):
    A, cache = forward(*copy.deepcopy(inputs), **kwargs)      # the case's inputs stay as declared
    dA = np.round(np.random.default_rng(seed).standard_normal(A.shape), 3)
    return Case((dA, cache), note=note)


IDENTITY = [  # the public example first, then the hidden ones
    (_block_inputs(1, (2, 4, 4, 3), (2, 2, 3), 3, False), "X (2, 4, 4, 3), f = 3, filters (2, 2, 3)"),
    (_block_inputs(2, (3, 5, 4, 4), (3, 2, 4), 3, False, running=True),
     "X (3, 5, 4, 4), filters (3, 2, 4), running averages present"),
    (_block_inputs(3, (2, 5, 5, 2), (2, 3, 2), 5, False), "f = 5, filters (2, 3, 2)"),
    (_block_inputs(4, (2, 3, 3, 3), (2, 2, 3), 1, False), "f = 1"),
]
IDENTITY_TEST_MODE = _block_inputs(5, (2, 4, 3, 3), (2, 2, 3), 3, False, mode="test", running=True)

CONVOLUTIONAL = [  # (inputs, s, note)
    (_block_inputs(11, (2, 4, 4, 3), (2, 2, 4), 3, True), 2, "X (2, 4, 4, 3), f = 3, filters (2, 2, 4), s = 2"),
    (_block_inputs(12, (3, 5, 5, 2), (3, 2, 3), 3, True, running=True), 2,
     "X (3, 5, 5, 2), s = 2 (odd size), running averages present"),
    (_block_inputs(13, (2, 6, 4, 3), (2, 3, 2), 3, True), 3, "s = 3, fewer output than input channels"),
    (_block_inputs(14, (2, 4, 4, 2), (2, 2, 3), 5, True), 1, "s = 1, f = 5"),
]
CONVOLUTIONAL_TEST_MODE = _block_inputs(15, (2, 4, 4, 3), (2, 2, 4), 3, True, mode="test", running=True)

SHORTCUT_AFTER_RELU = ("add the shortcut to the output of the third batch norm *before* the final ReLU: "
                       "A = ReLU(main path + shortcut), not ReLU(main path) + shortcut.")
NO_FINAL_RELU = "the block ends with a ReLU applied to (main path + shortcut)."
RELU_BEFORE_ADD = ("the third component has no ReLU of its own: conv - batch norm, then add the shortcut, "
                   "then the one final ReLU.")
DROPPED_SHORTCUT_GRADIENT = ("the input X feeds both the main path and the shortcut: dX is the sum of the "
                             "gradient through the main path and the gradient through the shortcut.")
FINAL_RELU_BACKWARD = ("start with the backward pass of the final ReLU (relu_backward(dA, relu_cache)): "
                       "both paths receive its output.")
BN_BACKWARD = ("every batch norm has a backward pass (spatial_batchnorm_backward), which returns dgamma and "
               "dbeta and changes the gradient that goes on to the convolution: don't skip it.")



def _idf(**switches):
    return _output_only(lambda *a, **k: _identity_forward(*a, **k, **switches))


def _cvf(**switches):
    return _output_only(lambda *a, **k: _convolutional_forward(*a, **k, **switches))


def _idb(**switches):
    return _output_only(lambda dA, cache: _identity_backward(dA, cache, **switches))


def _cvb(**switches):
    return _output_only(lambda dA, cache: _convolutional_backward(dA, cache, **switches))


SPECS = {
    "identity_block_forward": Spec(
        public=[Case(IDENTITY[0][0], note=IDENTITY[0][1])],
        hidden=[Case(inputs, note=note) for inputs, note in IDENTITY[1:]]
        + [Case(IDENTITY_TEST_MODE, note="batch norm in test mode (running averages)")],
        updates=("bn_params",),
        mistakes=[Mistake(SHORTCUT_AFTER_RELU, _idf(how="add after relu")),
                  Mistake(NO_FINAL_RELU, _idf(how="no relu")),
                  Mistake("add the shortcut X to the main path before the final ReLU.", _idf(how="no shortcut")),
                  Mistake(RELU_BEFORE_ADD, _idf(relu_before_add=True))],
    ),
    "identity_block_backward": Spec(
        public=[_backward_case(_identity_forward, IDENTITY[0][0], {}, 21,
                               "dA and the cache of the identity_block_forward example")],
        hidden=[_backward_case(_identity_forward, inputs, {}, 21 + k, note)
                for k, (inputs, note) in enumerate(IDENTITY[1:], start=1)],
        mistakes=[Mistake(DROPPED_SHORTCUT_GRADIENT, _idb(drop_shortcut=True)),
                  Mistake("the shortcut's gradient is the gradient *after* the final ReLU's backward pass "
                          "(dS = relu_backward(dA, relu_cache)), not dA.", _idb(shortcut_before_relu=True)),
                  Mistake(FINAL_RELU_BACKWARD, _idb(skip_final_relu=True)),
                  Mistake(BN_BACKWARD, _idb(skip_bn=True))],
    ),
    "convolutional_block_forward": Spec(
        public=[Case(CONVOLUTIONAL[0][0], {"s": CONVOLUTIONAL[0][1]}, note=CONVOLUTIONAL[0][2])],
        hidden=[Case(inputs, {"s": s}, note=note) for inputs, s, note in CONVOLUTIONAL[1:]]
        + [Case(CONVOLUTIONAL_TEST_MODE, note="default s = 2, batch norm in test mode (running averages)")],
        updates=("bn_params",),
        mistakes=[Mistake(SHORTCUT_AFTER_RELU, _cvf(how="add after relu")),
                  Mistake(NO_FINAL_RELU, _cvf(how="no relu")),
                  Mistake("the stride s goes to the *first* (1x1) convolution of the main path (and to the "
                          "shortcut's convolution); the middle f x f convolution has stride 1.",
                          _cvf(stride_on_middle=True)),
                  Mistake("the shortcut is a 1x1 convolution *followed by a batch norm* "
                          "(gamma_s, beta_s, bn_params[3]).", _cvf(shortcut_bn=False)),
                  Mistake("add the shortcut (conv - batch norm of X) to the main path before the final ReLU.",
                          _cvf(how="no shortcut"))],
    ),
    "convolutional_block_backward": Spec(
        public=[_backward_case(_convolutional_forward, CONVOLUTIONAL[0][0], {"s": CONVOLUTIONAL[0][1]}, 31,
                               "dA and the cache of the convolutional_block_forward example")],
        hidden=[_backward_case(_convolutional_forward, inputs, {"s": s}, 31 + k, note)
                for k, (inputs, s, note) in enumerate(CONVOLUTIONAL[1:], start=1)],
        mistakes=[Mistake(DROPPED_SHORTCUT_GRADIENT, _cvb(drop_shortcut=True)),
                  Mistake(FINAL_RELU_BACKWARD, _cvb(skip_final_relu=True)),
                  Mistake("the shortcut has a batch norm too: backpropagate dS through it "
                          "(spatial_batchnorm_backward with its cache) before its convolution.",
                          _cvb(skip_shortcut_bn=True)),
                  Mistake(BN_BACKWARD, _cvb(skip_bn=True))],
    ),
}
