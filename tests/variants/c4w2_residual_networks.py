"""Variants of c4w2-residual-networks."""

import copy

import numpy as np

from helpers import fast_layers
from variants import Variants

VARIANTS = Variants("c4w2-residual-networks")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ----------------------------------------------------------------------------------------------
# Building blocks written differently from the solution


def conv_no_bias(X, W, stride, pad):
    return fast_layers.conv_forward(X, W, np.zeros((1, 1, 1, W.shape[3]), dtype=np.float32),
                                    {"pad": pad, "stride": stride})


def conv_1x1_einsum(X, W, stride):
    """A 1x1 convolution as a product over the channels, with the conv_forward cache."""
    Z = np.einsum("mhwc,cd->mhwd", X[:, ::stride, ::stride, :], W[0, 0])
    return Z, (X, W, np.zeros((1, 1, 1, W.shape[3])), {"stride": stride, "pad": 0})


def conv_1x1_einsum_backward(dZ, cache):
    X, W, _, hp = cache
    s = hp["stride"]
    dX = np.zeros(X.shape)
    dX[:, ::s, ::s, :] = np.einsum("mhwd,cd->mhwc", dZ, W[0, 0])
    dW = np.einsum("mhwc,mhwd->cd", X[:, ::s, ::s, :], dZ)[None, None]
    return dX, dW


def batchnorm_own(x, gamma, beta, bn_param):
    """Spatial batch norm with the statistics over (m, n_H, n_W), written out; same cache."""
    C = x.shape[-1]
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    if bn_param["mode"] == "train":
        mu = x.mean(axis=(0, 1, 2))
        var = ((x - mu) ** 2).mean(axis=(0, 1, 2))
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = (x - mu) * inv_std
        bn_param["running_mean"] = momentum * bn_param.get("running_mean", np.zeros(C)) + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param.get("running_var", np.ones(C)) + (1 - momentum) * var
    else:
        inv_std = None
        x_hat = (x - bn_param["running_mean"]) / np.sqrt(bn_param["running_var"] + eps)
    return gamma * x_hat + beta, (x_hat.reshape(-1, C), gamma, inv_std)


def batchnorm_own_backward(dout, cache):
    """The step-by-step chain rule of batch norm (instead of the compact formula)."""
    x_hat, gamma, inv_std = cache
    C = dout.shape[-1]
    d = dout.reshape(-1, C)
    N = d.shape[0]
    dgamma, dbeta = (d * x_hat).sum(axis=0), d.sum(axis=0)
    dx_hat = d * gamma
    x_mu = x_hat / inv_std
    dvar = (dx_hat * x_mu).sum(axis=0) * -0.5 * inv_std ** 3
    dmu = -(dx_hat * inv_std).sum(axis=0) + dvar * (-2 * x_mu).mean(axis=0)
    dx = dx_hat * inv_std + dvar * 2 * x_mu / N + dmu / N
    return dx.reshape(dout.shape), dgamma, dbeta


