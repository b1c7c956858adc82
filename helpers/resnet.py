"""Residual and plain networks of equal depth, built from blocks given as functions.

The ResNet notebook has the learner write the two classic blocks as functions::

    identity_block_forward(X, f, parameters, bn_params) -> (A, cache)
    identity_block_backward(dA, cache) -> (dX, grads)
    convolutional_block_forward(X, f, parameters, bn_params, s=2) -> (A, cache)
    convolutional_block_backward(dA, cache) -> (dX, grads)

This module turns such functions into layers of :class:`helpers.model.Model`, so that a small
ResNet trains with the course's mini-batch Adam, and gives the *plain* counterpart of every
block: the same main path (conv 1x1 - BN - ReLU, conv f x f - BN - ReLU, conv 1x1 - BN, ReLU)
without the shortcut. Parameters of a block (no conv biases: the batch norm after each
convolution subtracts the mean of each channel, which would cancel them)::

    W1 (1, 1, n_C_prev, F1), gamma1 (F1,), beta1 (F1,)
    W2 (f, f, F1, F2),       gamma2 (F2,), beta2 (F2,)
    W3 (1, 1, F2, F3),       gamma3 (F3,), beta3 (F3,)
    W_s (1, 1, n_C_prev, F3), gamma_s (F3,), beta_s (F3,)   convolutional block only

and ``bn_params`` is a list with one batch-norm state dict per batch norm (3, or 4 with the
shortcut), as ``fast_layers.spatial_batchnorm_forward`` takes it.
"""

from __future__ import annotations

import numpy as np

from . import fast_layers as fl
from .model import BatchNorm, Conv, Dense, Flatten, Layer, MaxPool, Model, ReLU


def _conv(X, W, stride, pad):
    """A convolution without bias: (out, cache) of fast_layers.conv_forward with b = 0."""
    b = np.zeros((1, 1, 1, W.shape[3]), dtype=X.dtype)
    return fl.conv_forward(X, W, b, {"stride": stride, "pad": pad})


