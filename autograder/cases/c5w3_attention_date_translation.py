"""Cases of c5w3-attention-date-translation.

The model's sizes are small in the cases (the references store every argument of the calls a
caller makes to the other graded functions, so the trained model's 54,000 parameters would
make them large): the public cases use m = 2 examples, T_x = 6 input steps, n_x = 7 symbols,
n_a = 3, n_s = 4, n_e = 5 and n_y = 6; the hidden ones change every size in turn (one example,
one input step, one attention unit, float32 inputs, larger sizes). Inputs are drawn with
``np.random.default_rng`` and rounded to 4 decimals; the attention's output bias b2 is
positive so that most energies pass the ReLU (a ReLU that is always 0 would make every
attention uniform and hide mistakes).

The cache that one_step_attention_backward takes is made by the forward pass written here.
The mistakes are computed by versions with the typical error switched on.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec
from helpers.date_model import GATES, lstm_cell, softmax

# ----------------------------------------------------------------------------------------------
# Inputs


def _normal(rng, *shape, scale=1.0):
    return np.round(scale * rng.standard_normal(shape), 4)


def _parameters(rng, n_x, n_a, n_s, n_e, n_y, dtype=np.float64):
    p = {}
    for direction in ("fw", "bw"):
        for g in GATES:
            p[f"W{g}_{direction}"] = _normal(rng, n_a, n_a + n_x, scale=0.5)
            p[f"b{g}_{direction}"] = _normal(rng, n_a, 1, scale=0.5)
    p["W1"], p["b1"] = _normal(rng, n_e, 2 * n_a + n_s), _normal(rng, n_e)
    p["W2"], p["b2"] = _normal(rng, 1, n_e), np.round(np.abs(rng.standard_normal(1)) + 0.5, 4)
    for g in GATES:
        p["W" + g] = _normal(rng, n_s, n_s + 2 * n_a, scale=0.5)
        p["b" + g] = _normal(rng, n_s, scale=0.5)
    p["Wy"], p["by"] = _normal(rng, n_y, n_s), _normal(rng, n_y)
    return {k: v.astype(dtype) for k, v in p.items()}


PUBLIC = (2, 6, 7, 3, 4, 5, 6)    # m, T_x, n_x, n_a, n_s, n_e, n_y
HIDDEN = [
    ((1, 6, 7, 3, 4, 5, 6), "one example (m = 1)"),
    ((3, 1, 5, 2, 3, 4, 5), "one input step (T_x = 1): the attention weight is 1"),
    ((3, 5, 6, 2, 5, 1, 4), "one attention unit (n_e = 1)"),
    ((4, 9, 8, 4, 6, 7, 11), "larger: m = 4, T_x = 9, n_a = 4, n_s = 6, n_e = 7, n_y = 11"),
]

DEFAULT_TY = (1, 4, 5, 2, 3, 2, 4)   # small, for the case with the default T_y = 10


def _note(sizes):
    return "m = {}, T_x = {}, n_x = {}, n_a = {}, n_s = {}, n_e = {}, n_y = {}".format(*sizes)


def _attention_inputs(sizes, seed, dtype=np.float64):
    m, T_x, n_x, n_a, n_s, n_e, n_y = sizes
    rng = np.random.default_rng(seed)
    a = _normal(rng, m, T_x, 2 * n_a, scale=0.5).astype(dtype)
    s_prev = _normal(rng, m, n_s, scale=0.5).astype(dtype)
    c_prev = _normal(rng, m, n_s, scale=0.5).astype(dtype)
    return a, s_prev, c_prev, _parameters(rng, n_x, n_a, n_s, n_e, n_y, dtype)


def _one_hot(sizes, seed):
    m, T_x, n_x = sizes[:3]
    rng = np.random.default_rng(seed)
    return np.eye(n_x)[rng.integers(n_x, size=(m, T_x))]


# ----------------------------------------------------------------------------------------------
# Versions with a typical mistake switched on


def _attention(a, s_prev, p, order="a_first", axis=1, relu=True, weighted=True):
    T_x = a.shape[1]
    s_rep = np.repeat(s_prev[:, None, :], T_x, axis=1)
    concat = np.concatenate([a, s_rep] if order == "a_first" else [s_rep, a], axis=-1)
    e = np.tanh(concat @ p["W1"].T + p["b1"])
    energies = e @ p["W2"].T + p["b2"]
    energies = np.maximum(energies, 0) if relu else energies
    alphas = softmax(energies, axis=axis)
    context = np.sum(alphas * a, axis=1, keepdims=True) if weighted else np.mean(a, axis=1, keepdims=True)
    return context, (a, s_prev, concat, e, energies, alphas, p)


def _attention_backward(dcontext, cache, jacobian=True, relu_mask=True, through_concat=True):
    a, s_prev, concat, e, energies, alphas, p = cache
    n_2a = a.shape[2]
    dalphas = np.sum(dcontext * a, axis=2, keepdims=True)
    da = alphas * dcontext
    if jacobian:
        denergies = alphas * (dalphas - np.sum(alphas * dalphas, axis=1, keepdims=True))
    else:
        denergies = alphas * dalphas
    dz2 = denergies * (energies > 0) if relu_mask else denergies
    dz1 = (dz2 @ p["W2"]) * (1 - e ** 2)
    dconcat = dz1 @ p["W1"]
    if through_concat:
        da = da + dconcat[..., :n_2a]
    grads = {"dW1": np.einsum("mti,mtj->ij", dz1, concat), "db1": dz1.sum(axis=(0, 1)),
             "dW2": np.einsum("mti,mtj->ij", dz2, e), "db2": dz2.sum(axis=(0, 1))}
    return da, dconcat[..., n_2a:].sum(axis=1), grads


def _decoder(a, s_prev, c_prev, p, swap_states=False, output_axis=-1, output_from="s_next"):
    context, cache = _attention(a, s_prev, p)
    if swap_states:
        s_next, c_next, _ = lstm_cell(context[:, 0, :], c_prev, s_prev, p)
    else:
        s_next, c_next, _ = lstm_cell(context[:, 0, :], s_prev, c_prev, p)
    source = {"s_next": s_next, "c_next": c_next, "s_prev": s_prev}[output_from]
    y_hat = softmax(source @ p["Wy"].T + p["by"], axis=output_axis)
    return y_hat, s_next, c_next, cache[5]


def _encoder(Xoh, p):
    from helpers.date_model import bidirectional_encoder
    return bidirectional_encoder(Xoh, p)[0]


def _model(Xoh, p, Ty=10, carry=True, transpose=False):
    a = _encoder(Xoh, p)
    m, n_s = Xoh.shape[0], p["Wf"].shape[0]
    s = np.zeros((m, n_s))
    c = np.zeros((m, n_s))
    outputs, weights = [], []
    for _ in range(Ty):
        y_hat, s_next, c_next, alphas = _decoder(a, s, c, p)
        if carry:
            s, c = s_next, c_next
        outputs.append(y_hat)
        weights.append(alphas[:, :, 0])
    return np.stack(outputs, axis=1), np.stack(weights, axis=2 if transpose else 1)


# ----------------------------------------------------------------------------------------------
# Cases


def _attention_cases():
    a, s_prev, _, p = _attention_inputs(PUBLIC, 1)
    public = [Case((a, s_prev, p), note=_note(PUBLIC))]
    hidden = []
    for k, (sizes, note) in enumerate(HIDDEN):
        a, s_prev, _, p = _attention_inputs(sizes, 10 + k)
        hidden.append(Case((a, s_prev, p), note=note))
    a, s_prev, _, p = _attention_inputs(PUBLIC, 20, np.float32)
    hidden.append(Case((a, s_prev, p), note="float32 inputs and parameters"))
    return public, hidden


def _backward_case(sizes, seed, note, dtype=np.float64):
    a, s_prev, _, p = _attention_inputs(sizes, seed, dtype)
    _, cache = _attention(a, s_prev, p)
    rng = np.random.default_rng(seed + 100)
    dcontext = _normal(rng, sizes[0], 1, a.shape[2]).astype(dtype)
    return Case((dcontext, cache), note=note)


def _decoder_case(sizes, seed, note, dtype=np.float64):
    a, s_prev, c_prev, p = _attention_inputs(sizes, seed, dtype)
    return Case((a, s_prev, c_prev, p), note=note)


def _model_case(sizes, seed, note, Ty=None):
    p = _parameters(np.random.default_rng(seed + 200), *sizes[2:])
    if Ty is None:
        return Case((_one_hot(sizes, seed), p), note=note + ", the default T_y = 10")
    return Case((_one_hot(sizes, seed), p), {"Ty": Ty}, note=note + f", T_y = {Ty}")


ATTENTION_PUBLIC, ATTENTION_HIDDEN = _attention_cases()

SPECS = {
    "one_step_attention": Spec(
        public=ATTENTION_PUBLIC,
        hidden=ATTENTION_HIDDEN,
        mistakes=[
            Mistake("take the softmax over the input steps, axis=1: the T_x weights of each example sum to 1.",
                    lambda a, s_prev, parameters: _attention(a, s_prev, parameters, axis=-1)),
            Mistake("concatenate [a, s_prev repeated] in this order: a first, on the last axis.",
                    lambda a, s_prev, parameters: _attention(a, s_prev, parameters, order="s_first")),
            Mistake("the energies go through a ReLU (np.maximum(..., 0)) before the softmax.",
                    lambda a, s_prev, parameters: _attention(a, s_prev, parameters, relu=False)),
            Mistake("the context is the sum of the a<t'> weighted by the alphas, not their plain mean.",
                    lambda a, s_prev, parameters: _attention(a, s_prev, parameters, weighted=False)),
        ],
        references=("helpers.date_model.one_step_attention",),
    ),
    "one_step_attention_backward": Spec(
        public=[_backward_case(PUBLIC, 2, _note(PUBLIC))],
        hidden=[_backward_case(sizes, 30 + k, note) for k, (sizes, note) in enumerate(HIDDEN)]
        + [_backward_case(PUBLIC, 40, "float32 inputs and parameters", np.float32)],
        mistakes=[
            Mistake("the softmax's backward pass: denergies = alphas * (dalphas - sum(alphas * dalphas, axis=1)); "
                    "the sum term is missing.",
                    lambda dcontext, cache: _attention_backward(dcontext, cache, jacobian=False)),
            Mistake("the ReLU passes the gradient only where the energy is positive: multiply by (energies > 0).",
                    lambda dcontext, cache: _attention_backward(dcontext, cache, relu_mask=False)),
            Mistake("a reaches the cost twice: through the weighted sum (alphas * dcontext) and through the "
                    "concatenation (the first 2 n_a columns of dconcat); add both.",
                    lambda dcontext, cache: _attention_backward(dcontext, cache, through_concat=False)),
        ],
        references=("helpers.date_model.one_step_attention_backward",),
    ),
    "decoder_step": Spec(
        public=[_decoder_case(PUBLIC, 3, _note(PUBLIC))],
        hidden=[_decoder_case(sizes, 50 + k, note) for k, (sizes, note) in enumerate(HIDDEN)]
        + [_decoder_case(PUBLIC, 60, "float32 inputs and parameters", np.float32)],
        mistakes=[
            Mistake("lstm_cell takes (context, s_prev, c_prev, parameters): the hidden state s first, then the "
                    "memory cell c.",
                    lambda a, s_prev, c_prev, parameters: _decoder(a, s_prev, c_prev, parameters, swap_states=True)),
            Mistake("the output is softmax(s_next @ Wy.T + by), from the new state s_next.",
                    lambda a, s_prev, c_prev, parameters: _decoder(a, s_prev, c_prev, parameters,
                                                                   output_from="s_prev")),
            Mistake("the output's softmax is over the n_y characters, the last axis.",
                    lambda a, s_prev, c_prev, parameters: _decoder(a, s_prev, c_prev, parameters, output_axis=0)),
        ],
        references=("helpers.date_model.decoder_step",),
    ),
    "model_forward": Spec(
        public=[_model_case(PUBLIC, 4, _note(PUBLIC), 4)],
        hidden=[_model_case(sizes, 70 + k, note, Ty)
                for k, ((sizes, note), Ty) in enumerate(zip(HIDDEN, (3, 2, 1, 2), strict=True))]
        + [_model_case(DEFAULT_TY, 80, _note(DEFAULT_TY))],
        mistakes=[
            Mistake("each step starts from the state the previous step returned: s, c = s_next, c_next.",
                    lambda Xoh, parameters, Ty=10: _model(Xoh, parameters, Ty, carry=False)),
            Mistake("attention has shape (m, Ty, T_x): one row of T_x weights per output step "
                    "(np.stack(..., axis=1)).",
                    lambda Xoh, parameters, Ty=10: _model(Xoh, parameters, Ty, transpose=True)),
        ],
        references=("helpers.date_model.model_forward",),
    ),
}
