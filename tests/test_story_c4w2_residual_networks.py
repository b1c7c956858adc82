"""The claims of c4w2-residual-networks, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c4w2-residual-networks"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_every_gradient_check_is_far_below_1e_7(run_of):
    diffs = _v(run_of)["gradcheck_differences"]
    identity = {"X"} | {f"{p}{k}" for p in ("W", "gamma", "beta") for k in (1, 2, 3)}
    assert set(diffs["identity block"]) == identity
    assert set(diffs["convolutional block"]) == identity | {"W_s", "gamma_s", "beta_s"}
    assert max(max(d.values()) for d in diffs.values()) < 1e-8


def test_the_data_is_the_signs_set_shrunk_to_16_pixels(run_of):
    v = _v(run_of)
    assert v["X_train"].shape == (1080, 16, 16, 3) and v["X_test"].shape == (120, 16, 16, 3)
    assert 0 <= v["X_train"].min() and v["X_train"].max() <= 1
    block = v["X_train_orig"][0, :4, :4].astype(float).mean(axis=(0, 1)) / 255
    assert np.allclose(v["X_train"][0, 0, 0], block)
    assert sorted(set(v["y_train"].tolist())) == [0, 1, 2, 3, 4, 5]


def test_both_networks_have_28_convolutions_and_the_resnet_only_its_shortcut_more(run_of):
    v = _v(run_of)
    assert v["depth"] == {"plain": 28, "resnet": 28}
    # "one more convolution and batch norm, on the shortcut of its convolutional block": 1x1, 8 -> 16
    assert v["n_parameters"]["resnet"] - v["n_parameters"]["plain"] == 8 * 16 + 16 + 16


def test_plain_gradients_grow_towards_the_input_by_over_an_order_of_magnitude(run_of):
    v = _v(run_of)
    norms = v["gradient_norms"]["plain"]
    ratio = v["gradient_ratio"]
    assert ratio["plain"] == np.mean(norms[1:4]) / np.mean(norms[-3:])
    assert ratio["plain"] > 10                       # "well over an order of magnitude", grows towards the input
    blocks = [np.mean(norms[1 + 3 * b:4 + 3 * b]) for b in range(9)]
    assert all(a > b for a, b in zip(blocks, blocks[1:], strict=False))   # "steadily", "block after block"


def test_resnet_gradient_ratio_is_less_than_a_third_of_the_plain_one(run_of):
    ratio = _v(run_of)["gradient_ratio"]
    assert 0 < ratio["resnet"] < ratio["plain"] / 3


def test_plain_net_hardly_learns(run_of):
    v = _v(run_of)
    assert len(v["costs"]["plain"]) == v["epochs"] == 15
    assert max(abs(c - np.log(6)) for c in v["costs"]["plain"]) < 0.1
    assert v["accuracy"]["plain"]["train"] < 0.3 and v["accuracy"]["plain"]["test"] < 0.3


def test_resnet_trains_to_a_far_lower_cost_below_the_plain_one_from_the_third_epoch_on(run_of):
    costs = _v(run_of)["costs"]
    assert all(r < p for r, p in zip(costs["resnet"][2:], costs["plain"][2:], strict=True))
    assert costs["resnet"][-1] < 0.75 * costs["plain"][-1]                 # "ends far lower"


def test_resnet_accuracies_are_more_than_twice_the_plain_ones(run_of):
    accuracy = _v(run_of)["accuracy"]
    for split in ("train", "test"):
        assert accuracy["resnet"][split] > 2 * accuracy["plain"][split]
    assert accuracy["resnet"]["test"] < accuracy["resnet"]["train"]      # "below its training accuracy"


def test_batch_norm_cancels_a_convolution_bias(run_of):
    v = _v(run_of)
    assert v["normalised"][0].shape == (4, 5, 5, 2)
    assert v["bias_effect"] < 1e-12
