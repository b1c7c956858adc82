"""Cases of c2w2-optimization."""

import numpy as np

from autograder.cases.adam import adam_mistakes
from autograder.spec import Case, Mistake, Spec

rng = np.random.default_rng(2022)


def _net(dims, seed, scale=1.0):
    """Parameters of a network with layer sizes dims, and gradients of the same shapes."""
    g = np.random.default_rng(seed)
    parameters, grads = {}, {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = g.normal(size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = g.normal(size=(dims[l], 1))
    for l in range(1, len(dims)):
        grads[f"dW{l}"] = g.normal(size=(dims[l], dims[l - 1])) * scale
        grads[f"db{l}"] = g.normal(size=(dims[l], 1)) * scale
    return parameters, grads


def _state(parameters, seed, positive=False):
    g = np.random.default_rng(seed)
    out = {}
    for k, p in parameters.items():
        x = g.normal(size=p.shape) * 0.1
        out["d" + k] = np.abs(x) if positive else x
    return out


def _keys(parameters):
    L = len(parameters) // 2
    return [(f"{p}{l}", f"d{p}{l}") for l in range(1, L + 1) for p in "Wb"]


# ---------------------------------------------------------------- typical mistakes
def _gd(parameters, grads, learning_rate, sign=-1):
    return {k: parameters[k] + sign * learning_rate * grads[d] for k, d in _keys(parameters)}


def _mini_batches(X, Y, mini_batch_size=64, seed=0, shuffle=True, last=True, two_permutations=False):
    np.random.seed(seed)
    m = X.shape[1]
    perm = list(np.random.permutation(m)) if shuffle else list(range(m))
    perm_y = list(np.random.permutation(m)) if two_permutations else perm
    sX, sY = X[:, perm], Y[:, perm_y].reshape((1, m))
    n = m // mini_batch_size
    out = [(sX[:, k * mini_batch_size:(k + 1) * mini_batch_size],
            sY[:, k * mini_batch_size:(k + 1) * mini_batch_size]) for k in range(n)]
    if last and m % mini_batch_size != 0:
        out.append((sX[:, n * mini_batch_size:], sY[:, n * mini_batch_size:]))
    return out


def _momentum(parameters, grads, v, beta, learning_rate, variant):
    params, vel = dict(parameters), dict(v)
    for k, d in _keys(parameters):
        if variant == "no 1-beta":
            vel[d] = beta * v[d] + grads[d]
        elif variant == "swapped":
            vel[d] = (1 - beta) * v[d] + beta * grads[d]
        else:
            vel[d] = beta * v[d] + (1 - beta) * grads[d]
        step = grads[d] if variant == "grads" else vel[d]
        params[k] = parameters[k] - learning_rate * step
    return params, vel


def _zeros(parameters):
    return {"d" + k: np.zeros_like(v) for k, v in parameters.items()}


P1, G1 = _net([3, 2, 3], 1)          # the notebook's example: W1 (2, 3), b1 (2, 1), W2 (3, 2), b2 (3, 1)
P2, G2 = _net([4, 5, 3, 1], 2)
P3, G3 = _net([2, 1], 3, scale=5.0)
P4, G4 = _net([2, 5, 2, 1], 4)

X1 = rng.normal(size=(3, 148))
Y1 = (rng.random((1, 148)) > 0.5).astype(int)
X2 = rng.normal(size=(2, 128))
Y2 = (rng.random((1, 128)) > 0.5).astype(int)
X3 = rng.normal(size=(4, 10))
Y3 = (rng.random((1, 10)) > 0.5).astype(int)
X4 = rng.normal(size=(2, 50))
Y4 = (rng.random((1, 50)) > 0.5).astype(int)

SPECS = {
    "update_parameters_with_gd": Spec(
        public=[Case((P1, G1, 0.01), note="the notebook's example, learning_rate = 0.01")],
        hidden=[Case((P2, G2, 0.5), note="3 layers, learning_rate = 0.5"),
                Case((P3, G3, 1e-3), note="1 layer, learning_rate = 0.001")],
        mutable=("parameters",),
        mistakes=[Mistake("gradient descent steps *against* the gradient: W = W - learning_rate * dW.",
                          lambda p, g, lr: _gd(p, g, lr, sign=+1))],
    ),
    "random_mini_batches": Spec(
        public=[Case((X1, Y1, 64), note="148 examples in batches of 64: two complete batches and one of 20")],
        hidden=[Case((X2, Y2, 32), {"seed": 3}, note="128 examples, batches of 32: no smaller last batch"),
                Case((X3, Y3, 64), {"seed": 7}, note="10 examples, fewer than one batch"),
                Case((X4, Y4), {"mini_batch_size": 16, "seed": 11}, note="50 examples, batches of 16")],
        mistakes=[Mistake("shuffle first: permutation = list(np.random.permutation(m)), then X[:, permutation].",
                          lambda *a, **k: _mini_batches(*a, **k, shuffle=False)),
                  Mistake("the last mini-batch holds the m % mini_batch_size remaining examples: "
                          "add it when m is not a multiple of mini_batch_size.",
                          lambda *a, **k: _mini_batches(*a, **k, last=False)),
                  Mistake("shuffle X and Y with the *same* permutation, so that each example keeps its label.",
                          lambda *a, **k: _mini_batches(*a, **k, two_permutations=True))],
    ),
    "initialize_velocity": Spec(
        public=[Case((P1,), note="the notebook's example")],
        hidden=[Case((P2,), note="3 layers"), Case((P3,), note="1 layer")],
        mistakes=[Mistake("the velocity has the keys of the *gradients*, 'dW1', 'db1', ..., filled with zeros.",
                          lambda p: {k: np.zeros_like(v) for k, v in p.items()})],
    ),
    "update_parameters_with_momentum": Spec(
        public=[Case((P1, G1, _state(P1, 10), 0.9, 0.01), note="the notebook's example, beta = 0.9")],
        hidden=[Case((P2, G2, _state(P2, 11), 0.8, 0.1), note="3 layers, beta = 0.8"),
                Case((P3, G3, _zeros(P3), 0.5, 0.02),
                     note="1 layer, a first step from zero velocity, beta = 0.5"),
                Case((P4, G4, _state(P4, 13), 0.0, 0.05), note="beta = 0: plain gradient descent")],
        mutable=("parameters", "v"),
        mistakes=[Mistake("the velocity is an exponentially weighted average: v = beta * v + (1 - beta) * grad.",
                          lambda p, g, v, b, lr: _momentum(p, g, v, b, lr, "no 1-beta")),
                  Mistake("beta weighs the old velocity and (1 - beta) the new gradient, not the other way round.",
                          lambda p, g, v, b, lr: _momentum(p, g, v, b, lr, "swapped")),
                  Mistake("update the parameters with the velocity v, not with the raw gradient.",
                          lambda p, g, v, b, lr: _momentum(p, g, v, b, lr, "grads"))],
    ),
    "initialize_adam": Spec(
        public=[Case((P1,), note="the notebook's example")],
        hidden=[Case((P2,), note="3 layers"), Case((P3,), note="1 layer")],
        mistakes=[Mistake("v and s have the keys of the *gradients*, 'dW1', 'db1', ..., filled with zeros.",
                          lambda p: ({k: np.zeros_like(v) for k, v in p.items()},
                                     {k: np.zeros_like(v) for k, v in p.items()}))],
    ),
    "update_parameters_with_adam": Spec(
        public=[Case((P1, G1, _state(P1, 20), _state(P1, 21, positive=True), 2),
                     note="the notebook's example, t = 2")],
        hidden=[Case((P2, G2, _state(P2, 22), _state(P2, 23, positive=True), 10),
                     {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99}, note="3 layers, other betas, t = 10"),
                Case((P3, G3, _zeros(P3), _zeros(P3), 1),
                     note="the first step, t = 1, from zero moments"),
                Case((P4, G4, _state(P4, 24), _state(P4, 25, positive=True), 3), {"epsilon": 1e-2},
                     note="a large epsilon = 0.01")],
        mutable=("parameters", "v", "s"),
        mistakes=adam_mistakes(),
    ),
    "update_lr": Spec(
        public=[Case((0.5, 2, 1), note="learning_rate0 = 0.5, epoch_num = 2, decay_rate = 1")],
        hidden=[Case((0.1, 0, 0.3), note="epoch 0"), Case((0.01, 100, 0.05), note="epoch 100"),
                Case((1.0, 7, 2.0), note="decay_rate = 2")],
        mistakes=[Mistake("the decayed rate is learning_rate0 / (1 + decay_rate * epoch_num), "
                          "not (learning_rate0 / (1 + decay_rate)) * epoch_num.",
                          lambda lr0, e, r: lr0 / (1 + r) * e),
                  Mistake("divide learning_rate0 by (1 + decay_rate * epoch_num); don't multiply.",
                          lambda lr0, e, r: lr0 * (1 + r * e))],
    ),
    "schedule_lr_decay": Spec(
        public=[Case((0.5, 100, 1), {"time_interval": 100}, note="epoch 100, time_interval = 100")],
        hidden=[Case((0.1, 999, 0.3), note="epoch 999, default time_interval = 1000: no decay yet"),
                Case((0.1, 2500, 0.3), note="epoch 2500: two decay steps"),
                Case((0.02, 150, 2.0), {"time_interval": 40}, note="time_interval = 40")],
        mistakes=[Mistake("the rate drops in steps: use np.floor(epoch_num / time_interval), "
                          "the number of complete intervals.",
                          lambda lr0, e, r, time_interval=1000: lr0 / (1 + r * e / time_interval)),
                  Mistake("round *down* the number of intervals (np.floor), don't round to the nearest integer.",
                          lambda lr0, e, r, time_interval=1000: lr0 / (1 + r * np.round(e / time_interval))),
                  Mistake("divide epoch_num by time_interval: the rate changes once per interval.",
                          lambda lr0, e, r, time_interval=1000: lr0 / (1 + r * e))],
    ),
}
