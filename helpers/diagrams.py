"""Diagrams of the course's models, drawn with matplotlib from the numbers a notebook uses.

Each function takes what the notebook computes with (layer sizes, pad and stride, the
pooled values, the parameters of a block, the attention weights) and returns the figure,
so a figure cannot drift from the code it explains. The artists that stand for something
countable carry a ``gid`` (``"node-0"``, ``"window"``, ``"gate"``...), which the tests read.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, ConnectionPatch, FancyBboxPatch, Rectangle

from helpers import fast_layers

FORWARD, BACKWARD, HIGHLIGHT = "#dbe9f6", "#fde2cf", "tab:red"


# ----------------------------------------------------------------------------------------------
# Drawing primitives


def _canvas(width, height, scale=0.9):
    """A figure with one axes in data units, (0, 0) bottom left, no frame."""
    fig, ax = plt.subplots(figsize=(width * scale, height * scale))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _box(ax, x, y, text, width=2.0, height=0.8, color=FORWARD, gid="box"):
    """A rounded box centred on (x, y) with a centred text, both tagged with gid."""
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, gid=gid,
                                boxstyle="round,pad=0.05", fc=color, ec="black", lw=1))
    ax.text(x, y, text, ha="center", va="center", fontsize=8, gid=gid)


def _arrow(ax, start, end, text=None, color="black", style="-|>", offset=(0, 0.12)):
    """An arrow from start to end, with an optional label above its middle."""
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": style, "color": color, "lw": 1.1, "shrinkA": 0, "shrinkB": 0})
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="bottom", fontsize=7.5, color=color)


def _shown(n, most):
    """The units of a layer of n that are drawn (1-based): all of them, or the first most - 2,
    None for the dots, and the last."""
    if n <= most:
        return list(range(1, n + 1))
    return [*range(1, most - 1), None, n]


def _nodes(ax, x, n, label, gid, most=6, spacing=1.0, y_centre=3.0, radius=0.28):
    """A column of units; returns the (x, y) of each circle drawn, top first."""
    units = _shown(n, most)
    top = y_centre + spacing * (len(units) - 1) / 2
    centres = []
    for row, unit in enumerate(units):
        y = top - spacing * row
        if unit is None:
            ax.text(x, y, "$\\vdots$", ha="center", va="center", fontsize=12)
            continue
        ax.add_patch(Circle((x, y), radius, fc="white", ec="black", gid=gid))
        ax.text(x, y, label(unit), ha="center", va="center", fontsize=7)
        centres.append((x, y))
    return centres


def _connect(ax, left, right, radius=0.28):
    for x0, y0 in left:
        for x1, y1 in right:
            ax.plot([x0 + radius, x1 - radius], [y0, y1], color="grey", lw=0.6, zorder=0)


def _text(value):
    """A number as the grids show it: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _grid(ax, values, title, shade=None):
    """A 2-D array drawn cell by cell with its values; cell (r, c) is centred on (c, r)."""
    values = np.asarray(values, dtype=float)
    ax.imshow(np.zeros(values.shape) if shade is None else shade, cmap="Greys", vmin=0, vmax=4)
    for (r, c), value in np.ndenumerate(values):
        ax.text(c, r, _text(value), ha="center", va="center", fontsize=8, gid="value")
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="black", lw=0.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_title(title, fontsize=9)


def _mark(ax, row, col, size, gid):
    """A red square of size cells whose top-left cell is (row, col)."""
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), size, size, fill=False, ec=HIGHLIGHT, lw=2.5, gid=gid))


def _link(fig, ax_from, ax_to, start, end):
    fig.add_artist(ConnectionPatch(xyA=start, coordsA="data", axesA=ax_from, xyB=end, coordsB="data",
                                   axesB=ax_to, arrowstyle="-|>", color=HIGHLIGHT, lw=1, alpha=0.6))


def _panels(shapes, cell=0.55):
    """A row of axes, one per 2-D array shape, whose cells all have the same size."""
    width = cell * sum(c for _, c in shapes) + 0.9 * len(shapes)
    height = cell * max(r for r, _ in shapes) + 1.4
    return plt.subplots(1, len(shapes), figsize=(width, height),
                        gridspec_kw={"width_ratios": [c for _, c in shapes]})


def _one_channel(layer, a, *args, **kwargs):
    """Run a fast layer (``helpers.fast_layers``) on one 2-D channel of one example."""
    out, _ = layer(np.asarray(a, dtype=float)[None, :, :, None], *args, **kwargs)
    return out[0, :, :, 0]