def plain_block_forward(X, f, parameters, bn_params, s=1):
    """
    The main path of a residual block without its shortcut:
    conv(1x1, stride s)-BN-ReLU, conv(f x f, same)-BN-ReLU, conv(1x1)-BN, ReLU.

    X -- (m, n_H_prev, n_W_prev, n_C_prev)
    f -- size of the middle convolution's window (odd)
    parameters -- W1, gamma1, beta1, W2, gamma2, beta2, W3, gamma3, beta3 (shapes as above);
                  W_s, gamma_s, beta_s, if present, are not used
    bn_params -- list of at least 3 batch-norm state dicts (updated in place)
    s -- stride of the first convolution
    Returns A -- (m, n_H, n_W, F3), n_H = (n_H_prev - 1) // s + 1; cache
    """
    A, caches = X, []
    for k, stride, pad in ((1, s, 0), (2, 1, (f - 1) // 2), (3, 1, 0)):
        Z, conv_cache = _conv(A, parameters[f"W{k}"], stride, pad)
        N, bn_cache = fl.spatial_batchnorm_forward(Z, parameters[f"gamma{k}"], parameters[f"beta{k}"],
                                                   bn_params[k - 1])
        A, relu_cache = fl.relu_forward(N)
        caches += [conv_cache, bn_cache, relu_cache]
    return A, tuple(caches)


def plain_block_backward(dA, cache):
    """Backward pass of plain_block_forward. Returns dX and grads (dW1, dgamma1, dbeta1, ... dbeta3)."""
    grads = {}
    dout = dA
    for k in (3, 2, 1):
        conv_cache, bn_cache, relu_cache = cache[3 * (k - 1):3 * k]
        dN = fl.relu_backward(dout, relu_cache)
        dZ, grads[f"dgamma{k}"], grads[f"dbeta{k}"] = fl.spatial_batchnorm_backward(dN, bn_cache)
        dout, grads[f"dW{k}"], _ = fl.conv_backward(dZ, conv_cache)
    return dout, grads


def block_parameters(rng, n_C_prev, filters, f, shortcut=False, dtype=np.float64):
    """
    He-initialised parameters of a block, gammas 1 and betas 0.

    rng -- np.random.Generator; n_C_prev -- input channels; filters -- (F1, F2, F3)
    f -- window of the middle convolution; shortcut -- also draw W_s, gamma_s, beta_s
    Returns parameters -- dict of arrays (shapes in the module's docstring)
    """
    F1, F2, F3 = filters
    shapes = {"W1": (1, 1, n_C_prev, F1), "W2": (f, f, F1, F2), "W3": (1, 1, F2, F3)}
    if shortcut:
        shapes["W_s"] = (1, 1, n_C_prev, F3)
    parameters = {}
    for name, shape in shapes.items():
        fan_in = shape[0] * shape[1] * shape[2]
        parameters[name] = (rng.standard_normal(shape) * np.sqrt(2 / fan_in)).astype(dtype)
        suffix = name[1:]
        parameters["gamma" + suffix] = np.ones(shape[3], dtype=dtype)
        parameters["beta" + suffix] = np.zeros(shape[3], dtype=dtype)
    return parameters


class Block(Layer):
    """
    A block given by its forward and backward functions, as a layer of helpers.model.Model.

    forward(X, f, parameters, bn_params, **kwargs) -> (A, cache); backward(dA, cache) -> (dX, grads)
    n_C_prev -- input channels; filters -- (F1, F2, F3); f -- middle window
    shortcut -- whether the block has the W_s, gamma_s, beta_s parameters (4 batch norms)
    kwargs -- passed to forward, e.g. s=2
    """

    def __init__(self, forward, backward, n_C_prev, filters, f=3, shortcut=False, name="Block", **kwargs):
        super().__init__()
        self.forward_fn, self.backward_fn = forward, backward
        self.n_C_prev, self.filters, self.f, self.shortcut = n_C_prev, tuple(filters), f, shortcut
        self.kwargs = kwargs
        self.name = name
        self.bn_params = [{"mode": "train"} for _ in range(4 if shortcut else 3)]

    def init(self, rng, dtype):
        self.params = block_parameters(rng, self.n_C_prev, self.filters, self.f, self.shortcut, dtype)

    def forward(self, x, train=True):
        for bn_param in self.bn_params:
            bn_param["mode"] = "train" if train else "test"
        out, self.cache = self.forward_fn(x, self.f, self.params, self.bn_params, **self.kwargs)
        return out

    def backward(self, dout):
        dx, grads = self.backward_fn(dout, self.cache)
        self.grads = {name: grads["d" + name] for name in self.params}
        return dx

    def __repr__(self):
        extra = "".join(f", {k}={v}" for k, v in self.kwargs.items())
        return f"{self.name}({self.n_C_prev}->{self.filters}, f={self.f}{extra})"


def _network(block, n_identity, channels, bottleneck, image_size, n_classes, seed, dtype):
    C1, C2 = channels
    layers = [Conv(3, 3, C1, pad=1), BatchNorm(C1), ReLU(), MaxPool(2, 2)]
    for _ in range(n_identity[0]):
        layers.append(block("identity", C1, (bottleneck, bottleneck, C1)))
    layers.append(block("convolutional", C1, (2 * bottleneck, 2 * bottleneck, C2)))
    for _ in range(n_identity[1]):
        layers.append(block("identity", C2, (2 * bottleneck, 2 * bottleneck, C2)))
    size = (image_size // 2 - 1) // 2 + 1
    layers += [MaxPool(size, size, mode="average"), Flatten(), Dense(C2, n_classes)]
    return Model(layers, seed=seed, dtype=dtype)


def build_resnet(identity_block, convolutional_block, n_identity=(2, 2), channels=(8, 16), bottleneck=4,
                 image_size=16, n_classes=6, seed=1, dtype=np.float32):
    """
    A small ResNet for image_size x image_size x 3 images:

    conv 3x3 (3 -> C1) - BN - ReLU - max pool 2x2 (to image_size / 2),
    n_identity[0] identity blocks (filters (b, b, C1)),
    one convolutional block with stride 2 (filters (2b, 2b, C2)),
    n_identity[1] identity blocks (filters (2b, 2b, C2)),
    global average pooling, dense layer to n_classes scores.

    identity_block -- (identity_block_forward, identity_block_backward)
    convolutional_block -- (convolutional_block_forward, convolutional_block_backward)
    channels -- (C1, C2); bottleneck -- b
    Returns a helpers.model.Model with 1 + 3 * (n_identity[0] + 1 + n_identity[1]) convolutions
    on its main path (plus the shortcut convolution of the convolutional block)
    """
    def block(kind, n_C_prev, filters):
        if kind == "identity":
            return Block(*identity_block, n_C_prev, filters, name="IdentityBlock")
        return Block(*convolutional_block, n_C_prev, filters, shortcut=True, name="ConvolutionalBlock", s=2)
    return _network(block, n_identity, channels, bottleneck, image_size, n_classes, seed, dtype)


def build_plain_net(n_identity=(2, 2), channels=(8, 16), bottleneck=4, image_size=16, n_classes=6, seed=1,
                    dtype=np.float32):
    """
    The plain network of the same depth as build_resnet(...) with the same arguments: every
    block is replaced by its main path without the shortcut (plain_block_forward), so the two
    have the same convolutions, batch norms and ReLUs on the main path, layer for layer.
    """
    def block(kind, n_C_prev, filters):
        if kind == "identity":
            return Block(plain_block_forward, plain_block_backward, n_C_prev, filters, name="PlainBlock")
        return Block(plain_block_forward, plain_block_backward, n_C_prev, filters, name="PlainBlock", s=2)
    return _network(block, n_identity, channels, bottleneck, image_size, n_classes, seed, dtype)


def conv_gradient_norms(model):
    """
    Norm of the gradient of every convolution's weights along the main path, input side first
    (the shortcut convolution W_s is left out: it is not part of the depth).

    model -- a Model after a backward pass (its layers' grads filled)
    Returns norms -- list of floats, one per main-path convolution
    """
    norms = []
    for layer in model.layers:
        if isinstance(layer, Conv):
            norms.append(float(np.linalg.norm(layer.grads["W"])))
        elif isinstance(layer, Block):
            norms += [float(np.linalg.norm(layer.grads[f"W{k}"])) for k in (1, 2, 3)]
    return norms
