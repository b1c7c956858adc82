"""Variants of c4w1-convolution-application."""

import math

import numpy as np

from helpers import fast_layers
from variants import Variants

VARIANTS = Variants("c4w1-convolution-application")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# ----------------------------------------------------------------------------------------------
def _he(shapes, seed, fan_in_of, gain=2.0, bias_shape=None, reseed=False):
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(shapes) + 1):
        if reseed:
            np.random.seed(seed)
        shape = shapes[f"W{l}"]
        parameters[f"W{l}"] = np.random.randn(*shape) * np.sqrt(gain / fan_in_of(shape))
        parameters[f"b{l}"] = np.zeros(bias_shape(shape) if bias_shape else
                                       ((1, 1, 1, shape[-1]) if len(shape) == 4 else (shape[-1],)))
    return parameters


@ok("initialize_parameters")
def init_math_prod(shapes, seed=1):
    # fan-in with math.prod, the weights with standard_normal (the same stream as randn)
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(shapes) + 1):
        shape = shapes["W" + str(l)]
        fan_in = math.prod(shape[:-1])
        parameters["W" + str(l)] = np.random.standard_normal(shape) * math.sqrt(2.0 / fan_in)
        parameters["b" + str(l)] = np.zeros(shape[-1]) if len(shape) == 2 else np.zeros((1, 1, 1, shape[-1]))
    return parameters


@ok("initialize_parameters")
def init_normal_with_scale(shapes, seed=1):
    # np.random.normal with the standard deviation as scale, the cases told apart by unpacking
    np.random.seed(seed)
    parameters = {}
    for l, key in enumerate(sorted(shapes, key=lambda k: int(k[1:])), start=1):
        shape = shapes[key]
        if len(shape) == 4:
            f_h, f_w, n_C_prev, n_C = shape
            fan_in = f_h * f_w * n_C_prev
            b = np.zeros((1, 1, 1, n_C), dtype=np.float32)
        else:
            fan_in, n_out = shape
            b = np.zeros(n_out, dtype=np.float32)
        parameters[f"W{l}"] = np.random.normal(0.0, np.sqrt(2 / fan_in), size=shape).astype(np.float32)
        parameters[f"b{l}"] = b
    return parameters


@wrong("initialize_parameters", "f * f * n_C_prev")
def init_fan_in_channels_only(shapes, seed=1):
    return _he(shapes, seed, lambda shape: shape[-2])


@wrong("initialize_parameters", "not the fan-out")
def init_fan_out(shapes, seed=1):
    return _he(shapes, seed, lambda shape: shape[-1])


@wrong("initialize_parameters", "leave out the last dimension")
def init_all_weights(shapes, seed=1):
    return _he(shapes, seed, lambda shape: int(np.prod(shape)))


@wrong("initialize_parameters", "LeCun")
def init_lecun(shapes, seed=1):
    return _he(shapes, seed, lambda shape: int(np.prod(shape[:-1])), gain=1.0)


@wrong("initialize_parameters", "seed once")
def init_reseeded(shapes, seed=1):
    return _he(shapes, seed, lambda shape: int(np.prod(shape[:-1])), reseed=True)


@wrong("initialize_parameters", "shape")
def init_flat_conv_bias(shapes, seed=1):
    # a bias of shape (n_C,) after a convolution
    return _he(shapes, seed, lambda shape: int(np.prod(shape[:-1])), bias_shape=lambda shape: (shape[-1],))


@wrong("initialize_parameters", "public case 1")
def init_uniform(shapes, seed=1):
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(shapes) + 1):
        shape = shapes[f"W{l}"]
        parameters[f"W{l}"] = np.random.rand(*shape) * np.sqrt(2 / np.prod(shape[:-1]))
        parameters[f"b{l}"] = np.zeros((1, 1, 1, shape[-1]) if len(shape) == 4 else shape[-1])
    return parameters


# ----------------------------------------------------------------------------------------------
def _forward(X, parameters, hparameters, mode="max", activation="relu", last=None, blocks=("1", "2")):
    A, caches = X, []
    for l, k in zip(("1", "2"), blocks, strict=True):
        Z, conv_cache = fast_layers.conv_forward(A, parameters["W" + l], parameters["b" + l], hparameters["conv" + k])
        A_act, act_cache = (np.tanh(Z), Z) if activation == "tanh" else fast_layers.relu_forward(Z)
        A, pool_cache = fast_layers.pool_forward(A_act, hparameters["pool" + k], mode=mode)
        caches.append((conv_cache, act_cache, pool_cache))
    F, flatten_cache = fast_layers.flatten_forward(A)
    scores, dense_cache = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    if last == "relu":
        scores = np.maximum(scores, 0)
    elif last == "softmax":
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores = e / e.sum(axis=1, keepdims=True)
    return scores, (caches[0], caches[1], flatten_cache, dense_cache)


