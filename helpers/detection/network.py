"""A small YOLO-v2-style detector in NumPy: the network, its output head and its loss.

The network maps a batch of images ``X`` of shape ``(m, H, W, 3)`` (floats in [0, 1]) to a
grid of predictions ``(m, S, S, B, 5 + C)`` with ``S = H / 16``: for every grid cell and
every one of the ``B`` anchor boxes, four box numbers ``(t_x, t_y, t_w, t_h)``, one
objectness score ``t_o`` and ``C`` class scores. Its body is six 3x3 convolutions, each
followed by spatial batch norm and a leaky ReLU (slope 0.1), four of them with stride 2;
a 1x1 convolution makes the predictions:

    conv 3x3 /2  16 -> conv 3x3 /2  32 -> conv 3x3 /2  64 -> conv 3x3  64
    -> conv 3x3 /2 128 -> conv 3x3 128 -> conv 1x1  B * (5 + C)

``yolo_head`` turns the raw predictions into boxes as YOLOv2 does (Redmon & Farhadi,
"YOLO9000: Better, Faster, Stronger", 2017): the centre is the cell's corner plus
``sigmoid(t_x), sigmoid(t_y)`` cells, the size is the anchor's size times
``exp(t_w), exp(t_h)``, the box confidence is ``sigmoid(t_o)`` and the class
probabilities are the softmax of the class scores. All coordinates it returns are
fractions of the image side, centres in ``(x, y)`` order, as in the classic assignment.

``yolo_loss`` is YOLOv2's sum of squared errors with cross-entropy for the classes (see its
docstring). Everything works in float32 or float64 (the dtype of the input).
"""

from __future__ import annotations

import numpy as np

from helpers import fast_layers as fl

# (filter size, output channels, stride) of the body's convolutions
ARCHITECTURE = ((3, 16, 2), (3, 32, 2), (3, 64, 2), (3, 64, 1), (3, 128, 2), (3, 128, 1))
LEAK = 0.1
# The loss's weights (YOLOv2's "coord", "object", "noobject" and "class" scales) and the IoU above
# which a predicted box that is not responsible for an object is not pushed towards "no object".
COORD_SCALE, OBJECT_SCALE, NOOBJECT_SCALE, CLASS_SCALE = 5.0, 5.0, 1.0, 1.0
IGNORE_IOU = 0.6


def conv_bn_parameters(rng, architecture, n_in=3):
    """
    He-initialised weights W1, W2, ... (f, f, n_C_prev, n_C) of a stack of convolutions followed by
    batch norm (gamma1 = 1, beta1 = 0, ...), drawn from rng in layer order.

    architecture -- ((f, n_C, stride), ...). Returns (parameters, channels of the last layer).
    """
    parameters, n_prev = {}, n_in
    for k, (f, n_C, _) in enumerate(architecture, start=1):
        parameters[f"W{k}"] = rng.standard_normal((f, f, n_prev, n_C)) * np.sqrt(2 / (f * f * n_prev))
        parameters[f"gamma{k}"] = np.ones(n_C)
        parameters[f"beta{k}"] = np.zeros(n_C)
        n_prev = n_C
    return parameters, n_prev


def init_parameters(n_anchors, n_classes, seed=0, architecture=ARCHITECTURE, dtype=np.float32):
    """He-initialised parameters: W1..W6 (f, f, n_C_prev, n_C), gamma/beta (n_C,), W_out, b_out."""
    rng = np.random.default_rng(seed)
    parameters, n_prev = conv_bn_parameters(rng, architecture)
    n_out = n_anchors * (5 + n_classes)
    parameters["W_out"] = rng.standard_normal((1, 1, n_prev, n_out)) * np.sqrt(1 / n_prev)
    b_out = np.zeros((n_anchors, 5 + n_classes))
    b_out[:, 4] = -4.0          # start by predicting "no object" (sigmoid(-4) = 0.018) everywhere
    parameters["b_out"] = b_out.reshape(1, 1, 1, n_out)
    return {name: value.astype(dtype) for name, value in parameters.items()}


def init_bn_state(parameters):
    """One batch-norm state dict per body layer (running averages filled in by training)."""
    n_layers = sum(1 for name in parameters if name.startswith("gamma"))
    return [{"mode": "train", "momentum": 0.9} for _ in range(n_layers)]


def leaky_relu_forward(Z):
    """A = Z where Z > 0, LEAK * Z elsewhere. Returns A, cache (Z).

    With 0 < LEAK < 1 that is max(Z, LEAK * Z), element by element: the same numbers as
    np.where(Z > 0, Z, LEAK * Z), several times faster on maps whose signs are random
    (np.where branches on every element)."""
    A = (LEAK * Z).astype(Z.dtype, copy=False)
    return np.maximum(Z, A, out=A), Z


def leaky_relu_backward(dA, Z):
    """dZ = dA where Z > 0, LEAK * dA elsewhere: dA times the slope (1 or LEAK) that Z > 0 picks
    out of a table, the same numbers as np.where(Z > 0, dA, LEAK * dA) without a branch per element."""
    slopes = np.array([LEAK, 1], dtype=dA.dtype)
    return dA * slopes.take((Z > 0).view(np.uint8))


