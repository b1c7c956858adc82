"""A fixed random-weight multi-scale ConvNet whose activations carry style.

Random convolutional filters followed by a ReLU already give features whose Gram matrices
describe a texture well: He, Wang & Hopcroft, "A Powerful Generative Model Using Random
Weights for the Deep Image Representation" (NeurIPS 2016), and Ustyuzhaninov, Brendel,
Gatys & Bethge, "What does it take to generate natural textures?" (ICLR 2017), whose
single-layer network has filters of several sizes. The network here follows the second
paper: one layer of ``n_filters`` random filters at each of the sizes ``sizes`` (3, 5, 7,
11 by default), zero bias, "same" padding, stride 1, ReLU. The activations of the four
sizes are the four **style layers** ("conv3", "conv5", "conv7", "conv11"); the **content
layer** ("content") is the average over ``pool`` x ``pool`` blocks of all of them,
concatenated: coarse enough that it keeps where things are in the image but leaves the
fine texture free.

Images are channels-last, ``(1, n_H, n_W, 3)``, values in [0, 1]; the network sees
``image - 0.5``. The activations have the dtype of the image (float32 or float64).

    network = make_network(seed=1)
    outputs, cache = features(image, network)         # {"conv3": ..., "conv11": ..., "content": ...}
    d_image = features_backward(d_outputs, cache)     # {name: gradient} -> gradient of the image
"""

from __future__ import annotations

import numpy as np

from helpers.fast_layers import pool_backward, pool_forward, windows, zero_pad

MEAN = 0.5


def make_network(seed=1, sizes=(3, 5, 7, 11), n_filters=32, pool=4, scale=25.0, n_channels=3):
    """
    The fixed random weights of the feature network.

    seed -- seed of np.random.default_rng
    sizes -- filter sizes, one style layer each (odd numbers)
    n_filters -- filters per size
    pool -- side of the blocks the content layer averages over
    scale -- standard deviation of the filters times sqrt(f * f * n_channels); the cost of a
             Gram matrix grows as scale**4 and the content cost as scale**2, so the scale sets
             the balance of the two costs for given alpha and beta. 25 makes the classic's
             alpha = 10, beta = 40 give a clear style that keeps the content at 96 x 96.
    n_channels -- channels of the images
    Returns network -- {"W3": (3, 3, n_channels, n_filters), ..., "pool": pool}; the filters
               are Gaussian, and their mean over each filter is removed so that a flat image
               gives zero activations
    """
    rng = np.random.default_rng(seed)
    network = {}
    for f in sizes:
        W = scale * rng.standard_normal((f, f, n_channels, n_filters)) / np.sqrt(f * f * n_channels)
        network[f"W{f}"] = W - W.mean(axis=(0, 1, 2), keepdims=True)
    network["pool"] = pool
    return network


def _sizes(network):
    return sorted(int(k[1:]) for k in network if k.startswith("W"))


def features(image, network):
    """
    Activations of the style layers and of the content layer.

    image -- (1, n_H, n_W, n_C) values in [0, 1]; n_H and n_W multiples of network["pool"]
    network -- from make_network
    Returns:
    outputs -- dict {"conv3": a_conv3, "conv5": ..., "conv7": ..., "conv11": ..., "content": ...}
               (one "conv<f>" per filter size): the style layers have shape
               (1, n_H, n_W, n_filters), the content layer
               (1, n_H // pool, n_W // pool, len(sizes) * n_filters)
    cache -- for features_backward
    """
    x = image - np.asarray(MEAN, dtype=image.dtype)
    outputs, layers = {}, []
    for f in _sizes(network):
        W = network[f"W{f}"].astype(x.dtype, copy=False)
        pad = f // 2
        win = windows(zero_pad(x, pad), f, f, 1)
        m, n_H, n_W = win.shape[:3]
        Z = (win.reshape(m * n_H * n_W, -1) @ W.reshape(-1, W.shape[-1])).reshape(m, n_H, n_W, -1)
        A = np.maximum(Z, 0)
        outputs[f"conv{f}"] = A
        layers.append((f"conv{f}", W, pad, A))
    pool = network["pool"]
    content, pool_cache = pool_forward(np.concatenate(list(outputs.values()), axis=-1),
                                       {"f": pool, "stride": pool}, mode="average")
    outputs["content"] = content
    return outputs, (x.shape, layers, pool_cache)


def features_backward(d_outputs, cache):
    """
    Backward pass: from the gradients of a cost with respect to the outputs to its gradient
    with respect to the image.

    d_outputs -- dict {layer name: gradient of the cost with respect to that output (its
                 shape)}; a layer the cost does not depend on may be left out
    cache -- from features
    Returns d_image -- (1, n_H, n_W, n_C)
    """
    shape, layers, pool_cache = cache
    d_style = [d_outputs.get(name) for name, *_ in layers]
    if d_outputs.get("content") is not None:
        d_cat = pool_backward(d_outputs["content"], pool_cache, mode="average")
        split = np.split(d_cat, len(layers), axis=-1)
        d_style = [s if d is None else d + s for d, s in zip(d_style, split, strict=True)]
    m, n_H, n_W, n_C = shape
    # accumulated channels-first, (n_C, m, rows, columns), so that each of the f * f shifted
    # additions below runs over contiguous rows
    d_image = np.zeros((n_C, m, n_H, n_W), dtype=layers[0][3].dtype)
    for dA, (_, W, pad, A) in zip(d_style, layers, strict=True):
        if dA is None:
            continue
        f, n_F = W.shape[0], W.shape[-1]
        dZ = np.where(A > 0, dA, 0).astype(A.dtype, copy=False)
        # gradient of every window (im2col's inverse, "col2im"): (f, f, n_C, m, n_H, n_W)
        d_win = (W.reshape(-1, n_F) @ dZ.reshape(-1, n_F).T).reshape(f, f, n_C, m, n_H, n_W)
        d_pad = np.zeros((n_C, m, n_H + 2 * pad, n_W + 2 * pad), dtype=d_image.dtype)
        for i in range(f):          # loop over the filter's f * f positions, not over pixels
            for j in range(f):
                d_pad[:, :, i:i + n_H, j:j + n_W] += d_win[i, j]
        d_image += d_pad[:, :, pad:pad + n_H, pad:pad + n_W]
    return d_image.transpose(1, 2, 3, 0)