@ok("convnet_forward")
def convnet_forward_written_out(X, parameters, hparameters):
    Z1, c1 = fast_layers.conv_forward(X, parameters["W1"], parameters["b1"], hparameters["conv1"])
    R1, r1 = fast_layers.relu_forward(Z1)
    A1, p1 = fast_layers.pool_forward(R1, hparameters["pool1"])
    Z2, c2 = fast_layers.conv_forward(A1, parameters["W2"], parameters["b2"], hparameters["conv2"])
    R2, r2 = fast_layers.relu_forward(Z2)
    A2, p2 = fast_layers.pool_forward(R2, hparameters["pool2"])
    F, fc = fast_layers.flatten_forward(A2)
    scores, dc = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    return scores, ((c1, r1, p1), (c2, r2, p2), fc, dc)


@ok("convnet_forward")
def convnet_forward_by_hand(X, parameters, hparameters):
    # ReLU with a mask, reshape and np.dot instead of the fast flatten and dense layers, float32 scores
    caches = []
    A = X
    for l in ("1", "2"):
        Z, conv_cache = fast_layers.conv_forward(A, parameters["W" + l], parameters["b" + l], hparameters["conv" + l])
        A_relu = Z * (Z > 0)
        A, pool_cache = fast_layers.pool_forward(A_relu, hparameters["pool" + l], "max")
        caches.append((conv_cache, Z, pool_cache))
    F = A.reshape(A.shape[0], -1)
    scores = np.dot(F, parameters["W3"]) + parameters["b3"].reshape(1, -1)
    return scores.astype(np.float32), (caches[0], caches[1], A.shape, (F, parameters["W3"], parameters["b3"]))


@wrong("convnet_forward", "no ReLU after the dense layer")
def convnet_forward_relu_scores(X, parameters, hparameters):
    return _forward(X, parameters, hparameters, last="relu")


@wrong("convnet_forward", "the softmax is part of the loss")
def convnet_forward_softmax(X, parameters, hparameters):
    return _forward(X, parameters, hparameters, last="softmax")


@wrong("convnet_forward", "hparameters['conv1']")
def convnet_forward_first_hparameters_twice(X, parameters, hparameters):
    return _forward(X, parameters, hparameters, blocks=("1", "1"))


@wrong("convnet_forward", "not tanh")
def convnet_forward_tanh(X, parameters, hparameters):
    return _forward(X, parameters, hparameters, activation="tanh")


@wrong("convnet_forward", "max pooling")
def convnet_forward_average_pool(X, parameters, hparameters):
    return _forward(X, parameters, hparameters, mode="average")


@wrong("convnet_forward", "apply the ReLU to the convolution's output Z, then")
def convnet_forward_relu_after_pool(X, parameters, hparameters):
    A, caches = X, []
    for l in ("1", "2"):
        Z, conv_cache = fast_layers.conv_forward(A, parameters["W" + l], parameters["b" + l], hparameters["conv" + l])
        P, pool_cache = fast_layers.pool_forward(Z, hparameters["pool" + l])
        A, relu_cache = fast_layers.relu_forward(P)
        caches.append((conv_cache, relu_cache, pool_cache))
    F, flatten_cache = fast_layers.flatten_forward(A)
    scores, dense_cache = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    return scores, (caches[0], caches[1], flatten_cache, dense_cache)


@wrong("convnet_forward", "mixes the examples")
def convnet_forward_flatten_transposed(X, parameters, hparameters):
    scores, (c1, c2, flatten_cache, _) = _forward(X, parameters, hparameters)
    A2 = c2[2][0]
    A2 = fast_layers.pool_forward(A2, c2[2][1])[0]
    F = A2.reshape(-1, A2.shape[0]).T
    scores, dense_cache = fast_layers.dense_forward(F, parameters["W3"], parameters["b3"])
    return scores, (c1, c2, A2.shape, dense_cache)


@wrong("convnet_forward", "raised ValueError")
def convnet_forward_transposed_dense_weights(X, parameters, hparameters):
    scores, cache = _forward(X, parameters, hparameters)
    F = cache[1][2][0]
    F = fast_layers.pool_forward(F, cache[1][2][1])[0].reshape(X.shape[0], -1)
    return F @ parameters["W3"].T + parameters["b3"], cache