def forward(parameters, bn_state, X, n_anchors, train=False, architecture=ARCHITECTURE):
    """
    The network's raw predictions.

    parameters -- from init_parameters (or load_detector)
    bn_state -- list of batch-norm state dicts, updated in place in training mode
    X -- images (m, H, W, 3), H and W multiples of 16
    n_anchors -- B
    train -- batch statistics (and running-average updates) if True, running averages if False
    Returns:
    raw -- (m, S_H, S_W, B, 5 + C)
    cache -- for backward
    """
    caches, A = [], X
    for k, (f, _, stride) in enumerate(architecture, start=1):
        zeros = np.zeros((1, 1, 1, parameters[f"W{k}"].shape[3]), dtype=A.dtype)
        Z, conv_cache = fl.conv_forward(A, parameters[f"W{k}"], zeros, {"stride": stride, "pad": (f - 1) // 2})
        state = bn_state[k - 1]
        state["mode"] = "train" if train else "test"
        N, bn_cache = fl.spatial_batchnorm_forward(Z, parameters[f"gamma{k}"], parameters[f"beta{k}"], state)
        A, act_cache = leaky_relu_forward(N.astype(X.dtype, copy=False))
        caches.append((conv_cache, bn_cache, act_cache))
    out, out_cache = fl.conv_forward(A, parameters["W_out"], parameters["b_out"], {"stride": 1, "pad": 0})
    m, S_H, S_W, n_out = out.shape
    return out.reshape(m, S_H, S_W, n_anchors, n_out // n_anchors), (caches, out_cache)


def backward(draw, cache):
    """Gradients of the cost with respect to every parameter, from d(cost)/d(raw)."""
    caches, out_cache = cache
    m, S_H, S_W = draw.shape[:3]
    grads = {}
    dA, grads["W_out"], grads["b_out"] = fl.conv_backward(draw.reshape(m, S_H, S_W, -1), out_cache)
    for k in range(len(caches), 0, -1):
        conv_cache, bn_cache, act_cache = caches[k - 1]
        dN = leaky_relu_backward(dA, act_cache)
        dZ, grads[f"gamma{k}"], grads[f"beta{k}"] = fl.spatial_batchnorm_backward(dN, bn_cache)
        dA, grads[f"W{k}"], _ = fl.conv_backward(dZ.astype(dN.dtype, copy=False), conv_cache)
    return grads


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def cell_offsets(S_H, S_W, dtype=np.float64):
    """(S_H, S_W, 1, 2): the (x, y) index of each grid cell."""
    xs, ys = np.meshgrid(np.arange(S_W), np.arange(S_H))
    return np.stack([xs, ys], axis=-1)[:, :, None, :].astype(dtype)


def yolo_head(raw, anchors):
    """
    Boxes, confidences and class probabilities from the network's raw predictions.

    raw -- (..., S_H, S_W, B, 5 + C), with or without a batch dimension in front
    anchors -- (B, 2) anchor widths and heights in grid cells
    Returns (the classic's yolo_outputs, in its order):
    box_xy -- (..., S_H, S_W, B, 2) box centres (x, y) as fractions of the image width and height
    box_wh -- (..., S_H, S_W, B, 2) box widths and heights as fractions of the image
    box_confidence -- (..., S_H, S_W, B, 1) probability that the box holds an object
    box_class_probs -- (..., S_H, S_W, B, C) class probabilities given an object
    """
    S_H, S_W = raw.shape[-4:-2]
    grid = np.array([S_W, S_H], dtype=raw.dtype)
    box_xy = (sigmoid(raw[..., 0:2]) + cell_offsets(S_H, S_W, raw.dtype)) / grid
    box_wh = np.exp(raw[..., 2:4]) * np.asarray(anchors, dtype=raw.dtype) / grid
    box_confidence = sigmoid(raw[..., 4:5])
    box_class_probs = softmax(raw[..., 5:])
    return box_xy, box_wh, box_confidence, box_class_probs


def centre_iou(wh1, wh2):
    """IoU of boxes with the same centre: wh1 (..., 2) against wh2 (K, 2) -> (..., K)."""
    inter = np.minimum(wh1[..., None, 0], wh2[:, 0]) * np.minimum(wh1[..., None, 1], wh2[:, 1])
    return inter / (wh1[..., None, 0] * wh1[..., None, 1] + wh2[:, 0] * wh2[:, 1] - inter)


def pairwise_iou(a, b):
    """IoU of every box of a (N, 4) with every box of b (K, 4), corners (x1, y1, x2, y2) -> (N, K)."""
    x1 = np.maximum(a[:, None, 0], b[None, :, 0])
    y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2])
    y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-12)


