"""Cases of c4w2-residual-networks.

The blocks are checked on small batches (2 or 3 images of at most 6x6 pixels, a few
channels) so that the stored caches stay small; the network on 2 or 3 images of at most
8x8 pixels, with one or two blocks per stage, so that the recorded calls of the blocks
(the stand-ins of the checks) stay small too. Inputs are float64 with batch norm in
train mode (the state dicts start empty or with running averages), plus a hidden case in
test mode. The backward cases feed the cache of the reference forward pass, so a mistake in
a forward function does not cost the points of its backward function.

The mistakes are computed by one parametrised implementation of the blocks, built from the
course's fast layers, with the typical mistake switched on.
"""

import copy

import numpy as np

from autograder.cases.heads import dense_head
from autograder.spec import Case, Mistake, Spec
from helpers import fast_layers as fl
from helpers.resnet import block_parameters, network_parameters

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



# ----------------------------------------------------------------------------------------------
# The network, with the typical mistakes switchable


def _resnet_forward(X, parameters, bn_params, stem_relu=True, stem_pool=True, stem_bn=True, s=2, head="average",
                    avgpool_stride=1, last=None, flatten_transposed=False):
    Z0, conv0_cache = _conv(X, parameters["W0"], 1, 1)
    if stem_bn:
        N0, bn0_cache = fl.spatial_batchnorm_forward(Z0, parameters["gamma0"], parameters["beta0"], bn_params["bn0"])
    else:
        N0, bn0_cache = Z0, None
    A0, relu0_cache = fl.relu_forward(N0) if stem_relu else (N0, None)
    A, pool0_cache = fl.pool_forward(A0, {"f": 2, "stride": 2}, "max") if stem_pool else (A0, None)
    stage1_caches, stage2_caches = [], []
    for p, bn in zip(parameters["stage1"], bn_params["stage1"], strict=True):
        A, cache = _identity_forward(A, 3, p, bn)
        stage1_caches.append(cache)
    A, cache = _convolutional_forward(A, 3, parameters["stage2"][0], bn_params["stage2"][0], s=s)
    stage2_caches.append(cache)
    for p, bn in zip(parameters["stage2"][1:], bn_params["stage2"][1:], strict=True):
        A, cache = _identity_forward(A, 3, p, bn)
        stage2_caches.append(cache)
    n_H = A.shape[1]
    P, avgpool_cache = fl.pool_forward(A, {"f": n_H, "stride": n_H if avgpool_stride == "f" else 1}, head)
    scores, flatten_cache, fc_cache = dense_head(P, parameters["W_fc"], parameters["b_fc"], flatten_transposed, last)
    return scores, (conv0_cache, bn0_cache, relu0_cache, pool0_cache, stage1_caches, stage2_caches,
                    avgpool_cache, flatten_cache, fc_cache)


def _resnet_backward(dscores, cache, head="average", stem_relu=True, reverse_lists=False, scale=1.0):
    (conv0_cache, bn0_cache, relu0_cache, pool0_cache, stage1_caches, stage2_caches,
     avgpool_cache, flatten_cache, fc_cache) = cache
    grads = {}
    dF, grads["dW_fc"], grads["db_fc"] = fl.dense_backward(dscores * scale, fc_cache)
    dA = fl.pool_backward(fl.flatten_backward(dF, flatten_cache), avgpool_cache, head)
    stage2, stage1 = [], []
    for k in reversed(range(len(stage2_caches))):
        backward = _convolutional_backward if k == 0 else _identity_backward
        dA, block_grads = backward(dA, stage2_caches[k])
        stage2.append(block_grads)
    for k in reversed(range(len(stage1_caches))):
        dA, block_grads = _identity_backward(dA, stage1_caches[k])
        stage1.append(block_grads)
    if not reverse_lists:           # the blocks were visited last first
        stage1, stage2 = stage1[::-1], stage2[::-1]
    grads["stage1"], grads["stage2"] = stage1, stage2
    dA0 = fl.pool_backward(dA, pool0_cache, "max")
    dN0 = fl.relu_backward(dA0, relu0_cache) if stem_relu else dA0
    dZ0, grads["dgamma0"], grads["dbeta0"] = fl.spatial_batchnorm_backward(dN0, bn0_cache)
    _, grads["dW0"], _ = fl.conv_backward(dZ0, conv0_cache)
    return grads


def _safe(fn):
    """A mistake's output, or None when the mistaken code could not even run on these inputs."""
    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (IndexError, ValueError, KeyError, TypeError):
            return None
    return wrapped


