"""Residual and plain networks of equal depth, and the parameters they share.

The ResNet notebook has the learner write the two classic blocks and the network as functions::

    identity_block_forward(X, f, parameters, bn_params) -> (A, cache)
    identity_block_backward(dA, cache) -> (dX, grads)
    convolutional_block_forward(X, f, parameters, bn_params, s=2) -> (A, cache)
    convolutional_block_backward(dA, cache) -> (dX, grads)
    resnet_forward(X, parameters, bn_params) -> (scores, cache)
    resnet_backward(dscores, cache) -> grads

This module draws the parameters of such a network (:func:`network_parameters`), gives its
*plain* counterpart (:func:`plain_network_forward`): the same layers, block for block, with
every block replaced by its main path (conv 1x1 - BN - ReLU, conv f x f - BN - ReLU, conv 1x1 -
BN, ReLU) without the shortcut, and turns a pair of network functions into one layer of
:class:`helpers.model.Model` (:class:`Network`). Parameters of a block (no conv biases: the
batch norm after each convolution subtracts the mean of each channel, which would cancel them)::

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
from .model import Layer, Model


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


# ----------------------------------------------------------------------------------------------
# The network: stem, two stages of blocks, head
#
# parameters -- {"W0" (3, 3, n_C0, C1), "gamma0", "beta0" (C1,),     the stem's conv and batch norm
#                "stage1": [identity block parameters] * n1           (filters (b, b, C1)),
#                "stage2": [convolutional block parameters (filters (2b, 2b, C2), stride 2),
#                           identity block parameters * n2]          (filters (2b, 2b, C2)),
#                "W_fc" (C2, n_classes), "b_fc" (n_classes,)}        the dense layer
# bn_params  -- {"bn0": state dict, "stage1": [[3 state dicts]] * n1,
#                "stage2": [[4 state dicts], [3 state dicts] * n2]}
# The stem is conv 3x3 (stride 1, pad 1) - BN - ReLU - max pool 2x2 (stride 2); every block's
# middle window is 3x3; the head is an average pool over the whole map (window n_H, stride 1),
# a flatten and the dense layer.

F_BLOCK = 3


def network_parameters(rng, n_C0=3, channels=(8, 16), n_identity=(4, 4), bottleneck=4, n_classes=6,
                       dtype=np.float64):
    """
    He-initialised parameters of the network (layout above), gammas 1 and betas 0.

    rng -- np.random.Generator; n_C0 -- channels of the images; channels -- (C1, C2)
    n_identity -- (n1, n2) identity blocks in the two stages; bottleneck -- b
    Returns parameters -- nested dict (layout above)
    """
    C1, C2 = channels
    b = bottleneck
    parameters = {"W0": (rng.standard_normal((3, 3, n_C0, C1)) * np.sqrt(2 / (9 * n_C0))).astype(dtype),
                  "gamma0": np.ones(C1, dtype=dtype), "beta0": np.zeros(C1, dtype=dtype)}
    parameters["stage1"] = [block_parameters(rng, C1, (b, b, C1), F_BLOCK, dtype=dtype)
                            for _ in range(n_identity[0])]
    parameters["stage2"] = [block_parameters(rng, C1, (2 * b, 2 * b, C2), F_BLOCK, shortcut=True, dtype=dtype)]
    parameters["stage2"] += [block_parameters(rng, C2, (2 * b, 2 * b, C2), F_BLOCK, dtype=dtype)
                             for _ in range(n_identity[1])]
    parameters["W_fc"] = (rng.standard_normal((C2, n_classes)) * np.sqrt(2 / C2)).astype(dtype)
    parameters["b_fc"] = np.zeros(n_classes, dtype=dtype)
    return parameters


def network_bn_params(parameters, mode="train"):
    """Fresh batch-norm state dicts for the network of `parameters` (layout above)."""
    def block(p):
        return [{"mode": mode} for _ in range(4 if "W_s" in p else 3)]
    return {"bn0": {"mode": mode}, "stage1": [block(p) for p in parameters["stage1"]],
            "stage2": [block(p) for p in parameters["stage2"]]}


def plain_network_forward(X, parameters, bn_params):
    """
    The plain network: the layers of the ResNet with every block's shortcut removed
    (plain_block_forward; the shortcut parameters W_s, gamma_s, beta_s are not used).

    X -- (m, n_H, n_W, n_C0); parameters, bn_params -- as above
    Returns scores -- (m, n_classes); cache -- for plain_network_backward
    """
    C1 = parameters["W0"].shape[3]
    Z, conv_cache = fl.conv_forward(X, parameters["W0"], np.zeros((1, 1, 1, C1), dtype=X.dtype),
                                    {"stride": 1, "pad": 1})
    N, bn_cache = fl.spatial_batchnorm_forward(Z, parameters["gamma0"], parameters["beta0"], bn_params["bn0"])
    A, relu_cache = fl.relu_forward(N)
    A, pool_cache = fl.pool_forward(A, {"f": 2, "stride": 2}, mode="max")
    block_caches = []
    for stage in ("stage1", "stage2"):
        for k, (p, bn) in enumerate(zip(parameters[stage], bn_params[stage], strict=True)):
            s = 2 if stage == "stage2" and k == 0 else 1
            A, cache = plain_block_forward(A, F_BLOCK, p, bn, s=s)
            block_caches.append((stage, k, cache))
    P, avg_cache = fl.pool_forward(A, {"f": A.shape[1], "stride": 1}, mode="average")
    F, flatten_cache = fl.flatten_forward(P)
    scores, fc_cache = fl.dense_forward(F, parameters["W_fc"], parameters["b_fc"])
    return scores, (conv_cache, bn_cache, relu_cache, pool_cache, block_caches, avg_cache, flatten_cache, fc_cache)


def plain_network_backward(dscores, cache):
    """Backward pass of plain_network_forward. Returns grads in the layout of the parameters
    ("dW0", "dgamma0", "dbeta0", "stage1", "stage2" (lists of block grads), "dW_fc", "db_fc")."""
    conv_cache, bn_cache, relu_cache, pool_cache, block_caches, avg_cache, flatten_cache, fc_cache = cache
    grads = {"stage1": [], "stage2": []}
    dF, grads["dW_fc"], grads["db_fc"] = fl.dense_backward(dscores, fc_cache)
    dA = fl.pool_backward(fl.flatten_backward(dF, flatten_cache), avg_cache, mode="average")
    for stage, _, block_cache in reversed(block_caches):
        dA, block_grads = plain_block_backward(dA, block_cache)
        grads[stage].insert(0, block_grads)
    dN = fl.relu_backward(fl.pool_backward(dA, pool_cache, mode="max"), relu_cache)
    dZ, grads["dgamma0"], grads["dbeta0"] = fl.spatial_batchnorm_backward(dN, bn_cache)
    _, grads["dW0"], _ = fl.conv_backward(dZ, conv_cache)
    return grads


def flat_items(nested, prefix=""):
    """(name, value) of every array of a nested dict/list of arrays, with dotted names
    ("W0", "stage1.0.W1", ...), in a fixed order."""
    items = []
    if isinstance(nested, dict):
        for key, value in nested.items():
            items += flat_items(value, f"{prefix}{key}.")
    elif isinstance(nested, list | tuple):
        for k, value in enumerate(nested):
            items += flat_items(value, f"{prefix}{k}.")
    else:
        items.append((prefix[:-1], nested))
    return items


def _grad_name(name):
    *path, last = name.split(".")
    return ".".join(path + ["d" + last])


class Network(Layer):
    """
    A whole network given by its forward and backward functions, as one layer of helpers.model.Model:
    forward(X, parameters, bn_params) -> (scores, cache); backward(dscores, cache) -> grads.

    parameters -- the nested parameters (layout above); ``params`` holds the same arrays under
                  dotted names ("W0", "stage1.0.W1", ...), so that an optimiser updates them in place
    bn_params -- the batch-norm states; their mode follows ``train``
    """

    def __init__(self, forward, backward, parameters, bn_params, name="Network"):
        super().__init__()
        self.forward_fn, self.backward_fn = forward, backward
        self.parameters, self.bn_params, self.name = parameters, bn_params, name

    def init(self, rng, dtype):
        self.params = dict(flat_items(self.parameters))
        for name, value in self.params.items():
            assert value.dtype == dtype, f"{name} is {value.dtype}, the model is {dtype}"

    def forward(self, x, train=True):
        _set_mode(self.bn_params, "train" if train else "test")
        scores, self.cache = self.forward_fn(x, self.parameters, self.bn_params)
        return scores

    def backward(self, dout):
        grads = dict(flat_items(self.backward_fn(dout, self.cache)))
        self.grads = {name: grads[_grad_name(name)] for name in self.params}
        return None                       # the gradient of the images is not needed

    def __repr__(self):
        return f"{self.name}({len(self.params)} parameter arrays)"


def _set_mode(states, mode):
    """Set "mode" in every batch-norm state dict of a nested dict/list of them."""
    if isinstance(states, dict) and "mode" in states:
        states["mode"] = mode
    else:
        for state in (states.values() if isinstance(states, dict) else states):
            _set_mode(state, mode)


def build_network(forward, backward, n_identity=(4, 4), channels=(8, 16), bottleneck=4, n_classes=6, seed=1,
                  shortcuts=True, dtype=np.float32, name="Network"):
    """
    A Model of one Network layer with parameters drawn by network_parameters from
    np.random.default_rng(seed): the same seed gives the ResNet and the plain network the same
    weights on every layer they share. shortcuts=False (the plain network) leaves out the
    convolutional block's W_s, gamma_s, beta_s, after drawing them.
    """
    parameters = network_parameters(np.random.default_rng(seed), 3, channels, n_identity, bottleneck, n_classes,
                                     dtype=dtype)
    if not shortcuts:
        for name_s in ("W_s", "gamma_s", "beta_s"):
            del parameters["stage2"][0][name_s]
    return Model([Network(forward, backward, parameters, network_bn_params(parameters), name)], seed=seed,
                 dtype=dtype)


def conv_gradient_norms(grads):
    """
    Norm of the gradient of every convolution's weights along the main path, input side first
    (the shortcut convolution W_s is left out: it is not part of the depth).

    grads -- gradients in the layout of the parameters (resnet_backward's result)
    Returns norms -- list of floats: dW0, then dW1, dW2, dW3 of every block in order
    """
    norms = [float(np.linalg.norm(grads["dW0"]))]
    for stage in ("stage1", "stage2"):
        for block in grads[stage]:
            norms += [float(np.linalg.norm(block[f"dW{k}"])) for k in (1, 2, 3)]
    return norms


def conv_weights(parameters):
    """The main-path convolution weights in the order of conv_gradient_norms: W0, then W1, W2, W3 of each block."""
    weights = [parameters["W0"]]
    for stage in ("stage1", "stage2"):
        for block in parameters[stage]:
            weights += [block[f"W{k}"] for k in (1, 2, 3)]
    return weights