# ----------------------------------------------------------------------------------------------
@ok("softmax_cross_entropy")
def softmax_cross_entropy_log_sum_exp(scores, y):
    # log-softmax with the log-sum-exp trick, the one-hot labels built with np.eye
    m, C = scores.shape
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    one_hot = np.eye(C)[y]
    cost = -np.sum(one_hot * log_probs) / m
    return cost.item(), (np.exp(log_probs) - one_hot) / m


@ok("softmax_cross_entropy")
def softmax_cross_entropy_loops(scores, y):
    # one example at a time, in float32 where the scores are
    m = scores.shape[0]
    cost = 0.0
    dscores = np.zeros_like(scores)
    for i in range(m):
        row = scores[i] - scores[i].max()
        p = np.exp(row) / np.exp(row).sum()
        cost -= np.log(p[y[i]])
        p[y[i]] -= 1
        dscores[i] = p / m
    return float(cost / m), dscores


@wrong("softmax_cross_entropy", "axis=1")
def softmax_cross_entropy_columns(scores, y):
    m = scores.shape[0]
    shifted = scores - scores.max(axis=0, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)
    cost = float(-np.mean(np.log(p[np.arange(m), y])))
    p[np.arange(m), y] -= 1
    return cost, p / m


@wrong("softmax_cross_entropy", "not their sum")
def softmax_cross_entropy_sum(scores, y):
    m = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    cost = float(-np.sum(np.log(p[np.arange(m), y])))
    p[np.arange(m), y] -= 1
    return cost, p / m


@wrong("softmax_cross_entropy", "divide (p - one_hot) by m")
def softmax_cross_entropy_gradient_without_1_over_m(scores, y):
    m = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    cost = float(-np.mean(np.log(p[np.arange(m), y])))
    p[np.arange(m), y] -= 1
    return cost, p


@wrong("softmax_cross_entropy", "subtract 1 at the true class")
def softmax_cross_entropy_gradient_without_labels(scores, y):
    m = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(m), y]))), p / m


@wrong("softmax_cross_entropy", "nan")
def softmax_cross_entropy_unstable(scores, y):
    m = scores.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        cost = float(-np.mean(np.log(p[np.arange(m), y])))
    p[np.arange(m), y] -= 1
    return cost, p / m


@wrong("softmax_cross_entropy", "modified")
def softmax_cross_entropy_in_place(scores, y):
    m = scores.shape[0]
    scores -= scores.max(axis=1, keepdims=True)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    cost = float(-np.mean(np.log(p[np.arange(m), y])))
    p[np.arange(m), y] -= 1
    return cost, p / m


# ----------------------------------------------------------------------------------------------
def _backward(dscores, cache, mode="max", relu=True, scale=1.0):
    cache1, cache2, flatten_cache, dense_cache = cache
    grads = {}
    dF, grads["dW3"], grads["db3"] = fast_layers.dense_backward(dscores * scale, dense_cache)
    dA = fast_layers.flatten_backward(dF, flatten_cache)
    for l, (conv_cache, relu_cache, pool_cache) in (("2", cache2), ("1", cache1)):
        dZ = fast_layers.pool_backward(dA, pool_cache, mode=mode)
        if relu:
            dZ = fast_layers.relu_backward(dZ, relu_cache)
        dA, grads["dW" + l], grads["db" + l] = fast_layers.conv_backward(dZ, conv_cache)
    return grads


@ok("convnet_backward")
def convnet_backward_written_out(dscores, cache):
    (c1, r1, p1), (c2, r2, p2), flatten_cache, dense_cache = cache
    dF, dW3, db3 = fast_layers.dense_backward(dscores, dense_cache)
    dA2 = fast_layers.flatten_backward(dF, flatten_cache)
    dA1, dW2, db2 = fast_layers.conv_backward(fast_layers.relu_backward(fast_layers.pool_backward(dA2, p2), r2), c2)
    _, dW1, db1 = fast_layers.conv_backward(fast_layers.relu_backward(fast_layers.pool_backward(dA1, p1), r1), c1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


@ok("convnet_backward")
def convnet_backward_by_hand(dscores, cache):
    # the dense layer's gradients, the un-flattening and the ReLU written out, np.where for the mask
    cache1, cache2, flatten_cache, (F, W3, b3) = cache
    grads = {"dW3": F.T @ dscores, "db3": np.sum(dscores, axis=0)}
    dA = (dscores @ W3.T).reshape(flatten_cache)
    for l, (conv_cache, Z, pool_cache) in (("2", cache2), ("1", cache1)):
        dZ = np.where(Z > 0, fast_layers.pool_backward(dA, pool_cache, "max"), 0.0)
        dA, grads["dW" + l], _ = fast_layers.conv_backward(dZ, conv_cache)
        grads["db" + l] = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, -1)
    return grads


