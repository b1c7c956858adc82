"""Variants of c4w4-neural-style-transfer."""

import numpy as np

from helpers.style import features, features_backward
from variants import Variants

VARIANTS = Variants("c4w4-neural-style-transfer")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# The callees, looked up in this module's namespace (the checks stand in for them here)
def compute_content_cost(a_C, a_G):
    _, n_H, n_W, n_C = a_G.shape
    return float(np.sum((a_C - a_G) ** 2) / (4 * n_H * n_W * n_C))


def gram_matrix(A):
    return A @ A.T


def compute_layer_style_cost(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS = gram_matrix(a_S.reshape(n_H * n_W, n_C).T)
    GG = gram_matrix(a_G.reshape(n_H * n_W, n_C).T)
    return float(np.sum((GS - GG) ** 2) / (4 * n_C ** 2 * (n_H * n_W) ** 2))


def compute_style_cost(style_outputs, generated_outputs, STYLE_LAYERS):
    return sum(w * compute_layer_style_cost(a_S, a_G)
               for a_S, a_G, (_, w) in zip(style_outputs, generated_outputs, STYLE_LAYERS, strict=True))


def total_cost(J_content, J_style, alpha=10, beta=40):
    return alpha * J_content + beta * J_style


# Wrong callees (with the parameter names of the right ones): a caller that uses them must still pass
def gram_transposed(A):
    return A.T @ A


def layer_cost_straight(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS, GG = (a.reshape(n_C, n_H * n_W) @ a.reshape(n_C, n_H * n_W).T for a in (a_S, a_G))
    return float(np.sum((GS - GG) ** 2))


def content_cost_not_implemented(a_C, a_G):
    raise NotImplementedError()


def style_cost_unweighted(style_outputs, generated_outputs, STYLE_LAYERS):
    return 0.0


def total_cost_swapped(J_content, J_style, alpha=10, beta=40):
    return beta * J_content + alpha * J_style


# ----------------------------------------------------------------------------------------------
@ok("compute_content_cost")
def content_loops(a_C, a_G):
    _, n_H, n_W, n_C = a_G.shape
    total = 0.0
    for h in range(n_H):
        for w in range(n_W):
            for c in range(n_C):
                total += (a_C[0, h, w, c] - a_G[0, h, w, c]) ** 2
    return total / (4 * n_H * n_W * n_C)


@ok("compute_content_cost")
def content_unrolled_float32(a_C, a_G):
    m, n_H, n_W, n_C = a_G.shape
    C = a_C.reshape(m, -1, n_C).astype(np.float32)
    G = a_G.reshape(m, -1, n_C).astype(np.float32)
    return np.sum(np.square(C - G), dtype=np.float64) / (4 * n_H * n_W * n_C)


@wrong("compute_content_cost", "the 4 as well")
def content_mean(a_C, a_G):
    return float(np.mean((a_C - a_G) ** 2))


@wrong("compute_content_cost", "divide the sum by 4 * n_H * n_W * n_C")
def content_unnormalised(a_C, a_G):
    return float(np.sum((a_C - a_G) ** 2))


@wrong("compute_content_cost", "your result should be")
def content_absolute(a_C, a_G):
    _, n_H, n_W, n_C = a_G.shape
    return float(np.sum(np.abs(a_C - a_G)) / (4 * n_H * n_W * n_C))


# ----------------------------------------------------------------------------------------------
@ok("gram_matrix")
def gram_dot(A):
    return np.dot(A, np.transpose(A))


@ok("gram_matrix")
def gram_einsum(A):
    return np.einsum("ik,jk->ij", A, A)


@ok("gram_matrix")
def gram_loops(A):
    n_C = A.shape[0]
    G = np.zeros((n_C, n_C))
    for i in range(n_C):
        for j in range(n_C):
            G[i, j] = np.sum(A[i] * A[j])
    return G


@wrong("gram_matrix", "not A^T A")
def gram_wrong_side(A):
    return A.T @ A


@wrong("gram_matrix", "not the elementwise square")
def gram_elementwise(A):
    return A * A


# ----------------------------------------------------------------------------------------------
@ok("compute_layer_style_cost")
def layer_cost_einsum(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS = np.einsum("hwi,hwj->ij", a_S[0], a_S[0])
    GG = np.einsum("hwi,hwj->ij", a_G[0], a_G[0])
    return float(np.sum((GS - GG) ** 2) / (4 * n_C ** 2 * (n_H * n_W) ** 2))


@ok("compute_layer_style_cost")
def layer_cost_transpose_first(a_S, a_G):
    # channels first, then flatten the positions: also a correct unrolling
    _, n_H, n_W, n_C = a_G.shape
    A_S = np.transpose(a_S[0], (2, 0, 1)).reshape(n_C, -1).astype(np.float32)
    A_G = np.transpose(a_G[0], (2, 0, 1)).reshape(n_C, -1).astype(np.float32)
    d = gram_matrix(A_S).astype(np.float64) - gram_matrix(A_G)
    return float(np.sum(d ** 2)) / (4 * n_C ** 2 * (n_H * n_W) ** 2)


@ok("compute_layer_style_cost", callees={"gram_matrix": gram_transposed})
def layer_cost_with_wrong_gram(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS = gram_matrix(a_S.reshape(n_H * n_W, n_C).T)
    GG = gram_matrix(a_G.reshape(n_H * n_W, n_C).T)
    return float(np.sum((GS - GG) ** 2) / (4 * n_C ** 2 * (n_H * n_W) ** 2))


@wrong("compute_layer_style_cost", "reshaping straight to (n_C, n_H * n_W)")
def layer_cost_straight_unrolling(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS = gram_matrix(a_S.reshape(n_C, n_H * n_W))
    GG = gram_matrix(a_G.reshape(n_C, n_H * n_W))
    return float(np.sum((GS - GG) ** 2) / (4 * n_C ** 2 * (n_H * n_W) ** 2))


@wrong("compute_layer_style_cost", "the 4 as well")
def layer_cost_without_four(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    GS = gram_matrix(a_S.reshape(n_H * n_W, n_C).T)
    GG = gram_matrix(a_G.reshape(n_H * n_W, n_C).T)
    return float(np.sum((GS - GG) ** 2) / (n_C ** 2 * (n_H * n_W) ** 2))


@wrong("compute_layer_style_cost", "not A^T A")
def layer_cost_position_gram(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    A_S, A_G = a_S.reshape(n_H * n_W, n_C).T, a_G.reshape(n_H * n_W, n_C).T
    return float(np.sum((A_S.T @ A_S - A_G.T @ A_G) ** 2) / (4 * n_C ** 2 * (n_H * n_W) ** 2))


# ----------------------------------------------------------------------------------------------
@ok("compute_style_cost")
def style_cost_indexed(style_outputs, generated_outputs, STYLE_LAYERS):
    J = 0
    for i in range(len(STYLE_LAYERS)):
        J = J + STYLE_LAYERS[i][1] * compute_layer_style_cost(style_outputs[i], generated_outputs[i])
    return J


@ok("compute_style_cost", callees={"compute_layer_style_cost": layer_cost_straight})
def style_cost_with_wrong_layer_cost(style_outputs, generated_outputs, STYLE_LAYERS):
    weights = np.array([w for _, w in STYLE_LAYERS])
    costs = np.array([compute_layer_style_cost(s, g) for s, g in zip(style_outputs, generated_outputs,
                                                                        strict=True)])
    return float(weights @ costs)


@wrong("compute_style_cost", "weigh each layer's cost by its weight")
def style_cost_unweighted_sum(style_outputs, generated_outputs, STYLE_LAYERS):
    return sum(compute_layer_style_cost(s, g) for s, g in zip(style_outputs, generated_outputs, strict=True))


@wrong("compute_style_cost", "your result should be")
def style_cost_first_layer_only(style_outputs, generated_outputs, STYLE_LAYERS):
    return STYLE_LAYERS[0][1] * compute_layer_style_cost(style_outputs[0], generated_outputs[0])


# ----------------------------------------------------------------------------------------------
@ok("total_cost")
def total_cost_float(J_content, J_style, alpha=10, beta=40):
    return float(np.dot([alpha, beta], [J_content, J_style]))


@ok("total_cost")
def total_cost_reordered(J_content, J_style, alpha=10, beta=40):
    return J_style * beta + J_content * alpha


@wrong("total_cost", "alpha weighs the content cost")
def total_cost_alpha_beta_swapped(J_content, J_style, alpha=10, beta=40):
    return beta * J_content + alpha * J_style


@wrong("total_cost", "your result should be")
def total_cost_default_weights(J_content, J_style, alpha=10, beta=40):
    return 10 * J_content + 40 * J_style


# ----------------------------------------------------------------------------------------------
def _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta, content=2,
              content_sign=1, style=1, fold_straight=False, dtype=None):
    outputs, cache = features(generated_image if dtype is None else generated_image.astype(dtype), network)
    a_G = outputs["content"]
    generated = [outputs[name] for name, _ in STYLE_LAYERS]
    J_content = compute_content_cost(a_C, a_G)
    J_style = compute_style_cost(style_outputs, generated, STYLE_LAYERS)
    J = total_cost(J_content, J_style, alpha, beta)
    _, n_H, n_W, n_C = a_G.shape
    d = {"content": content_sign * alpha * (a_G - a_C) / (content * n_H * n_W * n_C)}
    for (name, w), a_S, a_L in zip(STYLE_LAYERS, style_outputs, generated, strict=True):
        _, n_H, n_W, n_C = a_L.shape
        A_S, A_G = a_S.reshape(-1, n_C).T, a_L.reshape(-1, n_C).T
        dA = (gram_matrix(A_G) - gram_matrix(A_S)) @ A_G / (style * n_C ** 2 * (n_H * n_W) ** 2)
        d[name] = beta * w * (dA.reshape(a_L.shape) if fold_straight else dA.T.reshape(a_L.shape))
    return J, J_content, J_style, features_backward(d, cache)


@ok("compute_cost_gradient")
def gradient_einsum(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    # the style gradient without unrolling: dJ/da[h, w, j] = sum_i a[h, w, i] (G_G - G_S)[i, j] / ...
    outputs, cache = features(generated_image, network)
    a_G = outputs["content"]
    J_content = compute_content_cost(a_C, a_G)
    J_style = compute_style_cost(style_outputs, [outputs[n] for n, _ in STYLE_LAYERS], STYLE_LAYERS)
    d = {"content": alpha * (a_G - a_C) / (2 * a_G.size)}
    for (name, w), a_S in zip(STYLE_LAYERS, style_outputs, strict=True):
        a = outputs[name]
        _, n_H, n_W, n_C = a.shape
        E = np.einsum("bhwi,bhwj->ij", a, a) - np.einsum("bhwi,bhwj->ij", a_S, a_S)
        d[name] = beta * w * np.einsum("bhwi,ij->bhwj", a, E) / (n_C ** 2 * (n_H * n_W) ** 2)
    return alpha * J_content + beta * J_style, J_content, J_style, features_backward(d, cache)


@ok("compute_cost_gradient", callees={"compute_content_cost": content_cost_not_implemented,
                                      "compute_style_cost": style_cost_unweighted,
                                      "total_cost": total_cost_swapped, "gram_matrix": gram_transposed})
def gradient_with_wrong_callees(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    return _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta)


@ok("compute_cost_gradient")
def gradient_float32(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    J, J_content, J_style, grad = _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha,
                                            beta)
    return J, J_content, J_style, grad.astype(np.float32)


@wrong("compute_cost_gradient", "the square brings down a 2")
def gradient_content_four(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    return _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta, content=4)


@wrong("compute_cost_gradient", "descent must move a_G towards a_C")
def gradient_content_sign(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    return _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta, content_sign=-1)


@wrong("compute_cost_gradient", "the 4 of the cost cancels")
def gradient_style_four(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    return _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta, style=4)


@wrong("compute_cost_gradient", "fold the style gradient")
def gradient_folded_straight(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    return _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha, beta,
                     fold_straight=True)


@wrong("compute_cost_gradient", "sign")
def gradient_ascent(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha=10, beta=40):
    J, J_content, J_style, grad = _gradient(generated_image, network, a_C, style_outputs, STYLE_LAYERS, alpha,
                                            beta)
    return J, J_content, J_style, -grad


# ----------------------------------------------------------------------------------------------
def _adam(image, grad, v, s, t, learning_rate, beta1, beta2, epsilon, correct=True, clip=True, sign=1):
    v = beta1 * v + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad ** 2
    v_hat, s_hat = (v / (1 - beta1 ** t), s / (1 - beta2 ** t)) if correct else (v, s)
    image = image - sign * learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return (np.clip(image, 0, 1) if clip else image), v, s


@ok("update_image")
def adam_in_place(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v *= beta1
    v += (1 - beta1) * grad
    s *= beta2
    s += (1 - beta2) * np.square(grad)
    image -= learning_rate * (v / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + epsilon)
    np.clip(image, 0, 1, out=image)
    return image, v, s


@ok("update_image")
def adam_minimum_maximum(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999, epsilon=1e-8):
    image, v, s = _adam(image, grad, v, s, t, learning_rate, beta1, beta2, epsilon, clip=False)
    return np.minimum(np.maximum(image, 0.0), 1.0), v, s


@wrong("update_image", "correct the bias")
def adam_without_bias_correction(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999,
                                 epsilon=1e-8):
    return _adam(image, grad, v, s, t, learning_rate, beta1, beta2, epsilon, correct=False)


@wrong("update_image", "clip the new image to [0, 1]")
def adam_without_clipping(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(image, grad, v, s, t, learning_rate, beta1, beta2, epsilon, clip=False)


@wrong("update_image", "descend")
def adam_ascent(image, grad, v, s, t, learning_rate=0.03, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(image, grad, v, s, t, learning_rate, beta1, beta2, epsilon, sign=-1)
