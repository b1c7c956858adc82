"""Cases of c4w4-neural-style-transfer.

Activations are small random arrays of shape (1, n_H, n_W, n_C) (a few pixels, a few
channels), non-negative like ReLU outputs. The public cases are the notebook's examples; the
hidden ones use other shapes (not square, one channel, one pixel), other values, other layer
weights and other alpha and beta. ``compute_cost_gradient`` runs on tiny random feature
networks of ``helpers.style.make_network`` (two or three filter sizes, three filters each,
4 x 4 to 6 x 8 images), so the stored cases stay small. ``update_image`` is one Adam step at
various step numbers t, with pixels pushed beyond [0, 1] so that the clipping matters.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.style import features, features_backward, make_network

# ----------------------------------------------------------------------------------------------
# Inputs


def _act(seed, n_H, n_W, n_C):
    """ReLU-like activations (about half zeros), rounded so that the JSON stays short."""
    rng = np.random.default_rng(seed)
    return np.round(np.maximum(rng.standard_normal((1, n_H, n_W, n_C)), 0), 4)


def _pair(seed, shape):
    return _act(seed, *shape), _act(seed + 100, *shape)


def _style_case(seed, shapes, weights, note):
    names = [f"conv{2 * i + 3}" for i in range(len(shapes))]
    style = [_act(seed + i, *shape) for i, shape in enumerate(shapes)]
    generated = [_act(seed + 50 + i, *shape) for i, shape in enumerate(shapes)]
    return Case((style, generated, list(zip(names, weights, strict=True))), {}, note)


def _gradient_case(seed, size, sizes=(3, 5), weights=(0.5, 0.5), note="", **kwargs):
    rng = np.random.default_rng(seed)
    network = make_network(seed=seed, sizes=sizes, n_filters=3, pool=2, scale=4.0)
    content, style, generated = (np.round(rng.random((1, *size, 3)), 4) for _ in range(3))
    layers = [(f"conv{f}", w) for f, w in zip(sizes, weights, strict=True)]
    a_C = features(content, network)[0]["content"]
    style_outputs = [features(style, network)[0][name] for name, _ in layers]
    return Case((generated, network, a_C, style_outputs, layers), kwargs, note)


def _adam_case(seed, shape, t, note, scale=1.0, **kwargs):
    rng = np.random.default_rng(seed)
    image = np.round(rng.random(shape), 4)
    image[..., 0] = np.where(rng.random(shape[:-1]) < 0.3, 0.001, image[..., 0])   # near the border
    grad = np.round(scale * rng.standard_normal(shape), 4)
    v = np.round(0.1 * rng.standard_normal(shape), 4)
    s = np.round(0.01 * rng.random(shape), 4)
    return Case((image, grad, v, s, t), kwargs, note)


# ----------------------------------------------------------------------------------------------
# Typical mistakes


def _unroll(a, straight=False):
    _, n_H, n_W, n_C = a.shape
    return a.reshape(n_C, n_H * n_W) if straight else a.reshape(n_H * n_W, n_C).T


def _layer_cost(a_S, a_G, straight=False, right_gram=False, factor=4):
    _, n_H, n_W, n_C = a_G.shape
    A_S, A_G = _unroll(a_S, straight), _unroll(a_G, straight)
    gram = (lambda A: A.T @ A) if right_gram else (lambda A: A @ A.T)
    return float(np.sum((gram(A_S) - gram(A_G)) ** 2) / (factor * n_C ** 2 * (n_H * n_W) ** 2))


def _style_cost(style_outputs, generated_outputs, STYLE_LAYERS, weighted=True):
    return sum((w if weighted else 1.0) * _layer_cost(a_S, a_G)
               for a_S, a_G, (_, w) in zip(style_outputs, generated_outputs, STYLE_LAYERS, strict=True))


def _cost_gradient(image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40, content_factor=2,
                   content_sign=1, style_factor=1, fold_straight=False, swap=False):
    if swap:
        alpha, beta = beta, alpha
    outputs, cache = features(image, network)
    a_G = outputs["content"]
    generated = [outputs[name] for name, _ in STYLE_LAYERS]
    _, n_H, n_W, n_C = a_G.shape
    J_content = float(np.sum((a_C - a_G) ** 2) / (4 * n_H * n_W * n_C))
    J_style = _style_cost(style_outputs, generated, STYLE_LAYERS)
    d = {"content": content_sign * alpha * (a_G - a_C) / (content_factor * n_H * n_W * n_C)}
    for (name, w), a_S, a_L in zip(STYLE_LAYERS, style_outputs, generated, strict=True):
        _, n_H, n_W, n_C = a_L.shape
        A_S, A_G = _unroll(a_S), _unroll(a_L)
        dA = (A_G @ A_G.T - A_S @ A_S.T) @ A_G / (style_factor * n_C ** 2 * (n_H * n_W) ** 2)
        d[name] = beta * w * (dA.reshape(a_L.shape) if fold_straight else dA.T.reshape(a_L.shape))
    return alpha * J_content + beta * J_style, J_content, J_style, features_backward(d, cache)


def _adam(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999, epsilon=1e-8, correct=True,
          clip=True, sign=1):
    v = beta1 * v + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad ** 2
    v_hat, s_hat = (v / (1 - beta1 ** t), s / (1 - beta2 ** t)) if correct else (v, s)
    image = image - sign * learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return (np.clip(image, 0, 1) if clip else image), v, s


UNROLL = ("unroll (1, n_H, n_W, n_C) to (n_C, n_H * n_W) by reshaping to (n_H * n_W, n_C) and then "
          "transposing: reshaping straight to (n_C, n_H * n_W) mixes channels and positions.")
CASES_GRADIENT = dict(note="a 4 x 4 image, filter sizes 3 and 5 (3 filters each), pool 2, defaults")

SPECS = {
    "compute_content_cost": Spec(
        public=[Case(_pair(1, (4, 4, 3)), note="activations (1, 4, 4, 3)")],
        hidden=[Case(_pair(2, (3, 5, 6)), note="activations (1, 3, 5, 6)"),
                Case(_pair(3, (1, 1, 1)), note="one pixel, one channel"),
                Case((_act(4, 2, 7, 2), _act(4, 2, 7, 2)), note="identical activations: cost 0"),
                Case(_pair(5, (6, 2, 4)), note="activations (1, 6, 2, 4)")],
        mistakes=[Mistake("divide by 4 * n_H * n_W * n_C (the 4 as well).",
                          lambda a_C, a_G: float(np.sum((a_C - a_G) ** 2) / np.prod(a_G.shape))),
                  Mistake("the content cost is normalised: divide the sum by 4 * n_H * n_W * n_C.",
                          lambda a_C, a_G: float(np.sum((a_C - a_G) ** 2)))],
    ),
    "gram_matrix": Spec(
        public=[Case((np.round(np.random.default_rng(11).standard_normal((3, 4)), 4),),
                     note="A of shape (n_C, n_H * n_W) = (3, 4)")],
        hidden=[Case((np.round(np.random.default_rng(12).standard_normal((5, 2)), 4),), note="A (5, 2)"),
                Case((np.round(np.random.default_rng(13).standard_normal((1, 6)), 4),), note="one channel"),
                Case((np.round(np.random.default_rng(14).standard_normal((4, 4)), 4),),
                     note="square A (4, 4): A A^T differs from A^T A")],
        mistakes=[Mistake("the Gram matrix of A (n_C, n_H * n_W) is A A^T, of shape (n_C, n_C), not A^T A.",
                          lambda A: A.T @ A),
                  Mistake("a Gram matrix is a matrix product A @ A.T, not the elementwise square.",
                          lambda A: A * A)],
    ),
    "compute_layer_style_cost": Spec(
        public=[Case(_pair(21, (4, 4, 3)), note="activations (1, 4, 4, 3)")],
        hidden=[Case(_pair(22, (3, 5, 4)), note="activations (1, 3, 5, 4), not square"),
                Case(_pair(23, (2, 2, 1)), note="one channel"),
                Case(_pair(24, (1, 1, 3)), note="one pixel"),
                Case((_act(25, 3, 3, 2), _act(25, 3, 3, 2)), note="identical activations: cost 0"),
                Case(_pair(26, (2, 6, 5)), note="activations (1, 2, 6, 5)")],
        mistakes=[Mistake(UNROLL, lambda a_S, a_G: _layer_cost(a_S, a_G, straight=True)),
                  Mistake("compare the Gram matrices of the channels, A A^T of shape (n_C, n_C), "
                          "not A^T A (positions x positions).",
                          lambda a_S, a_G: _layer_cost(a_S, a_G, right_gram=True)),
                  Mistake("divide by 4 * n_C**2 * (n_H * n_W)**2 (the 4 as well).",
                          lambda a_S, a_G: _layer_cost(a_S, a_G, factor=1))],
    ),
    "compute_style_cost": Spec(
        public=[_style_case(31, [(4, 4, 3), (4, 4, 2), (4, 4, 4)], (0.5, 0.3, 0.2),
                            "three layers of 2 to 4 channels, weights 0.5, 0.3, 0.2")],
        hidden=[_style_case(32, [(3, 5, 2), (2, 2, 3)], (0.9, 0.1), "two layers of other shapes, weights .9, .1"),
                _style_case(33, [(3, 3, 2)], (2.0,), "one layer of weight 2"),
                _style_case(34, [(2, 3, 3), (2, 3, 1), (4, 1, 2), (2, 2, 2)], (0.25, 0.25, 0.25, 0.25),
                            "four layers of weight 0.25")],
        mistakes=[Mistake("weigh each layer's cost by its weight in STYLE_LAYERS.",
                          lambda so, go, layers: _style_cost(so, go, layers, weighted=False))],
    ),
    "total_cost": Spec(
        public=[Case((0.3, 0.05), note="J_content 0.3, J_style 0.05, default alpha 10, beta 40")],
        hidden=[Case((1.5, 2.25), {"alpha": 1, "beta": 1e3}, note="alpha 1, beta 1000"),
                Case((0.0, 0.7), {"alpha": 5, "beta": 2}, note="no content cost"),
                Case((np.float32(2.0), np.float32(0.125)), note="NumPy float32 costs")],
        mistakes=[Mistake("alpha weighs the content cost and beta the style cost: J = alpha * J_content + "
                          "beta * J_style.", lambda Jc, Js, alpha=10, beta=40: beta * Jc + alpha * Js)],
    ),
    "compute_cost_gradient": Spec(
        rtol=1e-5,
        public=[_gradient_case(41, (4, 4), **CASES_GRADIENT)],
        hidden=[_gradient_case(42, (6, 8), sizes=(3, 5, 7), weights=(0.2, 0.3, 0.5),
                               note="a 6 x 8 image, three filter sizes, unequal layer weights"),
                _gradient_case(43, (4, 6), weights=(1.0, 0.0), note="alpha 1, beta 100, one layer weight 0",
                               alpha=1, beta=100),
                _gradient_case(44, (4, 4), sizes=(5,), weights=(1.0,), note="one style layer, alpha 50, beta 5",
                               alpha=50, beta=5)],
        mistakes=[Mistake("the content gradient is alpha * (a_G - a_C) / (2 * n_H * n_W * n_C): the square "
                          "brings down a 2 that halves the cost's 4.",
                          lambda *a, **k: _cost_gradient(*a, content_factor=4, **k)),
                  Mistake("the content gradient is (a_G - a_C) / (2 n_H n_W n_C), not (a_C - a_G) / ...: "
                          "descent must move a_G towards a_C.",
                          lambda *a, **k: _cost_gradient(*a, content_sign=-1, **k)),
                  Mistake("the style gradient of a layer is (G_G - G_S) A_G / (n_C**2 (n_H n_W)**2): the 4 "
                          "of the cost cancels (2 from the square, 2 because G_G holds A_G twice).",
                          lambda *a, **k: _cost_gradient(*a, style_factor=4, **k)),
                  Mistake("fold the style gradient (n_C, n_H * n_W) back by transposing it to (n_H * n_W, n_C) "
                          "and then reshaping to (1, n_H, n_W, n_C).",
                          lambda *a, **k: _cost_gradient(*a, fold_straight=True, **k)),
                  Mistake("alpha weighs the content cost and beta the style cost.",
                          lambda *a, **k: _cost_gradient(*a, swap=True, **k))],
    ),
    "update_image": Spec(
        mutable=("image", "v", "s"),
        public=[_adam_case(51, (1, 2, 3, 3), 1, "an image (1, 2, 3, 3), first step t = 1, defaults")],
        hidden=[_adam_case(52, (1, 3, 2, 3), 7, "step t = 7, learning rate 0.1", learning_rate=0.1),
                _adam_case(53, (1, 4, 4, 3), 100, "step t = 100, other betas", beta1=0.8, beta2=0.99),
                _adam_case(54, (1, 2, 2, 3), 2, "large gradients: many pixels clipped", scale=50.0,
                           learning_rate=0.5),
                _adam_case(55, (1, 2, 2, 1), 3, "one channel, epsilon 1e-4", epsilon=1e-4)],
        mistakes=[Mistake("correct the bias of v and s: divide by (1 - beta1**t) and (1 - beta2**t).",
                          lambda *a, **k: _adam(*a, correct=False, **k)),
                  Mistake("clip the new image to [0, 1] with np.clip, as the classic's clip_0_1.",
                          lambda *a, **k: _adam(*a, clip=False, **k)),
                  Mistake("descend: subtract learning_rate * v_hat / (sqrt(s_hat) + epsilon) from the image.",
                          lambda *a, **k: _adam(*a, sign=-1, **k))],
    ),
}
