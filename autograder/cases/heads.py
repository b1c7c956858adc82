"""The classifier head of the assignments whose learner assembles a network
(c4w1-convolution-application, c4w2-residual-networks), with its typical mistakes."""

import numpy as np

from helpers import fast_layers as fl


def dense_head(A, W, b, flatten_transposed=False, last=None):
    """
    Flatten the feature maps ``A`` and apply the dense layer; or make one of the mistakes:
    ``flatten_transposed`` (the examples' features interleaved), ``last="relu"`` or
    ``last="softmax"`` (an activation on the scores, which the loss expects raw).

    Returns scores, flatten_cache, dense_cache
    """
    if flatten_transposed:
        F, flatten_cache = A.reshape(-1, A.shape[0]).T, A.shape
    else:
        F, flatten_cache = fl.flatten_forward(A)
    scores, dense_cache = fl.dense_forward(F, W, b)
    if last == "relu":
        scores = np.maximum(scores, 0)
    elif last == "softmax":
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores = e / e.sum(axis=1, keepdims=True)
    return scores, flatten_cache, dense_cache
