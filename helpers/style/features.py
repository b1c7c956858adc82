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

from helpers import fast_layers as fl

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
        Z, conv_cache = fl.conv_forward(x, W, np.zeros((1, 1, 1, W.shape[-1]), dtype=x.dtype),
                                     {"stride": 1, "pad": f // 2})
        outputs[f"conv{f}"], relu_cache = fl.relu_forward(Z)
        layers.append((f"conv{f}", conv_cache, relu_cache))
    pool = network["pool"]
    content, pool_cache = fl.pool_forward(np.concatenate(list(outputs.values()), axis=-1),
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
        d_cat = fl.pool_backward(d_outputs["content"], pool_cache, mode="average")
        split = np.split(d_cat, len(layers), axis=-1)
        d_style = [s if d is None else d + s for d, s in zip(d_style, split, strict=True)]
    d_image = None
    for dA, (_, conv_cache, relu_cache) in zip(d_style, layers, strict=True):
        if dA is None:
            continue
        dX = fl.conv_backward(fl.relu_backward(dA, relu_cache), conv_cache)[0]
        d_image = dX if d_image is None else d_image + dX
    return np.zeros(shape) if d_image is None else d_image