# ----------------------------------------------------------------------------------------------
# Part 1: neurons and networks


def draw_neuron(n_x, most=5):
    """
    Logistic regression as one neuron: inputs x_1..x_{n_x} (a few drawn), weights w_i,
    z = w^T x + b, the sigmoid, and the prediction y_hat.

    n_x -- number of input features (rows of X)
    most -- largest number of input rows drawn (the dots count as one)
    Returns fig -- the matplotlib figure
    """
    fig, ax = _canvas(9, 6)
    inputs = _nodes(ax, 1, n_x, lambda i: f"$x_{{{i}}}$", "node-0", most=most)
    neuron = (5, 3)
    ax.add_patch(Circle(neuron, 1.0, fc=FORWARD, ec="black", gid="node-1"))
    ax.text(*neuron, "$z = w^T x + b$\n$a = \\sigma(z)$", ha="center", va="center", fontsize=9)
    for (x, y), i in zip(inputs, [u for u in _shown(n_x, most) if u is not None], strict=True):
        ax.plot([x + 0.28, neuron[0] - 1.0], [y, neuron[1]], color="grey", lw=0.8, zorder=0)
        ax.text(x + 0.9, y + 0.5 * (neuron[1] - y) / 4 + 0.1, f"$w_{{{i}}}$", fontsize=8, color="tab:blue")
    _arrow(ax, (6.0, 3), (7.6, 3))
    ax.text(8.2, 3, "$\\hat{y} = a$", ha="center", va="center", fontsize=10)
    ax.set_title(f"logistic regression as one neuron: $n_x$ = {n_x} inputs, "
                 f"w of shape ({n_x}, 1), b a number", fontsize=9)
    return fig


def draw_two_layer_network(n_x, n_h, n_y, most=8):
    """
    A network with one hidden layer: its units and the shapes of its parameters.

    n_x, n_h, n_y -- sizes of the input, hidden and output layers
    most -- largest number of units drawn per layer (the dots count as one)
    Returns fig -- the matplotlib figure
    """
    fig, ax = _canvas(10, 7)
    labels = ["$x_{%d}$", "$a^{[1]}_{%d}$", "$a^{[2]}_{%d}$"]
    columns = [_nodes(ax, x, n, lambda i, lab=lab: lab % i, f"node-{k}", most=most, y_centre=3.6)
               for k, (x, n, lab) in enumerate(zip((1.5, 5, 8.5), (n_x, n_h, n_y), labels, strict=True))]
    _connect(ax, columns[0], columns[1])
    _connect(ax, columns[1], columns[2])
    for x, text in ((1.5, f"input layer\n$n_x$ = {n_x}"), (5, f"hidden layer, tanh\n$n_h$ = {n_h}"),
                    (8.5, f"output layer, sigmoid\n$n_y$ = {n_y}")):
        ax.text(x, 0.2, text, ha="center", va="bottom", fontsize=8)
    for x, l, (rows, cols) in ((3.25, 1, (n_h, n_x)), (6.75, 2, (n_y, n_h))):
        ax.text(x, 6.6, f"W{l} {(rows, cols)}\nb{l} {(rows, 1)}", ha="center", va="center",
                fontsize=8, color="tab:blue", gid="shape")
    return fig


def draw_deep_network_caches(layer_dims):
    """
    The L-layer model [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID: the forward pass on top,
    what each layer caches, and the gradients the backward pass sends back along the bottom.

    layer_dims -- [n_x, n_1, ..., n_L], the sizes of the layers, input first
    Returns fig -- the matplotlib figure
    """
    L = len(layer_dims) - 1
    step = 4.2
    fig, ax = _canvas(step * L + 3.8, 7, scale=0.8)
    for l in range(1, L + 1):
        x = step * l - 0.6
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        name = "SIGMOID" if l == L else "RELU"
        _box(ax, x, 5.8, f"layer {l}\nLINEAR → {name}", width=2.4, gid="forward")
        _arrow(ax, (x - step + 1.2, 5.8), (x - 1.2, 5.8), f"$A^{{[{l - 1}]}}$ ({n_prev}, m)")
        ax.text(x, 3.8, f"cache {l}: ((A{l - 1}, W{l}, b{l}), Z{l})\n"
                        f"W{l} {(n, n_prev)}, b{l} {(n, 1)}\nZ{l} ({n}, m)",
                ha="center", va="center", fontsize=7, gid="cache",
                bbox={"boxstyle": "round", "fc": "#eeeeee", "ec": "grey"})
        ax.annotate("", xy=(x, 4.35), xytext=(x, 5.4), arrowprops={"arrowstyle": "-|>", "ls": "--"})
        ax.annotate("", xy=(x, 1.6), xytext=(x, 3.25), arrowprops={"arrowstyle": "-|>", "ls": "--"})
        _box(ax, x, 1.2, f"LINEAR ← {name}\nbackward", width=2.4, color=BACKWARD, gid="backward")
        _arrow(ax, (x - 1.2, 1.2), (x - step + 1.2, 1.2), f"dA{l - 1} ({n_prev}, m)", color="tab:red")
        ax.text(x, 0.3, f"dW{l} {(n, n_prev)}, db{l} {(n, 1)}", ha="center", va="center",
                fontsize=7, color="tab:red", gid="gradient")
    last = step * L - 0.6
    _arrow(ax, (last + 1.2, 5.8), (last + 2.6, 5.8), f"$A^{{[{L}]}} = \\hat{{Y}}$")
    _arrow(ax, (last + 2.6, 1.2), (last + 1.2, 1.2), f"dA{L}", color="tab:red")
    ax.text(last + 2.3, 3.5, "cost J", ha="center", va="center", fontsize=9)
    ax.set_title(f"layer_dims = {list(layer_dims)}: forward (top), caches, backward (bottom)", fontsize=9)
    return fig