@wrong("convnet_backward", "don't divide by m again")
def convnet_backward_divides_by_m(dscores, cache):
    return _backward(dscores, cache, scale=1 / dscores.shape[0])


@wrong("convnet_backward", "go back through the ReLUs")
def convnet_backward_no_relu(dscores, cache):
    return _backward(dscores, cache, relu=False)


@wrong("convnet_backward", "max pooling")
def convnet_backward_average_pool(dscores, cache):
    return _backward(dscores, cache, mode="average")


@wrong("convnet_backward", "raised ValueError")
def convnet_backward_caches_swapped(dscores, cache):
    cache1, cache2, flatten_cache, dense_cache = cache
    return _backward(dscores, (cache2, cache1, flatten_cache, dense_cache))


@wrong("convnet_backward", "transpose")
def convnet_backward_transposed_dW3(dscores, cache):
    grads = _backward(dscores, cache)
    grads["dW3"] = dscores.T @ cache[3][0]
    return grads


@wrong("convnet_backward", "modified")
def convnet_backward_in_place(dscores, cache):
    dscores *= dscores.shape[0]                    # "undoes" the 1/m in the caller's array ...
    return _backward(dscores / dscores.shape[0], cache)


# ----------------------------------------------------------------------------------------------
@ok("update_parameters_with_adam")
def adam_in_place(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    # the classic loop over layers, every array updated in place
    v_corrected, s_corrected = {}, {}
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            d = f"d{p}{l}"
            v[d] *= beta1
            v[d] += (1 - beta1) * grads[d]
            s[d] *= beta2
            s[d] += (1 - beta2) * grads[d] * grads[d]
            v_corrected[d] = v[d] / (1 - np.power(beta1, t))
            s_corrected[d] = s[d] / (1 - np.power(beta2, t))
            parameters[p + str(l)] -= learning_rate * v_corrected[d] / (np.sqrt(s_corrected[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


@ok("update_parameters_with_adam")
def adam_new_dicts(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    # new dictionaries, the caller's untouched; the step written with the corrected learning rate
    v = {d: beta1 * v[d] + (1 - beta1) * g for d, g in grads.items()}
    s = {d: beta2 * s[d] + (1 - beta2) * g ** 2 for d, g in grads.items()}
    v_corrected = {d: v[d] / (1 - beta1 ** t) for d in v}
    s_corrected = {d: s[d] / (1 - beta2 ** t) for d in s}
    parameters = {name: p - learning_rate * v_corrected["d" + name] / (np.sqrt(s_corrected["d" + name]) + epsilon)
                  for name, p in parameters.items()}
    return parameters, v, s, v_corrected, s_corrected


def _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, t_used=None, square=True):
    t = t if t_used is None else t_used
    v_corrected, s_corrected = {}, {}
    for name in parameters:
        d = "d" + name
        v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        s[d] = beta2 * s[d] + (1 - beta2) * (grads[d] ** 2 if square else grads[d])
        v_corrected[d] = v[d] / (1 - beta1 ** t)
        s_corrected[d] = s[d] / (1 - beta2 ** t)
        parameters[name] = parameters[name] - learning_rate * v_corrected[d] / (np.sqrt(s_corrected[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


@wrong("update_parameters_with_adam", "not beta ** (t + 1)")
def adam_off_by_one(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, t_used=t + 1)


@wrong("update_parameters_with_adam", "*squared* gradients")
def adam_no_square(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, square=False)


@wrong("update_parameters_with_adam", "bias-corrected")
def adam_without_correction(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v_corrected, s_corrected = {}, {}
    for name in parameters:
        d = "d" + name
        v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
        v_corrected[d], s_corrected[d] = v[d], s[d]
        parameters[name] = parameters[name] - learning_rate * v[d] / (np.sqrt(s[d]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


@wrong("update_parameters_with_adam", "W = W - learning_rate")
def adam_uphill(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, -learning_rate, beta1, beta2, epsilon)


@wrong("update_parameters_with_adam", "public case 1")
def adam_only_weights(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    # forgets the biases
    weights = {k: p for k, p in parameters.items() if k.startswith("W")}
    new, v, s, vc, sc = _adam(weights, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    return {**parameters, **new}, v, s, vc, sc
