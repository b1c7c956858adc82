"""Cases of c5w4-transformer-attention.

Inputs are drawn with ``np.random.default_rng`` and rounded to 2 decimals (4 for the
parameters), so that the stored cases stay short. The public cases are the notebook's
examples: 2 sequences of 4 tokens (3 queries for the attention functions), a padding mask
that hides the last key of the second sequence, d_model = 8 and 2 heads. The hidden ones
change what the public ones keep fixed: no mask, the look-ahead mask, one sequence (m = 1),
float32 inputs, more queries than keys and the other way round, values of another width
than the keys, one head and four heads, heads laid out as a fourth dimension, one token.

The mistakes are computed by versions written here with the typical error switched on.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec

# ----------------------------------------------------------------------------------------------
# Inputs


def _normal(rng, *shape, decimals=2):
    return np.round(rng.standard_normal(shape), decimals)


def _padding(token_lengths, T):
    """A padding mask (m, 1, T) with the first token_lengths[i] tokens of sequence i kept."""
    return np.array([[[1.0] * n + [0.0] * (T - n)] for n in token_lengths])


def _look_ahead(T):
    return np.tril(np.ones((1, T, T)))


def _attention_parameters(rng, d_model):
    p = {}
    for name in "qkvo":
        p["W" + name] = _normal(rng, d_model, d_model, decimals=4) / np.sqrt(d_model)
        p["b" + name] = _normal(rng, d_model, decimals=4) * 0.1
    return {k: np.round(v, 4) for k, v in p.items()}


def _encoder_parameters(rng, d_model, d_ff):
    p = _attention_parameters(rng, d_model)
    p["gamma1"], p["beta1"] = np.round(1 + 0.2 * rng.standard_normal(d_model), 4), _normal(rng, d_model) * 0.1
    p["W1"], p["b1"] = np.round(_normal(rng, d_model, d_ff, decimals=4) / np.sqrt(d_model), 4), _normal(rng, d_ff) * 0.1
    p["W2"], p["b2"] = np.round(_normal(rng, d_ff, d_model, decimals=4) / np.sqrt(d_ff), 4), _normal(rng, d_model) * 0.1
    p["gamma2"], p["beta2"] = np.round(1 + 0.2 * rng.standard_normal(d_model), 4), _normal(rng, d_model) * 0.1
    return {k: np.round(v, 4) for k, v in p.items()}


def _float32(values):
    return tuple({k: v.astype(np.float32) for k, v in x.items()} if isinstance(x, dict)
                 else x.astype(np.float32) if isinstance(x, np.ndarray) else x for x in values)


# ----------------------------------------------------------------------------------------------
# Reference computations with the typical mistakes switchable


def _get_angles(pos, k, d, exponent="right", divide=True):
    i = {"right": 2 * (k // 2), "k": k, "2k": 2 * k, "half": k // 2}[exponent]
    rates = np.power(10000.0, i / d)
    return pos / rates if divide else pos * rates


def _positional_encoding(positions, d, swap=False, only="", batch=True):
    angles = _get_angles(np.arange(positions)[:, None], np.arange(d)[None, :], d)
    even, odd = (np.cos, np.sin) if swap else (np.sin, np.cos)
    if only == "sin":
        odd = np.sin
    elif only == "cos":
        even = np.cos
    angles[:, 0::2] = even(angles[:, 0::2])
    angles[:, 1::2] = odd(angles[:, 1::2])
    return angles[None] if batch else angles


def _padding_mask(ids, inverted=False, axis=1):
    keep = (np.asarray(ids) != 0).astype(np.float64)
    return np.expand_dims(1.0 - keep if inverted else keep, axis)


def _look_ahead_mask(T, kind="tril"):
    ones = np.ones((1, T, T))
    return {"tril": np.tril(ones), "triu": np.triu(ones), "inverted": 1 - np.tril(ones),
            "strict": np.tril(ones, -1)}[kind]


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _attention(q, k, v, mask, scale="sqrt", axis=-1, masking="right"):
    logits = q @ np.swapaxes(k, -1, -2)
    d_k = k.shape[-1]
    logits = {"sqrt": logits / np.sqrt(d_k), "none": logits, "d_k": logits / d_k}[scale]
    if mask is not None:
        if masking == "right":
            logits = logits + (1.0 - mask) * -1e9
        elif masking == "plus":
            logits = logits + (1.0 - mask) * 1e9
        elif masking == "unscaled":
            logits = logits + (1.0 - mask)
        elif masking == "multiply":
            logits = logits * mask
    weights = _softmax(logits, axis)
    if mask is not None and masking == "after":
        weights = weights * mask
    return weights @ v, weights


def _attention_backward(d_output, cache, scale=True, softmax="right"):
    q, k, v, weights = cache
    s = 1 / np.sqrt(k.shape[-1]) if scale else 1.0
    dv = np.swapaxes(weights, -1, -2) @ d_output
    d_weights = d_output @ np.swapaxes(v, -1, -2)
    if softmax == "right":
        d_logits = weights * (d_weights - np.sum(d_weights * weights, axis=-1, keepdims=True))
    elif softmax == "diagonal":
        d_logits = weights * (1 - weights) * d_weights
    elif softmax == "axis":
        d_logits = weights * (d_weights - np.sum(d_weights * weights, axis=-2, keepdims=True))
    else:
        d_logits = d_weights
    return d_logits @ k * s, np.swapaxes(d_logits, -1, -2) @ q * s, dv


def _split(x, h, transpose=True):
    m, T, d = x.shape
    if transpose:
        return x.reshape(m, T, h, d // h).transpose(0, 2, 1, 3)
    return x.reshape(m, h, T, d // h)


def _merge(x, transpose=True):
    m, h, T, depth = x.shape
    if transpose:
        return x.transpose(0, 2, 1, 3).reshape(m, T, h * depth)
    return x.reshape(m, T, h * depth)


def _multi_head(q, k, v, mask, p, h, transposed=False, split="right", project=True, expand=True):
    def dense(x, name):
        return x @ (p["W" + name].T if transposed else p["W" + name]) + p["b" + name]

    heads = split == "right"
    Q, K, V = (_split(dense(x, n), h, heads) for x, n in ((q, "q"), (k, "k"), (v, "v")))
    if mask is not None:
        mask = mask[:, None] if expand else mask
    out, weights = _attention(Q, K, V, mask)
    concat = _merge(out, heads)
    return (dense(concat, "o") if project else concat), weights


def _layer_norm(x, gamma, beta, axis=-1, sqrt=True, eps=1e-6):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True)
    return gamma * (x - mean) / (np.sqrt(var + eps) if sqrt else var + eps) + beta


def _encoder(x, mask, p, h, epsilon=1e-6, residual1=True, residual2=True, axis=-1, relu=True,
             second_from_x=False, pre_norm=False, sqrt=True):
    def norm(y, n):
        return _layer_norm(y, p["gamma" + n], p["beta" + n], axis, sqrt, epsilon)

    def ffn(y):
        hidden = y @ p["W1"] + p["b1"]
        return (np.maximum(hidden, 0) if relu else hidden) @ p["W2"] + p["b2"]

    if pre_norm:
        h1 = x + _multi_head(norm(x, "1"), norm(x, "1"), norm(x, "1"), mask, p, h)[0]
        return h1 + ffn(norm(h1, "2"))
    attention = _multi_head(x, x, x, mask, p, h)[0]
    h1 = norm((x if residual1 else 0) + attention, "1")
    return norm(((x if second_from_x else h1) if residual2 else 0) + ffn(h1), "2")


# ----------------------------------------------------------------------------------------------
# Cases


def _angles_cases():
    public = [Case((np.arange(5)[:, None], np.arange(8)[None, :], 8),
                   note="5 positions, d = 8: pos of shape (5, 1), k of shape (1, 8)")]
    hidden = [
        Case((np.arange(3)[:, None], np.arange(5)[None, :], 5), note="odd d = 5"),
        Case((np.array([[0.0], [3.0], [10.0], [41.5]]), np.arange(16)[None, :], 16),
             note="positions 0, 3, 10 and 41.5, d = 16"),
        Case((np.arange(6)[:, None], np.arange(2, 7)[None, :], 10),
             note="k = 2..6 only, d = 10: k is not always arange(d)"),
        Case((np.array([[7]]), np.arange(4)[None, :], 4), note="one position, pos = 7"),
        Case((np.arange(4)[:, None], np.arange(2)[None, :], 2), note="d = 2"),
    ]
    return public, hidden


def _positional_cases():
    public = [Case((6, 8), note="positions = 6, d = 8")]
    hidden = [Case((1, 4), note="one position"), Case((5, 7), note="odd d = 7"),
              Case((40, 16), note="positions = 40, d = 16"), Case((3, 2), note="d = 2")]
    return public, hidden


def _padding_cases():
    public = [Case((np.array([[7, 6, 0, 0, 1], [1, 2, 3, 0, 0], [0, 0, 0, 4, 5]]),),
                   note="3 sequences of 5 token ids, 0 = padding")]
    rng = np.random.default_rng(7)
    ids = rng.integers(1, 20, (4, 8))
    ids[1, 5:] = 0
    ids[2, 2:] = 0
    ids[3, :] = 0
    hidden = [
        Case((np.array([[3, 1, 4, 1, 5, 9]]),), note="one sequence (m = 1), no padding"),
        Case((ids,), note="4 sequences of 8 tokens, the last one all padding"),
        Case((np.array([[0], [2]], dtype=np.int32),), note="one token each, int32 ids"),
    ]
    return public, hidden


def _look_ahead_cases():
    return [Case((4,), note="sequence_length = 4")], [Case((1,), note="one token"), Case((2,)),
                                                       Case((7,), note="sequence_length = 7")]


def _attention_inputs(seed, m, T_q, T_k, d_k, d_v, mask, heads=None, dtype=None):
    rng = np.random.default_rng(seed)
    lead = (m,) if heads is None else (m, heads)
    q, k, v = _normal(rng, *lead, T_q, d_k), _normal(rng, *lead, T_k, d_k), _normal(rng, *lead, T_k, d_v)
    inputs = (q, k, v, mask)
    return _float32(inputs) if dtype == "float32" else inputs


ATTENTION = [  # seed, m, T_q, T_k, d_k, d_v, mask, heads, dtype, note
    (11, 1, 4, 4, 4, 3, None, None, None, "one sequence (m = 1), no mask"),
    (12, 2, 5, 5, 6, 2, _look_ahead(5), None, None, "the look-ahead mask (1, 5, 5)"),
    (13, 3, 2, 6, 8, 5, _padding([6, 3, 1], 6), None, None,
     "2 queries, 6 keys, d_k = 8, d_v = 5, padding (3, 1, 6)"),
    (14, 2, 6, 3, 3, 4, _padding([3, 2], 3), None, "float32",
     "float32 inputs, 6 queries, 3 keys"),
    (15, 2, 4, 4, 2, 2, _padding([4, 2], 4)[:, None], 3, None,
     "heads as a dimension: q, k, v of shape (2, 3, 4, 2), mask (2, 1, 1, 4)"),
    (16, 1, 1, 3, 5, 1, _padding([2], 3), None, None, "one query, d_v = 1"),
]
PUBLIC_ATTENTION = (1, 2, 3, 4, 4, 2, _padding([4, 3], 4), None, None,
                    "2 sequences, 3 queries, 4 keys, d_k = 4, d_v = 2; padding mask (2, 1, 4): "
                    "the second sequence's last key is padding")


def _attention_cases():
    def case(seed, m, T_q, T_k, d_k, d_v, mask, heads, dtype, note):
        return Case(_attention_inputs(seed, m, T_q, T_k, d_k, d_v, mask, heads, dtype), note=note)
    return [case(*PUBLIC_ATTENTION)], [case(*c) for c in ATTENTION]


def _attention_backward_cases():
    def case(seed, m, T_q, T_k, d_k, d_v, mask, heads, dtype, note):
        q, k, v, mask = _attention_inputs(seed, m, T_q, T_k, d_k, d_v, mask, heads, dtype)
        output, weights = _attention(q, k, v, mask)
        if dtype == "float32":
            weights = weights.astype(np.float32)
        d_output = _normal(np.random.default_rng(seed + 1000), *output.shape).astype(output.dtype)
        return Case((d_output, (q, k, v, weights)), note=note)
    return [case(*PUBLIC_ATTENTION)], [case(*c) for c in ATTENTION]


MULTI_HEAD = [  # seed, m, T_q, T_k, d_model, heads, mask, dtype, note
    (21, 1, 3, 3, 8, 2, None, None, "one sequence (m = 1), no mask"),
    (22, 2, 5, 5, 8, 4, _look_ahead(5), None, "4 heads of depth 2, the look-ahead mask"),
    (23, 3, 3, 5, 6, 1, _padding([5, 2, 4], 5), None, "one head, 3 queries attend to 5 keys"),
    (24, 2, 4, 2, 12, 3, _padding([2, 1], 2), "float32", "float32, d_model = 12, 3 heads, 2 keys"),
    (25, 2, 1, 1, 4, 2, None, None, "one token"),
]


def _multi_head_cases():
    def case(seed, m, T_q, T_k, d_model, heads, mask, dtype, note, self_attention=False):
        rng = np.random.default_rng(seed)
        q = _normal(rng, m, T_q, d_model)
        k, v = (q, q) if self_attention else (_normal(rng, m, T_k, d_model), _normal(rng, m, T_k, d_model))
        inputs = (q, k, v, mask, _attention_parameters(rng, d_model))
        if dtype == "float32":
            inputs = _float32(inputs)
        return Case((*inputs, heads), note=note)
    public = [case(2, 2, 4, 4, 8, 2, _padding([4, 3], 4), None,
                   "self-attention (q = k = v = x, 2 sequences of 4 tokens, d_model = 8), 2 heads, "
                   "padding mask (2, 1, 4)", self_attention=True)]
    return public, [case(*c) for c in MULTI_HEAD]


ENCODER = [  # seed, m, T, d_model, d_ff, heads, mask, dtype, note
    (31, 1, 5, 8, 16, 2, None, None, "one sequence (m = 1), no mask"),
    (32, 2, 4, 8, 6, 4, _look_ahead(4), None, "the look-ahead mask, 4 heads, d_ff = 6"),
    (33, 3, 6, 12, 20, 3, _padding([6, 4, 1], 6), "float32", "float32, d_model = 12, 3 heads"),
    (34, 2, 1, 4, 8, 1, None, None, "one token, one head"),
]


def _encoder_cases():
    def case(seed, m, T, d_model, d_ff, heads, mask, dtype, note):
        rng = np.random.default_rng(seed)
        inputs = (_normal(rng, m, T, d_model), mask, _encoder_parameters(rng, d_model, d_ff))
        if dtype == "float32":
            inputs = _float32(inputs)
        return Case((*inputs, heads), note=note)
    public = [case(3, 2, 4, 8, 16, 2, _padding([4, 3], 4), None,
                   "2 sequences of 4 tokens, d_model = 8, d_ff = 16, 2 heads, padding mask (2, 1, 4)")]
    return public, [case(*c) for c in ENCODER]


# ----------------------------------------------------------------------------------------------
# Hints

SCALE = "divide the logits q k^T by sqrt(d_k), the square root of the keys' depth k.shape[-1]."
SOFTMAX_AXIS = ("take the softmax over the last axis (axis=-1, the keys): each query's weights "
                "sum to 1.")
TRANSPOSED = ("the tokens are rows: project with x @ W (shape (m, T, d_model) @ (d_model, d_model)), "
              "not x @ W.T.")


def _spec(public_hidden, mistakes, references=(), **options):
    public, hidden = public_hidden
    return Spec(public=public, hidden=hidden, mistakes=mistakes, references=references, **options)


SPECS = {
    "get_angles": _spec(_angles_cases(), [
        Mistake("the exponent is 2i/d with i = k // 2 (the pair index): columns 2i and 2i + 1 "
                "share one frequency. Use 2 * (k // 2), not k.", lambda pos, k, d: _get_angles(pos, k, d, "k")),
        Mistake("i is the pair index k // 2, not k itself: the exponent is 2 * (k // 2) / d.",
                lambda pos, k, d: _get_angles(pos, k, d, "2k")),
        Mistake("the exponent is 2i/d with i = k // 2: you left out the factor 2.",
                lambda pos, k, d: _get_angles(pos, k, d, "half")),
        Mistake("divide the position by 10000^(2i/d): pos / np.power(10000, 2 * i / d).",
                lambda pos, k, d: _get_angles(pos, k, d, divide=False)),
    ]),
    "positional_encoding": _spec(_positional_cases(), [
        Mistake("sin goes to the even indices (0, 2, 4, ...) and cos to the odd ones: you swapped them.",
                lambda n, d: _positional_encoding(n, d, swap=True)),
        Mistake("apply np.cos to the odd indices angle_rads[:, 1::2]; only the even ones get np.sin.",
                lambda n, d: _positional_encoding(n, d, only="sin")),
        Mistake("apply np.sin to the even indices angle_rads[:, 0::2]; only the odd ones get np.cos.",
                lambda n, d: _positional_encoding(n, d, only="cos")),
        Mistake("return the encodings with a batch dimension in front: shape (1, positions, d), "
                "e.g. angle_rads[np.newaxis, ...].", lambda n, d: _positional_encoding(n, d, batch=False)),
    ]),
    "create_padding_mask": _spec(_padding_cases(), [
        Mistake("1 marks the tokens to attend to and 0 the padding (token id 0): you returned the "
                "opposite (some versions of this exercise did).", lambda ids: _padding_mask(ids, inverted=True)),
        Mistake("the new axis goes in the middle: shape (m, 1, seq_len), seq[:, np.newaxis, :], so "
                "that the mask broadcasts over the queries.", lambda ids: _padding_mask(ids, axis=2)),
    ]),
    "create_look_ahead_mask": _spec(_look_ahead_cases(), [
        Mistake("query t may attend to keys 0..t: the ones go on and below the diagonal "
                "(np.tril), not above it.", lambda n: _look_ahead_mask(n, "triu")),
        Mistake("1 marks what may be attended to: return the lower-triangular ones themselves, "
                "not 1 minus them.", lambda n: _look_ahead_mask(n, "inverted")),
        Mistake("a token may attend to itself: keep the diagonal (np.tril(..., k=0)).",
                lambda n: _look_ahead_mask(n, "strict")),
    ]),
    "scaled_dot_product_attention": _spec(_attention_cases(), [
        Mistake(SCALE, lambda q, k, v, mask: _attention(q, k, v, mask, scale="none")),
        Mistake("divide by the square root of d_k, not by d_k itself: np.sqrt(k.shape[-1]).",
                lambda q, k, v, mask: _attention(q, k, v, mask, scale="d_k")),
        Mistake(SOFTMAX_AXIS, lambda q, k, v, mask: _attention(q, k, v, mask, axis=-2)),
        # (1 - mask) * 1e9 and mask * -1e9 differ by a constant, which the softmax ignores
        Mistake("mask is 1 where a query may attend and 0 where it may not, and the masked logits must "
                "become very negative: add (1. - mask) * -1e9 (not mask * -1e9, and with the minus sign).",
                lambda q, k, v, mask: _attention(q, k, v, mask, masking="plus")),
        Mistake("multiply (1. - mask) by -1e9 before adding it to the logits: adding (1 - mask) "
                "alone barely changes them.", lambda q, k, v, mask: _attention(q, k, v, mask, masking="unscaled")),
        Mistake("mask the logits before the softmax (add (1. - mask) * -1e9): multiplying the "
                "logits by the mask makes them 0, which still gets weight.",
                lambda q, k, v, mask: _attention(q, k, v, mask, masking="multiply")),
        Mistake("mask the logits before the softmax: zeroing weights after it leaves rows that no "
                "longer sum to 1.", lambda q, k, v, mask: _attention(q, k, v, mask, masking="after")),
    ], ("helpers.attention.attention_forward",)),
    "scaled_dot_product_attention_backward": _spec(_attention_backward_cases(), [
        Mistake("the logits were q k^T / sqrt(d_k): multiply dq and dk by 1 / sqrt(d_k) too.",
                lambda d, cache: _attention_backward(d, cache, scale=False)),
        Mistake("each weight depends on every logit of its row: d_logits = A * (dA - "
                "sum(dA * A, axis=-1, keepdims=True)), not A * (1 - A) * dA.",
                lambda d, cache: _attention_backward(d, cache, softmax="diagonal")),
        Mistake("the softmax is over the last axis: sum dA * A over axis=-1 in its backward pass.",
                lambda d, cache: _attention_backward(d, cache, softmax="axis")),
        Mistake("go back through the softmax: the gradient of the logits is A * (dA - sum(dA * A, "
                "axis=-1, keepdims=True)), not dA.", lambda d, cache: _attention_backward(d, cache, softmax="none")),
    ], ("helpers.attention.attention_backward",)),
    "multi_head_attention": _spec(_multi_head_cases(), [
        Mistake(TRANSPOSED, lambda q, k, v, mask, p, h: _multi_head(q, k, v, mask, p, h, transposed=True)),
        Mistake("split the heads with x.reshape(m, T, num_heads, depth) and then move the heads "
                "forward with .transpose(0, 2, 1, 3): reshaping straight to (m, num_heads, T, depth) "
                "mixes tokens and heads.", lambda q, k, v, mask, p, h: _multi_head(q, k, v, mask, p, h, split="wrong")),
        Mistake("after merging the heads, apply the output projection: concat @ Wo + bo.",
                lambda q, k, v, mask, p, h: _multi_head(q, k, v, mask, p, h, project=False)),
        Mistake("give the mask a heads axis, mask[:, np.newaxis] of shape (m, 1, T_q or 1, T_k), so "
                "that it lines up with the logits (m, num_heads, T_q, T_k).",
                lambda q, k, v, mask, p, h: _multi_head(q, k, v, mask, p, h, expand=False)),
    ], ("helpers.attention.multi_head_attention_forward",), atol=1e-6),
    "encoder_layer": _spec(_encoder_cases(), [
        Mistake("add the residual before the first layer norm: LayerNorm1(x + attention), not "
                "LayerNorm1(attention).", lambda x, mask, p, h: _encoder(x, mask, p, h, residual1=False)),
        Mistake("add the residual before the second layer norm: LayerNorm2(h + ffn_output), not "
                "LayerNorm2(ffn_output).", lambda x, mask, p, h: _encoder(x, mask, p, h, residual2=False)),
        Mistake("the second residual adds the first layer norm's output h, not the layer's input x: "
                "LayerNorm2(h + ffn_output).", lambda x, mask, p, h: _encoder(x, mask, p, h, second_from_x=True)),
        Mistake("layer norm normalises each token over its features: mean and variance over the last "
                "axis (axis=-1, keepdims=True), not over the tokens.",
                lambda x, mask, p, h: _encoder(x, mask, p, h, axis=1)),
        Mistake("layer norm normalises each token over its features: mean and variance over the last "
                "axis (axis=-1, keepdims=True), not over the batch.",
                lambda x, mask, p, h: _encoder(x, mask, p, h, axis=0)),
        Mistake("divide by the standard deviation, np.sqrt(var + epsilon), not by the variance.",
                lambda x, mask, p, h: _encoder(x, mask, p, h, sqrt=False)),
        Mistake("the feed-forward network has a ReLU between its two layers: "
                "np.maximum(0, h @ W1 + b1) @ W2 + b2.", lambda x, mask, p, h: _encoder(x, mask, p, h, relu=False)),
        Mistake("this layer normalises after each residual (post-norm, as in the paper and the "
                "classic assignment): LayerNorm1(x + attention), then LayerNorm2(h + ffn_output).",
                lambda x, mask, p, h: _encoder(x, mask, p, h, pre_norm=True)),
    ], ("helpers.attention.encoder_layer_forward",), atol=1e-6),
}