# ----------------------------------------------------------------------------------------------
# Part 3: convolutions, pooling, residual blocks


def draw_convolution(a_prev, W, b, hparameters, position=(0, 0)):
    """
    One channel of a convolution: the padded input with the window of one output position,
    the filter, and the whole output with that position's value.

    a_prev -- input of shape (n_H_prev, n_W_prev), one channel
    W -- filter of shape (f, f); b -- bias, a number
    hparameters -- {"pad": pad, "stride": stride}
    position -- (h, w), the output position whose window is drawn
    Returns fig -- the matplotlib figure
    """
    pad, stride, f = hparameters["pad"], hparameters["stride"], W.shape[0]
    padded = fast_layers.zero_pad(np.asarray(a_prev, dtype=float)[None, :, :, None], pad)[0, :, :, 0]
    Z = _one_channel(fast_layers.conv_forward, a_prev, np.asarray(W, dtype=float)[:, :, None, None],
                     np.full((1, 1, 1, 1), float(b)), hparameters)
    h, w = position
    fig, axes = _panels([padded.shape, W.shape, Z.shape])
    border = np.pad(np.zeros(np.shape(a_prev)), pad, constant_values=1)
    _grid(axes[0], padded, f"input {np.shape(a_prev)} padded with pad = {pad}", shade=border)
    _mark(axes[0], h * stride, w * stride, f, "window")
    _grid(axes[1], W, f"filter W ({f}, {f}), b = {_text(b)}")
    _grid(axes[2], Z, f"output Z {Z.shape}, stride {stride}\nZ[{h}, {w}] = {_text(Z[h, w])}")
    _mark(axes[2], h, w, 1, "output-cell")
    _link(fig, axes[0], axes[2], (w * stride + f - 0.5, h * stride), (w - 0.5, h))
    fig.suptitle(f"Z[h, w] = sum(window * W) + b; the window of (h, w) = ({h}, {w}) starts at row "
                 f"h * stride = {h * stride}, column w * stride = {w * stride}", fontsize=9)
    return fig


def draw_pooling(a_prev, hparameters, position=(0, 0)):
    """
    One channel of max and average pooling: the input with one window, and both outputs.

    a_prev -- input of shape (n_H_prev, n_W_prev), one channel
    hparameters -- {"f": f, "stride": stride}
    position -- (h, w), the output position whose window is drawn
    Returns fig -- the matplotlib figure
    """
    f, stride = hparameters["f"], hparameters["stride"]
    h, w = position
    outputs = {mode: _one_channel(fast_layers.pool_forward, a_prev, hparameters, mode=mode)
               for mode in ("max", "average")}
    fig, axes = _panels([np.shape(a_prev)] + [outputs["max"].shape] * 2)
    _grid(axes[0], a_prev, f"input {np.shape(a_prev)}, f = {f}, stride = {stride}")
    _mark(axes[0], h * stride, w * stride, f, "window")
    for ax, (mode, out) in zip(axes[1:], outputs.items(), strict=True):
        _grid(ax, out, f"{mode} pooling {out.shape}\nA[{h}, {w}] = {_text(out[h, w])}")
        _mark(ax, h, w, 1, "output-cell")
        _link(fig, axes[0], ax, (w * stride + f - 0.5, h * stride), (w - 0.5, h))
    return fig


