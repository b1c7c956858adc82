"""Variants of c5w4-transformer-attention."""

import numpy as np

from helpers import attention as attention_layers
from variants import Variants

VARIANTS = Variants("c5w4-transformer-attention")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


# The callees, looked up in this module's namespace (the checks stand in for them here)
def get_angles(pos, k, d):
    return pos / np.power(10000, 2 * (k // 2) / d)


def scaled_dot_product_attention(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(k.shape[-1])
    if mask is not None:
        logits = logits + (1.0 - mask) * -1e9
    weights = _softmax(logits)
    return weights @ v, weights


def multi_head_attention(q, k, v, mask, parameters, num_heads):
    m, T_q, d_model = q.shape
    depth = d_model // num_heads

    def split(x):
        return x.reshape(m, x.shape[1], num_heads, depth).transpose(0, 2, 1, 3)

    Q = split(q @ parameters["Wq"] + parameters["bq"])
    K = split(k @ parameters["Wk"] + parameters["bk"])
    V = split(v @ parameters["Wv"] + parameters["bv"])
    heads, weights = scaled_dot_product_attention(Q, K, V, None if mask is None else mask[:, np.newaxis])
    return heads.transpose(0, 2, 1, 3).reshape(m, T_q, d_model) @ parameters["Wo"] + parameters["bo"], weights


# Wrong callees (with the parameter names of the right ones): a caller that uses them must still pass
def get_angles_k_exponent(pos, k, d):
    return pos / np.power(10000, 2 * k / d)


def attention_without_scaling(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        logits = logits + (1.0 - mask) * -1e9
    weights = _softmax(logits)
    return weights @ v, weights


def multi_head_attention_not_implemented(q, k, v, mask, parameters, num_heads):
    raise NotImplementedError()


# ----------------------------------------------------------------------------------------------
# get_angles


@ok("get_angles")
def get_angles_loops(pos, k, d):
    angles = np.zeros((pos.shape[0], k.shape[1]))
    for p in range(pos.shape[0]):
        for j in range(k.shape[1]):
            i = k[0, j] // 2
            angles[p, j] = pos[p, 0] / 10000 ** (2 * i / d)
    return angles


@ok("get_angles")
def get_angles_exp_log(pos, k, d):
    return pos * np.exp(-np.log(10000.0) * (2 * (k // 2)) / d)


@ok("get_angles")
def get_angles_float32(pos, k, d):
    return (pos / np.power(10000, 2 * (k // 2) / d)).astype(np.float32)


@wrong("get_angles", "share one frequency")
def get_angles_k(pos, k, d):
    return pos / np.power(10000, k / d)


@wrong("get_angles", "the pair index")
def get_angles_2k(pos, k, d):
    return pos / np.power(10000, 2 * k / d)


@wrong("get_angles", "factor 2")
def get_angles_half(pos, k, d):
    return pos / np.power(10000, (k // 2) / d)


@wrong("get_angles", "divide the position")
def get_angles_times(pos, k, d):
    return pos * np.power(10000, 2 * (k // 2) / d)


# ----------------------------------------------------------------------------------------------
# positional_encoding


@ok("positional_encoding")
def positional_encoding_where(positions, d):
    angles = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    return np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles))[np.newaxis]


@ok("positional_encoding")
def positional_encoding_loops(positions, d):
    pe = np.zeros((1, positions, d))
    for pos in range(positions):
        for i in range(0, d, 2):
            pe[0, pos, i] = np.sin(pos / 10000 ** (i / d))
            if i + 1 < d:
                pe[0, pos, i + 1] = np.cos(pos / 10000 ** (i / d))
    return pe


@ok("positional_encoding")
def positional_encoding_float32(positions, d):
    angles = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d).astype(np.float32)
    angles[:, 0::2] = np.sin(angles[:, 0::2])
    angles[:, 1::2] = np.cos(angles[:, 1::2])
    return angles[np.newaxis, ...]


@ok("positional_encoding", callees={"get_angles": get_angles_k_exponent})
def positional_encoding_with_a_wrong_get_angles(positions, d):
    angle_rads = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
    angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
    return angle_rads[np.newaxis, ...]


def _encoding(positions, d, even=np.sin, odd=np.cos, batch=True):
    angles = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    angles[:, 0::2] = even(angles[:, 0::2])
    angles[:, 1::2] = odd(angles[:, 1::2])
    return angles[np.newaxis] if batch else angles


@wrong("positional_encoding", "you swapped them")
def positional_encoding_swapped(positions, d):
    return _encoding(positions, d, even=np.cos, odd=np.sin)


@wrong("positional_encoding", "batch dimension in front")
def positional_encoding_no_batch(positions, d):
    return _encoding(positions, d, batch=False)


@wrong("positional_encoding", "apply np.cos to the odd indices")
def positional_encoding_all_sin(positions, d):
    return _encoding(positions, d, odd=np.sin)


# ----------------------------------------------------------------------------------------------
# create_padding_mask


@ok("create_padding_mask")
def create_padding_mask_not_equal(decoder_token_ids):
    return (decoder_token_ids != 0).astype(float)[:, None, :]


@ok("create_padding_mask")
def create_padding_mask_where(decoder_token_ids):
    return np.expand_dims(np.where(decoder_token_ids == 0, 0.0, 1.0), axis=1)


@ok("create_padding_mask")
def create_padding_mask_float32(decoder_token_ids):
    seq = 1 - np.equal(decoder_token_ids, 0).astype(np.float32)
    return seq[:, np.newaxis, :]


@wrong("create_padding_mask", "you returned the opposite")
def create_padding_mask_inverted(decoder_token_ids):
    return (decoder_token_ids == 0).astype(float)[:, np.newaxis, :]


@wrong("create_padding_mask", "the new axis goes in the middle")
def create_padding_mask_last_axis(decoder_token_ids):
    return (decoder_token_ids != 0).astype(float)[:, :, np.newaxis]


@wrong("create_padding_mask", "lost dimension")
def create_padding_mask_no_axis(decoder_token_ids):
    return (decoder_token_ids != 0).astype(float)


# ----------------------------------------------------------------------------------------------
# create_look_ahead_mask


@ok("create_look_ahead_mask")
def create_look_ahead_mask_loops(sequence_length):
    mask = np.zeros((1, sequence_length, sequence_length))
    for t in range(sequence_length):
        mask[0, t, :t + 1] = 1
    return mask


@ok("create_look_ahead_mask")
def create_look_ahead_mask_triu(sequence_length):
    return 1 - np.triu(np.ones((1, sequence_length, sequence_length)), k=1)


@ok("create_look_ahead_mask")
def create_look_ahead_mask_compare(sequence_length):
    t = np.arange(sequence_length)
    return (t[None, :] <= t[:, None]).astype(np.float32)[np.newaxis]


@wrong("create_look_ahead_mask", "below the diagonal")
def create_look_ahead_mask_upper(sequence_length):
    return np.triu(np.ones((1, sequence_length, sequence_length)))


@wrong("create_look_ahead_mask", "attend to itself")
def create_look_ahead_mask_strict(sequence_length):
    return np.tril(np.ones((1, sequence_length, sequence_length)), k=-1)


@wrong("create_look_ahead_mask", "not 1 minus them")
def create_look_ahead_mask_inverted(sequence_length):
    return 1 - np.tril(np.ones((1, sequence_length, sequence_length)))


# ----------------------------------------------------------------------------------------------
# scaled_dot_product_attention


@ok("scaled_dot_product_attention")
def scaled_dot_product_attention_einsum(q, k, v, mask):
    logits = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        logits = np.where(mask == 0, -1e9, logits)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return np.einsum("...qk,...kv->...qv", weights, v), weights


@ok("scaled_dot_product_attention")
def scaled_dot_product_attention_loops(q, k, v, mask):
    logits = np.matmul(q, np.swapaxes(k, -1, -2))
    if mask is not None:
        logits = logits + (1 - mask) * -1e9
    weights = np.zeros(logits.shape)
    for index in np.ndindex(logits.shape[:-1]):      # one query of one sequence (of one head)
        row = logits[index] / np.sqrt(k.shape[-1])
        e = np.exp(row - row.max())
        weights[index] = e / e.sum()
    return np.matmul(weights, v), weights


@ok("scaled_dot_product_attention")
def scaled_dot_product_attention_float32(q, k, v, mask):
    q, k, v = (a.astype(np.float32) for a in (q, k, v))
    logits = q @ np.swapaxes(k, -1, -2) / np.float32(np.sqrt(k.shape[-1]))
    if mask is not None:
        logits += (1 - np.asarray(mask, dtype=np.float32)) * np.float32(-1e9)
    weights = _softmax(logits)
    return weights @ v, weights


@wrong("scaled_dot_product_attention", "sqrt(d_k)")
def scaled_dot_product_attention_unscaled(q, k, v, mask):
    return attention_without_scaling(q, k, v, mask)


@wrong("scaled_dot_product_attention", "over the last axis")
def scaled_dot_product_attention_axis(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(k.shape[-1])
    if mask is not None:
        logits = logits + (1.0 - mask) * -1e9
    weights = _softmax(logits, axis=-2)
    return weights @ v, weights


@wrong("scaled_dot_product_attention", "with the minus sign")
def scaled_dot_product_attention_plus(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(k.shape[-1])
    if mask is not None:
        logits = logits + (1.0 - mask) * 1e9
    weights = _softmax(logits)
    return weights @ v, weights


@wrong("scaled_dot_product_attention", "not mask * -1e9")
def scaled_dot_product_attention_inverted_mask(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(k.shape[-1])
    if mask is not None:
        logits = logits + mask * -1e9
    weights = _softmax(logits)
    return weights @ v, weights


@wrong("scaled_dot_product_attention", "before adding it to the logits")
def scaled_dot_product_attention_mask_unscaled(q, k, v, mask):
    logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(k.shape[-1])
    if mask is not None:
        logits = logits + (1.0 - mask)
    weights = _softmax(logits)
    return weights @ v, weights


@wrong("scaled_dot_product_attention", "reference implementation")   # delegating to the course's layer
def scaled_dot_product_attention_through_the_layer(q, k, v, mask):
    output, weights, _ = attention_layers.attention_forward(q, k, v, mask)
    return output, weights


# ----------------------------------------------------------------------------------------------
# scaled_dot_product_attention_backward


@ok("scaled_dot_product_attention_backward")
def scaled_dot_product_attention_backward_einsum(d_output, cache):
    q, k, v, A = cache
    dv = np.einsum("...qk,...qv->...kv", A, d_output)
    dA = np.einsum("...qv,...kv->...qk", d_output, v)
    dS = A * dA - A * np.einsum("...qk,...qk->...q", A, dA)[..., None]
    scale = np.sqrt(q.shape[-1])
    return np.einsum("...qk,...kd->...qd", dS, k) / scale, np.einsum("...qk,...qd->...kd", dS, q) / scale, dv


@ok("scaled_dot_product_attention_backward")
def scaled_dot_product_attention_backward_loops(d_output, cache):
    q, k, v, A = cache
    dq, dk, dv = np.zeros(q.shape), np.zeros(k.shape), np.zeros(v.shape)
    scale = 1 / np.sqrt(k.shape[-1])
    for index in np.ndindex(q.shape[:-2]):          # one sequence (of one head) at a time: 2-D matrices
        a, do = A[index], d_output[index]
        dv[index] = a.T @ do
        da = do @ v[index].T
        ds = np.zeros(a.shape)
        for t in range(a.shape[0]):                  # the softmax's Jacobian, row by row
            jacobian = np.diag(a[t]) - np.outer(a[t], a[t])
            ds[t] = jacobian @ da[t]
        dq[index] = ds @ k[index] * scale
        dk[index] = ds.T @ q[index] * scale
    return dq, dk, dv


@ok("scaled_dot_product_attention_backward")
def scaled_dot_product_attention_backward_float32(d_output, cache):
    q, k, v, A = (a.astype(np.float32) for a in cache)
    d_output = d_output.astype(np.float32)
    dA = d_output @ np.swapaxes(v, -1, -2)
    dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))
    scale = np.float32(1 / np.sqrt(k.shape[-1]))
    return dS @ k * scale, np.swapaxes(dS, -1, -2) @ q * scale, np.swapaxes(A, -1, -2) @ d_output


def _backward(d_output, cache, scale=True, softmax="right"):
    q, k, v, A = cache
    dv = np.swapaxes(A, -1, -2) @ d_output
    dA = d_output @ np.swapaxes(v, -1, -2)
    dS = {"right": lambda: A * (dA - np.sum(dA * A, axis=-1, keepdims=True)),
          "diagonal": lambda: A * (1 - A) * dA, "none": lambda: dA}[softmax]()
    s = 1 / np.sqrt(k.shape[-1]) if scale else 1
    return dS @ k * s, np.swapaxes(dS, -1, -2) @ q * s, dv


@wrong("scaled_dot_product_attention_backward", "multiply dq and dk by 1 / sqrt(d_k)")
def scaled_dot_product_attention_backward_unscaled(d_output, cache):
    return _backward(d_output, cache, scale=False)


@wrong("scaled_dot_product_attention_backward", "not A * (1 - A) * dA")
def scaled_dot_product_attention_backward_diagonal(d_output, cache):
    return _backward(d_output, cache, softmax="diagonal")


@wrong("scaled_dot_product_attention_backward", "go back through the softmax")
def scaled_dot_product_attention_backward_no_softmax(d_output, cache):
    return _backward(d_output, cache, softmax="none")


@wrong("scaled_dot_product_attention_backward", "raised ValueError")
def scaled_dot_product_attention_backward_dv_untransposed(d_output, cache):
    dq, dk, _ = _backward(d_output, cache)
    return dq, dk, cache[3] @ d_output              # A @ dO instead of A^T @ dO


# ----------------------------------------------------------------------------------------------
# multi_head_attention


@ok("multi_head_attention")
def multi_head_attention_head_by_head(q, k, v, mask, parameters, num_heads):
    d_model = q.shape[-1]
    depth = d_model // num_heads
    Q, K, V = (x @ parameters["W" + n] + parameters["b" + n] for x, n in ((q, "q"), (k, "k"), (v, "v")))
    if mask is not None:
        mask = np.asarray(mask)
    heads, weights = [], []
    for h in range(num_heads):
        columns = slice(h * depth, (h + 1) * depth)
        out, w = scaled_dot_product_attention(Q[..., columns], K[..., columns], V[..., columns], mask)
        heads.append(out)
        weights.append(w)
    return np.concatenate(heads, axis=-1) @ parameters["Wo"] + parameters["bo"], np.stack(weights, axis=1)


@ok("multi_head_attention")
def multi_head_attention_einsum(q, k, v, mask, parameters, num_heads):
    m, T_q, d_model = q.shape
    depth = d_model // num_heads
    W = {n: parameters["W" + n].reshape(d_model, num_heads, depth) for n in "qkv"}
    b = {n: parameters["b" + n].reshape(num_heads, 1, depth) for n in "qkv"}
    Q = np.einsum("mtd,dhe->mhte", q, W["q"]) + b["q"]
    K = np.einsum("mtd,dhe->mhte", k, W["k"]) + b["k"]
    V = np.einsum("mtd,dhe->mhte", v, W["v"]) + b["v"]
    heads, weights = scaled_dot_product_attention(Q, K, V, None if mask is None else np.expand_dims(mask, 1))
    Wo = parameters["Wo"].reshape(num_heads, depth, d_model)
    return np.einsum("mhte,hed->mtd", heads, Wo) + parameters["bo"], weights


@ok("multi_head_attention")
def multi_head_attention_float32(q, k, v, mask, parameters, num_heads):
    p = {name: value.astype(np.float32) for name, value in parameters.items()}
    q, k, v = (x.astype(np.float32) for x in (q, k, v))
    return multi_head_attention(q, k, v, mask, p, num_heads)


@ok("multi_head_attention", callees={"scaled_dot_product_attention": attention_without_scaling})
def multi_head_attention_with_a_wrong_attention(q, k, v, mask, parameters, num_heads):
    m, seq_len_q, d_model = q.shape
    seq_len_k = k.shape[1]
    depth = d_model // num_heads
    Q = (q @ parameters["Wq"] + parameters["bq"]).reshape(m, seq_len_q, num_heads, depth).transpose(0, 2, 1, 3)
    K = (k @ parameters["Wk"] + parameters["bk"]).reshape(m, seq_len_k, num_heads, depth).transpose(0, 2, 1, 3)
    V = (v @ parameters["Wv"] + parameters["bv"]).reshape(m, seq_len_k, num_heads, depth).transpose(0, 2, 1, 3)
    if mask is not None:
        mask = mask[:, np.newaxis]
    heads, weights = scaled_dot_product_attention(Q, K, V, mask)
    concat = heads.transpose(0, 2, 1, 3).reshape(m, seq_len_q, d_model)
    return concat @ parameters["Wo"] + parameters["bo"], weights


def _multi_head(q, k, v, mask, p, num_heads, transposed=False, split_right=True, project=True, expand=True):
    m, T_q, d_model = q.shape
    depth = d_model // num_heads

    def split(x):
        if split_right:
            return x.reshape(m, x.shape[1], num_heads, depth).transpose(0, 2, 1, 3)
        return x.reshape(m, num_heads, x.shape[1], depth)

    def dense(x, n):
        return x @ (p["W" + n].T if transposed else p["W" + n]) + p["b" + n]

    if mask is not None and expand:
        mask = mask[:, np.newaxis]
    heads, weights = scaled_dot_product_attention(split(dense(q, "q")), split(dense(k, "k")), split(dense(v, "v")), mask)
    concat = heads.transpose(0, 2, 1, 3).reshape(m, T_q, d_model) if split_right else heads.reshape(m, T_q, d_model)
    return (dense(concat, "o") if project else concat), weights


@wrong("multi_head_attention", "not x @ W.T")
def multi_head_attention_transposed(q, k, v, mask, parameters, num_heads):
    return _multi_head(q, k, v, mask, parameters, num_heads, transposed=True)


@wrong("multi_head_attention", "mixes tokens and heads")
def multi_head_attention_reshape_only(q, k, v, mask, parameters, num_heads):
    return _multi_head(q, k, v, mask, parameters, num_heads, split_right=False)


@wrong("multi_head_attention", "apply the output projection")
def multi_head_attention_no_projection(q, k, v, mask, parameters, num_heads):
    return _multi_head(q, k, v, mask, parameters, num_heads, project=False)


@wrong("multi_head_attention", "give the mask a heads axis")
def multi_head_attention_mask_not_expanded(q, k, v, mask, parameters, num_heads):
    return _multi_head(q, k, v, mask, parameters, num_heads, expand=False)


@wrong("multi_head_attention", "reference implementation")
def multi_head_attention_through_the_layer(q, k, v, mask, parameters, num_heads):
    output, weights, _ = attention_layers.multi_head_attention_forward(q, k, v, mask, parameters, num_heads)
    return output, weights


# ----------------------------------------------------------------------------------------------
# encoder_layer


def _layer_norm(y, gamma, beta, epsilon=1e-6, axis=-1):
    mean = y.mean(axis=axis, keepdims=True)
    return gamma * (y - mean) / np.sqrt(((y - mean) ** 2).mean(axis=axis, keepdims=True) + epsilon) + beta


@ok("encoder_layer")
def encoder_layer_with_a_layer_norm_function(x, mask, parameters, num_heads, epsilon=1e-6):
    p = parameters
    attention, _ = multi_head_attention(x, x, x, mask, p, num_heads)
    h = _layer_norm(x + attention, p["gamma1"], p["beta1"], epsilon)
    ffn = np.maximum(0, h @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return _layer_norm(h + ffn, p["gamma2"], p["beta2"], epsilon)


@ok("encoder_layer")
def encoder_layer_relu_by_mask(x, mask, parameters, num_heads, epsilon=1e-6):
    p = parameters

    def norm(y, gamma, beta):
        return gamma * (y - np.mean(y, axis=-1, keepdims=True)) / np.sqrt(np.std(y, axis=-1, keepdims=True) ** 2
                                                                          + epsilon) + beta

    h = norm(x + multi_head_attention(x, x, x, mask, p, num_heads)[0], p["gamma1"], p["beta1"])
    hidden = np.dot(h, p["W1"]) + p["b1"]
    return norm(h + np.dot(hidden * (hidden > 0), p["W2"]) + p["b2"], p["gamma2"], p["beta2"])


@ok("encoder_layer")
def encoder_layer_float32(x, mask, parameters, num_heads, epsilon=1e-6):
    p = {name: value.astype(np.float32) for name, value in parameters.items()}
    x = x.astype(np.float32)
    attention, _ = multi_head_attention(x, x, x, mask, p, num_heads)
    h = _layer_norm(x + attention, p["gamma1"], p["beta1"], epsilon)
    ffn = np.maximum(0, h @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return _layer_norm(h + ffn, p["gamma2"], p["beta2"], epsilon)


@ok("encoder_layer", callees={"multi_head_attention": multi_head_attention_not_implemented})
def encoder_layer_with_a_wrong_multi_head_attention(x, mask, parameters, num_heads, epsilon=1e-6):
    p = parameters
    self_mha_output, _ = multi_head_attention(x, x, x, mask, p, num_heads)
    h = _layer_norm(x + self_mha_output, p["gamma1"], p["beta1"], epsilon)
    ffn = np.maximum(0, h @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return _layer_norm(h + ffn, p["gamma2"], p["beta2"], epsilon)


def _encoder(x, mask, p, num_heads, epsilon=1e-6, residual1=True, axis=-1, relu=True, second_from_x=False):
    attention, _ = multi_head_attention(x, x, x, mask, p, num_heads)
    h = _layer_norm((x if residual1 else 0) + attention, p["gamma1"], p["beta1"], epsilon, axis)
    hidden = h @ p["W1"] + p["b1"]
    ffn = (np.maximum(0, hidden) if relu else hidden) @ p["W2"] + p["b2"]
    return _layer_norm((x if second_from_x else h) + ffn, p["gamma2"], p["beta2"], epsilon, axis)


@wrong("encoder_layer", "LayerNorm1(x + attention)")
def encoder_layer_no_first_residual(x, mask, parameters, num_heads, epsilon=1e-6):
    return _encoder(x, mask, parameters, num_heads, epsilon, residual1=False)


@wrong("encoder_layer", "not over the tokens")
def encoder_layer_norm_over_tokens(x, mask, parameters, num_heads, epsilon=1e-6):
    return _encoder(x, mask, parameters, num_heads, epsilon, axis=1)


@wrong("encoder_layer", "has a ReLU between its two layers")
def encoder_layer_no_relu(x, mask, parameters, num_heads, epsilon=1e-6):
    return _encoder(x, mask, parameters, num_heads, epsilon, relu=False)


@wrong("encoder_layer", "not the layer's input x")
def encoder_layer_second_residual_from_x(x, mask, parameters, num_heads, epsilon=1e-6):
    return _encoder(x, mask, parameters, num_heads, epsilon, second_from_x=True)


@wrong("encoder_layer", "reference implementation")
def encoder_layer_through_the_layer(x, mask, parameters, num_heads, epsilon=1e-6):
    return attention_layers.encoder_layer_forward(x, mask, parameters, num_heads, epsilon)[0]
