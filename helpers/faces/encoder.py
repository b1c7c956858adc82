"""A small face encoder in NumPy: a ConvNet giving L2-normalised 128-d encodings, and the triplet loss.

    conv 3x3 /2 16 -> conv 3x3 /2 32 -> conv 3x3 64 -> conv 3x3 /2 64 -> conv 3x3 /2 128
    -> global average pool -> dense 128 -> L2 normalisation

Each convolution is followed by spatial batch norm and a leaky ReLU (slope 0.1). Two forms of
the triplet loss of FaceNet (Schroff, Kalenichenko & Philbin, CVPR 2015) with in-batch mining
(Hermans, Beyer & Leibe, "In Defense of the Triplet Loss for Person Re-Identification", 2017)
are here, for a batch of P identities with K portraits each: "batch-all", the mean over every
triplet of the batch that violates the margin (the course's encoder is trained with it,
``helpers.training.faces``), and "batch-hard", where each anchor's triplet is its farthest
positive and its closest negative.
"""

from __future__ import annotations

import numpy as np

from helpers import fast_layers as fl
from helpers.detection.network import conv_bn_parameters, leaky_relu_backward, leaky_relu_forward

ARCHITECTURE = ((3, 16, 2), (3, 32, 2), (3, 64, 1), (3, 64, 2), (3, 128, 2))
EMBEDDING = 128


def init_parameters(seed=0, architecture=ARCHITECTURE, embedding=EMBEDDING, dtype=np.float32):
    rng = np.random.default_rng(seed)
    parameters, n_prev = conv_bn_parameters(rng, architecture)
    parameters["W_out"] = rng.standard_normal((n_prev, embedding)) * np.sqrt(1 / n_prev)
    parameters["b_out"] = np.zeros(embedding)
    return {name: value.astype(dtype) for name, value in parameters.items()}


def init_bn_state(parameters):
    return [{"mode": "train", "momentum": 0.9} for name in parameters if name.startswith("gamma")]


def forward(parameters, bn_state, X, train=False, architecture=ARCHITECTURE):
    """X (m, 64, 64, 3) in [0, 1] -> encodings (m, 128) of norm 1, cache."""
    caches, A = [], X
    for k, (f, _, stride) in enumerate(architecture, start=1):
        zeros = np.zeros((1, 1, 1, parameters[f"W{k}"].shape[3]), dtype=A.dtype)
        Z, conv_cache = fl.conv_forward(A, parameters[f"W{k}"], zeros, {"stride": stride, "pad": (f - 1) // 2})
        bn_state[k - 1]["mode"] = "train" if train else "test"
        N, bn_cache = fl.spatial_batchnorm_forward(Z, parameters[f"gamma{k}"], parameters[f"beta{k}"],
                                                   bn_state[k - 1])
        A, act = leaky_relu_forward(N.astype(X.dtype, copy=False))
        caches.append((conv_cache, bn_cache, act))
    pooled = A.mean(axis=(1, 2))
    E = pooled @ parameters["W_out"] + parameters["b_out"]
    norm = np.sqrt((E * E).sum(axis=1, keepdims=True)) + 1e-12
    return E / norm, (caches, A.shape, pooled, E, norm)


def backward(dY, cache, parameters):
    caches, shape, pooled, E, norm = cache
    Y = E / norm
    dE = (dY - Y * (dY * Y).sum(axis=1, keepdims=True)) / norm
    grads = {"W_out": pooled.T @ dE, "b_out": dE.sum(axis=0)}
    dA = np.broadcast_to((dE @ parameters["W_out"].T)[:, None, None, :] / (shape[1] * shape[2]), shape)
    for k in range(len(caches), 0, -1):
        conv_cache, bn_cache, act = caches[k - 1]
        dN = leaky_relu_backward(np.ascontiguousarray(dA), act)
        dZ, grads[f"gamma{k}"], grads[f"beta{k}"] = fl.spatial_batchnorm_backward(dN, bn_cache)
        dA, grads[f"W{k}"], _ = fl.conv_backward(dZ.astype(dN.dtype, copy=False), conv_cache)
    return grads


def batch_hard_triplet_loss(Y, labels, alpha=0.2):
    """
    Mean batch-hard triplet loss of encodings Y (m, d) with identity labels (m,), and dL/dY.

    For each anchor i: d_pos = max over the same identity of ||y_i - y_j||^2, d_neg = min over
    other identities; loss_i = max(d_pos - d_neg + alpha, 0).
    """
    m = len(Y)
    D = ((Y[:, None, :] - Y[None, :, :]) ** 2).sum(axis=-1)
    same = labels[:, None] == labels[None, :]
    pos = np.where(same & ~np.eye(m, dtype=bool), D, -np.inf).argmax(axis=1)
    neg = np.where(~same, D, np.inf).argmin(axis=1)
    rows = np.arange(m)
    margin = D[rows, pos] - D[rows, neg] + alpha
    active = margin > 0
    loss = float(np.maximum(margin, 0).mean())
    dY = np.zeros_like(Y, dtype=np.float64)
    for i in np.flatnonzero(active):
        p, n = pos[i], neg[i]
        dY[i] += 2 * (Y[n] - Y[p])
        dY[p] += -2 * (Y[i] - Y[p])
        dY[n] += 2 * (Y[i] - Y[n])
    return loss, float(active.mean()), (dY / m).astype(Y.dtype)


def batch_all_triplet_loss(Y, labels, alpha=0.2):
    """
    The triplet loss averaged over the triplets of a batch that still violate the margin
    ("batch-all", Hermans et al. 2017), and dL/dY.

    Every (anchor, positive, negative) of the batch with d(a, p) - d(a, n) + alpha > 0 counts;
    the loss is their mean. Returns loss, fraction of active triplets, dY (m, d).
    """
    D = ((Y[:, None, :] - Y[None, :, :]) ** 2).sum(axis=-1).astype(np.float64)
    same = labels[:, None] == labels[None, :]
    positive = same & ~np.eye(len(Y), dtype=bool)
    valid = positive[:, :, None] & ~same[:, None, :]                 # [a, p, n]
    margin = D[:, :, None] - D[:, None, :] + alpha
    active = valid & (margin > 0)
    n_active = max(int(active.sum()), 1)
    loss = float(margin[active].sum() / n_active)
    G = (active.sum(axis=2) - active.sum(axis=1)) / n_active         # dL/dD[a, j]
    Y64 = Y.astype(np.float64)
    dY = 2 * ((G.sum(axis=1) + G.sum(axis=0))[:, None] * Y64 - (G + G.T) @ Y64)
    return loss, float(active.sum() / max(valid.sum(), 1)), dY.astype(Y.dtype)