def draw_residual_block(parameters, s=1):
    """
    A residual block: the main path of three convolutions (each with its batch norm) and the
    shortcut, a plain copy of X (identity block) or a 1x1 convolution with stride s and a batch
    norm (convolutional block, when parameters has W_s).

    parameters -- W1 (1, 1, n_C_prev, F1), W2 (f, f, F1, F2), W3 (1, 1, F2, F3), and W_s
                  (1, 1, n_C_prev, F3) for the convolutional block (other entries are ignored)
    s -- stride of the first convolution and of the shortcut's
    Returns fig -- the matplotlib figure
    """
    shortcut = "W_s" in parameters
    f = parameters["W2"].shape[0]
    fig, ax = _canvas(17, 5.4, scale=0.75)
    components = [(f"conv 1x1, stride {s}" if shortcut else "conv 1x1", "W1", "BN, ReLU"),
                  (f"conv {f}x{f}, same", "W2", "BN, ReLU"), ("conv 1x1", "W3", "BN")]
    _arrow(ax, (0.4, 3.8), (1.4, 3.8))
    ax.text(0.3, 3.8, "X", ha="right", va="center", fontsize=10)
    for k, (conv, name, after) in enumerate(components):
        x = 2.9 + 3.6 * k
        _box(ax, x, 3.8, f"{conv}\n{name} {parameters[name].shape}\n{after}", width=3.0, height=1.2, gid="main")
        _arrow(ax, (x + 1.5, 3.8), (x + 2.1, 3.8))
    ax.add_patch(Circle((12.8, 3.8), 0.35, fc="white", ec="black"))
    ax.text(12.8, 3.8, "+", ha="center", va="center", fontsize=12)
    _box(ax, 14.6, 3.8, "ReLU", width=1.4)
    _arrow(ax, (13.15, 3.8), (13.9, 3.8))
    _arrow(ax, (15.3, 3.8), (16.2, 3.8))
    ax.text(16.3, 3.8, "A", ha="left", va="center", fontsize=10)
    ax.plot([0.8, 0.8, 12.8], [3.8, 1.2, 1.2], color="black", lw=1.1, zorder=0)
    _arrow(ax, (12.8, 1.2), (12.8, 3.45))
    if shortcut:
        _box(ax, 6.8, 1.2, f"conv 1x1, stride {s}\nW_s {parameters['W_s'].shape}\nBN",
             width=3.0, height=1.2, color=BACKWARD, gid="shortcut")
        title = f"convolutional block: the shortcut gives X the output's shape (stride {s})"
    else:
        ax.text(6.8, 1.35, "shortcut: X itself", ha="center", va="bottom", fontsize=8)
        title = "identity block: X is added to the main path's output"
    ax.set_title(title, fontsize=9)
    return fig


# ----------------------------------------------------------------------------------------------
# Part 4: sequences and attention