def _forward(X, f, parameters, bn_params, s=1, shortcut=False, end="ok", relu_before_add=False,
             stride_on_middle=False, shortcut_bn=True, shortcut_stride=None):
    """A block as a loop over its three components, with a typical mistake switchable."""
    caches = []
    A = X
    for k in (1, 2, 3):
        stride = (s if k == 2 else 1) if stride_on_middle else (s if k == 1 else 1)
        Z, conv_cache = conv_no_bias(A, parameters[f"W{k}"], stride, (f - 1) // 2 if k == 2 else 0)
        N, bn_cache = fast_layers.spatial_batchnorm_forward(Z, parameters[f"gamma{k}"], parameters[f"beta{k}"],
                                                            bn_params[k - 1])
        caches += [conv_cache, bn_cache]
        if k < 3:
            A, relu_cache = fast_layers.relu_forward(N)
            caches.append(relu_cache)
    if relu_before_add:
        N = np.maximum(N, 0)
    if shortcut:
        Z_s, conv_s_cache = conv_no_bias(X, parameters["W_s"], s if shortcut_stride is None else shortcut_stride, 0)
        if shortcut_bn:
            X_s, bn_s_cache = fast_layers.spatial_batchnorm_forward(Z_s, parameters["gamma_s"],
                                                                    parameters["beta_s"], bn_params[3])
        else:
            X_s, bn_s_cache = Z_s, None
        caches += [conv_s_cache, bn_s_cache]
    else:
        X_s = X
    if end == "add after relu":
        A, relu_cache = fast_layers.relu_forward(N)
        A = A + X_s
    elif end == "no relu":
        A = relu_cache = N + X_s
    else:
        A, relu_cache = fast_layers.relu_forward(N + X_s)
    return A, tuple(caches) + (relu_cache,)


# ----------------------------------------------------------------------------------------------
@ok("identity_block_forward")
def identity_block_forward_loop(X, f, parameters, bn_params):
    return _forward(X, f, parameters, bn_params)


@ok("identity_block_forward")
def identity_block_forward_own_batchnorm_einsum(X, f, parameters, bn_params):
    Z1, c1 = conv_1x1_einsum(X, parameters["W1"], 1)
    N1, b1 = batchnorm_own(Z1, parameters["gamma1"], parameters["beta1"], bn_params[0])
    A1 = np.where(N1 > 0, N1, 0.0)
    Z2, c2 = fast_layers.conv_forward(A1, parameters["W2"], np.zeros((1, 1, 1, parameters["W2"].shape[3])),
                                      {"stride": 1, "pad": f // 2})
    N2, b2 = batchnorm_own(Z2, parameters["gamma2"], parameters["beta2"], bn_params[1])
    A2 = np.clip(N2, 0, None)
    Z3, c3 = conv_1x1_einsum(A2, parameters["W3"], 1)
    N3, b3 = batchnorm_own(Z3, parameters["gamma3"], parameters["beta3"], bn_params[2])
    S = X + N3
    return np.maximum(S, 0), (c1, b1, N1, c2, b2, N2, c3, b3, S)


@wrong("identity_block_forward", "not ReLU(main path) + shortcut")
def identity_block_forward_shortcut_after_relu(X, f, parameters, bn_params):
    return _forward(X, f, parameters, bn_params, end="add after relu")


@wrong("identity_block_forward", "the block ends with a ReLU")
def identity_block_forward_no_final_relu(X, f, parameters, bn_params):
    return _forward(X, f, parameters, bn_params, end="no relu")


@wrong("identity_block_forward", "no ReLU of its own")
def identity_block_forward_relu_before_add(X, f, parameters, bn_params):
    return _forward(X, f, parameters, bn_params, relu_before_add=True)


@wrong("identity_block_forward", "must update `bn_params` in place")
def identity_block_forward_copies_bn_params(X, f, parameters, bn_params):
    return _forward(X, f, parameters, [dict(p) for p in bn_params])


@wrong("identity_block_forward", "should have 9 items")
def identity_block_forward_short_cache(X, f, parameters, bn_params):
    A, cache = _forward(X, f, parameters, bn_params)
    return A, cache[:8]


# ----------------------------------------------------------------------------------------------
def _backward(dA, cache, shortcut=False, drop_shortcut=False, shortcut_before_relu=False, skip_final_relu=False,
              skip_bn=False, skip_shortcut_bn=False):
    """A block's backward pass as a loop over its components, with a typical mistake switchable."""
    grads = {}
    dS = dA if skip_final_relu else fast_layers.relu_backward(dA, cache[-1])
    dout = dS
    for k in (3, 2, 1):
        if k < 3:
            dout = fast_layers.relu_backward(dout, cache[3 * k - 1])
        if skip_bn:
            dZ = dout
        else:
            dZ, grads[f"dgamma{k}"], grads[f"dbeta{k}"] = fast_layers.spatial_batchnorm_backward(dout, cache[3 * k - 2])
        dout, grads[f"dW{k}"], _ = fast_layers.conv_backward(dZ, cache[3 * k - 3])
    if shortcut:
        if skip_shortcut_bn:
            dZ_s = dS
        else:
            dZ_s, grads["dgamma_s"], grads["dbeta_s"] = fast_layers.spatial_batchnorm_backward(dS, cache[9])
        d_shortcut, grads["dW_s"], _ = fast_layers.conv_backward(dZ_s, cache[8])
    else:
        d_shortcut = dA if shortcut_before_relu else dS
    return (dout if drop_shortcut else dout + d_shortcut), grads


@ok("identity_block_backward")
def identity_block_backward_loop(dA, cache):
    return _backward(dA, cache)


@ok("identity_block_backward")
def identity_block_backward_own_batchnorm_einsum(dA, cache):
    c1, b1, r1, c2, b2, r2, c3, b3, r = cache
    dS = dA * (r > 0)
    dZ3, dgamma3, dbeta3 = batchnorm_own_backward(dS, b3)
    dA2, dW3 = conv_1x1_einsum_backward(dZ3, c3)
    dZ2, dgamma2, dbeta2 = batchnorm_own_backward(np.where(r2 > 0, dA2, 0), b2)
    dA1, dW2, _ = fast_layers.conv_backward(dZ2, c2)
    dZ1, dgamma1, dbeta1 = batchnorm_own_backward(np.where(r1 > 0, dA1, 0), b1)
    dX, dW1 = conv_1x1_einsum_backward(dZ1, c1)
    dX += dS
    return dX, {"dW1": dW1, "dgamma1": dgamma1, "dbeta1": dbeta1, "dW2": dW2, "dgamma2": dgamma2,
                "dbeta2": dbeta2, "dW3": dW3, "dgamma3": dgamma3, "dbeta3": dbeta3}


@wrong("identity_block_backward", "the sum of the gradient through the main path and the gradient through the shortcut")
def identity_block_backward_drops_shortcut(dA, cache):
    return _backward(dA, cache, drop_shortcut=True)


@wrong("identity_block_backward", "not dA")
def identity_block_backward_shortcut_before_relu(dA, cache):
    return _backward(dA, cache, shortcut_before_relu=True)


@wrong("identity_block_backward", "start with the backward pass of the final ReLU")
def identity_block_backward_skips_final_relu(dA, cache):
    return _backward(dA, cache, skip_final_relu=True)


@wrong("identity_block_backward", "every batch norm has a backward pass")
def identity_block_backward_skips_batchnorm(dA, cache):
    return _backward(dA, cache, skip_bn=True)


# ----------------------------------------------------------------------------------------------
@ok("convolutional_block_forward")
def convolutional_block_forward_loop(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True)


@ok("convolutional_block_forward")
def convolutional_block_forward_own_batchnorm_einsum(X, f, parameters, bn_params, s=2):
    Z1, c1 = conv_1x1_einsum(X, parameters["W1"], s)
    N1, b1 = batchnorm_own(Z1, parameters["gamma1"], parameters["beta1"], bn_params[0])
    A1 = np.maximum(N1, 0)
    Z2, c2 = conv_no_bias(A1, parameters["W2"], 1, (f - 1) // 2)
    N2, b2 = batchnorm_own(Z2, parameters["gamma2"], parameters["beta2"], bn_params[1])
    A2 = np.maximum(N2, 0)
    Z3, c3 = conv_1x1_einsum(A2, parameters["W3"], 1)
    N3, b3 = batchnorm_own(Z3, parameters["gamma3"], parameters["beta3"], bn_params[2])
    Z_s, c_s = conv_1x1_einsum(X, parameters["W_s"], s)
    N_s, b_s = batchnorm_own(Z_s, parameters["gamma_s"], parameters["beta_s"], bn_params[3])
    S = N3 + N_s
    return np.maximum(S, 0), (c1, b1, N1, c2, b2, N2, c3, b3, c_s, b_s, S)


@wrong("convolutional_block_forward", "the middle f x f convolution has stride 1")
def convolutional_block_forward_stride_on_middle(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True, stride_on_middle=True)


@wrong("convolutional_block_forward", "*followed by a batch norm*")
def convolutional_block_forward_shortcut_without_batchnorm(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True, shortcut_bn=False)


@wrong("convolutional_block_forward", "not ReLU(main path) + shortcut")
def convolutional_block_forward_shortcut_after_relu(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True, end="add after relu")


@wrong("convolutional_block_forward", "the shapes of two operands do not fit")
def convolutional_block_forward_shortcut_without_stride(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True, shortcut_stride=1)


# ----------------------------------------------------------------------------------------------
@ok("convolutional_block_backward")
def convolutional_block_backward_loop(dA, cache):
    return _backward(dA, cache, shortcut=True)


@ok("convolutional_block_backward")
def convolutional_block_backward_own_batchnorm_einsum(dA, cache):
    c1, b1, r1, c2, b2, r2, c3, b3, c_s, b_s, r = cache
    dS = np.where(r > 0, dA, 0.0)
    grads = {}
    dZ3, grads["dgamma3"], grads["dbeta3"] = batchnorm_own_backward(dS, b3)
    dA2, grads["dW3"] = conv_1x1_einsum_backward(dZ3, c3)
    dZ2, grads["dgamma2"], grads["dbeta2"] = batchnorm_own_backward(dA2 * (r2 > 0), b2)
    dA1, grads["dW2"], _ = fast_layers.conv_backward(dZ2, c2)
    dZ1, grads["dgamma1"], grads["dbeta1"] = batchnorm_own_backward(dA1 * (r1 > 0), b1)
    dX_main, grads["dW1"] = conv_1x1_einsum_backward(dZ1, c1)
    dZ_s, grads["dgamma_s"], grads["dbeta_s"] = batchnorm_own_backward(dS, b_s)
    dX_s, grads["dW_s"] = conv_1x1_einsum_backward(dZ_s, c_s)
    return dX_main + dX_s, grads


@wrong("convolutional_block_backward", "the sum of the gradient through the main path and the gradient through the shortcut")
def convolutional_block_backward_drops_shortcut(dA, cache):
    return _backward(dA, cache, shortcut=True, drop_shortcut=True)


@wrong("convolutional_block_backward", "the shortcut has a batch norm too")
def convolutional_block_backward_skips_shortcut_batchnorm(dA, cache):
    return _backward(dA, cache, shortcut=True, skip_shortcut_bn=True)


@wrong("convolutional_block_backward", "start with the backward pass of the final ReLU")
def convolutional_block_backward_skips_final_relu(dA, cache):
    return _backward(dA, cache, shortcut=True, skip_final_relu=True)


@wrong("convolutional_block_backward", "every batch norm has a backward pass")
def convolutional_block_backward_skips_batchnorm(dA, cache):
    return _backward(dA, cache, shortcut=True, skip_bn=True)


# ----------------------------------------------------------------------------------------------
# The network. The blocks it calls, looked up in this module's namespace (the checks stand in
# the reference results for the recorded calls, so a wrong block costs only the block's points).

def identity_block_forward(X, f, parameters, bn_params):
    return _forward(X, f, parameters, bn_params)


def convolutional_block_forward(X, f, parameters, bn_params, s=2):
    return _forward(X, f, parameters, bn_params, s, shortcut=True)


def identity_block_backward(dA, cache):
    return _backward(dA, cache)


def convolutional_block_backward(dA, cache):
    return _backward(dA, cache, shortcut=True)


def _stem(X, parameters, bn_params, relu=True, pool=True):
    Z0, conv0_cache = conv_no_bias(X, parameters["W0"], 1, 1)
    N0, bn0_cache = fast_layers.spatial_batchnorm_forward(Z0, parameters["gamma0"], parameters["beta0"],
                                                          bn_params["bn0"])
    A0, relu0_cache = fast_layers.relu_forward(N0) if relu else (N0, None)
    A, pool0_cache = fast_layers.pool_forward(A0, {"f": 2, "stride": 2}) if pool else (A0, None)
    return A, [conv0_cache, bn0_cache, relu0_cache, pool0_cache]


def _network_forward(X, parameters, bn_params, relu=True, pool=True, s=2, head="average", stride_of_head=None,
                     first_of_stage2=None, bn_of_block=None, softmax=False):
    A, caches = _stem(X, parameters, bn_params, relu, pool)
    stages = []
    for stage in ("stage1", "stage2"):
        stage_caches = []
        for k, p in enumerate(parameters[stage]):
            bn = bn_of_block(bn_params, stage, k) if bn_of_block else bn_params[stage][k]
            if stage == "stage2" and k == 0:
                block = first_of_stage2 or (lambda *a: convolutional_block_forward(*a, s=s))
                A, cache = block(A, 3, p, bn)
            else:
                A, cache = identity_block_forward(A, 3, p, bn)
            stage_caches.append(cache)
        stages.append(stage_caches)
    n_H = A.shape[1]
    P, avgpool_cache = fast_layers.pool_forward(A, {"f": n_H, "stride": stride_of_head or 1}, mode=head)
    F, flatten_cache = fast_layers.flatten_forward(P)
    scores, fc_cache = fast_layers.dense_forward(F, parameters["W_fc"], parameters["b_fc"])
    if softmax:
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores = e / e.sum(axis=1, keepdims=True)
    return scores, tuple(caches) + (stages[0], stages[1], avgpool_cache, flatten_cache, fc_cache)


@ok("resnet_forward")
def resnet_forward_one_list_of_blocks(X, parameters, bn_params):
    # one loop over all the blocks; the convolutional block is the one with a shortcut convolution
    A, stem_caches = _stem(X, parameters, bn_params)
    blocks = [("stage1", p, bn) for p, bn in zip(parameters["stage1"], bn_params["stage1"], strict=True)]
    blocks += [("stage2", p, bn) for p, bn in zip(parameters["stage2"], bn_params["stage2"], strict=True)]
    caches = {"stage1": [], "stage2": []}
    for stage, p, bn in blocks:
        if "W_s" in p:
            A, cache = convolutional_block_forward(A, 3, p, bn, 2)
        else:
            A, cache = identity_block_forward(A, 3, p, bn)
        caches[stage].append(cache)
    P, avgpool_cache = fast_layers.pool_forward(A, {"stride": 1, "f": A.shape[2]}, "average")
    F, flatten_cache = fast_layers.flatten_forward(P)
    scores, fc_cache = fast_layers.dense_forward(F, parameters["W_fc"], parameters["b_fc"])
    return scores, (*stem_caches, caches["stage1"], caches["stage2"], avgpool_cache, flatten_cache, fc_cache)


@ok("resnet_forward")
def resnet_forward_by_hand(X, parameters, bn_params):
    # the stem's ReLU, the head's mean, flatten and dense written out, float32, stage caches as tuples
    X = X.astype(np.float32)
    C1 = parameters["W0"].shape[3]
    Z0, conv0_cache = fast_layers.conv_forward(X, parameters["W0"].astype(np.float32),
                                               np.zeros((1, 1, 1, C1), dtype=np.float32), {"stride": 1, "pad": 1})
    N0, bn0_cache = fast_layers.spatial_batchnorm_forward(Z0, parameters["gamma0"], parameters["beta0"],
                                                          bn_params["bn0"])
    A0 = np.where(N0 > 0, N0, 0)
    A, pool0_cache = fast_layers.pool_forward(A0, {"f": 2, "stride": 2}, mode="max")
    stage1 = []
    for k in range(len(parameters["stage1"])):
        A, cache = identity_block_forward(A, 3, parameters["stage1"][k], bn_params["stage1"][k])
        stage1.append(cache)
    A, cache = convolutional_block_forward(A, 3, parameters["stage2"][0], bn_params["stage2"][0], s=2)
    stage2 = [cache]
    for k in range(1, len(parameters["stage2"])):
        A, cache = identity_block_forward(A, 3, parameters["stage2"][k], bn_params["stage2"][k])
        stage2.append(cache)
    m, n_H, n_W, C2 = A.shape
    P = A.mean(axis=(1, 2), keepdims=True)
    F = P.reshape(m, C2)
    scores = np.dot(F, parameters["W_fc"]) + parameters["b_fc"]
    return scores, (conv0_cache, bn0_cache, N0, pool0_cache, tuple(stage1), tuple(stage2),
                    (A, {"f": n_H, "stride": 1}), P.shape, (F, parameters["W_fc"], parameters["b_fc"]))


@ok("resnet_forward", callees={"identity_block_forward": identity_block_forward_shortcut_after_relu,
                               "convolutional_block_forward": convolutional_block_forward_stride_on_middle})
def resnet_forward_with_wrong_blocks(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params)


@wrong("resnet_forward", "2x2 max pool")
def resnet_forward_no_stem_pool(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, pool=False)


@wrong("resnet_forward", "a ReLU after its batch norm")
def resnet_forward_no_stem_relu(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, relu=False)


@wrong("resnet_forward", "pass s=2")
def resnet_forward_convolutional_block_stride_1(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, s=1)


@wrong("resnet_forward", "raised ValueError")
def resnet_forward_identity_block_where_the_shape_changes(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, first_of_stage2=identity_block_forward)


@wrong("resnet_forward", "*averages* each channel")
def resnet_forward_max_pool_head(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, head="max")


@wrong("resnet_forward", "it is part of the cache")
def resnet_forward_head_stride_of_the_window(X, parameters, bn_params):
    A, _ = _stem(copy.deepcopy(X), copy.deepcopy(parameters), copy.deepcopy(bn_params))
    return _network_forward(X, parameters, bn_params, stride_of_head=(A.shape[1] - 1) // 2 + 1)


@wrong("resnet_forward", "the softmax is part of the loss")
def resnet_forward_softmax(X, parameters, bn_params):
    return _network_forward(X, parameters, bn_params, softmax=True)


@wrong("resnet_forward", "`bn_params` after the call")
def resnet_forward_one_state_for_every_block(X, parameters, bn_params):
    # every block of a stage uses the batch-norm states of the stage's first block
    return _network_forward(X, parameters, bn_params, bn_of_block=lambda bn, stage, k: bn[stage][0])


@wrong("resnet_forward", "`bn_params` after the call")
def resnet_forward_copies_bn_params(X, parameters, bn_params):
    return _network_forward(X, parameters, copy.deepcopy(bn_params))


# ----------------------------------------------------------------------------------------------
def _network_backward(dscores, cache, head="average", stem_relu=True, reverse=False, scale=1.0, stage1=True):
    (conv0_cache, bn0_cache, relu0_cache, pool0_cache, stage1_caches, stage2_caches,
     avgpool_cache, flatten_cache, fc_cache) = cache
    grads = {}
    dF, grads["dW_fc"], grads["db_fc"] = fast_layers.dense_backward(dscores * scale, fc_cache)
    dA = fast_layers.pool_backward(fast_layers.flatten_backward(dF, flatten_cache), avgpool_cache, mode=head)
    for stage, caches in (("stage2", stage2_caches), ("stage1", stage1_caches)):
        stage_grads = []
        for k in range(len(caches) - 1, -1, -1):
            backward = convolutional_block_backward if stage == "stage2" and k == 0 else identity_block_backward
            dA, block_grads = backward(dA, caches[k])
            stage_grads.append(block_grads)
        if stage == "stage2" or stage1:
            grads[stage] = stage_grads if reverse else stage_grads[::-1]
    dA0 = fast_layers.pool_backward(dA, pool0_cache, mode="max")
    dN0 = fast_layers.relu_backward(dA0, relu0_cache) if stem_relu else dA0
    dZ0, grads["dgamma0"], grads["dbeta0"] = fast_layers.spatial_batchnorm_backward(dN0, bn0_cache)
    grads["dW0"] = fast_layers.conv_backward(dZ0, conv0_cache)[1]
    return grads


@ok("resnet_backward")
def resnet_backward_loops(dscores, cache):
    return _network_backward(dscores, cache)


@ok("resnet_backward")
def resnet_backward_by_hand(dscores, cache):
    # the head's backward passes written out; block grads collected by index
    (conv0_cache, bn0_cache, relu0_cache, pool0_cache, stage1_caches, stage2_caches,
     (A, pool_hparameters), P_shape, (F, W_fc, b_fc)) = cache
    dW_fc, db_fc = F.T @ dscores, np.sum(dscores, axis=0)
    m, n_H, n_W, C2 = A.shape
    dA = np.broadcast_to((dscores @ W_fc.T).reshape(m, 1, 1, C2) / (n_H * n_W), A.shape).copy()
    stage2 = {}
    for k in sorted(range(len(stage2_caches)), reverse=True):
        if k > 0:
            dA, stage2[k] = identity_block_backward(dA, stage2_caches[k])
        else:
            dA, stage2[k] = convolutional_block_backward(dA, stage2_caches[k])
    stage1 = {}
    for k in sorted(range(len(stage1_caches)), reverse=True):
        dA, stage1[k] = identity_block_backward(dA, stage1_caches[k])
    dN0 = fast_layers.pool_backward(dA, pool0_cache, "max") * (relu0_cache > 0)
    dZ0, dgamma0, dbeta0 = fast_layers.spatial_batchnorm_backward(dN0, bn0_cache)
    _, dW0, _ = fast_layers.conv_backward(dZ0, conv0_cache)
    return {"dW0": dW0, "dgamma0": dgamma0, "dbeta0": dbeta0, "stage1": [stage1[k] for k in range(len(stage1))],
            "stage2": [stage2[k] for k in range(len(stage2))], "dW_fc": dW_fc, "db_fc": db_fc}


@ok("resnet_backward", callees={"identity_block_backward": identity_block_backward_drops_shortcut,
                                "convolutional_block_backward": convolutional_block_backward_skips_batchnorm})
def resnet_backward_with_wrong_blocks(dscores, cache):
    return _network_backward(dscores, cache)


@wrong("resnet_backward", "*average* pool")
def resnet_backward_max_pool_head(dscores, cache):
    return _network_backward(dscores, cache, head="max")


@wrong("resnet_backward", "the stem's ReLU")
def resnet_backward_no_stem_relu(dscores, cache):
    return _network_backward(dscores, cache, stem_relu=False)


@wrong("resnet_backward", "in the *forward* order")
def resnet_backward_lists_in_backward_order(dscores, cache):
    return _network_backward(dscores, cache, reverse=True)


@wrong("resnet_backward", "don't divide by m again")
def resnet_backward_divides_by_m(dscores, cache):
    return _network_backward(dscores / dscores.shape[0], cache)


@wrong("resnet_backward", "missing keys ['stage1']")
def resnet_backward_forgets_stage1(dscores, cache):
    return _network_backward(dscores, cache, stage1=False)