def build_targets(boxes, labels, anchors, S):
    """
    Which predictor answers for which object, and what it should predict.

    boxes -- list of m arrays (n_i, 4) of corners (x1, y1, x2, y2) as fractions of the image
    labels -- list of m arrays (n_i,) of class indices
    anchors -- (B, 2) in grid cells; S -- grid size
    The object's centre falls in cell (i, j); of that cell's B predictors the one whose
    anchor has the highest IoU with the object's shape (both centred) is responsible. When
    two objects pick the same predictor, the larger one keeps it.
    Returns (index arrays over the responsible predictors, all of length n_objects):
    (image, row, column, anchor), target (t_x, t_y) offsets in (0, 1), target (t_w, t_h) logs, class
    """
    anchors = np.asarray(anchors, dtype=np.float64)
    found = {}
    for n, (b, lab) in enumerate(zip(boxes, labels, strict=True)):
        b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
        centre = (b[:, :2] + b[:, 2:]) / 2 * S
        wh = (b[:, 2:] - b[:, :2]) * S
        best = np.argmax(centre_iou(wh, anchors), axis=1)
        for k in np.argsort(wh[:, 0] * wh[:, 1], kind="stable"):       # larger objects last, so they win
            j, i = np.minimum(centre[k].astype(int), S - 1)
            found[(n, i, j, best[k])] = (centre[k] - (j, i), np.log(wh[k] / anchors[best[k]]), lab[k])
    keys = sorted(found)
    index = tuple(np.array([key[d] for key in keys], dtype=np.int64) for d in range(4))
    txy = np.array([found[key][0] for key in keys]).reshape(-1, 2)
    twh = np.array([found[key][1] for key in keys]).reshape(-1, 2)
    cls = np.array([found[key][2] for key in keys], dtype=np.int64)
    return index, txy, twh, cls


def yolo_loss(raw, boxes, labels, anchors):
    """
    YOLOv2's loss on a batch, and its gradient with respect to the raw predictions.

    raw -- (m, S, S, B, 5 + C); boxes, labels -- per image, as in build_targets; anchors -- (B, 2)
    The cost, divided by m, is the sum of
    - COORD_SCALE * squared error of (sigmoid(t_x), sigmoid(t_y)) and of (t_w, t_h) against
      their targets, for the responsible predictors;
    - OBJECT_SCALE * (confidence - 1)^2 for the responsible predictors;
    - NOOBJECT_SCALE * confidence^2 for the others, except those whose box already overlaps
      an object of the image with IoU > IGNORE_IOU (they are left alone, as in YOLOv2);
    - CLASS_SCALE * cross-entropy of the class softmax, for the responsible predictors.
    Returns cost (float), parts (dict of the four terms), draw (same shape as raw)
    """
    m, S = raw.shape[0], raw.shape[1]
    index, txy, twh, cls = build_targets(boxes, labels, anchors, S)
    box_xy, box_wh, conf, probs = yolo_head(raw, anchors)
    conf = conf[..., 0]
    # predictors whose box overlaps an object enough are not pushed towards "no object"
    pred = np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1)
    ignore = np.zeros(conf.shape, dtype=bool)
    for n, b in enumerate(boxes):
        b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
        if len(b):
            ignore[n] = pairwise_iou(pred[n].reshape(-1, 4), b).max(axis=1).reshape(conf.shape[1:]) > IGNORE_IOU
    responsible = np.zeros(conf.shape, dtype=bool)
    responsible[index] = True
    noobj = ~responsible & ~ignore

    draw = np.zeros(raw.shape, dtype=np.float64)
    sxy = sigmoid(raw[index][:, 0:2].astype(np.float64))
    e_xy, e_wh = sxy - txy, raw[index][:, 2:4] - twh
    c_resp = conf[index].astype(np.float64)
    p_resp = probs[index].astype(np.float64)
    parts = {
        "coord": COORD_SCALE * float((e_xy ** 2).sum() + (e_wh ** 2).sum()) / m,
        "object": OBJECT_SCALE * float(((c_resp - 1) ** 2).sum()) / m,
        "no object": NOOBJECT_SCALE * float((conf[noobj].astype(np.float64) ** 2).sum()) / m,
        "class": CLASS_SCALE * float(-np.log(p_resp[np.arange(len(cls)), cls] + 1e-12).sum()) / m,
    }
    g = np.zeros((len(cls), raw.shape[-1]))
    g[:, 0:2] = COORD_SCALE * 2 * e_xy * sxy * (1 - sxy)
    g[:, 2:4] = COORD_SCALE * 2 * e_wh
    g[:, 4] = OBJECT_SCALE * 2 * (c_resp - 1) * c_resp * (1 - c_resp)
    onehot = np.zeros_like(p_resp)
    onehot[np.arange(len(cls)), cls] = 1
    g[:, 5:] = CLASS_SCALE * (p_resp - onehot)
    c = conf.astype(np.float64)
    draw[..., 4] = np.where(noobj, NOOBJECT_SCALE * 2 * c * c * (1 - c), 0.0)
    draw[index] = g
    return sum(parts.values()), parts, (draw / m).astype(raw.dtype)
