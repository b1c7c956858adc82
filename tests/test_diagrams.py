"""helpers.diagrams draws what its numbers say: node counts and shapes from the layer sizes,
the convolution and pooling windows where the stride puts them with the values the layers
compute, the parameters' shapes of a residual block and an LSTM, the attention weights."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle

from helpers import attention, diagrams, fast_layers, resnet


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(fig, gid=None):
    return [t.get_text() for ax in fig.axes for t in ax.texts if gid is None or t.get_gid() == gid]


def patches(fig, gid, kind=None):
    return [p for ax in fig.axes for p in ax.patches if p.get_gid() == gid and (kind is None or isinstance(p, kind))]


def text_at(ax, x, y):
    """The text drawn at the data position (x, y) of ax."""
    found = [t.get_text() for t in ax.texts if np.allclose(t.get_position(), (x, y))]
    assert len(found) == 1, f"{len(found)} texts at {(x, y)}"
    return found[0]


def window_of(ax, gid):
    """(row, column, size) of the marked square `gid` of a grid panel."""
    (square,) = [p for p in ax.patches if p.get_gid() == gid]
    x, y = square.get_xy()
    assert square.get_width() == square.get_height()
    return round(y + 0.5), round(x + 0.5), square.get_width()


# ----------------------------------------------------------------------------------------------
# Part 1


@pytest.mark.parametrize(("n_x", "shown"), [(12288, [1, 2, 3, 12288]), (3, [1, 2, 3]), (5, [1, 2, 3, 4, 5])])
def test_neuron_draws_some_of_the_n_x_inputs_with_their_weights(n_x, shown):
    fig = diagrams.draw_neuron(n_x)
    assert len(patches(fig, "node-0", Circle)) == len(shown)
    assert len(patches(fig, "node-1", Circle)) == 1
    labels = texts(fig)
    assert [t for t in labels if t.startswith("$x_")] == [f"$x_{{{i}}}$" for i in shown]
    assert [t for t in labels if t.startswith("$w_")] == [f"$w_{{{i}}}$" for i in shown]
    assert ("$\\vdots$" in labels) == (len(shown) < n_x)
    assert f"w of shape ({n_x}, 1)" in fig.axes[0].get_title()


@pytest.mark.parametrize(("sizes", "drawn"), [((2, 4, 1), (2, 4, 1)), ((5, 20, 3), (5, 7, 3))])
def test_two_layer_network_has_the_units_and_shapes_of_its_sizes(sizes, drawn):
    n_x, n_h, n_y = sizes
    fig = diagrams.draw_two_layer_network(n_x, n_h, n_y)
    assert [len(patches(fig, f"node-{k}", Circle)) for k in range(3)] == list(drawn)
    assert len(fig.axes[0].lines) == drawn[0] * drawn[1] + drawn[1] * drawn[2]   # every edge
    assert texts(fig, "shape") == [f"W1 ({n_h}, {n_x})\nb1 ({n_h}, 1)", f"W2 ({n_y}, {n_h})\nb2 ({n_y}, 1)"]
    assert f"$n_h$ = {n_h}" in " ".join(texts(fig))


@pytest.mark.parametrize("layer_dims", [[2, 16, 8, 1], [5, 4, 3, 2, 1], [3, 1]])
def test_deep_network_caches_follow_layer_dims(layer_dims):
    L = len(layer_dims) - 1
    fig = diagrams.draw_deep_network_caches(layer_dims)
    forward = texts(fig, "forward")
    assert forward == [f"layer {l}\nLINEAR → {'SIGMOID' if l == L else 'RELU'}" for l in range(1, L + 1)]
    assert len(patches(fig, "backward")) == L
    for l, text in enumerate(texts(fig, "cache"), start=1):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        assert text.startswith(f"cache {l}: ((A{l - 1}, W{l}, b{l}), Z{l})")
        assert f"W{l} ({n}, {n_prev}), b{l} ({n}, 1)" in text and f"Z{l} ({n}, m)" in text
    assert texts(fig, "gradient") == [f"dW{l} ({layer_dims[l]}, {layer_dims[l - 1]}), db{l} ({layer_dims[l]}, 1)"
                                      for l in range(1, L + 1)]
    assert f"dA0 ({layer_dims[0]}, m)" in texts(fig)


# ----------------------------------------------------------------------------------------------
# Part 3


@pytest.mark.parametrize(("shape", "f", "hp"), [((5, 4), 3, {"pad": 1, "stride": 2}),
                                                ((6, 6), 2, {"pad": 0, "stride": 1}),
                                                ((4, 5), 3, {"pad": 2, "stride": 3})])
def test_convolution_window_and_output_value(shape, f, hp):
    rng = np.random.default_rng(0)
    a_prev, W, b = np.round(rng.standard_normal(shape), 2), np.round(rng.standard_normal((f, f)), 2), 0.25
    Z = fast_layers.conv_forward(a_prev[None, :, :, None], W[:, :, None, None], np.full((1, 1, 1, 1), b), hp)[0][0, :, :, 0]
    padded = np.pad(a_prev, hp["pad"])
    for h in range(Z.shape[0]):
        for w in range(Z.shape[1]):
            fig = diagrams.draw_convolution(a_prev, W, b, hp, position=(h, w))
            ax_in, _, ax_out = fig.axes
            row, col, size = window_of(ax_in, "window")
            assert (row, col, size) == (h * hp["stride"], w * hp["stride"], f)
            under = [[float(text_at(ax_in, c, r)) for c in range(col, col + f)] for r in range(row, row + f)]
            np.testing.assert_allclose(under, padded[row:row + f, col:col + f], atol=0.005)
            assert window_of(ax_out, "output-cell") == (h, w, 1)
            assert len(ax_out.texts) == Z.size
            assert float(text_at(ax_out, w, h)) == pytest.approx(Z[h, w], abs=0.005)
            plt.close(fig)


@pytest.mark.parametrize(("shape", "hp"), [((4, 4), {"f": 2, "stride": 2}), ((5, 5), {"f": 3, "stride": 1})])
def test_pooling_shows_the_max_and_the_mean_of_the_window(shape, hp):
    a_prev = np.random.default_rng(1).integers(0, 10, shape).astype(float)
    expected = {mode: fast_layers.pool_forward(a_prev[None, :, :, None], hp, mode=mode)[0][0, :, :, 0]
                for mode in ("max", "average")}
    f, s = hp["f"], hp["stride"]
    for h, w in np.ndindex(expected["max"].shape):
        fig = diagrams.draw_pooling(a_prev, hp, position=(h, w))
        ax_in, ax_max, ax_average = fig.axes
        assert window_of(ax_in, "window") == (h * s, w * s, f)
        window = a_prev[h * s:h * s + f, w * s:w * s + f]
        for ax, mode, value in ((ax_max, "max", window.max()), (ax_average, "average", window.mean())):
            assert window_of(ax, "output-cell") == (h, w, 1)
            shown = float(text_at(ax, w, h))
            assert shown == pytest.approx(value, abs=0.005) and shown == pytest.approx(expected[mode][h, w], abs=0.005)
            assert ax.get_title().startswith(f"{mode} pooling {expected[mode].shape}")
        plt.close(fig)


def test_residual_blocks_show_their_parameters_and_shortcut():
    rng = np.random.default_rng(0)
    identity = resnet.block_parameters(rng, 4, (2, 3, 4), 3)
    fig = diagrams.draw_residual_block(identity)
    assert texts(fig, "main") == ["conv 1x1\nW1 (1, 1, 4, 2)\nBN, ReLU", "conv 3x3, same\nW2 (3, 3, 2, 3)\nBN, ReLU",
                                  "conv 1x1\nW3 (1, 1, 3, 4)\nBN"]
    assert patches(fig, "shortcut") == [] and "shortcut: X itself" in texts(fig)

    convolutional = resnet.block_parameters(rng, 3, (2, 5, 6), 5, shortcut=True)
    fig = diagrams.draw_residual_block(convolutional, s=2)
    assert texts(fig, "main") == ["conv 1x1, stride 2\nW1 (1, 1, 3, 2)\nBN, ReLU",
                                  "conv 5x5, same\nW2 (5, 5, 2, 5)\nBN, ReLU", "conv 1x1\nW3 (1, 1, 5, 6)\nBN"]
    assert texts(fig, "shortcut") == ["conv 1x1, stride 2\nW_s (1, 1, 3, 6)\nBN"]


# ----------------------------------------------------------------------------------------------
# Part 4


@pytest.mark.parametrize(("n_x", "n_a"), [(3, 5), (10, 7)])
def test_lstm_cell_gates_have_the_shapes_of_n_x_and_n_a(n_x, n_a):
    fig = diagrams.draw_lstm_cell(n_x, n_a)
    gates = texts(fig, "gate")
    assert [g.split("\n")[0] for g in gates] == ["forget gate $\\Gamma_f$", "update gate $\\Gamma_i$",
                                                 "candidate $\\tilde{c}$", "output gate $\\Gamma_o$"]
    for gate, name in zip(gates, "fico", strict=True):
        assert gate.endswith(f"W{name} ({n_a}, {n_a + n_x}), b{name} ({n_a}, 1)")
    labels = " ".join(texts(fig))
    assert f"({n_x}, m)" in labels and f"({n_a + n_x}, m)" in labels
    assert labels.count(f"({n_a}, m)") == 4   # c<t-1>, c<t>, a<t-1>, a<t>


@pytest.mark.parametrize("query", [0, 3])
def test_attention_heat_map_is_the_weights_and_the_output_their_weighted_sum(query):
    rng = np.random.default_rng(2)
    q, k, v = rng.standard_normal((5, 4)), rng.standard_normal((7, 4)), rng.standard_normal((7, 3))
    output, weights, _ = attention.attention_forward(q, k, v)
    fig = diagrams.draw_attention(q, k, v, weights, query=query)
    images = [ax.images[0].get_array() for ax in fig.axes]
    for image, expected in zip(images, [q, k, weights, v, output], strict=True):
        np.testing.assert_allclose(image, expected, rtol=1e-12)
    heat = fig.axes[2]
    assert [float(t) for t in texts(fig, "weight")] == pytest.approx(weights[query], abs=0.005)
    assert [round(p.get_xy()[1] + 0.5) for p in patches(fig, "query")] == [query] * 3
    assert heat.get_title().startswith("weights = softmax(Q Kᵀ / √4) (5, 7)")
