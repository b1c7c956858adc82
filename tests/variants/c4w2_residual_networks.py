"""Variants of c4w2-residual-networks."""

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
