"""The style-transfer helpers: the random feature network's backward pass and the patterns."""

import numpy as np
import pytest

from helpers.gradcheck import numerical_gradient, relative_difference
from helpers.style import (
    PATTERNS,
    features,
    features_backward,
    load_content,
    load_style,
    make_network,
    pattern,
)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_forward_shapes_and_dtypes(dtype):
    network = make_network(seed=1, n_filters=8)
    outputs, _ = features(np.full((1, 16, 16, 3), 0.3, dtype=dtype), network)
    assert list(outputs) == ["conv3", "conv5", "conv7", "conv11", "content"]
    for name in ("conv3", "conv5", "conv7", "conv11"):
        assert outputs[name].shape == (1, 16, 16, 8) and outputs[name].dtype == dtype
    assert outputs["content"].shape == (1, 4, 4, 32) and outputs["content"].dtype == dtype


def test_a_flat_image_has_zero_activations_away_from_the_border():
    outputs, _ = features(np.full((1, 24, 24, 3), 0.8), make_network(seed=1, n_filters=4))
    assert np.allclose(outputs["conv11"][:, 5:-5, 5:-5], 0, atol=1e-12)


@pytest.mark.parametrize("which", [("conv3", "conv5", "content"), ("conv5",), ("content",)])
def test_backward_agrees_with_finite_differences(which):
    network = make_network(seed=3, sizes=(3, 5), n_filters=4, pool=2)
    x = np.random.default_rng(0).random((1, 6, 6, 3))
    outputs, cache = features(x, network)
    rng = np.random.default_rng(1)
    d_outputs = {name: rng.standard_normal(outputs[name].shape) for name in which}

    def cost(z):
        out, _ = features(z, network)
        return sum(np.sum(out[name] * d) for name, d in d_outputs.items())

    assert relative_difference(features_backward(d_outputs, cache), numerical_gradient(cost, x)) < 1e-7


def test_backward_float32_matches_float64():
    network = make_network(seed=1, n_filters=8)
    x = load_content("coffee", 32)
    grads = []
    for dtype in (np.float64, np.float32):
        outputs, cache = features(x.astype(dtype), network)
        grads.append(features_backward({k: np.ones_like(v) for k, v in outputs.items()}, cache))
    assert grads[1].dtype == np.float32 and relative_difference(*grads) < 1e-5


def test_patterns_are_deterministic_colourful_and_in_range():
    for name in PATTERNS:
        a, b = pattern(name, 48, seed=2), pattern(name, 48, seed=2)
        assert a.shape == (48, 48, 3) and np.array_equal(a, b)
        assert a.min() >= 0 and a.max() <= 1
        assert np.std(a - a.mean(axis=-1, keepdims=True)) > 0.05      # not grey
        assert not np.array_equal(a, pattern(name, 48, seed=3))
    with pytest.raises(ValueError):
        pattern("plaid")


def test_images_load_offline_in_range():
    assert load_content("chelsea", 32).shape == (1, 32, 32, 3)
    for name in ("gravel", "mosaic"):
        image = load_style(name, 32)
        assert image.shape == (1, 32, 32, 3) and 0 <= image.min() and image.max() <= 1