def _network_inputs(seed, shape, channels, n_identity, bottleneck, n_classes, mode="train", running=False):
    """X, parameters (He, gammas and betas drawn away from 1 and 0, rounded) and batch-norm states."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.random(shape), 3)
    parameters = network_parameters(rng, shape[3], channels, n_identity, bottleneck, n_classes)
    parameters["b_fc"] = 0.2 * rng.standard_normal(n_classes)

    def perturb(d):
        for name, value in d.items():
            if name.startswith("gamma"):
                d[name] = np.round(1 + 0.3 * rng.standard_normal(value.shape), 3)
            elif name.startswith("beta"):
                d[name] = np.round(0.2 * rng.standard_normal(value.shape), 3)
            else:
                d[name] = np.round(value, 3)
    top = {k: v for k, v in parameters.items() if not k.startswith("stage")}
    perturb(top)
    parameters.update(top)
    for stage in ("stage1", "stage2"):
        for block in parameters[stage]:
            perturb(block)

    def state(F):
        d = {"mode": mode}
        if running:
            d.update(running_mean=np.round(0.1 * rng.standard_normal(F), 3),
                     running_var=np.round(1 + 0.2 * rng.random(F), 3), momentum=0.8)
        return d

    def block_states(p):
        sizes = [p["W1"].shape[3], p["W2"].shape[3], p["W3"].shape[3]] + ([p["W_s"].shape[3]] if "W_s" in p else [])
        return [state(F) for F in sizes]
    bn_params = {"bn0": state(channels[0]), "stage1": [block_states(p) for p in parameters["stage1"]],
                 "stage2": [block_states(p) for p in parameters["stage2"]]}
    return X, parameters, bn_params


NETWORKS = [  # (inputs, note): the public example first, then the hidden ones
    (_network_inputs(41, (2, 8, 8, 3), (4, 8), (1, 1), 2, 6),
     "X (2, 8, 8, 3); channels (4, 8), one identity block in each stage, bottleneck 2, 6 classes"),
    (_network_inputs(42, (3, 6, 6, 2), (3, 5), (2, 1), 2, 4, running=True),
     "X (3, 6, 6, 2) (an odd 3x3 map after the stem); two identity blocks in stage 1; 4 classes; "
     "running averages present"),
    (_network_inputs(43, (2, 4, 4, 3), (4, 4), (0, 2), 1, 3),
     "no identity block in stage 1, two in stage 2, a 1x1 map before the head, 3 classes"),
    (_network_inputs(44, (2, 8, 8, 3), (4, 6), (1, 0), 2, 5, mode="test", running=True),
     "no identity block in stage 2; batch norm in test mode (running averages)"),
]


def _network_backward_case(inputs, seed, note):
    scores, cache = _resnet_forward(*copy.deepcopy(inputs))
    y = np.random.default_rng(seed).integers(0, scores.shape[1], scores.shape[0])
    _, dscores = fl.softmax_cross_entropy(scores, y)
    return Case((dscores, cache), note=note + "; dscores of the softmax cross-entropy, the cache of the forward pass")


def _rf(**switches):
    return _output_only(_safe(lambda *a: _resnet_forward(*a, **switches)))


def _rb(**switches):
    return _safe(lambda dscores, cache: _resnet_backward(dscores, cache, **switches))


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
"resnet_forward": Spec(
        public=[Case(NETWORKS[0][0], note=NETWORKS[0][1])],
        hidden=[Case(inputs, note=note) for inputs, note in NETWORKS[1:]],
        updates=("bn_params",),
        rtol=1e-4, atol=1e-5,       # float32 work through a dozen batch norms passes too
        mistakes=[Mistake("the stem ends with a 2x2 max pool with stride 2 (conv - BN - ReLU - max pool).",
                          _rf(stem_pool=False)),
                  Mistake("the stem has a ReLU after its batch norm, before the max pool.", _rf(stem_relu=False)),
                  Mistake("the stem's convolution is followed by a batch norm (gamma0, beta0, bn_params[\"bn0\"]).",
                          _rf(stem_bn=False)),
                  Mistake("stage 2 starts with a convolutional block of stride s = 2 (it halves the height and "
                          "width): pass s=2.", _rf(s=1)),
                  Mistake("the head *averages* each channel over the whole map: pool_forward with mode=\"average\".",
                          _rf(head="max")),
                  Mistake("the head's average pool has the window of the whole map and stride 1, "
                          "{\"f\": n_H, \"stride\": 1}, as in the table: the stride changes nothing in the "
                          "output, but it is part of the cache.",
                          _safe(lambda *a: _resnet_forward(*a, avgpool_stride="f"))),
                  Mistake("the dense layer's scores are the output: no ReLU after it.", _rf(last="relu")),
                  Mistake("return the scores before the softmax: the softmax is part of the loss "
                          "(fast_layers.softmax_cross_entropy).", _rf(last="softmax")),
                  Mistake("flatten each example into one row: P.reshape(m, -1), i.e. fast_layers.flatten_forward(P); "
                          "reshape(-1, m).T mixes the examples.", _rf(flatten_transposed=True))],
    ),
    "resnet_backward": Spec(
        public=[_network_backward_case(NETWORKS[0][0], 51, "the resnet_forward example")],
        hidden=[_network_backward_case(inputs, 51 + k, note) for k, (inputs, note) in enumerate(NETWORKS[1:3], start=1)]
        + [_network_backward_case(_network_inputs(44, (2, 8, 8, 3), (4, 6), (1, 0), 2, 5), 54,
                                  "no identity block in stage 2")],
        mistakes=[Mistake("the head's pool is an *average* pool: pool_backward(..., mode=\"average\") spreads the "
                          "gradient evenly over the map.", _rb(head="max")),
                  Mistake("go back through the stem's ReLU too (relu_backward with relu0_cache), between the max "
                          "pool's and the batch norm's backward passes.", _rb(stem_relu=False)),
                  Mistake("grads[\"stage1\"][k] and grads[\"stage2\"][k] belong to block k in the *forward* order: "
                          "the backward pass visits the blocks last first, so put each block's grads at its own index "
                          "(or reverse the lists at the end).", _rb(reverse_lists=True)),
                  Mistake("dscores is already the gradient of the *mean* loss (it contains the 1/m): don't divide by "
                          "m again.", lambda dscores, cache: _resnet_backward(dscores, cache, scale=1 / dscores.shape[0]))],
    ),
}
