"""Variants of c2w2-optimization."""

import copy
import math

import numpy as np

from variants import Variants

VARIANTS = Variants("c2w2-optimization")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


def _layers(parameters):
    return range(1, len(parameters) // 2 + 1)


# ---------------------------------------------------------------- update_parameters_with_gd
@ok("update_parameters_with_gd")
def gd_copying(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}


@ok("update_parameters_with_gd")
def gd_in_place_arrays(parameters, grads, learning_rate):
    for l in _layers(parameters):
        parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters


@ok("update_parameters_with_gd")
def gd_float32(parameters, grads, learning_rate):
    return {k: (v - learning_rate * grads["d" + k]).astype(np.float32) for k, v in parameters.items()}


@wrong("update_parameters_with_gd", "against* the gradient")
def gd_plus(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@wrong("update_parameters_with_gd", "differs")
def gd_only_weights(parameters, grads, learning_rate):
    for l in _layers(parameters):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
    return parameters


@wrong("update_parameters_with_gd", "KeyError")
def gd_from_zero(parameters, grads, learning_rate):
    for l in range(len(parameters) // 2):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
    return parameters


# ---------------------------------------------------------------- random_mini_batches
@ok("random_mini_batches")
def mini_batches_array_split(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    sX, sY = X[:, permutation], Y[:, permutation]
    starts = range(0, m, mini_batch_size)
    return [(sX[:, s:s + mini_batch_size], sY[:, s:s + mini_batch_size]) for s in starts]


@ok("random_mini_batches")
def mini_batches_ceil(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    sX, sY = X[:, permutation], Y[:, permutation].reshape((1, m))
    out = []
    for k in range(math.ceil(m / mini_batch_size)):
        end = min((k + 1) * mini_batch_size, m)
        out.append((sX[:, k * mini_batch_size:end], sY[:, k * mini_batch_size:end]))
    return out


@wrong("random_mini_batches", "shuffle first")
def mini_batches_no_shuffle(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    return [(X[:, s:s + mini_batch_size], Y[:, s:s + mini_batch_size]) for s in range(0, m, mini_batch_size)]


@wrong("random_mini_batches", "m % mini_batch_size")
def mini_batches_no_last(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    sX, sY = X[:, permutation], Y[:, permutation]
    return [(sX[:, k * mini_batch_size:(k + 1) * mini_batch_size], sY[:, k * mini_batch_size:(k + 1) * mini_batch_size])
            for k in range(m // mini_batch_size)]


@wrong("random_mini_batches", "*same* permutation")
def mini_batches_two_permutations(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    sX = X[:, list(np.random.permutation(m))]
    sY = Y[:, list(np.random.permutation(m))]
    return [(sX[:, s:s + mini_batch_size], sY[:, s:s + mini_batch_size]) for s in range(0, m, mini_batch_size)]


# ---------------------------------------------------------------- initialize_velocity
@ok("initialize_velocity")
def velocity_comprehension(parameters):
    return {"d" + k: np.zeros(v.shape) for k, v in parameters.items()}


@ok("initialize_velocity")
def velocity_zeros_shape(parameters):
    v = {}
    for l in _layers(parameters):
        v["dW" + str(l)] = np.zeros((parameters["W" + str(l)].shape[0], parameters["W" + str(l)].shape[1]))
        v["db" + str(l)] = np.zeros((parameters["b" + str(l)].shape[0], 1))
    return v


@wrong("initialize_velocity", "keys of the *gradients*")
def velocity_parameter_keys(parameters):
    return {k: np.zeros_like(v) for k, v in parameters.items()}


@wrong("initialize_velocity", "shape")
def velocity_scalars(parameters):
    return {"d" + k: np.zeros((1, 1)) for k in parameters}


@wrong("initialize_velocity", "same object")
def velocity_db_inside_dW(parameters):
    # "zeros are zeros": db taken as the first column of the zero dW, a view of the same memory
    v = {}
    for l in _layers(parameters):
        v[f"dW{l}"] = np.zeros_like(parameters[f"W{l}"])
        v[f"db{l}"] = v[f"dW{l}"][:, :1]
    return v


# ---------------------------------------------------------------- update_parameters_with_momentum
@ok("update_parameters_with_momentum")
def momentum_copying(parameters, grads, v, beta, learning_rate):
    new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    new_p = {k: parameters[k] - learning_rate * new_v["d" + k] for k in parameters}
    return new_p, new_v


@ok("update_parameters_with_momentum")
def momentum_in_place_arrays(parameters, grads, v, beta, learning_rate):
    for l in _layers(parameters):
        for p in "Wb":
            v[f"d{p}{l}"] *= beta
            v[f"d{p}{l}"] += (1 - beta) * grads[f"d{p}{l}"]
            parameters[f"{p}{l}"] -= learning_rate * v[f"d{p}{l}"]
    return parameters, v


@ok("update_parameters_with_momentum")
def momentum_deepcopy(parameters, grads, v, beta, learning_rate):
    parameters, v = copy.deepcopy(parameters), copy.deepcopy(v)
    for l in _layers(parameters):
        for p in "Wb":
            v[f"d{p}{l}"] = beta * v[f"d{p}{l}"] + (1 - beta) * grads[f"d{p}{l}"]
            parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v[f"d{p}{l}"]
    return parameters, v


@wrong("update_parameters_with_momentum", "(1 - beta) * grad")
def momentum_no_one_minus_beta(parameters, grads, v, beta, learning_rate):
    new_v = {k: beta * v[k] + grads[k] for k in v}
    return {k: parameters[k] - learning_rate * new_v["d" + k] for k in parameters}, new_v


@wrong("update_parameters_with_momentum", "not the other way round")
def momentum_swapped(parameters, grads, v, beta, learning_rate):
    new_v = {k: (1 - beta) * v[k] + beta * grads[k] for k in v}
    return {k: parameters[k] - learning_rate * new_v["d" + k] for k in parameters}, new_v


@wrong("update_parameters_with_momentum", "not with the raw gradient")
def momentum_grads_step(parameters, grads, v, beta, learning_rate):
    new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    return {k: parameters[k] - learning_rate * grads["d" + k] for k in parameters}, new_v


# ---------------------------------------------------------------- initialize_adam
@ok("initialize_adam")
def adam_init_comprehension(parameters):
    return ({"d" + k: np.zeros_like(p) for k, p in parameters.items()},
            {"d" + k: np.zeros_like(p) for k, p in parameters.items()})


@ok("initialize_adam")
def adam_init_deepcopy(parameters):
    v = {"d" + k: np.zeros(p.shape) for k, p in parameters.items()}
    return v, copy.deepcopy(v)


@wrong("initialize_adam", "keys of the *gradients*")
def adam_init_parameter_keys(parameters):
    return ({k: np.zeros_like(p) for k, p in parameters.items()},
            {k: np.zeros_like(p) for k, p in parameters.items()})


@wrong("initialize_adam", "should be a tuple of 2 items")
def adam_init_one_dict(parameters):
    return {"d" + k: np.zeros_like(p) for k, p in parameters.items()}


@wrong("initialize_adam", "same object")
def adam_init_one_dict_twice(parameters):
    v = s = {}
    for k, p in parameters.items():
        v["d" + k] = np.zeros_like(p)
    return v, s


@wrong("initialize_adam", "same object")
def adam_init_shared_zeros(parameters):
    v, s = {}, {}
    for k, p in parameters.items():
        v["d" + k] = s["d" + k] = np.zeros_like(p)
    return v, s


# ---------------------------------------------------------------- update_parameters_with_adam
def _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, variant=""):
    new_p, new_v, new_s, vc, sc = {}, {}, {}, {}, {}
    for k in parameters:
        d = "d" + k
        new_v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        new_s[d] = beta2 * s[d] + (1 - beta2) * (grads[d] if variant == "no square" else grads[d] * grads[d])
        vc[d] = new_v[d] if variant == "no correction" else new_v[d] / (1 - beta1 ** t)
        sc[d] = new_s[d] if variant == "no correction" else new_s[d] / (1 - beta2 ** t)
        if variant == "epsilon inside":
            new_p[k] = parameters[k] - learning_rate * vc[d] / np.sqrt(sc[d] + epsilon)
        else:
            new_p[k] = parameters[k] - learning_rate * vc[d] / (np.sqrt(sc[d]) + epsilon)
    return new_p, new_v, new_s, vc, sc


@ok("update_parameters_with_adam")
def adam_copying(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)


@ok("update_parameters_with_adam")
def adam_in_place_arrays(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    vc, sc = {}, {}
    for l in _layers(parameters):
        for p in "Wb":
            d = f"d{p}{l}"
            v[d] *= beta1
            v[d] += (1 - beta1) * grads[d]
            s[d] *= beta2
            s[d] += (1 - beta2) * np.power(grads[d], 2)
            vc[d] = v[d] / (1 - np.power(beta1, t))
            sc[d] = s[d] / (1 - np.power(beta2, t))
            parameters[f"{p}{l}"] -= learning_rate * vc[d] / (np.sqrt(sc[d]) + epsilon)
    return parameters, v, s, vc, sc


@ok("update_parameters_with_adam")
def adam_float32(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    out = _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    return tuple({k: a.astype(np.float32).astype(np.float64) for k, a in d.items()} for d in out)


@wrong("update_parameters_with_adam", "bias-corrected")
def adam_no_correction(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, "no correction")


@wrong("update_parameters_with_adam", "*squared* gradients")
def adam_no_square(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, "no square")


@wrong("update_parameters_with_adam", "epsilon goes outside")
def adam_epsilon_inside(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, "epsilon inside")


# ---------------------------------------------------------------- update_lr
@ok("update_lr")
def update_lr_division(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


@ok("update_lr")
def update_lr_numpy(learning_rate0, epoch_num, decay_rate):
    return np.float32(learning_rate0) * np.reciprocal(np.float32(1 + decay_rate * epoch_num))


@wrong("update_lr", "not (learning_rate0 / (1 + decay_rate)) * epoch_num")
def update_lr_precedence(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate) * epoch_num


@wrong("update_lr", "don't multiply")
def update_lr_multiply(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 * (1 + decay_rate * epoch_num)


# ---------------------------------------------------------------- schedule_lr_decay
@ok("schedule_lr_decay")
def schedule_integer_division(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))


@ok("schedule_lr_decay")
def schedule_math_floor(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))


@wrong("schedule_lr_decay", "np.floor")
def schedule_no_floor(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


@wrong("schedule_lr_decay", "divide epoch_num by time_interval")
def schedule_every_epoch(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num)