def draw_lstm_cell(n_x, n_a):
    """
    One LSTM step: the gates f, i, o and the candidate c~ computed from [a<t-1>; x<t>], the
    memory cell's path along the top and the hidden state leaving on the right, with shapes.

    n_x -- number of input features; n_a -- number of hidden units
    Returns fig -- the matplotlib figure
    """
    fig, ax = _canvas(15, 8.4, scale=0.75)
    ax.add_patch(FancyBboxPatch((1.0, 0.9), 12.2, 6.6, boxstyle="round,pad=0.1", fc="#f6f6f6", ec="grey"))
    ops = {"forget": (3.3, 6.8), "write": (6.8, 5.6), "add": (6.8, 6.8), "show": (12.2, 3.5)}
    for (x, y), sign in zip(ops.values(), ["⊙", "⊙", "+", "⊙"], strict=True):
        ax.add_patch(Circle((x, y), 0.3, fc="white", ec="black", zorder=3))
        ax.text(x, y, sign, ha="center", va="center", fontsize=11, zorder=4)
    state = f"({n_a}, m)"
    _arrow(ax, (0.2, 6.8), (3.0, 6.8), f"$c^{{\\langle t-1 \\rangle}}$ {state}", color="tab:purple")
    _arrow(ax, (3.6, 6.8), (6.5, 6.8), color="tab:purple")
    _arrow(ax, (7.1, 6.8), (14.8, 6.8), f"$c^{{\\langle t \\rangle}}$ {state}", color="tab:purple", offset=(2.5, 0.12))
    _arrow(ax, (6.8, 5.9), (6.8, 6.5))
    _box(ax, 12.2, 5.3, "tanh", width=1.0, height=0.5)
    _arrow(ax, (12.2, 6.8), (12.2, 5.55))
    _arrow(ax, (12.2, 5.05), (12.2, 3.8))
    _arrow(ax, (12.5, 3.5), (14.8, 3.5), f"$a^{{\\langle t \\rangle}}$ {state}", offset=(0.5, 0.12))
    _arrow(ax, (0.2, 1.6), (1.2, 1.6), f"$a^{{\\langle t-1 \\rangle}}$ {state}", offset=(0.2, 0.25))
    _arrow(ax, (2.2, 0.0), (2.2, 1.15))
    ax.text(2.4, 0.3, f"$x^{{\\langle t \\rangle}}$ ({n_x}, m)", fontsize=7.5)
    _box(ax, 2.2, 1.6, f"$[a^{{\\langle t-1 \\rangle}}; x^{{\\langle t \\rangle}}]$\n({n_a + n_x}, m)",
         width=1.9, height=0.9)
    gates = [("forget gate $\\Gamma_f$", "σ", "f", ops["forget"]), ("update gate $\\Gamma_i$", "σ", "i", ops["write"]),
             ("candidate $\\tilde{c}$", "tanh", "c", ops["write"]), ("output gate $\\Gamma_o$", "σ", "o", None)]
    for k, (name, g, gate, target) in enumerate(gates):
        x = 3.3 + 2.35 * k
        _box(ax, x, 3.5, f"{name}\n{g}(W{gate}·[a; x] + b{gate})\nW{gate} {(n_a, n_a + n_x)}, b{gate} {(n_a, 1)}",
             width=2.25, height=1.1, gid="gate")
        _arrow(ax, (x, 4.05), (target[0], target[1] - 0.3)) if target else _arrow(ax, (x + 1.15, 3.5), (11.9, 3.5))
        ax.plot([2.2, x], [2.05, 2.95], color="grey", lw=0.8, zorder=0)
    ax.text(13.2, 2.2, "$\\hat{y}^{\\langle t \\rangle} = \\mathrm{softmax}(W_y a^{\\langle t \\rangle} + b_y)$",
            ha="center", fontsize=8)
    ax.set_title(f"an LSTM cell with $n_x$ = {n_x} inputs and $n_a$ = {n_a} hidden units "
                 f"(m examples in columns)", fontsize=9)
    return fig


def draw_attention(q, k, v, weights, query=0):
    """
    Scaled dot-product attention of one sequence: queries, keys, the attention weights
    softmax(q k^T / sqrt(d_k)) as a heat map, the values, and the output, each query's
    weighted sum of the values; one query's row is marked throughout.

    q -- queries (T_q, d_k); k -- keys (T_k, d_k); v -- values (T_k, d_v)
    weights -- the attention weights (T_q, T_k) computed from them (each row sums to 1)
    query -- the row that is marked
    Returns fig -- the matplotlib figure
    """
    weights = np.asarray(weights)
    output = weights @ v
    panels = [("queries Q", q, "RdBu"), ("keys K", k, "RdBu"), ("attention weights", weights, "viridis"),
              ("values V", v, "RdBu"), ("output = weights @ V", output, "RdBu")]
    fig, axes = _panels([a.shape for _, a, _ in panels], cell=0.4)
    for ax, (title, array, cmap) in zip(axes, panels, strict=True):
        limit = 1 if cmap == "viridis" else np.max(np.abs(array))
        ax.imshow(array, cmap=cmap, vmin=0 if cmap == "viridis" else -limit, vmax=limit, gid=title)
        ax.set_title(f"{title} {array.shape}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks(range(array.shape[0]))
    axes[2].set_title(f"weights = softmax(Q Kᵀ / √{k.shape[1]}) {weights.shape}", fontsize=9)
    axes[2].set_xticks(range(weights.shape[1]))
    axes[2].set_xlabel("key")
    axes[0].set_ylabel("query")
    for j, value in enumerate(weights[query]):
        axes[2].text(j, query, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white", gid="weight")
    for ax, width in ((axes[0], q.shape[1]), (axes[2], weights.shape[1]), (axes[4], output.shape[1])):
        ax.add_patch(Rectangle((-0.5, query - 0.5), width, 1, fill=False, ec=HIGHLIGHT, lw=2.5, gid="query"))
    fig.suptitle(f"query {query}: its weights over the {weights.shape[1]} keys sum to 1, and its output row is "
                 f"the weighted sum of the rows of V: " + " + ".join(f"{a:.2f} v{j}" for j, a in enumerate(weights[query])),
                 fontsize=9)
    return fig
